"""Facet counts (origin, classification, tag, year) for a view of the library.

Counting over a large view costs one lookup per cable per facet, too slow at 251k cables. So every import ends
by storing the counts for the whole library and for each single-value filter (one origin, classification, tag
or year) in the ``facet`` table; other views (combined filters, dates, text) are counted live: a small view by
grouping its cables (``live``), a large one by walking each dimension's index (``scanned``). The stored counts are used only while the library is as they were made for (``meta.facets_for``).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from tui.library import columns

DIMS = ("origin", "classification", "tag", "year")
SCAN_SHARE = 0.25  # a view holding at least this share of the library is counted by ``scanned``


def signature(db) -> str:
    """Changes whenever cables or variants are added (a new primary is a new variant)."""
    key, vid = db.execute("SELECT (SELECT max(key) FROM cable), (SELECT max(id) FROM variant)").fetchone()
    return f"{key}:{vid}"


def build(db) -> None:
    """Count, store and stamp; the caller holds the transaction."""
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for origin, cls, year, n in db.execute(
            "SELECT origin, classification, substr(created, 1, 4), count(*) FROM cable GROUP BY 1, 2, 3"):
        values = (("origin", origin), ("classification", cls), ("year", year))
        for scope in (("", ""),) + values:
            c = counts[scope]
            for v in values:
                c[v] += n
    for tag, origin, cls, year, n in db.execute(
            "SELECT t.tag, c.origin, c.classification, substr(c.created, 1, 4), count(*) FROM tag t "
            "JOIN cable c ON c.key = t.cable GROUP BY 1, 2, 3, 4"):
        values = (("origin", origin), ("classification", cls), ("year", year))
        counts[("", "")][("tag", tag)] += n
        mine = counts[("tag", tag)]
        for v in values:
            counts[v][("tag", tag)] += n
            mine[v] += n
    for a, b, n in db.execute("SELECT a.tag, b.tag, count(*) FROM tag a JOIN tag b ON b.cable = a.cable "
                              "GROUP BY 1, 2"):
        counts[("tag", a)][("tag", b)] += n
    db.execute("DELETE FROM facet")
    db.executemany("INSERT INTO facet VALUES(?,?,?,?,?)",
                   [(fd, fv, d, v, n) for (fd, fv), c in counts.items() for (d, v), n in c.items()])
    db.execute("INSERT OR REPLACE INTO meta VALUES('facets_for', ?)", (signature(db),))
    columns.build(db, signature(db))


def ordered(counter: Counter) -> list[tuple[str, int]]:
    """Values and counts, most first (then by value); empty values and zero counts left out."""
    return sorted(((v, n) for v, n in counter.items() if v and n), key=lambda x: (-x[1], x[0]))


def stored(db, f) -> dict | None:
    """The stored counts for filter ``f``, or None when it is not a single-value filter or they are stale."""
    if f.text or f.date_from or f.date_to or f.ids is not None or f.unread:
        return None
    given = [(d, getattr(f, d)) for d in DIMS if getattr(f, d)]
    if len(given) > 1:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'facets_for'").fetchone()
    except sqlite3.OperationalError:  # a library made before facets were stored
        return None
    if row is None or row[0] != signature(db):
        return None
    scopes = [("", "")]
    if given:
        dim, value = given[0]
        value = f"{value:04d}" if dim == "year" else value.upper() if dim == "tag" else value
        scopes = [(dim, value)]
        if dim == "classification":  # SECRET also means SECRET//NOFORN
            scopes += [(dim, v) for (v,) in db.execute(
                "SELECT DISTINCT fvalue FROM facet WHERE fdim = 'classification' AND fvalue GLOB ?",
                (value.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]") + "//*",))]
    out = {d: Counter() for d in DIMS}
    for fd, fv in scopes:
        for d, v, n in db.execute("SELECT dim, value, n FROM facet WHERE fdim = ? AND fvalue = ?", (fd, fv)):
            out[d][v] += n
    return {d: ordered(c) for d, c in out.items()}


def live(db, where: str, args: list, dims=DIMS) -> dict:
    """Counts of ``dims`` for any view, by grouping its cables: one pass for origin, classification and year, one
    for tags."""
    out = {d: Counter() for d in dims}
    if set(dims) - {"tag"}:
        for origin, cls, year, n in db.execute(
                f"SELECT c.origin, c.classification, substr(c.created, 1, 4), count(*) FROM cable c{where} "
                "GROUP BY 1, 2, 3", args):
            for dim, value in (("origin", origin), ("classification", cls), ("year", year)):
                if dim in out:
                    out[dim][value] += n
    if "tag" in dims:
        sql = (f"SELECT tag, count(*) FROM tag WHERE cable IN (SELECT c.key FROM cable c{where}) GROUP BY tag"
               if where else "SELECT tag, count(*) FROM tag GROUP BY tag")
        out["tag"].update(dict(db.execute(sql, args)))
    return {d: ordered(c) for d, c in out.items()}


def scanned(db, where: str, args: list, dims=DIMS, years=None, keys: str = "") -> dict:
    """Counts of ``dims`` for a large view (``live`` sorts every cable in it): each dimension walked in its own
    order, every cable tested against the view, so nothing is sorted: origin and classification along their
    indexes, tags along the tag table (``keys``: a table holding the view's keys, when there is one); years from
    ``years()`` (the timeline's)."""
    out = {}
    for dim in dims:
        if dim == "year":
            out[dim] = [(y, n) for y, n in years() if y]
        elif dim == "tag":
            inside = keys or f"(SELECT c.key FROM cable c{where})"
            out[dim] = list(db.execute(f"SELECT tag, sum(cable IN {inside}) FROM tag GROUP BY tag", [] if keys else args))
        else:
            index = "cable_origin" if dim == "origin" else "cable_class"
            out[dim] = list(db.execute(f"SELECT c.{dim}, count(*) FROM cable c INDEXED BY {index}{where} GROUP BY 1",
                                       args))
    return {d: ordered(Counter(dict(out[d]))) for d in dims}
