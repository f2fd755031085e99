"""Full-text search in the main view: every hit listed, counted in the header, by rank or by date.

A mixin of ``MainScreen``. The query runs in a worker thread on a connection of its own (SQLite connections stay
in their thread). Nothing of the view changes until its results show: the list, its filter and the views to step
back to stay as they were, the header saying what is being done. A newer search, Esc, or any other view cancels a
running one (its worker cancelled, its query interrupted); its results never show then. The list gets the row
keys of all hits; the snippets of the rows on screen are fetched as they are drawn (``library.hits``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from textual.worker import get_current_worker

from tui.library.query import Filter

ORDERS = ("rank", "date")


class Search:
    """One search as asked: what it looks for, where, in what order, and what to do when its results show. Its
    worker's library is interrupted through it (the lock: a cancel either comes before the worker starts the query,
    which then never runs, or interrupts it)."""

    def __init__(self, query: str, order: str, filter: Filter, keep: str | None, then: Callable | None,
                 cursor: int, reading: str | None) -> None:
        self.query = query
        self.order = order
        self.filter = filter
        self.keep = keep  # the cable to put the cursor on when it is among the hits
        self.then = then  # called as the results show, before the list changes (the views: a push, a pop)
        self.cursor = cursor  # the list's cursor when the search began: rows moved meanwhile carry over
        self.reading = reading  # the cable being read full width when it began, if any
        self.cancelled = False
        self._library = None
        self._lock = threading.Lock()

    def attach(self, library) -> bool:
        """The worker's library, to interrupt; False when the search was cancelled already (nothing to run)."""
        with self._lock:
            self._library = None if self.cancelled else library
            return not self.cancelled

    def detach(self) -> None:
        with self._lock:
            self._library = None

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._library is not None:
                self._library.interrupt()  # callable from any thread: the worker's query raises Interrupted


class SearchActions:
    """``run_search`` and ``cancel_search``, the order of the results, and the header's view."""

    search_query = ""  # the search the list shows ("" for a view of the library)
    search_order = "rank"
    _search: Search | None = None  # the search running, if any

    @property
    def searching(self) -> bool:
        return self._search is not None

    def run_search(self, query: str, order: str | None = None, keep: str | None = None,
                   filter: Filter | None = None, then: Callable | None = None) -> None:
        """List every hit of ``query`` within ``filter`` (default: the current one), in ``order`` (default: the
        current order), in a worker; a running search is cancelled. ``keep``: the cable to put the cursor on when
        it is among the hits; ``then``: called just before the results show (never if cancelled or failed)."""
        self.cancel_search(describe=False)
        search = Search(query, order or self.search_order, self.filter if filter is None else filter, keep, then,
                        self.sidebar.cursor, self.cable_view.reference_id if self._is_reading else None)
        self._search = search
        if query == self.search_query and search.filter == self.filter:  # the same hits in another order
            self.status.sort = f"by {search.order}…"
        else:
            self.status.view = f"searching: {query}"
            self.status.scope = _scope(search.filter)
            self.status.sort = f"by {search.order}…"
        self._save_view()  # the search is what reopening shows, even before its results
        path = getattr(self.library, "path", None)
        if path is None:  # a library without a file (tests' fake): the query runs here
            self._show_hits(search, _keys(self.library, search))
            return
        self.run_worker(partial(self._search_in_thread, path, search), thread=True, exclusive=True,
                        group="search", exit_on_error=False)

    def cancel_search(self, describe: bool = True) -> bool:
        """Stop the running search, if any (its results never show); the header describes the list again.
        True if there was one."""
        search, self._search = self._search, None
        if search is None:
            return False
        search.cancel()
        self.workers.cancel_group(self, "search")
        if describe:
            self.describe_view()
        return True

    def on_unmount(self) -> None:
        """Quitting while a search runs: its query stopped, not waited for."""
        self.cancel_search(describe=False)

    def _search_in_thread(self, path, search: Search) -> None:
        from tui.library.index import Library

        library = Library(path)
        try:
            if not search.attach(library):
                return
            keys = _keys(library, search)
        finally:
            search.detach()
            library.close()
        if not get_current_worker().is_cancelled and not search.cancelled:
            self.app.call_from_thread(self._show_hits, search, keys)

    def _show_hits(self, search: Search, keys) -> None:
        from tui.library import Interrupted

        if search is not self._search or not self.is_attached:  # cancelled, or replaced by a newer one
            return
        self._search = None
        if isinstance(keys, Interrupted):
            self.describe_view()
            return
        if isinstance(keys, Exception):
            self.describe_view()
            self.notify(f"search failed: {keys}", severity="error", markup=False)
            return
        moved = self.sidebar.cursor - search.cursor  # keys pressed while the search ran: j j j still count
        keep = search.keep
        if keep is None and self.search_query == search.query and self.filter == search.filter:
            row = self.sidebar.current  # the same hits in another order: the cursor stays on its cable
            keep = row.reference_id if row else None
        if search.then is not None:
            search.then()
        self.filter = search.filter
        self.search_query = search.query
        self.search_order = search.order
        self.sidebar.set_keys(keys, hits=partial(self.library.hits, search.query))
        if not self._is_reading or self.cable_view.reference_id == search.reading:
            self.show_list()  # a cable opened while the search ran (or reopened at start) stays in front
        index = self.sidebar.index_of(keep) if keep else None
        self.sidebar.move_to(index if index is not None else max(0, moved))
        self.status.count = len(keys)
        self.describe_view()
        self._count_unread()
        self._save_view()
        if self.cable_view.reference_id and self.cable_view.terms != self.search_terms():
            self.cable_view.mark_terms(self.search_terms())
        if not keys:
            self.cable_view.show(None)
            self.notify(f"no cable matches {search.query}" + (" in this view" if _scope(self.filter) else ""),
                        timeout=3, markup=False)
        if self.session is not None:
            self.session.add_recent("search", search.query)

    def search_terms(self) -> tuple[str, ...]:
        """The words of the search the list shows, to mark in an open cable."""
        from tui.display.card import search_terms

        return tuple(search_terms(self.search_query)) if self.search_query else ()

    def switch_search_order(self) -> None:
        """``o`` on search results (or while a search runs): best matches first, or newest first."""
        search = self._search
        if search is not None:  # the running search, in the other order
            order = ORDERS[(ORDERS.index(search.order) + 1) % len(ORDERS)]
            self.run_search(search.query, order, search.keep, search.filter, search.then)
            return
        order = ORDERS[(ORDERS.index(self.search_order) + 1) % len(ORDERS)]
        self.run_search(self.search_query, order)

    def describe_view(self) -> None:
        """The header's view, scope and order for what the list shows: a search inside its filter, or a view."""
        status = self.status
        if self.search_query:
            status.view = f"search: {self.search_query}"
            status.scope = _scope(self.filter)
            status.sort = f"by {self.search_order}"
            return
        if self.filter.ids is not None:
            rest = self.filter._replace(ids=None)
            status.view = "starred" + (f" {rest.describe()}" if rest != Filter() else "")
        else:
            status.view = self.filter.describe()
        status.scope = ""
        status.sort = self.sort


def _scope(filter: Filter) -> str:
    """The filter a search runs in, in words ("" for every cable)."""
    return filter.describe() if filter != Filter() else ""


def _keys(library, search: Search):
    """Every hit's row key, or the exception the query raised (the language cannot run it, or it was
    interrupted)."""
    try:
        return library.search_keys(search.query, search.filter, order=search.order)
    except Exception as exc:
        return exc
