"""The reading-state commands: ``starred``, ``notes``, ``export-state FILE``, ``import-state FILE``.

Their arguments are in tui/cli/args.py; tui.cli imports this module only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.output import page_lines, summary_json, write_json
from tui.paths import home_dir
from tui.safetext import line, screen
from tui.safewrite import describe
from tui.state import BrokenStateFile, State


def _rows(home: Path, refs: list[str]) -> dict | None:
    """The library's rows (ID, date, classification, origin, subject) of ``refs``, by ID; those it does not hold
    are left out; None when the library cannot be opened (the lists are printed without them)."""
    if not refs:
        return {}
    try:
        from tui.library import open_home

        lib = open_home(home)
    except Exception:  # the library is optional here
        return None
    with lib:
        keys = {ref: lib.key_of(ref) for ref in refs}
        rows = lib.rows([k for k in keys.values() if k is not None])
    by_key = {r.key: r for r in rows}
    return {ref: by_key[k] for ref, k in keys.items() if k in by_key}


def _subject(rows: dict | None, ref: str) -> str:
    """The cable's subject; for a cable the library does not hold (a star kept from the samples),
    ``(not in this library)``; nothing when the library could not be opened."""
    if rows is None:
        return ""
    return line(rows[ref].subject) if ref in rows else "(not in this library)"


def _tell(st: State) -> None:
    """What the state has to say about its file (moved aside as broken, unreadable), on stderr."""
    if st.message:
        print(f"cablereader: {line(st.message)}", file=sys.stderr)


def cmd_starred(args: argparse.Namespace) -> int:
    home = home_dir(args.home)
    with State(home, background=False) as st:
        _tell(st)
        refs = st.starred()
    rows = _rows(home, refs)
    if args.json:
        write_json([summary_json((rows or {}).get(r), r) for r in refs])
        return 0
    page_lines(f"{line(ref)}\t{_subject(rows, ref)}".rstrip("\t") for ref in refs)
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    home = home_dir(args.home)
    with State(home, background=False) as st:
        _tell(st)
        notes = st.notes()
    rows = _rows(home, [r for r, _ in notes])
    if args.json:
        write_json([summary_json((rows or {}).get(r), r, note=n) for r, n in notes])
        return 0
    out = []
    for ref, note in notes:
        out.append(f"{line(ref)}\t{_subject(rows, ref)}".rstrip("\t"))
        out += [f"    {text}" for text in screen(note).splitlines()]
    page_lines(out)
    return 0


def cmd_export_state(args: argparse.Namespace) -> int:
    with State(home_dir(args.home), background=False) as st:
        try:
            st.export_to(args.file)  # a file atomically; a link to its target; a FIFO, a device or - in place
        except OSError as exc:
            print(f"cablereader: cannot write {line(args.file)}: {line(exc.strerror or describe(exc))}",
                  file=sys.stderr)
            return 1
        summary = f"{len(st.read_ids())} read, {len(st.starred())} starred, {len(st.notes())} notes, " \
                  f"{len(st.rules())} read rules, {len(st.history())} history entries"
    print(f"exported {summary}" + ("" if args.file == "-" else f" to {line(args.file)}"), file=sys.stderr)
    return 0


def _read_incoming(name: str) -> bytes:
    """The bytes of the file to merge (``-``: stdin), read once, by the state's own rule for a file it is given
    (a FIFO waits for its writer and says so; /dev/zero or a binary file is cut short)."""
    from tui.state.storage import MAX_BYTES, _read

    if name == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    return _read(Path(name), own=False)


def cmd_import_state(args: argparse.Namespace) -> int:
    import tempfile

    shown = "stdin" if args.file == "-" else line(args.file)
    try:
        data = _read_incoming(args.file)
    except FileNotFoundError:
        print(f"cablereader: {shown}: no such file", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cablereader: {shown}: cannot read it ({line(exc.strerror or str(exc))})", file=sys.stderr)
        return 1
    if not data.strip():
        print(f"cablereader: {shown} is empty: nothing to merge (export-state FILE writes one)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="cablereader-import-") as folder, \
            State(home_dir(args.home), background=False) as st:
        copy = Path(folder) / "state.json"
        copy.write_bytes(data)
        try:
            counts = st.import_from(copy)
        except (BrokenStateFile, OSError) as exc:
            print(f"cablereader: {shown}: not a reading-state file ({line(str(exc))})", file=sys.stderr)
            return 1
    if st.problem:  # merged, but the home could not be written (the changes are in the file it names)
        print(f"cablereader: {line(st.problem)}", file=sys.stderr)
        return 1
    print(f"merged {counts['cables']} cables ({counts['starred']} starred, {counts['notes']} notes), "
          f"{counts['rules']} read rules, {counts['history']} history entries from {shown}")
    return 0
