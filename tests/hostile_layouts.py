"""Hostile layouts and paths, and every command run over them (issue 11.5): the matrix shared by
tests/state/test_hostile_commands.py (the default suite runs all of it) and bench/hostile_census.py (which can also
run it against another checkout, to count what the code did before).

A case is a layout of the home (a state file cut in half, a folder where state.json should be, a library that
is garbage, ...) or a hostile path given to a command (a FIFO, a device, a link loop, a name with escapes), and
a command line. Its outcome: a traceback on stderr, a hang (no exit within the time limit and no word why), a
destroyed file (an entry that was there before and is gone, changed kind, or changed bytes, other than the files
the command owns), "waits" (a FIFO the user named, waited on as cat or > would, with a line saying so), or none of
these ("ok").
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.hostile import CLI, ROOT, cli_env

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CABLE = sorted((SHARED / "cables" / "raw-txt").glob("*"))[0]
GOOD_STATE = (b'{"app": {"1": {"version": 1, "history_cleared_at": 0.0, "last_view": null}},\n'
              b'"cables": {"1": {"id": "10MEXICO83", "updated": {"starred": 1.0}, "starred": true}},\n'
              b'"rules": {}, "history": {}, "recent": {}}\n')
COMMANDS = {
    "stats": ["stats"], "show": ["show", "10MEXICO83"], "search": ["search", "mexico", "--json"],
    "starred": ["starred"], "notes": ["notes", "--json"], "export-state": ["export-state", "{root}/out.json"],
    "import-state": ["import-state", "{root}/good-state.json"], "import": ["import", str(CABLE)],
    "parse": ["parse", str(CABLE)],
}


# ------------------------------------------------------------------------------------------ home layouts

def _state(home: Path, data: bytes) -> None:
    (home / "state.json").write_bytes(data)


def _library(home: Path, data: bytes) -> None:
    (home / "library.sqlite").write_bytes(data)


def _real_library(home: Path) -> bytes:
    """The bytes of a small real library (made once, then copied)."""
    import hashlib
    import tempfile

    code = (Path(__file__).resolve().parent.parent / "tui" / "library" / "schema.py").read_bytes()
    cache = Path(tempfile.gettempdir()) / f"cablereader-hostile-lib-{hashlib.sha1(code).hexdigest()[:12]}.sqlite"
    if not cache.exists():
        scratch = home.parent / "scratch-home"
        scratch.mkdir(exist_ok=True)
        subprocess.run(CLI + ["import", str(CABLE), "--jobs", "1"], env=cli_env(scratch), check=True,
                       capture_output=True, timeout=120)
        shutil.copy(scratch / "library.sqlite", cache)
        shutil.rmtree(scratch)
    return cache.read_bytes()


def _mknod(path: Path, minor: int) -> None:
    """A private copy of /dev/null (minor 3) or /dev/zero (5); a link to the real one when not root."""
    if ROOT:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    else:
        path.symlink_to("/dev/null" if minor == 3 else "/dev/zero")


HOME_LAYOUTS = {
    "fresh": lambda h: None,
    "state-truncated": lambda h: _state(h, GOOD_STATE[:len(GOOD_STATE) // 2]),
    "state-not-json": lambda h: _state(h, b"hello, not json\n"),
    "state-binary": lambda h: _state(h, bytes(range(256)) * 8),
    "state-empty": lambda h: _state(h, b""),
    "state-nul-bytes": lambda h: _state(h, b"\0" * 4096),
    "state-a-list": lambda h: _state(h, b"[1, 2, 3]"),
    "state-wrong-types": lambda h: _state(h, b'{"cables": {"1": {"id": 5, "updated": "x", "starred": []}},'
                                             b' "rules": {"1": {"filter": 3}}, "app": {"1": []}}'),
    "state-huge-numbers": lambda h: _state(h, b'{"cables": {"1": {"id": "A", "updated": {"scroll": 1e999},'
                                              b' "scroll": 1e999999}}, "history": {"1": {"id": "B", "at": -1e308}}}'),
    "state-folder": lambda h: (h / "state.json").mkdir(),
    "state-fifo": lambda h: os.mkfifo(h / "state.json"),
    "state-device": lambda h: _mknod(h / "state.json", 5),
    "state-dangling-link": lambda h: (h / "state.json").symlink_to(h / "nowhere.json"),
    "state-link-loop": lambda h: (h / "state.json").symlink_to("state.json"),
    "state-link-to-a-precious-file": lambda h: ((h.parent / "precious.txt").write_text("do not overwrite\n"),
                                                (h / "state.json").symlink_to(h.parent / "precious.txt")),
    "state-lock-is-a-folder": lambda h: (_state(h, GOOD_STATE), (h / "state.lock").mkdir()),
    "state-lock-is-a-fifo": lambda h: (_state(h, GOOD_STATE), os.mkfifo(h / "state.lock")),
    "library-garbage": lambda h: _library(h, b"this is not a database\n" * 100),
    "library-empty": lambda h: _library(h, b""),
    "library-truncated": lambda h: _library(h, _real_library(h)[:8192]),
    "library-folder": lambda h: (h / "library.sqlite").mkdir(),
    "library-fifo": lambda h: os.mkfifo(h / "library.sqlite"),
    "library-dangling-link": lambda h: (h / "library.sqlite").symlink_to(h / "gone.sqlite"),
    "library-wal-garbage": lambda h: (_library(h, _real_library(h)),
                                      (h / "library.sqlite-wal").write_bytes(b"garbage" * 1000)),
    "keymap-and-config-garbage": lambda h: ((h / "keymap.json").write_bytes(b"\xff{"),
                                            (h / "config.json").write_text("[")),
}

# ------------------------------------------------------------------------------------------ hostile paths

PATH_COMMANDS = {
    "parse": ["parse", "{p}"], "import": ["import", "{p}"], "export-state": ["export-state", "{p}"],
    "import-state": ["import-state", "{p}"],
}


def _socket(path: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


PATHS = {  # name -> (make it under root, the path given)
    "missing": (lambda r: None, "missing.json"),
    "a-folder": (lambda r: (r / "dir").mkdir(), "dir"),
    "a-fifo-without-writer": (lambda r: os.mkfifo(r / "fifo"), "fifo"),
    "a-socket": (lambda r: _socket(r / "sock"), "sock"),
    "a-null-device": (lambda r: _mknod(r / "null", 3), "null"),
    "a-zero-device": (lambda r: _mknod(r / "zero", 5), "zero"),
    "a-link-loop": (lambda r: (r / "loop").symlink_to("loop"), "loop"),
    "a-dangling-link": (lambda r: (r / "dangling").symlink_to(r / "gone" / "x.json"), "dangling"),
    "escapes-in-the-name": (lambda r: (r / "a\x1b[31mred\nline.json").write_bytes(GOOD_STATE),
                            "a\x1b[31mred\nline.json"),
    "a-name-too-long": (lambda r: None, "x" * 300),
    "a-binary-file": (lambda r: (r / "bin").write_bytes(os.urandom(5000)), "bin"),
    "in-a-missing-folder": (lambda r: None, "no/such/folder/file.json"),
}


@dataclass
class Case:
    layout: str  # a HOME_LAYOUTS or PATHS name
    command: str

    @property
    def id(self) -> str:
        return f"{self.layout}:{self.command}"


def cases(quick: bool = False) -> list[Case]:
    """Every layout with every command; ``quick``: each home layout with the commands most likely to trip on it
    (import-state, which reads and writes the state, for state layouts; stats and import for library layouts)
    and each path with the three commands that take a path to read or write."""
    if not quick:
        return ([Case(layout, cmd) for layout in HOME_LAYOUTS for cmd in COMMANDS]
                + [Case(path, cmd) for path in PATHS for cmd in PATH_COMMANDS])
    pick = {"state": ("import-state",), "library": ("stats", "import"), "fresh": tuple(COMMANDS),
            "keymap": ("stats",)}
    return ([Case(layout, cmd) for layout in HOME_LAYOUTS for cmd in pick[layout.split("-")[0]]]
            + [Case(path, cmd) for path in PATHS for cmd in ("parse", "export-state", "import-state")])


def run(case: Case, root: Path, *, repo: Path | None = None, timeout: float = 60) -> tuple[str, str]:
    """Set the case up under ``root`` (empty), run it, and say what happened: (outcome, detail)."""
    home = root / "home"
    home.mkdir()
    (root / "good-state.json").write_bytes(GOOD_STATE)
    if case.layout in HOME_LAYOUTS:
        HOME_LAYOUTS[case.layout](home)
        args = [a.replace("{root}", str(root)) for a in COMMANDS[case.command]]
    else:
        make, name = PATHS[case.layout]
        make(root)
        args = [a.replace("{p}", str(root / name)) for a in PATH_COMMANDS[case.command]]
    before = _entries(root)
    env = cli_env(home, TMPDIR=str(root))  # where a state that cannot be saved is rescued to: cleaned with root
    if repo is not None:
        env["PYTHONPATH"] = str(repo)
    proc = subprocess.Popen(CLI + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(root),
                            stdin=subprocess.DEVNULL, start_new_session=True)
    said = b""
    if case.layout == "a-fifo-without-writer":  # it waits for a writer (or reader) by design: see that it says so
        said = _read_until(proc, WAITS, min(timeout, 10))
    try:
        if WAITS in said:  # it waits for the other end, and says so: no need to see it wait longer
            raise subprocess.TimeoutExpired(proc.args, 0)
        _out, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and any worker it started
        _out, stderr = proc.communicate()
        _unblock(root)
        said = (said + stderr).decode("utf-8", "replace")
        if WAITS.decode() in said:  # a FIFO the user named: waits for its other end, and says so
            return "waits", said.strip().splitlines()[-1][:160]
        return "hang", f"no exit within {timeout:.0f} s"
    done = subprocess.CompletedProcess(proc.args, proc.returncode, _out, said + stderr)
    err = done.stderr.decode("utf-8", "replace")
    if "Traceback (most recent call last)" in err:
        return "traceback", err.strip().splitlines()[-1][:200]
    lost = _destroyed(before, _entries(root), owned=_owned(case, home, before))
    if lost:
        return "destroyed", ", ".join(lost)
    return "ok", f"exit {done.returncode}: {err.strip().splitlines()[-1][:160] if err.strip() else ''}"


WAITS = b"waiting for a program to"  # what a command says when the FIFO it was given has no other end yet


def _read_until(proc: subprocess.Popen, words: bytes, timeout: float) -> bytes:
    """What ``proc`` writes on stderr until it says ``words``, ends, or ``timeout`` s pass."""
    import select
    import time

    said, deadline = b"", time.monotonic() + timeout
    fd = proc.stderr.fileno()
    while words not in said and (left := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        said += chunk
    return said


def _owned(case: Case, home: Path, before: dict) -> set[str]:
    """Entries the command may change: a state.json that is a JSON object (ours to rewrite; one that is not must
    be kept, in place or moved aside), the library on import. New files are not checked."""
    import json

    owned = set()
    state = before.get(str(home / "state.json"))
    if state is not None and state[0] == "file":
        try:
            if isinstance(json.loads(state[1]), dict):
                owned.add(str(home / "state.json"))
        except ValueError:
            pass
    if case.command == "import":
        owned.add(str(home / "library.sqlite"))
    owned |= {str(home / "library.sqlite-wal"), str(home / "library.sqlite-shm")}  # SQLite's own journal
    if case.command == "export-state" and case.layout in PATHS:  # the file the user asked to have written
        owned.add(str(home.parent / PATHS[case.layout][1]))
    return owned


def _entries(root: Path) -> dict[str, tuple]:
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(folder, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[p] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as f:
                    out[p] = ("file", f.read())
            else:
                out[p] = (stat.filemode(st.st_mode)[0], st.st_rdev)
    precious = root / "precious.txt"
    if precious.exists():
        out[str(precious)] = ("file", precious.read_bytes())
    return out


def _destroyed(before: dict, after: dict, owned: set[str]) -> list[str]:
    """Entries gone, of another kind or with other bytes (a broken state file moved aside with its bytes kept is
    not lost)."""
    kept = {v for v in after.values()}
    lost = []
    for path, entry in before.items():
        if path in owned or after.get(path) == entry:
            continue
        if entry[0] == "file" and entry in kept:  # moved aside (state.json.broken-...), bytes intact
            continue
        lost.append(f"{Path(path).name} ({entry[0]} -> {after[path][0] if path in after else 'gone'})")
    return lost


def _unblock(root: Path) -> None:
    """Open every FIFO under root for writing and close it, so that a reader stuck on one goes on."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            p = os.path.join(folder, name)
            if stat.S_ISFIFO(os.lstat(p).st_mode):
                try:
                    os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:
                    pass
