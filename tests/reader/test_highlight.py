"""The cable lexer, its styles, and the sanitizer (tui/highlight.py)."""

from __future__ import annotations

import html
import io
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorType
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tests.conftest import CABLES, SEEDS
from tui.highlight import (
    MAX_LEXED_LINE,
    STYLES,
    Cable,
    CableLexer,
    highlight,
    highlight_lines,
    sanitize,
    style_for,
)

Routing = Cable.Routing

LEXER = CableLexer()
SEED_PAGE = next(SEEDS.glob("000_*.txt"))
SEED_RAW = next(SEEDS.glob("001_*.txt"))


def tokens(text: str) -> list[tuple[str, str]]:
    """(token name below Token.Cable, value) for every non-plain token, touching tokens of one type merged."""
    out: list[tuple[str, str]] = []
    last_end = -1
    for index, token, value in LEXER.get_tokens_unprocessed(text):
        if token in Cable and value:
            name = str(token).removeprefix("Token.Cable.")
            if out and out[-1][0] == name and last_end == index:
                out[-1] = (name, out[-1][1] + value)
            else:
                out.append((name, value))
            last_end = index + len(value)
    return out


def values(text: str, name: str) -> list[str]:
    return [value.strip() for kind, value in tokens(text) if kind == name]


def page_text(path) -> str:
    """The two <pre> blocks of a WikiLeaks page as plain text (test helper, not the sources parser)."""
    page = path.read_text(encoding="utf-8")
    blocks = re.findall(r"<code><pre>(.*?)</pre></code>", page, re.S)
    return "\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", b.replace("&#x000A;", "\n"))) for b in blocks)


# --- tokens on real cables -------------------------------------------------------------------------------------


def test_seed_raw_routing_header():
    text = SEED_RAW.read_text(encoding="utf-8")
    toks = tokens(text)
    assert ("Routing.Transmission", "VZCZCX01882") in toks
    assert ("Routing.Precedence", "OO") in toks
    assert values(text, "Routing.Indicator")[:2] == ["RUEHCD RUEHMO RUEHNG RUEHRD RUEHRS", "RUEHME"]
    assert values(text, "Routing.Security") == ["ZNY SSSSS ZZH"]
    assert values(text, "Routing.DTG") == ["292049Z JAN 10"]
    assert values(text, "Routing.Keyword") == ["DE", "FM", "TO", "INFO"]
    recipients = values(text, "Routing.Recipient")
    assert recipients[:3] == ["AMEMBASSY MEXICO", "SECSTATE WASHDC IMMEDIATE 0250", "ALL US CONSULATES IN MEXICO COLLECTIVE"]
    assert recipients[-1] == "SECDEF WASHINGTON DC"
    assert len(recipients) == 15  # FM, TO, the INFO line and 12 routed INFO lines


def test_seed_raw_banner_metadata_and_body():
    text = SEED_RAW.read_text(encoding="utf-8")
    assert values(text, "Banner.Secret") == ["S E C R E T SECTION 01 OF 05 MEXICO 000083"]
    assert values(text, "Caveat") == ["SIPDIS"]
    assert values(text, "Field.Value") == ["DECL: 2020/01/29"]
    assert values(text, "Tag") == ["PGOV", "PREL", "PHUM", "SNAR", "KCRM", "MX"]
    assert "SUBJECT:" in values(text, "Field.Label")
    assert values(text, "Subject") == ["Scen setter for the Opening of the Defense Bilateral Working\nGroup, Washington, D.C., February 1"]
    assert values(text, "Paragraph") == [f"[¶{n}.](#)" for n in range(1, 18)]
    assert values(text, "PageBreak") == [f"MEXICO 00000083 00{n} OF 005" for n in range(2, 6)]
    marks = [kind.removeprefix("Marking.") for kind, _ in tokens(text) if kind.startswith("Marking")]
    assert marks == ["Sensitive"] * 4 + ["Confidential", "Secret", "Confidential"] + ["Confidential"] * 3 + \
        ["Sensitive"] * 2 + ["Confidential"] * 2 + ["Secret"] + ["Confidential"] * 2


def test_seed_page_signature_after_last_sentence():
    text = SEED_PAGE.read_text(encoding="utf-8")
    assert values(text, "Signature") == ["FEELEY"]
    assert values(text, "Banner.Secret") == ["S E C R E T SECTION 01 OF 05 MEXICO 000083"]
    assert values(text, "Routing.Transmission") == ["VZCZCXRO1882"]


def test_raw_cable_with_classified_by_and_signature():
    text = (CABLES / "raw-txt" / "09PARIS1007.txt").read_text(encoding="latin-1")
    assert values(text, "Banner.Confidential") == ["CONFIDENTIAL PARIS 001007"]
    assert values(text, "Field.Label")[:2] == ["E.O.", "12958:"] or values(text, "Field.Label")[0] == "E.O. 12958:"
    assert values(text, "Field.Value") == ["DECL: 07/24/2019"]
    classified = values(text, "ClassifiedBy")
    assert classified and classified[0].endswith("(B) AND (D).")
    assert values(text, "Signature") == ["PEKALA"]
    assert values(text, "Paragraph")[:2] == ["¶1.", "¶2."]
    assert "End Summary." in values(text, "Label")


def test_1970s_page_old_header_and_ref_ids():
    text = page_text(CABLES / "wikileaks-html-2011-08" / "cable" / "1975" / "11" / "7575LIBREVILLE1895.html")
    assert values(text, "Routing.DTG") == ["181205Z NOV 75"]
    assert values(text, "Routing.Recipient")[:3] == ["AMEMBASSY LIBREVILLE", "USMISSION USUN NEWYORK NIACT IMMEDIATE",
                                                    "SECSTATE WASHDC IMMEDIATE 7102"]
    assert values(text, "Banner.Confidential") == ["C O N F I D E N T I A L 75 LIBREVILLE 1895"]
    assert values(text, "Field.Value") == ["NGDS"]
    assert values(text, "Tag") == ["PFOR", "UNGA", "GB", "KS", "KN"]
    assert values(text, "Subject") == ["KOREA AT 30TH UNGA: GABON"]
    assert values(text, "Reference") == ["STATE 272523", "USUN 6028"]


@pytest.mark.parametrize("name", sorted(p.name for p in (CABLES / "raw-txt").glob("*.txt")))
def test_every_raw_cable_has_header_banner_and_metadata(name):
    text = (CABLES / "raw-txt" / name).read_text(encoding="latin-1")
    kinds = {kind for kind, _ in tokens(text)}
    assert {"Routing.DTG", "Routing.Keyword", "Routing.Recipient", "Tag", "Subject"} <= kinds
    assert ("VZCZC" in text) == ("Routing.Transmission" in kinds)
    assert any(kind.startswith("Banner.") for kind in kinds)
    assert ("\n\xb61." in text) <= ("Paragraph" in kinds)
    assert bool(re.search(r"\((?:SBU|S|C|U)\)", text)) == any(kind.startswith("Marking.") for kind in kinds)


# --- tokens on snippets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        ("S E C R E T SECTION 01 OF 05 MEXICO 000083", "Banner.Secret"),
        ("SECRET//NOFORN", "Banner.Secret"),
        ("SECRET STATE 012345", "Banner.Secret"),
        ("CONFIDENTIAL", "Banner.Confidential"),
        ("C O N F I D E N T I A L SECTION 01 OF 02 PARIS 001007 NOFORN", "Banner.Confidential"),
        ("CONFIDENTIAL//NOFORN", "Banner.Confidential"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "Banner.Unclassified"),
        ("UNCLAS SECTION 01 OF 06 TBILISI 002290", "Banner.Unclassified"),
        ("UNCLASSIFIED BUENOS AIRES 2481", "Banner.Unclassified"),
        ("T O P S E C R E T STATE 000001", "Banner.TopSecret"),
    ],
)
def test_banner_coloured_by_level(line, kind):
    assert tokens(f"{line}\n\nSIPDIS\n") [0] == (kind, line)


@pytest.mark.parametrize("line", ["SECRET SERVICE AGENTS WILL ARRIVE FRIDAY.", "SECRETARY CLINTON MET THE MINISTER",
                                  "Confidential sources told us so."])
def test_body_lines_starting_with_a_level_word_are_not_banners(line):
    assert not [kind for kind, _ in tokens(f"1. (C) Intro.\n{line}\n") if kind.startswith("Banner")]


@pytest.mark.parametrize(
    "marking, kind",
    [("(SBU)", "Marking.Sensitive"), ("(S)", "Marking.Secret"), ("(C)", "Marking.Confidential"),
     ("(U)", "Marking.Unclassified"), ("(S/NF)", "Marking.Secret.Noforn"), ("(C//NF)", "Marking.Confidential.Noforn"),
     ("(TS)", "Marking.TopSecret"), ("(U//FOUO)", "Marking.Unclassified"), ("(S//NOFORN)", "Marking.Secret.Noforn"),
     ("(C - ENTIRE TEXT)", "Marking.Confidential")],
)
def test_paragraph_markings(marking, kind):
    assert tokens(f"2. {marking} The talks went well.\n") == [("Paragraph", "2."), (kind, marking)]


@pytest.mark.parametrize("text", ["the post(s) and (c) and (US) and (U.S.) staff", "(SS) and (Cc)"])
def test_things_that_are_not_markings(text):
    assert not [kind for kind, _ in tokens(text + "\n") if kind.startswith("Marking")]


def test_metadata_lines():
    text = ("E.O. 12958: DECL: 01/29/2020\nTAGS: PGOV, PREL, MX\nSUBJECT: (C) TALKS STALL\nOVER QUOTA\n\n"
            "REF: A. 09 MEXICO 4432 B. STATE 12345 C. 10MEXICO83\nD. BUENOS AIRES 2481 (NOTAL)\n\n"
            "Classified By: Ambassador Carlos Pascual for reasons 1.4 (b) and (d)\n\n"
            "1. (C) Summary: text. End Summary.\n"
            "MEXICO 00000083 002 OF 005\n"
            "2. (U) More text.\nPASCUAL\n")
    assert values(text, "Field.Value") == ["DECL: 01/29/2020"]
    assert values(text, "Tag") == ["PGOV", "PREL", "MX"]
    assert [v for v in values(text, "Subject") if v] == ["TALKS STALL\nOVER QUOTA"]
    assert ("Marking.Confidential", "(C)") in tokens(text)
    assert values(text, "Reference") == ["09 MEXICO 4432", "STATE 12345", "10MEXICO83", "BUENOS AIRES 2481"]
    assert values(text, "ClassifiedBy") == ["Ambassador Carlos Pascual for reasons 1.4 (b) and (d)"]
    assert values(text, "Label") == ["Summary:", "End Summary."]
    assert values(text, "PageBreak") == ["MEXICO 00000083 002 OF 005"]
    assert values(text, "Signature") == ["PASCUAL"]


def test_ref_dates_and_words_are_not_cables():
    text = "REF: A. STATE CA-3400 NOV 2, 1966 B. EMAIL OF 12 MAY AND STATE 106206\n\n1. Text.\n"
    assert values(text, "Reference") == ["STATE 106206"]


def test_uppercase_body_line_after_to_is_not_a_routing_list():
    text = "1. WE SPOKE.\nTO THE EXTENT POSSIBLE, WE WILL HELP.\n"
    assert not [kind for kind, _ in tokens(text) if kind.startswith("Routing")]


# --- styles ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", sorted(STYLES))
def test_styles_use_only_the_16_ansi_colours(theme):
    for token, definition in STYLES[theme].items():
        style = Style.parse(definition)
        for color in (style.color, style.bgcolor):
            assert color is None or (color.type == ColorType.STANDARD and color.number < 16), (token, definition)


def test_levels_have_their_colours():
    assert style_for(Cable.Marking.Secret).color.name == "red"
    assert style_for(Cable.Banner.Secret).color.name == "red"
    assert style_for(Cable.Marking.Confidential).color.name == "yellow"
    assert style_for(Cable.Banner.Confidential).color.name == "yellow"
    for token in (Cable.Marking.Sensitive, Cable.Marking.Unclassified, Cable.Banner.Unclassified):
        assert style_for(token).color.name == "green"
    assert style_for(Cable.Marking.Secret.Noforn).reverse
    assert style_for(Cable.Reference).underline
    assert style_for(Cable.Routing.Indicator).color.name == "cyan"
    assert style_for(Cable.Routing.Something.Unlisted) == style_for(Cable.Routing)  # falls back to the parent


def test_highlight_applies_styles_to_spans():
    text = highlight("2. (S) Secret talk.\n3. (U) Open talk.\n")
    styles = {text.plain[span.start : span.end]: span.style for span in text.spans}
    assert styles["(S)"].color.name == "red"
    assert styles["(U)"].color.name == "green"
    assert styles["2."].bold
    mono = highlight("2. (S) Secret talk.\n", theme="mono")
    assert mono.spans and all(span.style.color is None for span in mono.spans)  # styled, but never coloured
    with pytest.raises(ValueError):
        highlight("x", theme="no-such-theme")


@pytest.mark.parametrize("path", [SEED_PAGE, SEED_RAW, CABLES / "raw-txt" / "09PARIS1007.txt"])
def test_texts_equal_what_rich_itself_would_build(path):
    text = path.read_text(encoding="latin-1" if path.parent.name == "raw-txt" else "utf-8")
    fast = highlight(text)
    slow = Text(fast.plain, spans=list(fast.spans))  # Rich's own constructor (strips control codes again)
    assert fast == slow and fast.cell_len == slow.cell_len and len(fast) == len(slow)
    lines = highlight_lines(text)
    assert [(line.plain, line.spans) for line in lines] == [(line.plain, line.spans) for line in fast.split("\n")]
    out = io.StringIO()
    console = Console(width=300, file=out, force_terminal=True, color_system="standard")
    for line in lines:
        console.print(line, soft_wrap=True)
    shown = [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()]
    assert shown == [line.plain.rstrip() for line in lines]


def test_highlight_lines_split_like_splitlines():
    text = SEED_RAW.read_text(encoding="utf-8")
    lines = highlight_lines(text)
    assert [line.plain for line in lines] == text.splitlines()
    banner = next(line for line in lines if line.plain.startswith("S E C R E T"))
    assert banner.spans and banner.spans[0].style.color.name == "red"
    assert highlight_lines("") == []


# --- untrusted text --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 (clipboard write), BEL-terminated
        ("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"),  # ... ST-terminated
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
        ("a\x1b[2Jb\x1b[31;1mc\x1b[0m", "abc"),  # CSI clear screen, colours
        ("a\x1bcb\x1b(Bc", "abc"),  # ESC c (reset), charset designation
        ("a\x9b2Jb\x9d0;title\x9cc", "abc"),  # 8-bit CSI and OSC
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcdef"),  # NUL, BEL, BS, DEL, C1 NEL
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\tb", "a       b"),
        ("x\u202eevil\u202cy", "xevily"),
        ("¶1. (C) Café – “quoted” [bold red]kept[/]\n", "¶1. (C) Café – “quoted” [bold red]kept[/]\n"),
    ],
)
def test_sanitize(dirty, clean):
    assert sanitize(dirty) == clean


UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CABLE_ALPHABET = st.sampled_from(list("SECRT CONFIDAL()/\n\t.1234567890:-[]\x1b\x07\x9b;#¶") +
                                 ["(S/NF)", "REF: ", "SUBJECT: ", "TAGS ", "\x1b]52;c;", "\x1b[2J", "[bold red]"])


@given(st.text())
def test_sanitize_leaves_no_control_characters_and_is_idempotent(text):
    out = sanitize(text)
    assert not UNSAFE.search(out) and "\t" not in out
    assert sanitize(out) == out


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u202a\u202b\u202c"
                                      "\u202d\u202e\u2066\u2067\u2068\u2069")))
def test_sanitize_keeps_printable_text(text):
    assert sanitize(text) == text


@settings(max_examples=200)
@given(st.lists(CABLE_ALPHABET, max_size=80).map("".join) | st.text(max_size=200))
def test_highlight_keeps_the_text_and_its_spans_in_bounds(text):
    clean = sanitize(text)
    highlighted = highlight(text)
    assert highlighted.plain == clean
    assert all(0 <= span.start < span.end <= len(clean) for span in highlighted.spans)
    lines = highlight_lines(text)
    expected = clean.split("\n")
    if expected[-1] == "":
        expected.pop()
    assert [line.plain for line in lines] == expected
    assert all(0 <= s.start < s.end <= len(line.plain) for line in lines for s in line.spans)


def test_hostile_cable_reaches_the_terminal_harmless():
    cable = ("UNCLASSIFIED\n\nSUBJECT: SAMPLE: HOSTILE TEXT TEST\n\n"
             "1. (U) Copy this: \x1b]52;c;ZXZpbA==\x07 then \x1b[2J and [bold red]boom[/] and [link=x]y[/link].\n")
    text = highlight(cable)
    assert "\x1b" not in text.plain and "\x07" not in text.plain
    assert "[bold red]boom[/]" in text.plain and "[link=x]y[/link]" in text.plain
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="standard", width=200).print(text)
    rendered = out.getvalue()
    assert "\x1b]" not in rendered and "\x07" not in rendered and "\x1b[2J" not in rendered
    plain_out = re.sub(r"\x1b\[[0-9;]*m", "", rendered)  # drop the SGR colour codes Rich itself wrote
    assert "[bold red]boom[/]" in plain_out and "[link=x]y[/link]" in plain_out
    start = text.plain.index("[bold red]")
    assert not [s for s in text.spans if s.start < start + 18 and s.end > start]  # no style on the fake markup


def test_one_megabyte_single_line_is_fast():
    for line in ("A" * 1_000_000, "(S) " * 250_000, "REF: " + "STATE 1 " * 125_000):
        start = time.perf_counter()
        text = highlight(line)
        assert time.perf_counter() - start < 2.0
        assert text.plain == line


def test_long_multiline_pathological_input_stays_linear():
    line = "(S" * (MAX_LEXED_LINE // 2 - 1) + "\n"  # short enough to be lexed, a token every two characters
    small, big = line, line * 4
    start = time.perf_counter()
    highlight(small)
    one = time.perf_counter() - start
    start = time.perf_counter()
    highlight(big)
    four = time.perf_counter() - start
    assert four < max(8 * one, 0.5)


def test_overlong_lines_are_shown_plain_and_the_rest_still_coloured():
    text = "1. (S) before\n" + "(S) " * MAX_LEXED_LINE + "\n2. (C) after\n"
    highlighted = highlight(text)
    coloured = {highlighted.plain[s.start : s.end] for s in highlighted.spans}
    assert {"1.", "(S)", "2.", "(C)"} <= coloured
    long_start = text.index("\n") + 1
    long_end = text.index("\n", long_start)
    assert not [s for s in highlighted.spans if s.start < long_end and s.end > long_start]


def test_a_body_line_that_reads_like_routing_is_not_coloured_as_routing():
    """89PANAMA8545, in capitals, has a body line "TO BEAR FULL OFFICIAL RESPONSIBILITY FOR REGIME": the header's
    TO line is an address, that one is text."""
    from tui.cable.model import Cable as CableModel
    from tui.cable.sources import read
    from tui.display.card import CableDocument

    path = CABLES / "wikileaks-html-2010-12" / "cable" / "1989" / "12" / "89PANAMA8545.html"
    cable = next(c for c in read([str(path)]) if isinstance(c, CableModel))
    routing = {style_for(t) for t in (Routing, Routing.Keyword, Routing.Recipient)}
    lines = CableDocument(cable, [], []).text_lines
    header = cable.header.rstrip("\n").count("\n") + 1
    to = next(t for t in lines[header:] if t.plain.startswith("TO BEAR FULL"))
    assert not {s.style for s in to.spans} & routing
    address = next(t for t in lines[:header] if t.plain.startswith("TO SECSTATE"))
    assert {s.style for s in address.spans} & routing
