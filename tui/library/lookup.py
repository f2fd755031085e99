"""Which cable(s) a typed text names: the one rule for the go-to prompt, opening, ``show`` and the palette.

``lookup(library, text)`` tries the text as an ID (exact, or any form ``canonical_id`` repairs), then loosely
(``10 mexico 83``, ``mexico83``, ``MEXICO 83`` without a year, ``2010 MEXICO 83``). One match: ``found.one``. Several
(``MEXICO 83`` in several years): ``found.ids``, newest first, unless one of them is exactly what was typed. None:
``found.nearest``, IDs close to it. A text whose station is read only by guessing (a typo, ``10MEXCO83``, or a cut
name, ``10MEXIC83``) names no cable: what the guess finds is ``found.suggested``, offered, never opened.
``split_refs(words)`` cuts a list of words into the IDs they type, ``listed_ids(text)`` a file's lines.
Typed text is made safe first (``safetext.line``: an ID wrapped in escape codes is the ID); what is empty once
made safe names nothing and is left out of a list.

A paragraph is addressed by its number after the ID: ``10MEXICO83#6`` (also ``10 mexico 83 #6`` and the
citation's own ``10MEXICO83 ¶6``); ``split_anchor`` reads it, and ``lookup`` gives it as ``found.paragraph``.
Anything else after ``#`` (``10MEXICO83#abc``, ``#``, ``#-1``) names no paragraph: ``found.problem()`` says so.
"""

from __future__ import annotations

import re
from collections import namedtuple

__all__ = ["Lookup", "address", "listed_ids", "lookup", "split_anchor", "split_refs"]

_ANCHOR = re.compile(r"\s*(?:#|\u00b6)\s*(\d{1,4})\.?\s*$")  # 10MEXICO83#6, 10MEXICO83 ¶6
_CITED = re.compile(r"\s*\([^()]*\)\s*:.*$", re.S)  # a pasted citation's tail: (SECRET, Embassy Mexico, ...): "..."


def split_anchor(text: str) -> tuple[str, int | None]:
    """``text`` without a trailing paragraph number, and that number (None when none is written):
    ``10MEXICO83#6`` -> ``("10MEXICO83", 6)``; ``10 mexico 83 ¶ 6`` -> ``("10 mexico 83", 6)``. A pasted citation
    is read by its head: ``10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "..."`` -> ``("10MEXICO83", 6)``."""
    text = _CITED.sub("", text or "", count=1)
    m = _ANCHOR.search(text)
    if m is None:
        return text, None
    return text[:m.start()], int(m.group(1))


def address(reference_id: str, paragraph: int | None = None) -> str:
    """How a cable or one of its paragraphs is typed: ``10MEXICO83``, ``10MEXICO83#6``."""
    return reference_id if paragraph is None else f"{reference_id}#{paragraph}"


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


class Lookup(namedtuple("Lookup", "text ids nearest paragraph suggested anchor", defaults=((), None, (), None))):
    """What ``text`` names: ``ids`` (one, several, or none) and, when none, the ``nearest`` IDs; ``paragraph``:
    the paragraph number written after the ID (``10MEXICO83#6``), else None; ``suggested``: the cables a guess
    at a misspelt station finds (``10MEXCO83`` -> ``10MEXICO83``), when ``ids`` is empty; ``anchor``: what follows
    ``#`` when it is no paragraph number (``10MEXICO83#abc``: ``abc``), else None. (The tuples are of IDs; a
    named tuple, as tui/library/query.py says why.)"""

    __slots__ = ()

    @property
    def one(self) -> str | None:
        """The cable's ID when the text names exactly one, else None."""
        return self.ids[0] if len(self.ids) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1

    def problem(self, where: str = "the library") -> str | None:
        """None when the text names one cable (and a paragraph number or none), else a one-line message (the typed
        text made safe to print)."""
        from tui.safetext import line

        if self.one is not None:
            return None if self.anchor is None else f"no paragraph '{line(self.anchor)}' in {self.one}"
        shown = line(self.text)
        if self.ids:
            more = f" (and {len(self.ids) - 20} more)" if len(self.ids) > 20 else ""
            return f"'{shown}' matches {len(self.ids)} cables: {', '.join(self.ids[:20])}{more}"
        if self.suggested:
            return f"no cable '{shown}' in {where} (did you mean {' or '.join(self.suggested[:5])}?)"
        return f"no cable '{shown}' in {where}" + (f"; nearest: {', '.join(self.nearest)}" if self.nearest else "")


def lookup(library, text: str, *, nearest: int = 5) -> Lookup:
    """Which cable(s) ``text`` names in ``library`` (a ``Library`` or anything with ``resolve`` and ``nearest``)."""
    from tui.safetext import line

    typed = line(text or "").strip()
    text, number = split_anchor(typed)
    anchor = None
    if number is None and (cut := re.search(r"[#\u00b6]", text)):  # 10MEXICO83#abc: no paragraph number
        text, anchor = text[:cut.start()], text[cut.end():].strip()
    text = text.strip()
    if not text:
        return Lookup(typed, (), paragraph=number)
    ids = tuple(library.resolve(text))
    if len(ids) > 1:
        compact = _compact(text)
        exact = [i for i in ids if _compact(i) == compact]
        if len(exact) == 1:
            ids = (exact[0],)
    if ids and _guessed(text, ids):
        return Lookup(typed, (), paragraph=number, suggested=ids)
    if ids or nearest <= 0:
        return Lookup(typed, ids, paragraph=number, anchor=anchor)
    return Lookup(typed, (), tuple(library.nearest(text, limit=nearest)), paragraph=number)


def _guessed(text: str, ids: tuple[str, ...]) -> bool:
    """Whether ``ids`` were found only by guessing the station ``text`` spells (a typo or a cut name): neither
    is one of them as typed, nor does ``text`` spell its station without a guess."""
    from tui.cable.ids import parse_loose

    if _compact(text) in {_compact(i) for i in ids}:
        return False
    guessed = parse_loose(text).station
    return guessed is not None and guessed != parse_loose(text, guess=False).station


def listed_ids(text: str) -> list[str]:
    """The IDs a list (a file, stdin) holds, one a line, each made safe; lines blank once made safe and lines
    starting with ``#`` left out."""
    from tui.safetext import line

    return [s for s in (line(raw).strip() for raw in text.splitlines()) if s and not s.startswith("#")]


def split_refs(words: list[str]) -> list[str]:
    """The IDs a list of words (argv) types, by one rule. A word that is a whole ID on its own (a station and a
    serial: ``10MEXICO83``, ``mexico83``) or holds a space (the user quoted it: ``'COLOMBO 830'``) stands alone.
    Runs of incomplete words are joined until they hold a station and a serial (``10 mexico 83``, ``MEXICO 83``);
    a second station word, or a number after a number, starts a new one. A word that can be no part of an ID (no
    station, year or serial) is its own REF, as is what a run leaves incomplete. A paragraph number (``#6``, in
    the word or alone after it) ends the REF it follows. Words are made safe first; one empty then is dropped."""
    from tui.cable.ids import parse_loose
    from tui.safetext import line

    words = [w for w in (line(w) for w in words) if w.strip()]
    refs, group = [], []

    def close() -> None:
        if group:
            refs.append(" ".join(group))
            group.clear()

    for word in words:
        bare, number = split_anchor(word)
        if number is not None and not bare.strip():  # `10MEXICO83 #6`: the paragraph of the REF before it
            if group:
                group.append(word.strip())
                close()
            elif refs:
                refs[-1] += " " + word.strip()
            else:
                refs.append(word)
            continue
        part = parse_loose(bare)
        whole = part.station is not None and part.serial is not None
        if whole or " " in bare.strip() or part == (None, None, None):
            close()
            refs.append(word)
            continue
        held = parse_loose(" ".join(split_anchor(g)[0] for g in group)) if group else None
        if held is not None and ((part.station is not None and held.station is not None)
                                 or (part.station is None and held.station is None)):
            close()  # `NOSUCH mexico 83`: two stations; `83 84`: two numbers
        group.append(word)
        joined = parse_loose(" ".join(split_anchor(g)[0] for g in group))
        if number is not None or (joined.station is not None and joined.serial is not None):
            close()
    close()
    return refs
