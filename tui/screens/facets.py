"""``F``: the current view's origins, tags, classifications and years with their counts, largest first; Tab (or
left/right, 1-4) switches the list, Enter narrows the view to the value under the cursor, Esc/q goes back."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.widgets.option_list import Option

from tui.library.query import Filter
from tui.safetext import line as clean
from tui.screens.counting import CountingScreen

DIMS = (("origin", "Origins"), ("tag", "Tags"), ("classification", "Classifications"), ("year", "Years"))
SHOWN = 1000  # values listed per facet at most (the largest)


def narrowed(f: Filter, dim: str, value: str) -> Filter:
    """``f`` with the facet value as the bar's language would set it (``year:2009`` replaces any dates)."""
    if dim == "year":
        return f._replace(year=int(value), date_from=None, date_to=None)
    return f._replace(**{dim: value})


class FacetsScreen(CountingScreen):
    """Dismisses with how to narrow the view to a facet value (Filter -> Filter), or None."""

    HELP_TITLE = "Facets (F)"
    BINDINGS = [
        *CountingScreen.BINDINGS,
        Binding("tab,right,l", "switch(1)", "Next list", id="facets.next"),
        Binding("shift+tab,left,h", "switch(-1)", "Previous list", id="facets.previous"),
        *[Binding(str(i + 1), f"show({i})", label, show=False, id=f"facets.{dim}")
          for i, (dim, label) in enumerate(DIMS)],
    ]

    def __init__(self, library, view, describe: str) -> None:
        super().__init__(library, view, describe)
        self.dim = 0
        self.cursors = [0] * len(DIMS)  # each list's cursor, kept while switching
        self._shown: int | None = None  # the list on screen

    def keys_help(self) -> str:
        return "Esc back · Enter narrows to the value · Tab/←/→ or 1-4 next list"

    def count(self, library):
        """Origins, classifications and years first; the tags (the slowest on a large view) after."""
        first = library.facets(self.view, ("origin", "classification", "year"))
        yield first
        yield {**first, **library.facets(self.view, ("tag",))}

    def show(self) -> None:
        if self._shown == self.dim and self.options.highlighted is not None:  # more counts came: keep the cursor
            self.cursors[self.dim] = self.options.highlighted
        self._shown = self.dim
        dim, _ = DIMS[self.dim]
        values = self.result.get(dim, [])
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for i, (d, label) in enumerate(DIMS):
            name = f"{label} {len(self.result[d]):,}" if d in self.result else f"{label} …"
            tabs.append(f"[{name}]" if i == self.dim else f" {name} ", style="bold reverse" if i == self.dim else "")
            tabs.append(" ")
        tabs.append(f"· {self.describe}", style="dim")
        self.query_one("#counts-title").update(tabs)
        width = max(self.options.scrollable_content_region.width - 3, 20)
        shown = values[:SHOWN]
        count_w = max((len(f"{n:,}") for _, n in shown), default=1)
        value_w = min(max((len(clean(v)) for v, _ in shown), default=1), max(width - count_w - 2, 8))
        self.options.cursor_cells = 1 + value_w + count_w + 2
        options = []
        for value, n in shown:
            line = Text(" ", no_wrap=True, end="", overflow="ellipsis")  # the cursor's column
            line.append(clean(value)[:value_w].ljust(value_w))
            line.append(f"  {n:>{count_w},}")
            options.append(Option(line, id=value))
        if len(values) > SHOWN:
            options.append(Option(Text(f"… {len(values) - SHOWN:,} more, each smaller", style="dim"), disabled=True))
        empty = "no cable in this view" if dim in self.result else "counting …"
        self.options.clear_options()
        self.options.add_options(options or [Option(Text(empty), disabled=True)])
        if shown:
            self.options.highlighted = min(self.cursors[self.dim], len(shown) - 1)

    def on_resize(self) -> None:
        if self.result is not None:
            self.show()

    def action_switch(self, step: int) -> None:
        self.action_show((self.dim + step) % len(DIMS))

    def action_show(self, index: int) -> None:
        if self.options.highlighted is not None:
            self.cursors[self.dim] = self.options.highlighted
        self.dim = index
        if self.result is not None:
            self.show()

    def on_option_list_option_selected(self, event) -> None:
        event.stop()
        dim, _ = DIMS[self.dim]
        self.dismiss(partial(narrowed, dim=dim, value=event.option.id))
