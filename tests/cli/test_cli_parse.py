"""``cablereader parse PATH... [--json]``."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CABLES, SEEDS
from tui.cli import main

PAGE = CABLES / "wikileaks-html-2010-12/cable/1966/12/66BUENOSAIRES2481.html"
CSV_SAMPLE = CABLES / "csv/cables_sample.csv"


def test_json_one_object_per_cable_with_source(capsys):
    assert main(["parse", "--json", str(PAGE), str(CSV_SAMPLE)]) == 0
    out, err = capsys.readouterr()
    objects = [json.loads(line) for line in out.splitlines()]
    assert err == ""
    assert [o["reference_id"] for o in objects] == ["66BUENOSAIRES2481", "66BUENOSAIRES2481", "72TEHRAN1164"]
    assert objects[0]["source"] == {"path": str(PAGE), "format": "html-2010", "row": None}
    assert objects[2]["source"] == {"path": str(CSV_SAMPLE), "format": "csv", "row": 2}
    assert objects[0]["created"] == "1966-12-28T18:06" and objects[0]["released"] == "2010-11-28T18:06"
    assert objects[0]["classification"] == "UNCLASSIFIED" and objects[0]["origin"] == "Embassy Buenos Aires"
    assert objects[0]["tags"] == ["EFIS", "PBTS", "AR"]
    assert {"subject", "paragraphs", "references", "recipients", "body"} <= set(objects[0])


def test_human_summary(capsys):
    assert main(["parse", str(SEEDS)]) == 0
    out, _ = capsys.readouterr()
    blocks = [b for b in out.split("\n\n") if b.strip()]
    assert len(blocks) == 2
    first = blocks[0].splitlines()
    assert first[0].split("  ") == ["10MEXICO83", "2010-01-29 20:08", "SECRET", "Embassy Mexico"]
    assert first[1].startswith("  subject: Scenesetter for the Opening of the Defense Bilateral Working Group")
    assert first[2].startswith("  17 paragraphs  source: page-text ") and first[2].endswith(".txt")
    assert "source: raw " in blocks[1]


def test_bad_files_are_named_on_stderr_and_the_rest_still_print(tmp_path, capsys):
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "notes.txt").write_text("nothing to see\n")
    missing = tmp_path / "missing.txt"
    code = main(["parse", str(tmp_path / "picture.png"), str(PAGE), str(tmp_path / "notes.txt"), str(missing)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("66BUENOSAIRES2481  ")
    lines = err.splitlines()
    assert len(lines) == 3
    assert str(tmp_path / "picture.png") in lines[0] and "not-a-cable" in lines[0]
    assert str(tmp_path / "notes.txt") in lines[1] and "not-a-cable" in lines[1]
    assert str(missing) in lines[2] and "unreadable" in lines[2]


def test_truncated_csv_row_is_reported_with_its_row(tmp_path, capsys):
    data = CSV_SAMPLE.read_bytes()
    (tmp_path / "cut.csv").write_bytes(data[: len(data) // 2 + 3000])  # row 2 ends inside its body
    assert main(["parse", "--json", str(tmp_path / "cut.csv")]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["reference_id"] for line in out.splitlines()] == ["66BUENOSAIRES2481"]
    assert "cut.csv, row 2: truncated-row" in err


def test_warnings_go_to_stderr_without_failing(tmp_path, capsys):
    raw = (CABLES / "raw-txt/09PARIS1007.txt").read_bytes()
    (tmp_path / "09PARIS1007.txt").write_bytes(raw.replace(b"\xb6", "¶".encode()).replace(b"Summary", b"\xffSummary"))
    assert main(["parse", str(tmp_path / "09PARIS1007.txt")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("09PARIS1007  ")
    assert "warning: bad-utf8" in err


def test_control_characters_are_not_echoed(tmp_path, capsys):
    body = "UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: EVIL \x1b[2J\x1b]0;owned\x07 \u202eTITLE\n\n1. Text.\n"
    (tmp_path / "10MEXICO1.txt").write_text(body)
    main(["parse", str(tmp_path / "10MEXICO1.txt")])
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "TITLE" in out


def test_console_script_on_the_shared_folder():
    result = subprocess.run([sys.executable, "-m", "tui.cli", "parse", str(CABLES)], capture_output=True, text=True)
    assert result.returncode == 1  # cables/README.md is not a cable, nor are the body-only files without text
    body = sorted((CABLES / "body-only-txt").glob("*.txt"))
    stubs = [p for p in body if p.read_text().strip() == "Appears in these articles:<br />"]
    assert len(stubs) == 14
    assert sorted(result.stderr.strip().splitlines()) == sorted([
        f"cablereader: {CABLES / 'README.md'}: not-a-cable: no cable header, classification banner or "
        "WikiLeaks metadata row found"] + [
        f"cablereader: {p}: not-a-cable: no cable text, only page markup (an 'Appears in these articles:' list, "
        "links, <pre> tags)" for p in stubs])
    assert result.stdout.count("  source: ") == 435 + 24 + 2 + len(body) - len(stubs)


def test_closed_pipe_stops_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "parse", "--json", str(CABLES)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err
