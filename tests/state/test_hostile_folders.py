"""Folders as they are in the wild (issue 11.1): links that loop or point nowhere, FIFOs, sockets, devices,
unreadable, vanishing and growing files, a path given twice, deep trees, many small non-cables. Each is skipped and
counted by its reason, the rest is read; never a hang, never a traceback; sizing walks what reading reads."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CABLES
from tests.hostile import ROOT, can_drop_privileges, run_cli, world_dir
from tui.cable.sources import Record, Skipped, iter_records
from tui.cable.walk import File, open_file, total_size, walk
from tui.library.importer import import_paths, source_size

RAW = sorted((CABLES / "raw-txt").glob("*"))[:3]


def _cables(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(p, folder)) for p in RAW]


def hostile_folder(root: Path) -> dict:
    """Three cables in ``a/`` among every kind of thing a folder can hold; the skips expected, by reason."""
    f = root / "f"
    _cables(f / "a")
    (f / "notes").mkdir()
    for i in range(3):
        (f / "notes" / f"n{i}.txt").write_text(f"shopping list {i}\n")
    os.symlink(".", f / "loop")  # a link to the folder holding it
    os.symlink("self", f / "self")  # a link to itself
    os.symlink("nowhere", f / "dangling")
    os.symlink("a", f / "a2")  # the same folder a second time
    os.mkfifo(f / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(f / "sock"))
    sock.close()
    os.symlink("/dev/null", f / "null")  # a device, through a link
    os.symlink("/dev/zero", f / "zero")
    (f / ".hidden").write_text("never read")
    return {"symlink-loop": 2, "dangling-link": 1, "duplicate": 1, "not-a-file": 4, "not-a-cable": 3}


def _reasons(items) -> Counter:
    return Counter(i.reason for i in items if isinstance(i, Skipped))


def test_walk_skips_each_kind_by_reason(tmp_path):
    expected = hostile_folder(tmp_path)
    items = list(iter_records(tmp_path / "f"))
    assert _reasons(items) == expected
    assert sorted(Path(i.source.path).name for i in items if isinstance(i, Record)) == sorted(p.name for p in RAW)


def test_sizing_follows_the_rules_of_reading(tmp_path):
    hostile_folder(tmp_path)
    files = [i for i in walk(tmp_path / "f") if isinstance(i, File)]
    assert sorted(Path(f.path).name for f in files) == sorted([p.name for p in RAW] + ["n0.txt", "n1.txt", "n2.txt"])
    assert source_size([tmp_path / "f"]) == total_size(tmp_path / "f") == sum(f.size for f in files)


def test_parse_of_a_hostile_folder_ends(tmp_path):
    """Before: ``parse`` waited for ever on the FIFO."""
    expected = hostile_folder(tmp_path)
    done = run_cli(["parse", tmp_path / "f"], home=tmp_path / "home", timeout=60)
    assert "Traceback" not in done.stderr and done.returncode == 1
    assert done.stdout.count("subject:") == 3
    reasons = Counter(line.split(": ")[2] for line in done.stderr.splitlines() if line.startswith("cablereader: "))
    assert reasons == expected


def test_import_of_a_hostile_folder_counts_each_reason(tmp_path):
    """Before: the symlink loop ended the whole import in a traceback while sizing, nothing imported."""
    expected = hostile_folder(tmp_path)
    result = import_paths(tmp_path / "lib.sqlite", [tmp_path / "f"], jobs=1)
    assert result.added == 3 and dict(result.skipped) == expected
    assert result.bytes_done <= result.bytes_total
    done = run_cli(["import", tmp_path / "f", "--jobs", "2"], home=tmp_path / "home", timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "3 cables added" in done.stdout and "2 symlink-loop" in done.stdout and "4 not-a-file" in done.stdout


def test_a_path_given_twice_is_read_once(tmp_path):
    _cables(tmp_path / "c")
    one = import_paths(tmp_path / "one.sqlite", [tmp_path / "c"], jobs=1)
    two = import_paths(tmp_path / "two.sqlite", [tmp_path / "c", tmp_path / "c", tmp_path / "c" / RAW[0].name],
                       jobs=1)
    assert (two.added, two.unchanged, dict(two.skipped)) == (one.added, 0, {"duplicate": 2})
    assert two.bytes_total == one.bytes_total


def test_a_folder_deeper_than_the_recursion_limit(tmp_path):
    """Before: os.walk recursed once per level and died in a RecursionError past ~1,000 levels."""
    deep = tmp_path / "deep"
    deep.mkdir()
    fds = [os.open(deep, os.O_RDONLY)]
    try:
        for _ in range(1100):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        with open(os.open(RAW[0].name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1]), "wb") as out:
            out.write(RAW[0].read_bytes())
        items = list(iter_records(deep))
        assert [type(i) for i in items] == [Record]
    finally:  # removed here: pytest's own clean-up of old temporary folders recurses and would fail on it
        os.unlink(RAW[0].name, dir_fd=fds[-1])
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir("d", dir_fd=fds[-1])
        os.close(fds.pop())


def test_a_file_that_vanishes_during_the_walk(tmp_path):
    cables = _cables(tmp_path / "c")
    it = iter_records(tmp_path / "c")
    first = next(it)
    cables[2].unlink()  # removed after the walk began
    rest = list(it)
    assert isinstance(first, Record) and [type(i) for i in rest] == [Record, Skipped]
    assert rest[1].reason == "vanished"
    gone = File(str(cables[2]), 100)
    with pytest.raises(FileNotFoundError):
        open_file(gone)


def test_a_fifo_swapped_in_after_the_walk_is_not_waited_on(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("text")
    file = next(walk(path))
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(OSError):
        open_file(file)
    assert [i.reason for i in iter_records(tmp_path)] == ["not-a-file"]


def test_a_file_that_grows_during_the_import_is_read_as_it_was_sized(tmp_path, monkeypatch):
    """A CSV being appended to while it is imported: the import reads what was there when it was sized, so it
    ends, and the progress never passes 100%. Before: the rows appended after sizing were read too."""
    csv = sorted((CABLES / "csv").glob("*.csv"))[0]
    data = csv.read_bytes()
    grow = tmp_path / "growing.csv"
    grow.write_bytes(data)
    import tui.library.importer as importer

    real = importer.source_size

    def size_then_grow(paths):
        n = real(paths)
        with open(grow, "ab") as f:  # another program appends a copy of every row, renumbered
            f.write(data.replace(b'\n"', b'\n"9').replace(b'"', b'"9', 1))
        return n

    monkeypatch.setattr(importer, "source_size", size_then_grow)
    result = import_paths(tmp_path / "lib.sqlite", [grow], jobs=1)
    assert result.bytes_total == len(data)
    assert result.bytes_done <= result.bytes_total
    baseline = import_paths(tmp_path / "base.sqlite", [csv], jobs=1)
    assert (result.added, result.variants) == (baseline.added, baseline.variants)


def test_reading_stops_at_the_walked_size(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    file = next(walk(path))
    with open(path, "ab") as f:
        f.write(b"y" * 1000)
    with open_file(file) as f:
        assert f.read() == b"x" * 100


def test_many_small_non_cables(tmp_path):
    """5,000 small files that are not cables (the slow test has 100,000): all counted, quickly."""
    _many(tmp_path / "many", 5000)
    result = import_paths(tmp_path / "lib.sqlite", [tmp_path / "many"], jobs=2)
    assert result.added == 3 and result.skipped == {"not-a-cable": 5000}


@pytest.mark.slow
def test_a_hundred_thousand_small_non_cables(tmp_path):
    _many(tmp_path / "many", 100_000)
    result = import_paths(tmp_path / "lib.sqlite", [tmp_path / "many"], jobs=2)
    assert result.added == 3 and result.skipped == {"not-a-cable": 100_000}
    done = run_cli(["parse", tmp_path / "many"], home=tmp_path / "home", timeout=600)
    assert done.returncode == 1 and done.stderr.count("not-a-cable") == 100_000 and "Traceback" not in done.stderr


def _many(folder: Path, n: int) -> None:
    _cables(folder)
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir()
        (sub / f"{i}.txt").write_bytes(b"not a cable %d\n" % i)


@pytest.mark.skipif(not can_drop_privileges(), reason="needs setpriv to drop root")
def test_unreadable_files_and_folders_as_another_user():
    """Run as ``nobody`` (root reads everything): a file and a folder it cannot read are skipped as unreadable,
    the rest imported."""
    root = world_dir()
    try:
        for p in _cables(root / "f"):
            p.chmod(0o644)
        (root / "f").chmod(0o755)
        secret = root / "f" / "secret.txt"
        secret.write_bytes(RAW[0].read_bytes())
        secret.chmod(0o600)
        (root / "f" / "closed").mkdir(mode=0o700)
        home = root / "home"
        home.mkdir()
        os.chown(home, 65534, 65534)
        user = "nobody" if ROOT else None
        done = run_cli(["parse", root / "f"], home=home, user=user, timeout=60)
        assert "Traceback" not in done.stderr and done.returncode == 1
        assert done.stdout.count("subject:") == 3 and done.stderr.count(": unreadable: Permission denied") == 2
        done = run_cli(["import", root / "f", "--jobs", "1"], home=home, user=user, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr
        assert "3 cables added" in done.stdout and "2 unreadable" in done.stdout
    finally:
        shutil.rmtree(root)


def test_import_of_a_fifo_named_on_the_command_line_reads_it(tmp_path):
    """``cablereader import <(zcat cables.csv.gz)``: a stream named by the user is read as it comes."""
    csv = sorted((CABLES / "csv").glob("*.csv"))[0]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(csv.read_bytes())

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    result = import_paths(tmp_path / "lib.sqlite", [fifo], jobs=1)
    t.join(10)
    baseline = import_paths(tmp_path / "base.sqlite", [csv], jobs=1)
    assert result.added == baseline.added > 0
