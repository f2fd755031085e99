"""tui/safetext.py: the one rule that makes untrusted text safe for a terminal."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.safetext import dumps, json_lines, line, screen

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("X\x1b[31mRED", "XRED"),  # the sequence goes whole, not just its ESC
        ("a\x1b[2J\x1b[Hb", "ab"),
        ("a\x1b]52;c;b3duZWQ=\x07b", "ab"),  # OSC 52 (clipboard) ended by BEL
        ("a\x1b]0;title\x1b\\b", "ab"),  # OSC ended by ST
        ("a\x1b]0;no end\nb", "a\nb"),  # an unended string stops at the line end
        ("a\x9b2Jb\x9d0;title\x9cc", "abc"),  # 8-bit CSI and OSC
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1bcb\x1b(Bc\x1b", "abc"),  # ESC c, charset, lone ESC
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcdef"),  # NUL, BEL, BS, DEL, C1 NEL
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\tb", "a       b"),
        ("x\u202eevil\u202cy\u2066z\u2069", "xevilyz"),
        ("¶1. (C) Café – “quoted” [bold red]kept[/]\n", "¶1. (C) Café – “quoted” [bold red]kept[/]\n"),
    ],
)
def test_screen(dirty, clean):
    assert screen(dirty) == clean


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("X\x1b[31mRED", "XRED"),
        ("two\nlines\r\nand\rmore", "two lines and more"),
        ("a\tb", "a b"),
        ("a\x1b]0;no end\nb", "a b"),
        ("SUBJECT: x\u202eevil", "SUBJECT: xevil"),
    ],
)
def test_line(dirty, clean):
    assert line(dirty) == clean


@given(st.text())
def test_screen_leaves_nothing_a_terminal_acts_on_and_is_idempotent(text):
    out = screen(text)
    assert not UNSAFE.search(out) and "\t" not in out
    assert screen(out) == out


@given(st.text())
def test_line_is_one_line(text):
    out = line(text)
    assert not UNSAFE.search(out) and "\n" not in out and "\t" not in out
    assert line(out) == out


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=BIDI)))
def test_printable_text_is_kept(text):
    assert screen(text) == text == line(text)


JSON_DATA = st.recursive(st.none() | st.text() | st.integers(), lambda kids: st.lists(kids) | st.dictionaries(st.text(), kids))


@given(JSON_DATA)
def test_dumps_keeps_the_data_and_writes_nothing_a_terminal_acts_on(data):
    out = dumps(data)
    assert not UNSAFE.search(out.replace("\n", ""))  # the newlines of the indentation only
    assert json.loads(out) == data


@given(st.lists(st.dictionaries(st.text(), st.text()), max_size=5))
def test_json_lines_is_dumps_an_item_a_line(items):
    out = json_lines(items, ",\n")
    assert not UNSAFE.search(out.replace(",\n", ""))
    assert json.loads(f"[{out}]") == items and out.count("\n") == max(len(items) - 1, 0)


def test_dumps_escapes_c1_and_bidi():
    assert dumps("X\x1b[31mRED\x9b\u202e", indent=None) == '"X\\u001b[31mRED\\u009b\\u202e"'
    assert dumps("Café") == '"Café"'


def test_no_rich_textual_or_pygments():
    code = "import sys, tui.safetext; print([m for m in ('rich', 'textual', 'pygments') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_it_is_the_only_home_of_the_rule():
    """No other module of tui/ writes its own pattern of control characters or escape sequences (a character range
    of controls, or a regular expression of ESC [ or ESC ])."""
    from pathlib import Path

    import tui
    from tui import highlight
    from tui.display import text

    assert highlight.sanitize is screen and text.clean is line
    root = Path(tui.__file__).parent
    needles = ("\\x00-\\x", "\\x7f-\\x9f", "\\x1b\\[", "\\x1b\\]")
    own = [str(p.relative_to(root)) for p in root.rglob("*.py") if p.name != "safetext.py"
           and any(n in p.read_text(encoding="utf-8") for n in needles)]
    assert own == []
