"""`e`: a small editor for the note on one cable (Ctrl+S saves, Esc cancels)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.safetext import line as clean


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note text (stripped; empty clears the note), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, reference_id: str, note: str = "") -> None:
        super().__init__()
        self.reference_id = reference_id
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text(f"Note on {clean(self.reference_id)}", style="bold"), id="note-title")
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("Ctrl+S save · Esc cancel · an empty note is removed", style="dim"), id="note-keys")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
