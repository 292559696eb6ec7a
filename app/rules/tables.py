"""Table rules: CELL, R-A, R-C, R-D, R-E (勾稽关系). Pure functions over cells; never raise for bad data."""

from __future__ import annotations

from collections.abc import Iterable

from app.rules.cell_groups import take, units
from app.rules.common import fmt
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    APPLICANT_COLUMNS,
    RESULT_COLUMNS,
    TABLE3_COLUMNS,
    TOTAL,
    TOTAL_LABEL,
    Column,
    Row,
    cell_key,
    outcome_rows,
    table,
    table3_rows,
    tables,
)
from schemas.report import Cell, Report

Cells = dict[str, Cell]


def _num(cells: Cells, key: str) -> int | float | None:
    c = cells.get(key)
    return None if c is None else c.value


def _sum(cells: Cells, keys: Iterable[str]) -> int | float | None:
    total: int | float = 0
    for k in keys:
        v = _num(cells, k)
        if v is None:
            return None
        total += v
    return total


def _differs(a: int | float, b: int | float) -> bool:
    return abs(a - b) > 1e-6


# ---------------------------------------------------------------- CELL


_KIND_TEXT = {
    "count": "非负整数",
    "signed_count": "整数",
    "amount_wan": "非负金额（万元）",
    "amount": "非负金额",
}


def _cell_problem(cell: Cell, col: Column) -> str | None:
    v = cell.value
    if v is None:
        if not cell.raw.strip():
            return "为空（没有数据应填 0，空白不等于 0）"
        return f"填的是「{cell.raw}」，不是数字（没有数据应填 0）"
    if col.kind in ("count", "signed_count") and (isinstance(v, float) or "." in cell.raw):
        return f"为「{cell.raw}」，应为{_KIND_TEXT[col.kind]}"
    if col.kind != "signed_count" and v < 0:
        return f"为 {fmt(v)}，应为{_KIND_TEXT[col.kind]}"
    return None


def cell_findings(table_id: str, version: str, cells: Cells) -> list[Finding]:
    """CELL: every present cell holds a number of its kind (a blank is not a 0). A whole table, column group,
    column or row left blank (or holding one same text, like 「-」) is one finding with its count."""
    all_rows = table3_rows(version, cells) if table_id == "三" else table(version, table_id).rows
    rows = [r for r in all_rows if r.columns]
    place: dict[str, tuple[int, Row, Column]] = {}
    for row in rows:
        for col in row.columns:
            place[cell_key(row.id, col.id)] = (len(place), row, col)
    without_number = {k: c.raw.strip() for k in place if (c := cells.get(k)) is not None and c.value is None}
    name = f"表{table_id}"
    found: list[tuple[int, Finding]] = []
    grouped: set[str] = set()
    for taken in take(units(table_id, tuple(rows)), without_number, name) if len(without_number) > 1 else ():
        grouped.update(taken.keys)
        kinds = {_KIND_TEXT[place[k][2].kind] for k in taken.keys}
        count = f"{len(taken.unit.keys)}格{taken.overlap}"
        whole = taken.unit.whole
        if whole and taken.raw:
            problem = (
                f"有{len(taken.keys)}格填的是「{taken.raw}」（共{whole}格{taken.overlap}），不是数字（没有数据应填 0）"
            )
        elif whole:
            problem = f"有{len(taken.keys)}格为空（共{whole}格{taken.overlap}），没有数据应填 0（空白不等于 0）"
        elif taken.raw:
            problem = f"全部填的是「{taken.raw}」（{count}），不是数字（没有数据应填 0）"
        else:
            problem = f"全部为空（{count}），没有数据应填 0（空白不等于 0）"
        unit = taken.unit
        f = finding(
            Rule.CELL,
            table=table_id,
            group=unit.group,
            row=unit.row,
            column=unit.column,
            message=f"{unit.where}{problem}",
            expected=kinds.pop() if len(kinds) == 1 else "数字",
            actual=taken.raw,
            cells=list(taken.keys),
        )
        found.append((place[taken.keys[0]][0], f))
    for key, (at, row, col) in place.items():
        cell = cells.get(key)
        if cell is None or key in grouped:
            continue
        problem = _cell_problem(cell, col)
        if problem:
            f = finding(
                Rule.CELL,
                table=table_id,
                group=row.group,
                row=row.label,
                column=col.label,
                message=f"{name}「{row.label}」行「{col.label}」{problem}",
                expected=_KIND_TEXT[col.kind],
                actual=cell.raw,
                cells=[key],
            )
            found.append((at, f))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


# ---------------------------------------------------------------- 表三


def outcome_keys(version: str, cells: Cells, col: str) -> list[str]:
    """The cells of column ``col`` whose sum is its （七）总计 (R-D)."""
    return [cell_key(r, col) for r in outcome_rows(version, cells)]


def reconciliation_findings(version: str, cells: Cells) -> list[Finding]:
    """R-A: per column, 本年新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    out: list[Finding] = []
    spec = table(version, "三")
    for col in TABLE3_COLUMNS:
        n, c, t, f = (_num(cells, cell_key(r, col.id)) for r in ("received", "carried_over", TOTAL, "carried_forward"))
        if None in (n, c, t, f):
            continue
        if _differs(n + c, t + f):
            out.append(
                finding(
                    Rule.R_A,
                    table="三",
                    row=spec.row(TOTAL).label,
                    column=col.label,
                    message=f"表三「{col.label}」列：本年新收 {fmt(n)} + 上年结转 {fmt(c)} = {fmt(n + c)}，"
                    f"办理结果总计 {fmt(t)} + 结转下年度 {fmt(f)} = {fmt(t + f)}，相差 {fmt(abs(n + c - t - f))}",
                    expected=n + c,
                    actual=t + f,
                )
            )
    return out


def row_total_findings(version: str, cells: Cells) -> list[Finding]:
    """R-C: every value row of 表三, 总计 = the six applicant columns."""
    out: list[Finding] = []
    rows: list[Row] = [r for r in table3_rows(version, cells) if r.columns]
    for row in rows:
        parts = [cell_key(row.id, c.id) for c in APPLICANT_COLUMNS]
        s, total = _sum(cells, parts), _num(cells, cell_key(row.id, TOTAL))
        if s is None or total is None:
            continue
        if _differs(s, total):
            out.append(
                finding(
                    Rule.R_C,
                    table="三",
                    group=row.group,
                    row=row.label,
                    column=TOTAL_LABEL,
                    message=f"表三「{row.label}」行：各类申请人合计 {fmt(s)}，总计栏填 {fmt(total)}，"
                    f"相差 {fmt(abs(s - total))}",
                    expected=s,
                    actual=total,
                )
            )
    return out


def outcome_total_findings(version: str, cells: Cells) -> list[Finding]:
    """R-D: per column, （七）总计 = the sum of every outcome row."""
    out: list[Finding] = []
    rows = outcome_rows(version, cells)
    total_row = table(version, "三").row(TOTAL)
    for col in TABLE3_COLUMNS:
        s = _sum(cells, [cell_key(r, col.id) for r in rows])
        total = _num(cells, cell_key(TOTAL, col.id))
        if s is None or total is None:
            continue
        if _differs(s, total):
            out.append(
                finding(
                    Rule.R_D,
                    table="三",
                    row=total_row.label,
                    column=col.label,
                    message=f"表三「{col.label}」列：各项办理结果之和为 {fmt(s)}，{total_row.label}填 {fmt(total)}，"
                    f"相差 {fmt(abs(s - total))}",
                    expected=s,
                    actual=total,
                )
            )
    return out


# ---------------------------------------------------------------- 表四


def review_total_findings(version: str, cells: Cells) -> list[Finding]:
    """R-E: in 表四, each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    out: list[Finding] = []
    for row in table(version, "四").rows:
        s = _sum(cells, [cell_key(row.id, c.id) for c in RESULT_COLUMNS])
        total = _num(cells, cell_key(row.id, TOTAL))
        if s is None or total is None:
            continue
        if _differs(s, total):
            name = f"{row.group}—{row.label}" if row.group else row.label
            out.append(
                finding(
                    Rule.R_E,
                    table="四",
                    group=row.group,
                    row=row.label,
                    column=TOTAL_LABEL,
                    message=f"表四「{name}」：{'、'.join(c.label for c in RESULT_COLUMNS)}合计 {fmt(s)}，"
                    f"总计填 {fmt(total)}，相差 {fmt(abs(s - total))}",
                    expected=s,
                    actual=total,
                )
            )
    return out


def arithmetic_findings(table_id: str, version: str, cells: Cells) -> list[Finding]:
    """The 勾稽 findings (R-A, R-C, R-D for 表三; R-E for 表四) of one table's cells."""
    if table_id == "三":
        return (
            reconciliation_findings(version, cells)
            + row_total_findings(version, cells)
            + outcome_total_findings(version, cells)
        )
    if table_id == "四":
        return review_total_findings(version, cells)
    return []


def table_findings(report: Report) -> list[Finding]:
    """CELL and 勾稽 findings of all three tables of ``report``."""
    version = report.meta.format_version
    out: list[Finding] = []
    for spec in tables(version):
        cells = report.tables.get(spec.id, {})
        out += cell_findings(spec.id, version, cells)
        out += arithmetic_findings(spec.id, version, cells)
    return out
