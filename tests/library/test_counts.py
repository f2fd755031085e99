"""The timeline and facet counts of a view, on a small generated library, against a plain Python count of the same
cables: every kind of view (filter, search, search inside a filter, IDs, unread, dates), each plan forced in turn."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from tui.library import Filter, Library, columns, facets, periods
from tests.conftest import import_rows
from tui.library.importer import import_paths
from tui.library.reading import ReadKeys

ORIGINS = {"Embassy Lima": "LIMA", "Embassy Quito": "QUITO", "Consulate Lima": "CONSLIMA"}
CLASSES = ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SECRET//NOFORN"]
TAGS = ["PGOV", "PREL", "ECON", "SNAR", "PHUM"]
WORDS = ["oil", "crime", "karzai", "press", "rights"]


def _docs(n: int = 120, seed: int = 3) -> list[dict]:
    rnd = random.Random(seed)
    docs = []
    for i in range(n):
        origin = rnd.choice(list(ORIGINS))
        year = rnd.choice([1989, 2007, 2008, 2009])
        docs.append({"id": f"{(year or 2008) % 100:02d}{ORIGINS[origin]}{i + 1}", "origin": origin, "year": year,
                     "month": rnd.randint(1, 12), "classification": rnd.choice(CLASSES),
                     "tags": sorted(set(rnd.sample(TAGS, rnd.randint(1, 3)))),
                     "words": rnd.sample(WORDS, rnd.randint(1, 3))})
    return docs


DOCS = _docs()


def _row(line: int, d: dict) -> list[str]:
    station = ORIGINS[d["origin"]]
    yy = (d["year"] or 2008) % 100
    header = f"R 011200Z JAN {yy:02d}\nFM AMEMBASSY {station}\nTO SECSTATE WASHDC 1"
    body = (f"{d['classification']} {station} {line}\n\nTAGS: {' '.join(d['tags'])}\nSUBJECT: A SUBJECT\n\n"
            f"1. {' '.join(d['words'])}\n")
    created = f"{d['month']}/1/{d['year']} 12:00" if d["year"] else ""
    return [str(line), created, d["id"], d["origin"], d["classification"], "", header, body]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = Library(import_rows(tmp_path_factory.mktemp("counts"), [_row(i + 1, d) for i, d in enumerate(DOCS)]))
    yield library
    library.close()


READ = {d["id"] for d in DOCS[::3]}


def _kept(d: dict, f: Filter) -> bool:
    """The model: does the filter keep this generated cable?"""
    date = dt.date(d["year"], d["month"], 1) if d["year"] else None
    return ((not f.origin or d["origin"] == f.origin)
            and (not f.classification or d["classification"] in (f.classification,)
                 or d["classification"].startswith(f.classification + "//"))
            and (not f.tag or f.tag in d["tags"])
            and (not f.year or (date is not None and date.year == f.year))
            and (not f.date_from or (date is not None and date >= f.date_from))
            and (not f.date_to or (date is not None and date <= f.date_to))
            and (f.ids is None or d["id"] in f.ids)
            and (not f.unread or d["id"] not in READ)
            and (not f.text or all(w in d["words"] for w in f.text.split())))


def _model_timeline(f: Filter, by: str) -> list[tuple[str, int]]:
    c = Counter((f"{d['year']:04d}" + (f"-{d['month']:02d}" if by == "month" else "")) if d["year"] else ""
                for d in DOCS if _kept(d, f))
    undated = c.pop("", 0)
    return sorted(c.items()) + ([("", undated)] if undated else [])


def _model_facets(f: Filter) -> dict:
    c = {dim: Counter() for dim in facets.DIMS}
    for d in DOCS:
        if _kept(d, f):
            c["origin"][d["origin"]] += 1
            c["classification"][d["classification"]] += 1
            c["tag"].update(d["tags"])
            if d["year"]:
                c["year"][f"{d['year']:04d}"] += 1
    return {dim: sorted(v.items(), key=lambda x: (-x[1], x[0])) for dim, v in c.items()}


VIEWS = {
    "everything": Filter(), "origin": Filter(origin="Embassy Lima"), "class": Filter(classification="SECRET"),
    "tag": Filter(tag="PGOV"), "year": Filter(year=2008),
    "dates": Filter(date_from=dt.date(2007, 6, 1), date_to=dt.date(2008, 3, 31)),
    "origin+class": Filter(origin="Embassy Quito", classification="CONFIDENTIAL"),
    "text": Filter(text="oil"), "text+tag": Filter(text="crime press", tag="PREL"),
    "text+class+year": Filter(text="rights", classification="SECRET", year=2009),
    "ids": Filter(ids=tuple(d["id"] for d in DOCS[::5])), "unread": Filter(unread=True),
    "unread+origin": Filter(unread=True, origin="Consulate Lima"), "nothing": Filter(text="zzzqqq"),
}


@pytest.fixture
def read_set(lib):
    lib.set_read(ReadKeys(False, frozenset(lib.keys_of(READ).values())))
    yield
    lib.set_read(ReadKeys())


@pytest.mark.parametrize("plan", ["walked", "grouped", "columns"])
@pytest.mark.parametrize("name", VIEWS)
def test_counts_equal_a_plain_count(lib, read_set, monkeypatch, name, plan):
    """Each plan (a keyed view walked along the indexes, grouped, or made from the stored columns) gives the
    model's counts."""
    share = {"walked": 0.0, "grouped": 2.0, "columns": 0.0}[plan]
    monkeypatch.setattr(periods, "SCAN_SHARE", share)
    monkeypatch.setattr(facets, "SCAN_SHARE", share)
    if plan != "columns":
        monkeypatch.setattr(columns, "load", lambda db, signature: None)
    lib._columns = lib._bits = None
    f = VIEWS[name]
    for by in ("year", "month"):
        assert lib.timeline(f, by) == _model_timeline(f, by), (name, by)
    lib._facets.clear()
    model = _model_facets(f)
    assert lib.facets(f) == model, name
    lib._facets.clear()
    assert lib.facets(f, ("tag", "year")) == {"tag": model["tag"], "year": model["year"]}, name
    assert sum(n for _, n in lib.timeline(f)) == lib.count(f)
    used = lib._bits is not None
    assert used == (plan == "columns" and columns.answers(f)), "the plan asked for is the one used"
    lib._facets.clear()
    lib._columns = lib._bits = None


def test_stored_years_equal_counted_years(lib):
    """The stored counts answer a single filter's years; the same as counting them."""
    for f in (Filter(), Filter(origin="Embassy Lima"), Filter(tag="SNAR"), Filter(classification="SECRET")):
        assert facets.stored(lib.db, f) is not None
        assert lib.timeline(f) == _model_timeline(f, "year")


def test_undated_cables_come_last_and_only_without_dates(temp_home):
    """The bundled samples hold undated cables (body-only files without a date)."""
    from tui.library import open_home

    with open_home(temp_home) as samples:
        for by in ("year", "month"):
            counts = samples.timeline(Filter(), by)
            undated = samples.count() - sum(n for p, n in counts if p)
            assert undated > 0 and counts[-1] == ("", undated) and all(p for p, _ in counts[:-1])
        assert all(p for p, _ in samples.timeline(Filter(year=2009)))


def test_periods_are_bounded_by_the_library_and_the_filter(lib):
    labels = [p[0] for p in periods.periods(lib.db, "month")]
    assert labels[0] == min(f"{d['year']}-{d['month']:02d}" for d in DOCS if d["year"]) and len(labels) == len(set(labels))
    assert periods.periods(lib.db, "year", "2008", "2009") == [("2008", "2008", "2009")]
    with pytest.raises(ValueError):
        lib.timeline(Filter(), "week")


@pytest.mark.parametrize("period, year, first, last", [
    ("2009", 2009, None, None), ("2009-02", None, dt.date(2009, 2, 1), dt.date(2009, 2, 28)),
    ("2008-12", None, dt.date(2008, 12, 1), dt.date(2008, 12, 31))])
def test_a_period_narrows_a_filter(period, year, first, last):
    f = periods.narrowed(Filter(origin="Embassy Lima", year=2008), period)
    assert (f.origin, f.year, f.date_from, f.date_to) == ("Embassy Lima", year, first, last)


def test_columns_read_the_matches_from_the_view_table_when_rowids_are_not_keys(lib, monkeypatch):
    """A library where a variant's id is not its cable's key: the matches' cables come from temp.hits."""
    lib._columns = lib._bits = None
    lib._facets.clear()
    assert lib.timeline(Filter(text="oil")) == _model_timeline(Filter(text="oil"), "year")  # loads the columns
    monkeypatch.setattr(lib._columns, "identity", False)
    for name in ("text", "text+tag", "text+class+year", "nothing"):
        f = VIEWS[name]
        lib._bits, lib._hits_for = None, None
        lib._facets.clear()
        assert lib.facets(f) == _model_facets(f) and lib.timeline(f, "month") == _model_timeline(f, "month"), name
        assert lib._bits is not None
    lib._columns = lib._bits = None
    lib._facets.clear()


def test_columns_are_used_only_for_the_library_they_were_made_for(lib):
    assert columns.load(lib.db, facets.signature(lib.db)) is not None
    assert columns.load(lib.db, "1:1") is None


def test_an_import_adds_the_columns_to_a_library_made_before_them(lib, tmp_path):
    """The columns are made at the end of an import, also one that adds nothing to a library made before them."""
    import sqlite3

    copy = tmp_path / "library.sqlite"
    with sqlite3.connect(copy) as db:
        lib.db.backup(db)
        db.execute("DELETE FROM meta WHERE key GLOB 'columns*'")
    db.close()
    with Library(copy) as before:
        assert columns.stamp(before.db) is None and before._view_bits(Filter(text="oil")) is None
    import_paths(copy, [lib.path.parent / "cables.csv"], jobs=1)
    with Library(copy) as after:
        assert columns.stamp(after.db) == facets.signature(after.db)
        assert after._view_bits(Filter(text="oil")) is not None
        assert after.facets(Filter(text="oil")) == _model_facets(Filter(text="oil"))
