"""The sidebar: every cable of the current view, one line each, drawn with Textual's line API.

The widget holds only the ordered row keys of the view (``library.view()``); rows are fetched from the library
for the visible window plus a margin, and rendered lines are kept in an LRU of Strips. A cursor move touches two
lines, so it costs the same at 1,000 and at 251,287 rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.cable import glossary
from tui.library.query import Hit, Row
from tui.safetext import line as clean

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI

MARGIN = 50  # rows fetched beyond the visible window
ORIGIN_FROM = 64  # the list shows the origin column from this width
ID_CELLS = ((110, 22), (64, 18), (0, 15))  # (from this width, the ID column's cells): the longest IDs are 22
SNIPPET_FROM = 50  # a search row shows the hit's snippet beside the subject when this many cells are left for both
CURSOR_MATCH = Style(underline=True)  # a search match in the cursor row
ROW_CACHE = 2000
STRIP_CACHE = 1000


class Marks(Protocol):
    """Per-row marks for the sidebar, supplied by the reading state (or nothing).

    Optionally also ``known(ref) -> bool`` and ``prepare(refs)`` (the sidebar hands over the whole screenful when
    a row is not known yet) and ``forget(ref | None)`` (drop cached marks); see tui.reading.marks.
    """

    def mark(self, reference_id: str) -> tuple[str, bool]:
        """The mark (``•`` unread, ``*`` starred, ``+`` noted, ``*+`` both, `` `` none; two cells at most, the
        second taking the gap before the ID) and whether to draw bold."""


class NoMarks:
    """No reading state: no marks, nothing bold."""

    def mark(self, reference_id: str) -> tuple[str, bool]:
        return " ", False


def class_cells(classification: str) -> str:
    """Three cells for a classification: its level (``TS``, ``S``, ``C``, ``U``, ``?``) and ``n`` for NOFORN."""
    return (glossary.level(classification) + ("n" if glossary.is_noforn(classification) else "")).ljust(3)


def short_origin(origin: str) -> str:
    """An origin as the list shows it: ``Embassy Mexico`` -> ``Mexico``, ``Consulate Monterrey`` -> ``Monterrey``."""
    for prefix in ("Embassy ", "Consulate ", "Mission "):
        if origin.startswith(prefix):
            return origin[len(prefix):]
    return origin


def id_cells(width: int) -> int:
    """The ID column's cells at a list ``width`` (every row alike, so the columns after it line up)."""
    return next(cells for least, cells in ID_CELLS if width >= least)


def origin_cells(width: int) -> int:
    """The origin column's cells (its gap included): 12 at 80 columns, growing with the width up to 27."""
    return max(12, min(27, (width - 50) // 3))


def cut_id(ref: str, cells: int) -> str:
    """An ID in ``cells`` cells: whole, or its middle cut with ``…`` so that its year, the start of its station
    and its serial stay (``09USUNNEWYO…702``)."""
    if len(ref) <= cells:
        return ref
    tail = min(len(ref) - len(ref.rstrip("0123456789")), 6)
    return ref[:cells - 1 - tail] + "…" + ref[len(ref) - tail:]


def from_a_word(text: str, at: int) -> int:
    """Where to start showing ``text`` so that ``at`` shows with a little before it, at the start of a word."""
    start = max(0, at - 12)
    if start and not text[start - 1].isspace():
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else at
    return start


def fit(subject: str, cells: int) -> str:
    """A subject in ``cells`` cells: whole, or cut at a word boundary (mid-word only for a very long word) and
    ended with ``…``."""
    if cell_len(subject) <= cells:
        return subject
    cut = set_cell_size(subject, cells - 1)
    if subject[len(cut):len(cut) + 1] != " " and " " in cut:  # mid-word: back to the last space, if not too far
        words = cut.rsplit(" ", 1)[0]
        if cell_len(words) >= cells // 2:
            cut = words
    return cut.rstrip(" ,;:-") + "…"


class Sidebar(ScrollView, can_focus=True):
    """A virtual list of cables."""

    COMPONENT_CLASSES = {
        "sidebar--cursor",
        "sidebar--date",
        "sidebar--topsecret",
        "sidebar--secret",
        "sidebar--confidential",
        "sidebar--unclassified",
        "sidebar--snippet",
        "sidebar--match",
    }
    HELP_TITLE = "Cable list"
    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="sidebar.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="sidebar.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="sidebar.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="sidebar.page_up"),
        Binding("g,home", "first", "First cable", show=False, id="sidebar.first"),
        Binding("G,end", "last", "Last cable", show=False, id="sidebar.last"),
        Binding("enter,l", "open", "Open", id="sidebar.open"),
        Binding("escape", "screen.view_back", "Back one view", show=False, id="sidebar.clear"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)  # watch_cursor redraws 2 lines

    class Moved(Message):
        """The cursor moved (to ``index``)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Opened(Message):
        """The user asked to open the cable under the cursor."""

        def __init__(self, reference_id: str, index: int) -> None:
            super().__init__()
            self.reference_id = reference_id
            self.index = index

    def __init__(self, library: LibraryAPI, marks: Marks | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.marks: Marks = marks or NoMarks()
        self.keys: Sequence[int] = ()
        self.hits: dict[int, Hit | None] = {}
        self._hit_source: Callable[[list[int]], list[Hit]] | None = None
        self._rows: OrderedDict[int, Row] = OrderedDict()
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()

    # --- data -------------------------------------------------------------------------------------------------

    def set_keys(self, keys: Sequence[int], hits: Callable[[list[int]], list[Hit]] | None = None,
                 cursor: int = 0) -> None:
        """Show a new view (ordered row keys). Search results: ``hits(keys)`` gives the hits (with snippets) of
        those keys, in order; it is asked for the visible window only, as the rows are."""
        self.keys = keys
        self.hits = {}
        self._hit_source = hits
        self._strips.clear()
        self.virtual_size = Size(0, len(keys))  # rows are cut to the width: nothing to scroll sideways
        self.cursor = max(0, min(cursor, len(keys) - 1))
        self.scroll_to(y=max(0, self.cursor - self.size.height // 2), animate=False, immediate=True)
        self.refresh()

    def refresh_marks(self, reference_id: str | None = None) -> None:
        """Redraw with fresh marks: the reading state of one cable changed, or of any (None)."""
        forget = getattr(self.marks, "forget", None)
        if forget is not None:
            forget(reference_id)
        self._strips.clear()
        self.refresh()

    def _prepare_marks(self) -> None:
        """Let the marks work out a whole screenful at once (one reading-state query, not one per row)."""
        top = int(self.scroll_offset.y)
        rows = (self.row_at(i) for i in range(top, min(len(self.keys), top + max(1, self.size.height))))
        self.marks.prepare([row.reference_id for row in rows if row is not None])

    def row_at(self, index: int) -> Row | None:
        if not 0 <= index < len(self.keys):
            return None
        key = self.keys[index]
        row = self._rows.get(key)
        if row is None:
            self._fetch(index)
            row = self._rows.get(key)
        else:
            self._rows.move_to_end(key)
        return row

    @property
    def current(self) -> Row | None:
        return self.row_at(self.cursor)

    def index_of(self, reference_id: str) -> int | None:
        """Position of a cable in the current view, or None (one scan of the keys: a few ms at 251k)."""
        key = self.library.key_of(reference_id)
        if key is None:
            return None
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def _fetch(self, index: int) -> None:
        top = int(self.scroll_offset.y)
        lo = max(0, min(index, top) - MARGIN)
        hi = min(len(self.keys), max(index, top + self.size.height) + MARGIN)
        wanted = [k for k in self.keys[lo:hi] if k not in self._rows]
        for row in self.library.rows(wanted):
            self._rows[row.key] = row
        while len(self._rows) > ROW_CACHE:
            self._rows.popitem(last=False)

    def _fetch_hits(self, index: int) -> None:
        """The snippets of the visible window (and a margin) of search results."""
        top = int(self.scroll_offset.y)
        lo = max(0, min(index, top) - MARGIN // 2)
        hi = min(len(self.keys), max(index, top + self.size.height) + MARGIN // 2)
        wanted = [k for k in self.keys[lo:hi] if k not in self.hits]
        if len(self.hits) + len(wanted) > ROW_CACHE:
            self.hits.clear()
        found = {hit.key: hit for hit in self._hit_source(wanted)}
        for key in wanted:  # a key without a hit (the cable changed since) shows its date and subject
            self.hits[key] = found.get(key)

    # --- drawing ----------------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        if self._hit_source is not None and row.key not in self.hits:
            self._fetch_hits(index)
        if hasattr(self.marks, "prepare") and not self.marks.known(row.reference_id):
            self._prepare_marks()
        mark, bold = self.marks.mark(row.reference_id)
        cursor = index == self.cursor
        cache_key = (row.key, width, mark, bold, self.has_focus if cursor else None)
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._render_row(row, width, mark, bold, cursor)
            self._strips[cache_key] = strip
            while len(self._strips) > STRIP_CACHE:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(cache_key)
        return strip

    def _render_row(self, row: Row, width: int, mark: str, bold: bool, cursor: bool) -> Strip:
        """Mark, ID, date, level, origin (from ORIGIN_FROM cells), subject (search results, wide: and the snippet).

        The cursor row is drawn in the cursor style alone (reverse video in every theme): no column colours, so
        it looks like nothing else in the list, with colours or without.
        """
        style = self.get_component_rich_style
        cls = class_cells(row.classification)
        cls_style = style({"TS": "sidebar--topsecret", "S": "sidebar--secret",
                           "C": "sidebar--confidential"}.get(cls.strip().rstrip("n"), "sidebar--unclassified"))
        text = Text(no_wrap=True, end="")
        text.append((mark + "  ")[:2])
        cells = id_cells(width)
        text.append(cut_id(clean(row.reference_id), cells).ljust(cells))
        text.append(" ")
        text.append(row.created[:10].ljust(10), style("sidebar--date"))
        text.append(" ")
        text.append(cls, cls_style)
        if width >= ORIGIN_FROM:
            text.append(" ")
            origin, cells = clean(short_origin(row.origin)), origin_cells(width) - 1
            text.append(fit(origin, cells).ljust(cells))
        room = width - text.cell_len - 1
        hit = self.hits.get(row.key)
        subject = clean(row.subject)
        if hit is not None and room >= SNIPPET_FROM:  # search results, wide: the subject, then the hit's snippet
            subject = fit(subject, room * 2 // 5) if subject else ""
            text.append(" " + subject + (" · " if subject else ""))
            text.append_text(self._snippet(hit, width - text.cell_len - 1))
        elif subject and room >= 8:
            text.append(" ")
            text.append(fit(subject, room))
        if cursor:
            line_style = style("sidebar--cursor")
            plain = Text(text.plain, style=line_style, no_wrap=True, end="")
            matched = style("sidebar--match")
            for span in text.spans:  # search matches stay marked under the cursor
                if span.style == matched:
                    plain.stylize(CURSOR_MATCH, span.start, span.end)
            text = plain
        else:
            line_style = self.rich_style
            if bold:
                text.stylize(Style(bold=True))
        strip = Strip(text.render(self.app.console), text.cell_len).crop_extend(0, width, line_style)
        return strip.apply_style(line_style).simplify()  # few style changes: few bytes on the wire

    def _snippet(self, hit: Hit, room: int) -> Text:
        """A hit's snippet, its matches marked, shown from the start of a word a little before the first match."""
        style = self.get_component_rich_style
        plain = clean(hit.snippet)
        snippet = Text(plain, style("sidebar--snippet"))
        # where each match sits in the cleaned snippet (cleaning drops escapes and expands tabs before it)
        spans = [(len(clean(hit.snippet[:a])), len(clean(hit.snippet[:b]))) for a, b in hit.spans]
        for start, end in spans:
            snippet.stylize(style("sidebar--match"), start, end)
        first = spans[0][0] if spans else 0
        if first + 4 > room:
            snippet = Text("…", style("sidebar--snippet")) + snippet[from_a_word(plain, first):]
        return snippet

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.keys))
        self._strips.clear()
        self.show_cursor()

    def show_cursor(self) -> None:
        """Scroll so the cursor row is on screen (the list shown again, resized, or moved while hidden)."""
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if height > 0 and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)

    # --- cursor -----------------------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.post_message(self.Moved(new))
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if self.keys:
            self.cursor = max(0, min(index, len(self.keys) - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.keys) - 1)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row.reference_id, self.cursor))

    def on_click(self, event) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.keys):
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = index
