"""A search while it runs (its worker thread, over a real library): Esc cancels it and nothing replaces the view
afterwards; keys pressed meanwhile take effect; ``o`` says what it does and keeps the cursor's cable.

The library's ``search_keys`` waits at a gate the test opens (or until ``Library.interrupt`` is called), so what
happens while a search runs is certain, not a matter of timing."""

from __future__ import annotations

import re
import shutil
import threading
import time

import pytest

from helpers import pilot, reader, screen_text, start, until
from tui.library import Interrupted, open_home
from tui.library.index import Library
from tui.library.query import Filter


class Gate:
    """Searches in a worker wait here until ``opened``, or until their library is interrupted."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.waiting = threading.Event()  # a search is at the gate
        self.interrupted = threading.Event()  # a library's interrupt was called
        self.stopped: set[int] = set()  # the libraries interrupted (their ids)


@pytest.fixture
def gate(monkeypatch):
    gate = Gate()
    search_keys, interrupt = Library.search_keys, Library.interrupt

    def gated_keys(self, *args, **kwargs):
        gate.waiting.set()
        deadline = time.monotonic() + 5  # a test that never opens the gate fails, it does not hang
        while not gate.opened.wait(0.005) and time.monotonic() < deadline:
            if id(self) in gate.stopped:
                gate.waiting.clear()
                raise Interrupted()
        return search_keys(self, *args, **kwargs)

    def noted_interrupt(self):
        gate.stopped.add(id(self))
        gate.interrupted.set()
        interrupt(self)

    monkeypatch.setattr(Library, "search_keys", gated_keys)
    monkeypatch.setattr(Library, "interrupt", noted_interrupt)
    yield gate
    gate.opened.set()


@pytest.fixture
def lib(shared_import, tmp_path):
    shutil.copyfile(shared_import[0], tmp_path / "library.sqlite")
    library = open_home(tmp_path)
    yield library
    library.close()


def head(app) -> str:
    """The header's view and order (the notice after them left out: this library has skipped files)."""
    return re.sub(r" · \d+ files skipped$", "", screen_text(app).splitlines()[0])


async def search_held(pilot, gate) -> None:
    """``S embass*`` Enter, and its worker's query held at the gate."""
    await pilot.press("S", *"embass*", "enter")
    await until(pilot, gate.waiting.is_set, "the search's worker at the gate")


def idle(app) -> bool:
    return all(worker.is_finished for worker in app.workers)


@pilot
async def test_esc_while_a_search_runs_cancels_it_and_the_views_stay_as_they_were(lib, gate):
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"year:2010", "enter")
        await pilot.pause()
        views = list(app.main.views)
        assert head(app).endswith("year:2010 · date")
        await search_held(pilot, gate)
        assert "searching: embass*" in head(app)
        await pilot.press("escape")
        assert head(app).endswith("year:2010 · date")
        await until(pilot, lambda: idle(app), "the worker's end")
        assert gate.interrupted.is_set()  # the query interrupted, not left to run to its end
        await pilot.pause()
        assert head(app).endswith("year:2010 · date") and app.main.views == views  # nothing came after
        assert app.main.filter == Filter(year=2010) and app.main.search_query == ""
        await pilot.press("escape")  # one view back: every cable
        assert head(app).endswith("all cables · date")


@pilot
async def test_another_view_chosen_while_a_search_runs_cancels_it(lib, gate):
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await search_held(pilot, gate)
        await pilot.press("slash", *"year:2010", "enter")
        await until(pilot, lambda: idle(app), "the worker's end")
        assert gate.interrupted.is_set() and head(app).endswith("year:2010 · date")
        await pilot.press("escape")
        assert head(app).endswith("all cables · date")


@pilot
async def test_a_newer_search_cancels_the_older_one(lib, gate):
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await search_held(pilot, gate)
        await pilot.press("S", "ctrl+u", *"secretary", "enter")
        await until(pilot, lambda: len(gate.stopped) == 1, "the first query interrupted")
        gate.opened.set()
        await until(pilot, lambda: idle(app) and app.main.search_query, "the second search's results")
        assert app.main.search_query == "secretary" and "search: secretary · by rank" in head(app)
        assert list(app.sidebar.keys) == list(lib.search_keys("secretary"))


@pilot
async def test_quitting_while_a_search_runs_stops_its_query(lib, gate):
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await search_held(pilot, gate)
        await pilot.press("q")
    assert gate.interrupted.is_set() and not gate.opened.is_set()


@pilot
async def test_keys_pressed_while_a_search_runs_take_effect(lib, gate):
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await search_held(pilot, gate)
        await pilot.press("j", "j", "j")
        assert app.sidebar.cursor == 3  # at once, while the worker still runs: the UI is not held up
        gate.opened.set()
        await until(pilot, lambda: app.main.search_query == "embass*", "the results")
        assert "search: embass* · by rank" in head(app)
        assert app.sidebar.cursor == 3  # the rows moved while waiting count in the results
        await pilot.press("j")
        assert app.sidebar.cursor == 4


@pilot
async def test_o_says_what_it_does_at_once_and_keeps_the_cursor_on_its_cable(lib, gate):
    gate.opened.set()
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"embass*", "enter")
        await until(pilot, lambda: app.main.search_query == "embass*", "the results")
        await pilot.press("j", "j", "j", "j", "j")
        chosen = app.sidebar.current.reference_id
        gate.opened.clear()
        gate.waiting.clear()
        await pilot.press("o")
        await until(pilot, gate.waiting.is_set, "the search's worker at the gate")
        assert head(app).endswith("search: embass* · by date…")
        gate.opened.set()
        await until(pilot, lambda: app.main.search_order == "date", "the results by date")
        assert head(app).endswith("search: embass* · by date")
        assert app.sidebar.current.reference_id == chosen and app.sidebar.keys[0] != app.sidebar.keys[5]


@pilot
async def test_the_header_keeps_the_count_the_query_and_the_order_when_short_of_room():
    from fakelib import FakeLibrary, make_cable

    app = reader(FakeLibrary([make_cable("09STATE42547")]))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        status = app.main.status
        status.count, status.unread, status.sort = 1989, 1989, "by rank"
        status.view, status.scope = "search: president", "class:S year:2009"
        shown = {}
        for width, cable in ((200, ""), (80, ""), (80, "09STATE42547 ¶5 91%"), (60, ""), (60, "09STATE42547 ¶5 91%")):
            await pilot.resize_terminal(width, 24)
            status.cable = cable
            await pilot.pause()
            shown[width, cable] = line = screen_text(app).splitlines()[0].rstrip()
            assert "1,989 " in line and "search: president" in line and line.endswith(" · by rank"), line
            assert len(line) <= width and (cable in line)
        assert shown[200, ""].endswith("1,989 cables · 1,989 unread · search: president in class:S year:2009 · by rank")
        assert shown[80, ""].endswith("1,989 cables · search: president in class:S year:2009 · by rank")
        assert shown[80, "09STATE42547 ¶5 91%"] == ("09STATE42547 ¶5 91%  1,989 cables · search: president in "
                                                   "class:S year… · by rank")  # the app's name gone first
        assert shown[60, ""].endswith("1,989 cables · search: president · by rank")  # the filter dropped
        assert shown[60, "09STATE42547 ¶5 91%"].endswith("1,989 · search: president · by rank")


@pilot
async def test_S_and_a_query_read_in_one_go_go_to_the_bar_not_to_the_list_as_commands():
    from textual import events

    from fakelib import FakeLibrary, make_cable

    lib = FakeLibrary([make_cable(f"10ROME{n}", day=n, body=f"UNCLASSIFIED\n\n1. (U) The olive harvest {n}.")
                       for n in range(1, 4)])
    app = reader(lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        for key, character in (("S", "S"), ("o", "o"), ("l", "l"), ("i", "i"), ("v", "v"), ("e", "e"),
                               ("enter", "\r"), ("j", "j"), ("j", "j")):  # one read: no key waits for the last
            app._driver.send_message(events.Key(key, character))
        await until(pilot, lambda: app.main.search_query == "olive" and app.sidebar.cursor == 2, "the keys typed")
        assert app.main.sort == "date" and app.cable_view.reference_id is None  # o (sort), l (open) not acted on
        assert app.main.query_one("#bar").value == "olive"  # j j went to the list, not into the query
