"""Full-text queries: a user's query to a safe FTS5 expression, and snippets.

The index is contentless, so FTS5's own snippet() has no text to cut from: snippets are cut here from the
decompressed text of the top hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"[^"]*"?\*?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"\w+")
_COLUMN = re.compile(r"^(subject|body):(.*)$", re.I)


@dataclass(frozen=True)
class Query:
    """A translated query. ``fts`` is the FTS5 expression ('' when nothing is searchable); ``phrases`` are
    patterns for the query's phrases and ``terms`` one for every queried word (to place and mark snippets)."""

    fts: str
    phrases: tuple[re.Pattern, ...]
    terms: re.Pattern | None


def _pattern(words: list[str], prefix: bool) -> re.Pattern:
    body = r"\W+".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)"), re.I)


def translate(query: str) -> Query:
    """Turn a user's query (FTS5-like: words, "phrases", prefix*, AND/OR/NOT, parentheses, subject:word) into a
    safe FTS5 expression: every word quoted, so punctuation and keywords in the text cannot break the syntax."""
    parts: list[str] = []
    phrases: list[tuple[list[str], bool]] = []
    words: list[tuple[str, bool]] = []
    depth = 0
    for tok in _TOKEN.findall(query):
        if tok in ("AND", "OR", "NOT"):
            if parts and parts[-1] not in ("AND", "OR", "NOT", "("):
                parts.append(tok)
            continue
        if tok == "(":
            parts.append(tok)
            depth += 1
            continue
        if tok == ")":
            if depth:
                while parts and parts[-1] in ("AND", "OR", "NOT"):
                    parts.pop()
                if parts and parts[-1] == "(":
                    parts.pop()
                else:
                    parts.append(")")
                depth -= 1
            continue
        column = ""
        m = _COLUMN.match(tok)
        if m:
            column, tok = m.group(1).lower() + ":", m.group(2)
        prefix = tok.endswith("*")
        toks = _WORD.findall(tok)
        if not toks:
            continue
        toks = [t.lower() for t in toks]
        expr = '"' + " ".join(toks) + '"' + ("*" if prefix else "")
        if len(toks) > 1:
            phrases.append((toks, prefix))
        parts.append(column + expr)
        words += [(t, False) for t in toks[:-1]] + [(toks[-1], prefix)]
    while parts and parts[-1] in ("AND", "OR", "NOT", "("):
        parts.pop()
    parts += [")"] * max(0, parts.count("(") - parts.count(")"))
    if not words:
        return Query("", (), None)
    terms = re.compile("|".join(
        r"(?<!\w)" + re.escape(w) + (r"\w*" if p else r"(?!\w)") for w, p in sorted(set(words), key=lambda x: -len(x[0]))
    ), re.I)
    return Query(" ".join(parts), tuple(_pattern(w, p) for w, p in phrases), terms)


def snippet(text: str, query: Query, width: int = 200) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A one-line excerpt of ``text`` around the first match (a phrase if any, else any term), with the
    (start, end) spans of the matched words inside it."""
    m = None
    for p in query.phrases:
        m = p.search(text)
        if m:
            break
    if m is None and query.terms is not None:
        m = query.terms.search(text, _body_start(text)) or query.terms.search(text)
    start = 0 if m is None else max(0, m.start() - width // 3)
    if start:
        space = text.find(" ", start, m.start())
        start = space + 1 if space >= 0 else start
    raw = text[start:start + width]
    flat = re.sub(r"\s+", " ", raw).strip()
    spans = []
    if query.terms is not None:
        spans = [(x.start(), x.end()) for x in query.terms.finditer(flat)]
        for p in query.phrases:
            spans += [(x.start(), x.end()) for x in p.finditer(flat)]
    return ("…" if start else "") + flat, _merge(spans, 1 if start else 0)


def _body_start(text: str) -> int:
    i = text.find("\n\n")
    return i if 0 <= i < 4000 else 0


def _merge(spans: list[tuple[int, int]], shift: int) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s + shift, e + shift) for s, e in out)
