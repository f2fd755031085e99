"""How a cable, or one of its numbered paragraphs, is cited: the one line a reporter pastes into their text.

``10MEXICO83 ¶6 (SECRET, Embassy Mexico, 2010-01-29): "The failure to reduce violence ..."``

Pure (no Rich, no Textual): the reader's copy, ``show``, and ``export`` all cite through ``citation``.
"""

from __future__ import annotations

from tui import safetext
from tui.cable.model import Cable, Paragraph

QUOTE = 100  # characters quoted before the quote is cut at a word with " ..."


def paragraph(cable: Cable, number: int) -> Paragraph | None:
    """The cable's paragraph numbered ``number`` (the first, if the numbering repeats), or None."""
    return next((p for p in cable.paragraphs if p.number == number), None)


def quote(text: str, limit: int = QUOTE) -> str:
    """``text`` on one line, cut at a word with `` ...`` when longer than ``limit``."""
    text = " ".join(safetext.line(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + " ..."


def citation(cable: Cable, number: int | None = None, limit: int = QUOTE) -> str:
    """The citation of the cable, or of its paragraph ``number`` (KeyError-free: a missing paragraph cites the
    cable). The quote is the paragraph's text, else the subject."""
    para = paragraph(cable, number) if number is not None else None
    where = cable.reference_id + (f" ¶{para.number}" if para else "")
    facts = [cable.classification, cable.origin, cable.created.date().isoformat() if cable.created else ""]
    facts = ", ".join(safetext.line(f) for f in facts if f)
    said = quote(para.text if para else cable.subject, limit)
    head = f"{safetext.line(where)} ({facts})" if facts else safetext.line(where)
    return f'{head}: "{said}"' if said else head
