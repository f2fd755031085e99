"""The word diff (tui/cable/diff.py): on the seed pair (one cable from two sources that differ), on texts that agree,
on long and hostile texts, and with hypothesis (the runs give back both texts' words)."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tui.cable import diff as d
from tui.cable.sources import read


def seed_texts() -> tuple[str, str]:
    """The text of seed 000 (the whole page) and of seed 001 (raw text that cuts lines short), as parsed."""
    first, second = (next(iter(read(path))) for path in sorted(SEEDS.glob("00[01]_*.txt")))
    return tuple("\n".join((c.header, c.body)) for c in (first, second))


def replaced(runs: list[d.Run]) -> list[tuple[str, str]]:
    """Each deleted run followed by an inserted run, as (deleted words, inserted words)."""
    return [(" ".join(a.words), " ".join(b.words)) for a, b in zip(runs, runs[1:])
            if a.op == d.DELETE and b.op == d.INSERT]


def test_the_seed_pair_differs_where_the_sources_do():
    a, b = seed_texts()
    runs = d.diff(a, b)
    pairs = replaced(runs)
    assert ("Scenesetter", "Scen setter") in pairs
    assert ("ascendency,", "ascendancy,") in pairs
    # a line seed 001 cuts short: the rest of paragraph 1 is deleted, the cut word inserted
    cut = next(p for p in pairs if p[1] == "bilate")
    assert cut[0].startswith("bilateral relationship and to support") and cut[0].endswith("in the region. End")
    assert d.side(runs, d.DELETE) == d.words(a)[0] and d.side(runs, d.INSERT) == d.words(b)[0]
    text = d.as_text(runs)
    assert "SUBJECT: [-Scenesetter-]{+Scen setter+} for the Opening" in text
    assert "in the [-ascendency,-]{+ascendancy,+} cautiously" in text


def test_line_breaks_are_not_differences():
    text = "1. (C) The failure to reduce violence has focused\nattention on the military.\n\n2. (C) Next."
    runs = d.diff(text, " ".join(text.split()))
    assert [r.op for r in runs] == [d.EQUAL] and runs[0].words == tuple(text.split())
    assert runs[0].breaks == (d.SPACE,) * 9 + (d.LINE,) + (d.SPACE,) * 3 + (d.BLANK,) + (d.SPACE,) * 2  # the first's
    assert not d.changed(d.diff(text, text.replace("\n", "  \n ")))
    assert d.diff("", "") == [] and d.as_text([]) == "\n"


def test_runs_alternate_and_a_pure_insertion_or_deletion_is_one_run():
    runs = d.diff("a b c d", "a b x y c d")
    assert [(r.op, r.words) for r in runs] == [(d.EQUAL, ("a", "b")), (d.INSERT, ("x", "y")), (d.EQUAL, ("c", "d"))]
    assert d.as_text(runs) == "a b {+x y+} c d\n"
    assert d.as_text(d.diff("a b c", "a c")) == "a [-b-] c\n"
    assert d.counts(d.diff("one two three", "one 2 three four")) == (1, 2)


def test_a_run_over_several_lines_is_marked_on_each():
    """Each line reads on its own: the markers close at the line end and open again on the next."""
    text = d.as_text(d.diff("keep this\nand that\nend", "keep end"))
    assert text == "keep [-this-]\n[-and that-]\nend\n"


def test_wrapped_for_a_terminal_each_line_is_marked_on_its_own():
    line = d.pieces(d.diff("keep the words here", "keep no words here"))[0]
    assert d.wrap(line, 14) == [[(d.EQUAL, "keep "), (d.DELETE, "the")], [(d.INSERT, "no"), (d.EQUAL, " words")],
                                [(d.EQUAL, "here")]]
    assert d.wrap([], 10) == [[]]  # a blank line stays


def test_the_display_pieces_keep_the_first_texts_lines():
    pieces = d.pieces(d.diff("A b\nc d\n\ne", "A B c d e f"))
    assert pieces == [[(d.EQUAL, "A "), (d.DELETE, "b"), (d.INSERT, "B")], [(d.EQUAL, "c d")], [],
                      [(d.EQUAL, "e "), (d.INSERT, "f")]]


words = st.lists(st.sampled_from(["the", "a", "of", "Scenesetter", "¶1.", "MEXICO", "x"]) | st.text(min_size=1),
                 max_size=40)
gaps = st.sampled_from([" ", "\n", "\n\n", "  \t", " \n "])


@st.composite
def texts(draw) -> str:
    found = [w for w in draw(words) if w.split() == [w]]  # words without spaces
    return "".join(draw(gaps) + w for w in found) + draw(gaps)


@settings(max_examples=100, deadline=None)
@given(texts(), texts())
def test_the_runs_give_back_both_texts(a, b):
    runs = d.diff(a, b)
    assert d.side(runs, d.DELETE) == a.split() and d.side(runs, d.INSERT) == b.split()
    assert all(r.words and len(r.words) == len(r.breaks) for r in runs)
    assert all(x.op != y.op for x, y in zip(runs, runs[1:]))
    assert d.changed(runs) == (a.split() != b.split())
    shown = [w for line in d.pieces(runs) for _, text in line for w in text.split()]
    assert shown == [w for r in runs for w in r.words]  # every word shown once, in order
    for width in (12, 40):  # wrapped for a terminal: no line wider, unless one word is; no word lost
        wrapped = [part for line in d.pieces(runs) for part in d.wrap(line, width)]
        assert [w for part in wrapped for _, text in part for w in text.split()] == shown
        for part in wrapped:
            marked = "".join(f"{d.MARKERS[op][0]}{t}{d.MARKERS[op][1]}" if op in d.MARKERS else t for op, t in part)
            assert len(marked) <= width or len(marked.split()) == 1, marked


def test_long_texts_are_fast():
    """100 KB texts that differ a little, that differ everywhere, and of five common words (difflib on the whole
    word lists would take minutes on the last): each well under a second (bench/bench_diff.py measures them)."""
    rnd = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    a = "\n".join(" ".join(rnd.choice(vocabulary) for _ in range(12)) + "." for _ in range(1400))
    lines = a.split("\n")
    b = "\n".join(ln[:len(ln) // 2] if i % 9 == 0 else ln.replace("w1", "CHANGED") for i, ln in enumerate(lines))
    few = [" ".join(rnd.choice(["the", "a", "of", "to", "and"]) for _ in range(16000)) for _ in range(2)]
    for x, y in ((a, b), (a, "".join(rnd.choice("abcdefgh ") for _ in range(100_000))), few):
        started = time.process_time()  # CPU time: a loaded machine's wall time is not the diff's own
        runs = d.diff(x, y)
        assert time.process_time() - started < 2.0
        assert d.side(runs, d.DELETE) == x.split() and d.side(runs, d.INSERT) == y.split()
