"""Reading-state marks for the sidebar and the counts in the header, computed from a State and the library.

``ReadingMarks`` answers the sidebar's ``mark(ref)`` from a cache filled once per screenful (``prepare``: one
``state.read_set`` call, whose matcher asks the library at most once per read rule, for the visible ids only).
``unread_count`` counts a whole view without fetching its rows: untouched cables are decided by the rules, as
sets of row keys (one ``library.view`` per rule, cached until the rules change), the few cables with an explicit
read value by ``read_set``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence

from tui.library.query import Filter

UNREAD, STARRED, NOTED = "•", "*", "+"
CHUNK = 500  # rows per step when searching a view for the next unread cable
MARKS_CACHE = 5000  # marks kept between screenfuls


class ReadingMarks:
    """Marks (``*`` starred, ``+`` noted, ``•`` unread; unread rows bold) from the reading state."""

    def __init__(self, state, library) -> None:
        self.state = state
        self.library = library
        self._marks: dict[str, tuple[str, bool]] = {}
        self._ruled: tuple[str, frozenset[int]] | None = None  # (rules signature, keys read by rules)

    # --- membership -------------------------------------------------------------------------------------------

    def matcher(self, filter_dict: dict, ids: set) -> set:
        """Those of ``ids`` the filter matches: one library query over just these ids."""
        f = Filter.from_dict(filter_dict)
        keep = set(ids) if f.ids is None else set(ids) & set(f.ids)
        if not keep:
            return set()
        f = dataclasses.replace(f, ids=tuple(keep))
        return {row.reference_id for row in self.library.rows(self.library.view(f))}

    def row_matches(self, ref: str):
        return lambda filter_dict: ref in self.matcher(filter_dict, {ref})

    def is_read(self, ref: str) -> bool:
        return self.state.is_read(ref, self.row_matches(ref))

    def toggle_read(self, ref: str) -> bool:
        value = self.state.toggle_read(ref, self.row_matches(ref))
        self.forget(ref)
        return value

    # --- the sidebar ------------------------------------------------------------------------------------------

    def known(self, ref: str) -> bool:
        return ref in self._marks

    def prepare(self, refs: Iterable[str]) -> None:
        """Work out the marks of a screenful of cables at once."""
        refs = [r for r in refs if r not in self._marks]
        if not refs:
            return
        if len(self._marks) + len(refs) > MARKS_CACHE:
            self._marks.clear()
        read = self.state.read_set(refs, self.matcher)
        for ref in refs:
            cs = self.state.get(ref)
            unread = ref not in read
            char = STARRED if cs.starred else NOTED if cs.note else UNREAD if unread else " "
            self._marks[ref] = (char, unread)

    def mark(self, reference_id: str) -> tuple[str, bool]:
        if reference_id not in self._marks:
            self.prepare([reference_id])
        return self._marks[reference_id]

    def forget(self, ref: str | None = None) -> None:
        """Drop cached marks (one cable's, or all when the state changed in bulk)."""
        if ref is None:
            self._marks.clear()
        else:
            self._marks.pop(ref, None)

    # --- views ------------------------------------------------------------------------------------------------

    def unread_in(self, keys: Sequence[int], start: int, step: int) -> int | None:
        """Index of the first unread cable in ``keys`` from ``start`` going by ``step`` (+1/-1), or None.

        Reads the view in chunks of CHUNK rows (one rows query and one read_set each), never all of it at once.
        """
        i = start
        while 0 <= i < len(keys):
            lo, hi = (i, min(len(keys), i + CHUNK)) if step > 0 else (max(0, i - CHUNK + 1), i + 1)
            rows = self.library.rows(keys[lo:hi])
            read = self.state.read_set([r.reference_id for r in rows], self.matcher)
            for row in (rows if step > 0 else reversed(rows)):
                if row.reference_id not in read:
                    return keys.index(row.key, lo, hi)
            i = hi if step > 0 else lo - 1
        return None

    def _rule_keys(self) -> frozenset[int]:
        """Row keys a rule marks read (the newest matching rule decides), cached until the rules change."""
        rules = self.state.rules()
        signature = json.dumps([(r["filter"], r["read"], r["at"]) for r in rules], sort_keys=True)
        if self._ruled is None or self._ruled[0] != signature:
            keys: set[int] = set()
            for rule in rules:  # oldest first: a newer rule overrides an older one
                matched = self.library.view(Filter.from_dict(rule["filter"]))
                if rule["read"]:
                    keys.update(matched)
                else:
                    keys.difference_update(matched)
            self._ruled = (signature, frozenset(keys))
        return self._ruled[1]

    def unread_count(self, keys: Sequence[int], view_filter: Filter | None) -> int:
        """Unread cables among ``keys`` (the rows of ``view_filter``, or search hits when it is None)."""
        explicit = self.state.explicit_read_ids()
        touched: dict[int, str] = {}
        if explicit:
            f = Filter(ids=tuple(explicit)) if view_filter is None else dataclasses.replace(
                view_filter, ids=tuple(explicit if view_filter.ids is None else set(explicit) & set(view_filter.ids)))
            in_view = self.library.view(f)
            if view_filter is None:
                wanted = set(keys)
                in_view = [k for k in in_view if k in wanted]
            touched = {row.key: row.reference_id for row in self.library.rows(in_view)}
        read = len(self.state.read_set(touched.values(), self.matcher)) if touched else 0
        if self.state.rules():
            ruled = self._rule_keys()
            read += len(ruled.intersection(keys)) - sum(1 for k in touched if k in ruled)  # touched: in keys
        return len(keys) - read
