"""The command line as a Unix tool: dispatch, arguments, exit codes, pipes and terminals."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shlex
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tui.cli import COMMANDS, handler, main
from tui.cli.args import build_parser
from tui.cli.reader import reader_argv
from tui.state import State


def test_one_dispatch_table_with_handlers_named_alike():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for command in COMMANDS:
        assert handler(command).__name__ == "cmd_" + command.replace("-", "_")


def test_reader_arguments_do_not_collide_with_commands():
    assert reader_argv([], COMMANDS) == (None, [])
    assert reader_argv(["10MEXICO83"], COMMANDS) == (None, ["10MEXICO83"])
    assert reader_argv(["--home", "/x", "10", "mexico"], COMMANDS) == ("/x", ["10", "mexico"])
    assert reader_argv(["--home=/x"], COMMANDS) == ("/x", [])
    assert reader_argv(["parse", "a.html"], COMMANDS) is None
    assert reader_argv(["--home", "/x", "search", "q"], COMMANDS) is None
    assert reader_argv(["--help"], COMMANDS) is None
    text = build_parser().format_help()
    assert "REF | PATH" in text and ": goes to a reference" in text and "/ filters" in text
    assert all(command in text for command in COMMANDS)


def test_a_command_parses_only_its_own_arguments(capsys, tmp_path, monkeypatch):
    parser = build_parser("show")
    assert set(next(a for a in parser._actions if a.dest == "command").choices) == {"show"}
    args = parser.parse_args(["--home", "/x", "show", "10MEXICO83", "--json"])
    assert (args.command, args.home, args.ref, args.json) == ("show", "/x", ["10MEXICO83"], True)
    monkeypatch.chdir(tmp_path)
    assert main(["--home", "search", "show", "10MEXICO83", "--plain"]) == 0  # a home named like a command
    assert capsys.readouterr().out.startswith("Reference ID 10MEXICO83 ")


# --- as a whole process, with and without a terminal ------------------------------------------------------------

LONG = "10MEXICO83"  # a bundled sample longer than a 24-line screen
SHORT_CABLE = "UNCLASSIFIED\n\nTAGS: PGOV\nSUBJECT: SHORT\n\n1. (U) Short.\n"


def cli(*args: str, home: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "CABLEREADER_HOME": str(home), **kw.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env=env,
                          timeout=60, **kw)


def in_terminal(*args: str, home: Path, env: dict | None = None, stdin_tty: bool = True, rows: int = 24,
                timeout: float = 20, cols: int = 80) -> tuple[int, str, float]:
    """Run the command with stdout (and stdin, unless ``stdin_tty`` is False) on a pty of ``rows`` x 80: (exit
    code, what the terminal showed, seconds)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "CABLEREADER_HOME": str(home), "TERM": "xterm-256color", **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", *args], stdin=slave if stdin_tty else subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    shown = b""
    deadline = started + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    else:
        proc.kill()
        os.close(master)
        raise AssertionError(f"still running after {timeout} s: {shown[-500:]!r}")
    code = proc.wait(timeout=10)
    os.close(master)
    return code, shown.decode("utf-8", "replace"), time.perf_counter() - started


@pytest.fixture
def home(temp_home):
    """An empty home: the bundled samples."""
    return temp_home


def test_version(home):
    out = cli("--version", home=home)
    assert out.returncode == 0 and re.fullmatch(r"cablereader \d+\.\d+\.\d+\S*\n", out.stdout)


def test_show_several_refs_prints_each_and_fails_for_a_missing_one(home):
    out = cli("show", "10MEXICO83", "10NOWHERE1", "10", "mexico", "140", home=home)
    assert out.returncode == 1
    assert [ln.split()[2] for ln in out.stdout.splitlines() if ln.startswith("Reference ID ")] == \
        ["10MEXICO83", "10MEXICO140"]
    assert out.stderr.startswith("cablereader: no cable '10NOWHERE1' in the bundled samples")
    both = cli("show", "10MEXICO83", "10MEXICO140", "--json", home=home)
    assert both.returncode == 0
    assert [d["reference_id"] for d in map(json.loads, _objects(both.stdout))] == ["10MEXICO83", "10MEXICO140"]


def _objects(text: str) -> list[str]:
    """The JSON objects of a stream of indented objects."""
    decoder, i, out = json.JSONDecoder(), 0, []
    while i < len(text.rstrip()):
        obj, end = decoder.raw_decode(text, i)
        out.append(json.dumps(obj))
        i = end + 1
    return out


def test_long_output_goes_through_the_pager_on_a_terminal_only(home, tmp_path):
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"sh -c 'cat > {paged}'"}
    code, shown, _ = in_terminal("show", LONG, home=home, env=pager)
    assert code == 0 and paged.read_text().count("Reference ID 10MEXICO83") == 1
    assert "Reference ID" not in shown  # the pager had it all
    paged.unlink()
    code, shown, _ = in_terminal("show", LONG, home=home, env=pager, rows=500)  # fits the screen: no pager
    assert code == 0 and not paged.exists() and "Reference ID 10MEXICO83" in shown
    out = cli("show", LONG, home=home, env=pager)  # piped: never a pager
    assert out.returncode == 0 and not paged.exists() and out.stdout.startswith("Reference ID 10MEXICO83")
    code, shown, _ = in_terminal("show", LONG, home=home, env={"PAGER": "cat"})  # PAGER=cat: written as is
    assert code == 0 and "Reference ID 10MEXICO83" in shown


def test_default_pager_is_less_with_colours(home, monkeypatch):
    from tui.cli import output

    monkeypatch.delenv("PAGER", raising=False)
    calls = []

    def no_pager(command, **kw):
        calls.append(command)
        raise FileNotFoundError(command[0])

    monkeypatch.setattr(subprocess, "Popen", no_pager)
    assert output._pager("text") is False and calls == [["less", "-R"]]  # none installed: printed as is


def test_a_closed_pipe_ends_quietly(home):
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "show", *[LONG] * 40], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "CABLEREADER_HOME": str(home)})
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`: the reader is gone long before the 40 cables are written
    # 141 (128 + SIGPIPE): a write the kernel ends short when the reader leaves is followed by one that finds it gone
    assert proc.wait(timeout=60) == 141 and proc.stderr.read() == b""
    out = subprocess.run(f"{shlex.quote(sys.executable)} -m tui.cli stats | head -1", shell=True, capture_output=True,
                         text=True, env={**os.environ, "CABLEREADER_HOME": str(home)}, timeout=60)
    assert out.stdout.startswith("bundled samples") and out.stderr == ""


UNKNOWN = [
    (["stat"], "unknown command 'stat' (did you mean 'stats'?)"),
    (["serch", "x"], "unknown command 'serch' (did you mean 'search'?)"),
    (["frobnicate"], "unknown command 'frobnicate'; commands: show, search"),
    (["stat", "--json"], "unknown command 'stat' (did you mean 'stats'?)"),
    (["sho", "10MEXICO83"], "unknown command 'sho' (did you mean 'show'?)"),
    (["serch", "10MEXICO83", "mexico", "83"], "unknown command 'serch' (did you mean 'search'?)"),
    (["--home", "show", "stat"], "unknown command 'stat' (did you mean 'stats'?)"),
    (["missing.html"], "no such file: missing.html"),
    (["some/folder"], "no such file: some/folder"),
]


# Every case piped; on a terminal, one of each kind (a near miss, no suggestion, a missing file): what the
# terminal changes (the reader must not start, nothing drawn) is the same for every word.
@pytest.mark.parametrize("terminal, argv, message", [(False, *case) for case in UNKNOWN]
                         + [(True, *UNKNOWN[i]) for i in (0, 2, 7)])
def test_an_unknown_command_or_a_missing_file_never_opens_the_reader(home, terminal, argv, message):
    if terminal:
        code, shown, _ = in_terminal(*argv, home=home)
    else:
        out = cli(*argv, home=home)
        code, shown = out.returncode, out.stdout + out.stderr
    assert code == 2 and f"cablereader: {message}" in shown
    assert "\x1b[" not in shown  # no screen was drawn


@pytest.mark.parametrize("argv", [[], ["10MEXICO83"], ["10", "mexico", "83"], ["{samples}"]])
@pytest.mark.parametrize("where", ["piped", "stdin not a terminal"])
def test_the_reader_needs_a_terminal_on_stdin_and_stdout(home, argv, where):
    from tui.resources import samples_dir

    argv = [a.format(samples=samples_dir()) for a in argv]
    cpu = _children_cpu()
    if where == "piped":
        started = time.perf_counter()
        out = cli(*argv, home=home, stdin=subprocess.DEVNULL)
        code, shown, seconds = out.returncode, out.stdout + out.stderr, time.perf_counter() - started
    else:
        code, shown, seconds = in_terminal(*argv, home=home, stdin_tty=False)
    cpu = _children_cpu() - cpu
    assert code == 2 and "the reader needs a terminal on stdin and stdout" in shown and "\x1b[" not in shown
    # "within a second": the work it does is under a second of CPU (wall time on a loaded machine is not its
    # own), and it never waits (a wait would show in the wall time)
    assert cpu < 1.0 and seconds < 10, (cpu, seconds)


def _children_cpu() -> float:
    """CPU seconds of the ended child processes of this one."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def test_on_a_terminal_a_reference_opens_the_reader(home):
    """The other side of the checks above: with a terminal the reader starts (and q quits it)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "10", "mexico", "83"], stdin=slave, stdout=slave,
                            stderr=slave, env={**os.environ, "CABLEREADER_HOME": str(home), "TERM": "xterm-256color"},
                            start_new_session=True)
    os.close(slave)
    shown, deadline = b"", time.perf_counter() + 30
    while b"Scenesetter" not in shown and time.perf_counter() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 65536)
    try:
        assert b"Scenesetter" in shown
    finally:
        proc.kill()
        proc.wait(timeout=10)
        os.close(master)


# --- light commands ---------------------------------------------------------------------------------------------

#: what a light command never needs, run on a library of its own (the samples index themselves on a first run):
#: neither the file reading nor the importer, nothing only the samples, a fuzzy lookup or the reader need; search and
#: stats no part of the parser either (show parses the one cable it prints), show not the query language
_NEVER = {"tui.library.importer", "tui.cable.sources", "tui.cable.walk", "tui.state", "tui.highlight",
          "tinydb", "hashlib", "tempfile", "difflib", "zipfile", "importlib.resources"}
_PARSER = {"tui.cable.assemble", "tui.cable.head", "tui.cable.labels", "tui.cable.markup", "tui.cable.paragraphs",
           "tui.cable.references", "tui.cable.signers", "tui.cable.subject", "tui.cable.tags", "tui.cable.model"}
_STATE = _NEVER - {"tui.state", "tinydb"}  # the commands that read the reading state
#: what a search, and a whole cable printed (show piped or --plain), never load: no Cable is made (the model), and
#: nothing of dataclasses, inspect or typing (~10-20 ms of a process; bench/bench_light.py times them)
_LIGHT = {"tui.cable.model", "dataclasses", "inspect", "typing"}
NOT_NEEDED = {"show": _NEVER | {"tui.library.fulltext", "tui.cli.counts", "tui.cli.view"},
              "search": _NEVER | _PARSER | {"tui.cli.counts"}, "stats": _NEVER | _PARSER, "timeline": _NEVER | _PARSER,
              "facets": _NEVER | _PARSER, "diff": _NEVER - {"difflib"}, "starred": _STATE | _PARSER,
              "notes": _STATE | _PARSER, "export --format csv": _STATE | _PARSER}  # CSV holds no text to cut


@pytest.fixture(scope="module")
def library_home(tmp_path_factory):
    """A home whose library holds the samples."""
    from tui.resources import samples_dir

    home = tmp_path_factory.mktemp("library-home")
    assert cli("import", str(samples_dir()), "--jobs", "1", home=home).returncode == 0
    return home


def _imported(argv: list[str], home: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", *argv], capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL, env={**os.environ, "CABLEREADER_HOME": str(home)})
    modules = {ln.rsplit("|", 1)[1].strip() for ln in out.stderr.splitlines() if ln.startswith("import time:")}
    assert modules and out.returncode in (0, 1, 2), out.stderr
    return modules


@pytest.mark.parametrize("argv", [["show", "10MEXICO83", "--plain"], ["show", "10MEXICO83", "--json"],
                                  ["show", "10MEXICO83#6", "--json"], ["show", "10MEXICO83", "--paragraph", "6"],
                                  ["show", "10MEXICO83"], ["search", "mexico"], ["search", "mexico", "--json"],
                                  ["stats"], ["timeline", "--by", "month"], ["facets", "--json"], ["starred"], ["notes", "--json"], ["parse", "{sample}"], ["stat"],
                                  ["export", "-o", "-"], ["export", "--format", "json", "-o", "-"],
                                  ["export", "--format", "csv", "-o", "-"],
                                  ["10MEXICO83"], ["--version"], ["diff", "10MEXICO83"], ["diff", "10MEXICO83", "--json"]],
                         ids=" ".join)
def test_what_each_command_imports(home, library_home, argv):
    """Piped (so ``show`` has no colours): nothing of Textual, Rich or Pygments, nor TinyDB where no state is read;
    on a library, show, search and stats nothing they do not use (``NOT_NEEDED``; bench/bench_light.py times them)."""
    from tui.resources import samples_dir

    argv = [a.format(sample=samples_dir() / "10MEXICO83.txt") for a in argv]
    modules = _imported(argv, home)
    heavy = {m.split(".")[0] for m in modules} & {"textual", "rich", "pygments"}
    assert not heavy, f"{' '.join(argv)} imports {heavy}"
    if argv[0] not in ("starred", "notes", "export"):  # export writes the notes
        assert "tinydb" not in modules
    if argv[0] in ("stat", "--version"):
        assert not {"sqlite3", "tui.library", "tui.cable"} & modules
    command = next((c for c in NOT_NEEDED if " ".join(argv).startswith(c + " ")), argv[0])
    if command in NOT_NEEDED:
        modules = _imported(argv, library_home)
        assert not modules & NOT_NEEDED[command], f"{' '.join(argv)} imports {modules & NOT_NEEDED[command]}"
        if argv[0] in ("show", "diff"):
            assert "tui.cable.assemble" in modules  # the test sees what it means to see
        whole = argv[0] == "show" and "#" not in argv[1] and not {"--json", "--paragraph"} & set(argv)
        if argv[0] == "search" or whole:
            assert not modules & _LIGHT, f"{' '.join(argv)} imports {modules & _LIGHT}"
        elif argv[0] == "show":
            assert "tui.cable.model" in modules  # a parse: the test sees what it means to see


def test_one_json_shape_for_a_cable(home, capsys):
    """show, search, starred, notes and parse name a cable's fields alike, dates in ISO 8601."""
    from tui.cli.output import SUMMARY_KEYS
    from tui.resources import samples_dir

    with State(home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_note("10MEXICO83", "a note")
    docs = {}
    for name, argv in {"show": ["show", "10MEXICO83"], "search": ["search", "scenesetter"], "starred": ["starred"],
                       "notes": ["notes"], "parse": ["parse", str(samples_dir() / "10MEXICO83.page.txt")]}.items():
        assert main([*argv, "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        docs[name] = next(d for d in (out if isinstance(out, list) else [out]) if d["reference_id"] == "10MEXICO83")
    summary = {k: docs["show"][k] for k in SUMMARY_KEYS}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", summary["created"])
    for name, doc in docs.items():
        assert {k: doc[k] for k in SUMMARY_KEYS} == summary, name
    assert set(docs["parse"]) == set(docs["show"])  # a whole cable: the same keys
    assert docs["notes"]["note"] == "a note" and {"snippet", "spans", "rank"} <= set(docs["search"])


@pytest.mark.parametrize("argv, usage", [(["search", "iran", "--bogus"], "usage: cablereader search "),
                                         (["show", "10MEXICO83", "--jsn"], "usage: cablereader show "),
                                         (["show", "--jsn"], "usage: cablereader show "),
                                         (["--home", "/tmp/x", "stats", "-z"], "usage: cablereader stats ")])
def test_a_bad_option_shows_the_command_usage(capsys, argv, usage):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    err = capsys.readouterr().err
    assert exit.value.code == 2 and err.startswith(usage), err


def test_show_on_a_terminal_lays_the_text_out_at_its_width(home):
    from tui.cable.flow import reflow
    from tui.library import open_home

    with open_home(home) as library:
        body = library.get(LONG).body.rstrip("\n")
    code, shown, _ = in_terminal("show", LONG, "--plain", home=home, env={"PAGER": "cat"}, cols=50, rows=500)
    lines = shown.replace("\r", "").split("\n")
    flowed = reflow(body, 50)
    assert code == 0 and max(map(len, flowed)) <= 50 and max(len(ln) for ln in body.split("\n")) > 50
    assert all(ln in lines for ln in flowed if ln.strip())  # every line as re-flowed, no word cut at the edge
    piped = cli("show", LONG, "--plain", home=home).stdout
    assert body in piped  # piped: as stored


def test_search_columns_fit_the_hits(home):
    out = cli("search", "the", "--limit", "30", home=home).stdout.splitlines()
    heads = [ln for ln in out if not ln.startswith("    ")]
    ids = max(len(ln.split()[0]) for ln in heads)
    assert {ln[ids + 12:ids + 14] for ln in heads} <= {"TS", "S ", "C ", "U ", "? "}  # the level as the list has it
    assert {ln.index(" ", ids) for ln in heads} == {ids}  # the date column starts at one place
    subjects = [h["subject"] for h in json.loads(cli("search", "the", "--limit", "30", "--json", home=home).stdout)]
    assert len({ln.rindex(subject) for ln, subject in zip(heads, subjects)}) == 1  # the subjects start at one place
    code, shown, _ = in_terminal("search", "the", "--limit", "30", home=home, cols=60, rows=500)
    assert code == 0 and max(len(ln) for ln in shown.replace("\r", "").split("\n")) <= 60


@pytest.mark.parametrize("argv", [["search", "military", "--origin", ""], ["export", "-o", "-",
                                  "--query", ""], ["export", "-o", "-", "--tag", " "], ["timeline", "--query", ""],
                                  ["facets", "--classification", ""], ["search", "x", "--from", ""]], ids=" ".join)
def test_an_empty_query_or_filter_value_is_a_usage_error(temp_home, capsys, argv):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    out = capsys.readouterr()
    assert exit.value.code == 2 and out.out == "" and ": empty (give a value, or leave the option out)" in out.err


@pytest.mark.parametrize("command", [["search", "military"], ["export", "-o", "-"], ["timeline"], ["facets"]],
                         ids=" ".join)
def test_an_origin_or_level_the_library_lacks_is_said_and_the_origin_a_word_picks(temp_home, capsys, command):
    assert main([*command, "--origin", "Narnia"]) == 1
    assert capsys.readouterr().err == "cablereader: no origin matches 'Narnia'\n"
    assert main([*command, "--classification", "TOPSECRET"]) == 1
    assert capsys.readouterr().err == "cablereader: no classification matches 'TOPSECRET'\n"
    assert main([*command, "--from", "2010-01-01", "--to", "2009-12-31"]) == 2
    assert capsys.readouterr().err == "cablereader: --from 2010-01-01 is after --to 2009-12-31\n"
    main([*command, "--origin", "STATE"])
    assert capsys.readouterr().err.startswith("cablereader: --origin STATE means Secretary of State\n")
    main([*command, "--origin", "Secretary of State"])
    assert "means" not in capsys.readouterr().err


def test_a_global_option_after_the_command_is_said_to_go_before_it(temp_home, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["show", "10MEXICO83", "--home", "/tmp/nowhere"])
    assert exit.value.code == 2
    assert "(--home goes before the command: cablereader --home D show ...)" in capsys.readouterr().err


def test_the_help_says_what_each_json_holds():
    text = " ".join(build_parser().format_help().split())
    for said in ("export --format json", "timeline --json", "facets --json", "diff --json"):
        assert said in text


def test_a_star_of_a_cable_not_in_the_library_is_marked_so(temp_home, capsys):
    with State(temp_home, background=False) as st:
        st.set_starred("10MEXICO83")
        st.set_starred("99NOWHERE1")
    assert main(["starred"]) == 0
    out = capsys.readouterr().out
    lines = dict(row.split("\t") for row in out.splitlines())
    assert lines["99NOWHERE1"] == "(not in this library)" and lines["10MEXICO83"].startswith("Scenesetter")


def test_search_on_a_terminal_shows_the_short_level_and_cuts_with_an_ellipsis(temp_home, capsys, monkeypatch):
    import shutil

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: os.terminal_size((80, 24)))
    assert main(["search", "military", "--limit", "2"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "10MEXICO83  2010-01-29 S  Scenesetter for the Opening of the Defense Bilateral \u2026"
