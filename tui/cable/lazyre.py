"""Regular expressions compiled when first used, not when their module is imported.

The parser's modules hold some 150 patterns; compiling them all costs a process ~25 ms, while a command uses a
few (``show`` cuts a text into header and body with a dozen; a parse uses about two thirds). ``lazyre.compile``
takes what ``re.compile`` takes and gives an object used as the pattern is (``search``, ``match``, ``sub``,
``finditer``, ``pattern``...); the first use compiles it and keeps the pattern's methods as the object's own
attributes, so later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re

_KEPT = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "flags", "groups",
         "groupindex", "scanner")


class Compiled:
    """A pattern of ``lazyre.compile`` once used: the compiled pattern's methods are its own attributes."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern  # as written, without compiling (other patterns are built from it)
        self._flags = flags

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self._flags!r})"


class Lazy(Compiled):
    """A pattern not yet used. Its first use compiles it and makes it a ``Compiled``: a class with no
    ``__getattr__``, whose attributes are looked up as fast as a pattern's (a class with one is ~5% slower)."""

    def __getattr__(self, name: str):  # only for what is not yet an attribute: the first use
        compiled = re.compile(self.pattern, self._flags)
        for kept in _KEPT:
            setattr(self, kept, getattr(compiled, kept))
        self.__class__ = Compiled
        return getattr(compiled, name)


def compile(pattern: str, flags: int = 0) -> Lazy:  # noqa: A001 (named as re's, which it stands for)
    """``re.compile(pattern, flags)``, done on first use."""
    return Lazy(pattern, flags)
