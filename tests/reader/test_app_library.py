"""The reader over the real library: ../shared/cables imported into a temporary home, and the CLI's reader path."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS
from helpers import pilot, reader, screen_text, start
from tui.library import open_files, open_home

SIZE = (80, 24)


@pytest.fixture(scope="module")
def library_home(shared_import, tmp_path_factory):
    """A home of this module's own with the shared library (the session's, copied)."""
    home = tmp_path_factory.mktemp("shared-home")
    shutil.copyfile(shared_import[0], home / "library.sqlite")
    return home


@pytest.fixture
def lib(library_home):
    library = open_home(library_home)
    yield library
    library.close()


@pilot
async def test_goto_10_mexico_83_shows_card_and_body(lib):
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert f"{lib.count():,} cables" in screen_text(app).splitlines()[0]
        await pilot.press("colon", *"10 mexico 83", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Reference ID 10MEXICO83" in text and "SECRET   Embassy Mexico" in text
        assert "TAGS         PGOV PREL PHUM SNAR KCRM MX" in text and "Scenesetter for the Opening" in text
        assert "DE RUEHME #0083/01 0292049" in text  # the cable text follows the card
        for _ in range(4):
            await pilot.press("space")
        await pilot.pause()
        assert "(SBU)" in screen_text(app)  # the body, paged down to


@pilot
async def test_follow_a_ref_link_and_come_back(lib):
    source = next(r.reference_id for r in lib.rows(list(lib.view()))
                  if any(lib.exists(c) for c in lib.cites(r.reference_id)))
    target = next(c for c in lib.cites(source) if lib.exists(c))
    app = reader(lib, start=source)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        while app.cable_view.focused_link is None or app.cable_view.focused_link.target != target:
            await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert f"Reference ID {target}" in text and source in text  # the cited cable lists the source in Cited by
        await pilot.press("backspace")
        await pilot.pause()
        assert f"Reference ID {source}" in screen_text(app)


@pilot
async def test_filter_and_search_over_the_real_index(lib):
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"origin:mexico year:2010", "enter")
        await pilot.pause()
        expected = lib.count(app.main.filter)
        assert app.main.filter.origin == "Embassy Mexico" and expected > 0
        assert f"{expected:,} cable" in screen_text(app).splitlines()[0]
        await pilot.press("escape", "S", *"human rights", "enter")
        await pilot.pause()
        hits = lib.search("human rights", limit=200)
        assert app.sidebar.current.reference_id == hits[0].reference_id
        await pilot.press("enter")
        await pilot.pause()
        assert app.cable_view.matches


@pilot
async def test_opening_files_counts_what_is_not_a_cable(tmp_path, temp_home):
    (tmp_path / "notes.txt").write_text("shopping list: eggs\n")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    seed = sorted(SEEDS.iterdir())[0]
    library = open_files([seed, tmp_path / "notes.txt", tmp_path / "binary.bin"], temp_home)
    try:
        app = reader(library)
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            header = screen_text(app).splitlines()[0]
            assert "1 cable " in header and "2 files skipped" in header
    finally:
        library.close()
