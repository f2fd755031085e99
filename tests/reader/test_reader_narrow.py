"""The reader as a new user walks it by keyboard (issue 8, second pass): a replaced list is shown in index/pager,
the cursor row is on screen whenever the list is, and side by side never leaves a pane too narrow to use."""

from __future__ import annotations

import pytest

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.state import State


def library() -> FakeLibrary:
    return FakeLibrary([make_cable(f"10MEXICO{n}", day=100 - n, subject=f"Pipeline talk {n}" if n % 2 else f"Other {n}")
                        for n in range(1, 41)])


@pytest.fixture
def state(temp_home):
    st = State(temp_home, flush_delay=0.05, poll_interval=0.2)
    yield st
    st.close()


def cursor_on_screen(app) -> bool:
    top = int(app.sidebar.scroll_offset.y)
    return top <= app.sidebar.cursor < top + app.sidebar.scrollable_content_region.height


# --- 1. a replaced list is shown, cursor on its first row ----------------------------------------------------

PALETTE = "ctrl+p"  # / in an open cable is find: the filter and clearing are reached through the palette


@pytest.mark.parametrize("keys", [("S", *"pipeline", "enter"), ("asterisk",),
                                  (PALETTE, *"filter the list", "enter", *"origin:mexico", "enter"),
                                  (PALETTE, *"clear filter", "enter")])
@pilot
async def test_a_replaced_list_is_shown_in_index_and_pager(keys, state):
    state.toggle_starred("10MEXICO3")
    state.toggle_starred("10MEXICO7")
    app = reader(library(), state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        if "clear" in "".join(keys):  # clearing: a filter first, then an empty one
            await pilot.press("slash", *"origin:mexico", "enter")
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        assert not app.sidebar.display and app.cable_view.display
        for key in keys:
            await pilot.press(key)
            if key in (PALETTE, "enter"):
                await pilot.pause(0.3)  # the palette's search is async
        await pilot.pause()
        assert app.sidebar.display and not app.cable_view.display, "the list is shown"
        assert app.focused is app.sidebar and app.sidebar.cursor == 0 and cursor_on_screen(app)
        first = app.sidebar.row_at(0).reference_id
        assert screen_text(app).splitlines()[1][2:].split()[0] == first  # after the mark column
        await pilot.press("enter")
        await pilot.pause()
        assert app.cable_view.reference_id == first


# --- 2. the cursor row is on screen whenever the list is -----------------------------------------------------

@pilot
async def test_after_a_restart_esc_shows_the_list_at_the_restored_cable(state, temp_home):
    app = reader(library(), state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("G", "k", "k", "enter")  # 10MEXICO38, row 37: far below the first screen
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO38"
    state.flush()
    again = State(temp_home)
    app = reader(library(), state=again)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await start(app, pilot)
            await pilot.pause()
            assert app.cable_view.reference_id == "10MEXICO38" and not app.sidebar.display
            await pilot.press("escape")
            await pilot.pause()
            assert app.sidebar.display and app.sidebar.cursor == 37 and cursor_on_screen(app)
            assert any(line[2:].split()[:1] == ["10MEXICO38"] for line in screen_text(app).splitlines())
            await pilot.press("j")
            assert app.sidebar.cursor == 38 and cursor_on_screen(app)
    finally:
        again.close()


@pilot
async def test_a_cable_closed_before_quitting_stays_closed_after_a_restart(state, temp_home):
    """q back to the list, then quit: the next start shows the list, its cursor on that cable (not the cable)."""
    app = reader(library(), state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("j", "j", "j", "j", "enter")  # 10MEXICO5
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO5" and not app.sidebar.display
        await pilot.press("q")
        await pilot.pause()
        assert app.sidebar.display
    state.flush()
    again = State(temp_home)
    app = reader(library(), state=again)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await start(app, pilot)
            await pilot.pause()
            assert app.sidebar.display and not app.cable_view.display, "the list is in front"
            assert app.sidebar.current.reference_id == "10MEXICO5" and cursor_on_screen(app)
            await pilot.press("enter")
            await pilot.pause()
            assert app.cable_view.reference_id == "10MEXICO5" and not app.sidebar.display
    finally:
        again.close()


@pilot
async def test_open_and_back_keep_the_cursor_on_screen():
    app = reader(library())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        for _ in range(30):  # J: the next cable, the list hidden all along
            await pilot.press("J")
        await pilot.press("q")
        await pilot.pause()
        assert app.sidebar.cursor == 30 and cursor_on_screen(app)


# --- 3. side by side never leaves a pane unusable ------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30), (110, 30), (120, 30)])
@pilot
async def test_side_by_side_gives_both_panes_a_usable_width_or_falls_back(size, state, temp_home):
    app = reader(library(), state=state)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        if not app.main.split:  # from 120 columns side by side is the default
            await pilot.press("L")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        if app.main.split:
            assert app.sidebar.outer_size.width >= 34 and app.cable_view.outer_size.width >= 40
            assert app.sidebar.region.right <= app.cable_view.region.x and app.cable_view.region.right <= size[0]
        else:  # index and pager, and the user is told
            assert app.cable_view.scrollable_content_region.width >= size[0] - 5 and not app.sidebar.display
            assert any("columns" in n.message for n in app._notifications)
    state.flush()
    again = State(temp_home)  # the kept choice, at 80 columns
    app = reader(library(), state=again)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await start(app, pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert app.cable_view.scrollable_content_region.width >= 70
    finally:
        again.close()


# --- 4. marks that show both, subjects cut at a word ---------------------------------------------------------

@pilot
async def test_a_starred_cable_with_a_note_shows_both_marks(state):
    state.toggle_starred("10MEXICO1")
    state.set_note("10MEXICO1", "a note")
    state.toggle_starred("10MEXICO2")
    state.set_note("10MEXICO3", "a note")
    app = reader(library(), state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        lines = screen_text(app).splitlines()
        assert [line[:11] for line in lines[1:4]] == ["*+10MEXICO1", "* 10MEXICO2", "+ 10MEXICO3"]
        await pilot.press("question_mark", "end")  # the legend is at the end of the help
        await pilot.pause()
        assert "has a note, *+ both" in " ".join(line.strip(" │") for line in screen_text(app).splitlines())


@pytest.mark.parametrize("width", [60, 80, 100])
@pilot
async def test_a_cut_subject_ends_at_a_word_with_an_ellipsis(width):
    subject = "Mexican officials discuss the Pemex pipeline project with energy ministers and governors"
    app = reader(FakeLibrary([make_cable("10MEXICO1", subject=subject)]))
    async with app.run_test(size=(width, 24)) as pilot:
        await start(app, pilot)
        row = screen_text(app).splitlines()[1].rstrip()
        shown = row[row.index("Mexican"):]
        assert shown.endswith("…") and len(row) <= width
        assert subject.startswith(shown[:-1]) and subject[len(shown) - 1] == " ", f"cut mid-word: {shown!r}"
