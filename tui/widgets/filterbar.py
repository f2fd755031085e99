"""The `/` filter bar and the `S` full-text search bar. The languages they read live in the library:
``tui.library.query.parse_filter`` (filters) and ``tui.library.fulltext`` (queries)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class QueryBar(Input):
    """A one-line bar under the status line: `/` filters, `S` searches. Enter applies, Esc cancels the edit: each
    calls ``done(bar, value)`` (None for Esc) at once, not through a message, so that the keys typed after it
    (read in the same go) already find the focus where ``done`` put it."""

    HELP_TITLE = "Filter and search bar"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="bar.cancel")]

    def __init__(self, done: Callable[[QueryBar, str | None], None], mode: str = "filter", **kwargs) -> None:
        super().__init__(**kwargs)
        self.done = done
        self.mode = mode

    async def _on_key(self, event: events.Key) -> None:
        """Enter here, in the order the keys were typed (not once it has come back to the app as a binding, after
        the keys read with it were typed into the bar); keys that reach the bar after it closed go on to the
        widget focused now, as if typed there."""
        focused = self.app.focused
        if focused is not self or event.key == "enter":
            event.stop()
            event.prevent_default()  # not Input's handlers
            if event.key == "enter" and focused is self:
                self.done(self, self.value)
            elif focused is not None:
                focused._forward_event(events.Key(event.key, event.character))

    async def action_submit(self) -> None:
        self.done(self, self.value)

    def action_cancel(self) -> None:
        self.done(self, None)
