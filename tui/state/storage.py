"""The state file on disk: TinyDB storage written atomically, and the lock shared by processes on one home.

``state.json`` is ours: it is written only as a regular file (``tui.safewrite.write_own``), never through a link
or onto a FIFO, a device or a folder; read through a link only when that leads to a regular file, never from a
FIFO (which would wait for ever). A file the user names (``import-state FILE``) is read as it is, a FIFO included
(``import-state <(ssh host cablereader export-state -)``), up to MAX_BYTES.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
from pathlib import Path

from tinydb.storages import Storage

from tui.safewrite import NotOurs, kind, write_own

MAX_BYTES = 256 * 1024 * 1024  # a state file larger than this is not one


class BrokenStateFile(Exception):
    """The state file exists but is not a TinyDB JSON document."""


class AtomicJSONStorage(Storage):
    """TinyDB storage writing the whole document atomically, one document per line for readability.

    ``read`` returns None for a missing or empty file and raises :class:`BrokenStateFile` for one that does not
    parse. Works with plain TinyDB too: ``TinyDB(path, storage=AtomicJSONStorage)``. With ``reuse_lines`` the
    JSON line of a document object seen in the previous write is reused, so unchanged documents cost nothing to
    write; only for callers that never mutate a document after writing it (the State replaces its records).
    """

    def __init__(self, path: str | os.PathLike, reuse_lines: bool = False, own: bool = True):
        super().__init__()
        self.path = Path(path)
        self.own = own  # our state.json (a regular file only), or a file the user named
        self._lines: dict[int, tuple] | None = {} if reuse_lines else None

    def read(self) -> dict | None:
        try:
            raw = _read(self.path, self.own)
        except FileNotFoundError:
            return None
        if len(raw) > MAX_BYTES:
            raise BrokenStateFile(f"larger than {MAX_BYTES // 2**20} MB")
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
            write_own(self.path, serialize(data))
        else:
            lines: dict[int, tuple] = {}
            write_own(self.path, serialize(data, self._lines, lines))
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


def _read(path: Path, own: bool) -> bytes:
    """The file's bytes, at most MAX_BYTES + 1. ``own``: only a regular file (through a link), opened so that a
    FIFO swapped in is never waited on."""
    if not own and stat.S_ISFIFO(os.stat(path).st_mode):  # import-state <(ssh host cablereader export-state -)
        from tui.fifo import open_for_reading

        fd = open_for_reading(str(path))
    else:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | (os.O_NONBLOCK if own else 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
        if own and not stat.S_ISREG(st.st_mode):
            raise NotOurs(errno.EEXIST, f"{kind(st.st_mode)} is where the state file should be", str(path))
        os.set_blocking(fd, True)
        chunks, n = [], 0
        while n <= MAX_BYTES and (chunk := os.read(fd, 1 << 20)):
            if not chunks and chunk.lstrip()[:1] not in (b"{", b""):  # /dev/zero, a binary file: stop at once
                return chunk[:64]
            chunks.append(chunk)
            n += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class FileLock:
    """An exclusive ``flock`` on a lock file, held for one read-merge-write. Released by the kernel on death."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> "FileLock":
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

