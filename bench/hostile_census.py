"""The census of hostile layouts and paths: every case of tests/hostile_layouts.py run as its own process, counted
by outcome (ok, waits: a named FIFO waited on with a message, traceback, hang, destroyed).

    python bench/hostile_census.py [--repo PATH] [--timeout 20] [--show ok|traceback|hang|destroyed]

``--repo`` runs another checkout's code (say the code before the fixes: ``git archive <commit> | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_layouts import HOME_LAYOUTS, PATHS, cases, run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", type=Path, help="run this checkout's tui package instead of this one")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds before a case counts as a hang")
    ap.add_argument("--skip", action="append", default=[], metavar="LAYOUT|LAYOUT:COMMAND",
                    help="leave these cases out (old code reads /dev/zero into memory without end: "
                         "--skip state-device --skip a-zero-device:import-state)")
    ap.add_argument("--show", action="append", default=["traceback", "hang", "destroyed"],
                    help="list the cases with this outcome")
    args = ap.parse_args()
    all_cases = [c for c in cases() if c.layout not in args.skip and c.id not in args.skip]
    counts: collections.Counter = collections.Counter()
    listed = collections.defaultdict(list)
    t0 = time.monotonic()
    for case in all_cases:
        root = Path(tempfile.mkdtemp(prefix="hostile-"))
        try:
            outcome, detail = run(case, root, repo=args.repo, timeout=args.timeout)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        counts[outcome] += 1
        listed[outcome].append(f"{case.id}: {detail}")
    print(f"code: {args.repo or 'this checkout'}")
    print(f"{len(HOME_LAYOUTS)} home layouts x 9 commands + {len(PATHS)} hostile paths x 4 commands"
          + (f", less {', '.join(args.skip)}" if args.skip else "") + f": {len(all_cases)} cases in "
          f"{time.monotonic() - t0:.0f} s")
    for outcome in ("ok", "waits", "traceback", "hang", "destroyed"):
        print(f"  {outcome:10} {counts[outcome]}")
    for outcome in dict.fromkeys(args.show):
        for line in listed[outcome]:
            print(f"{outcome}: {line}")
    return 0 if counts["ok"] + counts["waits"] == len(all_cases) else 1


if __name__ == "__main__":
    sys.exit(main())
