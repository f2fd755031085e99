"""The reading session: one ``tui.state.State`` joined to the library, as the reader uses it.

It answers what the screens ask (marks, the unread count, the next unread cable, notes, history with subjects)
and makes the changes the keys ask for (read, star, note, mark a view read), keeping the sidebar's cached marks in
step. No Textual here: the screens turn its answers into redraws and notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.library.query import Filter
from tui.reading.marks import ReadingMarks

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

    # --- what the screens show --------------------------------------------------------------------------------

    @property
    def message(self) -> str | None:
        """A problem found reading the state file, for a notice."""
        return self.state.message

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
        return True

    def toggle_read(self, ref: str) -> bool:
        return self.marks.toggle_read(ref)

    def toggle_star(self, ref: str) -> bool:
        starred = self.state.toggle_starred(ref)
        self.marks.forget(ref)
        return starred

    def set_note(self, ref: str, text: str) -> bool:
        """Save a note (empty removes it); False when it is unchanged."""
        if text == self.note(ref):
            return False
        self.state.set_note(ref, text)
        self.marks.forget(ref)
        return True

    def mark_view_read(self, view: Filter) -> None:
        self.state.mark_read(view.to_dict())
        self.marks.forget()

    def save_view(self, view: Filter, sort: str, selected: str | None) -> None:
        """Remember the view and selected cable for the next start (not for files opened by name)."""
        if self.remember_view:
            self.state.set_last_view(view.to_dict(), sort, selected)

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
        """Write everything to disk now and stop watching (at exit)."""
        self.state.on_external_change = None
        self.state.flush()
