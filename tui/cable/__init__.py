"""Cable text in, a Cable out. No I/O beyond the text given, no Textual.

Public API (used by ../shared/conformance/run.py): ``parse``, ``canonical_id``, ``tag_kind``, ``titlecase``,
``clean_body``.
"""

from tui.cable.model import Cable, Paragraph, Recipient, Reference, Source

__all__ = ["Cable", "Paragraph", "Recipient", "Reference", "Source"]
