"""Writes that never destroy (issue 11.2). A file the user names is written atomically when it is a regular file or
new, through a link to its target, in place when it is a FIFO or a device; state.json is never replaced through a
link or onto anything but a regular file; a full disk or a read-only home keeps the old files and the changes."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from helpers import pilot, reader, screen_text, start
from tests.hostile import ROOT, can_drop_privileges, can_mount_readonly, run_cli, world_dir
from tui.cli import main
from tui.paths import state_path
from tui.safewrite import NotOurs, write_named, write_own
from tui.state import State


@pytest.fixture
def starred_home(temp_home):
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_note("10MEXICO83", "defence talks")
    return temp_home


def _exported(text: str) -> set[str]:
    return {d["id"] for d in json.loads(text)["cables"].values()}


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_export_to_a_device_writes_into_it(starred_home, tmp_path, capsys):
    """Before: as root, ``export-state /dev/null`` turned /dev/null into a regular file. (A private copy of
    /dev/null is used here, so the test cannot break the machine on old code.)"""
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    assert main(["export-state", str(null)]) == 0
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)


def test_export_through_a_link_writes_its_target(starred_home, tmp_path):
    """Before: the link was replaced by a file and its target left stale."""
    target = tmp_path / "backups" / "state.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["export-state", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _exported(target.read_text()) == {"10MEXICO83"}
    dangling = tmp_path / "next.json"
    dangling.symlink_to(tmp_path / "backups" / "new.json")
    assert main(["export-state", str(dangling)]) == 0
    assert dangling.is_symlink() and _exported((tmp_path / "backups" / "new.json").read_text()) == {"10MEXICO83"}


def test_export_into_a_fifo_reaches_its_reader(starred_home, tmp_path):
    """Before: the FIFO was replaced by a file and its reader got nothing."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["export-state", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and _exported(got[0].decode()) == {"10MEXICO83"}


def test_export_keeps_the_mode_of_the_file_it_replaces(starred_home, tmp_path):
    out = tmp_path / "private.json"
    out.write_text("old")
    out.chmod(0o600)
    assert main(["export-state", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and _exported(out.read_text()) == {"10MEXICO83"}


def test_export_onto_a_folder_is_a_message(starred_home, tmp_path, capsys):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "keep").write_text("x")
    assert main(["export-state", str(tmp_path / "dir")]) == 1
    assert "cannot write" in capsys.readouterr().err and (tmp_path / "dir" / "keep").read_text() == "x"


def test_export_on_a_full_disk_keeps_the_old_file(starred_home, tmp_path, monkeypatch, capsys):
    out = tmp_path / "state-export.json"
    out.write_text("the old export")

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert main(["export-state", str(out)]) == 1
    monkeypatch.undo()
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_text() == "the old export" and sorted(p.name for p in tmp_path.iterdir()) == [
        "home", "state-export.json"]


def test_write_own_refuses_links_and_non_files(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("precious")
    (tmp_path / "link").symlink_to(target)
    os.mkfifo(tmp_path / "fifo")
    for name in ("link", "fifo"):
        with pytest.raises(NotOurs):
            write_own(tmp_path / name, b"{}")
    assert target.read_text() == "precious" and (tmp_path / "link").is_symlink()
    assert stat.S_ISFIFO((tmp_path / "fifo").stat().st_mode)
    assert write_named(tmp_path / "new", b"x") == "created"


# ------------------------------------------------------------------------------------------ state.json itself

def test_state_json_as_a_link_is_read_but_never_replaced(temp_home, tmp_path):
    target = tmp_path / "synced-state.json"
    with State(tmp_path / "other", background=False) as st:
        st.set_starred("09PARIS1")
    target.write_bytes(state_path(tmp_path / "other").read_bytes())
    before = target.read_bytes()
    state_path(temp_home).symlink_to(target)
    st = State(temp_home, background=False)
    assert st.starred() == ["09PARIS1"]
    st.set_starred("10MEXICO83")
    st.flush()
    assert st.pending and "symbolic link" in st.problem
    st.close()
    assert state_path(temp_home).is_symlink() and target.read_bytes() == before
    rescued = Path(st.problem.split("written to ")[1].split(":")[0])
    try:
        with State(tmp_path / "third", background=False) as other:
            other.import_from(rescued)
            assert set(other.starred()) == {"09PARIS1", "10MEXICO83"}
    finally:
        rescued.unlink()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_state_json_that_is_not_a_file(temp_home, kind):
    """Before: a FIFO there hung every command; a folder ended them in a traceback."""
    path = state_path(temp_home)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    done = run_cli(["starred"], home=temp_home, timeout=30)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    done = run_cli(["import-state", Path(__file__).parent / "missing.json"], home=temp_home, timeout=30)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (stat.S_ISFIFO if kind == "fifo" else stat.S_ISDIR)(path.stat().st_mode)


@pytest.mark.skipif(not can_drop_privileges(), reason="needs setpriv to drop root")
def test_state_json_the_user_cannot_read():
    """As ``nobody``, a state.json of root's with mode 0600: a message, the file untouched, nothing lost."""
    root = world_dir()
    try:
        home = root / "home"
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        with State(home, background=False) as st:
            st.set_starred("10MEXICO83")
        before = state_path(home).read_bytes()
        state_path(home).chmod(0o600)
        export = root / "out.json"
        done = run_cli(["export-state", export], home=home, user="nobody", timeout=30)
        assert done.returncode == 1 and "Traceback" not in done.stderr and "Permission denied" in done.stderr
        assert not export.exists()
        done = run_cli(["starred"], home=home, user="nobody", timeout=30)
        assert done.returncode == 0 and "cannot be read" in done.stderr and "Traceback" not in done.stderr
        assert state_path(home).read_bytes() == before
    finally:
        import shutil

        shutil.rmtree(root)


@pytest.mark.skipif(not can_mount_readonly(), reason="needs a private read-only bind mount (unshare -m)")
def test_import_state_into_a_read_only_home(starred_home, tmp_path):
    """The home is mounted read-only: a message, state.json as it was, and the merged state in a file to merge
    later. Before: a traceback (OSError: Read-only file system)."""
    incoming = tmp_path / "in.json"
    with State(tmp_path / "elsewhere", background=False) as st:
        st.set_starred("09PARIS1")
    incoming.write_bytes(state_path(tmp_path / "elsewhere").read_bytes())
    before = state_path(starred_home).read_bytes()
    done = run_cli(["import-state", incoming], home=starred_home, readonly=(starred_home,), timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "could not be saved" in done.stderr and "import-state" in done.stderr
    assert state_path(starred_home).read_bytes() == before
    rescued = Path(done.stderr.split("written to ")[1].split(":")[0])
    try:
        assert _exported(rescued.read_text()) == {"10MEXICO83", "09PARIS1"}
    finally:
        rescued.unlink()


@pytest.mark.skipif(not can_mount_readonly(), reason="needs a private mount namespace (unshare -m)")
def test_a_state_write_on_a_really_full_disk(tmp_path):
    """A 1 MB tmpfs as the home, filled up: import-state says so, state.json stays as it was."""
    import subprocess
    import sys

    from tests.hostile import CLI, cli_env, shlex

    incoming = tmp_path / "in.json"
    with State(tmp_path / "elsewhere", background=False) as st:
        for n in range(2000):
            st.set_note(f"10MEXICO{n}", "a note long enough to need room " * 4)
    incoming.write_bytes(state_path(tmp_path / "elsewhere").read_bytes())
    home = tmp_path / "small"
    home.mkdir()
    cli = shlex.join(list(CLI))
    script = f"""
        set -e
        mount -t tmpfs -o size=1m tmpfs {home}
        echo '{{}}' > {home}/state.json
        sha=$(sha256sum {home}/state.json)
        dd if=/dev/zero of={home}/filler bs=4k 2>/dev/null || true
        set +e
        {cli} import-state {incoming}
        echo "rc=$?"
        [ "$(sha256sum {home}/state.json)" = "$sha" ] && echo unchanged
        ls -a {home}
    """
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                          env=cli_env(home))
    assert "rc=1" in done.stdout and "unchanged" in done.stdout, done.stdout + done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert ".tmp" not in done.stdout  # no temporary file left behind
    rescued = Path(done.stderr.split("written to ")[1].split(":")[0])
    rescued.unlink()


@pilot
async def test_the_reader_says_when_the_state_cannot_be_saved(temp_home, tmp_path):
    """state.json is a link (never written through): the star stays in memory and the reader says why it is not
    saved, once."""
    import asyncio

    from fakelib import FakeLibrary, make_cable

    target = tmp_path / "elsewhere.json"
    target.write_bytes(b"")
    state_path(temp_home).symlink_to(target)
    st = State(temp_home, flush_delay=0.05, poll_interval=0.2)
    app = reader(FakeLibrary([make_cable("10MEXICO83", subject="Scenesetter")]), state=st)
    try:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await start(app, pilot)
            await pilot.press("s")
            def shown() -> str:  # the notice wraps inside its toast
                return " ".join(screen_text(app).replace("\u258c", " ").split())

            for _ in range(40):
                await asyncio.sleep(0.1)
                if "could not be saved" in shown():
                    break
            assert "could not be saved" in shown() and "symbolic link" in shown()
            assert st.starred() == ["10MEXICO83"] and st.pending
    finally:
        st.close()
        if st.problem and "written to " in st.problem:
            Path(st.problem.split("written to ")[1].split(":")[0]).unlink()
    assert target.read_bytes() == b"" and state_path(temp_home).is_symlink()


@pytest.mark.skipif(not can_mount_readonly(), reason="needs a private mount namespace (unshare -m)")
def test_an_import_onto_a_really_full_disk(tmp_path):
    """The library on a 1 MB tmpfs: the import stops with a message (no traceback), what it committed is a whole
    library, and the same import elsewhere is unaffected. Before: sqlite3.OperationalError: database or disk is
    full, in a traceback."""
    import subprocess

    from tests.conftest import CABLES
    from tests.hostile import CLI, cli_env, shlex

    home = tmp_path / "small"
    home.mkdir()
    check = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print('integrity', c.execute('PRAGMA integrity_check').fetchone()[0])")
    script = f"""
        mount -t tmpfs -o size=1m tmpfs {home}
        {shlex.join(CLI)} import {CABLES} --jobs 2
        echo "rc=$?"
        {shlex.quote(sys.executable)} -c {shlex.quote(check)} {home}/library.sqlite
    """
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          env=cli_env(home))
    assert "rc=1" in done.stdout and "integrity ok" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "could not be written" in done.stderr
    assert "the same import run again resumes" in done.stderr
