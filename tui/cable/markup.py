"""The markup a cable's text can carry from a WikiLeaks page, and its removal: ``<code><pre>`` wrappers, TAGS links,
paragraph anchors with their pilcrow, ``<br />``, an ``Appears in these articles:`` preamble, and HTML character
references (``&#x000A;`` newlines, ``&#8217;`` quotes, ``&amp;``), which are decoded wherever they occur.
"""

from __future__ import annotations

import re

from tui.cable import lazyre

_ANCHOR = lazyre.compile(r"<a id=['\"]par[^'\"]*['\"] href=['\"]#par[^'\"]*['\"]>\u00b6?</a>")
_TAG = lazyre.compile(r"</?(?:a|code|pre|br|p|div|span|b|i|em|strong|tt|font)\b[^<>\n]{0,300}?/?>", re.I)
_ENTITY = lazyre.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PREAMBLE = lazyre.compile(r"\s*Appears in these articles:.*?(?=<code>|<pre>|\Z)", re.S | re.I)
_MARKUP_HINT = lazyre.compile(r"</?(?:a|code|pre|br)\b|&#?[A-Za-z0-9]+;", re.I)


def has_markup(text: str) -> bool:
    """Whether the text holds page markup or character references worth removing, or starts with a page's
    preamble: whether ``strip_markup`` has anything to do. (A case-blind scan of every text costs more than the
    rest of cutting it: the hint is looked for only where a ``<`` or ``&`` says it can be.)"""
    if ("<" in text or "&" in text) and _MARKUP_HINT.search(text) is not None:
        return True
    return "ppears in these articles" in text[:200]


def decode_entities(text: str) -> str:
    """HTML character references decoded (``&#8217;`` -> ’, ``&amp;`` -> &); a bare ``&`` is left as it is."""
    if "&" not in text:
        return text
    import html  # with the first reference to decode: its table of names costs a process ~2 ms

    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def strip_markup(text: str) -> str:
    """The plain text of a page's ``<pre>`` block or of a body-only file: the preamble, wrappers, links and
    anchors dropped, character references decoded, line ends normalised."""
    if "ppears in these articles" in text[:200]:
        text = _PREAMBLE.sub("", text, count=1)
    text = _ANCHOR.sub("", text)
    text = _TAG.sub("", text)
    text = decode_entities(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
