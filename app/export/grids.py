"""The three official tables as grids of merged cells, laid out as in the national template, driven by the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemas.registry import (
    APPLICANTS,
    CONTENT_HEADER,
    LITIGATION,
    ORGANISATIONS,
    RESULTS,
    Column,
    Row,
    cell_key,
    table,
    table3_rows,
)
from schemas.report import Cell, Report

CellRole = Literal["note", "header", "caption", "label", "value"]


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a laid-out table: its text, where it starts and how far it spans."""

    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    role: CellRole = "value"
    kind: str = ""  # the registry's cell kind for value cells (count, amount_wan …)


@dataclass(frozen=True, slots=True)
class Grid:
    """A table laid out: cells in reading order, column widths (mm), header rows that repeat on a new page."""

    table_id: str
    title: str
    widths: tuple[float, ...]
    height: int
    cells: tuple[GridCell, ...]
    header_rows: int = 0

    def rows(self) -> list[list[GridCell]]:
        """The cells that start in each row, row by row."""
        out: list[list[GridCell]] = [[] for _ in range(self.height)]
        for c in self.cells:
            out[c.row].append(c)
        return out


def cell_text(cell: Cell | None) -> str:
    """What a cell prints: its text as reported (0 stays 0), a blank stays blank."""
    if cell is None:
        return ""
    if cell.raw.strip():
        return cell.raw.strip()
    if cell.value is None:
        return ""
    if isinstance(cell.value, float) and cell.value.is_integer():
        return str(int(cell.value))
    return str(cell.value)


def _value(report: Report, table_id: str, row: Row, col: Column, r: int, c: int, cols: int = 1) -> GridCell:
    text = cell_text(report.cell(table_id, cell_key(row.id, col.id)))
    return GridCell(text, r, c, cols=cols, role="value", kind=col.kind)


def column_label(col: Column, unit: str = "") -> str:
    """A column header; the procurement amount carries the unit the report states."""
    if col.kind == "amount" and unit:
        return f"{col.label}（单位：{unit}）"
    return col.label


# ---------------------------------------------------------------- 表二

TABLE2_WIDTHS = (54.0, 34.0, 34.0, 34.0)


def grid_table2(report: Report) -> Grid:
    """表二: one 4-column grid; each block a caption row, a header row, its rows; short blocks span the last value."""
    spec = table(report.meta.format_version, "二")
    unit = report.meta.procurement_amount_unit
    cells: list[GridCell] = []
    r = 0
    for group in dict.fromkeys(row.group for row in spec.rows):
        rows = [row for row in spec.rows if row.group == group]
        columns = rows[0].columns
        spans = [1] * (len(columns) - 1) + [4 - len(columns)]
        cells.append(GridCell(group or "", r, 0, cols=4, role="caption"))
        r += 1
        cells.append(GridCell(rows[0].header or CONTENT_HEADER, r, 0, role="header"))
        c = 1
        for col, span in zip(columns, spans, strict=True):
            cells.append(GridCell(column_label(col, unit), r, c, cols=span, role="header"))
            c += span
        r += 1
        for row in rows:
            cells.append(GridCell(row.label, r, 0, role="label"))
            c = 1
            for col, span in zip(columns, spans, strict=True):
                cells.append(_value(report, "二", row, col, r, c, span))
                c += span
            r += 1
    return Grid("二", spec.title, TABLE2_WIDTHS, r, tuple(cells), header_rows=0)


# ---------------------------------------------------------------- 表三

TABLE3_WIDTHS = (13.0, 16.0, 48.0, 13.0) + (11.0,) * 6  # 自然人 needs three characters a line
_OUTER = ("received", "carried_over", "carried_forward")


def grid_table3(report: Report) -> Grid:
    """表三: the corner note over three header rows, 3 label columns (groups merged down), 7 applicant columns."""
    spec = table(report.meta.format_version, "三")
    columns = spec.value_rows[0].columns
    organisations = [c for c in columns if c.parent == ORGANISATIONS]
    first_org = columns.index(organisations[0])
    cells: list[GridCell] = [
        GridCell(spec.note or "", 0, 0, rows=3, cols=3, role="note"),
        GridCell(APPLICANTS, 0, 3, cols=len(columns), role="header"),
    ]
    for i, col in enumerate(columns):
        if col.parent == ORGANISATIONS:
            cells.append(GridCell(col.label, 2, 3 + i, role="header"))
            if i == first_org:
                cells.append(GridCell(ORGANISATIONS, 1, 3 + i, cols=len(organisations), role="header"))
        else:
            cells.append(GridCell(col.label, 1, 3 + i, rows=2, role="header"))
    rows = table3_rows(report.meta.format_version, report.tables.get("三", {}))
    results = [row for row in rows if not row.is_heading and row.id not in _OUTER]
    r = 3
    first_result = True
    for i, row in enumerate(rows):
        if row.is_heading:
            continue
        if row.id in _OUTER:
            cells.append(GridCell(row.label, r, 0, cols=3, role="label"))
        else:
            if first_result:
                cells.append(GridCell(RESULTS, r, 0, rows=len(results), role="label"))
                first_result = False
            if row.group is None:
                cells.append(GridCell(row.label, r, 1, cols=2, role="label"))
            else:
                if rows[i - 1].is_heading:  # the group's first row carries the group label, merged down
                    size = sum(1 for x in rows if x.group == row.group)
                    cells.append(GridCell(row.group, r, 1, rows=size, role="label"))
                cells.append(GridCell(row.label, r, 2, role="label"))
        for j, col in enumerate(row.columns):
            cells.append(_value(report, "三", row, col, r, 3 + j))
        r += 1
    return Grid("三", spec.title, TABLE3_WIDTHS, r, tuple(cells), header_rows=3)


# ---------------------------------------------------------------- 表四

TABLE4_WIDTHS = (10.4,) * 15


def grid_table4(report: Report) -> Grid:
    """表四: 行政复议 | 行政诉讼 → 未经复议直接起诉 / 复议后起诉, five result columns each, one row of values."""
    spec = table(report.meta.format_version, "四")
    review, *litigation = spec.rows
    n = len(review.columns)
    cells: list[GridCell] = [
        GridCell(review.label, 0, 0, cols=n, role="header"),
        GridCell(LITIGATION, 0, n, cols=n * len(litigation), role="header"),
    ]
    cells += [GridCell(col.label, 1, j, rows=2, role="header") for j, col in enumerate(review.columns)]
    for k, row in enumerate(litigation):
        cells.append(GridCell(row.label, 1, n * (k + 1), cols=n, role="header"))
    for k, row in enumerate(litigation):
        cells += [GridCell(col.label, 2, n * (k + 1) + j, role="header") for j, col in enumerate(row.columns)]
    c = 0
    for row in spec.rows:
        for col in row.columns:
            cells.append(_value(report, "四", row, col, 3, c))
            c += 1
    return Grid("四", spec.title, TABLE4_WIDTHS, 4, tuple(cells), header_rows=3)


GRIDS = {"二": grid_table2, "三": grid_table3, "四": grid_table4}


def grid(report: Report, table_id: str) -> Grid:
    """Table ``table_id`` of ``report`` laid out in the official structure of its format version."""
    return GRIDS[table_id](report)
