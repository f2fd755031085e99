"""Parsing speed: raw cable text in MB/s on one core, and the whole ../shared/cables folder.

    python bench/parse_speed.py [--repeat N]

Prints MB/s over the raw-txt and seed files repeated N times (wall and CPU time), then the time to read and
parse every file in ../shared/cables through tui.cable.sources (HTML, CSV, text).
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import time
from pathlib import Path

from tui.cable import parse

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def raw_texts() -> list[str]:
    files = sorted((SHARED / "cables" / "raw-txt").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    return [f.read_bytes().decode("utf-8", errors="replace") for f in files]


def raw_speed(repeat: int) -> float:
    texts = raw_texts()
    size = sum(len(t.encode("utf-8")) for t in texts) * repeat
    runs, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            for t in texts:
                parse(t)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    secs, best, cpu_secs = statistics.median(runs), min(runs), statistics.median(cpu)
    mb = size / 1e6
    print(f"raw text: {len(texts)} files x {repeat} = {mb:.1f} MB; median of 5 runs: wall {secs:.2f} s -> "
          f"{mb / secs:.1f} MB/s (best {mb / best:.1f}), CPU time {cpu_secs:.2f} s -> {mb / cpu_secs:.1f} MB/s")
    return mb / secs


def _page_text(path: Path) -> str:
    page = path.read_text(encoding="utf-8", errors="replace")
    blocks = re.findall(r"<pre>(.*?)</pre>", page, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", b.replace("&#x000A;", "\n"))) for b in blocks)


def folder_time() -> float:
    folder = SHARED / "cables"
    t0 = time.perf_counter()
    try:
        from tui.cable import sources
    except ImportError:  # no reader yet: time the parser on each page's text blocks
        sources = None
    if sources is not None:
        items = list(sources.read(folder))
        cables = [c for c in items if not isinstance(c, sources.Skipped)]
        how = f"tui.cable.sources.read, {len(items) - len(cables)} skipped"
    else:
        cables = []
        for p in sorted(folder.rglob("*")):
            if p.suffix == ".html":
                cables.append(parse(_page_text(p)))
            elif p.suffix == ".txt":
                cables.append(parse(p.read_bytes().decode("utf-8", errors="replace")))
        how = "parse only"
    secs = time.perf_counter() - t0
    print(f"../shared/cables: {len(cables)} cables read and parsed in {secs:.2f} s ({how})")
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    raw_speed(args.repeat)
    folder_time()


if __name__ == "__main__":
    main()
