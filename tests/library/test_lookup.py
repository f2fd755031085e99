"""tui/library/lookup.py: which cable(s) a typed text names, on a real library."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.library import open_home
from tui.library.lookup import lookup, split_anchor, split_refs

BODY = "UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: {subject}\n\n1. (U) Text of {ref}.\n"
IDS = ("10MEXICO83", "09MEXICO83", "10MEXICO90", "10LISBON66")


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cables")
    for ref in IDS:
        (folder / f"{ref}.txt").write_text(BODY.format(subject=f"About {ref}", ref=ref))
    home = tmp_path_factory.mktemp("home")
    from tui.library.importer import import_paths
    from tui.paths import library_path

    import_paths(library_path(home), [folder], jobs=1)
    with open_home(home) as library:
        assert library.count() == len(IDS)
        yield library


@pytest.mark.parametrize("text", ["10MEXICO83", "10mexico83", " 10 mexico 83 ", "10MEXICO0083", "2010 MEXICO 83",
                                  "10-MEXICO-83", "10 Mexico 000083"])
def test_forms_of_one_id(lib, text):
    found = lookup(lib, text)
    assert found.one == "10MEXICO83" and found.ids == ("10MEXICO83",) and found.problem() is None


def test_without_a_year_several_cables(lib):
    found = lookup(lib, "MEXICO 83")
    assert found.one is None and found.ambiguous and set(found.ids) == {"10MEXICO83", "09MEXICO83"}
    assert found.problem() == f"'MEXICO 83' matches 2 cables: {', '.join(found.ids)}"
    assert lookup(lib, "lisbon 66").one == "10LISBON66"  # no year, one cable


def test_none_gives_the_nearest(lib):
    found = lookup(lib, "10 mexico 84")
    assert found.ids == () and found.nearest[:2] == ("10MEXICO83", "10MEXICO90")
    assert found.problem("the bundled samples").startswith("no cable '10 mexico 84' in the bundled samples; nearest: ")
    assert lookup(lib, "10MEXICO84", nearest=0).nearest == ()
    assert lookup(lib, "").ids == () and lookup(lib, "   ").nearest == ()


def test_the_typed_text_is_made_safe_in_the_message(lib):
    assert lookup(lib, "X\x1b[31mRED").problem().startswith("no cable 'XRED' in the library")


@pytest.mark.parametrize("words, refs", [
    (["10MEXICO83", "10LISBON66"], ["10MEXICO83", "10LISBON66"]),
    (["10", "mexico", "83"], ["10 mexico 83"]),
    (["MEXICO", "83"], ["MEXICO 83"]),
    (["2010", "MEXICO", "83", "lisbon", "66"], ["2010 MEXICO 83", "lisbon 66"]),
    (["10MEXICO83", "84"], ["10MEXICO83", "84"]),
    (["frobnicate"], ["frobnicate"]),
    (["NOSUCH", "10LISBON66"], ["NOSUCH", "10LISBON66"]),
    (["10MEXICO83", "NOSUCH", "COLOMBO 830", "10LISBON66"], ["10MEXICO83", "NOSUCH", "COLOMBO 830", "10LISBON66"]),
    (["mexico", "83", "lisbon", "66"], ["mexico 83", "lisbon 66"]),
    (["NOSUCH", "mexico", "83"], ["NOSUCH", "mexico 83"]),
    (["!!", "10", "mexico", "83"], ["!!", "10 mexico 83"]),
    (["83", "84"], ["83", "84"]),
    (["10", "MEXICO 83"], ["10", "MEXICO 83"]),
])
def test_split_refs(words, refs):
    assert split_refs(words) == refs


def test_show_uses_the_same_rule(lib, monkeypatch, capsys):
    monkeypatch.setenv("CABLEREADER_HOME", str(lib.path.parent))
    assert main(["show", "10", "mexico", "83", "--plain"]) == 0
    assert capsys.readouterr().out.startswith("Reference ID 10MEXICO83 ")
    assert main(["show", "MEXICO", "83"]) == 1
    assert capsys.readouterr().err == f"cablereader: {lookup(lib, 'MEXICO 83').problem()}\n"
    assert main(["show", "10MEXICO84"]) == 1
    assert capsys.readouterr().err.startswith("cablereader: no cable '10MEXICO84' in the library; nearest: 10MEXICO83")


def test_show_a_mistyped_word_is_its_own_ref(lib, monkeypatch, capsys):
    monkeypatch.setenv("CABLEREADER_HOME", str(lib.path.parent))
    assert main(["show", "NOSUCH", "10LISBON66", "--plain"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("Reference ID 10LISBON66 ") and out.err.startswith("cablereader: no cable 'NOSUCH' ")
    assert main(["show", "10MEXICO83", "NOSUCH", "MEXICO 83", "10LISBON66", "--plain"]) == 1
    out = capsys.readouterr()
    assert [ln.split()[2] for ln in out.out.splitlines() if ln.startswith("Reference ID ")] == \
        ["10MEXICO83", "10LISBON66"]
    assert out.err.splitlines() == [f"cablereader: {lookup(lib, 'NOSUCH').problem()}",
                                    f"cablereader: {lookup(lib, 'MEXICO 83').problem()}"]


@pytest.mark.parametrize("text, ref, number", [
    ("10MEXICO83#6", "10MEXICO83", 6), ("10 mexico 83 #6", "10MEXICO83", 6), ("10MEXICO83 ¶6", "10MEXICO83", 6),
    ("10MEXICO83¶ 12.", "10MEXICO83", 12), ("lisbon 66#1", "10LISBON66", 1), ("10MEXICO83", "10MEXICO83", None),
])
def test_a_paragraph_is_addressed_after_the_id(lib, text, ref, number):
    found = lookup(lib, text)
    assert (found.one, found.paragraph) == (ref, number) and found.problem() is None


def test_a_paragraph_of_a_missing_or_ambiguous_cable(lib):
    assert lookup(lib, "10MEXICO84#6").problem().startswith("no cable '10MEXICO84#6' in the library; nearest: ")
    found = lookup(lib, "MEXICO 83#2")
    assert found.ambiguous and found.paragraph == 2
    assert lookup(lib, "#6").ids == () and split_anchor("#6") == ("", 6)
    assert split_anchor("10MEXICO83#") == ("10MEXICO83#", None)  # no number: not an address


@pytest.mark.parametrize("words, refs", [
    (["10MEXICO83#6"], ["10MEXICO83#6"]),
    (["10", "mexico", "83#6", "10LISBON66"], ["10 mexico 83#6", "10LISBON66"]),
    (["10", "mexico", "83", "#6", "lisbon", "66"], ["10 mexico 83 #6", "lisbon 66"]),
    (["10MEXICO83", "#6", "10LISBON66#2"], ["10MEXICO83 #6", "10LISBON66#2"]),
    (["mexico", "83#2", "84"], ["mexico 83#2", "84"]),
])
def test_split_refs_keeps_each_paragraph_with_its_id(words, refs):
    assert split_refs(words) == refs


@pytest.mark.parametrize("text, anchor", [("10MEXICO83#abc", "abc"), ("10MEXICO83#", ""), ("10MEXICO83 #-1", "-1"),
                                          ("10MEXICO83¶x", "x")])
def test_what_follows_the_hash_when_no_number_is_no_paragraph(lib, text, anchor):
    found = lookup(lib, text)
    assert (found.one, found.paragraph, found.anchor) == ("10MEXICO83", None, anchor)
    assert found.problem() == f"no paragraph '{anchor}' in 10MEXICO83"
