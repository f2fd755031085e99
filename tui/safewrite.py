"""Writes that never destroy: the one place files are written whole.

Two kinds of file, two rules:

- A file the user names (``export-state FILE``, ``export -o FILE``): ``write_named``, given the bytes or an
  iterable of chunks of them (a large export is never held whole in memory). A regular file, or a new one, is written
  atomically (a temporary file in the same folder, fsync, rename, fsync of the folder: a crash or a full disk
  leaves the old file or the new one, never a mix; the old file's permissions, and as root its owner, are kept).
  A symbolic link is followed to its target, which is written by the same rule; the link stays. A FIFO, a device
  or ``-`` (stdout) is written in place, as ``>`` would: never replaced by a regular file.
- Our own files (``state.json``): ``write_own``. Written atomically too, but never through a symbolic link nor onto
  anything that is not a regular file: such a path raises :class:`NotOurs` and is left as it is.

Errors are ``OSError`` subclasses with the path in them; callers turn them into one sentence for the user
(``describe``).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


class NotOurs(OSError):
    """Where one of our own files should be there is a link or something that is not a regular file."""


def kind(mode: int) -> str:
    """What a file is, in words ("a FIFO", "a folder", ...)."""
    return _KINDS.get(stat.S_IFMT(mode), "a regular file" if stat.S_ISREG(mode) else "not a regular file")


Payload = bytes | Iterable[bytes]  # the whole file, or its chunks in order


def write_named(path: str | os.PathLike, payload: Payload) -> str:
    """Write ``payload`` to a file the user named, by the rules above; returns how: "replaced", "created",
    "written in place" or "written to stdout". Chunks are written as they come (to stdout too, so a reader
    such as ``head`` sees the first ones at once); should making them fail, a replaced file stays as it was."""
    if os.fspath(path) == "-":
        sys.stdout.flush()
        out = sys.stdout.buffer
        for chunk in _chunks(payload):
            out.write(chunk)
        out.flush()
        return "written to stdout"
    target = Path(os.path.realpath(path))  # through links (a link to a missing file: that file)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        atomic_write(target, payload)
        return "created"
    if stat.S_ISREG(st.st_mode):
        atomic_write(target, payload, like=st)
        return "replaced"
    if stat.S_ISDIR(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, f"{kind(st.st_mode)}, not a file", os.fspath(path))
    if stat.S_ISFIFO(st.st_mode):  # it waits for its reader, as > does, and says so
        from tui.fifo import open_for_writing

        fd = open_for_writing(str(target))
    else:
        fd = os.open(target, os.O_WRONLY | os.O_CLOEXEC)
    try:
        _write_all(fd, payload)
    finally:
        os.close(fd)
    return "written in place"


def write_own(path: str | os.PathLike, payload: bytes) -> None:
    """Write one of our own files atomically; raise :class:`NotOurs` (and touch nothing) when the path is a
    symbolic link or exists as anything but a regular file."""
    check_own(path)
    atomic_write(Path(path), payload)


def check_own(path: str | os.PathLike) -> None:
    """Raise :class:`NotOurs` when ``path`` is a symbolic link or something other than a regular file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise NotOurs(errno.EEXIST, f"{kind(st.st_mode)} is where a regular file should be; left as it is",
                      os.fspath(path))


def atomic_write(path: Path, payload: Payload, like: os.stat_result | None = None) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old file or the new one, never a mix. ``like``:
    the file replaced, whose permissions (and, as root, owner) the new one takes."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644 if like is None
                     else 0o600)
    except OSError as exc:
        raise _about(exc, path) from None
    try:
        try:
            if like is not None:
                os.fchmod(fd, stat.S_IMODE(like.st_mode))
                if os.geteuid() == 0:
                    os.fchown(fd, like.st_uid, like.st_gid)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)  # disk full, say: the old file stays as it was
        if isinstance(exc, OSError) and exc.filename == os.fspath(tmp):
            raise _about(exc, path) from None
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:  # a filesystem that cannot sync a folder: the rename is done all the same
        pass
    finally:
        os.close(dfd)


def _chunks(payload: Payload) -> Iterable[bytes]:
    return (payload,) if isinstance(payload, (bytes, bytearray, memoryview)) else payload


def _write_all(fd: int, payload: Payload) -> None:
    for chunk in _chunks(payload):
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def _about(exc: OSError, path: Path) -> OSError:
    """``exc``, raised on our temporary file, said of the file the caller asked for (the temporary name is ours,
    not the user's): a missing folder is named as such."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        reason = f"no such folder {path.parent}"
    return type(exc)(exc.errno, reason, os.fspath(path))


def describe(exc: OSError) -> str:
    """One sentence for the user: the path and what went wrong."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"
