"""A library shared by a team (issue 11.4): ``--library PATH`` / ``$CABLEREADER_LIBRARY`` name a library apart from
the home holding each user's reading state. One the user cannot write opens read-only and nothing is written
beside it; two imports into one library at once give the library one import makes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import CABLES, SEEDS
from tests.hostile import (ROOT, Pty, can_drop_privileges, can_mount_readonly, cli_env, command, run_cli, snapshot,
                           world_dir)

SOURCES = [CABLES / "raw-txt", CABLES / "csv", SEEDS]


def _contents(db: Path) -> tuple:
    """What a library holds, independent of the order things were written in."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return (sorted(con.execute("SELECT refid, created, classification, origin, subject, variants FROM cable")),
                sorted(con.execute("SELECT hash, path, format, row FROM variant")),
                con.execute("SELECT count(*) FROM fts_docsize").fetchone(),
                sorted(con.execute("SELECT c.refid, t.tag FROM tag t JOIN cable c ON c.key = t.cable")))
    finally:
        con.close()


@pytest.fixture(scope="module")
def shared():
    """An administrator's import into a shared folder (every user can enter it, only root may write it)."""
    root = world_dir("cablereader-shared-")
    lib = root / "lib"
    lib.mkdir(mode=0o755)
    done = run_cli(["--library", lib, "import", *SOURCES, "--jobs", "2"], home=root / "admin")
    assert done.returncode == 0, done.stderr
    (lib / "library.sqlite").chmod(0o644)
    yield root
    shutil.rmtree(root)


def _user_home(root: Path, name: str) -> Path:
    home = root / name
    home.mkdir(exist_ok=True)
    if ROOT:
        os.chown(home, 65534, 65534)
    return home


def _reads_everything(root: Path, home: Path, **how) -> None:
    """show, search, stats, starred and the reader, on the shared library: all work, nothing is written there."""
    lib = root / "lib"
    before = snapshot(lib)
    for args in (["show", "10MEXICO83", "--plain"], ["search", "human rights", "--json"], ["stats"],
                 ["show", "10 mexico 83", "--json"]):
        done = run_cli(["--library", lib, *args], home=home, **how)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.stdout.strip(), args
    reader = Pty(["--library", lib], home=home, **how)
    try:
        assert reader.wait_for(b"MEXICO"), bytes(reader.output[-400:])
        time.sleep(0.3)
        reader.send(b"s")
        assert reader.wait_for(rb"\d\d[A-Z]+\d+ starred")
        reader.send(b"q")
        assert reader.wait(timeout=30) == 0
    finally:
        reader.kill()
    assert b"Traceback" not in reader.output
    starred = run_cli(["--library", lib, "starred"], home=home, **how)  # in the user's own state
    assert starred.returncode == 0 and len(starred.stdout.splitlines()) == 1, starred.stderr
    assert snapshot(lib) == before, "the shared library's folder changed"


@pytest.mark.skipif(not can_drop_privileges(), reason="needs setpriv to drop root")
def test_a_library_another_user_owns_opens_read_only(shared):
    """As ``nobody``: the library (root's, 0644, in a 0755 folder) is read; no -wal/-shm, no touched times.
    Before: SQLite could not open the WAL library without creating -shm beside it (an error), or wrote there."""
    _reads_everything(shared, _user_home(shared, "alice"), user="nobody")


@pytest.mark.skipif(not can_mount_readonly(), reason="needs a private read-only bind mount (unshare -m)")
def test_a_library_on_a_read_only_filesystem(shared):
    _reads_everything(shared, _user_home(shared, "bob"), readonly=(shared / "lib",))


@pytest.mark.skipif(not can_drop_privileges(), reason="needs setpriv to drop root")
def test_import_into_a_read_only_library_says_so(shared):
    lib = shared / "lib"
    before = snapshot(lib)
    done = run_cli(["--library", lib, "import", CABLES / "raw-txt"], home=_user_home(shared, "carol"), user="nobody")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot be written" in done.stderr and "library.sqlite" in done.stderr
    assert snapshot(lib) == before


def test_the_library_environment_variable_and_a_folder(shared, tmp_path):
    done = run_cli(["stats"], home=tmp_path / "h", library=shared / "lib")
    assert done.returncode == 0 and "samples" not in done.stdout.lower()
    assert run_cli(["stats"], home=tmp_path / "h", library=shared / "lib" / "library.sqlite").stdout == done.stdout


def test_a_named_library_that_does_not_exist(tmp_path):
    done = run_cli(["--library", tmp_path / "nowhere.sqlite", "stats"], home=tmp_path / "h")
    assert done.returncode == 1 and "no library there" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_two_imports_at_once_make_one_library(tmp_path):
    """Before: one of the two ended in a traceback (UNIQUE constraint failed, no such table side.fts_data,
    database is locked)."""
    lib = tmp_path / "shared.sqlite"
    env = cli_env(tmp_path / "h")
    procs = [subprocess.Popen(command(["--library", lib, "import", *SOURCES, "--jobs", "2"]), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0 and "Traceback" not in err, err
    assert any("waiting for it to end" in err for _, err in outs)
    one = tmp_path / "one.sqlite"
    assert run_cli(["--library", one, "import", *SOURCES], home=tmp_path / "h").returncode == 0
    assert _contents(lib) == _contents(one)
