"""The shared conformance cases (../shared/conformance): the pass rate, and named cases per field."""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import SHARED

import tui.cable as api

RUNNER = SHARED / "conformance" / "run.py"
CASES = SHARED / "conformance" / "cases.jsonl"


def load_runner():
    spec = importlib.util.spec_from_file_location("conformance_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def all_cases() -> dict[str, dict]:
    with open(CASES, encoding="utf-8") as f:
        return {c["id"]: c for c in map(json.loads, f)}


def test_pass_rate_at_least_90_percent():
    run = load_runner()
    passed = failed = 0
    for case in all_cases().values():
        if case["input"] is None or run.skipped_for_flags(case):
            continue
        try:
            ok = run.matches(case, run.actual(api, case))
        except Exception:  # a crash counts as a failure, as in run.py
            ok = False
        passed += ok
        failed += not ok
    assert passed + failed > 550
    assert passed / (passed + failed) >= 0.90, f"{passed} passed, {failed} failed"


# a few cases per field, checked one by one so a regression names its field
NAMED = [
    "reference_id-001", "reference_id-038", "reference_id-086",
    "references-001", "references-011", "references-038", "references-082",
    "references_typed-005", "references_typed-010",
    "tags-020", "tags-029", "tags-043", "tags-049",
    "subject-002", "subject-020", "subject-041", "subject-058",
    "subject_titlecase-001", "subject_titlecase-017",
    "summary-002", "summary-007", "summary-016",
    "signers-002", "signers-031", "signers-029",
    "classified_by-001", "classified_by-026", "classified_by-139",
    "recipients-004", "recipients-001", "info_recipients-002",
    "declassification_date-002", "declassification_date-010",
    "tag_kind-001", "tag_kind-004", "clean_body-005", "clean_body-008",
    "header_metadata-001", "header_metadata-005",
]


@pytest.mark.parametrize("case_id", NAMED)
def test_named_case(case_id):
    run = load_runner()
    case = all_cases()[case_id]
    if run.skipped_for_flags(case):
        pytest.fail(f"{case_id} asks for a non-default option; pick another case")
    got = run.actual(api, case)
    assert run.matches(case, got), f"{case_id}: expected {case['expected']!r}, got {got!r}"
