"""Cable text -> Cable: the parts (head, TAGS, SUBJECT, REF, people, paragraphs) put together.

``parse`` accepts the text of a whole WikiLeaks page, raw cable text (routing header then body), body-only
text (from the classification banner on) or a snippet (a REF line, a TAGS line...). It never raises on text.
Regexes are anchored and the scans that look for header items are limited to the head of the text, so a
huge or hostile input costs linear time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import namedtuple

from tui.cable import head as h
from tui.cable.ids import canonical_id, canonical_station
from tui.cable.labels import HEAD
from tui.cable.markup import has_markup, strip_markup
from tui.cable.paragraphs import display_body, read_paragraphs, read_summary
from tui.cable.references import read_references
from tui.cable.signers import read_classified_by, read_signers
from tui.cable.subject import read_subject
from tui.cable.tags import read_tags

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the model (dataclasses) loads with a parse, not with `shown`
    from tui.cable.model import Cable


def _cut(text, metadata: dict | None):
    """The text cut as ``parse`` reads it: (metadata, the cable's text, whether WikiLeaks marked it a partial
    extract, the date stamped before it, routing header, body, the classification banner's match in the body)."""
    text = h.norm_text(text)
    if has_markup(text):
        text = strip_markup(text)
    page_meta, pos = h.page_metadata(text)
    meta = dict(page_meta)
    meta.update({k: v if isinstance(v, (str, dt.datetime)) else str(v) for k, v in (metadata or {}).items() if v})
    text = text[h.cable_start(text, pos):] if pos else text
    extract, text = h.extract_note(text)
    stamped, text = h.date_stamp(text)
    header, body, banner = h.split_header(text)
    return meta, text, extract, stamped, header, body, banner


def shown(text, metadata: dict | None = None) -> tuple[dict, str, str]:
    """(metadata, routing header, body) of a cable text exactly as ``parse(text, metadata=...)`` gives its
    ``header`` and ``body``, without reading the rest (a tenth of the cost): what an export of many cables needs.
    The metadata holds the page's own row and ``metadata`` (created, released, ... as written)."""
    meta, _, _, _, header, body, _ = _cut(text, metadata)
    return meta, header, display_body(body)


#: a cable as ``show`` prints it: the four fields of its first line, the routing header and the body
Shown = namedtuple("Shown", "reference_id created classification origin header body")


def shown_cable(text, metadata: dict | None = None) -> Shown | None:
    """The reference ID, created date, classification, origin, header and body exactly as ``parse(text,
    metadata=metadata)`` gives them, without a parse, when the metadata (a CSV row, a page's own row) settles the
    first four; None when the text has to say one of them (then only a parse can)."""
    meta, header, body = shown(text, metadata)
    reference_id = canonical_id(meta["reference_id"]) if meta.get("reference_id") else ""
    created, classification, origin = h.parse_when(meta.get("created")), _classification(meta), _origin(meta)
    if not reference_id or created is None or classification is None or origin is None:
        return None
    return Shown(reference_id, created, classification, origin, header, body)


def _classification(meta: dict) -> str | None:
    """The classification the metadata gives, as the cable's; None when it gives none."""
    return meta["classification"].strip().upper() if meta.get("classification") else None


def _origin(meta: dict) -> str | None:
    """The origin the metadata gives, as the cable's; None when it gives none."""
    return meta["origin"].strip() if meta.get("origin") else None


def parse(text, *, year: int | None = None, reference_id: str | None = None, metadata: dict | None = None) -> Cable:
    """Parse any cable text (page text, raw cable, body only, or a snippet) into a Cable.

    ``reference_id`` is the cable's own ID (left out of its references), ``year`` the creation year used for
    REF items without one, ``metadata`` the values a page table or CSV row gave (they win over derived ones).
    """
    from tui.cable.model import Cable

    meta, text, extract, stamped, header, body, banner = _cut(text, metadata)
    cable = Cable()
    head_region = header or text[:HEAD]

    tm = h.VZCZC.search(head_region[:2000])
    cable.transmission_id = tm.group(1) if tm else None
    dm = h.DTG.search(head_region[:HEAD])
    dtg_when = None
    if dm:
        prec, day, hh, mi, mon, yy = dm.groups()
        cable.precedence = " ".join(prec.split()) or None
        cable.dtg = f"{day}{hh}{mi}Z {mon} {yy}"
        try:
            dtg_when = dt.datetime(h.year4(int(yy)), h.MONTHS[mon.upper()], int(day), int(hh), int(mi))
        except (KeyError, ValueError):
            dtg_when = None
    fm = h.FM.search(head_region[:HEAD])
    cable.from_ = fm.group(1).strip() or None if fm else None
    if header or fm:
        cable.recipients, cable.info_recipients = h.recipients(head_region[fm.start() if fm else 0:])
    cable.header = header

    cable.paragraphs = read_paragraphs(body)
    cable.classification = _classification(meta)
    if cable.classification is None:
        cable.classification = h.classification(text, banner, body[:HEAD], head_region,
                                                [p.marking for p in cable.paragraphs if p.marking])

    cable.created = h.parse_when(meta.get("created")) or dtg_when or stamped
    cable.released = h.parse_when(meta.get("released"))

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
    cable.origin = _origin(meta)
    if cable.origin is None:
        cable.origin = (h.fm_origin(cable.from_) or h.text_origin(text, banner, cable.reference_id)).strip()

    # body items
    ref_year = year
    if ref_year is None:
        idm = re.match(r"^(\d\d)", cable.reference_id)
        if idm:
            ref_year = h.year4(int(idm.group(1)))
        elif cable.created:
            ref_year = cable.created.year
    own_station = re.sub(r"^\d\d|\d+$", "", cable.reference_id) or None
    pre = h.preamble(body)
    cable.tags = read_tags(pre)
    cable.subject = read_subject(pre)
    cable.references, cable.references_typed = read_references(pre, ref_year, cable.reference_id or None, own_station)
    cable.summary = read_summary(body)
    cable.classified_by = read_classified_by(pre)
    cable.declassification_date = h.read_decl(pre)
    cable.signers = read_signers(body)
    cable.body = display_body(body)
    last = cable.body.rstrip().rsplit("\n", 1)[-1].strip() if cable.body.strip() else ""
    cable.is_partial = extract or (bool(cable.paragraphs) and not cable.signers
                                   and not re.search(r"[.!?\"')\]]$|^(?:NNNN|BT)$", last))
    return cable
