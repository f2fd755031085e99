"""The parser's general rules, each on text written for the rule (not taken from the conformance cases): station
names in every written form, serials that continue a station, titles and offices before a name, and so on."""

from __future__ import annotations

import pytest

from tui.cable import parse
from tui.cable.glossary import place_names
from tui.cable.ids import known_station


@pytest.mark.parametrize("written, station", [
    ("PORT-OF-SPAIN", "PORTOFSPAIN"), ("PORT OF SPAIN", "PORTOFSPAIN"), ("PORT-AU-PRINCE", "PORTAUPRINCE"),
    ("RIO DE JANEIRO", "RIODEJANEIRO"), ("HO CHI MINH CITY", "HOCHIMINHCITY"), ("HO CHI MINH", "HOCHIMINHCITY"),
    ("USUN NEW YORK", "USUNNEWYORK"), ("USNATO BRUSSELS", "USNATO"), ("MEXICO CITY", "MEXICO"),
    ("DAR ES SALAAM", "DARESSALAAM"), ("UNESCO", "UNESCOPARISFR"),  # a mission by its body
    ("ADDIS", "ADDISABABA"), ("KUALA", "KUALALUMPUR"), ("PORT", None), ("SAN", None),  # a first word alone
    ("HERAT", "HERAT"),  # an ACP consulate the WikiLeaks list lacks
])
def test_station_names_in_their_written_forms(written, station):
    assert known_station(written) == station


@pytest.mark.parametrize("ref, year, expected", [
    ("REF: A. PORT-OF-SPAIN 123 B. PORT-AU-PRINCE 456", 2009, ["09PORTOFSPAIN123", "09PORTAUPRINCE456"]),
    ("REF: A. RIO DE\nJANEIRO 123 B. HO CHI MINH 45", 2009, ["09RIODEJANEIRO123", "09HOCHIMINHCITY45"]),
    ("REF: (A) BUENOS AIRES 1234; (B) BUENOS\nAIRES 1240", 2009, ["09BUENOSAIRES1234", "09BUENOSAIRES1240"]),
    # a bullet holding a serial alone continues the station before it (with its own year, or the cable's)
    ("REF: A. STATE 1234\nB. 5678\nC. 08 9012", 2009, ["09STATE1234", "09STATE5678", "08STATE9012"]),
    ("REF: A. 08 KABUL 100 B. 09 STATE 2345 C. 3456", 2009, ["08KABUL100", "09STATE2345", "09STATE3456"]),
])
def test_references_of_every_station_form(ref, year, expected):
    assert parse(ref, year=year).references == expected


def test_a_lone_number_without_a_bullet_is_not_a_cable():
    assert parse("REF: STATE 1234\n\n1. (C) In 2009 the 45 members met.", year=2009).references == ["09STATE1234"]


@pytest.mark.parametrize("line, names", [
    ("Ambassador to Afghanistan Karl W. Eikenberry for reasons 1.4 (b) and (d)", ["Karl W. Eikenberry"]),
    ("Ambassador to the OSCE Julie Finley. Reasons 1.4 (b) and (d)", ["Julie Finley"]),
    ("Ambassador to the United Nations Susan Rice, reasons 1.4 (b) and (d)", ["Susan Rice"]),
    ("U.S. Ambassador to Iraq Christopher R. Hill for reasons 1.4 (b) and (d)", ["Christopher R. Hill"]),
    ("Consul General in Jerusalem Jake Walles, reasons 1.4 (b) and (d)", ["Jake Walles"]),
    ("Special Envoy for Sudan and Chad John Smith for reasons 1.4 (b)", ["John Smith"]),
    ("CDA Alan Misenheimer and PolOff John Smith, reasons 1.4 (b) and (d)", ["Alan Misenheimer", "John Smith"]),
    ("Political and Economic Counselor John Smith for reasons 1.4 (b)", ["John Smith"]),
    ("ADCM Mary Smith for reasons 1.4 (b) and (d)", ["Mary Smith"]),
    ("Deputy Assistant Secretary for\nEuropean Affairs Matthew Bryza, reasons 1.4(b),(d)", ["Matthew Bryza"]),
    ("Special Envoy for Middle East Peace George Mitchell for reasons 1.4 (b) (d)", ["George Mitchell"]),
    ("Under Secretary Maria Otero for reasons 1.4 (B) and (D).", ["Maria Otero"]),
    ("Under Secretary Maria Otero under Se\nction 1.5 (b)", ["Maria Otero"]),
    ("PolCouns Ted Osius for Reasons 1.4 (B, D)", ["Ted Osius"]),
    ("A/PolCouns Jon P. Dorschner for Reasons 1.4 (B, D)", ["Jon P. Dorschner"]),
    ("DepPolCouns Mary Smith, reason 1.4 (d)", ["Mary Smith"]),
    ("PolEcon Chief John Smith for reason 1.4(d)", ["John Smith"]),
    ("Political Counselor\nMary Jones, Reasons 1.4 (B) and (D)", ["Mary Jones"]),
    ("Political Coun-\nselor John Smith for reasons 1.4 (b)", ["John Smith"]),
    ("Consul General Istanbul Sharon Wiener for reasons 1.4 (b) and (d)", ["Sharon Wiener"]),
    ("Ambassador Robert Hamilton for reasons 1.4 (b) and (d)", ["Robert Hamilton"]),  # a place-like surname
    ("Ambassador to Jordan Robert Beecroft, reasons 1.4 (b) and (d)", ["Robert Beecroft"]),
])
def test_classified_by_titles_offices_and_places_are_not_names(line, names):
    assert parse("Classified By: " + line).classified_by == names


def test_place_vocabulary_comes_from_the_glossary():
    places = set(place_names())
    assert {"Afghanistan", "Mexico", "Jerusalem", "Ho Chi Minh", "Middle East"} <= places
    assert len(places) > 400


def test_stored_place_names_are_the_derived_ones():
    """data/place_names.txt (read so the first parse need not read the ACP table) is what the rule derives."""
    from tui.cable.glossary import DATA, PLACE_NAMES, derive_place_names

    derived = derive_place_names()
    assert place_names() == derived, (
        f"{DATA / PLACE_NAMES} is stale; write it again from derive_place_names(), one name a line")


@pytest.mark.parametrize("line, tags", [
    ("TAGS: PREL PGOV CLINTON, HILLARY OBAMA, BARACK", ["PREL", "PGOV", "CLINTON, HILLARY", "OBAMA, BARACK"]),
    ("TAGS: PREL, PGOV, SARKOZY, NICOLAS, MEDVEDEV, DMITRY", ["PREL", "PGOV", "SARKOZY, NICOLAS", "MEDVEDEV, DMITRY"]),
    ("TAGS: OVIP STEINBERG JAMES PREL CH", ["OVIP", "STEINBERG, JAMES", "PREL", "CH"]),
    ("TAGS: PGOVPRELPHUM", ["PGOV", "PREL", "PHUM"]),
    ("TAGS: PHUMKDEMPGOVMX", ["PHUM", "KDEM", "PGOV", "MX"]),
    ("TAGS: PRELPGOVMXUS", ["PREL", "PGOV", "MX", "US"]),  # several country codes, all listed
    ("TAGS: ECON PM ECONOMIC AFFAIRS, ISSUES", ["ECON", "PM", "ECONOMIC AFFAIRS", "ISSUES"]),  # words stay whole
    ("TAGS: PGVO PREL MX", ["PGOV", "PREL", "MX"]),  # two letters swapped
    ("TAGS: PRELL PGOV MX", ["PREL", "PGOV", "MX"]),  # a letter added
    ("TAGS: PREL, PBIO, MASC, IR", ["PREL", "PBIO", "MASC", "IR"]),  # codes the list lacks stay as written
    ("TAGS: PREL, HUMAN RIGHTS, MX", ["PREL", "HUMAN RIGHTS", "MX"]),
])
def test_tags_persons_runs_and_slips(line, tags):
    assert parse(line).tags == tags


@pytest.mark.parametrize("text, subject", [
    ("SUBJECT: SPAIN&#8217;S VIEW OF THE EU&#x27;S PLAN\n\nREF: A. MADRID 12", "SPAIN\u2019S VIEW OF THE EU'S PLAN"),
    ("TAGS: PREL SP\nSUBJECT THE PRESIDENT'S VISIT\nREF: STATE 1234\n\n1. (C) Text", "THE PRESIDENT'S VISIT"),
    ("SUBJECT: CONFLICT IN THE\nMINSK 00000641 001.3 OF 005\nNORTH\n\n1. (C) Text", "CONFLICT IN THE NORTH"),
    ("SUBJECT: MEETS WITH ZIMBABWE\n CONFIDENTIAL\nPAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER\n"
     "REFTEL: HARARE 6584", "MEETS WITH ZIMBABWE OPPOSITION LEADER"),
])
def test_subject_entities_labels_and_page_breaks(text, subject):
    assert parse(text).subject == subject


def test_subject_to_in_the_body_is_no_subject_line():
    assert parse("TAGS: PREL\n\n1. (C) The plan is agreed.\nSUBJECT TO APPROVAL BY THE MINISTER.\n").subject == ""


def _routing(lines: str):
    cable = parse("O 291200Z JAN 10\nFM SECSTATE WASHDC\n" + lines + "\nBT\n")
    return ([(r.name, r.precedence, r.excluded) for r in cable.recipients],
            [(r.name, r.precedence, r.excluded) for r in cable.info_recipients])


def test_xmt_excludes_posts_from_the_collective_before_it():
    to, info = _routing("TO RUEHZL/EUROPEAN POLITICAL COLLECTIVE PRIORITY\nXMT AMEMBASSY SOFIA AMEMBASSY BUCHAREST\n"
                        "AMEMBASSY VALLETTA\nINFO RUEHBS/AMEMBASSY BRUSSELS PRIORITY 1234")
    assert to == [("EUROPEAN POLITICAL COLLECTIVE", "PRIORITY",
                   ["AMEMBASSY SOFIA", "AMEMBASSY BUCHAREST", "AMEMBASSY VALLETTA"])]
    assert info == [("AMEMBASSY BRUSSELS", "PRIORITY", [])]


def test_info_xmt_line():
    to, info = _routing("TO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE\nINFO XMT AMEMBASSY BAGHDAD\n"
                        "AMEMBASSY KABUL")
    assert to == [("ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE", "IMMEDIATE", ["AMEMBASSY BAGHDAD", "AMEMBASSY KABUL"])]
    assert info == []


@pytest.mark.parametrize("text, summary", [
    ("1. (C) Summary: (C) The minister said X.  (S/NF) He also said Y.  End Summary.\n\n2. (C) Text.",
     "The minister said X.  He also said Y."),
    ("1. (C) Summary: First part.\n\n2. (S/NF) Second part.\nEnd Summary.\n\n3. (C) Body.", "First part.\nSecond part."),
])
def test_summary_without_markings_over_paragraphs(text, summary):
    assert parse(text).summary == summary


@pytest.mark.parametrize("subject, title", [
    ("O'NEILL'S VISIT TO D'ALEMA", "O'Neill's Visit to D'Alema"),
    ("MEXICO: CALDERON'S SECURITY STRATEGY", "Mexico: Calderon's Security Strategy"),
    ("NON-PROLIFERATION TALKS AND US-EU TIES", "Non-Proliferation Talks and US-EU Ties"),
])
def test_titlecase_of_apostrophes_and_hyphens(subject, title):
    from tui.cable import titlecase

    assert titlecase(subject) == title


@pytest.mark.parametrize("ref, expected", [
    ("REF: A) 6307 B) STATE 285773", ["03ANKARA6307", "03STATE285773"]),  # a serial alone first: our own post
    ("REF: A. EMBASSY DAILY REPORT FOR JANUARY 13\nB. 2003", []),  # a year alone is no serial
    ("REF: A. E-MAIL OF MAY 5\nB. 1234", []),
])
def test_a_serial_alone_first_is_a_cable_of_the_cables_own_post(ref, expected):
    assert parse(ref, year=2003, reference_id="03ANKARA6322").references == expected


@pytest.mark.parametrize("ref, expected", [
    ("REF: DEPTEL 12345", ["09STATE12345"]),
    ("REF: A. STATE DEPT 12345", ["09STATE12345"]),
    ("REF: ABU DHABI 1234 DTD 12/01/08", ["09ABUDHABI1234"]),  # a date's numbers are no serials
    ("REF: STATE 1234 OF DECEMBER 1, 2008", ["09STATE1234"]),
    ("REF: STATE 41252 AND 44603", ["09STATE41252", "09STATE44603"]),
])
def test_department_telegrams_and_dates_on_ref_lines(ref, expected):
    assert parse(ref, year=2009).references == expected


@pytest.mark.parametrize("tag, kind", [
    ("PREL,", "subject"), ("PGOV ", "subject"), ("kwww", "program"), ("GE", "geo"), ("NASA", "organization"),
    ("CLINTON, HILLARY", "person"), ("BUSH, GEORGE W.", "person"), ("A, B, C", "unknown"),
    ("HUMAN RIGHTS", "unknown"), ("NOSUCHTAG", "unknown"),
])
def test_tag_kind_and_its_default(tag, kind):
    from tui.cable import tag_kind

    assert tag_kind(tag) == kind


def test_a_subject_line_that_lost_its_label_is_not_read_as_tags():
    text = "TAGS: PREL MARR BR UNSC US\nDISCUSS HAITI AND OTHER ISSUES, 19 AUGUST 2005\n\nREF: STATE 149277\n"
    assert parse(text).tags == ["PREL", "MARR", "BR", "UNSC", "US"]
    assert parse("TAGS: OREP AMGT GM KU COUNTRY\nCLEARANCE\nSUBJECT: X").tags == ["OREP", "AMGT", "GM", "KU",
                                                                               "COUNTRY CLEARANCE"]


def test_a_posts_own_telegrams_and_the_departments():
    refs = parse("REF: A. EMBTEL 123 B. DEPTEL 4567 C. OURTEL 89 D. YOURTEL 55", year=1975,
                 reference_id="75TEHRAN2069").references
    assert refs == ["75TEHRAN123", "75STATE4567", "75TEHRAN89"]  # YOURTEL: the addressee's, not known
