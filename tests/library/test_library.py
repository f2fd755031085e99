"""The library on a real SQLite file: the shared cables and seeds imported, then every query of the API."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from tests.conftest import CABLES, SEEDS
from tui.cable.sources import Skipped, read
from tui.library import Filter, Library, open_files, open_home
from tui.library.importer import import_paths


@pytest.fixture(scope="module")
def parsed():
    """Every cable of the shared data, parsed directly (the expectations come from here, not from SQL)."""
    return [c for c in read([CABLES, SEEDS]) if not isinstance(c, Skipped)]


@pytest.fixture(scope="module")
def lib_path(shared_import):
    """The shared cables and seeds imported (2 workers): (the library, the ImportResult). Read only."""
    return shared_import


@pytest.fixture
def lib(lib_path):
    library = Library(lib_path[0])
    yield library
    library.close()


def test_one_cable_per_distinct_id(lib, lib_path, parsed):
    ids = {c.reference_id for c in parsed}
    assert lib.count() == len(ids) == len(lib.view())
    assert set(lib.db.execute("SELECT refid FROM cable").fetchall()) == {(i,) for i in ids}
    result = lib_path[1]
    assert result.added == len(ids)
    assert result.added + result.variants + result.unchanged == len(parsed)


def test_seed_cable_has_two_variants_and_every_source(lib):
    variants = lib.variants("10MEXICO83")
    assert len(variants) == 2
    assert {v.source.path.rsplit("/", 1)[-1][:3] for v in variants} == {"000", "001"}
    primary = lib.get("10MEXICO83")
    assert primary.source == variants[0].source
    assert not primary.is_partial  # the complete page text wins over the cut-short raw text
    assert "Scenesetter" in primary.subject
    assert primary.paragraphs and primary.header.startswith("VZCZC")
    assert lib.stats()["cables_with_variants"] >= 1


def test_second_import_adds_nothing(shared_home, lib_path):
    result = import_paths(shared_home / "library.sqlite", [CABLES, SEEDS], jobs=1)
    assert (result.added, result.variants) == (0, 0)
    first = lib_path[1]
    assert result.unchanged == first.added + first.variants + first.unchanged  # every text seen before


@pytest.mark.parametrize("text", ["10MEXICO83", "10 mexico 83", "10MEXICO0083", "10mexico83", "2010 MEXICO 83",
                                  "MEXICO 83", "mexico 83"])
def test_loose_lookup(lib, text):
    assert "10MEXICO83" in lib.resolve(text)


def test_loose_lookup_exact_first_and_unknown(lib):
    assert lib.resolve("10MEXICO83") == ["10MEXICO83"]
    assert lib.resolve("10MEXICO999999") == []
    assert lib.resolve("") == []
    assert lib.get("10MEXICO999999") is None and not lib.exists("10MEXICO999999")
    assert lib.key_of("10MEXICO83") == lib.key_of("10mexico83")


def test_malformed_wikileaks_id(lib, parsed):
    odd = [c for c in parsed if c.reference_id_as_written and c.reference_id_as_written != c.reference_id]
    assert odd, "the shared data holds malformed IDs (7575LIBREVILLE1895)"
    for c in odd:
        assert lib.resolve(c.reference_id_as_written) == [c.reference_id]


def test_year_ambiguity_lists_every_year(tmp_path):
    csv = tmp_path / "two.csv"
    rows = []
    for n, (date, rid) in enumerate([("1/5/2009 10:00", "09MEXICO83"), ("1/29/2010 20:08", "10MEXICO83")], 1):
        body = f"C O N F I D E N T I A L MEXICO 000083\\n\\nTAGS: PGOV, MX\\nSUBJECT: CABLE {n}\\n\\n1. (C) Text.\\n"
        rows.append(f'"{n}","{date}","{rid}","Embassy Mexico","CONFIDENTIAL","","FM AMEMBASSY MEXICO","{body}"')
    csv.write_text("\n".join(rows).replace("\\n", "\n") + "\n")
    path = tmp_path / "lib.sqlite"
    import_paths(path, [csv], jobs=1)
    with Library(path) as lib:
        assert lib.resolve("MEXICO 83") == ["10MEXICO83", "09MEXICO83"]
        assert lib.resolve("09 mexico 83") == ["09MEXICO83"]


def test_complete_and_nearest(lib):
    assert "10MEXICO83" in lib.complete("10MEX")
    assert "10MEXICO83" in lib.complete("10 mexico 8")
    found = lib.complete("10", limit=5)
    assert len(found) == 5 and all(f.startswith("10") for f in found) and found == sorted(found)
    assert lib.complete("") == []
    near = lib.nearest("10MEXICO84")
    assert near[0] == "10MEXICO83"
    assert "10MEXICO83" in lib.nearest("10 MEXCO 83")  # a typo in the station


def test_filters_match_the_parsed_cables(lib, parsed):
    primary = {}
    for c in parsed:  # the first complete source of each ID stands for it
        primary.setdefault(c.reference_id, c)
    cables = list(primary.values())
    origin = next(c.origin for c in cables if c.origin)
    checks = {
        Filter(origin=origin): lambda c: c.origin == origin,
        Filter(classification="SECRET"): lambda c: c.classification in ("SECRET", "SECRET//NOFORN"),
        Filter(tag="PGOV"): lambda c: "PGOV" in c.tags,
        Filter(year=2009): lambda c: c.created and c.created.year == 2009,
        Filter(date_from=dt.date(2009, 6, 1), date_to=dt.date(2009, 6, 30)):
            lambda c: c.created and dt.date(2009, 6, 1) <= c.created.date() <= dt.date(2009, 6, 30),
        Filter(tag="PREL", classification="CONFIDENTIAL", year=2009):
            lambda c: ("PREL" in c.tags and c.classification.startswith("CONFIDENTIAL")
                       and c.created and c.created.year == 2009),
        Filter(ids=("10MEXICO83", "09BERN432", "NOPE")): lambda c: c.reference_id in ("10MEXICO83", "09BERN432"),
    }
    for f, want in checks.items():
        expected = {c.reference_id for c in cables if want(c)}
        assert expected, f
        got = [r.reference_id for r in lib.rows(lib.view(f))]
        assert set(got) == expected, f
        assert lib.count(f) == len(expected)


def test_view_orders_and_rows(lib):
    keys = lib.view(sort="date")
    rows = lib.rows(keys)
    dates = [r.created for r in rows]
    assert dates == sorted(dates, reverse=True)
    ids = [r.reference_id for r in lib.rows(lib.view(sort="id"))]
    assert ids == sorted(ids)
    by_origin = [r.origin for r in lib.rows(lib.view(sort="origin"))]
    assert by_origin == sorted(by_origin)
    some = [keys[5], keys[0], keys[3]]
    assert [r.key for r in lib.rows(some)] == some
    assert lib.rows([]) == []


def test_facets(lib):
    facets = lib.facets()
    assert set(facets) == {"origin", "classification", "tag", "year"}
    blank = dict(lib.db.execute("SELECT 'classification', count(*) FROM cable WHERE classification = '' UNION ALL "
                                "SELECT 'origin', count(*) FROM cable WHERE origin = ''"))  # not a facet value
    assert sum(n for _, n in facets["classification"]) == lib.count() - blank["classification"]
    assert sum(n for _, n in facets["origin"]) == lib.count() - blank["origin"]
    counts = [n for _, n in facets["tag"]]
    assert counts == sorted(counts, reverse=True)
    f = Filter(year=2009)
    for name, values in lib.facets(f).items():
        if name != "tag":
            assert sum(n for _, n in values) == lib.count(f)
    year = dict(facets["year"])
    assert year["2009"] == lib.count(f)
    pgov = dict(lib.facets(Filter(origin="Embassy Mexico"))["tag"]).get("PGOV", 0)
    assert pgov == lib.count(Filter(origin="Embassy Mexico", tag="PGOV")) > 0


def test_stored_facets_equal_live_counts(lib):
    from tui.library import facets
    from tui.library.filters import where as _where

    filters = [Filter(), Filter(origin="Embassy Mexico"), Filter(classification="SECRET"), Filter(tag="pgov"),
               Filter(year=2009), Filter(classification="UNCLASSIFIED")]
    for f in filters:
        stored = facets.stored(lib.db, f)
        assert stored is not None, f
        assert stored == facets.live(lib.db, *_where(f)), f
    assert facets.stored(lib.db, Filter(origin="Embassy Mexico", year=2009)) is None  # combined: live
    good = lib.db.execute("SELECT value FROM meta WHERE key = 'facets_for'").fetchone()[0]
    lib.db.execute("UPDATE meta SET value = 'stale' WHERE key = 'facets_for'")
    try:
        assert facets.stored(lib.db, Filter()) is None  # made for other data: not used
        assert lib.facets(Filter(year=2009)) == facets.live(lib.db, *_where(Filter(year=2009)))
    finally:
        lib.db.execute("UPDATE meta SET value = ? WHERE key = 'facets_for'", (good,))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def test_search_phrase_prefix_and_ranking(lib):
    hits = lib.search('"human rights"', limit=10)
    assert len(hits) == 10
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    for h in hits:
        cable = lib.variants(h.reference_id)
        assert any("human rights" in _words(v.subject + " " + v.body) for v in cable)
        assert any(h.snippet[s:e].lower().startswith(("human", "rights")) for s, e in h.spans)
    prefix = lib.search("narco*", limit=20)
    assert prefix
    for h in prefix:
        assert any(h.snippet[s:e].lower().startswith("narco") for s, e in h.spans), h.snippet
    assert len({h.reference_id for h in lib.search("embassy", limit=500)}) == len(lib.search("embassy", limit=500))


def test_search_with_filter_and_bad_queries(lib):
    f = Filter(classification="SECRET")
    hits = lib.search("minister", f, limit=20)
    assert hits
    allowed = {r.reference_id for r in lib.rows(lib.view(f))}
    assert {h.reference_id for h in hits} <= allowed
    for q in ["", "(((", "AND", '"', "NOT", "*"]:
        assert lib.search(q) == []
    assert lib.search("zzzzqqqq") == []
    assert lib.count(Filter(text="scenesetter")) >= 1


def test_text_filter_view_count_and_facets(lib, parsed):
    for word in ("scenesetter", "narcotics"):
        expected = {c.reference_id for c in parsed if word in _words(c.subject + " " + c.body).split()}
        f = Filter(text=word)
        got = {r.reference_id for r in lib.rows(lib.view(f))}
        assert got == expected and lib.count(f) == len(expected), word
        rows = lib.rows(lib.view(f))
        assert sum(n for _, n in lib.facets(f)["classification"]) == sum(1 for r in rows if r.classification)
        both = Filter(text=word, year=2009)
        assert {r.reference_id for r in lib.rows(lib.view(both))} == {
            r for r in expected if lib.get(r).created and lib.get(r).created.year == 2009}


def test_cites_and_cited_by(lib):
    pairs = [(src, dst) for (src,) in lib.db.execute("SELECT refid FROM cable") for dst in lib.cites(src)
             if lib.exists(dst)]
    assert pairs, "some shared cables cite others that are present"
    for src, dst in pairs:
        assert src in lib.cited_by(dst)
    assert lib.cites("10MEXICO999999") == [] and lib.cited_by("10MEXICO999999") == []


def test_stats(lib):
    s = lib.stats()
    assert s["cables"] == lib.count()
    assert s["variants"] > s["cables"]
    assert sum(s["classification"].values()) == s["cables"]
    assert s["size_bytes"] > 0
    assert s["skipped"] == lib.skipped


def test_from_paths_is_throwaway(temp_home):
    one = CABLES / "raw-txt" / "07BOGOTA1165.txt"
    lib = open_files([one], temp_home)
    assert lib.count() == 1 and lib.exists("07BOGOTA1165")
    folder = lib.path.parent
    lib.close()
    assert not folder.exists()
    assert not (temp_home / "library.sqlite").exists()


def test_open_falls_back_to_samples(temp_home, tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(next(SEEDS.glob("000_*")), samples / "10MEXICO83.txt")
    (samples / "README.md").write_text("# What these samples are\n")  # documentation, not a skipped file
    monkeypatch.setattr("tui.resources.samples_dir", lambda: samples)
    lib = open_home(temp_home)
    assert lib.is_samples and lib.count() == 1 and lib.get("10MEXICO83").subject
    assert lib.skipped == {}
    lib.close()
    shutil.copy(CABLES / "raw-txt" / "07BOGOTA1165.txt", samples)  # sample files changed: indexed again
    with open_home(temp_home) as lib:
        assert lib.is_samples and lib.count() == 2
    assert sorted(p.name for p in temp_home.iterdir()) == ["samples.sqlite"]  # no temp file, no lock left
    import_paths(temp_home / "library.sqlite", [CABLES / "raw-txt" / "07KINGSTON382.txt"], jobs=1)
    with open_home(temp_home) as lib:  # something imported: that is the library now
        assert not lib.is_samples and lib.resolve("07KINGSTON382") == ["07KINGSTON382"] and lib.count() == 1
    assert (temp_home / "library.sqlite.import-lock").exists()  # a real library's lock stays (see importer._lock)


@pytest.mark.parametrize("f", [Filter(date_to=dt.date(2005, 12, 31)), Filter(date_to=dt.date(2008, 12, 31)),
                               Filter(date_from=dt.date(2009, 1, 1)), Filter(year=2008),
                               Filter(text="iran", date_to=dt.date(2005, 12, 31)),
                               Filter(origin="Embassy Paris", date_to=dt.date(2009, 12, 31))])
def test_a_date_bound_never_matches_an_undated_cable(lib, parsed, f):
    from tui.library import filters
    assert any(c.created is None for c in parsed)  # the shared data has undated cables
    dated = {c.reference_id: c.created.date() for c in parsed if c.created}
    lo = f.date_from or (dt.date(f.year, 1, 1) if f.year else dt.date.min)
    hi = f.date_to or (dt.date(f.year, 12, 31) if f.year else dt.date.max)
    if f.text:
        rows = lib.search(f.text, Filter(date_to=f.date_to), limit=1000)
        assert lib.search_count(f.text, Filter(date_to=f.date_to)) == len(rows)
    else:
        rows = lib.rows(lib.view(f))
        assert lib.count(f) == len(rows)
        if not f.origin:  # a date alone is counted exactly, as the planner weighs it
            assert filters.estimate(lib.db, f, lib.count()) == len(rows)
        assert sum(n for _, n in lib.facets(f)["year"]) == len(rows)
    for r in rows:
        assert r.reference_id in dated and lo <= dated[r.reference_id] <= hi, (f, r.reference_id)
