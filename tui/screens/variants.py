"""`v`: a cable's variants (its sources); Enter shows one in the cable view, Space marks two and `d` compares them.

``VariantActions`` is a mixin of ``MainScreen`` (the key and what follows it); ``VariantsScreen`` lists the
variants; ``DiffScreen`` shows two variants' word diff (``tui.display.diffdoc.DiffDocument``) in a cable view,
where `n`/`p` go to the next and previous change and `/` finds words as in a cable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.safetext import line as clean
from tui.widgets.cableview import CableView
from tui.widgets.keyline import KeyLine

if TYPE_CHECKING:  # the diff and the display of variants load with the first `v`
    from tui.cable.model import Cable
    from tui.display.diffdoc import DiffDocument

CHANGE = r"\[-|(?<!-\])\{\+"  # where a change starts (a deletion, or an insertion not replacing one): n/p go there


class VariantActions:
    """The `v` key of the main view; MainScreen lists ``BINDINGS`` among its own."""

    BINDINGS = [Binding("v", "variants", "Variants", show=False, id="app.variants")]

    def action_variants(self) -> None:
        ref = self._target()
        if ref is None:
            self.notify("no cable here: v lists the sources of the open cable", timeout=2)
            return
        variants = self.library.variants(ref)
        if len(variants) < 2:
            self.notify(f"{clean(ref)} has one source: no other variant to show or compare", timeout=3,
                        markup=False)
            return

        def chosen(choice: tuple[str, tuple[int, ...]] | None) -> None:
            if choice is None:
                return
            what, numbers = choice
            if what == "show":
                self.show_variant(ref, numbers[0], variants)
            else:
                from tui.display.diffdoc import DiffDocument

                a, b = numbers
                self.app.push_screen(DiffScreen(DiffDocument((a, variants[a - 1]), (b, variants[b - 1]))))

        self.app.push_screen(VariantsScreen(ref, variants), chosen)

    def show_variant(self, ref: str, number: int, variants: list[Cable]) -> None:
        """Variant ``number`` in the cable view, its card saying which it is (opening the cable first)."""
        from tui.display.card import CableDocument
        from tui.display.variants import source_text

        if self.cable_view.reference_id != ref and not self.open_cable(ref):
            return
        document = CableDocument.from_library(self.library, variants[number - 1])
        document.variant = (f"{number} of {len(variants)}{' (primary)' if number == 1 else ''}: "
                            + source_text(variants[number - 1]))
        if self.session is not None:
            document.note = self.session.note(ref)
        self.cable_view.show(document)
        self._reading(True)
        self.cable_view.focus()
        self.notify(f"{clean(ref)}: variant {number} of {len(variants)} shown (v lists them)", timeout=3,
                    markup=False)


class VariantsScreen(ModalScreen[tuple[str, tuple[int, ...]] | None]):
    """Dismisses with ("show", (n,)), ("diff", (a, b)) or None."""

    BINDINGS = [
        Binding("escape,q,v", "close", "Close", id="variants.close"),
        Binding("space,x", "mark", "Mark to compare", id="variants.mark"),
        Binding("d,equals_sign", "compare", "Compare two", id="variants.compare"),
        Binding("j", "move(1)", "Down", show=False, id="variants.down"),
        Binding("k", "move(-1)", "Up", show=False, id="variants.up"),
    ]

    def __init__(self, reference_id: str, variants: list[Cable]) -> None:
        super().__init__()
        self.reference_id = reference_id
        self.variants = variants
        self.marked: list[int] = []  # variant numbers, in the order marked (two at most)

    def compose(self) -> ComposeResult:
        with Vertical(id="variants-box"):
            yield Static(Text(f"{clean(self.reference_id)}: {len(self.variants)} sources", style="bold"))
            yield Static(Text("Enter shows one · Space marks · d compares two (1 and 2 unless marked)"),
                         id="variants-help")
            yield OptionList(*self._options(), id="variants-list")

    def _options(self) -> list[Option]:
        from tui.display.variants import source_date

        room = max(20, min(76, self.app.size.width) - 10)  # the box's border and padding, the option's, the indent
        options = []
        for number, cable in enumerate(self.variants, 1):
            source = cable.source
            mark = "[x]" if number in self.marked else "[ ]"
            line = Text(no_wrap=True, end="")
            line.append(f"{mark} {number:>2}  ", style="bold" if number in self.marked else "")
            line.append(clean(source.format if source else "?"), style="bold")
            line.append(f"  {source_date(cable)}")
            if number == 1:
                line.append("  primary", style="italic")
            where = clean(source.path + (f" row {source.row}" if source.row is not None else "")) if source else ""
            if len(where) > room:
                where = "…" + where[-(room - 1):]
            line.append("\n       " + where, style="dim")
            options.append(Option(line, id=str(number)))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    @property
    def list(self) -> OptionList:
        return self.query_one(OptionList)

    def action_move(self, step: int) -> None:
        self.list.action_cursor_down() if step > 0 else self.list.action_cursor_up()

    def action_mark(self) -> None:
        """Mark the highlighted variant to compare (or unmark it); a third mark replaces the first."""
        index = self.list.highlighted
        if index is None:
            return
        number = index + 1
        if number in self.marked:
            self.marked.remove(number)
        else:
            self.marked = (self.marked + [number])[-2:]
        self.list.clear_options()
        self.list.add_options(self._options())
        self.list.highlighted = index

    def pair(self) -> tuple[int, int]:
        """The two variants to compare: those marked, in number order, else filled with 1 and 2."""
        numbers = sorted(self.marked)
        for n in range(1, len(self.variants) + 1):
            if len(numbers) == 2:
                break
            if n not in numbers:
                numbers.append(n)
        a, b = sorted(numbers)
        return a, b

    def action_compare(self) -> None:
        self.dismiss(("diff", self.pair()))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("show", (int(event.option.id),)))

    def action_close(self) -> None:
        self.dismiss(None)


_SKIPPED = {"cable.back", "cable.follow", "cable.decode", "cable.breaks", "cable.next_link", "cable.previous_link"}


class DiffView(CableView, inherit_bindings=False):
    """A cable view of a word diff: the scroll and find keys of a cable, and n/p for the changes."""

    HELP_TITLE = "Comparing variants"
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="diff.close"),
        Binding("n", "change(1)", "Next change", id="diff.next_change"),
        Binding("p,N", "change(-1)", "Previous change", id="diff.previous_change"),
        *(b for b in CableView.BINDINGS if b.id not in _SKIPPED),
    ]
    changes = re.compile(CHANGE)

    def action_change(self, step: int) -> None:
        """The next (or previous) change; after a find, the changes again."""
        if self.pattern is not self.changes:
            self.find_text = ""
            self._set_pattern(self.changes)
        if not self.matches:
            self.app.bell()
            self.notify("no change: the two variants have the same words", timeout=2)
            return
        self.action_match(step)

    def action_close(self) -> None:
        self.screen.dismiss(None)


class DiffScreen(Screen[None]):
    """Two variants' word diff, the whole screen: a title line, the diff, the keys."""


    def __init__(self, document: DiffDocument) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        yield Static(self.document.title(), id="diff-title")
        yield DiffView(id="diff")
        yield KeyLine()

    def on_mount(self) -> None:
        view = self.query_one(DiffView)
        view.show(self.document)
        view.focus()
