"""``cablereader parse PATH... [--json]``: read cable files and print what was read.

One JSON object per cable with ``--json`` (the cable's JSON shape, source included), else a short summary per cable.
Files or rows that are not read get one line on stderr each; the exit code is 1 if any did.
"""

from __future__ import annotations

import argparse

from tui.cable.model import Cable
from tui.cable.sources import Record, Skipped, iter_records, parse_record
from tui.cli.output import cable_json, err
from tui.safetext import dumps, line


def cmd_parse(args: argparse.Namespace) -> int:
    failed = False
    for item in iter_records(args.paths):
        if isinstance(item, Record):
            for warning in item.warnings:
                err(f"{_where(item.source.path, item.source.row)}: warning: {warning}")
            item = parse_record(item)
        if isinstance(item, Skipped):
            failed = True
            err(str(item))
            continue
        print(dumps(cable_json(item), indent=None) if args.json else summary(item))
    return 1 if failed else 0


def summary(cable: Cable) -> str:
    """A few lines naming the cable: ID, created, classification, origin; subject; paragraphs and source."""
    created = cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else "?"
    head = "  ".join(line(x) or "?" for x in (cable.reference_id, created, cable.classification, cable.origin))
    src = cable.source
    where = f"{src.format} {_where(src.path, src.row)}" if src else "?"
    return (f"{head}\n  subject: {line(cable.subject) or '(none)'}\n"
            f"  {len(cable.paragraphs)} paragraphs  source: {line(where)}\n")


def _where(path: str, row: int | None) -> str:
    return path if row is None else f"{path} row {row}"
