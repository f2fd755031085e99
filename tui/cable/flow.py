"""Re-flow of a cable's text: which lines are paragraphs to join and re-wrap, and which stay as written.

Pure: plain strings in, line ranges and cut offsets out. ``blocks`` splits the lines of a cable into blocks:
a paragraph or list item (``flow``: its hard-wrapped lines are joined and re-wrapped to any width) or a single
line kept as written (the routing header, banner and field lines, page breaks, rules, tables, indented lines,
headings and signatures in capitals, blank lines). ``wrap`` cuts one line at word boundaries; ``reflow`` does
both on plain text, for tests and plain output.

The rules are general, not tuned to a cable: a line joins the one before it only when that one was filled to
the original's wrap column (estimated per cable) or was cut mid-sentence, so short lines written one under the
other (addresses, name lists, signature blocks) never run together.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.cable import lazyre

__all__ = ["Block", "as_written", "blocks", "joined", "reflow", "wrap"]

DEFAULT_COLUMN = 69  # the teletype wrap column, when a cable has too few wrapped lines to tell its own


@dataclass(frozen=True)
class Block:
    """Lines ``start``..``end`` (end excluded) of the text: one paragraph or list item, or one line as written."""

    start: int
    end: int
    flow: bool  # True: join the lines and wrap them to the width; False: a single line shown as written
    hang: int = 0  # cells to indent wrapped continuation lines by (where a list item's text starts; for a line
    # kept as written, two more than its own indent, so a too-long routing line's rest reads as its rest)


# A paragraph's first line: 1.  ¶1.  [¶1.](#)  A. (C)  (a)  a)  (1)  1)
_PARAGRAPH = lazyre.compile(
    r"[ \t]?(?:\[¶\d{1,3}\.\]\(#\)|[¶\ufffd]?[ \t]*\d{1,3}\.(?=[ \t]|$)|[A-Z]\.(?=[ \t]+\(|[ \t]{2})"
    r"|\((?:\d{1,2}|[A-Za-z]|[ivx]{2,4})\)(?=[ \t])|(?:\d{1,2}|[a-z]|[ivx]{2,4})\)(?=[ \t]))"
)
# A list item's first line: -- text, - text, * text, o text, bullet; the text after the bullet is the hang
_ITEM = lazyre.compile(r"[ \t]?(?:-{1,3}|[*\u2022\u00b7o])[ \t]+(?=\S)")
# Lines always shown as written
_VERBATIM = lazyre.compile(
    r"[ \t]*[A-Z][A-Z .]*[ \t]0*\d+[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d+[ \t]*$"  # page break: MEXICO 00000083 002 OF 005
    r"|[ \t]*PAGE[ \t]+\d+[ \t]"  # page break of older cables: PAGE 02 TEHRAN 02069 041212Z
    r"|[ \t]*[-=_*~+#.|:]{3,}[ \t]*$"  # a rule: ------ ====== (and the line above it is a heading)
    r"|[ \t]{2,}\S|\t"  # indented
    r"|[ \t]?(?:[A-Z](?:[ ][A-Z]){4,})"  # a spaced banner: S E C R E T, C O N F I D E N T I A L
)
# A table row or aligned columns: a gap of three spaces or more inside the line (not after a sentence: some
# typists put three spaces there), two such gaps anywhere, or two column bars
_TABLE_GAP = lazyre.compile(r"(.)[ ]{3,}(?=\S)")
_AFTER_SENTENCE = frozenset(".!?:;,\"'\u201d)")
# Field lines of a cable's head; they and the lines that continue them (up to a blank line) stay as written
_FIELD = lazyre.compile(
    r"[ \t]?(?:(?:SUBJECT|SUBJ|TAGS?|REF|REFS|REFTELS?|REFERENCES?|CLASSIFIED[ \t]+BY|DERIVED[ \t]+FROM)\b"
    r"|(?:Subject|Ref|Refs|Reftel|Derived[ \t]+[Ff]rom)[ \t]*:|Classified[ \t]+[Bb]y\b|E\.[ ]?O\.|EO[ \t]+\d)"
)
_SENTENCE_END = lazyre.compile(r"[.!?:;]['\"\u2019\u201d)]*$")
FIELD_LINES = 6  # a field line and at most this many lines continuing it stay as written
_HYPHEN_END = lazyre.compile(r"[A-Za-z]-$")  # JURIS-|DICTION: the original's hyphen at a line break
_LOWER = lazyre.compile(r"[a-z]")
_UPPER = lazyre.compile(r"[A-Z]")
_NOT_LOWER = lazyre.compile(r"[^a-z]+")
_NOT_UPPER = lazyre.compile(r"[^A-Z]+")
_RULE = lazyre.compile(r"[ \t]*[-=_~]{3,}[ \t]*$")


def _column(lines: list[str]) -> int:
    """The column the original was wrapped at: the 95th percentile of its wrapped-looking line lengths."""
    lengths = sorted(n for n in (len(line.rstrip()) for line in lines) if 30 <= n <= 100)
    if len(lengths) < 8:
        return DEFAULT_COLUMN
    return lengths[int(len(lengths) * 0.95)]


def _capitals_only(lines: list[str]) -> bool:
    """True when the text is written in capitals (older cables): capitals then do not mark a heading.
    Judged on its first 20,000 characters."""
    sample = "\n".join(lines)[:20_000]
    upper = len(_NOT_UPPER.sub("", sample))
    return upper > 0 and len(_NOT_LOWER.sub("", sample)) < upper * 0.05


def _table(line: str) -> bool:
    """A table row: a gap of three spaces or more inside the line but not after a sentence (some typists put
    three spaces there), or two such gaps, or two column bars."""
    if "|" in line and line.count("|") >= 2:
        return True
    if "   " not in line.strip():
        return False
    gaps = _TABLE_GAP.findall(line.strip())
    return len(gaps) >= 2 or any(c not in _AFTER_SENTENCE for c in gaps)


def _continues(previous: str, line: str, column: int) -> bool:
    """True when ``line`` carries on the paragraph ``previous`` ended: the original broke it only to wrap."""
    before = previous.rstrip()
    word = line.split(None, 1)[0] if line.strip() else ""
    if len(before) + 1 + len(word) > column - 3:  # the next word would not have fitted: a wrapped line
        return True
    return len(before) >= column // 2 and not _SENTENCE_END.search(before)  # cut in mid-sentence


def _written(i: int, line: str) -> Block:
    return Block(i, i + 1, False, len(line) - len(line.lstrip(" ")) + 2 if line.strip() else 0)


def as_written(lines: list[str]) -> list[Block]:
    """Every line a block of its own, as written: the source's own line breaks."""
    return [_written(i, line) for i, line in enumerate(lines)]


def blocks(lines: list[str], head: int = 0) -> list[Block]:
    """Split ``lines`` (one string per line, no newlines) into blocks; the first ``head`` lines (the routing
    header) stay as written."""
    body = lines[head:]
    column = _column(body)
    capitals = _capitals_only(body)
    last_text = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    out: list[Block] = []
    open_: list[int] | None = None  # [start, end, hang] of the paragraph being read
    in_field = 0  # lines left of a field's continuation

    def close() -> None:
        nonlocal open_
        if open_ is not None:
            out.append(Block(open_[0], open_[1], True, open_[2]))
            open_ = None

    def as_written(i: int) -> None:
        close()
        out.append(_written(i, lines[i]))

    for i, line in enumerate(lines):
        if i < head or not line.strip():
            in_field = 0
            as_written(i)
            continue
        paragraph = _PARAGRAPH.match(line)
        item = None if paragraph else _ITEM.match(line)
        if _FIELD.match(line):
            in_field = FIELD_LINES + 1
        elif paragraph:
            in_field = 0
        if in_field:
            in_field -= 1
            as_written(i)
        elif _verbatim(line, lines, i, capitals, column, last_text):
            as_written(i)
        elif paragraph or item:
            close()
            open_ = [i, i + 1, item.end() if item else 0]
        elif open_ is not None and open_[1] == i and _continues(lines[i - 1], line, column):
            open_[1] = i + 1
        else:
            close()
            open_ = [i, i + 1, 0]
    close()
    return out


def _verbatim(line: str, lines: list[str], i: int, capitals: bool, column: int, last_text: int) -> bool:
    """True for a line shown as written: see ``_VERBATIM``, tables, headings and signatures."""
    if _VERBATIM.match(line) or _table(line):
        return True
    if i + 1 < len(lines) and _RULE.match(lines[i + 1]):
        return True  # an underlined heading
    if not _UPPER.search(line) or _LOWER.search(line):
        return False
    # a line in capitals: in a mixed-case cable a heading, a signature or a field; in a cable written in
    # capitals only a short line that starts a block and ends no sentence (a heading), or the closing lines
    if not capitals:
        return True
    short = len(line.strip()) < column // 2
    if short and i >= last_text - 2 and all(len(x.strip()) < column // 2 for x in lines[i: last_text + 1]):
        return True  # the signature block closing the cable
    starts_block = i == 0 or not lines[i - 1].strip()
    return short and starts_block and not _SENTENCE_END.search(line.rstrip())


def joined(lines: list[str], block: Block) -> tuple[str, list[tuple[int, int, int]]]:
    """The text of a flowing block on one line, and where each source line's kept part sits in it:
    ``(line index, start in the line, start in the joined text)``. Lines are joined by one space (none after
    a word cut by a hyphen: JURIS-DICTION), their trailing spaces and (after the first) their leading spaces
    dropped."""
    parts: list[str] = []
    where: list[tuple[int, int, int]] = []
    length = 0
    for i in range(block.start, block.end):
        line = lines[i]
        start = 0 if i == block.start else len(line) - len(line.lstrip())
        kept = line[start:].rstrip()
        if i > block.start and not (_HYPHEN_END.search(parts[-1]) and kept[:1].isalpha()):
            parts.append(" ")
            length += 1
        where.append((i, start, length))
        parts.append(kept)
        length += len(kept)
    return "".join(parts), where


def wrap(text: str, width: int, hang: int = 0) -> list[tuple[int, int]]:
    """Where to cut ``text`` into lines of at most ``width`` cells: ``(start, end)`` of each piece.

    Cuts fall between words; the spaces at a cut are dropped (not in any piece). Continuation pieces are to be
    shown after ``hang`` spaces (capped at half the width). Only a word longer than the room is cut inside.
    """
    width = max(width, 1)
    hang = min(hang, width // 2)
    end = len(text.rstrip())
    if end <= width:
        return [(0, end)]
    pieces: list[tuple[int, int]] = []
    start, room = 0, width
    while end - start > room:
        cut = text.rfind(" ", start + 1, start + room + 1)
        while cut > start and text[cut - 1] == " ":  # the start of the run of spaces before the break
            cut -= 1
        if cut <= start or not text[start:cut].strip():
            piece_end = next_start = start + room  # a word wider than the room: cut it
        else:
            piece_end = cut
            next_start = cut
        while next_start < end and text[next_start] == " ":
            next_start += 1
        pieces.append((start, piece_end))
        start, room = next_start, width - hang
    if start < end:
        pieces.append((start, end))
    return pieces


def reflow(text: str, width: int, head: int = 0, original: bool = False) -> list[str]:
    """``text`` laid out at ``width`` as plain lines: paragraphs re-flowed, the rest as written (each line
    wrapped at words if wider). ``original``: keep every line break of the source."""
    lines = text.split("\n")
    out: list[str] = []
    for block in as_written(lines) if original else blocks(lines, head):
        line = joined(lines, block)[0] if block.flow else lines[block.start]
        indent = " " * min(block.hang, max(width, 1) // 2)
        out.extend((indent if n else "") + line[a:b] for n, (a, b) in enumerate(wrap(line, width, block.hang)))
    return out
