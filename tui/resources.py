"""Where the files that ship with the package live: styles and the bundled sample cables.

In a wheel they are the packages ``tui.styles`` and ``tui.sample_cables``; in a source checkout they are
the top-level ``styles/`` and ``sample_cables/`` folders.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _folder(package: str, checkout_dir: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return _REPO / checkout_dir


def styles_dir() -> Path:
    """The folder holding the app's .tcss files."""
    return _folder("tui.styles", "styles")


def samples_dir() -> Path:
    """The folder holding the bundled sample cables."""
    return _folder("tui.sample_cables", "sample_cables")
