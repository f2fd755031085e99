"""Shared fixtures. Every test runs with a temporary home so nothing touches the user's data.

Work several test files need is done once per run (session scope): the shared cables imported into a library,
a generated cables.csv. Read what they give; copy a library (``shared_home``) to change it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import textual._wait

# Pilot waits for the app to go idle after each key and pause: it sleeps in steps of SLEEP_GRANULARITY (20 ms) until
# one step used under a twentieth of its time in CPU. Steps of 5 ms keep that test (the same share of CPU, over a
# shorter look) and cut the ~40 ms each key press waits at least: the reader tests ran 2.5x faster. A test that
# needs a worker or timer to finish waits for it (helpers.until), never for the idle check.
assert hasattr(textual._wait, "SLEEP_GRANULARITY") and hasattr(textual._wait, "SLEEP_IDLE"), "Textual renamed these"
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CABLES = SHARED / "cables"
SEEDS = SHARED / "seeds"


def import_rows(folder: Path, rows) -> Path:
    """``rows`` written as a cables.csv in the dump's dialect in ``folder`` and imported (one process); the library."""
    import csv

    from tui.library.importer import import_paths

    with (folder / "cables.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    import_paths(folder / "library.sqlite", [folder / "cables.csv"], jobs=1)
    return folder / "library.sqlite"


@pytest.fixture(autouse=True)
def temp_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CABLEREADER_HOME", str(home))
    # pytest-xdist's workers set COLUMNS and LINES (80x24): a command run on a pty of another size would take them
    # over the pty's own size
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return home


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's, pressing its keys (and running its ``run_before``) only once the app has filled
    its list: the main screen fills it after its first frame, and a key pressed before went nowhere (a picture
    that differed by timing)."""
    import inspect

    from helpers import start

    def compare(app, *args, run_before=None, **kwargs):
        async def first_fill(pilot):
            await start(app, pilot)
            if run_before is not None and inspect.isawaitable(done := run_before(pilot)):
                await done

        return snap_compare(app, *args, run_before=first_fill, **kwargs)

    return compare


@pytest.fixture(scope="session")
def shared_import(tmp_path_factory):
    """``../shared``'s cables and seeds imported once (2 workers): (the library file, the ImportResult). Never
    write to it: copy it (``shared_home``)."""
    from tui.library.importer import import_paths

    path = tmp_path_factory.mktemp("shared-library") / "library.sqlite"
    result = import_paths(path, [CABLES, SEEDS], jobs=2)
    assert not result.interrupted and result.added > 600
    return path, result


@pytest.fixture
def shared_home(shared_import, temp_home) -> Path:
    """The temporary home, holding a copy of the shared library (a few MB)."""
    shutil.copyfile(shared_import[0], temp_home / "library.sqlite")
    return temp_home


@pytest.fixture(scope="session")
def generated_csv(tmp_path_factory) -> Path:
    """A generated cables.csv in the dump's dialect: 3,000 cables (seed 3)."""
    from bench.generate import generate

    return generate(tmp_path_factory.mktemp("generated") / "cables.csv", count=3000, seed=3, jobs=1)
