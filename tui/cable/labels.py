"""Patterns shared by the parts of the parser: the classification banner, the labels that end a header item
(SUBJECT, REF, Classified By, paragraph 1...), numbered paragraphs and their markings, page-break markers.
"""

from __future__ import annotations

import re

from tui.cable import lazyre

HEAD = 20_000  # how far into the body the header items (TAGS, SUBJECT, REF...) are looked for

SP = r"[ \t]?"
_CLASS_WORDS = (  # each written plain or letter-spaced (S E C R E T)
    r"(?:TOP[ \t]+|" + SP.join("TOP") + r"[ \t]+)?" + SP.join("SECRET") + "|" + SP.join("CONFIDENTIAL") + "|"
    + SP.join("UNCLASSIFIED") + r"|UNCLAS|LIMITED[ \t]+OFFICIAL[ \t]+USE|" + SP.join("LIMITED")
)
CLASS_WORD = r"(?P<cls>" + _CLASS_WORDS + r")"
# A banner whose first letter was lost (E C R E T, ONFIDENTIAL, NCLAS): only read where a station and a
# serial follow, as in a banner line.
_CUT_WORDS = SP.join("ECRET") + "|" + SP.join("ONFIDENTIAL") + r"|NCLAS(?:SIFIED)?"
CAVEAT = (r"(?P<caveat>(?:[ \t]*(?://?[ \t]*)?(?:NOFORN|N[ \t]O[ \t]F[ \t]O[ \t]R[ \t]N|SENSITIVE|EFTO|"
          r"E[ \t]F[ \t]T[ \t]O|FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY|SIPDIS))*)")
BANNER = lazyre.compile(  # a doubled first letter (SS E C R E T, CC O N F...) is read as one
    r"(?im)^[ \t]*(?:[SCU](?=[SCU]))?(?P<cls>" + _CLASS_WORDS + "|" + _CUT_WORDS + ")" + CAVEAT
    + r"[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?(?P<station>[A-Z][A-Z .'-]{1,40}?)[ \t]+0*(?P<serial>\d{1,7})"
    r"(?!\d)")


def class_name(word: str) -> str:
    """A banner's classification word as the cable's classification: ``S E C R E T`` -> SECRET, ``UNCLAS`` ->
    UNCLASSIFIED, ``ECRET`` (first letter lost) -> SECRET, ``LIMITED`` -> LIMITED OFFICIAL USE."""
    w = re.sub(r"[ \t]", "", word).upper()
    if w.startswith("TOP"):
        return "TOP SECRET"
    for full in ("SECRET", "CONFIDENTIAL", "UNCLASSIFIED"):
        if full.endswith(w) and len(w) >= len(full) - 1:
            return full
    if w in ("UNCLAS", "NCLAS"):
        return "UNCLASSIFIED"
    if w.startswith("LIMITED"):
        return "LIMITED OFFICIAL USE"
    return w


SUBJECT_LABEL = lazyre.compile(r"(?i)(?:^|(?<=\s))S?UBJ(?:ECT)?[ \t]*:[ \t]*")
MARK = r"(?:U|SBU|C|S|TS|LOU|FOUO|U//FOUO)(?:/{1,2}[A-Z]{1,6}){0,2}"
PARA = lazyre.compile(  # a numbered paragraph's start, matched after a newline (search "\n" + text)
    r"\n[ \t]*(?:(?:\[\u00b6|\u00b6|\ufffd)[ \t]*)?(\d{1,3})\.(?:\]\(#\))?(?=[ \t(\n]|$)[ \t]*"
    r"(?:\((?P<mark>" + MARK + r")\)[ \t]*)?")
PARA_AT = lazyre.compile(  # the same at any line start, for sub() and match() on short strings
    r"(?m)^[ \t]*(?:(?:\[\u00b6|\u00b6|\ufffd)[ \t]*)?(\d{1,3})\.(?:\]\(#\))?(?=[ \t(]|$)[ \t]*"
    r"(?:\((?P<mark>" + MARK + r")\)[ \t]*)?")
STOP_LABEL = lazyre.compile(
    r"(?i)^[ \t]*(?:REF(?:S|TEL|\(S\))?\b|CLASSIFIED\s+BY|E\.?\s?O\.?\s|EO\s|TAGS?\b|SIPDIS|\(?\d{1,3}\.|"
    r"\u00b6|\ufffd|\[\u00b6|SUMMARY\b|DERIVED\s+FROM|PASS\s+TO|SENSITIVE\b|THIS\s+IS\s+AN?\b|-{3,})")

PAGE_MARKER = lazyre.compile(r"PAGE[ \t]+\d+[ \t]+[A-Z ]+?[ \t]+\d+[ \t]+(?:\d+[ \t]+OF[ \t]+\d+[ \t]+)?\d{6}Z")


def search_lower(pattern: re.Pattern, text: str, needles: tuple[str, ...]) -> re.Match | None:
    """pattern.search(text), trying only the lines that hold one of the (lower-case) needles: a cheap
    substring test keeps slow label regexes off most of the text."""
    low = text.lower()
    if len(low) != len(text):
        return pattern.search(text)
    best = None
    for needle in needles:
        i = low.find(needle)
        if i >= 0 and (best is None or i < best):
            best = i
    while best is not None:
        start = text.rfind("\n", 0, best) + 1
        end = text.find("\n", best)
        end = len(text) if end < 0 else end
        m = pattern.search(text, start, end + 1)
        if m:
            return m
        nxt = [j for j in (low.find(n, end) for n in needles) if j >= 0]
        best = min(nxt) if nxt else None
    return None

