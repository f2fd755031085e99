"""Fewer bytes per drawn line: neighbouring segments that look the same on a terminal become one.

Textual writes every segment as its own escape sequence, text and reset, so a line of ten runs costs ten sets of
colour codes though it may show only two looks. Runs of spaces take the style of a neighbour that paints spaces the
same (same background, no underline, strike-through, reverse or link), then equal-looking neighbours are joined.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style

_ATTRIBUTES = ("bold", "dim", "italic", "underline", "blink", "blink2", "reverse", "conceal", "strike",
               "underline2", "frame", "encircle", "overline")


def look(style: Style) -> tuple:
    """What a terminal shows for text in ``style``: two styles with equal looks write the same escape codes."""
    return (style.color, style.bgcolor, tuple(bool(getattr(style, name)) for name in _ATTRIBUTES), style.link)


def blank_look(style: Style) -> tuple | None:
    """What a run of spaces in ``style`` shows (its background), or None where spaces show more than that."""
    if style.underline or style.underline2 or style.strike or style.overline or style.reverse or style.link \
            or style.blink or style.blink2 or style.frame or style.encircle:
        return None
    return ("blank", style.bgcolor)


def _is_blank(segment: Segment) -> bool:
    return bool(segment.text) and not segment.text.strip(" ") and segment.style is not None \
        and not segment.control


def compact(segments: Iterable[Segment]) -> list[Segment]:
    """The same cells in the fewest segments: spaces borrow a neighbour's style where it paints them the same,
    then neighbours of one look are joined (control segments are kept as they are)."""
    segments = list(segments)
    styles = [segment.style for segment in segments]
    for i, segment in enumerate(segments):
        if not _is_blank(segment) or (mine := blank_look(segment.style)) is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(segments) and styles[j] is not None and not segments[j].control \
                    and blank_look(styles[j]) == mine:
                styles[i] = styles[j]
                break
    out: list[Segment] = []
    last = None
    for segment, style in zip(segments, styles):
        key = None if segment.control or style is None else look(style)
        if out and key is not None and key == last:
            out[-1] = Segment(out[-1].text + segment.text, out[-1].style)
        else:
            out.append(segment if style is segment.style else Segment(segment.text, style, segment.control))
            last = key
    return out
