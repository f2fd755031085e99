"""Where things live: the home folder (the reading state, keymap, config; the library by default) and the library.

Home: ``--home DIR`` (passed in), then ``$CABLEREADER_HOME``, then the XDG data directory
(``$XDG_DATA_HOME/cablereader``, by default ``~/.local/share/cablereader``).

Library: ``--library PATH`` (the command line sets ``$CABLEREADER_LIBRARY`` from it), then
``$CABLEREADER_LIBRARY``, then ``home/library.sqlite``. A PATH that is a folder means ``PATH/library.sqlite``. A
library named apart from the home can be shared: an administrator imports into it once, and each user reads it
with their own home (reading state). One the user cannot write (its mode, another owner, a read-only filesystem)
is opened read-only: see ``writable``.
"""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_ENV = "CABLEREADER_LIBRARY"


def home_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the home folder, creating it if needed."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get("CABLEREADER_HOME"):
        path = Path(os.environ["CABLEREADER_HOME"])
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "cablereader"
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def named_library() -> Path | None:
    """The library named by ``--library`` or ``$CABLEREADER_LIBRARY``, or None (the home's own)."""
    value = os.environ.get(LIBRARY_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    return path / "library.sqlite" if path.is_dir() else path


def library_path(home: Path) -> Path:
    return named_library() or home / "library.sqlite"


def state_path(home: Path) -> Path:
    return home / "state.json"


def reading_cache_path(home: Path) -> Path:
    """What commands keep of the reading state for the library (``tui.library.reading.cached_reading``)."""
    return home / "reading.cache"


def writable(path: Path) -> bool:
    """Whether this process may change the library at ``path`` and create files beside it (SQLite's journal): the
    file (when it exists) and its folder writable, the filesystem not read-only."""
    path = Path(path)
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    if not os.access(folder, os.W_OK):
        return False
    try:
        return not os.statvfs(folder).f_flag & os.ST_RDONLY
    except OSError:
        return False
