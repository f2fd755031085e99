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
    assert g.tag_info("MX") is None  # country tags: no real source, so not decoded
    assert g.tag_info("") is None


@pytest.mark.parametrize("marking, expected", [
    ("U", ("UNCLASSIFIED", 0)),
    ("SBU", ("SENSITIVE BUT UNCLASSIFIED", 1)),
    ("U//FOUO", ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 1)),
    ("C", ("CONFIDENTIAL", 2)),
    ("S", ("SECRET", 3)),
    ("S/NF", ("SECRET//NOFORN", 3)),
    ("S//NF", ("SECRET//NOFORN", 3)),
    ("C/NF", ("CONFIDENTIAL//NOFORN", 2)),
    ("C/NOFORN", ("CONFIDENTIAL//NOFORN", 2)),
    ("(S/ NF)", ("SECRET//NOFORN", 3)),
    ("C/REL NATO", ("CONFIDENTIAL", 2)),
    ("TS", ("TOP SECRET", 4)),
    ("TS//NF", ("TOP SECRET//NOFORN", 4)),
    ("B", None),
    ("MFA", None),
    ("", None),
])
def test_marking_level(marking, expected):
    assert g.marking_level(marking) == expected
