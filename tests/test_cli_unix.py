"""The command line as a Unix tool: dispatch, arguments, exit codes, pipes and terminals."""

from __future__ import annotations

from tui.cli import COMMANDS, handler
from tui.cli.args import build_parser
from tui.cli.reader import reader_argv


def test_one_dispatch_table_with_handlers_named_alike():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for command in COMMANDS:
        assert handler(command).__name__ == "cmd_" + command.replace("-", "_")


def test_reader_arguments_do_not_collide_with_commands():
    assert reader_argv([], COMMANDS) == (None, [])
    assert reader_argv(["10MEXICO83"], COMMANDS) == (None, ["10MEXICO83"])
    assert reader_argv(["--home", "/x", "10", "mexico"], COMMANDS) == ("/x", ["10", "mexico"])
    assert reader_argv(["--home=/x"], COMMANDS) == ("/x", [])
    assert reader_argv(["parse", "a.html"], COMMANDS) is None
    assert reader_argv(["--home", "/x", "search", "q"], COMMANDS) is None
    assert reader_argv(["--help"], COMMANDS) is None
    text = build_parser().format_help()
    assert "REF | PATH" in text and ": goes to a reference" in text and "/ filters" in text
