"""Body-only cable text (../shared/cables/body-only-txt): every file, read as a user imports it, gets its reference
ID (the file name) and a classification; the shapes of its head, one by one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import SHARED
from tui.cable import glossary, parse
from tui.cable.markup import strip_markup
from tui.cable.sources import Skipped, read

FOLDER = SHARED / "cables" / "body-only-txt"
FILES = sorted(FOLDER.glob("*.txt"))


def _is_stub(path) -> bool:
    """A file that holds no cable at all: only the page's 'Appears in these articles:' line."""
    return not strip_markup(path.read_text(encoding="utf-8")).strip()


def test_the_folder_is_the_one_described():
    assert len(FILES) == 171
    stubs = [p.stem for p in FILES if _is_stub(p)]
    assert len(stubs) == 14  # 33-byte files: 'Appears in these articles:<br />' and nothing else


@pytest.mark.parametrize("path", [p for p in FILES if not _is_stub(p)], ids=lambda p: p.stem)
def test_every_cable_file_gets_its_id_and_a_classification(path):
    (cable,) = list(read(path))
    assert not isinstance(cable, Skipped), str(cable)
    assert cable.reference_id == path.stem
    assert glossary.level(cable.classification) in ("TS", "S", "C", "U"), cable.classification
    # a cable is classified at least as high as its highest paragraph marking
    marked = [glossary.marking_level(p.marking) for p in cable.paragraphs if p.marking]
    marked = [rank for _, rank in filter(None, marked)]
    if marked:
        rank = {"U": 1, "C": 2, "S": 3, "TS": 4}[glossary.level(cable.classification)]
        assert rank >= max(marked) or max(marked) == 1 and rank == 1


@pytest.mark.parametrize("path", [p for p in FILES if _is_stub(p)], ids=lambda p: p.stem)
def test_a_file_without_cable_text_is_refused_with_the_reason(path):
    (item,) = list(read(path))
    assert isinstance(item, Skipped)
    assert item.reason == "not-a-cable" and "no cable text" in item.message


STAMPED = [p for p in FILES if re.match(r"(?:<code><pre>)?(?:Cable dated:|[A-Z][a-z]+day, \d)", p.read_text())]


@pytest.mark.parametrize("path", STAMPED, ids=lambda p: p.stem)
def test_a_dated_file_gives_its_id_from_the_text_alone(path):
    """With a 'Cable dated:' stamp or a date line, the text alone (no file name) gives the created date and so the
    whole reference ID."""
    cable = parse(path.read_text(encoding="utf-8"))
    assert cable.created is not None
    assert cable.created.year % 100 == int(path.stem[:2])
    assert cable.reference_id == path.stem


def test_stamped_files_are_a_real_share():
    assert len(STAMPED) >= 20


@pytest.mark.parametrize("text, classification", [
    ("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 001234\n\nSIPDIS\n", "CONFIDENTIAL"),
    ("S E C R E T STATE 012345\n\nNOFORN\n\nE.O. 12958: DECL: 01/01/2019\n", "SECRET//NOFORN"),
    ("SS E C R E T MOSCOW 000226\n\nSIPDIS\n", "SECRET"),
    ("CC O N F I D E N T I A L BEIJING 001378\n", "CONFIDENTIAL"),
    ("E C R E T SANAA 000473\n\nSIPDIS\n", "SECRET"),
    ("NCLAS SECTION 01 OF 02 BRASILIA 001017\n\nSENSITIVE\nSIPDIS\n", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
    ("UNCLAS SAO PAULO 000144 SIPDIS E.O. 12958: N/A TAGS: PGOV BR\n", "UNCLASSIFIED"),
    ("S e c r e t section 01 of 02 beijing 002963\n\nSipdis\n", "SECRET"),
    ("C O N F I D E N T I A L E F T O LONDON 001234\n", "CONFIDENTIAL"),
    ("T O P S E C R E T STATE 000123\n", "TOP SECRET"),
    ("TOP SECRET STATE 000123\n", "TOP SECRET"),
    ("ID: 245489\nORIGIN: XXXXXXXXXXXX\nSOURCE: Embassy Beijing\nCLASSIFICATION: SECRET\n\nSIPDIS\n", "SECRET"),
    ("SIPDIS\n\nE.O. 12958: DECL: 12/22/2014\nTAGS: PREL CU SP\nSUBJECT: X\n\n1. (C) Text.\n\n2. (U) More.\n",
     "CONFIDENTIAL"),
    ("SIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL IC\nSUBJECT: X\n\n1. Text.\n", "UNCLASSIFIED"),
])
def test_banner_shapes(text, classification):
    assert parse(text).classification == classification


@pytest.mark.parametrize("text, created, rid", [
    ("Cable dated:2005-07-15T15:24:00S E C R E T SECTION 01 OF 03 TEL AVIV 004403SIPDISE.O. 12958: DECL: "
     "07/14/2015 TAGS: PREL IS\n", dt.datetime(2005, 7, 15, 15, 24), "05TELAVIV4403"),
    ("Cable dated:2009-02-23T13:07:00\n\nS E C R E T CAIRO 000326FOR NEA AND HE.O. 12958: DECL: 02/23/2019\n",
     dt.datetime(2009, 2, 23, 13, 7), "09CAIRO326"),
    ("Wednesday, 26 March 2008, 12:45\nC O N F I D E N T I A L SECTION 01 OF 02 RIO DE JANEIRO 000089\n",
     dt.datetime(2008, 3, 26, 12, 45), "08RIODEJANEIRO89"),
    ("Friday, 23 February 2001, 15:53\n\nUNCLAS PORT OF SPAIN 000012\n", dt.datetime(2001, 2, 23, 15, 53),
     "01PORTOFSPAIN12"),
])
def test_date_stamps_give_created_and_the_id(text, created, rid):
    cable = parse(text)
    assert cable.created == created
    assert cable.reference_id == rid
    assert not cable.body.startswith(("Cable dated", "Wednesday", "Friday"))


def test_markup_of_a_body_file_is_removed_and_entities_decoded():
    text = ("Appears in these articles:<br />\n<a href='http://x/a.html'>x</a><br />\n<code><pre>"
            "C O N F I D E N T I A L MADRID 000186\n\nTAGS: <a href='/tag/PREL_0.html'>PREL</a> "
            "<a href='/tag/SP_0.html'>SP</a>\nSUBJECT: SPAIN&#8217;S REACTION &amp; MORE\n\n"
            "<a id='par1' href='#par1'>\u00b6</a>1. (C) Text.\n</pre></code>")
    cable = parse(text)
    assert cable.classification == "CONFIDENTIAL"
    assert cable.tags == ["PREL", "SP"]
    assert cable.subject == "SPAIN\u2019S REACTION & MORE"
    assert "<" not in cable.body and "Appears" not in cable.body
