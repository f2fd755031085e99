"""The parser on the seeds, the real raw cables, page text, snippets and hostile input."""

from __future__ import annotations

import datetime as dt
import functools
import time

import pytest
from conftest import CABLES, SEEDS

from tui.cable import Recipient, clean_body, parse, titlecase

SEED_MARKINGS = ["SBU", "SBU", "SBU", "SBU", "C", "S", "C", "C", "C", "C", "SBU", "SBU", "C", "C", "S", "C", "C"]
SEED_TAGS = ["PGOV", "PREL", "PHUM", "SNAR", "KCRM", "MX"]
RAW = sorted((CABLES / "raw-txt").glob("*.txt"))


def read(path):
    return path.read_bytes().decode("utf-8", errors="replace")


def seed(prefix):
    return read(next(SEEDS.glob(prefix + "_*.txt")))


def test_seed_000_page_text():
    c = parse(seed("000"))
    assert c.reference_id == "10MEXICO83"
    assert c.classification == "SECRET"
    assert c.origin == "Embassy Mexico"  # from the page's metadata row
    assert c.created == dt.datetime(2010, 1, 29, 20, 8)
    assert c.released == dt.datetime(2010, 12, 2, 21, 9)
    assert c.tags == SEED_TAGS
    assert c.references == []
    assert [p.number for p in c.paragraphs] == list(range(1, 18))
    assert [p.marking for p in c.paragraphs] == SEED_MARKINGS
    assert c.subject.startswith("Scenesetter for the Opening of the Defense Bilateral Working Group")
    assert c.from_ == "AMEMBASSY MEXICO"
    assert c.dtg == "292049Z JAN 10" and c.precedence == "O R"
    assert c.transmission_id == "VZCZCXRO1882"
    assert c.recipients == [Recipient("RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "0250")]
    assert c.info_recipients[0].name == "ALL US CONSULATES IN MEXICO COLLECTIVE"
    assert c.info_recipients[-1] == Recipient("RUEKJCS", "SECDEF WASHINGTON DC")
    assert c.declassification_date == dt.date(2020, 1, 29)
    assert c.body.startswith("S E C R E T SECTION 01 OF 05 MEXICO 000083")
    assert "Currently released" not in c.body and "Currently released" not in c.header
    assert c.header.startswith("VZCZCXRO1882") and c.header.rstrip().endswith("SECDEF WASHINGTON DC")
    assert c.signers == ["FEELEY"]
    assert not c.is_partial


def test_seed_001_raw_text():
    c = parse(seed("001"))
    assert c.reference_id == "10MEXICO83"  # from the banner and the DTG year
    assert c.classification == "SECRET"
    assert c.from_ == "AMEMBASSY MEXICO" and c.origin == "Embassy Mexico"  # from FM, named as WikiLeaks does
    assert c.created == dt.datetime(2010, 1, 29, 20, 49)  # from the DTG
    assert c.tags == SEED_TAGS
    assert c.references == []
    assert [p.marking for p in c.paragraphs] == SEED_MARKINGS
    assert c.paragraphs[0].text.startswith("Summary: The inauguration")
    assert "[\u00b61.](#)" not in c.body and "\n1. (SBU) Summary" in c.body
    assert c.is_partial  # the text stops mid-sentence


def test_metadata_wins_over_derived_values():
    meta = {"reference_id": "10MEXICO83", "created": "1/29/2010 20:08", "released": "2010-12-02 21:09",
            "classification": "secret", "origin": "Embassy Mexico"}
    c = parse(seed("001"), metadata=meta)
    assert c.created == dt.datetime(2010, 1, 29, 20, 8)
    assert c.released == dt.datetime(2010, 12, 2, 21, 9)
    assert c.classification == "SECRET"
    assert c.origin == "Embassy Mexico"


@functools.cache
def _web_origins() -> frozenset:
    """The origins of the WikiLeaks pages in ../shared, from their metadata."""
    from tui.cable.sources import Skipped, read as read_sources

    pages = [CABLES / "wikileaks-html-2010-12", CABLES / "wikileaks-html-2011-08", CABLES / "cablemap-test-pages"]
    return frozenset(c.origin for c in read_sources(pages) if not isinstance(c, Skipped) and c.origin)


def test_a_raw_cable_has_the_origin_of_a_page_from_its_post():
    """One form of origin: the raw text's FM line is named as the WikiLeaks pages name the same post."""
    pages = {}
    from tui.cable.sources import Skipped, read as read_sources
    from tui.cable.ids import canonical_station
    for c in read_sources([CABLES / "wikileaks-html-2010-12", CABLES / "wikileaks-html-2011-08"]):
        if not isinstance(c, Skipped):
            pages.setdefault(canonical_station(c.reference_id[2:].rstrip("0123456789")), set()).add(c.origin)
    shared = 0
    for path in RAW:
        c = parse(read(path))
        station = canonical_station(c.reference_id[2:].rstrip("0123456789"))
        if station in pages:
            assert pages[station] == {c.origin}, (path.stem, c.from_)
            shared += 1
    assert shared >= 20  # Paris, New Delhi, Bogota, Kuala Lumpur, UNVIE, USEU Brussels


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.stem)
def test_raw_cables(path):
    text = read(path)
    c = parse(text)
    assert c.reference_id == path.stem
    fm = next(line for line in text.splitlines() if line.startswith("FM "))
    assert c.from_ == fm[3:].strip()
    assert c.origin in _web_origins() or (c.origin == "Embassy Kingston"  # no page in ../shared is from Kingston
                                          and not any(o.endswith("Kingston") for o in _web_origins()))
    assert c.classification in ("CONFIDENTIAL", "SECRET", "SECRET//NOFORN", "UNCLASSIFIED",
                                "UNCLASSIFIED//FOR OFFICIAL USE ONLY")
    if "\nSUBJECT:" in text:
        assert c.subject and "\n" not in c.subject
    if "\ufffd1." in text:
        assert c.paragraphs and c.paragraphs[0].number == 1
        assert [p.number for p in c.paragraphs] == list(range(1, len(c.paragraphs) + 1))
    assert c.created and c.created.year == 2000 + int(path.stem[:2])
    assert c.tags


def test_raw_cable_classification_from_banner_details():
    assert parse(read(CABLES / "raw-txt" / "09UNVIEVIENNA289.txt")).classification == "SECRET//NOFORN"
    assert parse(read(CABLES / "raw-txt" / "09UNVIEVIENNA279.txt")).classification == \
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert parse(read(CABLES / "raw-txt" / "06NEWDELHI5135.txt")).classification == "CONFIDENTIAL"


def test_body_only_text():
    body = ("C O N F I D E N T I A L SECTION 01 OF 02 REYKJAVIK 000195\n\nSIPDIS\n\n"
            "E.O. 12958: DECL: 09/08/2013\nTAGS: MOPS KPKO MARR PGOV PREL AF IC\n"
            "SUBJECT: ICELAND: PEACEKEEPING TAKES ON A MORE CIVILIAN LOOK\n\nRef:  06 REYKJAVIK 431\n\n"
            "Classified by: Amb. Carol van Voorst for reasons 1.4 (b) and (d).\n\n"
            "1. (U) Summary: On August 26 ...  End Summary.\n\n2. (C) More.\n\nVAN VOORST\n")
    c = parse(body, year=2008)
    assert c.reference_id == "08REYKJAVIK195"
    assert c.classification == "CONFIDENTIAL"
    assert c.header == ""
    assert c.references == ["06REYKJAVIK431"]
    assert c.classified_by == ["Carol van Voorst"]
    assert c.summary == "On August 26 ..."
    assert [(p.number, p.marking) for p in c.paragraphs] == [(1, "U"), (2, "C")]
    assert c.signers == ["VAN VOORST"]


def test_classification_from_zny_line_without_banner():
    c = parse("VZCZCXYZ0001\nDE RUEHC #0001 0010000\nZNY CCCCC ZZH\nO 010000Z JAN 09\nFM SECSTATE WASHDC\n"
              "TO AMEMBASSY PARIS IMMEDIATE\n\nsome text\n")
    assert c.classification == "CONFIDENTIAL"
    assert c.recipients == [Recipient(None, "AMEMBASSY PARIS", "IMMEDIATE")]
    assert c.created == dt.datetime(2009, 1, 1, 0, 0)


def test_references_leave_out_the_cable_itself_and_use_the_year():
    c = parse("REF: A) TRIPOLI 199, B) TRIPOLI 227, C) TRIPOLI 402", reference_id="08TRIPOLI402")
    assert c.references == ["08TRIPOLI199", "08TRIPOLI227"]
    assert [r.bullet for r in c.references_typed] == ["A", "B"]
    assert parse("REF: STATE 1234", year=2007).references == ["07STATE1234"]


def test_titlecase_and_clean_body():
    assert titlecase("WHAT HAPPENED TO THE PCC?") == "What Happened to the PCC?"
    assert clean_body("1. (C) Content 1\n2. (SBU) Content 2\n") == "Content 1\nContent 2\n"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "REF:", "TAGS:", "SUBJECT:", "Classified By:", "1.", "\x00" * 10,
                                  "Reference ID Created Released Classification Origin\n"])
def test_degenerate_inputs(text):
    c = parse(text)
    assert c.reference_id == "" and c.paragraphs == [] or c is not None


UNIT = ("S E C R E T SECTION 01 OF 05 MEXICO 000083 REF: A. TBILISI 1605 TAGS PGOV SUBJECT: x Summary: x "
        "[\u00b61.](#) (C) Classified By: Amb. X for reasons 1.4 FM AMEMBASSY X TO RUEHC/SECSTATE WASHDC ")
# shapes that make a careless regex backtrack: long runs of blanks after a label, one huge line, many lines
SHAPES = {
    "mixed": lambda n: UNIT * (n // len(UNIT)),
    "blanks": lambda n: " " * n,
    "newlines": lambda n: "\n" * n,
    "digits": lambda n: "1. " * (n // 3),
    "paragraphs": lambda n: "1. (C) text\n" * (n // 12),
    "banner-blanks": lambda n: "SECRET" + " " * n + "MEXICO 1",
    "fm-blanks": lambda n: "FM " + " " * n + "x",
    "to-blanks": lambda n: "FM X\nTO " + " " * n + "x",
    "decl-blanks": lambda n: "DECL: 1" + " " * n,
    "para-blanks": lambda n: "1." + " " * n + "x",
    "ref-blanks": lambda n: "REF: STATE" + " " * n + "12",
    "subject-blanks": lambda n: "SUBJECT: " + " " * n + "x",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_big_inputs_take_linear_time(shape):
    text = SHAPES[shape](3_000_000)
    t0 = time.perf_counter()
    parse(text)
    assert time.perf_counter() - t0 < 5  # about 0.3 s here; a quadratic regex would take hours


@pytest.mark.slow
def test_fifty_megabyte_single_line():
    t0 = time.perf_counter()
    c = parse(SHAPES["mixed"](50_000_000))
    assert c.reference_id == "" and time.perf_counter() - t0 < 60
    parse(SHAPES["blanks"](50_000_000))
    assert time.perf_counter() - t0 < 120


@pytest.mark.parametrize(
    "banner, ref_id, classification",
    [
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY MEXICO 000083", "10MEXICO83", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("C O N F I D E N T I A L NOFORN MEXICO 000083", "10MEXICO83", "CONFIDENTIAL//NOFORN"),
        ("S E C R E T //NOFORN SECTION 01 OF 02 MEXICO 000083", "10MEXICO83", "SECRET//NOFORN"),
        ("UNCLAS SECTION 01 OF 02 USUN NEW YORK 000012\n\nSENSITIVE\nSIPDIS", "10USUNNEWYORK12",
         "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("S E C R E T STATE 012345\n\nNOFORN\nSIPDIS", "10STATE12345", "SECRET//NOFORN"),
        ("SECRET//NOFORN\nno banner line", "", "SECRET//NOFORN"),
    ],
)
def test_banner_forms(banner, ref_id, classification):
    c = parse("O 292049Z JAN 10\nFM AMEMBASSY X\nTO RUEHC/SECSTATE WASHDC\n" + banner + "\n\nTAGS: PGOV\n")
    assert (c.reference_id, c.classification) == (ref_id, classification)
