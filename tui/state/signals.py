"""Saving the reading state when the process is told to end: SIGHUP (a dropped SSH connection, a closed terminal)
and SIGTERM (``kill``, a shutdown).

By default Python dies on either at once, and whatever the writer had not flushed yet (it waits a fifth of a
second to gather a burst) was lost. ``save_on_signals(save, end)``, called once the app's event loop runs,
handles both in that loop (never in the middle of a mutation, so no lock can be held): ``save()`` writes the
state synchronously (the star, note, read mark and scroll position of the moment), then ``end()`` asks the app
to exit. Should the exit not finish (a terminal that is gone can block a final write), the process ends anyway
a few seconds later, with the state already on disk. A second signal ends it at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable

SIGNALS = (signal.SIGHUP, signal.SIGTERM)
GRACE = 3.0  # seconds the app has to exit after saving


def save_on_signals(save: Callable[[], object], end: Callable[[], object]) -> None:
    """From inside the running event loop: on SIGHUP or SIGTERM, ``save()`` then ``end()``."""
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, _on_signal, loop, sig, save, end)


def _on_signal(loop: asyncio.AbstractEventLoop, sig: int, save: Callable, end: Callable) -> None:
    for s in SIGNALS:  # a second signal: the default action, at once
        loop.remove_signal_handler(s)
    watchdog = threading.Timer(GRACE, os._exit, (128 + sig,))
    watchdog.daemon = True
    watchdog.start()
    try:
        save()
    finally:
        end()
