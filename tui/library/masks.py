"""A filter as a bitmap of cable keys, and as the byte map the search plan tests each full-text match against.

Testing a match against a byte map is a byte of a blob in SQL (``substr(map, rowid + 1, 1)``): no table of the
filter's ids to fill, no cable row to look up, no call into Python. The bitmap (a Python int, bit k for the cable of key k) is
made from the stored columns for origin, classification, tag and year (``columns.Columns.narrow``: a few
big-integer operations), from the read marks for unread, and from the keys SQL finds for dates and IDs (one
``group_concat`` read as JSON). Only for a library whose every text's id is its cable's key (``identity``).
"""

from __future__ import annotations

import json

from tui.library import columns, filters
from tui.library.query import Filter

def _found(db, sql: str, args: list, n: int) -> int:
    """The bitmap of the keys one SQL statement finds (a single ``group_concat(key)``)."""
    return columns.bits_of(columns.marked(db, sql, args, n))


def bitmap(db, cols: columns.Columns, f: Filter, unread: int | None) -> int:
    """The cables of ``f`` (its text aside) as a bitmap; ``unread``: the unread cables' bitmap, for ``f.unread``."""
    bits = cols.narrow(cols.cables, f)
    if f.date_from or f.date_to:  # the year, if any, is narrowed already
        lo, hi = filters.date_range(Filter(date_from=f.date_from, date_to=f.date_to))
        bits &= _found(db, "SELECT group_concat(key) FROM cable WHERE created >= ? AND created < ?",
                       [lo, hi or "\uffff"], cols.n)
    if f.ids is not None:
        bits &= _found(db, "SELECT group_concat(key) FROM cable WHERE refid IN (SELECT value FROM json_each(?))",
                       [json.dumps(list(f.ids))], cols.n)
    if f.unread and unread is not None:
        bits &= unread
    return bits


def bounds(bits: int) -> tuple[int, int]:
    """The lowest and highest key set ((0, -1) for none)."""
    return ((bits & -bits).bit_length() - 1, bits.bit_length() - 1) if bits else (0, -1)
