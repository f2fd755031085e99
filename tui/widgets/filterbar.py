"""The `/` filter bar and the `S` full-text search bar. The languages they read live in the library:
``tui.library.query.parse_filter`` (filters) and ``tui.library.fulltext`` (queries)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class QueryBar(Input):
    """A one-line bar under the status line: `/` filters, `S` searches. Enter applies, Esc cancels the edit."""

    HELP_TITLE = "Filter and search bar"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="bar.cancel")]

    class Cancelled(Message):
        def __init__(self, bar: "QueryBar") -> None:
            super().__init__()
            self.bar = bar

    def __init__(self, mode: str = "filter", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))
