"""The reader as a new user walked it (session 8): where one is, stepping back through views, the list's columns."""

from __future__ import annotations

from conftest import REPO
from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.cable import parse


def mexico() -> FakeLibrary:
    cable = parse((REPO / "sample_cables" / "10MEXICO83.page.txt").read_text(encoding="utf-8"))
    return FakeLibrary([cable])


@pilot
async def test_the_open_cable_is_named_on_the_top_line_while_reading():
    for size in ((80, 24), (60, 20)):
        app = reader(mexico())
        async with app.run_test(size=size) as pilot:
            await start(app, pilot)
            assert "10MEXICO83 " not in screen_text(app).splitlines()[0]  # the list: no cable open
            await pilot.press("colon", *"10MEXICO83#6", "enter")
            await pilot.pause()
            top = screen_text(app).splitlines()[0]
            assert top.startswith("cablereader  10MEXICO83 ¶6 "), top
            assert "Reference ID" not in screen_text(app)  # the card has scrolled away
            await pilot.press("G")
            await pilot.pause()
            assert "10MEXICO83 ¶" in screen_text(app).splitlines()[0] and "100%" in screen_text(app).splitlines()[0]
            await pilot.press("g")
            await pilot.pause()
            assert screen_text(app).splitlines()[0].startswith("cablereader  10MEXICO83 0%")
            await pilot.press("q")
            await pilot.pause()
            assert "10MEXICO83 " not in screen_text(app).splitlines()[0]  # back to the list


async def counted(app, pilot) -> None:
    await pilot.pause()
    while app.screen.result is None:
        await pilot.pause(0.02)


def several() -> FakeLibrary:
    return FakeLibrary([make_cable(f"10MEXICO{i}", day=i, classification="SECRET" if i % 2 else "CONFIDENTIAL",
                                   subject=f"Cable {i}", body=f"{'oil' if i % 3 else 'gas'} report {i}")
                        for i in range(1, 10)])


def top(app) -> str:
    return screen_text(app).splitlines()[0]


@pilot
async def test_esc_in_the_list_steps_back_one_view_with_its_cursor():
    app = reader(several())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"class:S", "enter")
        await pilot.pause()
        assert "class:S" in top(app) and len(app.sidebar.keys) == 5
        await pilot.press("j", "j")
        await pilot.press("S", *"oil", "enter")  # a search inside the view
        await pilot.pause()
        assert "search: oil" in top(app) and len(app.sidebar.keys) == 3
        await pilot.press("t")
        await counted(app, pilot)
        await pilot.press("enter")  # the timeline narrows the search's view
        await pilot.pause()
        assert app.main.filter.year == 2010 and app.main.search_query == "oil"
        await pilot.press("escape")  # back to the search, not to every cable
        await pilot.pause()
        assert "search: oil" in top(app) and app.main.filter.year is None
        await pilot.press("escape")  # back to the filter, its cursor on the third row
        await pilot.pause()
        assert "class:S" in top(app) and "search" not in top(app) and app.sidebar.cursor == 2
        await pilot.press("slash", *" year:2009", "escape")  # an edit cancelled: the filter as it was
        await pilot.pause()
        assert "class:S" in top(app) and app.main.filter.year is None and len(app.sidebar.keys) == 5
        await pilot.press("escape")
        await pilot.pause()
        assert "all cables" in top(app) and len(app.sidebar.keys) == 9


def long_ids() -> FakeLibrary:
    return FakeLibrary([
        make_cable("09USUNNEWYORK702", day=3, origin="USUN New York", subject="Security council"),
        make_cable("08USEUBRUSSELS1502", day=2, origin="Secretary of State", subject="Defense ministers meet"),
        make_cable("04BANDARSERIBEGAWAN101", day=1, origin="Embassy Bandar Seri Begawan", subject="Defense talks"),
        make_cable("10LIMA1", day=4, origin="Embassy Lima", body="SECRET\n\n1. (S) Text about the national defense."),
    ])


@pilot
async def test_long_ids_keep_the_columns_in_line_and_the_origin_grows_with_the_width():
    for width, whole in ((60, {"10LIMA1"}), (80, {"09USUNNEWYORK702", "08USEUBRUSSELS1502", "10LIMA1"}),
                         (200, {"09USUNNEWYORK702", "08USEUBRUSSELS1502", "04BANDARSERIBEGAWAN101"})):
        app = reader(long_ids())
        async with app.run_test(size=(width, 24)) as pilot:
            await start(app, pilot)
            rows = screen_text(app).splitlines()[1:5]
            dates = {row.index("2010-01-0") for row in rows}
            assert len(dates) == 1, rows  # every date in the same column, in full
            for ref in whole:
                assert any(f" {ref} " in row for row in rows), (width, rows)
            if width == 60:
                assert any("09USUNNEWYO…702" in row for row in rows)  # cut in the middle: the serial stays
            if width == 200:
                assert any("Secretary of State" in row for row in rows)


@pilot
async def test_search_rows_keep_the_date_and_show_the_subject_at_80_columns():
    app = reader(long_ids())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"defense", "enter")
        await pilot.pause()
        rows = screen_text(app).splitlines()[1:4]
        assert any("2010-01-03" in row and "Defense ministers meet" in row for row in rows), rows


@pilot
async def test_x_asks_before_replacing_a_file(tmp_path):
    from tui.screens.confirm import ConfirmScreen

    out = tmp_path / "old.md"
    out.write_text("keep me")
    app = reader(several())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        for answer, after in (("n", "keep me"), ("y", None)):
            await pilot.press("x")
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = str(out)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen) and "exists. Replace it?" in screen_text(app)
            await pilot.press(answer)
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = out.read_text()
            assert text == after if after else "10MEXICO9" in text


@pilot
async def test_q_leaves_a_marked_paragraph_at_once_and_esc_unmarks_first():
    app = reader(mexico())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10MEXICO83#6", "enter")
        await pilot.pause()
        assert app.cable_view.marked == 6
        await pilot.press("escape")
        assert app.cable_view.marked is None and app.focused is app.cable_view
        await pilot.press("colon", *"10MEXICO83#6", "enter")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.focused is app.sidebar and app.cable_view.marked is None


@pilot
async def test_tab_wrapping_to_the_first_link_shows_the_card_top(temp_home):
    from tui.library import open_files

    library = open_files([REPO / "sample_cables" / "10MEXICO112.html"], temp_home)
    try:
        app = reader(library)
        async with app.run_test(size=(80, 24)) as pilot:
            await start(app, pilot)
            await pilot.press("colon", *"10MEXICO112", "enter")
            await pilot.pause()
            view = app.cable_view
            links = len(view._layout.links)
            await pilot.press(*["tab"] * links)  # the last link: far down the text
            assert view.scroll_offset.y > 0
            await pilot.press("tab")  # wrapped to the first, the card's References: the card's top in view
            await pilot.pause()
            assert view.link_index == 0 and view.scroll_offset.y == 0
            assert "Reference ID 10MEXICO112" in screen_text(app)
    finally:
        library.close()


@pilot
async def test_a_pasted_citation_opens_its_paragraph():
    app = reader(mexico())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("colon")
        await pilot.pause()
        app.screen.query_one("Input").value = '10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "The failure (to) x": y'
        await pilot.press("enter")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO83" and app.cable_view.marked == 6


@pilot
async def test_help_from_the_timeline_starts_with_its_keys_and_g_G_move():
    from tui.screens.help import HelpScreen

    app = reader(several())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("slash", "escape", "t")  # the bar once used: its keys come after the list's
        await counted(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.groups[0][0] == "Timeline (t)" and [g[0] for g in app.screen.groups][1] == "Cable list"
        titles = [g[0] for g in app.screen.groups]
        assert "Facets (F)" in titles and titles.index("Filter and search bar") > titles.index("Reading a cable")
        box = app.screen.query_one("#help-box")
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        assert "Enter narrows the list" in screen_text(app) and "10MEXICO83#6" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0


@pilot
async def test_narrow_key_lines_keep_esc_back_and_help():
    app = reader(mexico())
    async with app.run_test(size=(60, 20)) as pilot:
        await start(app, pilot)
        assert "? Help" in screen_text(app).splitlines()[-1]
        await pilot.press("enter")
        await pilot.pause()
        keys = screen_text(app).splitlines()[-1]
        assert keys.startswith("esc Back to list") and "? Help" in keys, keys
        await pilot.press("q", "F")
        await counted(app, pilot)
        assert screen_text(app).splitlines()[-1].strip().startswith("Esc back")
