"""`H`: the cables opened, newest first; Enter opens one, Esc closes."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.safetext import line as clean


def when(epoch: float, now: float) -> str:
    """A short local time: HH:MM today, else the date."""
    t = dt.datetime.fromtimestamp(epoch)
    return t.strftime("%H:%M") if t.date() == dt.datetime.fromtimestamp(now).date() else t.strftime("%Y-%m-%d")


class HistoryScreen(ModalScreen[str | None]):
    """Dismisses with the reference ID to open, or None."""

    BINDINGS = [
        Binding("escape,q,H", "close", "Close", id="history.close"),
        Binding("j", "move(1)", "Down", show=False, id="history.down"),
        Binding("k", "move(-1)", "Up", show=False, id="history.up"),
    ]

    def __init__(self, entries: list[tuple[str, float, str]], now: float) -> None:
        """``entries``: (reference id, epoch opened, subject), newest first."""
        super().__init__()
        self.entries = entries
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            count = len(self.entries)
            yield Static(Text(f"History: {count} cable{'s' if count != 1 else ''} opened, newest first "
                              "(Enter opens, Esc closes)", style="bold"))
            options = []
            room = min(76, self.app.size.width) - 6  # the box's border and padding, the option's padding
            for ref, at, subject in self.entries:
                line = Text(no_wrap=True, end="")
                line.append(when(at, self.now).ljust(7), style="dim")
                line.append(clean(ref).ljust(19), style="bold")
                line.append(clean(subject))
                line.truncate(room, overflow="ellipsis")  # one line per cable
                options.append(Option(line, id=ref))
            yield OptionList(*options, id="history-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
