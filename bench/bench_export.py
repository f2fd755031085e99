"""``cablereader export`` as a whole process: each format, at several sizes, on the full-size library.

    python bench/bench_export.py [--library PATH] [--sizes 1000,10000,50000] [--formats md,txt,json,csv]
                                 [--jobs 0,1] [--runs 3] [--json OUT]

The library is opened read-only (default: /work/corpus/home-cables/library.sqlite, 251,287 cables); the reading
state is a temporary home's. For each size N, the IDs of N cables spread over the whole library (a fixed,
scattered sample: every cable's key through a multiplicative hash) are written one a line, and each run is
``cablereader --library PATH --home TMP export --ids FILE -o OUT.FMT --jobs J`` (J 0: the default, one worker
per idle core). Runs are taken in turn (each configuration once, then again), so a burst of load falls on all alike.
Reported per configuration: wall time (median and min of --runs), the CPU time of the process and its workers
(user + system, median), and the size written. The issue's target: 10,000 cables in <= 5 s in each format.
The machine's load average is printed before and after: on a shared machine, read the CPU time beside the wall.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
CLI = ["-c", "from tui.cli import main; import sys; sys.exit(main())"]  # what the console script runs
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CABLEREADER_LIBRARY")}


def sample_ids(library: str, n: int) -> list[str]:
    """N reference IDs spread over the whole library, the same on every run."""
    uri = f"file:{os.path.abspath(library)}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as db:
        return [r for (r,) in db.execute("SELECT refid FROM cable ORDER BY (key * 2654435761) % 1000003, key "
                                         "LIMIT ?", (n,))]


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run; a failing command stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library", default="/work/corpus/home-cables/library.sqlite")
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--formats", default="md,txt,json,csv")
    ap.add_argument("--jobs", default="0", help="comma-separated --jobs values (0: the default, one per idle core)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (cores: {os.cpu_count()})")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "out"
        home.mkdir()
        out.mkdir()
        configs = {}
        for n in sizes:
            ids = Path(tmp) / f"ids-{n}.txt"
            ids.write_text("\n".join(sample_ids(args.library, n)) + "\n")
            for fmt in formats:
                for j in jobs:
                    argv = [PY, *CLI, "--library", args.library, "--home", str(home), "export", "--ids", str(ids),
                            "-o", str(out / f"{n}-{j}.{fmt}")] + (["--jobs", str(j)] if j else [])
                    configs[(fmt, n, j)] = argv
        times = {c: {"wall": [], "cpu": []} for c in configs}
        run_once(configs[next(iter(configs))])  # warm-up: page cache, .pyc files
        for _ in range(args.runs):
            for c, argv in configs.items():
                wall, cpu = run_once(argv)
                times[c]["wall"].append(wall)
                times[c]["cpu"].append(cpu)
        rows = []
        for (fmt, n, j), t in times.items():
            size = (out / f"{n}-{j}.{fmt}").stat().st_size
            rows.append({"format": fmt, "cables": n, "jobs": j or "auto",
                         "wall_median_s": statistics.median(t["wall"]), "wall_min_s": min(t["wall"]),
                         "cpu_median_s": statistics.median(t["cpu"]), "mb": size / 1e6})
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'format':<7}{'cables':>8}{'jobs':>6}{'wall median':>13}{'wall min':>10}{'cpu median':>12}{'MB':>8}"
          f"{'  <= 5 s' if 10000 in sizes else ''}")
    for r in rows:
        mark = ("  yes" if r["wall_median_s"] <= 5 else "  NO") if r["cables"] == 10000 else ""
        print(f"{r['format']:<7}{r['cables']:>8,}{r['jobs']:>6}{r['wall_median_s']:>12.2f}s{r['wall_min_s']:>9.2f}s"
              f"{r['cpu_median_s']:>11.2f}s{r['mb']:>8.1f}{mark}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"runs": args.runs, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
