"""tui/cable/mentions.py: reference IDs, ``REF A`` and ``para 6`` written in a cable's text, found as spans.

Checked on chosen text, on real cables of ../shared (a third of two folders in the default run, every one with ``-m slow``),
and with hypothesis: each span lies in the text and holds what it names, IDs are canonical, spans never overlap.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CABLES
from tui.cable.ids import canonical_id
from tui.cable.mentions import Mention, find_mentions
from tui.cable.model import Cable, Reference
from tui.cable.sources import read

REFS = [Reference("09MEXICO3373", "cable", "A"), Reference("09MEXICO3567", "cable", "B"),
        Reference("a telcon", "tel", "C")]


def named(text: str, references=REFS) -> list[tuple[str, str | None, int | None]]:
    return [(text[m.start:m.end], m.cable, m.paragraph) for m in find_mentions(text, references)]


@pytest.mark.parametrize("text, found", [
    ("see 10MEXICO83 and 09 MEXICO 3373.", [("10MEXICO83", "10MEXICO83", None),
                                             ("09 MEXICO 3373", "09MEXICO3373", None)]),
    ("08 BUENOS AIRES 1234, 07 SECSTATE 000123", [("08 BUENOS AIRES 1234", "08BUENOSAIRES1234", None),
                                                   ("07 SECSTATE 000123", "07STATE123", None)]),
    ("REF: A. 09 MEXICO\n3567", [("09 MEXICO\n3567", "09MEXICO3567", None)]),  # cut by a line end
    ("as reported (ref A) and in REFS A and B", [("ref A", "09MEXICO3373", None), ("REFS A", "09MEXICO3373", None),
                                                 ("B", "09MEXICO3567", None)]),
    ("see ref C and REF D", []),
    ("REF: A. MEXICO 3373, B. MEXICO\n3567; MEXICO 83", [("MEXICO 3373", "09MEXICO3373", None),  # no year: only
                                                        ("MEXICO\n3567", "09MEXICO3567", None)]),  # a cited cable  # C is a telcon, D is not in the REF list
    ("para 3 of REF B; REF A para 2", [("para 3", "09MEXICO3567", 3), ("REF B", "09MEXICO3567", None),
                                       ("REF A", "09MEXICO3373", None), ("para 2", "09MEXICO3373", 2)]),
    ("İstanbul said (ref A).", [("ref A", "09MEXICO3373", None)]),  # İ: two letters in lower case
    ("see paras 4, 5 and 7; PARAGRAPH 12; Para 2.", [("paras 4", None, 4), ("5", None, 5), ("7", None, 7),
                                                     ("PARAGRAPH 12", None, 12), ("Para 2", None, 2)]),
])
def test_mentions_in_chosen_text(text, found):
    assert named(text) == found


@pytest.mark.parametrize("text", [
    "C O N F I D E N T I A L SECTION 01 OF 05 MEXICO 000083",  # the banner: a section count, not a year
    "PAGE 02 ROME 01196 02 OF 02 241635Z",  # an older cable's page line: a page number, not a year
    "ON 12 JAN 09 THE MINISTER SAID 300",  # a date: no station
    "MEXICO 00000083 002 OF 005",  # a page break: no year
    "E.O. 12958: DECL: 01/29/2020", "the 10 Mexico 83 delegates", "paragraph 1.2.3",
])
def test_no_mention(text):
    assert named(text) == []


def test_a_cited_cable_is_named_by_its_cable_id():
    brussels = [Reference("09USEUBRUSSELS41", "cable", "A"), Reference("09TAIPEI7", "cable", "B")]  # REF forms
    assert named("09 USEU BRUSSELS 41, 08 TAIPEI 12", brussels) == [("09 USEU BRUSSELS 41", "09BRUSSELS41", None),
                                                                  ("08 TAIPEI 12", "08AITTAIPEI12", None)]
    assert named("REF: A. BRUSSELS 41 B. TAIPEI 7; see ref A and ref B", brussels) == [
        ("BRUSSELS 41", "09BRUSSELS41", None), ("TAIPEI 7", "09AITTAIPEI7", None),
        ("ref A", "09BRUSSELS41", None), ("ref B", "09AITTAIPEI7", None)]


def test_reftel_alone_names_the_one_cable_cited():
    one = [Reference("09MEXICO3373", "cable", None)]
    assert named("per reftel, and REFTEL para 4", one) == [
        ("reftel", "09MEXICO3373", None), ("REFTEL", "09MEXICO3373", None), ("para 4", "09MEXICO3373", 4)]
    assert named("per reftel", REFS) == []  # two cables cited: which one is not written


def check(text: str, mentions: list[Mention]) -> None:
    """Each span in the text, holding what it names; IDs canonical; in order and apart."""
    end = 0
    for m in mentions:
        assert end <= m.start < m.end <= len(text)
        end = m.end
        written = text[m.start:m.end]
        assert written.strip() == written and written
        if m.cable is not None:
            assert canonical_id(m.cable) == m.cable
        if m.paragraph is not None:
            assert str(m.paragraph) in written
        elif m.cable is not None and re.search(r"\d", written):  # an ID as written: its year, station and serial
            assert canonical_id(written) == m.cable or written.split()[-1].lstrip("0") in m.cable


def _cables(folders: list[str], every: int = 1) -> list[Cable]:
    paths = sorted(p for f in folders for p in (CABLES / f).rglob("*") if p.is_file() and p.name != "README.md")
    return [c for c in read([str(p) for p in paths[::every]]) if isinstance(c, Cable)]


def _check_real(cables: list[Cable]) -> int:
    count = 0
    for cable in cables:
        mentions = find_mentions(cable.body, cable.references_typed)
        check(cable.body, mentions)
        count += len(mentions)
    return count


def test_mentions_in_real_cables():
    cables = _cables(["raw-txt", "body-only-txt"], every=3)
    assert len(cables) > 50 and _check_real(cables) > 50


@pytest.mark.slow
def test_mentions_in_every_real_cable():
    cables = _cables(["."])
    assert len(cables) > 600 and _check_real(cables) > 500


PIECES = st.sampled_from(["10MEXICO83", "09 MEXICO 3373", "09 MEXICO\n3373", "REF A", "ref B", "refs A and B",
                          "para 6", "paras 2 and 3", "para 3 of REF A", "REFTEL", "SECTION 01 OF 05 MEXICO 83",
                          "PAGE 02 ROME 01196", "12 JAN 09", "(", ")", ".", " ", "\n", "the", "MEXICO", "83"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30))
def test_spans_are_in_the_text_and_ids_canonical(pieces):
    text = " ".join(pieces)
    check(text, find_mentions(text, REFS))
