"""The small value types the library answers with, shared by the app, the CLI and the reading state."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Filter:
    """A view of the library. Every field narrows; an empty Filter is the whole library."""

    text: str = ""  # full-text query (FTS5 syntax accepted: phrases, prefix*)
    origin: str | None = None  # as stored, e.g. "Embassy Mexico"
    classification: str | None = None  # SECRET also matches SECRET//NOFORN
    tag: str | None = None  # PGOV
    year: int | None = None  # created year
    date_from: dt.date | None = None  # created on or after
    date_to: dt.date | None = None  # created on or before
    ids: tuple[str, ...] | None = None  # only these reference IDs (starred view, a list of hits)

    def to_dict(self) -> dict:
        d = {k: v for k, v in dataclasses.asdict(self).items() if v not in (None, "")}
        for k in ("date_from", "date_to"):
            if k in d:
                d[k] = d[k].isoformat()
        if "ids" in d:
            d["ids"] = list(d["ids"])
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Filter":
        d = dict(d)
        for k in ("date_from", "date_to"):
            if d.get(k):
                d[k] = dt.date.fromisoformat(d[k])
        if d.get("ids") is not None:
            d["ids"] = tuple(d["ids"])
        return cls(**{k: v for k, v in d.items() if k in {f.name for f in dataclasses.fields(cls)}})

    def describe(self) -> str:
        """Short human form for a status line: ``origin=Embassy Mexico tag=PGOV``."""
        return " ".join(f"{k}={v}" for k, v in self.to_dict().items() if k != "ids") or "all cables"


@dataclass(frozen=True)
class Row:
    """One sidebar line: what the list shows without loading the cable."""

    key: int  # the library's row key
    reference_id: str
    created: str  # 'YYYY-MM-DD HH:MM' or ''
    classification: str
    origin: str
    subject: str


@dataclass(frozen=True)
class Hit:
    """One full-text search result."""

    reference_id: str
    snippet: str  # plain text around the match
    spans: tuple[tuple[int, int], ...]  # (start, end) of matched words within snippet
    rank: float
