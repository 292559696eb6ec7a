"""Excel cells holding formulas. A workbook written by a program (openpyxl, some export tools) and never opened in
Excel holds its formulas without a computed result: such a cell shows the sum it asks for when that sum is certain
(SUM of cells, or cells added up, every one a number), else its own text — never blank, so the check cannot tell
the clerk they left a filled-in total empty."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from app.checking import all_findings, cell_rows
from app.importers import read_bytes
from app.importers.formats import READERS

FIXTURE = Path(__file__).parent / "fixtures" / "shili-city-2024.txt"
COLUMNS = "ABCDEFGHIJ"


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(rows: list[list[object]]) -> Workbook:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    return wb


def _with_results(data: bytes, results: dict[str, tuple[str, str]]) -> bytes:
    """``data`` with the results Excel would have saved: cell → (its type, 「」 for a number; its result)."""
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            xml = src.read(item).decode("utf-8")
            if item.filename == "xl/worksheets/sheet1.xml":
                for ref, (kind, result) in results.items():
                    typed = f' t="{kind}"' if kind else ""
                    xml, n = re.subn(
                        rf'<c r="{ref}">(<f>[^<]*</f>)<v></v>', rf'<c r="{ref}"{typed}>\1<v>{result}</v>', xml
                    )
                    assert n == 1, ref
            dst.writestr(item, xml)
    return buf.getvalue()


def _report(*, total_column: str | None = None, total_row: bool = False) -> bytes:
    """The example report as a workbook, one line a row; 表三's 总计 column (and its （七）总计 row) as formulas."""
    wb = Workbook()
    ws = wb.active
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    first = next(i for i, ln in enumerate(lines, 1) if "（一）予以公开" in ln)
    for r, line in enumerate(lines, 1):
        cells = [c.strip() for c in line.split("|")]
        for j, text in enumerate(cells, 1):
            ws.cell(r, j, int(text) if text.isdigit() else text)
        if len(cells) == 10 and cells[9].isdigit() and total_column:
            ws.cell(r, 10, total_column.format(r=r))
        if "（七）总计" in line and total_row:
            for col in COLUMNS[3:9]:
                ws[f"{col}{r}"] = f"=SUM({col}{first}:{col}{r - 1})"
    return _bytes(wb)


def _cells(data: bytes, name: str) -> dict[tuple, str]:
    return {(c["table"], c["group"], c["row"], c["column"]): c["raw"] for c in cell_rows(read_bytes(data, name))}


def test_uncomputed_sum_formulas_read_as_their_sums():
    # before: all 25 cells of 表三's 总计 column read blank → 「表三「总计」列全部为空（25格），没有数据应填 0」
    expected = _cells(FIXTURE.read_bytes(), "report.txt")
    for data in (
        _report(total_column="=SUM(D{r}:I{r})"),
        _report(total_column="=D{r}+E{r}+F{r}+G{r}+H{r}+I{r}"),
        _report(total_column="=SUM($D{r}:$I{r})", total_row=True),  # totals of totals
    ):
        report = read_bytes(data, "report.xlsx")
        got = {(c["table"], c["group"], c["row"], c["column"]): c["raw"] for c in cell_rows(report)}
        assert got == expected
        assert [f.message for f in all_findings(report) if f.severity == "error"] == []


def test_uncomputed_formula_that_is_not_a_plain_sum_reads_as_its_text():
    # before: read blank → 「全部为空（25格），没有数据应填 0」, as if the clerk had left the column empty
    report = read_bytes(_report(total_column="=ROUND(SUM(D{r}:I{r}),0)"), "report.xlsx")
    cells = [f for f in all_findings(report) if f.rule == "CELL" and f.table == "三"]
    assert len(cells) == 25
    assert all("为空" not in f.message for f in cells)
    first = cells[0]
    assert first.row == "一、本年新收政府信息公开申请数量" and first.column == "总计"
    assert "填的是「=ROUND(SUM(D66:I66),0)」，不是数字" in first.message


def test_reader_works_out_only_certain_sums():
    wb = _sheet(
        [
            ["数", 2, 3, 0.1, 0.2, None, "4"],
            ["求和", "=SUM(B1:C1)", "=B1+C1", "=SUM(D1:E1)", "=SUM(B2:D2)", "=SUM(B1,C1:D1)", "=A1"],
            ["空格或文字", "=SUM(B1:F1)", "=B1+G1", "=SUM(B3)", "=B3+1", "=SUM(Sheet1!B1:C1)", "=SUM(B1:C1)*2"],
        ]
    )
    assert READERS["xlsx"](_bytes(wb))[1:] == [
        ["求和", "5", "5", "0.3", "10.3", "5.1", "=A1"],  # 「=A1」 refers to a text: not a number
        ["空格或文字", "=SUM(B1:F1)", "=B1+G1", "=SUM(B3)", "=B3+1", "=SUM(Sheet1!B1:C1)", "=SUM(B1:C1)*2"],
    ]


def test_reader_keeps_the_results_a_file_holds():
    wb = _sheet([["数", 2, 3], ["结果", "=SUM(B1:C1)", '=IF(B1=2,"",1)', "=B1/0", "=ROUND(B1,0)"]])
    data = _with_results(_bytes(wb), {"B2": ("", "7"), "C2": ("str", ""), "D2": ("e", "#DIV/0!"), "E2": ("", "2")})
    # a saved result is what Excel shows, even where the sum would differ; an empty text result shows blank
    assert READERS["xlsx"](data)[1] == ["结果", "7", "", "#DIV/0!", "2"]


def test_formulas_referring_to_each_other_stay_text():
    wb = _sheet([["循环", "=C1", "=B1", "=SUM(B1:C1)"]])
    assert READERS["xlsx"](_bytes(wb)) == [["循环", "=C1", "=B1", "=SUM(B1:C1)"]]
