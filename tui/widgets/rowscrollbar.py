"""A vertical scroll bar that repaints only the rows whose look changed when the position moves.

Textual repaints the whole bar on every position change: a line down in a long cable wrote every row of the bar
(a cursor move and a colour per row) though only the thumb's ends moved.
"""

from __future__ import annotations

from math import ceil

from textual.geometry import Region
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar


class RowScrollBar(ScrollBar):
    """A ScrollBar whose position changes repaint the rows that differ (the thumb's old and new ends)."""

    position: Reactive[float] = Reactive(0, repaint=False)

    def _rows(self, position: float) -> list:
        window = self.window_size if self.window_size < self.window_virtual_size else 0
        bar = self.renderer.render_bar(size=self.size.height, virtual_size=ceil(self.window_virtual_size),
                                       window_size=ceil(window), position=position, thickness=self.thickness)
        return [(segment.text, segment.style) for segment in bar.segments]

    def watch_position(self, old: float, new: float) -> None:
        if not self.vertical or not self.size.height:
            self.refresh()
            return
        before, after = self._rows(old), self._rows(new)
        if len(before) != len(after):
            self.refresh()
            return
        for y, (a, b) in enumerate(zip(before, after)):
            if a != b:
                self.refresh(Region(0, y, self.size.width, 1))
