"""Full-text queries: the query language, its translation to a safe FTS5 expression, and snippets.

The language is ``SYNTAX`` below (``search --help`` and the README show it).

The index is contentless, so FTS5's own snippet() has no text to cut from: snippets are cut here from the
decompressed text of the hits.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple

SYNTAX = """\
Query syntax:
    word                 a word, in any case, accents ignored: mexico matches México
    two words            both (AND is implied between neighbours)
    "a phrase"           the words next to each other, in this order
    narco*               a word starting with narco ("prime min"* : a phrase whose last word starts so);
                         three letters at least before the * (p* would be nearly every cable)
    a AND b              both
    a OR b               either
    a NOT b              a without b (a AND NOT b is the same)
    ( ... )              grouping: (crime OR violence) NOT mexico
    subject:word         only in the subject (subject:"a phrase", subject:(a OR b)); body:word only in the body

Operators are upper case (and/or/not are searched as words). NOT binds tightest, then AND, then OR:
a OR b NOT c is a OR (b NOT c); a b OR c is (a AND b) OR c. A NOT needs something to take away from
(NOT mexico alone finds nothing). Punctuation splits words as the index does (al-Qaeda is the phrase
"al qaeda"). Unbalanced parentheses and dangling operators are forgiven, never an error.
"""

_TOKEN = re.compile(r'"[^"]*"?\*?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"[^\W_]+")  # what the unicode61 tokenizer keeps: letters and digits
_COLUMN = re.compile(r"^(subject|body):(.*)$", re.I)
_OPS = ("AND", "OR", "NOT")
MIN_PREFIX = 3  # letters before a *: a shorter prefix holds nearly every text, seconds to rank at full size


# ---------------------------------------------------------------------------------------------------- the tree

# Named tuples, not dataclasses (see tui/library/query.py: a search process would load ``dataclasses`` for them)

class _Node(tuple):
    """A node of the tree: equal only to a node of its own kind (``And((a, b)) != Or((a, b))``)."""

    __slots__ = ()

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self))


class Term(_Node, namedtuple("Term", "words prefix column", defaults=(False, None))):
    """A word or a phrase (several words in a row, a tuple); ``prefix``: the last word may go on; ``column``:
    'subject' or 'body', None for either."""

    __slots__ = ()


class And(_Node, namedtuple("And", "items")):
    """Nodes that all match (a tuple); each Not(...) among them is taken away from the rest."""

    __slots__ = ()


class Or(_Node, namedtuple("Or", "items")):
    """Nodes of which one matches (a tuple)."""

    __slots__ = ()


class Not(_Node, namedtuple("Not", "item")):
    """A node taken away from its neighbours in an And."""

    __slots__ = ()


class _Parser:
    """Recursive descent over the tokens: or := and (OR and)*; and := unary ([AND] unary)*; unary := NOT unary
    | atom; atom := ( or ) | [column:]term | column:( or )."""

    def __init__(self, query: str):
        self.toks = _TOKEN.findall(query)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self):
        node = self.or_()
        while self.peek() is not None:  # a stray ')' or operator: skip it and go on
            self.i += 1
            more = self.or_()
            node = _and([node, more])
        return node

    def or_(self):
        items = [self.and_()]
        while self.peek() == "OR":
            self.i += 1
            items.append(self.and_())
        items = [x for x in items if x is not None]
        return None if not items else items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self):
        items = []
        while (tok := self.peek()) is not None and tok not in (")", "OR"):
            if tok == "AND":
                self.i += 1
                continue
            node = self.unary()
            if node is not None:
                items.append(node)
        return _and(items)

    def unary(self):
        if self.peek() == "NOT":
            self.i += 1
            while self.peek() in ("NOT", "AND"):  # NOT NOT x, NOT AND x: one NOT
                self.i += 1
            if self.peek() in (None, ")", "OR"):
                return None
            inner = self.unary()
            return None if inner is None else Not(inner)
        return self.atom()

    def atom(self, column: str | None = None):
        tok = self.toks[self.i]
        self.i += 1
        if tok == "(":
            node = self.or_()
            if self.peek() == ")":
                self.i += 1
            return _in_column(node, column)
        m = _COLUMN.match(tok)
        if m and column is None:
            col, rest = m.group(1).lower(), m.group(2)
            if rest:
                self.toks[self.i - 1] = rest
                self.i -= 1
                return self.atom(col)
            if self.peek() not in (None, ")", *_OPS):  # subject:"a phrase", subject:(a OR b)
                return self.atom(col)
            return None
        words = tuple(w.lower() for w in _WORD.findall(tok))
        if not words:
            return None
        if tok.endswith("*") and len(words[-1]) < MIN_PREFIX:
            from tui.library.query import QueryError

            raise QueryError(f"{tok}: a prefix needs {MIN_PREFIX} letters or more before the * "
                             "(a shorter one is in nearly every cable)")
        return Term(words, tok.endswith("*"), column)


def _and(items: list):
    items = [x for x in items if x is not None]
    return None if not items else items[0] if len(items) == 1 else And(tuple(items))


def _in_column(node, column: str | None):
    """A group under a column filter: every term in it takes the column."""
    if node is None or column is None:
        return node
    if isinstance(node, Term):
        return Term(node.words, node.prefix, node.column or column)
    if isinstance(node, Not):
        return Not(_in_column(node.item, column))
    return type(node)(tuple(_in_column(x, column) for x in node.items))


def parse(query: str):
    """The query's tree (Term, And, Or, Not), or None when it holds nothing searchable."""
    return _positive(_Parser(query or "").parse())


def _positive(node):
    """Drop what cannot match by itself: a NOT with nothing beside it to take away from."""
    if node is None or isinstance(node, Term):
        return node
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        return _or([_positive(x) for x in node.items])
    pos = [y for x in node.items if not isinstance(x, Not) and (y := _positive(x)) is not None]
    neg = [Not(y) for x in node.items if isinstance(x, Not) and (y := _positive(x.item)) is not None]
    if not pos:
        return None
    return pos[0] if len(pos) == 1 and not neg else And(tuple(pos + neg))


def _or(items: list):
    items = [x for x in items if x is not None]
    return None if not items else items[0] if len(items) == 1 else Or(tuple(items))


# ---------------------------------------------------------------------------------------------------- to FTS5

def to_fts(node) -> str:
    """An FTS5 expression, fully parenthesised (FTS5's own precedence never matters), every word quoted."""
    if isinstance(node, Term):
        expr = '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
        return f"{node.column} : {expr}" if node.column else expr
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts(x) for x in node.items) + ")"
    if isinstance(node, And):
        pos = [x for x in node.items if not isinstance(x, Not)]
        neg = [x.item for x in node.items if isinstance(x, Not)]
        expr = "(" + " AND ".join(to_fts(x) for x in pos) + ")"
        if neg:
            expr = "(" + expr + " NOT (" + " OR ".join(to_fts(x) for x in neg) + "))"
        return expr
    if node is None:
        return ""
    raise TypeError(node)


def terms(node) -> list[Term]:
    """The query's terms a matching text contains (not those under a NOT): what snippets and the pager mark."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for x in node.items for t in terms(x)]


class Query(namedtuple("Query", "fts phrases terms words", defaults=((),))):
    """A translated query. ``fts`` is the FTS5 expression ('' when nothing is searchable); ``phrases`` are
    patterns for the query's phrases (a tuple) and ``terms`` one for every queried word, or None (to place and
    mark snippets); ``words``: the words a hit contains, prefixes ending in '*' (for highlighting)."""

    __slots__ = ()


@functools.cache
def _accented() -> dict[str, str]:
    """Each letter with its accented forms (Latin-1 and Latin Extended-A/B), lower case: ``e`` -> ``eéèêëēĕėęě``."""
    import unicodedata

    out: dict[str, str] = {}
    for ch in map(chr, range(0xC0, 0x250)):
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if base.isascii() and base.isalpha() and ch.lower() != base and ch == ch.lower():
            out[base] = out.get(base, base) + ch
    return out


def word_regex(word: str) -> str:
    """A regex for ``word`` as the index matches it: accents ignored (with ``re.I``, case too), so ``México``
    finds ``MEXICO`` and ``mexico`` finds ``México``. The one rule for marking a query's words in a text."""
    import unicodedata

    table = _accented()
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return "".join(f"[{table[c]}]" if c in table else re.escape(c) for c in bare)


def _pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern:
    body = r"\W+".join(word_regex(w) for w in words)
    return re.compile(r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)"), re.I)


def translate(query: str) -> Query:
    """A user's query (the language above) as a safe FTS5 expression, with patterns for its terms."""
    tree = parse(query)
    found = terms(tree)
    if not found:
        return Query("", (), None)
    words = sorted({(w, t.prefix and i == len(t.words) - 1) for t in found for i, w in enumerate(t.words)},
                   key=lambda x: (-len(x[0]), x))
    pattern = re.compile("|".join(r"(?<!\w)" + word_regex(w) + (r"\w*" if p else r"(?!\w)") for w, p in words), re.I)
    return Query(to_fts(tree), tuple(_pattern(t.words, t.prefix) for t in found if len(t.words) > 1), pattern,
                 tuple(w + "*" if p else w for w, p in words))


def highlight_words(query: str) -> tuple[str, ...]:
    """The words to mark in an opened cable for a query: its terms' words (no operators, no column names, nothing
    under a NOT), longest first; a prefix word ends in ``*``."""
    return translate(query).words


# ---------------------------------------------------------------------------------------------------- snippets

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
