"""The arguments of every command (argparse); the handlers are named in tui/cli/__init__.py's ``COMMANDS``.

In the reader: j/k or arrows move, Enter opens, q or Esc goes back (q on the list quits), : goes to a reference
ID in any form (10 mexico 83; 10MEXICO83#6 for its paragraph 6), / filters the list (origin:MEXICO class:S tag:PGOV
year:2009 and words), S searches the full text, Tab walks a cable's links (and the IDs, REF A and para 6 in its
text) and Enter follows, [ or Backspace goes back and ] forward, d decodes the routing lines, v lists a cable's
sources (variants) to show one or compare two, y copies a citation and Y a paragraph to your clipboard (OSC 52;
{"osc52": false} in home/config.json turns it off), ? lists every key, Ctrl+P opens the command palette. A
keymap.json in the home folder ({"binding id": "keys"}) rebinds keys; the ids are listed in the reader's help.

Reading state (home/state.json): an opened cable is marked read at once, or after N seconds on screen with
{"mark_read_after": N} in home/config.json or $CABLEREADER_MARK_READ_AFTER. n/p go to the next/previous unread
cable, N toggles read, M marks the whole view read, s stars, * shows the starred cables, e edits a note, H lists
the history. The sidebar marks unread cables with a bold dot, starred ones with *, noted ones with +. The reader
reopens where it was left: view, sort, cable (open or closed) and scroll position.

JSON (show, search, parse, starred, notes --json): a cable is an object keyed as the parsed cable is
(reference_id, created, classification, origin, subject, ...), dates in ISO 8601 (2010-01-29T20:08).
show and parse write one object per cable, search/starred/notes one list; export --format json a list of
cables with their released date, tags, note, citation, header and body; timeline --json the counts per period,
facets --json each facet's values with their counts, diff --json the two variants and their runs.
Global options (--home, --library) go before the command: cablereader --home D show REF.
"""

from __future__ import annotations

import argparse

from tui.cli.quick import given as _given
from tui.cli.quick import positive as _positive


class _Version(argparse.Action):
    """``--version``: the installed package's version (looked up only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("cablereader")
        except PackageNotFoundError:
            number = "(not installed)"
        print(f"cablereader {number}")
        parser.exit()


class _Command(argparse.ArgumentParser):
    """A command's parser: its words and options in any order (``show A --paragraph 2 B``, ``search --year 2009
    human rights``), as ``parse_intermixed_args`` reads them (a plain parse stops taking REFs at the first
    option and leaves B over)."""

    _reading = False  # inside parse_known_intermixed_args, whose two passes are plain parses

    def parse_known_args(self, args=None, namespace=None):
        if self._reading:
            return super().parse_known_args(args, namespace)
        self._reading = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._reading = False


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command ``only`` alone (a command's run builds just its own)."""
    ap = argparse.ArgumentParser(
        prog="cablereader",
        description="A keyboard-driven terminal reader for diplomatic cables.\n\n"
                    "  cablereader [--home DIR] [REF | PATH ...]   open the reader (at a cable, or over some files)\n"
                    "  cablereader [--home DIR] COMMAND ...        run a command (below)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2],
    )
    ap.add_argument("--version", action=_Version, help="print the version and exit")
    ap.add_argument("--home", help="folder holding the library and reading state (default: $CABLEREADER_HOME "
                                   "or ~/.local/share/cablereader)")
    ap.add_argument("--library", metavar="PATH", help="a library apart from the home, e.g. one shared by a team "
                    "(a file, or a folder holding library.sqlite; default: $CABLEREADER_LIBRARY or HOME/library.sqlite)"
                    "; read-only when you cannot write it")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Command)
    ap.commands = sub.choices  # each command's parser, for its usage line on an error
    for name, add in ARGUMENTS.items():
        if only in (None, name):
            add(sub)
    return ap


def _show(sub) -> None:
    p = sub.add_parser("show", help="print cables (REF in any form: 10MEXICO83, '10 mexico 83'); "
                                    "a pager ($PAGER, else less -R) when longer than the terminal")
    p.add_argument("ref", nargs="+", metavar="REF", help="a cable, or one of its paragraphs: 10MEXICO83#6")
    p.add_argument("--paragraph", type=_positive, metavar="N",
                   help="paragraph N of each cable (with its citation), for REFs without their own #N")
    p.add_argument("--json", action="store_true", help="each cable (or paragraph) as a JSON object")
    p.add_argument("--plain", action="store_true", help="no colours, even on a terminal")


def _diff(sub) -> None:
    p = sub.add_parser("diff", help="compare two sources (variants) of a cable word by word: [-deleted-]{+inserted+}",
                       usage="cablereader diff [-h] [--json] [--plain] REF [A B]",
                       description="Compare variants A and B (by number, as the reader's v lists them: 1 is the "
                                   "primary; default 1 and 2) of the cable REF (any form show takes), word by word, "
                                   "however their lines break. Coloured on a terminal, through the pager when long.")
    p.add_argument("ref", nargs="+", metavar="REF [A B]", help="the cable, then two variant numbers (default: 1 2)")
    p.add_argument("--json", action="store_true", help="the two variants and the runs of equal, deleted and "
                                                       "inserted words as JSON")
    p.add_argument("--plain", action="store_true", help="no colours, even on a terminal")


def view_options(p: argparse.ArgumentParser) -> None:
    """The options naming a view of the library (search, export, timeline, facets): ``tui.cli.view.view_filter``
    reads them into a Filter."""
    p.add_argument("--origin", type=_given, help="MEXICO means Embassy Mexico; else the largest origin holding the text")
    p.add_argument("--classification", type=_given, help="SECRET also matches SECRET//NOFORN")
    p.add_argument("--tag", type=_given)
    p.add_argument("--year", type=int)
    p.add_argument("--starred", action="store_true", help="only starred cables")
    p.add_argument("--unread", action="store_true", help="only cables the reading state leaves unread")
    p.add_argument("--from", dest="date_from", type=_given, metavar="DATE", help="created on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_given, metavar="DATE", help="created on or before (YYYY-MM-DD)")


def _search(sub) -> None:
    p = sub.add_parser("search", help="full-text search (words, \"phrases\", prefix*, AND/OR/NOT, subject:)",
                       description="Full-text search; the top hits, best first (query syntax below).")
    plain = p.format_help

    def format_help() -> str:  # the syntax is looked up only when the help is shown
        from tui.library.fulltext import SYNTAX

        return plain() + "\n" + SYNTAX

    p.format_help = format_help
    p.add_argument("query", nargs="+", metavar="QUERY")  # an empty query is cmd_search's to refuse
    view_options(p)
    p.add_argument("--limit", type=_positive, default=50, help="at most this many hits (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="a JSON list of hits")


def _export(sub) -> None:
    p = sub.add_parser("export", help="write a set of cables to a file: md (card, citation, note, text), txt, "
                                      "json or csv (one row per cable)",
                       description="Export cables (every one, or those chosen and filtered) to one file.")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write (- for stdout)")
    p.add_argument("--format", choices=("md", "txt", "json", "csv"),
                   help="default: from OUT's extension (.md .txt .json .csv), else md")
    p.add_argument("--ids", metavar="FILE", help="the reference IDs to export, one a line, in any form "
                                                  "(10MEXICO83, '10 mexico 83'); - for stdin")
    p.add_argument("--query", type=_given, metavar="Q", help="the cables a full-text search finds (best first)")
    view_options(p)
    p.add_argument("--jobs", type=_positive, default=None,
                   help="worker processes (default: one per idle core, from the load average)")


def _timeline(sub) -> None:
    p = sub.add_parser("timeline", help="a view's cables per year or month, as bars (--json: the counts)",
                       description="The cables of a view (the whole library, a filter, a search) per year or month.")
    view_options(p)
    p.add_argument("--query", type=_given, metavar="Q", help="only cables matching this full-text search (as search takes it)")
    p.add_argument("--by", choices=("year", "month"), default="year", help="the period (default: %(default)s)")
    p.add_argument("--json", action="store_true", help='{"by", "periods": [{"period", "count"}], "undated", "total"}')


def _facets(sub) -> None:
    p = sub.add_parser("facets", help="a view's origins, tags, classifications and years with their counts",
                       description="The origins, tags, classifications and years of a view, largest first.")
    view_options(p)
    p.add_argument("--query", type=_given, metavar="Q", help="only cables matching this full-text search (as search takes it)")
    p.add_argument("--limit", type=_positive, default=10, help="values shown per facet (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="every value: {facet: [{value, count}]}")


def _stats(sub) -> None:
    sub.add_parser("stats", help="what the library holds: counts, years, skipped files, size")


def _import(sub) -> None:
    p = sub.add_parser("import", help="import cable files, folders or a cables.csv dump into the library")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")


def _parse(sub) -> None:
    p = sub.add_parser("parse", help="parse cable files and print what was read")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per cable")


def _starred(sub) -> None:
    p = sub.add_parser("starred", help="list starred cables (ID and subject)")
    p.add_argument("--json", action="store_true", help="a JSON list of cables")


def _notes(sub) -> None:
    p = sub.add_parser("notes", help="list cables with a note (ID, subject, note)")
    p.add_argument("--json", action="store_true", help="a JSON list of cables, each with its note")


def _export_state(sub) -> None:
    p = sub.add_parser("export-state", help="write the reading state to a JSON file (- for stdout)")
    p.add_argument("file", metavar="FILE")


def _import_state(sub) -> None:
    p = sub.add_parser("import-state", help="merge a file written by export-state into the reading state")
    p.add_argument("file", metavar="FILE")


#: each command's arguments, in the order --help lists them
ARGUMENTS = {"show": _show, "diff": _diff, "search": _search, "export": _export, "timeline": _timeline,
             "facets": _facets, "stats": _stats, "import": _import, "parse": _parse, "starred": _starred,
             "notes": _notes, "export-state": _export_state, "import-state": _import_state}
