"""Loosely typed reference IDs against the library: what ``10 mexico 83`` may mean, IDs starting with what is
typed, and IDs close to one the library lacks. SQL over the ``refid`` and ``(station, serial)`` indexes; the ID
forms themselves are read by ``tui.cable.ids`` (loaded when first asked: ``show`` of an exact ID never is)."""

from __future__ import annotations


def _compact(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class Stations:
    """The library's station names, read when a typed station matches none (for a close spelling)."""

    def __init__(self, db):
        self._db = db
        self._names: list[str] | None = None

    def closest(self, station: str) -> str | None:
        import difflib

        if self._names is None:
            self._names = [s for (s,) in self._db.execute("SELECT DISTINCT station FROM cable") if s]
        close = difflib.get_close_matches(station, self._names, n=1, cutoff=0.6)
        return close[0] if close else None


def resolve(db, text: str) -> list[str]:
    """Reference IDs a loosely typed ID may mean (``10 mexico 83``, ``MEXICO 83`` in any year), newest first."""
    from tui.cable.ids import parse_loose, station_key

    typed = parse_loose(text)
    if typed.station is None or typed.serial is None:
        return []
    sql, args = "SELECT refid FROM cable WHERE station = ? AND serial = ?", [station_key(typed.station), typed.serial]
    if typed.year is not None:
        sql += " AND refid GLOB ?"
        args.append(f"{typed.year % 100:02d}[A-Z]*")
    return [r for (r,) in db.execute(sql + " ORDER BY created DESC, refid", args)]


def complete(db, prefix: str, limit: int) -> list[str]:
    """IDs starting with ``prefix`` (loose: case, spaces and leading zeros of the serial do not matter)."""
    from tui.cable.ids import parse_loose, station_key

    compact = _compact(prefix)
    if not compact:
        return []
    found = [r for (r,) in db.execute("SELECT refid FROM cable WHERE refid >= ? AND refid < ? ORDER BY refid LIMIT ?",
                                      (compact, compact + "\uffff", limit))]
    if len(found) < limit:
        typed = parse_loose(prefix)
        if typed.station is not None:
            base, args = "SELECT refid FROM cable WHERE station = ?", [station_key(typed.station)]
            if typed.year is not None:
                base += " AND refid GLOB ?"
                args.append(f"{typed.year % 100:02d}[A-Z]*")
            # serials that start with the typed digits: 8, 80-89, 800-899, ... (each an index range)
            ranges = [(0, 2**62)] if typed.serial is None else [
                (typed.serial * 10**k, (typed.serial + 1) * 10**k - 1) for k in range(8)]
            for lo, hi in ranges:
                for (r,) in db.execute(base + " AND serial BETWEEN ? AND ? ORDER BY serial, created DESC LIMIT ?",
                                       args + [lo, hi, limit]):
                    if r not in found:
                        found.append(r)
                if len(found) >= limit:
                    break
    return found[:limit]


def nearest(db, text: str, limit: int, stations: Stations) -> list[str]:
    """IDs close to one that is not in the library: same station (or the closest spelling of it) and year,
    nearest serials first; then IDs sharing the longest start with what was typed."""
    from tui.cable.ids import parse_loose, station_key

    typed = parse_loose(text)
    out: list[str] = []
    station = station_key(typed.station) if typed.station else None
    if station and not db.execute("SELECT 1 FROM cable WHERE station = ? LIMIT 1", (station,)).fetchone():
        station = stations.closest(station)
    if station:
        serial = typed.serial or 0
        year_glob = f"{typed.year % 100:02d}[A-Z]*" if typed.year else "*"
        for glob in (year_glob, "*"):
            for (r,) in db.execute("SELECT refid FROM cable WHERE station = ? AND refid GLOB ? "
                                   "ORDER BY abs(serial - ?), refid LIMIT ?", (station, glob, serial, limit)):
                if r not in out and len(out) < limit:
                    out.append(r)
    if len(out) < limit:
        compact = _compact(text)
        while compact and len(out) < limit:
            for (r,) in db.execute("SELECT refid FROM cable WHERE refid >= ? AND refid < ? ORDER BY refid LIMIT ?",
                                   (compact, compact + "\uffff", limit)):
                if r not in out and len(out) < limit:
                    out.append(r)
            compact = compact[:-1]
    return out
