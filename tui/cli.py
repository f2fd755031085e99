"""The command line: argument parsing and the non-interactive commands.

``cablereader`` with no command opens the reader; ``cablereader REF`` opens it at a cable; ``cablereader PATH...``
opens files without importing them. Every other command is non-interactive and scriptable.

In the reader: j/k or arrows move, Enter opens, q or Esc goes back (q on the list quits), : goes to a reference
ID in any form (10 mexico 83), / filters the list (origin:MEXICO class:S tag:PGOV year:2009 and words), S searches
the full text, Tab walks a cable's links and Enter follows, [ or Backspace goes back and ] forward, d decodes the
routing lines, ? lists every key, Ctrl+P opens the command palette. A keymap.json in the home folder
({"binding id": "keys"}) rebinds keys; the ids are listed in the reader's help.

Reading state (home/state.json): an opened cable is marked read at once, or after N seconds on screen with
{"mark_read_after": N} in home/config.json or $CABLEREADER_MARK_READ_AFTER. n/p go to the next/previous unread
cable, N toggles read, M marks the whole view read, s stars, * shows the starred cables, e edits a note, H lists
the history. The sidebar marks unread cables with a bold dot, starred ones with *, noted ones with +. The reader
reopens where it was left: view, sort, cable and scroll position.
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("parse", "import", "show", "search", "stats", "starred", "notes", "export-state", "import-state")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="cablereader",
        description="A keyboard-driven terminal reader for diplomatic cables.\n\n"
                    "  cablereader [--home DIR] [REF | PATH ...]   open the reader (at a cable, or over some files)\n"
                    "  cablereader [--home DIR] COMMAND ...        run a command (below)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2],
    )
    ap.add_argument("--home", help="folder holding the library and reading state (default: $CABLEREADER_HOME "
                                   "or ~/.local/share/cablereader)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse cable files and print what was read")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per cable")

    _library_parsers(sub)

    p = sub.add_parser("starred", help="list starred cables (ID and subject)")
    p.add_argument("--json", action="store_true", help="a JSON list of {id, subject}")
    p = sub.add_parser("notes", help="list cables with a note (ID, subject, note)")
    p.add_argument("--json", action="store_true", help="a JSON list of {id, subject, note}")
    p = sub.add_parser("export-state", help="write the reading state to a JSON file (- for stdout)")
    p.add_argument("file", metavar="FILE")
    p = sub.add_parser("import-state", help="merge a file written by export-state into the reading state")
    p.add_argument("file", metavar="FILE")

    return ap


def _reader_argv(argv: list[str]) -> tuple[str | None, list[str]] | None:
    """(home, targets) when argv asks for the reader (no command, or REF/PATH that is not a command), else None."""
    home, rest = None, list(argv)
    while rest and rest[0].startswith("--home"):
        if "=" in rest[0]:
            home = rest.pop(0).split("=", 1)[1]
        elif len(rest) > 1:
            rest.pop(0)
            home = rest.pop(0)
        else:
            return None
    if any(a.startswith("-") for a in rest) or (rest and rest[0] in COMMANDS):
        return None
    return home, rest


def run_reader(home_arg: str | None, targets: list[str]) -> int:
    """The reader: the library (or the bundled samples), at a cable (REF) or over some files (PATH...)."""
    from pathlib import Path

    from tui.app import run
    from tui.library import Library
    from tui.paths import home_dir

    home = home_dir(home_arg)
    paths = [Path(t) for t in targets]
    start = None
    if paths and not any(p.exists() for p in paths):  # not files: a reference ID, maybe typed in words
        start, paths = " ".join(targets), []
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"cablereader: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    from tui.state import State

    library = Library.from_paths(paths, home) if paths else Library.open(home)
    state = State(home)  # files opened without import get marks too: state is keyed by reference ID
    try:
        return run(library, start=start, home=home, opened_files=bool(paths), state=state)
    finally:
        state.close()
        library.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    reader = _reader_argv(argv)
    if reader is not None:
        return run_reader(*reader)
    args = build_parser().parse_args(argv)
    handler = HANDLERS.get(args.command)
    if handler is None:
        return run_reader(args.home, [])
    return handler(args)


def _state_command(name: str):
    """A handler importing tui.commands_state (and TinyDB) only when its command runs."""
    def run(args: argparse.Namespace) -> int:
        from tui.commands_state import HANDLERS as state_handlers
        return state_handlers[name](args)
    return run


def _parse_command(args: argparse.Namespace) -> int:
    """``parse``: importing the parser only when the command runs."""
    from tui.commands_parse import run
    return run(args)


def _library_parsers(sub) -> None:
    """``import``, ``show``, ``search``, ``stats`` (handlers in tui/commands_library.py)."""
    p = sub.add_parser("import", help="import cable files, folders or a cables.csv dump into the library")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    p = sub.add_parser("show", help="print one cable (REF in any form: 10MEXICO83, '10 mexico 83')")
    p.add_argument("ref", nargs="+", metavar="REF")
    p.add_argument("--json", action="store_true", help="the parsed cable as JSON")
    p.add_argument("--plain", action="store_true", help="no colours, even on a terminal")
    p = sub.add_parser("search", help="full-text search (words, \"phrases\", prefix*, AND/OR/NOT)")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--origin")
    p.add_argument("--classification")
    p.add_argument("--tag")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="created on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="created on or before (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="a JSON list of hits")
    sub.add_parser("stats", help="what the library holds: counts, years, skipped files, size")


def _library_command(name: str):
    """A handler importing tui.commands_library only when its command runs."""
    def run(args: argparse.Namespace) -> int:
        from tui.commands_library import HANDLERS as library_handlers
        return library_handlers[name](args)
    return run


HANDLERS: dict = {}
HANDLERS.update({name: _library_command(name) for name in ("import", "show", "search", "stats")})
HANDLERS["parse"] = _parse_command
HANDLERS.update({name: _state_command(name) for name in ("starred", "notes", "export-state", "import-state")})

if __name__ == "__main__":
    sys.exit(main())
