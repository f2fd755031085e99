"""The one place untrusted text is made safe for a terminal (cable text, IDs, paths, notes, queries).

- ``screen(text)``: for a page of text: escape sequences are removed whole (``'X\\x1b[31mRED'`` -> ``'XRED'``),
  then every other control character and bidi override; line ends are kept (CR LF and a lone CR become LF) and
  tabs are expanded to 8 columns.
- ``line(text)``: for one row of a list, a notice or a message: ``screen`` with tabs and line ends as spaces.
- ``dumps(data)``: JSON in readable UTF-8 with everything a terminal acts on written as a ``\\u`` escape;
  ``json_lines(items)`` the same, an item a line.

No Rich, Textual or Pygments here: the light commands import it.
"""

from __future__ import annotations

import functools
import json
import re

__all__ = ["dumps", "json_lines", "line", "screen"]

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@functools.cache  # compiled when unsafe text first comes (most commands print none: ~0.6 ms saved)
def _escapes() -> re.Pattern:
    return re.compile(
        r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC (e.g. OSC 52 clipboard), BEL or ST ended
        r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x1b\\|\x9c|\x07)?"  # DCS, SOS, PM, APC strings
        r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI (colours, cursor moves, clear screen)
        r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # any other ESC sequence (ESC c, ESC ( B, lone ESC)
        r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"  # C0 controls but \t \n (\r handled apart), DEL, C1 controls
        r"|[\u202a-\u202e\u2066-\u2069]"  # bidi overrides and isolates (text that displays reordered)
    )


@functools.cache  # compiled for the first JSON text that is not ASCII
def _json_unsafe() -> re.Pattern:
    return re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # json.dumps escapes C0 itself


def screen(text: str) -> str:
    """``text`` safe for a terminal: escape sequences and control characters removed, tabs expanded.

    Line ends are kept: CR LF and a lone CR become LF. A string sequence (OSC, DCS, ...) with no terminator is
    cut at the line end. Everything printable stays as it is, including ``[bold]``-like brackets (never markup).
    """
    if _UNSAFE.search(text):
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _escapes().sub("", text)
    if "\t" in text:
        text = text.expandtabs(8)
    return text


def line(text: str) -> str:
    """One line of ``text`` safe for a terminal: as ``screen``, with each tab and line end a single space."""
    text = screen(text.replace("\t", " ") if "\t" in text else text)
    return text.replace("\n", " ") if "\n" in text else text


def dumps(data, *, indent: int | None = 2) -> str:
    """``data`` as JSON text: readable UTF-8, with DEL, C1 controls and bidi overrides as ``\\u`` escapes like the
    C0 controls ``json`` escapes itself (the data is unchanged; nothing in it reaches the terminal raw)."""
    return _escaped(json.dumps(data, ensure_ascii=False, indent=indent))


def json_lines(items, separator: str = "\n") -> str:
    """Each of ``items`` as one line of JSON, joined by ``separator``, escaped as ``dumps`` escapes (one encoder
    and one pass over the whole text: an export writes thousands)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return _escaped(separator.join(encode(item) for item in items))


def _escaped(text: str) -> str:
    if text.isascii() and "\x7f" not in text:  # nothing to escape (isascii costs nothing: str knows it)
        return text
    return _json_unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
