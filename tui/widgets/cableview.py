"""The cable view: the header card and the cable text, drawn with the line API from a cached layout.

The text is re-flowed to the view's width (``w`` shows the source's own line breaks). ``/`` finds in the open
cable as less does: every match marked, the current one drawn apart, ``>`` and ``<`` go to the next and the
previous one. Words of a full-text search (``S``) are marked the same way when a cable is opened from its results.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.display.layout import Layout
from tui.display.segments import compact
from tui.widgets.finding import Finding, terms_pattern
from tui.widgets.marking import MARK_BAR, ParagraphMarking
from tui.widgets.rowscrollbar import RowScrollBar

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
GUTTER = 1  # a blank column left of the text, drawn with the line (a padding would cost a colour code a line)


class CableView(Finding, ParagraphMarking, ScrollView, can_focus=True):
    """One cable, or a short welcome when none is open."""

    COMPONENT_CLASSES = {"cableview--link-focus", "cableview--match", "cableview--match-current",
                         "cableview--paragraph"}
    DEFAULT_CSS = """
    CableView > .cableview--paragraph { color: $accent; text-style: bold; }
    CableView > .cableview--match { background: ansi_bright_cyan; color: ansi_black; text-style: underline; }
    CableView > .cableview--match-current { text-style: bold reverse; }
    """
    HELP_TITLE = "Reading a cable"
    BINDINGS = [
        Binding("escape", "back", "Back to list", id="cable.back"),
        Binding("q", "leave", "Back to list", show=False, id="cable.leave"),
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
        Binding("slash", "find", "Find", id="cable.find"),
        Binding("greater_than_sign,ctrl+n", "match(1)", "Next match", show=False,
                id="cable.next_match"),
        Binding("less_than_sign", "match(-1)", "Previous match", show=False, id="cable.previous_match"),
        Binding("w", "toggle_breaks", "Original line breaks", show=False, id="cable.breaks"),
    ]

    decode: reactive[bool] = reactive(False, init=False)
    original: reactive[bool] = reactive(False, init=False)  # the source's line breaks instead of re-flowed text
    link_index: reactive[int | None] = reactive(None, init=False)

    class Moved(Message):
        """The view scrolled to another line or shows another cable (the status line names where the reader is)."""

    class Follow(Message):
        """The user followed a link to another cable."""

        def __init__(self, reference_id: str) -> None:
            super().__init__()
            self.reference_id = reference_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document: CableDocument | None = None
        self.terms: tuple[str, ...] = ()
        self.find_text = ""  # the words of the last ``/`` find in this cable ("" with search terms or none)
        self.pattern: re.Pattern | None = None  # what is marked: the find, else the search terms
        self.matches: list[list[tuple[int, int, int]]] = []  # per match, its (line, start, end) on each line
        self.match_index = -1  # the current match, -1 before the first jump
        self._marks: dict[int, list[tuple[int, int, int]]] = {}  # line -> (start, end, match number)
        self._before_find: tuple | None = None  # what to restore when a find is cancelled
        self._layout: Layout | None = None
        self._match_due: tuple | None = None  # (document, scroll y): its first match to bring into view when laid out
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()

    @property
    def vertical_scrollbar(self) -> RowScrollBar:
        """Textual's own, created the same way, but repainting only the rows that change as the cable scrolls."""
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = bar = RowScrollBar(vertical=True, name="vertical",
                                                          thickness=self.scrollbar_size_vertical)
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    @property
    def reference_id(self) -> str | None:
        return self.document.cable.reference_id if self.document else None

    def show(self, document: CableDocument | None, terms: tuple[str, ...] = (), scroll_y: int = 0) -> None:
        """Show a cable (``None``: the welcome text); ``terms`` are search words to mark, the first one current."""
        self.document = document
        self.terms = terms
        self.find_text = ""
        self.pattern = terms_pattern(terms)
        self.match_index = -1
        self.link_index = None
        self.marked = self._marked_rows = None
        self._relayout()
        # force: the scrollbar of a longer text than the last one is not there until the next layout
        self.scroll_to(y=scroll_y, animate=False, immediate=True, force=True)
        if self.matches:
            self.action_match(1)
            self._match_due = (document, int(self.scroll_offset.y))
            self.call_after_refresh(self._match_in_view)
        self.post_message(self.Moved())

    @property
    def position(self) -> str:
        """Where the reader is in the open cable, for the status line: its ID, the paragraph at the top of the
        view and how far down (``10MEXICO83 ¶6 40%``); "" with no cable open."""
        if self.document is None:
            return ""
        paragraph = self.cited_paragraph
        bottom = self.max_scroll_y
        through = f"{round(100 * self.scroll_offset.y / bottom)}%" if bottom else "all"
        return f"{self.reference_id}{f' ¶{paragraph}' if paragraph is not None else ''} {through}"

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
        """The width of the text; while hidden (index and pager, the list showing), the width it gets when shown,
        so that opening a cable lays it out once."""
        width = self.scrollable_content_region.width
        if not width and self.parent is not None:
            width = self.parent.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        return width - GUTTER if width > GUTTER else 60

    @property
    def text_width(self) -> int:
        """The columns the text is laid out to."""
        return self._width()

    def _relayout(self) -> None:
        if self.document is None:
            self._layout = Layout(lines=[Text(line, style="bold" if i == 0 else "") for i, line in enumerate(WELCOME)])
        else:
            self._layout = self.document.layout(self._width(), self.decode, self.original)
        self._strips.clear()
        self.virtual_size = Size(self._width(), len(self._layout.lines))
        self._place_mark()
        self._locate()
        self.refresh()

    def _relayout_anchored(self) -> None:
        """Lay out again keeping the source line at the top of the view at the top."""
        layout, y = self._layout, int(self.scroll_offset.y)
        source = None
        if layout is not None and layout.sources and y >= layout.text_start:
            source = layout.sources[min(y - layout.text_start, len(layout.sources) - 1)]
        self._relayout()
        if source is not None and self._layout.sources:
            y = self._layout.text_start + bisect_left(self._layout.sources, source)
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        """Lay out again only when the width of the text changed (the height does not change the lines)."""
        if self._layout is None:
            self._relayout()
        elif self.virtual_size.width != self._width():
            self._relayout_anchored()
        self._match_in_view()
        self.post_message(self.Moved())  # how far down the view is depends on its height too

    def watch_scroll_y(self, old: float, new: float) -> None:
        """As ScrollView's, but repaint only the text: the padding never changes and the scroll bar repaints the
        rows of it that do."""
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new
        if round(old) != round(new):
            self.refresh(Region(0, 0, *self.scrollable_content_region.size))
            self.post_message(self.Moved())

    def watch_show_vertical_scrollbar(self) -> None:
        """A scroll bar that comes or goes (without ``scrollbar-gutter: stable``) changes the width of the text."""
        if self._layout is not None and self.virtual_size.width != self._width():
            self._relayout_anchored()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def watch_decode(self) -> None:
        self.link_index = None
        self._relayout()

    def watch_original(self) -> None:
        self._relayout_anchored()

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
        marks = self._marks.get(index)
        marked = self.is_marked(index)
        plain = focused is None and marks is None and not marked
        if plain:
            strip = self._strips.get((index, width))
            if strip is not None:
                self._strips.move_to_end((index, width))
                return strip
        text = lines[index]
        if not plain:
            text = text.copy()
            for start, end, number in marks or ():
                current = number == self.match_index
                style = "cableview--match-current" if current else "cableview--match"
                text.stylize(self.get_component_rich_style(style), start, end)
            if focused is not None:
                text.stylize(self.get_component_rich_style("cableview--link-focus"), focused.start, focused.end)
        gutter = Segment(MARK_BAR, self.get_component_rich_style("cableview--paragraph")) if marked else \
            Segment(" " * GUTTER)
        line = [gutter, *text.render(self.app.console)]
        strip = Strip(line, text.cell_len + GUTTER).crop_extend(0, width, self.rich_style)
        strip = Strip(compact(strip.apply_style(self.rich_style)), width)
        if plain:
            self._strips[(index, width)] = strip
            while len(self._strips) > STRIP_CACHE:
                self._strips.popitem(last=False)
        return strip

    # --- find -------------------------------------------------------------------------------------------------

    # --- actions ----------------------------------------------------------------------------------------------

    def action_scroll_lines(self, delta: int) -> None:
        self.clear_mark()
        self.scroll_to(y=self.scroll_offset.y + delta, animate=False, immediate=True)

    def action_scroll_pages(self, direction: int) -> None:
        self.clear_mark()
        step = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False, immediate=True)

    def action_top(self) -> None:
        self.clear_mark()
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.clear_mark()
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def action_back(self) -> None:
        """Esc: a marked paragraph unmarked, else back to the list."""
        if self.marked is not None:
            self.clear_mark()
        else:
            self.app.action_focus_list()

    def action_leave(self) -> None:
        """q: back to the list at once (a marked paragraph unmarked on the way)."""
        self.clear_mark()
        self.app.action_focus_list()

    def action_toggle_decode(self) -> None:
        if self.document is not None:
            self.decode = not self.decode

    def action_toggle_breaks(self) -> None:
        if self.document is not None:
            self.original = not self.original
            self.notify("the cable's own line breaks" if self.original else "re-flowed to the width", timeout=1)

    def action_link(self, step: int) -> None:
        self.clear_mark()
        links = self._layout.links if self._layout else []
        if not links:
            self.app.bell()
            return
        if self.link_index is None:
            self.link_index = 0 if step > 0 else len(links) - 1
        else:
            self.link_index = (self.link_index + step) % len(links)
        line = links[self.link_index].line
        if self.link_index == 0 and line < self.scrollable_content_region.height:
            self.scroll_to(y=0, animate=False, immediate=True)  # the first link: the card's top shows with it
        else:
            self._scroll_into_view(line)

    def action_follow(self) -> None:
        """Enter on a link: a paragraph of this cable scrolls to the top and is marked; another cable opens."""
        if self.link_index is not None and self._layout and self.link_index < len(self._layout.links):
            from tui.library.lookup import split_anchor

            target = self._layout.links[self.link_index].target
            ref, number = split_anchor(target)
            if ref == self.reference_id and number is not None:
                self.go_to_paragraph(number)
            else:
                self.post_message(self.Follow(target))

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
        column = event.x - self.styles.padding.left - GUTTER
        for index, link in enumerate(self._layout.links if self._layout else []):
            if link.line == line and link.start <= column < link.end:
                self.link_index = index
                self.action_follow()
                return
