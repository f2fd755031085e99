"""The body: the summary, numbered paragraphs with their markings, and the text as it is shown."""

from __future__ import annotations

import re

from tui.cable import lazyre
from tui.cable.labels import HEAD, MARK, PARA, PARA_AT

TYPE_CHECKING = False  # as typing has it, without loading typing
if TYPE_CHECKING:  # the model loads with the parse, not with `shown` (display_body)
    from tui.cable.model import Paragraph

_SUM_END = lazyre.compile(r"(?i)\bEnd\s+Summary(?:\s*(?:and|/)\s*(?:Comment|Action\s+Request|Introduction))?\b\.?")
_SUM_START = lazyre.compile(
    r"(?i)(?<!End )(?<!End\n)\bSummary(?:\s*(?:and|/)\s*(?:Comment|Action\s+Request|Introduction))?(?:\s*[:.\-=\u2010]+|[ \t]*\n)")
_SUM_WORD = lazyre.compile(r"[Ss][Uu][Mm][Mm][Aa][Rr][Yy]")


_MARKING = lazyre.compile(r"(?<![\w(])\((?:" + MARK + r")\)[ \t]*")


def read_summary(body: str) -> str:
    """The text between 'Summary' and 'End Summary' (or the summary paragraph), over as many paragraphs as it
    takes, without paragraph numbers and classification markings; '' when there is none."""
    head = body[:HEAD]
    low = head.lower()
    if len(low) == len(head):
        words, i = [], low.find("summary")
        while i >= 0:
            words.append(i)
            i = low.find("summary", i + 7)
    else:
        words = [w.start() for w in _SUM_WORD.finditer(head)]
    if not words:
        return ""
    end = None
    for w in words:
        end = _SUM_END.search(head, max(0, w - 12), w + 80)
        if end:
            break
    start = None
    starts = []
    for w in words:
        if end and w >= end.start():
            break
        sm = _SUM_START.search(head, max(0, w - 4), w + 60)
        if sm and sm.start() <= w:
            starts.append(sm)
    for sm in starts:
        if head[max(0, sm.start() - 4):sm.start()].lower().strip() == "end":
            continue
        start = sm.end()
        break
    if start is None:
        if not end:
            return ""
        paras = [p.start() for p in PARA_AT.finditer(head, 0, end.start())]
        start = paras[-1] if paras else 0
    s = head[start:end.start() if end else len(head)]
    s = re.sub(r"^[\s\-=\u2010]*", "", s)
    s = PARA_AT.sub("", s, count=1) if PARA_AT.match(s) else s
    s = re.sub(r"(?i)^\s*Summary\s*[:.]\s*", "", s)
    if not end:
        stop = re.search(r"\n[ \t]*\n|-{3,}|\n[ \t]*(?:\u00b6|\[\u00b6)?\d{1,3}\.", s)
        if stop:
            s = s[:stop.start()]
    s = PARA_AT.sub("", s)
    s = _MARKING.sub("", s)  # markings inside the summary: 'Summary: (C) ...  (S/NF) ...'
    lines = [ln.rstrip() for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln.strip()).strip()


def _numbered(body: str) -> list[tuple[re.Match, int]]:
    """The numbered paragraphs' starts, matched in ``"\n" + body``: the first numbered 1 to 3, then each next."""
    found = []
    expected = None
    for m in PARA.finditer("\n" + body):
        n = int(m.group(1))
        if expected is None and n > 3 or expected is not None and n != expected:
            continue
        found.append((m, n))
        expected = n + 1
    return found


def paragraph_lines(body: str) -> dict[int, int]:
    """Where each numbered paragraph starts: its number -> the index of its first line in ``body`` (by the rule
    of ``read_paragraphs``; the first paragraph of a number when the numbering repeats)."""
    lines: dict[int, int] = {}
    at, line = 0, 0
    for m, n in _numbered(body):
        line += body.count("\n", at, m.start())  # m.start() in "\n" + body is where its line starts in body
        at = m.start()
        lines.setdefault(n, line)
    return lines


def read_paragraphs(body: str) -> list[Paragraph]:
    from tui.cable.model import Paragraph

    found = _numbered(body)
    paras = []
    for k, (m, n) in enumerate(found):
        end = found[k + 1][0].start() if k + 1 < len(found) else len(body) + 1
        paras.append(Paragraph(number=n, marking=m.group("mark"), text=body[m.end() - 1:end - 1].strip()))
    return paras


_ANCHOR = lazyre.compile(r"\[\u00b6(\d{1,3}\.)\]\(#\)")
_MOJIBAKE_PARA = lazyre.compile(r"\ufffd(?=\d{1,3}\.)")


def display_body(body: str) -> str:
    if "[\u00b6" in body:
        body = _ANCHOR.sub(r"\1", body)
    if "\ufffd" in body:
        body = _MOJIBAKE_PARA.sub("\u00b6", body)
    return body.strip("\n")

