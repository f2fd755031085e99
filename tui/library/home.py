"""Opening a library for the reader: the home folder's own, else the bundled samples (indexed once), or a
throwaway library of some files. The one place where opening a library may import (tui.library.importer)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tui.library import schema
from tui.library.index import Library


def open_home(home: Path) -> Library:
    """``home/library.sqlite`` if it holds cables, else the bundled samples (indexed once into
    ``home/samples.sqlite``, again when the sample files change)."""
    from tui.paths import library_path

    home = Path(home)
    path = library_path(home)
    if schema.has_cables(path):
        return Library(path)
    import hashlib  # the samples only: a library's own commands never need it

    from tui.resources import samples_dir

    samples = samples_dir()
    files = sorted(p for p in samples.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))
                   and p.suffix != ".md" and "__pycache__" not in p.parts) if samples.is_dir() else []
    signature = hashlib.sha1(repr([(str(p.relative_to(samples)), p.stat().st_size, p.stat().st_mtime_ns)
                                   for p in files]).encode()).hexdigest()
    target = home / "samples.sqlite"
    if _meta(target, "samples") != signature:
        from tui.library.importer import import_paths

        tmp = home / f"samples.{os.getpid()}.tmp"
        lock = Path(f"{tmp}.import-lock")  # this process's own: no other import ever waits on it
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), lock):
            p.unlink(missing_ok=True)
        try:
            import_paths(tmp, files, jobs=1)
        finally:
            lock.unlink(missing_ok=True)
        db = schema.connect(tmp, write=True)
        db.execute("INSERT OR REPLACE INTO meta VALUES('samples', ?)", (signature,))
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()
        for p in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
        os.replace(tmp, target)
    return Library(target, is_samples=True)


def open_files(paths: list[Path], home: Path) -> Library:
    """A throwaway library of just these files (removed on close); library.sqlite is not touched."""
    import tempfile

    from tui.library.importer import import_paths, source_size

    folder = Path(tempfile.mkdtemp(prefix="opened-", dir=home))
    path = folder / "library.sqlite"
    jobs = None if source_size(paths) > 20_000_000 else 1
    import_paths(path, list(paths), jobs=jobs)
    return Library(path, cleanup=folder)


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
