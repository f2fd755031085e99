"""Shared fixtures. Every test runs with a temporary home so nothing touches the user's data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CABLES = SHARED / "cables"
SEEDS = SHARED / "seeds"


@pytest.fixture(autouse=True)
def temp_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CABLEREADER_HOME", str(home))
    return home
