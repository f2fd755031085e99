"""The reading session: one ``tui.state.State`` joined to the library, as the reader uses it.

It answers what the screens ask (marks, the unread count, the next unread cable, notes, history with subjects)
and makes the changes the keys ask for (read, star, note, mark a view read), keeping the sidebar's cached marks in
step. No Textual here: the screens turn its answers into redraws and notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.library.query import Filter
from tui.reading.marks import UPTO, ReadingMarks

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI


class ReadingSession:
    """Reading state for one run of the reader. ``remember_view``: False for files opened by name."""

    def __init__(self, state, library: LibraryAPI, remember_view: bool = True) -> None:
        self.state = state
        self.library = library
        self.marks = ReadingMarks(state, library)
        self.remember_view = remember_view
        self._saved_scroll: tuple[str, int] | None = None
        self._undo: tuple | None = None  # how to take back the last change of read, star, note or mark-all

    # --- what the screens show --------------------------------------------------------------------------------

    @property
    def message(self) -> str | None:
        """A problem found reading the state file, for a notice."""
        return self.state.message

    @property
    def problem(self) -> str | None:
        """While changes cannot be saved (a full disk, a read-only home): why, for a notice; None once they are."""
        return self.state.problem

    def is_read(self, ref: str) -> bool:
        return self.marks.is_read(ref)

    def note(self, ref: str) -> str:
        return self.state.get(ref).note

    def scroll(self, ref: str) -> int:
        return self.state.get(ref).scroll

    def unread_count(self, keys: Sequence[int]) -> int:
        return self.marks.unread_count(keys)

    def unread_in(self, keys: Sequence[int], start: int, step: int) -> int | None:
        return self.marks.unread_in(keys, start, step)

    def starred(self) -> list[str]:
        return self.state.starred()

    def history(self) -> list[tuple[str, float, str]]:
        """Cables opened, newest first: (reference id, when, subject)."""
        opened = self.state.history()
        keys = [k for k in (self.library.key_of(ref) for ref, _ in opened) if k is not None]
        subjects = {row.reference_id: row.subject for row in self.library.rows(keys)}
        return [(ref, at, subjects.get(ref, "(not in this library)")) for ref, at in opened]

    def recents(self, kind: str, limit: int = 8) -> list[str]:
        return self.state.recents(kind, limit=limit)

    def layout(self) -> str:
        """The layout the user chose last (``split``, ``stacked``), else ``auto`` (by the terminal's width)."""
        chosen = self.state.recents("layout", limit=1)
        return chosen[0] if chosen and chosen[0] in ("split", "stacked") else "auto"

    def last_view(self) -> dict | None:
        return self.state.last_view() if self.remember_view else None

    # --- changes ----------------------------------------------------------------------------------------------

    def add_recent(self, kind: str, value: str) -> None:
        self.state.add_recent(kind, value)

    def set_layout(self, layout: str) -> None:
        self.state.add_recent("layout", layout)

    def opened(self, ref: str) -> None:
        self.state.add_history(ref)

    def mark_read(self, ref: str) -> bool:
        """Mark a cable read; False when it already was."""
        if self.is_read(ref):
            return False
        self.state.set_read(ref)
        self.marks.forget(ref)
        self._undo = ("read", ref, False)
        return True

    def toggle_read(self, ref: str) -> bool:
        read = self.marks.toggle_read(ref)
        self._undo = ("read", ref, not read)
        return read

    def toggle_star(self, ref: str) -> bool:
        starred = self.state.toggle_starred(ref)
        self.marks.forget(ref)
        self._undo = ("star", ref, not starred)
        return starred

    def set_note(self, ref: str, text: str) -> bool:
        """Save a note (empty removes it); False when it is unchanged."""
        before = self.note(ref)
        if text == before:
            return False
        self.state.set_note(ref, text)
        self.marks.forget(ref)
        self._undo = ("note", ref, before)
        return True

    def mark_view_read(self, view: Filter, keys: Sequence[int]) -> None:
        """Mark the cables of a view read as it is now: one rule (whatever its size), bounded by the newest row key
        in the view, so cables imported later stay unread."""
        if not keys:
            return
        read_before = self.marks.read_keys(keys)
        rule = {**view.to_dict(), UPTO: max(keys)}
        self.state.mark_read(rule)
        self.marks.forget()
        self._undo = ("view", rule, read_before)

    def undo(self) -> str | None:
        """Take back the last change of read, star, note or mark-all; what was undone, or None if nothing."""
        if self._undo is None:
            return None
        kind, what, before = self._undo
        self._undo = None
        if kind == "read":
            self.state.set_read(what, before)
        elif kind == "star":
            self.state.set_starred(what, before)
        elif kind == "note":
            self.state.set_note(what, before)
        else:  # the rule stays, turned to unread; cables read before it are read again, each on its own
            self.state.mark_read(what, read=False)
            for row in self.library.rows(before):
                self.state.set_read(row.reference_id)
            self.marks.forget()
            return "marking the view read"
        self.marks.forget(what)
        return {"read": "read or unread", "star": "star", "note": "note"}[kind] + f" on {what}"

    def save_view(self, view: Filter, sort: str, selected: str | None, search: dict | None = None,
                  reading: bool = True) -> None:
        """Remember the view, the search in it (``{"query", "order"}``), the selected cable and whether it was open
        in front (``reading``) for the next start (not for files opened by name)."""
        if self.remember_view:
            self.state.set_last_view(view.to_dict(), sort, selected, search, reading)

    def save_scroll(self, ref: str, y: int) -> None:
        """Store a cable's scroll position when it moved since the last save."""
        position = (ref, y)
        if position != self._saved_scroll and (self._saved_scroll or y):
            self.state.set_scroll(ref, y)
        self._saved_scroll = position

    def watch(self, callback) -> None:
        """Call ``callback()`` (from the state's writer thread) when another process changed the state."""
        self.state.on_external_change = callback

    def flush(self) -> None:
        """Write everything to disk now."""
        self.state.flush()

    def stop(self) -> None:
        """Stop watching for other processes' changes and write everything to disk (at exit)."""
        self.state.on_external_change = None
        self.state.flush()
