"""The three tables → an Excel workbook in the official layout, also a fill-in template the importer reads back.

One sheet per table. The first sheet opens with the title row ({单位}{年度}年政府信息公开工作年度报告), which is
where the importer finds agency and year; each sheet then has its section heading and the table with merged
headers. Value cells carry a data-validation prompt (non-negative integers, 万元 decimals, signed 本年增/减).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from app.export.characters import xml_safe, xml_safe_all
from app.export.document import title_of
from app.export.grids import Grid, grid
from schemas.registry import SECTION_TITLES, TABLE_IDS
from schemas.report import Report

FONT = "宋体"
_MAX_DIGITS = 15  # Excel keeps 15 significant digits
_MM_PER_CHARACTER = 2.0  # Excel column width unit ≈ one digit of the default font
_VALIDATION = {
    "count": ("whole", "greaterThanOrEqual", "0", "请填写非负整数；没有数据填 0，不要留空"),
    "signed_count": ("whole", "between", "-1000000000", "请填写整数（减少用负数）；没有变化填 0"),
    "amount_wan": ("decimal", "greaterThanOrEqual", "0", "请填写金额（万元，可带小数）；没有填 0"),
    "amount": ("decimal", "greaterThanOrEqual", "0", "请填写金额（可带小数）；没有填 0"),
}


def excel_value(text: str) -> int | float | str | None:
    """What to write for a cell's text: a finite number when it reads back as the same text, else the text itself
    (Infinity, NaN and a number of more digits than Excel keeps stay words)."""
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite() or sum(c.isdigit() for c in text) > _MAX_DIGITS:
        return text
    if number == number.to_integral_value() and "." not in text and "e" not in text.lower():
        value: int | float = int(number)
        return value if str(value) == text else text
    value = float(text)
    return value if format(Decimal(repr(value)), "f") == text else text


def _as_text(cell) -> None:
    """Keep a text that starts with 「=」 a text: openpyxl would store it as a formula that Excel runs on opening
    (=WEBSERVICE(…) fetches, =HYPERLINK(…) links)."""
    if cell.data_type == "f":
        cell.data_type = "s"


def to_xlsx(report: Report) -> bytes:
    """The .xlsx bytes: title row, then 表二 / 表三 / 表四 on a sheet each."""
    from openpyxl import Workbook

    wb = Workbook()
    title = xml_safe(title_of(report)[0])  # a control character in any text would stop the export
    for i, table_id in enumerate(TABLE_IDS):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = f"表{table_id}"
        g = xml_safe_all(grid(report, table_id))
        row = 1
        if i == 0:
            _heading(ws, row, title, len(g.widths), size=16)
            row += 2
        _heading(ws, row, f"{table_id}、{SECTION_TITLES[table_id]}", len(g.widths), size=12)
        _write_grid(ws, g, row + 1)
    wb.properties.title = title
    wb.properties.creator = xml_safe(report.meta.agency) or "nianbao"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _heading(ws, row: int, text: str, width: int, *, size: int) -> None:
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row, 1, text)
    _as_text(cell)
    cell.font = Font(name=FONT, size=size, bold=True)
    cell.alignment = Alignment(horizontal="center" if size > 12 else "left", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = size * 2


def _write_grid(ws, g: Grid, top: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=FONT, size=10.5)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for k, width in enumerate(g.widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = round(width / _MM_PER_CHARACTER * 1.6, 1)
    # borders on every position first, so merged areas are ruled all round
    for r in range(g.height):
        for k in range(len(g.widths)):
            ws.cell(top + r, k + 1).border = border
    ranges: dict[str, list[str]] = {}
    for c in g.cells:
        row, col = top + c.row, c.col + 1
        cell = ws.cell(row, col, excel_value(c.text) if c.role == "value" else c.text)
        _as_text(cell)
        cell.font = font
        cell.alignment = left if c.role == "label" else centred
        if c.rows > 1 or c.cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + c.rows - 1, end_column=col + c.cols - 1)
        if c.role == "value":
            if c.kind in ("amount", "amount_wan"):
                cell.number_format = "General"
            ranges.setdefault(c.kind, []).append(cell.coordinate)
    for kind, cells in ranges.items():
        how, operator, low, prompt = _VALIDATION[kind]
        dv = DataValidation(
            type=how,
            operator=operator,
            formula1=low,
            formula2="1000000000" if operator == "between" else None,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle="填写说明",
            prompt=prompt,
            errorTitle="数值不符合要求",
            error=prompt,
        )
        for coordinate in cells:
            dv.add(coordinate)
        ws.add_data_validation(dv)
    if g.header_rows:
        ws.freeze_panes = ws.cell(top + g.header_rows, 4 if g.table_id == "三" else 1)
        ws.print_title_rows = f"{top}:{top + g.header_rows - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if g.table_id == "四" else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
