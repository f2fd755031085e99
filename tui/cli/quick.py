"""The common command lines of the light commands read without argparse, exactly as tui/cli/args.py reads them.

``show REF... [--json] [--plain] [--paragraph N]`` and ``search QUERY... [--limit N] [--origin O] ...``: argparse,
with the gettext, locale and shutil it loads, costs a process ~10 ms before the command starts. ``read`` gives
the same arguments argparse would, or None for anything it leaves to argparse: help, an unknown or shortened
option, ``--option=value``, a value starting with ``-``, an option given twice, a value its type refuses, no REF
or QUERY. So every usage line, error and message is still argparse's.
(tests/cli/test_cli_quick.py checks the table against args.py's parsers and the two readers against each other.)
"""

from __future__ import annotations

from types import SimpleNamespace


def positive(text: str) -> int:
    """A whole number of at least 1 (``--limit``)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"'{text}' is not a number of 1 or more")
    return number


def given(text: str) -> str:
    """A query or a filter value with something in it: empty, it would quietly mean every cable (a usage error)."""
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("empty (give a value, or leave the option out)")
    return text


#: command -> ((its words' name, their type), {flag: name}, {option: (name, type, default)}), as args.py has them
OPTIONS = {
    "show": (("ref", None), {"--json": "json", "--plain": "plain"}, {"--paragraph": ("paragraph", positive, None)}),
    "search": (("query", None), {"--json": "json", "--starred": "starred", "--unread": "unread"},
               {"--origin": ("origin", given, None), "--classification": ("classification", given, None),
                "--tag": ("tag", given, None), "--year": ("year", int, None), "--from": ("date_from", given, None),
                "--to": ("date_to", given, None), "--limit": ("limit", positive, 50)}),
}


def read(argv: list[str]) -> SimpleNamespace | None:
    """``[--home DIR] COMMAND ...`` (``--library`` already taken out) as argparse reads it, or None."""
    home, rest = None, list(argv)
    if rest[:1] == ["--home"] and len(rest) > 1 and not rest[1].startswith("-"):
        home, rest = rest[1], rest[2:]
    if not rest or rest[0] not in OPTIONS:
        return None
    command, rest = rest[0], rest[1:]
    (name, kind), flags, options = OPTIONS[command]
    values = {dest: False for dest in flags.values()} | {dest: default for dest, _, default in options.values()}
    words, seen = [], set()
    while rest:
        word = rest.pop(0)
        if not word.startswith("-"):  # words and options in any order (`show A --json B`), as args.py takes them
            words.append(word)
            continue
        if word in seen:
            return None
        seen.add(word)
        if word in flags:
            values[flags[word]] = True
        elif word in options and rest and not rest[0].startswith("-"):
            dest, convert, _ = options[word]
            try:
                values[dest] = convert(rest.pop(0))
            except Exception:  # the message is argparse's to give
                return None
        else:
            return None
    try:
        words = [kind(w) for w in words] if kind else words
    except Exception:
        return None
    if not words:
        return None
    return SimpleNamespace(home=home, library=None, command=command, **{name: words}, **values)
