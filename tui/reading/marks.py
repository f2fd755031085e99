"""Reading-state marks for the sidebar and the counts in the header, computed from a State and the library.

``ReadingMarks`` answers the sidebar's ``mark(ref)`` from a cache filled once per screenful (``prepare``: one
``state.read_set`` call, whose matcher answers at most once per read rule, for the visible ids only). The matcher
looks the ids up by reference (one indexed query) and tests them against the rule's row keys, fetched once per
rule and kept: asking SQLite for "origin = X and refid in (these)" would walk the origin index (100k rows).
``unread_count`` and ``unread_in`` (n/p) go through a whole view without fetching its rows: untouched cables are
decided by the rules, as sets of row keys (one ``library.view`` per rule, cached until the rules change), the
cables with an explicit read value by one ``read_set`` (their row keys cached).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tui.library.query import Filter
from tui.library.reading import ReadKeys as RuleKeys  # which row keys the read rules mark read
from tui.library.reading import UPTO, rule_keys

if TYPE_CHECKING:
    from tui.library.protocol import LibraryAPI

UNREAD, STARRED, NOTED = "•", "*", "+"
MARKS_CACHE = 5000  # marks kept between screenfuls
KEYS_CACHE = 100_000  # reference id -> row key (every explicitly marked cable's, for the counts)
RULE_KEYS_CACHE = 500_000  # row keys kept for the rules' filters, in all (about 25 MB)


class ReadingMarks:
    """Marks (``*`` starred, ``+`` noted, ``*+`` both, ``•`` unread; unread rows bold) from the reading state."""

    def __init__(self, state, library: LibraryAPI) -> None:
        self.state = state
        self.library = library
        self._marks: dict[str, tuple[str, bool]] = {}
        self._ruled: tuple[str, RuleKeys] | None = None  # (rules signature, keys read by rules)
        self._keys: dict[str, int | None] = {}
        self._rule_sets: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._view: tuple[Sequence[int], frozenset[int]] | None = None
        self._ruled_count: tuple[RuleKeys, frozenset[int], int] | None = None

    # --- membership -------------------------------------------------------------------------------------------

    def matcher(self, filter_dict: dict, ids: set) -> set:
        """Those of ``ids`` the filter matches (``state.read_set``'s matcher)."""
        f = Filter.from_dict(filter_dict)
        keep = set(ids) if f.ids is None else set(ids) & set(f.ids)
        if not keep or (f == Filter(ids=f.ids) and UPTO not in filter_dict):  # nothing but ids, or everything
            return keep
        matched = self.rule_set(filter_dict)
        keys = self.keys_of(keep)
        return {ref for ref in keep if keys.get(ref) in matched}

    def keys_of(self, refs: Iterable[str]) -> dict[str, int | None]:
        """Row keys of reference ids (cached; one query for those not seen yet)."""
        missing = [r for r in refs if r not in self._keys]
        if missing:
            if len(self._keys) + len(missing) > KEYS_CACHE:
                self._keys.clear()
            found = {row.reference_id: row.key
                     for row in self.library.rows(self.library.view(Filter(ids=tuple(missing))))}
            for ref in missing:
                self._keys[ref] = found.get(ref)
        return {r: self._keys.get(r) for r in refs}

    def rule_set(self, filter_dict: dict) -> frozenset[int]:
        """Row keys of a rule's filter: one library view, kept (the oldest dropped past RULE_KEYS_CACHE keys)."""
        name = json.dumps(filter_dict, sort_keys=True)
        keys = self._rule_sets.get(name)
        if keys is None:
            keys = rule_keys(self.library, filter_dict)
            self._rule_sets[name] = keys
            while len(self._rule_sets) > 1 and sum(map(len, self._rule_sets.values())) > RULE_KEYS_CACHE:
                self._rule_sets.popitem(last=False)
        else:
            self._rule_sets.move_to_end(name)
        return keys

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
            char = (STARRED + NOTED if cs.starred and cs.note else STARRED if cs.starred else NOTED if cs.note
                    else UNREAD if unread else " ")
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

    def _decided(self, keys: Sequence[int]) -> tuple["RuleKeys", dict[int, bool]]:
        """How every cable of a view is decided: the rules (as row keys) for untouched cables, and read or not
        for each cable of the view with an explicit value (one ``read_set`` over those; their keys are cached)."""
        explicit = self.state.explicit_read_ids()
        touched: dict[int, bool] = {}
        if explicit:
            read = self.state.read_set(explicit, self.matcher)
            view = self._view_set(keys)
            touched = {k: ref in read for ref, k in self.keys_of(explicit).items() if k is not None and k in view}
        return self._rule_keys(), touched

    def _view_set(self, keys: Sequence[int]) -> frozenset[int]:
        """The keys of a view as a set, kept while the view is the same object (the sidebar's current view)."""
        if self._view is None or self._view[0] is not keys:
            self._view = (keys, frozenset(keys))
        return self._view[1]

    def unread_in(self, keys: Sequence[int], start: int, step: int) -> int | None:
        """Index of the first unread cable in ``keys`` from ``start`` going by ``step`` (+1/-1), or None.

        Walks the row keys only (set lookups, a few ms at 251k); no row of the view is fetched.
        """
        ruled, touched = self._decided(keys)
        stop = len(keys) if step > 0 else -1
        for i in range(max(-1, min(start, len(keys))), stop, step):
            k = keys[i]
            read = touched.get(k)
            if not (ruled.has(k) if read is None else read):
                return i
        return None

    def read_keys(self, keys: Sequence[int]) -> list[int]:
        """The keys of ``keys`` whose cables are read (row keys only, no row fetched)."""
        ruled, touched = self._decided(keys)
        return [k for k in keys if (ruled.has(k) if touched.get(k) is None else touched[k])]

    def unread_count(self, keys: Sequence[int]) -> int:
        """Unread cables among ``keys`` (distinct row keys: a view, or search results)."""
        ruled, touched = self._decided(keys)
        view = self._view_set(keys)
        if self._ruled_count is None or self._ruled_count[0] is not ruled or self._ruled_count[1] is not view:
            self._ruled_count = (ruled, view, ruled.count(view))  # a set intersection: ~10 ms at 251k, kept
        read_by_rules = self._ruled_count[2] - sum(1 for k in touched if ruled.has(k))
        return len(keys) - read_by_rules - sum(touched.values())

    def _rule_keys(self) -> "RuleKeys":
        """The rules as row keys, cached until the rules change (one ``library.view`` per rule)."""
        rules = self.state.rules()
        signature = json.dumps([(r["filter"], r["read"], r["at"]) for r in rules], sort_keys=True)
        if self._ruled is None or self._ruled[0] != signature:
            self._ruled = (signature, RuleKeys.build(rules, self.rule_set))
        return self._ruled[1]
