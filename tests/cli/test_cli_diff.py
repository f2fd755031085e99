"""``cablereader diff REF [A B]``: piped (plain text with markers, JSON), on a terminal (coloured, the pager), and
its errors (a message and exit 1 or 2, never a traceback). The bundled samples hold 10MEXICO83 from the two seed
sources (variant 1 the whole page text, variant 2 the raw text that cuts lines short)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.cli.test_cli_unix import cli, in_terminal
from tui.cli import main


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A home of the bundled samples, indexed once for the module."""
    home = tmp_path_factory.mktemp("diff-home")
    assert cli("stats", home=home).returncode == 0
    return home


def run(capsys, home, *argv: str) -> tuple[int, str, str]:
    """The command run in this process: (exit status, stdout, stderr)."""
    code = main(["--home", str(home), "diff", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_piped_the_diff_is_plain_text_with_markers(home):
    out = cli("diff", "10MEXICO83", home=home)
    assert out.returncode == 0 and out.stderr == ""
    lines = out.stdout.splitlines()
    assert lines[0].startswith("--- 10MEXICO83 variant 1: page-text, released 2010-12-02, ")
    assert lines[0].endswith("10MEXICO83.page.txt")
    assert lines[1].startswith("+++ 10MEXICO83 variant 2: raw, no date, ") and lines[1].endswith("10MEXICO83.txt")
    assert "\x1b" not in out.stdout
    assert "SUBJECT: [-Scenesetter-]{+Scen setter+} for the Opening of the Defense Bilateral Working" in lines
    assert "in the [-ascendency,-]{+ascendancy,+} cautiously" in out.stdout
    assert "deepen our [-bilateral relationship and to support the Mexican" in out.stdout
    assert "End-]{+bilate+}" in out.stdout  # the line variant 2 cuts short


def test_the_variants_by_number_and_the_ref_in_any_form(home, capsys):
    code, out, _ = run(capsys, home, "10", "mexico", "83", "2", "1")
    assert code == 0 and out.startswith("--- 10MEXICO83 variant 2: raw")
    assert "[-Scen setter-]{+Scenesetter+}" in out
    code, out, _ = run(capsys, home, "mexico83", "1", "1")
    assert code == 0 and "the same words" in out and "[-" not in out


def test_json_holds_the_variants_and_the_runs(home, capsys):
    code, out, _ = run(capsys, home, "10MEXICO83", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["reference_id"] == "10MEXICO83"
    assert [(v["number"], v["format"], v["released"]) for v in doc["variants"]] == \
        [(1, "page-text", "2010-12-02T21:09"), (2, "raw", None)]
    runs = [(r["op"], r["text"]) for r in doc["runs"]]
    assert ("delete", "Scenesetter") in runs and runs[runs.index(("delete", "Scenesetter")) + 1] == \
        ("insert", "Scen setter")
    assert doc["deleted"] == sum(len(t.split()) for op, t in runs if op == "delete")


@pytest.mark.parametrize("argv, code, message", [
    (["10NOWHERE1"], 1, "no cable '10NOWHERE1' in the bundled samples"),
    (["10MEXICO140"], 2, "10MEXICO140 has one source: there is no other variant to compare it with"),
    (["10MEXICO83", "1", "3"], 2, "10MEXICO83 has 2 variants (1 to 2): no variant 3"),
    (["10MEXICO83", "0", "2"], 2, "no variant 0"),
    (["10MEXICO83", "2"], 2, "two variant numbers (A B), or none for 1 and 2"),
    (["10MEXICO83", "10MEXICO140"], 2, "one REF to compare the variants of, not 2"),
    (["\x1b[31mNOWHERE"], 1, "no cable 'NOWHERE' in the bundled samples"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_errors_are_a_message_and_an_exit_status(home, capsys, argv, code, message):
    status, out, err = run(capsys, home, *argv)
    assert (status, out) == (code, "")
    assert err.startswith("cablereader: ") and message in err and "\x1b" not in err


def test_as_a_process_an_error_is_a_message_never_a_traceback(home):
    for argv, code in ((["10NOWHERE1"], 1), (["10MEXICO83", "1", "9"], 2)):
        out = cli("diff", *argv, home=home)
        assert out.returncode == code and out.stderr.startswith("cablereader: ") and out.stderr.count("\n") == 1


def test_on_a_terminal_coloured_and_through_the_pager(home, tmp_path):
    code, shown, _ = in_terminal("diff", "10MEXICO83", home=home, rows=500, env={"PAGER": "cat"})
    assert code == 0
    assert "\x1b[31;9m[-Scenesetter-]\x1b[0m\x1b[32;1;4m{+Scen setter+}\x1b[0m" in shown  # red struck, green underlined
    lines = re.sub(r"\x1b\[[0-9;]*m", "", shown).replace("\r", "").splitlines()
    assert max(len(line) for line in lines if " " in line) <= 80  # wrapped between words at the terminal's width
    code, plain, _ = in_terminal("diff", "10MEXICO83", home=home, rows=500, env={"NO_COLOR": "1"})
    assert code == 0 and "[-Scenesetter-]{+Scen setter+}" in plain and "\x1b[31" not in plain
    paged = tmp_path / "paged.txt"
    code, shown, _ = in_terminal("diff", "10MEXICO83", home=home, env={"PAGER": f"sh -c 'cat > {paged}'"})
    assert code == 0 and "\x1b[32;1;4m{+bilate+}" in paged.read_text() and "Scenesetter" not in shown


def test_piped_into_head_it_ends_quietly(home):
    whole = cli("diff", "10MEXICO83", home=home).stdout
    run = subprocess.run(f"{sys.executable} -m tui.cli diff 10MEXICO83 | head -2", shell=True, capture_output=True,
                         text=True, env={**os.environ, "CABLEREADER_HOME": str(home)}, timeout=60)
    assert run.stdout.splitlines() == whole.splitlines()[:2] and run.stderr == ""
