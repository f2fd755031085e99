"""``cablereader show | search | stats | import``: the library's commands."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.cli.output import cable_json, err, page, page_lines, paragraph_json, summary_json, write_json
from tui.library.query import FilterError
from tui.paths import home_dir, library_path
from tui.safetext import dumps, line, screen

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the arguments are argparse's, or tui/cli/quick.py's of the same names
    import argparse


def cmd_import(args: argparse.Namespace) -> int:
    from tui.library.importer import import_paths, source_size
    from tui.progress import Progress

    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        err(f"no such file or folder: {', '.join(missing)}")
        return 2
    home = home_dir(args.home)
    bar = Progress(source_size(args.sources))

    def progress(r) -> None:
        # at the end's stages every source has been read (what was read is text: less than the files' sizes)
        bar.update(r.rows, bar.total if r.stage else r.bytes_done,
                   f"+{r.added:,} cables" + (f"  {r.stage}..." if r.stage else ""), force=bool(r.stage))

    result = import_paths(library_path(home), args.sources, jobs=args.jobs, progress=progress,
                          waiting=lambda: err("another import into this library is running: waiting for it to end"))
    bar.finish(result.rows, result.bytes_done, f"+{result.added:,} cables", interrupted=result.interrupted)
    rate = result.bytes_done / max(result.seconds, 1e-6) / 1e6
    print(f"{'interrupted: ' if result.interrupted else ''}{result.summary()}")
    print(f"{result.rows:,} rows, {result.bytes_done / 1e6:,.0f} MB in {result.seconds:.1f} s ({rate:.1f} MB/s)"
          f"; library: {library_path(home)}")
    if result.interrupted:
        print("run the same import again to resume", file=sys.stderr)
        return 130
    return 0


def _open(args):
    from tui.library import open_home

    return open_home(home_dir(args.home))


def cmd_show(args: argparse.Namespace) -> int:
    """Each cable (or paragraph: ``REF#N``, ``--paragraph N``) the REFs name, in order; a message for each that
    names none, or a paragraph the cable lacks (exit 1), the others printed."""
    from tui.library.lookup import lookup, split_refs

    shown, missing = [], False  # (cable, paragraph number or None)
    with _open(args) as library:
        where = "the bundled samples" if library.is_samples else "the library"
        for text in split_refs(args.ref):
            found = lookup(library, text)
            if found.problem(where) is not None:
                err(found.problem(where))
                missing = True
                continue
            number = found.paragraph if found.paragraph is not None else args.paragraph
            if number is None and not args.json:  # the text as shown: no parse where the metadata names the rest
                shown.append((_as_shown(library, found.one), None))
                continue
            from tui.display.citation import paragraph

            cable = library.get(found.one)
            if number is not None and paragraph(cable, number) is None:
                err(_no_paragraph(cable, number))
                missing = True
                continue
            shown.append((cable, number))
    if args.json:
        page("".join(dumps(cable_json(c) if n is None else paragraph_json(c, n)) + "\n" for c, n in shown))
    elif shown:
        from tui.display.plain import plain_text as _render

        width = _terminal_width()  # on a terminal the text is laid out at its width; piped, as stored
        plain = "\n".join(screen(_render(c, width) if n is None else _render_paragraph(c, n, width))
                           for c, n in shown)
        page(_coloured(plain) if not args.plain and sys.stdout.isatty() else plain, plain)
    return 1 if missing else 0


def _as_shown(library, reference_id: str):
    """The cable as ``show`` prints it whole (tui/cable/assemble.py's ``Shown``: the text cut into header and body,
    a tenth of a parse, and no Cable made: neither the model nor dataclasses load), or parsed when its metadata
    leaves a field to the text."""
    from tui.cable.assemble import shown_cable

    record = library.stored([library.key_of(reference_id)])[0].record
    return shown_cable(record.text, record.metadata) or record.parse()


def _no_paragraph(cable, number: int) -> str:
    """The message for a paragraph number the cable does not have, naming those it has."""
    numbers = [p.number for p in cable.paragraphs]
    has = f"paragraphs {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else \
        f"paragraph {numbers[0]}" if numbers else "no numbered paragraphs"
    return f"{cable.reference_id} has no paragraph {number} ({has})"


def _render_paragraph(cable, number: int, width: int | None = None) -> str:
    """A paragraph as a reader quotes it: its citation, a blank line, then ``6. (S) text`` (re-flowed to
    ``width`` when given, else with the cable's own line breaks)."""
    from tui.display.citation import citation, paragraph

    para = paragraph(cable, number)
    text = f"{para.number}. " + (f"({para.marking}) " if para.marking else "") + para.text
    if width is not None:
        from tui.cable.flow import reflow

        text = "\n".join(reflow(" ".join(text.split()), width))
    return f"{citation(cable, number)}\n\n{text}\n"


def _coloured(text: str) -> str:
    """``text`` (already safe) with the cable lexer's colours as terminal codes, for the terminal's width."""
    import io
    import shutil

    from rich.console import Console

    from tui.highlight import highlight

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, highlight=False, width=shutil.get_terminal_size().columns)
    console.print(highlight(text), soft_wrap=True, end="")
    return out.getvalue()


def _terminal_width() -> int | None:
    """The terminal's width when stdout is one, else None."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, 20)


def cmd_search(args: argparse.Namespace) -> int:
    from tui.cli.view import Unmatched, empty_alone, typed_filter, view_filter

    query = " ".join(args.query)
    if not query.strip():  # `search ''`: a usage error, with the usage line
        from tui.cli.args import build_parser

        build_parser("search").commands["search"].error("the query is empty: give a word to search for "
                                                        "(search --help lists the syntax)")
    try:
        f = typed_filter(args)
    except FilterError as exc:
        err(f"{exc}")
        return 2
    with _open(args) as library:
        try:
            f = view_filter(args, library, f)
        except Unmatched as exc:
            err(f"{exc}")
            if args.json:  # `[]`, as for no hits
                write_json([])
            return 1
        hits = library.search(query, f, limit=args.limit)
        rows = {r.reference_id: r for r in library.rows(
            [library.key_of(h.reference_id) for h in hits])}
        said = None if hits else empty_alone(library, f)
    if said:
        err(said)
    elif not hits:
        print("no matches", file=sys.stderr)
    if args.json:  # `[]` when nothing matched, and exit 1 as the plain list (grep's rule)
        write_json([summary_json(rows.get(h.reference_id), h.reference_id, snippet=h.snippet, spans=h.spans,
                                 rank=h.rank) for h in hits])
        return 0 if hits else 1
    from tui.cable.glossary import level

    width = _terminal_width() or 10**6  # on a terminal each line is cut at its width, with an ellipsis
    ids = max(len(h.reference_id) for h in hits) if hits else 0
    out = []
    for h in hits:
        r = rows[h.reference_id]  # the level as the list shows it (TS, S, C, U): the subject keeps the width
        out.append(_cut(line(f"{h.reference_id:<{ids}} {r.created[:10]:<10} {level(r.classification):<2} "
                             f"{r.subject}"), width))
        out.append(_cut("    " + line(h.snippet), width))
    page_lines(out)
    return 0 if hits else 1


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in ``…`` when cut."""
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def cmd_stats(args: argparse.Namespace) -> int:
    from tui.cli.counts import UNDATED  # loaded here: show and search need nothing of counts.py (~10 ms)

    with _open(args) as library:
        s = library.stats()
    src = "bundled samples (nothing imported yet)" if s["is_samples"] else "library"
    out = [f"{src}: {s['path']}  ({s['size_bytes'] / 1e6:,.1f} MB)",
           f"cables: {s['cables']:,}  variants: {s['variants']:,}  cables with several sources: "
           f"{s['cables_with_variants']:,}  origins: {s['origins']:,}",
           line("classification: " + ", ".join(f"{k or '?'} {v:,}" for k, v in s["classification"].items()))]
    years = s["years"]
    if years:
        out.append("years: " + ", ".join(f"{k or UNDATED} {v:,}"
                                         for k, v in sorted(years.items(), key=lambda kv: not kv[0])))
    if s["skipped"]:
        out.append("skipped: " + ", ".join(f"{k} {v:,}" for k, v in s["skipped"].items()))
    if s["warnings"]:
        out.append("read with damage: " + ", ".join(f"{k} {v:,}" for k, v in s["warnings"].items()))
    page_lines(out)
    return 0
