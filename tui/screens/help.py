"""`?`: every key, read from the live bindings (so a user keymap shows up here), grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

MARKS = (
    "List: mark, ID, date, level (TS top secret, S secret, C confidential, U unclassified, ? unknown; n = NOFORN), "
    "origin (from 64 columns), subject; the cursor is the reversed row. Below 120 columns the list and the cable "
    "take the whole screen in turn (Enter, then q or Esc); wider they sit side by side and the cable follows the "
    "cursor. L switches and the choice is kept; f shows the cable full width.\n"
    "Marks: • unread (and bold), * starred, + has a note, *+ both. An opened cable counts as read at once, or after N "
    "seconds on screen with {\"mark_read_after\": N} in the home folder's config.json (or "
    "$CABLEREADER_MARK_READ_AFTER). M marks the cables in the view now (cables imported later stay unread); u undoes "
    "the last read, star, note or M.\n"
    "Search (S): every hit, counted in the header; o orders them by rank or by date. | pipes the open cable to a "
    "shell command; Ctrl+Z suspends (fg returns).\n"
    "Filter words: origin:MEXICO class:S tag:PGOV year:2009 and free text, combined. Esc in the list steps back "
    "one view (a filter, a search, the starred view, a narrowing), all cables last.\n"
    "Go to (:): an ID in any form (10 mexico 83); 10MEXICO83#6 or a pasted citation (10MEXICO83 ¶6 (...): ...) "
    "opens paragraph 6, marked.\n"
    "Timeline (t) and facets (F): j/k move, Enter narrows the list to the line under the cursor (a search stays, "
    "run again inside it), Esc/q back to the list as it was."
)


def binding_groups(app, screen) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group title, [(keys, description, binding id)]) for the screen's widgets, the app and the prompts.

    Read from the live bindings with the user's keymap applied, so a rebound key shows as rebound.
    """
    from tui.screens.facets import FacetsScreen
    from tui.screens.goto import GoToScreen
    from tui.screens.history import HistoryScreen
    from tui.screens.timeline import TimelineScreen
    from tui.screens.note import NoteScreen
    from tui.screens.variants import DiffView, VariantsScreen

    everywhere = BindingsMap.merge([screen._bindings, app._bindings])
    widgets = [w for w in screen.query("*") if getattr(w, "HELP_TITLE", None)]
    widgets.sort(key=lambda w: isinstance(w, Input))  # the list and the cable first, the bar (once used) after
    nodes = [(w.HELP_TITLE, w._bindings) for w in widgets]
    nodes.append(("Everywhere", everywhere))
    nodes.append((TimelineScreen.HELP_TITLE, BindingsMap(TimelineScreen.BINDINGS)))
    nodes.append((FacetsScreen.HELP_TITLE, BindingsMap(FacetsScreen.BINDINGS)))
    nodes.append(("Go-to prompt", BindingsMap(GoToScreen.BINDINGS)))
    nodes.append(("Note editor (e)", BindingsMap(NoteScreen.BINDINGS)))
    nodes.append(("History (H)", BindingsMap(HistoryScreen.BINDINGS)))
    nodes.append(("Variants (v)", BindingsMap(VariantsScreen.BINDINGS)))
    nodes.append(("Comparing variants (d in v)", BindingsMap(DiffView.BINDINGS)))
    groups = []
    for title, bindings in nodes:
        rows = _rows(app, bindings)
        if title == "Everywhere" and app.ENABLE_COMMAND_PALETTE:
            rows.append((app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), "Command palette", ""))
        if rows:
            groups.append((title, rows))
    return groups


def keys_by_id(app, screen) -> dict[str, str]:
    """The keys bound to each binding id of the screen, its widgets and the app, as the help shows them."""
    return {ident: keys for _, rows in binding_groups(app, screen) for keys, _, ident in rows if ident}


def _rows(app, bindings: BindingsMap) -> list[tuple[str, str, str]]:
    bindings = bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    keys_of: dict[str, list[str]] = {}
    described: dict[str, Binding] = {}
    for key, items in bindings.key_to_bindings.items():
        for b in items:
            if b.id and b.description:
                keys_of.setdefault(b.id, []).append(app.get_key_display(Binding(key, b.action)))
                described[b.id] = b
    return [(" ".join(dict.fromkeys(keys)), described[i].description, i) for i, keys in keys_of.items()]


class HelpScreen(ModalScreen[None]):
    """The key list."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        for title, rows in self.groups:
            table.add_row(Text(title, style="bold underline"))
            for keys, description, ident in rows:
                table.add_row(Text(keys), Text(description), Text(ident))
            table.add_row()
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys (Esc closes; j/k or arrows scroll). Rebind by id in keymap.json", style="bold"))
            yield Static(table)
            yield Static(Text(MARKS))

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_edge(self, end: int) -> None:
        box = self.query_one("#help-box")
        box.scroll_end(animate=False) if end else box.scroll_home(animate=False)

    def key_j(self) -> None:
        self.query_one("#help-box").scroll_down(animate=False)

    def key_k(self) -> None:
        self.query_one("#help-box").scroll_up(animate=False)
