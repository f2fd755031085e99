"""What the timeline (``t``) and facets (``F``) views share: the view they count, the count in a worker thread
(a notice when it takes longer than ``NOTICE_AFTER``), and the way back (Esc/q) to the list as it was.

Each dismisses with how to narrow the list's filter (Enter: a function Filter -> Filter) or None; the main view
applies it to its own filter (the search, if any, is run again inside it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import OptionList, Static
from textual.worker import get_current_worker

from tui.library.query import Filter
from tui.safetext import line as clean

NOTICE_AFTER = 0.1  # seconds of counting before the view says it is counting
CURSOR = Style(reverse=True, bold=True)


class CountList(OptionList):
    """The list of counts. Its cursor row is marked ``▶`` in the first column (each option leaves it blank) and
    drawn in reverse video up to ``cursor_cells``: both show in 16 colours and with NO_COLOR, where a background
    colour alone would not; a bar is never reversed (a reversed block vanishes)."""

    cursor_cells: int | None = None  # how many leading cells the cursor reverses (None: the whole row)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, _ = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        if index != self.highlighted or strip.cell_length < 2:
            return strip
        cut = min(self.cursor_cells or strip.cell_length, strip.cell_length)
        mark, head, tail = strip.divide([1, cut, strip.cell_length])[:3]
        style = next(iter(mark), Segment(" ")).style
        return Strip.join([Strip([Segment("▶", style)], 1), _reversed(head), tail])


def _reversed(strip: Strip) -> Strip:
    """The strip in reverse video, over whatever its own styles say."""
    return Strip(Segment.apply_style(list(strip), post_style=CURSOR), strip.cell_length)


class CountingScreen(Screen["Callable[[Filter], Filter] | None"]):
    """A full-screen list of counts of ``view`` (a Filter, search text included), counted by ``count``."""

    BINDINGS = [
        Binding("escape,q", "close", "Back to the list", id="counts.close"),
        Binding("j", "move(1)", "Down", show=False, id="counts.down"),
        Binding("k", "move(-1)", "Up", show=False, id="counts.up"),
        Binding("g", "edge(0)", "First", show=False, id="counts.first"),
        Binding("G", "edge(-1)", "Last", show=False, id="counts.last"),
    ]

    def __init__(self, library, view: Filter, describe: str) -> None:
        """``describe``: the view in words, for the title line."""
        super().__init__()
        self.library = library
        self.view = view
        self.describe = clean(describe)
        self.result = None
        self._notice = None

    def compose(self) -> ComposeResult:
        yield Static(id="counts-title")
        yield CountList(id="counts-list")
        yield Static(id="counts-keys")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def on_mount(self) -> None:
        self.options.focus()
        self.query_one("#counts-keys", Static).update(Text(self.keys_help(), no_wrap=True, overflow="ellipsis"))
        self.recount()

    # --- counting ----------------------------------------------------------------------------------------------

    def count(self, library):
        """What to count on ``library`` (in the worker's thread, on a connection of its own): yields each result
        as it is ready (a later one completes an earlier one), the last one whole."""
        raise NotImplementedError

    def show(self) -> None:
        """Fill the list from ``self.result``."""
        raise NotImplementedError

    def keys_help(self) -> str:
        raise NotImplementedError

    def recount(self) -> None:
        """Count the view again (in a worker when the library is a file); the list says so after NOTICE_AFTER."""
        self.result = None
        self._notice = self.set_timer(NOTICE_AFTER, self._counting)
        path = getattr(self.library, "path", None)
        if path is None:  # a library without a file (the tests' fake): counted here
            self._count_in(self.library, self._counted)
            return
        self.run_worker(partial(self._in_thread, path), thread=True, exclusive=True, group="counts",
                        exit_on_error=False)

    def _count_in(self, library, post) -> None:
        try:
            for result in self.count(library):
                post(result)
        except Exception as exc:  # a query the language cannot run, or a library gone bad: said, not raised
            post(exc)

    def _in_thread(self, path) -> None:
        from tui.library.index import Library

        def post(result) -> None:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._counted, result)

        library = Library(path)
        try:
            self._count_in(library, post)
        finally:
            library.close()

    def _counting(self) -> None:
        self._notice = None
        if self.result is None:
            self.title_line("counting …")

    def _counted(self, result) -> None:
        if self._notice is not None:
            self._notice.stop()
            self._notice = None
        if not self.is_attached:
            return
        if isinstance(result, Exception):
            self.title_line("")
            self.notify(f"counting failed: {result}", severity="error", markup=False)
            return
        self.result = result
        self.show()

    def title_line(self, what: str) -> None:
        self.query_one("#counts-title", Static).update(
            Text(f"{what} · {self.describe}" if what else self.describe, no_wrap=True, overflow="ellipsis",
                 style="bold"))

    # --- keys --------------------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.options.action_cursor_down() if step > 0 else self.options.action_cursor_up()

    def action_edge(self, where: int) -> None:
        self.options.action_first() if where == 0 else self.options.action_last()

    def action_close(self) -> None:
        self.dismiss(None)


class CountActions:
    """The main view's ``t`` (timeline) and ``F`` (facets); a mixin of ``MainScreen``."""

    BINDINGS = [
        Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
        Binding("F", "facets", "Facets", show=False, id="app.facets"),
    ]

    def current_view(self) -> Filter:
        """What the list shows, as one Filter: the filter, and the search's words joined to its own."""
        if not self.search_query:
            return self.filter
        text = f"({self.filter.text}) ({self.search_query})" if self.filter.text else self.search_query
        return self.filter._replace(text=text)

    def action_timeline(self) -> None:
        from tui.screens.timeline import TimelineScreen

        self._count_view(TimelineScreen)

    def action_facets(self) -> None:
        from tui.screens.facets import FacetsScreen

        self._count_view(FacetsScreen)

    def _count_view(self, screen) -> None:
        def narrow(how) -> None:
            if how is None:  # Esc: the list as it was, its cursor where it was
                return
            if self.search_query:  # the search again inside the narrowed filter; the view changes as it shows
                self.run_search(self.search_query, filter=how(self.filter), then=self.push_view)
            else:
                self.push_view()
                self.filter = how(self.filter)
                self._refill()
                self.show_list()

        self.app.push_screen(screen(self.library, self.current_view(), self.status.description), narrow)
