"""``x``: the list as it is (a filter, search results) exported to the file the prompt names, in a worker."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import REPO
from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, screen_text, start
from tui.exporting import default_path
from tui.library import Filter, open_home
from tui.library.importer import import_paths

SIZE = (80, 24)


@pytest.fixture(scope="module")
def samples_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("export-home")
    import_paths(home / "library.sqlite", [REPO / "sample_cables"], jobs=1)
    return home


async def _export(app, pilot, path) -> str:
    """Press x, put ``path`` in the prompt, Enter; the screen while the prompt was up."""
    await pilot.press("x")
    await pilot.pause()
    shown = screen_text(app)
    field = app.screen.query_one("#prompt-input")
    field.value = str(path)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return shown


@pilot
async def test_x_writes_the_filtered_view_in_a_worker(samples_home, tmp_path):
    lib = open_home(samples_home)
    try:
        origin = lib.facets()["origin"][0][0]
        expected = [r.reference_id for r in lib.rows(lib.view(Filter(origin=origin)))]
        app = reader(lib)
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot)
            await pilot.press("slash")
            app.screen.query_one("#bar").value = f'origin:"{origin}"'  # typed at once: typing costs a frame a key
            await pilot.press("enter")
            await pilot.pause()
            out = tmp_path / "view.csv"
            prompt = await _export(app, pilot, out)
            assert f"Export {len(expected):,} cable" in prompt and "cablereader-export-" in prompt
            rows = list(csv.reader(io.StringIO(out.read_text())))
            assert [r[0] for r in rows[1:]] == expected and len(expected) > 1
            assert any(f"exported {len(expected):,} cable" in n.message for n in app._notifications)
    finally:
        lib.close()


@pilot
async def test_x_on_search_results_and_an_unwritable_path_is_a_notice(tmp_path):
    lib = FakeLibrary([make_cable("10MEXICO1", body="UNCLASSIFIED\n\n1. (U) Zanzibar talks."),
                       make_cable("10MEXICO2", day=2), make_cable("10MEXICO3", day=3, body="UNCLASSIFIED\n\nzanzibar")])
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("S")
        app.screen.query_one("#bar").value = "zanzibar"
        await pilot.press("enter")
        await pilot.pause()
        await _export(app, pilot, tmp_path / "hits.md")
        md = (tmp_path / "hits.md").read_text()
        assert md.count("\n## ") == 2 and "## 10MEXICO1:" in md and "10MEXICO2" not in md
        (tmp_path / "a-file").write_text("")
        await _export(app, pilot, tmp_path / "a-file" / "out.md")
        failed = [n.message for n in app._notifications if n.message.startswith("export failed")]
        assert failed and "a-file/out.md" in failed[-1]
        assert "Traceback" not in screen_text(app)


def test_default_path_is_dated_md_in_the_home_folder():
    import datetime as dt

    assert default_path(now=dt.datetime(2026, 12, 2, 1, 5)) == "~/cablereader-export-20261202-0105.md"
