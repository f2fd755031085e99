"""A Filter as SQL over ``cable c``, and how many cables it holds, estimated from what the library stores.

The estimate is what the search planner weighs against the full-text side: exact for a single origin,
classification, tag or year (the stored facet counts), an index count for dates, the size of a set of IDs or
of the unread set, and for several of them the product of their shares (as if independent).
"""

from __future__ import annotations

import datetime as dt
import json

from tui.library import facets
from tui.library.query import Filter

_DATED = "0"  # every stored date starts with a digit; '' (undated) sorts below it
_GLOB_ESCAPES = str.maketrans({"[": "[[]", "*": "[*]", "?": "[?]"})


def where(f: Filter, unread: str = "") -> tuple[str, list]:
    """SQL conditions on ``cable c`` for a Filter's fields other than its text, and their parameters.
    ``unread`` is the condition that keeps the unread cables (see ``reading.py``); it is used when ``f.unread``."""
    sql, args = [], []
    if f.origin:
        sql.append("c.origin = ?")
        args.append(f.origin)
    if f.classification:
        sql.append("(c.classification = ? OR c.classification GLOB ?)")
        args += [f.classification, f.classification.translate(_GLOB_ESCAPES) + "//*"]
    if f.tag:
        sql.append("c.key IN (SELECT cable FROM tag WHERE tag = ?)")
        args.append(f.tag.upper())
    lo, hi = date_range(f)
    if lo:
        sql.append("c.created >= ?")
        args.append(lo)
    if hi:
        sql.append("c.created < ?")
        args.append(hi)
    if f.ids is not None:
        sql.append("c.refid IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(f.ids)))
    if f.unread and unread:
        sql.append(unread)
    return (" WHERE " + " AND ".join(sql)) if sql else "", args


def date_range(f: Filter) -> tuple[str, str]:
    """The filter's year and dates as one half-open range of ``created`` strings; ('', '') for no bound.

    Any bound gives a low end of at least ``_DATED``, so an undated cable (``created = ''``) never matches."""
    if not (f.year or f.date_from or f.date_to):
        return "", ""
    lo, hi = _DATED, ""
    if f.year:
        lo, hi = f"{f.year:04d}", f"{f.year + 1:04d}"
    if f.date_from:
        lo = max(lo, f.date_from.isoformat())
    if f.date_to:
        end = (f.date_to + dt.timedelta(days=1)).isoformat()
        hi = min(hi, end) if hi else end
    return lo, hi


def is_empty(f: Filter) -> bool:
    """True when the filter (its text aside) keeps every cable."""
    return not where(f, "unread")[0]


def estimate(db, f: Filter, total: int, unread_count: int | None = None) -> int:
    """About how many cables the filter (its text aside) holds."""
    counts = []
    stored = _stored(db)
    for dim in ("origin", "classification", "tag"):
        value = getattr(f, dim)
        if not value:
            continue
        value = value.upper() if dim == "tag" else value
        if stored is not None:  # SECRET holds SECRET//NOFORN too
            n = sum(k for (d, v), k in stored.items()
                    if d == dim and (v == value or dim == "classification" and v.startswith(value + "//")))
        elif dim == "tag":
            n = db.execute("SELECT count(*) FROM tag WHERE tag = ?", (value,)).fetchone()[0]
        else:
            w, a = where(Filter(**{dim: value}))
            n = db.execute(f"SELECT count(*) FROM cable c{w}", a).fetchone()[0]
        counts.append(n)
    lo, hi = date_range(f)
    if lo or hi:
        if f.year and not (f.date_from or f.date_to) and stored is not None and ("year", f"{f.year:04d}") in stored:
            counts.append(stored[("year", f"{f.year:04d}")])
        else:
            counts.append(db.execute("SELECT count(*) FROM cable WHERE created >= ? AND created < ?",
                                     (lo, hi or "\uffff")).fetchone()[0])
    if f.ids is not None:
        counts.append(len(f.ids))
    if f.unread and unread_count is not None:
        counts.append(unread_count)
    if not counts:
        return total
    share = 1.0
    for n in counts:
        share *= min(n, total) / max(total, 1)
    return max(min(counts) if share * total > min(counts) else int(share * total), 0)


def _stored(db) -> dict | None:
    """The whole library's stored counts per single value, or None when they are stale or missing."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'facets_for'").fetchone()
    except Exception:
        return None
    if row is None or row[0] != facets.signature(db):
        return None
    return {(d, v): n for d, v, n in db.execute("SELECT dim, value, n FROM facet WHERE fdim = '' AND fvalue = ''")}
