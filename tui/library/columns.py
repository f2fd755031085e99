"""Compact columns of every cable, to count a large keyed view (a search, a tag, and their combinations) with a few
big-integer operations instead of a SQL lookup per cable per dimension (and per row of the 1M-row tag table).

A set of cables is a bitmap: a Python int, bit k set for the cable of key k (251k keys: 31 KB; an AND and a
``bit_count`` take microseconds). An import ends (``facets.build``) by storing in ``meta``, stamped with
``facets.signature``: per tag the bitmap of its cables, and for origin, classification, year and month a code per
cable (0: no cable of that key) kept as bit planes (plane i: the cables whose code has bit i set; 8 planes for
244 origins). ``load`` reads them once per Library (~3 MB); stale or missing columns answer None and the SQL
plans (``periods``, ``facets``) count instead.

A view is the full-text matches AND a tag's bitmap AND the cables of the classifications and the year it names.
A tag's count is ``(view & tag).bit_count()``; the other counts split the view by each plane in turn down to one
code per part (empty parts dropped), each part's ``bit_count``.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import Counter
from itertools import compress

from tui.library.query import Filter

DIMS = ("origin", "classification", "year", "month")
FORMAT = 2  # what a library stores; columns of another format are made again by the next import
_TO_ASCII = bytes.maketrans(b"\0\1", b"01")
_TO_BYTES = bytes.maketrans(b"01", b"\0\1")


def answers(f: Filter) -> bool:
    """True when a view of ``f`` can be made from the columns: text, tag, classification and year only, and
    keyed (text or tag: the views an index range does not already count cheaply)."""
    return bool((f.text or f.tag) and not (f.origin or f.date_from or f.date_to or f.ids is not None or f.unread))


def bits_of(mask, table: bytes = _TO_ASCII) -> int:
    """A byte per key -> a bitmap (``table``: which byte values set the bit, as ASCII 1, else 0)."""
    return int(bytes(mask)[::-1].translate(table), 2) if mask else 0


def marked(db, sql: str, args, n: int) -> bytearray:
    """A byte per key (``n``), 1 for each key one statement finds as a single ``group_concat`` (read as JSON:
    C-speed)."""
    marks = bytearray(n)
    for k in json.loads(f"[{db.execute(sql, args).fetchone()[0] or ''}]"):
        marks[k] = 1
    return marks


def byte_map(bits: int) -> bytes:
    """A bitmap -> a byte per key up to its highest set bit: 1 where the bit is set (``bits_of`` undone)."""
    return format(bits, "b")[::-1].encode().translate(_TO_BYTES) if bits else b""


def _planes(codes: array) -> list[int]:
    """A code per key (< 65536) -> its bit planes: plane i is the bitmap of the keys whose code has bit i set."""
    low, high = bytes(c & 0xFF for c in codes), bytes(c >> 8 for c in codes)
    out = []
    for i in range(max(codes, default=0).bit_length()):
        part, bit = (low, i) if i < 8 else (high, i - 8)
        out.append(bits_of(part, bytes(0x31 if v >> bit & 1 else 0x30 for v in range(256))))
    return out


def build(db, signature: str) -> None:
    """Make and store the columns, stamped with the library's ``signature`` (the caller holds the transaction:
    ``facets.build``). Only the stamp is stored when a column would need more than 65,535 values (the SQL plans
    count then)."""
    db.execute("DELETE FROM meta WHERE key GLOB 'columns*'")
    n = (db.execute("SELECT max(key) FROM cable").fetchone()[0] or 0) + 1
    labels = {dim: {None: 0} for dim in DIMS}
    codes = {dim: array("H", bytes(2 * n)) for dim in DIMS}
    for key, origin, cls, created in db.execute("SELECT key, origin, classification, created FROM cable"):
        for dim, value in zip(DIMS, (origin, cls, created[:4], created[:7])):
            seen = labels[dim]
            code = seen.setdefault(value, len(seen))
            if code > 0xFFFF:
                db.execute("INSERT INTO meta VALUES('columns', ?)", (json.dumps({"for": signature}),))
                return
            codes[dim][key] = code
    tags: dict[str, bytearray] = {}
    for tag, key in db.execute("SELECT tag, cable FROM tag"):
        mask = tags.get(tag)
        if mask is None:
            mask = tags[tag] = bytearray(n)
        mask[key] = 1
    width = (n + 7) // 8
    identity = db.execute("SELECT NOT EXISTS (SELECT 1 FROM variant WHERE id != cable)").fetchone()[0]
    header = {dim: list(labels[dim]) for dim in DIMS} | {"tag": list(tags), "n": n, "identity": bool(identity),
                                                        "for": signature, "format": FORMAT}
    rows = [("columns", json.dumps(header))]
    newest = array("i", (k for (k,) in db.execute("SELECT key FROM cable ORDER BY created DESC, key DESC")))
    rows.append(("columns.newest", newest.tobytes()))
    rows += [(f"columns.{dim}", b"".join(p.to_bytes(width, "little") for p in _planes(codes[dim]))) for dim in DIMS]
    rows.append(("columns.tag", b"".join(bits_of(m).to_bytes(width, "little") for m in tags.values())))
    db.executemany("INSERT OR REPLACE INTO meta VALUES(?, ?)", rows)


class Columns:
    """The stored columns of one version of a library, and the counts of a view's bitmap."""

    def __init__(self, header: dict, fetch):
        self.n: int = header["n"]
        self.identity: bool = header["identity"]  # every variant's id is its cable's key (one source each)
        self.labels = {dim: header[dim] for dim in DIMS}
        self._fetch = fetch  # name -> its stored blob: each read when first needed (the tags' is 2 MB at full size)
        self._planes: dict[str, list[int]] = {}
        self._tags: tuple | dict = (header["tag"], None)  # made into bitmaps when first asked (tags)
        self.cables = 0  # every cable has a code >= 1
        for plane in self.planes("classification"):
            self.cables |= plane

    def planes(self, dim: str) -> list[int]:
        """The bit planes of ``dim``'s codes."""
        if dim not in self._planes:
            self._planes[dim] = self._split(self._fetch(dim))
        return self._planes[dim]

    def _split(self, raw: bytes) -> list[int]:
        width = (self.n + 7) // 8
        return [int.from_bytes(raw[i:i + width], "little") for i in range(0, len(raw), width)]

    @property
    def tags(self) -> dict[str, int]:
        """Each tag's bitmap."""
        if isinstance(self._tags, tuple):
            self._tags = dict(zip(self._tags[0], self._split(self._fetch("tag"))))
        return self._tags

    def _having(self, dim: str, keep) -> int:
        """The bitmap of the cables whose ``dim`` has a value ``keep`` accepts."""
        out = 0
        for code, label in enumerate(self.labels[dim]):
            if label is not None and keep(label):
                bits = self.cables
                for i, plane in enumerate(self.planes(dim)):
                    bits = bits & plane if code >> i & 1 else bits ^ (bits & plane)
                out |= bits
        return out

    def matches(self, db, fts: str, table: bool) -> int:
        """The bitmap of the cables matching the full-text query ``fts`` (translated; '' matches nothing): read
        from ``temp.hits`` when ``table`` (the Library's table of them), else from the match list (``identity``:
        each match's rowid is its cable's key)."""
        if not fts:
            return 0
        sql, args = (("SELECT group_concat(key) FROM temp.hits", ()) if table else
                     ("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (fts,)))
        return bits_of(marked(db, sql, args, self.n))

    def view(self, db, f: Filter, fts: str, table: bool) -> int:
        """The bitmap of ``f``'s view (``answers(f)``); ``fts``: its text as a full-text query, its matches read
        as ``matches`` says."""
        return self.narrow(self.matches(db, fts, table) if f.text else self.cables, f)

    def narrow(self, bits: int, f: Filter) -> int:
        """``bits`` AND the cables of ``f``'s origin, classification, tag and year (its other fields ignored)."""
        if f.origin:
            bits &= self._having("origin", lambda v: v == f.origin)
        if f.tag:
            bits &= self.tags.get(f.tag.upper(), 0)
        if f.classification:
            c = f.classification
            bits &= self._having("classification", lambda v: v == c or v.startswith(c + "//"))
        if f.year:
            bits &= self._having("year", lambda v: v == f"{f.year:04d}")
        return bits

    def newest_first(self, marks) -> array:
        """The keys marked (a byte per key, ``n`` of them), newest cable first (``ORDER BY created DESC, key
        DESC``, stored by the import)."""
        newest = array("i")
        newest.frombytes(self._fetch("newest"))
        return array("q", compress(newest, map(marks.__getitem__, newest)))

    def counts(self, bits: int, dims) -> dict[str, Counter]:
        """The view's count per value of each of ``dims`` (origin, classification, tag, year, month): for a tag
        the size of the view AND its bitmap; for the others the view split by each bit plane in turn (down to one
        code per part, empty parts dropped), each part's size."""
        out = {}
        for dim in dims:
            if dim == "tag":
                out[dim] = Counter({tag: (bits & t).bit_count() for tag, t in self.tags.items()})
                continue
            found, planes, labels = Counter(), self.planes(dim), self.labels[dim]

            def split(part: int, level: int, code: int) -> None:
                if not part:
                    return
                if level < 0:
                    found[labels[code]] += part.bit_count()
                    return
                ones = part & planes[level]
                split(ones, level - 1, code | 1 << level)
                split(part ^ ones, level - 1, code)
            split(bits, len(planes) - 1, 0)
            out[dim] = found
        return out

    def timeline(self, bits: int, by: str) -> list[tuple[str, int]]:
        """The view's cables per year or month, oldest first, the undated ones last as ``("", n)``."""
        dim = "year" if by == "year" else "month"
        c = self.counts(bits, (dim,))[dim]
        lost = c.pop("", 0)
        return sorted((p, n) for p, n in c.items() if n) + ([("", lost)] if lost else [])


def stamp(db) -> str | None:
    """The signature the stored columns were made for (None: none stored, or of another format, as in a library
    made before them)."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'columns'").fetchone()
    except sqlite3.Error:
        return None
    header = json.loads(row[0]) if row else {}
    return header.get("for") if header.get("format") == FORMAT else None


def load(db, signature: str) -> Columns | None:
    """The stored columns when they were made for this version of the library (``signature``), else None. Each
    column is read from the file when first used."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'columns'").fetchone()
        header = json.loads(row[0]) if row else {}
        if header.get("for") != signature or "n" not in header or header.get("format") != FORMAT:
            return None  # stale, none fitted, or of another format

        def fetch(name: str) -> bytes:
            return db.execute("SELECT value FROM meta WHERE key = ?", (f"columns.{name}",)).fetchone()[0]
        return Columns(header, fetch)
    except (sqlite3.Error, TypeError):
        return None
