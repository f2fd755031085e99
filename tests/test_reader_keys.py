"""Keys that behave (issue 8, items 7-9): M marks the view as it is, u undoes, keymap names checked, Ctrl+Z,
| pipes the cable, Esc followed at once by a key, d decodes tags, empty results and folders say so."""

from __future__ import annotations

import pytest

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.state import State

SIZE = (140, 30)


def library() -> FakeLibrary:
    return FakeLibrary([make_cable(f"10PARIS{n}", day=n, origin="Embassy Paris", subject=f"Paris {n}")
                        for n in range(1, 6)])


@pytest.fixture
def state(temp_home):
    st = State(temp_home, flush_delay=0.05, poll_interval=0.2)
    yield st
    st.close()


# --- 7. marks that mean what they say -------------------------------------------------------------------------

@pilot
async def test_M_marks_the_view_as_it_is_and_later_imports_stay_unread(state):
    lib = library()
    app = reader(lib, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"origin:paris", "enter", "M")
        await pilot.pause()
        assert all(state.is_read(f"10PARIS{n}", app.session.marks.row_matches(f"10PARIS{n}")) for n in range(1, 6))
        lib.add(make_cable("10PARIS99", day=99, origin="Embassy Paris", subject="Imported later"))
        app.session.marks.forget()
        app.main._refill()
        await pilot.pause()
        assert "6 cables · 1 unread" in screen_text(app).splitlines()[0]
        assert not app.session.is_read("10PARIS99") and app.session.is_read("10PARIS5")


@pilot
async def test_u_undoes_the_last_read_star_note_and_mark_all(state):
    state.set_read("10PARIS2")
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        session = app.session
        await pilot.press("s")  # the cursor's cable: 10PARIS5
        assert state.get("10PARIS5").starred
        await pilot.press("u")
        assert not state.get("10PARIS5").starred
        await pilot.press("N", "u")
        assert not session.is_read("10PARIS5")
        await pilot.press("M")
        await pilot.pause()
        assert all(session.is_read(f"10PARIS{n}") for n in range(1, 6))
        await pilot.press("u")
        await pilot.pause()
        assert [session.is_read(f"10PARIS{n}") for n in range(1, 6)] == [False, True, False, False, False]
        assert "5 cables · 4 unread" in screen_text(app).splitlines()[0]
        await pilot.press("e", *"my note", "ctrl+s")
        await pilot.pause()
        assert state.get("10PARIS5").note == "my note"
        await pilot.press("u")
        assert state.get("10PARIS5").note == ""


@pilot
async def test_u_with_nothing_to_undo_says_so(state):
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert "nothing to undo" in screen_text(app)
