"""What every command writes: through the pager on a terminal when longer than the screen, the same bytes when
piped, and one exit status for a closed pipe whatever the form (text or JSON)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.cli.test_cli_unix import cli, in_terminal
from tui.cli import main, output
from tui.state import State

#: each command whose output can be longer than a screen, in its text and JSON forms
LONG = [["search", "the"], ["search", "the", "--json"], ["stats"], ["timeline"], ["timeline", "--json"],
        ["facets"], ["facets", "--json"], ["starred"], ["starred", "--json"], ["notes"], ["notes", "--json"],
        ["show", "10MEXICO83"], ["show", "10MEXICO83", "--json"]]


@pytest.fixture
def stars(temp_home):
    """A home with a few starred and noted cables (the bundled samples)."""
    with State(temp_home, background=False) as st:
        for ref in ("10MEXICO83", "10MEXICO140", "99NOWHERE1"):
            st.set_starred(ref)
            st.set_note(ref, f"a note on {ref}\nits second line")
    return temp_home


def _run(argv, capsys, monkeypatch, terminal: bool, rows: int = 3) -> tuple[int, str, list[str]]:
    """``main(argv)`` in-process, stdout a terminal of ``rows`` x 80 or not: (exit code, what was written, what
    each pager run was given)."""
    paged = []
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: os.terminal_size((80, rows)))
    monkeypatch.setattr(output, "_pager", lambda text: paged.append(text) or True)
    code = main(argv)
    return code, capsys.readouterr().out, paged


@pytest.mark.parametrize("argv", LONG, ids=" ".join)
def test_output_longer_than_the_screen_is_paged_on_a_terminal_and_never_piped(stars, capsys, monkeypatch, argv):
    code, piped, paged = _run(argv, capsys, monkeypatch, terminal=False)
    assert code == 0 and piped and paged == []
    code, shown, paged = _run(argv, capsys, monkeypatch, terminal=True)
    assert code == 0 and shown == "" and len(paged) == 1
    laid_out = argv[0] in ("search", "show") and "--json" not in argv  # on a terminal: cut or laid out at its width
    assert laid_out or paged[0] == piped
    code, shown, paged = _run(argv, capsys, monkeypatch, terminal=True, rows=10**5)  # it fits: written as is
    assert code == 0 and paged == [] and (laid_out or shown == piped)


def test_search_on_a_terminal_through_the_pager_piped_as_before(temp_home, tmp_path):
    """As a whole process: 50 hits are 100 lines, longer than a 24-line terminal."""
    paged = tmp_path / "paged.txt"
    code, shown, _ = in_terminal("search", "the", home=temp_home, env={"PAGER": f"sh -c 'cat > {paged}'"})
    lines = paged.read_text().splitlines()
    assert code == 0 and len(lines) > 24 and lines[1].startswith("    ") and lines[0].split()[0] not in shown
    out = cli("search", "the", home=temp_home, env={"PAGER": f"sh -c 'cat > {tmp_path / 'never'}'"})
    assert out.returncode == 0 and not (tmp_path / "never").exists()
    assert out.stdout.splitlines()[0].split()[0] == lines[0].split()[0] and out.stdout.count("\n") == len(lines)


@pytest.mark.parametrize("argv, closed", [(["search", "the", "--limit", "3"], False),
                                          (["search", "the", "--limit", "3", "--json"], False),
                                          (["show", *["10MEXICO83"] * 40, "--json"], True)],
                         ids=["search", "search --json", "show x40 --json"])  # show x40 as text: test_cli_unix
def test_a_closed_pipe_ends_alike_in_every_form(temp_home, capsys, argv, closed):
    """Into ``head -1``: exit 0 when all of it fit in the pipe (64 KB) before the reader left, 141 (128 + SIGPIPE,
    as every command) when it did not, whether text or JSON; nothing on stderr."""
    main(argv)
    size = len(capsys.readouterr().out.encode())
    assert size > 300_000 if closed else size < 16_000
    command = " ".join(map(shlex.quote, [sys.executable, "-m", "tui.cli", *argv]))
    out = subprocess.run(f"{command} | head -1; exit ${{PIPESTATUS[0]}}", shell=True, executable="/bin/bash",
                         capture_output=True, text=True, env={**os.environ, "CABLEREADER_HOME": str(temp_home)},
                         timeout=60)
    assert out.stderr == "" and out.stdout
    assert out.returncode == (141 if closed else 0)


def test_every_byte_is_written_or_the_closed_pipe_is_said(monkeypatch):
    """A write the pipe ends short is followed by one that finds it closed (a buffered write would drop the rest
    and end as if all had been read)."""
    read, write = os.pipe()
    calls = []
    real = os.write

    def short(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real(fd, bytes(data[:5]))
        raise BrokenPipeError

    monkeypatch.setattr(os, "write", short)
    with open(write, "w", encoding="utf-8") as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        with pytest.raises(BrokenPipeError):
            output.page("0123456789\n")
    assert calls == [11, 6] and os.read(read, 100) == b"01234"
    os.close(read)


@pytest.mark.parametrize("argv", [["stats"], ["search", "the"], ["show", "10MEXICO83"]], ids=" ".join)
def test_a_closed_stdout_is_said(temp_home, argv):
    """``cablereader stats >&-``: a message and exit 1, not a traceback (nor a quiet exit 0 with nothing written)."""
    out = subprocess.run([sys.executable, "-m", "tui.cli", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, env={**os.environ, "CABLEREADER_HOME": str(temp_home)}, timeout=60,
                         preexec_fn=lambda: os.close(1))
    assert out.returncode == 1 and out.stderr == "cablereader: cannot write: standard output is closed\n"
