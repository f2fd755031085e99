"""Benchmark the library against ../shared/TARGETS.md: import, size, lookups, search (beside grep -c), filters.

    python bench/bench_library.py [--count N] [--runs 3] [--out bench/out] [--keep]

Generates the synthetic corpus if it is missing (bench/generate.py; the full 251,287 cables by default),
imports it with ``cablereader import`` in a fresh home under ``/usr/bin/time -v`` (peak RSS of the main
process; the whole process tree's RSS is sampled too), then times the queries in this process and prints one
table row per TARGETS.md line that concerns the library: measured (median of --runs runs) against the target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import FULL_COUNT, generate  # noqa: E402

QUERIES = [  # fixed: common words, rare words, phrases, prefixes, boolean
    "embassy", "election", "president", "military", "corruption", "sanctions", "refugees", "oil",
    "Taliban", "Chavez", "human rights", '"prime minister"', '"drug trafficking"', '"nuclear program"',
    '"border security"', '"climate change"', "narco*", "terror*", "minister AND security", "press freedom",
]


def grep_pattern(query: str) -> list[str]:
    """The grep -c arguments that count lines matching the same words."""
    if query.endswith("*"):
        return ["-c", "-i", "-E", r"\b" + re.escape(query[:-1])]
    if " AND " in query:
        a, b = query.split(" AND ")
        return ["-c", "-i", "-E", rf"\b{a}\b.*\b{b}\b|\b{b}\b.*\b{a}\b"]
    return ["-c", "-i", "-w", "-F", query.strip('"')]


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


class TreeRss:
    """Samples the summed RSS of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.stop = pid, 0, False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo += children.get(p, [])
        return out

    def run(self) -> None:
        while not self.stop:
            total = 0
            for p in self._tree():
                try:
                    for line in Path(f"/proc/{p}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.5)


def run_import(csv_path: Path, home: Path) -> dict:
    """``cablereader import`` in a fresh home; wall time, peak RSS (main process, and process tree)."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    cmd = [sys.executable, "-m", "tui.cli", "--home", str(home), "import", str(csv_path)]
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-v"] + cmd
    t = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree = TreeRss(proc.pid)
    out, err = proc.communicate()
    wall = time.monotonic() - t
    tree.stop = True
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err)) or None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss = int(m.group(1)) * 1024 if m else None
    if rss is None:
        import resource

        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"wall": wall, "cpu": cpu, "rss_main": rss, "rss_tree": tree.peak, "output": out.strip()}


def machine() -> str:
    """Load average and a pure-Python CPU probe (its time grows with contention from other processes)."""
    t = time.perf_counter()
    for _ in range(400):
        sum(range(10_000))
    probe = (time.perf_counter() - t) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load {load:.1f}, CPU probe {probe:.0f} ms"


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(csv_path: Path, home: Path, runs: int, skip_import: bool = False) -> list[tuple]:
    """Every row: (what, target, measured text, ok)."""
    from tui.library import Filter, Library
    from tui.paths import library_path

    rows: list[tuple] = [("machine before the import", "(info)", machine(), None)]
    raw = csv_path.stat().st_size
    if not skip_import:
        imp = run_import(csv_path, home)
        print(imp["output"], file=sys.stderr)
        rows.append(("import wall time", "<= 150 s", f"{imp['wall']:.1f} s", imp["wall"] <= 150))
        if imp["cpu"]:
            rows.append(("import CPU time, all processes", "(info; 2 cores)", f"{imp['cpu']:.0f} s", None))
        rows.append(("import peak RSS (main process)", "<= 600 MB", f"{imp['rss_main'] / 1e6:.0f} MB",
                     imp["rss_main"] <= 600e6))
        rows.append(("import peak RSS (all processes, sampled)", "(info)", f"{imp['rss_tree'] / 1e6:.0f} MB", None))
    size = du(home)
    rows.append(("library size / raw CSV", "<= 1.2x", f"{size / 1e6:,.0f} MB / {raw / 1e6:,.0f} MB = "
                 f"{size / raw:.2f}x", size <= 1.2 * raw))

    lib = Library(library_path(home))
    rng = random.Random(5)
    ids = [r for (r,) in lib.db.execute("SELECT refid FROM cable ORDER BY random() LIMIT 300")]
    rows.append(("cables in the library", "(info)", f"{lib.count():,}", None))

    def each(fn, items):
        times = []
        for x in items:
            t = time.perf_counter()
            fn(x)
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), sorted(times)[int(len(times) * 0.95)]

    med, p95 = each(lib.key_of, ids)
    rows.append(("exact ID lookup (key_of)", "<= 1 ms", f"median {med:.3f} ms, p95 {p95:.3f} ms", p95 <= 1))
    med, p95 = each(lib.get, ids[:100])
    rows.append(("open a cable: get() incl. full parse", "(info; <= 100 ms to text)",
                 f"median {med:.1f} ms, p95 {p95:.1f} ms", None))

    def loose_forms(rid: str) -> list[str]:
        m = re.match(r"(\d\d)([A-Z]+)(\d+)$", rid)
        if not m:
            return [rid.lower()]
        yy, st, n = m.groups()
        return [f"{yy} {st.lower()} {n}", f"{yy}{st}{int(n):04d}", f"{st} {n}"]

    forms = [f for rid in ids[:100] for f in loose_forms(rid)]
    med, p95 = each(lib.resolve, forms)
    rows.append(("loose ID lookup (resolve)", "<= 20 ms", f"median {med:.2f} ms, p95 {p95:.2f} ms", p95 <= 20))
    prefixes = [rid[:k] for rid in ids[:100] for k in (3, 5, 8)] + [f[:-1] for f in forms[:100]]
    med, p95 = each(lambda p: lib.complete(p, 20), prefixes)
    rows.append(("ID completion (complete)", "<= 20 ms", f"median {med:.2f} ms, p95 {p95:.2f} ms", p95 <= 20))

    search_ms, ratios, detail = [], [], []
    for q in QUERIES:
        ms = median_ms(lambda: lib.search(q, limit=50), runs)
        t = time.perf_counter()
        g = subprocess.run(["grep", *grep_pattern(q), str(csv_path)], capture_output=True, text=True)
        grep_ms = (time.perf_counter() - t) * 1000
        n = len(lib.search(q, limit=50))
        search_ms.append(ms)
        ratios.append(grep_ms / max(ms, 1e-3))
        detail.append((q, ms, grep_ms, n, g.stdout.strip()))
    med = statistics.median(search_ms)
    rows.append(("search top 50, median of 20 queries", "<= 150 ms", f"{med:.1f} ms (max {max(search_ms):.0f} ms)",
                 med <= 150))
    ratio = statistics.median(ratios)
    rows.append(("search vs grep -c (median ratio)", ">= 10x", f"{ratio:.0f}x (min {min(ratios):.0f}x)", ratio >= 10))

    origins = lib.facets()["origin"]
    top_origin = origins[0][0] if origins else ""
    filters = {
        "origin": Filter(origin=top_origin),
        "classification": Filter(classification="SECRET"),
        "classification (largest)": Filter(classification="CONFIDENTIAL"),
        "tag": Filter(tag="PGOV"),
        "year": Filter(year=2008),
        "origin+tag+year": Filter(origin=top_origin, tag="PREL", year=2009),
        "classification+year": Filter(classification="CONFIDENTIAL", year=2008),
        "words (election)": Filter(text="election"),
        "none (all rows)": Filter(),
    }
    worst_view = worst_facets = 0.0
    for name, f in filters.items():
        v = median_ms(lambda: lib.view(f), runs)

        def facets():
            lib._facets.clear()  # measure the query, not the cache
            lib.facets(f)

        fa = median_ms(facets, runs)
        worst_view, worst_facets = max(worst_view, v), max(worst_facets, fa)
        rows.append((f"filter view: {name}", "<= 200 ms", f"{v:.0f} ms ({lib.count(f):,} rows)", v <= 200))
        rows.append((f"facets: {name}", "<= 200 ms", f"{fa:.0f} ms", fa <= 200))
    lib.close()
    rows.append(("machine after the queries", "(info)", machine(), None))
    print("\nqueries (search ms, grep -c ms, hits shown, grep count):", file=sys.stderr)
    for q, ms, gm, n, gc in detail:
        print(f"  {q:<26} {ms:8.1f} {gm:9.0f} {n:5d} {gc:>8}", file=sys.stderr)
    return rows


def table(rows: list[tuple]) -> str:
    lines = ["| what | target | measured | ok |", "|---|---|---|---|"]
    for what, target, measured, ok in rows:
        lines.append(f"| {what} | {target} | {measured} | {'' if ok is None else 'yes' if ok else 'NO'} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=FULL_COUNT)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    ap.add_argument("--csv", type=Path, help="an existing cables.csv to use instead of generating one")
    ap.add_argument("--skip-import", action="store_true", help="measure the library already in the home")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    name = "cables.csv" if args.count == FULL_COUNT else f"cables-{args.count}.csv"
    csv_path = args.csv or args.out / name
    if not csv_path.exists():
        t = time.monotonic()
        generate(csv_path, args.count)
        print(f"generated {csv_path} in {time.monotonic() - t:.0f} s", file=sys.stderr)
    home = args.out / f"home-{csv_path.stem}"
    rows = measure(csv_path, home, args.runs, args.skip_import)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
