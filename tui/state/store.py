"""The State: the reading state of one home in memory, its background writer and its public API (see tui.state)."""

from __future__ import annotations

import atexit
import datetime as dt
import errno
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.paths import home_dir, state_path
from tui.state.merging import HISTORY_CAP, RECENT_CAP, Data, compact_rules, merge_data, newest
from tui.safewrite import NotOurs, atomic_write, describe, write_named
from tui.state.storage import AtomicJSONStorage, BrokenStateFile, FileLock, serialize

Matcher = Callable[[dict, set], set]  # (filter_dict, reference_ids) -> the ids that match
RowMatches = Callable[[dict], bool]  # (filter_dict) -> does this one cable match


@dataclass(frozen=True)
class CableState:
    """What is known about one cable; an untouched cable is all defaults."""

    read: bool = False
    read_at: str | None = None  # UTC ISO time of the explicit mark, when read
    starred: bool = False
    note: str = ""
    scroll: int = 0


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
        self.message: str | None = None  # what to tell the user about the file as it was found
        self.last_error: Exception | None = None  # the last failed flush (retried)
        self.problem: str | None = None  # while changes cannot be saved: why, in a sentence for the user
        self._unread: OSError | None = None  # why the file could not be read at start, if it could not

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

        try:
            with FileLock(self.lock_path):
                self._remove_stale_temps()
                self._disk = self._read_disk()
        except OSError:  # a home we cannot write, a state file we cannot read: work in memory
            try:
                self._disk = self._read_disk()  # without the lock: a read-only home can still be read
            except OSError as exc:
                self.message = (f"The reading state cannot be read ({describe(exc)}); this session starts "
                                "without it and keeps its changes until they can be saved.")
                self.last_error = self._unread = exc
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

    def set_last_view(self, filter_dict: dict, sort: str | None = None, selected: str | None = None,
                      search: dict | None = None, reading: bool = True) -> None:
        """Remember the view to restore at the next start (the selected cable's scroll is per cable); ``search``:
        the full-text search the list shows in that filter (``{"query", "order"}``), if any; ``reading``: the
        selected cable was open in front (else the list was)."""
        with self._lock:
            self._mem.last_view = {"filter": dict(filter_dict), "sort": sort, "selected": selected,
                                   "search": dict(search) if search else None, "reading": bool(reading),
                                   "at": self._now()}
            self._changed()

    def last_view(self) -> dict | None:
        """``{"filter": dict, "sort": str|None, "selected": str|None, "search": dict|None, "reading": bool,
        "at": epoch}`` or None (a state written before ``reading`` has none: the cable was open)."""
        return self._mem.last_view

    # ------------------------------------------------------------------ persistence
    def flush(self) -> bool:
        """Write pending changes now (lock, re-read, merge, atomic write) and fold in other processes' changes;
        True if there were any of those. Never raises for the disk: when the file cannot be read or written
        (disk full, read-only home, a link where the file should be) the changes stay pending and in memory,
        ``last_error`` and ``problem`` say why, and the next flush tries again."""
        try:
            outside = self._flush()
        except OSError as exc:
            self._failed(exc)
            return False
        self.last_error = self.problem = None
        if outside:
            self._notify()
        return outside

    def _flush(self) -> bool:
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
        return outside

    def _failed(self, exc: OSError) -> None:
        self.last_error = exc
        self.problem = (f"The reading state could not be saved ({describe(exc)}); changes are kept and saved "
                        "when possible.")

    def reload(self) -> bool:
        """Fold in changes another process wrote; True if there were any. Cheap when the file is unchanged.
        A file that cannot be read now is left for the next try (False)."""
        with self._io_lock:
            if self._signature() == self._disk_sig:
                return False
            with self._lock:
                snap = self._mem.copy()
            try:
                with FileLock(self.lock_path):
                    disk = self._read_disk()
            except OSError:
                return False
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
        if self.pending:
            self._rescue()
        _open_states.discard(self)

    def _rescue(self) -> None:
        """At close, changes that could not be saved go to a new file in the temporary folder, and ``problem``
        says how to merge them back."""
        import tempfile

        try:
            fd, name = tempfile.mkstemp(prefix="cablereader-unsaved-state-", suffix=".json")
            os.close(fd)
            atomic_write(Path(name), serialize(self.snapshot()))
        except OSError:
            return
        self.problem = (f"The reading state could not be saved to {self.path} ({describe(self.last_error)}). "
                        f"This session's changes were written to {name}: merge them with "
                        f"'cablereader import-state {name}'.")

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def snapshot(self) -> dict:
        """The whole state as a TinyDB document (what ``export_to`` writes)."""
        with self._lock:
            return self._mem.copy().to_tinydb()

    def export_to(self, path: str | os.PathLike) -> str:
        """Write the state, including other processes' latest changes, to ``path`` (TinyDB JSON) by the rules of
        ``tui.safewrite.write_named`` (``-`` is stdout; a link, a FIFO or a device is written, not replaced);
        returns how it was written."""
        if self._unread is not None:  # exporting what could not be read would write an empty state
            raise self._unread
        self.reload()
        return write_named(path, serialize(self.snapshot()))

    def import_from(self, path: str | os.PathLike) -> dict:
        """Merge a file written by ``export_to`` (or a ``state.json``) in; newer values win per field.

        Raises :class:`BrokenStateFile` if it is not one. Returns counts: cables, rules, history, notes, starred.
        """
        if not Path(path).exists():
            raise FileNotFoundError(path)
        incoming = Data.from_tinydb(AtomicJSONStorage(path, own=False).read())
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
            if self.path.is_symlink():  # not ours to move: leave the link and whatever it leads to alone
                raise NotOurs(errno.EEXIST, f"a symbolic link to something that is not a reading state ({exc})",
                              str(self.path)) from exc
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
                except Exception as exc:  # not the disk (flush keeps those to itself): keep running all the same
                    self.last_error = exc
                if self.last_error is not None:  # retry in a second
                    self._wake.set()
                    self._stop.wait(1.0)
            else:
                try:
                    self.reload()
                except Exception as exc:
                    self.last_error = exc
