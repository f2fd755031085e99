"""The bottom line: the keys that work now (the live bindings shown in the footer), as mutt's help line.

One line of text redrawn in place when the bindings change (focus moved, a keymap applied): unlike Textual's
Footer it is never recomposed, so opening a cable or going back does not lay the screen out again.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget


PALETTE_FROM = 70  # narrower, the line leaves out the palette's key (it is in the help) for the others


def first(binding: Binding) -> int:
    """Which keys a narrow line keeps: the way back (Esc) and help first, then the rest in their order."""
    return 0 if "escape" in binding.key.split(",") else 1 if binding.id == "app.help" else 2


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
        shown = [b for _node, b, enabled, _tooltip in self.screen.active_bindings.values() if b.show and enabled]
        if self.size.width < PALETTE_FROM:
            shown.sort(key=first)
        for binding in shown:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            line.append(app.get_key_display(binding), style="bold")
            line.append(f" {binding.description}  ")
        if app.ENABLE_COMMAND_PALETTE and self.size.width >= PALETTE_FROM:
            palette = Text(app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), style="bold")
            palette.append(" palette")
            room = max(0, self.size.width - palette.cell_len - 1)
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(palette)
        return line

