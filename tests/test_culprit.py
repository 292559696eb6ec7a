"""The cell most likely wrong behind 勾稽 findings that share cells: one fix, found by what the whole table says."""

from __future__ import annotations

import pytest

from app.importers import read_report
from app.rules import check
from app.rules.culprit import culprit_cells, culprits
from schemas.findings import Rule
from schemas.report import Cell, Report
from tests.conftest import EXAMPLES
from tests.factories import consistent_report, outcome_rows


def _set(report: Report, table_id: str, key: str, value: int) -> None:
    report.tables[table_id][key] = Cell(value=value, raw=str(value))


def _arithmetic(report: Report):
    return [f for f in check(report) if f.rule in (Rule.R_A, Rule.R_C, Rule.R_D, Rule.R_E)]


def _a_row_with_people(report: Report, column: str = "natural_person") -> str:
    """An outcome row whose ``column`` cell is above 1 (so it can be typed one too many or one too few)."""
    for row in outcome_rows("2021"):
        if (report.value("三", f"{row}.{column}") or 0) > 1:
            return row
    raise AssertionError("no row to break")


@pytest.mark.parametrize("seed", range(6))
def test_a_part_typed_wrong_behind_a_row_and_a_column_finding_is_the_one_fix(seed):
    # 自然人 of one outcome row typed one too many: its row total (R-C) and the 自然人 column's （七）总计 (R-D)
    # both disagree; the clerk is told to change that one cell back, not the two totals
    report = consistent_report(seed)
    row = _a_row_with_people(report)
    right = report.value("三", f"{row}.natural_person")
    _set(report, "三", f"{row}.natural_person", right + 1)
    findings = _arithmetic(report)
    assert {f.rule for f in findings} == {Rule.R_C, Rule.R_D}
    fixes = culprits(report, findings)
    assert all(fix is not None for fix in fixes)
    (change,) = {c for fix in fixes for c in fix.changes}
    assert (change.key, change.column, change.current, change.suggested) == (
        f"{row}.natural_person",
        "自然人",
        right + 1,
        right,
    )
    assert fixes[0].fixes == tuple(range(len(findings)))
    assert list(culprit_cells(report, findings)) == [("三", f"{row}.natural_person")]


@pytest.mark.parametrize("seed", range(6))
def test_a_row_total_off_by_one_is_the_culprit_not_its_parts(seed):
    # 总计 of one row typed one too many: the row (R-C) and the 总计 column (R-D) disagree; changing a part to
    # match would break that part's column, so the total is the cell to change
    report = consistent_report(seed)
    row = _a_row_with_people(report)
    right = report.value("三", f"{row}.total")
    _set(report, "三", f"{row}.total", right + 1)
    findings = _arithmetic(report)
    assert sorted(f.rule for f in findings) == [Rule.R_C, Rule.R_D]
    cells = culprit_cells(report, findings)
    assert list(cells) == [("三", f"{row}.total")]
    assert (cells[("三", f"{row}.total")].current, cells[("三", f"{row}.total")].suggested) == (right + 1, right)


def test_a_grand_total_typed_wrong_explains_three_findings():
    # （七）总计 of 自然人: R-A and R-D of the column and R-C of the （七）总计 row — one cell explains all three
    report = consistent_report(1)
    right = report.value("三", "total.natural_person")
    _set(report, "三", "total.natural_person", right + 3)
    findings = _arithmetic(report)
    assert sorted(f.rule for f in findings) == [Rule.R_A, Rule.R_C, Rule.R_D]
    fixes = culprits(report, findings)
    assert {(c.key, c.suggested) for fix in fixes for c in fix.changes} == {("total.natural_person", right)}


def test_two_independent_errors_get_their_own_fixes_and_an_ambiguous_one_none():
    report = consistent_report(2)
    row = _a_row_with_people(report)
    right = report.value("三", f"{row}.natural_person")
    _set(report, "三", f"{row}.natural_person", right + 2)  # 表三: one cell behind R-C and R-D
    four = report.value("四", "administrative_review.total")
    _set(report, "四", "administrative_review.total", four + 1)  # 表四: R-E alone — a part or the total?
    findings = _arithmetic(report)
    fixes = culprits(report, findings)
    by_rule = {f.rule: fix for f, fix in zip(findings, fixes, strict=True)}
    assert {c.key for c in by_rule[Rule.R_C].changes} == {f"{row}.natural_person"}
    assert by_rule[Rule.R_C] == by_rule[Rule.R_D]
    assert by_rule[Rule.R_E] is None  # any of the five cells would make 表四's row hold: no guess
    assert set(culprit_cells(report, findings)) == {("三", f"{row}.natural_person")}


def test_two_wrong_cells_in_one_column_are_both_named():
    # two rows of 自然人 each typed wrong: the column's R-D is fixed only by both changes together
    report = consistent_report(3)
    rows = [r for r in outcome_rows("2021") if (report.value("三", f"{r}.natural_person") or 0) > 1][:2]
    assert len(rows) == 2
    for r in rows:
        _set(report, "三", f"{r}.natural_person", report.value("三", f"{r}.natural_person") - 1)
    findings = _arithmetic(report)
    fixes = culprits(report, findings)
    column = next(fix for f, fix in zip(findings, fixes, strict=True) if f.rule == Rule.R_D)
    assert {c.key for c in column.changes} == {f"{r}.natural_person" for r in rows}
    for f, fix in zip(findings, fixes, strict=True):
        if f.rule == Rule.R_C:
            assert len(fix.changes) == 1 and fix.changes[0].row in f.row


def test_the_example_with_errors_points_at_the_row_total():
    report = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    findings = check(report)
    cells = culprit_cells(report, findings)
    change = cells[("三", "unavailable_not_held.total")]
    assert (change.row, change.column, change.current, change.suggested) == ("1.本机关不掌握相关政府信息", "总计", 8, 7)
    assert ("四", "administrative_review.total") not in cells  # R-E alone: ambiguous


def test_blank_cells_and_consistent_tables_give_nothing_and_raise_nothing():
    report = consistent_report(4)
    assert culprit_cells(report, check(report)) == {}
    report.tables["三"]["disclosed.natural_person"] = Cell(value=None, raw="/")
    findings = check(report)
    assert culprits(report, findings) == [None] * len(findings)


@pytest.mark.parametrize("seed", range(4))
def test_three_wrong_cells_in_different_rows_and_columns_are_each_found(seed):
    report = consistent_report(seed)
    typos = ("disclosed.natural_person", "withheld_state_secret.commercial_enterprise", "unavailable_unclear.total")
    for n, key in enumerate(typos, start=1):
        _set(report, "三", key, (report.value("三", key) or 0) + n)
    findings = _arithmetic(report)
    assert {k for _, k in culprit_cells(report, findings)} == set(typos)
    for f, fix in zip(findings, culprits(report, findings), strict=True):
        assert fix is not None, f.message
        fixed = report.model_copy(deep=True)
        for c in fix.changes:
            _set(fixed, c.table, c.key, c.suggested)
        assert (f.rule, f.row, f.column) not in {(g.rule, g.row, g.column) for g in _arithmetic(fixed)}


def test_a_table_full_of_errors_gets_only_suggestions_that_fix_what_they_name():
    report = consistent_report(5)
    for i, key in enumerate(k for k in list(report.tables["三"]) if not k.startswith("total")):
        if i % 7 == 0:
            _set(report, "三", key, (report.value("三", key) or 0) + 1 + i % 4)
    findings = _arithmetic(report)
    assert any(culprits(report, findings))
    for f, fix in zip(findings, culprits(report, findings), strict=True):
        if fix is None:
            continue
        fixed = report.model_copy(deep=True)
        for c in fix.changes:
            assert c.suggested >= 0
            _set(fixed, c.table, c.key, c.suggested)
        still = {(g.rule, g.row, g.column) for g in _arithmetic(fixed)}
        assert (f.rule, f.row, f.column) not in still
