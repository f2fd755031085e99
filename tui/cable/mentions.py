"""Mentions, in a cable's text, of other cables and of paragraphs: the body's own links.

``find_mentions(text, references)`` gives each mention's span in ``text`` and what it names:

- a reference ID as cables write it: ``10MEXICO83``, ``09 MEXICO 3373``, ``08 BUENOS AIRES 1234`` (a two-digit
  year, a known station, a serial; the station checked by ``ids.known_station``, the ID canonical);
- a lettered reference, ``REF A``, ``ref B``, ``REFS A and C``, through the cable's REF list (its
  ``references_typed``); ``REFTEL`` alone when the cable cites one cable only;
- a paragraph, ``para 6``, ``paragraph 6``, ``PARAS 4 and 7``: of this cable, or of a referenced cable when
  written with it (``para 3 of REF A``, ``REF B para 2``, ``reftel para 5``).

Pure: text in, spans out. A mention may run over a line end (``09 MEXICO`` then ``3373`` on the next line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.cable.ids import known_station
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
# page line "PAGE 02 ROME 01196")
_ID = re.compile(
    r"(?<![\w/.-])(?<!OF )(?<!of )(?<!PAGE )(\d{2})(?:([A-Z]{3,})|(?:" + _SPACE + r")([A-Z][A-Z]+(?:[ \t][A-Z][A-Z]+){0,3}?)"
    r"(?:" + _SPACE + r"))0*(\d{1,7})(?![\w/]|[.:-]\d)")
_NUMBER = r"\d{1,3}(?![\d.]\d|\w)"
_PARAS = (r"\b(?:[Pp]ara(?:graph)?s?|PARA(?:GRAPH)?S?)\.?" + _GAP + _NUMBER
          + r"(?:[ \t]*(?:,|-|\u2013|and|AND|through|THROUGH|to|TO)" + _GAP + _NUMBER + r")*")
_LETTERS = r"[A-Za-z](?!\w|\.\d)(?:[ \t]*(?:,|and|AND|&|-)" + _GAP + r"[A-Z](?!\w))*"
_REF = r"\b(?:REF(?:TEL)?S?|[Rr]ef(?:tel)?s?)\.?(?:" + _SPACE + ")"
_OF = _GAP.replace("*", "+", 1) + r"(?:of|OF|in|IN)" + _GAP.replace("*", "+", 1)
_PARAS_OF_REF = re.compile("(" + _PARAS + ")" + _OF + "(" + _REF + _LETTERS + r"|\b(?:REFTEL|[Rr]eftel)\b)")
_REF_THEN_PARAS = re.compile("(" + _REF + _LETTERS + r"|\b(?:REFTEL|[Rr]eftel)\b)[ \t]*,?" + _GAP + "(" + _PARAS + ")")
_REF_LETTERS = re.compile(_REF + "(" + _LETTERS + ")")
_REFTEL = re.compile(r"\b(?:REFTEL|[Rr]eftel)\b")
_PARA_LIST = re.compile(_PARAS)
_DIGITS = re.compile(r"\d{1,3}")
_LETTER = re.compile(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])")


def _first_from(start: int, mentions: list[Mention]) -> list[Mention]:
    """The mentions of a group, the first one reaching back to the group's start (``para 6``, ``REF A`` whole; the
    numbers or letters after it alone)."""
    if mentions:
        mentions[0] = Mention(start, mentions[0].end, mentions[0].cable, mentions[0].paragraph)
    return mentions


def find_mentions(text: str, references: list[Reference] | tuple = ()) -> list[Mention]:
    """The mentions in ``text``, in order, none overlapping; ``references``: the cable's REF list, which gives
    ``REF A`` its cable."""
    lettered: dict[str, str] = {}
    for r in references:
        if r.kind == "cable" and r.bullet:
            lettered.setdefault(r.bullet.upper(), r.value)
    cables = {r.value for r in references if r.kind == "cable"}
    sole = cables.pop() if len(cables) == 1 else None
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

    for pattern, paras_first in ((_PARAS_OF_REF, True), (_REF_THEN_PARAS, False)):
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            paras, ref = (m.span(1), m.span(2)) if paras_first else (m.span(2), m.span(1))
            cables_named = refs_in(*ref)
            if len(cables_named) == 1:  # "paras 2 and 3 of REF A": paragraphs of that one cable
                add(cables_named + paragraphs_in(*paras, cables_named[0].cable), m.span())
    at = 0
    while (m := _ID.search(text, at)) is not None:
        station = known_station(m.group(2) or m.group(3))
        if station is None:  # "12 JAN 09 MEXICO 3373": the next candidate may start inside this one
            at = m.start() + 1
            continue
        if free(*m.span()):
            add([Mention(m.start(), m.end(), f"{m.group(1)}{station}{int(m.group(4))}")], m.span())
        at = m.end()
    for m in _REF_LETTERS.finditer(text):
        if free(*m.span()):
            add(refs_in(*m.span()), m.span())
    for m in _REFTEL.finditer(text):
        if free(*m.span()):
            add(refs_in(*m.span()), m.span())
    for m in _PARA_LIST.finditer(text):
        if free(*m.span()):
            add(paragraphs_in(*m.span(), None), m.span())
    return sorted(found, key=lambda x: x.start)
