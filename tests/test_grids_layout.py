"""The grids' layout and the blank cells, without streamlit: 表三 in its official row groups, compact headers derived
from the registry, the rows a finding marks and the block it links to, blanks counted and filled with 0."""

from __future__ import annotations

import pytest

from app.importers import read_report
from app.rules import check
from app.rules.culprit import culprit_cells
from app.workspace.blanks import blank_cells, blank_count, fill_blanks_with_zero, is_blank
from app.workspace.grids import (
    apply_edits,
    column_help,
    column_title,
    empty_tables,
    finding_anchor,
    grids,
    marks,
    row_marks,
    short_row_label,
)
from schemas.findings import finding
from schemas.registry import FORMAT_VERSIONS, TABLE3_COLUMNS, table
from schemas.rule_catalogue import Rule
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_the_grids_hold_every_official_cell_once_in_the_official_order(version):
    for table_id in ("二", "三", "四"):
        rows = [r for g in grids(version) if g.table == table_id for r in g.rows]
        assert rows == list(table(version, table_id).value_rows)
    anchors = [g.anchor for g in grids(version)]
    assert len(set(anchors)) == len(anchors) and all(anchors)


def test_table_three_is_cut_at_its_official_headings():
    blocks = [g for g in grids("2021") if g.table == "三"]
    headings = [r.label for r in table("2021", "三").rows if r.is_heading]
    assert [g.caption for g in blocks][1:-1] == headings  # 三、本年度办理结果, （三）不予公开 … （六）其他处理
    assert [r.id for r in blocks[0].rows] == ["received", "carried_over"]
    assert [r.id for r in blocks[-1].rows] == ["total", "carried_forward"]
    assert max(len(g.rows) for g in blocks) == 8  # no block scrolls: the longest is （三）不予公开


def test_short_labels_keep_the_numbering_and_the_grid_prints_what_it_shortened():
    rows = {r.id: r for r in table("2021", "三").rows}
    assert short_row_label(rows["partially_disclosed"]) == "（二）部分公开"
    assert short_row_label(rows["other_overdue_correction"]) == "1.申请人无正当理由逾期不补正"
    assert short_row_label(rows["received"]) == rows["received"].label  # 一、 is numbering, not a cut
    assert short_row_label(rows["withheld_security_stability"]) == rows["withheld_security_stability"].label
    other = next(g for g in grids("2021") if g.key == "三:other_handling")
    assert other.long_labels() == [r.label for r in other.rows[:2]]
    assert all(len(label) <= 20 for g in grids("2021") if g.table == "三" for label in g.short_row_labels())


def test_column_headers_are_compact_with_the_official_header_as_tooltip():
    titles = [column_title(c) for c in TABLE3_COLUMNS]
    assert all(len(t) <= 4 for t in titles)
    assert column_help(TABLE3_COLUMNS[3]) == "法人或其他组织 › 社会公益组织"
    fee = table("2021", "二").row("administrative_fees").columns[0]
    assert column_title(fee) == "本年收费金额（万元）" and column_help(fee) == fee.label


def test_a_row_is_marked_with_its_columns_and_worst_severity_and_blanks_are_not_marked():
    grid = next(g for g in grids("2021") if g.key == "三:closing")
    total = grid.rows[0]
    found = [
        finding(Rule.CELL, table="三", row=total.label, column="商业企业", message="为空", actual=""),
        finding(Rule.R_A, table="三", row=total.label, column="自然人", message="相差 1"),
        finding(Rule.R_C, table="三", row=total.label, column="总计", message="相差 2"),
    ]
    assert row_marks(grid, found)[0] == ("错误：自然人、总计", "error")
    assert marks(grid, found[:1]) == ["", ""]
    assert finding_anchor("2021", found[1]) == grid.anchor == "grid-3-closing"
    whole_table = finding(Rule.R_E, table="四", message="总计不符")
    assert finding_anchor("2021", whole_table) == "grid-4"


def test_blanks_are_counted_once_and_filled_with_zero_leaving_other_cells_alone():
    report = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    report.tables = empty_tables(report.meta.format_version)
    report.tables["四"]["administrative_review.upheld"] = report.tables["四"][
        "administrative_review.upheld"
    ].model_copy(update={"raw": "约3"})
    found = check(report)
    blanks = blank_cells(report)
    assert blank_count(found) == len(blanks) == len(report.tables["二"]) + len(report.tables["三"]) + 15 - 1
    assert not is_blank(next(f for f in found if f.actual == "约3"))  # text is not a blank: it stays an error
    filled = fill_blanks_with_zero(report)
    assert blank_cells(filled) == [] and blank_count(check(filled)) == 0
    assert filled.tables["四"]["administrative_review.upheld"].raw == "约3"
    assert filled.tables["三"]["received.total"].value == 0 and report.tables["三"]["received.total"].value is None


def test_the_cell_most_likely_wrong_is_named_first_on_its_own_row():
    report = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    found = check(report)
    likely = culprit_cells(report, found)  # 表三 （四）1. 总计 8 where its parts add up to 7
    grid = next(g for g in grids("2021") if g.key == "三:unavailable")
    assert row_marks(grid, found, likely)[0] == ("错误：总计最可能有误（应为 7）", "error")
    closing = next(g for g in grids("2021") if g.key == "三:closing")
    assert row_marks(closing, found, likely)[0] == ("错误：总计", "error")  # the （七）总计 sum that fails there


def test_the_2019_table_three_has_its_single_other_handling_row_as_its_own_block():
    blocks = {g.key: g for g in grids("2019") if g.table == "三"}
    assert [r.id for r in blocks["三:other_handling"].rows] == ["other_handling"]
    assert blocks["三:other_handling"].caption == table("2019", "三").row("other_handling").label
    assert [r.id for r in blocks["三:closing"].rows] == ["total", "carried_forward"]


def test_typed_edits_are_applied_as_typed():
    report = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    grid = next(g for g in grids("2021") if g.key == "四")
    edits = {0: {"结果维持": "7", "总计": "12.0"}, 2: {"尚未审结": None, "项目": "x"}, "1": {"结果纠正": " 约3 "}}
    updated = apply_edits(report, grid, edits)
    assert updated.value("四", "administrative_review.upheld") == 7
    assert updated.cell("四", "administrative_review.total").raw == "12"  # a pasted 12.0 is the count 12
    assert updated.cell("四", "litigation_after_review.pending").raw == ""  # cleared: blank, not 0
    assert updated.cell("四", "litigation_direct.corrected").raw == "约3"  # kept as typed, reported by CELL
    assert apply_edits(report, grid, {}) is report
    assert report.value("四", "administrative_review.upheld") != 7  # the report given is not changed
