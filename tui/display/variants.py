"""A cable's variants (its sources) in words: which source, its date, and the text two variants are compared on.

Pure (no Rich, no Textual): the reader's `v` list and diff view and ``cablereader diff`` describe variants alike.
"""

from __future__ import annotations

from tui.cable.model import Cable
from tui.safetext import line as clean
from tui.safetext import screen


def source_date(cable: Cable) -> str:
    """The source's date: the released date its metadata gives, else "no date"."""
    return f"released {cable.released:%Y-%m-%d}" if cable.released else "no date"


def source_text(cable: Cable) -> str:
    """``raw, no date, /path/001.txt`` (a CSV source with its row), safe for a terminal."""
    source = cable.source
    if source is None:
        return "no source"
    where = source.path + (f" row {source.row}" if source.row is not None else "")
    return clean(f"{source.format}, {source_date(cable)}, {where}")


def describe(number: int, cable: Cable) -> str:
    """``variant 2: raw, no date, /path/001.txt``."""
    return f"variant {number}: {source_text(cable)}"


def text_of(cable: Cable) -> str:
    """What two variants are compared on: the routing header and the text, made safe for a terminal."""
    return screen("\n".join(p for p in (cable.header.rstrip("\n"), cable.body) if p))
