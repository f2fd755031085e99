"""Helpers for the hostile-filesystem tests: the CLI as a separate process, as another user, under a read-only
mount, and folders another user can reach.

Permission checks do not deny root (the sandbox and CI run as root), so a test that needs "cannot read" or
"cannot write" runs the command as ``nobody`` (``setpriv``) or inside a mount namespace where a folder is
mounted read-only (``unshare -m`` + ``mount --bind -o ro``). As an ordinary user both work too: ``setpriv`` is
then not needed, and ``unshare -r -m`` maps the user to root in a namespace of their own.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOT = os.geteuid() == 0
CLI = [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


def can_drop_privileges() -> bool:
    return not ROOT or shutil.which("setpriv") is not None


def can_mount_readonly() -> bool:
    """A private mount namespace with a read-only bind mount works here."""
    if shutil.which("unshare") is None:
        return False
    probe = Path(tempfile.mkdtemp())
    try:
        q = shlex.quote(str(probe))
        done = subprocess.run(_unshare() + ["sh", "-c", f"mount --bind {q} {q} && mount -o remount,bind,ro {q} && "
                                            f"! touch {q}/x 2>/dev/null"], capture_output=True, timeout=20)
        return done.returncode == 0
    finally:
        shutil.rmtree(probe)


def _unshare() -> list[str]:
    return ["unshare", "-m"] if ROOT else ["unshare", "-r", "-m"]


def world_dir(prefix: str = "cablereader-hostile-") -> Path:
    """A temporary folder every user can enter (pytest's tmp_path is private to its owner); remove it yourself."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def command(args: list[str], *, user: str | None = None, readonly: tuple = ()) -> list[str]:
    """The argv running ``cablereader ARGS``: as ``user`` (as root: setpriv), with ``readonly`` folders mounted
    read-only for this process alone."""
    cmd = list(CLI) + [str(a) for a in args]
    if user is not None and ROOT:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user if user != 'nobody' else 'nogroup'}",
               "--clear-groups"] + cmd
    if readonly:
        mounts = " && ".join(f"mount --bind {shlex.quote(str(p))} {shlex.quote(str(p))} && "
                             f"mount -o remount,bind,ro {shlex.quote(str(p))}" for p in readonly)
        cmd = _unshare() + ["sh", "-c", f"{mounts} && exec {shlex.join(cmd)}"]
    return cmd


def cli_env(home: Path | None = None, library: Path | None = None, **extra: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", **extra}
    env.pop("CABLEREADER_LIBRARY", None)
    if home is not None:
        env["CABLEREADER_HOME"] = str(home)
    if library is not None:
        env["CABLEREADER_LIBRARY"] = str(library)
    return env


def run_cli(args: list[str], *, home: Path | None = None, user: str | None = None, readonly: tuple = (),
            env: dict | None = None, timeout: float = 120, stdin=subprocess.DEVNULL,
            library: Path | None = None) -> subprocess.CompletedProcess:
    """``cablereader ARGS`` in a new process (text output); see ``command``. A hang fails the test
    (TimeoutExpired)."""
    return subprocess.run(command(args, user=user, readonly=readonly), capture_output=True, text=True,
                          timeout=timeout, env=cli_env(home, library, **(env or {})), stdin=stdin, cwd=str(REPO))


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder`` with its bytes and times (to show nothing was written or touched)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root, name)
            st = p.lstat()
            data = p.read_bytes() if p.is_file() and not p.is_symlink() else None
            out[str(p.relative_to(folder))] = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, data)
    st = folder.stat()
    out["."] = (st.st_mode, st.st_mtime_ns, st.st_ctime_ns)
    return out


class Pty:
    """``cablereader ARGS`` on a pseudo-terminal of its own (it is the session leader, the terminal its
    controlling one: closing the terminal hangs it up, Ctrl+C typed there is a real SIGINT). The output is
    drained all along, so the program never blocks on a full terminal."""

    def __init__(self, args: list[str], *, home: Path, cols: int = 80, rows: int = 24, env: dict | None = None,
                 user: str | None = None, readonly: tuple = (), library: Path | None = None):
        import fcntl
        import pty
        import struct
        import termios
        import threading

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = cli_env(home, library, TERM="xterm-256color", **(env or {}))

        def controlling_terminal():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(command(args, user=user, readonly=readonly), stdin=slave, stdout=slave, stderr=slave,
                                     env=full_env, cwd=str(REPO), start_new_session=True,
                                     preexec_fn=controlling_terminal, close_fds=True)
        os.close(slave)
        self.output = bytearray()
        self._drain = threading.Thread(target=self._read, daemon=True)
        self._drain.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def wait_for(self, pattern: bytes, timeout: float = 30, since: int = 0) -> bool:
        """True once the terminal output from offset ``since`` matches the regular expression ``pattern``; False
        after ``timeout`` or when the program ended first."""
        import re
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ended = self.proc.poll() is not None
            if re.search(pattern, self.output[since:]):
                return True
            if ended:
                return False
            time.sleep(0.02)
        return False

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Until the program has written nothing for ``quiet`` seconds (or ``timeout`` s have passed)."""
        import time

        deadline = time.monotonic() + timeout
        seen, since = len(self.output), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < quiet:
            time.sleep(0.02)
            if len(self.output) != seen:
                seen, since = len(self.output), time.monotonic()

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def hang_up(self) -> None:
        """Close the terminal, as a dropped SSH connection does."""
        os.close(self.master)
        self.master = -1

    def wait(self, timeout: float = 30) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
