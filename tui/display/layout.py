"""A cable laid out at a width: its lines, where its links sit, which lines hold search matches."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text


@dataclass(frozen=True)
class Link:
    line: int
    start: int
    end: int
    target: str
    present: bool  # the cited cable is in the library


@dataclass
class Layout:
    lines: list[Text]
    links: list[Link] = field(default_factory=list)
    matches: list[int] = field(default_factory=list)  # line numbers holding a search match
