"""parse never raises: arbitrary text, arbitrary bytes, and real cables mutated (lines dropped, cut, shuffled)."""

from __future__ import annotations

import dataclasses
import os

from conftest import CABLES, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cable import Cable, canonical_id, clean_body, parse, parse_loose, titlecase

REAL = [p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted((CABLES / "raw-txt").glob("*.txt"))[:8] + sorted(SEEDS.glob("*.txt"))]
# a modest default budget keeps the file under a few seconds; PARSER_EXAMPLES=5000 hunts harder
FAST = settings(max_examples=int(os.environ.get("PARSER_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# text made of the pieces a parser keys on, so the generated inputs reach the deep code paths
PIECES = st.sampled_from([
    "\n", " ", "\t", "REF: ", "A. ", "B) ", "(C) ", "TAGS: ", "SUBJECT: ", "E.O. 12958: DECL: 1/2/2019 ",
    "Classified By: ", "for reasons 1.4 (b) ", "1. ", "\u00b62. ", "[\u00b63.](#) ", "\ufffd4. ", "(SBU) ",
    "Summary: ", "End Summary. ", "STATE 1234 ", "06 TBILISI 0619 ", "FM AMEMBASSY PARIS\n",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0250\n", "INFO ", "XMT ", "O R 292049Z JAN 10\n", "VZCZCXRO1882\n",
    "ZNY SSSSS ZZH\n", "S E C R E T SECTION 01 OF 05 MEXICO 000083\n", "CONFIDENTIAL//NOFORN ", "UNCLAS ",
    "Reference ID Created Released Classification Origin\n", "10MEXICO83 2010-01-29 20:08 2010-12-02 21:09 ",
    "SECRET Embassy Mexico\n", "PHUMBA ", "OVIP ", "BIDEN JOSEPH ", ",", ";", ":", "(", ")", "/", "-", "'",
    "xxxxxxxxxxxx", "\x00", "\x1b[31m", "[bold]", "\u2019", "SIPDIS\n", "NNNN\n", "FEELEY\n",
])
CABLE_LIKE = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


def check(cable):
    assert isinstance(cable, Cable)
    dataclasses.asdict(cable)  # every field is plain data
    for ref in cable.references:
        assert ref and ref == ref.upper()


@FAST
@given(st.text())
def test_arbitrary_text(text):
    check(parse(text))


@FAST
@given(CABLE_LIKE, st.one_of(st.none(), st.integers(1900, 2100)), st.one_of(st.none(), st.text(max_size=20)))
def test_cable_like_text(text, year, ref_id):
    check(parse(text, year=year, reference_id=ref_id))


@FAST
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data):
    check(parse(data.decode("utf-8", errors="replace")))
    check(parse(data.decode("latin-1")))


@FAST
@given(st.sampled_from(REAL), st.data())
def test_mutated_real_cables(text, data):
    lines = text.split("\n")
    how = data.draw(st.sampled_from(["drop", "truncate", "shuffle", "cut", "duplicate"]))
    if how == "drop":
        keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        lines = [ln for ln, k in zip(lines, keep) if k]
    elif how == "truncate":
        width = data.draw(st.integers(0, 80))
        lines = [ln[:width] for ln in lines]
    elif how == "shuffle":
        lines = data.draw(st.permutations(lines))
    elif how == "duplicate":
        i = data.draw(st.integers(0, len(lines) - 1))
        lines = lines[:i] + lines[i:i + 5] * 3 + lines[i:]
    mutated = "\n".join(lines)
    if how == "cut":
        mutated = mutated[: data.draw(st.integers(0, len(mutated)))]
    check(parse(mutated))


@FAST
@given(st.text(max_size=200))
def test_helpers_never_raise(text):
    assert isinstance(canonical_id(text), str)
    parse_loose(text)
    assert isinstance(titlecase(text), str)
    assert isinstance(clean_body(text), str)


@FAST
@given(st.sampled_from(REAL), st.dictionaries(
    st.sampled_from(["reference_id", "created", "released", "classification", "origin"]),
    st.one_of(st.text(max_size=30), st.sampled_from(["2010-01-29 20:08", "1/29/2010 20:08", "13/45/2010 99:99"]))))
def test_any_metadata(text, metadata):
    cable = parse(text, metadata=metadata)
    check(cable)
    if metadata.get("origin", "").strip():
        assert cable.origin == metadata["origin"].strip()


def _strptime_when(value: str):
    """parse_when as it was written with datetime.strptime (the reference its own matching must equal)."""
    import datetime as dt

    value = value.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


DATE_PIECES = st.sampled_from(["2010", "1999", "0000", "-", "/", " ", "  ", "\t", ":", "T", "t", "x", "0", "1", "2",
                               "3", "5", "6", "9", "01", "12", "13", "29", "30", "31", "32", "59", "60", "61", "\u0663"])


@FAST
@given(st.one_of(st.lists(DATE_PIECES, max_size=14).map("".join),
                 st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
                 st.datetimes().map(lambda d: f"{d.month}/{d.day}/{d.year:04d} {d.hour}:{d.minute:02d}"),
                 st.text(max_size=20)))
def test_dates_read_as_strptime_reads_them(value):
    from tui.cable.head import parse_when

    assert parse_when(value) == _strptime_when(value)


def test_dates_read_as_strptime_reads_them_in_every_form():
    from tui.cable.head import parse_when

    for value in ("2010-01-29 20:08", "1/29/2010 20:08", "2010-01-29 20:08:59", "2010-01-29T20:08", "2010-01-29",
                  "2010-1-9", " 2010-01-29\t\n20:08 ", "2010-01-29t20:08", "2010-02-30", "2010-01-29 24:00",
                  "12/ 1/2010 1:5", "2010-01-29 20:08:60", "2010-01-29 20:08 UTC", ""):
        assert parse_when(value) == _strptime_when(value), value
