"""``x``: export what the list shows (a view, search results, the starred cables) to a file, as the command line's
``export`` does (tui/exporting.py). A mixin of ``MainScreen``.

A prompt asks for the path (the format follows its extension, md by default). The export runs in a worker thread
on a connection of its own, so keys never wait for it; its progress is in the status line (beside the name), its
end a notice.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding

from tui import safetext

PROGRESS_EVERY = 0.25  # seconds between two progress updates of the status line


class ExportActions:
    """``action_export`` and its worker; MainScreen lists ``BINDINGS`` among its own."""

    BINDINGS = [Binding("x", "export", "Export the list", show=False, id="app.export")]

    def action_export(self) -> None:
        from tui.exporting import default_path
        from tui.screens.prompt import PromptScreen

        keys = list(self.sidebar.keys)
        if not keys:
            self.notify("nothing to export: the list is empty", severity="warning", timeout=3)
            return
        what = safetext.line(self.status.description)

        def chosen(path: str | None) -> None:
            if path:
                self._export_asking(keys, path)

        question = (f"Export {len(keys):,} cable{'s' if len(keys) != 1 else ''} ({what})\n"
                    "to a file (.md, .txt, .json or .csv):")
        self.app.push_screen(PromptScreen(question, "a file name", value=default_path()), chosen)

    def _export_asking(self, keys, path: str) -> None:
        """Export to ``path``; a file already there is replaced only once the user says so."""
        import os

        from tui.screens.confirm import ConfirmScreen

        if path == "-" or not os.path.lexists(os.path.expanduser(path)):
            self.export_to(keys, path)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.export_to(keys, path)
            else:
                self.notify("export cancelled: the file is left as it was", timeout=3)

        self.app.push_screen(ConfirmScreen(f"{safetext.line(path)} exists. Replace it?"), answered)

    def export_to(self, keys, path: str) -> None:
        """Write the cables of ``keys`` to ``path`` (format from its extension), in a worker when the library is
        a file; the result, or what went wrong, is a notice."""
        notes = dict(self.session.state.notes()) if self.session is not None else {}
        self.status.task = "export …"
        self.notify(f"exporting {len(keys):,} cable{'s' if len(keys) != 1 else ''} to {safetext.line(path)}",
                    markup=False, timeout=3)
        library_path = getattr(self.library, "path", None)
        if library_path is None:  # a library without a file (tests' fake): it runs here
            self._exported(_run(self.library, keys, path, notes))
            return
        self.run_worker(partial(self._export_in_thread, library_path, keys, path, notes), thread=True,
                        group="export", exit_on_error=False)

    def _export_in_thread(self, library_path, keys, path: str, notes: dict) -> None:
        import time

        from textual.worker import get_current_worker

        from tui.library.index import Library

        worker = get_current_worker()
        shown = [0.0]

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:  # the reader is closing: stop (a file being replaced stays as it was)
                raise InterruptedError("the reader closed")
            if time.monotonic() - shown[0] >= PROGRESS_EVERY:
                shown[0] = time.monotonic()
                self.app.call_from_thread(self._export_progress, done, total)

        library = Library(library_path)
        try:
            result = _run(library, keys, path, notes, progress)
        finally:
            library.close()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._exported, result)

    def _export_progress(self, done: int, total: int) -> None:
        self.status.task = f"export {done / max(total, 1):.0%}"

    def _exported(self, result) -> None:
        """The notice of the end: what was written where, or why nothing was."""
        self.status.task = ""
        if isinstance(result, str):
            self.notify(f"export failed: {result}", severity="error", markup=False, timeout=8)
        else:
            self.notify(result.summary(), markup=False, timeout=6)


def _run(library, keys, path: str, notes: dict, progress=None):
    """The export's result, or (never raised into the app) what went wrong, in one line."""
    from tui.exporting import export, format_of
    from tui.safewrite import describe

    try:
        return export(library, keys, path, format_of(path), notes, progress)
    except OSError as exc:
        return safetext.line(describe(exc))
    except Exception as exc:  # a library error: a notice, never a traceback over the reader
        return safetext.line(f"{type(exc).__name__}: {exc}")
