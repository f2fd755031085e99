"""The Pygments lexer for cable text, the styles that colour it, and the cable text laid out at a width.

``highlight`` lexes once and builds a rich ``Text`` from (string, style) spans: cable text is never parsed as
Rich markup. It first makes the text safe with ``sanitize`` (``tui.safetext.screen``, the one safe-text rule).
Colours are the 16 ANSI names only, so a 16-colour terminal shows the same thing. ``flowed`` lays the lexed lines
out at a width, paragraphs re-flowed as ``tui.cable.flow`` decides, keeping their colours.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pygments.lexer import RegexLexer, bygroups, default
from pygments.token import Text as PlainToken
from pygments.token import Token, _TokenType
from rich.style import Style
from rich.text import Span, Text

from tui.safetext import screen as sanitize  # the one safe-text rule (tui/safetext.py)

if TYPE_CHECKING:
    from tui.cable.flow import Block

__all__ = ["Cable", "CableLexer", "STYLES", "flowed", "highlight", "highlight_lines", "sanitize", "style_for"]

#: The root of our token types. Sub-types inherit their parent's style unless they have their own.
Cable = Token.Cable

Routing = Cable.Routing
Banner = Cable.Banner
Marking = Cable.Marking
Field = Cable.Field

# Classification levels, in the order their patterns are tried.
_LEVELS = ("TopSecret", "Secret", "Confidential", "Unclassified")

# ---------------------------------------------------------------------------------------------------------------
# the lexer

_BANNER_WORDS = {
    "TopSecret": r"T[ ]?O[ ]?P[ ]+S[ ]?E[ ]?C[ ]?R[ ]?E[ ]?T",
    "Secret": r"S[ ]?E[ ]?C[ ]?R[ ]?E[ ]?T",
    "Confidential": r"C[ ]?O[ ]?N[ ]?F[ ]?I[ ]?D[ ]?E[ ]?N[ ]?T[ ]?I[ ]?A[ ]?L",
    "Unclassified": r"(?:U[ ]?N[ ]?C[ ]?L[ ]?A[ ]?S[ ]?S[ ]?I[ ]?F[ ]?I[ ]?E[ ]?D|UNCLAS|"
    r"LIMITED[ ]+OFFICIAL[ ]+USE)",
}
# What may follow the level word on a banner line: nothing, a //caveat, a caveat word, or
# [SECTION n OF m] [YY] STATION serial. Body lines that merely begin with "SECRET" do not qualify.
_BANNER_TAIL = (
    r"(?=[ \t]*(?://|/|\n|\Z)"
    r"|[ \t]+(?:E[ ]?F[ ]?T[ ]?O|NOFORN|SIPDIS|NODIS|EXDIS|LIMDIS|STADIS|FOR OFFICIAL USE ONLY)\b"
    r"|[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?(?:\d\d[ \t]+)?[A-Z][A-Z.]*(?:[ ][A-Z][A-Z.]*){0,3}"
    r"[ \t]+\d{1,8}\b)"
)

_MARKING = re.compile(r"\((TS|SBU|S|C|U|FOUO|LOU)([ \t]*(?://?|-|,)[ \t]*[A-Z][A-Z /,-]{0,30})?\)")
_MARK_LEVEL = {"TS": "TopSecret", "S": "Secret", "C": "Confidential", "SBU": "Sensitive", "U": "Unclassified",
               "FOUO": "Sensitive", "LOU": "Sensitive"}
_NOFORN = re.compile(r"\bNF\b|NOFORN")


def _marking(lexer, match):
    """A paragraph marking, typed by its level; NOFORN ones get a sub-type of their own."""
    token = getattr(Marking, _MARK_LEVEL[match.group(1)])
    if match.group(2) and _NOFORN.search(match.group(2)):
        token = token.Noforn
    yield match.start(), token, match.group()


_MONTHS = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)"
# A cable cited in a REF block: 10MEXICO83, 09 MEXICO 4432, STATE 272523, BUENOS AIRES 2481, USUN NEW YORK 12.
_STOP = r"(?:AND|OR|OF|ON|AT|IN|TO|THE|DATED|NOTAL|PARA|PARAS|PAGE|REF|REFS|CA|" + _MONTHS + r")\b"
_REF_ID = (
    r"\b(?:\d{2}|\d{4})?[ \t]?(?!" + _STOP + r")[A-Z][A-Z]+(?:[ \t](?!" + _STOP + r")[A-Z][A-Z]+){0,3}"
    r"[ \t]?\d{1,7}\b(?![.:/-]\d)"
)
_LABELS = (
    r"(?:END|End|BEGIN|Begin)[ \t]+(?:OF[ \t]+)?(?:SUMMARY|Summary|summary|COMMENT|Comment|comment|NOTE|Note|"
    r"TEXT|Text|QUOTE)\b\.?"
    r"|(?:SUMMARY|Summary|COMMENT|Comment|NOTE|Note)(?=[ \t]*(?::|\.|-))[ \t]*[:.-]?"
)
# The signature ending the last paragraph: "... with their partners. FEELEY"
_SIGNATURE_END = r"(?<=[.!?] )([A-Z][A-Z'-]{2,})([ \t]*\n?)\Z"
# A run of plain text, stopped before anything the "line" state colours.
_TEXT_RUN = (
    r"[^\n(]+?(?=\(|\n|\Z|\b(?:END|End|BEGIN|Begin|SUMMARY|Summary|COMMENT|Comment|NOTE|Note)\b"
    r"|(?<=[.!?] )[A-Z][A-Z'-]{2,}[ \t]*\n?\Z)"
)
# A run of opening parentheses that does not end in a marking (one token, not one per character).
_PARENS = r"\(+(?!(?:TS|SBU|S|C|U|FOUO|LOU)[ \t/,)-])"
_RECIPIENT = r"[A-Z0-9][A-Z0-9 ./&'()-]*"  # a routing-list line: upper case, no sentence punctuation


# Rules tried at the start of a line, in order: the routing header's, then the rest.
_ROUTING_RULES = [
    (r"^VZCZC[A-Z0-9]*", Routing.Transmission),
    (r"^([OPRZM]{1,2})((?:[ \t]+R[A-Z0-9]{3,7})+)([ \t]*)$", bygroups(Routing.Precedence,
                                                                         Routing.Indicator, PlainToken)),
    (r"^(DE)([ \t]+)(R[A-Z0-9]{3,7})([ \t]+#\d+(?:/\d+)?(?:[ \t]+\d+)?)",
     bygroups(Routing.Keyword, PlainToken, Routing.Indicator, Routing)),
    (r"^ZN[YR][ \t]+[A-Z]{5}(?:[ \t]+[A-Z]{3})?", Routing.Security),
    (r"^([OPRZ](?:[ \t]+[OPRZ])?)([ \t]+)(\d{6}Z[ \t]+" + _MONTHS + r"[ \t]+\d{2,4})([^\n]*)",
     bygroups(Routing.Precedence, PlainToken, Routing.DTG, Routing)),
    (r"^(FM|TO|INFO)([ \t]+)(?=" + _RECIPIENT + r"$)", bygroups(Routing.Keyword, PlainToken),
     "recipients"),
    (r"^(?:BT|NNNN|#\d+)[ \t]*$", Routing),
]
_BODY_RULES = [
    # classification banner, coloured by level
    *((r"^[ \t]*" + _BANNER_WORDS[level] + _BANNER_TAIL + r"[^\n]*", getattr(Banner, level))
      for level in _LEVELS),
    # metadata lines
    (r"^([ \t]*)(SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|CXWEB)\b", bygroups(PlainToken, Cable.Caveat)),
    (r"^(E\.[ ]?O\.|EO)((?:[ \t]+\d{5})?[ \t]*:?)([^\n]*)",
     bygroups(Field.Label, Field.Label, Field.Value)),
    (r"^(TAGS?|AGS)(:?)", Field.Label, "tags"),
    (r"^(SUBJECT|SUBJ|Subject)([ \t]*:)", Field.Label, "subject"),
    (r"^(REF|REFS|REFTEL|REFTELS|REFERENCE|REFERENCES|Ref|Refs)(?=[ \t]*:|[ \t]+[A-Z0-9])(:?)",
     Field.Label, "ref"),
    (r"^((?:CLASSIFIED|Classified)[ \t]+(?:BY|By|by)[ \t]*:?)"
     r"([^\n]*(?:\n(?![ \t]*(?:\n|¶|\[¶|\d+\.))[^\n]+){0,3})",
     bygroups(Field.Label, Cable.ClassifiedBy)),
    (r"^((?:DERIVED|Derived)[ \t]+(?:FROM|From|from)[ \t]*:?)([^\n]*)",
     bygroups(Field.Label, Cable.ClassifiedBy)),
    # page breaks: MEXICO 00000083 002 OF 005; PAGE 02 TEHRAN 02069 041212Z
    (r"^[ \t]*[A-Z][A-Z .]*?[ \t]+\d{6,8}[ \t]+\d{3}[ \t]+OF[ \t]+\d{3}[ \t]*$", Cable.PageBreak),
    (r"^PAGE[ \t]+\d+[ \t]+[^\n]*$", Cable.PageBreak),
    # paragraph numbers: 1.  ¶1.  [¶1.](#)  A. (C)
    (r"^\[¶\d+\.\]\(#\)", Cable.Paragraph),
    (r"^([ \t]*)((?:[¶\ufffd][ \t]*)?\d{1,3}\.)(?=[ \t]|\n|\Z)", bygroups(PlainToken, Cable.Paragraph)),
    (r"^([ \t]*)([A-Z]\.)(?=[ \t]+\()", bygroups(PlainToken, Cable.Paragraph)),
    # the signature: a last line of one to three upper-case names
    (r"^([ \t]*)([A-Z][A-Z'-]+(?:[ ][A-Z][A-Z'-]+){0,2})([ \t]*\n?)\Z",
     bygroups(PlainToken, Cable.Signature, PlainToken)),
]


def _root(rules: list) -> list:
    """The start-of-line state with ``rules``: a line none of them can match goes straight to the mid-line
    rules (one regex instead of each rule in turn), and one with nothing to colour in it either is a single
    plain token, newline included."""
    no_line_rule = r"^(?=[^\n])(?!" + "|".join(f"(?:{rule[0]})" for rule in rules) + ")"
    plain_line = (
        no_line_rule + r"(?![^\n]*?(?:\(|\b(?:END|End|BEGIN|Begin|SUMMARY|Summary|COMMENT|Comment|NOTE|Note)\b"
        r"|[.!?] [A-Z][A-Z'-]{2,}[ \t]*\n\Z))[^\n]*\n"
    )
    return [(plain_line, PlainToken), (no_line_rule, PlainToken, "line"), *rules, (r"\n", PlainToken),
            default("line")]


class CableLexer(RegexLexer):
    """Lexes the text of a diplomatic cable: routing header, banner, metadata lines and the body."""

    name = "cable"
    aliases = ["cable"]
    filenames = []
    flags = re.MULTILINE

    tokens = {
        "root": _root(_ROUTING_RULES + _BODY_RULES),
        # the rest of a line: only mid-line rules, so long bodies do not retry every line-start rule
        "line": [
            (_MARKING.pattern, _marking),
            (_LABELS, Cable.Label),
            (_SIGNATURE_END, bygroups(Cable.Signature, PlainToken)),
            (_TEXT_RUN, PlainToken),
            (_PARENS, PlainToken),
            (r"[^\n]", PlainToken),
            (r"\n", PlainToken, "#pop"),
        ],
        "recipients": [
            (r"^(TO|INFO|XMT|CC)([ \t]+)", bygroups(Routing.Keyword, PlainToken)),
            (r"\b(R[A-Z0-9]{3,7})(/)", bygroups(Routing.Indicator, Routing)),
            (r"(?<=[^\n])" + _RECIPIENT + r"$", Routing.Recipient),
            (r"^(?!" + "|".join(_BANNER_WORDS.values()) + r")" + _RECIPIENT + r"$", Routing.Recipient),
            (r"\n(?=" + _RECIPIENT + r"$)", PlainToken),
            (r"\n", PlainToken, "#pop"),
            default("#pop"),
        ],
        "tags": [
            (r"[A-Z][A-Za-z0-9_-]*", Cable.Tag),
            (r"[^\nA-Z]+", PlainToken),
            (r"\n", PlainToken, "#pop"),
        ],
        "subject": [
            (_MARKING.pattern, _marking),  # SUBJECT: (C/NF) ...
            (r"[^\n(]+|\(", Cable.Subject),
            (r"\n(?=[ \t]*\n|[ \t]*(?:REF|Ref|Classified|CLASSIFIED|DERIVED|Derived|¶|\[¶|\d+\.)|\Z)", PlainToken,
             "#pop"),
            (r"\n", Cable.Subject),
        ],
        "ref": [
            (_REF_ID, Cable.Reference),
            (r"\n(?=[ \t]*\n|[ \t]*(?:¶[ \t]*)?\d+\.|[ \t]*(?:Classified|CLASSIFIED)|\Z)", PlainToken, "#pop"),
            (r"[^\nA-Z0-9]+|[A-Z0-9]+|\n", PlainToken),
        ],
    }



class BodyLexer(CableLexer):
    """A cable's body apart from its header: no routing rules, so a body line such as ``TO BEAR FULL
    RESPONSIBILITY`` in a cable written in capitals is not coloured as an address."""

    name = "cable body"
    aliases = ["cable-body"]
    tokens = {"root": _root(_BODY_RULES)}

# ---------------------------------------------------------------------------------------------------------------
# styles: token type -> Rich style, in the 16 ANSI colours (and bold/dim/reverse/underline) only

STYLES: dict[str, dict[_TokenType, str]] = {
    "default": {
        Routing: "dim cyan",
        Routing.Transmission: "cyan",
        Routing.Precedence: "bold cyan",
        Routing.Indicator: "cyan",
        Routing.Keyword: "bold cyan",
        Routing.DTG: "bold cyan",
        Routing.Security: "cyan",
        Routing.Recipient: "cyan",
        Banner.TopSecret: "bold reverse bright_red",
        Banner.Secret: "bold red",
        Banner.Confidential: "bold yellow",
        Banner.Unclassified: "bold green",
        Marking.TopSecret: "bold bright_red",
        Marking.Secret: "bold red",
        Marking.Confidential: "bold yellow",
        Marking.Sensitive: "green",
        Marking.Unclassified: "green",
        Marking.TopSecret.Noforn: "bold reverse bright_red",
        Marking.Secret.Noforn: "bold reverse red",
        Marking.Confidential.Noforn: "bold reverse yellow",
        Marking.Sensitive.Noforn: "reverse green",
        Marking.Unclassified.Noforn: "reverse green",
        Cable.Caveat: "bold magenta",
        Field.Label: "bold",
        Field.Value: "dim",
        Cable.Tag: "magenta",
        Cable.Subject: "bold",
        Cable.Reference: "underline bright_blue",
        Cable.ClassifiedBy: "dim",
        Cable.PageBreak: "dim",
        Cable.Paragraph: "bold",
        Cable.Label: "bold",
        Cable.Signature: "bold",
    },
    # no colour at all (NO_COLOR, monochrome terminals): levels told apart by weight alone
    "mono": {
        Routing: "dim",
        Banner: "bold reverse",
        Marking.TopSecret: "bold reverse",
        Marking.Secret: "bold reverse",
        Marking.Confidential: "bold",
        Marking.Sensitive: "",
        Marking.Unclassified: "",
        Cable.Caveat: "bold",
        Field.Label: "bold",
        Field.Value: "dim",
        Cable.Subject: "bold",
        Cable.Reference: "underline",
        Cable.ClassifiedBy: "dim",
        Cable.PageBreak: "dim",
        Cable.Paragraph: "bold",
        Cable.Label: "bold",
        Cable.Signature: "bold",
    },
}

_NULL = Style()
_resolved: dict[tuple[str, _TokenType], Style] = {}
_lexer = CableLexer()
_body_lexer = BodyLexer()


def style_for(token: _TokenType, theme: str = "default") -> Style:
    """The Rich style of a token type: its own entry, else its nearest ancestor's, else no style."""
    key = (theme, token)
    style = _resolved.get(key)
    if style is None:
        table = STYLES[theme]
        t = token
        while t is not None and t not in table:
            t = t.parent
        style = Style.parse(table[t]) if t is not None and table[t] else _NULL
        _resolved[key] = style
    return style


# Lines this long, and text past this length, are shown plain: pathological input must not stall the lexer.
MAX_LEXED_LINE = 20_000
MAX_LEXED_TEXT = 2_000_000
_LONG_LINE = re.compile(r"^[^\n]{%d,}" % MAX_LEXED_LINE, re.MULTILINE)  # tried at line starts only


def _spans(text: str, offset: int, theme: str, spans: list[Span], lexer: RegexLexer) -> None:
    """Lex ``text`` and add its styled runs (shifted by ``offset``) to ``spans``, merging equal neighbours."""
    for index, token, value in lexer.get_tokens_unprocessed(text):
        style = style_for(token, theme)
        if not style:
            continue
        start = offset + index
        end = start + len(value)
        if spans and spans[-1].end == start and spans[-1].style is style:
            spans[-1] = Span(spans[-1].start, end, style)
        else:
            spans.append(Span(start, end, style))


def _text(plain: str, spans: list[Span]) -> Text:
    """A Text of already sanitized ``plain`` with ``spans``.

    ``sanitize`` removes a superset of the control codes Rich strips, so Rich's own pass (a ``str.translate``
    that costs more than the whole lexing on non-ASCII text) is skipped: the Text is filled in directly.
    """
    text = Text(end="", no_wrap=False)
    text._text = [plain]
    text._length = len(plain)
    text._spans = spans
    return text


def _lex(text: str, theme: str, lexer: RegexLexer = _lexer) -> tuple[str, list[Span]]:
    if theme not in STYLES:
        raise ValueError(f"unknown theme {theme!r}; known: {', '.join(STYLES)}")
    text = sanitize(text)
    spans: list[Span] = []
    start = 0
    end = min(len(text), MAX_LEXED_TEXT)
    for long_line in _LONG_LINE.finditer(text, 0, end):
        _spans(text[start : long_line.start()], start, theme, spans, lexer)
        start = long_line.end()
    if start < end:
        _spans(text[start:end], start, theme, spans, lexer)
    return text, spans


def highlight(text: str, *, theme: str = "default") -> Text:
    """Sanitize and lex ``text`` once and return it as a styled rich Text (no markup is ever parsed)."""
    return _text(*_lex(text, theme))


def highlight_lines(text: str, *, theme: str = "default", body: bool = False) -> list[Text]:
    """``highlight`` split into one Text per line (as ``str.splitlines`` would split), for line-API rendering.
    ``body``: ``text`` is a cable's body without its header (no line of it is coloured as routing).

    Spans that run over a line end (a two-line subject) are cut at it."""
    plain, spans = _lex(text, theme, _body_lexer if body else _lexer)
    lines = plain.split("\n")
    if lines[-1] == "":
        lines.pop()
    out: list[Text] = []
    first = 0  # index of the first span that may still touch the current line
    start = 0
    for line in lines:
        end = start + len(line)
        while first < len(spans) and spans[first].end <= start:
            first += 1
        line_spans = []
        i = first
        while i < len(spans) and spans[i].start < end:
            span = spans[i]
            a, b = max(span.start, start), min(span.end, end)
            if a < b:
                line_spans.append(Span(a - start, b - start, span.style))
            i += 1
        out.append(_text(line, line_spans))
        start = end + 1
    return out



def _piece(plain: str, spans: list[Span], first: int, start: int, end: int, indent: int) -> tuple[Text, int]:
    """``plain[start:end]`` as a Text after ``indent`` spaces, with the parts of ``spans`` (sorted, from index
    ``first`` on) that fall in it; also the index of the first span that may reach past ``start``."""
    while first < len(spans) and spans[first].end <= start:
        first += 1
    out = []
    i = first
    while i < len(spans) and spans[i].start < end:
        a, b = max(spans[i].start, start), min(spans[i].end, end)
        if a < b:
            out.append(Span(a - start + indent, b - start + indent, spans[i].style))
        i += 1
    return _text(" " * indent + plain[start:end], out), first


def _joined(plains: list[str], lines: list[Text], block: Block) -> tuple[str, list[Span], list[int]]:
    """A flowing block's lines as one string, their spans moved to where each line's text now sits, and where
    each line starts in it."""
    from tui.cable.flow import joined

    plain, where = joined(plains, block)
    spans: list[Span] = []
    for n, (i, cut, at) in enumerate(where):
        length = len(plains[i][cut:].rstrip())
        for span in lines[i].spans:
            a, b = max(span.start, cut), min(span.end, cut + length)
            if a < b:
                spans.append(Span(a - cut + at, b - cut + at, span.style))
    return plain, spans, [at for _, _, at in where]


def flowed(lines: list[Text], width: int, blocks: list[Block] | None = None) -> tuple[list[Text], list[int]]:
    """``lines`` (from ``highlight_lines``) laid out at ``width``: each block of ``blocks`` that flows is joined
    and wrapped at words, every other line wrapped at words if wider (``blocks`` None: every line as written).
    Returns the display lines and, for each, the index of the source line it starts in."""
    from tui.cable import flow  # here: the cable package is not loaded at start-up, only with the first cable

    plains = [t.plain for t in lines]
    if blocks is None:
        blocks = flow.as_written(plains)
    out: list[Text] = []
    sources: list[int] = []
    for block in blocks:
        if block.end - block.start > 1:
            plain, spans, starts = _joined(plains, lines, block)
        else:
            plain, spans, starts = plains[block.start], lines[block.start].spans, [0]
        pieces = flow.wrap(plain, width, block.hang)
        if len(starts) == 1 and pieces == [(0, len(plain))]:
            out.append(lines[block.start])  # a line that fits as it is: the lexed Text itself
            sources.append(block.start)
            continue
        indent = min(block.hang, max(width, 1) // 2)
        first = 0
        source = 0
        for n, (a, b) in enumerate(pieces):
            text, first = _piece(plain, spans, first, a, b, indent if n else 0)
            out.append(text)
            while source + 1 < len(starts) and starts[source + 1] <= a:
                source += 1
            sources.append(block.start + source)
    return out, sources
