"""The REF line: the cables (and e-mails, telcons, reports, books) a cable cites, as canonical IDs."""

from __future__ import annotations

import re

from tui.cable import lazyre
from tui.cable.ids import known_station
from tui.cable.labels import HEAD, PAGE_MARKER, search_lower

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the model (dataclasses) loads with a parse, not with `shown` (tui/cable/assemble.py)
    from tui.cable.model import Reference

_REF_WORD = r"(?:REF(?:S|TEL|\(S\)|ERENCES?)?|Ref(?:s|tel|\(s\)|erences?)?)"
_REF = lazyre.compile(
    r"(?m)^[ \t]*(?:PROGRAM[ \t]+)?" + _REF_WORD + r"(?:[ \t]*[:.][ \t]*|[ \t]+(?=[A-Z0-9(\[']))"
    r"|(?<=[A-Za-z\s])(?:REF(?:S|\(S\))?|Ref(?:s|\(s\))?)[ \t]*:[ \t]*")
_REF_END = lazyre.compile(
    r"(?im)^[ \t]*(?:Classified\s+By|CLASSIFIED\s+BY|\(?\d{1,3}\.[ \t(]|\(?\d{1,3}\.$|\u00b6\d|\[\u00b6|\ufffd\d|"
    r"SUMMARY\b|Summary\b|SIPDIS|E\.O\.|TAGS\b|SUBJECT\b|Sensitive\s+but|This\s+message|C[ \t]O[ \t]R[ \t]R)")
_INLINE_END = lazyre.compile(
    r"(?i)\b(?:Classified\s+By|This\s+message\s+is|This\s+message\s+has|Sensitive\s+but\s+Unclassified|"
    r"\d\.\s*\((?:U|SBU|C|S)\))")
_BULLET = lazyre.compile(
    r"(?:(?<=^)|(?<=[\s;,\u00b6]))(?:\u00b6|REF[ \t]+)?(?:\(([A-Z])\)|\[([A-Z])\]|([A-Z])[.)](?=[\s(A-Z0-9'])|([A-Z])[ \t]*[:-][ \t]|"
    r"(?<=REF )([A-Z])(?=[ \t]))")
_CABLE = lazyre.compile(
    r"(?<![A-Za-z0-9.'])(?P<year>'?\d{2}(?:\d{2})?|\d{3})?[ \t]*"
    r"(?<![A-Za-z.'])(?P<st>(?:0(?=[A-Za-z]{3})|[A-Za-z])[A-Za-z.']*(?:-[A-Za-z][A-Za-z.']*)*"
    r"(?:[ \t]+[A-Za-z][A-Za-z.']*(?:-[A-Za-z][A-Za-z.']*)*){0,3}?)"
    r"[ \t]*(?:[:,][ \t]*)?(?:(?:\(C\)|#|\((?P<pyear>\d\d)\))[ \t]*)?(?P<num>(?:O(?=\d))?\d{1,7})"
    r"(?:(?![\d/A-Za-z])|(?=/\d{3}))"
    r"(?:(?:-|[ \t]+\(?)(?P<syear>\d\d)\b\)?(?![ \t]+[A-Za-z]))?")


def _cable_matches(part: str):
    """_CABLE matches in part; after a match that names no station the scan goes on from the next word, so
    a bullet or a stray word ('C 05 Ottawa 2970') does not swallow the year of the next item."""
    pos = 0
    while pos < len(part):
        m = _CABLE.search(part, pos)
        if not m:
            return
        yield m
        if station_for_ref(m.group("st")) is None:
            nxt = re.search(r"[ \t]\S", part[m.start() + 1:m.end()])
            pos = m.start() + 1 + nxt.start() + 1 if nxt else m.end()
        else:
            pos = m.end()


def _ref_block(body: str) -> str:
    m = search_lower(_REF, body[:HEAD], ("ref",))
    if not m:
        return ""
    start = m.end()
    lines = body[start:start + 6000].split("\n")
    block = [lines[0]]
    i = 1
    while i < len(lines):
        line = lines[i]
        if _REF_END.match(line):
            break
        if not line.strip(" \t\\"):
            j = i
            while j < len(lines) and not lines[j].strip(" \t\\"):
                j += 1
            if j < len(lines) and not _REF_END.match(lines[j]) and (
                    re.match(r"^[ \t]*(?:\u00b6?[A-Z][.)]|\([A-Z]\)|-)", lines[j])
                    or re.search(r"(?:\b\d\d|[A-Za-z]{2,}|\b[A-Z][.)])[ \t]*$", block[-1])
                    and re.match(r"^[ \t]*[A-Za-z]{2,}(?:[ \t]+[A-Za-z]+){0,3}[ \t]+\d", lines[j])):
                i = j
                continue
            break
        block.append(line)
        i += 1
    text = " ".join(block)
    cut = _INLINE_END.search(text)
    if cut:
        text = text[:cut.start()]
    return text


def _ref_year(token: str | None, default: int | None) -> int | None:
    if token:
        digits = token.lstrip("'")
        return int(digits[-2:])
    return default % 100 if default is not None else None


def station_for_ref(words: str) -> str | None:
    """The REF form of the station named by the last words before a number (BRUSSELS -> USEUBRUSSELS)."""
    ws = words.split()
    for k in range(min(4, len(ws)), 0, -1):
        st = known_station(" ".join(ws[-k:]))
        if st:
            return {"BRUSSELS": "USEUBRUSSELS", "AITTAIPEI": "TAIPEI"}.get(st, st)
    return None


def _typed_kind(item: str) -> str | None:
    u = item.upper()
    if re.search(r"E-?MAILS?\b", u):
        return "email"
    if re.search(r"\bTELCONS?\b|\bTELEPHONE\b", u):
        return "tel"
    if re.search(r"\bFAM\b", u):
        return "book"
    if re.search(r"\bTD-\d|\bIIR\b|\bINCSR\b", u):
        return "report"
    return None


_NUMBER_FIRST = lazyre.compile(r"[ \t]*0*(\d{2,7})[ \t]+([A-Za-z][A-Za-z.']*(?:[ \t]+[A-Za-z][A-Za-z.']*){0,2})[ \t]*$")
_OWN_TELEGRAM = lazyre.compile(r"(?i)\b(?:OURTEL|EMBTEL|MYTEL|CONGENTEL|CONSULTEL|USMISSIONTEL)$")
_LONE_SERIAL = lazyre.compile(r"[ \t]*(?:('?\d{2}|\d{4})[ \t]+)?0*(\d{1,7})(?:[ \t]*\((?:[A-Z]{1,6})\))?[ \t]*")
# dates on a REF line, whose numbers are no serials: 12/01/08, DEC 1, 2008, 1 December 2008
_DATES = lazyre.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|(?i:\b(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*\.?[ \t]+\d{1,2}"
    r"(?:[ \t]*,[ \t]*|[ \t]+)\d{4}\b|\b\d{1,2}[ \t]+(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*"
    r"\.?[ \t,]+\d{4}\b)")
_TAIL_NUMBER = lazyre.compile(r"(?i)(?:\bAND\b|,|/)[ \t]*0*(\d{2,7})\b(?![ \t]*[A-Za-z]{3,}[ \t]+\d)")


def _add_ref(refs: list[str], typed: list[Reference], cid: str, bullet: str | None, own: str | None) -> None:
    from tui.cable.model import Reference

    if own and cid == own:
        return
    if cid not in refs:
        refs.append(cid)
    typed.append(Reference(value=cid, kind="cable", bullet=bullet))


def read_references(body: str, year: int | None, own: str | None, own_station: str | None) -> tuple[list[str], list[Reference]]:
    text = _ref_block(body)
    if not text:
        return [], []
    from tui.cable.model import Reference

    text = PAGE_MARKER.sub(" ", text)
    text = re.sub(r"\b[A-Z][A-Z ]{1,30}\s0{3,}\d+\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b", " ", text)  # page markers
    text = re.sub(r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+PAGE\s+\d+\s+[A-Z]+\s+\d+.*?\d{6}Z", " ", text)
    # items: split at bullets and semicolons
    marks = []
    for bm in _BULLET.finditer(text):
        letter = next(g for g in bm.groups() if g)
        marks.append((bm.start(), bm.end(), letter))
    # keep bullets in alphabetical order only (A, B, C...), so words like 'A' inside items are not bullets
    items: list[tuple[str | None, str]] = []
    expected = "A"
    cuts: list[tuple[int, int, str | None]] = []
    for s, e, letter in marks:
        if letter == expected or (cuts and letter == cuts[-1][2] and (e - s > 1 and s - cuts[-1][1] < 4
                                                                    or s - cuts[-1][1] >= 10)):
            cuts.append((s, e, letter))
            expected = chr(ord(letter) + 1)
    if cuts:
        if text[:cuts[0][0]].strip(" ;,"):
            items.append((None, text[:cuts[0][0]]))
        for k, (s, e, letter) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
            chunk = text[e:end]
            if items and items[-1][0] == letter and not items[-1][1].strip(" ;,.)"):
                items[-1] = (letter, chunk)
            else:
                items.append((letter, chunk))
    else:
        items = [(None, text)]
    refs: list[str] = []
    typed: list[Reference] = []
    default_year = year
    # the station a serial alone stands for: the last station named, or in the first item, the cable's own post
    previous: str | None = station_for_ref(own_station) if own_station else None
    first_item = True
    for bullet, chunk in items:
        for part in re.split(r";|:(?=\s*[A-Z]+\s+\d)", chunk):
            written = part.strip(" \t,;")
            part = part.strip(" ,.")
            if not part:
                continue
            kind = _typed_kind(part)
            if kind:
                typed.append(Reference(value=written, kind=kind, bullet=bullet))
                previous = None if first_item else previous
                first_item = False
                continue
            found: list[tuple[int, int, str, int]] = []  # (start, end, station, 2-digit year) per cable named
            for cm in _cable_matches(part):
                words = cm.group("st")
                station = station_for_ref(words)
                num = cm.group("num").replace("O", "0")
                last = found[-1] if found else None
                if station is None and own_station and _OWN_TELEGRAM.search(words):
                    station = station_for_ref(own_station)  # OURTEL 1234, EMBTEL 1234: the post's own
                if station is None:
                    if last and re.fullmatch(r"(?i)and|,?|and previous", words.strip(" ,")) is not None:
                        station = last[2]
                    else:
                        continue
                yr = cm.group("pyear") or cm.group("syear") or cm.group("year")
                if yr:
                    y2 = _ref_year(yr, default_year)
                elif last and station == last[2] and words.strip(" ,").lower() in ("and", ""):
                    y2 = last[3]
                else:
                    y2 = _ref_year(None, default_year)
                if y2 is None or not num.strip("0"):
                    continue
                found.append((cm.start(), cm.end(), station, y2))
                _add_ref(refs, typed, f"{y2:02d}{station}{int(num)}", bullet, own)
            if not found:  # the number before the station: '870 Ulaanbaatar'
                nm = _NUMBER_FIRST.match(part)
                station = station_for_ref(nm.group(2)) if nm else None
                y2 = _ref_year(None, default_year)
                if station and y2 is not None:
                    found.append((0, nm.end(), station, y2))
                    _add_ref(refs, typed, f"{y2:02d}{station}{int(nm.group(1))}", bullet, own)
            if (not found and previous and (lone := _LONE_SERIAL.fullmatch(part))  # 'B. 5678', 'A) 6307'
                    and not (lone.group(1) is None and re.fullmatch(r"19[6-9]\d|20[01]\d", lone.group(2)))):
                y2 = _ref_year(lone.group(1), default_year)
                if y2 is not None and lone.group(2).strip("0"):
                    found.append((0, lone.end(), previous, y2))
                    _add_ref(refs, typed, f"{y2:02d}{previous}{int(lone.group(2))}", bullet, own)
            if found:
                previous = found[-1][2]
            elif first_item:
                previous = None  # the first item named something else: a serial alone later is no cable of ours
            first_item = False
            # continuation numbers: 'STATE 41252 AND 44603', 'State 188314, 259032', 'Kabul 936/935'
            for tm in _TAIL_NUMBER.finditer(_DATES.sub(lambda d: " " * len(d.group(0)), part)):
                before = [f for f in found if f[1] <= tm.start(1)]
                if not before or any(f[0] <= tm.start(1) < f[1] for f in found):
                    continue
                _, _, station, y2 = before[-1]
                _add_ref(refs, typed, f"{y2:02d}{station}{int(tm.group(1))}", bullet, own)
    return refs, typed
