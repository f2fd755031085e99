"""Bar-chart lines for counts (the timeline): a label, the count written out, a bar of block characters scaled
to the largest count. Pure text, so it reads the same in 16 colours, under NO_COLOR and piped (``#`` bars)."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = " ▏▎▍▌▋▊▉█"  # eighths of a cell


def bar(n: int, top: int, width: int, ascii: bool = False) -> str:
    """A bar for ``n`` out of ``top`` in ``width`` cells: full blocks and an eighth-cell end (``#`` when
    ``ascii``); a count above zero shows at least a sliver."""
    if n <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = max(1, round(n * width * 8 / top))
    if ascii:
        return "#" * max(1, round(eighths / 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def lines(counts: Sequence[tuple[str, int]], width: int, ascii: bool = False) -> list[str]:
    """One line per (label, count): ``2009  12,408 ██████▌`` with columns aligned, fitting ``width``."""
    if not counts:
        return []
    label_w = max(len(label) for label, _ in counts)
    count_w = max(len(f"{n:,}") for _, n in counts)
    top = max(n for _, n in counts)
    room = max(width - label_w - count_w - 3, 1)
    return [f"{label:<{label_w}}  {n:>{count_w},} {bar(n, top, room, ascii)}".rstrip() for label, n in counts]
