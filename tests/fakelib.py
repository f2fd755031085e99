"""A tiny in-memory stand-in for tui.library.Library (same API), for app tests that need exact control."""

from __future__ import annotations

import datetime as dt
import re
from array import array

from tui.cable.model import Cable, Source
from tui.cable.record import Record
from tui.library.query import Filter, Hit, Row, Stored, pick_origin


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


class FakeLibrary:
    is_samples = False

    def __init__(self, cables: list[Cable], skipped: dict[str, int] | None = None,
                 variants: dict[str, list[Cable]] | None = None) -> None:
        """``variants``: a cable's other sources by ID (variant 1 is always the cable itself)."""
        self.cables = list(cables)
        self.others = variants or {}
        self.by_id = {c.reference_id: c for c in self.cables}
        self.keys = {c.reference_id: i for i, c in enumerate(self.cables)}
        self.skipped = skipped or {}
        self.rows_calls = 0  # how many rows() queries were made, and for how many keys in all
        self.rows_fetched = 0

    def close(self) -> None:
        pass

    def add(self, cable: Cable) -> None:
        """An import: the new cable gets the next row key, as in the library."""
        self.keys[cable.reference_id] = len(self.cables)
        self.cables.append(cable)
        self.by_id[cable.reference_id] = cable

    def _match(self, c: Cable, f: Filter) -> bool:
        return ((not f.origin or c.origin == f.origin)
                and (not f.classification or c.classification.startswith(f.classification))
                and (not f.tag or f.tag in c.tags)
                and (not f.year or (c.created and c.created.year == f.year))
                and (not f.date_from or (c.created and c.created.date() >= f.date_from))
                and (not f.date_to or (c.created and c.created.date() <= f.date_to))
                and (not f.ids or c.reference_id in f.ids)
                and (not f.text or all(w.lower() in c.body.lower() for w in f.text.split())))

    def view(self, filter: Filter = Filter(), sort: str = "date"):
        keyed = [(i, c) for i, c in enumerate(self.cables) if self._match(c, filter)]
        order = {"date": lambda kc: kc[1].created or dt.datetime.min, "id": lambda kc: kc[1].reference_id,
                 "origin": lambda kc: (kc[1].origin, kc[1].reference_id)}[sort]
        keyed.sort(key=order, reverse=sort == "date")
        return array("q", [i for i, _ in keyed])

    def rows(self, keys):
        self.rows_calls += 1
        self.rows_fetched += len(keys)
        out = []
        for k in keys:
            c = self.cables[k]
            created = c.created.strftime("%Y-%m-%d %H:%M") if c.created else ""
            out.append(Row(k, c.reference_id, created, c.classification, c.origin, c.subject))
        return out

    def count(self, filter: Filter = Filter()) -> int:
        return len(self.view(filter))

    def facets(self, filter: Filter = Filter(), dims=("origin", "classification", "tag", "year")) -> dict:
        """Counts by plain Python over the cables in the view, largest first (ties by value)."""
        counts: dict[str, dict[str, int]] = {"origin": {}, "classification": {}, "tag": {}, "year": {}}
        for c in self.cables:
            if not self._match(c, filter):
                continue
            values = {"origin": [c.origin], "classification": [c.classification], "tag": list(c.tags),
                      "year": [f"{c.created.year:04d}"] if c.created else []}
            for dim, vs in values.items():
                for v in vs:
                    if v:
                        counts[dim][v] = counts[dim].get(v, 0) + 1
        return {d: sorted(counts[d].items(), key=lambda kv: (-kv[1], kv[0])) for d in dims}

    def timeline(self, filter: Filter = Filter(), by: str = "year") -> list[tuple[str, int]]:
        """Per year or month, oldest first; the undated last as ("", n)."""
        counts: dict[str, int] = {}
        for c in self.cables:
            if self._match(c, filter):
                label = c.created.strftime("%Y" if by == "year" else "%Y-%m") if c.created else ""
                counts[label] = counts.get(label, 0) + 1
        undated = counts.pop("", 0)
        return sorted(counts.items()) + ([("", undated)] if undated else [])

    def get(self, reference_id: str) -> Cable | None:
        return self.by_id.get(reference_id)

    def variants(self, reference_id: str) -> list[Cable]:
        cable = self.by_id.get(reference_id)
        return [cable, *self.others.get(reference_id, [])] if cable else []

    def variant(self, reference_id: str, number: int) -> Cable | None:
        found = self.variants(reference_id)
        return found[number - 1] if 1 <= number <= len(found) else None

    def key_of(self, reference_id: str) -> int | None:
        return self.keys.get(reference_id)

    def keys_of(self, reference_ids) -> dict[str, int]:
        return {r: self.keys[r] for r in reference_ids if r in self.keys}

    def exists(self, reference_id: str) -> bool:
        return reference_id in self.by_id

    def stored(self, keys, text: bool = True) -> list[Stored]:
        out = []
        for row, key in zip(self.rows(keys), keys):
            c = self.cables[key]
            meta = {"reference_id": c.reference_id, "classification": c.classification, "origin": c.origin,
                    "created": row.created, "released": c.released.strftime("%Y-%m-%d") if c.released else None}
            out.append(Stored(row, tuple(sorted(c.tags)), Record(f"{c.header}\n\n{c.body}", Source("fake", "raw"),
                                                                  metadata=meta) if text else None))
        return out

    def resolve(self, text: str) -> list[str]:
        exact = [i for i in self.by_id if _norm(i) == _norm(text)]
        return exact or [i for i in self.by_id if _norm(i)[2:] == _norm(text)]  # no year: every year

    def complete(self, prefix: str, limit: int = 20) -> list[str]:
        return sorted(i for i in self.by_id if i.startswith(_norm(prefix)))[:limit]

    def nearest(self, text: str, limit: int = 5) -> list[str]:
        return sorted(self.by_id, key=lambda i: -len(set(i) & set(_norm(text))))[:limit]

    def cites(self, reference_id: str) -> list[str]:
        return list(self.by_id[reference_id].references)

    def cited_by(self, reference_id: str) -> list[str]:
        return [c.reference_id for c in self.cables if reference_id in c.references]

    def search(self, query: str, filter: Filter = Filter(), limit: int = 50, offset: int = 0,
               order: str = "rank") -> list[Hit]:
        hits = []
        for key, c in enumerate(self.cables):
            pos = c.body.lower().find(query.lower())
            if pos >= 0 and self._match(c, filter):
                snippet = c.body[max(0, pos - 10):pos + len(query) + 20]
                start = snippet.lower().find(query.lower())
                hits.append(Hit(c.reference_id, snippet, ((start, start + len(query)),), -1.0, key))
        if order == "date":
            hits.sort(key=lambda h: self.cables[h.key].created or dt.datetime.min, reverse=True)
        return hits[offset:offset + limit]

    def search_count(self, query: str, filter: Filter = Filter()) -> int:
        return len(self.search(query, filter, limit=len(self.cables)))

    def search_keys(self, query: str, filter: Filter = Filter(), order: str = "rank"):
        return array("q", [h.key for h in self.search(query, filter, limit=len(self.cables), order=order)])

    def hits(self, query: str, keys) -> list[Hit]:
        found = {h.key: h for h in self.search(query, limit=len(self.cables))}
        return [found[k] for k in keys if k in found]

    def interrupt(self) -> None:
        pass

    def set_read(self, read) -> None:
        self.read = read

    def origin_named(self, typed: str) -> str:
        return pick_origin(typed, [name for name, _ in self.facets()["origin"]])


def make_cable(ref: str, *, day: int = 1, classification: str = "UNCLASSIFIED", origin: str = "Embassy Mexico",
               subject: str = "A subject", body: str = "", references: list[str] | None = None,
               tags: list[str] | None = None) -> Cable:
    return Cable(reference_id=ref, created=dt.datetime(2010, 1, 1) + dt.timedelta(days=day),
                 released=dt.datetime(2010, 12, 2), classification=classification, origin=origin, subject=subject,
                 tags=tags or ["PGOV"], references=references or [], header="VZCZCXRO1882\nDE RUEHME #0083 0292049",
                 body=body or f"{classification}\n\nSUBJECT: {subject}\n\n1. (U) Text of {ref}.", dtg="292049Z JAN 10")


class ManyRows(FakeLibrary):
    """n generated rows and no cables: enough for the sidebar, cheap at 251k."""

    def __init__(self, n: int) -> None:
        super().__init__([])
        self.n = n

    def view(self, filter: Filter = Filter(), sort: str = "date"):
        return array("q", range(self.n))

    def rows(self, keys):
        self.rows_calls += 1
        self.rows_fetched += len(keys)
        return [Row(k, f"10FAKE{k}", f"2010-{1 + k % 12:02d}-01 00:00", "UNCLASSIFIED", "Embassy Nowhere", "Fake")
                for k in keys]

    def key_of(self, reference_id: str) -> int | None:
        return int(reference_id[6:]) if reference_id.startswith("10FAKE") else None


def many(n: int) -> ManyRows:
    return ManyRows(n)
