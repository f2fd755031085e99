"""Cable text in, a Cable out. No I/O beyond the text given, no Textual.

Where each rule lives: ``parse`` (the orchestration) calls ``markup`` (page markup and character references),
``head`` (page metadata, routing header, banner, classification, date stamps, origin, recipients), ``tags``,
``subject``, ``references`` (REF), ``signers`` (Classified By, signature) and ``paragraphs`` (summary, numbered
paragraphs); ``labels`` holds the patterns they share. ``ids`` knows reference IDs and station names, ``glossary``
decodes codes (levels, tags, countries, routing indicators, posts), ``text`` makes titles and clean bodies,
``sources`` says what a file is and reads it.

Public API (used by ../shared/conformance/run.py): ``parse``, ``canonical_id``, ``tag_kind``, ``titlecase``,
``clean_body``; for lookups and REF linking also ``parse_loose``, ``LooseId`` and ``station_key``.
"""

from tui.cable.ids import LooseId, canonical_id, parse_loose, station_key
from tui.cable.model import Cable, Paragraph, Recipient, Reference, Source
from tui.cable.parse import parse
from tui.cable.tags import tag_kind
from tui.cable.text import clean_body, titlecase

__all__ = [
    "Cable", "LooseId", "Paragraph", "Recipient", "Reference", "Source",
    "canonical_id", "clean_body", "parse", "parse_loose", "station_key", "tag_kind", "titlecase",
]
