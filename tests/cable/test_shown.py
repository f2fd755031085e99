"""``shown``: the header and body of a cable text without the whole parse, exactly as ``parse`` gives them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CABLES, SEEDS
from tui.cable.assemble import parse, shown
from tui.cable.markup import has_markup, strip_markup
from tui.cable.sources import Skipped, iter_records


@pytest.fixture(scope="module")
def records():
    return [r for r in iter_records([CABLES, SEEDS]) if not isinstance(r, Skipped)]


def test_shown_is_what_parse_shows_for_every_shared_cable(records):
    assert len(records) > 20
    for record in records:
        meta, header, body = shown(record.text, record.metadata)
        cable = parse(record.text, metadata=record.metadata)
        assert (header, body) == (cable.header, cable.body), record.source
        if meta.get("classification"):
            assert meta["classification"].strip().upper() == cable.classification


_PIECES = list("aA<>&#;/ \npreodcbx:") + ["Appears in these articles:", "APPEARS IN THESE ARTICLES:", "<a href='x'>",
                                          "</pre>", "&amp;", "&#x000A;", "<BR>", "articles"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_has_markup_says_whether_strip_markup_has_anything_to_do(text):
    if not has_markup(text):
        assert strip_markup(text) == text
