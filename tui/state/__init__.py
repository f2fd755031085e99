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
    state.set_last_view(filter.to_dict(), sort, selected_ref, search)   # on every view or selection change
    state.last_view() -> {"filter", "sort", "selected", "search", "at"} | None   # restore: Filter.from_dict(v["filter"]),
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
        f = f._replace(ids=tuple(keep))
        return {row.reference_id for row in library.rows(library.view(f))}
    row_matches = lambda fd: ref in matcher(fd, {ref})

Two processes on one home. Each flush takes ``fcntl.flock`` on ``home/state.lock``, re-reads the file if another
process wrote it, merges (per cable, per field, the newer ``updated`` time wins; rules, history and recents are
unions; the newer last view wins), writes atomically and folds the other process's changes into memory. When idle
the writer also checks the file every ``poll_interval`` (2 s) and folds in outside changes, then calls
``on_external_change()``, only ever from the writer thread (in Textual: ``lambda: app.call_from_thread(refresh)``;
a synchronous ``flush()``/``reload()`` returns True instead).
``export_to``/``import_from`` use the same format and the same merge (``cablereader export-state/import-state``).

The package: ``storage`` (the file: atomic TinyDB storage, the lock), ``merging`` (the data and its merge rules,
pure), ``store`` (the State).
"""

from tui.state.merging import Data, compact_rules, merge_data, merge_record
from tui.state.storage import AtomicJSONStorage, BrokenStateFile
from tui.state.store import CableState, Matcher, RowMatches, State

__all__ = ["AtomicJSONStorage", "BrokenStateFile", "CableState", "Data", "Matcher", "RowMatches", "State",
           "compact_rules", "merge_data", "merge_record"]
