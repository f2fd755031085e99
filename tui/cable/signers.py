"""The people of a cable: the names on the "Classified By" line (without their titles) and the signer."""

from __future__ import annotations

import functools
import re

from tui.cable import lazyre
from tui.cable.glossary import organization_codes, place_names
from tui.cable.labels import HEAD

_CLASSIFIED_BY = lazyre.compile(r"clas?s?i?fied\s+by\b\s*:?")  # matched on lower-cased text

_TITLE_WORDS = frozenset("""
ACTING AMBASSADOR AMBASSADOR-AT-LARGE AMB AMB. CHARGE CHARGE' D'AFFAIRES D' AFFAIRES AFFAIRS A.I. AI DCM CDA
COUNSELOR COUNSELLOR COUNSELOUR COUNSELR COUNSEOR COUNCILOR COUNSEL COUNS COUNS. COUN MINISTER MINISTER-COUNSELOR
MINISTER-COUNSELLOR MINISTER-COUNSELOUR POLITICAL POL POL/ECON ECON ECONOMIC ECONOMICAL ECOPOL ECPO ECMIN EMIN
E/MIN MIN MC M-C MCOUNSELOR POLMIL POL-MIL POLITICAL-MILITARY DEPUTY CHIEF OF MISSION SECTION HEAD DIRECTOR
DIRECOTR DIR. DIR ASSISTANT SECRETARY SECRETARY UNDER U/S A/S DAS PRINCIPAL OFFICE OFFICER OFFICE CONSUL
GENERAL CONGEN CONOFF ECONOFF POLOFF POL/ECONOFF. POL/ECONOFF ATTACHE LABOR LEGAL ADVISER ADVISOR SPECIAL
ENVOY REPRESENTATIVE PERMANENT TEAM LEADER UNIT INSTITUTIONAL CIEF CHIEF STATE DEPARTMENT EMBASSY US U.S.
USEU USUN USDEL MEMBER AIT IPO IO NEA AF SCA EUR WHA EAP ISN PRM T PRT RSO ARSO TDY DPO EST&H OFFICER
ADCM DATT POLAD LEGATT CG PO AND FOR THE OF IN AFFIARS OFF CLASSIFIED BY THIS MESSAGE BASED DUE ON TO REASON REASONS SUB-NATIONAL
GOVERNANCE PD PA PAO MISSION REGIONAL COORDINATOR DOS
CLASSIFICATION GUIDE PER SPECIAL EP E/P P/E POL/MIL RELATIONS MULTILATERAL AFFAIRS ACTING. DEP DEPT HEAD
""".split())


def _is_title(word: str) -> bool:
    w = word.upper().strip(",;:()")
    if not w:
        return True
    if w in _TITLE_WORDS or "/" in w and not re.match(r"^[A-Z]\.?/", w):
        return True
    if re.fullmatch(r"A?M?B?A?S+A?D+[A-Z0]*R?|AMB[A-Z0]*|AB[A-Z]*SSADOR|AMA[A-Z]*DOR|AMBA[A-Z0]*", w) and len(w) >= 7:
        return True  # Ambassador and its misspellings
    if re.fullmatch(r"COUNS[A-Z]*|COUNCIL[A-Z]*|DIREC[A-Z]*|SECRET[A-Z]*|MINIST[A-Z]*", w):
        return True
    return _OFFICE_TITLE.fullmatch(w) is not None


# An office's abbreviated title written as one word: PolCouns, EconOff, PolMilOff, DepPolCouns, A/PolCouns,
# PolEconChief, MgmtCouns, ConGen, RSO, ...
_OFFICE_TITLE = lazyre.compile(
    r"(?:A/|ACTING)?(?:DEP(?:UTY)?|SR|ASST)?(?:POL|ECON|ECO|EC|MIL|MGMT|MGT|CONS|CON|PUB|PA|PD|LAB|SCI|ENV|ESTH|COM|AG|"
    r"LEG|DEF|REG|EXEC)(?:[-/]?(?:POL|ECON|ECO|MIL|E|P))*(?:COUNS(?:ELOR|ELLOR)?|COUN|OFF(?:ICER)?|CHIEF|MIN|ATT(?:ACHE)?|"
    r"DIR(?:ECTOR)?|ADVISOR|SEC(?:TION)?|GEN|CH)")


# A post or region named in a title ('Ambassador to Afghanistan', 'Consul General in Jerusalem', 'Ambassador to the
# OSCE', 'Consul General Istanbul') and a 'for ... Affairs' phrase ('Assistant Secretary for European Affairs',
# 'Special Envoy for Middle East Peace') are part of the title, not of the name after it.
_AFTER_TITLE = r"General|Consul|Coordinator|Leader|Officer|Chief|Director|Representative|Envoy|PRT|Team|Principal"
_FOR_NOUNS = (
    "Affairs|Peace|Issues|Policy|Security|Nonproliferation|Operations|Programs?|Management|Cooperation|Relations|"
    "Rights|Assistance|Development|Democracy|Trade|Energy|Intelligence|Research|Administration|Coordination|"
    "Reconstruction|Counterterrorism|Environment|Science|Diplomacy|Resources|Negotiations|Planning|Migration|"
    "Refugees|Population|Narcotics|Enforcement|Control|Verification|Compliance|Implementation|Region|Talks")


@functools.cache
def _places() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The places a title can name as (pattern, lower-case text), and the organization codes; longest first."""
    places = {re.escape(p).replace(r"\ ", r"\s+"): " ".join(p.lower().split()) for p in place_names()}
    orgs = sorted((o for o in organization_codes() if o.isalpha() and o.isupper()), key=len, reverse=True)
    return tuple(sorted(places.items(), key=lambda item: len(item[0]), reverse=True)), tuple(orgs)


def _named_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The place patterns and organization codes that can match in ``text``: those it contains (places in any
    case and spacing). The phrases below are compiled from these alone: one of all ~1,100 names costs ~70 ms,
    a process's whole parse. A name that is not ASCII, or a text that is not, keeps every place (Unicode case
    folding matches more than ``lower``)."""
    places, orgs = _places()
    if text.isascii():
        flat = " ".join(text.lower().split())
        places = tuple(item for item in places if item[1] in flat or not item[1].isascii())
    return tuple(p for p, _ in places), tuple(re.escape(o) for o in orgs if o in text)


def _place(places: tuple[str, ...], orgs: tuple[str, ...]) -> str:
    """One place: a place name in any case or an organization code in capitals."""
    return "(?:" + "|".join(list(places) + (["(?-i:" + "|".join(orgs) + ")"] if orgs else [])) + ")"


@functools.lru_cache(maxsize=64)
def _near(places: tuple[str, ...], orgs: tuple[str, ...]) -> re.Pattern:
    place = _place(places, orgs)
    places_list = place + r"(?:\s*(?:,|and|&)\s+(?:the\s+)?" + place + r")*"  # Afghanistan and Pakistan
    return lazyre.compile(r"(?i)\b(?:to|in|at|for|of)\s+(?:the\s+)?" + places_list + r"(?![\w-])")


@functools.lru_cache(maxsize=64)
def _after(places: tuple[str, ...], orgs: tuple[str, ...]) -> re.Pattern:
    return lazyre.compile(r"(?i)\b(" + _AFTER_TITLE + r")\s+" + _place(places, orgs) + r"(?=\s+[A-Z])")


_WORD = r"(?:[A-Z][\w'&.-]*|and|of|the|on|&)"
_AFFAIRS = lazyre.compile(r"\b[Ff][Oo][Rr]\s+(?:" + _WORD + r"\s+){0,6}?(?:" + _FOR_NOUNS + "|" + _FOR_NOUNS.upper()
                          + r")(?![\w-])")


def _drop_title_phrases(text: str) -> str:
    """The Classified By text without the places and 'for ... Affairs' phrases that belong to titles."""
    text = _AFFAIRS.sub(" ", text)
    named = _named_in(text)
    if any(named):
        text = _near(*named).sub(" ", text)
    named = _named_in(text)
    if any(named):
        text = _after(*named).sub(lambda m: m.group(1), text)
    return text


_PARTICLES = frozenset("van von der den de da di del della la le du dos das bin al el ter".split())
_SUFFIX = lazyre.compile(r"(?:JR|SR|II|III|IV)\.?", re.I)


def _name_from(segment: str) -> str | None:
    """The person at the end of a 'Classified By' segment: the last run of name-like words."""
    segment = re.sub(r"/(?=[A-Z][a-z])|:", " ", segment)
    tokens = segment.split()
    name: list[str] = []
    suffix = ""
    comma = False
    stop_before = None
    for k in range(len(tokens) - 1, -1, -1):
        bare = tokens[k].strip(",;:()")
        if not bare:
            continue
        if _SUFFIX.fullmatch(bare) and not name and not suffix:
            suffix = bare.rstrip(".") + ("." if bare.upper().startswith(("JR", "SR")) else "")
            comma = k > 0 and tokens[k - 1].endswith(",")
            continue
        looks = (bool(re.match(r"^[A-Z0][A-Za-z0'.\-]*$", bare)) and not _is_title(bare)
                 or bool(re.fullmatch(r"[A-Z]\.?", bare)))
        if looks and not (len(re.findall(r"[A-Z]", bare)) >= 3 and re.search(r"[a-z]", bare)):
            name.insert(0, bare)
            stop_before = k
            if len(name) >= 5:
                break
            continue
        if (name and bare in _PARTICLES and k > 0 and re.match(r"^[A-Z][a-z]", tokens[k - 1])
                and not _is_title(tokens[k - 1])):
            name.insert(0, bare)  # van Voorst, de Mohr
            continue
        if name:
            break
    if not name or all(re.fullmatch(r"[A-Z]\.?", n) for n in name):
        return None
    if (stop_before and len(name) >= 3 and tokens[stop_before - 1].lower() in ("and", "of", "for")
            and not re.fullmatch(r"[A-Z]\.?", name[1])):
        name = name[1:]
    out = " ".join(name)
    if suffix:
        out = out.rstrip(",") + (", " if comma else " ") + suffix
    return out


def read_classified_by(body: str) -> list[str]:
    head = body[:HEAD]
    low = head.lower()
    found = None
    for m in _CLASSIFIED_BY.finditer(low):
        if re.match(r"\s*line\b", low[m.end():m.end() + 10]):
            continue
        found = m
        nxt = _CLASSIFIED_BY.search(low, m.end(), m.end() + 40)
        if nxt:
            found = nxt
        break
    if not found:
        return []
    text = head[found.end():found.end() + 400]
    text = re.split(r"\n[ \t]*\n", text, 1)[0]
    # words broken across lines: 'Richa \nrd Hoagland', 'Blah \na, E.O.'
    text = re.sub(r"([A-Z][a-z]+)[ \t]*\n[ \t]*([a-z]{1,3})(?=[\s,.;])",
                  lambda m: m.group(1) + m.group(2) if m.group(2) not in ("for", "and", "of", "the", "per", "on", "to") else m.group(0), text)
    text = re.sub(r"([A-Za-z])-[ \t]*\n[ \t]*([a-z])", r"\1\2", text)  # hyphenated at a line end: Coun-\nselor
    text = " ".join(text.split())
    text = re.sub(r"(?i)^(?:\(U\)\s*)?(?:\d\.\s*)?(?:this\s+message\s+)?class?i?fied\s+by\s*:?\s*", "", text)
    text = re.sub(r"(?i)^(?:\(U\)\s*)?(?:\d\.\s*)?(?:this\s+message\s+)?class?i?fied\s+by\s*:?\s*", "", text)
    cut = re.search(
        r"(?i)\b(?:(?:for|per|under|fr|f0r|f)\s+(?:re|r\b|\d|e\.?o|12958|se\s*c(?:\s*t\s*i\s*o\s*n|\.|\b))|reas|rea\s+sons|r\s+easons|"
        r"re\s+asons|based\s+(?:on|upon)|due\s+to|e\.\s?o\b|eo\s+12958|12958|section\s+1)|;|\b1[.,]\s?[2-5]\b|-reason",
        text)
    if cut:
        text = text[:cut.start()]
    text = re.sub(r"(?i)[\s,.:-]*\b(?:for|per|under|fr|f0r|f|or)\s*$", "", text).strip(" .,:-")
    text = " ".join(_drop_title_phrases(text).split())
    names: list[str] = []
    segments = re.split(r",(?!\s*(?:JR|SR|II|III|IV)\b\.?)|\s+and\s+", text, flags=re.I)
    for seg in segments:
        seg = re.split(r"\s+-\s+|\.\s+(?=[A-Z][A-Z.]*\s)", seg)[-1] if re.search(r"\s-\s", seg) else seg
        n = _name_from(seg)
        if n:
            names.append(n if re.search(r"\b(?:JR|SR)\.$", n, re.I) else n.rstrip("."))
        if names and not re.search(r"(?i)\b(?:and|acting)\b", text[text.find(seg) + len(seg):]):
            break
    return names


_SIGNER_SKIP = lazyre.compile(
    r"(?i)^(?:NNNN.*|BT|SIPDIS|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|NOFORN|"
    r"\d{4}[A-Z]+\d+\s+-.*|>.*|PAGE\s+\d+.*|Declassified/Released.*|(?:Systematic\s+)?Review\s+\d+.*|NOTE\b.*|#+|"
    r"END TEXT\.?|YYY)$")
_SIGNER_LINE = lazyre.compile(r"([A-Z][A-Z'\-]+(?:[ \t][A-Z][A-Z'\-]+){0,2}|(?:Mc|Mac|O')?[A-Z][a-z'\-]{2,})[.#]*")
_SIGNER_AFTER_TEXT = lazyre.compile(r"[.!?\"'\u201d)][ \t]+((?:Mc|Mac)?[A-Z][A-Za-z'\-]{2,})[.#]*$")
_NOT_SIGNERS = frozenset(
    "UNQUOTE END REGARDS THANKS TEXT GP-1 GP-2 GP-3 GP-4 SIPDIS THE THIS THAT THESE THOSE THERE WE IT IN ON AT AS AN "
    "AND BUT OR IF HE SHE THEY OUR HIS HER ITS EMBASSY POST COMMENT SUMMARY NOTE PAGE ASSISTANCE".split())


def read_signers(body: str) -> list[str]:
    """The signature at the end of the cable: an upper-case surname line (``FEELEY``, ``DE PREE``), a
    Title-case one (``Vershbow``), or a surname after the last sentence (``... Europe. Edelman``)."""
    tail = body[-3000:]
    lines = [ln.strip() for ln in tail.split("\n")]
    for line in reversed(lines):
        if not line or _SIGNER_SKIP.match(line):
            continue
        m = _SIGNER_LINE.fullmatch(line) or _SIGNER_AFTER_TEXT.search(line)
        if m and m.group(1).upper() not in _NOT_SIGNERS:
            return [m.group(1).upper()]
        return []
    return []

