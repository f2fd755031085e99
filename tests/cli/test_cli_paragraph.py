"""``show REF#N`` and ``show REF --paragraph N``: one paragraph with its citation, piped, on a terminal, as JSON."""

from __future__ import annotations

import json
import re

from hostile import Pty, run_cli
from tui.cli import main

CITED = '10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "The failure to reduce violence'


def _objects(text: str) -> list[dict]:
    """The JSON objects of a stream of indented objects (``show --json``)."""
    decoder, i, out = json.JSONDecoder(), 0, []
    while i < len(text.rstrip()):
        obj, i = decoder.raw_decode(text, i)
        out.append(obj)
        i += 1
    return out


def test_a_paragraph_piped_is_its_citation_then_its_text(temp_home):
    out = run_cli(["show", "10MEXICO83#6"], home=temp_home)
    assert out.returncode == 0 and out.stderr == ""
    cite, blank, text, *rest = out.stdout.split("\n")
    assert cite.startswith(CITED) and blank == "" and rest == [""]
    assert text.startswith("6. (S) The failure to reduce violence") and text.endswith("in Juarez.")
    assert run_cli(["show", "10MEXICO83", "--paragraph", "6"], home=temp_home).stdout == out.stdout


def test_several_refs_and_a_missing_paragraph(temp_home, capsys):
    assert main(["show", "10MEXICO83#99", "10", "mexico", "140", "#2", "10MEXICO83"]) == 1
    out = capsys.readouterr()
    assert out.err == "cablereader: 10MEXICO83 has no paragraph 99 (paragraphs 1-17)\n"
    assert out.out.startswith("10MEXICO140 ¶2 (UNCLASSIFIED, Embassy Mexico, 2010-02-17): ")
    assert "\n2. (U) The figures cover" in out.out and "\nReference ID 10MEXICO83 " in out.out
    assert main(["show", "10MEXICO140", "10MEXICO83", "--paragraph", "17"]) == 1  # 10MEXICO140 has fewer
    out = capsys.readouterr()
    assert out.err.startswith("cablereader: 10MEXICO140 has no paragraph 17") and out.out.startswith("10MEXICO83 ¶17")


def test_a_paragraph_as_json(temp_home, capsys):
    assert main(["show", "10MEXICO83#6", "10MEXICO140", "--json"]) == 0
    para, cable = _objects(capsys.readouterr().out)
    assert list(para) == ["reference_id", "created", "classification", "origin", "subject", "paragraph", "marking",
                          "text", "citation"]
    assert (para["reference_id"], para["paragraph"], para["marking"]) == ("10MEXICO83", 6, "S")
    assert para["created"] == "2010-01-29T20:08" and para["citation"].startswith(CITED)
    assert para["text"].startswith("The failure") and cable["reference_id"] == "10MEXICO140"
    assert main(["show", "10MEXICO83#0", "--json"]) == 1 and capsys.readouterr().out == ""


def test_a_paragraph_on_a_terminal_is_wrapped_to_its_width(temp_home):
    term = Pty(["show", "10MEXICO83#6", "--plain"], home=temp_home, cols=100, env={"PAGER": "cat"})  # COLUMNS=100
    code = term.wait()
    shown = term.output.decode("utf-8", "replace")
    lines = [ln for ln in shown.replace("\r", "").split("\n") if ln]
    assert code == 0 and lines[0].startswith("10MEXICO83 ¶6 ") and lines[1].startswith("6. (S) The failure")
    assert all(len(ln) <= 100 for ln in lines[1:]) and len(lines) > 4
    assert not re.search(r"\x1b\[[0-9;]*m", shown)  # --plain: no colours


def test_a_paragraph_address_opens_the_reader():
    """``cablereader '10MEXICO83#6'`` (also ``10 mexico 83 #6``) asks for the reader, at that paragraph."""
    from tui.cli import COMMANDS
    from tui.cli.reader import reader_argv, unknown

    for argv in (["10MEXICO83#6"], ["10", "mexico", "83", "#6"], ["10MEXICO83", "¶6"]):
        home, targets = reader_argv(argv, COMMANDS)
        assert unknown(targets, COMMANDS) is None, argv
    assert unknown(["#6"], COMMANDS) is not None  # no cable named


def test_what_is_no_paragraph_number_after_the_hash_is_no_paragraph(temp_home, capsys):
    for suffix in ("abc", "", "-1"):
        assert main(["show", f"10MEXICO83#{suffix}", "10MEXICO140#2"]) == 1
        out = capsys.readouterr()
        assert out.err == f"cablereader: no paragraph '{suffix}' in 10MEXICO83\n"
        assert out.out.startswith("10MEXICO140 ¶2 ") and "Reference ID 10MEXICO83" not in out.out
