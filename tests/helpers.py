"""Helpers shared by the app tests: run a Pilot test, make the app, read the screen as text."""

from __future__ import annotations

import asyncio
import functools
import io
import time

from rich.console import Console

from tui.app import CableReaderApp


def pilot(fn):
    """Run an async Pilot test on its own event loop (no asyncio plugin needed)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return run


def reader(lib, **kwargs) -> CableReaderApp:
    """The app in the default (many-colour) theme unless a test asks for 16 colours."""
    kwargs.setdefault("ansi", False)
    return CableReaderApp(lib, **kwargs)


def screen_text(app) -> str:
    """The whole screen as plain text, as the terminal would show it."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def start(app, pilot) -> None:
    """Let the app finish its first paint and fill the list (the main screen fills it after its first frame)."""
    await pilot.pause()
    await until(pilot, lambda: app.main.sidebar.keys != (), "the list's first fill")
    await pilot.pause()


async def until(pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds, polling every 10 ms; after ``timeout`` seconds (a hang, not a
    slow machine) fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await pilot.pause(0.01)
