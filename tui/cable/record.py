"""One cable's text as a source gave it, not yet parsed: what the library stores and parses again to show a cable.

Apart from tui/cable/sources.py (which reads files into Records) so that showing a stored cable loads the parser
and nothing of the file reading.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the model (its dataclasses) loads with a parse, not with a stored text read
    from tui.cable.model import Cable

# Named tuples, not dataclasses: ``show`` reads a stored text without a parse, and ``dataclasses`` (with
# ``inspect``) would cost it ~10 ms to import.


class Source(namedtuple("Source", "path format row", defaults=(None,))):
    """Where a cable was read from: ``format`` html-2010 / html-2011 / page-text / raw / body / csv; ``row``, the
    CSV row (1-based line field) or None."""

    __slots__ = ()


class Record(namedtuple("Record", "text source metadata reference_id references warnings",
                        defaults=(None, None, (), ()))):
    """One cable's text as read from a Source, not yet parsed.

    ``metadata`` holds the source's own fields as written (keys reference_id, created, released,
    classification, origin), which win over what the parser finds in the text. ``reference_id`` is a fallback
    ID taken from the file name, used only when the text yields none. ``references`` is the CSV's list of cited
    cable IDs. ``warnings`` are short notes on damaged input that was still read (``bad-utf8: ...``).
    """

    __slots__ = ()

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
