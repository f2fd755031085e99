"""A search and the cables opened from it: the first match in view however the cable is opened (bug: `:` opened it
at the top, `>` skipping the first match), and the search (query and order) restored at the next start."""

from __future__ import annotations

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start, until
from tui.state import State

FILLER = "\n\n".join(f"{n}. (U) Filler paragraph {n} about trade, weather and other matters of note." for n in range(1, 40))
BODY = f"UNCLASSIFIED\n\n{FILLER}\n\n40. (U) The President spoke.\n\n41. (U) Then the President left."


def library() -> FakeLibrary:
    return FakeLibrary([make_cable("09STATE42547", day=3, body=BODY, classification="SECRET"),
                        make_cable("09TRIPOLI4", day=4, body=BODY, classification="SECRET"),
                        make_cable("10PARIS1", day=5, body="UNCLASSIFIED\n\n1. (U) Nothing to see.")])


def first_lines(view) -> list[int]:
    return [segments[0][0] for segments in view.matches]


@pilot
async def test_a_cable_opened_by_id_from_a_search_shows_its_first_match_and_gt_goes_to_the_next():
    app = reader(library())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"president", "enter", "colon", *"09STATE42547", "enter")
        view = app.cable_view
        await until(pilot, lambda: view.reference_id == "09STATE42547" and view.size.height, "the cable shown")
        await pilot.pause()
        first, second = first_lines(view)
        top = int(view.scroll_offset.y)
        assert top <= first < top + view.scrollable_content_region.height and view.match_index == 0
        await pilot.press("greater_than_sign")
        assert view.match_index == 1 and int(view.scroll_offset.y) <= second
        await pilot.press("q", "j", "enter")  # from the list: the same
        await until(pilot, lambda: view.reference_id == "09TRIPOLI4", "the other cable")
        await pilot.pause()
        top = int(view.scroll_offset.y)
        assert top <= first_lines(view)[0] < top + view.scrollable_content_region.height and view.match_index == 0


@pilot
async def test_reopening_runs_the_search_again_with_its_order_and_cable(temp_home):
    lib = library()
    state = State(temp_home, background=False)
    app = reader(lib, state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"class:S", "enter", "S", *"president", "enter", "o", "j", "enter")
        await until(pilot, lambda: app.cable_view.reference_id == "09STATE42547", "the cable opened")
    state.close()  # quit with the cable open (q would first go back to the list, which reopening would then show)
    assert state.last_view()["search"] == {"query": "president", "order": "date"}

    state = State(temp_home, background=False)
    app = reader(lib, state=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await until(pilot, lambda: app.main.search_query == "president", "the search run again")
        await pilot.pause()
        assert "search: president in class:S · by date" in screen_text(app).splitlines()[0]
        assert app.cable_view.reference_id == "09STATE42547" and app.cable_view.matches  # its words marked
        assert app.main._is_reading  # the cable stays in front of the results
        assert app.sidebar.current.reference_id == "09STATE42547" and len(app.sidebar.keys) == 2
        await pilot.press("escape", "escape")  # the cable, then the search: the filter it ran in
        assert app.main.search_query == "" and app.main.filter.classification == "SECRET"
    state.close()
