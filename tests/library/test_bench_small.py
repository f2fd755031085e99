"""The benchmark itself works: generate, import, measure and print the table, at 500 cables (2,000 with -m slow)."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from bench.generate import generate
from tests.conftest import REPO


def test_generated_csv_is_in_the_dump_dialect(tmp_path):
    path = generate(tmp_path / "c.csv", count=300, seed=9, jobs=1)
    assert generate(tmp_path / "d.csv", count=300, seed=9, jobs=2).read_bytes() == path.read_bytes()
    csv.field_size_limit(1 << 30)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, escapechar="\\", doublequote=False))
    assert len(rows) == 300 and all(len(r) == 8 for r in rows)
    assert [int(r[0]) for r in rows] == list(range(1, 301))
    assert len({r[2] for r in rows}) == 300  # one row per reference ID, as in the real dump
    assert all(r[6].startswith("VZCZC") and "\nFM " in r[6] and "TAGS: " in r[7] and "SUBJECT: " in r[7]
               for r in rows)
    assert any(r[5] and "REF: " in r[7] for r in rows)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('"1","') and '\\"' in text  # every field quoted, quotes backslash-escaped


@pytest.mark.parametrize("count", [500, pytest.param(2000, marks=pytest.mark.slow)])
def test_benchmark_pipeline_small(tmp_path, count):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "bench/bench_library.py", "--count", str(count), "--runs", "1",
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = proc.stdout
    for what in ("import wall time", "import peak RSS", "library size", "exact ID lookup", "loose ID lookup",
                 "ID completion", "search top 50", "search vs grep", "filter view: origin", "facets: tag"):
        assert f"| {what}" in table, what
    assert f"| cables in the library | (info) | {count:,} |" in table
