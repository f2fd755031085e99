"""Text helpers for cables: display titles (``titlecase``) and the body without its apparatus (``clean_body``)."""

from __future__ import annotations

import re

from tui.cable import lazyre
from tui.cable.glossary import tag_info

# words kept lower case inside a title
_SMALL = frozenset("a an and as at but by for in nor of on or the to vs via per".split())
# short words that are ordinary words, not acronyms, when a title is written in capitals
_WORDS = frozenset(
    "is if it me my no so up we he do go be am oh ok ex hi "
    "act amb ago all any are art big bid car cut day due end eye far few fly get god gun has her him his how "
    "key law let lie low man may men new not now off oil old one our out own pay put ran red run sad saw say "
    "see set she sit six sky son sun tax ten too top try two use via war was way who why win yet you "
    "east west who got".split()
)
# acronyms with vowels that a capitals-only title cannot reveal by their shape (besides the organization tags)
_ACRONYMS = frozenset(
    "US EU UK UN USG GOI GOL GOM GOB GOJ GOK GOE GOP GON GOU GOA GOS JEM SLA SWIFT UNSCR GAERC IAEA OSCE "
    "NATO OPEC ASEAN UNESCO UNICEF UNHCR WTO AU ECOWAS SADC MERCOSUR OAS NGO NGOS ISAF OEF IDP IDPS FARC ELN "
    "AUC PRI PAN PRD PT PSDB PKK AKP CHP MHP ANC ZANU PF MDC SPLM NCP HRC EXIM USAID DEA FBI CIA DOD DHS "
    "UNGA UNSC UNDP UNEP WHO WFP IMF IDB IADB APEC OECD EFTA ETA IRA HAMAS PLO PA AQ AQI AQIM TIP IPR FTA "
    "CODEL STAFFDEL DCM POL ECON FM MFA MOD MOI PM DPM VP".split()
)
_ROMAN = lazyre.compile(r"^(?=[IVXLC]+$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_WORD = lazyre.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


def _case_word(word: str, first: bool, all_caps: bool, in_compound: bool) -> str:
    """One alphanumeric word (possibly with an apostrophe suffix) in title case; a one-letter name prefix before
    an apostrophe keeps the next letter capital (O'NEILL'S -> O'Neill's, D'ALEMA -> D'Alema)."""
    pre = re.match(r"^([A-Za-z])(['\u2019])([A-Za-z]{2,}(?:['\u2019][A-Za-z]+)?)$", word)
    if pre and pre.group(1).upper() in "ODL" and (all_caps or pre.group(3)[:1].isupper()):
        return pre.group(1).upper() + pre.group(2) + _case_word(pre.group(3), True, all_caps, in_compound)
    m = re.match(r"^([A-Za-z0-9]+)(['\u2019][A-Za-z]+)?$", word)
    if not m:
        return word
    base, suffix = m.group(1), (m.group(2) or "")
    suffix = suffix.lower()
    if any(c.isdigit() for c in base):
        return base + suffix
    upper = base.upper()
    if not all_caps and base != base.lower():  # written in mixed case: the writer chose it
        return base + suffix
    if all_caps:
        if re.fullmatch(r"X{3,}", upper) or _ROMAN.match(upper) and len(upper) > 1:
            return upper + suffix
        if upper.lower() not in _WORDS and (upper in _ACRONYMS or tag_info(upper) == "organization"
                                            or not re.search(r"[AEIOUY]", upper) and len(upper) > 1):
            return upper + suffix
        if len(upper) == 1 and in_compound:
            return upper + suffix
        if len(upper) == 2 and upper.lower() not in _SMALL and upper.lower() not in _WORDS:
            return upper + suffix
    elif re.fullmatch(r"x{3,}", base):
        return base.upper() + suffix
    low = base.lower()
    if low in _SMALL and not first:
        return low + suffix
    return low[:1].upper() + low[1:] + suffix


def titlecase(subject: str) -> str:
    """A display title: ``WHAT HAPPENED TO THE PCC?`` -> ``What Happened to the PCC?``.

    Acronyms stay upper case, small words (a, of, the, ...) stay lower case except at the start and after
    a colon or a dash; words the writer already wrote in mixed case are kept.
    """
    text = " ".join((subject or "").split())
    all_caps = not re.search(r"[a-z]", text)
    out: list[str] = []
    first = True
    for token in text.split(" "):
        pieces = re.split(r"([-/])", token)
        in_compound = len(pieces) > 1
        cased = []
        for piece in pieces:
            if piece in ("-", "/"):
                cased.append(piece)
                continue
            m = re.match(r"^([^A-Za-z0-9]*)(.*?)([^A-Za-z0-9]*)$", piece)
            lead, core, trail = m.groups()
            if core and not re.search(r"[^A-Za-z0-9'\u2019]", core):
                core = _case_word(core, first or bool(lead and lead not in "'\u2018"), all_caps, in_compound)
            elif core:
                core = _WORD.sub(lambda w: _case_word(w.group(0), first, all_caps, in_compound), core)
            cased.append(lead + core + trail)
            first = False
        out.append("".join(cased))
        first = token.endswith((":", "--")) or token in ("-", "--")
    return " ".join(out)


_PARA_START = lazyre.compile(r"(?m)^[ \t]*(?:\[?\u00b6|\ufffd)?\d{1,3}\.(?:\]\(#\))?[ \t]*(?:\([A-Z]{1,4}(?:/{1,2}[A-Z]{1,6}){0,2}\)[ \t]*)?")
_LABEL = lazyre.compile(r"(?im)^(?P<lead>[ \t]*)(?:Summary|Comment)(?:\s+and\s+(?:Comment|Summary|Action Request))?\s*[:.]\s*")
_END_LABEL = lazyre.compile(r"(?i)End\s+(?:Summary|Comment)(?:\s+and\s+(?:Summary|Comment|Action Request))?\.?[ ]?")
_PAGE_MARK = lazyre.compile(r"(?m)^[ \t]*[A-Z][A-Z .]*\s0{2,}\d+\s+\d{3}(?:\.\d)?\s+OF\s+\d{1,3}[ \t]*\n(?:[ \t]*\n)?")
_DASHES = lazyre.compile(r"(?m)^[ \t]*[-=\u2010]{3,}[ \t]*$")
_SIPDIS = lazyre.compile(r"(?m)(?:^[ \t]*\n)*^[ \t]*SIPDIS[ \t]*(?:\n|$)")


def clean_body(text: str) -> str:
    """The body without paragraph numbers and markings, page and section markers, SIPDIS lines, dash
    rules, and the Summary/Comment labels (``Summary:``, ``End Comment.``)."""
    t = text or ""
    t = _PAGE_MARK.sub("", t)
    t = _SIPDIS.sub("", t)
    t = _PARA_START.sub(lambda m: m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())], t)
    t = _LABEL.sub(lambda m: m.group("lead"), t)
    t = _END_LABEL.sub("", t)
    t = _DASHES.sub("", t)
    t = re.sub(r"x{2,}\s*\Z", "", t)
    return t
