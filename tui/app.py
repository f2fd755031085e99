"""The Textual app: start-up (theme, keymap, notices, timings), the main view as its first screen, help, quit.

Every Cable comes from the library; the app never parses text. Reading state comes from a ``tui.state.State``
given to the app (None: no marks, nothing remembered), joined to the library by ``tui.reading.session``. The list,
the open cable and their keys live in ``tui.screens.main``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from tui import config, timing
from tui.palette import PaletteCommands
from tui.reading.session import ReadingSession
from tui.resources import styles_dir
from tui.screens.main import MainScreen
from tui.widgets.cableview import CableView
from tui.widgets.sidebar import Marks, Sidebar

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI


class CableReaderApp(App[None]):
    """cablereader: read the cables by keyboard."""

    TITLE = "cablereader"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS = {PaletteCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="app.suspend"),
    ]

    def __init__(self, library: LibraryAPI, *, start: str | None = None, marks: Marks | None = None, state=None,
                 mark_read_after: float = 0.0, keymap_path: Path | None = None, ansi: bool | None = None,
                 started: float | None = None, opened_files: bool = False, osc52: bool = True) -> None:
        """``marks``: sidebar marks when there is no ``state``; ``ansi``: force (or not) the 16-colour theme;
        ``opened_files``: the library is just the files named on the command line (the last view is kept);
        ``osc52``: ``y``/``Y`` copy to the clipboard (config.json's ``"osc52"``)."""
        # NO_COLOR: the terminal's own colours (Textual's NoColor filter), not greys that 8-colour terminals
        # (TERM=linux) draw black on black
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") is not None else None)
        self.library = library
        self.start = start
        self.session = ReadingSession(state, library, remember_view=not opened_files) if state is not None else None
        self.main = MainScreen(library, self.session, marks, mark_read_after, start)
        self.keymap_path = keymap_path
        self.ansi = ansi
        self.started = started or time.time()
        self.opened_files = opened_files
        self.osc52 = osc52
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"

    def get_default_screen(self) -> MainScreen:
        return self.main

    @property
    def sidebar(self) -> Sidebar:
        return self.main.sidebar

    @property
    def cable_view(self) -> CableView:
        return self.main.cable_view

    def on_mount(self) -> None:
        if self.ansi if self.ansi is not None else config.few_colours(self.console.color_system):
            self.theme = "ansi-dark"
        self._load_keymap()
        skipped = self.library.skipped
        reasons = ", ".join(f"{n} {reason}" for reason, n in skipped.items())
        if self.opened_files and not self.library.count():  # an empty folder, or one of no cables
            self.notify("no cable in the files given" + (f": {reasons}" if reasons else ": no files to read"),
                        severity="warning", markup=False, timeout=10)
        elif self.opened_files and skipped:
            self.notify(f"{sum(skipped.values())} of the files given were skipped ({reasons})", markup=False)
        if self.session is not None and self.session.message:
            self.notify(self.session.message, severity="warning", markup=False, timeout=10)
        if self.session is not None:  # SIGHUP (a dropped connection), SIGTERM: the reading state saved first
            from tui.state.signals import save_on_signals

            save_on_signals(self.main.save, self.exit)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        first_paint = time.time()
        bench = timing.bench_file()
        if bench is not None:
            self.call_after_refresh(self._bench_exit, bench, first_paint)

    def _bench_exit(self, path: Path, first_paint: float) -> None:
        timing.write_startup(path, self.started, first_paint, len(self.sidebar.keys))
        self.exit()

    def _load_keymap(self) -> None:
        if not self.keymap_path or not self.keymap_path.exists():
            return
        try:
            keymap = config.read_keymap(self.keymap_path)
        except (OSError, ValueError) as exc:
            self.notify(f"keymap {self.keymap_path} ignored: {exc}", severity="warning", markup=False)
            return
        keymap, problems = config.check_keymap(keymap, binding_ids())
        if problems:
            self.notify(f"keymap {self.keymap_path}: " + "; ".join(problems), severity="warning", markup=False,
                        timeout=10)
        self.set_keymap(keymap)

    async def on_event(self, event: events.Event) -> None:
        """Keys read in one go (a paste, a fast typist, a slow link): Textual hands each key to the widget focused
        when it is read, before the keys read with it have acted; so the key bound on the list or the cable acts
        here at once, and one that moves the focus (``S``, ``/``, ``:``) has moved it before the next key is
        handed on (``S`` and a query typed fast go to the bar, not to the list as commands; the bar passes on
        what comes after its Enter).

        Esc typed just before another key reaches us in one read and is parsed as Alt+key: when nothing is
        bound to that Alt+key, it is Esc and then the key (the second once the first has been acted on)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event.key.startswith("alt+") and event.key not in self.screen.active_bindings:
                key, character = event.key[len("alt+"):], event.character
                self.post_message(events.Key("escape", "\x1b"))
                self.call_after_refresh(self.post_message, events.Key(key, character))
                return
            if isinstance(self.focused, (Sidebar, CableView)) and (
                    await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key)):
                return
        await super().on_event(event)

    def action_suspend_process(self) -> None:
        """Ctrl+Z: the reading state is written first, then the shell has the terminal until ``fg``."""
        if self.session is not None:
            self.session.flush()
        super().action_suspend_process()

    def action_focus_list(self) -> None:
        self.main.action_focus_list()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, binding_groups

        groups = binding_groups(self, self.main)
        here = getattr(self.screen, "HELP_TITLE", None)  # opened from the timeline or facets: their keys first
        groups.sort(key=lambda group: group[0] != here)
        self.push_screen(HelpScreen(groups))

    async def action_quit(self) -> None:
        self.main.save()
        await super().action_quit()


def binding_ids() -> set[str]:
    """Every binding id a keymap may name: the app's, the main screen's, its widgets' and the prompts'."""
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.goto import GoToScreen
    from tui.screens.help import HelpScreen
    from tui.screens.history import HistoryScreen
    from tui.screens.note import NoteScreen
    from tui.widgets.filterbar import QueryBar

    from tui.screens.prompt import PromptScreen

    classes = (CableReaderApp, MainScreen, Sidebar, CableView, QueryBar, GoToScreen, HelpScreen, HistoryScreen,
               NoteScreen, ConfirmScreen, PromptScreen)
    return {b.id for cls in classes for b in cls.BINDINGS if b.id}


def run(library, start: str | None = None, home: Path | None = None, opened_files: bool = False,
        state=None) -> int:
    """Run the reader over an open library until the user quits."""
    app = CableReaderApp(library, start=start, keymap_path=home / "keymap.json" if home else None,
                         started=timing.process_start(), opened_files=opened_files, state=state,
                         mark_read_after=config.mark_read_after(home), osc52=config.osc52(home))
    app.run()
    return 0
