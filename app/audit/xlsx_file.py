"""Audit output as one Excel workbook: sheet 汇总 (one row a file) and sheet 合计表 (the summed tables)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.audit.rows import SUMMARY_COLUMNS, TOTAL_COLUMNS, SheetRow

# column widths in characters, by header
_WIDTHS = {"文件": 40, "单位": 24, "主要问题": 80, "雷同": 60, "读取错误": 40, "分组": 18, "行": 40, "列": 16}
_WIDTHS_TOTALS = {"勾稽": 80}


def write(path: Path, summary: Sequence[SheetRow], totals: Sequence[SheetRow]) -> list[Path]:
    """Write the workbook; the paths written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheets = (("汇总", SUMMARY_COLUMNS, summary, _WIDTHS), ("合计表", TOTAL_COLUMNS, totals, _WIDTHS | _WIDTHS_TOTALS))
    for n, (title, header, rows, widths) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for col, name in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(col)].width = widths.get(name, 10)
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text from a report is never a formula, even when it starts with =
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    wb.save(path)
    return [path]
