"""The top line: app name, the open cable and where in it, the count of cables in view, the filter or search, and
the sort (or a search's order)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.safetext import line as clean


class StatusLine(Widget):
    """One line of state, drawn from plain values (never markup)."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    count: reactive[int] = reactive(0)
    unread: reactive[int | None] = reactive(None)
    view: reactive[str] = reactive("all cables")
    sort: reactive[str] = reactive("date")
    notice: reactive[str] = reactive("")  # at the end when there is room, never in place of the view
    cable: reactive[str] = reactive("")  # the open cable and where in it (``10MEXICO83 ¶6 40%``) while it shows
    task: reactive[str] = reactive("")  # a task running beside the reading (``export 40%``): next to the name, never cut

    def render(self) -> Text:
        left = Text("cablereader", style="bold")
        if self.cable:  # while reading, the cable's name stays on screen when its card has scrolled away
            left.append("  ")
            left.append(clean(self.cable), style="bold")
        if self.task:
            left.append(" ")
            left.append(f" {clean(self.task)} ", style="reverse")
        right = Text(end="")
        right.append(f"{self.count:,} cable{'s' if self.count != 1 else ''}")
        if self.unread is not None:
            right.append(f" · {self.unread:,} unread")
        right.append(" · ")
        right.append(clean(self.view))
        right.append(f" · {self.sort}")
        width = self.size.width
        room = max(0, width - left.cell_len - 2)
        if self.notice and right.cell_len + 3 + len(self.notice) <= room:
            right.append(" · ")
            right.append(clean(self.notice), style="italic")
        if right.cell_len > room:
            right.truncate(room, overflow="ellipsis")
        left.append(" " * max(2, width - left.cell_len - right.cell_len))
        left.append_text(right)
        return left
