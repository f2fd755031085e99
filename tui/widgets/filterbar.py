"""The `/` filter bar and the full-text search bar, and the small language they read."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from tui.library.query import Filter

TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)')
CLASSES = {
    "S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED",
    "S/NF": "SECRET//NOFORN", "C/NF": "CONFIDENTIAL//NOFORN",
}
KEYS = ("origin", "class", "tag", "year")


class FilterError(ValueError):
    """A filter the user typed that cannot be applied."""


def parse_filter(text: str) -> Filter:
    """``tag:PGOV year:2009 class:S origin:"Embassy Mexico" human rights`` -> Filter. Unknown keys stay text."""
    fields: dict = {}
    rest = []
    pos = 0
    for m in TOKEN.finditer(text):
        key, value = m.group(1).lower(), m.group(2).strip('"')
        if key not in KEYS:
            continue
        rest.append(text[pos:m.start()])
        pos = m.end()
        if key == "year":
            if not value.isdigit():
                raise FilterError(f"year must be a number, not {value!r}")
            fields["year"] = int(value)
        elif key == "class":
            if value.upper() in ("NF", "NOFORN"):
                raise FilterError("NOFORN goes with a level: class:S/NF or class:C/NF")
            fields["classification"] = CLASSES.get(value.upper(), value.upper())
        elif key == "tag":
            fields["tag"] = value.upper()
        else:
            fields["origin"] = value
    rest.append(text[pos:])
    words = " ".join(" ".join(rest).split())
    return Filter(text=words, **fields)


def format_filter(f: Filter) -> str:
    """The inverse of parse_filter, for putting a filter back into the bar."""
    parts = []
    if f.origin:
        parts.append(f'origin:"{f.origin}"' if " " in f.origin else f"origin:{f.origin}")
    if f.classification:
        parts.append(f"class:{f.classification}")
    if f.tag:
        parts.append(f"tag:{f.tag}")
    if f.year:
        parts.append(f"year:{f.year}")
    if f.text:
        parts.append(f.text)
    return " ".join(parts)


class QueryBar(Input):
    """A one-line bar under the status line: `/` filters, `S` searches. Enter applies, Esc clears and closes."""

    HELP_TITLE = "Filter and search bar"
    BINDINGS = [Binding("escape", "cancel", "Clear", id="bar.cancel")]

    class Cancelled(Message):
        def __init__(self, bar: "QueryBar") -> None:
            super().__init__()
            self.bar = bar

    def __init__(self, mode: str = "filter", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))
