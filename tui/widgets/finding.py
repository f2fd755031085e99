"""Finding in the open cable (a mixin of ``CableView``): ``/`` finds as less does, every match marked and the
current one drawn apart, ``>`` and ``<`` go to the next and the previous one; the words of a full-text search are
marked and walked the same way, the first one brought into view when the cable opens."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from tui.widgets.findprompt import FindPrompt

MAX_MATCHES = 10_000  # a find that matches more marks only these (a one-letter find in a 100 KB cable)


def find_pattern(text: str) -> re.Pattern | None:
    """What ``/`` looks for: the words typed, in any case, across any spaces or line ends (None: nothing)."""
    words = text.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """Words of a full-text search, each matched at the start of a word, in any case and accents ignored (as the
    index matches them); a run of them (a phrase) is one match."""
    if not terms:
        return None
    from tui.library.fulltext import word_regex

    word = r"\b(?:" + "|".join(word_regex(t) for t in terms) + r")\w*"
    return re.compile(word + r"(?:\s+" + word + ")*", re.IGNORECASE)


class Finding:
    """Matches of the find or of the search terms: ``matches``, ``match_index``, ``pattern`` (set by the view)."""

    def _match_in_view(self) -> None:
        """The first match in view once the cable has its place on screen (shown while hidden or under a prompt,
        the view had no height to scroll in), unless the reader has moved since."""
        due, self._match_due = self._match_due, None
        if due is None or self.document is not due[0] or int(self.scroll_offset.y) != due[1]:
            return
        if not self.scrollable_content_region.height:  # not laid out yet: on the first resize
            self._match_due = due
        elif 0 <= self.match_index < len(self.matches):
            self._scroll_into_view(self.matches[self.match_index][0][0])

    def mark_terms(self, terms: tuple[str, ...]) -> None:
        """Mark a search's words where the cable is (its results came after it opened); a find stays instead."""
        self.terms = terms
        if not self.find_text and self._before_find is None:
            self._set_pattern(terms_pattern(terms))

    def _locate(self) -> None:
        """Find ``pattern`` in the laid-out lines (a match may run over a line end) and index the marks."""
        self.matches = []
        self._marks = {}
        lines = self._layout.lines if self._layout and self.document is not None else []
        if self.pattern is None or not lines:
            self.match_index = -1
            return
        plains = [t.plain for t in lines]
        starts = []
        at = 0
        for p in plains:
            starts.append(at)
            at += len(p) + 1
        for m in self.pattern.finditer("\n".join(plains)):
            a, b = m.span()
            if a == b:
                continue
            segments = []
            line = bisect_right(starts, a) - 1
            while a < b and line < len(lines):
                end = min(b, starts[line] + len(plains[line]))
                if end > a:
                    segments.append((line, a - starts[line], end - starts[line]))
                line += 1
                a = starts[line] if line < len(lines) else b
            number = len(self.matches)
            self.matches.append(segments)
            for line, start, end in segments:
                self._marks.setdefault(line, []).append((start, end, number))
            if len(self.matches) >= MAX_MATCHES:
                break
        if self.match_index >= len(self.matches):
            self.match_index = len(self.matches) - 1

    def _set_pattern(self, pattern: re.Pattern | None, index: int = -1) -> None:
        self.pattern = pattern
        self.match_index = index
        self._locate()
        self.refresh()

    def _go_to_match(self, index: int) -> None:
        """Make match ``index`` the current one, redrawing only the lines that change, and show it."""
        old = self.matches[self.match_index] if 0 <= self.match_index < len(self.matches) else []
        self.match_index = index
        for line, _, _ in old + self.matches[index]:
            self.refresh_line(line)
        self._scroll_into_view(self.matches[index][0][0])

    def _first_match_from(self, line: int) -> int | None:
        """The first match starting at or after ``line``, else (wrapping) the first one; None when none."""
        if not self.matches:
            return None
        firsts = [segments[0][0] for segments in self.matches]
        index = bisect_left(firsts, line)
        return index if index < len(firsts) else 0

    def action_find(self) -> None:
        if self.document is None:
            self.app.bell()
            return
        self._before_find = (self.pattern, self.find_text, self.match_index, int(self.scroll_offset.y))
        self.app.push_screen(FindPrompt(self), self._end_find)

    def preview_find(self, text: str) -> None:
        """As the words are typed: mark them and show the first match from where the find started."""
        if self._before_find is None:
            return
        self._set_pattern(find_pattern(text))
        index = self._first_match_from(self._before_find[3])
        if index is not None:
            self._go_to_match(index)
        else:
            self.scroll_to(y=self._before_find[3], animate=False, immediate=True)

    def _end_find(self, text: str | None) -> None:
        before, self._before_find = self._before_find, None
        if text is None:  # cancelled: as it was
            pattern, self.find_text, index, y = before
            self._set_pattern(pattern, index)
            self.scroll_to(y=y, animate=False, immediate=True)
            return
        self.find_text = text.strip()
        self._set_pattern(find_pattern(text))
        if not self.find_text:
            return
        index = self._first_match_from(before[3])
        if index is None:
            self.app.bell()
            self.notify(f"not found: {self.find_text}", severity="warning", timeout=3, markup=False)
            self.scroll_to(y=before[3], animate=False, immediate=True)
            return
        self._go_to_match(index)
        first = self.matches[index][0][0] < before[3]
        count = f"{len(self.matches):,}{'+' if len(self.matches) >= MAX_MATCHES else ''}"
        self.notify(f"{count} found{'; from the top' if first else ''} (> next, < previous)", timeout=2,
                    markup=False)

    def action_match(self, step: int) -> None:
        self.clear_mark()
        if not self.matches:
            self.app.bell()
            self.notify("no matches here: / finds words in the cable", timeout=2)
            return
        index = self.match_index + step if self.match_index >= 0 else (0 if step > 0 else len(self.matches) - 1)
        if not 0 <= index < len(self.matches):
            index %= len(self.matches)
            self.notify("from the top" if step > 0 else "from the bottom", timeout=1)
        self._go_to_match(index)
