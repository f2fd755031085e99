"""The filter bar's little language: ``origin:mexico class:S/NF tag:PGOV year:2009 human rights``."""

from __future__ import annotations

import pytest

from tui.library.query import Filter, FilterError, format_filter, parse_filter, pick_origin


def test_tokens_combine_and_the_rest_is_free_text():
    f = parse_filter('tag:pgov year:2009 class:S/NF origin:"Embassy Mexico" human rights')
    assert f == Filter(text="human rights", tag="PGOV", year=2009, classification="SECRET//NOFORN",
                       origin="Embassy Mexico")


@pytest.mark.parametrize("value, expected", [("S", "SECRET"), ("c", "CONFIDENTIAL"), ("U", "UNCLASSIFIED"),
                                             ("C/NF", "CONFIDENTIAL//NOFORN"), ("SECRET", "SECRET")])
def test_class_shorthands(value, expected):
    assert parse_filter(f"class:{value}").classification == expected


@pytest.mark.parametrize("text", ["class:NF", "class:noforn", "year:2009x"])
def test_filters_that_cannot_mean_anything_say_so(text):
    with pytest.raises(FilterError):
        parse_filter(text)


def test_format_and_parse_round_trip():
    f = Filter(text="drug cartels", tag="SNAR", year=2010, classification="CONFIDENTIAL")
    assert parse_filter(format_filter(f)) == f
