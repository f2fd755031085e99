"""Mentions, in a cable's text, of other cables and of paragraphs: the body's own links.

``find_mentions(text, references)`` gives each mention's span in ``text`` and what it names:

- a reference ID as cables write it: ``10MEXICO83``, ``09 MEXICO 3373``, ``08 BUENOS AIRES 1234`` (a two-digit
  year, a known station, a serial; the station checked by ``ids.known_station``, the ID canonical); without the
  year (``MEXICO 83``) only when the REF list cites a cable of that station and serial;
- a lettered reference, ``REF A``, ``ref B``, ``REFS A and C``, through the cable's REF list (its
  ``references_typed``); ``REFTEL`` alone when the cable cites one cable only;
- a paragraph, ``para 6``, ``paragraph 6``, ``PARAS 4 and 7``: of this cable, or of a referenced cable when
  written with it (``para 3 of REF A``, ``REF B para 2``, ``reftel para 5``).

Pure: text in, spans out. A mention may run over a line end (``09 MEXICO`` then ``3373`` on the next line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.cable import lazyre
from tui.cable.ids import known_station, station_key
from tui.cable.model import Reference

__all__ = ["Mention", "find_mentions"]


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` names ``cable`` (a canonical ID; None: the cable itself) or its ``paragraph``."""

    start: int
    end: int
    cable: str | None
    paragraph: int | None = None


_GAP = r"[ \t]*\n?[ \t]*"  # words of a mention may be cut by the teletype's line break
_SPACE = r"[ \t]+\n?[ \t]*|\n[ \t]*"
# 10MEXICO83, 09 MEXICO 3373, 08 BUENOS AIRES 1234 (not the banner's "SECTION 01 OF 05 MEXICO 000083" nor the
# page line "PAGE 02 ROME 01196"). A digit first, the checks on what precedes it after: the scan is quicker so.
_ID = lazyre.compile(
    r"(\d)(?<![\w/.-]\d)(?<!OF \d)(?<!of \d)(?<!PAGE \d)(\d)(?:([A-Z]{3,})|(?:" + _SPACE + r")"
    r"([A-Z][A-Z]+(?:[ \t][A-Z][A-Z]+){0,3}?)(?:" + _SPACE + r"))0*(\d{1,7})(?![\w/]|[.:-]\d)")
# the words before a serial written without a year: MEXICO 83, BUENOS AIRES 2481 (a station of one to four words)
_WORDS_BEFORE = lazyre.compile(r"(?<![\w/.-])((?:[A-Z][A-Z]+[ \t]){0,3}[A-Z][A-Z]+)(?:" + _SPACE + r")$")
_NUMBER = r"\d{1,3}(?![\d.]\d|\w)"
_PARAS = (r"\b(?:[Pp]ara(?:graph)?s?|PARA(?:GRAPH)?S?)\.?" + _GAP + _NUMBER
          + r"(?:[ \t]*(?:,|-|\u2013|and|AND|through|THROUGH|to|TO)" + _GAP + _NUMBER + r")*")
_LETTERS = r"[A-Za-z](?!\w|\.\d)(?:[ \t]*(?:,|and|AND|&|-)" + _GAP + r"[A-Z](?!\w))*"
_REF = r"\b(?:REF(?:TEL)?S?|[Rr]ef(?:tel)?s?)\.?(?:" + _SPACE + ")"
_OF = _GAP.replace("*", "+", 1) + r"(?:of|OF|in|IN)" + _GAP.replace("*", "+", 1)
_PARAS_OF_REF = lazyre.compile("(" + _PARAS + ")" + _OF + "(" + _REF + _LETTERS + r"|\b(?:REFTEL|[Rr]eftel)\b)")
_REF_THEN_PARAS = lazyre.compile("(" + _REF + _LETTERS + r"|\b(?:REFTEL|[Rr]eftel)\b)[ \t]*,?" + _GAP + "(" + _PARAS + ")")
_REF_LETTERS = lazyre.compile(_REF + "(" + _LETTERS + ")")
_REFTEL = lazyre.compile(r"\b(?:REFTEL|[Rr]eftel)\b")
_PARA_LIST = lazyre.compile(_PARAS)
_AT_A_WORD = (_PARAS_OF_REF, _REF_THEN_PARAS, _REF_LETTERS, _REFTEL, _PARA_LIST)  # the first that fits wins
_DIGITS = lazyre.compile(r"\d{1,3}")
_LETTER = lazyre.compile(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])")


def _cable_id(ref: str) -> str:
    """A cited cable's ID as cable IDs write it: the REF list's ``09USEUBRUSSELS41`` is the cable ``09BRUSSELS41``
    (``ids.station_key``)."""
    parts = re.fullmatch(r"(\d\d)([A-Z]+)(\d+)", ref)
    return f"{parts.group(1)}{station_key(parts.group(2))}{parts.group(3)}" if parts else ref


def _words_at(text: str, words: tuple[str, ...]) -> list[int]:
    """Where a word starting with one of ``words`` (lower case) starts in ``text``, in any case (str.find:
    far quicker than a regular expression tried at every place of a long cable)."""
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer (İ): keep such letters, so places still agree
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    out = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            if at == 0 or not low[at - 1].isalnum():
                out.append(at)
            at = low.find(word, at + 1)
    return sorted(out)


def _first_from(start: int, mentions: list[Mention]) -> list[Mention]:
    """The mentions of a group, the first one reaching back to the group's start (``para 6``, ``REF A`` whole; the
    numbers or letters after it alone)."""
    if mentions:
        mentions[0] = Mention(start, mentions[0].end, mentions[0].cable, mentions[0].paragraph)
    return mentions


def _cited_without_year(text: str, cables: set[str]):
    """(start, end, ID) of each ``STATION serial`` written without a year that names a cable of ``cables``: the
    serials are looked for first (few), then the station in the words before each."""
    cited: dict[int, dict[str, str]] = {}  # serial -> station key -> the cited cable's ID
    for ref in cables:
        if parts := re.fullmatch(r"\d\d([A-Z]+)(\d+)", ref):
            cited.setdefault(int(parts.group(2)), {}).setdefault(station_key(parts.group(1)), ref)
    if not cited:
        return
    serials = "|".join(sorted(map(str, cited), key=len, reverse=True))
    for m in re.finditer(r"(?<![\w/.-])0*(" + serials + r")(?![\w/]|[.:-]\d)", text):
        words = _WORDS_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if words is None:
            continue
        names = words.group(1).split()
        for k in range(len(names)):  # the longest station ending just before the serial
            station = known_station(" ".join(names[k:]))
            ref = cited[int(m.group(1))].get(station_key(station)) if station else None
            if ref is not None:
                start = words.start(1) + len(" ".join(names[:k])) + (1 if k else 0)
                yield text.index(names[k], start), m.end(), ref
                break


def find_mentions(text: str, references: list[Reference] | tuple = ()) -> list[Mention]:
    """The mentions in ``text``, in order, none overlapping; ``references``: the cable's REF list, which gives
    ``REF A`` its cable."""
    lettered: dict[str, str] = {}
    for r in references:
        if r.kind == "cable" and r.bullet:
            lettered.setdefault(r.bullet.upper(), _cable_id(r.value))
    cables = {_cable_id(r.value) for r in references if r.kind == "cable"}
    sole = next(iter(cables)) if len(cables) == 1 else None
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    def refs_in(a: int, b: int) -> list[Mention]:
        """The cables a REF group (``REF A``, ``REFS A and B``, ``REFTEL``) at a..b names, one mention each."""
        part = text[a:b]
        if _REFTEL.fullmatch(part):
            return [Mention(a, b, sole)] if sole else []
        head = _REF_LETTERS.match(part)
        letters = [m for m in _LETTER.finditer(part, head.start(1))] if head else []
        return _first_from(a, [Mention(a + m.start(), a + m.end(), lettered[m.group().upper()]) for m in letters
                               if m.group().upper() in lettered])

    def paragraphs_in(a: int, b: int, cable: str | None) -> list[Mention]:
        return _first_from(a, [Mention(a + m.start(), a + m.end(), cable, int(m.group()))
                               for m in _DIGITS.finditer(text[a:b]) if int(m.group()) > 0])

    def add(mentions: list[Mention], span: tuple[int, int]) -> None:
        if mentions:
            found.extend(mentions)
            taken.append(span)

    at = 0
    while (m := _ID.search(text, at)) is not None:
        station = known_station(m.group(3) or m.group(4))
        if station is None:  # "12 JAN 09 MEXICO 3373": the next candidate may start inside this one
            at = m.start() + 1
            continue
        if free(*m.span()):
            ref = _cable_id(f"{m.group(1)}{m.group(2)}{station}{int(m.group(5))}")
            add([Mention(m.start(), m.end(), ref)], m.span())
        at = m.end()
    for start, end, ref in _cited_without_year(text, cables):
        if free(start, end):
            add([Mention(start, end, ref)], (start, end))
    for at in _words_at(text, ("para", "ref")):  # each "para" and "ref", tried with what may start there
        for pattern in _AT_A_WORD:
            m = pattern.match(text, at)
            if m is None or not free(*m.span()):
                continue
            if pattern is _PARA_LIST:
                mentions = paragraphs_in(*m.span(), None)
            elif pattern in (_REF_LETTERS, _REFTEL):
                mentions = refs_in(*m.span())
            else:  # "paras 2 and 3 of REF A", "REF A para 2": paragraphs of that one cable
                paras, ref = (m.span(1), m.span(2)) if pattern is _PARAS_OF_REF else (m.span(2), m.span(1))
                cables_named = refs_in(*ref)
                one = len(cables_named) == 1
                mentions = cables_named + paragraphs_in(*paras, cables_named[0].cable) if one else []
            if mentions:
                add(mentions, m.span())
                break
    return sorted(found, key=lambda x: x.start)
