"""How cable texts are stored: zlib with a preset dictionary trained on the library's own first texts.

A cable is small (a few KB), so plain zlib spends much of each text learning words every cable shares; a
32 KB dictionary of the commonest words (most common last, where zlib reaches them cheapest) saves ~15%.
"""

from __future__ import annotations

import zlib
from collections import Counter

LEVEL = 3
SIZE = 32 * 1024


def train(texts: list[str]) -> bytes:
    """A preset dictionary from sample texts: their commonest words, the most common at the end."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text.split())
    out: list[bytes] = []
    size = 0
    for word, n in counts.most_common():
        if n < 2:
            break
        b = word.encode("utf-8", "surrogatepass") + b" "
        if size + len(b) > SIZE:
            break
        out.append(b)
        size += len(b)
    return b"".join(reversed(out))


def compress(text: str, zdict: bytes) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if not zdict:
        return zlib.compress(data, LEVEL)
    c = zlib.compressobj(LEVEL, zdict=zdict)
    return c.compress(data) + c.flush()


def decompress(blob: bytes, zdict: bytes) -> str:
    if not zdict:
        return zlib.decompress(blob).decode("utf-8", "surrogatepass")
    d = zlib.decompressobj(zdict=zdict)
    return (d.decompress(blob) + d.flush()).decode("utf-8", "surrogatepass")
