"""The head of a cable: the page's metadata row, the routing header (transmission ID, precedence, DTG, FM, TO,
INFO, XMT), the classification banner and the classification, the E.O. 12958 declassification date.
"""

from __future__ import annotations

import datetime as dt
import re

from tui.cable import lazyre
from tui.cable.glossary import marking_level, office_name, origin_name
from tui.cable.ids import canonical_station, known_station
from tui.cable.labels import BANNER, CLASS_WORD, HEAD, PAGE_MARKER, PARA, class_name, search_lower

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the model loads with the parse, not with `shown` (tui/cable/assemble.py)
    from tui.cable.model import Recipient

MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

_META_HEAD = lazyre.compile(r"(?m)^[ \t]*Reference ID\s+Created\s+Released\s+Classification\s+Origin[ \t]*$")
_CLASSES = r"UNCLASSIFIED//FOR OFFICIAL USE ONLY|CONFIDENTIAL//NOFORN|SECRET//NOFORN|UNCLASSIFIED|CONFIDENTIAL|SECRET"
_META_ROW = lazyre.compile(
    r"[ \t]*(\S+)[ \t]+(\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d)[ \t]+(\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d)[ \t]+"
    r"(" + _CLASSES + r")[ \t]+([^\n]*)", re.I)

# --- routing header -------------------------------------------------------------------------------------
VZCZC = lazyre.compile(r"(?m)^[ \t]*(VZCZC[A-Z0-9]*)")
DTG = lazyre.compile(r"(?m)^[ \t]*((?:[OPRZ]{1,2}[ \t]+){0,3})(\d\d)(\d\d)(\d\d)Z[ \t]+([A-Za-z]{3})[ \t]+(\d\d)\b")
FM = lazyre.compile(r"(?m)^[ \t]*FM[ \t]+([^\n]*)")
ZNY = lazyre.compile(r"(?m)^[ \t]*ZN[YR][ \t]+([SCUE])\1{2}")
_ROUTE_LINE = lazyre.compile(
    r"^[ \t]*(?:VZCZC|[OPRZ]{1,2}(?:[ \t]+R[A-Z]{3,6})+[ \t]*$|R[A-Z]{3,6}(?:[ \t]+R[A-Z]{3,6})*[ \t]*$|DE[ \t]|"
    r"ZN[YR][ \t]|(?:[OPRZ]{1,2}[ \t]+){0,3}\d{6}Z[ \t]|FM[ \t]|TO[ \t]|INFO[ \t]|XMT[ \t]|BT[ \t]*$)")
_PRECEDENCE = lazyre.compile(r"[ \t]+(FLASH|NIACT[ \t]+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE)(?=[ \t]+\d{4,}[ \t]*$|[ \t]*$)")
_LIST_LABEL = lazyre.compile(r"(TO|INFO|XMT)\b[ \t]*(.*)$")
_OTHER_ROUTE = lazyre.compile(r"(?:FM|DE|ZN[YR]|BT|VZCZC)\b")
_MCN = lazyre.compile(r"[ \t]+(\d{4,})$")
_RECIPIENT = lazyre.compile(r"^(?:(R[A-Z0-9]{3,7})/)?(.+)$")
LONE_CLASS = lazyre.compile(  # a line that is only a classification: SECRET//NOFORN
    r"(?im)^[ \t]*" + CLASS_WORD + r"(?P<caveat>(?:[ \t]*(?://?[ \t]*)?(?:NOFORN|SENSITIVE|EFTO|FOR[ \t]+OFFICIAL"
    r"[ \t]+USE[ \t]+ONLY))*)[ \t]*$")
_NOFORN_NEAR = lazyre.compile(r"(?m)^[ \t]*(?:NOFORN|N O F O R N)\b|//NOFORN|\bNOFORN[ \t]*$")
_SBU_NEAR = lazyre.compile(r"(?mi)^[ \t]*(?:[A-Z]+[ \t]+)?(?:SENSITIVE|SENSITIVE BUT UNCLASSIFIED|FOR OFFICIAL USE ONLY)\b|"
                           r"SENSITIVE BUT UNCLASSIFIED|\bFOR OFFICIAL USE ONLY\b")

_DECL = lazyre.compile(r"(?i)\bDECL(?:ASSIFY)?\b[ \t]*(?::[ \t]*)?(?:ON[ \t]*(?::[ \t]*)?)?(?:(\d{1,2})/(\d{1,2})/(\d{2,4})|(\d{4})/(\d\d)/(\d\d))")


def norm_text(text) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\\n" in text:  # lines escaped with a trailing backslash (CSV dumps)
        text = text.replace("\\\n", "\n")
    return text


def year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


# The forms parse_when reads, matched as datetime.strptime matches them (its patterns for %Y %m %d %H %M %S, a
# space as any run of whitespace, any case, no text left over), so a shown cable does not load _strptime.
_Y, _MO, _D = r"(\d\d\d\d)", r"(1[0-2]|0[1-9]|[1-9])", r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
_H, _MI, _S = r"(2[0-3]|[0-1]\d|\d)", r"([0-5]\d|\d)", r"(6[0-1]|[0-5]\d|\d)"
_WHEN = tuple((lazyre.compile(pattern, re.I), order) for pattern, order in (
    (rf"{_Y}-{_MO}-{_D}\s+{_H}:{_MI}", "ymdHM"),  # %Y-%m-%d %H:%M
    (rf"{_MO}/{_D}/{_Y}\s+{_H}:{_MI}", "mdyHM"),  # %m/%d/%Y %H:%M (the CSV)
    (rf"{_Y}-{_MO}-{_D}\s+{_H}:{_MI}:{_S}", "ymdHMS"),  # %Y-%m-%d %H:%M:%S
    (rf"{_Y}-{_MO}-{_D}T{_H}:{_MI}", "ymdHM"),  # %Y-%m-%dT%H:%M
    (rf"{_Y}-{_MO}-{_D}", "ymd"),  # %Y-%m-%d
))


def parse_when(value: str | None) -> dt.datetime | None:
    """'2010-01-29 20:08' or the CSV's '1/29/2010 20:08' -> datetime."""
    if isinstance(value, dt.datetime):
        return value
    if not value:
        return None
    value = str(value).strip()
    for pattern, order in _WHEN:
        m = pattern.match(value)
        if m and m.end() == len(value):
            part = dict(zip(order, map(int, m.groups())))
            try:
                return dt.datetime(part["y"], part["m"], part["d"], part.get("H", 0), part.get("M", 0),
                                   part.get("S", 0))
            except ValueError:
                continue
    return None


# --- page text and the cable inside it ------------------------------------------------------------------
def page_metadata(text: str) -> tuple[dict, int]:
    """The Reference ID / Created / Released / Classification / Origin row of a page, and where the cable starts."""
    if "Reference ID" not in text:
        return {}, 0
    m = _META_HEAD.search(text)
    if not m:
        return {}, 0
    pos = m.end()
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    row = _META_ROW.match(text, pos)
    if not row:
        return {}, m.end()
    meta = {
        "reference_id": row.group(1), "created": row.group(2), "released": row.group(3),
        "classification": row.group(4).upper(), "origin": row.group(5).strip(),
    }
    return meta, row.end()


_CABLE_START = lazyre.compile(r"(?m)^[ \t]*(?:VZCZC|(?:[OPRZ]{1,2}[ \t]+){1,3}\d{6}Z|FM[ \t]|" + CLASS_WORD + r")")


def cable_start(text: str, pos: int) -> int:
    """Skip page lines ('Appears in these articles:', links) up to the routing header or the banner."""
    if pos == 0:
        return 0
    m = _CABLE_START.search(text, pos, pos + HEAD)
    return m.start() if m else pos


# --- header ---------------------------------------------------------------------------------------------
def split_header(text: str) -> tuple[str, str, re.Match | None]:
    """(routing header, body, banner match in body). The body starts at the classification banner."""
    head = text[:HEAD]
    banner = _find_banner(head)
    if banner:
        before = text[:banner.start()]
        if _ROUTE_LINE.match(before.lstrip("\n").split("\n", 1)[0] or "") or FM.search(before):
            return before.strip("\n"), text[banner.start():], _find_banner(text[banner.start():banner.start() + HEAD])
        return "", text, banner
    lines = text[:HEAD].split("\n")
    first = next((line for line in lines[:3] if line.strip()), "")
    if _ROUTE_LINE.match(first):  # a routing header with no banner after it: the header ends at a blank line
        end = 0
        for i, line in enumerate(lines):
            if not line.strip():
                if end:
                    break
                continue
            end = i + 1
        header = "\n".join(lines[:end])
        return header.strip("\n"), text[len(header):].lstrip("\n"), None
    return "", text, None


def _find_banner(text: str) -> re.Match | None:
    for m in BANNER.finditer(text):
        if known_station(m.group("station")):
            return m
    return None


def banner_class(banner: re.Match, body_head: str) -> str:
    """The classification a banner (or a lone classification line) gives, with NOFORN or FOUO written on it or
    on the lines right after it."""
    cls = class_name(banner.group("cls"))
    caveat = re.sub(r"[ \t]", "", banner.group("caveat") or "").upper()
    near = body_head[banner.end():banner.end() + 400]
    near = near.split("TAGS", 1)[0]
    if cls in ("TOP SECRET", "SECRET", "CONFIDENTIAL") and ("NOFORN" in caveat or _NOFORN_NEAR.search(near)):
        return cls + "//NOFORN"
    if cls == "UNCLASSIFIED" and ("SENSITIVE" in caveat or "OFFICIALUSE" in caveat or _SBU_NEAR.search(near)):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return cls


def recipients(header: str) -> tuple[list[Recipient], list[Recipient]]:
    """The TO and INFO lists of a routing header. The posts an XMT line names (several on a line, over several
    lines, also as ``INFO XMT ...``) are excluded from the last recipient named before it, a collective."""
    lists: dict[str, list[dict]] = {"TO": [], "INFO": []}
    current = None
    last = None  # the last recipient named, in either list
    excluding = False
    for raw in header.split("\n"):
        line = (PAGE_MARKER.sub("", raw) if "PAGE" in raw else raw).strip()
        m = _LIST_LABEL.match(line)
        if m:
            label, line = m.groups()
            if label != "XMT":
                current, excluding = label, False
                m = _LIST_LABEL.match(line)  # INFO XMT ...
                if m and m.group(1) == "XMT":
                    line = m.group(2)
                    label = "XMT"
            if label == "XMT":
                excluding = True
        elif _OTHER_ROUTE.match(line) or DTG.match(line):
            current, excluding = None, False
            continue
        if current is None or not line:
            continue
        if excluding:
            if last is not None:
                last["excluded"].extend(p.strip() for p in _POSTS_ON_A_LINE.split(line) if p.strip())
            continue
        if "-00" in line or "/000W" in line:  # the office distribution list (INFO LOG-00 AF-00 ...)
            continue
        prec = None
        mcn = None
        mm = _MCN.search(line)
        if mm:
            mcn, line = mm.group(1), line[:mm.start()]
        pm = _PRECEDENCE.search(line)
        if pm:
            prec, line = re.sub(r"[ \t]+", " ", pm.group(1)), line[:pm.start()]
        rm = _RECIPIENT.match(line)
        if not rm:
            continue
        last = {"route": rm.group(1), "name": rm.group(2).strip(), "precedence": prec, "mcn": mcn, "excluded": []}
        lists[current].append(last)
    from tui.cable.model import Recipient

    return [Recipient(**d) for d in lists["TO"]], [Recipient(**d) for d in lists["INFO"]]


# Where a line naming several posts is cut: before each office word (AMEMBASSY SOFIA AMEMBASSY BUCHAREST).
_POSTS_ON_A_LINE = lazyre.compile(r"[ \t,]+(?=(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USINT|USDEL|USLO|AIT)\b)")


def preamble(body: str) -> str:
    """The part of the body where TAGS, SUBJECT, REF, DECL and 'Classified By' live: up to a little past the
    first numbered paragraph."""
    first = PARA.search("\n" + body[:HEAD])
    end = first.end() + 1500 if first and first.start() > 40 else 6000
    return body[:max(end, 2500)]


def read_decl(body: str) -> dt.date | None:
    m = search_lower(_DECL, body[:HEAD], ("decl",))
    if not m:
        return None
    try:
        if m.group(1):
            mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if y < 100:
                y += 2000
        else:
            y, mo, d = int(m.group(4)), int(m.group(5)), int(m.group(6))
        return dt.date(y, mo, d)
    except ValueError:
        return None



# --- what stands before the banner in body-only text ----------------------------------------------------
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_STAMP = lazyre.compile(  # 'Cable dated:2005-11-16T09:53:00' or 'Friday, 23 February 2001, 15:53', alone or run in
    r"[ \t]*(?:Cable[ \t]+dated[ \t]*:[ \t]*(?P<iso>\d{4}-\d\d-\d\d)(?:[T \t](?P<isotime>\d\d:\d\d)(?::\d\d)?)?"
    r"|(?:[A-Z][a-z]{2,8}day,[ \t]*)?(?P<day>\d{1,2})[ \t]+(?P<month>" + _MONTH_NAMES + r")[ \t]+(?P<year>\d{4})"
    r"(?:,[ \t]*(?P<time>\d\d:\d\d))?(?=[ \t]*\n))", re.I)
_CLASS_LABEL = lazyre.compile(r"(?im)^[ \t]*CLASSIFICATION[ \t]*:[ \t]*([A-Z][A-Z /]+?)[ \t]*$")
_SOURCE_LABEL = lazyre.compile(r"(?m)^[ \t]*SOURCE[ \t]*:[ \t]*((?:Embassy|Consulate|Mission|Secretary)\b[^\n]{1,60}?)[ \t]*$")
_EO_NA = lazyre.compile(r"(?im)^[ \t]*E\.?[ \t]?O\.?[ \t]+1\d{4}[ \t]*:?[ \t]*N/?A\b")


_EXTRACT_NOTE = lazyre.compile(r"\s*This record is a partial extract of the original cable\.[^\n]*\n")


def extract_note(text: str) -> tuple[bool, str]:
    """WikiLeaks' note that a record is a partial extract ('This record is a partial extract of the original
    cable. The full text ... is not available.') when the text starts with it, and the text without it."""
    m = _EXTRACT_NOTE.match(text)
    return (True, text[m.end():]) if m else (False, text)


def date_stamp(text: str) -> tuple[dt.datetime | None, str]:
    """A date written before the cable's text in body-only files (``Cable dated:...``, a date line), and the text
    without it. (None, text) when the text does not start with one."""
    lead = len(text) - len(text.lstrip())
    m = _STAMP.match(text, lead)
    if not m:
        return None, text
    try:
        if m.group("iso"):
            when = dt.datetime.strptime(m.group("iso") + " " + (m.group("isotime") or "00:00"), "%Y-%m-%d %H:%M")
        else:
            when = dt.datetime.strptime(f"{m.group('day')} {m.group('month')[:3]} {m.group('year')} "
                                        f"{m.group('time') or '00:00'}", "%d %b %Y %H:%M")
    except ValueError:
        return None, text
    return when, text[:lead] + text[m.end():].lstrip(" \t").lstrip("\n")


def looks_like_body(text: str) -> bool:
    """Whether text without a routing header is a cable's body: a banner on one of its first lines (after a date
    stamp), or at least two of the labels a cable's head carries (TAGS, SUBJECT, E.O. 12958, Classified By,
    SIPDIS, a marked paragraph 1)."""
    _, text = date_stamp(text[:HEAD])
    first = "\n".join(line for line in text.split("\n", 12)[:12] if line.strip())
    if _find_banner(first) or _CLASS_LABEL.search(first):
        return True
    labels = (r"(?im)^[ \t]*TAGS?\b", r"(?im)^[ \t]*SUBJ(?:ECT)?\b", r"(?im)\bE\.?[ \t]?O\.?[ \t]+1\d{4}\b",
              r"(?im)^[ \t]*Classified[ \t]+By\b", r"(?m)^[ \t]*SIPDIS\b", r"(?m)^[ \t]*\u00b6?1\.[ \t]+\((?:U|SBU|C|S)\)")
    return sum(1 for p in labels if re.search(p, text[:6000])) >= 2


def classification(text_head: str, banner: re.Match | None, body_head: str, head_region: str,
                   markings: list[str]) -> str:
    """The classification the text itself gives, best source first: the banner; a line that is only a
    classification; a ``CLASSIFICATION:`` label; the ZNY/ZNR marker line; the highest paragraph marking (a
    cable is classified at its highest portion); ``E.O. 12958: N/A`` (unclassified). '' if none."""
    if banner:
        return banner_class(banner, body_head)
    lone = LONE_CLASS.search(text_head[:2000])
    if lone is not None:
        return banner_class(lone, text_head[:2000])
    label = _CLASS_LABEL.search(text_head[:2000])
    if label and (name := marking_level(label.group(1).replace("//", "/"))):
        return name[0]
    zm = ZNY.search(head_region[:HEAD])
    if zm:
        return {"S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED"}[zm.group(1)]
    levels = [lv for m in markings if (lv := marking_level(m))]
    if levels:
        top = max(rank for _, rank in levels)
        name = next(n for n, rank in levels if rank == top)
        if top == 1 and not name.startswith("LIMITED"):
            return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        if top >= 2 and any(n.endswith("//NOFORN") for n, rank in levels if rank == top):
            return name.split("//")[0] + "//NOFORN"
        return name
    if _EO_NA.search(body_head[:3000]):
        return "UNCLASSIFIED"
    return ""


# Posts that are not an embassy or a consulate, named as the shared WikiLeaks pages name their origin.
_POSTS = {"STATE": "Secretary of State", "USNATO": "Mission USNATO", "USUNNEWYORK": "USUN New York",
          "UNVIEVIENNA": "UNVIE", "USEUBRUSSELS": "USEU Brussels", "IRANRPODUBAI": "Iran RPO Dubai"}


def fm_origin(fm: str | None) -> str:
    """The origin an FM line gives, named as WikiLeaks names origins (``AMEMBASSY PARIS`` -> 'Embassy Paris',
    ``SECSTATE WASHDC`` -> 'Secretary of State'; ``glossary.origin_name``); as written when it names no post."""
    return origin_name(fm) or fm or "" if fm else ""


def text_origin(text_head: str, banner: re.Match | None, reference_id: str = "") -> str:
    """The origin the text gives when it has no FM line and no metadata: a ``SOURCE: Embassy Beijing`` label, or
    the post the banner's station names (``TEL AVIV`` -> 'Embassy Tel Aviv', ``STATE`` -> 'Secretary of State');
    else the post of the reference ID's station; '' when the glossary knows no such post."""
    label = _SOURCE_LABEL.search(text_head[:2000])
    if label:
        return label.group(1)
    if banner:
        station = banner.group("station")
    else:
        station = re.sub(r"^\d\d|\d+$", "", reference_id)
    if not station:
        return ""
    return _POSTS.get(canonical_station(station)) or office_name(station) or ""
