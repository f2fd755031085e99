"""tui.cable.flow: which lines of a cable flow and which stay as written, and the re-flowed text at any width.

Checked on every real cable of ../shared (and the seeds), on chosen cables line by line, and with hypothesis.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CABLES, SEEDS
from tui.cable.flow import Block, blocks, joined, reflow, wrap
from tui.cable.model import Cable
from tui.cable.sources import read
from tui.safetext import screen as sanitize

WIDTHS = (40, 55, 65, 80, 120, 200)


def display_text(cable: Cable) -> tuple[str, int]:
    """The text the cable view shows (header then body, sanitised) and how many lines its routing header has."""
    header = cable.header.rstrip("\n")
    text = sanitize("\n".join(part for part in (header, cable.body) if part))
    return text, header.count("\n") + 1 if header else 0


@lru_cache(maxsize=1)
def real_cables() -> dict[str, tuple[str, int]]:
    paths = [p for p in sorted(CABLES.rglob("*")) if p.is_file() and p.name != "README.md"]
    paths += sorted(SEEDS.iterdir())
    out = {}
    for cable in read([str(p) for p in paths]):
        if isinstance(cable, Cable):
            out[f"{cable.reference_id} {cable.source.format}"] = display_text(cable)
    assert len(out) > 500
    return out


def cable(name: str) -> tuple[str, int]:
    found = [v for k, v in real_cables().items() if k.startswith(name + " ")]
    assert found, name
    return found[0]


def words(text: str) -> list[str]:
    """The words of a text in order; a word the original cut with a hyphen at a line end (JURIS-|DICTION) is
    joined again by the re-flow, so both sides are compared with such joins made."""
    return re.sub(r"(?<=[A-Za-z])-\s+(?=[A-Za-z])", "-", " ".join(text.split())).split()


def check_layout(text: str, head: int, width: int) -> None:
    """The invariants at one width: no line wider than the width; the words in order; a word is cut only when
    it is wider than half the width (the most a hanging indent takes); lines kept as written are unchanged."""
    out = reflow(text, width, head)
    assert max((len(line) for line in out), default=0) <= width
    before, after = words(text), words("\n".join(out))
    if before != after:
        assert "".join(before) == "".join(after)
        cut = set(before) - set(after)
        assert cut and all(len(w) > width // 2 for w in cut), cut
    lines = text.split("\n")
    laid = iter(out)
    for block in blocks(lines, head):
        if block.flow:
            flowing, _ = joined(lines, block)
            for _ in wrap(flowing, width, block.hang):
                next(laid)
            continue
        line = lines[block.start].rstrip()
        pieces = [next(laid) for _ in wrap(lines[block.start], width, block.hang)]
        if len(line) <= width:
            assert pieces == [line]


# --- every real cable ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", (40, 65, 200))
def test_every_real_cable_at_three_widths(width):
    for name, (text, head) in real_cables().items():
        try:
            check_layout(text, head, width)
        except AssertionError as e:
            raise AssertionError(f"{name} at {width}: {e}") from e


@pytest.mark.slow
def test_every_real_cable_at_every_width_from_40_to_200():
    for name, (text, head) in real_cables().items():
        for width in range(40, 201, 7):
            check_layout(text, head, width)


# --- chosen real cables, line by line -----------------------------------------------------------------------------

def test_hard_wrapped_paragraphs_are_joined_and_the_head_stays_as_written():
    text, head = cable("09BAGHDAD197")
    out = reflow(text, 200, head)
    lines = text.split("\n")
    assert out[:head] == [line.rstrip() for line in lines[:head]]  # the routing header
    for kept in ("S E C R E T SECTION 01 OF 02 BAGHDAD 000197", "SUBJECT: RUBAIE CLAIMS HE CARRIED MESSAGE OF "
                 "CONFIDENT IRAQ", "IN VISIT TO IRAN", "REF: BAGHDAD 91", "BAGHDAD 00000197 002 OF 002", "CROCKER"):
        assert kept in out  # banner, subject and its continuation, REF, a page break, the signature
    first = next(line for line in out if line.startswith("1. (S) Summary"))
    assert first.startswith("1. (S) Summary: National Security Advisor Mowafaq al-Rubaie carried the message of a "
                            "more confident Iraq to Tehran in meetings")  # three source lines on one
    assert 180 < len(first) <= 200
    assert "End summary." in " ".join(out) and sum(1 for line in out if line.startswith("1. (S)")) == 1


def test_a_cable_in_capitals_flows_but_keeps_headings_rules_and_signature():
    text, head = cable("89PANAMA8545")
    out = reflow(text, 120, head)
    for kept in ("SUMMARY", "THE CRISIS GRINDS ON", "-" * 32, "BUSHNELL", "TAGS: PGOV PREL PM US",
                 "-- NORIEGA PLANS FOR A NEW YEAR IN POWER"):
        assert kept in out
    two = out.index(next(line for line in out if line.startswith("2. THROUGHOUT 1989")))
    assert out[two].startswith("2. THROUGHOUT 1989, RAPIDLY UNFOLDING POLITICAL DEVELOPMENTS HELD OUT HOPE TO MANY")
    assert out[two - 1] == "-" * 32 and out[two - 2] == "SUMMARY"


def test_underlined_headings_and_indented_lines_stay():
    text, head = cable("06NEWDELHI5135")
    out = reflow(text, 100, head)
    heading = 'A "Who\'s Who" Eminent Persons'
    assert heading in out and out[out.index(heading) + 1] == "-" * 29
    assert any(line.startswith("\u00b62.  (U) The NSAB is a civilian body that provides inputs into national "
                               "security") for line in out)


def test_list_items_each_start_a_line():
    text, head = cable("09ASTANA95")
    out = reflow(text, 80, head)
    items = [i for i, line in enumerate(out) if line.startswith("-- ")]
    assert len(items) == 4
    assert out[items[0]].startswith("-- the situation in Afghanistan greatly worries him;")
    assert out[items[0] + 1].startswith("   ")  # the item's text hangs under its first word
    assert out[items[0] - 1].endswith("told CENTCOM Commander General Petraeus:")


def test_a_table_stays_as_written():
    lines = ["1. (U) Seizures by year:", "", "   Year    Tons    Cases", "   2008    12.5    140",
             "Total     20.0    301", "", "2. (U) The figures are those of the"
             " police and were given to us by the Minister himself on Monday after", "the meeting."]
    out = reflow("\n".join(lines), 120)
    assert out[2:5] == [line for line in lines[2:5]]
    assert out[-1] == lines[-2] + " " + lines[-1]


def test_short_lines_written_one_under_another_are_not_joined():
    lines = ["1. (U) The delegation included:", "Ambassador John Smith", "Deputy Chief Jane Doe", "",
             "Mixed-case signature block follows.", "Minimize considered.", "CLINTON"]
    assert reflow("\n".join(lines), 120) == lines


def test_a_truncated_source_is_shown_as_it_is():
    """Seed 001 ends in mid-sentence ("We have seen"): nothing is added, nothing dropped."""
    path = next(p for p in SEEDS.iterdir() if p.name.startswith("001_"))
    cable_ = next(c for c in read([str(path)]) if isinstance(c, Cable))
    text, head = display_text(cable_)
    for width in (40, 80, 200):
        out = reflow(text, width, head)
        assert out[-1].endswith("We have seen")
        assert words("\n".join(out)) == words(text)


def test_original_keeps_every_line_break():
    text, head = cable("09BAGHDAD197")
    assert reflow(text, 200, head, original=True) == [line.rstrip() for line in text.split("\n")]


def test_wrap_cuts_between_words_and_drops_the_spaces_at_a_cut():
    text = "alpha beta  gamma delta"
    assert [text[a:b] for a, b in wrap(text, 11)] == ["alpha beta", "gamma delta"]
    long = "x" * 25
    assert [long[a:b] for a, b in wrap(long, 10)] == ["x" * 10] * 2 + ["x" * 5]  # only a word wider than all
    assert wrap("", 40) == [(0, 0)]


def test_hyphen_at_a_line_end_joins_without_a_space():
    lines = ["1. CHANGING SEAS JURIS-", "DICTION NOW UNDER REVIEW AND A LONG LINE THAT FILLS THE WRAP COLUMN OF", "IT."]
    assert joined(lines, Block(0, 3, True))[0].startswith("1. CHANGING SEAS JURIS-DICTION NOW")


# --- properties ---------------------------------------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:()'\"0123456789", min_size=1,
               max_size=18)
LINE = st.one_of(
    st.lists(WORD, min_size=1, max_size=14).map(" ".join),  # prose
    st.just(""),  # a blank line
    st.lists(WORD, min_size=1, max_size=6).map(lambda ws: "-- " + " ".join(ws)),  # a list item
    st.lists(WORD, min_size=1, max_size=5).map(lambda ws: "   " + " ".join(ws)),  # indented
    st.lists(WORD, min_size=1, max_size=5).map(lambda ws: " ".join(ws).upper()),  # capitals
    st.integers(1, 30).map(lambda n: f"{n}. (C) The"),  # a paragraph start
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINE, min_size=1, max_size=40), width=st.integers(40, 200), head=st.integers(0, 3))
def test_any_text_keeps_its_words_fits_the_width_and_keeps_verbatim_lines(lines, width, head):
    check_layout("\n".join(lines), min(head, len(lines)), width)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=30))
def test_blocks_cover_every_line_once_in_order(lines):
    found = blocks(lines)
    assert [i for b in found for i in range(b.start, b.end)] == list(range(len(lines)))
    assert all(b.end - b.start == 1 for b in found if not b.flow)
