"""What the commands write: messages, the JSON shape of a cable, and paging on a terminal.

The JSON shape (one place; the README writes it down): a cable is an object with the keys of ``Cable.to_dict``
(``reference_id``, ``reference_id_as_written``, ``created``, ... for a whole cable; for a cable in a list five of
them: ``reference_id``, ``created``, ``classification``, ``origin``, ``subject``), dates in ISO 8601 (``2010-01-29T20:08``), a missing value as null. A list adds its own
keys beside them (search: ``snippet``, ``spans``, ``rank``; notes: ``note``). A paragraph (``show REF#N``) is its
cable's five list keys and ``paragraph``, ``marking``, ``text`` and ``citation`` (tui/display/citation.py).
``export --format json`` writes a list of cables, each the five list keys and ``released``, ``tags``, ``note``,
``citation``, ``header`` and ``body`` (not the whole parsed cable: a parse costs ~3 ms a cable; tui/exporting.py).
"""

from __future__ import annotations

import os
import sys

from tui.safetext import dumps, line

#: the keys of a cable in a list (search, starred, notes), in this order
SUMMARY_KEYS = ("reference_id", "created", "classification", "origin", "subject")


def err(message: str) -> None:
    print(f"cablereader: {line(message)}", file=sys.stderr)


def iso(created: str | None) -> str | None:
    """A library row's ``YYYY-MM-DD HH:MM`` as ISO 8601 (``YYYY-MM-DDTHH:MM``); None when empty."""
    return created.replace(" ", "T") if created else None


def cable_json(cable) -> dict:
    """A whole cable (``show``, ``parse``)."""
    return cable.to_dict()


def paragraph_json(cable, number: int) -> dict:
    """A numbered paragraph of a cable (``show REF#N --json``): the cable's five list keys, then the paragraph's
    number, marking (``S``, ``SBU``, or null), text and citation."""
    from tui.display.citation import citation, paragraph

    para = paragraph(cable, number)
    whole = cable.to_dict()
    out = {key: whole[key] for key in SUMMARY_KEYS}
    out.update(paragraph=para.number, marking=para.marking, text=para.text, citation=citation(cable, number))
    return out


def summary_json(row=None, reference_id: str = "", **extra) -> dict:
    """A cable in a list, from a library ``Row`` (or only its ID when the library does not hold it)."""
    out = {"reference_id": row.reference_id if row else reference_id, "created": iso(row.created) if row else None,
           "classification": row.classification if row else None, "origin": row.origin if row else None,
           "subject": row.subject if row else None}
    out.update(extra)
    return out


def write_json(data) -> None:
    page(dumps(data) + "\n")


def page_lines(lines) -> None:
    """Lines of text (without their newlines), as ``page`` writes them."""
    page("".join(f"{text}\n" for text in lines))


def page(text: str, plain: str | None = None) -> None:
    """Write ``text``; on a terminal, through ``$PAGER`` (default ``less -R``) when it is longer than the screen.
    ``plain`` is ``text`` without colour codes, for counting its lines. Every command's output is written here,
    whole, in one write: piped into ``head``, whether the reader left while it was still being written (exit 141,
    tui/cli/__init__.py) depends on its size (over the pipe's 64 KB, or not), never on its form (text or JSON)."""
    if sys.stdout.isatty() and _rows(plain if plain is not None else text) >= _size().lines:
        if _pager(text):
            return
    _write(text)


def _write(text: str) -> None:
    """``text`` on stdout, every byte: a write the pipe ends short (its reader left) is followed by another, which
    raises BrokenPipeError (a buffered write would drop the rest and let the command end as if all was read)."""
    out = sys.stdout
    out.flush()
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        out.write(text)
        return
    data = memoryview(text.encode(out.encoding or "utf-8", out.errors or "strict"))
    while data:
        data = data[os.write(fd, data):]


def _size():
    import shutil  # on a terminal only: piped output never asks

    return shutil.get_terminal_size()


def _rows(text: str) -> int:
    width = max(_size().columns, 1)
    return sum(max(1, -(-len(part) // width)) for part in text.split("\n"))


def _pager(text: str) -> bool:
    """Run the pager on ``text``; False when there is none to run (``PAGER`` empty or ``cat``, or not found)."""
    import shlex
    import signal
    import subprocess

    command = shlex.split(os.environ.get("PAGER", "less -R"))
    if not command or command == ["cat"]:
        return False
    sys.stdout.flush()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the pager while it runs
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE)
    except OSError:
        signal.signal(signal.SIGINT, previous)
        return False
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:  # quit before reading it all
        pass
    finally:
        proc.wait()
        signal.signal(signal.SIGINT, previous)
    return True
