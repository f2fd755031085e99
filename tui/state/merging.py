"""The reading state's data and its merge rules (pure: no I/O, no threads).

Per cable, per field, the newer ``updated`` time wins (ties broken by value, so every process converges); read
rules keep the newest per filter and a rule on everything drops older ones; history and recents are unions; the
newer last view wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

FORMAT_VERSION = 1
HISTORY_CAP = 1000
RECENT_CAP = 50
FIELDS = ("read", "starred", "note", "scroll")


@dataclass
class Data:
    """Everything in a state file, in memory.

    ``cables``: reference id -> record ``{"id", <field>: value..., "read_at", "updated": {field: epoch}}``
    holding only the fields ever set. Records are replaced, never mutated, so a shallow copy is a snapshot.
    ``history`` and ``recent[kind]``: key -> epoch, oldest first (dict order); readers sort and cap.
    """

    cables: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)  # {"filter": dict, "read": bool, "at": epoch}, oldest first
    history: dict = field(default_factory=dict)
    history_cleared_at: float = 0.0
    recent: dict = field(default_factory=dict)  # kind -> {text: epoch}
    last_view: dict | None = None  # {"filter", "sort", "selected", "search", "at"}

    def copy(self) -> "Data":
        return Data(dict(self.cables), list(self.rules), dict(self.history), self.history_cleared_at,
                    {k: dict(v) for k, v in self.recent.items()}, self.last_view)

    # TinyDB document <-> Data
    @classmethod
    def from_tinydb(cls, raw: dict | None) -> "Data":
        """Read a TinyDB document; documents of the wrong shape are skipped, not fatal."""
        raw = raw or {}
        data = cls()

        def docs(table: str, *keys: str) -> list[dict]:
            return [d for d in raw.get(table, {}).values() if all(k in d for k in keys)]

        for doc in docs("cables", "id", "updated"):
            upd = doc["updated"]
            if isinstance(doc["id"], str) and isinstance(upd, dict) and all(
                    f in FIELDS and _is_time(t) and f in doc for f, t in upd.items()):
                data.cables[doc["id"]] = doc
        data.rules = compact_rules(d for d in docs("rules", "filter", "read", "at")
                                   if isinstance(d["filter"], dict) and _is_time(d["at"]))
        app = next(iter(docs("app")), {})
        if _is_time(app.get("history_cleared_at")):
            data.history_cleared_at = app["history_cleared_at"]
        if isinstance(app.get("last_view"), dict) and _is_time(app["last_view"].get("at")):
            data.last_view = app["last_view"]
        for doc in reversed(docs("history", "id", "at")):  # stored newest first
            if isinstance(doc["id"], str) and _is_time(doc["at"]):
                data.history[doc["id"]] = doc["at"]
        for doc in reversed(docs("recent", "kind", "text", "at")):
            if isinstance(doc["text"], str) and _is_time(doc["at"]):
                data.recent.setdefault(str(doc["kind"]), {})[doc["text"]] = doc["at"]
        return data

    def to_tinydb(self) -> dict:
        def table(docs: Iterable[dict]) -> dict:
            return {str(i): d for i, d in enumerate(docs, 1)}

        recent = []
        for kind, entries in sorted(self.recent.items()):
            recent += [{"kind": kind, "text": t, "at": at} for t, at in newest(entries, RECENT_CAP)]
        app = {"version": FORMAT_VERSION, "history_cleared_at": self.history_cleared_at,
               "last_view": self.last_view}
        return {
            "app": table([app]),
            "cables": table(self.cables.values()),
            "rules": table(self.rules),
            "history": table({"id": r, "at": at} for r, at in self.history_items()),
            "recent": table(recent),
        }

    def history_items(self, limit: int = HISTORY_CAP) -> list[tuple[str, float]]:
        return [(r, at) for r, at in newest(self.history, limit) if at > self.history_cleared_at]


def _is_time(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def newest(entries: dict, limit: int) -> list[tuple[str, float]]:
    return sorted(entries.items(), key=lambda kv: kv[1], reverse=True)[:limit]


def _pick(a_val, a_ts: float, b_val, b_ts: float) -> bool:
    """True when side b wins: newer time, ties broken by value so every process converges on one answer."""
    if b_ts != a_ts:
        return b_ts > a_ts
    return json.dumps(b_val, sort_keys=True) > json.dumps(a_val, sort_keys=True)


def merge_record(a: dict | None, b: dict | None) -> dict:
    """Per field, the newer of two records of the same cable."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    out = {"id": a["id"]}
    updated = {}
    for f in FIELDS:
        ta, tb = a["updated"].get(f), b["updated"].get(f)
        if ta is None and tb is None:
            continue
        src = b if ta is None or (tb is not None and _pick(a.get(f), ta, b.get(f), tb)) else a
        out[f] = src[f]
        updated[f] = src["updated"][f]
        if f == "read" and src.get("read_at"):
            out["read_at"] = src["read_at"]
    out["updated"] = updated
    return out


def rule_key(rule: dict) -> str:
    return json.dumps(rule["filter"], sort_keys=True)


def compact_rules(rules: Iterable[dict]) -> list[dict]:
    """Keep the newest rule per filter; a rule on the empty filter (everything) drops every older rule."""
    latest: dict[str, dict] = {}
    for r in rules:
        k = rule_key(r)
        if k not in latest or _pick(latest[k]["read"], latest[k]["at"], r["read"], r["at"]):
            latest[k] = r
    ordered = sorted(latest.values(), key=lambda r: (r["at"], rule_key(r)))
    everything = [i for i, r in enumerate(ordered) if not r["filter"]]
    return ordered[everything[-1]:] if everything else ordered


def merge_data(a: Data, b: Data) -> Data:
    """The union of two states under the merge rules. Neither input is changed."""
    out = a.copy()
    for ref, rec in b.cables.items():
        mine = out.cables.get(ref)
        if mine != rec:
            out.cables[ref] = merge_record(mine, rec)
    out.rules = compact_rules(a.rules + b.rules) if a.rules != b.rules else list(a.rules)
    for ref, at in b.history.items():
        if at > out.history.get(ref, 0.0):
            out.history.pop(ref, None)
            out.history[ref] = at
    out.history_cleared_at = max(a.history_cleared_at, b.history_cleared_at)
    for kind, entries in b.recent.items():
        mine = out.recent.setdefault(kind, {})
        for text, at in entries.items():
            if at > mine.get(text, 0.0):
                mine.pop(text, None)
                mine[text] = at
    if b.last_view and (not a.last_view or b.last_view.get("at", 0) > a.last_view.get("at", 0)):
        out.last_view = b.last_view
    return out

