"""Golden offline drafts: what the offline drafter writes for each example unit, verbatim, and what a reviewer
relies on in it — no finding where the clerk's notes are complete, no stock phrase, no fact twice, and no two
units' (or two years') drafts alike enough to be called 雷同.

A changed draft fails until it is read and accepted: ``UPDATE_GOLDEN=1 pytest tests/test_golden_drafts.py``.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from app.audit.cli import run_audit
from app.drafting.engine import draft_report
from app.drafting.gate import report_findings
from app.drafting.notes import merge_notes, read_notes
from app.export import export
from app.rules.cross_year import copy_findings
from schemas.content import EMPTY_PHRASES
from schemas.findings import Rule
from schemas.report import Report
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden" / "drafts"

# name → (report, last year's report, the clerk's notes, whether the notes cover every aspect)
CASES: dict[str, tuple[str, str | None, str | None, bool]] = {
    "township-all-zero-2020": ("qihuxiang-2020.json", None, None, False),
    "township-2025": ("township-2025.json", "township-2024.json", "notes-township-2025.md", True),
    "county-department-2025": (
        "county-department-2025.json",
        "county-department-2024.json",
        "notes-county-department-2025.md",
        True,
    ),
    "county-department-2025-no-notes": ("county-department-2025.json", "county-department-2024.json", None, False),
    "county-government-2025": (
        "county-government-2025.json",
        "county-government-2024.json",
        "notes-county-government-2025.md",
        True,
    ),
}


def _load(name: str) -> Report:
    return Report.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


def drafted(case: str) -> tuple[Report, Report | None, list]:
    """The example of ``case`` drafted offline (every section written anew), last year's report, the findings."""
    report_name, previous_name, notes_name, _ = CASES[case]
    report = _load(report_name)
    previous = _load(previous_name) if previous_name else None
    if notes_name:
        path = EXAMPLES / notes_name
        report.notes = merge_notes(report.notes, read_notes(path.read_bytes(), path.name))
    outcome = draft_report(report, previous=previous, overwrite=True)
    assert not outcome.failed
    return outcome.report, previous, outcome.findings


_CACHE: dict[str, tuple[Report, Report | None, list]] = {}


def _drafted(case: str):
    if case not in _CACHE:
        _CACHE[case] = drafted(case)
    return _CACHE[case]


def _markdown(report: Report) -> str:
    return export(report, "md").decode("utf-8")


def _narrative(markdown: str) -> str:
    """The drafted text of the exported Markdown: the preface, 一, 五, 六 and the signature, not the tables."""
    lines = markdown.split("\n")
    keep, skipping = [], False
    for line in lines:
        if line.startswith("## "):
            skipping = line[3:4] in "二三四"
        if not skipping:
            keep.append(line)
    return "\n".join(keep).strip() + "\n"


@pytest.mark.parametrize("case", CASES)
def test_offline_draft_matches_the_golden_file(case):
    text = _narrative(_markdown(_drafted(case)[0]))
    golden = GOLDEN / f"{case}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "draft changed: read it, then UPDATE_GOLDEN=1 pytest"


@pytest.mark.parametrize("case", [c for c, (*_, complete) in CASES.items() if complete])
def test_complete_notes_give_a_draft_without_findings(case):
    report, previous, findings = _drafted(case)
    assert findings == [], [f.message for f in findings]
    # the whole report as export sees it: only the date of the signature is left to fill in
    left = [f for f in report_findings(report, previous) if f.section in ("前言", "一", "五", "六")]
    assert left == [], [f.message for f in left]


@pytest.mark.parametrize("case", CASES)
def test_no_stock_phrase_and_no_unsupported_claim(case):
    report, _, findings = _drafted(case)
    text = _narrative(_markdown(report))
    assert [p for p in EMPTY_PHRASES if p in text] == []
    # what remains is only what the clerk must supply
    assert {f.rule for f in findings} <= {Rule.PLACEHOLDER}, [f.message for f in findings]


def test_the_seed_township_is_drafted_for_its_format_and_level():
    report = _drafted("township-all-zero-2020")[0]
    text = _narrative(_markdown(report))
    assert "规章" not in text  # a township cannot make 规章
    for item in ("信息处理费", "工作要点", "提案", "创新"):  # 六 of the 2019 format lists no items
        assert item not in text
    assert "请与七户乡人民政府联系" in text


def test_drafts_of_two_consecutive_years_are_not_alike():
    """One unit's offline drafts for 2024 and 2025 (no notes): COPY stays quiet."""
    before = _load("county-department-2024.json")
    before.notes = type(before.notes)()
    before_draft = draft_report(before, overwrite=True).report
    now = _load("county-department-2025.json")
    now_draft = draft_report(now, previous=before_draft, overwrite=True).report
    assert copy_findings(now_draft, before_draft) == []


def test_drafts_of_different_units_are_not_called_alike_by_audit(tmp_path):
    for case in (
        "township-2025",
        "county-department-2025",
        "county-government-2025",
        "county-department-2025-no-notes",
    ):
        report = _drafted(case)[0]
        (tmp_path / f"{case}.json").write_text(report.model_dump_json(), encoding="utf-8")
    run_audit([tmp_path], tmp_path / "out" / "audit.csv", jobs=1, progress=False)
    with open(tmp_path / "out" / "audit.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    alike = {r["文件"]: r["雷同"] for r in rows if r["雷同"]}
    # the same unit drafted with and without notes may resemble itself; different units never
    for name, message in alike.items():
        assert "county-department" in name and "示例县市场监督管理局" in message, alike
