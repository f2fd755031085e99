"""Which cable(s) a typed text names: the one rule for the go-to prompt, opening, ``show`` and the palette.

``lookup(library, text)`` tries the text as an ID (exact, or any form ``canonical_id`` repairs), then loosely
(``10 mexico 83``, ``mexico83``, ``MEXICO 83`` without a year, ``2010 MEXICO 83``). One match: ``found.one``. Several
(``MEXICO 83`` in several years): ``found.ids``, newest first, unless one of them is exactly what was typed. None:
``found.nearest``, IDs close to it. ``split_refs(words)`` cuts a list of words into the IDs they type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Lookup", "lookup", "split_refs"]


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


@dataclass(frozen=True)
class Lookup:
    """What ``text`` names: ``ids`` (one, several, or none) and, when none, the ``nearest`` IDs."""

    text: str
    ids: tuple[str, ...]
    nearest: tuple[str, ...] = ()

    @property
    def one(self) -> str | None:
        """The cable's ID when the text names exactly one, else None."""
        return self.ids[0] if len(self.ids) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1

    def problem(self, where: str = "the library") -> str | None:
        """None when the text names one cable, else a one-line message (the typed text made safe to print)."""
        from tui.safetext import line

        if self.one is not None:
            return None
        shown = line(self.text)
        if self.ids:
            more = f" (and {len(self.ids) - 20} more)" if len(self.ids) > 20 else ""
            return f"'{shown}' matches {len(self.ids)} cables: {', '.join(self.ids[:20])}{more}"
        return f"no cable '{shown}' in {where}" + (f"; nearest: {', '.join(self.nearest)}" if self.nearest else "")


def lookup(library, text: str, *, nearest: int = 5) -> Lookup:
    """Which cable(s) ``text`` names in ``library`` (a ``Library`` or anything with ``resolve`` and ``nearest``)."""
    text = (text or "").strip()
    if not text:
        return Lookup(text, ())
    ids = tuple(library.resolve(text))
    if len(ids) > 1:
        typed = _compact(text)
        exact = [i for i in ids if _compact(i) == typed]
        if len(exact) == 1:
            ids = (exact[0],)
    if ids or nearest <= 0:
        return Lookup(text, ids)
    return Lookup(text, (), tuple(library.nearest(text, limit=nearest)))


def split_refs(words: list[str]) -> list[str]:
    """The IDs a list of words (argv) types, by one rule. A word that is a whole ID on its own (a station and a
    serial: ``10MEXICO83``, ``mexico83``) or holds a space (the user quoted it: ``'COLOMBO 830'``) stands alone.
    Runs of incomplete words are joined until they hold a station and a serial (``10 mexico 83``, ``MEXICO 83``);
    a second station word, or a number after a number, starts a new one. A word that can be no part of an ID (no
    station, year or serial) is its own REF, as is what a run leaves incomplete."""
    from tui.cable.ids import parse_loose

    refs, group = [], []

    def close() -> None:
        if group:
            refs.append(" ".join(group))
            group.clear()

    for word in words:
        part = parse_loose(word)
        whole = part.station is not None and part.serial is not None
        if whole or " " in word.strip() or part == (None, None, None):
            close()
            refs.append(word)
            continue
        held = parse_loose(" ".join(group)) if group else None
        if held is not None and ((part.station is not None and held.station is not None)
                                 or (part.station is None and held.station is None)):
            close()  # `NOSUCH mexico 83`: two stations; `83 84`: two numbers
        group.append(word)
        joined = parse_loose(" ".join(group))
        if joined.station is not None and joined.serial is not None:
            close()
    close()
    return refs
