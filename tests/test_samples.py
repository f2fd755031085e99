"""The bundled sample corpus (sample_cables/): every file reads as the cable it was written to be."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import REPO, SEEDS

SAMPLES = REPO / "sample_cables"

SEED_SUBJECT = "Defense Bilateral Working Group, Washington, D.C., February 1"

# file, reference ID, format, classification, subject, references (in order)
EXPECTED = [
    ("10MEXICO83.page.txt", "10MEXICO83", "page-text", "SECRET", "Scenesetter for the Opening of the " + SEED_SUBJECT, []),
    ("10MEXICO83.txt", "10MEXICO83", "raw", "SECRET", "Scen setter for the Opening of the " + SEED_SUBJECT, []),
    ("10MEXICO112.html", "10MEXICO112", "html-2010", "SECRET//NOFORN", "SAMPLE: DEFENSE BILATERAL WORKING GROUP OPENS WITH A LIST OF ASKS", ['10MEXICO83', '10STATE9011']),
    ("10MONTERREY31.html", "10MONTERREY31", "html-2010", "CONFIDENTIAL", "SAMPLE: NORTHERN STATE POLICE REFORM STALLS IN CONGRESS", ['10MEXICO83']),
    ("10STATE9120.html", "10STATE9120", "html-2010", "SECRET", "SAMPLE: GUIDANCE FOR DEFENSE WORKING GROUP FOLLOW-UP", ['10MEXICO112']),
    ("09USNATO471.html", "09USNATO471", "html-2010", "SECRET//NOFORN", "SAMPLE: ALLIES DIVIDED ON NORTHERN AIR POLICING ROTATION", ['09STATE88123', '09USNATO455']),
    ("09USUNNEWYORK702.html", "09USUNNEWYORK702", "html-2010", "CONFIDENTIAL", "SAMPLE: SECURITY COUNCIL CONSULTATIONS ON REGIONAL COAST GUARD TRAINING", []),
    ("04TOKYO2231.html", "04TOKYO2231", "html-2010", "CONFIDENTIAL", "SAMPLE: JAPAN WEIGHS ITS OPTIONS BEFORE THE WHALING COMMISSION", []),
    ("06GUADALAJARA140.html", "06GUADALAJARA140", "html-2010", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SAMPLE: AGAVE GROWERS ASK FOR HELP WITH U.S. LABEL RULES", []),
    ("08CANBERRA700.html", "08CANBERRA700", "html-2010", "UNCLASSIFIED", "SAMPLE: AUSTRALIA ANNOUNCES NEW LIMITS ON SOUTHERN OCEAN KRILL", []),
    ("86OSLO2210.html", "86OSLO2210", "html-2010", "SECRET", "SAMPLE: NORWAY SEEKS QUIET TALKS ON THE GREY ZONE FISHERY", []),
    ("90ANKARA1502.html", "90ANKARA1502", "html-2010", "CONFIDENTIAL", "SAMPLE: TURKEY STUDIES NEW RULES FOR STRAITS TRAFFIC", []),
    ("73LIMA3310.html", "73LIMA3310", "html-2011", "UNCLASSIFIED", "SAMPLE: ANCHOVY CATCH FALLS SHARPLY FOR SECOND SEASON", []),
    ("75CANBERRA5120.html", "75CANBERRA5120", "html-2011", "CONFIDENTIAL", "SAMPLE: AUSTRALIAN POSITION ON ECONOMIC ZONE BEFORE GENEVA SESSION", []),
    ("76STATE88450.html", "76STATE88450", "html-2011", "SECRET", "SAMPLE: INSTRUCTIONS ON THE FISHERY DISPUTE", []),
    ("78SANTIAGO6021.html", "78SANTIAGO6021", "html-2011", "SECRET//NOFORN", "SAMPLE: BEAGLE CHANNEL TALKS RESUME", []),
    ("79REYKJAVIK1442.html", "79REYKJAVIK1442", "html-2011", "CONFIDENTIAL", "SAMPLE: ICELAND PRESSES FOR NEW CAPELIN SHARING TALKS", ['76STATE88450', '79STATE210004']),
    ("09NAIROBI1880.txt", "09NAIROBI1880", "page-text", "CONFIDENTIAL//NOFORN", "SAMPLE: COAST GUARD TRAINING PLAN WINS CABINET SUPPORT", ['09USUNNEWYORK702']),
    ("07MADRID1733.txt", "07MADRID1733", "page-text", "SECRET", "SAMPLE: SPAIN OFFERS PATROL BOATS FOR JOINT MIGRATION PATROLS", []),
    ("10MEXICO140.txt", "10MEXICO140", "page-text", "UNCLASSIFIED", "SAMPLE: STATES REPORT PROGRESS ON POLICE VETTING", ['10MONTERREY31', '09MEXICO3345']),
    ("05WELLINGTON412.txt", "05WELLINGTON412", "page-text", "CONFIDENTIAL", "SAMPLE: NEW ZEALAND DRAFTS PACIFIC TUNA PROPOSAL", []),
    ("08OTTAWA1204.txt", "08OTTAWA1204", "raw", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SAMPLE: FISHERIES TALKS STALL OVER QUOTA", ['08STATE61870', '07HALIFAX88']),
    ("09STATE88123.txt", "09STATE88123", "raw", "SECRET", "SAMPLE: GUIDANCE FOR NAC DISCUSSION ON AIR POLICING", []),
    ("07VANCOUVER55.txt", "07VANCOUVER55", "raw", "UNCLASSIFIED", "SAMPLE: SALMON FARM RULES DIVIDE THE PROVINCE", []),
    ("09SANTIAGO512.txt", "09SANTIAGO512", "raw", "CONFIDENTIAL", "SAMPLE: CHILE PREPARES FOR MARITIME BOUNDARY HEARINGS", []),
    ("08STOCKHOLM402.txt", "08STOCKHOLM402", "raw", "SECRET//NOFORN", "SAMPLE: SWEDEN WEIGHS JOINING NORDIC AIR SURVEILLANCE POOL", []),
    ("06ANKARA2950.txt", "06ANKARA2950", "raw", "CONFIDENTIAL//NOFORN", "SAMPLE: STRAITS PILOTAGE RULES REVISED AGAIN", ['06ANKARA2712', '90ANKARA1502']),
    ("10OSLO44.txt", "10OSLO44", "raw", "UNCLASSIFIED", "SAMPLE: HOSTILE TEXT TEST", []),
    ("07HALIFAX88.txt", "07HALIFAX88", "body", "UNCLASSIFIED", "SAMPLE: ATLANTIC FISHERS WARN OF SMALLER GROUNDFISH QUOTA", []),
    ("08DAKAR601.txt", "08DAKAR601", "body", "CONFIDENTIAL", "SAMPLE: SENEGAL PROTESTS FOREIGN TRAWLERS", []),
    ("09REYKJAVIK190.txt", "09REYKJAVIK190", "body", "SECRET", "SAMPLE: ICELAND ASKS ABOUT AIR POLICING AND CAPELIN TALKS", ['79REYKJAVIK1442']),
    ("10STATE11870.txt", "10STATE11870", "body", "UNCLASSIFIED", "SAMPLE: ANNOUNCEMENT OF A REGIONAL FISHERIES WORKSHOP", []),
    ("cables.csv", "77WELLINGTON811", "csv", "UNCLASSIFIED", "SAMPLE: NEW ZEALAND DECLARES TWO HUNDRED MILE FISHING ZONE", []),
    ("cables.csv", "88MANILA4410", "csv", "CONFIDENTIAL", "SAMPLE: PHILIPPINE NAVY SEIZES FOREIGN FISHING BOATS", []),
    ("cables.csv", "01HELSINKI2200", "csv", "CONFIDENTIAL", "SAMPLE: FINLAND WANTS BALTIC SALMON ON EU AGENDA", []),
    ("cables.csv", "03ACCRA1021", "csv", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SAMPLE: GHANA CANOE FLEET SEEKS FUEL SUBSIDY", []),
    ("cables.csv", "06LIMA1960", "csv", "SECRET", "SAMPLE: PERU DEBATES TAKING MARITIME DISPUTE TO COURT", []),
    ("cables.csv", "08STATE61870", "csv", "UNCLASSIFIED", "SAMPLE: DEMARCHE REQUEST ON NORTHWEST ATLANTIC QUOTA PROPOSAL", []),
    ("cables.csv", "08USEUBRUSSELS1502", "csv", "CONFIDENTIAL", "SAMPLE: COMMISSION RESPONSE TO U.S. QUOTA PROPOSAL", ['08STATE61870']),
    ("cables.csv", "09STATE99104", "csv", "CONFIDENTIAL", "SAMPLE: RESPONSE ON COAST GUARD TRAINING REQUEST", ['09NAIROBI1880']),
    ("cables.csv", "09NAIROBI2104", "csv", "SECRET//NOFORN", "SAMPLE: COAST GUARD UNIT FACES BUDGET CUT", ['09STATE99104']),
    ("cables.csv", "10USUNNEWYORK88", "csv", "UNCLASSIFIED", "SAMPLE: SECRETARIAT ISSUES COAST GUARD TRAINING COST ESTIMATE", ['09USUNNEWYORK702']),
]


@pytest.fixture(scope="module")
def cables():
    """(file name, Cable) for every cable in the folder, read through tui.cable.sources."""
    from tui.cable.sources import Skipped, read

    out, skipped = [], []
    for item in read(SAMPLES):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            out.append((item.source.path.rsplit("/", 1)[-1], item))
    assert [s.path.rsplit("/", 1)[-1] for s in skipped] == ["README.md"], [str(s) for s in skipped]
    return out


def test_every_sample_reads_as_intended(cables):
    got = [(name, c.reference_id, c.source.format, c.classification, " ".join(c.subject.split()), c.references)
           for name, c in cables]
    assert sorted(got) == sorted(EXPECTED)


def test_file_names_are_reference_ids():
    paths = [p for p in SAMPLES.iterdir() if p.name not in ("README.md", "cables.csv")]
    assert len(paths) == sum(name != "cables.csv" for name, *_ in EXPECTED)  # one cable per file but the CSV
    for path in paths:
        stem = path.name.removesuffix(".page.txt").rsplit(".", 1)[0]
        assert path.suffix in (".html", ".txt") and re.fullmatch(r"\d{2}[A-Z]+\d+", stem), path.name


def test_ids_agree_with_banner_and_date(cables):
    for name, c in cables:
        year, serial = c.reference_id[:2], int(re.search(r"\d+$", c.reference_id).group())
        if c.created is not None:
            assert f"{c.created:%y}" == year, name
        if c.dtg:
            assert c.dtg.split()[-1] == year, name
        banner = c.body.lstrip().splitlines()[0]
        assert int(re.search(r"(\d+)\s*$", banner).group(1)) == serial, (name, banner)


def test_invented_cables_say_so(cables):
    invented = [c for name, c in cables if not name.startswith("10MEXICO83.")]
    assert 30 <= len(invented) <= 40
    assert all(c.subject.startswith("SAMPLE: ") for c in invented)


def test_coverage(cables):
    invented = [c for name, c in cables if not name.startswith("10MEXICO83.")]
    assert {c.classification for c in invented} == {
        "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL", "CONFIDENTIAL//NOFORN",
        "SECRET", "SECRET//NOFORN"}
    assert {c.source.format for c in invented} == {"html-2010", "html-2011", "page-text", "raw", "body", "csv"}
    assert Counter(c.source.format for c in invented)["csv"] == 10
    markings = {p.marking for c in invented for p in c.paragraphs}
    assert {"U", "SBU", "C", "S", "S/NF"} <= markings
    years = {c.created.year for c in invented if c.created}
    assert min(years) < 1980 and max(years) == 2010
    assert any(c.signers for c in invented) and any(c.classified_by for c in invented)
    assert any(c.summary for c in invented)
    assert sum(bool(re.search(r"^\S.* \d{8} 002 OF 00\d\s*$", c.body, re.M)) for c in invented) >= 4


def test_reference_chains(cables):
    ids = {c.reference_id for _, c in cables}
    cited_by: dict[str, set[str]] = {}
    for _, c in cables:
        for ref in c.references:
            cited_by.setdefault(ref, set()).add(c.reference_id)
    assert cited_by["10MEXICO83"] == {"10MEXICO112", "10MONTERREY31"}
    assert "10MEXICO112" in cited_by and "10STATE9120" in cited_by["10MEXICO112"]  # A cites B cites C
    missing = set(cited_by) - ids
    assert {"10STATE9011", "09USNATO455", "09MEXICO3345", "79STATE210004", "06ANKARA2712"} == missing


def test_seed_copies_are_the_seeds():
    assert (SAMPLES / "10MEXICO83.page.txt").read_bytes() == next(SEEDS.glob("000_*.txt")).read_bytes()
    assert (SAMPLES / "10MEXICO83.txt").read_bytes() == next(SEEDS.glob("001_*.txt")).read_bytes()


def test_hostile_sample_holds_markup_and_real_escape_bytes(cables):
    from tui.highlight import highlight

    data = (SAMPLES / "10OSLO44.txt").read_bytes()
    assert b"[bold red]NOT MARKUP[/]" in data
    assert b"\x1b]52;c;" in data and b"\x07" in data and b"\x1b[2J" in data
    cable = next(c for name, c in cables if name == "10OSLO44.txt")
    assert cable.subject == "SAMPLE: HOSTILE TEXT TEST" and cable.classification == "UNCLASSIFIED"
    shown = highlight(cable.body).plain
    assert "[bold red]NOT MARKUP[/]" in shown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)


def test_csv_is_in_the_dump_dialect():
    import csv

    data = (SAMPLES / "cables.csv").read_text(encoding="utf-8")
    assert data.startswith('"') and '\\"' in data and "\\'" in data  # backslash-escaped quotes, no header row
    rows = list(csv.reader(data.splitlines(keepends=True), escapechar="\\", doublequote=False, strict=True))
    assert len(rows) == 10 and all(len(row) == 8 for row in rows)
    assert all(re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}", row[1]) for row in rows)
    assert any('"ROUTINE"' in row[7] for row in rows) and all("\n" in row[7] for row in rows)
