"""Full-text search in the main view: every hit listed, counted in the header, by rank or by date.

A mixin of ``MainScreen``. The query runs in a worker thread on a connection of its own (SQLite connections stay
in their thread); a newer query interrupts the older one. The list gets the row keys of all hits; the snippets of
the rows on screen are fetched as they are drawn (``library.hits``).
"""

from __future__ import annotations

from functools import partial

from textual.worker import get_current_worker

from tui.library.query import Filter

ORDERS = ("rank", "date")


class SearchActions:
    """``run_search`` and the order of the results; the worker and its interrupt."""

    search_query = ""
    search_order = "rank"
    _search_library = None  # the worker's connection, to interrupt from here
    _keep: str | None = None  # the cable the results' cursor goes to

    def run_search(self, query: str, order: str | None = None, keep: str | None = None) -> None:
        """List every hit of ``query`` within the current filter (a newer call replaces a running one); ``keep``:
        the cable to put the cursor on when it is among the hits (a view stepped back to)."""
        self.search_order = order or self.search_order
        self._keep = keep
        self._interrupt_search()
        self.status.view = f"searching: {query} …"
        path = getattr(self.library, "path", None)
        if path is None:  # a library without a file (tests' fake): the query runs here
            self._show_hits(query, self._search_keys(self.library, query))
            return
        self.run_worker(partial(self._search_in_thread, path, query), thread=True, exclusive=True,
                        group="search", exit_on_error=False)

    def _search_keys(self, library, query: str):
        try:
            return library.search_keys(query, self.filter, order=self.search_order)
        except Exception as exc:  # a query the language cannot run, or one interrupted by a newer one
            return exc

    def _search_in_thread(self, path, query: str) -> None:
        from tui.library.index import Library

        library = Library(path)
        self._search_library = library
        try:
            keys = self._search_keys(library, query)
        finally:
            self._search_library = None
            library.close()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, query, keys)

    def _interrupt_search(self) -> None:
        library = self._search_library
        if library is not None:
            library.interrupt()  # callable from any thread: the worker's query raises and the worker ends

    def _show_hits(self, query: str, keys) -> None:
        from tui.library import Interrupted

        if isinstance(keys, Interrupted):
            return
        if isinstance(keys, Exception):
            self.status.view = "all cables" if not self.search_query else f"search: {self.search_query}"
            self.notify(f"search failed: {keys}", severity="error", markup=False)
            return
        self.search_query = query
        self.sidebar.set_keys(keys, hits=partial(self.library.hits, query))
        self.show_list()
        index = self.sidebar.index_of(self._keep) if self._keep else None
        if index is not None:
            self.sidebar.move_to(index)
        self.status.count = len(keys)
        where = f" in {self.filter.describe()}" if self.filter != Filter() else ""
        self.status.view = f"search: {query}{where}"
        self.status.sort = f"by {self.search_order}"  # the results' order, not the list's
        self._count_unread()
        if not keys:
            self.cable_view.show(None)
            self.notify(f"no cable matches {query}" + (" in this view" if where else ""), timeout=3,
                        markup=False)
        if self.session is not None:
            self.session.add_recent("search", query)

    def switch_search_order(self) -> None:
        """``o`` while searching: best matches first, or newest first."""
        order = ORDERS[(ORDERS.index(self.search_order) + 1) % len(ORDERS)]
        self.run_search(self.search_query, order)
