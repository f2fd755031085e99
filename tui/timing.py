"""Start-up timings for bench/: with $CABLEREADER_BENCH set to a file name the app writes them there and exits."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

BENCH_ENV = "CABLEREADER_BENCH"


def bench_file() -> Path | None:
    value = os.environ.get(BENCH_ENV)
    return Path(value) if value else None


def write_startup(path: Path, started: float, first_paint: float, rows: int) -> None:
    """Process start to first paint and to the list filled (now), the rows in view and the resident memory."""
    path.write_text(json.dumps({"first_paint": first_paint - started, "sidebar_filled": time.time() - started,
                                "rows": rows, "rss_kb": rss_kb()}))


def rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_start() -> float:
    """Wall-clock time the process started, from /proc where there is one (else now)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return time.time()
