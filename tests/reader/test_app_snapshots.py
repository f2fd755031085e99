"""Snapshot tests (pytest-textual-snapshot) of the reader: the list at 80x24, 60x20 and 200x50 (side by side, the
cable following the cursor), an open cable, the go-to prompt, help, 16 colours.

Update after an intended change of look: ``pytest tests/reader/test_app_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from fakelib import FakeLibrary, make_cable
from helpers import until
from tui.app import CableReaderApp

SIZE = (80, 24)


def library() -> FakeLibrary:
    return FakeLibrary([
        make_cable("10MEXICO83", day=28, classification="SECRET", tags=["PGOV", "PREL", "MX"],
                   subject="Scenesetter for the opening of the defense bilateral working group",
                   references=["10MEXICO71", "09FOOBAR1"],
                   body="SECRET\n\nSIPDIS\n\nE.O. 12958: DECL: 01/29/2020\nTAGS: PGOV PREL MX\n"
                        "SUBJECT: SCENESETTER\n\n1. (SBU) Summary: the inauguration.\n2. (S/NF) A secret point.\n"
                        "3. (C) A confidential point."),
        make_cable("10MEXICO71", day=25, classification="CONFIDENTIAL//NOFORN", subject="Second cable"),
        make_cable("09BRASILIA12", day=3, classification="UNCLASSIFIED", subject="Soy beans",
                   origin="Embassy Brasilia", tags=["EAGR", "BR"]),
    ])


def test_main_screen_with_a_cable(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=SIZE, press=["enter"])


def test_goto_prompt_completing(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=SIZE,
                        press=["colon", "1", "0", "M", "E", "X"])


def test_help_screen(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=SIZE, press=["question_mark"])


def test_main_screen_in_sixteen_colours(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=True), terminal_size=SIZE, press=["enter", "tab"])


def test_list_at_80x24(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=(80, 24), press=["j"])


def test_list_at_60x20(snap_compare):
    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=(60, 20), press=["j"])


def test_list_at_200x50_beside_the_cable_under_the_cursor(snap_compare):
    async def rest(pilot):  # the cable follows the cursor once it rests
        await pilot.press("j")
        await until(pilot, lambda: pilot.app.cable_view.reference_id == pilot.app.sidebar.current.reference_id,
                    "the cable under the cursor shown beside")
        await pilot.pause()

    assert snap_compare(CableReaderApp(library(), ansi=False), terminal_size=(200, 50), run_before=rest)
