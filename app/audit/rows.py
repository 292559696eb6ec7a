"""The two sheets of an audit as rows of plain values: 汇总 (one row a file) and 合计表 (one row a cell)."""

from __future__ import annotations

from collections.abc import Sequence

from app.audit.copying import CopyMatch
from app.audit.summary import FileSummary
from app.audit.totals import VersionResult

SUMMARY_COLUMNS = ("文件", "单位", "年度", "格式", "错误数", "警告数", "主要问题", "雷同", "读取错误")
TOTAL_COLUMNS = ("格式", "表", "分组", "行", "列", "合计", "报告份数", "勾稽")
CHECK_ROW = "勾稽检查"  # the 行 of the last row of each version: whether the summed tables reconcile

Value = str | int | float | None
SheetRow = tuple[Value, ...]


def summary_row(summary: FileSummary, copies: Sequence[CopyMatch] = ()) -> SheetRow:
    """One file's row of 汇总; cross-unit COPY findings count as warnings."""
    if not summary.readable:
        return (summary.file, "", None, "", None, None, "", "", summary.read_error)
    problems = "；".join(summary.problems)
    if summary.more_problems:
        problems += f"；……另有 {summary.more_problems} 项"
    return (
        summary.file,
        summary.agency,
        summary.year,
        summary.format_version,
        summary.errors,
        summary.warnings + len(copies),
        problems,
        "；".join(c.message() for c in copies),
        "",
    )


def total_rows(results: Sequence[VersionResult]) -> list[SheetRow]:
    """Every cell of the summed tables, then per format version a row saying whether they reconcile."""
    out: list[SheetRow] = []
    for r in results:
        for row in r.rows:
            out.append(
                (row.version, f"表{row.table_id}", row.group, row.row, row.column, row.value, row.reports, row.note)
            )
        status = f"有 {len(r.findings)} 处不平" if r.findings else "通过"
        out.append((r.version, "", "", CHECK_ROW, "", None, r.reports, f"{r.reports} 份报告合计：{status}"))
    return out


def safe_text(value: Value) -> Value:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
