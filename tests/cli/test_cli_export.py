"""``cablereader export``: each format's content, the ways of choosing cables, and where it writes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.hostile import can_drop_privileges, run_cli, world_dir
from tui.cli import main
from tui.cli.output import SUMMARY_KEYS
from tui.exporting import CSV_COLUMNS
from tui.library.importer import import_paths
from tui.paths import LIBRARY_ENV
from tui.state import State

HOSTILE = ("UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: EVIL [bold red]LOUD[/] \x1b[2J\x1b]52;c;b3duZWQ=\x07 *TITLE*\n\n"
           "1. (U) Zanzibarite text ``` fence \x1b[31mred\u202e reversed \x9b2J.\n")


@pytest.fixture(scope="module")
def library(tmp_path_factory, shared_import):
    """The shared cables and seeds (the session's library, copied), one hostile cable and another MEXICO 1
    imported into it once for the module."""
    folder = tmp_path_factory.mktemp("export-lib")
    (folder / "10MEXICO1.txt").write_text(HOSTILE)
    (folder / "09MEXICO1.txt").write_text("UNCLASSIFIED\n\nSUBJECT: THE OTHER MEXICO 1\n\n1. (U) Text.\n")
    path = folder / "library.sqlite"
    shutil.copyfile(shared_import[0], path)
    assert import_paths(path, [folder / "10MEXICO1.txt", folder / "09MEXICO1.txt"], jobs=1).added == 2
    return path


@pytest.fixture
def home(temp_home, library, monkeypatch):
    """A home of its own (reading state) over the module's library; 10MEXICO83 starred, with a two-line note."""
    monkeypatch.setenv(LIBRARY_ENV, str(library))
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_note("10MEXICO83", "ask the desk\nabout para 6")
    return temp_home


def export(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_md_has_card_citation_note_and_text(home, tmp_path, capsys):
    out = tmp_path / "out.md"
    code, _, err = export(capsys, "--starred", "-o", str(out))
    assert code == 0 and err == f"exported 1 cable to {out} (md)\n"
    md = out.read_text()
    assert md.startswith("# Cables exported by cablereader\n\n## 10MEXICO83: ")
    for field in ("- **Reference ID:** 10MEXICO83", "- **Created:** 2010-01-29 20:08", "- **Released:** 2010-",
                  "- **Classification:** SECRET", "- **Origin:** Embassy Mexico", "- **Tags:** ",
                  "- **Subject:** "):
        assert field in md
    assert '**Citation:** 10MEXICO83 (SECRET, Embassy Mexico, 2010-01-29): "' in md
    assert "**Note:**\n\n> ask the desk\n> about para 6\n" in md
    assert "```text\nVZCZC" in md and "Scenesetter" in md and md.rstrip().endswith("```")


def test_txt_is_what_show_prints(home, tmp_path, capsys):
    out = tmp_path / "out.txt"
    (tmp_path / "ids").write_text("10 mexico 83\n")
    assert export(capsys, "--ids", str(tmp_path / "ids"), "-o", str(out))[0] == 0
    assert main(["show", "10MEXICO83", "--plain"]) == 0
    shown = capsys.readouterr().out
    head, rest = shown.split("\n", 1)
    assert out.read_text() == f"{head}\nNote ask the desk\n     about para 6\n{rest}"


def test_csv_parses_back_one_row_per_cable(home, tmp_path, capsys):
    out = tmp_path / "out.csv"
    code, _, err = export(capsys, "--origin", "MEXICO", "-o", str(out))
    assert code == 0 and "(csv)" in err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_id = {r[0]: dict(zip(CSV_COLUMNS, r)) for r in rows[1:]}
    assert len(by_id) == len(rows) - 1 >= 3
    assert all(r["origin"] == "Embassy Mexico" for r in by_id.values())
    mexico = by_id["10MEXICO83"]
    assert mexico["created"] == "2010-01-29T20:08" and mexico["classification"] == "SECRET"  # ISO 8601, as JSON
    assert mexico["note"] == "ask the desk\nabout para 6" and "PREL" in mexico["tags"].split()
    assert mexico["subject"].lower().startswith("scenesetter")


def test_json_is_the_cli_shape_with_the_text(home, tmp_path, capsys):
    out = tmp_path / "out.json"
    assert export(capsys, "--query", "scenesetter", "-o", str(out))[0] == 0
    data = json.loads(out.read_text())
    assert isinstance(data, list) and len(data) > 1
    item = next(d for d in data if d["reference_id"] == "10MEXICO83")
    assert list(item)[:len(SUMMARY_KEYS)] == list(SUMMARY_KEYS)
    assert {"released", "tags", "note", "citation", "header", "body"} <= set(item)
    assert main(["show", "10MEXICO83", "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    for key in (*SUMMARY_KEYS, "header", "body"):
        assert item[key] == whole[key], key
    assert set(item["tags"]) == set(whole["tags"]) and item["released"] == whole["released"][:10]
    assert item["note"] == "ask the desk\nabout para 6" and item["citation"].startswith("10MEXICO83 (SECRET")


def test_format_from_extension_else_md_and_format_wins(home, tmp_path, capsys):
    for name, option, fmt in (("a.JSON", (), "json"), ("b.out", (), "md"), ("c.md", ("--format", "csv"), "csv")):
        assert export(capsys, "--starred", *option, "-o", str(tmp_path / name))[2].endswith(f"({fmt})\n")
    assert (tmp_path / "c.md").read_text().startswith("reference_id,")


def test_ids_file_in_its_order_unknown_ids_reported_rest_exported(home, tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("# my list\n10MEXICO83\n\nNOSUCH1\n 10 mexico 83 \n07TOKYO1\n10MEXICO1\n")
    out = tmp_path / "out.csv"
    code, _, err = export(capsys, "--ids", str(ids), "-o", str(out))
    assert code == 1
    assert f"2 IDs are in {ids} but not in the library: NOSUCH1, 07TOKYO1" in err
    assert f"exported 2 cables to {out} (csv)" in err
    assert [r[0] for r in csv.reader(io.StringIO(out.read_text()))][1:] == ["10MEXICO83", "10MEXICO1"]


def test_an_id_naming_several_cables_is_reported_not_guessed(home, tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("MEXICO 1\n10MEXICO83\n")  # 09MEXICO1 and 10MEXICO1
    code, out, err = export(capsys, "--ids", str(ids), "--format", "csv", "-o", "-")
    assert code == 1 and [r[0] for r in csv.reader(io.StringIO(out))][1:] == ["10MEXICO83"]
    assert "'MEXICO 1' matches 2 cables: " in err and "(not exported: write the year)" in err
    assert "10MEXICO1" in err and "09MEXICO1" in err


def test_ids_from_stdin_with_a_filter(home, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("10MEXICO1\n10MEXICO83\n"))
    code, out, _ = export(capsys, "--ids", "-", "--classification", "S", "--format", "csv", "-o", "-")
    assert code == 0 and [r[0] for r in csv.reader(io.StringIO(out))] == ["reference_id", "10MEXICO83"]


def test_query_with_filters(home, tmp_path, capsys):
    code, out, _ = export(capsys, "--query", "mexico", "--origin", "MEXICO", "--year", "2010", "--format", "json",
                          "-o", "-")
    data = json.loads(out)
    assert code == 0 and data
    assert all(d["origin"] == "Embassy Mexico" and d["created"].startswith("2010") for d in data)
    code, _, err = export(capsys, "--query", "mexico", "--year", "1970", "-o", str(tmp_path / "none.md"))
    assert code == 1 and "nothing to export: no cable found by the query within year:1970" in err
    assert not (tmp_path / "none.md").exists()


def test_nothing_starred_is_a_message_and_exit_1(temp_home, library, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(LIBRARY_ENV, str(library))
    code, _, err = export(capsys, "--starred", "-o", str(tmp_path / "out.md"))
    assert code == 1 and err == "cablereader: nothing to export: no starred cable in the library\n"


def test_hostile_text_md_txt_csv_carry_no_escapes_json_escapes_them(home, tmp_path, capsys):
    with State(home, background=False) as st:
        st.set_note("10MEXICO1", "mine \x1b]52;c;b3duZWQ=\x07 too")
    for fmt in ("md", "txt", "csv", "json"):
        out = tmp_path / f"out.{fmt}"
        (tmp_path / "ids").write_text("10MEXICO1\n")
        assert export(capsys, "--ids", str(tmp_path / "ids"), "-o", str(out))[0] == 0
        text = out.read_text()
        assert not set(text) & {"\x1b", "\x07", "\x9b", "\u202e"}, fmt
        assert "EVIL" in text and "mine" in text and ("Zanzibarite" in text) == (fmt != "csv")
    md = (tmp_path / "out.md").read_text()
    assert "EVIL \\[bold red\\]LOUD\\[/\\]" in md and "\\*TITLE\\*" in md  # Markdown punctuation escaped
    assert "````text\n" in md  # a fence longer than the text's own ```
    data = json.loads((tmp_path / "out.json").read_text())
    assert "\u202e reversed \x9b2J." in data[0]["body"]


# --- where it writes ---------------------------------------------------------------------------------------------

def _cli(*args: str, home, library, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "CABLEREADER_HOME": str(home), LIBRARY_ENV: str(library)}
    return subprocess.run([sys.executable, "-m", "tui.cli", "export", *args], env=env, timeout=60, **kw)


def test_stdout_into_head_is_quiet(home, library):
    """`export -o - | head -1`: the reader leaves early; no traceback, no message, the pipe's exit status."""
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "export", "--format", "txt", "-o", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "CABLEREADER_HOME": str(home), LIBRARY_ENV: str(library)})
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141 and first.startswith(b"Reference ID ") and err == b""


def test_dev_null_stays_a_device(home, library):
    done = _cli("--starred", "-o", "/dev/null", home=home, library=library, capture_output=True, text=True)
    assert done.returncode == 0 and "exported 1 cable to /dev/null" in done.stderr
    assert not os.path.isfile("/dev/null") and os.path.exists("/dev/null")


def test_a_symlink_writes_its_target(home, tmp_path, capsys):
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert export(capsys, "--starred", "-o", str(link))[0] == 0
    assert link.is_symlink() and target.read_text().startswith("# Cables exported")


@pytest.mark.parametrize("where", ["no-such-folder/out.md", "a-file/out.md"])
def test_unwritable_place_is_a_message_not_a_traceback(home, tmp_path, capsys, where):
    (tmp_path / "a-file").write_text("a file, not a folder")
    code, _, err = export(capsys, "--starred", "-o", str(tmp_path / where))
    assert code == 1 and err.startswith(f"cablereader: {tmp_path / where}: ") and "Traceback" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.skipif(not can_drop_privileges(), reason="needs setpriv to drop root")
def test_a_folder_the_user_cannot_write(library):
    """As ``nobody``, into a folder of root's (0755): a message and exit 1, nothing left behind."""
    import shutil

    root = world_dir()
    try:
        (root / "home").mkdir(mode=0o777)
        (root / "home").chmod(0o777)
        shutil.copy(library, root / "library.sqlite")
        (root / "locked").mkdir(mode=0o755)
        out = root / "locked" / "out.md"
        (root / "ids.txt").write_text("10MEXICO83\n")
        done = run_cli(["export", "--ids", root / "ids.txt", "-o", out], home=root / "home", user="nobody",
                       library=root / "library.sqlite", timeout=60)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr == f"cablereader: {out}: Permission denied\n"
        assert list((root / "locked").iterdir()) == []
    finally:
        shutil.rmtree(root)


def test_bad_filter_is_exit_2(home, tmp_path, capsys):
    code, _, err = export(capsys, "--from", "yesterday", "-o", str(tmp_path / "x.md"))
    assert code == 2 and "--from: 'yesterday' is not a date" in err


def test_an_empty_output_name_says_no_file_is_named(home, capsys):
    assert main(["export", "-o", ""]) == 2
    assert capsys.readouterr().err == "cablereader: no output file named (-o FILE, or -o - for stdout)\n"
