"""The list as mutt users expect it (issue 8): a cursor you cannot miss, index and pager below 120 columns and side
by side above, the cable following the cursor, and rows that say what they hold."""

from __future__ import annotations

import pytest

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start, until
from tui.state import State


def library() -> FakeLibrary:
    return FakeLibrary([
        make_cable(f"10MEXICO{n}", day=60 - n, subject=f"Subject number {n} of the list",
                   classification=("SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "TOP SECRET",
                                   "SECRET//NOFORN")[n % 5])
        for n in range(1, 13)
    ])


def effective_background(segment) -> object:
    """The colour a cell is filled with on the terminal: the background, or the foreground in reverse video."""
    style = segment.style
    if style is None:
        return None
    if style.reverse:
        return ("reverse", style.color.name if style.color else "default")
    return style.bgcolor.name if style.bgcolor else None


def list_rows(app) -> list[tuple[str, tuple]]:
    """(text, backgrounds of the ID cells) of each list row on screen, as the terminal gets them (filters applied)."""
    strips = app.screen._compositor.render_strips()
    region = app.sidebar.content_region
    rows = []
    for y in range(region.y, region.y + min(region.height, len(app.sidebar.keys))):
        cells = [seg for seg in strips[y].crop(region.x + 2, region.x + 12) for _ in seg.text]
        rows.append((strips[y].text[region.x:region.right], tuple(effective_background(c) for c in cells)))
    return rows


@pytest.fixture
def state(temp_home):
    st = State(temp_home, flush_delay=0.05, poll_interval=0.2)
    yield st
    st.close()


@pytest.mark.parametrize("look", ["default theme", "16 colours", "NO_COLOR"])
@pilot
async def test_the_cursor_row_looks_like_no_other_row_and_moves_with_j(look, state, monkeypatch):
    if look == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    state.set_read("10MEXICO3")
    state.toggle_starred("10MEXICO4")
    state.set_note("10MEXICO5", "a note")
    app = reader(library(), state=state, ansi=look == "16 colours")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        assert app.no_color == (look == "NO_COLOR") and (app.theme == "ansi-dark") == (look == "16 colours")
        for cursor in (0, 1, 2):
            rows = list_rows(app)
            assert len(rows) == 12 and app.sidebar.cursor == cursor
            mine = rows[cursor][1]
            assert len(set(mine)) == 1, "the cursor row is one bar of one colour"
            others = [background for i, (_, backgrounds) in enumerate(rows) if i != cursor for background in backgrounds]
            assert mine[0] not in others, f"row {cursor}: the cursor's background is used by another row"
            if look == "NO_COLOR":  # the terminal's own colours (never greys an 8-colour terminal draws black)
                assert set(others) == {"default"} and mine[0] == ("reverse", "default")
            await pilot.press("j")
            await pilot.pause()


@pilot
async def test_a_cursor_move_redraws_two_lines_only():
    app = reader(library())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        drawn: list[int] = []
        render_line = app.sidebar.render_line
        app.sidebar.render_line = lambda y: drawn.append(y) or render_line(y)
        await pilot.press("j")
        await pilot.pause()
        assert sorted(drawn) == [0, 1]


@pilot
async def test_narrow_is_index_then_pager_and_back_to_the_same_row():
    app = reader(library())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        lines = screen_text(app).splitlines()
        assert not app.cable_view.display and app.sidebar.size.width == 80
        assert lines[1].split()[:5] == ["10MEXICO1", "2010-03-01", "C", "Mexico", "Subject"]  # ID, date, level,
        assert "Subject number 1 of the list" in lines[1]                                    # origin, subject
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert not app.sidebar.display and app.cable_view.reference_id == "10MEXICO3"
        assert app.cable_view.outer_size.width == 80 and "Reference ID 10MEXICO3" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert app.sidebar.display and not app.cable_view.display and app.sidebar.cursor == 2
        assert app.focused is app.sidebar and app.is_running
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.focused is app.sidebar and app.sidebar.cursor == 2


@pilot
async def test_sixty_columns_give_the_cable_the_whole_width():
    app = reader(library())
    async with app.run_test(size=(60, 20)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.cable_view.text_width >= 55


@pilot
async def test_wide_is_side_by_side_and_the_cable_follows_the_cursor_after_a_pause():
    app = reader(library())
    async with app.run_test(size=(200, 50)) as pilot:
        await start(app, pilot)
        await until(pilot, lambda: app.cable_view.reference_id == "10MEXICO1", "the cursor's cable shown beside")
        await pilot.pause()
        assert app.sidebar.display and app.cable_view.display
        assert app.cable_view.reference_id == "10MEXICO1" and app.focused is app.sidebar  # a preview: list keeps focus
        assert "Subject number 1 of the list" in screen_text(app).splitlines()[1]
        await pilot.press("j", "j", "j")
        assert app.cable_view.reference_id == "10MEXICO1"  # not while the keys come
        await until(pilot, lambda: app.cable_view.reference_id != "10MEXICO1", "the cable following the cursor")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO4" and app.focused is app.sidebar


@pilot
async def test_a_preview_is_not_counted_as_read(state):
    app = reader(library(), state=state)
    async with app.run_test(size=(200, 50)) as pilot:
        await start(app, pilot)
        await until(pilot, lambda: app.cable_view.reference_id is not None, "the cursor's cable shown beside")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO1" and not state.is_read("10MEXICO1")
        await pilot.press("enter")
        await pilot.pause()
        assert state.is_read("10MEXICO1") and app.focused is app.cable_view


@pilot
async def test_L_switches_the_layout_and_the_choice_is_kept(state, temp_home):
    app = reader(library(), state=state)
    async with app.run_test(size=(200, 50)) as pilot:
        await start(app, pilot)
        assert app.main.split
        await pilot.press("L")
        await pilot.pause()
        assert not app.main.split and not app.cable_view.display and app.sidebar.size.width == 200
    state.flush()
    again = State(temp_home)
    app = reader(library(), state=again)
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await start(app, pilot)
            assert not app.main.split
            await pilot.press("L")
            await pilot.pause()
            assert app.main.split and app.cable_view.display
    finally:
        again.close()


@pilot
async def test_top_secret_is_its_own_level_in_the_list():
    app = reader(library())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        levels = {line.split()[0]: line.split()[2] for line in screen_text(app).splitlines()[1:13]}
        assert levels["10MEXICO3"] == "TS" and levels["10MEXICO4"] == "Sn" and levels["10MEXICO5"] == "S"
        assert levels["10MEXICO1"] == "C" and levels["10MEXICO2"] == "U"
