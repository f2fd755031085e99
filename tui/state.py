"""Reading state: read, starred, note and scroll position per cable, plus history, last view and recents.

The file is ``home/state.json`` in TinyDB's own JSON, one document per line (``TinyDB(path).table("cables")``
reads it; tables ``cables``, ``rules``, ``history``, ``recent``, ``app``). Only touched cables have a record;
absence means unread, unstarred, no note. It is written by :class:`AtomicJSONStorage` (a TinyDB ``Storage``):
temporary file in the same folder, fsync, ``os.replace``, fsync of the folder, so a kill at any moment leaves the
old file or the new one. A file that is nonetheless unreadable is moved aside to ``state.json.broken-<UTC time>``
and a fresh state starts; :attr:`State.recovered_from` (the moved file) and :attr:`State.message` (a sentence for
the user) say so.

The app keeps one ``State`` for its lifetime::

    state = State(home)                      # loads the file, starts the background writer
    if state.message: app.notify(state.message, severity="warning")
    state.set_read(ref) / set_read(ref, False) / toggle_read(ref, row_matches)   # N
    state.toggle_starred(ref)                 # s          state.starred() -> ids, newest star first
    state.set_note(ref, text)                 # e ("" clears)   state.notes() -> [(id, note)], newest first
    state.set_scroll(ref, y)                  # on scroll  state.get(ref) -> CableState(read, read_at, starred,
    state.add_history(ref)                    # on open                               note, scroll)
    state.history() -> [(id, epoch)], newest first, one entry per cable, at most 1,000; clear_history()
    state.add_recent("goto" | "search", text) / state.recents(kind) -> [text], newest first, at most 50
    state.set_last_view(filter.to_dict(), sort, selected_ref)   # on every view or selection change
    state.last_view() -> {"filter", "sort", "selected", "at"} | None   # restore: Filter.from_dict(v["filter"]),
                                              #   then state.get(v["selected"]).scroll
    state.mark_read(filter.to_dict())         # "mark all in view read": one rule, O(1), any number of cables
    read = state.read_set(visible_ids, matcher)   # once per screenful; unread = visible - read
    state.close()                             # at exit: stops the writer, final flush (also done atexit)

Every mutation updates memory at once (O(1), a few microseconds, no disk I/O on the caller's thread) and wakes the
writer thread, which waits ``flush_delay`` (0.2 s) to gather a burst and then flushes: the change is on disk
within about a quarter second. Reads (``get``, ``is_read``, ``read_set``) touch memory only. ``flush()`` writes
synchronously (tests, scripts); ``pending`` says whether anything is not yet on disk; ``last_error`` holds a failed
background flush (it is retried).

Read rules. ``mark_read(filter_dict, read=True)`` stores the filter (``tui.library.query.Filter.to_dict()``) and a
time; a later rule with the same filter replaces it, and a rule on the empty filter (everything) drops all older
ones. Whether a cable is read is decided by the newest of: its own explicit value (``set_read``/``toggle_read``
write one), the rules whose filter it matches. This module never imports the library; the app supplies
membership: ``matcher(filter_dict, reference_ids: set) -> set`` of those ids matching the filter (``read_set``
calls it at most once per rule, newest rule first, only for ids not yet decided), or for one cable
``row_matches(filter_dict) -> bool`` (``is_read``, ``toggle_read``). Without one, rules are not applied.
``read_ids()`` (explicit reads) and ``rules()`` expose the raw parts, e.g. for counting unread cables in SQL.
A matcher on the library's API as it stands (checked against it)::

    def matcher(filter_dict, ids):
        f = Filter.from_dict(filter_dict)
        keep = set(ids) if f.ids is None else set(ids) & set(f.ids)
        f = dataclasses.replace(f, ids=tuple(keep))
        return {row.reference_id for row in library.rows(library.view(f))}
    row_matches = lambda fd: ref in matcher(fd, {ref})

Two processes on one home. Each flush takes ``fcntl.flock`` on ``home/state.lock``, re-reads the file if another
process wrote it, merges (per cable, per field, the newer ``updated`` time wins; rules, history and recents are
unions; the newer last view wins), writes atomically and folds the other process's changes into memory. When idle
the writer also checks the file every ``poll_interval`` (2 s) and folds in outside changes, then calls
``on_external_change()``, only ever from the writer thread (in Textual: ``lambda: app.call_from_thread(refresh)``;
a synchronous ``flush()``/``reload()`` returns True instead).
``export_to``/``import_from`` use the same format and the same merge (``cablereader export-state/import-state``).
"""

from __future__ import annotations

import atexit
import datetime as dt
import fcntl
import json
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tinydb.storages import Storage

from tui.paths import home_dir, state_path

FORMAT_VERSION = 1
HISTORY_CAP = 1000
RECENT_CAP = 50
FIELDS = ("read", "starred", "note", "scroll")

Matcher = Callable[[dict, set], set]  # (filter_dict, reference_ids) -> the ids that match
RowMatches = Callable[[dict], bool]  # (filter_dict) -> does this one cable match


class BrokenStateFile(Exception):
    """The state file exists but is not a TinyDB JSON document."""


# ---------------------------------------------------------------------------------------------------------------
# The file: atomic TinyDB storage and the inter-process lock


class AtomicJSONStorage(Storage):
    """TinyDB storage writing the whole document atomically, one document per line for readability.

    ``read`` returns None for a missing or empty file and raises :class:`BrokenStateFile` for one that does not
    parse. Works with plain TinyDB too: ``TinyDB(path, storage=AtomicJSONStorage)``. With ``reuse_lines`` the
    JSON line of a document object seen in the previous write is reused, so unchanged documents cost nothing to
    write; only for callers that never mutate a document after writing it (the State replaces its records).
    """

    def __init__(self, path: str | os.PathLike, reuse_lines: bool = False):
        super().__init__()
        self.path = Path(path)
        self._lines: dict[int, tuple] | None = {} if reuse_lines else None

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BrokenStateFile(f"not JSON ({exc})") from exc
        if not isinstance(data, dict) or not all(
                isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in data.values()):
            raise BrokenStateFile("JSON but not a TinyDB document (tables of documents)")
        return data

    def write(self, data: dict) -> None:
        if self._lines is None:
            atomic_write(self.path, serialize(data))
        else:
            lines: dict[int, tuple] = {}
            atomic_write(self.path, serialize(data, self._lines, lines))
            self._lines = lines


_compact = json.JSONEncoder(separators=(",", ":")).encode


def serialize(data: dict, old: dict | None = None, new: dict | None = None) -> bytes:
    """TinyDB's JSON layout (table -> doc id -> document), one document per line.

    ``old``/``new``: caches of rows by document identity (``id(doc) -> (doc, doc id, row)``); ``new`` is filled.
    """
    parts = []
    for table, docs in data.items():
        rows = []
        for k, d in docs.items():
            hit = old.get(id(d)) if old is not None else None
            if hit is not None and hit[0] is d and hit[1] == k:
                row = hit[2]
            else:
                row = f"{json.dumps(str(k))}: {_compact(d)}"
            if new is not None:
                new[id(d)] = (d, k, row)
            rows.append(row)
        body = ",\n".join(rows)
        parts.append(f"{json.dumps(table)}: {{\n{body}\n}}" if rows else f"{json.dumps(table)}: {{}}")
    return ("{" + ",\n".join(parts) + "}\n").encode("ascii")


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old file or the new one, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # disk full, say: the old file stays as it was
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


class FileLock:
    """An exclusive ``flock`` on a lock file, held for one read-merge-write. Released by the kernel on death."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> "FileLock":
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


# ---------------------------------------------------------------------------------------------------------------
# The data and its merge rules (pure: no I/O, no threads)


@dataclass(frozen=True)
class CableState:
    """What is known about one cable; an untouched cable is all defaults."""

    read: bool = False
    read_at: str | None = None  # UTC ISO time of the explicit mark, when read
    starred: bool = False
    note: str = ""
    scroll: int = 0


@dataclass
class Data:
    """Everything in a state file, in memory.

    ``cables``: reference id -> record ``{"id", <field>: value..., "read_at", "updated": {field: epoch}}``
    holding only the fields ever set. Records are replaced, never mutated, so a shallow copy is a snapshot.
    ``history`` and ``recent[kind]``: key -> epoch, oldest first (dict order); readers sort and cap.
    """

    cables: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)  # {"filter": dict, "read": bool, "at": epoch}, oldest first
    history: dict = field(default_factory=dict)
    history_cleared_at: float = 0.0
    recent: dict = field(default_factory=dict)  # kind -> {text: epoch}
    last_view: dict | None = None  # {"filter", "sort", "selected", "at"}

    def copy(self) -> "Data":
        return Data(dict(self.cables), list(self.rules), dict(self.history), self.history_cleared_at,
                    {k: dict(v) for k, v in self.recent.items()}, self.last_view)

    # TinyDB document <-> Data
    @classmethod
    def from_tinydb(cls, raw: dict | None) -> "Data":
        """Read a TinyDB document; documents of the wrong shape are skipped, not fatal."""
        raw = raw or {}
        data = cls()

        def docs(table: str, *keys: str) -> list[dict]:
            return [d for d in raw.get(table, {}).values() if all(k in d for k in keys)]

        for doc in docs("cables", "id", "updated"):
            upd = doc["updated"]
            if isinstance(doc["id"], str) and isinstance(upd, dict) and all(
                    f in FIELDS and _is_time(t) and f in doc for f, t in upd.items()):
                data.cables[doc["id"]] = doc
        data.rules = compact_rules(d for d in docs("rules", "filter", "read", "at")
                                   if isinstance(d["filter"], dict) and _is_time(d["at"]))
        app = next(iter(docs("app")), {})
        if _is_time(app.get("history_cleared_at")):
            data.history_cleared_at = app["history_cleared_at"]
        if isinstance(app.get("last_view"), dict) and _is_time(app["last_view"].get("at")):
            data.last_view = app["last_view"]
        for doc in reversed(docs("history", "id", "at")):  # stored newest first
            if isinstance(doc["id"], str) and _is_time(doc["at"]):
                data.history[doc["id"]] = doc["at"]
        for doc in reversed(docs("recent", "kind", "text", "at")):
            if isinstance(doc["text"], str) and _is_time(doc["at"]):
                data.recent.setdefault(str(doc["kind"]), {})[doc["text"]] = doc["at"]
        return data

    def to_tinydb(self) -> dict:
        def table(docs: Iterable[dict]) -> dict:
            return {str(i): d for i, d in enumerate(docs, 1)}

        recent = []
        for kind, entries in sorted(self.recent.items()):
            recent += [{"kind": kind, "text": t, "at": at} for t, at in newest(entries, RECENT_CAP)]
        app = {"version": FORMAT_VERSION, "history_cleared_at": self.history_cleared_at,
               "last_view": self.last_view}
        return {
            "app": table([app]),
            "cables": table(self.cables.values()),
            "rules": table(self.rules),
            "history": table({"id": r, "at": at} for r, at in self.history_items()),
            "recent": table(recent),
        }

    def history_items(self, limit: int = HISTORY_CAP) -> list[tuple[str, float]]:
        return [(r, at) for r, at in newest(self.history, limit) if at > self.history_cleared_at]


def _is_time(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def newest(entries: dict, limit: int) -> list[tuple[str, float]]:
    return sorted(entries.items(), key=lambda kv: kv[1], reverse=True)[:limit]


def _pick(a_val, a_ts: float, b_val, b_ts: float) -> bool:
    """True when side b wins: newer time, ties broken by value so every process converges on one answer."""
    if b_ts != a_ts:
        return b_ts > a_ts
    return json.dumps(b_val, sort_keys=True) > json.dumps(a_val, sort_keys=True)


def merge_record(a: dict | None, b: dict | None) -> dict:
    """Per field, the newer of two records of the same cable."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    out = {"id": a["id"]}
    updated = {}
    for f in FIELDS:
        ta, tb = a["updated"].get(f), b["updated"].get(f)
        if ta is None and tb is None:
            continue
        src = b if ta is None or (tb is not None and _pick(a.get(f), ta, b.get(f), tb)) else a
        out[f] = src[f]
        updated[f] = src["updated"][f]
        if f == "read" and src.get("read_at"):
            out["read_at"] = src["read_at"]
    out["updated"] = updated
    return out


def rule_key(rule: dict) -> str:
    return json.dumps(rule["filter"], sort_keys=True)


def compact_rules(rules: Iterable[dict]) -> list[dict]:
    """Keep the newest rule per filter; a rule on the empty filter (everything) drops every older rule."""
    latest: dict[str, dict] = {}
    for r in rules:
        k = rule_key(r)
        if k not in latest or _pick(latest[k]["read"], latest[k]["at"], r["read"], r["at"]):
            latest[k] = r
    ordered = sorted(latest.values(), key=lambda r: (r["at"], rule_key(r)))
    everything = [i for i, r in enumerate(ordered) if not r["filter"]]
    return ordered[everything[-1]:] if everything else ordered


def merge_data(a: Data, b: Data) -> Data:
    """The union of two states under the merge rules. Neither input is changed."""
    out = a.copy()
    for ref, rec in b.cables.items():
        mine = out.cables.get(ref)
        if mine != rec:
            out.cables[ref] = merge_record(mine, rec)
    out.rules = compact_rules(a.rules + b.rules) if a.rules != b.rules else list(a.rules)
    for ref, at in b.history.items():
        if at > out.history.get(ref, 0.0):
            out.history.pop(ref, None)
            out.history[ref] = at
    out.history_cleared_at = max(a.history_cleared_at, b.history_cleared_at)
    for kind, entries in b.recent.items():
        mine = out.recent.setdefault(kind, {})
        for text, at in entries.items():
            if at > mine.get(text, 0.0):
                mine.pop(text, None)
                mine[text] = at
    if b.last_view and (not a.last_view or b.last_view.get("at", 0) > a.last_view.get("at", 0)):
        out.last_view = b.last_view
    return out


# ---------------------------------------------------------------------------------------------------------------
# The State: memory, the background writer, the public API

_open_states: "weakref.WeakSet[State]" = weakref.WeakSet()


@atexit.register
def _close_open_states() -> None:
    """Last chance for a State the app forgot to close: flush what is pending."""
    for st in list(_open_states):
        try:
            st.close()
        except OSError:
            pass


class State:
    """The reading state of one home folder. Thread-safe; mutations never touch the disk on the caller's thread.

    ``background=False`` runs no writer thread (for scripts and the CLI): changes reach the disk on ``flush()``
    or ``close()``. ``flush_delay`` is the debounce before a background flush; ``poll_interval`` how often the
    writer looks for changes made by another process.
    """

    def __init__(self, home: str | os.PathLike | None = None, *, background: bool = True,
                 flush_delay: float = 0.2, poll_interval: float = 2.0,
                 on_external_change: Callable[[], None] | None = None):
        self.home = home_dir(home)
        self.path = state_path(self.home)
        self.lock_path = self.home / "state.lock"
        self.storage = AtomicJSONStorage(self.path, reuse_lines=True)
        self.flush_delay = flush_delay
        self.poll_interval = poll_interval
        self.on_external_change = on_external_change
        self.recovered_from: Path | None = None  # where an unreadable file was moved
        self.message: str | None = None  # what to tell the user about it
        self.last_error: Exception | None = None  # the last failed background flush (retried)

        self._lock = threading.Lock()  # guards the memory below
        self._io_lock = threading.Lock()  # one flush at a time in this process
        self._mem = Data()
        self._version = 0  # bumped by every mutation
        self._flushed_version = 0
        self._last_ts = 0.0
        self._disk: Data = Data()  # what the file held when last read or written
        self._disk_sig: tuple | None = None
        self._closed = False
        self._wake = threading.Event()  # set by every change; the writer waits on it
        self._stop = threading.Event()

        with FileLock(self.lock_path):
            self._remove_stale_temps()
            self._disk = self._read_disk()
        self._mem = self._disk.copy()
        self._thread = None
        if background:
            self._thread = threading.Thread(target=self._run, name="state-writer", daemon=True)
            self._thread.start()
        _open_states.add(self)

    # ------------------------------------------------------------------ per cable
    def get(self, ref: str) -> CableState:
        """The cable's stored values. ``read`` here is the explicit value only: use ``is_read`` to apply rules."""
        rec = self._mem.cables.get(ref)
        if rec is None:
            return CableState()
        return CableState(read=rec.get("read", False), read_at=rec.get("read_at") if rec.get("read") else None,
                          starred=rec.get("starred", False), note=rec.get("note", ""), scroll=rec.get("scroll", 0))

    def set_read(self, ref: str, read: bool = True) -> None:
        """Mark one cable read or unread explicitly (this beats any older rule)."""
        self._set(ref, "read", bool(read))

    def toggle_read(self, ref: str, row_matches: RowMatches | None = None) -> bool:
        """Flip what ``is_read`` says and store it explicitly; returns the new value."""
        value = not self.is_read(ref, row_matches)
        self.set_read(ref, value)
        return value

    def is_read(self, ref: str, row_matches: RowMatches | None = None) -> bool:
        """The newest of the cable's explicit value and the rules it matches (rules need ``row_matches``)."""
        rec = self._mem.cables.get(ref)
        explicit_at = rec["updated"].get("read", 0.0) if rec else 0.0
        if row_matches is not None:
            for rule in reversed(self._mem.rules):  # newest first
                if rule["at"] <= explicit_at:
                    break
                if row_matches(rule["filter"]):
                    return rule["read"]
        return bool(rec and rec.get("read", False))

    def read_set(self, refs: Iterable[str], matcher: Matcher | None = None) -> set[str]:
        """Which of ``refs`` are read; asks ``matcher`` at most once per rule (newest first)."""
        cables, rules = self._mem.cables, list(self._mem.rules)
        explicit = {}
        for ref in refs:
            rec = cables.get(ref)
            explicit[ref] = (rec["updated"].get("read", 0.0), rec.get("read", False)) if rec else (0.0, False)
        read: set[str] = set()
        pending = set(explicit)
        if matcher is not None:
            for rule in reversed(rules):
                if not pending:
                    break
                decided = {r for r in pending if explicit[r][0] >= rule["at"]}
                read.update(r for r in decided if explicit[r][1])
                pending -= decided
                if pending:
                    hit = set(matcher(rule["filter"], set(pending))) & pending
                    if rule["read"]:
                        read |= hit
                    pending -= hit
        read.update(r for r in pending if explicit[r][1])
        return read

    def read_ids(self) -> set[str]:
        """Cables explicitly marked read (rules not applied)."""
        return {rec["id"] for rec in self._records() if rec.get("read")}

    def explicit_read_ids(self) -> set[str]:
        """Cables with an explicit read value, read or unread (it beats older rules); for counting a view."""
        return {rec["id"] for rec in self._records() if "read" in rec["updated"]}

    def set_starred(self, ref: str, starred: bool = True) -> None:
        self._set(ref, "starred", bool(starred))

    def toggle_starred(self, ref: str) -> bool:
        value = not self.get(ref).starred
        self.set_starred(ref, value)
        return value

    def starred(self) -> list[str]:
        """Starred reference ids, most recently starred first (for the starred view: ``Filter(ids=...)``)."""
        recs = [r for r in self._records() if r.get("starred")]
        return [r["id"] for r in sorted(recs, key=lambda r: r["updated"]["starred"], reverse=True)]

    def set_note(self, ref: str, text: str) -> None:
        """Set the cable's note; an empty text clears it."""
        self._set(ref, "note", str(text))

    def notes(self) -> list[tuple[str, str]]:
        """(reference id, note) for every cable with a note, most recently edited first."""
        recs = [r for r in self._records() if r.get("note")]
        return [(r["id"], r["note"]) for r in sorted(recs, key=lambda r: r["updated"]["note"], reverse=True)]

    def set_scroll(self, ref: str, y: int) -> None:
        self._set(ref, "scroll", int(y))

    # ------------------------------------------------------------------ rules
    def mark_read(self, filter_dict: dict, read: bool = True) -> dict:
        """Mark every cable matching ``filter_dict`` (a ``Filter.to_dict()``) read (or unread): one rule."""
        with self._lock:
            rule = {"filter": dict(filter_dict), "read": bool(read), "at": self._now()}
            self._mem.rules = compact_rules(self._mem.rules + [rule])
            self._changed()
        return rule

    def rules(self) -> list[dict]:
        """The read rules, oldest first: ``{"filter": dict, "read": bool, "at": epoch}``."""
        return list(self._mem.rules)

    # ------------------------------------------------------------------ app-wide
    def add_history(self, ref: str) -> None:
        """Record that a cable was opened (it moves to the top of the history)."""
        with self._lock:
            h = self._mem.history
            h.pop(ref, None)
            h[ref] = self._now()
            if len(h) > 2 * HISTORY_CAP:
                self._mem.history = dict(newest(h, HISTORY_CAP)[::-1])
            self._changed()

    def history(self, limit: int = HISTORY_CAP) -> list[tuple[str, float]]:
        """(reference id, epoch opened), newest first."""
        with self._lock:
            return self._mem.history_items(limit)

    def clear_history(self) -> None:
        with self._lock:
            self._mem.history_cleared_at = self._now()
            self._mem.history = {}
            self._changed()

    def add_recent(self, kind: str, text: str) -> None:
        """Remember a go-to (``kind="goto"``) or search (``kind="search"``) entry."""
        with self._lock:
            entries = self._mem.recent.setdefault(kind, {})
            entries.pop(text, None)
            entries[text] = self._now()
            if len(entries) > 2 * RECENT_CAP:
                self._mem.recent[kind] = dict(newest(entries, RECENT_CAP)[::-1])
            self._changed()

    def recents(self, kind: str, limit: int = RECENT_CAP) -> list[str]:
        """Recent entries of one kind, newest first."""
        with self._lock:
            return [t for t, _ in newest(self._mem.recent.get(kind, {}), limit)]

    def set_last_view(self, filter_dict: dict, sort: str | None = None, selected: str | None = None) -> None:
        """Remember the view to restore at the next start (the selected cable's scroll is per cable)."""
        with self._lock:
            self._mem.last_view = {"filter": dict(filter_dict), "sort": sort, "selected": selected,
                                   "at": self._now()}
            self._changed()

    def last_view(self) -> dict | None:
        """``{"filter": dict, "sort": str|None, "selected": str|None, "at": epoch}`` or None."""
        return self._mem.last_view

    # ------------------------------------------------------------------ persistence
    def flush(self) -> bool:
        """Write pending changes now (lock, re-read, merge, atomic write) and fold in other processes' changes;
        True if there were any of those."""
        with self._io_lock:
            with self._lock:
                snap, version = self._mem.copy(), self._version
            with FileLock(self.lock_path):
                foreign = self._signature() != self._disk_sig  # someone else wrote since our last look
                disk = self._read_disk()
                merged = merge_data(disk, snap)
                if merged != disk:
                    self.storage.write(merged.to_tinydb())
                    self._disk, self._disk_sig = merged, self._signature()
            outside = foreign and self._absorb(disk, snap)
            with self._lock:
                self._flushed_version = max(self._flushed_version, version)
        if outside:
            self._notify()
        return outside

    def reload(self) -> bool:
        """Fold in changes another process wrote; True if there were any. Cheap when the file is unchanged."""
        with self._io_lock:
            if self._signature() == self._disk_sig:
                return False
            with self._lock:
                snap = self._mem.copy()
            with FileLock(self.lock_path):
                disk = self._read_disk()
            changed = self._absorb(disk, snap)
        if changed:
            self._notify()
        return changed

    @property
    def pending(self) -> bool:
        """True while some change has not reached the disk."""
        return self._version != self._flushed_version

    def close(self) -> None:
        """Stop the writer and flush. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        self.flush()
        _open_states.discard(self)

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def snapshot(self) -> dict:
        """The whole state as a TinyDB document (what ``export_to`` writes)."""
        with self._lock:
            return self._mem.copy().to_tinydb()

    def export_to(self, path: str | os.PathLike) -> None:
        """Write the state, including other processes' latest changes, to ``path`` (TinyDB JSON)."""
        self.reload()
        atomic_write(Path(path), serialize(self.snapshot()))

    def import_from(self, path: str | os.PathLike) -> dict:
        """Merge a file written by ``export_to`` (or a ``state.json``) in; newer values win per field.

        Raises :class:`BrokenStateFile` if it is not one. Returns counts: cables, rules, history, notes, starred.
        """
        if not Path(path).exists():
            raise FileNotFoundError(path)
        incoming = Data.from_tinydb(AtomicJSONStorage(path).read())
        with self._lock:
            self._mem = merge_data(self._mem, incoming)
            self._changed()
        return {"cables": len(incoming.cables), "rules": len(incoming.rules), "history": len(incoming.history),
                "notes": sum(1 for r in incoming.cables.values() if r.get("note")),
                "starred": sum(1 for r in incoming.cables.values() if r.get("starred"))}

    # ------------------------------------------------------------------ internals
    def _now(self) -> float:
        """Wall-clock epoch, strictly increasing within this process (call with the lock held)."""
        t = max(time.time(), self._last_ts + 1e-6)
        self._last_ts = t
        return t

    def _records(self) -> list[dict]:
        with self._lock:
            return list(self._mem.cables.values())

    def _notify(self) -> None:
        """Tell the app about outside changes, only from the writer thread (a sync flush or reload returns them)."""
        if self.on_external_change and threading.current_thread() is self._thread:
            self.on_external_change()

    def _changed(self) -> None:
        self._version += 1
        self._wake.set()

    def _set(self, ref: str, fld: str, value) -> None:
        with self._lock:
            old = self._mem.cables.get(ref) or {"id": ref, "updated": {}}
            now = self._now()
            rec = {**old, fld: value, "updated": {**old["updated"], fld: now}}
            if fld == "read":
                if value:
                    rec["read_at"] = dt.datetime.fromtimestamp(now, dt.timezone.utc).isoformat(timespec="seconds")
                else:
                    rec.pop("read_at", None)
            self._mem.cables[ref] = rec
            self._changed()

    def _signature(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _read_disk(self) -> Data:
        """The file's content (lock held). Unchanged since our last look: no parse. Unreadable: moved aside."""
        sig = self._signature()
        if sig is not None and sig == self._disk_sig:
            return self._disk
        try:
            data = Data.from_tinydb(self.storage.read())
        except BrokenStateFile as exc:
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            aside = self.path.with_name(f"{self.path.name}.broken-{stamp}")
            n = 1
            while aside.exists():
                n += 1
                aside = self.path.with_name(f"{self.path.name}.broken-{stamp}-{n}")
            os.replace(self.path, aside)
            self.recovered_from = aside
            self.message = (f"The reading state {self.path} could not be read ({exc}). It was moved to "
                            f"{aside.name} and a fresh state was started.")
            data, sig = Data(), None
            self._wake.set()  # memory may hold what the broken file had: write it again
        self._disk, self._disk_sig = data, sig
        return data

    def _remove_stale_temps(self) -> None:
        """Temporary files left by a killed writer (lock held, so no live writer owns one)."""
        for tmp in self.home.glob(f".{self.path.name}.*.tmp"):
            tmp.unlink(missing_ok=True)

    def _absorb(self, disk: Data, snap: Data) -> bool:
        """Fold into memory what ``disk`` has that our snapshot did not (another process's changes)."""
        foreign = Data()
        mine = snap.cables
        foreign.cables = {r: rec for r, rec in disk.cables.items() if (m := mine.get(r)) is not rec and m != rec}
        foreign.rules = disk.rules if disk.rules != snap.rules else []
        foreign.history = {r: at for r, at in disk.history.items() if snap.history.get(r) != at}
        foreign.history_cleared_at = disk.history_cleared_at
        foreign.recent = {k: {t: at for t, at in v.items() if snap.recent.get(k, {}).get(t) != at}
                          for k, v in disk.recent.items()}
        foreign.last_view = disk.last_view if disk.last_view != snap.last_view else None
        if not (foreign.cables or foreign.rules or foreign.history or any(foreign.recent.values())
                or foreign.last_view or disk.history_cleared_at > snap.history_cleared_at):
            return False
        with self._lock:
            merged = merge_data(self._mem, foreign)
            changed = merged != self._mem
            self._mem = merged
        return changed

    def _run(self) -> None:
        """The writer: debounce a burst of changes, flush; otherwise poll the file for outside changes."""
        while not self._stop.is_set():
            if self._wake.wait(self.poll_interval):
                self._stop.wait(self.flush_delay)
                self._wake.clear()
                if self._stop.is_set():
                    return  # close() flushes
                try:
                    self.flush()
                    self.last_error = None
                except Exception as exc:  # keep running; retry on the next change or poll
                    self.last_error = exc
                    self._wake.set()
                    self._stop.wait(1.0)
            else:
                try:
                    self.reload()
                except Exception as exc:
                    self.last_error = exc
