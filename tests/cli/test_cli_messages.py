"""What the commands say when a view holds nothing or a query is empty: which filter found nothing, in words."""

from __future__ import annotations

import json

import pytest

from tui.cli import main
from tui.state import State

#: the commands taking the view options, and what each says when the view holds nothing
VIEWS = [["search", "military"], ["search", "military", "--json"], ["timeline"], ["facets", "--json"]]


@pytest.mark.parametrize("command", VIEWS, ids=" ".join)
@pytest.mark.parametrize("option, said", [
    (["--classification", "TS"], "no cable is classified TOP SECRET"),  # a level, of which the samples have none
    (["--classification", "top  secret"], "no cable is classified TOP SECRET"),
    (["--classification", "bogus"], "no classification matches 'bogus'"),  # no level at all
    (["--tag", "ZZZZ"], "no cable is tagged ZZZZ"),
    (["--tag", "PREL", "--year", "1850"], "no cable is dated 1850"),
    (["--from", "2030-01-01"], "no cable is dated on or after 2030-01-01"),
    (["--from", "1900-01-01", "--to", "1900-12-31"], "no cable is dated from 1900-01-01 to 1900-12-31"),
    (["--starred"], "no cable is starred"),
], ids=str)
def test_a_filter_that_alone_holds_nothing_is_named(temp_home, capsys, command, option, said):
    assert main([*command, *option]) == 1
    out = capsys.readouterr()
    assert out.err == f"cablereader: {said}\n"
    if "--json" in command and command[0] == "search":
        assert json.loads(out.out) == []


def test_filters_empty_only_together_say_so_as_before(temp_home, capsys):
    assert main(["search", "military", "--tag", "EFIS", "--year", "2003"]) == 1  # each alone holds some
    assert capsys.readouterr().err == "no matches\n"
    assert main(["search", "qqqzzz"]) == 1
    assert capsys.readouterr().err == "no matches\n"
    assert main(["timeline", "--tag", "EFIS", "--year", "2005"]) == 1
    assert capsys.readouterr().err == "no cable in this view\n"


def test_starred_cables_not_in_the_library_are_said(temp_home, capsys):
    with State(temp_home, background=False) as st:
        st.set_starred("99NOWHERE1")
    assert main(["search", "military", "--starred"]) == 1
    assert capsys.readouterr().err == "cablereader: no starred cable is in this library\n"
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
    assert main(["search", "military", "--starred"]) == 0


@pytest.mark.parametrize("query", [[""], [" "], ["", " "]], ids=repr)
def test_an_empty_query_says_the_query_is_empty(temp_home, capsys, query):
    with pytest.raises(SystemExit) as exit:
        main(["search", *query])
    out = capsys.readouterr()
    assert exit.value.code == 2 and out.out == ""
    assert out.err.startswith("usage: cablereader search ")
    assert out.err.endswith("cablereader search: error: the query is empty: give a word to search for "
                            "(search --help lists the syntax)\n")


def test_an_empty_word_beside_others_is_no_error(temp_home, capsys):
    assert main(["search", "", "military", "--limit", "1"]) == 0
    assert capsys.readouterr().out.startswith("10MEXICO83 ")


@pytest.mark.parametrize("argv", [["show", "10MEXICO83", "--paragraph", "2", "10MEXICO140"],
                                  ["show", "--paragraph", "2", "10MEXICO83", "10MEXICO140"],
                                  ["show", "10MEXICO83", "--paragraph=2", "10MEXICO140"]], ids=" ".join)
def test_refs_after_an_option_are_taken(temp_home, capsys, argv):
    """``--paragraph=2`` is argparse's to read (tui/cli/quick.py leaves it), the others quick.py's: alike."""
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("10MEXICO83 \u00b62 ") and "\n10MEXICO140 \u00b62 " in out


def test_query_words_around_options_make_one_query(temp_home, capsys):
    assert main(["search", "military", "--json", "--limit", "3"]) == 0
    together = capsys.readouterr().out
    assert main(["search", "--limit", "3", "military", "--json"]) == 0
    assert capsys.readouterr().out == together
    assert main(["search", "defense", "--json", "bilateral", "--year=2010"]) == 0  # argparse's (the = form)
    intermixed = capsys.readouterr().out
    assert main(["search", "defense", "bilateral", "--json", "--year", "2010"]) == 0
    assert capsys.readouterr().out == intermixed
    assert main(["search", "defense bilateral", "--year", "2010", "--json"]) == 0
    assert capsys.readouterr().out == intermixed and json.loads(intermixed)


@pytest.mark.parametrize("limit", ["0", "-5", "1e3", "ten"])
def test_a_limit_below_one_or_not_a_number_is_a_usage_error(temp_home, capsys, limit):
    with pytest.raises(SystemExit) as exit:
        main(["search", "military", "--limit", limit])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and err.endswith(f"argument --limit: '{limit}' is not a number of 1 or more\n")


def test_a_huge_limit_gives_every_hit(temp_home, capsys):
    assert main(["search", "the", "--json", "--limit", str(10**30)]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["search", "the", "--json", "--limit", str(len(every))]) == 0
    ids = [hit["reference_id"] for hit in json.loads(capsys.readouterr().out)]
    assert ids == [hit["reference_id"] for hit in every] and len(ids) > 30
