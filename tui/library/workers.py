"""The import's worker processes: batches in, results back in order; ``kill()`` ends them at once, never waiting.

Not ``multiprocessing.Pool``: its ``terminate()`` joins the thread that writes tasks into the workers' pipe, and a
batch (megabytes) half written when the workers are killed leaves that thread, and so the import, blocked for
good (3 of 25 imports stopped by Ctrl+C under load hung so). Here the thread writing tasks is never waited for
once the workers are gone, each worker sends its results on a pipe of its own, and a worker that dies is noticed
instead of waited for.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

QUIET = {signal.SIGINT}


@contextlib.contextmanager
def ctrl_c_held():
    """Around starting child processes: a Ctrl+C meanwhile reaches this process afterwards, and a child only once
    it has called ``ignore_ctrl_c`` (a child that took it first died with a traceback on the terminal)."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, QUIET)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def ignore_ctrl_c() -> None:
    """In a child started under ``ctrl_c_held``: Ctrl+C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, QUIET)


class Workers:
    """``jobs`` processes (forked from ``ctx``) running ``work`` over the items ``map`` is given. Each first
    runs ``init(*initargs)``; Ctrl+C is the parent's to handle (a worker ignores it from its first moment)."""

    def __init__(self, ctx, jobs: int, work: Callable, init: Callable | None = None, initargs: tuple = ()):
        self.tasks = ctx.SimpleQueue()  # written by map's thread alone
        self.procs, self.results = [], []
        try:
            with ctrl_c_held():
                for _ in range(jobs):
                    reader, writer = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_serve, args=(self.tasks, writer, work, init, initargs), daemon=True)
                    proc.start()
                    writer.close()
                    self.procs.append(proc)
                    self.results.append(reader)
        except BaseException:
            self.kill()
            raise

    def map(self, items: Iterable) -> Iterator:
        """``work(item)`` for each item, in order. ``items`` is read in a thread of its own and results are
        received in another, so neither the reading nor the workers wait while the caller uses a result. An
        exception in a worker or in ``items`` is raised here."""
        inbox = queue.SimpleQueue()  # ("result", n, (ok, value)) | ("fed", count, error) | ("ended", proc, None)
        threading.Thread(target=self._feed, args=(items, inbox), daemon=True).start()
        threading.Thread(target=self._receive, args=(inbox,), daemon=True).start()
        done: dict[int, tuple] = {}
        n, total, error = 0, None, None
        while True:
            if n in done:
                ok, value = done.pop(n)
                if not ok:
                    raise value
                yield value
                n += 1
                continue
            if n == total:
                if error is not None:
                    raise error
                return
            kind, key, value = inbox.get()
            if kind == "result":
                done[key] = value
            elif kind == "fed":
                total, error = key, value
            else:
                key.join()
                if key.exitcode != 0:
                    raise RuntimeError(f"a worker process ended unexpectedly (exit code {key.exitcode})")

    def _feed(self, items: Iterable, inbox: queue.SimpleQueue) -> None:
        count, error = 0, None
        try:
            for item in items:
                self.tasks.put((count, item))
                count += 1
        except BaseException as exc:
            error = exc
        inbox.put(("fed", count, error))
        for _ in self.procs:  # the workers end once they have done the rest
            self.tasks.put(None)

    def _receive(self, inbox: queue.SimpleQueue) -> None:
        """Results as they come, and the workers' ends (reaped by ``map``'s caller's thread, not here)."""
        ends = {proc.sentinel: proc for proc in self.procs}
        waiting = list(self.results) + list(ends)
        while waiting:
            for ready in wait(waiting):
                if ready in ends:
                    waiting.remove(ready)
                    inbox.put(("ended", ends[ready], None))
                    continue
                try:
                    n, ok, value = ready.recv()
                except (EOFError, OSError):  # its worker has ended (or was killed in the middle of a send)
                    waiting.remove(ready)
                    continue
                inbox.put(("result", n, (ok, value)))

    def close(self) -> None:
        """After ``map`` has returned everything: wait for the workers to end (they have been told to)."""
        for proc in self.procs:
            proc.join()

    def kill(self) -> None:
        """End the workers now, whatever they are doing. The thread writing their tasks may stay blocked on their
        pipe: nothing waits for it."""
        for proc in self.procs:
            if proc.exitcode is None:
                proc.terminate()
        for proc in self.procs:
            proc.join()


def _serve(tasks, results, work: Callable, init: Callable | None, initargs: tuple) -> None:
    """A worker: ``(n, item)`` from ``tasks`` until None; ``(n, True, work(item))`` or ``(n, False, error)``."""
    ignore_ctrl_c()
    if init is not None:
        init(*initargs)
    for n, item in iter(tasks.get, None):
        try:
            out = (n, True, work(item))
        except Exception as exc:
            out = (n, False, exc)
        try:
            results.send(out)
        except Exception as exc:  # an error that cannot be pickled: its text
            results.send((n, False, RuntimeError(f"{exc.__class__.__name__}: {exc}")))
    results.close()
