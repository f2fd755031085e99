"""The Textual app: a sidebar of cables, the cable view, go-to, filter, search, links and history.

Every Cable comes from the library; the app never parses text. Reading state comes from a ``tui.state.State``
given to the app (None: no marks, nothing remembered): opened cables are marked read (at once, or after
``mark_read_after`` seconds on screen), the sidebar shows marks (tui.widgets.marks), the header the unread count,
and the last view, selected cable and scroll position are restored at the next start.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

from textual.app import App, ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Horizontal
from textual.widgets import Footer, Input

from tui.commands import ReaderCommands
from tui.library.query import Filter
from tui.resources import styles_dir
from tui.widgets.cableview import CableView
from tui.widgets.filterbar import FilterError, QueryBar, format_filter, parse_filter
from tui.widgets.marks import ReadingMarks
from tui.widgets.sidebar import Marks, Sidebar
from tui.widgets.statusline import StatusLine
from tui.widgets.text import clean

SORTS = ("date", "id", "origin")
BENCH_ENV = "CABLEREADER_BENCH"  # a file name: write start-up timings there (JSON) and exit once the sidebar is filled
MARK_READ_ENV = "CABLEREADER_MARK_READ_AFTER"  # seconds on screen before an opened cable counts as read (0: at once)
CONFIRM_OVER = 1000  # marking a view read asks first when it holds more cables than this
SAVE_EVERY = 0.5  # seconds between checks of the scroll position (saved when it moved) and outside changes


def few_colours(color_system: str | None) -> bool:
    """True when the terminal reports 16 colours or fewer."""
    if os.environ.get("COLORTERM") in ("truecolor", "24bit"):
        return False
    return color_system in (None, "standard", "windows")


class CableReaderApp(App[None]):
    """cablereader: read the cables by keyboard."""

    TITLE = "cablereader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS = {ReaderCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("colon", "goto", "Go to", id="app.goto"),
        Binding("slash", "filter", "Filter", id="app.filter"),
        Binding("S,ctrl+f", "search", "Search", id="app.search"),
        Binding("o", "cycle_sort", "Sort", show=False, id="app.sort"),
        Binding("J", "next_cable(1)", "Next cable", show=False, id="app.next_cable"),
        Binding("K", "next_cable(-1)", "Previous cable", show=False, id="app.previous_cable"),
        Binding("backspace,left_square_bracket", "back", "Back", show=False, id="app.back"),
        Binding("right_square_bracket", "forward", "Forward", show=False, id="app.forward"),
        Binding("f", "toggle_sidebar", "Full width", show=False, id="app.sidebar"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("n", "next_unread(1)", "Next unread", show=False, id="app.next_unread"),
        Binding("p", "next_unread(-1)", "Previous unread", show=False, id="app.previous_unread"),
        Binding("N", "toggle_read", "Toggle read", show=False, id="app.toggle_read"),
        Binding("M", "mark_view_read", "Mark view read", show=False, id="app.mark_view_read"),
        Binding("s", "star", "Star", show=False, id="app.star"),
        Binding("asterisk", "starred_view", "Starred view", show=False, id="app.starred"),
        Binding("e", "edit_note", "Edit note", show=False, id="app.note"),
        Binding("H", "history", "History", show=False, id="app.history"),
    ]

    def __init__(self, library, *, start: str | None = None, marks: Marks | None = None, state=None,
                 mark_read_after: float = 0.0, keymap_path: Path | None = None, ansi: bool | None = None,
                 started: float | None = None, opened_files: bool = False) -> None:
        super().__init__()
        self.library = library
        self.start = start
        self.state = state  # tui.state.State, or None
        self.reading = ReadingMarks(state, library) if state is not None else None
        self.marks = self.reading or marks
        self.mark_read_after = mark_read_after
        self._read_timer = None
        self._saved_scroll: tuple[str, int] | None = None
        self._outside_change = False
        self._ticker = None
        self.keymap_path = keymap_path
        self.ansi = ansi
        self.started = started or time.time()
        self.opened_files = opened_files  # the library is just the files named on the command line
        self.filter = Filter()
        self.sort = "date"
        self.search_query = ""
        self.history: list[str] = []
        self.history_pos = -1
        self.scroll_memory: dict[str, int] = {}
        self._origins: list[str] | None = None
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"

    # --- layout -----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield Sidebar(self.library, self.marks, id="sidebar")
            yield CableView(id="cable")
        yield Footer(compact=True)

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
        if self.ansi if self.ansi is not None else few_colours(self.console.color_system):
            self.theme = "ansi-dark"
        self._load_keymap()
        self.sidebar.focus()
        skipped = sum(self.library.skipped.values())
        if skipped:
            self.status.notice = f"{skipped} file{'s' if skipped != 1 else ''} skipped"
            if self.opened_files:
                reasons = ", ".join(f"{n} {reason}" for reason, n in self.library.skipped.items())
                self.notify(f"{skipped} of the files given were skipped ({reasons})", markup=False)
        if self.state is not None:
            if self.state.message:
                self.notify(self.state.message, severity="warning", markup=False, timeout=10)
            self.state.on_external_change = self._outside  # the writer thread: just a flag, read by the timer
            self._ticker = self.set_interval(SAVE_EVERY, self._tick)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        first_paint = time.time()
        restore = self.state is not None and not self.start and not self.opened_files
        last = self.state.last_view() if restore else None
        if last:
            self._restore(last)
        else:
            self._refill()
        if self.start:
            self.open_cable(self.start)
        if os.environ.get(BENCH_ENV):
            self.call_after_refresh(self._bench_exit, first_paint)

    def _bench_exit(self, first_paint: float) -> None:
        filled = time.time()
        Path(os.environ[BENCH_ENV]).write_text(json.dumps({
            "first_paint": first_paint - self.started, "sidebar_filled": filled - self.started,
            "rows": len(self.sidebar.keys), "rss_kb": _rss_kb()}))
        self.exit()

    def _load_keymap(self) -> None:
        if not self.keymap_path or not self.keymap_path.exists():
            return
        try:
            keymap = json.loads(self.keymap_path.read_text(encoding="utf-8"))
            if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
                raise ValueError("expected {\"binding id\": \"key,key\"}")
            self.set_keymap(keymap)
        except (OSError, ValueError) as exc:
            self.notify(f"keymap {self.keymap_path} ignored: {exc}", severity="warning", markup=False)

    # --- the list ---------------------------------------------------------------------------------------------

    def _refill(self, keep: str | None = None) -> None:
        """Load the current filter and sort into the sidebar (the search results replace it until cleared)."""
        keys = self.library.view(self.filter, self.sort)
        self.sidebar.set_keys(keys)
        if keep:
            index = self.sidebar.index_of(keep)
            if index is not None:
                self.sidebar.move_to(index)
        self.search_query = ""
        self.status.count = len(keys)
        if self.filter.ids is not None:
            rest = dataclasses.replace(self.filter, ids=None)
            self.status.view = "starred" + (f" {rest.describe()}" if rest != Filter() else "")
        else:
            self.status.view = "filter: " + self.filter.describe() if self.filter != Filter() else "all cables"
        self.status.sort = self.sort
        self._count_unread()
        self._save_view()

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.status.sort = sort
        if self.search_query:  # search results keep their rank order; the sort applies to the list after
            self.notify("search results stay in rank order", timeout=2)
            return
        current = self.sidebar.current
        self._refill(keep=current.reference_id if current else None)

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    async def _show_bar(self, mode: str, value: str, placeholder: str) -> None:
        """Show the filter/search bar (mounted the first time it is wanted: start-up stays light)."""
        bars = self.query(QueryBar)
        if bars:
            bar = bars.first()
        else:
            bar = QueryBar(id="bar")
            await self.mount(bar, before="#main")
        bar.mode = mode
        bar.placeholder = placeholder
        bar.value = value
        bar.display = True
        bar.focus()

    async def action_filter(self) -> None:
        await self._show_bar("filter", format_filter(self.filter),
                             "filter: origin:MEXICO class:S tag:PGOV year:2009 words")

    async def action_search(self) -> None:
        await self._show_bar("search", self.search_query, "full-text search: words, \"a phrase\", prefix*")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, QueryBar):
            return
        event.stop()
        bar = event.input
        value = event.value.strip()
        if bar.mode == "filter":
            if not self.apply_filter_text(value):
                return
        elif value:
            self.run_search(value)
        else:
            self._refill()
        bar.display = False
        self.sidebar.focus()

    def on_query_bar_cancelled(self, event: QueryBar.Cancelled) -> None:
        event.bar.value = ""
        event.bar.display = False
        self.action_clear_view()
        self.sidebar.focus()

    def apply_filter_text(self, text: str) -> bool:
        """Apply a filter typed in the bar's language; False (and a notice) if it cannot be read."""
        try:
            f = parse_filter(text)
        except FilterError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if f.origin:
            f = dataclasses.replace(f, origin=self._origin(f.origin))
        self.filter = f
        self._refill()
        return True

    def _origin(self, typed: str) -> str:
        """An origin as the library stores it: exact, else the one origin whose name holds the words typed."""
        if self._origins is None:
            self._origins = [name for name, _ in self.library.facets().get("origin", [])]
        low = typed.lower()
        exact = [o for o in self._origins if o.lower() == low]
        if exact:
            return exact[0]
        holding = [o for o in self._origins if low in o.lower()]
        embassy = [o for o in holding if o.lower() == f"embassy {low}"]
        return (embassy or holding or [typed])[0]

    def run_search(self, query: str) -> None:
        try:
            hits = self.library.search(query, self.filter, limit=200)
        except Exception as exc:  # a malformed FTS query reaches us as the library's error
            self.notify(f"search failed: {exc}", severity="error", markup=False)
            return
        keyed = {}
        for hit in hits:
            key = self.library.key_of(hit.reference_id)
            if key is not None and key not in keyed:
                keyed[key] = hit
        self.sidebar.set_keys(list(keyed), hits=keyed)
        self.search_query = query
        self.status.count = len(keyed)
        self.status.view = f"search: {query}" + (f" in {self.filter.describe()}" if self.filter != Filter() else "")
        self._count_unread()
        if self.state is not None:
            self.state.add_recent("search", query)

    def action_clear_view(self) -> None:
        if self.filter != Filter() or self.search_query:
            self.filter = Filter()
            current = self.cable_view.reference_id
            self._refill(keep=current)

    # --- cables -----------------------------------------------------------------------------------------------

    def open_cable(self, text: str, push: bool = True, scroll: int | None = None, restored: bool = False) -> bool:
        """Open a cable by any ID form (at ``scroll``, else the top or, going back, where it was left); a notice
        (and False) if it is not in the library. ``restored``: reopened at start-up, so neither marked read nor
        added to the history again."""
        cable = self.library.get(text)
        if cable is None:
            found = self.library.resolve(text)
            cable = self.library.get(found[0]) if found else None
        if cable is None:
            nearest = self.library.nearest(text, limit=3)
            hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
            self.notify(f"{clean(text)} is not in the library{hint}", severity="warning", markup=False)
            return False
        from tui.widgets.card import CableDocument, search_terms  # the lexer loads with the first cable

        view = self.cable_view
        if view.reference_id:
            self.scroll_memory[view.reference_id] = int(view.scroll_offset.y)
            self._save_scroll()
        ref = cable.reference_id
        terms = tuple(search_terms(self.search_query)) if self.search_query else ()
        document = CableDocument.from_library(self.library, cable)
        if self.state is not None:
            document.note = self.state.get(ref).note
        if scroll is None:
            scroll = self.scroll_memory.get(ref, 0) if not push else 0
        view.show(document, terms, scroll)
        if push:
            del self.history[self.history_pos + 1:]
            self.history.append(ref)
            self.history_pos = len(self.history) - 1
        index = self.sidebar.index_of(ref)
        if index is not None:
            self.sidebar.move_to(index)
        view.focus()
        if self.state is not None and not restored:
            self._opened(ref)
        return True

    def on_sidebar_opened(self, event: Sidebar.Opened) -> None:
        self.open_cable(event.reference_id)

    def on_cable_view_follow(self, event: CableView.Follow) -> None:
        self.open_cable(event.reference_id)

    def action_next_cable(self, step: int) -> None:
        self.sidebar.move_to(self.sidebar.cursor + step)
        row = self.sidebar.current
        if row is not None:
            self.open_cable(row.reference_id)

    def action_back(self) -> None:
        if self.history_pos > 0:
            self.history_pos -= 1
            self.open_cable(self.history[self.history_pos], push=False)
        else:
            self.bell()

    def action_forward(self) -> None:
        if self.history_pos < len(self.history) - 1:
            self.history_pos += 1
            self.open_cable(self.history[self.history_pos], push=False)
        else:
            self.bell()

    def action_focus_list(self) -> None:
        self.sidebar.display = True
        self.sidebar.focus()

    def action_toggle_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display
        (self.sidebar if self.sidebar.display else self.cable_view).focus()

    def action_decode(self) -> None:
        self.cable_view.action_toggle_decode()

    # --- screens ----------------------------------------------------------------------------------------------

    def action_goto(self) -> None:
        from tui.screens.goto import GoToScreen

        def chosen(ref: str | None) -> None:
            if ref and self.open_cable(ref) and self.state is not None:
                self.state.add_recent("goto", ref)

        recent = self.state.recents("goto", limit=8) if self.state is not None else []
        self.push_screen(GoToScreen(self.library, recent=recent), chosen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, binding_groups

        self.push_screen(HelpScreen(binding_groups(self, self.screen)))

    # --- reading state ----------------------------------------------------------------------------------------

    def _no_state(self) -> bool:
        if self.state is None:
            self.notify("no reading state in this session", severity="warning", timeout=2)
            return True
        return False

    def _target(self) -> str | None:
        """The cable a state key acts on: the one under the list's cursor when the list has focus, else the open one."""
        if self.focused is self.sidebar or self.cable_view.reference_id is None:
            row = self.sidebar.current
            return row.reference_id if row else None
        return self.cable_view.reference_id

    def _opened(self, ref: str) -> None:
        """A cable was opened: history, last view, and read now or after ``mark_read_after`` seconds on screen."""
        self.state.add_history(ref)
        self._save_view()
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if self.mark_read_after > 0:
            self._read_timer = self.set_timer(self.mark_read_after, lambda: self._mark_read_if_shown(ref))
        else:
            self._mark_read_if_shown(ref)

    def _alive(self) -> bool:
        """False while the app is torn down (a timer can still fire then): the widgets are gone."""
        try:
            self.query_one(CableView)
        except (NoMatches, ScreenStackError):
            return False
        return True

    def _mark_read_if_shown(self, ref: str) -> None:
        self._read_timer = None
        if self._alive() and self.cable_view.reference_id == ref and not self.reading.is_read(ref):
            self.state.set_read(ref)
            self._marks_changed(ref)

    def _marks_changed(self, ref: str | None = None) -> None:
        self.sidebar.refresh_marks(ref)
        self.call_after_refresh(self._count_unread)

    def _count_unread(self) -> None:
        if self.reading is None:
            return
        self.status.unread = self.reading.unread_count(self.sidebar.keys)

    def _save_view(self) -> None:
        """Remember the view and selected cable for the next start (not for a few files opened by name)."""
        if self.state is None or self.opened_files:
            return
        selected = self.cable_view.reference_id
        if selected is None and self.sidebar.current is not None:
            selected = self.sidebar.current.reference_id
        self.state.set_last_view(self.filter.to_dict(), self.sort, selected)

    def _save_scroll(self) -> None:
        """Store the open cable's scroll position when it moved since the last save."""
        ref = self.cable_view.reference_id
        if self.state is None or ref is None:
            return
        position = (ref, int(self.cable_view.scroll_offset.y))
        if position != self._saved_scroll and (self._saved_scroll or position[1]):
            self.state.set_scroll(*position)
        self._saved_scroll = position

    def _outside(self) -> None:
        """Called by the state's writer thread when another process changed the state."""
        self._outside_change = True

    def _tick(self) -> None:
        """Every SAVE_EVERY seconds: save a moved scroll position; show what another copy of the app changed."""
        if not self._alive():
            return
        self._save_scroll()
        if self._outside_change:
            self._outside_change = False
            self._marks_changed()
            if self.cable_view.reference_id:
                self.cable_view.set_note(self.state.get(self.cable_view.reference_id).note)

    def _restore(self, last: dict) -> None:
        """The view, sort, selected cable and its scroll position as they were when the app last ran."""
        try:
            self.filter = Filter.from_dict(last.get("filter") or {})
        except (TypeError, ValueError):
            self.filter = Filter()
        self.sort = last.get("sort") if last.get("sort") in SORTS else "date"
        selected = last.get("selected")
        self._refill(keep=selected)
        if selected and self.library.exists(selected):
            self.open_cable(selected, scroll=self.state.get(selected).scroll, restored=True)

    def action_next_unread(self, step: int) -> None:
        if self._no_state():
            return
        index = self.reading.unread_in(self.sidebar.keys, self.sidebar.cursor + step, step)
        if index is None:
            self.notify(f"no unread cable {'after' if step > 0 else 'before'} this one in the view", timeout=2)
            return
        self.sidebar.move_to(index)
        row = self.sidebar.current
        if row is not None:
            self.open_cable(row.reference_id)

    def action_toggle_read(self) -> None:
        ref = None if self._no_state() else self._target()
        if ref:
            if self._read_timer is not None:
                self._read_timer.stop()
                self._read_timer = None
            read = self.reading.toggle_read(ref)
            self._marks_changed(ref)
            self.notify(f"{ref} marked {'read' if read else 'unread'}", timeout=2, markup=False)

    def action_star(self) -> None:
        ref = None if self._no_state() else self._target()
        if ref:
            starred = self.state.toggle_starred(ref)
            self._marks_changed(ref)
            self.notify(f"{ref} {'starred' if starred else 'unstarred'}", timeout=2, markup=False)

    def action_starred_view(self) -> None:
        if self._no_state():
            return
        if self.filter.ids is not None and not self.search_query:
            self.action_clear_view()
            return
        starred = self.state.starred()
        if not starred:
            self.notify("no starred cables yet: s stars one", timeout=3)
            return
        self.filter = Filter(ids=tuple(starred))
        self._refill(keep=self.cable_view.reference_id)

    def action_mark_view_read(self) -> None:
        if self._no_state():
            return
        count = len(self.sidebar.keys)
        if not count:
            return
        if count > CONFIRM_OVER:
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._mark_view_read()

            self.push_screen(ConfirmScreen(f"Mark all {count:,} cables in this view read?"), answered)
        else:
            self._mark_view_read()

    def _mark_view_read(self) -> None:
        """One rule for the whole view (search results: their IDs), however many cables it holds."""
        if self.search_query:
            rows = self.library.rows(self.sidebar.keys)
            view = Filter(ids=tuple(r.reference_id for r in rows))
        else:
            view = self.filter
        self.state.mark_read(view.to_dict())
        self._marks_changed()
        self.notify(f"{len(self.sidebar.keys):,} cables marked read", timeout=2)

    def action_edit_note(self) -> None:
        ref = None if self._no_state() else self._target()
        if not ref:
            return
        from tui.screens.note import NoteScreen

        def saved(text: str | None) -> None:
            if text is None or text == self.state.get(ref).note:
                return
            self.state.set_note(ref, text)
            self._marks_changed(ref)
            if self.cable_view.reference_id == ref:
                self.cable_view.set_note(text)
            self.notify(f"note {'saved' if text else 'removed'} on {ref}", timeout=2, markup=False)

        self.push_screen(NoteScreen(ref, self.state.get(ref).note), saved)

    def action_history(self) -> None:
        if self._no_state():
            return
        from tui.screens.history import HistoryScreen

        opened = self.state.history()
        keys = {ref: self.library.key_of(ref) for ref, _ in opened}
        subjects = {row.reference_id: row.subject for row in self.library.rows([k for k in keys.values() if k is not None])}
        entries = [(ref, at, subjects.get(ref, "(not in this library)")) for ref, at in opened]

        def chosen(ref: str | None) -> None:
            if ref:
                self.open_cable(ref)

        self.push_screen(HistoryScreen(entries, time.time()), chosen)

    def save_state(self) -> None:
        """Where the reader stands (scroll, view), written to disk now: at exit."""
        if self.state is None:
            return
        if self._ticker is not None:
            self._ticker.stop()
        self._save_scroll()
        self._save_view()
        self.state.on_external_change = None
        self.state.flush()

    async def action_quit(self) -> None:
        self.save_state()
        await super().action_quit()


def _rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(library, start: str | None = None, home: Path | None = None, opened_files: bool = False,
        state=None) -> int:
    """Run the reader over an open library until the user quits."""
    app = CableReaderApp(library, start=start, keymap_path=home / "keymap.json" if home else None,
                         started=_process_start(), opened_files=opened_files, state=state,
                         mark_read_after=mark_read_after(home))
    app.run()
    return 0


def mark_read_after(home: Path | None) -> float:
    """Seconds an opened cable stays on screen before it counts as read: $CABLEREADER_MARK_READ_AFTER, else
    ``"mark_read_after"`` in ``home/config.json``, else 0 (at once)."""
    value = os.environ.get(MARK_READ_ENV)
    if value is None and home is not None and (home / "config.json").exists():
        try:
            value = json.loads((home / "config.json").read_text(encoding="utf-8")).get("mark_read_after")
        except (OSError, ValueError, AttributeError):
            value = None
    try:
        return max(0.0, float(value or 0))
    except (TypeError, ValueError):
        return 0.0


def _process_start() -> float:
    """Wall-clock time the process started (for the start-up timings), from /proc where there is one."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return time.time()
