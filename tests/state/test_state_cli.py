"""The reading-state commands: starred, notes, export-state, import-state."""

from __future__ import annotations

import json
import sys
import types

import pytest

from tui.cli import main
from conftest import SEEDS
from tui.library.query import Row
from tui.paths import library_path
from tui.state import State


@pytest.fixture
def marked(temp_home):
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_starred("09PARIS1")
        st.set_note("10MEXICO83", "defence talks\nsee para 4\x1b[31m")
        st.set_read("10MEXICO71")
    return temp_home


@pytest.fixture
def fake_library(monkeypatch, temp_home):
    """A stand-in for tui.library's open_home and Library that knows one cable (the real one is built elsewhere)."""
    library_path(temp_home).write_bytes(b"")
    opened = []

    class Library:
        @classmethod
        def open(cls, home):
            opened.append(home)
            return cls()

        def key_of(self, ref):
            return 1 if ref == "10MEXICO83" else None

        def rows(self, keys):
            return [Row(1, "10MEXICO83", "2010-01-29 20:08", "SECRET", "Embassy Mexico",
                        "SCENESETTER FOR THE\nDEFENSE BILATERAL")][:len(keys)]

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    monkeypatch.setitem(sys.modules, "tui.library", types.SimpleNamespace(Library=Library, open_home=Library.open))
    return opened


def test_starred_without_a_library_prints_ids(marked, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tui.library", None)  # the library cannot be imported at all
    assert main(["starred"]) == 0
    assert capsys.readouterr().out.split() == ["09PARIS1", "10MEXICO83"]


def test_starred_and_notes_with_subjects(marked, fake_library, capsys):
    assert main(["starred"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["09PARIS1\t(not in this library)", "10MEXICO83\tSCENESETTER FOR THE DEFENSE BILATERAL"]
    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert out == "10MEXICO83\tSCENESETTER FOR THE DEFENSE BILATERAL\n    defence talks\n    see para 4\n"
    assert "\x1b" not in out and fake_library


def test_json_output(marked, fake_library, capsys):
    assert main(["notes", "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)
    assert notes == [{"reference_id": "10MEXICO83", "created": "2010-01-29T20:08", "classification": "SECRET",
                      "origin": "Embassy Mexico", "subject": "SCENESETTER FOR THE\nDEFENSE BILATERAL",
                      "note": "defence talks\nsee para 4\x1b[31m"}]
    assert main(["starred", "--json"]) == 0
    assert [d["reference_id"] for d in json.loads(capsys.readouterr().out)] == ["09PARIS1", "10MEXICO83"]


def test_subjects_from_the_real_library(temp_home, capsys):
    from tui.library import import_paths

    import_paths(library_path(temp_home), sorted(SEEDS.glob("000_*")), jobs=1)
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_starred("99NOWHERE1")  # not in the library: said so in place of a subject
    assert main(["starred"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "99NOWHERE1\t(not in this library)"
    assert out[1].startswith("10MEXICO83\tScenesetter for the Opening of the Defense Bilateral Working Group")


def test_library_failure_falls_back_to_ids(marked, monkeypatch, temp_home, capsys):
    library_path(temp_home).write_bytes(b"")

    class Broken:
        @classmethod
        def open(cls, home):
            raise RuntimeError("library not ready")

    monkeypatch.setitem(sys.modules, "tui.library", types.SimpleNamespace(Library=Broken))
    assert main(["notes"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "10MEXICO83"


def test_export_then_import_into_another_home(marked, tmp_path, capsys):
    out = tmp_path / "state-export.json"
    assert main(["export-state", str(out)]) == 0
    assert "2 starred, 1 notes" in capsys.readouterr().err
    other = tmp_path / "elsewhere"
    with State(other, background=False) as st:
        st.set_starred("08BERLIN5")
    assert main(["--home", str(other), "import-state", str(out)]) == 0
    assert "merged 3 cables (2 starred, 1 notes)" in capsys.readouterr().out
    with State(other, background=False) as st:
        assert set(st.starred()) == {"10MEXICO83", "09PARIS1", "08BERLIN5"}
        assert st.get("10MEXICO71").read and st.get("10MEXICO83").note.startswith("defence talks")


def test_export_to_stdout(marked, capsys):
    assert main(["export-state", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {d["id"] for d in doc["cables"].values()} == {"10MEXICO83", "09PARIS1", "10MEXICO71"}


def test_import_errors(tmp_path, capsys):
    assert main(["import-state", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{half")
    assert main(["import-state", str(bad)]) == 1
    assert "not a reading-state file" in capsys.readouterr().err


def test_import_from_stdin(marked, tmp_path, capsys, monkeypatch):
    import io

    assert main(["export-state", "-"]) == 0
    exported = capsys.readouterr().out.encode()
    other = tmp_path / "elsewhere"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(exported)))
    assert main(["--home", str(other), "import-state", "-"]) == 0
    assert capsys.readouterr().out.startswith("merged 3 cables (2 starred, 1 notes), ")
    with State(other, background=False) as st:
        assert set(st.starred()) == {"10MEXICO83", "09PARIS1"}


@pytest.mark.parametrize("name", ["/dev/null", "{empty}", "-"])
def test_import_of_an_empty_file_says_so(tmp_path, capsys, monkeypatch, name):
    import io

    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    name = name.format(empty=empty)
    assert main(["--home", str(tmp_path / "home"), "import-state", name]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(f"cablereader: {'stdin' if name == '-' else name} is empty: ")


def test_export_failure_names_the_path_and_the_reason(tmp_path, capsys):
    target = tmp_path / "no-such-dir" / "x.json"
    assert main(["--home", str(tmp_path / "home"), "export-state", str(target)]) == 1
    assert capsys.readouterr().err == \
        f"cablereader: cannot write {target}: no such folder {target.parent}\n"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["--home", str(tmp_path / "home"), "export-state", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cablereader: cannot write {folder}: ") and ".tmp" not in err
