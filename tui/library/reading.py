"""The reading state in the library's terms: which row keys are read, for the ``unread`` filter and the counts.

The state (``tui.state``) keeps explicit read values per cable and read rules (a Filter marked read or unread at
a time; the newest of a cable's explicit value and the rules it matches wins). The state never imports the
library; ``read_keys(state, library)`` joins the two into a ``ReadKeys``, and ``Library.set_read`` takes it, so
``Filter(unread=True)`` works in views, counts and searches.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from tui.library.query import Filter


@dataclasses.dataclass(frozen=True)
class ReadKeys:
    """Which row keys are read: ``keys`` when ``everything`` is False, else all but ``keys``.

    A rule on the empty filter (everything) is only ever the oldest one (tui.state compacts older ones away), so
    marking the whole library read costs no query at all.
    """

    everything: bool = False
    keys: frozenset[int] = frozenset()

    @classmethod
    def build(cls, rules: list[dict], rule_set: Callable[[dict], frozenset[int]]) -> "ReadKeys":
        """From the rules (oldest first) and ``rule_set(filter_dict) -> row keys``."""
        everything, keys = False, set()
        for rule in rules:  # oldest first: a newer rule overrides an older one
            if not rule["filter"]:
                everything, keys = rule["read"], set()
                continue
            matched = rule_set(rule["filter"])
            if rule["read"] != everything:  # read under "some", or unread under "all but": these keys join
                keys.update(matched)
            else:
                keys.difference_update(matched)
        return cls(everything, frozenset(keys))

    def has(self, key: int) -> bool:
        return (key in self.keys) != self.everything

    def count(self, keys: frozenset[int]) -> int:
        """How many of ``keys`` are read."""
        if not self.everything and not self.keys:
            return 0
        inside = len(self.keys & keys) if self.keys else 0
        return len(keys) - inside if self.everything else inside

    def with_values(self, values: dict[int, bool]) -> "ReadKeys":
        """These keys set read (True) or unread (False), the rest as they are."""
        read = {k for k, v in values.items() if v}
        unread = set(values) - read
        if self.everything:
            return ReadKeys(True, frozenset((self.keys - read) | unread))
        return ReadKeys(False, frozenset((self.keys - unread) | read))


UPTO = "upto_key"  # in a read rule's filter: only cables whose row key is at most this (those in the library then)


def rule_keys(library, filter_dict: dict) -> frozenset[int]:
    """The row keys a read rule covers: its filter's view, up to the rule's ``UPTO`` key when it has one."""
    view = library.view(rule_filter(filter_dict))
    upto = filter_dict.get(UPTO)
    return frozenset(view if upto is None else (k for k in view if k <= upto))


def rule_filter(filter_dict: dict) -> Filter:
    """The cables a rule covers. A rule made on an unread view covers that view's cables whatever their state
    (marking them read leaves the read ones read), so its ``unread`` is dropped: a rule never depends on rules."""
    return dataclasses.replace(Filter.from_dict(filter_dict), unread=False)


def read_keys(state, library) -> ReadKeys:
    """Every read cable of ``library`` by the reading ``state`` (its rules, then the explicit values that beat
    them): one ``library.view`` per rule and one lookup of the explicitly marked cables."""
    sets: dict[str, frozenset[int]] = {}

    def rule_set(filter_dict: dict) -> frozenset[int]:
        name = json.dumps(filter_dict, sort_keys=True)
        if name not in sets:
            sets[name] = rule_keys(library, filter_dict)
        return sets[name]

    ruled = ReadKeys.build(state.rules(), rule_set)
    explicit = state.explicit_read_ids()
    if not explicit:
        return ruled
    keys = library.keys_of(explicit)

    def matcher(filter_dict: dict, ids) -> set:
        matched = rule_set(filter_dict)
        return {ref for ref in ids if keys.get(ref) in matched}

    read = state.read_set(explicit, matcher)
    return ruled.with_values({k: ref in read for ref, k in keys.items()})
