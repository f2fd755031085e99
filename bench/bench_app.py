"""The reader's benchmark: start-up, opening a cable by ID, cursor moves at 1k and at the full view, memory.

    python bench/bench_app.py --home DIR [--runs 5] [--json]

DIR holds a library (``cablereader --home DIR import ...``). What is measured (medians of --runs):
- process start to first paint and to the sidebar filled, and RSS then: ``cablereader --home DIR`` is spawned
  under a pseudo-terminal of 80x24 with CABLEREADER_BENCH=FILE, which makes the app write its timings (from the
  process start time in /proc) to FILE and exit;
- open a cable by ID: in the go-to prompt (driven by Pilot), from the Enter key event to the cable open and its
  visible lines drawn, for the cables nearest 7 KB and 100 KB of text;
- 500 cursor moves (``j`` key events) in a view of 1,000 rows and in the whole library, each followed by drawing
  the sidebar's visible lines, and their ratio.
Frame scheduling (Textual paints at most 60 times a second) and the terminal are not part of the in-app numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def startup(home: Path, runs: int) -> dict:
    import fcntl
    import termios

    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "timings.json"
            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            env = {**os.environ, "CABLEREADER_BENCH": str(out), "TERM": "xterm-256color"}
            proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--home", str(home)], stdin=slave,
                                    stdout=slave, stderr=slave, env=env, cwd=REPO, close_fds=True)
            os.close(slave)
            deadline = time.time() + 60
            while proc.poll() is None and time.time() < deadline:
                try:  # drain the terminal so the app never blocks on a full pty
                    os.read(master, 65536)
                except OSError:
                    break
            proc.wait(timeout=10)
            os.close(master)
            results.append(json.loads(out.read_text()))
    return {
        "first_paint_s": statistics.median(r["first_paint"] for r in results),
        "sidebar_filled_s": statistics.median(r["sidebar_filled"] for r in results),
        "rows": results[0]["rows"],
        "rss_mb": statistics.median(r["rss_kb"] for r in results) / 1024,
        "runs": [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in results],
    }


def cable_near(lib, size: int) -> tuple[str, int]:
    """The cable whose text (header and body) is nearest ``size`` bytes, among those whose stored (compressed)
    size suggests it."""
    db = sqlite3.connect(f"file:{lib.path}?mode=ro", uri=True)
    candidates = db.execute(
        "SELECT c.refid FROM cable c JOIN variant v ON v.id = c.primary_variant "
        "ORDER BY abs(length(v.text) * 3 - ?) LIMIT 40", (size,)).fetchall()
    db.close()
    sized = []
    for (ref,) in candidates:
        cable = lib.get(ref)
        length = len(cable.header.encode()) + len(cable.body.encode())
        sized.append((abs(length - size), ref, length))
    _, ref, length = min(sized)
    return ref, length


async def key(app, name: str, done) -> None:
    """Send one key press as the terminal driver would, and wait (yielding to the loop) until ``done()``."""
    from textual import events

    app._driver.send_message(events.Key(name, name if len(name) == 1 else None))
    while not done():
        await asyncio.sleep(0)


def paint(widget) -> None:
    """The drawing work of one frame for a widget: every visible line (the Strips a paint would send)."""
    for y in range(widget.scrollable_content_region.height):
        widget.render_line(y)


async def open_by_id(app, pilot, ref: str, runs: int) -> float:
    """Enter in the go-to prompt -> the cable is open and its visible lines are drawn."""
    times = []
    for _ in range(runs):
        app.cable_view.show(None)
        app.sidebar.focus()
        await pilot.press("colon", *ref)
        await pilot.pause()
        t0 = time.perf_counter()
        await key(app, "enter", lambda: app.cable_view.reference_id == ref)
        paint(app.cable_view)
        times.append(time.perf_counter() - t0)
        await pilot.pause()
    return statistics.median(times)


async def cursor_moves(app, pilot, keys, moves: int = 500) -> float:
    """``moves`` presses of j: each dispatched through the app, then the sidebar's visible lines drawn."""
    app.sidebar.set_keys(keys)
    app.sidebar.focus()
    await pilot.pause()
    moves = min(moves, len(keys) - 1)
    t0 = time.perf_counter()
    for i in range(1, moves + 1):
        await key(app, "j", lambda: app.sidebar.cursor == i)
        paint(app.sidebar)
    return (time.perf_counter() - t0) / moves


async def in_app(home: Path, runs: int) -> dict:
    from tui.app import CableReaderApp
    from tui.library import Filter, open_home

    lib = open_home(home)
    small = cable_near(lib, 7_000)
    large = cable_near(lib, 100_000)
    app = CableReaderApp(lib, ansi=False)
    out = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        out["open_small_s"] = await open_by_id(app, pilot, small[0], runs)
        out["open_small"] = {"id": small[0], "bytes": small[1]}
        out["open_large_s"] = await open_by_id(app, pilot, large[0], runs)
        out["open_large"] = {"id": large[0], "bytes": large[1]}
        everything = lib.view(Filter(), "date")
        first_1k = lib.view(Filter(ids=tuple(r.reference_id for r in lib.rows(list(everything[:1000])))), "date")
        small_runs, full_runs = [], []
        for run in range(max(2, runs)):  # alternate which goes first, so warm-up favours neither
            pair = [(small_runs, first_1k), (full_runs, everything)]
            for results, keys in (pair if run % 2 else pair[::-1]):
                results.append(await cursor_moves(app, pilot, keys))
        out["moves_1k_s"] = statistics.median(small_runs)
        out["small_rows"] = len(first_1k)
        out["moves_full_s"] = statistics.median(full_runs)
        out["full_rows"] = len(everything)
        out["moves_ratio"] = out["moves_full_s"] / out["moves_1k_s"]
    lib.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", required=True, type=Path, help="a cablereader home holding library.sqlite")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = {"startup": startup(args.home, args.runs)}
    result.update(asyncio.run(in_app(args.home, args.runs)))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    s = result["startup"]
    print(f"library: {s['rows']:,} cables in view at start ({args.home})")
    print(f"first paint       {s['first_paint_s'] * 1000:7.0f} ms   (target <= 600)")
    print(f"sidebar filled    {s['sidebar_filled_s'] * 1000:7.0f} ms   (target <= 1200)")
    print(f"RSS after paint   {s['rss_mb']:7.0f} MB   (target <= 250)")
    print(f"open {result['open_small']['id']} ({result['open_small']['bytes']:,} B) "
          f"{result['open_small_s'] * 1000:6.1f} ms   (target <= 100)")
    print(f"open {result['open_large']['id']} ({result['open_large']['bytes']:,} B) "
          f"{result['open_large_s'] * 1000:6.1f} ms   (target <= 300)")
    print(f"cursor move (mean of 500): {result['small_rows']:,} rows "
          f"{result['moves_1k_s'] * 1000:.2f} ms, {result['full_rows']:,} rows {result['moves_full_s'] * 1000:.2f} ms, "
          f"ratio {result['moves_ratio']:.2f}   (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
