"""The cable as display lines: the header card (with its links), then the highlighted cable text.

A ``CableDocument`` is built once per opened cable: the cable text is sanitised and lexed once and its paragraphs
found once (``tui.cable.flow``); ``layout(width)`` re-flows it to a width (cached), adds the card, and records where
each link sits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from rich.style import Style
from rich.text import Span, Text

from tui.cable import flow, glossary
from tui.cable.model import Cable
from tui.cable.paragraphs import paragraph_lines
from tui.display.layout import Layout, Link
from tui.display.text import plain, wrap
from tui.highlight import flowed, highlight_lines
from tui.safetext import line as clean

CLASS_STYLES = {  # readable in 16 colours: named ANSI colours only; the levels of glossary.level
    "TS": Style(color="bright_white", bgcolor="magenta", bold=True),
    "S": Style(color="bright_white", bgcolor="red", bold=True),
    "C": Style(color="black", bgcolor="yellow", bold=True),
    "U": Style(color="black", bgcolor="green", bold=True),
}
TAG_STYLES = {"subject": Style(color="cyan"), "organization": Style(color="magenta"), "country": Style(color="green")}
LABEL = Style(bold=True)
LINK = Style(color="blue", underline=True)
MISSING_LINK = Style(color="bright_black", underline=True, italic=True)
DECODED = Style(color="cyan", italic=True)
NOTE = Style(color="magenta", italic=True)
VARIANT = Style(bold=True, reverse=True)  # a variant chosen with `v`: plain to see in any colours

def class_style(classification: str) -> Style:
    return CLASS_STYLES.get(glossary.level(classification), CLASS_STYLES["U"])


def search_terms(query: str) -> list[str]:
    """The words of a full-text query worth highlighting, as the query translator reads them (no operators, no
    column names, nothing under a NOT)."""
    from tui.library.fulltext import highlight_words

    return [w.rstrip("*") for w in highlight_words(query) if len(w.rstrip("*")) > 1]


class CableDocument:
    """One opened cable, ready to lay out at any width."""

    def __init__(self, cable: Cable, cites: list[tuple[str, bool]], cited_by: list[str],
                 exists: Callable[[str], bool] = lambda ref: True) -> None:
        """``exists``: whether the library holds a cable (for the body's links to be drawn as present or not)."""
        self.cable = cable
        self.cites = cites  # (id, present in the library)
        self.cited_by = cited_by
        header = highlight_lines(cable.header.rstrip("\n")) if cable.header.strip() else []
        # sanitised and lexed once; the body apart, so none of its lines is coloured as routing
        self.text_lines: list[Text] = header + highlight_lines(cable.body, body=True)
        self.blocks = flow.blocks([line.plain for line in self.text_lines], len(header))  # paragraphs, found once
        body = "\n".join(line.plain for line in self.text_lines[len(header):])
        # numbered paragraph -> its first source line, in order
        self.paragraph_starts = {n: len(header) + i for n, i in paragraph_lines(body).items()}
        self._link_styles = self._link_mentions(body, len(header), exists)  # link style -> (target, present)
        self.note = ""  # the reader's own note (reading state), shown on the card
        self.variant = ""  # which source this is when one was chosen (`v`): "2 of 2: raw, no date, PATH"
        self._layouts: dict[tuple, Layout] = {}

    @classmethod
    def from_library(cls, library, cable: Cable) -> "CableDocument":
        cites = [(ref, library.exists(ref)) for ref in (library.cites(cable.reference_id) or cable.references)]
        return cls(cable, cites, library.cited_by(cable.reference_id), library.exists)

    def layout(self, width: int, decode: bool = False, original: bool = False) -> Layout:
        """The card and the text at ``width``; ``original``: the text with the source's own line breaks."""
        key = (width, decode, original, self.note, self.variant)
        if key not in self._layouts:
            if len(self._layouts) > 8:
                self._layouts.clear()
            self._layouts[key] = self._build(width, decode, original)
        return self._layouts[key]

    def paragraph_rows(self, layout: Layout, number: int) -> tuple[int, int] | None:
        """The lines of ``layout`` (first, end excluded) that paragraph ``number`` takes, or None when the cable
        has no such paragraph. It runs to the next paragraph (the last one to its first blank line), trailing
        blank lines left out."""
        start = self.paragraph_starts.get(number)
        if start is None or not layout.sources:
            return None
        plains = self.text_lines
        end = next((s for s in self.paragraph_starts.values() if s > start), None)
        if end is None:
            end = next((i for i in range(start + 1, len(plains)) if not plains[i].plain.strip()), len(plains))
        while end > start + 1 and not plains[end - 1].plain.strip():
            end -= 1
        return (layout.text_start + bisect_left(layout.sources, start),
                layout.text_start + bisect_left(layout.sources, end))

    def paragraph_at(self, layout: Layout, row: int) -> int | None:
        """The number of the paragraph that line ``row`` of ``layout`` is in (None: the card, or before the first
        paragraph)."""
        if row < layout.text_start or not layout.sources:
            return None
        source = layout.sources[min(row - layout.text_start, len(layout.sources) - 1)]
        return next((n for n, s in reversed(self.paragraph_starts.items()) if s <= source), None)

    def _link_mentions(self, body: str, first: int, exists: Callable[[str], bool]) -> dict[Style, tuple[str, bool]]:
        """Style the body's mentions (tui/cable/mentions.py) as links, in the lexed lines themselves, so that
        re-flow and ``w`` carry them as they carry colours; each link's own style (its ``meta`` numbers it) tells
        where it went in a layout. Mentions of the cable itself and of paragraphs it lacks are left plain."""
        from tui.cable.mentions import find_mentions
        from tui.library.lookup import address

        own = self.cable.reference_id
        starts = [0]
        for line in self.text_lines[first:]:
            starts.append(starts[-1] + len(line.plain) + 1)
        styles: dict[Style, tuple[str, bool]] = {}
        touched: set[int] = set()
        known: dict[str, bool] = {}
        for m in find_mentions(body, self.cable.references_typed):
            if m.cable in (None, own) and m.paragraph not in self.paragraph_starts:
                continue
            ref = m.cable or own
            if ref not in known:
                known[ref] = ref == own or exists(ref)
            present = known[ref]
            style = (LINK if present else MISSING_LINK) + Style(meta={"link": len(styles)})
            styles[style] = (address(ref, m.paragraph), present)
            row = bisect_right(starts, m.start) - 1
            while row < len(starts) - 1 and starts[row] < m.end:
                a, b = max(m.start, starts[row]) - starts[row], min(m.end, starts[row + 1] - 1) - starts[row]
                if a < b:
                    self.text_lines[first + row].spans.append(Span(a, b, style))
                    touched.add(first + row)
                row += 1
        for row in touched:
            self.text_lines[row].spans.sort(key=lambda span: span.start)
        return styles

    def _body_links(self, out: Layout) -> None:
        """The links of the body's mentions in a layout: where each now starts, to the end of its part on that line
        (a mention the source cut at a line end, ``ref`` / ``B``, is one link again once re-flowed)."""
        where: dict[Style, int] = {}  # a link's style -> its index in out.links
        for row in range(out.text_start, len(out.lines)):
            for span in out.lines[row].spans:
                link = self._link_styles.get(span.style) if isinstance(span.style, Style) else None
                if link is None:
                    continue
                index = where.get(span.style)
                if index is None:
                    where[span.style] = len(out.links)
                    out.links.append(Link(row, span.start, span.end, *link))
                elif out.links[index].line == row:
                    first = out.links[index]
                    out.links[index] = Link(row, first.start, max(first.end, span.end), *link)

    # --- building ---------------------------------------------------------------------------------------------

    def _build(self, width: int, decode: bool, original: bool) -> Layout:
        width = max(width, 20)
        out = Layout(lines=[])
        self._card(out, width, decode)
        out.lines.append(Text("─" * width, style="bright_black"))
        lines, sources = flowed(self.text_lines, width, None if original else self.blocks)
        out.text_start = len(out.lines)
        out.lines.extend(lines)
        out.sources = sources
        if self._link_styles:
            self._body_links(out)
        return out

    def _field(self, out: Layout, width: int, label: str, value: Text) -> None:
        for i, piece in enumerate(wrap(value, max(8, width - 13))):
            line = Text(label.ljust(13) if i == 0 else " " * 13, style=LABEL)
            line.append_text(piece)
            out.lines.append(line)

    def _links(self, out: Layout, width: int, label: str, targets: list[tuple[str, bool]]) -> None:
        line = Text(label.ljust(13), style=LABEL)
        if not targets:
            line.append("none", style="bright_black")
            out.lines.append(line)
            return
        for ref, present in targets:
            ref = clean(ref)
            if line.cell_len + len(ref) + 1 > width and line.cell_len > 13:
                out.lines.append(line)
                line = Text(" " * 13)
            start = line.cell_len
            line.append(ref, style=LINK if present else MISSING_LINK)
            out.links.append(Link(len(out.lines), start, start + len(ref), ref, present))
            line.append(" ")
        out.lines.append(line)

    def _card(self, out: Layout, width: int, decode: bool) -> None:
        c = self.cable
        self._field(out, width, "Reference ID", plain(c.reference_id, Style(bold=True)))
        if self.variant:
            self._field(out, width, "Variant", plain(self.variant, VARIANT))
        created = c.created.strftime("%Y-%m-%d %H:%M") if c.created else "unknown"
        released = c.released.strftime("%Y-%m-%d") if c.released else "unknown"
        if width >= 13 + len(created) + 12 + len(released):
            self._field(out, width, "Created", Text(f"{created}  Released {released}"))
        else:
            self._field(out, width, "Created", Text(created))
            self._field(out, width, "Released", Text(released))
        label = clean(c.classification) or "UNKNOWN"
        if len(label) + 15 > width:
            label = label.replace("FOR OFFICIAL USE ONLY", "FOUO")
        tag = Text()
        tag.append(f" {label} ", style=class_style(c.classification))
        if 13 + tag.cell_len + 2 + len(clean(c.origin)) <= width:
            tag.append("  ")
            tag.append_text(plain(c.origin))
            self._field(out, width, "Class", tag)
        else:
            self._field(out, width, "Class", tag)
            self._field(out, width, "Origin", plain(c.origin))
        tags = Text()
        kinds = []
        for t in c.tags:
            kind = "country" if len(t) == 2 and glossary.country_name(t) else glossary.tag_info(t)
            tags.append(clean(t), style=TAG_STYLES.get(kind or "", Style()))
            tags.append(" ")
            kinds.append(t)
        self._field(out, width, "TAGS", tags)
        if decode:  # each code and what it stands for: MX Mexico, PGOV subject tag
            for t in kinds:
                meaning = glossary.tag_meaning(t)
                self._field(out, width, "", Text(f"{clean(t)} = {clean(meaning) if meaning else 'not known'}",
                                                 style=DECODED))
        self._field(out, width, "Subject", plain(c.subject or "(no subject)"))
        if decode:
            self._decoded(out, width)
        self._links(out, width, "References", self.cites)
        self._links(out, width, "Cited by", [(ref, True) for ref in self.cited_by])
        for i, line in enumerate(self.note.splitlines()):
            self._field(out, width, "Note" if i == 0 else "", plain(line, NOTE))

    def _decoded(self, out: Layout, width: int) -> None:
        """The decode view: precedence, the DTG as a date, the marker line, routing indicators as station names."""
        c = self.cable
        if c.precedence and (words := glossary.decode_precedence(c.precedence)):
            self._field(out, width, "Precedence", Text(" / ".join(w for w in words if w), style=DECODED))
        if c.dtg:
            value = plain(c.dtg)
            when = glossary.decode_dtg(c.dtg)
            if when:
                value.append(f" = {when:%Y-%m-%d %H:%M} UTC", DECODED)
            self._field(out, width, "DTG", value)
        for line in c.header.split("\n"):
            if line.startswith(("ZNY", "ZNR")) and (level := glossary.decode_marker(line)):
                self._field(out, width, "Marker", plain(f"{line.strip()} = {level}"))
            elif line.startswith("DE ") and len(line.split()) > 1 and (name := glossary.station_name(line.split()[1])):
                self._field(out, width, "DE", plain(f"{line.split()[1]} = {name}"))
        if c.from_:
            self._field(out, width, "From", plain(c.from_))
        for label, recipients in (("To", c.recipients), ("Info", c.info_recipients)):
            for i, r in enumerate(recipients):
                value = plain(f"{r.route}/" if r.route else "")
                value.append_text(plain(r.name))
                station = glossary.station_name(r.route) if r.route else None
                if station:
                    value.append_text(plain(f" = {station}", DECODED))
                self._field(out, width, label if i == 0 else "", value)
