"""Starting the reader from the command line: which arguments ask for it, and the checks before it starts.

An argument opens the reader only when it names an existing path (read without importing) or looks like a
reference ID (``10MEXICO83``, ``10 mexico 83``); anything else is an unknown command (exit 2, with the nearest
command). The reader needs a terminal on stdin and stdout: without one it says so and exits 2 at once.
"""

from __future__ import annotations

import os
import sys

NO_TERMINAL = ("cablereader: the reader needs a terminal on stdin and stdout; in scripts use "
               "'cablereader show REF' or 'cablereader search QUERY' (see cablereader --help)")


def reader_argv(argv: list[str], commands) -> tuple[str | None, list[str]] | None:
    """(home, targets) when argv asks for the reader (no command, or words that are not a command), else None:
    argv is a command or has options, for argparse."""
    home, rest = None, list(argv)
    while rest and rest[0].startswith("--home"):
        if rest[0].startswith("--home="):
            home = rest.pop(0).split("=", 1)[1]
        elif rest[0] == "--home" and len(rest) > 1:
            rest.pop(0)
            home = rest.pop(0)
        else:
            return None
    if any(a.startswith("-") for a in rest) or (rest and rest[0] in commands):
        return None
    return home, rest


def _looks_like_id(text: str) -> bool:
    if not any(c.isdigit() for c in text):  # no serial: not an ID (and no need to load the ID rules)
        return False
    from tui.cable.ids import parse_loose
    from tui.library.lookup import split_anchor

    loose = parse_loose(split_anchor(text)[0])  # 10MEXICO83#6: the cable, at its paragraph 6
    return loose.station is not None and loose.serial is not None


def unknown(targets: list[str], commands) -> str | None:
    """None when ``targets`` are existing paths or a reference ID; else the message for an unknown command or a
    missing file."""
    from tui.safetext import line

    missing = [t for t in targets if not os.path.exists(t)]
    if not missing:
        return None
    if _near_command(targets, commands):  # `sho 10MEXICO83`: a mistyped command, not an ID
        return unknown_command(targets[0], commands)
    if len(missing) == len(targets) and _looks_like_id(" ".join(targets)):
        return None
    if len(missing) < len(targets) or any(os.sep in t or "." in t for t in missing):
        return f"cablereader: no such file: {line(', '.join(missing))}"
    return unknown_command(targets[0], commands)


def _near_command(targets: list[str], commands) -> bool:
    """True when the first word is close to a command name and is no part of an ID with the words after it."""
    from difflib import get_close_matches

    if os.path.exists(targets[0]) or not get_close_matches(targets[0].lower(), list(commands), n=1, cutoff=0.6):
        return False
    if len(targets) == 1:  # `stat`: nothing to load
        return not _looks_like_id(targets[0])
    from tui.library.lookup import split_refs

    return not _looks_like_id(split_refs(targets)[0])


def unknown_command(word: str, commands) -> str:
    """The message for a word that is no command, naming the nearest command if one is close."""
    from difflib import get_close_matches

    from tui.safetext import line

    near = get_close_matches(word.lower(), list(commands), n=1, cutoff=0.6)
    hint = f" (did you mean '{near[0]}'?)" if near else f"; commands: {', '.join(commands)} (see cablereader --help)"
    return f"cablereader: unknown command '{line(word)}'{hint}"


def run_reader(home_arg: str | None, targets: list[str], commands=()) -> int:
    """The reader: the library (or the bundled samples), at a cable (REF) or over some files (PATH...)."""
    problem = unknown(targets, commands) if targets else None
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    from pathlib import Path

    from tui.app import run
    from tui.library import open_files, open_home
    from tui.paths import home_dir
    from tui.state import State

    home = home_dir(home_arg)
    paths = [Path(t) for t in targets]
    start = None
    if paths and not all(p.exists() for p in paths):  # not files: a reference ID, maybe typed in words
        start, paths = " ".join(targets), []
    library = open_files(paths, home) if paths else open_home(home)
    state = State(home)  # files opened without import get marks too: state is keyed by reference ID
    try:
        return run(library, start=start, home=home, opened_files=bool(paths), state=state)
    finally:
        state.close()
        library.close()
        if state.problem:  # the state could not be saved: say where this session's changes went
            print(f"cablereader: {state.problem}", file=sys.stderr)
