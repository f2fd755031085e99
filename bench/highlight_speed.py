"""Time tui.highlight: lexing a cable into a rich Text (TARGETS.md: Pygments does a 6.4 KB cable in 1.1 ms).

Run: python bench/highlight_speed.py [FILE ...] -- medians of 50 runs per file (default: both forms of the
10MEXICO83 seed in sample_cables/), then a 1 MB single line, which must not stall.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from tui.highlight import highlight, highlight_lines

SAMPLES = Path(__file__).resolve().parent.parent / "sample_cables"
DEFAULT = [SAMPLES / "10MEXICO83.page.txt", SAMPLES / "10MEXICO83.txt"]


def median_ms(func, text: str, runs: int = 50) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text[text.find("VZCZC") :] if "VZCZC" in text else text  # the cable, not the page's navigation
        highlight(text)  # warm the style cache
        kb = len(text.encode()) / 1024
        one, lines = median_ms(highlight, text), median_ms(highlight_lines, text)
        print(f"{path.name}: {kb:.1f} KB, {text.count(chr(10)) + 1} lines: highlight {one:.2f} ms "
              f"({one / kb * 6.4:.2f} ms per 6.4 KB), highlight_lines {lines:.2f} ms")
    big = "A" * 1_000_000
    start = time.perf_counter()
    highlight(big)
    print(f"1 MB single line: {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
