"""Full-text search inside any filter: a plan chosen from counts, the top hits ranked, every hit by rank or date.

Ranking (bm25) costs a few microseconds per matching text, walking a match list a fraction of that, so the plan
ranks as few texts as it can:
- no filter: rank every match (SQLite's sorter keeps the top ones);
- the filter's size is estimated from stored counts (``filters.estimate``) and the query's matches are counted
  up to that size (a capped walk of the match list, no ranking): the smaller side drives;
- a query matching fewer texts than the filter holds cables: each match is tested against the filter (a join
  on the row keys) and only those passing are ranked;
- a filter smaller than the query's matches: its variant ids are put in a temporary table once (kept while the
  filter is the same, so a reader typing queries in one view pays it once) and only the matches among them are
  ranked; the match list is walked only between the filter's lowest and highest id (FTS5 seeks there), which
  makes date ranges cheap because ids follow the import order.
- when the library can make the filter's bitmap (``masks.py``: stored columns, one text per cable), that plan
  ('mask') replaces the others: each match in the filter's id range is tested against a byte map (a byte of a
  blob, ~0.1 us) and only those passing are ranked, whatever the two sides' sizes.
- before any plan, the best hits of a one-word query whose word is in 60,000 texts or more come from the word's
  stored list of its best texts (``champions.py``), when enough of the list lies inside the filter.

``Searcher`` is the Library's search half; ``Library.search``, ``search_count``, ``search_keys``, ``hits`` and
``interrupt`` are its public face (see their docstrings).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from array import array

from tui.library import champions, codec, columns, facets, filters, masks, schema
from tui.library.query import Filter, Hit

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the query language loads when a query is made (library.index), not with the library
    from tui.library import fulltext

TOP = 500  # pages within the first TOP hits by rank come from a ranked query; deeper ones from the full list
DENSE = 0.25  # a filter holding at least this share of the library: rank first, then test the best ones


class Interrupted(Exception):
    """The search was stopped by ``Library.interrupt`` (a newer query replaced it)."""


def interruptible(method):
    """A Library method whose statements ``Library.interrupt`` may stop: it raises ``Interrupted`` then."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc):
                raise Interrupted() from None
            raise
    return run


# variant id -> cable through the small covering index, never the table of texts (a page per lookup). Joined as
# ``c.key = +v.cable``: without the ``+`` SQLite carries a filter's ``c.key IN (...)`` over to v.cable and walks
# that whole list for every match.
_VMAP = "variant v INDEXED BY variant_map"


class Searcher:
    """Full-text search over one connection (``db``): the plan, ranked pages, counts, every hit's key."""

    def __init__(self, db: sqlite3.Connection, zdict: bytes, sizes, stored_columns):
        self.db = db
        self.zdict = zdict
        self.sizes = sizes  # () -> (cables, whether each has one variant), for this version of the file
        self.columns = stored_columns  # () -> the stored columns of this version (columns.py), or None
        self._allowed: tuple | None = None  # (where, args) whose variant ids temp.allowed holds
        self._keys: tuple | None = None  # (query, where, args, order) -> every hit's row key, in order
        self._total: int | None = None
        self._view_for: tuple | None = None  # (where, args, (lowest, highest id), the filter's byte map, its size)

    def forget(self) -> None:
        """Drop what is kept between queries (the library changed)."""
        self._allowed = None
        self._keys = None
        self._total = None
        self._view_for = None

    # ------------------------------------------------------------------------------------------ plans

    def _run(self, sql: str, args: list) -> list:
        return self.db.execute(sql, args).fetchall()

    def matches_at_least(self, fts: str, n: int) -> int:
        """How many texts match, counted up to ``n`` (a capped walk of the match list, no ranking)."""
        return self._run("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)", [fts, n])[0][0]

    def plan(self, fts: str, where: str, args: list, estimate, top: bool = False, bits=None) -> str:
        """'all' (no filter); 'mask' when ``bits()`` makes the filter's bitmap (not None); 'inside' (the filter's
        ids in a table, then only the matches among them are ranked) when the filter holds fewer cables than the
        query matches texts, or its ids are in the table already; else 'join' (each match tested against the
        filter, those passing ranked). For the top hits (``top``) of a dense filter: 'first' (rank every match as
        without a filter, test the best ones until enough pass)."""
        if not where:
            return "all"
        if self._masked(where, args, bits):
            return "mask"
        if self._allowed is not None and self._allowed[:2] == (where, args):
            return "inside"
        n_filter, total = estimate()
        if top and n_filter >= DENSE * total:
            return "first"
        return "inside" if self.matches_at_least(fts, n_filter + 1) > n_filter else "join"

    def _masked(self, where: str, args: list, bits) -> bool:
        """Whether the filter's byte map is made (``bits``: () -> its bitmap, or None when it cannot be made)."""
        if self._view_for is not None and self._view_for[:2] == (where, args):
            return True
        if bits is not None and (made := bits()) is not None:
            self._view_for = (where, args, masks.bounds(made), columns.byte_map(made), made.bit_count())
            return True
        return False

    def _fill_allowed(self, where: str, args: list) -> tuple[int, int]:
        """Put the filter's variant ids in temp.allowed (once per filter); their lowest and highest."""
        if self._allowed is None or self._allowed[:2] != (where, args):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS allowed(id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.allowed")
            self._allowed = None
            if self.sizes()[1]:  # one variant each: its id is on the cable's row, no join
                self._run(f"INSERT INTO temp.allowed SELECT c.primary_variant FROM cable c{where}", args)
            else:
                self._run(f"INSERT INTO temp.allowed SELECT v.id FROM cable c JOIN variant v ON v.cable = c.key{where}",
                          args)
            lo, hi = self.db.execute("SELECT min(id), max(id) FROM temp.allowed").fetchone()
            self._allowed = (where, args, (lo or 0, hi or -1))
        return self._allowed[2]

    def _matches(self, fts: str, where: str, args: list, plan: str, score: bool) -> tuple[str, list]:
        """SQL of (variant id[, score]) for every match the filter keeps, as the plan finds them."""
        cols = f"fts.rowid{f', {schema.SCORE} AS r' if score else ''}"
        if plan == "all":
            return f"SELECT {cols} FROM fts WHERE fts MATCH ?", [fts]
        if plan == "join":  # CROSS JOIN keeps the match list outermost: FTS5 is never asked row by row
            cond = " WHERE fts MATCH ? AND v.id = fts.rowid AND c.key = +v.cable AND "
            return (f"SELECT {cols} FROM fts CROSS JOIN {_VMAP} CROSS JOIN cable c{where.replace(' WHERE ', cond, 1)}",
                    [fts] + args)
        if plan == "mask":  # the byte of each match's id in the map: a blob's substr is C, no call into Python
            (lo, hi), view = self._view_for[2:4]
            return (f"SELECT {cols} FROM fts WHERE fts MATCH ? AND fts.rowid BETWEEN ? AND ? "
                    "AND substr(?, fts.rowid + 1, 1) = x'01'", [fts, lo, hi, view])
        lo, hi = self._fill_allowed(where, args)
        return (f"SELECT {cols} FROM fts WHERE fts MATCH ? AND fts.rowid BETWEEN ? AND ? "
                "AND +fts.rowid IN temp.allowed", [fts, lo, hi])

    # ------------------------------------------------------------------------------------------ answers

    def top(self, fts: str, where: str, args: list, estimate, n: int, bits=None) -> list[tuple[int, float]]:
        """The best ``n`` hits as (row key, score), one per cable."""
        best = self._champions(fts, where, args, n, bits)
        if best is not None:
            return best
        plan = self.plan(fts, where, args, estimate, top=True, bits=bits)
        sql, sql_args = self._matches(fts, where, args, "all" if plan == "first" else plan, score=True)
        n_filter, total = estimate() if plan == "first" else (1, 1)
        want = n + 8 if plan != "first" else int((n + 8) * 2 * total / max(n_filter, 1))
        while True:
            ranked = self._run(sql + " ORDER BY r, fts.rowid LIMIT ?", sql_args + [want])
            ids = [r for r, _ in ranked]
            if plan == "first":  # the filter, tested on the best matches only
                cables = self._cables_of(ids, where, args)
            else:
                # the table, not the index: these few rows' pages are the ones ``hits`` reads the texts from
                cables = dict(self._run("SELECT id, cable FROM variant WHERE id IN (SELECT value FROM json_each(?))",
                                        [json.dumps(ids)]))
            out = _one_per_cable(ranked, cables, n)
            if len(out) >= n or len(ranked) < want:
                return out
            want *= 4

    def _champions(self, fts: str, where: str, args: list, n: int, bits) -> list[tuple[int, float]] | None:
        """The best ``n`` hits of a one-word query from the word's stored list (champions.py), or None when it
        has none or holds fewer than ``n`` cables inside the filter (then ranking every match is cheap)."""
        word = champions.word_of(fts)
        listed = word and champions.load(self.db, facets.signature(self.db), word)
        if not listed:
            return None
        ids, scores = listed
        if where and self._masked(where, args, bits):
            view = self._view_for[3]
            cables = {i: i for i in ids if i < len(view) and view[i]}  # the mask plan: every text's id is its key
        else:
            cables = self._cables_of(ids.tolist(), where, args)
        out = _one_per_cable(zip(ids, scores), cables, n)
        return out if len(out) == n else None

    def _cables_of(self, ids: list[int], where: str, args: list) -> dict[int, int]:
        """Text id -> cable key for these texts whose cables the filter holds (CROSS JOIN: driven by the ids)."""
        cond = " WHERE v.id = j.value AND c.key = +v.cable" + (where.replace(" WHERE ", " AND ", 1) if where else "")
        return dict(self._run(f"SELECT v.id, v.cable FROM json_each(?) j CROSS JOIN {_VMAP} CROSS JOIN cable c{cond}",
                              [json.dumps(ids)] + args))

    def keys(self, fts: str, where: str, args: list, estimate, order: str, bits=None) -> array:
        """Every hit's row key, by rank (best first) or by date (newest first); kept for the last query."""
        name = (fts, where, json.dumps(args), order)
        if self._keys is not None and self._keys[0] == name:
            return self._keys[1]
        plan = self.plan(fts, where, args, estimate, bits=bits)
        cols = self.columns() if plan in ("all", "mask") else None
        if cols is not None and order == "date" and plan == "mask" and self._view_for[4] < cols.n // 10:
            cols = None  # a small filter: sorting its few hits by date in SQL costs less than a pass over every key
        if cols is not None and cols.identity:  # each match's id is its cable's key: no lookup, no join
            sql, sql_args = self._matches(fts, where, args, plan, score=order != "date")
            if order == "date":  # the hits marked in a byte per key, taken in the stored newest-first order
                keys = cols.newest_first(columns.marked(self.db, f"SELECT group_concat(h.rowid) FROM ({sql}) h",
                                                        sql_args, cols.n))
            else:
                found = self._run(f"SELECT group_concat(h.rowid) FROM ({sql} ORDER BY r, fts.rowid) h", sql_args)[0][0]
                keys = array("q", json.loads(f"[{found or ''}]"))
        elif order == "date":
            sql, sql_args = self._matches(fts, where, args, plan, score=False)
            rows = self._run("SELECT c.key FROM cable c WHERE c.key IN (SELECT v.cable FROM variant v "
                             f"INDEXED BY variant_map WHERE v.id IN ({sql})) ORDER BY c.created DESC, c.key DESC",
                             sql_args)
            keys = array("q", (k for (k,) in rows))
        else:
            sql, sql_args = self._matches(fts, where, args, plan, score=True)
            rows = self._run(f"SELECT v.cable FROM ({sql}) h JOIN variant v INDEXED BY variant_map ON v.id = h.rowid "
                             "ORDER BY h.r", sql_args)
            keys = array("q", dict.fromkeys(k for (k,) in rows))
        self._keys = (name, keys)
        return keys

    def count(self, fts: str, where: str, args: list, estimate, bits=None) -> int:
        """How many cables hold a match within the filter (the matches are walked, none ranked)."""
        sql, sql_args = self._matches(fts, where, args, self.plan(fts, where, args, estimate, bits=bits),
                                      score=False)
        if self.sizes()[1]:
            return self._run(f"SELECT count(*) FROM ({sql})", sql_args)[0][0]
        return self._run(f"SELECT count(DISTINCT v.cable) FROM variant v INDEXED BY variant_map WHERE v.id IN ({sql})",
                         sql_args)[0][0]

    def hits(self, q: fulltext.Query, scored: list[tuple[int, float | None]]) -> list[Hit]:
        """Hits with snippets for (row key, score) pairs, in the order given."""
        from tui.library import fulltext

        keys = [k for k, _ in scored]
        found = {r[0]: r[1:] for r in self.db.execute(
            "SELECT c.key, c.refid, v.text FROM cable c JOIN variant v ON v.id = c.primary_variant "
            "WHERE c.key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))}
        out = []
        for key, score in scored:
            if key in found:
                refid, blob = found[key]
                snip, spans = fulltext.snippet(codec.decompress(blob, self.zdict), q)
                out.append(Hit(refid, snip, spans, score, key))
        return out


def _one_per_cable(ranked, cables: dict[int, int], n: int) -> list[tuple[int, float]]:
    """The first ``n`` (cable key, score) of (text id, score) pairs, best first, one per cable: texts whose id
    ``cables`` lacks (outside the filter) left out."""
    out: dict[int, float] = {}
    for vid, score in ranked:
        key = cables.get(vid)
        if key is not None and key not in out:
            out[key] = score
            if len(out) == n:
                break
    return list(out.items())
