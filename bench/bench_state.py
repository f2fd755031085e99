"""Benchmark of the reading state (TARGETS.md: a change never blocks, costs the same at 100 and 10,000 touched
cables, is on disk within 1 s; marking 100,000 filtered cables read takes <= 1 s and the file stays small).

    python bench/bench_state.py [--changes 3000] [--rounds 3] [--repeat 5]

Prints, per number of touched cables: the caller-thread cost of a change (median, p99, max, measured while the
background writer runs), the background flush cost (median), and the time from a change to the change being on
disk. Then marking 100,000 cables read (as a rule), answering "which of these are read" for a screenful and for
all 100,000, and the file size, beside the same 100,000 as explicit records, and the peer: one plain TinyDB update
at 10,000 documents (default JSONStorage).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import Query, TinyDB  # noqa: E402

from tui.paths import state_path  # noqa: E402
from tui.state import State  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} us"


def seeded_home(root: Path, touched: int) -> Path:
    home = root / f"home-{touched}"
    with State(home, background=False) as st:
        for i in range(touched):
            st.set_note(f"10SEED{i}", f"note {i}")
            if i % 3 == 0:
                st.set_starred(f"10SEED{i}")
            st.set_read(f"10SEED{i}")
    return home


def change_costs(home: Path, touched: int, changes: int, rng: random.Random) -> tuple[list[float], list[float]]:
    """Caller-thread cost of each change while the writer flushes behind; and the time to disk of a change."""
    st = State(home)
    costs = []
    ops = (lambda r: st.set_read(r, rng.random() < 0.5), lambda r: st.toggle_starred(r),
           lambda r: st.set_note(r, f"edited {rng.random()}"), lambda r: st.set_scroll(r, rng.randrange(500)))
    perf = time.perf_counter
    for k in range(changes):
        ref = f"10SEED{rng.randrange(touched)}"
        op = ops[k % 4]
        t0 = perf()
        op(ref)
        costs.append(perf() - t0)
        if k % 50 == 0:
            time.sleep(0.005)  # keystroke-like pacing so the writer flushes in between
    latencies = []
    path = state_path(home)
    for k in range(5):
        while st.pending:
            time.sleep(0.01)
        marker = f"latency probe {k} {rng.random()}"
        t0 = perf()
        st.set_note("10SEED0", marker)
        while marker not in path.read_text():
            time.sleep(0.005)
        latencies.append(perf() - t0)
    st.close()
    return costs, latencies


def same_cable_cost(home: Path, changes: int) -> float:
    """Median caller cost when every change hits one cable: the per-change work without memory-locality effects."""
    st = State(home, background=False)
    perf, costs = time.perf_counter, []
    for k in range(changes):
        t0 = perf()
        st.set_starred("10SEED7", k % 2 == 0)
        costs.append(perf() - t0)
    st.close()
    return statistics.median(costs)


def bare_dict_cost(touched: int, changes: int) -> float:
    """Control: the same copy-on-write update on a bare dict of records, random keys (memory locality alone)."""
    d = {f"10SEED{i}": {"id": f"10SEED{i}", "note": f"note {i}", "updated": {"note": 1.0}} for i in range(touched)}
    rng = random.Random(2)
    refs = [f"10SEED{rng.randrange(touched)}" for _ in range(changes)]
    perf, costs = time.perf_counter, []
    for k, ref in enumerate(refs):
        t0 = perf()
        old = d[ref]
        d[ref] = {**old, "starred": k % 2 == 0, "updated": {**old["updated"], "starred": t0}}
        costs.append(perf() - t0)
    return statistics.median(costs)


def flush_costs(home: Path, repeat: int) -> list[float]:
    st = State(home, background=False)
    out = []
    for k in range(repeat):
        st.set_note("10SEED1", f"flush probe {k}")
        t0 = time.perf_counter()
        st.flush()
        out.append(time.perf_counter() - t0)
    st.close()
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--changes", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(1)
    root = Path(tempfile.mkdtemp(prefix="bench-state-"))
    print(f"reading-state benchmark in {root} ({os.cpu_count()} cores, python {sys.version.split()[0]})\n")

    sizes = (100, 10_000)
    homes = {n: seeded_home(root, n) for n in sizes}
    costs = {n: [] for n in sizes}
    latencies = {n: [] for n in sizes}
    for _ in range(args.rounds):  # interleaved rounds: machine noise hits both sizes alike
        for n in sizes:
            c, lat = change_costs(homes[n], n, args.changes, rng)
            costs[n] += c
            latencies[n] += lat
    rows, medians = [], {}
    for n in sizes:
        flushes = flush_costs(homes[n], args.repeat)
        c, lat = costs[n], latencies[n]
        medians[n] = statistics.median(c)
        rows.append((f"{n:,}", us(medians[n]), us(pct(c, 0.99)), ms(max(c)), ms(statistics.median(flushes)),
                     ms(statistics.median(lat)), ms(max(lat)), f"{state_path(homes[n]).stat().st_size / 1024:.0f} KB"))
    head = ("touched", "change median", "p99", "max", "flush (bg) median", "to disk median", "to disk max",
            "file")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print(f"A state change on the caller's thread ({args.rounds} x {args.changes} changes per size, writer running; "
          f"flush = the writer's lock + merge + atomic write):")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"ratio of medians 10,000 / 100: {medians[10_000] / medians[100]:.2f}")
    same = {n: same_cable_cost(homes[n], args.changes * args.rounds) for n in sizes}
    print(f"the same change on one cable over and over (no cache misses on cold records): median "
          f"{us(same[100])} at 100, {us(same[10_000])} at 10,000, ratio {same[10_000] / same[100]:.2f}")
    bare = {n: bare_dict_cost(n, args.changes * args.rounds) for n in sizes}
    print(f"control, a bare dict doing the same record update at random keys: {us(bare[100])} at 100, "
          f"{us(bare[10_000])} at 10,000, ratio {bare[10_000] / bare[100]:.2f} (CPU cache, not the algorithm)\n")

    # Mark 100,000 cables read: one rule.
    corpus = [f"09BULK{i}" for i in range(100_000)]
    view = set(corpus)

    def matcher(filter_dict: dict, refs: set) -> set:  # the app answers this from the library
        return refs & view

    home = seeded_home(root, 1_000)
    size_before = state_path(home).stat().st_size
    marks, file_sizes = [], []
    for k in range(args.repeat):
        with State(home, background=False) as st:
            t0 = time.perf_counter()
            st.mark_read({"origin": "Embassy Bulk", "year": 2009 + k % 2})
            st.flush()
            marks.append(time.perf_counter() - t0)
        file_sizes.append(state_path(home).stat().st_size)
    with State(home, background=False) as st:
        screen = corpus[5000:5050]
        t0 = time.perf_counter()
        assert len(st.read_set(screen, matcher)) == 50
        t_screen = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert len(st.read_set(corpus, matcher)) == 100_000
        t_all = time.perf_counter() - t0

    explicit_home = root / "explicit"
    with State(explicit_home, background=False) as st:
        t0 = time.perf_counter()
        for ref in corpus:
            st.set_read(ref)
        t_calls = time.perf_counter() - t0
        t0 = time.perf_counter()
        st.flush()
        t_flush = time.perf_counter() - t0
    explicit_size = state_path(explicit_home).stat().st_size

    print("Mark 100,000 cables read (state already holding 1,000 touched cables):")
    print(f"  as a rule: mark + flush to disk  median {ms(statistics.median(marks))}  max {ms(max(marks))}; "
          f"file {size_before / 1024:.1f} KB before, {file_sizes[0] / 1024:.1f} KB after")
    print(f"  read_set with the rule: a screenful of 50 {ms(t_screen)}, all 100,000 {ms(t_all)}")
    print(f"  for scale, 100,000 explicit records instead: calls {ms(t_calls)} + flush {ms(t_flush)}, "
          f"file {explicit_size / 1024 / 1024:.1f} MB\n")

    peer = root / "peer.json"
    db = TinyDB(peer)
    db.insert_multiple({"id": f"10SEED{i}", "note": f"note {i}", "read": True} for i in range(10_000))
    peer_times = []
    for k in range(args.repeat):
        t0 = time.perf_counter()
        db.update({"note": f"peer {k}"}, Query().id == "10SEED1")
        peer_times.append(time.perf_counter() - t0)
    db.close()
    print(f"Peer: plain TinyDB update at 10,000 documents, on the caller's thread: median "
          f"{ms(statistics.median(peer_times))} (ours: {us(medians[10_000])} on the caller, the write in the "
          f"background)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
