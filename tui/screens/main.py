"""The main view: the status line, the list of cables and the open cable, and every key that acts on them.

The list shows a view of the library (a filter and a sort) or search results; opening a cable goes through the
navigation history; the reading keys go through the reading session (None: no reading state in this run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from tui import safetext
from tui.library.lookup import lookup
from tui.library.query import Filter, FilterError, format_filter, parse_filter
from tui.navigation import History
from tui.reading.session import ReadingSession
from tui.screens.citing import CitingActions
from tui.screens.exporting import ExportActions
from tui.screens.counting import CountActions
from tui.screens.reading import ReadingActions
from tui.screens.searching import ORDERS, SearchActions
from tui.screens.variants import VariantActions
from tui.widgets.cableview import CableView
from tui.widgets.filterbar import QueryBar
from tui.widgets.keyline import KeyLine
from tui.widgets.sidebar import Marks, Sidebar
from tui.widgets.statusline import StatusLine

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI

SORTS = ("date", "id", "origin")
WIDE = 120  # from this width list and cable sit side by side, below it index and pager (unless the user chose)
SPLIT_MIN = 34 + 72  # side by side needs the list's and the cable's least widths (styles/app.tcss); else index/pager
FOLLOW_AFTER = 0.3  # seconds the cursor rests before the cable beside the list follows it


class MainScreen(ReadingActions, SearchActions, ExportActions, CountActions, CitingActions, VariantActions,
                 Screen[None]):
    """The list and the cable."""

    # Textual repaints the whole screen when the focus moves; the widgets that gain and lose it redraw themselves,
    # so opening a cable or going back need not send every line again on a slow link
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    BINDINGS = [
        Binding("colon", "goto", "Go to", id="app.goto"),
        Binding("slash", "filter", "Filter", id="app.filter"),
        Binding("S,ctrl+f", "search", "Search", id="app.search"),
        Binding("o", "cycle_sort", "Sort", show=False, id="app.sort"),
        Binding("J", "next_cable(1)", "Next cable", show=False, id="app.next_cable"),
        Binding("K", "next_cable(-1)", "Previous cable", show=False, id="app.previous_cable"),
        Binding("backspace,left_square_bracket", "back", "Back", show=False, id="app.back"),
        Binding("right_square_bracket", "forward", "Forward", show=False, id="app.forward"),
        Binding("f", "full_width", "Full width", show=False, id="app.sidebar"),
        Binding("L", "switch_layout", "Layout", show=False, id="app.layout"),
        Binding("vertical_line", "pipe", "Pipe to a command", show=False, id="app.pipe"),
        *ReadingActions.BINDINGS,
        *ExportActions.BINDINGS,
        *CountActions.BINDINGS,
        *CitingActions.BINDINGS,
        *VariantActions.BINDINGS,
    ]

    def __init__(self, library: LibraryAPI, session: ReadingSession | None = None, marks: Marks | None = None,
                 mark_read_after: float = 0.0, at: str | None = None) -> None:
        """``at``: a cable to open at start (any ID form)."""
        super().__init__()
        self.at = at
        self.library = library
        self.session = session
        self.marks = session.marks if session is not None else marks
        self.mark_read_after = mark_read_after
        self.filter = Filter()
        self.sort = "date"
        self.history = History()
        self.views: list[tuple[Filter, str, str | None]] = []  # the views narrowed from: filter, search, cursor's cable
        self.layout_choice = session.layout() if session is not None else "auto"
        self._follow = None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="main", classes="" if self.split else "-stacked"):
            yield Sidebar(self.library, self.marks, id="sidebar")
            yield CableView(id="cable")
        yield KeyLine()

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def cable_view(self) -> CableView:
        return self.query_one(CableView)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self.sidebar.focus()
        skipped = sum(self.library.skipped.values())
        if skipped:
            self.status.notice = f"{skipped} file{'s' if skipped != 1 else ''} skipped"
        self.watch_state()
        self.call_after_refresh(self._start)  # the first frame first: the view's query at 251k takes a while

    def _start(self) -> None:
        """Fill the list: the last view when there is one to restore, else every cable; then open ``at``."""
        last = self.session.last_view() if self.session is not None and not self.at else None
        if last:
            self._restore(last)
        else:
            self._refill()
        if self.at:
            self.open_cable(self.at)

    def _restore(self, last: dict) -> None:
        """The view (and the search in it, run again), sort, selected cable and its scroll position as they were
        when the app last ran."""
        try:
            self.filter = Filter.from_dict(last.get("filter") or {})
        except (TypeError, ValueError):
            self.filter = Filter()
        self.sort = last.get("sort") if last.get("sort") in SORTS else "date"
        selected = last.get("selected")
        self._refill(keep=selected)
        search = last.get("search")
        if isinstance(search, dict) and isinstance(search.get("query"), str) and search["query"].strip():
            order = search.get("order") if search.get("order") in ORDERS else "rank"
            self.run_search(search["query"], order, keep=selected, then=self.push_view)  # Esc: the filter
        if selected and self.library.exists(selected) and (self.split or last.get("reading", True)):
            self.open_cable(selected, scroll=self.session.scroll(selected), restored=True)  # else the list, on it

    # --- the list ---------------------------------------------------------------------------------------------

    def _refill(self, keep: str | None = None) -> None:
        """Load the current filter and sort into the sidebar (the search results replace it until cleared); a
        running search is cancelled."""
        self.cancel_search(describe=False)
        keys = self.library.view(self.filter, self.sort)
        self.sidebar.set_keys(keys)
        if keep:
            index = self.sidebar.index_of(keep)
            if index is not None:
                self.sidebar.move_to(index)
        self.search_query = ""
        self.status.count = len(keys)
        self.describe_view()
        self._count_unread()
        self._save_view()
        if not keys and self.filter != Filter():
            self.cable_view.show(None)
            self.notify("no cable matches this filter (Esc steps back)", timeout=3)

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        if self.search_query or self.searching:  # search results are by rank or date (o); the sort applies
            return  # to the list after
        current = self.sidebar.current
        self._refill(keep=current.reference_id if current else None)

    def action_cycle_sort(self) -> None:
        """``o``: the list by date, ID, origin; search results by rank or by date."""
        if self.search_query or self.searching:
            self.switch_search_order()
        else:
            self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    async def _show_bar(self, mode: str, value: str, placeholder: str) -> None:
        """Show the filter/search bar (mounted the first time it is wanted: start-up stays light)."""
        bars = self.query(QueryBar)
        if bars:
            bar = bars.first()
        else:
            bar = QueryBar(self._bar_done, id="bar")
            await self.mount(bar, before="#main")
        bar.mode = mode
        bar.placeholder = placeholder
        bar.value = value
        bar.display = True
        self.set_focus(bar)  # now, not after the keys already read: typed at once, they go to the bar

    async def action_filter(self) -> None:
        await self._show_bar("filter", format_filter(self.filter),
                             "filter: origin:MEXICO class:S tag:PGOV year:2009 words")

    async def action_search(self) -> None:
        await self._show_bar("search", self.search_query, "full-text search: words, \"a phrase\", prefix*")

    def _bar_done(self, bar: QueryBar, value: str | None) -> None:
        """Enter in the bar (``value``): the filter applied or the search run; Esc (None): the edit cancelled, the
        view as it was. Called as the key is read: keys typed after it go to the list, not the hidden bar."""
        if value is None:
            bar.value = ""
        elif bar.mode == "filter":
            if not self.apply_filter_text(value.strip()):
                return
        elif value.strip():
            self.run_search(value.strip(), then=self.push_view)  # Esc comes back to this view once results show
        else:
            self.push_view()
            self._refill()
            self.show_list()
        bar.display = False
        self.set_focus(self.sidebar)

    def apply_filter_text(self, text: str) -> bool:
        """Apply a filter typed in the bar's language; False (and a notice) if it cannot be read."""
        try:
            f = parse_filter(text)
        except FilterError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if f.origin:
            f = f._replace(origin=self.library.origin_named(f.origin))
        self.push_view()
        self.filter = f
        self._refill()
        self.show_list()
        return True

    def push_view(self) -> None:
        """The list is about to show another view (narrowed, searched, starred): Esc will come back to this one."""
        row = self.sidebar.current
        view = (self.filter, self.search_query, row.reference_id if row else None)
        if not self.views or self.views[-1][:2] != view[:2]:
            self.views.append(view)

    def action_view_back(self) -> None:
        """Esc in the list: back one view (the one narrowed from), its cursor where it was; "all cables" last."""
        if self.cancel_search():  # a search still running: cancelled, the list as it was
            return
        if not self.views:
            self.action_clear_view()
            return
        view_filter, query, keep = self.views[-1]
        if query:  # the view is left once the search's results show (and stays if it is cancelled)
            self.run_search(query, keep=keep, filter=view_filter, then=self.views.pop)
        else:
            self.filter = self.views.pop()[0]
            self._refill(keep=keep)
            self._reading(False)
            self.sidebar.focus()

    def action_clear_view(self) -> None:
        """Every cable: the filter and the search cleared, the views stepped through forgotten."""
        self.views.clear()
        self.cancel_search()
        if self.filter != Filter() or self.search_query:
            self.filter = Filter()
            self._refill(keep=self.cable_view.reference_id if self.split else None)
            self.show_list()

    # --- cables -----------------------------------------------------------------------------------------------

    def open_cable(self, text: str, push: bool = True, scroll: int | None = None, restored: bool = False,
                   preview: bool = False) -> bool:
        """Open a cable by any ID form (at ``scroll``, else the top or, going back, where it was left); a notice
        (and False) if it is not in the library. A paragraph's address (``10MEXICO83#6``) opens the cable scrolled
        to that paragraph and marks it. ``restored``: reopened at start-up, so neither marked read nor added to the
        history again. ``preview``: shown beside the list as the cursor rests on it, the list keeping the focus
        (not read, not in the history)."""
        found = lookup(self.library, text, nearest=3)
        if found.ambiguous:  # MEXICO 83 without a year: the prompt lists them to pick one
            self.action_goto(text)
            return False
        cable = self.library.get(found.one) if found.one else None
        if cable is None:
            self.notify(found.problem() or f"{safetext.line(text)} is not in the library", severity="warning", markup=False)
            return False
        from tui.display.card import CableDocument  # the lexer loads with the first cable

        view = self.cable_view
        if view.reference_id:
            self.history.left_at(view.reference_id, int(view.scroll_offset.y))
            self._save_scroll()
        ref = cable.reference_id
        terms = self.search_terms()
        document = CableDocument.from_library(self.library, cable)
        if self.session is not None:
            document.note = self.session.note(ref)
        if scroll is None:
            scroll = self.history.scroll_of(ref) if not push else 0
        view.show(document, terms, scroll)
        if preview:
            return True
        if push:
            self.history.push(ref)
        index = self.sidebar.index_of(ref)
        if index is not None:
            self.sidebar.move_to(index)
        self._reading(not self.split or self._is_reading)
        view.focus()
        if found.paragraph is not None and not view.go_to_paragraph(found.paragraph):
            self.notify(f"{ref} has no paragraph {found.paragraph}", severity="warning", timeout=3, markup=False)
        if self.session is not None and not restored:
            self._opened(ref)
        return True

    def on_sidebar_opened(self, event: Sidebar.Opened) -> None:
        self.open_cable(event.reference_id)

    def on_cable_view_moved(self, event: CableView.Moved) -> None:
        self._show_position()

    def _show_position(self) -> None:
        """The status line names the open cable and where in it, while the cable shows (not under the list)."""
        shown = self.split or self._is_reading
        self.status.cable = self.cable_view.position if shown else ""

    def on_cable_view_follow(self, event: CableView.Follow) -> None:
        self.open_cable(event.reference_id)

    def action_next_cable(self, step: int) -> None:
        self.sidebar.move_to(self.sidebar.cursor + step)
        row = self.sidebar.current
        if row is not None:
            self.open_cable(row.reference_id)

    def action_back(self) -> None:
        ref = self.history.back()
        if ref is None:
            self.app.bell()
        else:
            self.open_cable(ref, push=False)

    def action_forward(self) -> None:
        ref = self.history.forward()
        if ref is None:
            self.app.bell()
        else:
            self.open_cable(ref, push=False)

    # --- layout: index and pager, or side by side -----------------------------------------------------------

    @property
    def split(self) -> bool:
        """List and cable side by side; else index and pager, as in mutt (the list, or the cable, full width).
        Below SPLIT_MIN columns always index and pager: a kept "side by side" never squeezes a pane to nothing."""
        if self.size.width < SPLIT_MIN:
            return False
        return self.layout_choice == "split" or (self.layout_choice == "auto" and self.size.width >= WIDE)

    @property
    def _is_reading(self) -> bool:
        return self.query_one("#main").has_class("-reading")

    def _reading(self, on: bool) -> None:
        """The cable full width (the list hidden), or not; what reopening shows in front."""
        changed = on != self._is_reading
        self.query_one("#main").set_class(on, "-reading")
        if changed:
            self._save_view()
        self._show_position()
        if not on:  # the list, hidden while the cable was open, shows its cursor row
            self.call_after_refresh(self.sidebar.show_cursor)

    def _apply_layout(self) -> None:
        self.query_one("#main").set_class(not self.split, "-stacked")
        self._show_position()
        if not self.split and not self._is_reading:
            self.sidebar.focus()

    def on_resize(self) -> None:
        self._apply_layout()

    def action_switch_layout(self) -> None:
        """Side by side <-> index and pager; the choice is kept (in the reading state) for the next start. Too
        narrow for both panes: index and pager stay, and the user is told why."""
        if not self.split and self.size.width < SPLIT_MIN:
            self.notify(f"side by side needs {SPLIT_MIN} columns (this terminal has {self.size.width}): "
                        "list, then the cable full width", timeout=3)
            return
        self.layout_choice = "stacked" if self.split else "split"
        if self.session is not None:
            self.session.set_layout(self.layout_choice)
        self._reading(False)
        self._apply_layout()
        self.sidebar.focus()
        self.on_sidebar_moved()
        self.notify("list and cable side by side" if self.split else "list, then the cable full width", timeout=2)

    def on_sidebar_moved(self, event: Sidebar.Moved | None = None) -> None:
        """Beside the list, the cable follows the cursor once it rests (never in the way of j/k)."""
        if self._follow is not None:
            self._follow.stop()
            self._follow = None
        if self.split and not self._is_reading:
            self._follow = self.set_timer(FOLLOW_AFTER, self._preview)

    def _preview(self) -> None:
        self._follow = None
        row = self.sidebar.current
        if self.is_attached and row is not None and row.reference_id != self.cable_view.reference_id:
            self.open_cable(row.reference_id, preview=True)

    def show_list(self) -> None:
        """The list's content was replaced: in index and pager the list comes back (the cable put away), its
        cursor on the first row; side by side the list just takes the focus."""
        if not self.split:
            self._reading(False)
            self.sidebar.move_to(0)
        self.sidebar.focus()

    def action_focus_list(self) -> None:
        """Back to the list, at the row of the cable that was open."""
        self._reading(False)
        self.sidebar.focus()

    def action_full_width(self) -> None:
        """From the list: the cable under the cursor, full width. From the cable: full width or not."""
        if self.focused is self.sidebar or self.cable_view.reference_id is None:
            row = self.sidebar.current
            if row is not None and self.open_cable(row.reference_id):
                self._reading(True)
        elif not self._is_reading:
            self._reading(True)
        elif self.split:
            self._reading(False)
        else:
            self.action_focus_list()

    def action_decode(self) -> None:
        self.cable_view.action_toggle_decode()

    def action_pipe(self) -> None:
        """``|``: the open cable's plain text to a shell command's standard input, as in mutt."""
        document = self.cable_view.document
        if document is None:
            self.notify("open a cable first: | pipes the open cable", timeout=2)
            return
        from tui.screens.prompt import PromptScreen

        text = safetext.screen("\n".join(p for p in (document.cable.header.rstrip("\n"), document.cable.body) if p))

        def chosen(command: str | None) -> None:
            if command:
                self._pipe(command, text + "\n")

        self.app.push_screen(PromptScreen(f"Pipe {document.cable.reference_id} to a shell command", "wc -w"), chosen)

    def _pipe(self, command: str, text: str) -> None:
        """Run ``command`` with the terminal given back to it (the app suspended); where the app cannot be
        suspended (no terminal), its output's last line is shown as a notice."""
        import subprocess

        from textual.app import SuspendNotSupported

        try:
            with self.app.suspend():
                code = subprocess.run(command, shell=True, input=text, text=True).returncode
                input(f"\n[{command}: exit {code}; Enter returns to cablereader] ")
        except SuspendNotSupported:
            done = subprocess.run(command, shell=True, input=text, text=True, capture_output=True)
            lines = (done.stdout or done.stderr).strip().splitlines()
            self.notify(f"{command}: {safetext.line(lines[-1]) if lines else f'exit {done.returncode}'}",
                        markup=False)

    def action_goto(self, initial: str = "") -> None:
        from tui.screens.goto import GoToScreen

        def chosen(ref: str | None) -> None:
            if ref and self.open_cable(ref) and self.session is not None:
                self.session.add_recent("goto", ref)

        recent = self.session.recents("goto") if self.session is not None else []
        self.app.push_screen(GoToScreen(self.library, initial, recent=recent), chosen)
