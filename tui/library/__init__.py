"""The corpus on disk: one SQLite file (stdlib sqlite3, FTS5). Knows Cables, not widgets.

``Library`` answers lookups, filters, facets, links and full-text search; ``import_paths`` fills it.
"""

from tui.library.query import Filter, Hit, Row

__all__ = ["Filter", "Hit", "Interrupted", "Library", "Row", "import_paths", "open_files", "open_home"]


def __getattr__(name):  # keep ``import tui.library`` light: the query types only, until the rest is used
    if name == "Library":
        from tui.library.index import Library

        return Library
    if name in ("open_home", "open_files"):
        from tui.library import home

        return getattr(home, name)
    if name == "Interrupted":
        from tui.library.search import Interrupted

        return Interrupted
    if name == "import_paths":
        from tui.library.importer import import_paths

        return import_paths
    raise AttributeError(name)
