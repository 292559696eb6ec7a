"""The assistant gives one fix for findings that share a wrong cell, never two that contradict each other."""

from __future__ import annotations

import re

from app.assistant.explain import explain
from app.rules import check
from schemas.report import Cell
from tests.factories import APPLICANT_COLUMNS, consistent_report, outcome_rows


def _report_with_natural_person_typed_one_too_many():
    # 「（一）予以公开」 of 自然人 typed 11 instead of 10: its row total (R-C) and the 自然人 column (R-D) disagree
    report = consistent_report(7)
    t3 = report.tables["三"]
    t3["disclosed.natural_person"] = _cell(10)
    t3["disclosed.total"] = _cell(sum(t3[f"disclosed.{c}"].value for c in _APPLICANTS))
    _recount(report)
    t3["disclosed.natural_person"] = _cell(11)
    return report


def _cell(value: int) -> Cell:
    return Cell(value=value, raw=str(value))


_APPLICANTS = APPLICANT_COLUMNS


def _recount(report) -> None:
    """Make 表三 consistent again around 「（一）予以公开」 (its column totals and the grand total)."""
    t3 = report.tables["三"]
    for col in (*_APPLICANTS, "total"):
        total = sum(t3[f"{r}.{col}"].value for r in outcome_rows("2021"))
        t3[f"total.{col}"] = _cell(total)
        received = total + t3[f"carried_forward.{col}"].value - t3[f"carried_over.{col}"].value
        if received < 0:
            t3[f"carried_over.{col}"] = _cell(0)
            received = total + t3[f"carried_forward.{col}"].value
        t3[f"received.{col}"] = _cell(received)
    for row in ("received", "carried_over"):
        total = sum(t3[f"{row}.{c}"].value for c in _APPLICANTS)
        t3[f"{row}.total"] = _cell(total)


def test_the_report_is_consistent_but_for_the_one_cell():
    report = _report_with_natural_person_typed_one_too_many()
    report.tables["三"]["disclosed.natural_person"] = _cell(10)
    assert not [f for f in check(report) if f.table]


def test_row_and_column_findings_sharing_natural_person_get_one_consistent_fix():
    report = _report_with_natural_person_typed_one_too_many()
    findings = check(report)
    assert sorted(f.rule for f in findings if f.table) == ["R-C", "R-D"]
    text = explain("表三为什么报错？", findings, report, section="一")
    fixes = re.findall(r"- 怎么改：(.*)", text)
    assert len(fixes) == 2
    # the first names the one cell to change back, the second says it is the same problem
    assert fixes[0].startswith("把表三「（一）予以公开」行「自然人」列由 11 改为 10。")
    assert fixes[1].startswith("与上一条是同一个问题：改正表三「（一）予以公开」行「自然人」列（由 11 改为 10）后")
    # no contradictory advice: neither total is to be changed
    assert "「总计」由" not in text and "「（七）总计」的「自然人」由" not in text
    assert len(set(re.findall(r"由 (\d+) 改为 (\d+)", text))) == 1


def test_a_finding_the_table_cannot_decide_keeps_the_general_advice():
    report = consistent_report(7)
    t4 = report.tables["四"]
    t4["administrative_review.total"] = _cell(t4["administrative_review.total"].value + 1)
    text = explain("表四为什么报错？", check(report), report, section="一")
    assert "各项数字无误时，把「行政复议」的「总计」由" in text and "同一个问题" not in text
