"""Back and forward through the cables opened in this run, as in a browser, and where each was left."""

from __future__ import annotations


class History:
    """Opened cables in order; ``back``/``forward`` move along them, opening a new one drops what was ahead."""

    def __init__(self) -> None:
        self.refs: list[str] = []
        self.pos = -1
        self._scroll: dict[str, int] = {}

    def push(self, ref: str) -> None:
        del self.refs[self.pos + 1:]
        self.refs.append(ref)
        self.pos = len(self.refs) - 1

    def back(self) -> str | None:
        """The cable before the current one (and step to it), or None at the start."""
        if self.pos <= 0:
            return None
        self.pos -= 1
        return self.refs[self.pos]

    def forward(self) -> str | None:
        if self.pos >= len(self.refs) - 1:
            return None
        self.pos += 1
        return self.refs[self.pos]

    def left_at(self, ref: str, y: int) -> None:
        """Where a cable was scrolled to when the reader left it."""
        self._scroll[ref] = y

    def scroll_of(self, ref: str) -> int:
        return self._scroll.get(ref, 0)
