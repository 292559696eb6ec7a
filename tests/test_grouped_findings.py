"""CELL findings a person can read: a whole table, column group, column or row left blank (or holding the same
non-number) is one finding with its count and the cells it covers; isolated cells stay one finding each, and every
consumer (blank count, 「全部空格填 0」, grid marks, links, the assistant) still sees every covered cell."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.assistant.explain import explain
from app.rules import check
from app.workspace.blanks import blank_cells, blank_count, fill_blanks_with_zero
from app.workspace.grids import finding_anchor, grids, row_marks
from app.workspace.review import still_firing
from schemas.findings import Finding
from schemas.registry import (
    ORGANISATION_COLUMNS,
    TOTAL,
    WITHHELD,
    cell_key,
    table,
    table3_rows,
)
from schemas.report import Cell, Report
from tests.factories import consistent_report


def _blank(report: Report, t: str, keys, raw: str = "") -> Report:
    r = report.model_copy(deep=True)
    for key in keys:
        r.tables[t][key] = Cell(value=None, raw=raw)
    return r


def _cell_findings(report: Report) -> list[Finding]:
    return [f for f in check(report) if f.rule == "CELL"]


def _covered(findings: list[Finding]) -> list[str]:
    return [k for f in findings for k in (f.cells or [_key_of(f)])]


def _key_of(f: Finding, version: str = "2021") -> str:
    for r in table(version, f.table).rows:
        if r.label == f.row and f.group in (None, r.group):
            return cell_key(r.id, next(c.id for c in r.columns if c.label == f.column))
    raise AssertionError(f)


def _rows3(report: Report):
    return [r for r in table3_rows("2021", report.tables["三"]) if r.columns]


def test_organisation_columns_left_blank_are_one_finding_with_their_count():
    report = consistent_report(3)
    keys = [cell_key(r.id, c.id) for r in _rows3(report) for c in ORGANISATION_COLUMNS]
    found = _cell_findings(_blank(report, "三", keys))
    assert len(found) == 1
    (f,) = found
    assert f.message.startswith("表三「法人或其他组织」5列全部为空（125格）")
    assert f.severity == "error" and f.table == "三" and f.column == "法人或其他组织" and f.row is None
    assert sorted(f.cells) == sorted(keys)


def test_a_row_left_blank_is_one_finding_and_an_isolated_cell_stays_one():
    report = consistent_report(4)
    row = table("2021", "三").row("partially_disclosed")
    r = _blank(report, "三", row.cell_keys())
    r = _blank(r, "三", ["received.natural_person"])
    found = _cell_findings(r)
    assert len(found) == 2
    single, whole = found  # in table order
    assert whole.message.startswith("表三「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」行全部为空（7格）")
    assert whole.row == row.label and whole.column is None and whole.cells == list(row.cell_keys())
    assert single.row == "一、本年新收政府信息公开申请数量" and single.column == "自然人"
    assert single.cells == ["received.natural_person"]
    assert "为空" in single.message and "格）" not in single.message


def test_a_whole_table_is_one_finding_and_dashes_are_told_apart_from_blanks():
    report = consistent_report(5)
    r = _blank(report, "四", table("2021", "四").cell_keys(), raw="-")
    found = [f for f in _cell_findings(r) if f.table == "四"]
    assert [f.message for f in found] == ["表四全部填的是「-」（15格），不是数字（没有数据应填 0）"]
    assert found[0].actual == "-" and len(found[0].cells) == 15
    # a column of blanks next to a column of dashes: two findings, not one
    total = [cell_key(r.id, TOTAL) for r in _rows3(report)]
    person = [cell_key(r.id, "natural_person") for r in _rows3(report)]
    r = _blank(_blank(report, "三", total), "三", person, raw="/")
    messages = [f.message for f in _cell_findings(r)]
    assert len(messages) == 2
    assert messages[0].startswith("表三「自然人」列全部填的是「/」（25格）")
    assert messages[1].startswith("表三「总计」列全部为空（25格）")


def test_a_column_inside_a_row_group_names_the_group():
    report = consistent_report(6)
    withheld = [r for r in _rows3(report) if r.group == WITHHELD]
    keys = [cell_key(r.id, "natural_person") for r in withheld]
    (f,) = _cell_findings(_blank(report, "三", keys))
    assert f.message.startswith(f"表三「{WITHHELD}」各行「自然人」列全部为空（8格）")
    assert f.group == WITHHELD and f.column == "自然人" and f.row is None and f.cells == keys


def test_no_cell_is_reported_twice_when_a_column_and_a_row_overlap():
    report = consistent_report(7)
    row = table("2021", "三").row("carried_over")
    person = [cell_key(r.id, "natural_person") for r in _rows3(report)]
    found = _cell_findings(_blank(_blank(report, "三", person), "三", row.cell_keys()))
    covered = _covered(found)
    assert len(found) == 2 and len(covered) == len(set(covered)) == 25 + 6
    assert found[1].message.startswith(
        "表三「二、上年结转政府信息公开申请数量」行全部为空（7格，其中1格已计入上面「自然人」列一条）"
    )
    assert found[1].row == row.label and len(found[1].cells) == 6


def test_a_row_blank_but_its_total_is_one_finding():
    report = consistent_report(7)
    row = table("2021", "三").row("carried_over")
    parts = [k for k in row.cell_keys() if not k.endswith(f".{TOTAL}")]
    (f,) = _cell_findings(_blank(report, "三", parts))
    assert f.message.startswith("表三「二、上年结转政府信息公开申请数量」行除「总计」外全部为空（6格）")
    # with the 总计 column blank too, the row's other cells are still one finding
    total = [cell_key(r.id, TOTAL) for r in _rows3(report)]
    found = _cell_findings(_blank(_blank(report, "三", total), "三", row.cell_keys()))
    assert [len(f.cells) for f in found] == [25, 6] and "除「总计」外" in found[1].message


def test_every_blank_cell_is_still_counted_filled_and_linked():
    report = consistent_report(8)
    keys = [cell_key(r.id, c.id) for r in _rows3(report) for c in ORGANISATION_COLUMNS]
    r = _blank(report, "三", keys)
    r = _blank(r, "二", ["administrative_fees.fee_amount"])
    found = check(r)
    assert blank_count(found) == len(blank_cells(r)) == 126
    assert blank_cells(fill_blanks_with_zero(r)) == []
    grouped = next(f for f in found if len(f.cells) > 1)
    assert finding_anchor("2021", grouped) == "grid-3-intake"  # its first cell's block
    text = explain("表三为什么报错？", found, r)
    assert "125格" in text and "表三" in text


def test_a_grouped_non_number_marks_every_row_it_covers():
    report = consistent_report(9)
    withheld = [r for r in _rows3(report) if r.group == WITHHELD]
    keys = [cell_key(r.id, c.id) for r in withheld for c in ORGANISATION_COLUMNS]
    r = _blank(report, "三", keys, raw="-")
    found = [f for f in check(r) if f.table == "三"]
    grid = next(g for g in grids("2021") if g.key == "三:withheld")
    marks = row_marks(grid, found)
    assert all(level == "error" for _, level in marks)
    assert all("商业企业" in text and "其他" in text for text, _ in marks)


CELLS_2019 = [(t, k) for t in ("二", "三", "四") for k in table("2019", t).cell_keys()]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 1000),
    version=st.sampled_from(["2021", "2019"]),
    picks=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["", "", "-", "/"])), max_size=120),
)
def test_property_every_cell_without_a_number_is_covered_exactly_once(seed, version, picks):
    report = consistent_report(seed, version).model_copy(deep=True)
    keys = [(t, k) for t in ("二", "三", "四") for k in table(version, t).cell_keys()]
    for at, raw in picks:
        t, k = keys[at % len(keys)]
        report.tables[t][k] = Cell(value=None, raw=raw)
    found = _cell_findings(report)
    covered = [(f.table, k) for f in found for k in (f.cells or [_key_of(f, version)])]
    assert len(covered) == len(set(covered))
    assert set(covered) == {(t, k) for t, k in keys if report.tables[t][k].value is None}
    for f in found:
        raws = {report.tables[f.table][k].raw for k in f.cells}
        assert len(raws) == 1 and (len(f.cells) == 1 or f"{len(f.cells)}格" in f.message or "其中" in f.message)


def test_the_assistant_tells_how_to_fix_a_grouped_blank():
    report = consistent_report(10)
    keys = [cell_key(r.id, TOTAL) for r in _rows3(report)]
    blank = _blank(report, "三", keys)
    text = explain("表三为什么报错？", check(blank), blank)
    assert "表三「总计」列全部为空（25格）" in text and "把这 25 格都填上数字" in text and "全部空格填 0" in text


def test_a_blank_column_partly_filled_is_still_firing_when_marked_fixed():
    report = consistent_report(11)
    keys = [cell_key(r.id, TOTAL) for r in _rows3(report)]
    blank = _blank(report, "三", keys)
    (before,) = _cell_findings(blank)
    partly = blank.model_copy(deep=True)
    for key in keys[:20]:
        partly.tables["三"][key] = report.tables["三"][key]
    now = still_firing(before, check(partly))
    assert now is not None and now.rule == "CELL" and set(now.cells) <= set(keys)
    assert still_firing(before, check(report)) is None  # all filled: fixed


def test_a_column_left_mostly_blank_is_one_finding_and_a_few_blanks_stay_one_each():
    report = consistent_report(6)
    totals = [cell_key(r.id, TOTAL) for r in _rows3(report)]
    found = _cell_findings(_blank(report, "三", totals[1:]))  # a clerk filled one 总计 of 25
    assert [f.message for f in found] == ["表三「总计」列有24格为空（共25格），没有数据应填 0（空白不等于 0）"]
    assert sorted(found[0].cells) == sorted(totals[1:]) and found[0].column == "总计"
    found = _cell_findings(_blank(report, "三", totals[:2]))  # two blanks in a column name their own rows
    assert len(found) == 2 and all(len(f.cells) == 1 and f.row for f in found)
