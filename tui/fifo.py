"""Named pipes the user names on the command line (``import <(zcat cables.csv.gz)``, ``export-state pipe``): they
are used as ``cat`` and ``>`` would use them, waiting for the other end, but never silently: when nothing is at
the other end yet, a line on stderr says what is awaited (Ctrl+C stops it)."""

from __future__ import annotations

import errno
import os
import select
import sys

PATIENCE = 0.5  # seconds of silence from the other end before saying that we wait


def _say(text: str) -> None:
    from tui.safetext import line

    print(f"cablereader: {line(text)} (Ctrl+C to stop)", file=sys.stderr, flush=True)


def open_for_reading(path: str) -> int:
    """A blocking descriptor of a FIFO for reading, once a writer has connected and written or closed."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        poll = select.poll()
        poll.register(fd, select.POLLIN | select.POLLHUP)
        if not poll.poll(PATIENCE * 1000):
            _say(f"waiting for a program to write into the FIFO {path}")
            poll.poll()
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_for_writing(path: str) -> int:
    """A blocking descriptor of a FIFO for writing, once a reader is there."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
            raise
        _say(f"waiting for a program to read the FIFO {path}")
        return os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    os.set_blocking(fd, True)
    return fd
