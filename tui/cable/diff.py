"""Two texts compared word by word, however their lines break: runs of equal, deleted and inserted words.

A word is a run of non-space characters; how lines break is not compared (a line one source cuts short shows as
deleted words, a paragraph re-wrapped as no change). Each word keeps the break before it in its own text (``SPACE``,
``LINE`` or ``BLANK``) so a diff can be shown with a text's own lines.

Fast on long texts: difflib on two whole word lists can be quadratic (two 16,000-word texts of a few common words
take minutes), so the texts are first cut into chunks at content-defined points (after a word that ends a sentence
or whose hash says so: the same words give the same chunks in both texts, wherever lines break) and the chunks
compared; only the chunks that differ are compared word by word, and a pair of differing stretches too large for
that is shown as deleted then inserted.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from difflib import SequenceMatcher

from tui.cable import lazyre

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
SPACE, LINE, BLANK = 0, 1, 2  # the break before a word: a space, a line end, a blank line (or more)

_SPACES = lazyre.compile(r"(\S+)")
_TOKENS = lazyre.compile(r"\s+|\S+")
_ENDS_SENTENCE = ".!?:;"
_CHUNK_EVERY = 8  # a word ends a chunk by its hash about once in this many words
#: word pairs (len(a) * len(b)) above which two differing stretches are not compared word by word
WORD_PAIRS_MAX = 4_000_000


@dataclass(frozen=True)
class Run:
    """Words that are equal in both texts, or only in the first (``DELETE``) or the second (``INSERT``).

    ``breaks[i]`` is the break before ``words[i]`` in the text the run's words are laid out from (the first for
    equal and deleted words, the second for inserted ones)."""

    op: str
    words: tuple[str, ...]
    breaks: tuple[int, ...]


def words(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` and the break before each (the first word's: its own, counted from the start)."""
    parts = _SPACES.split(text)  # gap, word, gap, word, ..., gap
    found = parts[1::2]
    breaks = [min(gap.count("\n"), BLANK) for gap in parts[0:-1:2]]
    return found, breaks


def diff(a: str, b: str) -> list[Run]:
    """The runs turning ``a``'s words into ``b``'s: in order, adjacent runs never of the same kind; a replaced
    stretch is a ``DELETE`` run followed by an ``INSERT`` run."""
    wa, ba = words(a)
    wb, bb = words(b)
    if wa == wb:
        return [Run(EQUAL, tuple(wa), tuple(ba))] if wa else []
    out: list[Run] = []

    def add(op: str, i: int, j: int, source: list[str], breaks: list[int]) -> None:
        if i >= j:
            return
        if out and out[-1].op == op:
            last = out.pop()
            out.append(Run(op, last.words + tuple(source[i:j]), last.breaks + tuple(breaks[i:j])))
        else:
            out.append(Run(op, tuple(source[i:j]), tuple(breaks[i:j])))

    def words_of(i1: int, i2: int, j1: int, j2: int) -> None:
        """Word by word between a[i1:i2] and b[j1:j2] (a stretch where the chunks differ)."""
        if (i2 - i1) * (j2 - j1) > WORD_PAIRS_MAX:
            add(DELETE, i1, i2, wa, ba)
            add(INSERT, j1, j2, wb, bb)
            return
        matcher = SequenceMatcher(None, wa[i1:i2], wb[j1:j2], autojunk=False)
        for op, x1, x2, y1, y2 in matcher.get_opcodes():
            if op == "equal":
                add(EQUAL, i1 + x1, i1 + x2, wa, ba)
            else:
                add(DELETE, i1 + x1, i1 + x2, wa, ba)
                add(INSERT, j1 + y1, j1 + y2, wb, bb)

    ca, cb = _chunks(wa), _chunks(wb)
    sa, sb = _starts(ca), _starts(cb)
    matcher = SequenceMatcher(None, ca, cb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(EQUAL, sa[i1], sa[i2], wa, ba)
        else:
            words_of(sa[i1], sa[i2], sb[j1], sb[j2])
    return out


def _chunks(found: list[str]) -> list[tuple[str, ...]]:
    """The words cut after each word that ends a sentence or whose hash is a multiple of ``_CHUNK_EVERY``: the
    same words give the same cuts, so texts that agree give equal chunks."""
    out, start = [], 0
    for i, word in enumerate(found):
        if word[-1] in _ENDS_SENTENCE or not zlib.crc32(word.encode("utf-8", "surrogatepass")) % _CHUNK_EVERY:
            out.append(tuple(found[start:i + 1]))
            start = i + 1
    if start < len(found):
        out.append(tuple(found[start:]))
    return out


def _starts(chunks: list[tuple[str, ...]]) -> list[int]:
    """Where each chunk starts in the word list, and the end."""
    out, at = [0], 0
    for chunk in chunks:
        at += len(chunk)
        out.append(at)
    return out


def changed(runs: list[Run]) -> bool:
    return any(run.op != EQUAL for run in runs)


def counts(runs: list[Run]) -> tuple[int, int]:
    """(words deleted, words inserted)."""
    return (sum(len(r.words) for r in runs if r.op == DELETE), sum(len(r.words) for r in runs if r.op == INSERT))


def side(runs: list[Run], op: str) -> list[str]:
    """The words of the first text (``op`` DELETE) or of the second (INSERT), put back together from the runs."""
    return [w for r in runs if r.op in (EQUAL, op) for w in r.words]


MARKERS = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}


def pieces(runs: list[Run]) -> list[list[tuple[str, str]]]:
    """The diff as lines of (op, text) pieces, laid out with the first text's line breaks (inserted words with
    the second's; an inserted run right after the deleted run it replaces). A blank line is an empty list. The
    space between two words of one changed run belongs to the run, other spaces are ``EQUAL``. Markers are not
    added: a caller marks each piece as it shows it (``as_text``: ``[-..-]{+..+}``)."""
    lines: list[list[tuple[str, str]]] = [[]]

    def put(op: str, text: str) -> None:
        line = lines[-1]
        if line and line[-1][0] == op:
            line[-1] = (op, line[-1][1] + text)
        else:
            line.append((op, text))

    previous = None
    for run in runs:
        for i, (word, brk) in enumerate(zip(run.words, run.breaks)):
            if i == 0 and (previous is None or (run.op == INSERT and previous == DELETE)):
                pass  # the first word, or the words replacing those just deleted: nothing before it
            elif brk == SPACE:
                put(run.op if i else EQUAL, " ")
            else:
                lines.extend([] for _ in range(brk))
            put(run.op, word)
        previous = run.op
    return lines


def wrap(line: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """A line of ``pieces`` broken between words into lines of at most ``width`` columns as ``as_text`` marks
    them (a changed run's two markers counted on each line it reaches; a word longer than the width alone)."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    used = 0
    for op, text in line:
        for token in _TOKENS.findall(text):
            blank = token.isspace()
            if blank and not current:
                continue
            cost = len(token) + (4 if op in MARKERS and not (current and current[-1][0] == op) else 0)
            if not blank and current and used + cost > width:
                while current and current[-1][1].isspace():
                    used -= len(current.pop()[1])
                out.append(_merged(current))
                current, used = [], 0
                cost = len(token) + (4 if op in MARKERS else 0)
            current.append((op, token))
            used += cost
    out.append(_merged(current))
    return out


def _merged(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op, text in tokens:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def as_text(runs: list[Run]) -> str:
    """The diff as plain text, with wdiff's and ``git diff --word-diff``'s markers: ``[-deleted-]{+inserted+}``.
    A run broken over lines is marked on each line, so every line reads on its own."""
    out = []
    for line in pieces(runs):
        out.append("".join(f"{MARKERS[op][0]}{text}{MARKERS[op][1]}" if op in MARKERS else text for op, text in line))
    return "\n".join(out) + "\n"
