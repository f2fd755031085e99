"""The reading-state commands: ``starred``, ``notes``, ``export-state FILE``, ``import-state FILE``.

Their parsers are in ``tui.cli.build_parser``; ``tui.cli`` imports this module only when one of them runs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from tui.paths import home_dir
from tui.state import BrokenStateFile, State

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    """No terminal escapes, other control characters or bidi overrides in what we print (newlines and tabs stay)."""
    return _CONTROL.sub("", text)


def _subjects(home: Path, refs: list[str]) -> dict[str, str]:
    """Subjects from the library (``Library.open``: the imported one, else the bundled samples); an empty dict
    when it is not usable."""
    if not refs:
        return {}
    try:
        from tui.library import Library

        lib = Library.open(home)
    except Exception:  # the library is optional here: print without subjects
        return {}
    out = {}
    try:
        for ref in refs:
            try:
                cable = lib.get(ref)
            except Exception:
                cable = None
            subject = getattr(cable, "subject", None) if cable is not None else None
            if subject:
                out[ref] = " ".join(str(subject).split())
    finally:
        close = getattr(lib, "close", None)
        if close:
            close()
    return out


def cmd_starred(args: argparse.Namespace) -> int:
    home = home_dir(args.home)
    with State(home, background=False) as st:
        refs = st.starred()
    subjects = _subjects(home, refs)
    if args.json:
        print(json.dumps([{"id": r, "subject": subjects.get(r, "")} for r in refs], indent=1))
    for ref in [] if args.json else refs:
        print(_clean(f"{ref}\t{subjects.get(ref, '')}".rstrip("\t")))
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    home = home_dir(args.home)
    with State(home, background=False) as st:
        notes = st.notes()
    subjects = _subjects(home, [r for r, _ in notes])
    if args.json:
        print(json.dumps([{"id": r, "subject": subjects.get(r, ""), "note": n} for r, n in notes], indent=1))
        return 0
    for ref, note in notes:
        print(_clean(f"{ref}\t{subjects.get(ref, '')}".rstrip("\t")))
        for line in _clean(note).splitlines():
            print(f"    {line}")
    return 0


def cmd_export_state(args: argparse.Namespace) -> int:
    with State(home_dir(args.home), background=False) as st:
        if args.file == "-":
            st.reload()
            json.dump(st.snapshot(), sys.stdout, indent=1)
            print()
        else:
            st.export_to(args.file)
        summary = f"{len(st.read_ids())} read, {len(st.starred())} starred, {len(st.notes())} notes, " \
                  f"{len(st.rules())} read rules, {len(st.history())} history entries"
    print(f"exported {summary}" + ("" if args.file == "-" else f" to {args.file}"), file=sys.stderr)
    return 0


def cmd_import_state(args: argparse.Namespace) -> int:
    with State(home_dir(args.home), background=False) as st:
        try:
            counts = st.import_from(args.file)
        except FileNotFoundError:
            print(f"cablereader: {args.file}: no such file", file=sys.stderr)
            return 1
        except (BrokenStateFile, OSError) as exc:
            print(f"cablereader: {args.file}: not a reading-state file ({exc})", file=sys.stderr)
            return 1
    print(f"merged {counts['cables']} cables ({counts['starred']} starred, {counts['notes']} notes), "
          f"{counts['rules']} read rules, {counts['history']} history entries from {args.file}")
    return 0


HANDLERS = {"starred": cmd_starred, "notes": cmd_notes, "export-state": cmd_export_state,
            "import-state": cmd_import_state}
