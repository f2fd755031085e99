"""A cable's variants in the library: imported from the two seeds (one cable, two sources that differ)."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from tui.library import Library
from tui.library.importer import import_paths


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / "library.sqlite"
    assert import_paths(path, [SEEDS], jobs=1).added == 1
    library = Library(path)
    yield library
    library.close()


def test_variants_are_numbered_primary_first_each_with_its_source(lib):
    first, second = lib.variants("10MEXICO83")
    assert first.source == lib.get("10MEXICO83").source  # 1 is the primary
    assert (first.source.path.rsplit("/", 1)[-1][:3], first.source.format) == ("000", "page-text")
    assert (second.source.path.rsplit("/", 1)[-1][:3], second.source.format) == ("001", "raw")
    # the source's date: the released date its metadata gives (the page has one, the raw text none)
    assert first.released.strftime("%Y-%m-%d %H:%M") == "2010-12-02 21:09" and second.released is None
    assert "Scenesetter" in first.subject and "Scen setter" in second.subject and second.is_partial


def test_one_variant_by_number(lib):
    assert lib.variant("10MEXICO83", 2).source == lib.variants("10MEXICO83")[1].source
    assert lib.variant("10 mexico 83", 1).source.format == "page-text"  # any form of the ID
    assert lib.variant("10MEXICO83", 3) is None and lib.variant("10MEXICO83", 0) is None
    assert lib.variant("10NOWHERE1", 1) is None and lib.variants("10NOWHERE1") == []


def test_the_order_stays_when_the_seeds_are_imported_again(lib, tmp_path):
    """Importing the same sources in the other order numbers them the same (the primary is the whole text)."""
    path = tmp_path / "library.sqlite"
    second, first = sorted(SEEDS.glob("00[01]_*.txt"), reverse=True)
    import_paths(path, [second], jobs=1)
    import_paths(path, [first], jobs=1)
    with Library(path) as again:
        assert [v.source.path for v in again.variants("10MEXICO83")] == [str(first), str(second)]
