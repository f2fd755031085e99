"""What kind a TAGS entry is: subject, program, geo, organization, person or unknown.

The subject and organization codes are those of the shipped tag list (``tui.cable.glossary.tag_info``, from
../shared/glossary/tag_codes_cablemap.csv). Program tags are the K-codes (KIPR, KDEM, ...); geographic tags are
the two-letter country codes (FIPS 10-4 style: MX, UK, GM, ...); person tags are written 'LAST, FIRST'.
"""

from __future__ import annotations

from tui.cable.glossary import tag_info


def tag_kind(tag: str) -> str:
    """The kind of a TAG: subject / program / geo / organization / person / unknown."""
    t = (tag or "").strip().upper()
    known = tag_info(t)
    if known == "subject":
        return "subject"
    if len(t) == 4 and t.startswith("K") and t.isalpha():
        return "program"
    if len(t) == 2 and t.isalpha():
        return "geo"
    if known == "organization":
        return "organization"
    if "," in t:
        return "person"
    return "unknown"


def is_code(tag: str) -> bool:
    """Whether a token is a known TAGS code (subject, program, geo or organization)."""
    return tag_kind(tag) in ("subject", "program", "geo", "organization")
