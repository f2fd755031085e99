"""The cable view: the header card and the cable text, drawn with the line API from a cached layout."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.display.layout import Layout

if TYPE_CHECKING:
    from tui.display.card import CableDocument

WELCOME = [
    "cablereader",
    "",
    "Enter    open the cable under the cursor",
    ":        go to an ID (10 mexico 83)",
    "/        filter: origin: class: tag: year:",
    "S        full-text search",
    "Tab      walk a cable's links; Enter follows",
    "[ ]      back and forward",
    "n p N    next/previous unread; read or not",
    "s *      star; the starred cables",
    "e H      a note on the cable; history",
    "?        every key",
]
STRIP_CACHE = 600


class CableView(ScrollView, can_focus=True):
    """One cable, or a short welcome when none is open."""

    COMPONENT_CLASSES = {"cableview--link-focus"}
    HELP_TITLE = "Reading a cable"
    BINDINGS = [
        Binding("escape,q", "app.focus_list", "Back to list", id="cable.back"),
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="cable.down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="cable.up"),
        Binding("pagedown,space", "scroll_pages(1)", "Page down", show=False, id="cable.page_down"),
        Binding("pageup,b", "scroll_pages(-1)", "Page up", show=False, id="cable.page_up"),
        Binding("g,home", "top", "Top", show=False, id="cable.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="cable.bottom"),
        Binding("tab", "link(1)", "Next link", show=False, id="cable.next_link"),
        Binding("shift+tab", "link(-1)", "Previous link", show=False, id="cable.previous_link"),
        Binding("enter", "follow", "Follow link", show=False, id="cable.follow"),
        Binding("d", "toggle_decode", "Decode", id="cable.decode"),
        Binding("greater_than_sign,ctrl+n", "match(1)", "Next match", show=False, id="cable.next_match"),
        Binding("less_than_sign", "match(-1)", "Previous match", show=False, id="cable.previous_match"),
    ]

    decode: reactive[bool] = reactive(False, init=False)
    link_index: reactive[int | None] = reactive(None, init=False)

    class Follow(Message):
        """The user followed a link to another cable."""

        def __init__(self, reference_id: str) -> None:
            super().__init__()
            self.reference_id = reference_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document: CableDocument | None = None
        self.terms: tuple[str, ...] = ()
        self.match_index = -1
        self._layout: Layout | None = None
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()

    @property
    def reference_id(self) -> str | None:
        return self.document.cable.reference_id if self.document else None

    def show(self, document: CableDocument | None, terms: tuple[str, ...] = (), scroll_y: int = 0) -> None:
        """Show a cable (``None``: the welcome text); ``terms`` are search words to highlight."""
        self.document = document
        self.terms = terms
        self.match_index = -1
        self.link_index = None
        self._relayout()
        # force: the scrollbar of a longer text than the last one is not there until the next layout
        self.scroll_to(y=scroll_y, animate=False, immediate=True, force=True)
        if terms and self._layout and self._layout.matches:
            self.action_match(1)

    def set_note(self, note: str) -> None:
        """Show a changed note on the card, keeping the scroll position."""
        if self.document is not None and self.document.note != note:
            self.document.note = note
            y = self.scroll_offset.y
            self._relayout()
            self.scroll_to(y=y, animate=False, immediate=True)

    @property
    def layout_lines(self) -> list[Text]:
        """The lines as laid out at the current width (for tests and the app)."""
        return self._layout.lines if self._layout else []

    def _width(self) -> int:
        return self.scrollable_content_region.width or 60

    def _relayout(self) -> None:
        if self.document is None:
            self._layout = Layout(lines=[Text(line, style="bold" if i == 0 else "") for i, line in enumerate(WELCOME)])
        else:
            self._layout = self.document.layout(self._width(), self.decode, self.terms)
        self._strips.clear()
        self.virtual_size = Size(self._width(), len(self._layout.lines))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def watch_decode(self) -> None:
        self.link_index = None
        self._relayout()

    def watch_link_index(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and self._layout and index < len(self._layout.links):
                self.refresh_line(self._layout.links[index].line)

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        lines = self._layout.lines if self._layout else []
        if not 0 <= index < len(lines):
            return Strip.blank(width, self.rich_style)
        focused = None
        if self.link_index is not None and self._layout.links[self.link_index].line == index:
            focused = self._layout.links[self.link_index]
        if focused is None:
            strip = self._strips.get((index, width))
            if strip is not None:
                self._strips.move_to_end((index, width))
                return strip
        text = lines[index]
        if focused is not None:
            text = text.copy()
            text.stylize(self.get_component_rich_style("cableview--link-focus"), focused.start, focused.end)
        strip = Strip(text.render(self.app.console), text.cell_len).crop_extend(0, width, self.rich_style)
        strip = strip.apply_style(self.rich_style)
        if focused is None:
            self._strips[(index, width)] = strip
            while len(self._strips) > STRIP_CACHE:
                self._strips.popitem(last=False)
        return strip

    # --- actions ----------------------------------------------------------------------------------------------

    def action_scroll_lines(self, delta: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + delta, animate=False, immediate=True)

    def action_scroll_pages(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def action_toggle_decode(self) -> None:
        if self.document is not None:
            self.decode = not self.decode

    def action_link(self, step: int) -> None:
        links = self._layout.links if self._layout else []
        if not links:
            self.app.bell()
            return
        if self.link_index is None:
            self.link_index = 0 if step > 0 else len(links) - 1
        else:
            self.link_index = (self.link_index + step) % len(links)
        self._scroll_into_view(links[self.link_index].line)

    def action_follow(self) -> None:
        if self.link_index is not None and self._layout and self.link_index < len(self._layout.links):
            self.post_message(self.Follow(self._layout.links[self.link_index].target))

    def action_match(self, step: int) -> None:
        matches = self._layout.matches if self._layout else []
        if not matches:
            self.app.bell()
            return
        self.match_index = (self.match_index + step) % len(matches)
        self.scroll_to(y=max(0, matches[self.match_index] - 2), animate=False, immediate=True)

    def _scroll_into_view(self, line: int) -> None:
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if line < top or line >= top + height:
            self.scroll_to(y=max(0, line - 2), animate=False, immediate=True)

    @property
    def focused_link(self):
        if self.link_index is None or not self._layout:
            return None
        return self._layout.links[self.link_index]

    def on_click(self, event) -> None:
        """A click on a link follows it (where the terminal has a mouse)."""
        line = int(self.scroll_offset.y) + event.y
        column = event.x - self.styles.padding.left
        for index, link in enumerate(self._layout.links if self._layout else []):
            if link.line == line and link.start <= column < link.end:
                self.link_index = index
                self.action_follow()
                return
