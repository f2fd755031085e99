"""The citation of a cable and of a paragraph, on the seed cable."""

from pathlib import Path

from tui.cable import parse
from tui.display.citation import citation, paragraph, quote

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_a63115f890747156.txt"


def test_a_paragraph_is_cited_with_its_level_origin_and_date():
    cable = parse(SEED.read_text(encoding="utf-8"))
    text = citation(cable, 6)
    assert text.startswith('10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "')
    assert paragraph(cable, 6).text.split()[0] in text
    assert len(text) < 200 and text.endswith('..."')


def test_the_cable_is_cited_by_its_subject_when_no_paragraph_is_named():
    cable = parse(SEED.read_text(encoding="utf-8"))
    assert citation(cable).startswith('10MEXICO83 (SECRET, Embassy Mexico, 2010-01-29): "Scenesetter for the Opening')
    assert citation(cable, 999) == citation(cable)  # no such paragraph: the cable


def test_a_quote_is_one_safe_line_cut_at_a_word():
    assert quote("one\n two\x1b[31m three", 100) == "one two three"
    assert quote("alpha beta gamma delta", 12) == "alpha beta ..."
