"""Reading cable files: every real format in ../shared, the cables.csv dialect, and bad input."""

from __future__ import annotations

import csv
import html
import pickle
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CABLES, SEEDS
from tui.cable import canonical_id
from tui.cable.model import Cable, Source
from tui.cable.sources import MAX_RECORD, Record, Skipped, iter_records, read

PAGES = sorted(CABLES.glob("wikileaks-html-*/cable/*/*/*.html")) + sorted(CABLES.glob("cablemap-test-pages/*.html"))
RAW_TXT = sorted((CABLES / "raw-txt").glob("*.txt"))
CSV_SAMPLE = CABLES / "csv" / "cables_sample.csv"


def one(path) -> Record | Skipped:
    items = list(iter_records(path))
    assert len(items) == 1, items
    return items[0]


# ------------------------------------------------------------------------------------------ the 435 pages

# The page's own metadata table, read here independently of the code under test.
_CELL = re.compile(r"<td>\s*<a href='[^']*'(?: title='[^']*')?>([^<]*)</a>\s*</td>")
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ|Subject)\s*:(.*)$", re.M)
# Where a subject stops (conformance README): REF, Classified By, paragraph 1, page markers
# (``MINSK 00000641 001.3 OF 005``), separator lines, or a blank line.
_SUBJECT_END = re.compile(r"\s*$|\s*(?:REF|REFS|REFTEL|Ref\(s\)|Classified By|CLASSIFIED BY|\d+\.\s|\u00b6|-{3,}|"
                          r"[A-Z][A-Z ]* \d{8} \d{3}(?:\.\d)? OF \d{3})")
_SUBJECT_CUT = re.compile(r"\s(?:REF|REFS|REFTEL|Ref\(s\))\s*:")  # a REF run into the subject line ends it


def page_table(text: str) -> list[str]:
    table = text[text.index("<table class='cable'>"):]
    return _CELL.findall(table[:table.index("</table>")])


def same_subject(subject: str) -> str:
    """Whitespace collapsed; a word broken at a line end (``CALIPARI-`` / ``STRESSES``) may be joined or not."""
    return re.sub(r"(?<=[A-Za-z]-) ", "", " ".join(subject.split()))


def page_subjects(text: str) -> list[str]:
    """Every SUBJECT line of the page's body block, continued lines joined, a leading (U)/(C)/... marking and
    line-continuation backslashes (07BERN881) and page breaks (00HARARE6677) removed. Some pages hold two: WikiLeaks' upper-case copy, cut at
    a line end, and the cable's own lower-cased full one (09SHANGHAI160)."""
    body = text[text.index("<table class='cable'>"):].split("<code><pre>")[2]
    body = html.unescape(re.sub(r"<[^>]+>", "", body.split("</pre>")[0].split("</div>")[0]))
    subjects = []
    for m in _SUBJECT.finditer(body):
        lines = [m.group(1)]
        for line in body[m.end():].split("\n")[1:]:
            if _SUBJECT_END.match(line):
                break
            lines.append(line)
        subject = " ".join(" ".join(line.rstrip().rstrip("\\") for line in lines).split())
        subject = _SUBJECT_CUT.split(subject)[0]
        # a page break inside it (00HARARE6677): the classification and the next page's header line
        subject = re.sub(r"\b(?:CONFIDENTIAL|SECRET|UNCLASSIFIED) PAGE \d+ [A-Z ]+? \d+ (?:\d+ OF \d+ )?\d{6}Z ", "", subject)
        subjects.append(re.sub(r"^\((?:U|SBU|C|S|S/NF|C/NF|S//NF|C//NF)\)\s*", "", subject))
    return subjects


def test_all_435_pages_are_found():
    assert len(PAGES) == 435


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(CABLES)))
def test_page_matches_its_metadata_table(path: Path):
    text = path.read_text(encoding="utf-8")
    ref, created, released, classification, origin = page_table(text)
    record = one(path)
    assert isinstance(record, Record)
    assert record.source.format == ("html-2011" if "html-2011" in str(path) else "html-2010")
    assert "\u00b6" not in record.text  # paragraph anchors (par1, parB) dropped with their pilcrow
    cable = record.parse()
    assert cable.source == record.source and cable.source.path == str(path)
    assert cable.reference_id == canonical_id(ref)
    assert cable.reference_id_as_written == ref
    assert cable.created.strftime("%Y-%m-%d %H:%M") == created
    assert cable.released.strftime("%Y-%m-%d %H:%M") == released
    assert cable.classification == classification
    assert cable.origin == origin
    assert cable.body and "&#x" not in cable.body and "<a " not in cable.body
    subjects = page_subjects(text)
    if subjects:
        assert same_subject(cable.subject) in {same_subject(s) for s in subjects}


def test_page_uses_link_text_not_title_attribute():
    path = CABLES / "wikileaks-html-2011-08/cable/1975/11/7575LIBREVILLE1895.html"
    assert "title='unclassified'>CONFIDENTIAL" in path.read_text(encoding="utf-8")
    record = one(path)
    assert record.metadata["classification"] == "CONFIDENTIAL"
    assert record.metadata["reference_id"] == "7575LIBREVILLE1895"


def test_page_text_is_clean():
    record = one(CABLES / "wikileaks-html-2010-12/cable/1966/12/66BUENOSAIRES2481.html")
    assert record.text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert "\nTAGS: EFIS PBTS AR\n" in record.text
    assert "\n1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM \n" in record.text  # anchor gone, number kept
    assert "¶" not in record.text and "<" not in record.text and "&#" not in record.text


def test_page_with_unclosed_pre_block(tmp_path):
    page = (CABLES / "cablemap-test-pages/08BRASILIA93.html").read_text(encoding="utf-8")
    head, _, tail = page.rpartition("</pre></code>")
    (tmp_path / "cut.html").write_text(head + tail, encoding="utf-8")
    record = one(tmp_path / "cut.html")
    assert record.text == one(CABLES / "cablemap-test-pages/08BRASILIA93.html").text
    assert "</div>" not in record.text


# ------------------------------------------------------------------------------------------ text formats

def test_seed_000_page_text():
    record = one(sorted(SEEDS.glob("000_*.txt"))[0])
    assert record.source.format == "page-text"
    cable = record.parse()
    assert (cable.reference_id, cable.classification, cable.origin) == ("10MEXICO83", "SECRET", "Embassy Mexico")
    # the page's navigation text is not kept (it would show up in search snippets)
    assert record.text.startswith("Reference ID") and "Browse by tag" not in record.text


def test_seed_001_raw():
    record = one(sorted(SEEDS.glob("001_*.txt"))[0])
    assert record.source.format == "raw"
    cable = record.parse()
    assert (cable.reference_id, cable.classification, cable.from_) == ("10MEXICO83", "SECRET", "AMEMBASSY MEXICO")


def test_raw_txt_files_are_cp1252_and_parse():
    records = list(iter_records(CABLES / "raw-txt"))
    assert len(records) == len(RAW_TXT) == 24
    for path, record in zip(RAW_TXT, records):
        assert isinstance(record, Record) and record.source == Source(str(path), "raw")
        assert record.warnings == ()
        assert "\ufffd" not in record.text and "\r" not in record.text
        cable = record.parse()
        assert cable.reference_id == canonical_id(path.stem), path.name
    assert "\u00b61. (C) Summary:" in one(CABLES / "raw-txt/09PARIS1007.txt").text


def test_body_only_block_with_anchors(tmp_path):
    page = (CABLES / "wikileaks-html-2010-12/cable/1966/12/66BUENOSAIRES2481.html").read_text(encoding="utf-8")
    block = page.split("<code><pre>")[2].split("</pre></code>")[0]
    path = tmp_path / "66BUENOSAIRES2481.txt"
    path.write_text(block, encoding="utf-8")
    record = one(path)
    assert record.source.format == "body"
    assert record.text.startswith("UNCLASSIFIED BUENOS AIRES 2481 \n")
    assert "<a" not in record.text and "&#x" not in record.text
    assert record.reference_id == "66BUENOSAIRES2481"
    cable = record.parse()
    assert cable.reference_id == "66BUENOSAIRES2481"
    assert cable.tags[:2] == ["EFIS", "PBTS"]


def test_file_name_id_fills_in_only_when_the_text_has_none(tmp_path):
    body = "SECRET\n\nSIPDIS\n\nTAGS: PGOV PREL\nSUBJECT: A TEST\n\n1. (S) Text.\n"
    path = tmp_path / "10MEXICO83.txt"
    path.write_text(body, encoding="utf-8")
    assert one(path).parse().reference_id == "10MEXICO83"


# ------------------------------------------------------------------------------------------ cables.csv

def test_csv_sample_rows():
    first, second = iter_records(CSV_SAMPLE)
    assert first.source.format == "csv" and first.source.row == 1 and second.source.row == 2
    assert first.metadata == {"reference_id": "66BUENOSAIRES2481", "created": "12/28/1966 18:48",
                              "classification": "UNCLASSIFIED", "origin": "Embassy Buenos Aires"}
    assert first.references == ("66STATE106206",)
    assert second.metadata["reference_id"] == "72TEHRAN1164"
    assert second.references == ("72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263")
    assert first.text.startswith("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n")
    assert "STATE GRNC\n\nUNCLASSIFIED BUENOS AIRES 2481 \n" in first.text
    assert 'OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES.' in first.text  # \" unescaped
    assert first.text.endswith("GP-3 \nSACCIO \n")


def test_csv_sample_parses():
    first, second = read(CSV_SAMPLE)
    assert isinstance(first, Cable) and isinstance(second, Cable)
    assert first.reference_id == "66BUENOSAIRES2481"
    assert first.created.strftime("%Y-%m-%d %H:%M") == "1966-12-28 18:48"
    assert (first.classification, first.origin) == ("UNCLASSIFIED", "Embassy Buenos Aires")
    assert "66STATE106206" in first.references
    assert first.source.row == 1 and first.source.format == "csv"
    assert second.reference_id == "72TEHRAN1164"
    assert second.created.strftime("%Y-%m-%d %H:%M") == "1972-02-25 09:30"


def test_csv_references_fill_in_only_when_the_parser_finds_none():
    record = Record("UNCLASSIFIED\n\nSUBJECT: NO REF LINE\n\n1. Text.\n", Source("x.csv", "csv", 3),
                    metadata={"reference_id": "10MEXICO83"}, references=("10MEXICO71", "10 MEXICO 68", "10MEXICO83"))
    assert record.parse().references == ["10MEXICO71", "10MEXICO68"]  # canonical, without itself
    first = next(iter_records(CSV_SAMPLE))
    with_ref = Record(first.text, first.source, first.metadata, references=("99NOWHERE1",))
    assert "99NOWHERE1" not in with_ref.parse().references


def write_csv(path: Path, rows, lineterminator="\n"):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL,
                   lineterminator=lineterminator).writerows(rows)


def csv_row(n, header, body, refs="", origin="Embassy Mexico"):
    return [str(n), "1/29/2010 20:49", f"10MEXICO{n}", origin, "SECRET", refs, header, body]


TRICKY = [
    'He said "no", then \'yes\'.',
    "a,b,c\n\"1\",\"2\"\nnext",
    "back\\slash \\\\ double \\\" mixed \\",
    'ends with backslash\\',
    '"","",""',
    '\n"77","1/1/2010 00:00","fake",',
    "unicode: ¶ é — 汉字",
    "",
]


@pytest.mark.parametrize("terminator", ["\n", "\r\n"])
def test_generated_csv_round_trips(tmp_path, terminator):
    rows = [csv_row(i + 1, f"HEADER {i}\n{t}", f"BODY {i}\n{t}", refs="10STATE1|10STATE2")
            for i, t in enumerate(TRICKY)]
    write_csv(tmp_path / "gen.csv", rows, terminator)
    records = list(iter_records(tmp_path / "gen.csv"))
    assert [r.source.row for r in records] == list(range(1, len(TRICKY) + 1))
    for row, record in zip(rows, records):
        assert isinstance(record, Record)
        assert record.text == f"{row[6]}\n\n{row[7]}"
        assert record.metadata == {"reference_id": row[2], "created": row[1], "classification": row[4],
                                   "origin": row[3]}
        assert record.references == ("10STATE1", "10STATE2")


_FIELD_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\'\\\n|é0123456789')), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.lists(st.tuples(_FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT), min_size=1, max_size=5))
def test_generated_csv_property(tmp_path, fields):
    rows = [csv_row(i + 1, h, b, origin=o) for i, (o, h, b) in enumerate(fields)]
    write_csv(tmp_path / "prop.csv", rows)
    records = list(iter_records(tmp_path / "prop.csv"))
    assert [(r.metadata["origin"], r.text) for r in records] == [(r[3], f"{r[6]}\n\n{r[7]}") for r in rows]


def test_csv_is_streamed_in_chunks(tmp_path, monkeypatch):
    from tui.cable import sources
    monkeypatch.setattr(sources, "_CHUNK", 7)  # record starts straddle every chunk boundary
    rows = [csv_row(i + 1, f"H{i}", f"B{i} " * 20 + TRICKY[i % len(TRICKY)]) for i in range(40)]
    write_csv(tmp_path / "c.csv", rows)
    records = list(iter_records(tmp_path / "c.csv"))
    assert [r.text for r in records] == [f"{r[6]}\n\n{r[7]}" for r in rows]


# ------------------------------------------------------------------------------------------ bad input

def test_truncated_row_in_the_middle_and_at_the_end(tmp_path):
    rows = [csv_row(i, "HEADER", f"BODY {i}") for i in (1, 2, 3)]
    write_csv(tmp_path / "t.csv", rows)
    data = (tmp_path / "t.csv").read_bytes()
    cut = data.index(b"BODY 2") + 3  # row 2 stops inside its body, then row 3 starts
    data = data[:cut] + b"\n" + data[data.index(b'"3","'):]
    data += b'"4","1/1/2010 10:00","10X4","O","S","","HEAD","BODY cut at EOF'
    (tmp_path / "t.csv").write_bytes(data)
    items = list(iter_records(tmp_path / "t.csv"))
    assert [type(i).__name__ for i in items] == ["Record", "Skipped", "Record", "Skipped"]
    assert (items[1].row, items[1].reason) == (2, "truncated-row")
    assert (items[3].row, items[3].reason) == (4, "truncated-row")
    assert items[2].metadata["reference_id"] == "10MEXICO3"
    assert "row 2" in str(items[1])


def test_row_with_too_few_fields(tmp_path):
    (tmp_path / "f.csv").write_text('"1","1/1/2010 10:00","10X1","O","S"\n"2","1/1/2010 10:00","10X2","O","S",'
                                    '"","H","B"\n', encoding="utf-8")
    bad, good = iter_records(tmp_path / "f.csv")
    assert (bad.reason, bad.row) == ("truncated-row", 1) and "5 fields" in bad.message
    assert good.source.row == 2


def test_bad_utf8_is_read_and_reported(tmp_path):
    raw = (SEEDS / sorted(p.name for p in SEEDS.glob("001_*"))[0]).read_bytes()
    path = tmp_path / "bad.txt"
    path.write_bytes(raw.replace(b"Summary", b"Sum\xffmary", 1))
    record = one(path)
    assert isinstance(record, Record) and record.source.format == "raw"
    assert "Sum\ufffdmary" in record.text and "¶" in record.text
    assert record.warnings and record.warnings[0].startswith("bad-utf8")
    rows = [csv_row(1, "H", "BODY ok"), csv_row(2, "H", "BODY XbadX")]
    write_csv(tmp_path / "b.csv", rows)
    (tmp_path / "b.csv").write_bytes((tmp_path / "b.csv").read_bytes().replace(b"XbadX", b"\xc3\x28"))
    ok, bad = iter_records(tmp_path / "b.csv")
    assert ok.warnings == () and bad.warnings[0].startswith("bad-utf8")
    assert bad.text.endswith("BODY \ufffd(")


def test_nul_bytes_are_dropped(tmp_path):
    raw = (CABLES / "raw-txt/09PARIS1007.txt").read_bytes()
    (tmp_path / "n.txt").write_bytes(raw[:200] + b"\0\0" + raw[200:])
    record = one(tmp_path / "n.txt")
    assert "\0" not in record.text and record.warnings[0].startswith("nul-bytes")
    write_csv(tmp_path / "n.csv", [csv_row(1, "H", "B\0DY")])
    assert one(tmp_path / "n.csv").text == "H\n\nBDY"


@pytest.mark.parametrize("name, data", [
    ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa" + bytes(200)),
    ("notes.txt", b"Shopping list:\n- eggs\n- milk\n"),
    ("empty.txt", b""),
    ("blank.txt", b"\n \n"),
    ("page.html", b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"),
])
def test_not_a_cable(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    item = one(tmp_path / name)
    assert isinstance(item, Skipped) and item.reason == "not-a-cable" and item.row is None
    assert item.path == str(tmp_path / name)


def test_unreadable_path(tmp_path):
    item = one(tmp_path / "missing.txt")
    assert isinstance(item, Skipped) and item.reason == "unreadable"


def test_folder_is_walked_sorted_and_bad_files_do_not_stop_it(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "10MEXICO83.txt").write_bytes((sorted(SEEDS.glob("001_*"))[0]).read_bytes())
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / ".hidden").write_text("x")
    items = list(iter_records(tmp_path))
    assert [type(i).__name__ for i in items] == ["Skipped", "Record"]


def test_50_mb_single_line_text_file(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes(b"A" * (50 * 2**20))
    started = time.perf_counter()
    item = one(path)
    assert item.reason == "too-large"
    assert time.perf_counter() - started < 10  # a hang guard (about 0.1 s here), not a benchmark


def test_50_mb_csv_record_is_skipped_with_bounded_memory(tmp_path):
    path = tmp_path / "huge.csv"
    write_csv(path, [csv_row(1, "H", "first")])
    with open(path, "ab") as f:
        f.write(b'"2","1/1/2010 10:00","10X2","O","S","","H","' + b"x" * (50 * 2**20) + b'"\n')
    write_csv(tmp_path / "tail.csv", [csv_row(3, "H", "third")])
    with open(path, "ab") as f:
        f.write((tmp_path / "tail.csv").read_bytes())
    tracemalloc.start()
    try:
        items = list(iter_records(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Record", "Skipped", "Record"]
    assert (items[1].reason, items[1].row) == ("too-large", 2)
    assert items[2].text == "H\n\nthird"
    assert peak < 4 * MAX_RECORD


def test_records_pickle():
    records = list(iter_records([CSV_SAMPLE, CABLES / "raw-txt/09PARIS1007.txt"]))
    assert pickle.loads(pickle.dumps(records)) == records


# ------------------------------------------------------------------------------------------ speed

@pytest.mark.slow
def test_reading_and_parsing_all_shared_cables_is_fast():
    started = time.perf_counter()
    items = list(read(CABLES))
    elapsed = time.perf_counter() - started
    cables = [i for i in items if isinstance(i, Cable)]
    assert len(cables) == 435 + 24 + 2
    assert elapsed < 10, elapsed


def test_csv_cut_at_any_point(tmp_path):
    """The sample cut at every byte near the row boundary, and every 97th byte elsewhere: complete rows are
    read, a cut row is a truncated-row Skipped with its row number, nothing raises. (Cut exactly one byte into
    row 2, the lone quote cannot be told from a closing one: row 1 is reported truncated then.)"""
    data = CSV_SAMPLE.read_bytes()
    boundary = data.index(b'\n"2","') + 1  # where row 2 starts
    end = data.rindex(b'"') + 1  # where row 2 is complete
    cuts = sorted(set(range(1, len(data), 97)) | set(range(boundary - 12, boundary + 12)) | {end, len(data)})
    for cut in cuts:
        (tmp_path / "cut.csv").write_bytes(data[:cut])
        items = list(iter_records(tmp_path / "cut.csv"))
        kinds = [(type(i).__name__, i.row if isinstance(i, Skipped) else i.source.row) for i in items]
        if cut >= end:
            assert kinds == [("Record", 1), ("Record", 2)], cut
        elif cut == boundary + 1:
            assert kinds == [("Skipped", 1)], cut
        elif cut > boundary:
            assert kinds == [("Record", 1), ("Skipped", 2)], cut
        elif cut >= boundary - 1:  # row 1 is complete with its closing quote
            assert kinds == [("Record", 1)], cut
        elif cut >= len('"1","12/28/1966 18:48","'):
            assert kinds == [("Skipped", 1)], cut
        for item in items:
            assert isinstance(item, Record) or item.reason in ("truncated-row", "not-a-cable")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), prefix=st.sampled_from([b"", b'"1","1/1/2010 10:00","', b"<html>",
                                                            b"VZCZC\n", b"SECRET\n"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, prefix):
    (tmp_path / "x").write_bytes(prefix + data)
    for item in iter_records(tmp_path / "x"):
        assert isinstance(item, (Record, Skipped))
        if isinstance(item, Record):
            assert "\0" not in item.text and "\r" not in item.text
