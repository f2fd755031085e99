"""The best texts of the commonest words, ranked once at an import's end (an IR "champion list").

Ranking costs ~1.7 us per matching text (bm25 decodes each text's positions and reads its size), so a search for
a word in 155,000 of 251k texts, alone or inside a large filter, spends ~270 ms ranking. For each word in at least
``MIN_TEXTS`` texts (ranking those alone takes two thirds of a search's 150 ms), the import stores the ids and
scores of its ``KEEP`` best texts, best first, ranked by the very expression a search ranks by (ties by id), stamped with the library's
signature. A search for that word alone takes the list's entries in order, keeps those its filter holds, and stops
when it has enough: the hits and scores ranking every match would give, since every text outside the list ranks
below all of it. When the list runs out first (a narrow filter) the search ranks as before, which is then cheap;
a list made for another version of the library is not used.

The words are found from a sample of texts (a word in a share p of the texts is in p of 2,000 of them, give or
take 1.1%; those within ``MARGIN`` of the needed share are counted exactly by the index): no pass over the whole
vocabulary. At full size (251,287 texts) that is ~240 words, ~50 s of CPU at the end of an import.
"""

from __future__ import annotations

import json
import re
from array import array

from tui.library import codec, schema

MIN_TEXTS = 60_000  # a word in this many texts or more gets a list
SAMPLE = 2_000
MARGIN = 0.06  # words in (MIN_TEXTS / texts - MARGIN) of the sample are counted exactly: ~5 deviations of it
KEEP = 2_000  # entries per list: a filter holding 3% of the texts finds ~60 of them inside
_WORD = re.compile(r"[0-9a-z]+")  # the words a list can be for (as the tokenizer folds them); others: no list
_TOKENS = re.compile(r"[^\W_]+")


def ranked(db, path, ctx=None, jobs: int = 1, started=lambda: None) -> dict[str, bytes]:
    """Each common word's list (ids then scores, as stored), ranked in ``jobs`` processes forked from ``ctx``
    that open the library at ``path`` (one: in this process, on ``db``); ``started()`` is called first when
    there is any word to rank. Outside a transaction: the processes read the file meanwhile."""
    texts = db.execute("SELECT count(*) FROM variant").fetchone()[0]
    if texts < MIN_TEXTS:
        return {}
    words = _common_in_sample(db, texts)
    if words:
        started()
    if jobs < 2 or len(words) < 2:
        return {w: blob for w, blob in zip(words, (_rank(db, w) for w in words)) if blob}
    from tui.library.workers import Workers

    pool = Workers(ctx, jobs, _rank_here, _open, (str(path),))
    try:
        out = {w: blob for w, blob in zip(words, pool.map(words)) if blob}
        pool.close()
        return out
    except BaseException:
        pool.kill()
        raise


def store(db, signature: str, lists: dict[str, bytes]) -> None:
    """Store the lists for this version of the library (``signature``); the caller holds the transaction."""
    db.execute("DELETE FROM meta WHERE key GLOB 'champions*'")
    db.executemany("INSERT INTO meta VALUES(?, ?)", [(f"champions.{w}", blob) for w, blob in lists.items()])
    db.execute("INSERT INTO meta VALUES('champions', ?)", (json.dumps({"for": signature, "words": list(lists)}),))


def _rank(db, word: str) -> bytes | None:
    """The word's best texts by ``schema.SCORE`` (ties by id): ids then scores; None when it is in fewer than
    ``MIN_TEXTS`` texts."""
    phrase = f'"{word}"'
    if db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (phrase,)).fetchone()[0] < MIN_TEXTS:
        return None
    best = db.execute(f"SELECT rowid, {schema.SCORE} AS r FROM fts WHERE fts MATCH ? ORDER BY r, rowid LIMIT ?",
                      (phrase, KEEP)).fetchall()
    return array("q", (r[0] for r in best)).tobytes() + array("d", (r[1] for r in best)).tobytes()


_worker_db = None  # in a worker process: its own connection to the library


def _open(path: str) -> None:
    global _worker_db
    from pathlib import Path

    _worker_db = schema.connect(Path(path))


def _rank_here(word: str) -> bytes | None:
    return _rank(_worker_db, word)


def _common_in_sample(db, texts: int) -> list[str]:
    """The words of a sample of the texts that may be in ``MIN_TEXTS`` of all (folded to lower case)."""
    import random  # only an import builds lists

    row = db.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
    zdict = row[0] if row else b""
    ids = db.execute("SELECT id FROM variant").fetchall() if texts <= SAMPLE else None
    picked = [i for (i,) in ids] if ids else random.Random(texts).sample(range(1, _top_id(db) + 1), SAMPLE)
    seen: dict[str, int] = {}
    n = 0
    for subject, blob in db.execute("SELECT c.subject, v.text FROM variant v JOIN cable c ON c.key = v.cable "
                                    "WHERE v.id IN (SELECT value FROM json_each(?))", (json.dumps(picked),)):
        n += 1
        for word in set(_TOKENS.findall(f"{subject or ''} {codec.decompress(blob, zdict)}".lower())):
            seen[word] = seen.get(word, 0) + 1
    need = (MIN_TEXTS / texts - MARGIN) * n
    return sorted(w for w, k in seen.items() if k >= need and _WORD.fullmatch(w))


def _top_id(db) -> int:
    return db.execute("SELECT max(id) FROM variant").fetchone()[0] or 0


def stamp(db) -> str | None:
    """The signature the stored lists were made for (None: none stored, as in a library made before them)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'champions'").fetchone()
    return json.loads(row[0]).get("for") if row else None


def word_of(fts: str) -> str | None:
    """The word a translated query searches for when it is one word alone (``"president"``), else None."""
    if len(fts) > 2 and fts[0] == fts[-1] == '"' and _WORD.fullmatch(fts[1:-1]):
        return fts[1:-1]
    return None


def load(db, signature: str, word: str) -> tuple[array, array] | None:
    """The list of ``word`` (ids and scores, best first) when one was made for this version of the library."""
    rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('champions', ?)", (f"champions.{word}",)))
    if "champions" not in rows or json.loads(rows["champions"]).get("for") != signature:
        return None
    blob = rows.get(f"champions.{word}")
    if blob is None:
        return None
    half = len(blob) // 2
    return array("q", blob[:half]), array("d", blob[half:])
