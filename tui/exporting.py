"""Export a set of cables to one file, as Markdown, plain text, JSON or CSV: the one export of the command line
(``cablereader export``) and of the reader (``x``).

Each cable is read as the library stores it (``Library.stored``: its row, its tags and its source's text), the
text cut into its routing header and body by the parser's own rule (``tui.cable.assemble.shown``, a tenth of a
whole parse), in batches; nothing is parsed whole. What the formats hold:

- ``md``: per cable a heading, its card (ID, created, released, classification, origin, tags, subject), its
  citation (tui/display/citation.py), the reader's note, then its text in a fenced block.
- ``txt``: per cable what ``show --plain`` prints (tui/display/plain.py), with the note under the first line.
- ``json``: one list of cables, one a line, in the command line's shape for a cable in a list (tui/cli/output.py),
  with the export's own keys beside them: ``released``, ``tags``, ``note``, ``citation``, ``header``, ``body``.
- ``csv``: a header row, then one row per cable: reference_id, created (ISO 8601, as in JSON), classification,
  origin, subject, tags, note.

Untrusted text is made safe by tui/safetext.py (md, txt and csv carry no escape sequence; JSON writes them as
``\\u`` escapes); the file is written by tui/safewrite.py, chunk by chunk, never held whole.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from tui.safetext import json_lines, line, screen

FORMATS = ("md", "txt", "json", "csv")
EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt", ".json": "json", ".csv": "csv"}
CSV_COLUMNS = ("reference_id", "created", "classification", "origin", "subject", "tags", "note")
BATCH = 500  # cables read, cut and written at a time
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def format_of(path: str, given: str | None = None) -> str:
    """The format: the one ``given``, else the one ``path``'s extension names, else md."""
    if given:
        return given
    return EXTENSIONS.get(os.path.splitext(str(path))[1].lower(), "md")


def default_path(fmt: str = "md", now: dt.datetime | None = None) -> str:
    """Where the reader proposes to write an export: ``~/cablereader-export-YYYYMMDD-HHMM.md``."""
    now = now or dt.datetime.now()
    return f"~/cablereader-export-{now:%Y%m%d-%H%M}.{fmt}"


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    count: int  # cables written
    path: str  # as the user named it
    format: str
    how: str  # tui.safewrite.write_named's word: "created", "replaced", "written in place", "written to stdout"

    def summary(self) -> str:
        """``exported 10,000 cables to out.md``."""
        where = "stdout" if self.path == "-" else line(self.path)
        return f"exported {self.count:,} cable{'s' if self.count != 1 else ''} to {where} ({self.format})"


@dataclass(frozen=True)
class Entry:
    """One cable, as every format writes it (the text not yet made safe)."""

    reference_id: str
    created: str  # 'YYYY-MM-DD HH:MM' or ''
    released: str  # 'YYYY-MM-DD' or ''
    classification: str
    origin: str
    subject: str
    tags: tuple[str, ...]
    header: str
    body: str
    note: str

    def cable(self):
        """A Cable holding just these fields: what the citation and the plain text are made from."""
        from tui.cable.model import Cable

        created = dt.datetime.fromisoformat(self.created) if self.created else None
        released = dt.datetime.fromisoformat(self.released) if self.released else None
        return Cable(reference_id=self.reference_id, created=created, released=released,
                     classification=self.classification, origin=self.origin, subject=self.subject,
                     tags=list(self.tags), header=self.header, body=self.body)


def entries(library, keys: Sequence[int], notes: Mapping[str, str], text: bool = True) -> list[Entry]:
    """The cables of ``keys``, in order (keys the library no longer holds left out); without ``text``, their
    rows, tags and notes only (no header, body or released date)."""
    if text:  # the header, body and released date are cut from the text; without it no part of the parser loads
        from tui.cable.assemble import shown
        from tui.cable.head import parse_when
    out = []
    for s in library.stored(keys, text=text):
        meta, header, body = shown(s.record.text, s.record.metadata) if text else ({}, "", "")
        released = parse_when(meta.get("released")) if text else None
        out.append(Entry(s.row.reference_id, s.row.created, released.strftime("%Y-%m-%d") if released else "",
                         s.row.classification, s.row.origin, s.row.subject, s.tags, header, body,
                         notes.get(s.row.reference_id, "")))
    return out


def chunk(library, keys: Sequence[int], fmt: str, notes: Mapping[str, str]) -> tuple[int, bytes]:
    """One batch of cables written in ``fmt``: (how many, their bytes)."""
    batch = entries(library, keys, notes, text=fmt != "csv")
    return len(batch), _WRITERS[fmt](batch).encode("utf-8", "replace")


def export(library, keys: Sequence[int], path: str, fmt: str, notes: Mapping[str, str] | None = None,
           progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> Exported:
    """Write the cables of ``keys`` (row keys, in the order to write them) to ``path`` (``-``: stdout) in ``fmt``;
    ``notes``: the reading state's notes by reference ID; ``progress(done, total)`` after each batch; ``jobs``:
    worker processes reading and cutting the batches (a library file and no thread beside this one needed: the
    command line's, never the reader's). Raises OSError (with the path) when the file cannot be written; a file
    replaced stays as it was."""
    from tui.safewrite import write_named

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    keys = list(keys)
    batches = [keys[i:i + BATCH] for i in range(0, len(keys), BATCH)]
    path_of = getattr(library, "path", None)
    if jobs > 1 and len(batches) > 2 and path_of is not None:
        made = _in_workers(path_of, batches, fmt, notes or {}, jobs)
    else:
        made = (chunk(library, b, fmt, notes or {}) for b in batches)
    written = [0]

    def chunks() -> Iterator[bytes]:
        yield _START[fmt]
        for n, data in made:
            if not n:
                continue
            yield (_JOIN[fmt] if written[0] else b"") + data
            written[0] += n
            if progress is not None:
                progress(written[0], len(keys))
        yield _END[fmt]

    how = write_named(os.path.expanduser(path) if path != "-" else path, chunks())
    return Exported(written[0], path, fmt, how)


# --- worker processes: each opens the library and writes whole batches; at most two batches a worker ahead ----

_worker: dict = {}


def _in_workers(path, batches: list[list[int]], fmt: str, notes: Mapping[str, str],
                jobs: int) -> Iterator[tuple[int, bytes]]:
    """``chunk`` of each batch, in order, made by ``jobs`` forked processes."""
    import multiprocessing
    from collections import deque

    with multiprocessing.get_context("fork").Pool(jobs, _start_worker, (str(path), fmt, notes)) as pool:
        todo = iter(batches)
        running = deque(pool.apply_async(_work, (b,)) for _, b in zip(range(2 * jobs), todo))
        while running:
            done = running.popleft().get()
            following = next(todo, None)
            if following is not None:
                running.append(pool.apply_async(_work, (following,)))
            yield done


def _start_worker(path: str, fmt: str, notes: Mapping[str, str]) -> None:
    import signal

    from tui.library.index import Library

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle (it stops the workers)
    _worker.update(library=Library(path), fmt=fmt, notes=notes)


def _work(keys: list[int]) -> tuple[int, bytes]:
    return chunk(_worker["library"], keys, _worker["fmt"], _worker["notes"])


# --- the formats: each writes a batch (``first``: the file's first) and the file's end --------------------------

def _md_lines(*values: str) -> list[str]:
    """Lines of untrusted text inside Markdown, each value one line: safe for a terminal, Markdown punctuation
    escaped (made safe together: one pass for a whole card, not one a field)."""
    joined = "\n".join(v.replace("\n", " ").replace("\r", " ").replace("\t", " ") for v in values)
    return _MD_SPECIAL.sub(r"\\\1", screen(joined)).split("\n")


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    runs = re.findall(r"`{3,}", text) if "```" in text else ()
    return "`" * max([3] + [len(r) + 1 for r in runs])


_CARD = ("Reference ID", "Created", "Released", "Classification", "Origin", "Tags", "Subject")


def _md(batch: list[Entry]) -> str:
    from tui.display.citation import citation

    out = []
    for e in batch:
        subject = e.subject or "(no subject)"
        *card, cited = _md_lines(e.reference_id, e.created or "unknown", e.released or "unknown", e.classification,
                                 e.origin, " ".join(e.tags) or "none", subject, citation(e.cable()))
        out.append(f"\n## {card[0]}: {card[-1]}\n\n")
        out.extend(f"- **{label}:** {value}\n" for label, value in zip(_CARD, card))
        out.append(f"\n**Citation:** {cited}\n")
        if e.note:
            out.append("\n**Note:**\n\n" + "".join(f"> {text}\n".replace("> \n", ">\n")
                                                   for text in screen(e.note).split("\n")))
        text = screen("\n\n".join(p for p in (e.header.rstrip("\n"), e.body) if p))
        fence = _fence(text)
        out.append(f"\n{fence}text\n{text}\n{fence}\n")
    return "".join(out)


SEPARATOR = "=" * 78  # between two cables of a txt export


def _txt(batch: list[Entry]) -> str:
    from tui.display.plain import plain_text

    return _JOIN["txt"].decode().join(screen(plain_text(e.cable(), note=e.note)) for e in batch)


def _json(batch: list[Entry]) -> str:
    """The items of one JSON list, one a line (written a batch at a time; without indenting, the json module
    encodes in C, five times as fast)."""
    from tui.cli.output import summary_json
    from tui.display.citation import citation
    from tui.library.query import Row

    return json_lines((summary_json(Row(0, e.reference_id, e.created, e.classification, e.origin, e.subject),
                                    released=e.released or None, tags=list(e.tags), note=e.note or None,
                                    citation=citation(e.cable()), header=e.header, body=e.body) for e in batch),
                      ",\n")


def _csv(batch: list[Entry]) -> str:
    import csv
    import io

    from tui.cli.output import iso  # created as JSON writes it: ISO 8601, the one shape

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows((line(e.reference_id), iso(e.created) or "", line(e.classification), line(e.origin), line(e.subject),
                      " ".join(line(t) for t in e.tags), screen(e.note)) for e in batch)
    return out.getvalue()


_WRITERS = {"md": _md, "txt": _txt, "json": _json, "csv": _csv}
_START = {"md": b"# Cables exported by cablereader\n", "txt": b"", "json": b"[\n",
          "csv": ",".join(CSV_COLUMNS).encode() + b"\n"}
_JOIN = {"md": b"", "txt": f"\n{SEPARATOR}\n\n".encode(), "json": b",\n", "csv": b""}  # between two batches
_END = {"md": b"", "txt": b"", "json": b"\n]\n", "csv": b""}
