"""The reading state in the library's terms: which row keys are read, for the ``unread`` filter and the counts.

The state (``tui.state``) keeps explicit read values per cable and read rules (a Filter marked read or unread at
a time; the newest of a cable's explicit value and the rules it matches wins). The state never imports the
library; ``read_keys(state, library)`` joins the two into a ``ReadKeys``, and ``Library.set_read`` takes it, so
``Filter(unread=True)`` works in views, counts and searches.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

from tui.library.query import Filter


class ReadKeys(namedtuple("ReadKeys", "everything keys", defaults=(False, frozenset()))):
    """Which row keys are read: ``keys`` (a frozenset) when ``everything`` is False, else all but ``keys``.

    A rule on the empty filter (everything) is only ever the oldest one (tui.state compacts older ones away), so
    marking the whole library read costs no query at all. (A named tuple: see tui/library/query.py.)
    """

    __slots__ = ()

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
    return Filter.from_dict(filter_dict)._replace(unread=False)


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


# ---------------------------------------------------------------------------------------------------- the cache
# Loading the state file (TinyDB's JSON) and joining it to the library costs a command far more than its search
# (0.3-0.5 s for 20,000 touched cables). What a command needs of it, the read keys and the starred IDs, is kept
# in a small file beside the state, for the state file's content (its size and CRC-32: a read and a checksum,
# about a millisecond per MB) and the library as it is (its path, inode, highest row key and variant id): any
# change of either makes it stale. Unreadable, unwritable or stale, it is simply not used.

CACHE_MAGIC = b"cablereader reading cache 1\n"


def cached_reading(cache: Path, state_file: Path, library, open_state: Callable, keys: bool = True
                   ) -> tuple[ReadKeys | None, list[str]]:
    """(the read keys, or None unless ``keys``; the starred IDs) of the state in ``state_file`` for ``library``:
    from ``cache`` when it was made for both as they are, else from ``open_state()`` (a State, closed here) and
    written to ``cache`` for the next command."""
    names = {"state": _content_signature(state_file), "library": _library_signature(library)}
    found = _load(cache, names) if names["state"] is not None else None
    if found is not None and (found[0] is not None or not keys):
        return found
    with open_state() as state:
        read = read_keys(state, library) if keys else None
        starred = state.starred()
    if names["state"] is not None and _content_signature(state_file) == names["state"]:  # what the state read
        _save(cache, names, read, starred)
    return read, starred


def _content_signature(path: Path) -> list | None:
    """[size, CRC-32] of a regular file's bytes; None when there is none (or it is not a regular file)."""
    import os
    import stat
    import zlib

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 1 << 28:
            return None
        crc, size = 0, 0
        while chunk := os.read(fd, 1 << 20):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        return [size, crc]
    except OSError:
        return None
    finally:
        os.close(fd)


def _library_signature(library) -> list:
    import os

    st = os.stat(library.path)
    top = library.db.execute("SELECT (SELECT max(key) FROM cable), (SELECT max(id) FROM variant)").fetchone()
    return [os.path.realpath(library.path), st.st_ino, *top]


def _load(cache: Path, names: dict) -> tuple[ReadKeys | None, list[str]] | None:
    """The cache's content when it was made for ``names``, else None."""
    import os
    import stat
    from array import array

    try:
        fd = os.open(cache, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            with os.fdopen(os.dup(fd), "rb") as f:
                if f.readline() != CACHE_MAGIC:
                    return None
                head = json.loads(f.readline())
                if head.get("for") != names:
                    return None
                raw = f.read(8 * head["n"] + 1) if head["n"] is not None else b""
        finally:
            os.close(fd)
        if head["n"] is None:
            return None, list(head["starred"])
        if len(raw) != 8 * head["n"]:
            return None
        keys = array("q")
        keys.frombytes(raw)
        return ReadKeys(bool(head["everything"]), frozenset(keys)), list(head["starred"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(cache: Path, names: dict, read: ReadKeys | None, starred: list[str]) -> None:
    from array import array

    from tui.safewrite import write_own

    head = {"for": names, "starred": starred, "everything": read is not None and read.everything,
            "n": None if read is None else len(read.keys)}
    body = b"" if read is None else array("q", sorted(read.keys)).tobytes()
    try:
        write_own(cache, CACHE_MAGIC + json.dumps(head).encode() + b"\n" + body)
    except OSError:  # a home we cannot write, or not ours to write: the next command computes it again
        pass
