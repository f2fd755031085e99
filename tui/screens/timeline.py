"""``t``: the current view's cables per year or per month as a bar chart; ``m`` switches, Enter narrows the view
to the period under the cursor (a year, or a month as a date range), Esc/q goes back."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.widgets.option_list import Option

from tui.display.bars import lines
from tui.library.periods import narrowed
from tui.screens.counting import CountingScreen


class TimelineScreen(CountingScreen):
    """Dismisses with how to narrow the view to a period (Filter -> Filter), or None."""

    HELP_TITLE = "Timeline (t)"
    BINDINGS = [
        *CountingScreen.BINDINGS,
        Binding("m", "switch", "Years/months", id="timeline.by"),
        Binding("enter", "narrow", "Narrow to the period", show=False, id="timeline.narrow"),
    ]

    def __init__(self, library, view, describe: str, by: str = "year") -> None:
        super().__init__(library, view, describe)
        self.by = by

    def keys_help(self) -> str:
        return "Esc back · Enter narrows to the period · m years/months"

    def count(self, library):
        yield library.timeline(self.view, self.by)

    def show(self, keep: str | None = None) -> None:
        """The bars at the list's width; the cursor on ``keep`` (a period's label, or its year), else the last
        dated period."""
        counts = [(label or "undated", n) for label, n in self.result]
        total = sum(n for _, n in counts)
        per = "year" if self.by == "year" else "month"
        self.title_line(f"{total:,} cable{'s' if total != 1 else ''} by {per}")
        width = max(self.options.scrollable_content_region.width - 3, 20)  # the cursor's column, the scrollbar
        labels = [label for label, _ in self.result]
        self.options.cursor_cells = (1 + max((len(label) for label, _ in counts), default=0)
                                     + max((len(f"{n:,}") for _, n in counts), default=0) + 2)
        options = [Option(Text(" " + text, no_wrap=True, end=""), id=label or "undated")
                   for label, text in zip(labels, lines(counts, width))]
        self.options.clear_options()
        self.options.add_options(options)
        if not options:
            self.options.add_option(Option(Text("no cable in this view"), disabled=True))
            return
        at = len(options) - 1 - (len(options) > 1 and not labels[-1])  # the last dated period
        if keep:
            near = [i for i, label in enumerate(labels) if label and label[:len(keep)] == keep[:len(label)]]
            at = near[0] if near else at
        self.options.highlighted = at

    def on_resize(self) -> None:
        if self.result is not None:
            self.show(self._current())

    def _current(self) -> str | None:
        i = self.options.highlighted
        if i is None or self.result is None or i >= len(self.result):
            return None
        return self.result[i][0] or None

    def action_switch(self) -> None:
        """Years <-> months, the cursor kept on the same time."""
        keep = self._current()
        self.by = "month" if self.by == "year" else "year"
        self._keep = keep
        self.recount()

    def _counted(self, result) -> None:
        keep = getattr(self, "_keep", None)
        self._keep = None
        super()._counted(result)
        if keep and self.result is not None:
            self.show(keep)

    def on_option_list_option_selected(self, event) -> None:
        event.stop()
        self.action_narrow()

    def action_narrow(self) -> None:
        period = self._current()
        if period is None:
            self.notify("undated cables have no period to narrow to", timeout=2)
            return
        self.dismiss(partial(narrowed, period=period))
