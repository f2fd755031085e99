"""The command line: ``cablereader [--home DIR] [COMMAND ...]``.

No command opens the reader; ``cablereader REF`` opens it at a cable and ``cablereader PATH...`` over some files
(tui/cli/reader.py). Every other command is non-interactive and scriptable. ``COMMANDS`` is the one dispatch
table: a command ``name`` runs ``cmd_<name>`` of the module named beside it, imported only when that command runs
(so each command loads only what it needs). The arguments are in tui/cli/args.py.
"""

from __future__ import annotations

import errno
import io
import os
import sys

#: command -> the module of tui.cli holding its handler ``cmd_<command with - as _>``
COMMANDS = {
    "show": "library", "search": "library", "stats": "library", "import": "library", "export": "export",
    "timeline": "counts", "facets": "counts",
    "parse": "parse", "diff": "variants",
    "starred": "state", "notes": "state", "export-state": "state", "import-state": "state",
}


def handler(command: str):
    """The function that runs ``command``."""
    from importlib import import_module

    module = import_module(f"tui.cli.{COMMANDS[command]}")
    return getattr(module, "cmd_" + command.replace("-", "_"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # `cablereader stats >&-`: Python found fd 1 closed
        sys.stdout = _ClosedOutput()
    try:
        argv = _library_option(argv)
        try:
            return _run(argv)
        finally:  # what is still buffered (a usage line, help): a closed pipe found now is said as any other
            sys.stdout.flush()
    except BrokenPipeError:  # `cablereader stats | head -3`: the reader left; stop quietly (the Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe
    except KeyboardInterrupt:
        print("cablereader: interrupted", file=sys.stderr)
        return 130
    except ValueError as exc:  # a query the library refuses (tui.library.query.QueryError): a usage error
        from tui.library.query import QueryError
        from tui.safetext import line

        if not isinstance(exc, QueryError):
            raise
        print(f"cablereader: {line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file or folder the command needs that cannot be used: say which and why
        from tui.safetext import line
        from tui.safewrite import describe

        print(f"cablereader: {line(describe(exc))}", file=sys.stderr)
        return 1


class _ClosedOutput(io.TextIOBase):
    """Standard output when it was closed before the command started: a command that writes to it ends with a
    message and exit 1 (an OSError), one that does not (import, export -o FILE) runs as ever."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "cannot write: standard output is closed")


def _library_option(argv: list[str]) -> list[str]:
    """``--library PATH`` before the command: a shared library apart from the home (tui/paths.py), passed on as
    ``$CABLEREADER_LIBRARY``; argv without it. A named library must exist, except for ``import``."""
    from tui.paths import LIBRARY_ENV, named_library

    rest, out = list(argv), []
    while rest and rest[0].startswith("-"):
        word = rest.pop(0)
        if word == "--library" and rest:
            os.environ[LIBRARY_ENV] = rest.pop(0)
        elif word.startswith("--library="):
            os.environ[LIBRARY_ENV] = word.split("=", 1)[1]
        else:
            out.append(word)
            if word == "--home" and rest:
                out.append(rest.pop(0))
    out += rest
    library = named_library()
    if library is not None and not library.exists() and _command_word(out) != "import":
        raise FileNotFoundError(2, "no library there (import into it first: cablereader --library PATH import "
                                   "FILES)", str(library))
    return out


def _command_word(argv: list[str]) -> str | None:
    """The first word of argv that is neither an option nor the folder of ``--home``."""
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--home":
            del rest[:1]
        elif not word.startswith("-"):
            return word
    return None


def _run(argv: list[str]) -> int:
    from tui.cli.reader import reader_argv, run_reader, unknown_command

    reader = reader_argv(argv, COMMANDS)
    if reader is not None:
        return run_reader(*reader, COMMANDS)
    command = _command_word(argv)
    if command is not None and command not in COMMANDS:  # `cablereader stat --json`
        print(unknown_command(command, COMMANDS), file=sys.stderr)
        return 2
    from tui.cli.quick import read

    args = read(argv)  # show and search as typed most often, without argparse (~10 ms)
    if args is None:
        args = _parsed(argv, command)
    if args.command is None:
        return run_reader(args.home, [], COMMANDS)
    return handler(args.command)(args)


def _parsed(argv: list[str], command: str | None):
    """argv read by argparse (tui/cli/args.py): usage errors and help are its own, and exit."""
    from tui.cli.args import build_parser

    only = None if "-h" in argv or "--help" in argv else command  # a command builds only its own arguments
    parser = build_parser(only)
    args, extra = parser.parse_known_args(argv)
    if extra:  # `search iran --bogus`: the command's own usage line, not the top level's
        misplaced = [e.split("=")[0] for e in extra if e.split("=")[0] in ("--home", "--library")]
        where = f" ({' and '.join(misplaced)} go{'es' if len(misplaced) == 1 else ''} before the command: " \
                f"cablereader {misplaced[0]} D {args.command} ...)" if misplaced else ""
        parser.commands.get(args.command, parser).error(f"unrecognized arguments: {' '.join(extra)}{where}")
    return args
