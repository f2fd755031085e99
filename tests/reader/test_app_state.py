"""Pilot tests of reading state in the reader at 80x24 (issue 5, item 2): read marks, n/p, N, M, s and the starred
view, notes, history, the unread count, restoring the last view at restart, and two processes on one home."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

from conftest import REPO
from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start, until
from tui.library.query import Filter
from tui.state import State
from tui.reading.marks import ReadingMarks

SIZE = (140, 30)  # wide: the list (with its marks) beside the open cable
NARROW = (80, 24)  # the list alone until a cable is opened
IDS = ["10MEXICO90", "10MEXICO83", "10MEXICO71", "10PARIS12", "10PARIS11", "09BRASILIA12"]  # newest first


def library() -> FakeLibrary:
    long_body = "SECRET\n\nSUBJECT: SCENESETTER\n\n" + "\n".join(f"{i}. (U) Paragraph {i}." for i in range(1, 80))
    cables = []
    for n, ref in enumerate(IDS):
        cables.append(make_cable(ref, day=60 - n * 5, origin="Embassy Paris" if "PARIS" in ref else "Embassy Mexico",
                                 subject=f"Subject of {ref}", body=long_body if ref == "10MEXICO83" else ""))
    return FakeLibrary(cables)


@pytest.fixture
def state(temp_home):
    st = State(temp_home, flush_delay=0.05, poll_interval=0.2)
    yield st
    st.close()


def row(app, ref: str) -> str:
    """The sidebar line of a cable, as on screen (the left 40% of the screen)."""
    for line in screen_text(app).splitlines()[1:-1]:
        if ref in line[:34]:
            return line[:34]
    raise AssertionError(f"{ref} not on screen")


def header(app) -> str:
    return screen_text(app).splitlines()[0]


def bold_in_sidebar(app, ref: str) -> bool:
    """Whether the cable's sidebar line is drawn bold (a row that is not under the cursor)."""
    sidebar = app.sidebar
    index = sidebar.index_of(ref)
    strip = sidebar.render_line(index - int(sidebar.scroll_offset.y))
    return all(seg.style.bold for seg in strip if seg.text.strip() and seg.style)


# --- read marks, unread count -------------------------------------------------------------------------------------

@pilot
async def test_unread_rows_are_marked_and_opening_marks_read(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "6 cables · 6 unread" in header(app)
        assert all(row(app, ref).startswith("• ") for ref in IDS)
        assert bold_in_sidebar(app, "10MEXICO83")
        await pilot.press("j", "enter")  # open 10MEXICO83
        await pilot.pause()
        assert state.is_read("10MEXICO83")
        assert "6 cables · 5 unread" in header(app)
        assert row(app, "10MEXICO83").startswith("  10MEXICO83")
        await pilot.press("escape", "j")  # cursor away, so the row is drawn without the cursor's style
        await pilot.pause()
        assert not bold_in_sidebar(app, "10MEXICO83") and bold_in_sidebar(app, "10MEXICO90")
        assert state.history()[0][0] == "10MEXICO83"


@pilot
async def test_mark_read_after_seconds_on_screen(state):
    app = reader(library(), state=state, mark_read_after=1.0)  # room for a loaded machine between the keys
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not state.is_read("10MEXICO90") and row(app, "10MEXICO90").startswith("• ")
        await pilot.press("J")  # moved on before the time: the first cable stays unread
        await until(pilot, lambda: state.is_read("10MEXICO83"), "the second cable read after its second on screen")
        await pilot.pause()
        assert not state.is_read("10MEXICO90") and state.is_read("10MEXICO83")
        assert row(app, "10MEXICO83").startswith("  ") and "4 unread" not in header(app)


def test_mark_read_after_reads_env_then_config(temp_home, monkeypatch):
    from tui.config import MARK_READ_ENV, mark_read_after

    monkeypatch.delenv(MARK_READ_ENV, raising=False)
    assert mark_read_after(temp_home) == 0.0
    (temp_home / "config.json").write_text(json.dumps({"mark_read_after": 3}))
    assert mark_read_after(temp_home) == 3.0
    monkeypatch.setenv(MARK_READ_ENV, "1.5")
    assert mark_read_after(temp_home) == 1.5


@pilot
async def test_n_and_p_go_to_unread_in_the_view(state):
    for ref in ("10MEXICO83", "10MEXICO71", "10PARIS12"):
        state.set_read(ref)
    lib = library()
    app = reader(lib, state=state)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        assert "3 unread" in header(app)
        await pilot.press("enter")  # 10MEXICO90
        await pilot.press("n")
        await pilot.pause()
        assert app.cable_view.reference_id == "10PARIS11"
        await pilot.press("n")
        await pilot.pause()
        assert app.cable_view.reference_id == "09BRASILIA12"
        await pilot.press("n")
        await pilot.pause()
        assert "no unread cable after this one" in screen_text(app)
        state.set_read("10MEXICO90", False)
        await pilot.press("p")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO90"
        assert "0 unread" in header(app)  # every cable opened is read now


@pilot
async def test_N_toggles_read_of_the_open_cable(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "5 unread" in header(app)
        await pilot.press("N")
        await pilot.pause()
        assert not state.is_read("10MEXICO90") and row(app, "10MEXICO90").startswith("• ")
        assert "6 unread" in header(app)
        await pilot.press("N")
        await pilot.pause()
        assert state.is_read("10MEXICO90") and "5 unread" in header(app)


@pilot
async def test_mark_view_read_is_one_rule_and_asks_first_when_large(state, monkeypatch):
    import tui.screens.reading

    monkeypatch.setattr(tui.screens.reading, "CONFIRM_OVER", 2)
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"origin:paris", "enter")
        await pilot.pause()
        assert "2 cables · 2 unread" in header(app)
        await pilot.press("M")  # 2 cables: no question
        await pilot.pause()
        assert "2 cables · 0 unread" in header(app)
        paris = [app.sidebar.keys[0], app.sidebar.keys[1]]
        assert state.rules()[-1]["filter"] == {"origin": "Embassy Paris", "upto_key": max(paris)}
        assert not state.read_ids()
        await pilot.press("escape")
        await pilot.pause()
        assert "6 cables · 4 unread" in header(app)
        assert row(app, "10PARIS12").startswith("  ") and row(app, "10MEXICO71").startswith("• ")
        await pilot.press("M")
        await pilot.pause()
        assert "Mark all 6 cables in this view read?" in screen_text(app)
        await pilot.press("n")  # no
        await pilot.pause()
        assert "4 unread" in header(app)
        await pilot.press("M", "y")
        await pilot.pause()
        assert "0 unread" in header(app) and len(state.rules()) == 2 and not state.read_ids()
        assert not any(row(app, ref).startswith("•") for ref in IDS)


def test_unread_count_matches_read_set_under_rules_and_explicit_marks(state):
    lib = library()
    marks = ReadingMarks(state, lib)
    state.set_read("10PARIS12")
    state.mark_read({"origin": "Embassy Mexico"})
    state.set_read("10MEXICO71", False)  # newer than the rule
    state.mark_read({"ids": ["09BRASILIA12", "10MEXICO90"]})
    for f in (Filter(), Filter(origin="Embassy Mexico"), Filter(origin="Embassy Paris"), Filter(ids=("10MEXICO71",))):
        keys = lib.view(f)
        refs = [r.reference_id for r in lib.rows(keys)]
        expected = len(refs) - len(state.read_set(refs, marks.matcher))
        assert marks.unread_count(keys) == expected, f
    assert marks.unread_count(lib.view()) == 2  # 10MEXICO71 and 10PARIS11


# --- stars, notes, history ----------------------------------------------------------------------------------------

@pilot
async def test_s_stars_and_the_starred_view(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        assert "no starred cables yet" in screen_text(app)
        await pilot.press("j", "j", "s")  # star 10MEXICO71 from the list
        await pilot.pause()
        assert state.starred() == ["10MEXICO71"] and row(app, "10MEXICO71").startswith("* ")
        await pilot.press("G", "enter", "s")  # star the open cable
        await pilot.pause()
        assert state.starred() == ["09BRASILIA12", "10MEXICO71"]
        await pilot.press("asterisk")
        await pilot.pause()
        text = screen_text(app)
        assert "2 cables" in header(app) and "starred" in header(app)
        assert "10MEXICO71" in text and "09BRASILIA12" in text and "10PARIS11" not in text
        await pilot.press("asterisk")  # again: back to every cable
        await pilot.pause()
        assert "6 cables" in header(app) and "all cables" in header(app)


@pilot
async def test_e_edits_the_note_shown_on_the_card_and_marked_in_the_list(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        text = screen_text(app)
        assert "Note on 10MEXICO90" in text and "Ctrl+S save" in text and "Esc cancel" in text
        await pilot.press(*"ask Ana", "ctrl+s")
        await pilot.pause()
        assert state.get("10MEXICO90").note == "ask Ana"
        assert "Note         ask Ana" in screen_text(app)
        assert row(app, "10MEXICO90").startswith("+ ")
        await pilot.press("e", *" today", "escape")  # Esc cancels
        await pilot.pause()
        assert state.get("10MEXICO90").note == "ask Ana"
        await pilot.press("e", "ctrl+u", "ctrl+s")  # an empty note removes it
        await pilot.pause()
        assert state.get("10MEXICO90").note == "" and "Note " not in screen_text(app)


@pilot
async def test_H_lists_history_newest_first_and_enter_opens(state):
    app = reader(library(), state=state)
    async with app.run_test(size=NARROW) as pilot:
        await start(app, pilot)
        await pilot.press("enter", "J", "J")  # 10MEXICO90, 10MEXICO83, 10MEXICO71
        await pilot.press("H")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        listed = [ref for line in lines for ref in IDS if ref in line and "Subject of" in line]
        assert listed == ["10MEXICO71", "10MEXICO83", "10MEXICO90"]
        assert any("History: 3 cables opened, newest first" in line for line in lines)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO90"
        assert state.history()[0][0] == "10MEXICO90"


@pilot
async def test_a_broken_state_file_is_reported(temp_home):
    (temp_home / "state.json").write_text("{not json")
    st = State(temp_home)
    try:
        app = reader(library(), state=st)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await start(app, pilot)
            assert "could not be read" in screen_text(app)
    finally:
        st.close()


# --- restart, two processes ---------------------------------------------------------------------------------------

@pilot
async def test_restart_restores_view_selection_scroll_star_and_note(temp_home):
    st = State(temp_home)
    app = reader(library(), state=st)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"origin:mexico", "enter", "o")  # sorted by id
        await pilot.press("g", "j", "j", "enter")  # 10MEXICO83, the long one
        await pilot.press("pagedown", "pagedown", "j")
        await pilot.press("s", "e", *"check the date", "ctrl+s")
        await pilot.pause()
        scrolled = int(app.cable_view.scroll_offset.y)
        assert scrolled > 20
        await pilot.press("escape", "q")  # to the list, and quit
        await pilot.pause()
    st.close()

    st = State(temp_home)
    app = reader(library(), state=st)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            await pilot.pause()
            assert "4 cables" in header(app) and 'origin:"Embassy Mexico"' in header(app) and "· id" in header(app)
            assert app.sidebar.cursor == 2
            assert app.cable_view.reference_id == "10MEXICO83"
            assert int(app.cable_view.scroll_offset.y) == scrolled
            assert app.sidebar.current.reference_id == "10MEXICO83"
            assert row(app, "10MEXICO83").startswith("*+")  # starred, with a note
            assert st.get("10MEXICO83").note == "check the date"
            await pilot.press("N")  # unread now, and it stays so across a restart: reopening is not reading
            await pilot.pause()
            assert not st.is_read("10MEXICO83")
            await pilot.press("g")
            await pilot.pause()
            assert "Note         check the date" in screen_text(app)
    finally:
        st.close()
    st = State(temp_home)
    app = reader(library(), state=st)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            assert app.cable_view.reference_id == "10MEXICO83" and not st.is_read("10MEXICO83")
            assert row(app, "10MEXICO83").startswith("*+") and bold_in_sidebar(app, "10MEXICO71")
    finally:
        st.close()


@pilot
async def test_a_ref_on_the_command_line_wins_over_the_last_view(temp_home):
    with State(temp_home) as st:
        st.set_last_view({"origin": "Embassy Paris"}, "date", "10PARIS12")
    st = State(temp_home)
    try:
        app = reader(library(), state=st, start="09BRASILIA12")
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            assert app.cable_view.reference_id == "09BRASILIA12" and "all cables" in header(app)
    finally:
        st.close()


CHILD = """
import sys
from tui.state import State
st = State(sys.argv[1], background=False)
st.toggle_starred("10PARIS11")
st.set_note("10PARIS11", "from the other copy")
st.close()
"""


@pilot
async def test_another_process_changing_other_cables_on_the_same_home(state, temp_home):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter", "s")  # this copy: 10MEXICO90 read and starred
        await pilot.pause()
        subprocess.run([sys.executable, "-c", CHILD, str(temp_home)], check=True, cwd=REPO, timeout=60)
        deadline = time.time() + 5
        while not row(app, "10PARIS11").startswith("*+") and time.time() < deadline:
            await asyncio.sleep(0.1)
            await pilot.pause()
        assert row(app, "10PARIS11").startswith("*+")  # starred with a note, seen without a restart
        assert row(app, "10MEXICO90").startswith("* ")
        await pilot.press("q")
    state.close()
    with State(temp_home, background=False) as fresh:
        assert set(fresh.starred()) == {"10MEXICO90", "10PARIS11"}
        assert fresh.is_read("10MEXICO90") and fresh.get("10PARIS11").note == "from the other copy"


@pilot
async def test_two_apps_on_one_home_keep_both_changes(temp_home):
    first, second = State(temp_home, flush_delay=0.05), State(temp_home, flush_delay=0.05)
    one, two = reader(library(), state=first), reader(library(), state=second)
    async with one.run_test(size=NARROW) as p1:
        async with two.run_test(size=NARROW) as p2:
            await start(one, p1)
            await start(two, p2)
            await p1.press("enter", "s")  # 10MEXICO90
            await p2.press("G", "s", "e", *"two", "ctrl+s")  # 09BRASILIA12
            await p1.pause()
            await p2.pause()
    first.close()
    second.close()
    with State(temp_home, background=False) as fresh:
        assert set(fresh.starred()) == {"10MEXICO90", "09BRASILIA12"}
        assert fresh.is_read("10MEXICO90") and fresh.get("09BRASILIA12").note == "two"


def test_marks_over_the_real_library_agree_with_read_set(shared_home, state):
    """The SQL matcher and the key-set count on a real library file (../shared/cables imported)."""
    from tui.library import open_home

    with open_home(shared_home) as lib:
        marks = ReadingMarks(state, lib)
        every = lib.view()
        refs = [r.reference_id for r in lib.rows(every)]
        origin = lib.facets()["origin"][0][0]
        state.mark_read({"origin": origin})
        state.set_read(refs[0])
        state.set_read(next(r.reference_id for r in lib.rows(lib.view(Filter(origin=origin)))), False)
        state.mark_read({"ids": refs[10:20]})
        read = state.read_set(refs, marks.matcher)
        assert 10 < len(read) < len(refs)
        for f in (Filter(), Filter(origin=origin), Filter(classification="SECRET"), Filter(ids=tuple(refs[5:25]))):
            keys = lib.view(f)
            in_view = {r.reference_id for r in lib.rows(keys)}
            assert marks.unread_count(keys) == len(in_view - read), f
        assert marks.unread_count(every[:30]) == len(set(refs[:30]) - read)  # search results: no filter
        first = marks.unread_in(every, 0, 1)
        assert refs[first] not in read and all(r in read for r in refs[:first])


@pilot
async def test_the_sidebar_asks_the_state_once_per_screenful(state, monkeypatch):
    lib = FakeLibrary([make_cable(f"10PARIS{n}", day=n, origin="Embassy Paris" if n % 2 else "Embassy Rome")
                       for n in range(1, 101)])
    state.mark_read({"origin": "Embassy Paris"})
    asked: list[int] = []
    original = ReadingMarks.matcher
    monkeypatch.setattr(ReadingMarks, "matcher", lambda self, fd, ids: asked.append(len(ids)) or original(self, fd, ids))
    app = reader(lib, state=state)
    async with app.run_test(size=NARROW) as pilot:
        await start(app, pilot)
        assert "100 cables · 50 unread" in header(app)
        asked.clear()
        app.sidebar.refresh_marks()
        await pilot.pause()
        assert asked == [22]  # one question about the 22 visible rows, for the one rule
        assert row(app, "10PARIS100").startswith("• ") and row(app, "10PARIS99").startswith("  ")
        await pilot.press("pagedown", "pagedown")  # the cursor to row 42: rows 21-42 on screen
        await pilot.pause()
        assert asked == [22, 21]  # the next screenful: the rows not seen yet


@pilot
async def test_palette_offers_the_reading_commands(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter", "s", "escape")
        await pilot.press("ctrl+p", *"starred cables")
        await until(pilot, lambda: "Starred cables" in screen_text(app), "the palette offering it")
        assert "Starred cables" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "1 cable " in header(app) and "starred" in header(app)


def test_next_unread_and_count_under_rules_agree_with_read_set(state):
    """unread_in and unread_count decide each cable as read_set does: rules, the everything rule, explicit marks."""
    lib = library()
    marks = ReadingMarks(state, lib)
    keys = lib.view()
    refs = [r.reference_id for r in lib.rows(keys)]

    def check():
        read = state.read_set(refs, marks.matcher)
        unread = [i for i, ref in enumerate(refs) if ref not in read]
        assert marks.unread_count(keys) == len(unread)
        fetched = lib.rows_fetched
        marks.unread_in(keys, 0, 1)
        # no row of the view: only the explicitly marked cables, for themselves and for each rule's matcher
        assert lib.rows_fetched - fetched <= len(state.explicit_read_ids()) * (1 + len(state.rules()))
        for start in range(len(refs)):
            assert marks.unread_in(keys, start, 1) == next((i for i in unread if i >= start), None)
            assert marks.unread_in(keys, start, -1) == next((i for i in reversed(unread) if i <= start), None)

    check()
    state.mark_read({"origin": "Embassy Paris"})
    state.set_read("10PARIS11", False)
    check()
    state.mark_read({})  # everything
    state.set_read("10MEXICO83", False)
    check()
    state.mark_read({"origin": "Embassy Mexico"}, read=False)
    check()


@pilot
async def test_goto_remembers_and_lists_recent_ids(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10 paris 12", "enter")
        await pilot.press("colon", *"09brasilia12", "enter")
        await pilot.pause()
        assert state.recents("goto") == ["09BRASILIA12", "10PARIS12"]
        await pilot.press("colon")
        await pilot.pause()
        text = screen_text(app)
        assert "recent" in text and text.index("09BRASILIA12") < text.index("10PARIS12")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.cable_view.reference_id == "10PARIS12"


@pilot
async def test_files_opened_by_name_get_marks_but_leave_the_last_view_alone(state):
    state.set_last_view({"origin": "Embassy Paris"}, "id", "10PARIS12")
    app = reader(library(), state=state, opened_files=True)
    async with app.run_test(size=NARROW) as pilot:
        await start(app, pilot)
        assert "all cables" in header(app) and app.cable_view.reference_id is None
        await pilot.press("enter", "s", "q")
        await pilot.pause()
        assert row(app, "10MEXICO90").startswith("* ") and state.is_read("10MEXICO90")
    assert state.last_view()["filter"] == {"origin": "Embassy Paris"} and state.last_view()["selected"] == "10PARIS12"


@pilot
async def test_the_save_timer_is_harmless_during_shutdown(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
    app.main._tick()  # the interval can fire once more while the app is torn down: no widgets left to ask
    app.main._mark_read_if_shown("10MEXICO90")  # and so can the mark-read-after timer
