"""Pilot tests of the reader at 80x24: what is on screen after the keys a user would press (issue 4, items 1-8)."""

from __future__ import annotations

import json

from fakelib import FakeLibrary, make_cable, many
from helpers import pilot, reader, screen_text, start
from tui.app import CableReaderApp
from tui.widgets.sidebar import Sidebar

SIZE = (80, 24)


def library() -> FakeLibrary:
    return FakeLibrary([
        make_cable("10MEXICO83", day=28, classification="SECRET", tags=["PGOV", "PREL", "MX"],
                   subject="Scenesetter for the opening of the defense bilateral working group",
                   references=["10MEXICO71", "09FOOBAR1"],
                   body="SECRET\n\nSUBJECT: SCENESETTER\n\n1. (S) Human rights are discussed.\n"
                        + "\n".join(f"{i}. (U) Filler paragraph {i}." for i in range(2, 40))
                        + "\n40. (C) More on human rights at the end."),
        make_cable("10MEXICO71", day=25, classification="CONFIDENTIAL//NOFORN", subject="Second cable",
                   origin="Embassy Mexico"),
        make_cable("09BRASILIA12", day=3, classification="UNCLASSIFIED", subject="Soy beans", origin="Embassy Brasilia",
                   tags=["EAGR", "BR"]),
    ])


# --- 1. start-up: the library, a cable by ID, files ---------------------------------------------------------------

@pilot
async def test_start_shows_status_sidebar_and_footer():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        text = screen_text(app)
        lines = text.splitlines()
        assert lines[0].startswith("cablereader") and "3 cables" in lines[0] and "all cables" in lines[0]
        assert "10MEXICO83" in lines[1] and "2010-01-29" in lines[1]  # newest first
        assert "09BRASILIA12" in lines[3]
        footer = lines[23]
        assert "Go to" in footer and "Filter" in footer and "Help" in footer and len(footer.rstrip()) <= 80
        assert app.animation_level == "none"


@pilot
async def test_start_at_a_cable_by_loose_id():
    app = reader(library(), start="10 mexico 83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "Reference ID 10MEXICO83" in screen_text(app)
        assert app.focused is app.cable_view


@pilot
async def test_skipped_files_are_counted_in_a_notice():
    app = reader(FakeLibrary([make_cable("10MEXICO83")], skipped={"not a cable": 2, "bad utf-8": 1}))
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        header = screen_text(app).splitlines()[0]  # at the end, where there is room
        assert header.endswith("1 cable · all cables · date · 3 files skipped")
        app.main.status.view = "search: a long query " * 3  # no room: the view's description stays whole
        await pilot.pause()
        assert "skipped" not in screen_text(app).splitlines()[0]


# --- 2. sidebar: rows, sort, filter -----------------------------------------------------------------------------

@pilot
async def test_sort_cycles_date_id_origin():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "· id" in lines[0]
        assert [lines[i].split()[0] for i in (1, 2, 3)] == ["09BRASILIA12", "10MEXICO71", "10MEXICO83"]
        await pilot.press("o")
        await pilot.pause()
        assert "· origin" in screen_text(app).splitlines()[0]
        assert screen_text(app).splitlines()[1].split()[0] == "09BRASILIA12"


@pilot
async def test_filter_bar_narrows_combines_and_esc_clears():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"origin:mexico class:C")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1 cable " in text.splitlines()[0] and 'origin:"Embassy Mexico"' in text.splitlines()[0]
        assert "10MEXICO71" in text and "10MEXICO83" not in text and "09BRASILIA12" not in text
        assert app.focused is app.sidebar
        await pilot.press("escape")
        await pilot.pause()
        assert "3 cables" in screen_text(app).splitlines()[0]


@pilot
async def test_filter_with_a_bad_year_says_so_and_keeps_the_view():
    app = reader(library())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("slash", *"year:abc", "enter")
        await pilot.pause()
        assert "year must be a number" in screen_text(app)
        assert app.sidebar.keys and len(app.sidebar.keys) == 3


@pilot
async def test_cursor_keys_and_open():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("G")
        assert app.sidebar.cursor == 2
        await pilot.press("g", "j")
        assert app.sidebar.cursor == 1
        await pilot.press("l")
        await pilot.pause()
        assert "Reference ID 10MEXICO71" in screen_text(app)
        await pilot.press("q")  # q while reading goes back to the list, not out of the app
        assert app.focused is app.sidebar and app.is_running


@pilot
async def test_sidebar_fetches_only_the_visible_window_at_251k_rows():
    lib = many(251_287)
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "251,287 cables" in screen_text(app).splitlines()[0]
        assert lib.rows_fetched < 200
        fetched = lib.rows_fetched
        await pilot.press(*["j"] * 30, "pagedown", "G")
        await pilot.pause()
        assert app.sidebar.cursor == 251_286
        assert lib.rows_fetched - fetched < 600
        assert "10FAKE" in screen_text(app).splitlines()[22]


# --- 3. the cable view -------------------------------------------------------------------------------------------

@pilot
async def test_cable_view_shows_card_and_highlighted_body_once_lexed():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        text = screen_text(app)
        for expected in ("Reference ID 10MEXICO83", "Created      2010-01-29", "SECRET   Embassy Mexico",
                         "TAGS         PGOV PREL MX", "Subject      Scenesetter", "References   10MEXICO71 09FOOBAR1",
                         "VZCZCXRO1882", "1. (S) Human rights"):
            assert expected in text, expected
        doc = app.cable_view.document
        lexed = doc.text_lines
        secret_line = next(t for t in lexed if t.plain == "SECRET")
        assert secret_line.spans, "the banner is highlighted"
        await pilot.press("pagedown", "pagedown", "G", "g")
        assert app.cable_view.document.text_lines is lexed  # scrolling never re-lexes


@pilot
async def test_decode_toggle_shows_dtg_and_station_names():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert "AMEMBASSY MEXICO CITY" not in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "292049Z JAN 10 = 2010-01-29" in text and "RUEHME = AMEMBASSY MEXICO CITY" in text
        assert "PGOV = subject tag" in text and "MX = Mexico" in text  # tags decoded, countries by name
        await pilot.press("d")
        await pilot.pause()
        assert "AMEMBASSY MEXICO CITY" not in screen_text(app)


# --- 4. go to ------------------------------------------------------------------------------------------------------

@pilot
async def test_goto_completes_and_opens_loose_id():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10MEX")
        await pilot.pause()
        text = screen_text(app)
        assert "Go to reference ID" in text and "10MEXICO71" in text and "10MEXICO83" in text
        await pilot.press("tab", "down", "enter")  # pick the second completion
        await pilot.pause()
        assert "Reference ID 10MEXICO83" in screen_text(app)
        await pilot.press("colon", *"10 mexico 71", "enter")
        await pilot.pause()
        assert "Reference ID 10MEXICO71" in screen_text(app)


@pilot
async def test_goto_unknown_id_offers_the_nearest():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"10MEXICO99", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "10MEXICO99 is not in the library" in text and "10MEXICO83" in text
        await pilot.press("escape")
        assert app.cable_view.document is None


@pilot
async def test_palette_offers_goto_search_filter_sort_theme_help():
    from tui.palette import PaletteCommands

    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        provider = PaletteCommands(app.screen)
        names = [str(hit.display) async for hit in provider.discover()]
        for name in ("Go to reference ID", "Full-text search", "Filter the list", "Sort by origin",
                     "Theme: ansi-dark", "Keys"):
            assert name in names
        hits = [hit async for hit in provider.search("10 mexico 83")]
        opener = next(h for h in hits if "Open 10MEXICO83" in str(h.text))
        opener.command()
        await pilot.pause()
        assert "Reference ID 10MEXICO83" in screen_text(app)


# --- 5. links and history ------------------------------------------------------------------------------------------

@pilot
async def test_tab_enter_follows_a_link_and_history_goes_back_and_forward():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("tab")
        assert app.cable_view.focused_link.target == "10MEXICO71"
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Reference ID 10MEXICO71" in text and "Cited by     10MEXICO83" in text
        await pilot.press("backspace")
        await pilot.pause()
        assert "Reference ID 10MEXICO83" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Reference ID 10MEXICO71" in screen_text(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO83"


@pilot
async def test_a_cited_cable_missing_from_the_library_says_so():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        await pilot.press("tab", "tab")
        assert app.cable_view.focused_link.target == "09FOOBAR1" and not app.cable_view.focused_link.present
        await pilot.press("enter")
        await pilot.pause()
        assert "no cable '09FOOBAR1' in the library" in screen_text(app)
        assert app.cable_view.reference_id == "10MEXICO83"


@pilot
async def test_a_click_on_a_link_follows_it():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        link = app.cable_view.layout_lines.index(next(t for t in app.cable_view.layout_lines if "References" in t.plain))
        await pilot.click(app.cable_view, offset=(1 + 13 + 2, link))
        await pilot.pause()
        assert app.cable_view.reference_id == "10MEXICO71"


@pilot
async def test_focused_link_is_drawn_highlighted():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        link = app.cable_view.layout_lines.index(next(t for t in app.cable_view.layout_lines if "References" in t.plain))
        before = app.cable_view.render_line(link)
        await pilot.press("tab")
        after = app.cable_view.render_line(link)
        focus = app.cable_view.get_component_rich_style("cableview--link-focus")
        assert before.text == after.text
        assert any(seg.text == "10MEXICO71" and seg.style.reverse == focus.reverse and seg.style.bold
                   for seg in after)


# --- 6. full-text search ---------------------------------------------------------------------------------------------

@pilot
async def test_search_results_replace_the_list_and_matches_are_highlighted():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"human rights", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1 cable " in text.splitlines()[0] and "search: human rights" in text.splitlines()[0]
        assert "10MEXICO83" in text.splitlines()[1] and "Scenesetter" in text.splitlines()[1]  # 80: the subject
        await pilot.press("enter")
        await pilot.pause()
        view = app.cable_view
        matched = [view.layout_lines[segments[0][0]].plain[segments[0][1]:segments[0][2]] for segments in view.matches]
        assert [m.lower() for m in matched] == ["human rights"] * 2 and view.match_index == 0
        first = view.scroll_offset.y
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert view.scroll_offset.y > first
        assert "40. (C) More on human rights" in screen_text(app)
        await pilot.press("escape", "escape")  # back to the list, then out of the search
        await pilot.pause()
        assert "3 cables" in screen_text(app).splitlines()[0]


# --- 7. keys, help, themes -----------------------------------------------------------------------------------------

def test_every_binding_has_an_id():
    from tui.screens.goto import GoToScreen
    from tui.screens.help import HelpScreen
    from tui.widgets.cableview import CableView
    from tui.widgets.filterbar import QueryBar

    from tui.screens.confirm import ConfirmScreen
    from tui.screens.main import MainScreen
    from tui.screens.history import HistoryScreen
    from tui.screens.note import NoteScreen

    from tui.screens.prompt import PromptScreen

    from tui.screens.variants import DiffView, VariantsScreen

    for cls in (CableReaderApp, MainScreen, Sidebar, CableView, QueryBar, GoToScreen, HelpScreen, NoteScreen,
                HistoryScreen, ConfirmScreen, PromptScreen, VariantsScreen, DiffView):
        for binding in cls.BINDINGS:
            assert binding.id, (cls.__name__, binding.key)
    reading = {"n": "app.next_unread", "p": "app.previous_unread", "N": "app.toggle_read", "s": "app.star",
               "e": "app.note"}  # the reading-state keys: bound once, by the main screen, so they work in list and cable
    for cls in (Sidebar, CableView):
        for binding in cls.BINDINGS:
            assert not set(reading) & set(binding.key.split(",")), binding.key
    bound = {key: b.id for b in MainScreen.BINDINGS for key in b.key.split(",")}
    assert {key: bound.get(key) for key in reading} == reading


@pilot
async def test_help_is_built_from_live_bindings_and_keymap(temp_home):
    keymap = temp_home / "keymap.json"
    keymap.write_text(json.dumps({"app.goto": "ctrl+g"}))
    app = reader(library(), keymap_path=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "Go to reference ID" in screen_text(app)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        rendered = "\n".join(str(w.render()) for w in box.query("Static"))
        from tui.screens.help import binding_groups
        groups = dict(binding_groups(app, app.screen_stack[0]))
        assert ("^g", "Go to", "app.goto") in groups["Everywhere"]
        assert any(row[2] == "sidebar.open" for row in groups["Cable list"])
        assert any(row[2] == "cable.next_link" for row in groups["Reading a cable"])
        text = screen_text(app)
        assert "Keys" in text and "Cable list" in text and rendered
        await pilot.press("escape")
        assert not app.screen.query("#help-box")


@pilot
async def test_bad_keymap_is_ignored_with_a_notice(temp_home):
    keymap = temp_home / "keymap.json"
    keymap.write_text("{not json")
    app = reader(library(), keymap_path=keymap)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        assert "keymap" in screen_text(app) and app.is_running


@pilot
async def test_sixteen_colours_choose_the_ansi_theme(monkeypatch):
    from tui.config import few_colours

    assert few_colours("standard") and few_colours(None) and not few_colours("256") and not few_colours("truecolor")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = CableReaderApp(library(), start="10MEXICO83")  # ansi=None: chosen from the terminal
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert app.console.color_system == "standard"  # the test terminal reports 16 colours
        assert app.theme == "ansi-dark"
        text = screen_text(app)
        assert "Reference ID 10MEXICO83" in text and "SECRET" in text and "Go to" in text.splitlines()[23]
    monkeypatch.setenv("COLORTERM", "truecolor")
    app = CableReaderApp(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert app.theme != "ansi-dark"


# --- 8. untrusted text -----------------------------------------------------------------------------------------------

@pilot
async def test_search_match_is_marked_where_it_is_after_escapes_are_dropped():
    evil = make_cable("10EVIL1", body="UNCLASSIFIED\n\n1. (U)\x1b[2J\x1b]0;x\x07\tthe reddish sky.")
    plain = make_cable("10PLAIN1", body="UNCLASSIFIED\n\n1. (U) A reddish sky.")
    app = reader(FakeLibrary([plain, evil]))
    async with app.run_test(size=(119, 24)) as pilot:  # wide enough for the snippet beside the subject
        await start(app, pilot)
        app.main.run_search("reddish")
        await pilot.pause()
        match = app.sidebar.get_component_rich_style("sidebar--match")
        rows = [app.sidebar.render_line(y) for y in (0, 1)]
        evil_row = next(row for row in rows if "10EVIL1" in row.text)
        assert app.sidebar.current.reference_id == "10PLAIN1" and "10EVIL1" in rows[1].text  # not under the cursor
        assert "\x1b" not in evil_row.text and "reddish" in evil_row.text
        assert "".join(seg.text for seg in evil_row if seg.style and seg.style.color == match.color) == "reddish"
        # under the cursor the match is still marked (underlined) in the reversed row
        assert "".join(seg.text for seg in rows[0] if seg.style and seg.style.underline) == "reddish"

@pilot
async def test_escape_sequences_and_markup_in_a_cable_are_harmless():
    evil = make_cable("10EVIL1", subject="[bold red]Subject[/] \x1b]52;c;aGVsbG8=\x07 here",
                      body="UNCLASSIFIED\n\n1. (U) [link=http://x]click[/link] \x1b[2J\x1b]52;c;aGk=\x07 done\x07.")
    app = reader(FakeLibrary([evil]), start="10EVIL1")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        text = screen_text(app)  # the cable, full width at 80 columns; then the list
        await pilot.press("escape")
        text += screen_text(app)
        assert "[bold red]Subject[/]" in text and "[link=http://x]click[/link]" in text
        assert "\x1b" not in text and "52;c" not in text and "\x07" not in text
        segments = [seg for y in range(20) for seg in app.cable_view.render_line(y)]
        segments += [seg for y in range(3) for seg in app.sidebar.render_line(y)]
        assert not any("\x1b" in seg.text or "\x07" in seg.text for seg in segments)
        assert not any(seg.style and seg.style.link for seg in segments)


@pilot
async def test_classification_tag_is_coloured_and_origin_is_not():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        line = next(t for t in app.cable_view.layout_lines if t.plain.startswith("Class"))
        tag_style = line.get_style_at_offset(app.console, line.plain.index("SECRET"))
        origin_style = line.get_style_at_offset(app.console, line.plain.index("Embassy"))
        assert tag_style.bgcolor is not None and tag_style.bgcolor.name == "red"
        assert origin_style.bgcolor is None


@pilot
async def test_long_lines_wrap_inside_the_visible_width():
    body = "UNCLASSIFIED\n\n" + "\n".join(f"{i}. (U) " + "x" * 300 for i in range(1, 30))
    app = reader(FakeLibrary([make_cable("10WRAP1", body=body)]), start="10WRAP1")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        width = app.cable_view.text_width  # the visible width less the blank column left of the text
        assert width == app.cable_view.scrollable_content_region.width - 1
        assert app.cable_view.max_scroll_y > 0  # long enough for a scrollbar
        assert max(t.cell_len for t in app.cable_view.layout_lines) == width
        assert screen_text(app).count("x") == sum(t.plain.count("x") for t in app.cable_view.layout_lines[:22])


@pilot
async def test_next_and_previous_cable_while_reading_and_full_width():
    app = reader(library())
    async with app.run_test(size=(140, 30)) as pilot:  # wide: list and cable side by side
        await start(app, pilot)
        await pilot.press("enter")
        assert app.cable_view.reference_id == "10MEXICO83"
        await pilot.press("J")
        assert app.cable_view.reference_id == "10MEXICO71" and app.sidebar.cursor == 1
        await pilot.press("J", "K")
        assert app.cable_view.reference_id == "10MEXICO71"
        assert app.sidebar.display and "10MEXICO83" in screen_text(app).splitlines()[1]
        await pilot.press("f")
        await pilot.pause()
        assert not app.sidebar.display and "10MEXICO83" not in screen_text(app).splitlines()[1]
        assert app.cable_view.scrollable_content_region.width > 130  # reading at full width
        await pilot.press("f")  # and beside the list again
        await pilot.pause()
        assert app.sidebar.display and app.focused is app.cable_view
        await pilot.press("escape")
        await pilot.pause()
        assert app.sidebar.display and app.focused is app.sidebar and app.sidebar.cursor == 1


def test_start_up_imports_stay_light():
    import subprocess
    import sys

    # the list draws each row's level with the glossary's rule; the glossary's data files load on first use only
    code = ("import sys, tui.cli, tui.app; from tui.cable import glossary; "
            "print(' '.join(m for m in ('tinydb', 'tui.display.card', 'tui.screens.goto', "
            "'tui.screens.help', 'pygments.lexers', 'tui.display.diffdoc') if m in sys.modules), "
            "glossary._tags.cache_info().currsize + glossary._stations.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


@pilot
async def test_goto_an_id_without_year_lists_every_match_to_pick():
    lib = library()
    lib = FakeLibrary(lib.cables + [make_cable("09MEXICO83", day=-200, subject="The year before")])
    app = reader(lib)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("colon", *"MEXICO 83", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "2 cables match: pick one" in text and "09MEXICO83" in text and "10MEXICO83" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.cable_view.reference_id in {"09MEXICO83", "10MEXICO83"}
        assert "Reference ID " + app.cable_view.reference_id in screen_text(app)


@pilot
async def test_o_orders_search_results_by_rank_or_date_and_the_list_keeps_its_sort():
    app = reader(library())
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("S", *"human rights", "enter")
        await pilot.pause()
        assert "search: human rights · by rank" in screen_text(app).splitlines()[0]
        await pilot.press("o")
        await pilot.pause()
        head = screen_text(app).splitlines()[0]  # only the order that applies: not the list's sort beside it
        assert head.endswith("search: human rights · by date") and "by rank" not in head
        assert len(app.sidebar.keys) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert "· date" in screen_text(app).splitlines()[0] and app.main.sort == "date"


@pilot
async def test_arrows_and_page_keys_move_the_cursor_and_scroll_the_cable():
    app = reader(library(), start="10MEXICO83")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("down", "pagedown", "k")
        page = app.cable_view.scrollable_content_region.height - 1  # a page keeps one line of context
        assert app.cable_view.scroll_offset.y == 1 + page - 1
        await pilot.press("end")
        assert app.cable_view.scroll_offset.y == app.cable_view.max_scroll_y > 0
        await pilot.press("escape", "down", "down", "up")
        assert app.sidebar.cursor == 1
        await pilot.press("end", "home")
        assert app.sidebar.cursor == 0
