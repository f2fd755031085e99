"""The light commands as whole processes: what ``show`` and ``search`` cost beyond starting Python.

    python bench/bench_light.py --home HOME [--library PATH] [--ref REF] [--word WORD] [--runs 30] [--importtime]
                                [--json OUT] [--repo NAME=DIR ...]

HOME is a home folder with an imported library (``cablereader --home HOME import ../shared/cables``), or any
folder with ``--library PATH`` naming a library apart (the full-size one, opened read-only). Each
command runs --runs times, the commands taken in turn so a burst of load on the machine falls on all of them
alike. For each: wall time (median and min) and CPU time of the child (user + system, from
``getrusage(RUSAGE_CHILDREN)``; median and min), and the same less ``python -c pass`` (the process start: the
interpreter, site and the editable install's finder) — the figure issue 9 asks to keep <= 60 ms for ``show``.
On a loaded machine the minimum and the CPU time say more than the wall median. ``--importtime`` adds, for each
command, the modules ``python -X importtime`` shows taking longest (cumulative, top-level imports). ``--repo
before=DIR`` also runs the commands from another checkout of the code (``git archive COMMIT | tar -x -C DIR``), in
turn with this one, for a before/after table measured under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
# as an installed package runs: with .pyc files (the warm-up run writes them even where the environment says not to)
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PAGER")}
CLI = ["-c", "from tui.cli import main; import sys; sys.exit(main())"]  # what the console script runs


def commands(home: str, ref: str, word: str, repos: dict[str, str]) -> dict[str, tuple[list[str], dict]]:
    """name -> (argv, environment); each command once per checkout in ``repos`` (label -> folder; "" is this one)."""
    out = {"python -c pass": ([PY, "-c", "pass"], ENV)}
    for label, folder in repos.items():
        env = {**ENV, "PYTHONPATH": folder} if folder else ENV
        tag = f" [{label}]" if label else ""
        out[f"show --plain{tag}"] = ([PY, *CLI, "--home", home, "show", "--plain", ref], env)
        out[f"show --json{tag}"] = ([PY, *CLI, "--home", home, "show", "--json", ref], env)
        out[f"search {word}{tag}"] = ([PY, *CLI, "--home", home, "search", word], env)
        out[f"stats{tag}"] = ([PY, *CLI, "--home", home, "stats"], env)
    return out


def run_once(argv: list[str], env: dict) -> tuple[float, float]:
    """(wall, cpu) seconds of one run, output thrown away; a failing command stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=env.get("PYTHONPATH"))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(cmds: dict[str, tuple[list[str], dict]], runs: int) -> dict[str, dict[str, list[float]]]:
    out = {name: {"wall": [], "cpu": []} for name in cmds}
    for argv, env in cmds.values():  # one warm-up each (page cache, .pyc files)
        run_once(argv, env)
    for _ in range(runs):
        for name, (argv, env) in cmds.items():
            wall, cpu = run_once(argv, env)
            out[name]["wall"].append(wall)
            out[name]["cpu"].append(cpu)
    return out


def table(times: dict[str, dict[str, list[float]]]) -> list[dict]:
    base = times["python -c pass"]
    b = {k: (statistics.median(v), min(v)) for k, v in base.items()}
    rows = []
    for name, t in times.items():
        row = {"command": name}
        for kind in ("wall", "cpu"):
            med, low = statistics.median(t[kind]), min(t[kind])
            row[kind] = {"median_ms": med * 1e3, "min_ms": low * 1e3,
                         "beyond_start_median_ms": (med - b[kind][0]) * 1e3,
                         "beyond_start_min_ms": (low - b[kind][1]) * 1e3}
        rows.append(row)
    return rows


def importtime(argv: list[str], env: dict, top: int = 12) -> list[tuple[int, str]]:
    """The slowest imports of one run of ``argv`` (cumulative microseconds, module), deepest nesting left out."""
    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env, cwd=env.get("PYTHONPATH"))
    rows = []
    for text in proc.stderr.splitlines():
        if not text.startswith("import time:") or "cumulative" in text:
            continue
        _, cumulative, name = text[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        if depth == 0:
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=True)
    ap.add_argument("--library", metavar="PATH", help="a library apart from the home's (as cablereader --library)")
    ap.add_argument("--ref", default="10LISBON66")
    ap.add_argument("--word", default="embassy")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--importtime", action="store_true")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--repo", action="append", default=[], metavar="NAME=DIR", help="another checkout to time too")
    args = ap.parse_args()
    if args.library:  # as `cablereader --library PATH` passes it on
        ENV["CABLEREADER_LIBRARY"] = str(Path(args.library).resolve())
    repos = {"": ""} | dict(r.split("=", 1) for r in args.repo)
    if len(repos) > 1:
        repos[""] = str(Path(__file__).resolve().parent.parent)
        repos = {("now" if not k else k): v for k, v in repos.items()}
    cmds = commands(str(Path(args.home).resolve()), args.ref, args.word, repos)
    rows = table(measure(cmds, args.runs))
    print(f"{args.runs} runs each, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; ms; "
          "'+start' is beyond python -c pass")
    print(f"{'command':<26} {'wall med':>9} {'wall min':>9} {'cpu med':>8} {'cpu min':>8} "
          f"{'+start wall med':>16} {'+start wall min':>16} {'+start cpu med':>15} {'+start cpu min':>15}")
    for r in rows:
        w, c = r["wall"], r["cpu"]
        print(f"{r['command']:<26} {w['median_ms']:9.1f} {w['min_ms']:9.1f} {c['median_ms']:8.1f} {c['min_ms']:8.1f} "
              f"{w['beyond_start_median_ms']:16.1f} {w['beyond_start_min_ms']:16.1f} "
              f"{c['beyond_start_median_ms']:15.1f} {c['beyond_start_min_ms']:15.1f}")
    imports = {}
    if args.importtime:
        for name, (argv, env) in cmds.items():
            if name == "python -c pass":
                continue
            imports[name] = importtime(argv, env)
            print(f"\n-X importtime, {name}: slowest imports (cumulative ms)")
            for us, module in imports[name]:
                print(f"  {us / 1e3:7.1f}  {module}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": args.runs, "rows": rows, "imports": imports}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
