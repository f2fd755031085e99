"""`v` in the reader: a cable's variants listed, one shown, two compared word by word (Pilot and snapshots, 80x24).

The library is the fake one, with a cable from two sources that differ as seeds 000 and 001 do ("Scenesetter"
against "Scen setter", "ascendency" against "ascendancy", a line cut short). Snapshots:
``pytest tests/reader/test_reader_variants.py --snapshot-update`` after an intended change of look.
"""

from __future__ import annotations

import datetime as dt

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.cable.model import Source
from tui.screens.variants import DiffScreen, DiffView, VariantsScreen

SIZE = (80, 24)
BODY = ("SECRET\n\nSUBJECT: {subject} for the Opening of the Defense Bilateral Working Group\n\n"
        "1. (SBU) Summary: The inauguration of the Defense Bilateral Working Group comes at a key moment in our "
        "efforts to deepen our {cut}\n\n"
        "2. (SBU) Meanwhile, the opposition Institutional Revolutionary Party (PRI) is in the {word}, cautiously "
        "managing its illusory unity.\n\n"
        + "\n".join(f"{i}. (C) Paragraph {i} reads the same in both sources." for i in range(3, 30)))


def variant(body: str, path: str, fmt: str, released: dt.datetime | None):
    cable = make_cable("10MEXICO83", day=28, classification="SECRET", subject="Scenesetter", body=body)
    cable.source, cable.released = Source(path, fmt), released
    return cable


def library() -> FakeLibrary:
    whole = variant(BODY.format(subject="Scenesetter", word="ascendency",
                                cut="bilateral relationship and to support the Mexican military. End Summary."),
                    "cables/10MEXICO83.html", "html-2010", dt.datetime(2010, 12, 2, 21, 9))
    cut = variant(BODY.format(subject="Scen setter", word="ascendancy", cut="bilate"), "raw/10MEXICO83.txt", "raw",
                  None)
    third = variant(BODY.format(subject="Scenesetter", word="ascendency", cut="bilateral"),
                    "cables.csv", "csv", dt.datetime(2011, 8, 30))
    third.source = Source("cables.csv", "csv", 4021)
    return FakeLibrary([whole, make_cable("10MEXICO71", day=25, subject="One source")],
                       variants={"10MEXICO83": [cut, third]})


async def open_variants(app, pilot) -> VariantsScreen:
    await start(app, pilot)
    await pilot.press("enter", "v")
    await pilot.pause()
    assert isinstance(app.screen, VariantsScreen)
    return app.screen


@pilot
async def test_v_lists_the_variants_with_source_format_and_date():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await open_variants(app, pilot)
        text = screen_text(app)
        assert "10MEXICO83: 3 sources" in text
        assert "[ ]  1  html-2010  released 2010-12-02  primary" in text and "cables/10MEXICO83.html" in text
        assert "[ ]  2  raw  no date" in text and "raw/10MEXICO83.txt" in text
        assert "3  csv  released 2011-08-30" in text and "cables.csv row 4021" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, VariantsScreen)


@pilot
async def test_enter_shows_that_variant_and_says_which_it_is():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await open_variants(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        view = app.cable_view
        assert view.document.cable.source.path == "raw/10MEXICO83.txt" and app.focused is view
        card = [line.plain for line in view.layout_lines[:4]]
        assert card[1].startswith("Variant      2 of 3: raw, no date, raw/10MEXICO83.txt")
        assert "Scen setter" in "\n".join(line.plain for line in view.layout_lines)
        assert any("variant 2 of 3 shown" in n.message for n in app._notifications)
        await pilot.press("escape", "enter")  # opened again: the primary, with no variant line
        await pilot.pause()
        assert view.document.cable.source.path == "cables/10MEXICO83.html"
        assert not any(line.plain.startswith("Variant") for line in view.layout_lines[:6])


@pilot
async def test_d_compares_the_first_two_and_marks_deletions_and_insertions():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await open_variants(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        doc = app.screen.document
        assert (doc.a[0], doc.b[0]) == (1, 2)
        text = "\n".join(line.plain for line in app.screen.query_one(DiffView).layout_lines)
        assert "SUBJECT: [-Scenesetter-]{+Scen setter+} for the Opening" in text
        assert "in the [-ascendency,-]{+ascendancy,+} cautiously" in text
        assert "[-bilateral relationship and to support the Mexican military. End Summary.-]{+bilate+}" in \
            " ".join(text.split())  # the line cut short: its rest deleted (wrapped over lines at 80 columns)
        title = screen_text(app).splitlines()[0]
        assert title.startswith(" 10MEXICO83 variants 1, 2: ") and "[-12 deleted-] {+4 inserted+}" in title
        await pilot.press("q")
        assert not isinstance(app.screen, DiffScreen) and app.cable_view.reference_id == "10MEXICO83"


@pilot
async def test_space_marks_the_two_to_compare_and_n_walks_the_changes():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_variants(app, pilot)
        await pilot.press("j", "j", "space")
        assert screen.pair() == (1, 3)  # one marked: compared with the first other
        await pilot.press("k", "space")
        assert "[x]  2" in screen_text(app) and "[x]  3" in screen_text(app) and screen.pair() == (2, 3)
        await pilot.press("equals_sign")
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        assert (app.screen.document.a[0], app.screen.document.b[0]) == (2, 3)
        await pilot.press("n")
        assert view.match_index == 0 and len(view.matches) == 3  # Scen setter, ascendancy, bilate
        await pilot.press("n", "n", "n")
        assert view.match_index == 0  # round to the first
        await pilot.press("p")
        assert view.match_index == 2


@pilot
async def test_one_source_says_so_in_a_notice():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("j", "v")  # from the list: the cable under the cursor
        await pilot.pause()
        assert not isinstance(app.screen, VariantsScreen)
        assert any("10MEXICO71 has one source" in n.message for n in app._notifications)


@pilot
async def test_L_is_the_layout_and_v_the_variants_in_the_help():
    from tui.screens.help import keys_by_id

    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        keys = keys_by_id(app, app.main)
        assert (keys["app.layout"], keys["app.variants"]) == ("L", "v")


def test_variants_list_at_80x24(snap_compare):
    assert snap_compare(reader(library()), terminal_size=SIZE, press=["enter", "v", "j", "j", "space"])


def test_word_diff_at_80x24(snap_compare):
    assert snap_compare(reader(library()), terminal_size=SIZE, press=["enter", "v", "d", "n", "n"])


def test_word_diff_at_60x20_in_sixteen_colours(snap_compare):
    assert snap_compare(reader(library(), ansi=True), terminal_size=(60, 20), press=["enter", "v", "d", "n"])
