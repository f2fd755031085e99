"""tui/cli/quick.py reads show and search as argparse (tui/cli/args.py) does, or leaves them to it."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import quick
from tui.cli.args import build_parser

PARSERS = {command: build_parser(command) for command in quick.OPTIONS}


def _argparse(argv: list[str]) -> dict | None:
    """What argparse makes of argv (as tui.cli._parsed takes it), or None when it is a usage error."""
    command = next(w for w in argv if not w.startswith("-") and w != argv[argv.index("--home") + 1]) \
        if "--home" in argv[:1] else argv[0]
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args, extra = PARSERS[command].parse_known_args(argv)
    except SystemExit:
        return None
    return None if extra else vars(args)


@pytest.mark.parametrize("command", sorted(quick.OPTIONS))
def test_the_table_is_args_py_option_for_option(command):
    """Every option of the command in args.py is in quick.OPTIONS with its name, type and default, and no other."""
    (name, kind), flags, options = quick.OPTIONS[command]
    actions = [a for a in PARSERS[command].commands[command]._actions if a.dest != "help"]
    words = [a for a in actions if not a.option_strings]
    assert [(a.dest, a.type, a.nargs) for a in words] == [(name, kind, "+")]
    assert {a.option_strings[0]: a.dest for a in actions if a.option_strings and a.nargs == 0 and a.const is True} \
        == flags
    assert {a.option_strings[0]: (a.dest, a.type, a.default) for a in actions if a.option_strings and a.nargs is None} \
        == options
    assert len(actions) == 1 + len(flags) + len(options)  # nothing the table leaves out
    assert all(len(a.option_strings) == 1 for a in actions if a.option_strings)  # no short forms it would miss


@pytest.mark.parametrize("argv", [
    ["show", "10MEXICO83"], ["show", "10MEXICO83", "--plain"], ["--home", "/h", "show", "10MEXICO83", "--json"],
    ["show", "10MEXICO83#6", "10LISBON66", "--paragraph", "2"], ["show", "--plain", "10 mexico 83"],
    ["search", "president"], ["search", "human", "rights", "--limit", "5", "--json"], ["search", ""],
    ["show", "A", "--json", "B"], ["show", "10MEXICO83", "--paragraph", "2", "09MEXICO57"],
    ["search", "--year", "2009", "human", "rights"], ["search", "human", "--limit", "3", "rights", "--json", "x"],
    ["--home", "/h", "search", "--origin", "MEXICO", "--year", "2009", "crime AND NOT mexico"],
    ["search", "oil", "--from", "2009-01-01", "--to", "2009-12-31", "--starred", "--unread", "--tag", "PGOV",
     "--classification", "S"],
], ids=" ".join)
def test_the_common_lines_are_read_quickly_and_alike(argv):
    args = quick.read(argv)
    assert args is not None
    assert vars(args) == _argparse(argv)


@pytest.mark.parametrize("argv", [
    ["show"], ["show", "-h"], ["show", "--help"], ["show", "A", "--pla"], ["show", "A", "--paragraph=2"],
    ["show", "A", "--paragraph", "0"], ["show", "A", "--paragraph"],
    ["show", "A", "--json", "--json"], ["show", "--", "-A"], ["show", "-5"], ["--home", "--json", "show", "A"],
    ["--version"], ["--home", "/h"], ["stats"], ["search", "a", "--limit", "x"],
    ["search", "a", "--year", "2009.0"], ["search", "a", "--origin", "  "], ["search", "a", "--origin", "-x"],
    ["search", "a", "--home", "/h"], ["search", "a", "--library", "/l"], ["sho", "A"],
], ids=" ".join)
def test_anything_else_is_left_to_argparse(argv):
    assert quick.read(argv) is None


_WORDS = st.sampled_from(["show", "search", "--home", "/h", "10MEXICO83", "a b", "", " ", "-x", "--", "-5", "5",
                          "0", "2009", "x", "--json", "--plain", "--paragraph", "--limit", "--origin", "--year",
                          "--from", "--to", "--tag", "--starred", "--unread", "--classification", "--js", "-h",
                          "--limit=3"])


@settings(max_examples=300, deadline=None)
@given(command=st.sampled_from(sorted(quick.OPTIONS)), home=st.booleans(), words=st.lists(_WORDS, max_size=7))
def test_whatever_the_quick_reader_takes_argparse_reads_the_same(command, home, words):
    argv = (["--home", "/h"] if home else []) + [command] + words
    args = quick.read(argv)
    if args is not None:
        assert vars(args) == _argparse(argv), argv
