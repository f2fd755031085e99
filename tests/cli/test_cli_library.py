"""``cablereader import | show | search | stats`` end to end, in the temporary home."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from tests.conftest import CABLES, SEEDS
from tui.cli import main
from tui.progress import Progress
from tui.state import State


@pytest.fixture
def imported(shared_home):
    """The home holds the shared cables and seeds, imported (a copy of the session's library)."""
    return shared_home


def test_import_summary_progress_and_second_import(capsys, temp_home):
    assert main(["import", str(CABLES), str(SEEDS), "--jobs", "2"]) == 0
    imported = capsys.readouterr()
    assert "cables added" in imported.out and "variants added" in imported.out
    assert "skipped: 15 not-a-cable" in imported.out  # cables/README.md, 14 body-only files with no cable text
    assert "\r" not in imported.err and "\x1b" not in imported.err  # progress: plain lines when piped
    assert (temp_home / "library.sqlite").exists()
    assert main(["import", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 cables added, 0 variants added, 2 already present")


def test_show(imported, capsys):
    assert main(["show", "10MEXICO83"]) == 0
    out = capsys.readouterr().out
    assert "Reference ID 10MEXICO83" in out and "SECRET" in out and "Scenesetter" in out
    assert "\x1b[" not in out  # plain when not on a terminal
    assert main(["show", "10", "mexico", "83", "--plain"]) == 0
    assert "Reference ID 10MEXICO83" in capsys.readouterr().out
    assert main(["show", "10MEXICO83", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference_id"] == "10MEXICO83" and data["tags"] and data["paragraphs"]


def test_show_unknown_id_names_the_nearest(imported, capsys):
    assert main(["show", "10MEXICO84"]) == 1
    err = capsys.readouterr().err
    assert "no cable" in err and "10MEXICO83" in err


def test_search(imported, capsys):
    assert main(["search", '"human rights"', "--limit", "5", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 5 and all({"reference_id", "created", "snippet", "spans", "rank", "subject"} <= set(h) for h in hits)
    assert main(["search", "scenesetter", "--origin", "MEXICO", "--classification", "secret",
                 "--from", "2010-01-01", "--to", "2010-12-31"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("10MEXICO83")
    assert main(["search", "zzzqqq"]) == 1
    assert main(["search", "x", "--from", "2010-13-45"]) == 2


def test_stats(imported, capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    from tui.library import open_home
    from tui.paths import home_dir

    with open_home(home_dir()) as lib:
        assert f"cables: {lib.count():,} " in out
    assert "skipped: not-a-cable 15" in out and "SECRET" in out


def test_stats_without_import_shows_samples(temp_home, capsys, tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "10MEXICO83.txt").write_bytes(next(SEEDS.glob("000_*")).read_bytes())
    monkeypatch.setattr("tui.resources.samples_dir", lambda: samples)
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "bundled samples" in out and "cables: 1 " in out


def test_progress_bar_and_lines():
    tty = io.StringIO()
    bar = Progress(1000, tty, tty=True)
    bar.update(10, 500, force=True)
    assert tty.getvalue().startswith("\r\x1b[K[") and "50%" in tty.getvalue() and "MB/s" in tty.getvalue()
    plain = io.StringIO()
    lines = Progress(1000, plain, tty=False, every=3600)
    lines.update(1, 100, force=True)
    lines.update(2, 200)  # too soon for another line
    assert plain.getvalue().count("\n") == 1 and "ETA" in plain.getvalue()


HOSTILE = ("UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: EVIL [bold red]LOUD[/] \x1b[2J\x1b]52;c;b3duZWQ=\x07 TITLE\n\n"
           "1. (U) Zanzibarite text [link=http://x]click[/link] \x1b[31mred\u202e reversed \x9b2J.\n")


@pytest.fixture
def hostile(temp_home, tmp_path, capsys):
    (tmp_path / "10MEXICO1.txt").write_text(HOSTILE)
    assert main(["import", str(tmp_path / "10MEXICO1.txt"), "--jobs", "1"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("tty", [True, False])
def test_show_never_reads_cable_text_as_markup_or_escapes(hostile, capsys, monkeypatch, tty):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert main(["show", "10MEXICO1"]) == 0
    out = capsys.readouterr().out
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the colours Rich adds on a terminal
    assert ("\x1b[" in out) == tty
    assert "[bold red]LOUD[/]" in shown and "[link=http://x]click[/link]" in shown
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown


def test_search_output_has_no_escapes(hostile, capsys):
    assert main(["search", "zanzibarite"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("10MEXICO1 ") and "Zanzibarite" in out and "EVIL" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    for command in (["search", "zanzibarite"], ["show", "10MEXICO1"]):  # JSON: the same text, escaped
        assert main([*command, "--json"]) == 0
        out = capsys.readouterr().out
        assert not set(out) & {"\x1b", "\x07", "\x9b", "\u202e"}
        assert "\u202e reversed \x9b2J." in json.dumps(json.loads(out), ensure_ascii=False)


def test_stats_does_not_echo_escapes_from_a_classification(temp_home, tmp_path, capsys):
    import csv

    from tests.conftest import REPO

    with (REPO / "sample_cables" / "cables.csv").open(encoding="utf-8", newline="") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    row[4] = "SECRET\x1b]0;owned\x07\x1b[2J"
    with (tmp_path / "evil.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerow(row)
    assert main(["import", str(tmp_path / "evil.csv"), "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "classification: SECRET" in out and "\x1b" not in out and "\x07" not in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_import_progress_ends_saying_it_finished(temp_home, capsys, monkeypatch, tty):
    """HTML pages are far bigger than their text, so the bytes read end well short of the files' sizes: the last
    line still says 100% and done, on a terminal (replacing the bar) and piped."""
    err = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["import", str(CABLES / "wikileaks-html-2011-08"), "--jobs", "1"]) == 0
    last = err.getvalue().split("\r\x1b[K")[-1] if tty else err.getvalue().splitlines()[-1]
    assert re.match(r"(\[#+\] )?100% .* done  \+10 cables$", last) and last.endswith("\n") == tty, last
    assert "ETA" not in last


def _found(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(["search", *argv, "--json"])
    return code, [h["reference_id"] for h in json.loads(capsys.readouterr().out)]


def test_search_without_hits_exits_1_in_both_forms(imported, capsys):
    assert main(["search", "zzzqqq"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err == "no matches\n"
    assert main(["search", "zzzqqq", "--json"]) == 1
    assert capsys.readouterr().out == "[]\n"


@pytest.mark.parametrize("argv", [["search", "p*"], ["search", "a*", "--json"], ["timeline", "--query", "x*"],
                                  ["facets", "--query", "pr*"]])
def test_a_prefix_too_short_is_a_usage_error_with_its_reason(imported, capsys, argv):
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == "" and "a prefix needs 3 letters or more before the *" in out.err
    assert out.err.startswith("cablereader: ") and out.err.count("\n") == 1


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_search_limit_must_be_positive(imported, capsys, limit):
    with pytest.raises(SystemExit) as exit:
        main(["search", "mexico", f"--limit={limit}"])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and err.startswith("usage: cablereader search") and "--limit" in err.splitlines()[-1]


def test_search_help_shows_the_default_limit(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    assert "(default: 50)" in capsys.readouterr().out


@pytest.mark.parametrize("level, name", [("S", "SECRET"), ("C", "CONFIDENTIAL"), ("U", "UNCLASSIFIED"),
                                         ("TS", "TOP SECRET"), ("s/nf", "SECRET//NOFORN")])
def test_search_classification_reads_levels_as_the_filter_bar_does(imported, capsys, level, name):
    from tui.library import open_home
    from tui.library.query import parse_filter
    from tui.paths import home_dir

    code, found = _found(capsys, "the", "--classification", level, "--limit", "1000")
    with open_home(home_dir(None)) as library:
        bar = [h.reference_id for h in library.search("the", parse_filter(f"class:{level}"), limit=1000)]
    assert found == bar and _found(capsys, "the", "--classification", name, "--limit", "1000")[1] == found
    assert code == (0 if found else 1)
    if level != "TS":  # the real cables hold no TOP SECRET one
        assert found


def test_search_secret_keeps_matching_secret_noforn(imported, capsys):
    from tui.library import open_home
    from tui.paths import home_dir

    _, found = _found(capsys, "the", "--classification", "SECRET", "--limit", "1000")
    with open_home(home_dir(None)) as library:
        classes = {r.classification for r in library.rows([library.key_of(i) for i in found])}
    assert {"SECRET", "SECRET//NOFORN"} <= classes


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_search_bad_date_names_the_option(imported, capsys, option):
    assert main(["search", "x", option, "2009"]) == 2
    assert capsys.readouterr().err == f"cablereader: {option}: '2009' is not a date (YYYY-MM-DD)\n"


def test_search_unread_and_starred_follow_the_state_and_the_library(temp_home, tmp_path, capsys):
    """What search keeps of the reading state (reading.cache) never outlives a change of the state or library."""
    def cable(n: int):
        path = tmp_path / f"10MEXICO{n}.txt"
        path.write_text(f"UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: SUBJ {n}\n\n1. (U) Zanzibarite text {n}.\n")
        assert main(["import", str(path), "--jobs", "1"]) == 0

    for n in range(1, 5):
        cable(n)
    with State(temp_home, background=False) as st:
        st.set_read("10MEXICO1")
        st.set_starred("10MEXICO2")
    capsys.readouterr()
    for _ in range(2):  # the second from what the first kept
        assert set(_found(capsys, "zanzibarite", "--unread")[1]) == {"10MEXICO2", "10MEXICO3", "10MEXICO4"}
        assert _found(capsys, "zanzibarite", "--starred")[1] == ["10MEXICO2"]
    assert (temp_home / "reading.cache").is_file()
    with State(temp_home, background=False) as st:
        st.set_read("10MEXICO3")
        st.set_starred("10MEXICO4")
    assert set(_found(capsys, "zanzibarite", "--unread")[1]) == {"10MEXICO2", "10MEXICO4"}
    assert set(_found(capsys, "zanzibarite", "--starred")[1]) == {"10MEXICO2", "10MEXICO4"}
    cable(5)
    capsys.readouterr()
    assert set(_found(capsys, "zanzibarite", "--unread")[1]) == {"10MEXICO2", "10MEXICO4", "10MEXICO5"}
    assert set(_found(capsys, "zanzibarite", "--unread", "--starred")[1]) == {"10MEXICO2", "10MEXICO4"}
