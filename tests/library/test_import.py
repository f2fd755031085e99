"""The importer: a kill part-way then a resume equals an uninterrupted import; bad input is skipped and counted."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import CABLES, REPO, SEEDS
from tui.library import Filter, Library
from tui.library.importer import import_paths


def snapshot(path) -> dict:
    """Everything an import decides, independent of row keys and timing."""
    db = sqlite3.connect(path)
    try:
        cables = sorted(db.execute(
            "SELECT refid, created, classification, origin, subject, station, serial, link, score, variants "
            "FROM cable"))
        variants = sorted(db.execute(
            "SELECT c.refid, v.hash, v.score, v.path, v.format, v.row, v.extra, v.id = c.primary_variant "
            "FROM variant v JOIN cable c ON c.key = v.cable"))
        tags = sorted(db.execute("SELECT c.refid, t.tag FROM tag t JOIN cable c ON c.key = t.cable"))
        refs = sorted(db.execute("SELECT c.refid, r.pos, r.target, r.link FROM ref r JOIN cable c ON c.key = r.cable"))
        issues = sorted(db.execute("SELECT * FROM issue"))
        fts_rows = db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    finally:
        db.close()
    return {"cables": cables, "variants": variants, "tags": tags, "refs": refs, "issues": issues, "fts": fts_rows}


def searches(path) -> list:
    with Library(path) as lib:
        return [[(h.reference_id, round(h.rank, 6)) for h in lib.search(q, limit=30)]
                for q in ("embassy", '"human rights"', "minister*", "security AND election")]


@pytest.fixture(scope="module")
def corpus(generated_csv):
    return generated_csv


@pytest.fixture(scope="module")
def whole(corpus, tmp_path_factory):
    """The corpus and the seeds imported without a break: (its snapshot, its searches)."""
    path = tmp_path_factory.mktemp("whole") / "whole.sqlite"
    import_paths(path, [corpus, SEEDS], jobs=2)
    return snapshot(path), searches(path)


@pytest.fixture(scope="module")
def corpus_library(corpus, tmp_path_factory):
    """The corpus alone, imported (2 workers). Copy it to change it."""
    path = tmp_path_factory.mktemp("corpus-library") / "lib.sqlite"
    import_paths(path, [corpus], jobs=2)
    return path


@pytest.mark.parametrize("jobs", [2, 1])
def test_killed_import_resumes_to_the_same_library(corpus, whole, tmp_path, jobs):
    part = tmp_path / "part.sqlite"
    code = ("import sys; from tui.library.importer import import_paths; "
            "import_paths(sys.argv[1], sys.argv[2:], jobs=2)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(part), str(corpus), str(SEEDS)], cwd=REPO,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            db = sqlite3.connect(f"file:{part}?mode=ro", uri=True, timeout=1)
            committed = db.execute("SELECT count(*) FROM cable").fetchone()[0]
            db.close()
        except sqlite3.Error:
            committed = 0
        if committed >= 800:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the importer and its workers and indexer, mid-import
    proc.wait()
    assert 0 < committed < 3000, "killed part-way"
    with Library(part) as lib:  # what a kill leaves can be read: no index, yet every query answers
        assert lib.count() >= committed and lib.view(Filter(text="embassy")) is not None
        assert lib.facets(Filter(year=2008))["year"] in ([], [("2008", lib.count(Filter(year=2008)))])

    resumed = import_paths(part, [corpus, SEEDS], jobs=jobs)
    assert resumed.unchanged >= committed
    assert (snapshot(part), searches(part)) == whole
    again = import_paths(part, [corpus, SEEDS], jobs=2)
    assert (again.added, again.variants) == (0, 0)


def test_incremental_import_indexes_in_place(corpus_library, tmp_path):
    """A second source into a library that has an index: rows and index written together."""
    path = tmp_path / "lib.sqlite"
    shutil.copyfile(corpus_library, path)
    before = snapshot(path)["fts"]
    result = import_paths(path, [SEEDS, CABLES / "raw-txt"], jobs=2)
    assert result.added >= 24 and result.variants == 1
    assert snapshot(path)["fts"] == before + result.added + result.variants
    with Library(path) as lib:
        assert [h.reference_id for h in lib.search("Scenesetter Defense Bilateral Working", limit=5)][0] == "10MEXICO83"


def test_bad_input_is_skipped_and_counted(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    good = (CABLES / "csv" / "cables_sample.csv").read_bytes()
    # a CSV whose second row is cut short mid-field
    (src / "cut.csv").write_bytes(good[: good.index(b'\n"2","') + 1] + good[good.index(b'\n"2","') + 1:][:500])
    (src / "notes.txt").write_text("Shopping list: eggs, milk, bread.\n")
    raw = (CABLES / "raw-txt" / "07BOGOTA1165.txt").read_bytes()
    (src / "07BOGOTA1165.txt").write_bytes(raw.replace(b"the", b"th\xff\xfe", 3) + "é".encode())
    with open(src / "huge.txt", "wb") as f:  # one 50 MB line
        f.write(b"SUBJECT: " + b"x" * (50 * 1024 * 1024) + b"\n")
    (src / "empty.txt").write_bytes(b"")
    path = tmp_path / "lib.sqlite"
    result = import_paths(path, [src], jobs=2)
    assert result.added == 2  # the good CSV row and the cable with bad bytes
    assert result.skipped["truncated-row"] == 1
    assert result.skipped["too-large"] == 1
    assert result.skipped["not-a-cable"] == 2
    assert result.warnings["bad-utf8"] == 1
    with Library(path) as lib:
        s = lib.stats()
        assert s["skipped"] == {"not-a-cable": 2, "too-large": 1, "truncated-row": 1}
        assert s["warnings"] == {"bad-utf8": 1}
        assert lib.skipped == s["skipped"]
        assert lib.exists("07BOGOTA1165") and lib.exists("66BUENOSAIRES2481")
    again = import_paths(path, [src], jobs=1)  # counted once, not once per import
    assert again.added == 0
    with Library(path) as lib:
        assert lib.stats()["skipped"] == {"not-a-cable": 2, "too-large": 1, "truncated-row": 1}


def test_interrupt_keeps_what_was_committed(corpus, tmp_path, monkeypatch):
    path = tmp_path / "lib.sqlite"
    calls = []

    def progress(result):
        calls.append(result.added)
        if len(calls) == 2:
            raise KeyboardInterrupt

    result = import_paths(path, [corpus], jobs=1, progress=progress)
    assert result.interrupted and 0 < result.added < 3000
    with Library(path) as lib:
        assert lib.count() == result.added


def test_indexed_fields_equal_the_full_parse(corpus_library):
    """CSV rows are indexed from the head of their body: what the sidebar shows is what opening shows."""
    with Library(corpus_library) as lib:
        keys = lib.view()
        for row in lib.rows(keys[:: max(1, len(keys) // 300)]):
            cable = lib.get(row.reference_id)
            assert (row.created, row.classification, row.origin, row.subject) == (
                cable.created.strftime("%Y-%m-%d %H:%M"), cable.classification, cable.origin, cable.subject)
            tags = {t for (t,) in lib.db.execute("SELECT tag FROM tag WHERE cable = ?", (row.key,))}
            assert tags == set(cable.tags)


def test_an_import_while_a_reader_has_the_library_open(shared_import, tmp_path):
    """The reader open on the library (another connection) does not make an import fail: it stays in WAL mode."""
    path = tmp_path / "lib.sqlite"
    shutil.copyfile(shared_import[0], path)
    with Library(path) as lib:
        assert lib.search("mexico", limit=1)  # a reader holds the file open
        result = import_paths(path, [SEEDS / "000_a63115f890747156.txt"], jobs=1)
        assert not result.interrupted and (result.added, result.variants, result.unchanged) == (0, 0, 1)
        assert "10MEXICO83" in [h.reference_id for h in lib.search('"Defense Bilateral Working Group"', limit=20)]
