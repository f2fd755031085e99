"""The command line: argument parsing and the non-interactive commands.

``cablereader`` with no command opens the reader; ``cablereader REF`` opens it at a cable; ``cablereader PATH...``
opens files without importing them. Every other command is non-interactive and scriptable.
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("parse", "import", "show", "search", "stats", "starred", "notes", "export-state", "import-state")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="cablereader",
        description="A keyboard-driven terminal reader for diplomatic cables.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2],
    )
    ap.add_argument("--home", help="folder holding the library and reading state (default: $CABLEREADER_HOME "
                                   "or ~/.local/share/cablereader)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse cable files and print what was read")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per cable")

    return ap


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    handler = HANDLERS.get(args.command)
    if handler is None:
        print("cablereader: the reader is not built yet", file=sys.stderr)
        return 2
    return handler(args)


HANDLERS: dict = {}

if __name__ == "__main__":
    sys.exit(main())
