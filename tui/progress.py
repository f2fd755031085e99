"""Progress for long commands: a one-line bar on a terminal, plain lines (every few seconds) otherwise."""

from __future__ import annotations

import sys
import time


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else f"{seconds // 3600}h{seconds // 60 % 60:02d}"


class Progress:
    """Shows rows done, throughput and an ETA from bytes done out of ``total`` bytes."""

    def __init__(self, total: int, stream=None, *, tty: bool | None = None, every: float = 5.0, width: int = 28):
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every if not self.tty else 0.1
        self.width = width
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def line(self, rows: int, done: int, extra: str = "") -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = done / elapsed
        frac = min(done / self.total, 1.0)
        eta = (self.total - done) / rate if rate > 0 and done < self.total else 0.0
        text = f"{rows:,} rows  {done / 1e6:,.0f}/{self.total / 1e6:,.0f} MB  {rate / 1e6:.1f} MB/s  ETA {_duration(eta)}"
        if extra:
            text += f"  {extra}"
        if self.tty:
            filled = int(frac * self.width)
            return f"[{'#' * filled}{'.' * (self.width - filled)}] {frac:4.0%} {text}"
        return f"{frac:4.0%} {text}"

    def update(self, rows: int, done: int, extra: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        if self.tty:
            self.stream.write("\r\x1b[K" + self.line(rows, done, extra))
        else:
            self.stream.write(self.line(rows, done, extra) + "\n")
        self.stream.flush()
        self.shown = True

    def finish(self, rows: int, done: int, extra: str = "", *, interrupted: bool = False) -> None:
        """The last line: 100% and ``done`` (bytes read are text, which can be far less than the files' sizes),
        or where it stopped and ``interrupted``; on a terminal it replaces the bar and ends the line."""
        elapsed = max(time.monotonic() - self.start, 1e-6)
        frac = min(done / self.total, 1.0) if interrupted else 1.0
        text = (f"{rows:,} rows  {done / 1e6:,.0f} MB in {_duration(elapsed)}  {done / elapsed / 1e6:.1f} MB/s  "
                f"{'interrupted' if interrupted else 'done'}")
        if extra:
            text += f"  {extra}"
        if self.tty:
            filled = int(frac * self.width)
            self.stream.write(f"\r\x1b[K[{'#' * filled}{'.' * (self.width - filled)}] {frac:4.0%} {text}\n")
        else:
            self.stream.write(f"{frac:4.0%} {text}\n")
        self.stream.flush()
