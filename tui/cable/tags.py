"""The TAGS line and its entries: what kind an entry is (subject, program, geo, organization, person or
unknown), and reading the line (fused codes split, person tags as 'LAST, FIRST').

The subject and organization codes are those of the shipped tag list (``tui.cable.glossary.tag_info``, from
../shared/glossary/tag_codes_cablemap.csv). Program tags are the K-codes (KIPR, KDEM, ...); geographic tags are
the two-letter country codes (FIPS 10-4 style: MX, UK, GM, ...); person tags are written 'LAST, FIRST'.
"""

from __future__ import annotations

import functools
import re

from tui.cable import lazyre
from tui.cable.glossary import DATA, country_name, tag_info
from tui.cable.ids import osa
from tui.cable.labels import BANNER, HEAD, STOP_LABEL, SUBJECT_LABEL, search_lower


def tag_kind(tag: str) -> str:
    """The kind of a TAG: subject / program / geo / organization / person / unknown. Listed codes have the list's
    kind; K and three letters is a program, two letters a country, 'SURNAME, GIVEN' a person; anything else,
    phrases included, is unknown. Stray punctuation around a tag (``PREL,``) does not change its kind."""
    t = (tag or "").strip(" \t,;:.").upper()
    known = tag_info(t)
    if known == "subject":
        return "subject"
    if len(t) == 4 and t.startswith("K") and t.isalpha():
        return "program"
    if len(t) == 2 and t.isalpha():
        return "geo"
    if known == "organization":
        return "organization"
    if _PERSON_TAG.fullmatch(t):
        return "person"
    return "unknown"


_PERSON_TAG = lazyre.compile(r"[A-Z][A-Z'\-]*(?: [A-Z][A-Z'\-]*)*, ?[A-Z][A-Z'.\-]*(?: [A-Z][A-Z'.\-]*)*")


def is_code(tag: str) -> bool:
    """Whether a token is a known TAGS code (subject, program, geo or organization)."""
    return tag_kind(tag) in ("subject", "program", "geo", "organization")


# --- the TAGS line ------------------------------------------------------------------------------------------
_TAGS = lazyre.compile(
    r"(?im)(?:^[ \t]*|(?:DECL:?[ \t]*[\dX/,]+(?:[ \t,]+[\dX/]+)*,?|N/?A|\d{4})[ \t]+)(?:TAGS?|AGS|TAS|TGS)(?:[ \t]*[:,][ \t]*|[ \t]+)")

_PERSON_MARK = "\x00"  # joins SURNAME and GIVEN of a person tag while the line is split


@functools.cache
def _given_names() -> frozenset[str]:
    text = (DATA / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _mark_persons(text: str) -> str:
    """Person tags in a TAGS line joined into one token: a word that is no code, then (after a comma or not) a
    given name: ``CLINTON, HILLARY OBAMA, BARACK`` -> two persons, ``SARKOZY, NICOLAS, MEDVEDEV, DMITRY`` -> two,
    ``OVIP STEINBERG JAMES PREL`` -> one."""
    tokens = re.findall(r"[^\s,]+|,", text)
    given = _given_names()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        w = tokens[i]
        j = i + 2 if i + 2 < len(tokens) and tokens[i + 1] == "," else i + 1
        if (w != "," and j < len(tokens) and tokens[j] in given and not is_code(w) and w not in given
                and not is_code(tokens[j]) and w.replace("'", "").replace("-", "").isalpha()):
            out.append(w + _PERSON_MARK + tokens[j])
            i = j + 1
            continue
        out.append(w)
        i += 1
    return " ".join(out).replace(" ,", ",")


def _is_long_code(part: str) -> bool:
    return len(part) == 4 and is_code(part) and tag_kind(part) in ("subject", "program", "organization")


def _split_fused(token: str) -> list[str]:
    """PHUMBA -> PHUM BA; AMEDCASCKFLO -> AMED CASC KFLO; RIGHTSPOLMIL -> RIGHTS POL MIL.

    A fused token splits only into 4-letter codes plus at most one 2-letter country code, or 4-letter codes and
    listed FIPS country codes only; anything else stays whole."""
    if is_code(token) or len(token) < 6 or not token.isalpha():
        return [token]

    def walk(rest: str, geo_used: bool) -> list[str] | None:
        if not rest:
            return []
        if _is_long_code(rest[:4]):
            tail = walk(rest[4:], geo_used)
            if tail is not None:
                return [rest[:4]] + tail
        if not geo_used and len(rest) >= 2 and tag_kind(rest[:2]) == "geo":
            tail = walk(rest[2:], True)
            if tail is not None and (tail or len(rest) == 2):
                return [rest[:2]] + tail
        return None

    parts = walk(token, False)
    if parts and any(len(p) == 4 for p in parts):
        return parts
    parts = _walk_countries(token)  # several countries: PRELPGOVMXUS (not ISSUES: IS SU ES)
    if parts and any(len(p) == 4 for p in parts):
        return parts
    m = re.fullmatch(r"([A-Z]{4,}?)((?:POL|MIL)+)", token)  # a word fused with section names
    if m and len(m.group(2)) >= 6:
        return [m.group(1)] + re.findall(r"POL|MIL", m.group(2))
    return [token]


def _walk_countries(token: str) -> list[str] | None:
    """A fused token as 4-letter codes and two or more listed country codes (every two-letter piece a FIPS code),
    or None. A word such as ECONOMIC (ECON + OM + IC) does not split: OM is no country code."""
    if not token:
        return []
    if _is_long_code(token[:4]):
        tail = _walk_countries(token[4:])
        if tail is not None:
            return [token[:4]] + tail
    if country_name(token[:2]):
        tail = _walk_countries(token[2:])
        if tail is not None:
            return [token[:2]] + tail
    return None


def _tag_words(words: list[str]) -> list[str]:
    """Space-separated words of a TAGS line: codes alone, person tags 'LAST, FIRST', other words joined."""
    out: list[str] = []
    phrase: list[str] = []

    def flush():
        if phrase:
            out.append(" ".join(phrase))
            phrase.clear()

    i = 0
    while i < len(words):
        w = words[i]
        pieces = _split_fused(w)
        if len(pieces) > 1 and all(is_code(p) for p in pieces):
            flush()
            out.extend(pieces)
        elif len(pieces) > 1:
            phrase.append(pieces[0])
            flush()
            out.extend(pieces[1:])
        elif is_code(w) or _PERSON_MARK in w:
            flush()
            out.append(w)
        else:
            phrase.append(w)
        i += 1
    flush()
    return out


def _tags_continue(line: str) -> bool:
    """Whether a line after the TAGS line goes on with it: capitals, no label, no date or number (a subject line
    that lost its label: 'DISCUSS HAITI AND OTHER ISSUES, 19 AUGUST 2005'), and a code among four or more words."""
    words = re.findall(r"[A-Z][A-Z'\-]*", line)
    return (not re.search(r"[a-z]", line) and not STOP_LABEL.match(line) and not SUBJECT_LABEL.match(line.strip())
            and not BANNER.match(line) and not re.search(r"\d\d", line)
            and (len(words) < 4 or any(is_code(w) for w in words)))


def read_tags(body: str) -> list[str]:
    """The TAGS list: upper-cased, de-duplicated, fused codes split, person tags as 'LAST, FIRST'."""
    m = search_lower(_TAGS, body[:HEAD], ("tag", "ags", "tas", "tgs"))
    if not m:
        return []
    lines = body[m.end():m.end() + 2000].split("\n")
    text = lines[0]
    for nxt in lines[1:3]:  # continuation lines: after a trailing comma, or short capitals before SUBJECT
        if not nxt.strip():
            break
        if text.rstrip().endswith(",") or _tags_continue(nxt):
            text += " " + nxt
        else:
            break
    text = re.split(r"(?i)\b(?:S?UBJECT|SUBJ)\s*:|[ \t]{2,}(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED)\b|"
                    r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[ \t]+PAGE\b|\bPAGE[ \t]+\d\d[ \t]|\bE\.O\.", text)[0]
    text = _mark_persons(text.upper().strip().rstrip("."))
    tags: list[str] = []
    if "," in text:
        for piece in text.split(","):
            words = piece.split()
            if not words:
                continue
            if len(words) > 1 and all(is_code(p) or _PERSON_MARK in p for w in words for p in _split_fused(w)):
                tags.extend(p for w in words for p in _split_fused(w))
            elif len(words) == 1:
                tags.extend(_split_fused(words[0]))
            elif words == ["COUNTER", "TERRORISM"]:
                tags.append("COUNTERTERRORISM")
            else:
                tags.extend(_tag_words(words) if any(is_code(w) or _PERSON_MARK in w for w in words)
                            else [" ".join(words)])
    else:
        words = text.split()
        merged: list[str] = []
        for w in words:
            if merged and merged[-1] == "COUNTER" and w == "TERRORISM":
                merged[-1] = "COUNTERTERRORISM"
            else:
                merged.append(w)
        tags = _tag_words(merged)
    seen: list[str] = []
    for t in tags:
        t = _fix_tag(t.strip(" ():;")).replace(_PERSON_MARK, ", ")
        if t and t not in seen and t != "SIPDIS":
            seen.append(t)
    return seen


@functools.cache
def _long_codes() -> tuple[str, ...]:
    from tui.cable.glossary import organization_codes, subject_codes

    return tuple(c for c in (*subject_codes(), *organization_codes()) if len(c) >= 4 and c.isalpha())


def _fix_tag(tag: str) -> str:
    """A misspelled code becomes the code: a word of 4 or more letters that is no code and is one slip (a letter
    added or dropped, or two letters swapped) after its first letter from exactly one code of the tag list (PGVO ->
    PGOV, PRELL -> PREL, UNDESCO -> UNESCO). The first letter is a code's category (P political, E economic...),
    so PBIO, a real code the list lacks, does not become TBIO; a changed letter is not read as a slip, since the
    codes are so close together that MASC, a real 1970s code, would become MASS."""
    if len(tag) < 4 or not tag.isalpha() or is_code(tag) or tag in _given_names():
        return tag
    near = {c for c in _long_codes() if c[0] == tag[0] and abs(len(c) - len(tag)) <= 1 and osa(tag, c, 1) <= 1
            and (len(c) != len(tag) or sorted(c) == sorted(tag))}
    return near.pop() if len(near) == 1 else tag
