"""Write a full-size synthetic cables.csv in the real dump's exact dialect.

No header row; 8 double-quoted fields: line, date ``M/D/YYYY H:MM``, reference ID, origin, classification,
referenced IDs (``|``-separated), header, body. Embedded quotes are backslash-escaped, newlines are raw.

The words come from the real cables in ../shared/cables (with Zipf-like weights and a long tail of
made-up names), the routing indicators from ../shared/glossary. Deterministic for a given seed and count;
rows are made in parallel chunks, each chunk seeded by (seed, chunk number), and written in order.

    python bench/generate.py OUT.csv [--count 251287] [--seed 1] [--jobs N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import html
import multiprocessing
import os
import random
import re
import sys
import time
from pathlib import Path

FULL_COUNT = 251_287
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CHUNK = 2_000

CLASSIFICATIONS = [  # roughly the real dump's mix
    ("UNCLASSIFIED", 75_792), ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 58_095), ("CONFIDENTIAL", 97_070),
    ("CONFIDENTIAL//NOFORN", 4_678), ("SECRET", 11_322), ("SECRET//NOFORN", 4_330),
]
BANNERS = {
    "UNCLASSIFIED": "UNCLAS", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLAS SENSITIVE",
    "CONFIDENTIAL": "C O N F I D E N T I A L", "CONFIDENTIAL//NOFORN": "C O N F I D E N T I A L NOFORN",
    "SECRET": "S E C R E T", "SECRET//NOFORN": "S E C R E T NOFORN",
}
ZNY = {"UNCLASSIFIED": "ZNR UUUUU ZZH", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "ZNR UUUUU ZZH",
       "CONFIDENTIAL": "ZNY CCCCC ZZH", "CONFIDENTIAL//NOFORN": "ZNY CCCCC ZZH",
       "SECRET": "ZNY SSSSS ZZH", "SECRET//NOFORN": "ZNY SSSSS ZZH"}
MARKINGS = {"UNCLASSIFIED": ["U", "SBU"], "UNCLASSIFIED//FOR OFFICIAL USE ONLY": ["SBU", "U"],
            "CONFIDENTIAL": ["C", "SBU", "U"], "CONFIDENTIAL//NOFORN": ["C/NF", "C", "SBU"],
            "SECRET": ["S", "C", "SBU"], "SECRET//NOFORN": ["S/NF", "S", "C"]}
YEARS = [(1966, 3), (1972, 5), (1975, 40), (1979, 40), (1985, 60), (1989, 100), (1990, 150), (2000, 300),
         (2001, 400), (2002, 600), (2003, 1_800), (2004, 4_000), (2005, 13_000), (2006, 30_000),
         (2007, 38_000), (2008, 40_000), (2009, 36_000), (2010, 9_000)]
TAGS = ["PGOV", "PREL", "PHUM", "ECON", "ETRD", "EFIN", "PTER", "SNAR", "KCRM", "MARR", "PINR", "ENRG", "EAID",
        "KDEM", "ELAB", "SOCI", "KJUS", "ASEC", "CASC", "KPAO", "MASS", "PARM", "KNNP", "OVIP", "SENV", "TBIO",
        "EAGR", "EINV", "KTIP", "SMIG", "CVIS", "KWMN", "AMGT", "OEXC", "KISL", "UNSC", "NATO", "EUN", "IAEA"]
COUNTRY_TAGS = ["MX", "IZ", "AF", "PK", "IR", "CH", "RS", "FR", "GM", "UK", "IT", "SP", "BR", "AR", "VE", "CO",
                "JA", "KS", "KN", "IN", "TU", "EG", "IS", "SA", "LE", "SY", "NI", "SF", "KE", "ET"]
PHRASES = ["human rights", "prime minister", "foreign minister", "drug trafficking", "security forces",
           "civil society", "national security", "free trade agreement", "rule of law", "organized crime",
           "nuclear program", "climate change", "press freedom", "border security", "election campaign"]
SIGNERS = ["PASCUAL", "RICE", "CLINTON", "TUTTLE", "RIVKIN", "CROCKER", "PATTERSON", "EIKENBERRY", "HILL",
           "BEYRLE", "HUNTSMAN", "SCOBEY", "LEVINE", "BRENNAN", "GARZA", "KELLY", "WOLCOTT", "MCCARTHY"]
FALLBACK_WORDS = ("the of and to in a that for on is with be government said minister by as would not has "
                  "embassy official president security political its this from will are which at was an "
                  "have ministry also but party support more national economic new been they it other").split()


def vocabulary() -> tuple[list[str], list[float]]:
    """Text fragments and cumulative weights.

    Fragments are runs of 2-10 consecutive words cut from the real cables' text, so that word frequencies,
    word pairs and compressibility resemble real cables; a long tail of made-up names and a few phrases
    (searched for by the benchmark) are mixed in.
    """
    words: list[str] = []
    for path in sorted(SHARED.glob("cables/**/*")):
        if path.suffix == ".txt":
            words += path.read_text("utf-8", "replace").split()
        elif path.suffix == ".html":
            page = path.read_text("utf-8", "replace")
            for block in re.findall(r"<pre>(.*?)</pre>", page, re.S):
                words += html.unescape(re.sub(r"<[^>]+>", " ", block.replace("&#x000A;", "\n"))).split()
    words = [w for w in words if '"' not in w and "\\" not in w] or FALLBACK_WORDS
    rng = random.Random(12345)
    fragments, i = [], 0
    while i < len(words):
        n = rng.randint(2, 10)
        fragments.append(" ".join(words[i:i + n]))
        i += n
    syllables = ["ka", "lo", "mi", "ra", "to", "ne", "sa", "vu", "de", "zan", "ber", "kov", "ian", "ez", "ul",
                 "gha", "mar", "tin", "ski", "ova", "hu", "ri", "pe", "das"]
    tail = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize() for _ in range(60_000)})
    weights = [1.0] * len(fragments) + [0.05] * len(tail) + [0.3] * len(PHRASES)
    return fragments + tail + PHRASES, list(_cumulate(weights))


def stations() -> list[tuple[str, str, str, float]]:
    """(routing indicator, FM name, origin as WikiLeaks names it, weight) per posting station."""
    out = [("RUEHC", "SECSTATE WASHDC", "Secretary of State", 600.0)]
    path = SHARED / "glossary" / "routing_indicators_acp117_2010.csv"
    rows = list(csv.reader(path.open(newline=""))) if path.exists() else []
    rng = random.Random(7)
    for route, name in rows:
        for prefix, kind in (("AMEMBASSY ", "Embassy"), ("AMCONSUL ", "Consulate")):
            if name.startswith(prefix) and route.startswith("RUEH"):
                city = name[len(prefix):].replace(" CITY", "") if name.endswith("MEXICO CITY") else name[len(prefix):]
                weight = rng.paretovariate(1.2) * (1.0 if kind == "Embassy" else 0.25)
                out.append((route, prefix + city, f"{kind} {city.title()}", weight))
    if len(out) == 1:
        out += [("RUEHME", "AMEMBASSY MEXICO", "Embassy Mexico", 50.0), ("RUEHFR", "AMEMBASSY PARIS", "Embassy Paris", 40.0)]
    out.append(("RUCNDT", "USMISSION USUN NEW YORK", "USUN New York", 60.0))
    out.append(("RUEHBS", "USEU BRUSSELS", "USEU Brussels", 30.0))
    try:  # stations whose IDs read the same (a consulate and an embassy in one city, ACP typos) are one
        from tui.cable.ids import canonical_station
    except ImportError:
        def canonical_station(code: str) -> str:
            return code
    seen: set[str] = set()
    unique = []
    for st in out:
        code = canonical_station(station_code(st[1]))
        if code not in seen:
            seen.add(code)
            unique.append(st)
    return unique


def station_code(fm: str) -> str:
    """The station part of a reference ID: SECSTATE WASHDC -> STATE, AMEMBASSY BUENOS AIRES -> BUENOSAIRES."""
    if fm.startswith("SECSTATE"):
        return "STATE"
    name = fm.split(" ", 1)[1] if fm.startswith(("AMEMBASSY ", "AMCONSUL ", "USMISSION ")) else fm
    return re.sub(r"[^A-Z]", "", name.upper())


def plan(count: int, seed: int) -> list[tuple]:
    """The metadata of every row, in date order: (created, station index, serial, classification)."""
    rng = random.Random(seed)
    st = stations()
    st_cum = list(_cumulate([s[3] for s in st]))
    years = [y for y, _ in YEARS]
    year_cum = list(_cumulate([w for _, w in YEARS]))
    cls = [c for c, _ in CLASSIFICATIONS]
    cls_cum = list(_cumulate([w for _, w in CLASSIFICATIONS]))
    rows = []
    for _ in range(count):
        year = rng.choices(years, cum_weights=year_cum)[0]
        created = dt.datetime(year, 1, 1) + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        station = rng.choices(range(len(st)), cum_weights=st_cum)[0]
        rows.append((created, station, rng.choices(cls, cum_weights=cls_cum)[0]))
    rows.sort()
    serials: dict[tuple[int, int], int] = collections.Counter()
    out = []
    for created, station, classification in rows:
        k = (station, created.year)
        serials[k] += rng.randint(1, 3)
        out.append((created, station, serials[k], classification))
    return out


def _cumulate(weights):
    acc = 0.0
    for w in weights:
        acc += w
        yield acc


_VOCAB: tuple[list[str], list[float]] | None = None
_STATIONS: list | None = None


def _init(vocab, st):
    global _VOCAB, _STATIONS
    _VOCAB, _STATIONS = vocab, st


def ref_id(created: dt.datetime, fm: str, serial: int) -> str:
    return f"{created.year % 100:02d}{station_code(fm)}{serial}"


def make_chunk(job: tuple[int, int, list[tuple], list[str]]) -> str:
    """Rows ``first+1 ..`` of the CSV for the planned rows given, as one string."""
    seed, first, rows, earlier = job
    rng = random.Random(seed * 1_000_003 + first)
    words, cum = _VOCAB
    st = _STATIONS
    choices = rng.choices
    out = []
    for i, (created, station, serial, classification) in enumerate(rows):
        route, fm, origin, _ = st[station]
        rid = ref_id(created, fm, serial)
        site = station_code(fm)
        nrefs = min(len(earlier), rng.choice((0, 0, 0, 1, 1, 2, 3, 4)))
        refs = sorted(set(rng.choice(earlier) for _ in range(nrefs)))
        earlier.append(rid)
        if len(earlier) > 5_000:
            del earlier[:1_000]
        dtg = created.strftime("%d%H%MZ %b %y").upper()
        prec = rng.choice(("R", "P", "O", "O R", "P R"))
        julian = created.strftime("%j%H%M")
        header = [f"VZCZCXRO{rng.randrange(10_000):04d}",
                  f"{'OO' if prec.startswith('O') else 'PP' if prec.startswith('P') else 'RR'} "
                  + " ".join(rng.choice(st)[0] for _ in range(rng.randint(1, 5))),
                  f"DE {route} #{serial % 10_000:04d}/01 {julian}", ZNY[classification],
                  f"{prec} {dtg}", f"FM {fm}",
                  f"TO RUEHC/SECSTATE WASHDC {'IMMEDIATE' if prec.startswith('O') else 'PRIORITY'} "
                  f"{rng.randrange(1, 9999):04d}" if fm != "SECSTATE WASHDC" else
                  f"TO {rng.choice(st)[0]}/{rng.choice(st)[1]} {rng.randrange(1, 9999):04d}"]
        for j in range(rng.randint(0, 8)):
            r = rng.choice(st)
            header.append(("INFO " if j == 0 else "") + f"{r[0]}/{r[1]} {rng.choice(('PRIORITY', 'ROUTINE', ''))}".rstrip())
        tags = rng.sample(TAGS, rng.randint(1, 5)) + [rng.choice(COUNTRY_TAGS)]
        subject = " ".join(choices(words, cum_weights=cum, k=rng.randint(1, 3))).upper()
        body = [f"{BANNERS[classification]} SECTION 01 OF 0{rng.randint(1, 5)} {site} {serial:06d} ", "",
                "SIPDIS", "", f"E.O. 12958: DECL: {created.year + 10}/{created.month:02d}/{created.day:02d}",
                "TAGS: " + ", ".join(tags), f"SUBJECT: {subject}", ""]
        if refs:
            items = []
            for letter, ref in zip("ABCDEFG", refs):
                m = re.match(r"(\d\d)([A-Z]+)(\d+)$", ref)
                yy = "" if int(m.group(1)) == created.year % 100 else f"{m.group(1)} "
                items.append(f"{letter}. {yy}{m.group(2)} {m.group(3)}")
            body += ["REF: " + " ".join(items), ""]
        if not classification.startswith("UNCLAS"):
            body += [f"Classified By: Ambassador {rng.choice(SIGNERS).title()}, reasons 1.4 (b) and (d).", ""]
        size = min(int(rng.lognormvariate(8.29, 0.85)), 400_000)  # mean ~6 KB of paragraphs
        marks = MARKINGS[classification]
        start = rng.randrange(len(words))
        topic = words[start:start + 300]  # the cable's own subject matter: fragments it draws on repeatedly
        n = 1
        while size > 0:
            k = max(2, int(rng.expovariate(1 / 15)))
            text = " ".join(choices(topic, k=k - k // 5) + choices(words, cum_weights=cum, k=k // 5))
            if rng.random() < 0.05:
                text += f' "{choices(words, cum_weights=cum)[0]}"'
            body += [f"{n}. ({rng.choice(marks)}) {text[0].upper()}{text[1:]}.", ""]
            size -= len(text) + 8
            n += 1
        body.append(rng.choice(SIGNERS))
        date = f"{created.month}/{created.day}/{created.year} {created.hour}:{created.minute:02d}"
        fields = [str(first + i + 1), date, rid, origin, classification, "|".join(refs),
                  "\n".join(header), "\n".join(body) + "\n"]
        out.append(",".join('"' + f.replace('"', '\\"').replace("'", "\\'") + '"' for f in fields))
    return "\n".join(out) + "\n"


def generate(out: Path, count: int = FULL_COUNT, seed: int = 1, jobs: int | None = None,
             progress=None) -> Path:
    """Write ``count`` rows to ``out`` (atomically, via a temporary file) and return it."""
    vocab, st = vocabulary(), stations()
    rows = plan(count, seed)
    chunks = [rows[i:i + CHUNK] for i in range(0, len(rows), CHUNK)]
    # the IDs a chunk's rows may cite: those of the rows before it
    ids = [ref_id(c, st[s][1], n) for c, s, n, _ in rows]
    jobs_list = [(seed, i * CHUNK, chunk, ids[max(0, i * CHUNK - 4_000):i * CHUNK]) for i, chunk in enumerate(chunks)]
    tmp = out.with_suffix(".tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    with tmp.open("w", encoding="utf-8", newline="") as f:
        if jobs == 1 or len(chunks) == 1:
            _init(vocab, st)
            parts = map(make_chunk, jobs_list)
            pool = None
        else:
            pool = multiprocessing.get_context("fork").Pool(jobs, _init, (vocab, st))
            parts = pool.imap(make_chunk, jobs_list)
        try:
            for n, part in enumerate(parts, 1):
                f.write(part)
                if progress:
                    progress(min(n * CHUNK, count), count)
        finally:
            if pool:
                pool.close()
                pool.join()
    tmp.replace(out)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=FULL_COUNT)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    t0 = time.monotonic()

    def progress(done, total):
        print(f"\r{done:,}/{total:,} rows", end="", file=sys.stderr, flush=True)

    generate(args.out, args.count, args.seed, args.jobs, progress)
    size = args.out.stat().st_size
    print(f"\nwrote {args.out} ({args.count:,} rows, {size / 1e6:,.0f} MB) in {time.monotonic() - t0:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
