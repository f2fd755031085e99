"""Changes lost to a signal: the reader on a pseudo-terminal, a star, then SIGHUP (or SIGTERM, or the terminal
closed) at a random moment 0-300 ms after the reader made the change; counts the stars not on disk.

    python bench/bench_signals.py [--runs 100] [--signal HUP|TERM|close] [--seed 1]

Each run starts the reader on a fresh home (the bundled samples), waits for its list, presses ``s`` and waits for
the notice that the cable was starred, sleeps the random delay, sends the signal and waits for the process to end.
Prints one line per ten runs and the total: "changes lost: N of RUNS". Exit status 1 if any was lost.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_signals import change_then_signal, starred  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--signal", default="HUP", choices=["HUP", "TERM", "close"])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lost, delays, ends = 0, [], []
    root = Path(tempfile.mkdtemp(prefix="bench-signals-"))
    t0 = time.monotonic()
    try:
        for n in range(1, args.runs + 1):
            home = root / f"home{n}"
            home.mkdir()
            delay = rng.uniform(0, 0.3)
            rc, took = change_then_signal(home, args.signal, delay)
            ok = len(starred(home)) == 1
            lost += not ok
            delays.append(delay)
            ends.append(took)
            if not ok:
                print(f"run {n}: the star was lost ({args.signal} {delay * 1000:.0f} ms after it, exit {rc})")
            if n % 10 == 0:
                print(f"{n} runs, {lost} lost, {time.monotonic() - t0:.0f} s", flush=True)
            shutil.rmtree(home)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ends.sort()
    print(f"signal: SIG{args.signal}" if args.signal != "close" else "signal: terminal closed")
    print(f"delay after the change: {min(delays) * 1000:.0f}-{max(delays) * 1000:.0f} ms (uniform 0-300)")
    print(f"process ended after the signal: median {ends[len(ends) // 2]:.2f} s, max {ends[-1]:.2f} s")
    print(f"changes lost: {lost} of {args.runs}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
