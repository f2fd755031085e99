"""Codes found in cables, decoded for display: date-time groups, precedence letters, security marker groups,
routing indicators, TAGS codes and paragraph markings. No Textual, no parsing of whole cables.

Sources (see ../shared/glossary/README.md and data/README.md): routing indicators from ACP 117 (2010); TAGS kinds
from cablemap's code lists (there are no public descriptions, so none are given here); country TAGS from the FIPS
10-4 country codes the cables use (a public standard); precedence letters and ZNY/ZNR groups as the cables
themselves show them. Nothing here is invented beyond those.

Classification levels are decided here and only here: ``level`` for a cable's classification or a paragraph
marking, ``marking_level`` for a marking's full name and rank.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from tui.cable import lazyre

DATA = Path(__file__).parent / "data"  # read as files: importlib.resources would cost a process ~5 ms of imports

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
_DTG = lazyre.compile(r"\s*(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\s*")


def decode_dtg(dtg: str) -> dt.datetime | None:
    """``292049Z JAN 10`` -> 2010-01-29 20:49 UTC; two-digit years 66-99 are 19xx. None if it is not a DTG."""
    m = _DTG.fullmatch(dtg or "")
    if not m:
        return None
    day, hour, minute, month, year = m.groups()
    month_no = _MONTHS.get(month.upper())
    if month_no is None:
        return None
    y = int(year)
    if len(year) == 2:
        y += 1900 if y >= 66 else 2000
    try:
        return dt.datetime(y, month_no, int(day), int(hour), int(minute), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


# The letters written before the DTG (``O R 292049Z JAN 10``): the first is the action precedence, a second one
# the precedence for info addressees. O, P, R are the pairings the shared sample shows (``O`` with ``TO ...
# IMMEDIATE``); Z is FLASH, the highest precedence word recipient lines use (ACP 121 prosigns).
PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}


def decode_precedence(letters: str) -> tuple[str, str | None] | None:
    """``O R`` -> ('IMMEDIATE', 'ROUTINE') (action, info); ``P`` -> ('PRIORITY', None); ``OO`` reads as O O.
    None for anything else."""
    codes = (letters or "").replace(" ", "").upper()
    if not 1 <= len(codes) <= 2 or any(c not in PRECEDENCE_LETTERS for c in codes):
        return None
    words = [PRECEDENCE_LETTERS[c] for c in codes]
    return words[0], (words[1] if len(words) == 2 else None)


# The security marker line of the routing header (``ZNY SSSSS ZZH``). Only the three groups whose meaning the
# cables show are decoded; SSSAA and UUUAA also occur, with no public table of their meaning.
MARKER_GROUPS = {"SSSSS": "SECRET", "CCCCC": "CONFIDENTIAL", "UUUUU": "UNCLASSIFIED"}
_MARKER = lazyre.compile(r"\s*(ZNY|ZNR)\s+([A-Z]{5})\b.*")


def decode_marker(line: str) -> str | None:
    """``ZNY SSSSS ZZH`` -> 'SECRET'; a bare group (``CCCCC``) works too. None if unknown."""
    line = (line or "").strip().upper()
    m = _MARKER.fullmatch(line)
    return MARKER_GROUPS.get(m.group(2) if m else line)


def _data_lines(name: str) -> list[list[str]]:
    import csv  # loaded with the first table read (a level or a date needs none)
    import io

    text = (DATA / name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


@functools.cache
def _stations() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for row in _data_lines("routing_indicators_acp117_2010.csv"):
        if len(row) == 2:
            names = table.setdefault(row[0].strip().upper(), [])
            if row[1] not in names:
                names.append(row[1].strip())
    return {k: tuple(v) for k, v in table.items()}


def all_station_names() -> list[str]:
    """Every name of the ACP 117 routing table (AMEMBASSY MEXICO CITY, AMCONSUL HO CHI MINH CITY, ...)."""
    return [name for names in _stations().values() for name in names]


def station_names(indicator: str) -> tuple[str, ...]:
    """All ACP 117 names of a routing indicator (a few indicators have more than one)."""
    return _stations().get((indicator or "").strip().upper(), ())


def station_name(indicator: str) -> str | None:
    """``RUEHME`` -> 'AMEMBASSY MEXICO CITY' (the ACP spelling), or None if the indicator is not listed."""
    names = station_names(indicator)
    return names[0] if names else None


_OFFICES = (("AMEMBASSY", "Embassy"), ("AMCONSUL", "Consulate"), ("USINT", "US Interests Section"))


@functools.cache
def _offices() -> dict[str, tuple[str, str]]:
    """Station (canonical, as in reference IDs) -> ('Embassy' / 'Consulate' / ..., the ACP place), from the ACP names of
    embassies, consulates and interests sections (MEXICO CITY -> MEXICO, the ACP's COLUMBO -> COLOMBO)."""
    from tui.cable.ids import canonical_station

    table: dict[str, tuple[str, str]] = {}
    for names in _stations().values():
        for name in names:
            for prefix, kind in _OFFICES:
                if name.upper().startswith(prefix + " "):
                    place = name[len(prefix):].strip()
                    station = canonical_station(place)
                    if table.get(station, ("",))[0] != "Embassy":  # a capital with a consulate too is an embassy
                        table[station] = (kind, re.sub(r"\s+CITY$", "", place))
    return table


def office_name(place: str) -> str | None:
    """The post a place names, as WikiLeaks names origins: ``TEL AVIV`` -> 'Embassy Tel Aviv', ``SAO PAULO`` ->
    'Consulate Sao Paulo' (embassy or consulate from the ACP 117 names); a place written as one word is named
    as the ACP writes it (``SAOPAULO`` -> 'Consulate Sao Paulo'). None if the place has neither."""
    from tui.cable.ids import canonical_station

    words = " ".join((place or "").split())
    found = _offices().get(canonical_station(words)) if words else None
    if not found:
        return None
    kind, acp_place = found
    return f"{kind} {(words if ' ' in words or len(words) == len(acp_place) else acp_place).title()}"


_MISSION = lazyre.compile(r"^(?:US ?MISSIO?N)\s+")  # USMISSION, US MISSION and the ACP's USMISSIN
_CITY = lazyre.compile(r"\s+CITY$")
_DEPARTMENT = ("SECSTATE", "Secretary of State")  # the Department signs as SECSTATE WASHDC; WikiLeaks' origin


def origin_name(post: str) -> str | None:
    """The origin WikiLeaks gives a cable from the post its FM line names, or None when it is no post WikiLeaks
    files cables under. ``AMEMBASSY PARIS`` -> 'Embassy Paris' and ``AMCONSUL``/``USINT`` likewise (the
    glossary's offices); ``SECSTATE WASHDC`` -> 'Secretary of State'; a mission or other post is its body code
    and place: ``USMISSION GENEVA`` -> 'Mission Geneva', ``USMISSION USNATO`` -> 'Mission USNATO',
    ``USMISSION USUN NEW YORK`` -> 'USUN New York', ``USEU BRUSSELS`` -> 'USEU Brussels', ``IRAN RPO DUBAI``
    -> 'Iran RPO Dubai', and a code that already holds its place's first letters alone (``UNVIE VIENNA``)."""
    from tui.cable.ids import STATIONS, canonical_station

    words = " ".join((post or "").upper().split())
    if words.split(" ")[0] == _DEPARTMENT[0]:
        return _DEPARTMENT[1]
    for prefix, kind in _OFFICES:
        if words.startswith(prefix + " "):  # the place as the ACP names posts: MEXICO CITY is Mexico
            return f"{kind} {_CITY.sub('', words[len(prefix) + 1:]).title()}"
    mission = _MISSION.match(words)
    rest = words[mission.end():] if mission else words
    if not rest or not (mission or canonical_station(rest) == rest.replace(" ", "") in STATIONS):
        return None
    parts = rest.split(" ")
    cut = next((i for i in range(len(parts)) if canonical_station(" ".join(parts[i:])) in _offices()), None)
    if cut is None and len(parts) > 1:  # no post's place at the end: a code and its place (USUN NEW YORK)
        cut = 1
    countries = set(_countries().values())
    code = " ".join(w.title() if w.title() in countries else w for w in parts[:cut])
    place = " ".join(parts[cut:]).title() if cut is not None else ""
    if not code or not place:  # a mission named by its code alone or its place alone (USMISSION GENEVA)
        name = code or place.upper()
        return f"Mission {name.title() if name.title() in place_names() else name}" if mission else None
    return code if code.upper().endswith(place.upper()[:3]) else f"{code} {place}"


# Regions and bodies as titles name them (general knowledge: the State Department's regional bureaus, common regions,
# the international bodies missions are accredited to).
_REGIONS = ("Africa", "Asia", "Central Asia", "South Asia", "East Asia", "Southeast Asia", "Near East", "Middle East",
            "Europe", "Eurasia", "Western Hemisphere", "Latin America", "Caribbean", "Pacific", "Balkans",
            "Caucasus", "Gulf", "Persian Gulf", "Horn of Africa", "Sahel", "Great Lakes", "Sudan", "Darfur",
            # bodies a mission is accredited to, by their names (their codes are in the tag list)
            "United Nations", "European Union", "African Union", "Organization of American States", "Holy See",
            "Conference on Disarmament", "International Atomic Energy Agency", "World Trade Organization",
            "Organization for Security and Cooperation in Europe", "UN Security Council", "UN Agencies")


@functools.cache
def place_names() -> tuple[str, ...]:
    """Places a title can name (sorted), as ``derive_place_names`` makes them, read from data/place_names.txt: the
    first parse of a process (``show``) would spend ~8 ms reading and deriving them from the ACP table (a test
    checks the file against the derivation)."""
    return tuple((DATA / PLACE_NAMES).read_text(encoding="utf-8").splitlines())


PLACE_NAMES = "place_names.txt"


def derive_place_names() -> tuple[str, ...]:
    """Places a title can name: the countries of the FIPS 10-4 table (without a bracketed qualifier), the places
    of the ACP embassies, consulates and missions (with and without a trailing CITY) and the regions above."""
    names = set(_REGIONS)
    for country in _countries().values():
        names.add(re.sub(r"\s*\(.*\)", "", country))
    for name in all_station_names():
        m = re.match(r"(?:AMEMBASSY|AMCONSUL|USMISSION|US MISSION|USINT)\s+(.+)$", name.strip().upper())
        if m:
            names.add(m.group(1).title())
            names.add(re.sub(r"\s+CITY$", "", m.group(1)).title())
    return tuple(sorted(n for n in names if len(n) >= 3))


@functools.cache
def _tags() -> dict[str, str]:
    rows = _data_lines("tag_codes_cablemap.csv")
    return {r[0].strip().upper(): r[1].strip() for r in rows[1:] if len(r) == 2}


def tag_info(tag: str) -> str | None:
    """The kind of a known TAGS code: 'subject' (PGOV) or 'organization' (UNSC); None if not in the list."""
    return _tags().get((tag or "").strip().upper())


def subject_codes() -> list[str]:
    """The subject codes of the tag list (PGOV, PREL, ...)."""
    return [t for t, kind in _tags().items() if kind == "subject"]


def organization_codes() -> list[str]:
    """The organization codes of the tag list (UNSC, NATO, OSCE, IAEA, ...)."""
    return [t for t, kind in _tags().items() if kind == "organization"]


@functools.cache
def _countries() -> dict[str, str]:
    rows = _data_lines("country_codes_fips10_4.csv")
    return {r[0].strip().upper(): r[1].strip() for r in rows[1:] if len(r) == 2}


def country_name(code: str) -> str | None:
    """A FIPS 10-4 country code as country TAGS use it -> its name: ``MX`` -> 'Mexico', ``GM`` -> 'Germany',
    ``UK`` -> 'United Kingdom'. None if it is not a listed code."""
    return _countries().get((code or "").strip().upper())


def tag_meaning(tag: str) -> str | None:
    """What a TAGS entry stands for, as far as public data says: a country code -> the country's name; a listed
    subject or organization code -> 'subject tag' / 'organization tag' (no public descriptions exist); a K-code
    -> 'program tag'; ``SURNAME, GIVEN`` -> 'person'. None if nothing is known."""
    t = (tag or "").strip().upper()
    if not t:
        return None
    country = country_name(t) if len(t) == 2 else None
    if country:
        return country
    kind = tag_info(t)
    if kind:
        return f"{kind} tag"
    if len(t) == 4 and t.startswith("K") and t.isalpha():
        return "program tag"
    if re.fullmatch(r"[A-Z'\-]+(?: [A-Z'\-]+)*, [A-Z'.\-]+(?: [A-Z'.\-]+)*", t):
        return "person"
    return None


# Paragraph markings: ``(U)``, ``(SBU)``, ``(C)``, ``(S/NF)``, ``(C/REL NATO)``, ``(TS//NF)``, ...
_LEVELS = {
    "U": ("UNCLASSIFIED", 0), "UNCLAS": ("UNCLASSIFIED", 0), "UNCLASSIFIED": ("UNCLASSIFIED", 0),
    "SBU": ("SENSITIVE BUT UNCLASSIFIED", 1),
    "FOUO": ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 1),
    "LOU": ("LIMITED OFFICIAL USE", 1),
    "C": ("CONFIDENTIAL", 2), "CONFIDENTIAL": ("CONFIDENTIAL", 2),
    "S": ("SECRET", 3), "SECRET": ("SECRET", 3),
    "TS": ("TOP SECRET", 4), "TOP SECRET": ("TOP SECRET", 4),
}
_NOFORN = {"NF", "NOFORN"}
_SHORT = {"UNCLASSIFIED": "U", "SENSITIVE BUT UNCLASSIFIED": "U", "LIMITED OFFICIAL USE": "U",
          "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "U", "CONFIDENTIAL": "C", "SECRET": "S", "TOP SECRET": "TS"}
# Order of the levels, lowest first; '?' (not known) sorts below them all.
LEVELS = ("?", "U", "C", "S", "TS")
LEVEL_NAMES = {"TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "?": "UNKNOWN"}


def level(classification: str) -> str:
    """The level of a classification or marking, as one of ``LEVELS``: 'TS', 'S', 'C', 'U', or '?' when it is
    empty or not a classification. TOP SECRET is its own level (never read as SECRET or U); caveats do not change
    it: 'SECRET//NOFORN' -> 'S', 'UNCLASSIFIED//FOR OFFICIAL USE ONLY' -> 'U', 'S/NF' -> 'S', 'LIMITED OFFICIAL
    USE' -> 'U', 'TS//NF' -> 'TS'."""
    text = re.sub(r"\s+", " ", (classification or "").strip("() \t\n").upper())
    head = text.split("/")[0].strip()
    if head in _LEVELS:
        return _SHORT[_LEVELS[head][0]]
    if head.startswith("LIMITED OFFICIAL USE"):
        return "U"
    return _SHORT.get(head, "?")


def is_noforn(classification: str) -> bool:
    """Whether a classification or marking carries NOFORN (``SECRET//NOFORN``, ``S/NF``, ``C//NF``)."""
    parts = re.split(r"[/\s]+", (classification or "").strip("() ").upper())
    return any(p in _NOFORN for p in parts[1:])


def marking_level(marking: str) -> tuple[str, int] | None:
    """A paragraph marking -> (level name, severity rank 0-4) for colouring: ``S/NF`` -> ('SECRET//NOFORN', 3),
    ``SBU`` -> ('SENSITIVE BUT UNCLASSIFIED', 1), ``U//FOUO`` -> (FOUO, 1). Other caveats (REL ...) keep the
    level. None if the marking is not a classification (``(B)``, ``(MFA)``)."""
    parts = [p.strip() for p in (marking or "").strip("() \t").upper().split("/") if p.strip()]
    if not parts or parts[0] not in _LEVELS:
        return None
    name, rank = _LEVELS[parts[0]]
    if name == "UNCLASSIFIED" and "FOUO" in parts[1:]:
        name, rank = _LEVELS["FOUO"]
    if any(p in _NOFORN for p in parts[1:]):
        name += "//NOFORN"
    return name, rank
