"""The view of the library a command's filter options name (``args.view_options``: --origin, --classification,
--tag, --year, --from, --to, --starred, --unread), as one Filter: the same for search, timeline and facets."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt

from tui.library.query import Filter, FilterError, classification_named
from tui.paths import home_dir


def _date(option: str, text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise FilterError(f"{option}: '{text}' is not a date (YYYY-MM-DD)") from None


def typed_filter(args: argparse.Namespace, text: str = "") -> Filter:
    """The options as typed (``--origin`` not yet looked up); FilterError for a bad date or level."""
    return Filter(text=text, origin=args.origin,
                  classification=args.classification and classification_named(args.classification),
                  tag=args.tag, year=args.year, date_from=_date("--from", args.date_from),
                  date_to=_date("--to", args.date_to), unread=args.unread)


def view_filter(args: argparse.Namespace, library, f: Filter) -> Filter:
    """``f`` (from ``typed_filter``) in the library's terms: ``--origin MEXICO`` is Embassy Mexico; ``--starred``
    keeps the starred IDs and ``--unread`` the unread cables (the reading state is read only for these two)."""
    if f.origin:
        f = dataclasses.replace(f, origin=library.origin_named(f.origin))
    if args.starred or args.unread:
        from tui.library.reading import read_keys
        from tui.state import State

        with State(home_dir(args.home), background=False) as state:
            if args.unread:
                library.set_read(read_keys(state, library))
            if args.starred:
                f = dataclasses.replace(f, ids=tuple(state.starred()))
    return f
