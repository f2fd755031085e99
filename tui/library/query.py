"""The small value types the library answers with (Filter, Row, Hit, Stored), shared by the app, the CLI and the
reading state, and the filter language the ``/`` bar reads (``parse_filter``, ``format_filter``) with the rule
that turns a typed origin into one the library stores (``pick_origin``)."""

from __future__ import annotations

import datetime as dt
import re
from collections import namedtuple
from collections.abc import Sequence

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:
    from tui.cable.record import Record

# The value types are named tuples, not dataclasses: the command line loads them for every command, and
# ``dataclasses`` (with ``inspect``) costs a process ~10 ms to import and ~1 ms a class. A changed copy is
# ``f._replace(text="")``.


class Filter(namedtuple("Filter", "text origin classification tag year date_from date_to ids unread",
                        defaults=("", None, None, None, None, None, None, None, False))):
    """A view of the library. Every field narrows; an empty Filter is the whole library.

    ``text``: a full-text query (the language of tui/library/fulltext.py); ``origin`` as stored (Embassy Mexico);
    ``classification``: SECRET also matches SECRET//NOFORN; ``tag``: PGOV; ``year``: the created year;
    ``date_from``, ``date_to``: created on or after, on or before (dates); ``ids``: only these reference IDs (a
    tuple: the starred view, a list of hits); ``unread``: only cables the reading state leaves unread
    (``Library.set_read``)."""

    __slots__ = ()

    def to_dict(self) -> dict:
        d = {k: v for k, v in self._asdict().items() if v not in (None, "", False)}
        for k in ("date_from", "date_to"):
            if k in d:
                d[k] = d[k].isoformat()
        if "ids" in d:
            d["ids"] = list(d["ids"])
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Filter":
        d = dict(d)
        for k in ("date_from", "date_to"):
            if d.get(k):
                d[k] = dt.date.fromisoformat(d[k])
        if d.get("ids") is not None:
            d["ids"] = tuple(d["ids"])
        return cls(**{k: v for k, v in d.items() if k in cls._fields})

    def describe(self) -> str:
        """The view in the ``/`` bar's language, for a status line: ``origin:"Embassy Mexico" tag:PGOV`` (the
        starred view's IDs left out; ``unread`` when it holds only unread cables)."""
        words = format_filter(self) + (" unread" if self.unread else "")
        return words.strip() or "all cables"


class Row(namedtuple("Row", "key reference_id created classification origin subject")):
    """One sidebar line: what the list shows without loading the cable. ``key``: the library's row key;
    ``created``: 'YYYY-MM-DD HH:MM' or ''."""

    __slots__ = ()


class Hit(namedtuple("Hit", "reference_id snippet spans rank key", defaults=(None,))):
    """One full-text search result: ``snippet``, plain text around the match; ``spans``, the (start, end) of the
    matched words within it; ``rank``, bm25 (lower is better; 0.0 when the hit was not ranked); ``key``, the
    library's row key (or None)."""

    __slots__ = ()


class Stored(namedtuple("Stored", "row tags record")):
    """A cable as the library stores it, for an export: its row, its tags (as stored, in code order) and its
    primary source's text, read again as a ``tui.cable.record.Record`` (parsed only if asked; None when the
    text was not asked for)."""

    __slots__ = ()


# ---------------------------------------------------------------------------------------------------- the / bar

FILTER_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)')
CLASSES = {
    "TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED",
    "S/NF": "SECRET//NOFORN", "C/NF": "CONFIDENTIAL//NOFORN",
}
SHORT_CLASSES = {name: short for short, name in CLASSES.items()}
FILTER_KEYS = ("origin", "class", "tag", "year", "from", "to")


class FilterError(ValueError):
    """A filter the user typed that cannot be applied."""


class QueryError(FilterError):
    """A full-text query that is not searched (``tui.library.fulltext``: a prefix too short)."""


def classification_named(value: str) -> str:
    """The classification a typed level means (``class:S``, ``--classification S``): ``S`` is SECRET, ``S/NF``
    SECRET//NOFORN, ``TS`` TOP SECRET; a full name as typed, in capitals (SECRET also matches SECRET//NOFORN)."""
    typed = " ".join(value.split()).upper()
    if typed in ("NF", "NOFORN"):
        raise FilterError("NOFORN goes with a level: class:S/NF or class:C/NF")
    return CLASSES.get(typed, typed)


def parse_filter(text: str) -> Filter:
    """``tag:PGOV year:2009 class:S origin:"Embassy Mexico" from:2009-03-01 to:2009-03-31 human rights`` -> Filter.
    Other ``key:value`` words (``subject:mexico``) stay in the text, for the full-text query language
    (``tui.library.fulltext``)."""
    fields: dict = {}
    rest = []
    pos = 0
    for m in FILTER_TOKEN.finditer(text):
        key, value = m.group(1).lower(), m.group(2).strip('"')
        if key not in FILTER_KEYS:
            continue
        rest.append(text[pos:m.start()])
        pos = m.end()
        if key == "year":
            if not value.isdigit():
                raise FilterError(f"year must be a number, not {value!r}")
            fields["year"] = int(value)
        elif key == "class":
            fields["classification"] = classification_named(value)
        elif key == "tag":
            fields["tag"] = value.upper()
        elif key in ("from", "to"):
            try:
                fields["date_" + key] = dt.date.fromisoformat(value)
            except ValueError:
                raise FilterError(f"{key}: must be a date (YYYY-MM-DD), not {value!r}") from None
        else:
            fields["origin"] = value
    rest.append(text[pos:])
    words = " ".join(" ".join(rest).split())
    if words:  # a query the search refuses (a prefix too short) is refused here, as the filter it is part of
        from tui.library.fulltext import translate

        translate(words)
    return Filter(text=words, **fields)


def format_filter(f: Filter) -> str:
    """A Filter in the bar's language (the inverse of parse_filter): for the bar, and for the header that names the
    view (``Filter.describe``); a level in its short form (``class:S``)."""
    parts = []
    if f.origin:
        parts.append(f'origin:"{f.origin}"' if " " in f.origin else f"origin:{f.origin}")
    if f.classification:
        level = SHORT_CLASSES.get(f.classification, f.classification)
        parts.append(f'class:"{level}"' if " " in level else f"class:{level}")
    if f.tag:
        parts.append(f"tag:{f.tag}")
    if f.year:
        parts.append(f"year:{f.year}")
    if f.date_from:
        parts.append(f"from:{f.date_from.isoformat()}")
    if f.date_to:
        parts.append(f"to:{f.date_to.isoformat()}")
    if f.text:
        parts.append(f.text)
    return " ".join(parts)


def pick_origin(typed: str, origins: Sequence[str]) -> str:
    """The origin a user means by ``typed``, among the library's ``origins`` (most cables first): the one of that
    name in any case; else ``Embassy <typed>``; else the largest origin whose name holds the typed text; else the
    text as typed (it then matches nothing). ``MEXICO`` is Embassy Mexico even beside Consulate Mexico City."""
    low = " ".join(typed.split()).lower()
    for candidate in (low, f"embassy {low}"):
        exact = [o for o in origins if o.lower() == candidate]
        if exact:
            return exact[0]
    holding = [o for o in origins if low in o.lower()]
    return holding[0] if holding else typed
