"""The reading state's API: per-cable values, rules, history, last view, recents, recovery, merge, export."""

from __future__ import annotations

import json
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from tinydb import Query, TinyDB

from tui.paths import state_path
from tui.state import BrokenStateFile, CableState, Data, State, compact_rules, merge_data, merge_record


@pytest.fixture
def state(temp_home):
    st = State(temp_home, background=False)
    yield st
    st.close()


def reopen(st: State) -> State:
    st.close()
    return State(st.home, background=False)


def test_untouched_cable_is_all_defaults_and_not_stored(state, temp_home):
    assert state.get("10MEXICO83") == CableState()
    state.set_starred("10MEXICO83")
    state.flush()
    ids = [d["id"] for d in TinyDB(state_path(temp_home)).table("cables").all()]
    assert ids == ["10MEXICO83"]


def test_read_star_note_scroll_survive_reopen(state):
    state.set_read("A")
    state.set_starred("B")
    state.set_note("C", "check the REF line")
    state.set_scroll("A", 120)
    state = reopen(state)
    a = state.get("A")
    assert a.read and a.read_at and a.scroll == 120 and not a.starred
    assert state.get("B").starred and not state.get("B").read
    assert state.get("C").note == "check the REF line"
    assert state.starred() == ["B"]
    assert state.notes() == [("C", "check the REF line")]
    assert state.read_ids() == {"A"}


def test_toggles_and_clearing(state):
    assert state.toggle_starred("A") is True
    assert state.toggle_starred("A") is False
    assert state.toggle_read("A") is True
    assert state.toggle_read("A") is False
    assert state.get("A").read_at is None
    state.set_note("A", "x")
    state.set_note("A", "")
    assert state.notes() == [] and state.starred() == []


def test_starred_and_notes_newest_first(state):
    for ref in ("A", "B", "C"):
        state.set_starred(ref)
        state.set_note(ref, ref.lower())
    state.set_starred("A", False)
    state.set_starred("A")
    assert state.starred() == ["A", "C", "B"]
    assert [r for r, _ in state.notes()] == ["C", "B", "A"]


def test_file_is_tinydb_json(state, temp_home):
    state.set_note("10MEXICO83", "ünïcode note")
    state.add_history("10MEXICO83")
    state.flush()
    db = TinyDB(state_path(temp_home))
    assert set(db.tables()) >= {"cables", "rules", "history", "recent", "app"}
    doc = db.table("cables").get(Query().id == "10MEXICO83")
    assert doc["note"] == "ünïcode note" and "note" in doc["updated"]
    assert db.table("history").all()[0]["id"] == "10MEXICO83"


# --- rules -------------------------------------------------------------------------------------------------------

CORPUS = {f"10MEXICO{i}": ("MEXICO" if i % 2 else "PARIS") for i in range(100)}


def matcher(calls: list | None = None):
    def match(filter_dict: dict, refs: set) -> set:
        if calls is not None:
            calls.append(len(refs))
        origin = filter_dict.get("origin")
        return {r for r in refs if origin is None or CORPUS[r] == origin}
    return match


def row_matches(ref: str):
    return lambda f: matcher()(f, {ref}) == {ref}


def test_mark_read_rule_covers_the_view(state):
    state.mark_read({"origin": "MEXICO"})
    read = state.read_set(CORPUS, matcher())
    assert read == {r for r, o in CORPUS.items() if o == "MEXICO"}
    assert state.is_read("10MEXICO1", row_matches("10MEXICO1"))
    assert not state.is_read("10MEXICO2", row_matches("10MEXICO2"))
    assert len(state.rules()) == 1 and state.read_ids() == set()


def test_explicit_change_after_rule_wins_and_rule_after_explicit_wins(state):
    state.set_read("10MEXICO2")  # PARIS, read explicitly
    state.set_read("10MEXICO3", False)  # MEXICO, unread explicitly, then covered by a newer rule
    state.mark_read({"origin": "MEXICO"})
    assert state.toggle_read("10MEXICO1", row_matches("10MEXICO1")) is False  # rule said read -> explicit unread
    read = state.read_set(CORPUS, matcher())
    assert "10MEXICO1" not in read and "10MEXICO3" in read and "10MEXICO2" in read
    state.mark_read({"origin": "PARIS"}, read=False)
    read = state.read_set(CORPUS, matcher())
    assert "10MEXICO2" not in read and "10MEXICO5" in read
    state = reopen(state)
    assert state.read_set(CORPUS, matcher()) == read


def test_read_set_asks_matcher_once_per_rule_and_rules_compact(state):
    state.mark_read({"origin": "PARIS"})
    state.mark_read({"origin": "MEXICO"})
    state.mark_read({"origin": "MEXICO"})  # same filter again: replaces, not adds
    assert len(state.rules()) == 2
    calls = []
    state.read_set(list(CORPUS)[:30], matcher(calls))
    assert len(calls) == 2
    state.mark_read({})  # everything: older rules are moot
    assert [r["filter"] for r in state.rules()] == [{}]
    assert state.read_set(CORPUS, matcher()) == set(CORPUS)


def test_without_matcher_rules_are_not_applied(state):
    state.mark_read({})
    state.set_read("A")
    assert state.read_set(["A", "B"]) == {"A"}
    assert not state.is_read("B")


def test_mark_100k_read_is_fast_and_small(state, temp_home):
    view = {f"09BULK{i}" for i in range(100_000)}
    t0 = time.perf_counter()
    state.mark_read({"origin": "Embassy Bulk", "year": 2009})
    state.flush()
    assert time.perf_counter() - t0 < 1.0
    assert state_path(temp_home).stat().st_size < 2000
    read = state.read_set(view | {"10OTHER1"}, lambda f, refs: refs & view)
    assert read == view


# --- history, last view, recents -----------------------------------------------------------------------------------

def test_history_newest_first_deduplicated_capped(state):
    for i in range(1205):
        state.add_history(f"C{i % 1100}")
    hist = [r for r, _ in state.history()]
    assert hist[0] == "C104" and hist[1] == "C103" and len(hist) == 1000 and len(set(hist)) == 1000
    state = reopen(state)
    assert [r for r, _ in state.history()] == hist
    state.clear_history()
    assert reopen(state).history() == []


def test_last_view_and_recents(state):
    assert state.last_view() is None
    state.set_last_view({"origin": "Embassy Mexico", "year": 2010}, "created", "10MEXICO83")
    for i in range(60):
        state.add_recent("goto", f"q{i}")
    state.add_recent("search", "human rights")
    state.add_recent("goto", "q3")
    state = reopen(state)
    view = state.last_view()
    assert view["filter"] == {"origin": "Embassy Mexico", "year": 2010}
    assert (view["sort"], view["selected"]) == ("created", "10MEXICO83")
    gotos = state.recents("goto")
    assert gotos[:3] == ["q3", "q59", "q58"] and len(gotos) == 50
    assert state.recents("search") == ["human rights"]


# --- durability ------------------------------------------------------------------------------------------------

def test_background_writer_flushes_within_a_second(temp_home):
    st = State(temp_home)
    try:
        st.set_note("A", "soon")
        t0 = time.monotonic()
        path = state_path(temp_home)
        while time.monotonic() - t0 < 1.0:
            if path.exists() and "soon" in path.read_text():
                break
            time.sleep(0.02)
        assert "soon" in path.read_text()
        deadline = time.monotonic() + 1.0  # the writer marks it flushed just after the rename
        while st.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not st.pending
    finally:
        st.close()


def test_mutation_does_no_disk_io_on_callers_thread(temp_home, monkeypatch):
    st = State(temp_home)
    try:
        import tui.state.storage as mod
        main = __import__("threading").get_ident()
        seen = []
        real = mod.write_own
        monkeypatch.setattr(mod, "write_own", lambda *a: (seen.append(__import__("threading").get_ident()),
                                                             real(*a)))
        st.set_read("A")
        st.set_starred("B")
        deadline = time.monotonic() + 2
        while st.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        assert seen and main not in seen
    finally:
        st.close()


@pytest.mark.parametrize("content", [b'{"cables": {"1": {"id": "A", "upd', b"not json at all", b"[1, 2, 3]",
                                     b"\xff\xfe\x00garbage"])
def test_unreadable_file_is_moved_aside_with_a_message(temp_home, content):
    path = state_path(temp_home)
    path.write_bytes(content)
    st = State(temp_home, background=False)
    assert st.recovered_from is not None and st.recovered_from.read_bytes() == content
    assert st.recovered_from.name.startswith("state.json.broken-")
    assert "could not be read" in st.message and st.recovered_from.name in st.message
    assert not path.exists()
    st.set_starred("A")
    st.close()
    again = State(temp_home, background=False)
    assert again.recovered_from is None and again.message is None and again.starred() == ["A"]
    again.close()


def test_stale_temp_files_are_removed(temp_home):
    stale = temp_home / ".state.json.999.1.tmp"
    stale.write_text("half a write")
    State(temp_home, background=False).close()
    assert not stale.exists()


# --- two instances, merge, export/import ---------------------------------------------------------------------

def test_two_instances_merge_per_field(temp_home):
    a = State(temp_home, background=False)
    b = State(temp_home, background=False)
    a.set_starred("X")
    a.set_note("Z", "from a")
    b.set_note("Y", "from b")
    b.set_note("Z", "from b, later")
    a.mark_read({"origin": "MEXICO"})
    a.flush()
    b.flush()  # re-reads a's file, merges, writes
    assert b.get("X").starred and b.get("Z").note == "from b, later" and len(b.rules()) == 1
    assert a.reload() is True
    assert a.get("Y").note == "from b" and a.get("Z").note == "from b, later"
    a.close()
    b.close()
    c = State(temp_home, background=False)
    assert c.get("X").starred and c.get("Y").note == "from b" and c.rules()[0]["filter"] == {"origin": "MEXICO"}
    c.close()


def test_writer_picks_up_other_instance_changes(temp_home):
    seen = []
    a = State(temp_home, poll_interval=0.1, on_external_change=lambda: seen.append(1))
    b = State(temp_home, background=False)
    b.set_starred("FROM_B")
    b.flush()
    deadline = time.monotonic() + 2
    while not a.get("FROM_B").starred and time.monotonic() < deadline:
        time.sleep(0.02)
    assert a.get("FROM_B").starred and seen
    a.close()
    b.close()


def test_export_import_round_trip(state, tmp_path):
    other = State(tmp_path / "other", background=False)
    other.set_starred("A")
    other.set_note("B", "older note, loses")
    state.set_note("B", "")  # newer: clears it
    state.set_read("A")
    state.set_starred("B")
    state.set_note("C", "n")
    state.add_history("A")
    state.add_recent("search", "nuclear")
    state.mark_read({"tag": "PGOV"})
    state.set_last_view({"tag": "PGOV"}, "created", "A")
    out = tmp_path / "export.json"
    state.export_to(out)
    assert json.loads(out.read_text())["cables"]

    other.set_note("C", "older? no: newer note on the other machine")
    counts = other.import_from(out)
    assert counts["cables"] == 3 and counts["starred"] == 1 and counts["rules"] == 1
    assert other.get("A").read and other.get("A").starred and other.get("B").starred
    assert other.get("B").note == ""
    assert other.get("C").note == "older? no: newer note on the other machine"
    assert other.history()[0][0] == "A" and other.recents("search") == ["nuclear"]
    assert other.rules() == state.rules() and other.last_view() == state.last_view()
    other = reopen(other)
    assert other.get("B").starred
    other.close()


def test_import_of_a_broken_file_raises(state, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(BrokenStateFile):
        state.import_from(bad)


# --- merge laws: every process converges on the same state, whatever the order of flushes -------------------

_times = hs.sampled_from([1.0, 2.0, 3.0, 4.0])
_field_values = {"read": hs.booleans(), "starred": hs.booleans(), "note": hs.sampled_from(["", "a", "b"]),
                 "scroll": hs.integers(0, 3)}


@hs.composite
def records(draw, ref="R"):
    rec, updated = {"id": ref}, {}
    for f, values in _field_values.items():
        if draw(hs.booleans()):
            rec[f] = draw(values)
            updated[f] = draw(_times)
            if f == "read" and rec[f]:
                rec["read_at"] = f"t{updated[f]}"
    rec["updated"] = updated
    return rec


@hs.composite
def datas(draw):
    d = Data()
    for ref in draw(hs.lists(hs.sampled_from("ABC"), unique=True)):
        d.cables[ref] = draw(records(ref))
    rules = sorted(({"filter": {"tag": t}, "read": r, "at": at} for t, r, at in
                    draw(hs.lists(hs.tuples(hs.sampled_from(["X", "Y"]), hs.booleans(), _times), max_size=3))),
                   key=lambda r: r["at"])
    d.rules = compact_rules(rules)
    d.history = draw(hs.dictionaries(hs.sampled_from("ABC"), _times))
    return d


def _canon(d: Data) -> tuple:
    return (d.cables, sorted(map(json.dumps, d.rules)), sorted(d.history.items()))


@settings(max_examples=300, deadline=None)
@given(records(), records(), records())
def test_record_merge_is_commutative_associative_idempotent(a, b, c):
    assert merge_record(a, b) == merge_record(b, a)
    assert merge_record(merge_record(a, b), c) == merge_record(a, merge_record(b, c))
    assert merge_record(a, a) == a


@settings(max_examples=200, deadline=None)
@given(datas(), datas())
def test_state_merge_converges(a, b):
    assert _canon(merge_data(a, b)) == _canon(merge_data(b, a))
    ab = merge_data(a, b)
    assert _canon(merge_data(ab, a)) == _canon(ab)


def test_failed_write_keeps_the_old_file_and_retries(temp_home, monkeypatch):
    import tui.state.storage as mod

    st = State(temp_home, flush_delay=0.01)
    st.set_note("A", "first")
    st.flush()
    real_write = os.write

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mod.os, "write", full_disk)
    st.set_note("A", "second")
    deadline = time.monotonic() + 2
    while st.last_error is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert isinstance(st.last_error, OSError) and st.pending
    assert "first" in state_path(temp_home).read_text() and not list(temp_home.glob(".state.json.*.tmp"))
    monkeypatch.setattr(mod.os, "write", real_write)
    deadline = time.monotonic() + 3
    while st.pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "second" in state_path(temp_home).read_text() and st.last_error is None
    st.close()
