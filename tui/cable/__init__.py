"""Cable text in, a Cable out. No I/O beyond the text given, no Textual.

Where each rule lives: ``assemble`` (the orchestration: ``parse``) calls ``markup`` (page markup and character
references), ``head`` (page metadata, routing header, banner, classification, date stamps, origin, recipients),
``tags``, ``subject``, ``references`` (REF), ``signers`` (Classified By, signature) and ``paragraphs`` (summary,
numbered paragraphs); ``labels`` holds the patterns they share. ``ids`` knows reference IDs and station names,
``glossary`` decodes codes (levels, tags, countries, routing indicators, posts), ``text`` makes titles and clean bodies,
``sources`` says what a file is and reads it.

Public API (used by ../shared/conformance/run.py): ``parse``, ``canonical_id``, ``tag_kind``, ``titlecase``,
``clean_body``; for lookups and REF linking also ``parse_loose``, ``LooseId`` and ``station_key``.
"""

#: public name -> the module holding it. Loaded on first use (PEP 562), so ``import tui.cable`` costs nothing and a
#: command that only needs IDs or the glossary does not compile the parser's patterns.
_API = {
    "parse": "assemble",
    "Cable": "model", "Paragraph": "model", "Recipient": "model", "Reference": "model", "Source": "model",
    "LooseId": "ids", "canonical_id": "ids", "parse_loose": "ids", "station_key": "ids",
    "tag_kind": "tags",
    "clean_body": "text", "titlecase": "text",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'tui.cable' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"tui.cable.{_API[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
