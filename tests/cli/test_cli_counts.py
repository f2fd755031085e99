"""``cablereader timeline`` and ``facets`` on the bundled samples (a temporary home): piped text, --json, --by
month, the view options and --query, nothing matching, bad options."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui.cli import main
from tui.library import Filter, open_home


@pytest.fixture
def samples(temp_home):
    with open_home(temp_home) as library:
        yield library


def test_timeline_piped_is_aligned_text_bars(samples, capsys):
    assert main(["timeline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    years = [(p, n) for p, n in samples.timeline() if p]
    assert [ln.split()[:2] for ln in lines[:len(years)]] == [[p, f"{n:,}"] for p, n in years]
    assert all(set(ln.split()[2]) == {"#"} for ln in lines[:len(years)])  # a bar for every period, in ASCII
    assert lines[-2].startswith("undated") and lines[-1] == f"{samples.count():,} cables"
    assert "\x1b" not in "".join(lines) and max(len(ln) for ln in lines) <= 80


def test_timeline_json_by_month_with_filters_and_a_query(samples, capsys):
    assert main(["timeline", "--by", "month", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "month" and data["total"] == samples.count()
    assert data["periods"] == [{"period": p, "count": n} for p, n in samples.timeline(Filter(), "month") if p]
    assert data["undated"] == samples.count() - sum(n for p, n in samples.timeline(Filter(), "month") if p)
    assert main(["timeline", "--origin", "mexico", "--classification", "S", "--year", "2010", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    f = Filter(origin="Embassy Mexico", classification="SECRET", year=2010)
    assert data["total"] == samples.count(f) > 0 and data["periods"] == [{"period": "2010", "count": data["total"]}]
    assert main(["timeline", "--query", "defense", "--from", "2010-01-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == samples.search_count("defense", Filter(date_from=__import__("datetime").date(2010, 1, 1)))


def test_timeline_nothing_matches_and_bad_options(samples, capsys):
    assert main(["timeline", "--query", "zzzqqq", "--json"]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out) == {"by": "year", "periods": [], "undated": 0, "total": 0}
    assert main(["timeline", "--tag", "NOSUCHTAG"]) == 1
    assert capsys.readouterr().err == "cablereader: no cable is tagged NOSUCHTAG\n"
    assert main(["timeline", "--from", "2010-13-01"]) == 2
    assert "--from" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit:
        main(["timeline", "--by", "week"])
    assert exit.value.code == 2


def test_facets_text_and_json(samples, capsys):
    assert main(["facets", "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    facets = samples.facets()
    assert out[0] == f"origin ({len(facets['origin'])})" and out[1].split()[-1] == str(facets["origin"][0][1])
    assert main(["facets", "--tag", "PGOV", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tag"][0] == {"value": "PGOV", "count": samples.count(Filter(tag="PGOV"))}
    assert main(["facets", "--query", "zzzqqq"]) == 1


def test_timeline_piped_into_head_ends_quietly(temp_home):
    proc = subprocess.run(f"{sys.executable} -m tui.cli timeline --by month | head -2", shell=True,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "CABLEREADER_HOME": str(temp_home)})
    assert len(proc.stdout.splitlines()) == 2 and proc.stderr == ""


def test_undated_cables_are_one_word_and_one_count_in_stats_timeline_and_facets(temp_home, capsys):
    from tui.cli import main

    main(["stats"])
    years = capsys.readouterr().out.split("years: ")[1].splitlines()[0]
    assert "?" not in years and years.endswith("undated 4")
    main(["timeline"])
    assert "\nundated  4 " in capsys.readouterr().out
    main(["facets", "--limit", "100"])
    assert "  undated          4" in capsys.readouterr().out.split("year (")[1]
    main(["facets", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["undated"] == 4 and sum(v["count"] for v in data["year"]) + 4 == 41
