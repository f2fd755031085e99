"""``cablereader timeline | facets``: a view's cables per year or month, and its origins, tags, classifications
and years with their counts. Light commands: no Textual, Rich, Pygments or parser."""

from __future__ import annotations

import argparse
import shutil
import sys

from tui.cli.output import err, page_lines, write_json
from tui.cli.view import Unmatched, empty_alone, typed_filter, view_filter
from tui.library.query import FilterError
from tui.paths import home_dir
from tui.safetext import line

FACETS = ("origin", "tag", "classification", "year")
UNDATED = "undated"  # the one word for cables without a date: stats, timeline and facets count them alike


def _view(args: argparse.Namespace):
    """(the library, the view's Filter), or the exit code after a message: 2 for a bad date or level, 1 for an
    origin or level the library has none of."""
    from tui.library import open_home

    try:
        f = typed_filter(args, args.query or "")
    except FilterError as exc:
        err(f"{exc}")
        return 2
    library = open_home(home_dir(args.home))
    try:
        return library, view_filter(args, library, f)
    except Unmatched as exc:
        library.close()
        err(f"{exc}")
        return 1


def _width() -> int:
    return max(shutil.get_terminal_size((80, 24)).columns, 40) if sys.stdout.isatty() else 80


def cmd_timeline(args: argparse.Namespace) -> int:
    """Per period: ``2009  12,408 ####...`` (text) or ``{"by", "periods", "undated", "total"}`` (--json); exit 1
    when the view holds no cable."""
    from tui.display.bars import lines

    opened = _view(args)
    if isinstance(opened, int):
        return opened
    library, f = opened
    with library:
        counts = library.timeline(f, args.by)
        said = None if any(n for _, n in counts) else empty_alone(library, f)
    periods = [(p, n) for p, n in counts if p]
    undated = sum(n for p, n in counts if not p)
    total = sum(n for _, n in counts)
    if args.json:
        write_json({"by": args.by, "periods": [{"period": p, "count": n} for p, n in periods],
                    "undated": undated, "total": total})
    else:
        shown = periods + ([(UNDATED, undated)] if undated else [])
        out = list(lines(shown, _width(), ascii=True))
        if total:
            out.append(f"{total:,} cable{'s' if total != 1 else ''}")
        page_lines(out)
    _none(total, said)
    return 0 if total else 1


def cmd_facets(args: argparse.Namespace) -> int:
    """Each facet's values with their counts, largest first (``--limit`` per facet; --json: every value)."""
    opened = _view(args)
    if isinstance(opened, int):
        return opened
    library, f = opened
    with library:
        facets = library.facets(f)
        undated = 0 if f.year else dict(library.timeline(f)).get("", 0)  # the years leave them out
        found = any(facets.get(dim) for dim in FACETS)
        said = None if found else empty_alone(library, f)
    if args.json:
        write_json({**{dim: [{"value": v, "count": n} for v, n in facets.get(dim, [])] for dim in FACETS},
                    UNDATED: undated})
    else:
        out = []
        for dim in FACETS:
            values = facets.get(dim, [])
            out.append(f"{dim} ({len(values):,})")
            shown = values[:args.limit]
            width = max((len(line(v)) for v, _ in shown), default=0)
            if dim == "year" and undated:
                shown = [*shown, (UNDATED, undated)]
                width = max(width, len(UNDATED))
            out += [f"  {line(value):<{width}}  {n:>9,}" for value, n in shown]
        page_lines(out)
    _none(found, said)
    return 0 if found else 1


def _none(found, said: str | None) -> None:
    """When the view holds no cable: which filter alone holds none (``empty_alone``), else that the view is empty."""
    if said:
        err(said)
    elif not found:
        print("no cable in this view", file=sys.stderr)
