"""Which files a set of paths names: the one walk used both to read sources and to size them for a progress bar.

``walk(paths)`` yields a :class:`File` for each regular file to read and a :class:`Skipped` note for everything
else, in order: each path as given, folders depth-first in sorted order (a folder's files, then its sub-folders),
hidden entries (``.name``) left out silently. The rules, so that a folder as found in the wild never hangs or
aborts a walk:

- symbolic links are followed; a link that leads back into a folder being walked is ``symlink-loop``, one that
  points nowhere ``dangling-link``; a folder or file reached a second time (a path given twice, a link to a folder
  already walked) is ``duplicate``.
- inside a folder only regular files are read: FIFOs, sockets and device files are ``not-a-file`` (opening a FIFO
  would wait for a writer). A FIFO or a device named on the command line is read, as ``cat`` would
  (``cablereader import <(zcat cables.csv.gz)``); a socket never is.
- a file or folder that cannot be listed or opened is ``unreadable``; one that is gone by the time it is reached
  is ``vanished``.

``open_file(file)`` opens a File for reading without ever blocking on a FIFO swapped in after the walk, and reads
a regular file only up to the size it had then: a file that grows during an import does not keep it running.
``total_size(paths)`` is the sum of the walk's sizes (the progress bar's 100%).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """Something that was not read as a cable: a whole file, or one CSV row (``row``: its line field, or its
    position in the file when that field is unreadable)."""

    path: str
    row: int | None
    reason: str  # not-a-cable / bad-utf8 / truncated-row / too-large / parse-error (the reader);
    #              symlink-loop / dangling-link / not-a-file / unreadable / vanished / duplicate (the walk)
    message: str

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path}, row {self.row}"
        return f"{where}: {self.reason}: {self.message}"


@dataclass(frozen=True)
class File:
    """A file to read: its path, its size when walked, and whether it is a stream named on the command line."""

    path: str
    size: int
    stream: bool = False  # a FIFO or device given by name: read as it comes, with no size


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


def walk(paths: str | os.PathLike | Iterable) -> Iterator[File | Skipped]:
    """Files to read and Skipped notes, under the rules above. ``paths`` is one path or an iterable of paths."""
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    seen: set[tuple[int, int]] = set()  # folders walked and files read, by (device, inode)
    files = len(paths) > 1  # remember every file read (several paths may overlap), else only those via a link
    for path in paths:
        path = os.fspath(path)
        st = _stat(path, named=True)
        if isinstance(st, Skipped):
            yield st
        elif stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, st, seen, files)
        elif (st.st_dev, st.st_ino) in seen:
            yield Skipped(path, None, "duplicate", "named more than once")
        else:
            seen.add((st.st_dev, st.st_ino))
            if stat.S_ISREG(st.st_mode):
                yield File(path, st.st_size)
            elif stat.S_ISSOCK(st.st_mode):
                yield Skipped(path, None, "not-a-file", "a socket, not a file")
            else:
                yield File(path, 0, stream=True)


def total_size(paths) -> int:
    """Bytes of the files the walk yields (streams count 0)."""
    return sum(f.size for f in walk(paths) if isinstance(f, File))


def _walk_dir(top: str, top_st: os.stat_result, seen: set, files: bool) -> Iterator[File | Skipped]:
    """A folder depth-first, iteratively (any depth), following links with loop detection. ``files``: remember
    every file read in ``seen``; otherwise only files reached through a link are (the set stays small)."""
    key = (top_st.st_dev, top_st.st_ino)
    if key in seen:
        yield Skipped(top, None, "duplicate", "a folder already walked")
        return
    seen.add(key)
    stack = [(top, (key,))]  # (folder, the keys of it and its ancestors)
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except FileNotFoundError:
            yield Skipped(folder, None, "vanished", "the folder was removed during the walk")
            continue
        except OSError as exc:
            yield Skipped(folder, None, "unreadable", _why(exc))
            continue
        subdirs = []
        for entry in entries:
            st = _stat(entry.path)
            if isinstance(st, Skipped):
                yield st
            elif stat.S_ISDIR(st.st_mode):
                subdirs.append((entry.path, st))
            elif stat.S_ISREG(st.st_mode):
                if files or entry.is_symlink():
                    key = (st.st_dev, st.st_ino)
                    if key in seen:
                        yield Skipped(entry.path, None, "duplicate", "a file already read (through a link)")
                        continue
                    seen.add(key)
                yield File(entry.path, st.st_size)
            else:
                kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
                yield Skipped(entry.path, None, "not-a-file", f"{kind}, not a file")
        deeper = []
        for path, st in subdirs:
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Skipped(path, None, "symlink-loop", "a link back into a folder that holds it")
            elif key in seen:
                yield Skipped(path, None, "duplicate", "a folder already walked (through a link)")
            else:
                seen.add(key)
                deeper.append((path, ancestors + (key,)))
        stack += reversed(deeper)


def _stat(path: str, named: bool = False) -> os.stat_result | Skipped:
    """``os.stat`` following links, or the Skipped note saying why the path cannot be followed (``named``: given
    on the command line, so a missing one was never there rather than gone)."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(path, None, "symlink-loop", "a symbolic link that leads back to itself")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(path):
                return Skipped(path, None, "dangling-link", f"a symbolic link to a missing {os.readlink(path)!r}")
            if named:
                return Skipped(path, None, "unreadable", "no such file or folder")
            return Skipped(path, None, "vanished", "removed during the walk")
        return Skipped(path, None, "unreadable", _why(exc))
    except ValueError as exc:  # a NUL byte in a name given on the command line
        return Skipped(path, None, "unreadable", str(exc))


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


class _Upto:
    """A binary file read up to ``limit`` bytes (the size it had when walked)."""

    def __init__(self, f, limit: int):
        self._f, self._left = f, limit

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._f.read(self._left if n is None or n < 0 else min(n, self._left))
        self._left -= len(data)
        return data

    def fileno(self) -> int:
        return self._f.fileno()

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> "_Upto":
        return self

    def __exit__(self, *exc) -> None:
        self._f.close()


def open_file(file: File):
    """A binary reader of ``file``. Raises OSError: FileNotFoundError when it vanished, IsADirectoryError when it
    is no longer a regular file (swapped for a FIFO, say: opened without blocking, so that never waits)."""
    if file.stream:
        if stat.S_ISFIFO(os.stat(file.path).st_mode):
            from tui.fifo import open_for_reading

            return os.fdopen(open_for_reading(file.path), "rb")
        return open(file.path, "rb")
    fd = os.open(file.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "no longer a regular file", file.path)
        os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return _Upto(f, max(file.size, 0))
