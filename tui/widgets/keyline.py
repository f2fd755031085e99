"""The bottom line: the keys that work now (the live bindings shown in the footer), as mutt's help line.

One line of text redrawn in place when the bindings change (focus moved, a keymap applied): unlike Textual's
Footer it is never recomposed, so opening a cable or going back does not lay the screen out again.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget


class KeyLine(Widget):
    """``key Description`` for every shown binding of the focused widget, the screen and the app."""

    DEFAULT_CSS = "KeyLine { dock: bottom; height: 1; }"

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        app = self.app
        seen: set[str] = set()
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            line.append(app.get_key_display(binding), style="bold")
            line.append(f" {binding.description}  ")
        if app.ENABLE_COMMAND_PALETTE:
            palette = Text(app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), style="bold")
            palette.append(" palette")
            room = max(0, self.size.width - palette.cell_len - 1)
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(palette)
        return line

