"""The view of the library a command's filter options name (``args.view_options``: --origin, --classification,
--tag, --year, --from, --to, --starred, --unread), as one Filter: the same for search, export, timeline and facets.
A reversed date range is a usage error (FilterError); an origin or level the library has none of is ``Unmatched``;
the origin a word picks is said on stderr (``--origin STATE: Secretary of State``). A view that holds nothing says
which of its filters alone holds nothing (``empty_alone``: ``no cable is tagged ZZZZ``)."""

from __future__ import annotations

import datetime as dt

from tui.cli.output import err
from tui.library.query import CLASSES, Filter, FilterError, classification_named
from tui.paths import home_dir, reading_cache_path, state_path
from tui.safetext import line

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the arguments are argparse's, or tui/cli/quick.py's of the same names
    import argparse


def _date(option: str, text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise FilterError(f"{option}: '{text}' is not a date (YYYY-MM-DD)") from None


class Unmatched(Exception):
    """An ``--origin`` or ``--classification`` that no cable of the library has (a message; exit 1)."""


def typed_filter(args: argparse.Namespace, text: str = "") -> Filter:
    """The options as typed (``--origin`` not yet looked up); FilterError for a bad date or level, or a range
    that ends before it starts."""
    date_from, date_to = _date("--from", args.date_from), _date("--to", args.date_to)
    if date_from and date_to and date_from > date_to:
        raise FilterError(f"--from {date_from} is after --to {date_to}")
    return Filter(text=text, origin=args.origin,
                  classification=args.classification and classification_named(args.classification),
                  tag=args.tag, year=args.year, date_from=date_from, date_to=date_to,
                  unread=args.unread)


def view_filter(args: argparse.Namespace, library, f: Filter) -> Filter:
    """``f`` (from ``typed_filter``) in the library's terms: ``--origin MEXICO`` is Embassy Mexico; ``--starred``
    keeps the starred IDs and ``--unread`` the unread cables (the reading state is read only for these two).
    ``Unmatched`` when the library has no cable of the origin or level."""
    facets = library.facets() if f.origin or f.classification else {}
    if f.origin:
        origin = library.origin_named(f.origin)
        if origin not in {v for v, _ in facets.get("origin", [])}:
            raise Unmatched(f"no origin matches '{line(f.origin)}'")
        if origin.lower() != " ".join(f.origin.split()).lower():
            err(f"--origin {line(f.origin)} means {line(origin)}")
        f = f._replace(origin=origin)
    if f.classification and not any(v == f.classification or v.startswith(f.classification + "//")
                                    for v, _ in facets.get("classification", [])):
        if f.classification in CLASSES.values():  # a level (TS), of which this library holds no cable
            raise Unmatched(f"no cable is classified {f.classification}")
        raise Unmatched(f"no classification matches '{line(args.classification)}'")
    if args.starred or args.unread:  # from what the last command kept of the state, when it is still true
        from tui.library.reading import cached_reading

        home = home_dir(args.home)

        def open_state():
            from tui.state import State

            return State(home, background=False)

        read, starred = cached_reading(reading_cache_path(home), state_path(home), library, open_state,
                                       keys=args.unread)
        if args.unread:
            library.set_read(read)
        if args.starred:
            f = f._replace(ids=tuple(starred))
    return f


def empty_alone(library, f: Filter) -> str | None:
    """Why a view that holds no cable is empty, when one of its filters alone holds none (``no cable is tagged
    ZZZZ``); None when each alone holds some (only together, or with the query, are they empty). The origin and
    the level are ``view_filter``'s to say, before any search."""
    dates = f"from {f.date_from} to {f.date_to}" if f.date_from and f.date_to else \
        f"on or after {f.date_from}" if f.date_from else f"on or before {f.date_to}"
    alone = [(Filter(tag=f.tag), f"no cable is tagged {line(f.tag or '')}"),
             (Filter(year=f.year), f"no cable is dated {f.year}"),
             (Filter(date_from=f.date_from, date_to=f.date_to), f"no cable is dated {dates}"),
             (Filter(ids=f.ids), "no cable is starred" if not f.ids else "no starred cable is in this library"),
             (Filter(unread=f.unread), "no cable is unread")]
    return next((said for view, said in alone if view != Filter() and not library.count(view)), None)
