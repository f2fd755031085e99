"""``y`` and ``Y``: a citation, or a paragraph's text, copied to the user's own clipboard.

A mixin of ``MainScreen``. The text goes to the terminal as an OSC 52 sequence (Textual's
``App.copy_to_clipboard``), which the user's terminal puts on their clipboard: it works over SSH, and through tmux
with ``set -g set-clipboard on``. ``"osc52": false`` in the home's config.json turns it off (the app's ``osc52``).
What is copied is made safe first (``tui.safetext``): no escape sequence reaches the clipboard.
"""

from __future__ import annotations

from textual.binding import Binding

from tui import safetext

OFF = 'copying is off ("osc52": false in config.json in the home folder; set it to true to copy)'


class CitingActions:
    """The copy keys; MainScreen lists ``BINDINGS`` among its own."""

    BINDINGS = [
        Binding("y", "copy_citation", "Copy citation", show=False, id="app.copy_citation"),
        Binding("Y", "copy_paragraph", "Copy paragraph", show=False, id="app.copy_paragraph"),
    ]

    def _cited(self):
        """(cable, paragraph number or None) a copy key acts on: the open cable and its marked paragraph or the
        one at the top of the view; from the list, the cable under the cursor. None: no cable."""
        view = self.cable_view
        if self.focused is self.sidebar or view.document is None:
            row = self.sidebar.current
            cable = self.library.get(row.reference_id) if row else None
            return (cable, None) if cable is not None else None
        return view.document.cable, view.cited_paragraph

    def action_copy_citation(self) -> None:
        """``y``: the citation of the paragraph at the top of the view (or the marked one), else of the cable."""
        from tui.display.citation import citation

        cited = self._cited()
        if cited is None:
            self.notify("no cable to cite: open one first", timeout=2)
            return
        cable, number = cited
        self._copy(citation(cable, number), f"{cable.reference_id}{f' ¶{number}' if number else ''} citation")

    def action_copy_paragraph(self) -> None:
        """``Y``: the whole text of the paragraph at the top of the view (or the marked one)."""
        from tui.cable.flow import reflow
        from tui.display.citation import paragraph

        cited = self._cited()
        para = paragraph(cited[0], cited[1]) if cited and cited[1] is not None else None
        if para is None:
            self.app.bell()
            self.notify("no paragraph here: scroll one to the top of the cable (or :REF#N), then Y", timeout=3)
            return
        text = "\n".join(reflow(safetext.screen(para.text), 10**6))  # the teletype's line breaks undone
        self._copy(text, f"{cited[0].reference_id} ¶{para.number} text")

    def _copy(self, text: str, what: str) -> None:
        if not getattr(self.app, "osc52", True):
            self.notify(OFF, severity="warning", timeout=5, markup=False)
            return
        text = safetext.screen(text)
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {safetext.line(what)} ({len(text):,} characters)", timeout=3, markup=False)
