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
