"""Bytes written to the terminal per action: the reader beside `less` on the same cable (what a slow SSH link carries).

    python bench/bench_bytes.py [--home DIR] [--runs 5] [--json] [--size 80x24] [--term xterm-256color]

The reader (``python -m tui.cli --home DIR``) runs in a pseudo-terminal of 80x24 with TERM=xterm-256color; each
action is a key written to the terminal, and its bytes are everything the app writes until it has been quiet for
QUIET seconds. Actions: start-up, idle (nothing pressed for IDLE seconds), j and k in the list, open the cable under
the cursor (Enter), a line down in the cable (j), back to the list (q). `less` runs in the same pseudo-terminal on
the same cable's plain text (``cablereader show ID --plain``): start-up, a line down (j), a page down (space).
Each figure is the median of --runs key presses (start-up: of --runs starts). Without --home a temporary home with
../shared/cables imported is used. Budgets from ../shared/TARGETS.md are printed beside the figures.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUIET = 1.0  # seconds without output that end an action
IDLE = 3.0
BUDGETS = {"startup": 25_000, "idle": 0, "j": 1_000, "k": 1_000, "open": 12_000, "line_down": 4_000,
           "back": 12_000}


class Terminal:
    """A process in a pseudo-terminal; counts the bytes it writes."""

    def __init__(self, argv: list[str], size: tuple[int, int], term: str, env: dict | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "LESS", "TMUX")}
        environ.update(TERM=term, COLUMNS=str(size[0]), LINES=str(size[1]), **(env or {}))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=environ, cwd=REPO,
                                     close_fds=True, start_new_session=True)
        os.close(slave)
        self.master = master

    def read_until_quiet(self, quiet: float = QUIET, limit: float = 30.0) -> int:
        """Bytes written from the first byte (waited for up to ``limit`` seconds) until the process has been quiet
        for ``quiet`` seconds."""
        total, start = 0, time.monotonic()
        last = start + limit  # no quiet period counts before the first byte
        while (time.monotonic() - last < quiet if total else time.monotonic() - start < limit):
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    break
                if not data:
                    break
                total += len(data)
                last = time.monotonic()
        return total

    def read_for(self, seconds: float) -> int:
        total, end = 0, time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    total += len(os.read(self.master, 65536))
                except OSError:
                    break
        return total

    def press(self, keys: str, quiet: float = QUIET) -> int:
        os.write(self.master, keys.encode())
        return self.read_until_quiet(quiet, limit=5.0)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)


def reader(home: Path, size, term: str, runs: int) -> dict[str, int]:
    argv = [sys.executable, "-m", "tui.cli", "--home", str(home)]
    per: dict[str, list[int]] = {name: [] for name in BUDGETS}
    for _ in range(runs):
        state = home / "state.json"
        if state.exists():
            state.unlink()  # each start from the same place: no last view to restore
        t = Terminal(argv, size, term)
        try:
            per["startup"].append(t.read_until_quiet(quiet=1.5))
            per["idle"].append(t.read_for(IDLE))
            per["j"].append(t.press("j"))
            per["k"].append(t.press("k"))
            per["open"].append(t.press("\r"))
            per["line_down"].append(t.press("j"))
            per["back"].append(t.press("q"))
        finally:
            t.close()
    return {name: int(statistics.median(values)) for name, values in per.items()}


def first_cable(home: Path) -> str:
    """The cable the reader opens first: the top of the list (newest first)."""
    sys.path.insert(0, str(REPO))
    from tui.library import Filter, open_home

    lib = open_home(home)
    try:
        return lib.rows(list(lib.view(Filter(), "date")[:1]))[0].reference_id
    finally:
        lib.close()


def less(home: Path, ref: str, size, term: str, runs: int) -> dict[str, int]:
    text = subprocess.run([sys.executable, "-m", "tui.cli", "--home", str(home), "show", ref, "--plain"],
                          capture_output=True, text=True, cwd=REPO, check=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write(text)
    per: dict[str, list[int]] = {"startup": [], "line_down": [], "page_down": []}
    try:
        for _ in range(runs):
            t = Terminal(["less", fh.name], size, term)
            try:
                per["startup"].append(t.read_until_quiet(quiet=1.0))
                per["line_down"].append(t.press("j"))
                per["page_down"].append(t.press(" "))
            finally:
                t.close()
    finally:
        os.unlink(fh.name)
    return {name: int(statistics.median(values)) for name, values in per.items()}


def shared_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="bench-bytes-"))
    subprocess.run([sys.executable, "-m", "tui.cli", "--home", str(home), "import", str(REPO.parent / "shared" / "cables")],
                   cwd=REPO, check=True, capture_output=True)
    return home


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, help="a cablereader home (default: ../shared/cables imported into a temp one)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", default="80x24")
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    home = args.home or shared_home()
    ref = first_cable(home)
    result = {"size": args.size, "term": args.term, "cable": ref,
              "reader": reader(home, size, args.term, args.runs), "less": less(home, ref, size, args.term, args.runs)}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"bytes per action, {args.size}, TERM={args.term}, median of {args.runs}; cable {ref}")
    print(f"{'action':<12}{'reader':>9}{'budget':>9}{'less':>9}")
    peers = {"startup": "startup", "line_down": "line_down"}
    for name, value in result["reader"].items():
        peer = result["less"].get(peers.get(name, ""), "")
        print(f"{name:<12}{value:>9,}{BUDGETS[name]:>9,}{peer:>9}")
    print(f"{'page_down':<12}{'':>9}{'':>9}{result['less']['page_down']:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
