"""The Library: one SQLite file of cables, with lookups, filters, facets, links and full-text search.

See /work/notes/library_api.md for the contract; schema.py for the tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from array import array
from collections.abc import Sequence
from pathlib import Path

from tui.cable.model import Cable, Source
from tui.library import codec, fulltext, schema
from tui.library import facets as facet_counts
from tui.library.query import Filter, Hit, Row

_SORTS = {"date": "c.created DESC, c.key DESC", "id": "c.refid", "origin": "c.origin, c.created DESC, c.key DESC"}


def _compact(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _where(f: Filter) -> tuple[str, list]:
    """SQL conditions on ``cable c`` for a Filter, and their parameters."""
    sql, args = [], []
    if f.origin:
        sql.append("c.origin = ?")
        args.append(f.origin)
    if f.classification:
        sql.append("(c.classification = ? OR c.classification GLOB ?)")
        args += [f.classification, f.classification.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]") + "//*"]
    if f.tag:
        sql.append("c.key IN (SELECT cable FROM tag WHERE tag = ?)")
        args.append(f.tag.upper())
    if f.year:
        sql.append("c.created >= ? AND c.created < ?")
        args += [f"{f.year:04d}", f"{f.year + 1:04d}"]
    if f.date_from:
        sql.append("c.created >= ?")
        args.append(f.date_from.isoformat())
    if f.date_to:
        sql.append("c.created < ?")
        args.append((f.date_to + dt.timedelta(days=1)).isoformat())
    if f.ids is not None:
        sql.append("c.refid IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(f.ids)))
    if f.text:
        q = fulltext.translate(f.text)
        if q.fts:
            sql.append("c.key IN (SELECT v.cable FROM variant v INDEXED BY variant_map "
                       "WHERE v.id IN (SELECT rowid FROM fts WHERE fts MATCH ?))")
            args.append(q.fts)
        else:
            sql.append("0")
    return (" WHERE " + " AND ".join(sql)) if sql else "", args


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
        self._stations: list[str] | None = None
        row = self.db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
        self._zdict: bytes = row[0] if row else b""
        self.skipped: dict[str, int] = dict(self.db.execute(
            "SELECT reason, count(*) FROM issue WHERE skipped = 1 GROUP BY reason ORDER BY 2 DESC"))

    # ------------------------------------------------------------------------------------------ opening

    @classmethod
    def open(cls, home: Path) -> "Library":
        """``home/library.sqlite`` if it holds cables, else the bundled samples (indexed once into
        ``home/samples.sqlite``, again when the sample files change)."""
        from tui.paths import library_path
        from tui.resources import samples_dir

        home = Path(home)
        path = library_path(home)
        if schema.has_cables(path):
            return cls(path)
        samples = samples_dir()
        files = sorted(p for p in samples.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))
                       and p.suffix != ".md" and "__pycache__" not in p.parts) if samples.is_dir() else []
        signature = hashlib.sha1(repr([(str(p.relative_to(samples)), p.stat().st_size, p.stat().st_mtime_ns)
                                       for p in files]).encode()).hexdigest()
        target = home / "samples.sqlite"
        if _meta(target, "samples") != signature:
            from tui.library.importer import import_paths

            tmp = home / f"samples.{os.getpid()}.tmp"
            for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                p.unlink(missing_ok=True)
            import_paths(tmp, files, jobs=1)
            db = schema.connect(tmp, write=True)
            db.execute("INSERT OR REPLACE INTO meta VALUES('samples', ?)", (signature,))
            db.execute("PRAGMA journal_mode=DELETE")
            db.close()
            for p in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                p.unlink(missing_ok=True)
            os.replace(tmp, target)
        return cls(target, is_samples=True)

    @classmethod
    def from_paths(cls, paths: list[Path], home: Path) -> "Library":
        """A throwaway library of just these files (removed on close); library.sqlite is not touched."""
        from tui.library.importer import import_paths, source_size

        folder = Path(tempfile.mkdtemp(prefix="opened-", dir=home))
        path = folder / "library.sqlite"
        jobs = None if source_size(paths) > 20_000_000 else 1
        import_paths(path, list(paths), jobs=jobs)
        return cls(path, cleanup=folder)

    def close(self) -> None:
        self.db.close()
        if self._cleanup is not None:
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
            self._version = version

    def _where(self, f: Filter) -> tuple[str, list]:
        """``_where``, with a text filter's matching cables kept in a temporary table for the last query, so
        the view, its count and its facets run the full-text query once."""
        if not f.text:
            return _where(f)
        q = fulltext.translate(f.text).fts
        if not q:
            return _where(f)
        self._fresh()
        if q != self._hits_for:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hits(key INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.hits")
            self.db.execute("INSERT OR IGNORE INTO temp.hits SELECT v.cable FROM variant v INDEXED BY variant_map "
                            "WHERE v.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", (q,))
            self._hits_for = q
        where, args = _where(dataclasses.replace(f, text=""))
        return (where + " AND " if where else " WHERE ") + "c.key IN temp.hits", args

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

    def count(self, filter: Filter = Filter()) -> int:
        where, args = self._where(filter)
        return self.db.execute(f"SELECT count(*) FROM cable c{where}", args).fetchone()[0]

    def facets(self, filter: Filter = Filter()) -> dict[str, list[tuple[str, int]]]:
        """Value counts (most first) of origin, classification, tag and year within the filter."""
        self._fresh()
        cache_key = json.dumps(filter.to_dict(), sort_keys=True)
        if cache_key in self._facets:
            return self._facets[cache_key]
        out = facet_counts.stored(self.db, filter)
        if out is None:
            out = facet_counts.live(self.db, *self._where(filter))
        if len(self._facets) > 64:
            self._facets.clear()
        self._facets[cache_key] = out
        return out

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

    def exists(self, reference_id: str) -> bool:
        return self.key_of(reference_id) is not None

    def get(self, reference_id: str) -> Cable | None:
        """The primary variant, fully parsed."""
        row = self.db.execute(
            "SELECT v.text, v.path, v.format, v.row, v.extra FROM cable c JOIN variant v ON v.id = c.primary_variant "
            "WHERE c.key = ?", (self.key_of(reference_id),)).fetchone()
        return _cable(self._zdict, *row) if row else None

    def variants(self, reference_id: str) -> list[Cable]:
        """Every source of the cable, primary first."""
        return [_cable(self._zdict, *r[1:]) for r in self.db.execute(
            "SELECT v.id = c.primary_variant, v.text, v.path, v.format, v.row, v.extra FROM cable c "
            "JOIN variant v ON v.cable = c.key WHERE c.key = ? ORDER BY 1 DESC, v.id", (self.key_of(reference_id),))]

    # ------------------------------------------------------------------------------------------ lookup

    def resolve(self, text: str) -> list[str]:
        """Reference IDs a loosely typed ID may mean; the exact match alone when there is one."""
        from tui.cable.ids import parse_loose, station_key

        key = self.key_of((text or "").strip().upper())
        if key is not None:
            return [self.db.execute("SELECT refid FROM cable WHERE key = ?", (key,)).fetchone()[0]]
        loose = parse_loose(text)
        if loose.station is None or loose.serial is None:
            return []
        sql, args = "SELECT refid FROM cable WHERE station = ? AND serial = ?", [station_key(loose.station), loose.serial]
        if loose.year is not None:
            sql += " AND refid GLOB ?"
            args.append(f"{loose.year % 100:02d}[A-Z]*")
        return [r for (r,) in self.db.execute(sql + " ORDER BY created DESC, refid", args)]

    def complete(self, prefix: str, limit: int = 20) -> list[str]:
        """IDs starting with ``prefix`` (loose: case, spaces and leading zeros of the serial do not matter)."""
        from tui.cable.ids import parse_loose, station_key

        compact = _compact(prefix)
        if not compact:
            return []
        found = [r for (r,) in self.db.execute(
            "SELECT refid FROM cable WHERE refid >= ? AND refid < ? ORDER BY refid LIMIT ?",
            (compact, compact + "\uffff", limit))]
        if len(found) < limit:
            loose = parse_loose(prefix)
            if loose.station is not None:
                base, args = "SELECT refid FROM cable WHERE station = ?", [station_key(loose.station)]
                if loose.year is not None:
                    base += " AND refid GLOB ?"
                    args.append(f"{loose.year % 100:02d}[A-Z]*")
                # serials that start with the typed digits: 8, 80-89, 800-899, ... (each an index range)
                ranges = [(0, 2**62)] if loose.serial is None else [
                    (loose.serial * 10**k, (loose.serial + 1) * 10**k - 1) for k in range(8)]
                for lo, hi in ranges:
                    for (r,) in self.db.execute(base + " AND serial BETWEEN ? AND ? ORDER BY serial, created DESC "
                                                "LIMIT ?", args + [lo, hi, limit]):
                        if r not in found:
                            found.append(r)
                    if len(found) >= limit:
                        break
        return found[:limit]

    def nearest(self, text: str, limit: int = 5) -> list[str]:
        """IDs close to one that is not in the library: same station and year, nearest serials first."""
        from tui.cable.ids import parse_loose, station_key

        loose = parse_loose(text)
        out: list[str] = []
        station = station_key(loose.station) if loose.station else None
        if station and not self.db.execute("SELECT 1 FROM cable WHERE station = ? LIMIT 1", (station,)).fetchone():
            if self._stations is None:
                self._stations = [s for (s,) in self.db.execute("SELECT DISTINCT station FROM cable") if s]
            close = difflib.get_close_matches(station, self._stations, n=1, cutoff=0.6)
            station = close[0] if close else None
        if station:
            serial = loose.serial or 0
            year_glob = f"{loose.year % 100:02d}[A-Z]*" if loose.year else "*"
            for glob in (year_glob, "*"):
                for (r,) in self.db.execute(
                        "SELECT refid FROM cable WHERE station = ? AND refid GLOB ? ORDER BY abs(serial - ?), refid "
                        "LIMIT ?", (station, glob, serial, limit)):
                    if r not in out and len(out) < limit:
                        out.append(r)
        if len(out) < limit:
            compact = _compact(text)
            while compact and len(out) < limit:
                for (r,) in self.db.execute("SELECT refid FROM cable WHERE refid >= ? AND refid < ? ORDER BY refid "
                                            "LIMIT ?", (compact, compact + "\uffff", limit)):
                    if r not in out and len(out) < limit:
                        out.append(r)
                compact = compact[:-1]
        return out

    # ------------------------------------------------------------------------------------------ links

    def cites(self, reference_id: str) -> list[str]:
        """IDs this cable's REF lines cite, in order (they may be absent from the library)."""
        return [t for (t,) in self.db.execute("SELECT target FROM ref WHERE cable = ? ORDER BY pos",
                                              (self.key_of(reference_id),))]

    def cited_by(self, reference_id: str) -> list[str]:
        """Cables in the library whose references include this one, oldest first."""
        from tui.library.importer import link_form

        key = self.key_of(reference_id)
        rid = reference_id if key is None else self.db.execute("SELECT refid FROM cable WHERE key=?", (key,)).fetchone()[0]
        return [r for (r,) in self.db.execute(
            "SELECT DISTINCT c.refid FROM ref r JOIN cable c ON c.key = r.cable WHERE r.link = ? "
            "ORDER BY c.created, c.refid", (link_form(rid),))]

    # ------------------------------------------------------------------------------------------ full text

    def search(self, query: str, filter: Filter = Filter(), limit: int = 50) -> list[Hit]:
        """Ranked full-text hits (one per cable) with snippets. Phrases are checked against the text."""
        q = fulltext.translate(query)
        if not q.fts:
            return []
        where, args = _where(dataclasses.replace(filter, text=""))
        sql = "SELECT rowid, rank FROM fts WHERE fts MATCH ?"
        if where:
            sql += f" AND rowid IN (SELECT v.id FROM variant v JOIN cable c ON c.key = v.cable{where})"
        want = limit + 8
        while True:
            try:
                ranked = self.db.execute(sql + " ORDER BY rank LIMIT ?", [q.fts] + args + [want]).fetchall()
            except sqlite3.OperationalError:  # a query FTS5 still rejects
                return []
            found = {r[0]: r[1:] for r in self.db.execute(
                "SELECT v.id, c.refid, v.cable, v.text FROM variant v JOIN cable c ON c.key = v.cable "
                "WHERE v.id IN (SELECT value FROM json_each(?))", (json.dumps([r for r, _ in ranked]),))}
            hits: list[Hit] = []
            seen: set[int] = set()
            for vid, rank in ranked:
                if vid not in found:  # not (or no longer) a stored variant
                    continue
                refid, key, blob = found[vid]
                if key in seen:  # another variant of a cable already listed
                    continue
                seen.add(key)
                if len(hits) < limit:
                    snip, spans = fulltext.snippet(codec.decompress(blob, self._zdict), q)
                    hits.append(Hit(refid, snip, spans, rank))
            if len(hits) >= limit or len(ranked) < want:
                return hits
            want *= 4

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
    from tui.cable.sources import Record

    info = json.loads(extra) if extra else {}
    record = Record(codec.decompress(blob, zdict), Source(path, fmt, row),
                    metadata=info.get("metadata"), reference_id=info.get("reference_id"),
                    references=tuple(info.get("references", ())))
    return record.parse()


def _meta(path: Path, key: str):
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None
        finally:
            db.close()
    except sqlite3.Error:
        return None
