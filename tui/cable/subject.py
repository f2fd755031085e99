"""The SUBJECT line: its text joined over lines, up to the next label or a page-break marker."""

from __future__ import annotations

import re

from tui.cable import lazyre
from tui.cable.ids import known_station
from tui.cable.labels import BANNER, HEAD, PAGE_MARKER, PARA, STOP_LABEL, SUBJECT_LABEL, search_lower

# 'SUBJECT' in capitals at a line start with no colon, before paragraph 1 (SUBJECT THE PRESIDENT'S VISIT)
_NO_COLON = lazyre.compile(r"(?m)^[ \t]*SUBJ(?:ECT)?[ \t]+(?=[A-Z0-9(\"'])")
# a page break inside the subject: a line that is only a classification, before the next page's header
_CLASS_LINE = lazyre.compile(r"[ \t]*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?://?NOFORN)?[ \t]*$")

_SUBJECT_STOP = lazyre.compile(
    r"(?:(?<=\s)|(?<=[A-Za-z]))(?:(?:REF|Ref|ref)(?:S|s|TEL|tel|\([Ss]\))?\s*[:.]|Ref\(s\)|"
    r"(?:Classified|CLASSIFIED|classified)\s+(?:By|BY|by)\b|(?:Sensitive|SENSITIVE)\s+(?:but|But|BUT)\b|"
    r"(?:This|THIS)\s+(?:message|MESSAGE)\b)|\\\s*$")
_PAGE_NUMBER = lazyre.compile(r"\s0{3,}\d+\s+\d{3}(?:\.\d)?\s+OF\s+\d+")  # MINSK 00000641 001.3 OF 005
_PAGE_LINE = lazyre.compile(r"[ \t]*[A-Z][A-Z .]*[ \t]0{3,}\d+[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d+[ \t]*$")


def _subject_stop(text: str) -> int | None:
    """Where the subject text ends: at a REF/Classified By/... label or a page marker, if any."""
    m = _SUBJECT_STOP.search(text)
    end = m.start() if m else None
    if "000" in text:
        p = _PAGE_NUMBER.search(text)
        if p and (end is None or p.start() < end):
            words = text[:p.start()].split(" ")
            for k in (3, 2, 1):  # the station's name stands before the page number
                if len(words) > k and known_station(" ".join(words[-k:])):
                    words = words[:-k]
                    break
            end = len(" ".join(words))
    return end


_MARKING_PREFIX = lazyre.compile(r"^\((?:U|SBU|C|S|TS|LOU|FOUO|C/NF|S/NF|S//NF|C//NF|U//FOUO|SBU/NF)\)\s*")


def _has_lower(line: str) -> bool:
    """Whether a line has lower-case letters, not counting redactions (xxxxxxxxxxxx)."""
    return bool(re.search(r"[a-z]", line)) and bool(re.search(r"[a-z]", re.sub(r"x{4,}", "", line)))


def read_subject(body: str) -> str:
    """The SUBJECT text, its lines joined, without a leading marking, the page-break residue inside it and what
    follows it (REF, Classified By, ...). '' when the cable has none."""
    m = search_lower(SUBJECT_LABEL, body[:HEAD], ("ubj",))
    if not m:
        first_para = PARA.search("\n" + body[:HEAD])
        m = _NO_COLON.search(body, 0, first_para.start() if first_para else min(len(body), 3000))
    if not m:
        return ""
    lines = body[m.end():m.end() + 3000].split("\n")
    first = lines[0]
    rest = lines[1:]
    if not first.strip():  # SUBJECT: on its own line, the subject after blank lines
        while rest and not rest[0].strip():
            rest = rest[1:]
        if not rest or STOP_LABEL.match(rest[0]):
            return ""
        first, rest = rest[0], rest[1:]
    parts = [first]
    caps = not _has_lower(first)
    for line in rest:
        if _PAGE_LINE.match(line) or _CLASS_LINE.fullmatch(line):
            continue  # page-break residue: the subject goes on after it
        if "PAGE" in line and PAGE_MARKER.search(line):
            line = PAGE_MARKER.sub(" ", line)
            if not line.strip():
                continue
        if (not line.strip() or STOP_LABEL.match(line) or BANNER.match(line) or SUBJECT_LABEL.match(line.strip())
                or (caps and _has_lower(line)) or _SUBJECT_STOP.match(" " + line, 1)):
            break
        parts.append(line)
    joined = ""
    for p in parts:
        p = p.strip()
        if p and re.search(r"[A-Za-z]-$", joined):  # a word broken at a hyphen: US-\nLATIN
            joined += p
        else:
            joined = (joined + " " + p) if joined else p
    cut = _subject_stop(joined)
    if cut is not None:
        joined = joined[:cut]
    joined = " ".join(joined.split())
    joined = _MARKING_PREFIX.sub("", joined)
    return joined.strip()
