"""``cablereader import | show | search | stats``: the library's non-interactive commands."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from tui.library import Filter
from tui.paths import home_dir, library_path

# control characters and bidi overrides: never echoed raw
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    return _UNSAFE.sub("?", text)


def _json(data) -> str:
    """JSON in readable UTF-8; DEL, C1 controls and bidi overrides as \\u escapes, like the C0 ones json escapes."""
    return re.sub(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}",
                  json.dumps(data, ensure_ascii=False, indent=2))


def _err(message: str) -> None:
    print(f"cablereader: {_clean(message)}", file=sys.stderr)


def _quiet_pipe() -> None:
    """`cablereader ... | head`: stop quietly (the Python docs' recipe)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_import(args: argparse.Namespace) -> int:
    from tui.library.importer import import_paths, source_size
    from tui.progress import Progress

    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        _err(f"no such file or folder: {', '.join(missing)}")
        return 2
    home = home_dir(args.home)
    bar = Progress(source_size(args.sources))

    def progress(r) -> None:
        bar.update(r.rows, r.bytes_done, f"+{r.added:,} cables")

    result = import_paths(library_path(home), args.sources, jobs=args.jobs, progress=progress)
    bar.finish()
    rate = result.bytes_done / max(result.seconds, 1e-6) / 1e6
    print(f"{'interrupted: ' if result.interrupted else ''}{result.summary()}")
    print(f"{result.rows:,} rows, {result.bytes_done / 1e6:,.0f} MB in {result.seconds:.1f} s ({rate:.1f} MB/s)"
          f"; library: {library_path(home)}")
    if result.interrupted:
        print("run the same import again to resume", file=sys.stderr)
        return 130
    return 0


def _open(args):
    from tui.library import Library

    return Library.open(home_dir(args.home))


def _find(library, text: str) -> str | None:
    """The one ID ``text`` names; prints the choices or the nearest IDs and returns None otherwise."""
    ids = library.resolve(text)
    if len(ids) == 1:
        return ids[0]
    if ids:
        _err(f"{text!r} matches several cables: {', '.join(ids[:20])}")
        return None
    near = library.nearest(text)
    _err(f"no cable {text!r} in {'the bundled samples' if library.is_samples else 'the library'}"
         + (f"; nearest: {', '.join(near)}" if near else ""))
    return None


def run_show(args: argparse.Namespace) -> int:
    text = " ".join(args.ref)
    with _open(args) as library:
        ref = _find(library, text)
        if ref is None:
            return 1
        cable = library.get(ref)
    try:
        if args.json:
            print(_json(cable.to_dict()))
            return 0
        out = _render(cable)
        if not args.plain and sys.stdout.isatty():
            try:
                from rich.console import Console

                from tui.highlight import highlight
            except ImportError:
                print(_clean(out))
            else:
                Console(highlight=False).print(highlight(out), soft_wrap=True)
        else:
            from tui.highlight import sanitize

            print(sanitize(out))
    except BrokenPipeError:
        _quiet_pipe()
    return 0


def _render(cable) -> str:
    """The cable as a reader sees it: the metadata line, then the routing header and the text."""
    created = cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else "?"
    head = (f"Reference ID {cable.reference_id}  Created {created}  Classification {cable.classification}  "
            f"Origin {cable.origin}")
    parts = [head, ""]
    if cable.header:
        parts += [cable.header.rstrip("\n"), ""]
    parts.append(cable.body.rstrip("\n"))
    return "\n".join(parts) + "\n"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    try:
        f = Filter(origin=args.origin, classification=args.classification and args.classification.upper(),
                   tag=args.tag, date_from=_date(args.date_from), date_to=_date(args.date_to))
    except ValueError as exc:
        _err(f"bad date: {exc}")
        return 2
    with _open(args) as library:
        if f.origin and not library.count(Filter(origin=f.origin)):
            origins = [o for o, _ in library.facets()["origin"]]
            match = [o for o in origins if f.origin.lower() in o.lower()]
            if len(match) == 1:  # --origin MEXICO means "Embassy Mexico"
                f = dataclasses.replace(f, origin=match[0])
        hits = library.search(query, f, limit=args.limit)
        rows = {r.reference_id: r for r in library.rows(
            [library.key_of(h.reference_id) for h in hits])}
    try:
        if args.json:
            print(_json([{"id": h.reference_id, "created": rows[h.reference_id].created,
                          "classification": rows[h.reference_id].classification,
                          "origin": rows[h.reference_id].origin, "subject": rows[h.reference_id].subject,
                          "snippet": h.snippet, "spans": h.spans, "rank": h.rank} for h in hits]))
            return 0
        for h in hits:
            r = rows[h.reference_id]
            print(_clean(f"{h.reference_id:<20} {r.created[:10]:<10} {r.classification:<12.12} {r.subject[:60]}"))
            print(_clean(f"    {h.snippet}"))
        if not hits:
            print("no matches", file=sys.stderr)
    except BrokenPipeError:
        _quiet_pipe()
    return 0 if hits else 1


def run_stats(args: argparse.Namespace) -> int:
    with _open(args) as library:
        s = library.stats()
    src = "bundled samples (nothing imported yet)" if s["is_samples"] else "library"
    print(f"{src}: {s['path']}  ({s['size_bytes'] / 1e6:,.1f} MB)")
    print(f"cables: {s['cables']:,}  variants: {s['variants']:,}  cables with several sources: "
          f"{s['cables_with_variants']:,}  origins: {s['origins']:,}")
    print(_clean("classification: " + ", ".join(f"{k or '?'} {v:,}" for k, v in s["classification"].items())))
    years = s["years"]
    if years:
        print("years: " + ", ".join(f"{k or '?'} {v:,}" for k, v in years.items()))
    if s["skipped"]:
        print("skipped: " + ", ".join(f"{k} {v:,}" for k, v in s["skipped"].items()))
    if s["warnings"]:
        print("read with damage: " + ", ".join(f"{k} {v:,}" for k, v in s["warnings"].items()))
    return 0


HANDLERS = {"import": run_import, "show": run_show, "search": run_search, "stats": run_stats}
