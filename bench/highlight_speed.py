"""Time tui.highlight on the 10MEXICO83 page-text seed (about 6.4 KB of cable text): lex into a rich Text.

Run: python bench/highlight_speed.py [FILE] -- prints the median of several runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from tui.highlight import highlight, highlight_lines

SEED = Path(__file__).resolve().parent.parent / "sample_cables" / "10MEXICO83.page.txt"


def median_ms(func, text: str, runs: int = 50) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    text = path.read_text(encoding="utf-8", errors="replace")
    text = text[text.find("VZCZC") :] if "VZCZC" in text else text  # the cable, without the page's navigation
    highlight(text)  # warm the style cache
    print(f"{path.name}: {len(text.encode()) / 1024:.1f} KB, {text.count(chr(10)) + 1} lines")
    print(f"highlight        {median_ms(highlight, text):6.2f} ms  (median of 50)")
    print(f"highlight_lines  {median_ms(highlight_lines, text):6.2f} ms")
    big = "A" * 1_000_000
    start = time.perf_counter()
    highlight(big)
    print(f"1 MB single line {(time.perf_counter() - start) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
