"""One answer for 'X\\x1b[31mRED' through every output path of the command line: 'XRED', or a JSON escape."""

from __future__ import annotations

import json
import re
import sys

import pytest

from tui.cli import main
from tui.state import State

EVIL = "X\x1b[31mRED"
CABLE = f"UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: SUBJ {EVIL} END\n\n1. (U) Zanzibarite {EVIL} text.\n"


@pytest.fixture
def evil_home(temp_home, tmp_path, capsys):
    path = tmp_path / "10MEXICO1.txt"
    path.write_text(CABLE)
    assert main(["import", str(path), "--jobs", "1"]) == 0
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO1")
        st.set_note("10MEXICO1", f"note {EVIL}\nline two")
    capsys.readouterr()
    return path


TEXT_COMMANDS = [["show", "10MEXICO1"], ["show", "10MEXICO1", "--plain"], ["search", "zanzibarite"], ["starred"],
                 ["notes"], ["parse", "{path}"]]
JSON_COMMANDS = [["show", "10MEXICO1", "--json"], ["search", "zanzibarite", "--json"], ["starred", "--json"],
                 ["notes", "--json"], ["parse", "{path}", "--json"]]


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=" ".join)
def test_text_output(evil_home, capsys, monkeypatch, command, tty):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert main([a.format(path=evil_home) for a in command]) == 0
    out = capsys.readouterr().out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out) if tty and command == ["show", "10MEXICO1"] else out  # Rich's colours
    assert "\x1b" not in plain
    assert "XRED" in plain
    assert EVIL not in out


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_output(evil_home, capsys, command):
    assert main([a.format(path=evil_home) for a in command]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b[31mRED" in out  # the data kept, as an escape
    docs = [json.loads(x) for x in out.splitlines()] if command[0] == "parse" else [json.loads(out)]
    assert any(EVIL in text for text in _strings(docs))


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list):
        for value in data.values() if isinstance(data, dict) else data:
            yield from _strings(value)


def test_messages(evil_home, capsys):
    assert main(["show", EVIL]) == 1
    assert capsys.readouterr().err.startswith("cablereader: no cable 'XRED' in the library")
    assert main([EVIL]) == 2
    assert capsys.readouterr().err.startswith("cablereader: unknown command 'XRED'")
    assert main(["import-state", f"/nowhere/{EVIL}"]) == 1
    assert "/nowhere/XRED: no such file" in capsys.readouterr().err


def test_an_id_wrapped_in_escape_codes_is_the_id(evil_home, tmp_path, capsys, monkeypatch):
    wrapped = "\x1b[31m10MEXICO1\x1b[0m"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert main(["show", wrapped, "--plain"]) == 0
    assert capsys.readouterr().out.startswith("Reference ID 10MEXICO1 ")
    ids = tmp_path / "ids"
    ids.write_text(f"{wrapped}\n\x1b[2J\n\n")  # a line blank once made safe is no entry
    assert main(["export", "--ids", str(ids), "-o", "-", "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[1].startswith("10MEXICO1,") and "not in the library" not in out.err
