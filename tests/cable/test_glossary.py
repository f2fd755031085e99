"""Glossary decoding: DTGs, precedence letters, marker groups, stations, tags and paragraph markings."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tests.conftest import SHARED
from tui.cable import glossary as g

UTC = dt.timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("292049Z JAN 10", dt.datetime(2010, 1, 29, 20, 49, tzinfo=UTC)),
    ("281848Z DEC 66", dt.datetime(1966, 12, 28, 18, 48, tzinfo=UTC)),
    ("181205Z NOV 75", dt.datetime(1975, 11, 18, 12, 5, tzinfo=UTC)),
    ("010000Z mar 99", dt.datetime(1999, 3, 1, 0, 0, tzinfo=UTC)),
    ("150930Z AUG 2009", dt.datetime(2009, 8, 15, 9, 30, tzinfo=UTC)),
    ("311200Z DEC 65", dt.datetime(2065, 12, 31, 12, 0, tzinfo=UTC)),
])
def test_decode_dtg(text, expected):
    assert g.decode_dtg(text) == expected


@pytest.mark.parametrize("text", ["", "garbage", "292049 JAN 10", "312049Z FEB 10", "292549Z JAN 10",
                                  "292049Z XYZ 10", None])
def test_decode_dtg_garbage_is_none(text):
    assert g.decode_dtg(text) is None


def test_precedence():
    assert g.decode_precedence("O R") == ("IMMEDIATE", "ROUTINE")
    assert g.decode_precedence("P R") == ("PRIORITY", "ROUTINE")
    assert g.decode_precedence("R") == ("ROUTINE", None)
    assert g.decode_precedence("Z") == ("FLASH", None)
    assert g.decode_precedence("OO") == ("IMMEDIATE", "IMMEDIATE")
    assert g.decode_precedence("X") is None
    assert g.decode_precedence("O R P") is None


def test_marker_groups_decode_only_what_the_cables_show():
    assert g.decode_marker("ZNY SSSSS ZZH") == "SECRET"
    assert g.decode_marker("ZNY CCCCC ZZH") == "CONFIDENTIAL"
    assert g.decode_marker("ZNR UUUUU ZZH") == "UNCLASSIFIED"
    assert g.decode_marker("UUUUU") == "UNCLASSIFIED"
    assert g.decode_marker("ZNY SSSAA ZZH") is None  # observed, meaning not documented
    assert g.decode_marker("VZCZCXRO1882") is None


def test_station_names_from_the_acp_table():
    assert g.station_name("RUEHME") == "AMEMBASSY MEXICO CITY"
    assert g.station_name("ruehc") == "DEPT OF STATE WASHINGTON DC"
    assert g.station_name("RUEHCD") == "AMCONSUL CIUDAD JUAREZ"
    assert g.station_names("RCCEOTT") == ("CDLS LONDON UK", "CDLS WASHINGTON DC")
    assert g.station_name("NOSUCH") is None


def test_station_table_is_the_shared_one_verbatim():
    with open(SHARED / "glossary" / "routing_indicators_acp117_2010.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1656
    for code, name in rows:
        assert name in g.station_names(code)


def test_tag_kinds_and_no_invented_descriptions():
    assert g.tag_info("PGOV") == "subject"
    assert g.tag_info("prel") == "subject"
    assert g.tag_info("UNSC") == "organization"
    assert g.tag_info("NATO") == "organization"
    assert g.tag_info("MX") is None  # country tags are not in cablemap's code list
    assert g.tag_info("") is None


@pytest.mark.parametrize("classification, level", [
    ("TOP SECRET", "TS"), ("TOP SECRET//NOFORN", "TS"), ("top secret", "TS"), ("TS", "TS"), ("(TS//NF)", "TS"),
    ("SECRET", "S"), ("SECRET//NOFORN", "S"), ("S/NF", "S"), ("(S)", "S"),
    ("CONFIDENTIAL", "C"), ("CONFIDENTIAL//NOFORN", "C"), ("C/REL NATO", "C"),
    ("UNCLASSIFIED", "U"), ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "U"), ("UNCLAS", "U"), ("SBU", "U"),
    ("LIMITED OFFICIAL USE", "U"), ("U//FOUO", "U"),
    ("", "?"), (None, "?"), ("MFA", "?"), ("SECRETARY", "?"),
])
def test_level_is_one_answer_for_every_form(classification, level):
    assert g.level(classification) == level
    assert level in g.LEVELS


def test_levels_are_ordered_and_top_secret_is_above_secret():
    assert g.LEVELS.index("TS") > g.LEVELS.index("S") > g.LEVELS.index("C") > g.LEVELS.index("U")
    assert g.LEVEL_NAMES[g.level("TOP SECRET//NOFORN")] == "TOP SECRET"


def test_level_agrees_with_marking_level():
    for marking in ("U", "SBU", "U//FOUO", "C", "S", "S/NF", "C/REL NATO", "TS", "TS//NF"):
        name, _ = g.marking_level(marking)
        assert g.level(name) == g.level(marking)


@pytest.mark.parametrize("text, expected", [
    ("SECRET//NOFORN", True), ("S/NF", True), ("(C//NF)", True), ("C/NOFORN", True),
    ("SECRET", False), ("NOFORN", False), ("", False),
])
def test_is_noforn(text, expected):
    assert g.is_noforn(text) is expected


@pytest.mark.parametrize("tag, meaning", [
    ("MX", "Mexico"), ("gm", "Germany"), ("UK", "United Kingdom"), ("RS", "Russia"), ("CH", "China"),
    ("KS", "South Korea"), ("KN", "North Korea"), ("IZ", "Iraq"), ("SP", "Spain"), ("TU", "Turkey"),
    ("PGOV", "subject tag"), ("UNSC", "organization tag"), ("KDEM", "program tag"),
    ("CLINTON, HILLARY", "person"), ("", None), ("ZZ", None), ("NOSUCHTAG", None),
])
def test_tag_meaning(tag, meaning):
    assert g.tag_meaning(tag) == meaning


def test_every_country_tag_of_the_shared_pages_is_decoded():
    """The two-letter country TAGS of every shared cable are codes the table knows."""
    from tui.cable.sources import read
    seen = set()
    for cable in read(SHARED / "cables"):
        seen.update(t for t in getattr(cable, "tags", ()) if len(t) == 2)
    assert len(seen) > 50
    # Not countries: regional codes (X*, Z*), EU/UN written as two letters, RU and JP (ISO codes written for FIPS RS and JA),
    # AX (no country in FIPS 10-4 of the time; a Sudan cable beside SU, CG, UG).
    not_countries = {t for t in seen if t[0] in "XZ"} | {"EU", "UN", "RU", "JP", "AX"}
    assert sorted(t for t in seen - not_countries if g.country_name(t) is None) == []


@pytest.mark.parametrize("fm, origin", [
    ("AMEMBASSY PARIS", "Embassy Paris"), ("AMEMBASSY NEW DELHI", "Embassy New Delhi"),
    ("AMEMBASSY MEXICO CITY", "Embassy Mexico"), ("AMCONSUL SAO PAULO", "Consulate Sao Paulo"),
    ("AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro"), ("USINT HAVANA", "US Interests Section Havana"),
    ("SECSTATE WASHDC", "Secretary of State"), ("USMISSION UNVIE VIENNA", "UNVIE"), ("USEU BRUSSELS", "USEU Brussels"),
    ("USMISSION USUN NEW YORK", "USUN New York"), ("USMISSION USNATO", "Mission USNATO"),
    ("USMISSION GENEVA", "Mission Geneva"), ("IRAN RPO DUBAI", "Iran RPO Dubai"),
    ("JOINT STAFF WASHDC", None), ("CIA", None), ("", None),
])
def test_origin_name_of_an_fm_line(fm, origin):
    assert g.origin_name(fm) == origin
