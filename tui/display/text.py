"""Turning untrusted cable strings into display Text: sanitised, never parsed as markup, wrapped to a width."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.safetext import line as clean


def plain(text: str, style: Style | str = "") -> Text:
    """A Text of an untrusted string: cleaned, no markup."""
    return Text(clean(text), style=style, end="")


def wrap(line: Text, width: int) -> list[Text]:
    """Break a single-line Text into pieces of at most ``width`` cells, at spaces where possible."""
    s = line.plain
    if width <= 0 or len(s) <= width:
        return [line]
    offsets = []
    start = 0
    while len(s) - start > width:
        cut = s.rfind(" ", start + 1, start + width + 1)
        cut = start + width if cut <= start else cut + 1
        offsets.append(cut)
        start = cut
    return list(line.divide(offsets))
