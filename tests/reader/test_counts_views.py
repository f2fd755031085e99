"""The timeline (``t``) and facets (``F``) views: open, move, Enter narrows the list, Esc returns to it as it was;
counted in a worker on a library file; snapshots at 80x24."""

from __future__ import annotations

import datetime as dt

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.library import Filter
from tui.screens.facets import FacetsScreen
from tui.screens.timeline import TimelineScreen

SIZE = (80, 24)


def library() -> FakeLibrary:
    """Nine cables over 2008-2010: two origins, three levels, a few tags."""
    cables = []
    for i, (year, month, origin, level, tags) in enumerate([
            (2008, 3, "Embassy Mexico", "SECRET", ["PGOV"]), (2008, 7, "Embassy Mexico", "CONFIDENTIAL", ["PREL"]),
            (2009, 1, "Embassy Lima", "CONFIDENTIAL", ["PGOV", "SNAR"]), (2009, 1, "Embassy Lima", "SECRET", ["PGOV"]),
            (2009, 5, "Embassy Mexico", "UNCLASSIFIED", ["ECON"]), (2009, 11, "Embassy Mexico", "SECRET", ["PGOV"]),
            (2010, 1, "Embassy Mexico", "CONFIDENTIAL", ["PREL", "PGOV"]), (2010, 2, "Embassy Lima", "SECRET", ["SNAR"]),
            (2010, 2, "Embassy Mexico", "CONFIDENTIAL", ["PGOV"])]):
        c = make_cable(f"{year % 100:02d}{'MEXICO' if 'Mexico' in origin else 'LIMA'}{i + 1}", classification=level,
                       origin=origin, tags=tags, subject=f"Cable {i + 1}", body=f"oil report {i + 1}")
        c.created = dt.datetime(year, month, 10)
        cables.append(c)
    return FakeLibrary(cables)


async def _counted(app, pilot) -> None:
    await pilot.pause()
    while app.screen.result is None:
        await pilot.pause(0.02)


@pilot
async def test_timeline_by_year_and_month_and_enter_narrows_to_a_month():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("t")
        await _counted(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "9 cables by year" in text
        assert [ln.split()[:2] for ln in text.splitlines()[1:4]] == [["2008", "2"], ["2009", "4"], ["▶2010", "3"]]
        assert "█" in text and "Esc back" in text  # the cursor on the last year, marked in its first column
        await pilot.press("k", "m")  # 2009, then months: the cursor on 2009's first month
        await _counted(app, pilot)
        assert "9 cables by month" in screen_text(app)
        assert app.screen.result[app.screen.options.highlighted] == ("2009-01", 2)
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert main.filter == Filter(date_from=dt.date(2009, 1, 1), date_to=dt.date(2009, 1, 31))
        assert len(main.sidebar.keys) == 2 and "from:2009-01-01 to:2009-01-31" in screen_text(app).splitlines()[0]


@pilot
async def test_esc_returns_to_the_list_with_its_cursor_where_it_was():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("j", "j", "j")
        before = app.sidebar.cursor
        for key in ("t", "F"):
            await pilot.press(key)
            await _counted(app, pilot)
            await pilot.press("j", "escape" if key == "t" else "q")
            await pilot.pause()
            assert app.screen is app.main and app.sidebar.cursor == before and app.main.filter == Filter()


@pilot
async def test_facets_list_each_dimension_and_enter_adds_it_to_the_filter():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("F")
        await _counted(app, pilot)
        assert isinstance(app.screen, FacetsScreen)
        text = screen_text(app)
        assert "[Origins 2]" in text and "Tags 4" in text and "Classifications 3" in text and "Years 3" in text
        assert text.splitlines()[1].split()[:3] == ["▶Embassy", "Mexico", "6"]
        await pilot.press("tab")  # tags, largest first
        await pilot.pause()
        assert screen_text(app).splitlines()[1].split() == ["▶PGOV", "6"]
        await pilot.press("j", "enter")  # PREL and SNAR have 2 each: PREL first
        await pilot.pause()
        assert app.main.filter == Filter(tag="PREL") and len(app.sidebar.keys) == 2
        await pilot.press("F")
        await _counted(app, pilot)
        await pilot.press("4", "enter")  # years of the narrowed view: 2008 and 2010 have one each
        await pilot.pause()
        assert app.main.filter == Filter(tag="PREL", year=2008) and len(app.sidebar.keys) == 1


@pilot
async def test_counts_follow_a_search_and_narrowing_searches_again():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"report 9", "enter")
        await pilot.pause()
        await pilot.press("t")
        await _counted(app, pilot)
        assert "1 cable by year" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.filter == Filter(year=2010) and app.main.search_query == "report 9"


@pilot
async def test_counted_in_a_worker_on_a_library_file(temp_home):
    from tui.library import open_home

    with open_home(temp_home) as samples:
        app = reader(samples)
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            await pilot.press("F")
            await _counted(app, pilot)
            assert f"Origins {len(samples.facets()['origin'])}" in screen_text(app)
            await pilot.press("escape", "t")
            await _counted(app, pilot)
            assert f"{samples.count()} cables by year" in screen_text(app) and "undated" in screen_text(app)


def test_timeline_at_80x24(snap_compare):
    assert snap_compare(reader(library()), terminal_size=SIZE, press=["t", "k"])


def test_facets_at_80x24_in_sixteen_colours(snap_compare):
    assert snap_compare(reader(library(), ansi=True), terminal_size=SIZE, press=["F", "tab", "j"])
