"""The library's SQLite schema and connection settings.

One file. ``cable`` holds one row per reference ID (the primary variant's fields, for the sidebar and filters);
``variant`` holds every source's text, zlib-compressed, with the metadata needed to parse it again; ``tag`` and
``ref`` are small side tables; ``fts`` is a contentless FTS5 index (rowid = variant id) over subject and body
(the texts live compressed in ``variant``, with a preset zlib dictionary trained on the first texts imported and
kept in ``meta``); ``issue`` keeps what an import skipped or read with damage.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tui.paths import writable

VERSION = 1
# Large pages pack the compressed texts (2-3 KB each) with little waste: at 8 KB a third of the space went
# unused; FTS5 leaves are sized to fill a quarter page each.
PAGE_SIZE = 32768
FTS_PGSZ = 8000

DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS cable(
    key INTEGER PRIMARY KEY,
    refid TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,          -- 'YYYY-MM-DD HH:MM' or ''
    classification TEXT NOT NULL,
    origin TEXT NOT NULL,
    subject TEXT NOT NULL,
    station TEXT,                   -- tui.cable.ids.station_key of the ID's station: loose lookup
    serial INTEGER,
    link TEXT,                      -- the ID in link form (yy + station key + serial): what REF lines cite
    score INTEGER NOT NULL,         -- completeness of the primary variant
    primary_variant INTEGER NOT NULL,
    variants INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS variant(
    id INTEGER PRIMARY KEY,
    cable INTEGER NOT NULL,
    hash INTEGER NOT NULL UNIQUE,   -- of the source text: an import never stores the same text twice
    score INTEGER NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    row INTEGER,
    extra TEXT,                     -- JSON: the source's metadata and referenced IDs, to parse the text again
    text BLOB NOT NULL              -- zlib-compressed source text
);
CREATE INDEX IF NOT EXISTS variant_map ON variant(id, cable);  -- full-text hits to cables without the texts
CREATE TABLE IF NOT EXISTS tag(tag TEXT NOT NULL, cable INTEGER NOT NULL, PRIMARY KEY(tag, cable)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ref(
    cable INTEGER NOT NULL, pos INTEGER NOT NULL, target TEXT NOT NULL, link TEXT NOT NULL,
    PRIMARY KEY(cable, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facet(               -- counts stored for single-value filters: see facets.py
    fdim TEXT NOT NULL, fvalue TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY(fdim, fvalue, dim, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS issue(
    path TEXT NOT NULL, row INTEGER NOT NULL, reason TEXT NOT NULL, message TEXT NOT NULL,
    skipped INTEGER NOT NULL,       -- 1: not imported; 0: imported with a warning (bad-utf8, nul-bytes)
    PRIMARY KEY(path, row, reason)) WITHOUT ROWID;
"""

FTS = "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(subject, body, content='', tokenize='unicode61 remove_diacritics 2')"
FTS_SHADOW = ("fts_data", "fts_idx", "fts_docsize", "fts_config")


RANK_WEIGHTS = (4.0, 1.0)  # bm25 weights of the subject and body columns
SCORE = f"bm25(fts, {', '.join(str(w) for w in RANK_WEIGHTS)})"  # what searches rank by, best (lowest) first


def create_fts(db: sqlite3.Connection) -> None:
    """The full-text index: contentless (the texts live compressed in ``variant``), rowid = ``variant.id``;
    words in the subject weigh four times those in the body."""
    db.execute(FTS)
    db.execute("INSERT INTO fts(fts, rank) VALUES('rank', ?)", (f"bm25({', '.join(map(str, RANK_WEIGHTS))})",))
    db.execute("INSERT INTO fts(fts, rank) VALUES('pgsz', ?)", (FTS_PGSZ,))

# The other query indexes: made at the end of a first import (cheaper than keeping them up to date during it),
# at the start of later ones.
INDEXES = """
CREATE INDEX IF NOT EXISTS cable_created ON cable(created);
CREATE INDEX IF NOT EXISTS cable_origin ON cable(origin, created);
CREATE INDEX IF NOT EXISTS cable_class ON cable(classification, created);
CREATE INDEX IF NOT EXISTS cable_station ON cable(station, serial);
CREATE INDEX IF NOT EXISTS cable_link ON cable(link);
CREATE INDEX IF NOT EXISTS variant_cable ON variant(cable);
CREATE INDEX IF NOT EXISTS tag_cable ON tag(cable);
CREATE INDEX IF NOT EXISTS ref_link ON ref(link);
"""


def connect(path: Path | str, *, write: bool = False, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open the library file (creating the schema when writing). WAL lets a reader run beside an import. A library
    this process cannot write (``tui.paths.writable``) is opened read-only and immutable: nothing is written
    beside it (no -wal or -shm file, no lock, no touched time)."""
    if not write and not writable(Path(path)) and Path(path).exists():
        db = sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=check_same_thread, isolation_level=None)
    else:
        db = sqlite3.connect(str(path), timeout=30, check_same_thread=check_same_thread, isolation_level=None)
    if write:
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new file only
    # A negative cache_size is turned into pages with the page size known at that moment: read it first, or
    # 32 MB at the default 4 KB pages becomes 256 MB of 32 KB pages.
    db.execute("PRAGMA page_size").fetchone()
    db.execute("PRAGMA cache_size=-32768")  # 32 MB
    db.execute("PRAGMA temp_store=MEMORY")
    if write:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(DDL)
        if db.execute("SELECT value FROM meta WHERE key='version'").fetchone() is None:
            db.execute("INSERT INTO meta VALUES('version', ?)", (VERSION,))
            create_fts(db)
    return db


def has_cables(path: Path) -> bool:
    """True when ``path`` is a library holding at least one cable."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        db = sqlite3.connect(readonly_uri(path, immutable=not writable(path)), uri=True, timeout=5)
        try:
            return db.execute("SELECT 1 FROM cable LIMIT 1").fetchone() is not None
        finally:
            db.close()
    except sqlite3.Error:
        return False


def readonly_uri(path: Path | str, immutable: bool = True) -> str:
    """A URI opening ``path`` read-only (SQLite's ``mode=ro``; ``immutable=1``: no locks, no -wal or -shm files,
    which a WAL library in a folder the user cannot write needs; the file must not change while it is open)."""
    from urllib.parse import quote

    return f"file:{quote(os.path.abspath(path))}?mode=ro" + ("&immutable=1" if immutable else "")
