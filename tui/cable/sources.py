"""What a file is and how to read it: cable files and folders in, Records (or Skipped notes) out.

Formats are detected by content, not by extension:

- ``html-2010`` / ``html-2011``: a WikiLeaks cable page (metadata table + two ``<code><pre>`` blocks). The 2011
  template (the August 2011 full release) links its navigation articles relatively (``href="Name.html"``).
- ``page-text``: the text of such a page (the metadata row as a line of text, then the cable).
- ``raw``: a cable with its routing header (VZCZC..., or a precedence + DTG line and an FM line).
- ``body``: cable text that starts at the classification banner (no header); a page's ``<pre>`` body block with
  its paragraph anchors is accepted too.
- ``csv``: the cables.csv dump (DESIGN.md section 4), streamed record by record.

Bytes are decoded as UTF-8. A text file with no valid UTF-8 multi-byte sequence at all is read as Windows-1252
(raw-txt files write the pilcrow as byte 0xB6); otherwise, and always in a CSV record, invalid bytes become U+FFFD
and the Record carries a ``bad-utf8`` warning: the cable is still read (so this is not a Skipped), and the
warning lets an importer count it. NUL bytes are dropped (``nul-bytes`` warning). Line ends become ``\\n``.
Limits: a file or CSV record over MAX_RECORD bytes is Skipped as ``too-large`` without being held in memory
whole (a CSV is read in chunks; a record start is searched for, never a line end).

Everything here is picklable (plain frozen dataclasses), so Records can be handed to worker processes, which call
``Record.parse()``.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from tui.cable import lazyre
from tui.cable.head import looks_like_body
from tui.cable.markup import has_markup, strip_markup
from tui.cable.model import Cable, Source
from tui.cable.record import Record
from tui.cable.walk import File, Skipped, open_file, walk

MAX_RECORD = 8 * 1024 * 1024  # bytes: a single cable (file or CSV record) larger than this is skipped
_HEAD = 64 * 1024  # bytes read first to recognise a file
_CHUNK = 4 * 1024 * 1024  # bytes read at a time from a CSV


def iter_records(paths) -> Iterator[Record | Skipped]:
    """Records (and Skipped notes) from files and folders, in the order and under the rules of
    ``tui.cable.walk`` (symlink loops, FIFOs, devices and the like are Skipped, never waited on).
    ``paths`` is one path or an iterable of paths."""
    for item in walk(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _read_file(item)


def read(paths) -> Iterator[Cable | Skipped]:
    """Parsed Cables (and Skipped notes) from files and folders."""
    for item in iter_records(paths):
        yield item if isinstance(item, Skipped) else parse_record(item)


def parse_record(record: Record) -> Cable | Skipped:
    """``record.parse()``, or a Skipped 'parse-error' if the parser raises: one bad cable must not stop a
    folder or an import."""
    try:
        return record.parse()
    except Exception as exc:
        return Skipped(record.source.path, record.source.row, "parse-error", f"parser failed: {exc!r}")


# ---------------------------------------------------------------------------------------------- files

def _read_file(file: File) -> Iterator[Record | Skipped]:
    path = file.path
    try:
        with open_file(file) as f:
            head = f.read(_HEAD)
            if _CSV_START.match(head):
                yield from _read_csv(path, f, head)
                return
            size = os.fstat(f.fileno()).st_size
            data = head if len(head) < _HEAD or size > MAX_RECORD else head + f.read(MAX_RECORD + 1 - _HEAD)
            if size > MAX_RECORD or len(data) > MAX_RECORD:
                yield Skipped(path, None, "too-large", f"over the {MAX_RECORD // 2**20} MB limit for one cable")
                return
    except FileNotFoundError:
        yield Skipped(path, None, "vanished", "removed during the walk")
        return
    except OSError as exc:
        yield Skipped(path, None, "unreadable", exc.strerror or str(exc))
        return
    yield _read_text(path, data)


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """A text file's bytes to text with normalised line ends, and warnings about damage. Bytes that hold no
    valid UTF-8 multi-byte sequence at all are read as Windows-1252 (a legacy file, not damage)."""
    warnings = []
    if b"\0" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return _newlines(data.decode("utf-16", "replace")), ()
        warnings.append(f"nul-bytes: {data.count(0)} NUL bytes dropped")
        data = data.replace(b"\0", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _UTF8_MULTIBYTE.search(data):
            text = data.decode("utf-8-sig", "replace")
            warnings.append(f"bad-utf8: {text.count(chr(0xFFFD))} invalid byte sequences replaced")
        else:
            text = data.decode("cp1252", "replace")
    return _newlines(text), tuple(warnings)


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _read_text(path: str, data: bytes) -> Record | Skipped:
    if not data.strip():
        return Skipped(path, None, "not-a-cable", "empty file")
    if _looks_binary(data[:_HEAD]):
        return Skipped(path, None, "not-a-cable", "binary data, not text")
    text, warnings = _decode(data)
    if "<table class='cable'>" in text or '<table class="cable">' in text:
        return _read_page(path, text, warnings)
    if _HTML_DOC.match(text):
        return Skipped(path, None, "not-a-cable", "an HTML page without a cable table")
    if has_markup(text):
        text = strip_markup(text)
        if not text.strip():
            return Skipped(path, None, "not-a-cable", "no cable text, only page markup (an 'Appears in these "
                                                      "articles:' list, links, <pre> tags)")
    fmt = _text_format(text)
    if fmt is None:
        return Skipped(path, None, "not-a-cable",
                       "no cable header, classification banner or WikiLeaks metadata row found")
    if fmt == "page-text":  # the page's navigation text above the metadata row is not part of the cable
        text = text[_PAGE_ROW.search(text).start():]
    stem = Path(path).stem
    ref = stem if fmt != "page-text" and _FILE_ID.fullmatch(stem) else None
    return Record(text, Source(path, fmt), reference_id=ref, warnings=warnings)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) // 10


def _text_format(text: str) -> str | None:
    if _PAGE_ROW.search(text):
        return "page-text"
    top = text[:_HEAD]
    if _VZCZC.search(top) or (_DTG_LINE.search(top) and _FM_LINE.search(top)):
        return "raw"
    if looks_like_body(top):
        return "body"
    return None


# ---------------------------------------------------------------------------------------------- HTML pages

def _read_page(path: str, text: str, warnings: tuple[str, ...]) -> Record | Skipped:
    start = text.find("<table class='cable'>")
    if start < 0:
        start = text.find('<table class="cable">')
    end = text.find("</table>", start)
    cells = [_cell_text(c) for c in _TD.findall(text, start, end)]
    if len(cells) != 5 or not cells[0]:
        return Skipped(path, None, "not-a-cable", "the cable table does not hold the five metadata cells")
    metadata = dict(zip(("reference_id", "created", "released", "classification", "origin"), cells))
    blocks = []
    pos = end
    while len(blocks) < 2:
        i = text.find("<code><pre>", pos)
        if i < 0:
            break
        i += len("<code><pre>")
        j = _PRE_END.search(text, i)
        pos = j.start() if j else len(text)
        blocks.append(strip_markup(text[i:pos]))
    if not blocks:
        return Skipped(path, None, "not-a-cable", "the page has no <pre> cable text")
    cable_text = "\n\n".join(b.strip("\n") for b in blocks) + "\n"
    fmt = "html-2011" if _RELATIVE_NAV.search(text, 0, start) else "html-2010"
    return Record(cable_text, Source(path, fmt), metadata=metadata, warnings=warnings)


def _cell_text(cell: str) -> str:
    return html.unescape(_TAG.sub("", cell)).strip()


# ---------------------------------------------------------------------------------------------- cables.csv

_CSV_FIELDS = 8


def _read_csv(path: str, f: io.BufferedReader, head: bytes) -> Iterator[Record | Skipped]:
    """Stream cables.csv records. A record starts at a line beginning ``"<digits>","``: inside a field every quote
    is escaped, so that cannot occur there, and a damaged record cannot swallow the ones after it."""
    if csv.field_size_limit() < MAX_RECORD:
        csv.field_size_limit(MAX_RECORD)  # process-wide; records over MAX_RECORD never reach the csv module
    ordinals = itertools.count(1)  # records seen, for Skipped rows whose line field is unreadable
    buf = head
    pos = 0  # start of the current record in buf
    scan = 0  # where to look for the next record start
    oversized = False  # inside a record already reported as too large
    eof = False
    while True:
        m = _ROW_START.search(buf, scan)
        if m is None and not eof:
            if len(buf) - pos > MAX_RECORD:
                if not oversized:
                    yield _too_large(path, buf[pos:pos + 32], next(ordinals))
                    oversized = True
                pos = len(buf) - 32  # keep enough to see a record start that straddles two chunks
            chunk = f.read(_CHUNK)
            eof = not chunk
            tail = buf[pos:]
            buf, pos, scan = tail + chunk, 0, max(0, len(tail) - 32)
            continue
        end = m.start() if m else len(buf)
        if oversized:
            oversized = False
        elif end > pos:
            raw = buf[pos:end]
            # At the end of the file, a row cut within its first bytes (`\n"12`) is a row of its own.
            partial = None if m else _PARTIAL_START.search(raw, max(0, len(raw) - 64))
            for piece in (raw[:partial.start()], raw[partial.start() + 1:]) if partial else (raw,):
                if len(piece) > MAX_RECORD:
                    yield _too_large(path, piece[:32], next(ordinals))
                elif piece.strip():
                    yield _csv_record(path, piece, next(ordinals))
        if m is None:
            return
        pos = scan = end + 1


def _too_large(path: str, start: bytes, ordinal: int) -> Skipped:
    n = _LINE_FIELD.match(start)
    return Skipped(path, int(n.group(1)) if n else ordinal, "too-large",
                   f"a CSV record over the {MAX_RECORD // 2**20} MB limit for one cable")


def _csv_record(path: str, raw: bytes, ordinal: int) -> Record | Skipped:
    """One record's bytes to a Record: decoded (invalid UTF-8 replaced and reported, NULs dropped), then split
    by the csv module, which is faster than anything written in Python."""
    n = _LINE_FIELD.match(raw)
    row = int(n.group(1)) if n else ordinal
    warnings = []
    if b"\0" in raw:
        warnings.append(f"nul-bytes: {raw.count(0)} NUL bytes dropped")
        raw = raw.replace(b"\0", b"")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8-sig", "replace")
        warnings.append(f"bad-utf8: {text.count(chr(0xFFFD))} invalid byte sequences replaced")
    text = text.rstrip("\r\n")
    if not text.endswith('"'):  # every field is quoted: a record cut after a comma still splits into 8
        return Skipped(path, row, "truncated-row", "truncated or malformed CSV row (no closing quote)")
    try:
        fields = next(csv.reader((text,), _CableDialect))
    except csv.Error as exc:  # strict: a record cut short ends inside a quoted field
        return Skipped(path, row, "truncated-row", f"truncated or malformed CSV row ({exc})")
    if len(fields) != _CSV_FIELDS:
        return Skipped(path, row, "truncated-row",
                       f"truncated or malformed CSV row ({len(fields)} fields instead of {_CSV_FIELDS})")
    line, created, refid, origin, classification, refs, header, body = fields
    metadata = {"reference_id": refid, "created": created, "classification": classification, "origin": origin}
    return Record(_newlines(f"{header}\n\n{body}"), Source(path, "csv", row), metadata=metadata,
                  references=tuple(r for r in refs.split("|") if r), warnings=tuple(warnings))


class _CableDialect(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    escapechar = "\\"
    doublequote = False
    quoting = csv.QUOTE_ALL
    lineterminator = "\n"
    skipinitialspace = False
    strict = True


# ---------------------------------------------------------------------------------------------- patterns

_CSV_START = lazyre.compile(rb'(?:\xef\xbb\xbf)?"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","')
_ROW_START = lazyre.compile(rb'\n"\d+","')
_PARTIAL_START = lazyre.compile(rb'\n"\d+(?:",?)?[\r\n]*\Z')  # (a bare `\n"` may be a closing quote)
_LINE_FIELD = lazyre.compile(rb'(?:\xef\xbb\xbf)?"(\d{1,12})"')
_UTF8_MULTIBYTE = lazyre.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_CONTROL_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r\f\x1b") + b"\x7f"
_HTML_DOC = lazyre.compile(r"\s*(?:<!DOCTYPE\s+html|<html\b|<\?xml)", re.I)
_TD = lazyre.compile(r"<td>(.*?)</td>", re.S)
_TAG = lazyre.compile(r"<[^>]*>")
_PRE_END = lazyre.compile(r"</pre>|</code>|<code><pre>|</div>")
_RELATIVE_NAV = lazyre.compile(r"<a href=\"[A-Za-z0-9][^\"/:]*\.html\">")
_PAGE_ROW = lazyre.compile(r"^[ \t]*Reference ID\s+Created\s+Released\s+Classification\s+Origin[ \t]*$", re.M)
_VZCZC = lazyre.compile(r"^[ \t]*VZCZC", re.M)
_DTG_LINE = lazyre.compile(r"^[ \t]*[ZOPR]{1,2}(?:[ \t]+[ZOPR]{1,2})?[ \t]+\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2}\b", re.M)
_FM_LINE = lazyre.compile(r"^[ \t]*FM[ \t]+\S", re.M)
_FILE_ID = lazyre.compile(r"\d{2,4}[A-Z][A-Z-]*\d+")
