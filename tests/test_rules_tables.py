"""Table rules (CELL, R-A, R-C, R-D, R-E): table-driven cases and properties over generated reports."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules import check
from schemas.registry import table
from schemas.report import Cell, Report
from tests.factories import APPLICANT_COLUMNS, consistent_report, outcome_rows


def _set(report: Report, t: str, key: str, raw: str) -> Report:
    from app.importers.text import parse_number

    r = report.model_copy(deep=True)
    r.tables[t][key] = Cell(value=parse_number(raw), raw=raw)
    return r


def _rules(findings) -> set[tuple[str, str | None, str | None]]:
    return {(f.rule, f.row, f.column) for f in findings}


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_consistent_report_has_no_finding(version):
    for seed in range(5):
        assert check(consistent_report(seed, version)) == []


def test_ra_names_column_numbers_and_difference():
    r = consistent_report(1)
    n = r.value("三", "received.natural_person")
    r = _set(r, "三", "carried_forward.natural_person", str(r.value("三", "carried_forward.natural_person") + 6))
    r = _set(r, "三", "carried_forward.total", str(r.value("三", "carried_forward.total") + 6))
    found = [f for f in check(r) if f.rule == "R-A"]
    assert len(found) == 2  # 自然人 and 总计 columns
    f = next(f for f in found if f.column == "自然人")
    assert f.severity == "error" and f.table == "三" and f.row == "（七）总计"
    assert f.actual - f.expected == 6
    assert f"本年新收 {n}" in f.message and "相差 6" in f.message


CASES = [
    # (table, cell key, delta, expected (rule, row label, column label) set)
    (
        "三",
        "received.natural_person",
        3,
        {("R-A", "（七）总计", "自然人"), ("R-C", "一、本年新收政府信息公开申请数量", "总计")},
    ),
    (
        "三",
        "carried_over.total",
        2,
        {("R-A", "（七）总计", "总计"), ("R-C", "二、上年结转政府信息公开申请数量", "总计")},
    ),
    ("三", "disclosed.research_institution", 1, {("R-D", "（七）总计", "科研机构"), ("R-C", "（一）予以公开", "总计")}),
    (
        "三",
        "withheld_security_stability.legal_service_agency",
        4,
        {("R-D", "（七）总计", "法律服务机构"), ("R-C", "3.危及“三安全一稳定”", "总计")},
    ),
    (
        "三",
        "total.other_organization",
        1,
        {("R-A", "（七）总计", "其他"), ("R-D", "（七）总计", "其他"), ("R-C", "（七）总计", "总计")},
    ),
    (
        "三",
        "carried_forward.commercial_enterprise",
        2,
        {("R-A", "（七）总计", "商业企业"), ("R-C", "四、结转下年度继续办理", "总计")},
    ),
    ("四", "administrative_review.upheld", 1, {("R-E", "行政复议", "总计")}),
    ("四", "litigation_after_review.total", 2, {("R-E", "复议后起诉", "总计")}),
    ("二", "regulations.issued", 5, set()),
]


@pytest.mark.parametrize("t,key,delta,expected", CASES)
def test_one_changed_cell_fires_exactly_the_expected_rules(t, key, delta, expected):
    r = consistent_report(3)
    r = _set(r, t, key, str(r.value(t, key) + delta))
    assert _rules(check(r)) == expected


def test_rd_uses_2021_subrows_of_other_handling():
    r = consistent_report(4)
    r = _set(r, "三", "other_unpaid_fee.natural_person", str(r.value("三", "other_unpaid_fee.natural_person") + 1))
    assert ("R-D", "（七）总计", "自然人") in _rules(check(r))


def test_rd_2019_uses_single_other_handling_row():
    r = consistent_report(4, "2019")
    r = _set(r, "三", "other_handling.total", str(r.value("三", "other_handling.total") + 1))
    assert _rules(check(r)) == {("R-D", "（七）总计", "总计"), ("R-C", "（六）其他处理", "总计")}


@pytest.mark.parametrize(
    "raw,fragment",
    [
        ("", "为空"),
        ("/", "不是数字"),
        ("-", "不是数字"),
        ("—", "不是数字"),
        ("无", "不是数字"),
        ("2.5", "整数"),
        ("-1", "非负整数"),
    ],
)
def test_cell_rule_flags_blank_dash_text_and_wrong_kind(raw, fragment):
    r = _set(consistent_report(5), "三", "disclosed.natural_person", raw)
    cell = [f for f in check(r) if f.rule == "CELL"]
    assert len(cell) == 1
    assert cell[0].row == "（一）予以公开" and cell[0].column == "自然人" and cell[0].severity == "error"
    assert fragment in cell[0].message


def test_cell_rule_allows_negative_change_and_wan_decimals():
    r = consistent_report(6, "2019")
    r = _set(r, "二", "administrative_licensing.change", "-8")
    assert check(r) == []
    r = consistent_report(6)
    r = _set(r, "二", "administrative_fees.fee_amount", "96171.600001")
    assert check(r) == []
    r = _set(r, "二", "administrative_fees.fee_amount", "-1.5")
    assert [f.rule for f in check(r)] == ["CELL"]


def test_blank_cell_is_a_cell_error_not_an_arithmetic_one():
    r = _set(consistent_report(7), "四", "administrative_review.total", "")
    assert _rules(check(r)) == {("CELL", "行政复议", "总计")}


CELLS_2021 = [("三", k) for k in table("2021", "三").cell_keys()] + [("四", k) for k in table("2021", "四").cell_keys()]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), pick=st.sampled_from(CELLS_2021), delta=st.integers(1, 30))
def test_property_one_cell_changed_is_found_at_its_row_or_column(seed, pick, delta):
    t, key = pick
    r = consistent_report(seed)
    r = _set(r, t, key, str(r.value(t, key) + delta))
    findings = check(r)
    assert findings, f"changing {t} {key} found nothing"
    row_id, col_id = key.split(".")
    spec = table("2021", t)
    row, col = spec.row(row_id), next(c for c in spec.row(row_id).columns if c.id == col_id)
    for f in findings:
        assert f.rule in {"R-A", "R-C", "R-D", "R-E"}
        assert f.row == row.label or f.column == col.label, (f.rule, f.row, f.column, key)
    # the row's own total check always fires
    assert any(f.row == row.label and f.column == "总计" for f in findings)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), version=st.sampled_from(["2021", "2019"]))
def test_property_json_round_trip_is_identity(seed, version):
    r = consistent_report(seed, version)
    assert Report.model_validate_json(r.model_dump_json()) == r


def test_applicant_columns_are_the_official_order():
    labels = [c.label for c in table("2021", "三").row("received").columns]
    assert labels == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(APPLICANT_COLUMNS) == 6
    assert len(table("2021", "三").value_rows) == 25 == len(outcome_rows("2021")) + 4
    assert len(table("2019", "三").value_rows) == 23 == len(outcome_rows("2019")) + 4
