"""Counts of a view per year or month (the timeline), and the plan that keeps them cheap at 251k cables.

Grouping a view by ``substr(created, ...)`` sorts every cable in it: fine for a few thousand, most of a second
for the whole library. Counting an index range sorts nothing. So:
- a view held by an index (no filter; origin, classification, year, dates): one range count per period, in the
  index of the filter's column (``cable_origin``, ``cable_class``: both end in ``created``) or of ``created``;
- a view given by keys (full text, tag, IDs, unread) and large (``SCAN_SHARE`` of the library or more): the same
  range counts along the date index, each cable tested against the view (linear in the library, no sort);
- a small one: its cables grouped (a sort of the view only).
``Library.timeline`` chooses (it knows the view's size from stored counts and the full-text matches).
"""

from __future__ import annotations

import datetime as dt
import json

from tui.library import filters
from tui.library.query import Filter

SCAN_SHARE = 0.125  # a keyed view holding at least this share of the library is counted along the date index
WIDTH = {"year": 4, "month": 7}  # the leading characters of ``created`` that name a period
_IN_PERIOD = "c.created >= json_extract(p.value, '$[1]') AND c.created < json_extract(p.value, '$[2]')"


def keyed(f: Filter) -> bool:
    """True when the view is given by keys (full text, tag, IDs, unread) rather than by an index range."""
    return bool(f.text or f.tag or f.ids is not None or f.unread)


def periods(db, by: str, lo: str = "", hi: str = "") -> list[tuple[str, str, str]]:
    """Every year or month from the library's first dated cable to its last, within ``created`` >= ``lo`` and <
    ``hi`` when given: (label, low, high) bounds of ``created`` (high excluded), clipped to those."""
    first = db.execute("SELECT min(created) FROM cable WHERE created >= '0'").fetchone()[0]
    last = db.execute("SELECT max(created) FROM cable").fetchone()[0]
    if not first:
        return []
    out = []
    for y in range(int(first[:4]), int(last[:4]) + 1):
        if by == "year":
            out.append((f"{y:04d}", f"{y:04d}", f"{y + 1:04d}"))
            continue
        for m in range(1, 13):
            out.append((f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}", f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"))
    clipped = [(label, max(a, lo), min(b, hi) if hi else b) for label, a, b in out]
    return [(label, a, b) for label, a, b in clipped if a < b and first[:len(label)] <= label <= last[:len(label)]]


def levels(db, classification: str) -> list[str]:
    """The stored classifications a filter's one means (SECRET: SECRET and SECRET//NOFORN), found by walking
    the distinct values of the classification index (one seek each)."""
    found = [c for (c,) in db.execute(
        "WITH RECURSIVE v(c) AS (SELECT min(classification) FROM cable UNION ALL SELECT (SELECT min(classification) "
        "FROM cable WHERE classification > v.c) FROM v WHERE v.c IS NOT NULL) SELECT c FROM v WHERE c IS NOT NULL")]
    return [c for c in found if c == classification or c.startswith(classification + "//")]


def _and(where: str, cond: str) -> str:
    return (where + " AND " if where else " WHERE ") + cond


def by_range(db, where: str, args: list, by: str, lo: str = "", hi: str = "", index: str = "") -> list[tuple[str, int]]:
    """One count per period of the rows ``where`` keeps, each a range of ``created`` (``index``: an INDEXED BY
    clause to walk the date index, for a keyed view). Periods without a cable are left out."""
    bounds = periods(db, by, lo, hi)
    if not bounds:
        return []
    sql = (f"SELECT json_extract(p.value, '$[0]'), (SELECT count(*) FROM cable c{index}"
           f"{_and(where, _IN_PERIOD)})"
           " FROM json_each(?) p")
    return [(label, n) for label, n in db.execute(sql, [*args, json.dumps(bounds)]) if n]


def by_group(db, where: str, args: list, by: str, lo: str, hi: str) -> list[tuple[str, int]]:
    """The view's cables created >= ``lo`` (and < ``hi``) grouped by period (sorts the view: for small ones)."""
    dated = _and(where, "c.created >= ?" + (" AND c.created < ?" if hi else ""))
    return db.execute(f"SELECT substr(c.created, 1, {WIDTH[by]}), count(*) FROM cable c{dated} GROUP BY 1 ORDER BY 1",
                      args + [lo] + ([hi] if hi else [])).fetchall()


def undated(db, where: str, args: list) -> int:
    blank = _and(where, "c.created = ''")
    return db.execute(f"SELECT count(*) FROM cable c{blank}", args).fetchone()[0]


def counts(db, f: Filter, where_of, size, by: str) -> list[tuple[str, int]]:
    """The view's cables per period, oldest first, and the undated ones last as ``("", n)`` when there are any.
    ``where_of(filter)`` gives a Filter's SQL; ``size()`` (about how many cables the view holds, how many the
    library holds)."""
    if by not in WIDTH:
        raise ValueError(f"by must be year or month, not {by!r}")
    lo, hi = filters.date_range(f)
    # the dates bound each period's range instead of the statement's (else each period walks all of them), and a
    # classification is named by its stored levels (an IN list walks (classification, created); a GLOB cannot)
    base = f._replace(year=None, date_from=None, date_to=None, classification=None)
    where, args = where_of(base)
    if f.classification:
        named = levels(db, f.classification) or [f.classification]
        where, args = _and(where, f"c.classification IN ({', '.join('?' * len(named))})"), args + named
    if not keyed(f):
        out = by_range(db, where, args, by, lo, hi)
    else:
        n, total = size()
        if n >= SCAN_SHARE * total and not (f.origin or f.classification):
            out = by_range(db, where, args, by, lo, hi, " INDEXED BY cable_created")
        else:
            out = by_group(db, where, args, by, lo or "0", hi)
    lost = undated(db, where, args) if not lo else 0
    return out + ([("", lost)] if lost else [])


def narrowed(f: Filter, period: str) -> Filter:
    """``f`` narrowed to a period of the timeline: a year (``2009``) as ``year``, a month (``2009-03``) as a
    date range of its days."""
    if len(period) == 4:
        return f._replace(year=int(period), date_from=None, date_to=None)
    y, m = int(period[:4]), int(period[5:7])
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    return f._replace(year=None, date_from=dt.date(y, m, 1), date_to=last)
