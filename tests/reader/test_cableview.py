"""Pilot tests of the open cable's text: re-flow at the view's width, `w` (the original line breaks), `/` find
(next, previous, wrap, no match, the current match apart), and search hits from `S` marked the same way."""

from __future__ import annotations

import asyncio
import functools
import re

import pytest
from textual.app import App, ComposeResult

from conftest import CABLES
from fakelib import FakeLibrary
from helpers import start
from tui.app import CableReaderApp
from tui.cable.model import Cable
from tui.cable.sources import read
from tui.safetext import screen as sanitize
from tui.widgets.cableview import CableView
from tui.display.card import CableDocument

BAGHDAD = CABLES / "wikileaks-html-2010-12" / "cable" / "2009" / "01" / "09BAGHDAD197.html"


def pilot(fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return run


def real_cable(path=BAGHDAD) -> Cable:
    return next(c for c in read([str(path)]) if isinstance(c, Cable))


class ViewApp(App[None]):
    """Only the cable view, as wide as the terminal: the view at any width, whatever the reader's layout."""

    def compose(self) -> ComposeResult:
        yield CableView()


def body_lines(view: CableView) -> list[str]:
    return [t.plain for t in view.layout_lines[view._layout.text_start:]]


def words(text: str) -> list[str]:
    return re.sub(r"(?<=[A-Za-z])-\s+(?=[A-Za-z])", "-", " ".join(text.split())).split()


def styles_of(view: CableView, line: int) -> list[tuple[str, object]]:
    """(text, style) of the segments the view draws for layout line ``line`` (scrolled into view first)."""
    return [(seg.text, seg.style) for seg in view.render_line(line - int(view.scroll_offset.y)) if seg.text]


def match_styles(view: CableView, number: int):
    line, start, end = view.matches[number][0]
    text = view.layout_lines[line].plain[start:end]
    return [style for seg, style in styles_of(view, line) if seg.strip() and seg in text]


# --- re-flow ------------------------------------------------------------------------------------------------------

@pilot
@pytest.mark.parametrize("width", (40, 55, 65, 80, 120, 200))
async def test_the_text_fills_the_view_width_without_splitting_a_word(width):
    cable = real_cable()
    app = ViewApp()
    async with app.run_test(size=(width + 3, 30)) as pilot:  # 1 blank column left of the text, 2 of scroll bar
        view = app.query_one(CableView)
        view.show(CableDocument(cable, [], []))
        await pilot.pause()
        assert view.text_width == width
        lines = body_lines(view)
        assert max(len(line) for line in lines) <= width
        header = cable.header.rstrip("\n")
        assert words("\n".join(lines)) == words(sanitize(header + "\n" + cable.body))
        summary = next(line for line in lines if line.startswith("1. (S) Summary"))
        assert len(summary) > min(width, 70) - 12  # filled to the width, not cut at the original's 60 columns


@pilot
async def test_w_shows_the_original_line_breaks_and_keeps_the_place():
    cable = real_cable()
    app = ViewApp()
    async with app.run_test(size=(122, 30)) as pilot:
        view = app.query_one(CableView)
        view.show(CableDocument(cable, [], []))
        view.focus()
        await pilot.pause()
        flowed = body_lines(view)
        at = next(i for i, line in enumerate(view.layout_lines) if line.plain.startswith("4. (S)"))
        view.scroll_to(y=at, animate=False, immediate=True)
        await pilot.press("w")
        await pilot.pause()
        original = [line.rstrip() for line in (cable.header.rstrip("\n") + "\n" + cable.body).split("\n")]
        assert body_lines(view) == original and view.original
        assert view.layout_lines[int(view.scroll_offset.y)].plain.startswith("4. (S)")
        await pilot.press("w")
        await pilot.pause()
        assert body_lines(view) == flowed
        assert view.layout_lines[int(view.scroll_offset.y)].plain.startswith("4. (S)")


@pilot
async def test_a_resize_keeps_the_place_and_reflows():
    app = ViewApp()
    async with app.run_test(size=(82, 30)) as pilot:
        view = app.query_one(CableView)
        view.show(CableDocument(real_cable(), [], []))
        await pilot.pause()
        at = next(i for i, line in enumerate(view.layout_lines) if line.plain.startswith("6. (S)"))
        view.scroll_to(y=at, animate=False, immediate=True)
        await pilot.resize_terminal(162, 30)
        await pilot.pause()
        at = next(i for i, line in enumerate(view.layout_lines) if line.plain.startswith("6. (S)"))
        assert int(view.scroll_offset.y) == min(at, view.max_scroll_y)  # at the top, unless past the end
        assert max(len(line) for line in body_lines(view)) > 100


# --- find ---------------------------------------------------------------------------------------------------------

def reader(cable: Cable, **kwargs) -> CableReaderApp:
    kwargs.setdefault("ansi", False)
    return CableReaderApp(FakeLibrary([cable]), **kwargs)


async def open_first(app, pilot) -> CableView:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert app.focused is app.cable_view
    return app.cable_view


async def find(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await pilot.pause()


@pilot
async def test_find_marks_every_match_and_the_current_one_apart():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await find(pilot, "rubaie")
        texts = [view.layout_lines[s[0][0]].plain[s[0][1]:s[0][2]] for s in view.matches]
        assert len(texts) >= 20 and {t.lower() for t in texts} == {"rubaie"}
        assert view.match_index == 0
        line = view.matches[0][0][0]
        top = int(view.scroll_offset.y)
        assert top <= line < top + view.scrollable_content_region.height  # jumped to it
        current, other = match_styles(view, 0), match_styles(view, 1)
        assert current and all(s.reverse for s in current)
        assert other and all(s.underline and not s.reverse for s in other)
        plain = [s for seg, s in styles_of(view, line) if "rubaie" not in seg.lower() and seg.strip()]
        assert all(not s.reverse for s in plain)  # only the match is drawn reversed on its line


@pilot
async def test_find_next_previous_and_wrap():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await find(pilot, "Iranian")
        count = len(view.matches)
        assert count >= 5
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert view.match_index == 2
        assert all(s.reverse for s in match_styles(view, 2)) and not any(s.reverse for s in match_styles(view, 0))
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert view.match_index == 1
        await pilot.press("less_than_sign", "less_than_sign")  # from the first: around to the last
        await pilot.pause()
        assert view.match_index == count - 1
        line = view.matches[-1][0][0]
        assert int(view.scroll_offset.y) <= line < int(view.scroll_offset.y) + view.scrollable_content_region.height
        await pilot.press("greater_than_sign")  # from the last: around to the first
        await pilot.pause()
        assert view.match_index == 0


@pilot
async def test_find_runs_over_a_line_end_and_ignores_case():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await pilot.press("w")  # the original's line breaks: one "security / agreement" is cut by one
        await find(pilot, "SECURITY   agreement")
        assert len(view.matches) >= 3
        two = [m for m in view.matches if len(m) == 2]
        assert len(two) == 1
        (first, a, b), (second, c, d) = two[0]
        assert second == first + 1
        assert view.layout_lines[first].plain[a:b] == "security" and view.layout_lines[second].plain[c:d] == "agreement"


@pilot
async def test_find_with_no_match_says_so_and_marks_nothing():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await find(pilot, "zanzibarian")
        assert view.matches == [] and view.match_index == -1
        assert any("not found: zanzibarian" in n.message for n in app._notifications)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert any("no matches here" in n.message for n in app._notifications)


@pilot
async def test_escape_in_the_find_prompt_puts_everything_back():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await find(pilot, "Tehran")
        y, count = int(view.scroll_offset.y), len(view.matches)
        await pilot.press("slash", *"Soleimani")
        await pilot.pause()
        assert len(view.matches) != count  # marked as typed
        await pilot.press("escape")
        await pilot.pause()
        assert len(view.matches) == count and int(view.scroll_offset.y) == y and app.focused is view
        await find(pilot, "")  # an empty find clears the marks
        assert view.matches == []


@pilot
async def test_find_keys_leave_the_list_keys_alone():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash")  # in the list: the filter bar, not the find prompt
        await pilot.pause()
        assert type(app.screen).__name__ != "FindPrompt" and app.focused is not app.cable_view
    keys = {key for b in CableView.BINDINGS for key in b.key.split(",")}
    assert not keys & {"n", "p", "N"}  # next/previous unread and toggle read stay the app's


@pilot
async def test_search_hits_are_marked_with_the_current_one_apart():
    app = reader(real_cable())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)  # the first fill done, or it would replace the search's list
        app.main.run_search("security agreement")
        await pilot.pause()
        view = await open_first(app, pilot)
        assert len(view.matches) >= 2 and view.match_index == 0
        assert all(s.reverse for s in match_styles(view, 0))
        assert all(s.underline and not s.reverse for s in match_styles(view, 1))
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert view.match_index == 1 and all(s.reverse for s in match_styles(view, 1))


@pilot
@pytest.mark.parametrize("mode", ["sixteen colours", "NO_COLOR"])
async def test_matches_stay_visible_in_sixteen_colours_and_without_colour(mode, monkeypatch):
    """What reaches the terminal, after the app's colour filters: current reversed, the others underlined."""
    if mode == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = reader(real_cable(), ansi=mode == "sixteen colours")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first(app, pilot)
        await find(pilot, "rubaie")
        assert app.no_color == (mode == "NO_COLOR")

        def shown(number):
            line, start, end = view.matches[number][0]
            strip = view.render_line(line - int(view.scroll_offset.y))
            segments = list(strip)
            for f in app._filters:
                segments = f.apply(segments, app.screen.styles.background)
            text = view.layout_lines[line].plain[start:end]
            return [seg.style for seg in segments if seg.text.strip() and seg.text in text]

        current, other = shown(0), shown(1)
        assert current and all(s.reverse for s in current)
        assert other and all(s.underline and not s.reverse for s in other)
