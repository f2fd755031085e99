"""The state file on disk: TinyDB storage written atomically, and the lock shared by processes on one home."""

from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path

from tinydb.storages import Storage


class BrokenStateFile(Exception):
    """The state file exists but is not a TinyDB JSON document."""



class AtomicJSONStorage(Storage):
    """TinyDB storage writing the whole document atomically, one document per line for readability.

    ``read`` returns None for a missing or empty file and raises :class:`BrokenStateFile` for one that does not
    parse. Works with plain TinyDB too: ``TinyDB(path, storage=AtomicJSONStorage)``. With ``reuse_lines`` the
    JSON line of a document object seen in the previous write is reused, so unchanged documents cost nothing to
    write; only for callers that never mutate a document after writing it (the State replaces its records).
    """

    def __init__(self, path: str | os.PathLike, reuse_lines: bool = False):
        super().__init__()
        self.path = Path(path)
        self._lines: dict[int, tuple] | None = {} if reuse_lines else None

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BrokenStateFile(f"not JSON ({exc})") from exc
        if not isinstance(data, dict) or not all(
                isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in data.values()):
            raise BrokenStateFile("JSON but not a TinyDB document (tables of documents)")
        return data

    def write(self, data: dict) -> None:
        if self._lines is None:
            atomic_write(self.path, serialize(data))
        else:
            lines: dict[int, tuple] = {}
            atomic_write(self.path, serialize(data, self._lines, lines))
            self._lines = lines


_compact = json.JSONEncoder(separators=(",", ":")).encode


def serialize(data: dict, old: dict | None = None, new: dict | None = None) -> bytes:
    """TinyDB's JSON layout (table -> doc id -> document), one document per line.

    ``old``/``new``: caches of rows by document identity (``id(doc) -> (doc, doc id, row)``); ``new`` is filled.
    """
    parts = []
    for table, docs in data.items():
        rows = []
        for k, d in docs.items():
            hit = old.get(id(d)) if old is not None else None
            if hit is not None and hit[0] is d and hit[1] == k:
                row = hit[2]
            else:
                row = f"{json.dumps(str(k))}: {_compact(d)}"
            if new is not None:
                new[id(d)] = (d, k, row)
            rows.append(row)
        body = ",\n".join(rows)
        parts.append(f"{json.dumps(table)}: {{\n{body}\n}}" if rows else f"{json.dumps(table)}: {{}}")
    return ("{" + ",\n".join(parts) + "}\n").encode("ascii")


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old file or the new one, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # disk full, say: the old file stays as it was
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


class FileLock:
    """An exclusive ``flock`` on a lock file, held for one read-merge-write. Released by the kernel on death."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> "FileLock":
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

