"""``cablereader export``: a set of cables to one file (md, txt, json, csv; tui/exporting.py writes them).

Which cables: every cable, or those ``--ids FILE`` names (in the file's order), or those ``--query Q`` finds (best
first), narrowed by the filters search takes (tui/cli/view.py); without ``--ids`` or ``--query``, newest first.
IDs the file names that the library does not hold are reported and the rest exported (exit 1); nothing to export
is a message and exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from tui.cli.view import Unmatched, typed_filter, view_filter
from tui.cli.output import err
from tui.library import Filter
from tui.library.query import FilterError
from tui.paths import home_dir
from tui.safetext import line

SHOWN_UNKNOWN = 10  # unknown IDs named in the message; the rest counted


def cmd_export(args: argparse.Namespace) -> int:
    from tui.exporting import export, format_of
    from tui.library import open_home

    if not args.output.strip():
        err("no output file named (-o FILE, or -o - for stdout)")
        return 2
    fmt = format_of(args.output, args.format)
    try:
        f = typed_filter(args)
    except FilterError as exc:
        err(f"{exc}")
        return 2
    typed = _read_ids(args.ids) if args.ids is not None else None
    with open_home(home_dir(args.home)) as library:
        try:
            f = view_filter(args, library, f)
        except Unmatched as exc:
            err(f"{exc}")
            return 1
        keys, unknown, ambiguous = _selected(library, f, typed, args.query)
        if unknown:
            more = f" and {len(unknown) - SHOWN_UNKNOWN:,} more" if len(unknown) > SHOWN_UNKNOWN else ""
            err(f"{len(unknown):,} ID{' is' if len(unknown) == 1 else 's are'} in {_name(args.ids)} but not in the "
                f"library: {', '.join(line(u) for u in unknown[:SHOWN_UNKNOWN])}{more}")
        for found in ambiguous[:SHOWN_UNKNOWN]:  # MEXICO 83 without its year: which one is meant, the file says not
            err(f"{found.problem()} (not exported: write the year)")
        if not keys:
            err(f"nothing to export: {_none_said(args, f, typed is not None)}")
            return 1
        notes = _notes(args)
        bar = _Bar(len(keys))
        try:
            result = export(library, keys, args.output, fmt, notes, progress=bar.update,
                            jobs=args.jobs or _idle_cores())
        finally:
            bar.close()
    print(result.summary(), file=sys.stderr)
    return 1 if unknown or ambiguous else 0


def _selected(library, f: Filter, typed: list[str] | None, query: str | None) -> tuple[list[int], list[str], list]:
    """The row keys to export, in order; the typed IDs the library does not hold; the lookups of those naming
    several cables."""
    from tui.library.lookup import lookup

    unknown: list[str] = []
    ambiguous = []
    if typed is None:
        keys = library.search_keys(query, f) if query else library.view(f)
        return list(keys), unknown, ambiguous
    exact = library.keys_of(typed)  # IDs as stored, in one query; the other forms one by one
    ids: dict[str, None] = {}  # in the file's order, each once
    for text in typed:
        if text in exact:
            ids[text] = None
            continue
        found = lookup(library, text, nearest=0)
        if found.one is not None:
            ids[found.one] = None
        elif found.ambiguous:
            ambiguous.append(found)
        else:
            unknown.append(text + (f" (did you mean {found.suggested[0]}?)" if found.suggested else ""))
    if f.ids is not None:  # --starred too: the starred among them
        starred = set(f.ids)
        ids = {i: None for i in ids if i in starred}
    f = f._replace(ids=tuple(ids))
    if query:
        return list(library.search_keys(query, f)), unknown, ambiguous
    inside = set(library.view(f))
    by_id = library.keys_of(ids)
    return [by_id[i] for i in ids if by_id.get(i) in inside], unknown, ambiguous


def _idle_cores() -> int:
    """Workers worth starting: the cores the 1-minute load average leaves idle, at least one. (Measured at a load
    of 8-11 on 2 cores, two workers made a 10,000-cable export no faster and cost 10-30% more CPU.)"""
    cores = os.cpu_count() or 1
    try:
        busy = round(os.getloadavg()[0])
    except OSError:
        busy = 0
    return max(1, min(cores, cores - busy))


def _none_said(args: argparse.Namespace, f: Filter, listed: bool) -> str:
    """Why nothing was selected, in words: ``no starred cable found by the query within year=2009``."""
    rest = f._replace(ids=None)
    within = f" within {rest.describe()}" if rest != Filter() else ""
    what = f"in {_name(args.ids)}" if listed else "found by the query" if args.query else "in the library"
    return f"no {'starred ' if args.starred else ''}cable {what}{within}"


def _name(ids: str | None) -> str:
    return "stdin" if ids == "-" else line(ids or "")


def _read_ids(name: str) -> list[str]:
    """The IDs of a file (``-``: stdin), by ``lookup.listed_ids``' rule."""
    from tui.library.lookup import listed_ids

    if name == "-":
        return listed_ids(sys.stdin.read())
    with open(name, encoding="utf-8", errors="replace") as file:
        return listed_ids(file.read())


def _notes(args: argparse.Namespace) -> dict[str, str]:
    """The reading state's notes, by reference ID."""
    from tui.state import State

    with State(home_dir(args.home), background=False) as state:
        return dict(state.notes())


class _Bar:
    """Progress on stderr while a large export runs, when stderr is a terminal (quiet when it is not)."""

    WIDTH = 28

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 1000

    def update(self, done: int, total: int) -> None:
        if self.shown:
            filled = self.WIDTH * done // max(total, 1)
            sys.stderr.write(f"\r\x1b[K[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done / max(total, 1):4.0%} "
                             f"{done:,}/{total:,} cables")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
