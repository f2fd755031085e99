"""The Cable and its small value types. Plain data: no parsing, no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from tui.cable.record import Source  # where a cable was read from (a named tuple, for a light tui/cable/record.py)


@dataclass(frozen=True)
class Recipient:
    """One TO or INFO line: ``RUEHC/SECSTATE WASHDC IMMEDIATE 0250``."""

    route: str | None  # routing indicator before the slash (RUEHC), or None
    name: str  # SECSTATE WASHDC
    precedence: str | None = None  # FLASH / NIACT IMMEDIATE / IMMEDIATE / PRIORITY / ROUTINE
    mcn: str | None = None  # trailing message-control number (0250)
    excluded: list[str] = field(default_factory=list)  # posts listed after an XMT line


@dataclass(frozen=True)
class Reference:
    """One item of a REF: line."""

    value: str  # canonical cable ID for kind 'cable', else the text as written
    kind: str  # cable / email / book / tel / report
    bullet: str | None = None  # enumerator letter (A, B, ...) or None


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the body: ``1. (SBU) Summary: ...``."""

    number: int
    marking: str | None  # U, SBU, C, S, S/NF, ... (without parentheses) or None
    text: str  # the paragraph's text without its number and marking


@dataclass
class Cable:
    """One cable as parsed. Field meanings follow ../shared/conformance/README.md."""

    reference_id: str = ""  # canonical: 10MEXICO83
    reference_id_as_written: str = ""  # as the page or file wrote it (may be malformed)
    created: dt.datetime | None = None
    released: dt.datetime | None = None
    classification: str = ""  # SECRET, CONFIDENTIAL//NOFORN, UNCLASSIFIED//FOR OFFICIAL USE ONLY, ...
    origin: str = ""  # as WikiLeaks names it (Embassy Mexico), also from an FM line; as FM writes it if no post
    transmission_id: str | None = None  # VZCZCXRO1882
    precedence: str | None = None  # the precedence letters before the DTG: "O R", "P", ...
    dtg: str | None = None  # date-time group as written: 292049Z JAN 10
    from_: str | None = None  # FM line: AMEMBASSY MEXICO
    recipients: list[Recipient] = field(default_factory=list)
    info_recipients: list[Recipient] = field(default_factory=list)
    subject: str = ""
    tags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # canonical IDs of cited cables
    references_typed: list[Reference] = field(default_factory=list)
    summary: str = ""
    classified_by: list[str] = field(default_factory=list)
    declassification_date: dt.date | None = None
    signers: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    is_partial: bool = False  # the text is cut short (truncated lines or a missing end)
    header: str = ""  # the routing header lines (VZCZC ... INFO), as shown
    body: str = ""  # the cable text from the banner on, as it should be shown
    source: Source | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict: dates as ISO strings, value types as dicts."""

        def plain(value):
            if isinstance(value, dt.datetime):
                return value.isoformat(timespec="minutes")
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, Source):
                return plain(value._asdict())
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return {k: plain(v) for k, v in dataclasses.asdict(self).items()}
