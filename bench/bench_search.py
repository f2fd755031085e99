"""Full-text search x filters at full size: a matrix of combinations, in-process and as a whole process.

    python bench/bench_search.py [--library bench/out/home-cables/library.sqlite] [--csv bench/out/cables.csv]
                                 [--runs 3] [--json OUT] [--matrix-only | --unfiltered-only]

Needs an imported library (bench/bench_library.py makes one). Each row of the matrix is a query and a filter:
single filters (origin, classification, tag, year, a day, a week, a year as dates, starred, unread), pairs and
triples, with rare and common words, phrases, prefixes and boolean queries. For each: the top 50 ranked hits
in this process (a fresh Library per run, so nothing kept from an earlier run helps: median and worst of
--runs), and ``cablereader search`` as a whole process (median and worst of --runs), with the hit count, and
beside each the median CPU time (user + system): on a shared machine whose load is far above its cores, wall
time measures the queue; CPU time is close to what the wall time is when the machine is quiet. Then
the 20 fixed queries of bench_library.py unfiltered, as whole processes, beside ``grep -c -i`` over the CSV
(with LC_ALL=C: in a UTF-8 locale grep -i is ~10x slower, which would flatter the ratio).

Starred and unread come from a reading state made here in a home of its own (out/home-search/state.json):
200 starred cables; read: everything of 2008 (one rule), 20,000 explicit reads, 300 explicitly unread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_library import QUERIES, grep_pattern, machine  # noqa: E402

D = dt.date
# (query, filter fields); origins/tags/classes as the synthetic corpus has them
MATRIX = [
    ("karzai", {"origin": "Embassy Kabul"}),
    ("nuclear", {"classification": "SECRET"}),
    ("corruption", {"tag": "PHUM"}),
    ('"human rights"', {"origin": "MEXICO"}),
    ("president", {"year": 2008}),
    ("president", {"origin": "Embassy Mexico"}),
    ("president", {"classification": "CONFIDENTIAL"}),
    ("embassy", {"classification": "UNCLASSIFIED"}),
    ("election", {"tag": "PGOV"}),
    ("oil", {"tag": "ENRG"}),
    ("chavez", {"date_from": D(2008, 3, 4), "date_to": D(2008, 3, 4)}),
    ("president", {"date_from": D(2008, 3, 3), "date_to": D(2008, 3, 9)}),
    ("military", {"date_from": D(2007, 1, 1), "date_to": D(2007, 12, 31)}),
    ("minister AND security", {"date_from": D(2009, 6, 1), "date_to": D(2009, 6, 7)}),
    ("taliban", {"starred": True}),
    ("president", {"starred": True}),
    ("sanctions", {"unread": True}),
    ("president", {"unread": True}),
    ('"prime minister"', {"origin": "Secretary of State"}),
    ("narco*", {"classification": "SECRET//NOFORN"}),
    ("refugees", {"year": 2006}),
    ("election", {"tag": "PGOV", "classification": "CONFIDENTIAL"}),
    ("president", {"origin": "Secretary of State", "year": 2009}),
    ('"drug trafficking"', {"origin": "Embassy Mexico", "tag": "SNAR"}),
    ("nuclear", {"classification": "SECRET", "year": 2009}),
    ("embassy", {"tag": "PREL", "date_from": D(2008, 3, 3), "date_to": D(2008, 3, 9)}),
    ("oil", {"unread": True, "year": 2009}),
    ("corruption", {"tag": "PGOV", "classification": "CONFIDENTIAL", "year": 2008}),
    ("president", {"origin": "Secretary of State", "tag": "PREL", "year": 2009}),
    ("terror*", {"classification": "SECRET", "tag": "PTER", "date_from": D(2007, 1, 1), "date_to": D(2007, 12, 31)}),
    ("crime AND NOT mexico", {"origin": "Embassy Mexico", "year": 2009}),
    ("(election OR vote) NOT president", {"tag": "PGOV", "year": 2008}),
    ('"border security"', {"starred": True, "classification": "UNCLASSIFIED"}),
    ("military", {"unread": True, "classification": "SECRET", "tag": "MARR"}),
]


def label(fields: dict) -> str:
    parts = []
    for k, v in fields.items():
        if v is True:
            parts.append(k)
        elif isinstance(v, dt.date):
            parts.append(f"{k[5:]}={v}")
        else:
            parts.append(f"{k}={v}")
    return " ".join(parts)


def make_state(home: Path, lib) -> None:
    """The reading state the starred and unread rows use (made once)."""
    from tui.library import Filter
    from tui.state import State

    path = home / "state.json"
    if path.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(5)
    refs = [r for (r,) in lib.db.execute("SELECT refid FROM cable")]
    with State(home, background=False) as state:
        for ref in rnd.sample(refs, 200):
            state.set_starred(ref)
        state.mark_read(Filter(year=2008).to_dict())
        for ref in rnd.sample(refs, 20_000):
            state.set_read(ref)
        for ref in rnd.sample(refs, 300):
            state.set_read(ref, False)
        state.flush()


def in_process(library: Path, home: Path, query: str, fields: dict, runs: int
               ) -> tuple[list[float], list[float], int, float]:
    """Milliseconds per run (fresh Library each), wall and CPU, hits, and the ms spent reading the state
    (starred/unread) in the last run (the first may fill the cache beside the state)."""
    from tui.library import Filter, Library
    from tui.library.reading import cached_reading
    from tui.paths import reading_cache_path, state_path
    from tui.state import State

    times, cpu, n, state_ms = [], [], 0, 0.0
    for _ in range(runs):
        lib = Library(library)
        given = {k: v for k, v in fields.items() if k != "starred"}
        if "origin" in given:
            given["origin"] = lib.origin_named(given["origin"])
        t = time.perf_counter()
        if fields.get("starred") or fields.get("unread"):  # as the command does: from its cache when it holds
            read, starred = cached_reading(reading_cache_path(home), state_path(home), lib,
                                           lambda: State(home, background=False), keys=bool(fields.get("unread")))
            if fields.get("unread"):
                lib.set_read(read)
            if fields.get("starred"):
                given["ids"] = tuple(starred)
        f = Filter(**given)
        state_ms = (time.perf_counter() - t) * 1000
        t, c = time.perf_counter(), time.process_time()
        hits = lib.search(query, f, limit=50)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        n = lib.search_count(query, f)
        assert len(hits) == min(50, n), (query, fields, len(hits), n)
        lib.close()
    return times, cpu, n, state_ms


def cli_args(query: str, fields: dict) -> list[str]:
    out = ["search", query, "--limit", "50"]
    for k, v in fields.items():
        if v is True:
            out.append(f"--{k}")
        elif k == "date_from":
            out += ["--from", v.isoformat()]
        elif k == "date_to":
            out += ["--to", v.isoformat()]
        else:
            out += [f"--{k}", str(v)]
    return out


# An installed package runs from its compiled bytecode: a process is measured with it (written on the first run)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``cmd``: its wall and CPU (user + system) milliseconds, and the finished process."""
    before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    proc = subprocess.run(cmd, **kwargs)
    wall, after = (time.perf_counter() - t) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000, proc


def whole_process(library: Path, home: Path, args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``cablereader ARGS``, per run."""
    times, cpu = [], []
    for _ in range(runs):
        wall, used, proc = timed([sys.executable, "-m", "tui.cli", "--home", str(home), "--library", str(library),
                                  *args], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 env=ENV)
        times.append(wall)
        cpu.append(used)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{args} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return times, cpu


def spread(times: list[float], cpu: list[float]) -> str:
    return f"{statistics.median(times):.0f} / {max(times):.0f} ({statistics.median(cpu):.0f})"


def summary(name: str, rows: list[tuple[list[float], list[float]]], target: int) -> str:
    """Median and worst over the rows of wall time, and the same of CPU time."""
    def of(i: int) -> tuple[float, float]:
        return statistics.median(statistics.median(r[i]) for r in rows), max(max(r[i]) for r in rows)
    (med, worst), (cmed, cworst) = of(0), of(1)
    return (f"{name} median {med:.0f} ms, worst {worst:.0f} ms (CPU: median {cmed:.0f}, worst {cworst:.0f}; "
            f"target <= {target})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    out = REPO / "bench" / "out"
    ap.add_argument("--library", type=Path, default=out / "home-cables" / "library.sqlite")
    ap.add_argument("--csv", type=Path, default=out / "cables.csv")
    ap.add_argument("--home", type=Path, default=None, help="where the bench's reading state is made")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--matrix-only", action="store_true", help="skip the unfiltered queries and grep")
    ap.add_argument("--unfiltered-only", action="store_true", help="skip the matrix")
    args = ap.parse_args(argv)
    from tui.library import Library

    home = args.home or args.library.parent.parent / "home-search"
    with Library(args.library) as lib:
        make_state(home, lib)
        cables = lib.count()
    whole_process(args.library, home, ["search", "warm", "--limit", "1"], 1)  # bytecode written, files cached
    print(f"{cables:,} cables; machine: {machine()}\n")
    inside, outside, report = [], [], {"matrix": [], "unfiltered": []}
    print("| query | filter | hits | in-process median / worst (CPU median) ms | whole process median / worst (CPU) |")
    print("|---|---|---|---|---|")
    for query, fields in [] if args.unfiltered_only else MATRIX:
        times, cpu, n, state_ms = in_process(args.library, home, query, fields, args.runs)
        proc, proc_cpu = whole_process(args.library, home, cli_args(query, fields), args.runs)
        inside.append((times, cpu))
        outside.append((proc, proc_cpu))
        extra = f" +{state_ms:.0f} reading state" if state_ms > 1 else ""
        print(f"| `{query}` | {label(fields)} | {n:,} | {spread(times, cpu)}{extra} | {spread(proc, proc_cpu)} |",
              flush=True)
        report["matrix"].append({"query": query, "filter": label(fields), "hits": n, "in_process_ms": times,
                                 "in_process_cpu_ms": cpu, "process_ms": proc, "process_cpu_ms": proc_cpu,
                                 "state_ms": state_ms})
    if inside:
        print(f"\nmatrix of {len(inside)}: {summary('in-process', inside, 150)}; "
              f"{summary('whole process', outside, 250)}")

    if args.matrix_only:
        if args.json:
            args.json.write_text(json.dumps(report, indent=1))
        return 0
    print("\n| query (unfiltered) | whole process median (CPU) ms | grep -c -i (CPU) ms | ratio (CPU ratio) |")
    print("|---|---|---|---|")
    ratios = []
    for q in QUERIES:
        proc, proc_cpu = whole_process(args.library, home, ["search", q, "--limit", "50"], args.runs)
        grep_ms, grep_cpu, _ = timed(["grep", *grep_pattern(q), str(args.csv)], capture_output=True,
                                     env={**ENV, "LC_ALL": "C"})
        ratio, cpu_ratio = grep_ms / statistics.median(proc), grep_cpu / statistics.median(proc_cpu)
        ratios.append((q, ratio, cpu_ratio))
        report["unfiltered"].append({"query": q, "process_ms": proc, "process_cpu_ms": proc_cpu, "grep_ms": grep_ms,
                                     "grep_cpu_ms": grep_cpu})
        print(f"| `{q}` | {statistics.median(proc):.0f} ({statistics.median(proc_cpu):.0f}) | {grep_ms:.0f} "
              f"({grep_cpu:.0f}) | {ratio:.1f}x ({cpu_ratio:.1f}x) |", flush=True)
    worst = min(ratios, key=lambda x: x[1])
    worst_cpu = min(ratios, key=lambda x: x[2])
    print(f"\nunfiltered whole process vs grep: median ratio {statistics.median(r for _, r, _ in ratios):.1f}x "
          f"(target >= 15x), worst {worst[1]:.1f}x for {worst[0]} (target >= 5x); by CPU time: median "
          f"{statistics.median(c for _, _, c in ratios):.1f}x, worst {worst_cpu[2]:.1f}x for {worst_cpu[0]}")
    print(f"machine after: {machine()}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
