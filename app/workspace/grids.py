"""The official tables as editable grids: registry → rows of text cells → report (no streamlit here).

A grid holds the cells as text, exactly as typed ("0", "", "/", "12"), so a blank or a dash is kept and
reported rather than silently turned into 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.importers import ReadError, read_bytes
from app.importers.text import parse_number
from app.rules.common import fmt
from schemas.findings import Finding
from schemas.registry import (
    APPLICANT_COLUMNS,
    LITIGATION,
    RESULT_COLUMNS,
    TOTAL,
    Row,
    Table,
    cell_key,
    outcome_rows,
    table,
    table3_rows,
)
from schemas.report import Cell, Report
from schemas.rule_catalogue import Rule, rules_where

MARK_COLUMN = "检查"
_ARITHMETIC = rules_where(arithmetic=True)  # shown first in a row's 检查 cell
_PER_COLUMN = rules_where(per_column=True)  # a whole column's finding: its message shown under the grid


@dataclass(frozen=True)
class Grid:
    """One editable block: table 二 has one per 第二十条 item, 三 and 四 one each."""

    key: str  # "二:第二十条第（一）项" / "三" / "四"
    table: str
    caption: str
    rows: tuple[Row, ...]

    @property
    def columns(self) -> list[str]:
        return [c.label for c in self.rows[0].columns]

    def row_labels(self) -> list[str]:
        return [row_label(r) for r in self.rows]


def grids(version: str) -> list[Grid]:
    """The editable blocks of a format version, in the official order."""
    out: list[Grid] = []
    t2 = table(version, "二")
    captions: list[str] = []
    for r in t2.rows:
        if r.group not in captions:
            captions.append(r.group or "")
    for caption in captions:
        rows = tuple(r for r in t2.rows if r.group == caption)
        out.append(Grid(f"二:{caption}", "二", caption, rows))
    for tid in ("三", "四"):
        spec: Table = table(version, tid)
        out.append(Grid(tid, tid, spec.title, spec.value_rows))
    return out


def row_label(row: Row) -> str:
    """How a row is labelled in a grid: numbered sub-rows carry their parent heading."""
    if row.group and row.group.startswith("（") and row.label[:1].isdigit():
        return f"{row.group[:3]}{row.label}"  # （三）1.属于国家秘密
    if row.group == LITIGATION:
        return f"{LITIGATION}—{row.label}"
    return row.label


def grid_values(report: Report, grid: Grid) -> list[list[str]]:
    """The raw text of every cell of the grid (blank where the report has none)."""
    cells = report.tables.get(grid.table, {})
    return [[_raw(cells.get(key)) for key in r.cell_keys()] for r in grid.rows]


def _raw(cell: Cell | None) -> str:
    return "" if cell is None else cell.raw


def apply_values(report: Report, grid: Grid, values: list[list[str | None]]) -> Report:
    """A copy of ``report`` with the grid's cells set from text (numbers parsed, anything else kept raw)."""
    out = report.model_copy(deep=True)
    cells = out.tables.setdefault(grid.table, {})
    for row, row_values in zip(grid.rows, values, strict=True):
        for col, text in zip(row.columns, row_values, strict=True):
            raw = "" if text is None else str(text).strip()
            if raw.endswith(".0") and raw[:-2].lstrip("-").isdigit():
                raw = raw[:-2]  # a pasted 12.0 is the count 12
            cells[cell_key(row.id, col.id)] = Cell(value=parse_number(raw), raw=raw)
    return out


def empty_tables(version: str) -> dict[str, dict[str, Cell]]:
    """Every official cell blank: a new report asks for every number."""
    return {t: {k: Cell() for k in table(version, t).cell_keys()} for t in ("二", "三", "四")}


def with_all_cells(tables: dict[str, dict[str, Cell]], version: str) -> dict[str, dict[str, Cell]]:
    """``tables`` with a blank cell for every official cell of ``version`` it lacks (nothing is dropped)."""
    out = {t: dict(cells) for t, cells in tables.items()}
    for t, blank in empty_tables(version).items():
        for key, cell in blank.items():
            out.setdefault(t, {}).setdefault(key, cell)
    return out


def tables_from_upload(report: Report, upload) -> tuple[dict, str | None, list[str]]:
    """The tables of a filled Excel template (or any readable report file) for ``report``."""
    try:
        filled = read_bytes(upload.getvalue(), upload.name)
    except ReadError as e:
        return {}, f"文件无法读取：{e}", []
    if filled.meta.format_version != report.meta.format_version:
        return {}, f"上传的表格是{filled.meta.format_version}年格式，本报告是{report.meta.format_version}年格式", []
    notes = [f.message for f in (filled.provenance.findings if filled.provenance else []) if f.rule == Rule.PARSE]
    return with_all_cells(filled.tables, report.meta.format_version), None, notes


def fill_totals(report: Report) -> Report:
    """A copy with every 总计 computed: 表三 row totals and the （七）总计 row, 表四 totals."""
    out = report.model_copy(deep=True)
    version = out.meta.format_version
    t3 = out.tables.setdefault("三", {})

    def value(key: str) -> int | float | None:
        c = t3.get(key)
        return None if c is None else c.value

    outcomes = outcome_rows(version, t3)
    for col in APPLICANT_COLUMNS:
        parts = [value(cell_key(r, col.id)) for r in outcomes]
        if None not in parts:
            t3[cell_key(TOTAL, col.id)] = _number(sum(parts))  # type: ignore[arg-type]
    for row in [r for r in table3_rows(version, t3) if r.columns]:
        parts = [value(cell_key(row.id, c.id)) for c in APPLICANT_COLUMNS]
        if None not in parts:
            t3[cell_key(row.id, TOTAL)] = _number(sum(parts))  # type: ignore[arg-type]
    t4 = out.tables.setdefault("四", {})
    for row in table(version, "四").rows:
        parts = [t4.get(cell_key(row.id, c.id)) for c in RESULT_COLUMNS]
        if all(p is not None and p.value is not None for p in parts):
            t4[cell_key(row.id, TOTAL)] = _number(sum(p.value for p in parts))  # type: ignore[union-attr,misc]
    return out


def _number(v: int | float) -> Cell:
    return Cell(value=v, raw=fmt(v))


def marks(grid: Grid, findings: list[Finding]) -> list[str]:
    """Per grid row, the findings that point at it ("R-C 总计；CELL 自然人"), for the 检查 column."""
    out = []
    for row in grid.rows:
        hits = [
            f"{f.rule} {f.column or ''}".strip()
            for f in sorted(findings, key=lambda f: f.rule not in _ARITHMETIC)
            if f.table == grid.table and f.row == row.label and (f.group in (None, row.group))
        ]
        out.append("；".join(dict.fromkeys(hits)))
    return out


def column_marks(grid: Grid, findings: list[Finding]) -> dict[str, list[str]]:
    """Per column, the column-wide findings (the catalogue's ``per_column`` rules): shown under the grid."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.table == grid.table and f.rule in _PER_COLUMN and f.column:
            out.setdefault(f.column, []).append(f.message)
    return out
