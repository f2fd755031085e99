"""Each unified rule gives one answer wherever a user meets it: a reference ID typed in any form (show, the go-to
prompt, opening at start, the palette), text holding an escape sequence (the list, the card, show, search), and
TOP SECRET (the list's level and the card's colour)."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from helpers import pilot, reader, screen_text, start
from tui.cable import glossary
from tui.cli import main
from tui.display.card import CLASS_STYLES, class_style
from tui.library import open_home
from tui.library.importer import import_paths
from tui.library.lookup import lookup
from tui.palette import PaletteCommands

HOSTILE = """Reference ID Created Released Classification Origin
10MEXICO999 2010-02-18 10:00 2010-12-20 12:00 TOP SECRET Embassy Mexico
VZCZCXRO7221
OO RUEHC
DE RUEHME #0999 0491000
ZNY TTTTT ZZH
O 181000Z FEB 10
FM AMEMBASSY MEXICO
TO RUEHC/SECSTATE WASHDC IMMEDIATE 0613
T O P S E C R E T MEXICO 000999

SIPDIS

E.O. 12958: DECL: 02/18/2035
TAGS PGOV, MX
SUBJECT: X\x1b[31mRED PANTHER REPORT

1. (TS) The X\x1b[31mRED PANTHER report is held by the embassy.
"""
FORMS = ["10MEXICO83", "10 mexico 83", "10-MEXICO-83", "10MEXICO0083"]
SIZE = (100, 24)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("one-rule")
    source = tmp_path_factory.mktemp("one-rule-src")
    (source / "10MEXICO999.txt").write_text(HOSTILE)
    import_paths(home / "library.sqlite", [REPO / "sample_cables" / "10MEXICO83.txt", source], jobs=1)
    return home


@pytest.fixture
def lib(home):
    library = open_home(home)
    yield library
    library.close()


def _show(home, capsys, *argv) -> str:
    code = main(["--home", str(home), *argv])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


@pytest.mark.parametrize("form", FORMS)
def test_an_id_form_names_one_cable_in_lookup_and_show(lib, home, capsys, form):
    assert lookup(lib, form).one == "10MEXICO83"
    assert "10MEXICO83" in _show(home, capsys, "show", *form.split(), "--plain").splitlines()[0]


@pytest.mark.parametrize("form", FORMS)
@pilot
async def test_an_id_form_opens_the_same_cable_at_start_in_the_prompt_and_the_palette(lib, form):
    app = reader(lib, start=form)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "Reference ID 10MEXICO83" in screen_text(app)
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *form, "enter")
        await pilot.pause()
        assert "Reference ID 10MEXICO83" in screen_text(app)
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        hits = [str(hit.text) async for hit in PaletteCommands(app.screen).search(form)]
        assert "Open 10MEXICO83" in hits


def test_an_escape_sequence_is_dropped_whole_by_show_and_search(home, capsys):
    for argv in (["show", "10MEXICO999", "--plain"], ["search", "panther"]):
        out = _show(home, capsys, *argv)
        assert "XRED PANTHER" in out and "\x1b" not in out and "[31m" not in out
    raw = _show(home, capsys, "search", "panther", "--json")  # JSON keeps the data, escaped: nothing a terminal acts on
    assert "\x1b" not in raw and json.loads(raw)[0]["subject"].startswith("X\x1b[31mRED PANTHER")


@pilot
async def test_an_escape_sequence_is_dropped_whole_in_the_list_and_the_card(lib):
    app = reader(lib, start="10MEXICO999")
    async with app.run_test(size=(200, 50)) as pilot:  # side by side: the list and the card at once
        await start(app, pilot)
        text = screen_text(app)
        assert text.count("XRed Panther Report") + text.count("XRED PANTHER") >= 2
        assert "[31m" not in text and "\x1b" not in text


@pilot
async def test_top_secret_is_one_level_in_the_list_and_the_card(lib):
    assert glossary.level("TOP SECRET") == "TS" and class_style("TOP SECRET") == CLASS_STYLES["TS"]
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        row = next(line for line in screen_text(app).splitlines() if "10MEXICO999" in line)
        assert row.split()[row.split().index("10MEXICO999") + 2] == "TS"


TYPOS = ["10MEXCO83", "10MXICO83", "10MEXIC83"]  # a station misspelt or cut: a guess, not the cable


@pytest.mark.parametrize("typo", TYPOS)
def test_a_misspelt_station_is_a_suggestion_never_the_cable(lib, home, capsys, typo):
    found = lookup(lib, typo)
    assert (found.one, found.ids, found.suggested) == (None, (), ("10MEXICO83",))
    assert main(["--home", str(home), "show", typo, "--plain"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err == f"cablereader: no cable '{typo}' in the library (did you mean 10MEXICO83?)\n"


def test_a_misspelt_station_in_an_export_list_is_reported_not_exported(home, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("10MXICO83\n10MEXICO999\n"))
    assert main(["--home", str(home), "export", "--ids", "-", "-o", "-", "--format", "csv"]) == 1
    out = capsys.readouterr()
    assert "10MEXICO999" in out.out and "10MEXICO83" not in out.out
    assert "not in the library: 10MXICO83 (did you mean 10MEXICO83?)" in out.err


@pilot
async def test_a_misspelt_station_in_the_prompt_is_offered_not_opened(lib):
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10MEXCO83", "enter")
        await pilot.pause()
        assert "10MEXCO83 is not in the library: did you mean" in screen_text(app)
        assert app.cable_view.document is None or app.cable_view.reference_id != "10MEXICO83"
        await pilot.press("down", "enter")  # the suggestion picked: now it opens
        await pilot.pause()
        assert "Reference ID 10MEXICO83" in screen_text(app)
