"""Snapshots of the open cable (a real one, 09BAGHDAD197) and of find in it, at 80x24, 60x20 and 200x50.

Update after an intended change of look: ``pytest tests/reader/test_cableview_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from fakelib import FakeLibrary
from test_cableview import real_cable
from tui.app import CableReaderApp

SIZES = [(80, 24), (60, 20), (200, 50)]


def app() -> CableReaderApp:
    return CableReaderApp(FakeLibrary([real_cable()]), ansi=False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_open_cable(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, press=["enter", "space"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_find_in_the_cable(snap_compare, size):
    assert snap_compare(app(), terminal_size=size,
                        press=["enter", "slash", *"rubaie", "enter", "greater_than_sign", "greater_than_sign"])
