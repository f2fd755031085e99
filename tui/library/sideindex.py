"""The full-text side index of an import: what is indexed for a variant, the indexer process that builds the
FTS5 index in a side file beside the import's other work, and its copy into the library in one transaction.
Also the rows to index again for texts stored by an import that was killed before its index was in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tui.library import codec, schema


def fts_body(record, cable) -> str:
    """The text indexed for a variant: a CSV record's body field, else the parsed body."""
    if record.source.format == "csv":
        return record.text.partition("\n\n")[2] or record.text
    return cable.body


def build_index(path: str, queue) -> None:
    """Indexer process: FTS rows from the queue into a side file, until None; then merge its segments."""
    from tui.library.importer import die_with_parent
    from tui.library.workers import ignore_ctrl_c

    ignore_ctrl_c()  # started under ctrl_c_held
    die_with_parent()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size={schema.PAGE_SIZE}")
    db.execute("PRAGMA journal_mode=OFF")  # a throwaway file: on a crash it is built again
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-65536")
    schema.create_fts(db)
    db.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 0)")  # merge once at the end, not all along
    db.execute("INSERT INTO fts(fts, rank) VALUES('crisismerge', 64)")
    n = 0
    db.execute("BEGIN")
    while (rows := queue.get()) is not None:
        db.executemany("INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)", rows)
        n += 1
        if n % 16 == 0:  # one segment per ~6,000 cables
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    db.execute("INSERT INTO fts(fts) VALUES('optimize')")
    db.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 4)")
    db.close()


def attach_index(db, side: Path) -> None:
    """Copy the side file's index into the library's (empty) one, in one transaction."""
    db.execute("ATTACH DATABASE ? AS side", (str(side),))
    try:
        db.execute("BEGIN IMMEDIATE")
        for table in schema.FTS_SHADOW:
            db.execute(f"DELETE FROM main.{table}")
            db.execute(f"INSERT INTO main.{table} SELECT * FROM side.{table}")
        db.execute("COMMIT")
    finally:
        if db.in_transaction:  # stopped part-way (Ctrl+C): the library's index stays empty
            db.execute("ROLLBACK")
        db.execute("DETACH DATABASE side")


def unindexed(db, zdict: bytes, batch: int) -> Iterator[list]:
    """FTS rows for the variants already stored (an import killed before its index was in), in batches."""
    from tui.cable.record import Record, Source

    ids = [i for (i,) in db.execute("SELECT id FROM variant ORDER BY id")]
    for n in range(0, len(ids), batch):
        rows = []
        for vid, subject, text, path, fmt, row, extra in db.execute(
                "SELECT v.id, c.subject, v.text, v.path, v.format, v.row, v.extra FROM variant v "
                "JOIN cable c ON c.key = v.cable WHERE v.id BETWEEN ? AND ? ORDER BY v.id",
                (ids[n], ids[min(n + batch, len(ids)) - 1])).fetchall():
            info = json.loads(extra) if extra else {}
            record = Record(codec.decompress(text, zdict), Source(path, fmt, row), metadata=info.get("metadata"),
                            reference_id=info.get("reference_id"), references=tuple(info.get("references", ())))
            rows.append((vid, subject, fts_body(record, None if fmt == "csv" else record.parse())))
        yield rows
