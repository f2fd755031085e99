"""The home folder: where the library and the reading state live.

Order: ``--home DIR`` (passed in), then ``$CABLEREADER_HOME``, then the XDG data directory
(``$XDG_DATA_HOME/cablereader``, by default ``~/.local/share/cablereader``).
"""

from __future__ import annotations

import os
from pathlib import Path


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


def library_path(home: Path) -> Path:
    return home / "library.sqlite"


def state_path(home: Path) -> Path:
    return home / "state.json"
