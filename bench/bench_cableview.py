"""The open cable's text: lexing and finding its paragraphs once, laying it out at a width, finding a word, and
opening it in the app (key press to its visible lines drawn), for a 7 KB and a 100 KB cable.

    python bench/bench_cableview.py [--runs 7]

The cables: the real raw-text cable of ../shared/cables/raw-txt nearest 7 KB, and one of 100 KB made of those
cables' texts one after another under one header. Medians of --runs.
TARGETS.md: opening a cable <= 100 ms at 7 KB, <= 300 ms at 100 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"


def cables(folder: Path) -> dict[str, Path]:
    """A 7 KB and a 100 KB raw cable, written into ``folder``."""
    raws = sorted((SHARED / "cables" / "raw-txt").glob("*.txt"))
    small = min(raws, key=lambda p: abs(p.stat().st_size - 7_000)).read_text(encoding="utf-8", errors="replace")
    first = raws[0].read_text(encoding="utf-8", errors="replace")
    head, _, _ = first.partition("\nSUBJECT")
    parts, size = [], 0
    while size < 100_000:
        for raw in raws:
            text = raw.read_text(encoding="utf-8", errors="replace")
            body = "\n\n" + text[max(0, text.find("SUBJECT")):]
            parts.append(body)
            size += len(body.encode())
            if size >= 100_000:
                break
    large = head + "\nSUBJECT: ONE HUNDRED KILOBYTES OF REAL CABLE TEXT\n" + "".join(parts)
    out = {}
    for name, text in (("small", small), ("large", large)):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def median_ms(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def in_process(cable, runs: int) -> dict[str, float]:
    from tui.display.card import CableDocument

    out = {"document": median_ms(lambda: CableDocument(cable, [], []), runs)}
    document = CableDocument(cable, [], [])
    for width in (40, 80, 200):
        out[f"layout {width}"] = median_ms(lambda: (document._layouts.clear(), document.layout(width)), runs)
    return out


async def open_in_app(library, ref: str, runs: int) -> float:
    """Enter on the cable in the list -> the cable is open and its visible lines are drawn."""
    from textual import events

    from tui.app import CableReaderApp

    app = CableReaderApp(library, ansi=False)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(runs):
            app.cable_view.show(None)
            app.sidebar.move_to(app.sidebar.index_of(ref))
            app.sidebar.focus()
            await pilot.pause()
            t0 = time.perf_counter()
            app._driver.send_message(events.Key("enter", None))
            while app.cable_view.reference_id != ref:
                await asyncio.sleep(0)
            for y in range(app.cable_view.scrollable_content_region.height):
                app.cable_view.render_line(y)
            times.append(time.perf_counter() - t0)
            await pilot.pause()
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from tui.cable.sources import read
    from tui.library import open_files

    with tempfile.TemporaryDirectory() as tmp:
        paths = cables(Path(tmp))
        (Path(tmp) / "home").mkdir()
        library = open_files(list(paths.values()), Path(tmp) / "home")
        for name, path in paths.items():
            cable = next(iter(read([str(path)])))
            size = len(cable.header.encode()) + len(cable.body.encode())
            times = in_process(cable, args.runs)
            opened = asyncio.run(open_in_app(library, cable.reference_id, args.runs))
            print(f"{name:5} {cable.reference_id:14} {size / 1000:6.1f} KB  "
                  + "  ".join(f"{k} {v:6.1f} ms" for k, v in times.items())
                  + f"  open in app {opened:6.1f} ms")
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
