"""Parsing speed: raw cable text in MB/s on one core, and the whole ../shared/cables folder.

    python bench/parse_speed.py [--repeat N]

Prints MB/s over the raw-txt and seed files repeated N times, then the time to parse every file in
../shared/cables (HTML through tui.cable.sources when it is there, else the page's text blocks only).
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
    files = [p for p in sorted((SHARED / "cables").rglob("*")) if p.suffix in (".html", ".txt", ".csv")]
    try:
        from tui.cable import sources
    except ImportError:
        sources = None
    t0 = time.perf_counter()
    count = 0
    for p in files:
        if sources is not None and hasattr(sources, "read_path"):
            count += sum(1 for _ in sources.read_path(p))
        elif p.suffix == ".html":
            parse(_page_text(p))
            count += 1
        elif p.suffix == ".txt":
            parse(p.read_bytes().decode("utf-8", errors="replace"))
            count += 1
    secs = time.perf_counter() - t0
    how = "tui.cable.sources.read_path" if sources is not None and hasattr(sources, "read_path") else "parse only"
    print(f"../shared/cables: {count} cables from {len(files)} files in {secs:.2f} s ({how})")
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    raw_speed(args.repeat)
    folder_time()


if __name__ == "__main__":
    main()
