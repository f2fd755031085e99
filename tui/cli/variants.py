"""``cablereader diff REF [A B]``: two variants (sources) of a cable compared word by word.

Plain text with wdiff's markers (``[-deleted-]{+inserted+}``) when piped, with the first variant's lines; on a
terminal the same wrapped between words at its width, coloured (red struck-through deletions, green underlined
insertions: escape codes written here, no Rich; none with NO_COLOR or --plain), through the pager when longer than
the screen. Light: neither Textual, Rich nor Pygments.
"""

from __future__ import annotations

import argparse
import os
import sys

from tui.cli.output import err, iso, page, write_json

DELETED, INSERTED, HEAD, RESET = "\x1b[31;9m", "\x1b[32;1;4m", "\x1b[1m", "\x1b[0m"


def split_numbers(words: list[str]) -> tuple[str, tuple[int, ...]]:
    """The REF (``lookup.split_refs``' rule: ``10 mexico 83`` is one) and the variant numbers typed after it."""
    from tui.library.lookup import split_refs

    refs = split_refs(words)
    numbers: list[int] = []
    while len(refs) > 1 and refs[-1].isdigit():
        numbers.insert(0, int(refs.pop()))
    if len(refs) != 1:
        raise ValueError(f"one REF to compare the variants of, not {len(refs)}: {', '.join(refs)}")
    if len(numbers) not in (0, 2):
        raise ValueError("two variant numbers (A B), or none for 1 and 2")
    return refs[0], tuple(numbers) or (1, 2)


def cmd_diff(args: argparse.Namespace) -> int:
    from tui.cable import diff as worddiff
    from tui.cli.library import _open
    from tui.display.variants import describe, text_of
    from tui.library.lookup import lookup

    try:
        text, (a, b) = split_numbers(args.ref)
    except ValueError as exc:
        err(f"diff: {exc}")
        return 2
    with _open(args) as library:
        found = lookup(library, text)
        if found.one is None:
            err(found.problem("the bundled samples" if library.is_samples else "the library"))
            return 1
        ref = found.one
        variants = library.variants(ref)  # parsed once: a cable has a few sources at most
    if len(variants) < 2:
        err(f"{ref} has one source: there is no other variant to compare it with")
        return 2
    bad = [n for n in (a, b) if not 1 <= n <= len(variants)]
    if bad:
        err(f"{ref} has {len(variants)} variants (1 to {len(variants)}): no variant {bad[0]}")
        return 2
    first, second = variants[a - 1], variants[b - 1]
    runs = worddiff.diff(text_of(first), text_of(second))
    deleted, inserted = worddiff.counts(runs)
    if args.json:
        write_json({"reference_id": ref, "variants": [_variant_json(a, first), _variant_json(b, second)],
                    "deleted": deleted, "inserted": inserted,
                    "runs": [{"op": r.op, "text": " ".join(r.words)} for r in runs]})
        return 0
    head = [f"--- {ref} {describe(a, first)}", f"+++ {ref} {describe(b, second)}",
            f"{deleted:,} words deleted, {inserted:,} inserted" if worddiff.changed(runs)
            else "the same words (line breaks aside)", ""]
    if not sys.stdout.isatty():  # piped: the lines as the first variant has them
        page("\n".join(head) + "\n" + worddiff.as_text(runs))
        return 0
    import shutil

    colour = not args.plain and os.environ.get("NO_COLOR") is None
    page(_terminal(head, runs, max(shutil.get_terminal_size().columns, 20), colour),
         _terminal(head, runs, max(shutil.get_terminal_size().columns, 20), False))
    return 0


def _terminal(head: list[str], runs, width: int, colour: bool) -> str:
    """The diff for a terminal: wrapped between words at its width, each line marked on its own; with ``colour``
    deletions red and struck through, insertions green and underlined."""
    from tui.cable.diff import DELETE, INSERT, MARKERS, pieces, wrap

    style = {DELETE: DELETED, INSERT: INSERTED} if colour else {DELETE: "", INSERT: ""}
    reset = RESET if colour else ""
    import textwrap

    out = [(HEAD if colour else "") + part + reset for line in head
           for part in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]]
    for line in pieces(runs):
        for part in wrap(line, width):
            out.append("".join(f"{style[op]}{MARKERS[op][0]}{text}{MARKERS[op][1]}{reset}" if op in style else text
                               for op, text in part))
    return "\n".join(out) + "\n"


def _variant_json(number: int, cable) -> dict:
    source = cable.source
    return {"number": number, "path": source.path if source else None, "format": source.format if source else None,
            "row": source.row if source else None,
            "released": iso(cable.released.strftime("%Y-%m-%d %H:%M")) if cable.released else None}
