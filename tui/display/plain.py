"""A cable as plain text: what ``show`` prints when piped (and ``--plain``), and what ``export --format txt``
writes. Pure (no Rich, no Textual); the text is made safe by the caller (``tui.safetext.screen``)."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing has it, without loading typing: search and stats load no part of the parser
if TYPE_CHECKING:
    from tui.cable.model import Cable


def plain_text(cable: Cable, width: int | None = None, note: str = "") -> str:
    """The cable as a reader sees it: the metadata line (and the reader's ``note``, if any), then the routing
    header and the text; with ``width``, the text re-flowed to it (tui/cable/flow.py: paragraphs re-wrapped,
    tables and lists as written)."""
    created = cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else "?"
    head = (f"Reference ID {cable.reference_id}  Created {created}  Classification {cable.classification}  "
            f"Origin {cable.origin}")
    parts = [head, ""]
    if note:
        parts[1:1] = [("Note " if i == 0 else "     ") + text for i, text in enumerate(note.split("\n"))]
    if cable.header:
        parts += [cable.header.rstrip("\n"), ""]
    body = cable.body.rstrip("\n")
    if width is not None:
        from tui.cable.flow import reflow

        body = "\n".join(reflow(body, width))
    parts.append(body)
    return "\n".join(parts) + "\n"
