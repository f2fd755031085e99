"""What the open cable costs on the wire: lines drawn in few colour runs, the cable laid out once when opened, and a
line down repainting only the text (not the blank column, nor the scroll bar rows that did not change)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region

from fakelib import FakeLibrary, make_cable
from helpers import pilot, reader, start
from test_cableview import real_cable
from tui.display.card import CableDocument
from tui.display.segments import compact

TEXT = Style(color="grey82", bgcolor="grey7")
BOLD = Style(color="grey82", bgcolor="grey7", bold=True)
CODE = Style(color="cyan", bgcolor="grey7")
LINK = Style(color="grey50", bgcolor="grey7", underline=True)


def cells(segments):
    return "".join(s.text for s in segments)


def test_spaces_take_a_neighbours_style_where_they_look_the_same():
    line = [Segment(" ", Style(bgcolor="grey7")), Segment("RUEHC", CODE), Segment(" ", TEXT), Segment("SECSTATE", CODE),
            Segment("      ", TEXT)]
    out = compact(line)
    assert cells(out) == cells(line)
    assert out == [Segment(" RUEHC SECSTATE      ", CODE)]


def test_styles_that_write_the_same_codes_are_one_run():
    same = Style(color="grey82", bgcolor="grey7", italic=False)  # another Style object, the same look
    assert compact([Segment("Subject ", TEXT), Segment("Mexico", same)]) == [Segment("Subject Mexico", TEXT)]
    assert len(compact([Segment("Class", BOLD), Segment("x", TEXT)])) == 2  # bold letters are not plain ones


def test_spaces_that_show_more_than_a_background_keep_their_style():
    underlined = [Segment("10MEXICO127", LINK), Segment(" ", LINK), Segment("x", TEXT)]
    assert compact(underlined) == [Segment("10MEXICO127 ", LINK), Segment("x", TEXT)]
    gap = [Segment("a", TEXT), Segment(" ", LINK), Segment("b", TEXT)]
    assert compact(gap) == gap  # an underlined space is not a plain one
    other_background = [Segment("a", TEXT), Segment(" ", Style(bgcolor="red")), Segment("b", TEXT)]
    assert compact(other_background) == other_background


@pilot
async def test_a_line_of_the_open_cable_is_drawn_in_few_runs():
    app = reader(FakeLibrary([real_cable()]))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        view = app.cable_view
        body = next(y for y, t in enumerate(view.layout_lines) if t.plain.startswith("1. (S) Summary"))
        view.scroll_to(y=body, animate=False, immediate=True)
        await pilot.pause()
        heading = view.render_line(0)
        assert heading.cell_length == view.scrollable_content_region.width
        assert cells(heading).startswith(" 1. (S) Summary")  # the blank column drawn with the text
        assert len(list(heading)) == 4  # bold number, red marking, bold heading, then the text
        for y in range(1, 6):  # the paragraph's other lines: one run each, blank column and padding included
            assert len(list(view.render_line(y))) == 1


@pilot
async def test_opening_a_cable_lays_it_out_once_and_a_resize_of_the_same_width_not_again(monkeypatch):
    widths = []
    layout = CableDocument.layout

    def counting(self, width, *args, **kwargs):
        widths.append(width)
        return layout(self, width, *args, **kwargs)

    monkeypatch.setattr(CableDocument, "layout", counting)
    app = reader(FakeLibrary([real_cable()]))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        widths.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert widths == [app.cable_view.text_width] == [78]  # laid out hidden at the width it is shown at
        await pilot.resize_terminal(80, 30)  # taller, the same width
        await pilot.pause()
        assert widths == [78]
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert widths == [78, 68]


@pilot
async def test_a_line_down_repaints_the_text_and_only_the_scroll_bar_rows_that_change():
    body = "UNCLASSIFIED\n\n" + "\n\n".join(f"{i}. (U) line {i}." for i in range(1, 400))
    app = reader(FakeLibrary([make_cable("10LONG1", body=body)]), start="10LONG1")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        view = app.cable_view
        bar = view.vertical_scrollbar
        view.focus()
        await pilot.pause()
        view_regions, bar_regions = [], []
        monkey_view, monkey_bar = view.refresh, bar.refresh
        view.refresh = lambda *r, **k: (view_regions.extend(r), monkey_view(*r, **k))[1]
        bar.refresh = lambda *r, **k: (bar_regions.append(r), monkey_bar(*r, **k))[1]
        for _ in range(12):
            await pilot.press("j")
        await pilot.pause()
        assert int(view.scroll_offset.y) == 12
        text = Region(0, 0, *view.scrollable_content_region.size)
        assert view_regions and all(r == text for r in view_regions)  # the text; the scroll bar is not in it
        assert bar_regions and all(len(r) == 1 and r[0].height == 1 for r in bar_regions)  # a row at a time
        assert len(bar_regions) < 12 * 4  # the thumb's ends, never the whole bar
        for key in "jjjjjkkjjjjjjjjjjkkkjjjjjjj":
            await pilot.press(key)
        await pilot.pause()
        column = lambda: [(s.text, s.style) for strip in app.screen._compositor.render_strips()
                          for s in strip.crop(79, 80)]
        drawn = column()
        monkey_bar()  # the whole bar drawn afresh: the same as what the row repaints left
        await pilot.pause()
        assert column() == drawn
