"""The cable view's marked paragraph: ``:10MEXICO83#6`` (or a ``para 6`` link) scrolls paragraph 6 to the top and
marks each of its lines with a bar in the gutter (a glyph, so it shows in 16 colours and with NO_COLOR too) until
the next move or Esc. Also which paragraph a citation is of: the marked one, else the one at the top of the view.
"""

from __future__ import annotations

MARK_BAR = "\u258c"  # ▌ in the gutter of each line of the marked paragraph


class ParagraphMarking:
    """A mixin of ``CableView`` (which has ``document``, ``_layout``, ``scroll_offset``)."""

    marked: int | None = None  # the marked paragraph's number
    _marked_rows: tuple[int, int] | None = None  # its lines in the layout shown (first, end excluded)

    def go_to_paragraph(self, number: int) -> bool:
        """Scroll paragraph ``number`` to the top and mark it; False (nothing moves) when there is none."""
        rows = self.document.paragraph_rows(self._layout, number) if self.document and self._layout else None
        if rows is None:
            return False
        self.clear_mark()
        self.marked, self._marked_rows = number, rows
        self.scroll_to(y=rows[0], animate=False, immediate=True, force=True)
        self.refresh()
        self.post_message(self.Moved())  # the status line's paragraph, even when the view could not scroll
        return True

    def clear_mark(self) -> None:
        if self.marked is not None:
            self.marked = self._marked_rows = None
            self.refresh()
            self.post_message(self.Moved())  # the status line's ¶ was the marked one's

    def _place_mark(self) -> None:
        """Find the marked paragraph's lines again in a new layout (a resize, ``w``, ``d``)."""
        if self.marked is not None:
            rows = self.document.paragraph_rows(self._layout, self.marked) if self.document else None
            self._marked_rows = rows
            if rows is None:
                self.marked = None

    def is_marked(self, row: int) -> bool:
        return self._marked_rows is not None and self._marked_rows[0] <= row < self._marked_rows[1]

    @property
    def cited_paragraph(self) -> int | None:
        """The paragraph a citation is of: the marked one, else the one at the top of the view (None: the card or
        the text before the first numbered paragraph is at the top, so the cable)."""
        if self.marked is not None or self.document is None or self._layout is None:
            return self.marked
        return self.document.paragraph_at(self._layout, int(self.scroll_offset.y))
