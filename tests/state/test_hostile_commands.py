"""Never a traceback (issue 11.5): every command over hostile home layouts (state files cut in half, not JSON, a
folder, a FIFO, a link, unreadable; libraries that are garbage, empty, a folder, a FIFO) and hostile paths (a
FIFO with no writer, a socket, a device, a link loop, escapes in the name, a name too long). Each case must end
with a message and an exit status: no traceback, no hang, no file destroyed. The cases are in
tests/hostile_layouts.py; bench/hostile_census.py runs them against any checkout and counts."""

from __future__ import annotations

import pytest

from tests.hostile_layouts import cases, run

QUICK = cases(quick=True)
REST = [c for c in cases() if c.id not in {q.id for q in QUICK}]


def _check(case, tmp_path) -> None:
    root = tmp_path / "case"
    root.mkdir()
    outcome, detail = run(case, root, timeout=30)
    assert outcome in ("ok", "waits"), f"{case.id}: {outcome}: {detail}"


@pytest.mark.parametrize("case", QUICK, ids=[c.id for c in QUICK])
def test_no_traceback_no_hang_nothing_destroyed(case, tmp_path):
    _check(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", REST, ids=[c.id for c in REST])
def test_every_other_command_over_each_layout(case, tmp_path):
    _check(case, tmp_path)
