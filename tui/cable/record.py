"""One cable's text as a source gave it, not yet parsed: what the library stores and parses again to show a cable.

Apart from tui/cable/sources.py (which reads files into Records) so that showing a stored cable loads the parser
and nothing of the file reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.cable.model import Cable, Source


@dataclass(frozen=True)
class Record:
    """One cable's text as read from a source, not yet parsed.

    ``metadata`` holds the source's own fields as written (keys reference_id, created, released,
    classification, origin), which win over what the parser finds in the text. ``reference_id`` is a fallback
    ID taken from the file name, used only when the text yields none. ``references`` is the CSV's list of cited
    cable IDs. ``warnings`` are short notes on damaged input that was still read (``bad-utf8: ...``).
    """

    text: str
    source: Source
    metadata: dict | None = None
    reference_id: str | None = None
    references: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def parse(self) -> Cable:
        """Parse the text into a Cable that knows its source.

        References: the parser's REF-line reading wins, so a cable reads the same from every source. The CSV's
        referenced-ID column (WikiLeaks' own list) fills ``references`` only when the parser found none; it is
        canonicalised, de-duplicated and the cable's own ID left out. ``references_typed`` stays as parsed,
        since it describes the REF line as written.
        """
        from tui.cable.assemble import parse
        from tui.cable.ids import canonical_id

        cable = parse(self.text, metadata=self.metadata)
        if not cable.reference_id and self.reference_id:
            cable = parse(self.text, reference_id=self.reference_id, metadata=self.metadata)
        cable.source = self.source
        if self.references and not cable.references:
            refs: list[str] = []
            for ref in self.references:
                ref = canonical_id(ref) or ref
                if ref != cable.reference_id and ref not in refs:
                    refs.append(ref)
            cable.references = refs
        return cable
