"""The timeline and facets of a view at full size: in-process and (the timeline) as a whole process.

    python bench/bench_timeline.py [--library /work/corpus/home-cables/library.sqlite]
                                   [--state-home /work/corpus/home-search] [--runs 3] [--json OUT]

Each row is a view: the whole library, an origin, a classification, a tag, a year, a search of a rare and of a
common word, a search inside a filter, the starred cables (from the reading state in --state-home). For each:
``Library.timeline`` by year and by month and ``Library.facets`` in this process (a fresh Library per run, so no
answer kept from an earlier run helps; median of --runs), and ``cablereader timeline`` (by year and by month) as
a whole process, piped (median of --runs). The target (issue 12): either view in <= 300 ms at 251,287 cables.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_library import machine  # noqa: E402

# (name, Filter fields, CLI options); origins, tags and classes as the synthetic corpus has them
VIEWS = [
    ("whole library", {}, []),
    ("origin Embassy Baghdad", {"origin": "Embassy Baghdad"}, ["--origin", "Embassy Baghdad"]),
    ("class CONFIDENTIAL", {"classification": "CONFIDENTIAL"}, ["--classification", "CONFIDENTIAL"]),
    ("tag PGOV", {"tag": "PGOV"}, ["--tag", "PGOV"]),
    ("year 2009", {"year": 2009}, ["--year", "2009"]),
    ("search karzai (rare)", {"text": "karzai"}, ["--query", "karzai"]),
    ("search embassy (common)", {"text": "embassy"}, ["--query", "embassy"]),
    ("search president (common)", {"text": "president"}, ["--query", "president"]),
    ("president in CONFIDENTIAL", {"text": "president", "classification": "CONFIDENTIAL"},
     ["--query", "president", "--classification", "CONFIDENTIAL"]),
    ("oil in tag PGOV", {"text": "oil", "tag": "PGOV"}, ["--query", "oil", "--tag", "PGOV"]),
    ("starred", {"starred": True}, ["--starred"]),
]


def median_ms(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out


def in_process(library_path: Path, f, what: str, by: str = "year"):
    from tui.library import Library

    def run():
        with Library(library_path) as library:  # a fresh connection: nothing kept from the run before
            return library.timeline(f, by) if what == "timeline" else library.facets(f)
    return run


def whole_process(library_path: Path, home: Path, options: list[str], by: str):
    argv = [sys.executable, "-m", "tui.cli", "--library", str(library_path), "--home", str(home), "timeline",
            "--by", by, *options]

    def run():
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr)
        return done.stdout
    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library", type=Path, default=Path("/work/corpus/home-cables/library.sqlite"))
    ap.add_argument("--state-home", type=Path, default=Path("/work/corpus/home-search"),
                    help="a home whose state.json has starred cables (read only)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from tui.library import Filter, Library
    from tui.state import State

    with State(args.state_home, background=False) as state:
        starred = tuple(state.starred())
    with Library(args.library) as library:
        cables = library.count()
    print(f"{cables:,} cables; {len(starred)} starred; {machine()}; median of {args.runs}")
    home = Path(tempfile.mkdtemp(prefix="bench-timeline-home-"))
    header = (f"| view | cables | timeline year | timeline month | facets | whole process year | "
              f"whole process month |\n|---|---:|---:|---:|---:|---:|---:|")
    print(header)
    rows = []
    for name, fields, options in VIEWS:
        fields = dict(fields)
        if fields.pop("starred", False):
            fields["ids"] = starred
        f = Filter(**fields)
        year, counts = median_ms(in_process(args.library, f, "timeline", "year"), args.runs)
        month, _ = median_ms(in_process(args.library, f, "timeline", "month"), args.runs)
        facet, _ = median_ms(in_process(args.library, f, "facets"), args.runs)
        cli_home = args.state_home if "--starred" in options else home
        cli_year, _ = median_ms(whole_process(args.library, cli_home, options, "year"), args.runs)
        cli_month, _ = median_ms(whole_process(args.library, cli_home, options, "month"), args.runs)
        n = sum(c for _, c in counts)
        row = {"view": name, "filter": f._asdict() | {"ids": len(starred) if f.ids else None},
               "cables": n, "timeline_year_ms": year, "timeline_month_ms": month, "facets_ms": facet,
               "process_year_ms": cli_year, "process_month_ms": cli_month}
        rows.append(row)
        print(f"| {name} | {n:,} | {year:.0f} | {month:.0f} | {facet:.0f} | {cli_year:.0f} | {cli_month:.0f} |",
              flush=True)
    start, _ = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"]), args.runs)
    print(f"(python -c pass: {start:.0f} ms; {machine()})")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
