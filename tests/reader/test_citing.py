"""Paragraph addresses, the body's links and copying in the reader: ``:10MEXICO83#6`` scrolls to paragraph 6 and
marks it, Tab reaches a link written in the body and Enter follows it, ``y``/``Y`` write an OSC 52 sequence."""

from __future__ import annotations

import base64

import pytest

from conftest import REPO
from fakelib import FakeLibrary
from helpers import pilot, reader, screen_text, start
from tui.cable import parse
from tui.display.citation import citation
from tui.screens.citing import OFF
from tui.widgets.marking import MARK_BAR

SIZE = (80, 24)
LINKS = """UNCLASSIFIED

SUBJECT: LINKS IN THE BODY
REF: A. 10 MEXICO 83 B. 09 MEXICO 3373

1. (U) As ref A says in para 6 of REF A, see para 3 below and
10MEXICO140.

2. (U) A paragraph with an escape \x1b]52;c;ZXZpbA==\x07 and a bell \x07 in it.

3. (U) The third paragraph, on what the second cable (ref
B) says.
"""


def library() -> FakeLibrary:
    mexico = parse((REPO / "sample_cables" / "10MEXICO83.page.txt").read_text(encoding="utf-8"))
    return FakeLibrary([mexico, parse(LINKS, reference_id="10MEXICO200")])


def notices(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def copied(writes: list[str]) -> list[str]:
    """The texts of the OSC 52 sequences among what the app wrote to the terminal."""
    prefix = "\x1b]52;c;"
    return [base64.b64decode(w[len(prefix):-1]).decode("utf-8") for w in writes if w.startswith(prefix)]


@pilot
async def test_goto_a_paragraph_scrolls_it_to_the_top_and_marks_it_until_the_next_move():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10 mexico 83#6", "enter")
        await pilot.pause()
        view = app.cable_view
        assert view.reference_id == "10MEXICO83" and view.marked == 6
        top = screen_text(app).splitlines()[1]
        assert top.startswith(MARK_BAR + "6. (S) The failure to reduce violence")
        first, end = view._marked_rows
        assert first == int(view.scroll_offset.y) and end - first > 3  # the whole paragraph is marked
        await pilot.press("j")
        assert view.marked is None and MARK_BAR not in screen_text(app)
        await pilot.press("colon", *"10MEXICO83#7", "enter", "escape")  # Esc unmarks, and stays in the cable
        assert view.marked is None and app.focused is view
        await pilot.press("colon", *"10MEXICO83#99", "enter")
        await pilot.pause()
        assert view.marked is None and "10MEXICO83 has no paragraph 99" in notices(app)
        await pilot.press("colon", *"10MEXICO83#6", "enter", "colon", *"10MEXICO200", "enter")
        await pilot.pause()  # another cable opened: nothing marked in it
        assert view.marked is None and MARK_BAR not in screen_text(app)


@pilot
async def test_opened_at_a_paragraph_from_the_command_line():
    app = reader(library(), start="10MEXICO83#6")  # cablereader '10MEXICO83#6'
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.pause()
        assert app.cable_view.marked == 6 and screen_text(app).splitlines()[1].startswith(MARK_BAR + "6. (S)")


@pilot
async def test_tab_reaches_a_body_link_and_enter_follows_it():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10MEXICO200", "enter")
        await pilot.pause()
        view = app.cable_view
        links = [(link.target, link.present) for link in view._layout.links]
        assert links == [("10MEXICO83", True), ("09MEXICO3373", False),  # the card's References
                         ("10MEXICO83", True), ("09MEXICO3373", False),  # the REF line
                         ("10MEXICO83", True), ("10MEXICO83#6", True), ("10MEXICO83", True),  # ref A, para 6, REF A
                         ("10MEXICO200#3", True), ("10MEXICO140", False),  # para 3 below, an ID on the next line
                         ("09MEXICO3373", False)]  # ref B, cut by a line end
        written = [view.layout_lines[link.line].plain[link.start:link.end] for link in view._layout.links[2:]]
        assert written == ["10 MEXICO 83", "09 MEXICO 3373", "ref A", "para 6", "REF A", "para 3", "10MEXICO140",
                           "ref B"]
        await pilot.press(*["tab"] * 8)  # the card's two, then the body's
        assert view.focused_link.target == "10MEXICO200#3"
        await pilot.press("enter")  # a paragraph of this cable: scrolled to and marked
        assert view.reference_id == "10MEXICO200" and view.marked == 3
        await pilot.press("shift+tab", "shift+tab", "enter")  # para 6 of REF A: that cable, at its paragraph
        await pilot.pause()
        assert view.reference_id == "10MEXICO83" and view.marked == 6


@pilot
async def test_y_writes_an_osc52_sequence_holding_the_citation():
    lib = library()
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        writes: list[str] = []
        app._driver.write = writes.append
        await pilot.press("colon", *"10MEXICO83#6", "enter", "y")
        mexico = lib.get("10MEXICO83")
        assert copied(writes) == [citation(mexico, 6)]
        assert copied(writes)[0].startswith('10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "The failure')
        assert f"Copied 10MEXICO83 ¶6 citation ({len(citation(mexico, 6))} characters)" in notices(app)
        await pilot.press("Y")  # the paragraph's whole text
        assert copied(writes)[-1] == " ".join(mexico.paragraphs[5].text.split())
        await pilot.press("g", "y")  # the card at the top: the cable's citation
        assert copied(writes)[-1] == citation(mexico)
        await pilot.press("escape", "y")  # from the list: the cable under the cursor
        assert copied(writes)[-1] == citation(lib.get(app.sidebar.current.reference_id))


@pilot
async def test_copied_text_holds_no_escape_sequence():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        writes: list[str] = []
        app._driver.write = writes.append
        await pilot.press("colon", *"10MEXICO200#2", "enter", "y", "Y")
        cite, text = copied(writes)
        assert "\x1b]52" in app.library.get("10MEXICO200").paragraphs[1].text  # the cable holds one
        assert cite.startswith('10MEXICO200 ¶2 (UNCLASSIFIED, Embassy Mexico): "A paragraph with an escape')
        assert " ".join(text.split()) == "A paragraph with an escape and a bell in it."
        assert not any(c in cite + text for c in "\x1b\x07")


@pilot
async def test_with_osc52_off_nothing_is_written_and_the_notice_says_how_to_turn_it_on():
    app = reader(library(), osc52=False)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        writes: list[str] = []
        app._driver.write = writes.append
        await pilot.press("colon", *"10MEXICO83#6", "enter", "y")
        assert copied(writes) == [] and OFF in notices(app)
        from tui.screens.help import binding_groups

        keys = [key for _, group in binding_groups(app, app.main) for key in group]
        assert ("y", "Copy citation", "app.copy_citation") in keys and ("Y", "Copy paragraph", "app.copy_paragraph") in keys


def test_the_osc52_setting(temp_home):
    from tui.config import osc52

    assert osc52(temp_home) is True
    (temp_home / "config.json").write_text('{"osc52": false}')
    assert osc52(temp_home) is False


def test_snapshot_of_a_marked_paragraph(snap_compare):
    from tui.app import CableReaderApp

    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=SIZE,
                        press=["colon", *"10MEXICO83#6", "enter"])


def test_snapshot_of_a_marked_paragraph_and_a_body_link_in_sixteen_colours(snap_compare):
    from tui.app import CableReaderApp

    assert snap_compare(CableReaderApp(library(), ansi=True), terminal_size=SIZE,
                        press=["colon", *"10MEXICO200#1", "enter", "tab", "tab", "tab", "tab", "tab"])


@pytest.mark.parametrize("width", [24, 41, 80, 200])
@pytest.mark.parametrize("original", [False, True])
def test_body_links_survive_re_flow_and_the_original_line_breaks(width, original):
    from tui.display.card import CableDocument

    lib = library()
    document = CableDocument.from_library(lib, lib.get("10MEXICO200"))
    layout = document.layout(width, original=original)
    body = [link for link in layout.links if link.line >= layout.text_start]
    assert [link.target for link in body] == ["10MEXICO83", "09MEXICO3373", "10MEXICO83", "10MEXICO83#6",
                                             "10MEXICO83", "10MEXICO200#3", "10MEXICO140", "09MEXICO3373"]
    written = [layout.lines[link.line].plain[link.start:link.end] for link in body]
    mentions = ["10 MEXICO 83", "09 MEXICO 3373", "ref A", "para 6", "REF A", "para 3", "10MEXICO140", "ref B"]
    for link, text, mention in zip(body, written, mentions):  # a mention cut by a line end: the part on its line
        assert text and mention.startswith(text)
    if not original and width >= 41:
        assert written[-1] == "ref B"  # cut by the source's line end, whole again once re-flowed
    rows = document.paragraph_rows(layout, 2)
    assert layout.lines[rows[0]].plain.startswith("2. (U) A paragraph")
