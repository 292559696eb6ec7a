"""The official tables as editable grids: registry → rows of text cells → report (no streamlit here).

A grid holds the cells as text, exactly as typed ("0", "", "/", "12"), so a blank or a dash is kept and
reported rather than silently turned into 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.importers import ReadError, read_bytes
from app.importers.text import parse_number
from app.rules.common import fmt
from app.rules.culprit import Change
from app.workspace.blanks import is_blank
from schemas.findings import SEVERITY_LABELS, Finding, Severity
from schemas.registry import (
    APPLICANT_COLUMNS,
    LITIGATION,
    RESULT_COLUMNS,
    TOTAL,
    Column,
    Row,
    Table,
    cell_key,
    outcome_rows,
    table,
    table3_rows,
)
from schemas.report import Cell, Report
from schemas.rule_catalogue import Rule, rule_info, rules_where

_ARITHMETIC = rules_where(arithmetic=True)  # named first in a row's mark
_PER_COLUMN = rules_where(per_column=True)  # a whole column's finding: its message shown under the grid
_INTAKE = "申请数量"  # 表三's first rows (本年新收, 上年结转), which have no official heading
_CLOSING = "总计和结转"  # 表三's last rows (（七）总计, 结转下年度)


@dataclass(frozen=True)
class Grid:
    """One editable block: table 二 has one per 第二十条 item, 三 one per official row group, 四 one."""

    key: str  # "二:第二十条第（一）项" / "三:withheld" / "四"
    table: str
    caption: str
    rows: tuple[Row, ...]
    anchor: str = ""  # the id of the block's heading on the page: a finding links to it

    @property
    def columns(self) -> list[str]:
        return [c.label for c in self.rows[0].columns]

    def row_labels(self) -> list[str]:
        return [row_label(r) for r in self.rows]

    def short_row_labels(self) -> list[str]:
        """The rows' labels as the grid shows them under the block's heading (see ``short_row_label``)."""
        return [short_row_label(r) if self.table == "三" else row_label(r) for r in self.rows]

    def long_labels(self) -> list[str]:
        """The official labels the grid shortens: printed under it, so nothing of the official wording is lost."""
        if self.table != "三":
            return []
        return [r.label for r, short in zip(self.rows, self.short_row_labels(), strict=True) if short != r.label]


def grids(version: str) -> list[Grid]:
    """The editable blocks of a format version, in the official order."""
    out: list[Grid] = []
    t2 = table(version, "二")
    captions: list[str] = []
    for r in t2.rows:
        if r.group not in captions:
            captions.append(r.group or "")
    for number, caption in enumerate(captions, 1):
        rows = tuple(r for r in t2.rows if r.group == caption)
        out.append(Grid(f"二:{caption}", "二", caption, rows, f"grid-2-{number}"))
    for group_id, caption, rows in _table3_groups(table(version, "三")):
        out.append(Grid(f"三:{group_id}", "三", caption, rows, f"grid-3-{group_id}"))
    t4 = table(version, "四")
    out.append(Grid("四", "四", t4.title, t4.value_rows, "grid-4"))
    return out


def _table3_groups(spec: Table) -> list[tuple[str, str, tuple[Row, ...]]]:
    """表三 cut at its official headings (三、本年度办理结果, （三）不予公开 …): (id, heading, value rows) each."""
    groups: list[tuple[str, str, list[Row]]] = [("intake", _INTAKE, [])]
    for row in spec.rows:
        last_rows = groups[-1][2]
        if row.is_heading:
            groups.append((row.id, row.label, []))
        elif row.id == TOTAL:
            groups.append(("closing", _CLOSING, [row]))  # （七）总计 and 四、结转下年度继续办理
        elif row.group is None and last_rows and last_rows[-1].group is not None:
            groups.append((row.id, row.label, [row]))  # 2019: （六）其他处理, one row after the sub-rows of （五）
        else:
            last_rows.append(row)
    return [(gid, caption, tuple(rows)) for gid, caption, rows in groups if rows]


def short_row_label(row: Row) -> str:
    """A 表三 row's label without its trailing note and cut at its first 、 ("（二）部分公开",
    "1.申请人无正当理由逾期不补正"): under the group's heading it still names the row."""
    label = row.label
    if label.endswith("）") and "（" in label[3:]:
        label = label[: label.index("（", 3)]
    numbering = len(label) - len(label.lstrip("一二三四五六七八九十、（）0123456789."))
    if "、" in label[numbering:]:
        label = label[: label.index("、", numbering)]
    return label


# 表三's two longest applicant headers, shortened so its seven columns fit a laptop's screen (the tooltip and the
# exports keep the official header)
_SHORT_TITLES = {"social_welfare_organization": "公益组织", "legal_service_agency": "法律服务"}


def column_title(column: Column) -> str:
    """A column's header in the grid: short ("公益组织"), its unit without 单位： ("本年收费金额（万元）")."""
    return _SHORT_TITLES.get(column.id, column.label.replace("（单位：", "（"))


def column_help(column: Column) -> str:
    """The column's full official header (with its parent header), the grid header's tooltip."""
    return " › ".join(p for p in (column.parent, column.label) if p)


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


def apply_edits(report: Report, grid: Grid, edited_rows: dict) -> Report:
    """``report`` with a grid's typed edits (a data editor's ``edited_rows``: row position → column label → value;
    a cleared cell is None, kept blank) applied; columns the grid does not edit are ignored."""
    if not edited_rows:
        return report
    values: list[list[str | None]] = [list(row) for row in grid_values(report, grid)]
    for row_index, edits in edited_rows.items():
        for column, value in edits.items():
            if column in grid.columns:
                values[int(row_index)][grid.columns.index(column)] = "" if value is None else str(value)
    return apply_values(report, grid, values)


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
    """Per grid row, what its findings point at ("错误：自然人、总计"); a blank cell is not listed (the grid
    shows it as 未填 and the page counts the blanks once)."""
    return [text for text, _ in row_marks(grid, findings)]


def row_marks(
    grid: Grid, findings: list[Finding], likely: dict[tuple[str, str], Change] | None = None
) -> list[tuple[str, Severity | None]]:
    """Per grid row, (its mark, the worst severity among its findings or None). ``likely`` holds the cells
    most likely wrong behind the sums that fail (``culprit_cells``): a row holding one names it first, with the
    value that makes the sums hold, even when the failing sum is reported on another row."""
    out: list[tuple[str, Severity | None]] = []
    for row in grid.rows:
        hits = [
            f
            for f in sorted(findings, key=lambda f: (f.severity != "error", f.rule not in _ARITHMETIC))
            if f.table == grid.table and _on_row(f, row) and not is_blank(f)
        ]
        suspects = [
            c
            for (table_id, _), c in (likely or {}).items()
            if table_id == grid.table and c.row == row.label and c.group in (None, row.group)
        ]
        if not hits and not suspects:
            out.append(("", None))
            continue
        worst: Severity = "error" if suspects else hits[0].severity
        named = [f"{c.column}最可能有误（应为 {fmt(c.suggested)}）" for c in suspects]
        columns = [c for f in hits for c in _columns_named(f, row)]
        columns = [c for c in dict.fromkeys(columns) if c not in {s.column for s in suspects}]
        out.append((f"{SEVERITY_LABELS[worst]}：{'、'.join(named + columns)}", worst))
    return out


def _on_row(found: Finding, row: Row) -> bool:
    """Whether a finding is about ``row``: named by it, or (a finding about many cells) covering one of its cells."""
    if found.cells:
        return any(k in found.cells for k in row.cell_keys())
    return found.row == row.label and found.group in (None, row.group)


def _columns_named(found: Finding, row: Row) -> list[str]:
    """The columns a row's mark names for a finding: its column, or the row's cells a grouped finding covers."""
    if found.cells:
        return [c.label for c, k in zip(row.columns, row.cell_keys(), strict=True) if k in found.cells]
    return [found.column or rule_info(found.rule).title]


def finding_anchor(version: str, found: Finding) -> str | None:
    """The anchor of the grid a table finding points at (its row's block — for a finding about many cells, the
    block of its first cell — else the table's first block)."""
    blocks = [g for g in grids(version) if g.table == found.table]
    for grid in blocks:
        if any(_on_row(found, r) for r in grid.rows):
            return grid.anchor
    return blocks[0].anchor if blocks else None


def column_marks(grid: Grid, findings: list[Finding]) -> dict[str, list[str]]:
    """Per column, the column-wide findings (the catalogue's ``per_column`` rules): shown under the grid."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.table == grid.table and f.rule in _PER_COLUMN and f.column and _in_grid(grid, f):
            out.setdefault(f.column, []).append(f.message)
    return out


def _in_grid(grid: Grid, found: Finding) -> bool:
    """Whether a column-wide finding is shown under ``grid``: the block holding its row, else the table's last."""
    if found.row is not None:
        return any(r.label == found.row for r in grid.rows)
    return grid.key.startswith("三:closing") or grid.table != "三"
