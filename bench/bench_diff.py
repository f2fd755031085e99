"""The word diff on long cables: in-process (tui.cable.diff beside difflib on the whole word lists) and
``cablereader diff`` as a whole process beside ``git diff --no-index --word-diff`` on the same two files.

    python bench/bench_diff.py [--runs 5] [--kb 100]

A raw cable of about ``--kb`` KB is made from the longest real cables in ../shared (their bodies run together
under one header), and a second source of it as seeds 000/001 differ: every 7th line cut short, a word changed in
every 10th, the text wrapped again at 50 columns. Both are imported into a temporary home as two variants of one
cable. Pairs timed in-process: the two sources; a text against itself; against unrelated text; and two texts of
five common words (difflib's worst case: it is given 60 s at most).
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.cable import diff as worddiff  # noqa: E402
from tui.cable.sources import Skipped, read  # noqa: E402

SHARED = REPO.parent / "shared" / "cables" / "raw-txt"


def long_cable(kb: int) -> str:
    """One raw cable of about ``kb`` KB: the longest real raw cable, its body grown with the next ones'."""
    files = sorted(SHARED.rglob("*.txt"), key=lambda p: -p.stat().st_size)
    first = files[0].read_text(errors="replace").replace("\r\n", "\n")
    body = []
    for cable in read(files[1:40]):
        if not isinstance(cable, Skipped):
            body.append(cable.body)
        if len(first) + sum(map(len, body)) > kb * 1000:
            break
    head, _, tail = first.rpartition("\n")  # the signature stays last
    return (head + "\n\n" + "\n\n".join(body))[: kb * 1000] + "\n" + tail + "\n"


def second_source(text: str, seed: int = 1) -> str:
    """The text with its routing header and banner kept (the same cable), then changed as a second source."""
    rnd = random.Random(seed)
    start = text.index("SUBJECT:")
    lines = []
    for i, line in enumerate(text[start:].split("\n")):
        words = line.split(" ")
        if i % 7 == 3 and len(words) > 4:
            words = words[: len(words) // 2]
        if i % 10 == 5 and words:
            words[rnd.randrange(len(words))] = "CHANGED"
        lines.append(" ".join(words))
    return text[:start] + "\n\n".join(textwrap.fill(p, 50) for p in "\n".join(lines).split("\n\n")) + "\n"


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def difflib_words(a: str, b: str, limit: float) -> float | None:
    """difflib on the whole word lists, in a child process given ``limit`` seconds (None: it did not finish)."""
    code = ("import difflib, sys, time; a, b = sys.stdin.read().split('\\0'); t = time.perf_counter(); "
            "difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).get_opcodes(); "
            "print(time.perf_counter() - t)")
    try:
        out = subprocess.run([sys.executable, "-c", code], input=a + "\0" + b, capture_output=True, text=True,
                             timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--kb", type=int, default=100)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    a = long_cable(args.kb)
    b = second_source(a)
    rnd = random.Random(7)
    few = [" ".join(rnd.choice(["the", "a", "of", "to", "and"]) for _ in range(len(a.split()))) for _ in range(2)]
    pairs = {"the two sources (cut, changed, re-wrapped)": (a, b), "a text against itself": (a, a),
             "against unrelated text": (a, "".join(rnd.choice("abcdefgh ") for _ in range(len(a)))),
             "five common words each": tuple(few)}
    print(f"\ntext: {len(a) / 1000:.0f} KB, {len(a.split()):,} words; second source {len(b) / 1000:.0f} KB\n")
    print(f"| pair | tui.cable.diff median / worst (ms) | runs | difflib on whole word lists (ms) |")
    print("|---|---|---|---|")
    for name, (x, y) in pairs.items():
        median, worst = timed(lambda: worddiff.diff(x, y), args.runs)
        runs = worddiff.diff(x, y)
        assert worddiff.side(runs, worddiff.DELETE) == x.split() and worddiff.side(runs, worddiff.INSERT) == y.split()
        whole = difflib_words(x, y, 60)
        print(f"| {name} | {median * 1000:.0f} / {worst * 1000:.0f} | {len(runs):,} | "
              f"{'> 60,000 (stopped)' if whole is None else f'{whole * 1000:,.0f}'} |")

    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        (tmp / "src" / "a.txt").write_text(a)
        (tmp / "src" / "b.txt").write_text(b)
        env = {**os.environ, "CABLEREADER_HOME": str(tmp / "home")}
        cli = [sys.executable, "-m", "tui.cli"]
        subprocess.run(cli + ["import", str(tmp / "src"), "--jobs", "1"], env=env, check=True, capture_output=True)
        ref = subprocess.run(cli + ["stats"], env=env, capture_output=True, text=True)
        found = subprocess.run([sys.executable, "-c", "from tui.library import open_home; from pathlib import Path; "
                                f"lib = open_home(Path({str(tmp / 'home')!r})); "
                                "print(lib.db.execute('SELECT refid, variants FROM cable').fetchone())"],
                               env=env, capture_output=True, text=True, check=True).stdout.strip()
        print(f"\nimported: {found} ({ref.stdout.splitlines()[1] if ref.returncode == 0 else ref.stderr.strip()})")
        refid = found.split("'")[1]
        commands = {"cablereader diff REF (piped)": cli + ["diff", refid],
                    "cablereader diff REF --json": cli + ["diff", refid, "--json"],
                    "cablereader show REF (the primary alone, piped)": cli + ["show", refid],
                    "git diff --no-index --word-diff (same files)": ["git", "diff", "--no-index", "--word-diff=plain",
                                                                      str(tmp / "src" / "a.txt"),
                                                                      str(tmp / "src" / "b.txt")]}
        print("\n| whole process | median / worst (ms) | output lines |")
        print("|---|---|---|")
        for name, argv in commands.items():
            def run():
                return subprocess.run(argv, env=env, capture_output=True, text=True)
            out = run()
            assert out.returncode in (0, 1), out.stderr
            median, worst = timed(run, args.runs)
            print(f"| {name} | {median * 1000:.0f} / {worst * 1000:.0f} | {out.stdout.count(chr(10)):,} |")
    print(f"\nload average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
