"""``cablereader parse PATH... [--json]``: read cable files and print what was read.

One JSON object per cable with ``--json`` (``Cable.to_dict()``, source included), else a short summary per cable.
Files or rows that are not read get one line on stderr each; the exit code is 1 if any did.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from tui.cable.model import Cable
from tui.cable.sources import Record, Skipped, iter_records, parse_record

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # controls, bidi overrides: never echoed raw


def run(args: argparse.Namespace) -> int:
    failed = False
    try:
        for item in iter_records(args.paths):
            if isinstance(item, Record):
                for warning in item.warnings:
                    _note(f"{_where(item.source.path, item.source.row)}: warning: {warning}")
                item = parse_record(item)
            if isinstance(item, Skipped):
                failed = True
                _note(str(item))
                continue
            print(json.dumps(item.to_dict()) if args.json else summary(item))
    except BrokenPipeError:  # `cablereader parse ... | head`: stop quietly (the Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if failed else 0


def summary(cable: Cable) -> str:
    """A few lines naming the cable: ID, created, classification, origin; subject; paragraphs and source."""
    created = cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else "?"
    head = "  ".join(_clean(x) or "?" for x in (cable.reference_id, created, cable.classification, cable.origin))
    src = cable.source
    where = f"{src.format} {_where(src.path, src.row)}" if src else "?"
    return (f"{head}\n  subject: {_clean(cable.subject) or '(none)'}\n"
            f"  {len(cable.paragraphs)} paragraphs  source: {_clean(where)}\n")


def _where(path: str, row: int | None) -> str:
    return path if row is None else f"{path} row {row}"


def _clean(text: str) -> str:
    return _UNSAFE.sub("?", text)


def _note(message: str) -> None:
    print(f"cablereader: {_clean(message)}", file=sys.stderr)
