"""The Library: one SQLite file of cables, opened for reading: views, rows, counts and facets of a Filter, cables
by ID, their links, and full-text search (planned in search.py, the query language in fulltext.py).

The tables are in schema.py; filters.py turns a Filter into SQL; reading.py the reading state into row keys;
protocol.py says what the screens use; home.py opens the home folder's library (or the samples).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from pathlib import Path

from tui.library import codec, columns, filters, loose, masks, periods, schema
from tui.library import facets as facet_counts
from tui.library.query import Filter, Hit, Row, Stored, pick_origin
from tui.library.reading import ReadKeys
from tui.library.search import TOP, Searcher, interruptible

TYPE_CHECKING = False  # as typing has it, without loading typing (~4 ms of each command)
if TYPE_CHECKING:  # the parser (tui.cable) loads only when a cable is opened, the query language when a query is
    from tui.cable.model import Cable
    from tui.library import fulltext

_VARIANTS = "FROM cable c JOIN variant v ON v.cable = c.key WHERE c.key = ?"  # a cable's sources
_SORTS = {"date": "c.created DESC, c.key DESC", "id": "c.refid", "origin": "c.origin, c.created DESC, c.key DESC"}


def _translate(text: str) -> fulltext.Query:
    """``fulltext.translate``: the query language loads when a query is made (``show`` makes none: ~7 ms)."""
    from tui.library import fulltext

    return fulltext.translate(text)


class Library:
    """A library file opened for reading. Use from one thread at a time (open another for a worker thread)."""

    def __init__(self, path: Path, *, is_samples: bool = False, cleanup: Path | None = None):
        self.path = Path(path)
        self.is_samples = is_samples
        self._cleanup = cleanup
        self.db = schema.connect(self.path, write=not self.path.exists() or self.path.stat().st_size == 0)
        self._facets: dict = {}
        self._hits_for: str | None = None  # the full-text query whose matches temp.hits holds
        self._version = None
        self._stations: loose.Stations | None = None
        row = self.db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
        self._zdict: bytes = row[0] if row else b""
        self.skipped: dict[str, int] = dict(self.db.execute(
            "SELECT reason, count(*) FROM issue WHERE skipped = 1 GROUP BY reason ORDER BY 2 DESC"))
        self._searcher = Searcher(self.db, self._zdict, self._sizes, self._stored_columns)
        self._read = ReadKeys()  # what the reading state says is read (set_read), for Filter(unread=True)
        # A byte per row key, 1 where ReadKeys lists the key, asked from SQL as listed_read(key): no table to fill
        # (tens of thousands of keys), one C call per row tested. Filled when first used for this ReadKeys and file.
        self._marks = bytearray()
        self._marks_for: ReadKeys | None = None
        self.db.create_function("listed_read", 1, self._marks.__getitem__)
        self._counts: tuple[int, bool] | None = None  # (cables, one variant each) for this data version
        self._columns = self._bits = None  # the stored columns (False: none for this version); (Filter, bitmap)

    # ------------------------------------------------------------------------------------------ opening
    # (from a home folder, or a throwaway library of some files: tui.library.home)

    def close(self) -> None:
        self.db.close()
        if self._cleanup is not None:
            import shutil

            shutil.rmtree(self._cleanup, ignore_errors=True)
            self._cleanup = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------------------------------ sidebar

    def _fresh(self) -> None:
        """Forget cached answers when the file changed (another connection wrote to it)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._facets.clear()
            self._hits_for = None
            self._searcher.forget()
            self._counts = None
            self._columns = self._bits = None
            self._marks_for = None  # new cables: keys beyond the marks
            self._version = version

    def set_read(self, read: ReadKeys) -> None:
        """Which cables are read (``tui.library.reading.read_keys(state, library)``), for ``Filter(unread=True)``
        in views, counts, facets and searches. Until it is called every cable counts as unread."""
        if read != self._read:
            self._read = read
            self._facets.clear()
            self._hits_for = None
            self._searcher.forget()

    def _unread_sql(self, f: Filter) -> str:
        """The condition keeping unread cables, with the marks of the read keys brought up to date."""
        if not f.unread or (not self._read.keys and not self._read.everything):
            return ""
        if self._marks_for is not self._read:
            top = self.db.execute("SELECT max(key) FROM cable").fetchone()[0] or 0
            self._marks[:] = bytes(max(top, max(self._read.keys, default=0)) + 1)  # in place: the function keeps it
            for k in self._read.keys:
                self._marks[k] = 1
            self._marks_for = self._read
        return "listed_read(c.key)" if self._read.everything else "NOT listed_read(c.key)"

    def _sizes(self) -> tuple[int, bool]:
        """(number of cables, whether each has one variant), for this version of the file."""
        self._fresh()
        if self._counts is None:
            cables, variants = self.db.execute(
                "SELECT (SELECT count(*) FROM cable), (SELECT count(*) FROM variant)").fetchone()
            self._counts = (cables, cables == variants)
        return self._counts

    def _where(self, f: Filter) -> tuple[str, list]:
        """The filter's SQL, with a text filter's matching cables kept in a temporary table for the last query,
        so the view, its count and its facets run the full-text query once."""
        self._fresh()
        base = filters.where(f, self._unread_sql(f))
        if not f.text:
            return base
        q = _translate(f.text).fts
        if not q:
            return base[0] + (" AND 0" if base[0] else " WHERE 0"), base[1]
        if q != self._hits_for:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hits(key INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.hits")
            # the match list outermost (CROSS JOIN), each match's cable looked up: no list of matches built first
            self.db.execute("INSERT OR IGNORE INTO temp.hits SELECT v.cable FROM fts CROSS JOIN variant v INDEXED BY "
                            "variant_map WHERE fts MATCH ? AND v.id = fts.rowid", (q,))
            self._hits_for = q
        where, args = base
        return (where + " AND " if where else " WHERE ") + "c.key IN temp.hits", args

    @interruptible
    def view(self, filter: Filter = Filter(), sort: str = "date") -> Sequence[int]:
        """Row keys of the view, in order (date: newest first)."""
        where, args = self._where(filter)
        order = _SORTS.get(sort, _SORTS["date"])
        rows = self.db.execute(f"SELECT c.key FROM cable c{where} ORDER BY {order}", args).fetchall()
        return array("q", [k for (k,) in rows])

    def rows(self, keys: Sequence[int]) -> list[Row]:
        """Sidebar rows for ``keys``, in the order given."""
        keys = list(keys)
        if not keys:
            return []
        found = {r[0]: Row(*r) for r in self.db.execute(
            "SELECT key, refid, created, classification, origin, subject FROM cable "
            "WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))}
        return [found[k] for k in keys if k in found]

    @interruptible
    def count(self, filter: Filter = Filter()) -> int:
        where, args = self._where(filter)
        return self.db.execute(f"SELECT count(*) FROM cable c{where}", args).fetchone()[0]

    @interruptible
    def facets(self, filter: Filter = Filter(),
               dims: Sequence[str] = ("origin", "classification", "tag", "year")) -> dict[str, list[tuple[str, int]]]:
        """Value counts (most first) of each of ``dims`` (origin, classification, tag, year) within the filter:
        stored for one value; else a small view grouped, a large one walked along each dimension (facets.py)."""
        self._fresh()
        dims = tuple(dims)
        cache_key = json.dumps([filter.to_dict(), dims], sort_keys=True)
        if cache_key in self._facets:
            return self._facets[cache_key]
        out = facet_counts.stored(self.db, filter)
        if out is None and (bits := self._view_bits(filter)) is not None:
            out = {d: facet_counts.ordered(c) for d, c in self._columns.counts(bits, dims).items()}
        elif out is None:
            where, args = self._where(filter)
            n, total = self._view_size(filter)
            if n >= facet_counts.SCAN_SHARE * total:
                only_text = filter.text and filters.is_empty(filter._replace(text=""))
                out = facet_counts.scanned(self.db, where, args, dims, lambda: self.timeline(filter),
                                           "temp.hits" if only_text else "")
            else:
                out = facet_counts.live(self.db, where, args, dims)
        out = {d: out[d] for d in dims}
        if len(self._facets) > 64:
            self._facets.clear()
        self._facets[cache_key] = out
        return out

    @interruptible
    def timeline(self, filter: Filter = Filter(), by: str = "year") -> list[tuple[str, int]]:
        """Cables of the view per year (``"2009"``) or month (``"2009-03"``), oldest first, periods without a
        cable left out; the undated ones last as ``("", n)`` when there are any (see periods.py for the plan)."""
        if by == "year":  # stored for the library and for one origin, classification, tag or year
            stored = facet_counts.stored(self.db, filter)
            if stored is not None:
                years = sorted(stored["year"])
                lost = periods.undated(self.db, *self._where(filter)) if not filter.year else 0
                return years + ([("", lost)] if lost else [])
        if by in periods.WIDTH and (bits := self._view_bits(filter)) is not None:
            return self._columns.timeline(bits, by)
        return periods.counts(self.db, filter, self._where, lambda: self._view_size(filter), by)

    def _stored_columns(self) -> columns.Columns | None:
        """The stored columns of this version of the file, or None (none stored, or stale)."""
        self._fresh()
        if self._columns is None:
            self._columns = columns.load(self.db, facet_counts.signature(self.db)) or False
        return self._columns or None

    def _view_bits(self, f: Filter) -> int | None:
        """The view's bitmap made from the stored columns (columns.py), or None when they cannot make it: a view
        an index range counts cheaply, or no columns stored for this version of the file."""
        if not columns.answers(f) or not self._stored_columns():
            return None
        if self._columns and (self._bits is None or self._bits[0] != f):
            q = _translate(f.text).fts if f.text else ""
            if q and (q == self._hits_for or not self._columns.identity):
                self._where(Filter(text=f.text))  # the matches' cables as the view has them: temp.hits
            self._bits = (f, self._columns.view(self.db, f, q, bool(q) and q == self._hits_for))
        return self._bits[1] if self._columns else None

    def _view_size(self, f: Filter) -> tuple[int, int]:
        """(about how many cables the view holds, how many the library holds); after ``_where`` of its text."""
        n, total = self._estimate(f._replace(text=""))()
        if f.text and self._hits_for is not None:
            n = min(n, self.db.execute("SELECT count(*) FROM temp.hits").fetchone()[0])
        return n, total

    def origin_named(self, typed: str) -> str:
        """The stored origin a typed one means (``query.pick_origin``: exact, ``Embassy <typed>``, else the
        largest origin holding the text). The one rule for the ``/`` bar and ``search --origin``."""
        return pick_origin(typed, [name for name, _ in self.facets().get("origin", [])])

    # ------------------------------------------------------------------------------------------ cables

    def key_of(self, reference_id: str) -> int | None:
        """The row key of a cable, by its ID as stored or in any form canonical_id reads; None if absent."""
        row = self.db.execute("SELECT key FROM cable WHERE refid = ?", (reference_id,)).fetchone()
        if row is None:
            from tui.cable.ids import canonical_id

            canon = canonical_id(reference_id or "")
            if canon and canon != reference_id:
                row = self.db.execute("SELECT key FROM cable WHERE refid = ?", (canon,)).fetchone()
        return row[0] if row else None

    def keys_of(self, reference_ids) -> dict[str, int]:
        """Row keys of these IDs as stored (one query; those not in the library left out)."""
        return dict(self.db.execute("SELECT refid, key FROM cable WHERE refid IN (SELECT value FROM json_each(?))",
                                    (json.dumps(list(reference_ids)),)))

    def exists(self, reference_id: str) -> bool:
        return self.key_of(reference_id) is not None

    def get(self, reference_id: str) -> Cable | None:
        """The primary variant, fully parsed."""
        row = self.db.execute(
            "SELECT v.text, v.path, v.format, v.row, v.extra FROM cable c JOIN variant v ON v.id = c.primary_variant "
            "WHERE c.key = ?", (self.key_of(reference_id),)).fetchone()
        return _cable(self._zdict, *row) if row else None

    def stored(self, keys: Sequence[int], text: bool = True) -> list[Stored]:
        """The cables of ``keys`` as stored (row, tags and, with ``text``, the source's text), in the order given;
        one query each for the rows and the tags, none parsed: what an export of thousands of cables reads."""
        keys = list(keys)
        if not keys:
            return []
        arg = (json.dumps(keys),)
        tags: dict[int, list[str]] = {}
        for key, tag in self.db.execute("SELECT cable, tag FROM tag WHERE cable IN (SELECT value FROM json_each(?)) "
                                        "ORDER BY cable, tag", arg):
            tags.setdefault(key, []).append(tag)
        if not text:
            return [Stored(r, tuple(tags.get(r.key, ())), None) for r in self.rows(keys)]
        found = {r[0]: Stored(Row(*r[:6]), tuple(tags.get(r[0], ())), _record(self._zdict, *r[6:]))
                 for r in self.db.execute(
                     "SELECT c.key, c.refid, c.created, c.classification, c.origin, c.subject, v.text, v.path, "
                     "v.format, v.row, v.extra FROM cable c JOIN variant v ON v.id = c.primary_variant "
                     "WHERE c.key IN (SELECT value FROM json_each(?))", arg)}
        return [found[k] for k in keys if k in found]

    def variants(self, reference_id: str) -> list[Cable]:
        """Every source of the cable, parsed: variant 1 is the primary (the one ``get`` gives), the others follow
        in the order they were imported. Each Cable's ``source`` says where it was read from (path, format, CSV
        row), its ``released`` the date the source's metadata gives (None when it gives none)."""
        return [_cable(self._zdict, *r) for r in self.db.execute(
            f"SELECT v.text, v.path, v.format, v.row, v.extra {_VARIANTS} ORDER BY v.id != c.primary_variant, v.id",
            (self.key_of(reference_id),))]

    def variant(self, reference_id: str, number: int) -> Cable | None:
        """Variant ``number`` (1: the primary) of ``variants``, parsed alone; None when there is no such one."""
        if number < 1:
            return None
        row = self.db.execute(
            f"SELECT v.text, v.path, v.format, v.row, v.extra {_VARIANTS} ORDER BY v.id != c.primary_variant, v.id "
            "LIMIT 1 OFFSET ?", (self.key_of(reference_id), number - 1)).fetchone()
        return _cable(self._zdict, *row) if row else None

    # ------------------------------------------------------------------------------------------ lookup

    def resolve(self, text: str) -> list[str]:
        """Reference IDs a loosely typed ID may mean; the exact match alone when there is one."""
        key = self.key_of((text or "").strip().upper())
        if key is not None:
            return [self.db.execute("SELECT refid FROM cable WHERE key = ?", (key,)).fetchone()[0]]
        return loose.resolve(self.db, text)

    def complete(self, prefix: str, limit: int = 20) -> list[str]:
        """IDs starting with ``prefix`` (loose: case, spaces and leading zeros of the serial do not matter)."""
        return loose.complete(self.db, prefix, limit)

    def nearest(self, text: str, limit: int = 5) -> list[str]:
        """IDs close to one that is not in the library: same station and year, nearest serials first."""
        if self._stations is None:
            self._stations = loose.Stations(self.db)
        return loose.nearest(self.db, text, limit, self._stations)

    # ------------------------------------------------------------------------------------------ links

    def cites(self, reference_id: str) -> list[str]:
        """IDs this cable's REF lines cite, in order (they may be absent from the library)."""
        return [t for (t,) in self.db.execute("SELECT target FROM ref WHERE cable = ? ORDER BY pos",
                                              (self.key_of(reference_id),))]

    def cited_by(self, reference_id: str) -> list[str]:
        """Cables in the library whose references include this one, oldest first."""
        from tui.library.keys import link_form

        key = self.key_of(reference_id)
        rid = reference_id if key is None else self.db.execute("SELECT refid FROM cable WHERE key=?", (key,)).fetchone()[0]
        return [r for (r,) in self.db.execute(
            "SELECT DISTINCT c.refid FROM ref r JOIN cable c ON c.key = r.cable WHERE r.link = ? "
            "ORDER BY c.created, c.refid", (link_form(rid),))]

    # ------------------------------------------------------------------------------------------ full text

    def _query(self, query: str, f: Filter) -> tuple[fulltext.Query, str, list]:
        """The translated query (the filter's own text joined to it) and the filter's SQL."""
        if f.text:
            query = f"({f.text}) ({query})"
        return _translate(query), *self._where(f._replace(text=""))

    def _mask(self, f: Filter):
        """() -> the bitmap of ``f`` (its text aside) for the search plan (masks.py), or None when the library
        cannot make it (no stored columns for this version, or a cable with several texts)."""
        def bits() -> int | None:
            cols = self._stored_columns()
            if cols is None or not cols.identity:
                return None
            unread = None
            if f.unread and self._unread_sql(f):
                marks = columns.bits_of(self._marks)
                unread = marks if self._read.everything else cols.cables & ~marks
            return masks.bitmap(self.db, cols, f, unread)
        return bits

    def _estimate(self, f: Filter):
        known: list = []

        def estimate() -> tuple[int, int]:  # (cables in the filter, cables in the library), worked out once
            if known:
                return known[0]
            total = self._sizes()[0]
            unread = None
            if f.unread:
                n = len(self._read.keys)
                unread = n if self._read.everything else total - n
            known.append((filters.estimate(self.db, f, total, unread), total))
            return known[0]
        return estimate

    @interruptible
    def search(self, query: str, filter: Filter = Filter(), limit: int = 50, offset: int = 0,
               order: str = "rank") -> list[Hit]:
        """A page of the hits of ``query`` (the language of ``tui.library.fulltext``) within ``filter``, one per
        cable, with snippets: by ``order`` "rank" (best first) or "date" (newest first), from ``offset``.

        Every hit is reachable: ``search_count`` says how many there are, and any page costs about as much as
        the first (the first ``TOP`` by rank, and a first page of any size, come from a ranked top query with
        their scores; deeper pages, and every page by date, from ``search_keys``, computed once per query and
        kept, rank 0.0). Raises ``Interrupted`` when ``interrupt`` is
        called meanwhile. An empty or unsearchable query has no hits.
        """
        q, where, args = self._query(query, filter)
        if not q.fts or limit <= 0:
            return []
        limit = min(limit, 1 << 40)  # more than any library holds; SQLite's integers end at 2**63
        if order == "rank" and (offset + limit <= TOP or not offset):  # a first page of any size: ranked, scored
            scored = self._searcher.top(q.fts, where, args, self._estimate(filter), offset + limit,
                                        self._mask(filter))[offset:]
        else:
            keys = self.search_keys(query, filter, order)[offset:offset + limit]
            scored = [(k, 0.0) for k in keys]
        return self._searcher.hits(q, scored)

    @interruptible
    def search_count(self, query: str, filter: Filter = Filter()) -> int:
        """How many cables ``search(query, filter)`` finds in all (walks the matches, ranks none)."""
        q, where, args = self._query(query, filter)
        return self._searcher.count(q.fts, where, args, self._estimate(filter), self._mask(filter)) if q.fts else 0

    @interruptible
    def search_keys(self, query: str, filter: Filter = Filter(), order: str = "rank") -> Sequence[int]:
        """The row key of every hit, in ``order`` ("rank" or "date"): what a list of all hits scrolls over
        (``rows(keys)`` for its lines, ``hits(query, keys)`` for snippets). Kept for the last query."""
        q, where, args = self._query(query, filter)
        if not q.fts:
            return array("q")
        return self._searcher.keys(q.fts, where, args, self._estimate(filter), order, self._mask(filter))

    @interruptible
    def hits(self, query: str, keys: Sequence[int]) -> list[Hit]:
        """Hits with snippets for these row keys (a page of ``search_keys``), in the order given; rank 0.0."""
        return self._searcher.hits(_translate(query), [(k, 0.0) for k in keys])

    def interrupt(self) -> None:
        """Stop the query running on this library's connection (callable from any thread): the call running
        it raises ``Interrupted``. A newer search in a worker uses this to replace an older one."""
        self.db.interrupt()

    # ------------------------------------------------------------------------------------------ stats

    def stats(self) -> dict:
        """Counts: cables, variants, by classification and year, skipped and damaged by reason, size."""
        db = self.db
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {
            "path": str(self.path),
            "is_samples": self.is_samples,
            "cables": db.execute("SELECT count(*) FROM cable").fetchone()[0],
            "variants": db.execute("SELECT count(*) FROM variant").fetchone()[0],
            "cables_with_variants": db.execute("SELECT count(*) FROM cable WHERE variants > 1").fetchone()[0],
            "origins": db.execute("SELECT count(DISTINCT origin) FROM cable").fetchone()[0],
            "classification": dict(db.execute(
                "SELECT classification, count(*) FROM cable GROUP BY 1 ORDER BY 2 DESC")),
            "years": dict(db.execute("SELECT substr(created, 1, 4) AS y, count(*) FROM cable GROUP BY y ORDER BY y")),
            "skipped": dict(db.execute(
                "SELECT reason, count(*) FROM issue WHERE skipped = 1 GROUP BY reason ORDER BY 2 DESC")),
            "warnings": dict(db.execute(
                "SELECT reason, count(*) FROM issue WHERE skipped = 0 GROUP BY reason ORDER BY 2 DESC")),
            "size_bytes": size,
        }


def _cable(zdict: bytes, blob: bytes, path: str, fmt: str, row: int | None, extra: str | None) -> Cable:
    """Parse a stored variant again, exactly as its source was read."""
    return _record(zdict, blob, path, fmt, row, extra).parse()


def _record(zdict: bytes, blob: bytes, path: str, fmt: str, row: int | None, extra: str | None):
    """A stored variant as the Record its source gave."""
    from tui.cable.record import Record, Source

    info = json.loads(extra) if extra else {}
    return Record(codec.decompress(blob, zdict), Source(path, fmt, row), metadata=info.get("metadata"),
                  reference_id=info.get("reference_id"), references=tuple(info.get("references", ())))
