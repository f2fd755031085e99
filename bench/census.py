"""Census of the parser over every real cable in ../shared: a proxy for material it has never seen.

    python bench/census.py                 # the table
    python bench/census.py --show 5        # and up to 5 examples of each problem

Each row counts cables (or items) where the parser's output looks wrong by a rule that does not use the parser:
the serial numbers written on a REF line against the serials of the IDs produced; IDs whose station is not a
known station; subjects still holding HTML character references, markup or page-break residue; TAGS entries that
are no known code, country or person; Classified By names that hold a title word; summaries that still hold a
paragraph marking; and for body-only files: refused, ID (from the text alone, and as read from the file) not the
file name, no classification, no created date, no subject, no TAGS. Lower is better everywhere.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.cable import glossary, parse  # noqa: E402
from tui.cable.ids import STATIONS, station_key  # noqa: E402
from tui.cable.model import Cable  # noqa: E402
from tui.cable.sources import Skipped, iter_records, parse_record  # noqa: E402

SHARED = ROOT.parent / "shared" / "cables"
GROUPS = {  # column -> folder under ../shared/cables
    "html2010": "wikileaks-html-2010-12", "html2011": "wikileaks-html-2011-08", "cablemap": "cablemap-test-pages",
    "raw": "raw-txt", "body": "body-only-txt", "csv": "csv",
}

# --- what a REF line writes, found without the parser -----------------------------------------------------
_REF_LABEL = re.compile(r"(?m)^[ \t]*REF(?:S|TEL|ERENCES?|\(S\))?\b[ \t]*[:.]?", re.I)
_REF_STOP = re.compile(r"(?im)^[ \t]*(?:classified\s+by|\(?\d{1,2}\.\s|\u00b6|summary|e\.o\.|1\.\s)|\n[ \t]*\n(?![ \t]*(?:[A-Z][.)]|\([A-Z]\)))")
_NOT_SERIAL_WORD = re.compile(
    r"(?i)^(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC|[A-Z]+UARY|MARCH|APRIL|AUGUST|[A-Z]+BER|"
    r"PARAS?|PARAGRAPH|FAM|EO|E\.O|SECTION|PAGE|NO|NUMBER|RES|RESOLUTION|UNSCR|USC|CFR|PL|OF|DATED|ON|TD|IIR|"
    r"DTG|MSG|EMAIL|E-MAIL|TELCON|FY|CY|OTHER|ITEM|ARTICLE|CHAPTER|PHASE|TITLE|AT|BY|IN|TO|DOC|NOTE)$")
_WRITTEN = re.compile(r"([A-Za-z][A-Za-z.'\-]*)[ \t]*[:,#]?[ \t]*0*(\d{1,7})\b(?![/\-.]\d|Z\b|[ \t]*(?:Z\b|[A-Z]{3}[ \t]+\d{2}\b))")


def ref_text(body: str) -> str:
    m = _REF_LABEL.search(body[:20000])
    if not m:
        return ""
    stop = _REF_STOP.search(body, m.end(), m.end() + 3000)
    return body[m.end():stop.start() if stop else m.end() + 600]


def written_serials(text: str) -> list[int]:
    """Numbers written right after a word that may be a station: the serials a REF line cites."""
    out = []
    for m in _WRITTEN.finditer(text):
        word, num = m.groups()
        if _NOT_SERIAL_WORD.match(word.rstrip(".")) or len(word) < 3 and word.upper() not in ("AIT", "HK"):
            continue
        n = int(num)
        if n < 10 or 1966 <= n <= 2011 and len(num) == 4 and re.match(r"[ \t]+[A-Za-z]", text[m.end():]):
            continue  # a year before the next station ('2008 SAO PAULO 497'), or a paragraph number
        out.append(n)
    return out


def id_station(cid: str) -> str:
    return re.sub(r"^\d\d|\d+$", "", cid)


# --- the rows -------------------------------------------------------------------------------------------
_ENTITY = re.compile(r"&#?\w+;|<[a-z/]")
_RESIDUE = re.compile(r"\b0{3,}\d+\b|\b\d{3}(?:\.\d)?\s+OF\s+\d{3}\b|\bPAGE\s+\d|\bSIPDIS\b|\bE\.O\.|\bTAGS\b|"
                      r"^\((?:U|C|S|SBU)\)|\b(?:UNCLAS|CONFIDENTIAL|SECRET)\s+SECTION\b")
_TITLE_WORDS = re.compile(
    r"(?i)\b(?:affairs|ambassador|amb|charge|counsel\w*|counselor|director|office|officer|minister|secretary|"
    r"deputy|chief|mission|political|economic|consul|general|section|acting|head|dcm|cda|polcouns|econcouns|"
    r"reasons?|for|the|of|and|to|by)\b")
_MARK_IN_SUMMARY = re.compile(r"\((?:U|SBU|C|S|S/NF|C/NF|TS)\)")
_PERSON = re.compile(r"[A-Z'\-]+(?: [A-Z'\-]+)*, [A-Z'.\-]+(?: [A-Z'.\-]+)*")

ROWS = [
    ("cables", "cables read"),
    ("skipped", "files/rows refused"),
    ("ref_lines", "REF lines"),
    ("ref_missing", "REF lines with a written serial not among the IDs"),
    ("serials", "serials written on REF lines"),
    ("serials_missing", "  of them not among the IDs produced"),
    ("refs_extra", "references whose serial the REF line does not write"),
    ("rewritten", "REF lines naming a station of several words"),
    ("rewritten_hyphen", "  written with hyphens (TEL-AVIV): IDs lost"),
    ("rewritten_break", "  broken over two lines (TEL\\nAVIV): IDs lost"),
    ("ids", "IDs produced (own + references)"),
    ("unknown_station", "IDs whose station is unknown"),
    ("subject_markup", "subjects with entities or markup"),
    ("subject_residue", "subjects with page/banner residue"),
    ("no_subject", "no subject"),
    ("tags", "TAGS entries"),
    ("tag_unknown", "TAGS entries not a code/country/person"),
    ("cby_lines", "Classified By lines"),
    ("cby_empty", "Classified By with no name"),
    ("cby_title", "Classified By names holding a title word"),
    ("summary_mark", "summaries holding a paragraph marking"),
    ("no_class", "no classification"),
    ("no_created", "no created date"),
    ("meta_id", "pages/csv without metadata: ID != the page's"),
    ("meta_class", "pages/csv without metadata: level != the page's"),
    ("body_text_id", "body-only: ID from the text != file name"),
    ("body_file_id", "body-only: ID as read != file name"),
]


_MULTI = None


def multi_word_places() -> re.Pattern:
    """Station names of several words as the glossary writes them (SAO PAULO, TEL AVIV, BUENOS AIRES, ...)."""
    global _MULTI
    if _MULTI is None:
        places = {p.upper() for p in glossary.place_names() if " " in p and station_key(p) in STATIONS}
        _MULTI = re.compile(r"\b(" + "|".join(sorted(map(re.escape, places), key=len, reverse=True)) + r")\b", re.I)
    return _MULTI


def rewritten(cable: Cable, ref: str, count, show, stem: str) -> None:
    """The REF line with its multi-word station names written another way must give the same IDs."""
    if not multi_word_places().search(ref):
        return
    count["rewritten"] += 1
    year = cable.created.year if cable.created else None
    for key, sep in (("rewritten_hyphen", "-"), ("rewritten_break", "\n")):
        body = cable.body.replace(ref, multi_word_places().sub(lambda m: m.group(1).replace(" ", sep, 1), ref), 1)
        again = parse(body, year=year, reference_id=cable.reference_id or None).references
        lost = [r for r in cable.references if r not in again]
        count[key] += len(lost)
        if lost:
            show(key, f"{stem}: {lost} from {' '.join(ref.split())[:120]!r}")


def check(cable: Cable, group: str, stem: str, count, show) -> None:
    count["cables"] += 1
    body = cable.body
    ref = ref_text(body)
    if ref.strip():
        count["ref_lines"] += 1
        produced = {int(m.group(1)) for r in cable.references if (m := re.search(r"(\d+)$", r))}
        own = re.search(r"(\d+)$", cable.reference_id)
        if own:
            produced.add(int(own.group(1)))
        serials = written_serials(ref)
        missing = [n for n in serials if n not in produced]
        count["serials"] += len(serials)
        count["serials_missing"] += len(missing)
        numbers = {int(n) for n in re.findall(r"\d+", ref)}
        for r in cable.references:
            if int(re.search(r"(\d+)$", r).group(1)) not in numbers:
                count["refs_extra"] += 1
                show("refs_extra", f"{stem}: {r} from {' '.join(ref.split())[:160]!r}")
        rewritten(cable, ref, count, show, stem)
        if missing:
            count["ref_missing"] += 1
            show("ref_missing", f"{stem}: {missing} from {' '.join(ref.split())[:160]!r} -> {cable.references}")
    for cid in [cable.reference_id, *cable.references]:
        if not cid:
            continue
        count["ids"] += 1
        st = id_station(cid)
        if station_key(st) not in STATIONS:
            count["unknown_station"] += 1
            show("unknown_station", f"{stem}: {cid}")
    subj = cable.subject
    if _ENTITY.search(subj):
        count["subject_markup"] += 1
        show("subject_markup", f"{stem}: {subj!r}")
    if _RESIDUE.search(subj):
        count["subject_residue"] += 1
        show("subject_residue", f"{stem}: {subj!r}")
    if not subj:
        count["no_subject"] += 1
        show("no_subject", stem)
    for t in cable.tags:
        count["tags"] += 1
        known = (glossary.tag_info(t) or glossary.country_name(t) or len(t) == 4 and t.startswith("K")
                 or _PERSON.fullmatch(t) or len(t) == 2 and t[0] in "XZ")
        if not known:
            count["tag_unknown"] += 1
            show("tag_unknown", f"{stem}: {t!r} in {cable.tags}")
    if re.search(r"(?i)classified\s+by", body[:20000]):
        count["cby_lines"] += 1
        if not cable.classified_by:
            count["cby_empty"] += 1
            line = re.search(r"(?i)classified\s+by[^\n]*(?:\n[^\n]*)?", body[:20000]).group(0)
            show("cby_empty", f"{stem}: {' '.join(line.split())[:120]!r}")
        elif any(_TITLE_WORDS.search(n) for n in cable.classified_by):
            count["cby_title"] += 1
            show("cby_title", f"{stem}: {cable.classified_by}")
    if _MARK_IN_SUMMARY.search(cable.summary):
        count["summary_mark"] += 1
        show("summary_mark", f"{stem}: {cable.summary[:100]!r}")
    if not cable.classification:
        count["no_class"] += 1
        show("no_class", stem)
    if not cable.created:
        count["no_created"] += 1
        show("no_created", stem)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="examples of each problem to print")
    args = ap.parse_args(argv)
    counts = {g: collections.Counter() for g in GROUPS}
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for group, folder in GROUPS.items():
        count = counts[group]

        def show(row, text, group=group):
            if len(examples[row]) < args.show:
                examples[row].append(f"[{group}] {text}")

        for item in iter_records(SHARED / folder):
            if isinstance(item, Skipped):
                count["skipped"] += 1
                show("skipped", str(item))
                continue
            cable = parse_record(item)
            if isinstance(cable, Skipped):
                count["skipped"] += 1
                show("skipped", str(cable))
                continue
            stem = pathlib.Path(item.source.path).stem if group != "csv" else cable.reference_id
            check(cable, group, stem, count, show)
            if item.metadata:  # the same text without the page's table: does the text alone give the same?
                bare = parse(item.text)
                if bare.reference_id != cable.reference_id:
                    count["meta_id"] += 1
                    show("meta_id", f"{stem}: {bare.reference_id!r}")
                if glossary.level(bare.classification) != glossary.level(cable.classification):
                    count["meta_class"] += 1
                    show("meta_class", f"{stem}: {bare.classification!r} for {cable.classification!r}")
            if group == "body":
                text_only = parse(item.text)
                if text_only.reference_id != stem:
                    count["body_text_id"] += 1
                    show("body_text_id", f"{stem}: {text_only.reference_id!r}")
                if cable.reference_id != stem:
                    count["body_file_id"] += 1
                    show("body_file_id", f"{stem}: {cable.reference_id!r}")
        if group == "body":  # refused files count as wrong IDs too
            count["body_text_id"] += count["skipped"]
            count["body_file_id"] += count["skipped"]
    width = max(len(label) for _, label in ROWS)
    print(f"{'':{width}}  " + " ".join(f"{g:>8}" for g in GROUPS) + f" {'total':>8}")
    for key, label in ROWS:
        values = [counts[g][key] for g in GROUPS]
        print(f"{label:{width}}  " + " ".join(f"{v:>8}" for v in values) + f" {sum(values):>8}")
    for key, label in ROWS:
        if examples.get(key):
            print(f"\n{label}:")
            for e in examples[key]:
                print("  " + e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
