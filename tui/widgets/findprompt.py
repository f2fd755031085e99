"""The ``/`` prompt of the cable view: the words to find, marked in the cable as they are typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from tui.widgets.cableview import CableView


class FindPrompt(ModalScreen[str | None]):
    """The ``/`` prompt at the foot of the screen; the view marks matches as the words are typed.

    Dismisses with the text to find (empty: clear the marks), or None when cancelled."""

    DEFAULT_CSS = """
    FindPrompt { align: left bottom; background: transparent; }
    FindPrompt > Horizontal { dock: bottom; height: 1; background: $panel; }
    FindPrompt #find-label { width: auto; padding: 0 1; text-style: bold; }
    FindPrompt Input { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel find", id="find.cancel")]

    def __init__(self, view: CableView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(Text("Find:"), id="find-label")
            yield Input(placeholder="words in this cable (Enter: go; Enter alone: clear the marks; Esc: cancel)",
                        id="find-input", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.view.preview_find(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
