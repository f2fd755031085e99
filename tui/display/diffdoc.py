"""Two variants' word diff laid out at a width, for a ``CableView``.

The diff itself is ``tui.cable.diff``; here it becomes lines: a head naming both variants, then the text with
deleted words struck through between ``[-`` and ``-]`` and inserted ones underlined between ``{+`` and ``+}``
(legible in 16 colours and with NO_COLOR: the markers, not the colours, carry the meaning).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.cable import diff as worddiff
from tui.cable.model import Cable
from tui.display.layout import Layout
from tui.display.text import wrap
from tui.display.variants import describe, text_of
from tui.safetext import line as clean

DELETED = Style(color="red", strike=True)
INSERTED = Style(color="green", bold=True, underline=True)
HEAD = Style(bold=True)


class DiffDocument:
    """Two variants of one cable compared word by word; ``layout(width)`` as ``CableDocument``'s, for a
    ``CableView`` (``cable`` is the first variant: the view's reference ID)."""

    def __init__(self, a: tuple[int, Cable], b: tuple[int, Cable]) -> None:
        self.a, self.b = a, b
        self.cable = a[1]
        self.note = ""
        self.runs = worddiff.diff(text_of(a[1]), text_of(b[1]))
        self.deleted, self.inserted = worddiff.counts(self.runs)
        self._lines = [_line(pieces) for pieces in worddiff.pieces(self.runs)]
        self._layouts: dict[int, Layout] = {}

    def title(self) -> Text:
        """``10MEXICO83 variants 1, 2: [-2,191 deleted-] {+23 inserted+}``: the counts are the legend."""
        out = Text(f"{clean(self.cable.reference_id)} variants {self.a[0]}, {self.b[0]}: ", style=HEAD,
                   end="", no_wrap=True, overflow="ellipsis")
        if not worddiff.changed(self.runs):
            out.append("the same words (line breaks aside)")
            return out
        out.append(f"[-{self.deleted:,} deleted-]", style=DELETED)
        out.append(" ")
        out.append(f"{{+{self.inserted:,} inserted+}}", style=INSERTED)
        return out

    def layout(self, width: int, decode: bool = False, original: bool = False) -> Layout:
        width = max(width, 20)
        if width not in self._layouts:
            out = Layout(lines=[])
            for prefix, (number, cable) in (("---", self.a), ("+++", self.b)):
                head = Text(prefix + " ", style=HEAD)
                head.append(describe(number, cable))
                out.lines.extend(wrap(head, width))
            out.lines.append(Text("─" * width, style="bright_black"))
            out.text_start = len(out.lines)
            for line in self._lines:
                out.lines.extend(wrap(line, width))
            self._layouts = {width: out}
        return self._layouts[width]


def _line(pieces: list[tuple[str, str]]) -> Text:
    text = Text(end="", no_wrap=True)
    for op, part in pieces:
        if op == worddiff.DELETE:
            text.append(f"[-{part}-]", style=DELETED)
        elif op == worddiff.INSERT:
            text.append(f"{{+{part}+}}", style=INSERTED)
        else:
            text.append(part)
    return text
