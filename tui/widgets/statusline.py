"""The top line: app name, the open cable and where in it, the count of cables in view, the filter or search, and
the sort (or a search's order).

When the line is too narrow for all of it, the less important parts give way first: the notice, then the unread
count, then the filter a search runs in (cut, then dropped), then the app's name beside an open cable; the count,
the view (a search's query) and the order stay: the word "cables" goes, and the view is cut last."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.safetext import line as clean

SEP = " · "
SCOPE_LEAST = 8  # cells of a search's filter worth showing cut (``in class:S…``); fewer: the filter is dropped


class StatusLine(Widget):
    """One line of state, drawn from plain values (never markup)."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    count: reactive[int] = reactive(0)
    unread: reactive[int | None] = reactive(None)
    view: reactive[str] = reactive("all cables")  # the filter in words, or ``search: QUERY``
    scope: reactive[str] = reactive("")  # the filter a search runs in (``class:S year:2009``), "" for none
    sort: reactive[str] = reactive("date")
    notice: reactive[str] = reactive("")  # at the end when there is room, never in place of the view
    cable: reactive[str] = reactive("")  # the open cable and where in it (``10MEXICO83 ¶6 40%``) while it shows
    task: reactive[str] = reactive("")  # a task running beside the reading (``export 40%``): next to the name, never cut

    @property
    def description(self) -> str:
        """What the list shows, in words: the view, and the filter a search runs in."""
        return f"{self.view} in {self.scope}" if self.scope else self.view

    def _left(self, name: bool) -> Text:
        left = Text("cablereader" if name else "", style="bold")
        if self.cable:  # while reading, the cable's name stays on screen when its card has scrolled away
            if name:
                left.append("  ")
            left.append(clean(self.cable), style="bold")
        if self.task:
            left.append(" ")
            left.append(f" {clean(self.task)} ", style="reverse")
        return left

    def _right(self, room: int) -> tuple[Text, bool]:
        """The count, the view and the order in ``room`` cells, the less important parts given up first; and
        whether all but the notice fit."""
        count = f"{self.count:,} cable{'s' if self.count != 1 else ''}"
        unread = f"{SEP}{self.unread:,} unread" if self.unread is not None else ""
        view, scope, sort = clean(self.view), clean(self.scope), f"{SEP}{clean(self.sort)}"
        notice = f"{SEP}{clean(self.notice)}" if self.notice else ""
        whole = f"{count}{unread}{SEP}{view}{' in ' + scope if scope else ''}{sort}"
        if cell_len(whole) + cell_len(notice) <= room:
            return _line(whole, notice), True
        if cell_len(whole) <= room:
            return _line(whole), True
        head = f"{count}{SEP}{view}"
        fits = room - cell_len(head) - cell_len(sort) - len(" in ")
        if scope and fits >= min(cell_len(scope), SCOPE_LEAST):
            return _line(f"{head} in {_cut(scope, fits)}{sort}"), False
        if cell_len(head) + cell_len(sort) <= room:
            return _line(head + sort), False
        count = f"{self.count:,}"  # the word "cables" goes, then the view is cut
        fits = room - cell_len(sort) - cell_len(count) - len(SEP)
        if fits >= 4:
            return _line(f"{count}{SEP}{_cut(view, fits)}{sort}"), False
        text = Text(f"{count}{sort}", end="")
        text.truncate(room, overflow="ellipsis")
        return text, False

    def render(self) -> Text:
        width = self.size.width
        left = self._left(name=True)
        right, whole = self._right(max(0, width - left.cell_len - 2))
        if not whole and self.cable:  # short of room beside an open cable: the app's name goes first
            left = self._left(name=False)
            right, _ = self._right(max(0, width - left.cell_len - 2))
        left.append(" " * max(2, width - left.cell_len - right.cell_len))
        left.append_text(right)
        return left


def _cut(text: str, cells: int) -> str:
    """``text`` in ``cells`` cells: whole, or cut and ended with ``…``."""
    return text if cell_len(text) <= cells else set_cell_size(text, cells - 1) + "…"


def _line(text: str, notice: str = "") -> Text:
    line = Text(text, end="")
    if notice:
        line.append(notice, style="italic")
    return line
