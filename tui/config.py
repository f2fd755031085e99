"""The user's settings: ``config.json`` and ``keymap.json`` in the home folder, the environment, the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path

MARK_READ_ENV = "CABLEREADER_MARK_READ_AFTER"  # seconds on screen before an opened cable counts as read (0: at once)


def few_colours(color_system: str | None) -> bool:
    """True when the terminal reports 16 colours or fewer."""
    if os.environ.get("COLORTERM") in ("truecolor", "24bit"):
        return False
    return color_system in (None, "standard", "windows")


def read_config(home: Path | None) -> dict:
    """``home/config.json`` as a dict ({} when missing or unreadable)."""
    if home is None or not (home / "config.json").exists():
        return {}
    try:
        value = json.loads((home / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def mark_read_after(home: Path | None) -> float:
    """Seconds an opened cable stays on screen before it counts as read: $CABLEREADER_MARK_READ_AFTER, else
    ``"mark_read_after"`` in ``home/config.json``, else 0 (at once)."""
    value = os.environ.get(MARK_READ_ENV)
    if value is None:
        value = read_config(home).get("mark_read_after")
    try:
        return max(0.0, float(value or 0))
    except (TypeError, ValueError):
        return 0.0


def osc52(home: Path | None) -> bool:
    """Whether ``y`` and ``Y`` copy to the terminal's clipboard by OSC 52: ``"osc52"`` in ``home/config.json``
    (default true; false for a terminal that shows the sequence instead of taking it)."""
    return read_config(home).get("osc52", True) is not False


def read_keymap(path: Path) -> dict[str, str]:
    """``{"binding id": "key,key"}`` from a keymap file; ValueError (or OSError) says what is wrong with it."""
    keymap = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ValueError("expected {\"binding id\": \"key,key\"}")
    return keymap


MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def check_keymap(keymap: dict[str, str], known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap with key names as Textual spells them (``F1`` -> ``f1``, ``Ctrl+G`` -> ``ctrl+g``), and a sentence
    for each binding id or key it does not know (those are left out)."""
    names = _key_names()
    checked, problems = {}, []
    for ident, keys in keymap.items():
        if ident not in known_ids:
            problems.append(f"no binding id {ident!r}")
            continue
        spelled = []
        for key in (k.strip() for k in keys.split(",")):
            *mods, last = key.split("+") if len(key) > 1 else [key]
            mods = [m.lower() for m in mods]
            last = last.lower() if len(last) > 1 or mods else last
            if not last or last not in names or any(m not in MODIFIERS for m in mods):
                problems.append(f"no key {key!r} (for {ident})")
                continue
            spelled.append("+".join([*mods, last]))
        if spelled:
            checked[ident] = ",".join(spelled)
    return checked, problems


def _key_names() -> set[str]:
    """Every key name Textual reports: named keys, f1-f24, and printable characters and their names (slash)."""
    from textual.keys import Keys, _character_to_key

    names = {k.value.split("+")[-1] for k in Keys} | {f"f{n}" for n in range(1, 25)}
    names |= {"enter", "space", "tab", "backspace", "escape", "delete", "insert"}
    for code in range(33, 127):
        names |= {chr(code), _character_to_key(chr(code))}
    return names
