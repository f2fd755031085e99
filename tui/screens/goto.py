"""The `:` go-to prompt: any reference-ID form, completed as you type, opened on Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.library.lookup import address, lookup
from tui.safetext import line as clean

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI

SHOWN = 8


class GoToScreen(ModalScreen[str | None]):
    """Dismisses with the canonical ID to open (``10MEXICO83#6`` for a paragraph), or None."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close", id="goto.close"),
        Binding("tab,down", "pick", "Pick a completion", id="goto.pick"),
    ]

    def __init__(self, library: LibraryAPI, initial: str = "", recent: list[str] | None = None) -> None:
        """``recent``: IDs gone to before, newest first, listed while nothing is typed."""
        super().__init__()
        self.library = library
        self.initial = initial
        self.recent = recent or []
        self.paragraph: int | None = None  # the paragraph typed after the ID, kept for a cable picked from a list

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Static(Text("Go to reference ID (10 mexico 83; its ¶6: 10MEXICO83#6)"), id="goto-title")
            yield Input(value=self.initial, placeholder="reference ID", id="goto-input")
            yield Static(Text(""), id="goto-message")
            yield OptionList(id="goto-list")

    def on_mount(self) -> None:
        self.query_one("#goto-list", OptionList).display = False
        self.query_one("#goto-input", Input).focus()
        if self.initial:  # a text that named several cables: list them to pick one
            self.call_after_refresh(self._go, self.initial)
        elif self.recent:
            self._show(self.recent, "recent (Tab or Down to pick)")

    def _show(self, ids: list[str], message: str = "") -> None:
        options = self.query_one("#goto-list", OptionList)
        options.clear_options()
        options.add_options([Option(Text(clean(i)), id=i) for i in ids[:SHOWN]])
        options.display = bool(ids)
        self.query_one("#goto-message", Static).update(Text(message))

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.value.strip()
        if value:
            self._show(self.library.complete(value, limit=SHOWN))
        else:
            self._show(self.recent, "recent (Tab or Down to pick)" if self.recent else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._go(event.value.strip())

    def _go(self, value: str) -> None:
        """Open what ``value`` names; several cables: pick one; none: the nearest."""
        if not value:
            self.dismiss(None)
            return
        found = lookup(self.library, value)
        self.paragraph = found.paragraph
        if found.one and found.anchor is not None:  # 10MEXICO83#abc: say so rather than open the whole cable
            self._show([found.one], found.problem() or "")
        elif found.one:
            self.dismiss(address(found.one, found.paragraph))
        elif found.ids:
            self._show(list(found.ids), f"{len(found.ids)} cables match: pick one")
            self.action_pick()
        elif found.suggested:  # a misspelt station: offered to pick, never opened unasked
            self._show(list(found.suggested), f"{clean(value)} is not in the library: did you mean")
        else:
            message = f"{clean(value)} is not in the library"
            self._show(list(found.nearest), message + (": nearest below" if found.nearest else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(address(event.option.id, self.paragraph))

    def action_pick(self) -> None:
        options = self.query_one("#goto-list", OptionList)
        if options.display and options.option_count:
            options.focus()
            options.highlighted = 0

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
