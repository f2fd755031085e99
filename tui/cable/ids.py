"""Cable reference IDs: the canonical form (``10MEXICO83``), station names and aliases, loose lookup forms.

A canonical ID is a 2-digit year, a station written as one word the way WikiLeaks writes it, and the serial
number without leading zeros.  ``canonical_id`` repairs the messy forms found in the wild: spaces and dashes,
station aliases and typos (SECSTATE -> STATE, RIO -> RIODEJANEIRO, BRASIIA -> BRASILIA), and the broken
WikiLeaks IDs that kept a fragment of the banner line (``08ECTION01OF02MANAMA492``, ``09EFTOSANAA433``,
``09AMEMBASSYHANOI1284``, ``06MADRID002583ZFR2585``, ``7575LIBREVILLE1895``).
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from functools import lru_cache

from tui.cable import lazyre

# Stations as WikiLeaks writes them in reference IDs (embassies, consulates, missions, Washington offices).
STATIONS = frozenset("""
ABIDJAN ABUDHABI ABUJA ACCRA ADANA ADDISABABA AITTAIPEI ALEXANDRIA ALGIERS ALMATY AMMAN AMSTERDAM ANKARA
ANTANANARIVO APIA ASHGABAT ASMARA ASTANA ASUNCION ATHENS AUCKLAND BAGHDAD BAKU BAMAKO BANDARSERIBEGAWAN
BANGKOK BANGUI BANJUL BARCELONA BASRAH BEIJING BEIRUT BELFAST BELGRADE BELMOPAN BERLIN BERN BISHKEK BISSAU
BOGOTA BONN BRASILIA BRATISLAVA BRAZZAVILLE BRIDGETOWN BRUSSELS BUCHAREST BUDAPEST BUENOSAIRES BUJUMBURA
CAIRO CALCUTTA CALGARY CANBERRA CAPETOWN CARACAS CASABLANCA CDCATLANTAGA CDGENEVA CHENGDU CHENNAI CHIANGMAI
CHISINAU CIUDADJUAREZ COLOMBO CONAKRY COPENHAGEN COTONOU CURACAO DAKAR DAMASCUS DARESSALAAM DHAHRAN DHAKA
DILI DJIBOUTI DOHA DUBAI DUBLIN DURBAN DUSHANBE DUSSELDORF EDINBURGH FLORENCE FRANKFURT FREETOWN FUKUOKA
GABORONE GENEVA GEORGETOWN GUADALAJARA GUANGZHOU GUATEMALA GUAYAQUIL HALIFAX HAMBURG HAMILTON HANOI HARARE
HAVANA HELSINKI HERMOSILLO HILLAH HOCHIMINHCITY HONGKONG HYDERABAD IRANRPODUBAI ISLAMABAD ISTANBUL JAKARTA
JEDDAH JERUSALEM JOHANNESBURG JUBA KABUL KADUNA KAMPALA KARACHI KATHMANDU KHARTOUM KIEV KIGALI KINGSTON
KINSHASA KIRKUK KOLKATA KOLONIA KOROR KRAKOW KUALALUMPUR KUWAIT KYIV LAGOS LAHORE LAPAZ LEIPZIG LENINGRAD
LIBREVILLE LILONGWE LIMA LISBON LJUBLJANA LOME LONDON LUANDA LUSAKA LUXEMBOURG MADRAS MADRID MAJURO MALABO
MANAGUA MANAMA MANILA MAPUTO MARSEILLE MASERU MATAMOROS MBABANE MELBOURNE MERIDA MEXICO MILAN MINSK
MOGADISHU MONROVIA MONTERREY MONTEVIDEO MONTREAL MOSCOW MOSUL MUMBAI MUNICH MUSCAT NAGOYA NAHA NAIROBI NAPLES
NASSAU NDJAMENA NEWDELHI NIAMEY NICOSIA NOGALES NOUAKCHOTT NUEVOLAREDO OSAKAKOBE OSLO OTTAWA OUAGADOUGOU
PANAMA PARAMARIBO PARIS PERTH PESHAWAR PHNOMPENH PODGORICA PONTADELGADA PORTAUPRINCE PORTLOUIS PORTMORESBY
PORTOFSPAIN PRAGUE PRAIA PRETORIA PRISTINA QUEBEC QUITO RABAT RANGOON RECIFE REYKJAVIK RIGA RIODEJANEIRO
RIYADH ROME RPODUBAI SANAA SANJOSE SANSALVADOR SANTIAGO SANTODOMINGO SAOPAULO SAPPORO SARAJEVO SECDEF SEOUL
SHANGHAI SHENYANG SINGAPORE SKOPJE SOFIA STATE STOCKHOLM STPETERSBURG STRASBOURG SURABAYA SUVA SYDNEY
TALLINN TASHKENT TBILISI TEGUCIGALPA TEHRAN TELAVIV THEHAGUE THESSALONIKI TIJUANA TIRANA TOKYO TORONTO
TRIPOLI TUNIS ULAANBAATAR UNESCOPARISFR UNROME UNVIEVIENNA USCBP USDOC USEUBRUSSELS USNATO USOSCE
USUNNEWYORK USUNROME VALLETTA VANCOUVER VATICAN VIENNA VIENTIANE VILNIUS VLADIVOSTOK WARSAW WELLINGTON
WINDHOEK WUHAN YAOUNDE YEKATERINBURG YEREVAN ZAGREB
""".split())

# Other spellings of a station, mapped to the WikiLeaks form.
ALIASES = {
    "SECSTATE": "STATE", "SECTSTATE": "STATE", "USUN": "USUNNEWYORK", "USUNNY": "USUNNEWYORK",
    "USUNNEW": "USUNNEWYORK", "RIO": "RIODEJANEIRO", "RIODEJAN": "RIODEJANEIRO", "PAP": "PORTAUPRINCE",
    "PORTA": "PORTAUPRINCE", "PORTAUPR": "PORTAUPRINCE", "BKK": "BANGKOK", "HAGUE": "THEHAGUE",
    "VAT": "VATICAN", "VATICANCITY": "VATICAN", "BRAZIL": "BRASILIA", "HK": "HONGKONG", "HCMC": "HOCHIMINHCITY",
    "USCUSTOMSA": "USCBP", "USUNESCOPARISFR": "UNESCOPARISFR", "USUNESCO": "UNESCOPARISFR",
    "UNESCOPARIS": "UNESCOPARISFR", "UNVIE": "UNVIEVIENNA", "USEU": "USEUBRUSSELS", "USINTHAVANA": "HAVANA",
    "MEXICOCITY": "MEXICO", "GUATEMALACITY": "GUATEMALA", "PANAMACITY": "PANAMA", "CDCATLANTA": "CDCATLANTAGA",
    "STPETERSBURGRUSSIA": "STPETERSBURG", "AIT": "AITTAIPEI", "TAIPEI": "AITTAIPEI",
    # the Department's own telegrams (DEPTEL 1234)
    "DEPT": "STATE", "DEPTEL": "STATE", "STATEDEPT": "STATE", "DEPTSTATE": "STATE",
}

# The REF-parsing forms of two stations differ from the cable-ID forms (see the conformance README):
# a reader linking references to cables treats these as one station.
_STATION_KEYS = {"USEUBRUSSELS": "BRUSSELS", "TAIPEI": "AITTAIPEI"}

# Fragments of the banner line or the handling caveat that leaked into WikiLeaks IDs.
_SECTION_JUNK = lazyre.compile(r"^[A-Z]{0,8}[0-9Q]{1,2}[0Q]?O?F\d{2}")
_PREFIX_JUNK = ("AMEMBASSY", "EMBASSY", "EFTO", "SIFIED", "NOFORN", "USMISSION", "AMCONSUL", "CONSULATE")

_OFFICE = lazyre.compile(r"^(?:AMEMBASSY|AMCONSUL|USMISSION|US MISSION|USMISSIN|USINT|USOFFICE|AIT)[ \t]+(.+)$")


@lru_cache(maxsize=1)
def _glossary_forms() -> dict[str, str]:
    """Written forms of the stations the ACP 117 names give (../shared/glossary), each to its station: the place
    with and without a trailing CITY or state/country code (HO CHI MINH CITY -> also HO CHI MINH; USUN NEW YORK NY
    -> USUN NEW YORK), a mission by its first word (USNATO BRUSSELS BE -> USNATO), a place of several words by
    its first word when no other place starts with it (ADDIS, KUALA, PHNOM); embassies and consulates the
    WikiLeaks list lacks (HERAT) are stations of their own unless they are a near typo of one (the ACP's COLUMBO)."""
    from tui.cable.glossary import all_station_names

    forms: dict[str, str] = {}
    first_words: dict[str, set[str]] = {}  # first word of a place of several words -> the stations it starts
    for name in all_station_names():
        m = _OFFICE.match(name.strip().upper())
        if not m:
            continue
        place = m.group(1)
        words = place.split()
        variants = [place, re.sub(r"[ \t]+CITY$", "", place), re.sub(r"[ \t]+[A-Z]{2}$", "", place), words[0]]
        compact = [re.sub(r"[^A-Z]", "", v) for v in variants]
        station = next((ALIASES.get(c, c) for c in compact if c in STATIONS or c in ALIASES), None)
        if station is None and name.upper().startswith(("AMEMBASSY", "AMCONSUL")) and len(compact[1]) >= 4:
            if all(osa(compact[1], st, 2) > 2 for st in STATIONS):
                station = compact[1]
        if station:
            mission = name.upper().startswith(("USMISSION", "US MISSION", "USMISSIN"))
            for c in compact[:4] if mission else compact[:3]:  # a mission also by its body (UNESCO PARIS: UNESCO)
                if c not in STATIONS and c not in ALIASES and len(c) >= 4:
                    forms.setdefault(c, station)
            forms.setdefault(station, station)
            if len(words) > 1 and name.upper().startswith(("AMEMBASSY", "AMCONSUL")):
                first_words.setdefault(re.sub(r"[^A-Z]", "", words[0]), set()).add(station)
    for word, stations in first_words.items():  # ADDIS for ADDIS ABABA, KUALA for KUALA LUMPUR; not PORT or SAN
        if len(stations) == 1 and len(word) >= 5 and word not in STATIONS and word not in ALIASES:
            forms.setdefault(word, stations.pop())
    return forms


# (a collections.namedtuple: typing.NamedTuple would load typing, ~4 ms of every command that looks an ID up)
LooseId = namedtuple("LooseId", "year station serial")
LooseId.__doc__ = """A reference ID as a person types it: any part may be missing. ``year``: the 4-digit year (2010);
``station``: the canonical station (MEXICO); ``serial``: the serial number without leading zeros; each None when not
given."""


def osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b (typos and swapped letters), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _drop_prefix(s: str) -> str:
    """``s`` without one leading ``AMEMBASSY``, ``EMBASSY``, ... (when something is left after it)."""
    for junk in _PREFIX_JUNK:
        if s.startswith(junk) and len(s) > len(junk):
            return s[len(junk):]
    return s


def _written_form(s: str) -> str | None:
    """The station a compacted name is, written exactly (a station, an alias or a glossary form), else None."""
    if s in STATIONS:
        return s
    return ALIASES.get(s) or _glossary_forms().get(s)


@lru_cache(maxsize=4096)
def canonical_station(name: str, guess: bool = True) -> str:
    """The WikiLeaks form of a station name as written anywhere (``New Delhi``, ``SECSTATE``, ``BRASIIA``).

    Unknown names that are not a near typo of a known station come back upper-cased without spaces.
    ``guess=False``: a cut name (``MEXIC``) or a typo (``MEXCO``) is not read as the station it may mean.
    """
    s = re.sub(r"[^A-Z0-9]", "", name.upper()).replace("0", "O")
    if not s:
        return s
    s = _drop_prefix(s)
    if (exact := _written_form(s)) is not None:
        return exact
    # a station followed by a place suffix (MADRIDSP, USDOCWASHDC, SECDEFWASH)
    for cut in range(len(s) - 1, 3, -1):
        head = s[:cut]
        if head in STATIONS and s[cut:] in ("SP", "WASHDC", "WASH", "WASHINGTON", "DC", "FR", "GA"):
            return head
    if not guess:
        return s
    # a truncated station (RIODEJAN, CDCATLANTA, UNVIE)
    if len(s) >= 5:
        longer = [st for st in STATIONS if st.startswith(s)]
        if len(longer) == 1:
            return longer[0]
    # a typo: the nearest station within a small edit distance
    limit = 1 if len(s) <= 3 else 2
    best, best_score = None, (limit + 1,)
    for cand in list(STATIONS) + list(ALIASES):
        d = osa(s, cand, limit)
        if d <= limit:  # ties go to the longer shared ending, then the longer shared beginning, then A-Z (never
            # to the set's order, which changes with each process's hash seed: NOPE was ROME in one, LOME in another)
            score = (d, -len(os.path.commonprefix([s[::-1], cand[::-1]])), -len(os.path.commonprefix([s, cand])), cand)
            if score < best_score:
                best, best_score = cand, score
    if best is not None:
        return ALIASES.get(best, best)
    return s


# words that sit where a station would but are not one (REF: SECDEF MSG DTG ..., PARIS POINTS JULY 15)
_NOT_STATIONS = frozenset("""
JAN FEB MAR APR MAY JUN JUL AUG SEP SEPT OCT NOV DEC JANUARY FEBRUARY MARCH APRIL JUNE JULY AUGUST SEPTEMBER
OCTOBER NOVEMBER DECEMBER MSG DTG IIR TD UNSCR TELCON TELCONS EMAIL MAIL FAM PARA PARAS AND OR THE OF NO NOTE
SECTION PAGE REF REFS REFTEL POINTS DATED ON OF IN AT TO FOR REPORT INCSR CA
""".split())


@lru_cache(maxsize=8192)
def known_station(name: str) -> str | None:
    """The canonical station if ``name`` surely names one (exact, alias, junk prefix, or a one-letter slip
    in a long name), else None.  Stricter than canonical_station: used on free text such as REF lines."""
    s = re.sub(r"[^A-Z0-9]", "", name.upper()).replace("0", "O")
    if not s or s in _NOT_STATIONS or not s.isalpha():
        return None
    s = _drop_prefix(s)
    if (exact := _written_form(s)) is not None:
        return exact
    if len(s) >= 6:
        guess = canonical_station(s)
        if guess in STATIONS and osa(s, guess, 2) <= (1 if len(s) < 8 else 2):
            return guess
    return None


def _year2(year: str) -> str:
    if len(year) == 4 and year[:2] == year[2:]:  # 7575LIBREVILLE
        return year[:2]
    return year[-2:]


def canonical_id(text: str, guess: bool = True) -> str:
    """The canonical reference ID for an ID as written: ``05RIO123`` -> ``05RIODEJANEIRO123``.

    Text that does not look like an ID at all comes back upper-cased without spaces. ``guess``: as
    ``canonical_station``'s.
    """
    s = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    m = re.match(r"^(?:(\d\d)\1|19\d\d|20\d\d|\d\d)(?=\D|\d{1,2}O?F\d\d)", s)
    if not m:
        return s
    year, rest = _year2(m.group(0)), s[m.end():]
    rest = _SECTION_JUNK.sub("", rest, count=1) if _SECTION_JUNK.match(rest) and re.search(r"[A-Z]{3}\d", rest[4:]) else rest
    m = re.match(r"^([A-Z]+)0*(\d+)(.*)$", rest)
    if not m:
        return year + rest
    station, serial, tail = m.groups()
    dup = re.match(r"^SUSPECTEDDUPLICATE0*(\d+)$", tail)
    if dup:  # 08ACCRA001382SUSPECTEDDUPLICATE1392: the cable is the second number
        serial = dup.group(1)
    return f"{year}{canonical_station(station, guess)}{int(serial)}"


def parse_loose(text: str, guess: bool = True) -> LooseId:
    """Read an ID as a person might type it.

    Accepts ``10MEXICO83``, ``10 mexico 83``, ``10MEXICO0083``, ``mexico83``, ``MEXICO 83`` (no year),
    ``2010 MEXICO 83``, ``MEXICO`` alone (station only), ``83`` alone (serial only), and the malformed
    WikiLeaks IDs canonical_id knows.
    Returns LooseId(year, station, serial) with a 4-digit year (66-99 -> 19xx, else 20xx), the canonical
    station and the serial as an int; a part that is not given is None. ``guess``: as ``canonical_station``'s.
    """
    s = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if s.isdigit():  # a bare number is a serial
        return LooseId(None, None, int(s))
    m = re.match(r"^(\d{2}|\d{4})?([A-Z][A-Z0-9]*?)?0*(\d+)?$", s)
    if not m or not s:
        return LooseId(None, None, None)
    year_s, station_s, serial_s = m.groups()
    if year_s and station_s:
        cid = canonical_id(s, guess)
        mm = re.match(r"^(\d{2})([A-Z]+)(\d+)$", cid)
        if mm:
            year_s, station_s, serial_s = mm.groups()
    year = None
    if year_s:
        y = int(_year2(year_s))
        year = 1900 + y if y >= 66 else 2000 + y
    station = canonical_station(station_s, guess) if station_s else None
    serial = int(serial_s) if serial_s else None
    return LooseId(year, station, serial)


def station_key(station: str) -> str:
    """One key for the two spellings a station has in the data.

    REF parsing writes ``USEUBRUSSELS`` and ``TAIPEI`` where cable IDs write ``BRUSSELS`` and ``AITTAIPEI``;
    ``station_key`` maps each pair to one key (``BRUSSELS``, ``AITTAIPEI``) and every other station to its
    canonical form, so a reader can link a reference to the cable it cites.
    """
    s = canonical_station(station)
    return _STATION_KEYS.get(s, s)
