"""Streaming, batched, resumable import of cable sources into a library file.

The main process reads Records with ``tui.cable.sources.iter_records`` (in a thread of
``tui.library.workers``), drops texts the library already holds (a 64-bit hash of each text is kept in
``variant.hash``), and hands batches to worker processes, which parse each Record and send back a compact
tuple (fields and compressed text). The main process writes each batch in one transaction, so a kill leaves
every batch either fully in or not at all, and running the import again skips what is there.

Full text: into a library with an empty index (a first import, or one resumed after a kill), the workers send
the texts to a separate indexer process that builds the FTS5 index in a side file, copied into the library in
one transaction at the end; so tokenizing runs beside the rest. A kill loses only the side file: the resumed
import indexes the stored texts again. Into a library that already has an index, texts are indexed in the same
transaction as their rows.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from tui.library import champions, codec, columns, facets, schema
from tui.library.sideindex import attach_index, build_index, fts_body, unindexed
from tui.library.keys import link_form
from tui.library.workers import Workers, ctrl_c_held

BATCH = 400  # records per worker task


@dataclasses.dataclass
class ImportResult:
    """What an import did. ``bytes_total`` is the size of the sources (for an ETA), ``bytes_done`` what was read."""

    added: int = 0  # new cables
    variants: int = 0  # new sources of cables already present
    unchanged: int = 0  # texts already in the library
    skipped: Counter = dataclasses.field(default_factory=Counter)  # reason -> count (not imported)
    warnings: Counter = dataclasses.field(default_factory=Counter)  # reason -> count (imported, damaged)
    rows: int = 0  # records and skipped items seen
    bytes_done: int = 0
    bytes_total: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stage: str = ""  # after the last row: what the import's end is doing (it can take a minute at full size)

    def summary(self) -> str:
        parts = [f"{self.added:,} cables added", f"{self.variants:,} variants added"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} already present")
        text = ", ".join(parts)
        if self.skipped:
            text += "; skipped: " + ", ".join(f"{n:,} {r}" for r, n in self.skipped.most_common())
        if self.warnings:
            text += "; read with damage: " + ", ".join(f"{n:,} {r}" for r, n in self.warnings.most_common())
        return text


def text_hash(text: str) -> int:
    """A signed 64-bit hash of a source text (SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)


def completeness(cable, has_metadata: bool, length: int) -> int:
    """Which variant is primary: whole before cut short, then with source metadata, then the longer text."""
    return ((0 if cable.is_partial else 1) << 40) | ((1 if has_metadata else 0) << 39) | min(length, 2**38)


_FIRST_PARAGRAPH = re.compile(r"\n[ \t]*\u00b6?[ \t]*1\.[ \t]")


def _head(text: str) -> str:
    """The part of a cable before its first numbered paragraph: routing header, banner, TAGS, SUBJECT, REF."""
    m = _FIRST_PARAGRAPH.search(text, 0, 30_000)
    return text[:m.start()] if m else text[:8_000]


class Described(NamedTuple):
    """One source, parsed into what the writer stores (the cable's row, the variant's, tags, references, text)."""

    reference_id: str
    created: str  # 'YYYY-MM-DD HH:MM' or ''
    classification: str
    origin: str
    subject: str
    tags: tuple[str, ...]
    refs: tuple[tuple[str, str], ...]  # (cited ID, its link form)
    station: str | None
    serial: int | None
    link: str
    score: int  # completeness: which variant is primary
    path: str
    format: str
    row: int | None
    extra: str | None  # JSON: metadata and referenced IDs, to parse the text again
    blob: bytes  # the compressed source text
    body: str | None  # the text to index (None once sent to the indexer)


def describe(record, zdict: bytes = b"") -> Described:
    """Parse one Record into what the writer needs (run in a worker).

    A CSV record carries the dump's own metadata (ID, date, classification, origin), so only the head of its
    body (up to the first numbered paragraph) is parsed here: that yields every other field the library
    indexes (subject, tags, references) at a fifth of the cost; the whole text is parsed when the cable is
    opened. Other sources are parsed whole.
    """
    from tui.cable.ids import parse_loose, station_key

    if record.source.format == "csv" and record.metadata:
        cable = record._replace(text=_head(fts_body(record, None))).parse()
        score = completeness(cable, True, len(record.text))
    else:
        cable = record.parse()
        score = completeness(cable, bool(record.metadata), len(cable.body))
    body = fts_body(record, cable)
    rid = cable.reference_id
    if not rid:
        raise ValueError("no reference ID found")
    loose = parse_loose(rid)
    station = station_key(loose.station) if loose.station else None
    created = cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else ""
    refs = tuple((r, link_form(r)) for r in dict.fromkeys(cable.references) if r != rid)
    extra = {}
    if record.metadata:
        extra["metadata"] = record.metadata
    if record.references:
        extra["references"] = list(record.references)
    if record.reference_id:
        extra["reference_id"] = record.reference_id
    blob = codec.compress(record.text, zdict)
    return Described(rid, created, cable.classification or "", cable.origin or "", cable.subject or "",
                     tuple(dict.fromkeys(t for t in cable.tags if t)), refs, station, loose.serial, link_form(rid),
                     score, record.source.path, record.source.format, record.source.row,
                     json.dumps(extra, ensure_ascii=False) if extra else None, blob, body)


_FTS_QUEUE = None  # in a worker: where to send (variant id, subject, body) rows for the indexer process


def _work(job: tuple) -> list:
    """Worker: Records to tuples; Skipped notes and failures to ('skip', path, row, reason, message). With an
    indexer, the texts to index go to it, not back to the main process."""
    from tui.cable.sources import Skipped

    zdict, batch, ids = job
    out, fts = [], []
    for item, hv in zip(batch, ids):
        if isinstance(item, Skipped):
            out.append(("skip", item.path, item.row, item.reason, item.message))
            continue
        try:
            t = describe(item, zdict)
        except Exception as exc:  # one cable the parser cannot read must not stop the import
            out.append(("skip", item.source.path, item.source.row, "parse-error", f"{exc.__class__.__name__}: {exc}"))
            continue
        if _FTS_QUEUE is not None:
            fts.append((hv[1], t.subject, t.body))
            t = t._replace(body=None)
        out.append(("ok", t, item.warnings))
    if fts:
        _FTS_QUEUE.put(fts)
    return out


def _worker_init(queue) -> None:
    global _FTS_QUEUE
    die_with_parent()
    _FTS_QUEUE = queue


def die_with_parent() -> None:
    """In a worker: end when the import's main process ends, even by SIGKILL (Linux; elsewhere a no-op), so that
    no worker is left waiting on a queue nobody feeds."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


def source_size(paths: Iterable) -> int:
    """Total bytes of the files under ``paths`` (for the ETA), walked by the rules reading follows."""
    from tui.cable.walk import total_size

    return total_size(paths)


class _Feeder:
    """Reads the sources into batches, dropping texts already stored. Runs in the workers' feeding thread; a
    semaphore keeps at most ``window`` batches in flight so memory stays flat."""

    def __init__(self, paths, known: set[int], window: int, result: ImportResult, zdict: bytes | None,
                 next_variant: int):
        self.paths, self.known, self.result = paths, known, result
        self.next_variant = next_variant  # variant ids are given here, so workers can index texts by them
        self.zdict = zdict  # None: train one on the first batch
        self.window = window
        self.slots = threading.Semaphore(window)
        self.hashes: dict[int, list] = {}
        self.stop = False

    def batches(self) -> Iterator[list]:
        from tui.cable.sources import Record, iter_records

        batch, hashes, n = [], [], 0
        for item in iter_records(self.paths):
            if self.stop:
                return
            self.result.rows += 1
            if isinstance(item, Record):
                self.result.bytes_done += len(item.text)
                h = text_hash(item.text)
                if h in self.known:
                    self.result.unchanged += 1
                    continue
                self.known.add(h)
                hashes.append((h, self.next_variant))
                self.next_variant += 1
            else:
                hashes.append(None)
            batch.append(item)
            if len(batch) >= BATCH:
                yield self._job(n, batch, hashes)
                batch, hashes, n = [], [], n + 1
        if batch:
            yield self._job(n, batch, hashes)

    def _job(self, n: int, batch: list, hashes: list) -> tuple[bytes, list]:
        from tui.cable.sources import Record

        if self.zdict is None:
            self.zdict = codec.train([r.text for r in batch if isinstance(r, Record)])
        self.slots.acquire()
        self.hashes[n] = hashes
        return self.zdict, batch, hashes


class _Writer:
    """Writes worker results into the library, one transaction per batch."""

    def __init__(self, db, result: ImportResult):
        self.db, self.result = db, result
        self.cables: dict[str, tuple[int, int]] = {  # refid -> (key, score of the primary)
            rid: (key, score) for rid, key, score in db.execute("SELECT refid, key, score FROM cable")}
        self.next_key = (db.execute("SELECT max(key) FROM cable").fetchone()[0] or 0) + 1
        self.zdict: bytes | None = None  # to store in meta with the next batch

    def write(self, results: list, hashes: list) -> None:
        cables, variants, fts, issues, updates, counts = [], [], [], [], [], []
        tags, refs, replaced = [], [], []
        for res, hv in zip(results, hashes):
            if res[0] == "skip":
                _, path, row, reason, message = res
                issues.append((path, row if row is not None else 0, reason, message, 1))
                self.result.skipped[reason] += 1
                continue
            _, t, warnings = res
            (rid, created, classification, origin, subject, tag_list, ref_list, station, serial, link, score,
             path, fmt, row, extra, blob, body) = t
            for w in warnings:
                reason, _, message = w.partition(":")
                issues.append((path, row if row is not None else 0, reason, message.strip(), 0))
                self.result.warnings[reason] += 1
            h, vid = hv
            if body is not None:
                fts.append((vid, subject, body))
            known = self.cables.get(rid)
            if known is None:
                key = self.next_key
                self.next_key += 1
                self.cables[rid] = (key, score)
                cables.append((key, rid, created, classification, origin, subject, station, serial, link, score,
                               vid))
                self.result.added += 1
            else:
                key, best = known
                counts.append((key,))
                self.result.variants += 1
            variants.append((vid, key, h, score, path, fmt, row, extra, blob))
            if known is not None:
                if score <= known[1]:
                    continue
                # a more complete source: it becomes the primary, with its tags and references
                self.cables[rid] = (key, score)
                updates.append((created, classification, origin, subject, score, vid, key))
                replaced.append((key,))
                tags = [t for t in tags if t[1] != key]
                refs = [r for r in refs if r[0] != key]
            tags += [(tag, key) for tag in tag_list]
            refs += [(key, pos, target, tlink) for pos, (target, tlink) in enumerate(ref_list)]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO cable VALUES(?,?,?,?,?,?,?,?,?,?,?,1)", cables)
            db.executemany("INSERT INTO variant VALUES(?,?,?,?,?,?,?,?,?)", variants)
            db.executemany("INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)", fts)
            db.executemany("UPDATE cable SET variants = variants + 1 WHERE key = ?", counts)
            db.executemany("UPDATE cable SET created=?, classification=?, origin=?, subject=?, score=?, "
                           "primary_variant=? WHERE key=?", updates)
            db.executemany("DELETE FROM tag WHERE cable = ?", replaced)
            db.executemany("DELETE FROM ref WHERE cable = ?", replaced)
            db.executemany("INSERT OR IGNORE INTO tag VALUES(?,?)", tags)
            db.executemany("INSERT OR REPLACE INTO ref VALUES(?,?,?,?)", refs)
            db.executemany("INSERT OR REPLACE INTO issue VALUES(?,?,?,?,?)", issues)
            if self.zdict is not None:
                db.execute("INSERT OR REPLACE INTO meta VALUES('zdict', ?)", (self.zdict,))
                self.zdict = None
            db.execute("COMMIT")
        except BaseException:  # a Ctrl+C may land just after COMMIT: then there is nothing to roll back
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _finish(db, db_path: Path, indexer, queue, side: Path, ctx, jobs: int, stage: Callable[[str], None]) -> None:
    """After the last batch: the side index copied in, the query indexes made, the facet counts and the lists of
    the commonest words' best texts (champions.py, ranked in ``jobs`` processes) stored.

    These bulk writes add new pages: a rollback journal keeps one copy of them where WAL would write each twice.
    (That is not possible while a reader has the file open: then it stays WAL.)
    """
    try:
        db.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError:  # another connection has the file open: WAL it stays
        pass
    stage("indexing")
    if indexer is not None:
        queue.put(None)
        indexer.join()
        if indexer.exitcode != 0:
            raise RuntimeError(f"the full-text indexer failed (exit code {indexer.exitcode})")
        attach_index(db, side)
    db.executescript(schema.INDEXES)
    stamp = db.execute("SELECT value FROM meta WHERE key = 'facets_for'").fetchone()
    if stamp is None or stamp[0] != facets.signature(db) or columns.stamp(db) != stamp[0]:  # a library made before
        db.execute("BEGIN IMMEDIATE")
        facets.build(db)
        db.execute("COMMIT")
    if champions.stamp(db) != facets.signature(db):
        lists = champions.ranked(db, db_path, ctx, jobs, lambda: stage("ranking the commonest words"))
        db.execute("BEGIN IMMEDIATE")
        champions.store(db, facets.signature(db), lists)
        db.execute("COMMIT")
    db.execute("PRAGMA optimize")
    db.execute("PRAGMA journal_mode=WAL")


def _stage(result: ImportResult, text: str, progress) -> None:
    result.stage = text
    if progress:
        progress(result)


def import_paths(db_path: Path, paths: list, *, jobs: int | None = None,
                 progress: Callable[[ImportResult], None] | None = None,
                 waiting: Callable[[], None] | None = None) -> ImportResult:
    """Import cable files, folders and cables.csv dumps into the library at ``db_path``.

    ``jobs``: worker processes (default: one per core; 1 parses in this process). ``progress`` is called after
    each batch with the running result. Ctrl+C stops cleanly: what was committed stays, and the result says
    ``interrupted``. One import at a time into a library: a second one calls ``waiting()`` and waits for the
    first to end (then adds only what is new). Raises OSError, before touching anything, when the library cannot
    be written here (``tui.paths.writable``) or is not a regular file.
    """
    t0 = time.monotonic()
    paths = [Path(p) for p in paths]
    db_path = Path(db_path)
    lock = _lock(db_path, waiting)
    try:
        return _import(db_path, paths, jobs, progress, t0)
    except sqlite3.OperationalError as exc:  # disk full, I/O error: each batch is in whole or not at all
        raise OSError(errno.EIO, f"the library could not be written ({exc}); what was imported before stays, "
                                 "and the same import run again resumes", str(db_path)) from exc
    except sqlite3.DatabaseError as exc:  # not a library, or a damaged one: left as it is
        raise OSError(errno.EIO, f"not a library, or a damaged one ({exc}); it was left as it is: move it "
                                 "away to import into a new one", str(db_path)) from exc
    finally:
        os.close(lock)


def _lock(db_path: Path, waiting: Callable[[], None] | None) -> int:
    """An exclusive lock on ``<library>.import-lock`` (released by the kernel if the process dies).

    The lock file stays after the import: removing it would race. An import waiting on it holds the old file
    open and gets the lock once it is removed, while a third opens a new file of the same name and locks that
    one too: two imports into one library at once. A library of one process's own (the samples' temporary
    one, ``open_home``) removes its lock when done."""
    from tui.paths import writable
    from tui.safewrite import kind

    if db_path.exists() and not db_path.is_file():
        raise IsADirectoryError(errno.EISDIR, f"{kind(db_path.stat().st_mode)}, not a library file", str(db_path))
    if not writable(db_path):
        raise PermissionError(errno.EACCES, "the library cannot be written here (it, its folder or its filesystem "
                                            "is read-only for this user): import needs write access", str(db_path))
    fd = os.open(f"{db_path}.import-lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if waiting is not None:
            waiting()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
    return fd


def _import(db_path: Path, paths: list[Path], jobs: int | None, progress, t0: float) -> ImportResult:
    result = ImportResult(bytes_total=source_size(paths))
    db = schema.connect(db_path, write=True)
    side = db_path.with_name(db_path.name + ".fts-build")
    indexer = queue = backlog = None
    try:
        if db.execute("SELECT 1 FROM cable LIMIT 1").fetchone() is not None:
            db.executescript(schema.INDEXES)
        known = {h for (h,) in db.execute("SELECT hash FROM variant")}
        row = db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
        writer = _Writer(db, result)
        jobs = jobs or os.cpu_count() or 1
        feeder = _Feeder(paths, known, window=max(2, jobs * 3), result=result, zdict=row[0] if row else None,
                         next_variant=(db.execute("SELECT max(id) FROM variant").fetchone()[0] or 0) + 1)
        ctx = multiprocessing.get_context("fork")
        pool = None
        try:  # from here a Ctrl+C stops the import: what is committed stays, and the next import goes on from it
            if db.execute("SELECT 1 FROM fts_docsize LIMIT 1").fetchone() is None:
                # an empty index: texts stored by an import that was killed are indexed again, with the new ones
                backlog = unindexed(db, row[0] if row else b"", BATCH)
                if jobs > 1:
                    side.unlink(missing_ok=True)
                    queue = ctx.Queue(maxsize=jobs * 4)
                    queue.cancel_join_thread()  # a stopped indexer leaves rows unread: exit must not wait on them
                    indexer = ctx.Process(target=build_index, args=(str(side), queue), daemon=True)
                    with ctrl_c_held():
                        indexer.start()
            if jobs > 1:
                pool = Workers(ctx, jobs, _work, _worker_init, (queue,))
            if backlog is not None:
                for rows in backlog:
                    if queue is not None:
                        queue.put(rows)
                    else:
                        db.execute("BEGIN")
                        db.executemany("INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)", rows)
                        db.execute("COMMIT")
            results = pool.map(feeder.batches()) if pool is not None else map(_work, feeder.batches())
            for n, res in enumerate(results):
                if row is None:  # the dictionary the texts are compressed with: kept with the first batch
                    row = (feeder.zdict,)
                    writer.zdict = feeder.zdict
                writer.write(res, feeder.hashes.pop(n))
                feeder.slots.release()
                if progress:
                    progress(result)
            if pool is not None:
                pool.close()  # the workers' last index rows are in the queue once they have exited
                pool = None
            _finish(db, db_path, indexer, queue, side, ctx, jobs, lambda text: _stage(result, text, progress))  # each step is atomic; the next import completes what is missing
        except KeyboardInterrupt:
            result.interrupted = True
            feeder.stop = True
            feeder.slots.release(feeder.window)  # the reading thread, if it waits for a slot, sees the stop
        finally:
            if pool is not None:
                pool.kill()
    finally:
        if indexer is not None and indexer.is_alive():
            indexer.terminate()
            indexer.join()
        side.unlink(missing_ok=True)
        db.close()
    result.seconds = time.monotonic() - t0
    return result
