"""A cable laid out at a width: its lines, where its links sit, where its text starts and comes from."""

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
    text_start: int = 0  # the first line of the cable text (after the card)
    sources: list[int] = field(default_factory=list)  # per line of the text: the source line it starts in
