"""Keys that behave (issue 8, items 7-9): M marks the view as it is, u undoes, keymap names checked, Ctrl+Z,
| pipes the cable, Esc followed at once by a key, d decodes tags, empty results and folders say so."""

from __future__ import annotations

import json

import pytest

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start, until
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


# --- 8. keys that behave --------------------------------------------------------------------------------------

@pilot
async def test_keymap_names_are_checked_and_F1_works(temp_home):
    keymap = temp_home / "keymap.json"
    keymap.write_text(json.dumps({"app.help": "F1", "app.goto": "Ctrl+G", "app.nonsense": "x", "app.star": "F99"}))
    app = reader(library(), keymap_path=keymap)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        said = " ".join(n.message for n in app._notifications)
        assert "no binding id 'app.nonsense'" in said and "no key 'F99' (for app.star)" in said
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query("#help-box")
        await pilot.press("escape", "ctrl+g")
        await pilot.pause()
        assert "Go to reference ID" in screen_text(app)


def test_every_binding_id_is_known_to_the_keymap_check():
    from tui.app import binding_ids
    from tui.config import check_keymap

    ids = binding_ids()
    assert {"app.goto", "app.pipe", "app.undo", "app.layout", "app.suspend", "sidebar.down", "cable.down",
            "prompt.cancel"} <= ids
    assert check_keymap({i: "f5" for i in ids}, ids) == ({i: "f5" for i in ids}, [])


@pilot
async def test_ctrl_z_writes_the_reading_state_then_suspends(state, monkeypatch):
    from textual.app import App

    suspended = []
    monkeypatch.setattr(App, "action_suspend_process", lambda self: suspended.append(state.pending))
    app = reader(library(), state=state)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("s", "ctrl+z")
        await pilot.pause()
        assert suspended == [False]  # the star was on disk before the suspend


@pilot
async def test_pipe_sends_the_open_cables_plain_text_to_a_command():
    cable = make_cable("10PARIS7", body="UNCLASSIFIED\n\n1. (U) one two three \x1b[31mred\x1b[0m.")
    app = reader(FakeLibrary([cable]), start="10PARIS7")
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # no terminal to give: the last line shown
        await start(app, pilot)
        await pilot.press("vertical_line", *"grep -c red; grep -c '\x1b' || true", "enter")
        await until(pilot, lambda: ": 0" in screen_text(app), "the command's output")
        text = screen_text(app)
        assert "grep -c red" in text and ": 0" in text  # escapes were dropped before the command saw the text


def test_esc_then_a_key_in_one_write_keeps_the_key(tmp_path):
    """Through a pseudo-terminal: Enter opens the first cable (full width at 80x24); Esc and j arrive in one write
    (back to the list, one row down); s stars the cable under the cursor: the second row, not the open one."""
    from hostile import Pty
    from tui.library import Filter, open_home

    home = tmp_path / "pty-home"
    home.mkdir()
    term = Pty([], home=home)
    try:
        assert term.wait_for(rb"MEXICO"), bytes(term.output[-500:])  # the list is up
        term.wait_quiet()
        for keys, shown in ((b"\r", rb"Reference ID"), (b"\x1bj", None), (b"s", rb"\d\d[A-Z]+\d+ starred")):
            since = len(term.output)
            term.send(keys)
            if shown:
                assert term.wait_for(shown, since=since), (keys, bytes(term.output[-500:]))
            else:  # back on the list, the cursor one row down: nothing to wait for but the redraw's end
                term.wait_quiet()
        term.send(b"q")  # quits from the list (from an open cable it would only go back)
        assert term.wait(timeout=20) == 0
    finally:
        term.kill()
    lib = open_home(home)
    first, second = (row.reference_id for row in lib.rows(list(lib.view(Filter(), "date")[:2])))
    lib.close()
    state = State(home, background=False)
    assert state.starred() == [second] and state.history()[0][0] == first
    state.close()


# --- 9. the small ones; search (issue 9 item 3) -------------------------------------------------------------

@pilot
async def test_search_lists_every_hit_with_the_count_and_fetches_snippets_for_the_rows_on_screen():
    lib = FakeLibrary([make_cable(f"10ROME{n}", day=n, body=f"UNCLASSIFIED\n\n1. (U) The olive harvest {n}.")
                       for n in range(1, 301)])
    asked: list[int] = []
    hits = lib.hits
    lib.hits = lambda query, keys: asked.append(len(keys)) or hits(query, keys)
    app = reader(lib)
    async with app.run_test(size=(119, 24)) as pilot:  # wide enough for the snippets
        await start(app, pilot)
        await pilot.press("S", *"olive", "enter")
        await pilot.pause()
        head = screen_text(app).splitlines()[0]
        assert "300 cables" in head and "search: olive · by rank" in head and len(app.sidebar.keys) == 300
        assert sum(asked) < 100  # the rows on screen and a margin, not all 300
        assert "olive harvest" in screen_text(app).splitlines()[1]
        await pilot.press("G")
        await pilot.pause()
        assert app.sidebar.cursor == 299 and "olive harvest" in screen_text(app).splitlines()[22]


@pilot
async def test_an_empty_result_says_so_and_clears_the_cable_pane():
    app = reader(library(), start="10PARIS3")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        assert app.cable_view.reference_id == "10PARIS3"
        app.main.run_search("nowhere")
        await pilot.pause()
        assert app.cable_view.reference_id is None and "no cable matches nowhere" in screen_text(app)
        await pilot.press("escape", "escape", "slash", *"origin:rome", "enter")
        await pilot.pause()
        assert len(app.sidebar.keys) == 0 and "no cable matches this filter" in screen_text(app)


@pilot
async def test_top_secret_on_the_card_and_d_decodes_country_tags():
    cable = make_cable("10PARIS9", classification="TOP SECRET//NOFORN", tags=["PREL", "FR", "KPAO"])
    app = reader(FakeLibrary([cable]), start="10PARIS9")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        line = next(t for t in app.cable_view.layout_lines if t.plain.startswith("Class"))
        style = line.get_style_at_offset(app.console, line.plain.index("TOP SECRET"))
        assert style.bgcolor.name == "magenta"  # TOP SECRET has its own colour, not SECRET's red
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "FR = France" in text and "PREL = subject tag" in text and "KPAO = program tag" in text


@pilot
async def test_an_empty_folder_says_so(tmp_path):
    from tui.library import open_files

    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("shopping list: milk, eggs\n")
    lib = open_files([folder], tmp_path / "home")
    app = reader(lib, opened_files=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        said = " ".join(n.message for n in app._notifications)
        assert "no cable in the files given" in said and "1 not-a-cable" in said.replace("not a cable", "not-a-cable")
    lib.close()
