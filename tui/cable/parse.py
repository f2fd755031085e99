"""Cable text -> Cable: page metadata, routing header, banner, TAGS, SUBJECT, REF, paragraphs, signers.

``parse`` accepts the text of a whole WikiLeaks page, raw cable text (routing header then body), body-only
text (from the classification banner on) or a snippet (a REF line, a TAGS line...). It never raises on text.
Regexes are anchored and the scans that look for header items are limited to the head of the text, so a
huge or hostile input costs linear time.
"""

from __future__ import annotations

import datetime as dt
import re

from tui.cable.ids import canonical_id, canonical_station, known_station
from tui.cable.model import Cable, Paragraph, Recipient, Reference
from tui.cable.tags import is_code, tag_kind

HEAD = 20_000  # how far into the body the header items (TAGS, SUBJECT, REF...) are looked for
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

# --- page text ------------------------------------------------------------------------------------------
_META_HEAD = re.compile(r"(?m)^[ \t]*Reference ID\s+Created\s+Released\s+Classification\s+Origin[ \t]*$")
_CLASSES = r"UNCLASSIFIED//FOR OFFICIAL USE ONLY|CONFIDENTIAL//NOFORN|SECRET//NOFORN|UNCLASSIFIED|CONFIDENTIAL|SECRET"
_META_ROW = re.compile(
    r"[ \t]*(\S+)[ \t]+(\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d)[ \t]+(\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d)[ \t]+"
    r"(" + _CLASSES + r")[ \t]+([^\n]*)", re.I)

# --- routing header -------------------------------------------------------------------------------------
_VZCZC = re.compile(r"(?m)^[ \t]*(VZCZC[A-Z0-9]*)")
_DTG = re.compile(r"(?m)^[ \t]*((?:[OPRZ]{1,2}[ \t]+){0,3})(\d\d)(\d\d)(\d\d)Z[ \t]+([A-Za-z]{3})[ \t]+(\d\d)\b")
_FM = re.compile(r"(?m)^[ \t]*FM[ \t]+([^\n]*)")
_ZNY = re.compile(r"(?m)^[ \t]*ZN[YR][ \t]+([SCUE])\1{2}")
_ROUTE_LINE = re.compile(
    r"^[ \t]*(?:VZCZC|[OPRZ]{1,2}(?:[ \t]+R[A-Z]{3,6})+[ \t]*$|R[A-Z]{3,6}(?:[ \t]+R[A-Z]{3,6})*[ \t]*$|DE[ \t]|"
    r"ZN[YR][ \t]|(?:[OPRZ]{1,2}[ \t]+){0,3}\d{6}Z[ \t]|FM[ \t]|TO[ \t]|INFO[ \t]|XMT[ \t]|BT[ \t]*$)")
_PAGE_MARKER = re.compile(r"PAGE[ \t]+\d+[ \t]+[A-Z ]+?[ \t]+\d+[ \t]+(?:\d+[ \t]+OF[ \t]+\d+[ \t]+)?\d{6}Z")
_PRECEDENCE = re.compile(r"[ \t]+(FLASH|NIACT[ \t]+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE)(?=[ \t]+\d{4,}[ \t]*$|[ \t]*$)")
_LIST_LABEL = re.compile(r"(TO|INFO|XMT)\b[ \t]*(.*)$")
_OTHER_ROUTE = re.compile(r"(?:FM|DE|ZN[YR]|BT|VZCZC)\b")
_MCN = re.compile(r"[ \t]+(\d{4,})$")
_RECIPIENT = re.compile(r"^(?:(R[A-Z0-9]{3,7})/)?(.+)$")

# --- banner ---------------------------------------------------------------------------------------------
_SP = r"[ \t]?"
_CLASS_WORD = (
    r"(?P<cls>" + _SP.join("SECRET") + "|" + _SP.join("CONFIDENTIAL") + "|" + _SP.join("UNCLASSIFIED")
    + r"|UNCLAS|LIMITED[ \t]+OFFICIAL[ \t]+USE|" + _SP.join("LIMITED") + r")"
)
_BANNER = re.compile(
    r"(?im)^[ \t]*(?:[SCU](?=[SCU]))?" + _CLASS_WORD
    + r"(?P<caveat>(?:[ \t]*(?://?[ \t]*)?(?:NOFORN|N[ \t]O[ \t]F[ \t]O[ \t]R[ \t]N|SENSITIVE|EFTO|E[ \t]F[ \t]T[ \t]O|"
    r"FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY|SIPDIS))*)"
    r"[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?(?P<station>[A-Z][A-Z .'-]{1,40}?)[ \t]+0*(?P<serial>\d{1,7})\b")
_LONE_CLASS = re.compile(  # a line that is only a classification: SECRET//NOFORN
    r"(?im)^[ \t]*" + _CLASS_WORD + r"(?P<caveat>(?:[ \t]*(?://?[ \t]*)?(?:NOFORN|SENSITIVE|EFTO|FOR[ \t]+OFFICIAL"
    r"[ \t]+USE[ \t]+ONLY))*)[ \t]*$")
_NOFORN_NEAR = re.compile(r"(?m)^[ \t]*(?:NOFORN|N O F O R N)\b|//NOFORN|\bNOFORN[ \t]*$")
_SBU_NEAR = re.compile(r"(?mi)^[ \t]*(?:[A-Z]+[ \t]+)?(?:SENSITIVE|SENSITIVE BUT UNCLASSIFIED|FOR OFFICIAL USE ONLY)\b|"
                       r"SENSITIVE BUT UNCLASSIFIED|\bFOR OFFICIAL USE ONLY\b")

# --- labels in the body ---------------------------------------------------------------------------------
_TAGS = re.compile(
    r"(?im)(?:^[ \t]*|(?:DECL:?[ \t]*[\dX/,]+(?:[ \t,]+[\dX/]+)*,?|N/?A|\d{4})[ \t]+)(?:TAGS?|AGS|TAS|TGS)(?:[ \t]*[:,][ \t]*|[ \t]+)")
_SUBJECT = re.compile(r"(?i)(?:^|(?<=\s))S?UBJ(?:ECT)?[ \t]*:[ \t]*")
_REF_WORD = r"(?:REF(?:S|TEL|\(S\)|ERENCES?)?|Ref(?:s|tel|\(s\)|erences?)?)"
_REF = re.compile(
    r"(?m)^[ \t]*(?:PROGRAM[ \t]+)?" + _REF_WORD + r"(?:[ \t]*[:.][ \t]*|[ \t]+(?=[A-Z0-9(\[']))"
    r"|(?<=[A-Za-z\s])(?:REF(?:S|\(S\))?|Ref(?:s|\(s\))?)[ \t]*:[ \t]*")
_CLASSIFIED_BY = re.compile(r"clas?s?i?fied\s+by\b\s*:?")  # matched on lower-cased text
_DECL = re.compile(r"(?i)\bDECL(?:ASSIFY)?\b[ \t]*(?::[ \t]*)?(?:ON[ \t]*(?::[ \t]*)?)?(?:(\d{1,2})/(\d{1,2})/(\d{2,4})|(\d{4})/(\d\d)/(\d\d))")
_MARK = r"(?:U|SBU|C|S|TS|LOU|FOUO|U//FOUO)(?:/{1,2}[A-Z]{1,6}){0,2}"
_PARA = re.compile(  # a numbered paragraph's start, matched after a newline (search "\n" + text)
    r"\n[ \t]*(?:(?:\[\u00b6|\u00b6|\ufffd)[ \t]*)?(\d{1,3})\.(?:\]\(#\))?(?=[ \t(\n]|$)[ \t]*"
    r"(?:\((?P<mark>" + _MARK + r")\)[ \t]*)?")
_PARA_AT = re.compile(  # the same at any line start, for sub() and match() on short strings
    r"(?m)^[ \t]*(?:(?:\[\u00b6|\u00b6|\ufffd)[ \t]*)?(\d{1,3})\.(?:\]\(#\))?(?=[ \t(]|$)[ \t]*"
    r"(?:\((?P<mark>" + _MARK + r")\)[ \t]*)?")
_STOP_LABEL = re.compile(
    r"(?i)^[ \t]*(?:REF(?:S|TEL|\(S\))?\b|CLASSIFIED\s+BY|E\.?\s?O\.?\s|EO\s|TAGS?\b|SIPDIS|\(?\d{1,3}\.|"
    r"\u00b6|\ufffd|\[\u00b6|SUMMARY\b|DERIVED\s+FROM|PASS\s+TO|SENSITIVE\b|THIS\s+IS\s+AN?\b|-{3,})")


def _search_lower(pattern: re.Pattern, text: str, needles: tuple[str, ...]) -> re.Match | None:
    """pattern.search(text), trying only the lines that hold one of the (lower-case) needles: a cheap
    substring test keeps slow label regexes off most of the text."""
    low = text.lower()
    if len(low) != len(text):
        return pattern.search(text)
    best = None
    for needle in needles:
        i = low.find(needle)
        if i >= 0 and (best is None or i < best):
            best = i
    while best is not None:
        start = text.rfind("\n", 0, best) + 1
        end = text.find("\n", best)
        end = len(text) if end < 0 else end
        m = pattern.search(text, start, end + 1)
        if m:
            return m
        nxt = [j for j in (low.find(n, end) for n in needles) if j >= 0]
        best = min(nxt) if nxt else None
    return None


def _norm(text) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\\n" in text:  # lines escaped with a trailing backslash (CSV dumps)
        text = text.replace("\\\n", "\n")
    return text


def _year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def _parse_when(value: str | None) -> dt.datetime | None:
    """'2010-01-29 20:08' or the CSV's '1/29/2010 20:08' -> datetime."""
    if isinstance(value, dt.datetime):
        return value
    if not value:
        return None
    value = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


# --- page text and the cable inside it ------------------------------------------------------------------
def _page_metadata(text: str) -> tuple[dict, int]:
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


_CABLE_START = re.compile(r"(?m)^[ \t]*(?:VZCZC|(?:[OPRZ]{1,2}[ \t]+){1,3}\d{6}Z|FM[ \t]|" + _CLASS_WORD + r")")


def _cable_start(text: str, pos: int) -> int:
    """Skip page lines ('Appears in these articles:', links) up to the routing header or the banner."""
    if pos == 0:
        return 0
    m = _CABLE_START.search(text, pos, pos + HEAD)
    return m.start() if m else pos


# --- header ---------------------------------------------------------------------------------------------
def _split_header(text: str) -> tuple[str, str, re.Match | None]:
    """(routing header, body, banner match in body). The body starts at the classification banner."""
    head = text[:HEAD]
    banner = _find_banner(head)
    if banner:
        before = text[:banner.start()]
        if _ROUTE_LINE.match(before.lstrip("\n").split("\n", 1)[0] or "") or _FM.search(before):
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
    for m in _BANNER.finditer(text):
        if known_station(m.group("station")):
            return m
    return None


def _banner_class(banner: re.Match, body_head: str) -> str:
    word = re.sub(r"[ \t]", "", banner.group("cls")).upper()
    cls = {"UNCLAS": "UNCLASSIFIED", "LIMITED": "LIMITED OFFICIAL USE", "LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE"}.get(word, word)
    caveat = re.sub(r"[ \t]", "", banner.group("caveat") or "").upper()
    near = body_head[banner.end():banner.end() + 400]
    near = near.split("TAGS", 1)[0]
    if cls in ("SECRET", "CONFIDENTIAL") and ("NOFORN" in caveat or _NOFORN_NEAR.search(near)):
        return cls + "//NOFORN"
    if cls == "UNCLASSIFIED" and ("SENSITIVE" in caveat or "OFFICIALUSE" in caveat or _SBU_NEAR.search(near)):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return cls


def _recipients(header: str) -> tuple[list[Recipient], list[Recipient]]:
    """The TO and INFO lists of a routing header, with the posts an XMT line excludes."""
    lists: dict[str, list[dict]] = {"TO": [], "INFO": []}
    current = None
    excluding = False
    for raw in header.split("\n"):
        line = (_PAGE_MARKER.sub("", raw) if "PAGE" in raw else raw).strip()
        m = _LIST_LABEL.match(line)
        if m:
            label, line = m.groups()
            if label == "XMT":
                excluding = True
            else:
                current, excluding = label, False
        elif _OTHER_ROUTE.match(line) or _DTG.match(line):
            current, excluding = None, False
            continue
        if current is None or not line:
            continue
        if excluding:
            if lists[current]:
                lists[current][-1]["excluded"].append(line)
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
        lists[current].append({"route": rm.group(1), "name": rm.group(2).strip(), "precedence": prec,
                               "mcn": mcn, "excluded": []})
    return [Recipient(**d) for d in lists["TO"]], [Recipient(**d) for d in lists["INFO"]]


def _preamble(body: str) -> str:
    """The part of the body where TAGS, SUBJECT, REF, DECL and 'Classified By' live: up to a little past the
    first numbered paragraph."""
    first = _PARA.search("\n" + body[:HEAD])
    end = first.end() + 1500 if first and first.start() > 40 else 6000
    return body[:max(end, 2500)]


# --- TAGS -----------------------------------------------------------------------------------------------
_FIRST_NAMES = frozenset(
    "JOHN JAMES JOSEPH GEORGE GERARD HILLARY WILLIAM ROBERT MICHAEL DAVID RICHARD THOMAS CHARLES CONDOLEEZZA "
    "DICK BARACK NANCY JOE ROBERT ANNE MARY SUSAN PAUL PETER MARK DANIEL ERIC KARL HENRY EDWARD".split())


def _is_long_code(part: str) -> bool:
    return len(part) == 4 and is_code(part) and tag_kind(part) in ("subject", "program", "organization")


def _split_fused(token: str) -> list[str]:
    """PHUMBA -> PHUM BA; AMEDCASCKFLO -> AMED CASC KFLO; RIGHTSPOLMIL -> RIGHTS POL MIL.

    A fused token splits only into 4-letter codes plus at most one 2-letter country code; anything else
    stays whole."""
    if is_code(token) or len(token) < 6 or not token.isalpha():
        return [token]

    def walk(rest: str, geo_used: bool) -> list[str] | None:
        if not rest:
            return []
        if _is_long_code(rest[:4]):
            tail = walk(rest[4:], geo_used)
            if tail is not None:
                return [rest[:4]] + tail
        if not geo_used and len(rest) >= 2 and tag_kind(rest[:2]) == "geo":
            tail = walk(rest[2:], True)
            if tail is not None and (tail or len(rest) == 2):
                return [rest[:2]] + tail
        return None

    parts = walk(token, False)
    if parts and any(len(p) == 4 for p in parts):
        return parts
    m = re.fullmatch(r"([A-Z]{4,}?)((?:POL|MIL)+)", token)  # a word fused with section names
    if m and len(m.group(2)) >= 6:
        return [m.group(1)] + re.findall(r"POL|MIL", m.group(2))
    return [token]


def _tag_words(words: list[str]) -> list[str]:
    """Space-separated words of a TAGS line: codes alone, person tags 'LAST, FIRST', other words joined."""
    out: list[str] = []
    phrase: list[str] = []

    def flush():
        if phrase:
            out.append(" ".join(phrase))
            phrase.clear()

    i = 0
    while i < len(words):
        w = words[i]
        pieces = _split_fused(w)
        if len(pieces) > 1 and all(is_code(p) for p in pieces):
            flush()
            out.extend(pieces)
        elif len(pieces) > 1:
            phrase.append(pieces[0])
            flush()
            out.extend(pieces[1:])
        elif is_code(w):
            flush()
            out.append(w)
        elif i + 1 < len(words) and words[i + 1] in _FIRST_NAMES and not is_code(w):
            flush()
            out.append(f"{w}, {words[i + 1]}")
            i += 1
        else:
            phrase.append(w)
        i += 1
    flush()
    return out


def _tags_continue(line: str) -> bool:
    return (not re.search(r"[a-z]", line) and not _STOP_LABEL.match(line) and not _SUBJECT.match(line.strip())
            and not _BANNER.match(line))


def _tags(body: str) -> list[str]:
    """The TAGS list: upper-cased, de-duplicated, fused codes split, person tags as 'LAST, FIRST'."""
    m = _search_lower(_TAGS, body[:HEAD], ("tag", "ags", "tas", "tgs"))
    if not m:
        return []
    lines = body[m.end():m.end() + 2000].split("\n")
    text = lines[0]
    for nxt in lines[1:3]:  # continuation lines: after a trailing comma, or short capitals before SUBJECT
        if not nxt.strip():
            break
        if text.rstrip().endswith(",") or _tags_continue(nxt):
            text += " " + nxt
        else:
            break
    text = re.split(r"(?i)\b(?:S?UBJECT|SUBJ)\s*:|[ \t]{2,}(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED)\b|"
                    r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[ \t]+PAGE\b|\bPAGE[ \t]+\d\d[ \t]|\bE\.O\.", text)[0]
    text = text.upper().strip().rstrip(".")
    tags: list[str] = []
    if "," in text:
        for piece in text.split(","):
            words = piece.split()
            if not words:
                continue
            if len(words) > 1 and all(is_code(p) for w in words for p in _split_fused(w)):
                tags.extend(p for w in words for p in _split_fused(w))
            elif len(words) == 1:
                tags.extend(_split_fused(words[0]))
            elif words == ["COUNTER", "TERRORISM"]:
                tags.append("COUNTERTERRORISM")
            else:
                tags.extend(_tag_words(words) if any(is_code(w) for w in words) else [" ".join(words)])
    else:
        words = text.split()
        merged: list[str] = []
        for w in words:
            if merged and merged[-1] == "COUNTER" and w == "TERRORISM":
                merged[-1] = "COUNTERTERRORISM"
            else:
                merged.append(w)
        tags = _tag_words(merged)
    seen: list[str] = []
    for t in tags:
        t = _fix_tag(t.strip(" ():;"))
        if t and t not in seen and t != "SIPDIS":
            seen.append(t)
    return seen


def _fix_tag(tag: str) -> str:
    """A near-miss of a long organization code (UNDESCO) becomes the code."""
    if len(tag) >= 6 and tag.isalpha() and not is_code(tag):
        for cand in ("UNESCO", "UNICEF", "UNHCR"):
            if len(tag) == len(cand) + 1 and any(tag[:i] + tag[i + 1:] == cand for i in range(len(tag))):
                return cand
    return tag


# --- SUBJECT --------------------------------------------------------------------------------------------
_SUBJECT_STOP = re.compile(
    r"(?:(?<=\s)|(?<=[A-Za-z]))(?:(?:REF|Ref|ref)(?:S|s|TEL|tel|\([Ss]\))?\s*[:.]|Ref\(s\)|"
    r"(?:Classified|CLASSIFIED|classified)\s+(?:By|BY|by)\b|(?:Sensitive|SENSITIVE)\s+(?:but|But|BUT)\b|"
    r"(?:This|THIS)\s+(?:message|MESSAGE)\b)|\\\s*$")
_PAGE_NUMBER = re.compile(r"\s0{3,}\d+\s+\d{3}(?:\.\d)?\s+OF\s+\d+")  # MINSK 00000641 001.3 OF 005
_PAGE_LINE = re.compile(r"[ \t]*[A-Z][A-Z .]*[ \t]0{3,}\d+[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d+[ \t]*$")


def _subject_stop(text: str) -> int | None:
    """Where the subject text ends: at a REF/Classified By/... label or a page marker, if any."""
    m = _SUBJECT_STOP.search(text)
    end = m.start() if m else None
    if "000" in text:
        p = _PAGE_NUMBER.search(text)
        if p and (end is None or p.start() < end):
            words = text[:p.start()].split(" ")
            for k in (3, 2, 1):  # the station's name stands before the page number
                if len(words) > k and known_station(" ".join(words[-k:])):
                    words = words[:-k]
                    break
            end = len(" ".join(words))
    return end


_MARKING_PREFIX = re.compile(r"^\((?:U|SBU|C|S|TS|LOU|FOUO|C/NF|S/NF|S//NF|C//NF|U//FOUO|SBU/NF)\)\s*")


def _has_lower(line: str) -> bool:
    """Whether a line has lower-case letters, not counting redactions (xxxxxxxxxxxx)."""
    return bool(re.search(r"[a-z]", line)) and bool(re.search(r"[a-z]", re.sub(r"x{4,}", "", line)))


def _subject(body: str) -> str:
    m = _search_lower(_SUBJECT, body[:HEAD], ("ubj",))
    if not m:
        return ""
    lines = body[m.end():m.end() + 3000].split("\n")
    first = lines[0]
    rest = lines[1:]
    if not first.strip():  # SUBJECT: on its own line, the subject after blank lines
        while rest and not rest[0].strip():
            rest = rest[1:]
        if not rest or _STOP_LABEL.match(rest[0]):
            return ""
        first, rest = rest[0], rest[1:]
    parts = [first]
    caps = not _has_lower(first)
    for line in rest:
        if (not line.strip() or _STOP_LABEL.match(line) or _BANNER.match(line) or _SUBJECT.match(line.strip())
                or (caps and _has_lower(line)) or _SUBJECT_STOP.match(" " + line, 1) or _PAGE_LINE.match(line)):
            break
        parts.append(line)
    joined = ""
    for p in parts:
        p = p.strip()
        if p and re.search(r"[A-Za-z]-$", joined):  # a word broken at a hyphen: US-\nLATIN
            joined += p
        else:
            joined = (joined + " " + p) if joined else p
    cut = _subject_stop(joined)
    if cut is not None:
        joined = joined[:cut]
    joined = " ".join(joined.split())
    joined = _MARKING_PREFIX.sub("", joined)
    return joined.strip()


# --- REF ------------------------------------------------------------------------------------------------
_REF_END = re.compile(
    r"(?im)^[ \t]*(?:Classified\s+By|CLASSIFIED\s+BY|\(?\d{1,3}\.[ \t(]|\(?\d{1,3}\.$|\u00b6\d|\[\u00b6|\ufffd\d|"
    r"SUMMARY\b|Summary\b|SIPDIS|E\.O\.|TAGS\b|SUBJECT\b|Sensitive\s+but|This\s+message|C[ \t]O[ \t]R[ \t]R)")
_INLINE_END = re.compile(
    r"(?i)\b(?:Classified\s+By|This\s+message\s+is|This\s+message\s+has|Sensitive\s+but\s+Unclassified|"
    r"\d\.\s*\((?:U|SBU|C|S)\))")
_BULLET = re.compile(
    r"(?:(?<=^)|(?<=[\s;,\u00b6]))(?:\u00b6|REF[ \t]+)?(?:\(([A-Z])\)|\[([A-Z])\]|([A-Z])[.)](?=[\s(A-Z0-9'])|([A-Z])[ \t]*[:-][ \t]|"
    r"(?<=REF )([A-Z])(?=[ \t]))")
_CABLE = re.compile(
    r"(?<![A-Za-z0-9.'])(?P<year>'?\d{2}(?:\d{2})?|\d{3})?[ \t]*"
    r"(?<![A-Za-z.'])(?P<st>(?:0(?=[A-Za-z]{3})|[A-Za-z])[A-Za-z.']*(?:[ \t]+[A-Za-z][A-Za-z.']*){0,3}?)"
    r"[ \t]*(?:[:,][ \t]*)?(?:(?:\(C\)|#|\((?P<pyear>\d\d)\))[ \t]*)?(?P<num>(?:O(?=\d))?\d{1,7})"
    r"(?:(?![\d/A-Za-z])|(?=/\d{3}))"
    r"(?:(?:-|[ \t]+\(?)(?P<syear>\d\d)\b\)?(?![ \t]+[A-Za-z]))?")


def _cable_matches(part: str):
    """_CABLE matches in part; after a match that names no station the scan goes on from the next word, so
    a bullet or a stray word ('C 05 Ottawa 2970') does not swallow the year of the next item."""
    pos = 0
    while pos < len(part):
        m = _CABLE.search(part, pos)
        if not m:
            return
        yield m
        if _station_for_ref(m.group("st")) is None:
            nxt = re.search(r"[ \t]\S", part[m.start() + 1:m.end()])
            pos = m.start() + 1 + nxt.start() + 1 if nxt else m.end()
        else:
            pos = m.end()


def _ref_block(body: str) -> str:
    m = _search_lower(_REF, body[:HEAD], ("ref",))
    if not m:
        return ""
    start = m.end()
    lines = body[start:start + 6000].split("\n")
    block = [lines[0]]
    i = 1
    while i < len(lines):
        line = lines[i]
        if _REF_END.match(line):
            break
        if not line.strip(" \t\\"):
            j = i
            while j < len(lines) and not lines[j].strip(" \t\\"):
                j += 1
            if j < len(lines) and not _REF_END.match(lines[j]) and (
                    re.match(r"^[ \t]*(?:\u00b6?[A-Z][.)]|\([A-Z]\)|-)", lines[j])
                    or re.search(r"(?:\b\d\d|[A-Za-z]{2,}|\b[A-Z][.)])[ \t]*$", block[-1])
                    and re.match(r"^[ \t]*[A-Za-z]{2,}(?:[ \t]+[A-Za-z]+){0,3}[ \t]+\d", lines[j])):
                i = j
                continue
            break
        block.append(line)
        i += 1
    text = " ".join(block)
    cut = _INLINE_END.search(text)
    if cut:
        text = text[:cut.start()]
    return text


def _ref_year(token: str | None, default: int | None) -> int | None:
    if token:
        digits = token.lstrip("'")
        return int(digits[-2:])
    return default % 100 if default is not None else None


def _station_for_ref(words: str) -> str | None:
    """The REF form of the station named by the last words before a number (BRUSSELS -> USEUBRUSSELS)."""
    ws = words.split()
    for k in range(min(4, len(ws)), 0, -1):
        st = known_station(" ".join(ws[-k:]))
        if st:
            return {"BRUSSELS": "USEUBRUSSELS", "AITTAIPEI": "TAIPEI"}.get(st, st)
    return None


def _typed_kind(item: str) -> str | None:
    u = item.upper()
    if re.search(r"E-?MAILS?\b", u):
        return "email"
    if re.search(r"\bTELCONS?\b|\bTELEPHONE\b", u):
        return "tel"
    if re.search(r"\bFAM\b", u):
        return "book"
    if re.search(r"\bTD-\d|\bIIR\b|\bINCSR\b", u):
        return "report"
    return None


_NUMBER_FIRST = re.compile(r"[ \t]*0*(\d{2,7})[ \t]+([A-Za-z][A-Za-z.']*(?:[ \t]+[A-Za-z][A-Za-z.']*){0,2})[ \t]*$")
_TAIL_NUMBER = re.compile(r"(?i)(?:\bAND\b|,|/)[ \t]*0*(\d{2,7})\b(?![ \t]*[A-Za-z]{3,}[ \t]+\d)")


def _add_ref(refs: list[str], typed: list[Reference], cid: str, bullet: str | None, own: str | None) -> None:
    if own and cid == own:
        return
    if cid not in refs:
        refs.append(cid)
    typed.append(Reference(value=cid, kind="cable", bullet=bullet))


def _references(body: str, year: int | None, own: str | None, own_station: str | None) -> tuple[list[str], list[Reference]]:
    text = _ref_block(body)
    if not text:
        return [], []
    text = _PAGE_MARKER.sub(" ", text)
    text = re.sub(r"\b[A-Z][A-Z ]{1,30}\s0{3,}\d+\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b", " ", text)  # page markers
    text = re.sub(r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+PAGE\s+\d+\s+[A-Z]+\s+\d+.*?\d{6}Z", " ", text)
    # items: split at bullets and semicolons
    marks = []
    for bm in _BULLET.finditer(text):
        letter = next(g for g in bm.groups() if g)
        marks.append((bm.start(), bm.end(), letter))
    # keep bullets in alphabetical order only (A, B, C...), so words like 'A' inside items are not bullets
    items: list[tuple[str | None, str]] = []
    expected = "A"
    cuts: list[tuple[int, int, str | None]] = []
    for s, e, letter in marks:
        if letter == expected or (cuts and letter == cuts[-1][2] and (e - s > 1 and s - cuts[-1][1] < 4
                                                                    or s - cuts[-1][1] >= 10)):
            cuts.append((s, e, letter))
            expected = chr(ord(letter) + 1)
    if cuts:
        if text[:cuts[0][0]].strip(" ;,"):
            items.append((None, text[:cuts[0][0]]))
        for k, (s, e, letter) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
            chunk = text[e:end]
            if items and items[-1][0] == letter and not items[-1][1].strip(" ;,.)"):
                items[-1] = (letter, chunk)
            else:
                items.append((letter, chunk))
    else:
        items = [(None, text)]
    refs: list[str] = []
    typed: list[Reference] = []
    default_year = year
    for bullet, chunk in items:
        for part in re.split(r";|:(?=\s*[A-Z]+\s+\d)", chunk):
            written = part.strip(" \t,;")
            part = part.strip(" ,.")
            if not part:
                continue
            kind = _typed_kind(part)
            if kind:
                typed.append(Reference(value=written, kind=kind, bullet=bullet))
                continue
            found: list[tuple[int, int, str, int]] = []  # (start, end, station, 2-digit year) per cable named
            for cm in _cable_matches(part):
                words = cm.group("st")
                station = _station_for_ref(words)
                num = cm.group("num").replace("O", "0")
                last = found[-1] if found else None
                if station is None:
                    if last and re.fullmatch(r"(?i)and|,?|and previous", words.strip(" ,")) is not None:
                        station = last[2]
                    else:
                        continue
                yr = cm.group("pyear") or cm.group("syear") or cm.group("year")
                if yr:
                    y2 = _ref_year(yr, default_year)
                elif last and station == last[2] and words.strip(" ,").lower() in ("and", ""):
                    y2 = last[3]
                else:
                    y2 = _ref_year(None, default_year)
                if y2 is None or not num.strip("0"):
                    continue
                found.append((cm.start(), cm.end(), station, y2))
                _add_ref(refs, typed, f"{y2:02d}{station}{int(num)}", bullet, own)
            if not found:  # the number before the station: '870 Ulaanbaatar'
                nm = _NUMBER_FIRST.match(part)
                station = _station_for_ref(nm.group(2)) if nm else None
                y2 = _ref_year(None, default_year)
                if station and y2 is not None:
                    found.append((0, nm.end(), station, y2))
                    _add_ref(refs, typed, f"{y2:02d}{station}{int(nm.group(1))}", bullet, own)
            # continuation numbers: 'STATE 41252 AND 44603', 'State 188314, 259032', 'Kabul 936/935'
            for tm in _TAIL_NUMBER.finditer(part):
                before = [f for f in found if f[1] <= tm.start(1)]
                if not before or any(f[0] <= tm.start(1) < f[1] for f in found):
                    continue
                _, _, station, y2 = before[-1]
                _add_ref(refs, typed, f"{y2:02d}{station}{int(tm.group(1))}", bullet, own)
    return refs, typed


# --- summary, classified by, signers, paragraphs --------------------------------------------------------
_SUM_END = re.compile(r"(?i)\bEnd\s+Summary(?:\s*(?:and|/)\s*(?:Comment|Action\s+Request|Introduction))?\b\.?")
_SUM_START = re.compile(
    r"(?i)(?<!End )(?<!End\n)\bSummary(?:\s*(?:and|/)\s*(?:Comment|Action\s+Request|Introduction))?(?:\s*[:.\-=\u2010]+|[ \t]*\n)")
_SUM_WORD = re.compile(r"[Ss][Uu][Mm][Mm][Aa][Rr][Yy]")


def _summary(body: str) -> str:
    head = body[:HEAD]
    low = head.lower()
    if len(low) == len(head):
        words, i = [], low.find("summary")
        while i >= 0:
            words.append(i)
            i = low.find("summary", i + 7)
    else:
        words = [w.start() for w in _SUM_WORD.finditer(head)]
    if not words:
        return ""
    end = None
    for w in words:
        end = _SUM_END.search(head, max(0, w - 12), w + 80)
        if end:
            break
    start = None
    starts = []
    for w in words:
        if end and w >= end.start():
            break
        sm = _SUM_START.search(head, max(0, w - 4), w + 60)
        if sm and sm.start() <= w:
            starts.append(sm)
    for sm in starts:
        if head[max(0, sm.start() - 4):sm.start()].lower().strip() == "end":
            continue
        start = sm.end()
        break
    if start is None:
        if not end:
            return ""
        paras = [p.start() for p in _PARA_AT.finditer(head, 0, end.start())]
        start = paras[-1] if paras else 0
    s = head[start:end.start() if end else len(head)]
    s = re.sub(r"^[\s\-=\u2010]*", "", s)
    s = _PARA_AT.sub("", s, count=1) if _PARA_AT.match(s) else s
    s = re.sub(r"(?i)^\s*Summary\s*[:.]\s*", "", s)
    if not end:
        stop = re.search(r"\n[ \t]*\n|-{3,}|\n[ \t]*(?:\u00b6|\[\u00b6)?\d{1,3}\.", s)
        if stop:
            s = s[:stop.start()]
    s = _PARA_AT.sub("", s)
    lines = [ln.rstrip() for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln.strip()).strip()


_TITLE_WORDS = frozenset("""
ACTING AMBASSADOR AMBASSADOR-AT-LARGE AMB AMB. CHARGE CHARGE' D'AFFAIRES D' AFFAIRES AFFAIRS A.I. AI DCM CDA
COUNSELOR COUNSELLOR COUNSELOUR COUNSELR COUNSEOR COUNCILOR COUNSEL COUNS COUNS. COUN MINISTER MINISTER-COUNSELOR
MINISTER-COUNSELLOR MINISTER-COUNSELOUR POLITICAL POL POL/ECON ECON ECONOMIC ECONOMICAL ECOPOL ECPO ECMIN EMIN
E/MIN MIN MC M-C MCOUNSELOR POLMIL POL-MIL POLITICAL-MILITARY DEPUTY CHIEF OF MISSION SECTION HEAD DIRECTOR
DIRECOTR DIR. DIR ASSISTANT SECRETARY SECRETARY UNDER U/S A/S DAS PRINCIPAL OFFICE OFFICER OFFICE CONSUL
GENERAL CONGEN CONOFF ECONOFF POLOFF POL/ECONOFF. POL/ECONOFF ATTACHE LABOR LEGAL ADVISER ADVISOR SPECIAL
ENVOY REPRESENTATIVE PERMANENT TEAM LEADER UNIT INSTITUTIONAL CIEF CHIEF STATE DEPARTMENT EMBASSY US U.S.
USEU USUN USDEL MEMBER AIT IPO IO NEA AF SCA EUR WHA EAP ISN PRM T PRT RSO ARSO TDY DPO EST&H OFFICER
AND FOR THE OF IN AFFIARS OFF CLASSIFIED BY THIS MESSAGE BASED DUE ON TO REASON REASONS SUB-NATIONAL
GOVERNANCE PD PA PAO MISSION REGIONAL COORDINATOR CENTRAL ASIA AFRICA NEAR EAST KIRKUK ISTANBUL DOS
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
    return False


_PARTICLES = frozenset("van von der den de da di del della la le du dos das bin al el ter".split())
_SUFFIX = re.compile(r"(?:JR|SR|II|III|IV)\.?", re.I)


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


def _classified_by(body: str) -> list[str]:
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
    text = " ".join(text.split())
    text = re.sub(r"(?i)^(?:\(U\)\s*)?(?:\d\.\s*)?(?:this\s+message\s+)?class?i?fied\s+by\s*:?\s*", "", text)
    text = re.sub(r"(?i)^(?:\(U\)\s*)?(?:\d\.\s*)?(?:this\s+message\s+)?class?i?fied\s+by\s*:?\s*", "", text)
    cut = re.search(
        r"(?i)\b(?:(?:for|per|under|fr|f0r|f)\s+(?:re|r\b|\d|e\.?o|12958|se)|reas|rea\s+sons|r\s+easons|"
        r"re\s+asons|based\s+(?:on|upon)|due\s+to|e\.\s?o\b|eo\s+12958|12958|section\s+1)|;|\b1[.,]\s?[2-5]\b|-reason",
        text)
    if cut:
        text = text[:cut.start()]
    text = re.sub(r"(?i)[\s,.:-]*\b(?:for|per|under|fr|f0r|f|or)\s*$", "", text).strip(" .,:-")
    names: list[str] = []
    segments = [s for s in re.split(r",(?!\s*(?:JR|SR|II|III|IV)\b\.?)", text, flags=re.I)]
    for seg in segments:
        seg = re.split(r"\s+-\s+|\.\s+(?=[A-Z][A-Z.]*\s)", seg)[-1] if re.search(r"\s-\s", seg) else seg
        n = _name_from(seg)
        if n:
            names.append(n if re.search(r"\b(?:JR|SR)\.$", n, re.I) else n.rstrip("."))
        if names and not re.search(r"(?i)\b(?:and|acting)\b", text[text.find(seg) + len(seg):]):
            break
    return names


_SIGNER_SKIP = re.compile(
    r"(?i)^(?:NNNN.*|BT|SIPDIS|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|NOFORN|"
    r"\d{4}[A-Z]+\d+\s+-.*|>.*|PAGE\s+\d+.*|Declassified/Released.*|(?:Systematic\s+)?Review\s+\d+.*|NOTE\b.*|#+|"
    r"END TEXT\.?|YYY)$")
_SIGNER_LINE = re.compile(r"([A-Z][A-Z'\-]+(?:[ \t][A-Z][A-Z'\-]+){0,2}|(?:Mc|Mac|O')?[A-Z][a-z'\-]{2,})[.#]*")
_SIGNER_AFTER_TEXT = re.compile(r"[.!?\"'\u201d)][ \t]+((?:Mc|Mac)?[A-Z][A-Za-z'\-]{2,})[.#]*$")
_NOT_SIGNERS = frozenset(
    "UNQUOTE END REGARDS THANKS TEXT GP-1 GP-2 GP-3 GP-4 SIPDIS THE THIS THAT THESE THOSE THERE WE IT IN ON AT AS AN "
    "AND BUT OR IF HE SHE THEY OUR HIS HER ITS EMBASSY POST COMMENT SUMMARY NOTE PAGE ASSISTANCE".split())


def _signers(body: str) -> list[str]:
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


def _paragraphs(body: str) -> list[Paragraph]:
    found = []
    expected = None
    for m in _PARA.finditer("\n" + body):
        n = int(m.group(1))
        if expected is None and n > 3 or expected is not None and n != expected:
            continue
        found.append((m, n))
        expected = n + 1
    paras = []
    for k, (m, n) in enumerate(found):
        end = found[k + 1][0].start() if k + 1 < len(found) else len(body) + 1
        paras.append(Paragraph(number=n, marking=m.group("mark"), text=body[m.end() - 1:end - 1].strip()))
    return paras


_ANCHOR = re.compile(r"\[\u00b6(\d{1,3}\.)\]\(#\)")
_MOJIBAKE_PARA = re.compile(r"\ufffd(?=\d{1,3}\.)")


def _display_body(body: str) -> str:
    if "[\u00b6" in body:
        body = _ANCHOR.sub(r"\1", body)
    if "\ufffd" in body:
        body = _MOJIBAKE_PARA.sub("\u00b6", body)
    return body.strip("\n")


def _decl(body: str) -> dt.date | None:
    m = _search_lower(_DECL, body[:HEAD], ("decl",))
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


def parse(text, *, year: int | None = None, reference_id: str | None = None, metadata: dict | None = None) -> Cable:
    """Parse any cable text (page text, raw cable, body only, or a snippet) into a Cable.

    ``reference_id`` is the cable's own ID (left out of its references), ``year`` the creation year used for
    REF items without one, ``metadata`` the values a page table or CSV row gave (they win over derived ones).
    """
    text = _norm(text)
    cable = Cable()
    page_meta, pos = _page_metadata(text)
    meta = dict(page_meta)
    meta.update({k: v if isinstance(v, (str, dt.datetime)) else str(v) for k, v in (metadata or {}).items() if v})
    text = text[_cable_start(text, pos):] if pos else text
    header, body, banner = _split_header(text)
    head_region = header or text[:HEAD]

    tm = _VZCZC.search(head_region[:2000])
    cable.transmission_id = tm.group(1) if tm else None
    dm = _DTG.search(head_region[:HEAD])
    dtg_when = None
    if dm:
        prec, day, hh, mi, mon, yy = dm.groups()
        cable.precedence = " ".join(prec.split()) or None
        cable.dtg = f"{day}{hh}{mi}Z {mon} {yy}"
        try:
            dtg_when = dt.datetime(_year4(int(yy)), MONTHS[mon.upper()], int(day), int(hh), int(mi))
        except (KeyError, ValueError):
            dtg_when = None
    fm = _FM.search(head_region[:HEAD])
    cable.from_ = fm.group(1).strip() or None if fm else None
    if header or fm:
        cable.recipients, cable.info_recipients = _recipients(head_region[fm.start() if fm else 0:])
    cable.header = header

    # classification
    if meta.get("classification"):
        cable.classification = meta["classification"].strip().upper()
    elif banner:
        cable.classification = _banner_class(banner, body[:HEAD])
    elif (lone := _LONE_CLASS.search(text[:2000])) is not None:
        cable.classification = _banner_class(lone, text[:2000])
    else:
        zm = _ZNY.search(head_region[:HEAD])
        if zm:
            cable.classification = {"S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED"}[zm.group(1)]

    # created / released
    cable.created = _parse_when(meta.get("created")) or dtg_when
    cable.released = _parse_when(meta.get("released"))

    # reference id
    as_written = reference_id or meta.get("reference_id") or ""
    if as_written:
        cable.reference_id = canonical_id(as_written)
    elif banner:
        yy = None
        if cable.created:
            yy = cable.created.year % 100
        elif year:
            yy = year % 100
        station = canonical_station(banner.group("station"))
        if yy is not None:
            cable.reference_id = f"{yy:02d}{station}{int(banner.group('serial'))}"
    cable.reference_id_as_written = (meta.get("reference_id") or reference_id or cable.reference_id)
    cable.origin = (meta.get("origin") or cable.from_ or "").strip()

    # body items
    ref_year = year
    if ref_year is None:
        idm = re.match(r"^(\d\d)", cable.reference_id)
        if idm:
            ref_year = _year4(int(idm.group(1)))
        elif cable.created:
            ref_year = cable.created.year
    own_station = re.sub(r"^\d\d|\d+$", "", cable.reference_id) or None
    pre = _preamble(body)
    cable.tags = _tags(pre)
    cable.subject = _subject(pre)
    cable.references, cable.references_typed = _references(pre, ref_year, cable.reference_id or None, own_station)
    cable.summary = _summary(body)
    cable.classified_by = _classified_by(pre)
    cable.declassification_date = _decl(pre)
    cable.signers = _signers(body)
    cable.paragraphs = _paragraphs(body)
    cable.body = _display_body(body)
    last = cable.body.rstrip().rsplit("\n", 1)[-1].strip() if cable.body.strip() else ""
    cable.is_partial = bool(cable.paragraphs) and not cable.signers and not re.search(r"[.!?\"')\]]$|^(?:NNNN|BT)$", last)
    return cable
