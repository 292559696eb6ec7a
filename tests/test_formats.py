"""Reading reports from HTML, Word (.docx/.doc), PDF and Excel gives what the plain-text import gives.

Fixtures are built here: whole reports read from text (the repository's city report and seed, and the real city
report of the corpus when there is one) are laid out as documents with the official table structure (merged cells
as in the national template) and written as HTML, .docx, .xlsx; LibreOffice turns the .docx into .pdf and .doc once
per module.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from app.importers import ReadError, read_bytes, read_report
from app.importers.document import read_lines
from app.importers.formats import READERS, finish
from schemas.registry import SECTIONS, table
from schemas.report import Report
from tests.conftest import CITY, CORPUS_CITY_2024, SEED, corpus_path

REPO_SOURCES = {"city": CITY, "qihuxiang": SEED}
CORPUS_SOURCES = {"huaian": CORPUS_CITY_2024}  # 淮安市人民政府 2024, a real whole report
SOURCES = [*REPO_SOURCES, *CORPUS_SOURCES]
# the qihuxiang copy is a web crawl without its title; the documents built here carry one, as published ones do
TITLES = {"qihuxiang": "七户乡2020年政府信息公开工作年度报告"}


def source(name: str) -> Path:
    """The text a source is read from; a corpus source skips (or fails) the test as ``corpus_path`` says."""
    return REPO_SOURCES[name] if name in REPO_SOURCES else corpus_path(*CORPUS_SOURCES[name])


@cache
def _read_text_report(path: Path) -> Report:
    return read_report(path)


def text_report(name: str) -> Report:
    """The reference read of a source (read once per run: the comparisons below only read it)."""
    return _read_text_report(source(name))


# ---------------------------------------------------------------- a report laid out as a document


@dataclass
class Span:
    text: str
    cols: int = 1
    rows: int = 1


Grid = list[list[Span]]


def _raw(report: Report, table_id: str, key: str) -> str:
    cell = report.cell(table_id, key)
    return cell.raw if cell else ""


def grid_table2(report: Report) -> Grid:
    """表二 as in the template: 4 columns, a caption row per block, single values spanning 3 columns."""
    spec = table(report.meta.format_version, "二")
    grid: Grid = []
    for group in dict.fromkeys(r.group for r in spec.rows):
        rows = [r for r in spec.rows if r.group == group]
        columns = rows[0].columns
        spans = [1] * (len(columns) - 1) + [4 - len(columns)]
        grid.append([Span(group, cols=4)])
        grid.append([Span("信息内容")] + [Span(c.label, cols=s) for c, s in zip(columns, spans, strict=True)])
        for row in rows:
            values = [Span(_raw(report, "二", f"{row.id}.{c.id}"), cols=s) for c, s in zip(columns, spans, strict=True)]
            grid.append([Span(row.label)] + values)
    return grid


def grid_table3(report: Report) -> Grid:
    """表三 as in the template: 3 label columns (row labels merged down), 7 applicant columns."""
    spec = table(report.meta.format_version, "三")
    grid: Grid = [
        [Span(spec.note or "", cols=3, rows=3), Span("申请人情况", cols=7)],
        [Span("自然人", rows=2), Span("法人或其他组织", cols=5), Span("总计", rows=2)],
        [Span(c) for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    outer = ("received", "carried_over", "carried_forward")
    results = [r for r in spec.value_rows if r.id not in outer]
    first_result = True
    for i, row in enumerate(spec.rows):
        if row.is_heading:
            continue
        line: list[Span] = []
        if row.id in outer:
            line.append(Span(row.label, cols=3))
        else:
            if first_result:
                line.append(Span(spec.row("results").label, rows=len(results)))
                first_result = False
            if row.group is None:
                line.append(Span(row.label, cols=2))
            else:
                if spec.rows[i - 1].is_heading:  # the group's first row carries the group label, merged down
                    size = sum(1 for r in spec.rows if r.group == row.group)
                    line.append(Span(row.group, rows=size))
                line.append(Span(row.label))
        line += [Span(_raw(report, "三", f"{row.id}.{c.id}")) for c in row.columns]
        grid.append(line)
    return grid


def grid_table4(report: Report) -> Grid:
    """表四 as in the template: nested headers over 15 value columns."""
    spec = table(report.meta.format_version, "四")
    labels = [c.label for c in spec.rows[0].columns]
    return [
        [Span("行政复议", cols=5), Span("行政诉讼", cols=10)],
        [Span(x, rows=2) for x in labels] + [Span("未经复议直接起诉", cols=5), Span("复议后起诉", cols=5)],
        [Span(x) for x in labels * 2],
        [Span(_raw(report, "四", f"{r.id}.{c.id}")) for r in spec.rows for c in r.columns],
    ]


GRIDS = {"二": grid_table2, "三": grid_table3, "四": grid_table4}


def document(report: Report, *, title: str = "") -> list[str | tuple[str, Grid]]:
    """The report as blocks in reading order: paragraphs (str) and tables (id, grid)."""
    blocks: list[str | tuple[str, Grid]] = [title or (report.provenance.title if report.provenance else "")]
    blocks += [p for p in report.preface.split("\n") if p.strip()]
    narratives = {"一": report.overview, "五": report.problems, "六": report.other_matters}
    for num, heading in SECTIONS:
        blocks.append(f"{num}、{heading}")
        if num in narratives:
            blocks += narratives[num].paragraphs()
        else:
            blocks.append((num, GRIDS[num](report)))
    return blocks


def place(grid: Grid) -> tuple[int, list[tuple[int, int, Span]]]:
    """(column count, [(row, column, span)]) with every span at its position in the full grid."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, line in enumerate(grid):
        c = 0
        for span in line:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, span))
            taken |= {(r + i, c + j) for i in range(span.rows) for j in range(span.cols)}
            c += span.cols
    return max(c + s.cols for _, c, s in placed), placed


# ---------------------------------------------------------------- writers


def to_html(blocks, *, charset: str = "utf-8") -> bytes:
    out = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">']
    out.append("<title>年报</title><style>td { border: 1px solid }</style><script>var x = '一、总体情况';</script>")
    out.append("</head><body><div class=article>")
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p style='text-indent:2em'>{html.escape(block)}</p>")
            continue
        out.append("<table border=1><tbody>")
        for line in block[1]:
            cells = "".join(
                f'<td colspan="{s.cols}" rowspan="{s.rows}"><p>{html.escape(s.text)}</p></td>' for s in line
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
    out.append("</div></body></html>")
    return "\n".join(out).encode(charset)


def to_docx(blocks, *, footer_page_number: bool = True) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        columns, placed = place(block[1])
        t = doc.add_table(rows=len(block[1]), cols=columns)
        t.style = "Table Grid"  # ruled: how published tables look, and what PDF table finding relies on
        matrix = [row.cells for row in t.rows]  # once (stack-notes: table.cell() is slow)
        for r, c, span in placed:
            cell = matrix[r][c]
            if span.rows > 1 or span.cols > 1:
                cell = cell.merge(matrix[r + span.rows - 1][c + span.cols - 1])
            cell.text = span.text
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8)
    if footer_page_number:
        p = doc.sections[0].footer.paragraphs[0]
        p.add_run("- ")
        run = p.add_run()
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.text = text
            run._r.append(el)
        p.add_run(" -")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_xlsx(blocks) -> bytes:
    """The report over three sheets (tables 二 / 三 / 四 each start a sheet), merged cells as in the template."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    row = 1
    for block in blocks:
        if isinstance(block, str):
            if block.startswith(("三、", "四、")):
                ws, row = wb.create_sheet(), 1
            ws.cell(row, 1, block)
            row += 1
            continue
        _, placed = place(block[1])
        for r, c, span in placed:
            value: object = span.text
            if re.fullmatch(r"\d+", span.text):
                value = int(span.text)
            elif re.fullmatch(r"\d+\.\d+", span.text):
                value = float(span.text)
            ws.cell(row + r, c + 1, value)
            if span.rows > 1 or span.cols > 1:
                ws.merge_cells(
                    start_row=row + r, start_column=c + 1, end_row=row + r + span.rows - 1, end_column=c + span.cols
                )
        row += len(block[1]) + 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def soffice_convert(files: list[Path], target: str, outdir: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice（soffice）未安装：PDF/.doc 测试需要它，请先运行 bash scripts/system-packages.sh")
    profile = (outdir / "lo-profile").as_uri()
    cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", target]
    subprocess.run([*cmd, "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=180)


# ---------------------------------------------------------------- fixtures


def _available_sources() -> list[str]:
    """The sources present: the repository's always, the corpus's when there is a corpus."""
    names = []
    for name in SOURCES:
        try:
            source(name)
        except (pytest.skip.Exception, pytest.fail.Exception):
            continue  # the tests of that source skip or fail on their own
        names.append(name)
    return names


@pytest.fixture(scope="module")
def office_files(tmp_path_factory) -> dict[str, Path]:
    """.docx, .pdf and .doc of every available source, plus a scanned-like (image-only) PDF; LibreOffice runs twice."""
    from PIL import Image, ImageDraw

    out = tmp_path_factory.mktemp("office")
    files: dict[str, Path] = {}
    names = _available_sources()
    for name in names:
        files[f"{name}.docx"] = out / f"{name}.docx"
        files[f"{name}.docx"].write_bytes(to_docx(document(text_report(name), title=TITLES.get(name, ""))))
    image = Image.new("RGB", (800, 400), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 760, 360), outline="black", width=4)
    image_path = out / "scan.png"
    image.save(image_path)
    import docx
    from docx.shared import Mm

    scan = docx.Document()
    scan.add_picture(str(image_path), width=Mm(150))
    files["scan.docx"] = out / "scan.docx"
    scan.save(str(files["scan.docx"]))
    docx_files = [files[f"{n}.docx"] for n in names]
    soffice_convert([*docx_files, files["scan.docx"]], "pdf", out)
    soffice_convert(docx_files, "doc:MS Word 97", out)
    for name in names:
        files[f"{name}.pdf"], files[f"{name}.doc"] = out / f"{name}.pdf", out / f"{name}.doc"
    files["scan.pdf"] = out / "scan.pdf"
    missing = [k for k, p in files.items() if not p.is_file()]
    assert not missing, f"LibreOffice did not produce {missing}"
    return files


def values(report: Report) -> dict[tuple[str, str], int | float | None]:
    return {(t, k): c.value for t, cells in report.tables.items() for k, c in cells.items()}


def plain(paragraphs: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(paragraphs))


def assert_same_report(got: Report, expected: Report) -> None:
    assert values(got) == values(expected)
    assert (got.meta.agency, got.meta.year, got.meta.format_version) == (
        expected.meta.agency,
        expected.meta.year,
        expected.meta.format_version,
    )
    assert plain(got.overview.paragraphs()) == plain(expected.overview.paragraphs())
    assert plain(got.problems.paragraphs()) == plain(expected.problems.paragraphs())
    assert plain(got.other_matters.paragraphs()) == plain(expected.other_matters.paragraphs())
    assert got.meta.contact == expected.meta.contact
    parse = [f.message for f in got.provenance.findings if f.rule == "PARSE"]
    assert not parse


@pytest.mark.parametrize(("name", "cells"), [("city", 10 + 175 + 15), ("qihuxiang", 22 + 161 + 15), ("huaian", 200)])
def test_text_imports_are_complete(name, cells):
    """The reference reads: every official cell of each report (so the comparisons below cover all cells)."""
    assert len(values(text_report(name))) == cells
    assert not [f for f in text_report(name).provenance.findings if f.rule == "PARSE"]


# ---------------------------------------------------------------- the same report from every format


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_reads_like_text(name, charset):
    expected = text_report(name)
    data = to_html(document(expected, title=TITLES.get(name, "")), charset=charset)
    got = read_bytes(data, f"{name}.html")
    assert got.provenance.source_format == "html"
    assert_same_report(got, expected)


@pytest.mark.parametrize("name", SOURCES)
def test_docx_reads_like_text(name):
    expected = text_report(name)
    got = read_bytes(to_docx(document(expected, title=TITLES.get(name, ""))), f"{name}.docx")
    assert got.provenance.source_format == "docx"
    assert_same_report(got, expected)


@pytest.mark.parametrize("name", SOURCES)
def test_xlsx_reads_like_text(name):
    expected = text_report(name)
    got = read_bytes(to_xlsx(document(expected, title=TITLES.get(name, ""))), f"{name}.xlsx")
    assert got.provenance.source_format == "xlsx"
    assert_same_report(got, expected)


@pytest.mark.parametrize("name", SOURCES)
def test_pdf_reads_like_text(office_files, name):
    expected = text_report(name)
    got = read_report(office_files[f"{name}.pdf"])
    assert got.provenance.source_format == "pdf"
    assert_same_report(got, expected)


@pytest.mark.parametrize("name", SOURCES)
def test_doc_reads_like_text(office_files, name):
    expected = text_report(name)
    got = read_report(office_files[f"{name}.doc"])
    assert got.provenance.source_format == "doc"
    assert_same_report(got, expected)


def test_pdf_page_numbers_are_dropped(office_files):
    import pdfplumber

    data = office_files["city.pdf"].read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = [page.extract_text() for page in pdf.pages]
    assert all(re.search(r"-\s*\d+\s*-", text) for text in printed)  # the footer "- 1 -" is on every page
    lines = READERS["pdf"](data)
    texts = [c for ln in lines for c in ln]
    assert not [t for t in texts if re.fullmatch(r"-\s*\d+\s*-", t)]
    assert any("总体情况" in t for t in texts)


def test_pdf_row_cut_by_a_page_break_is_joined():
    """A row whose label wraps onto the next page ("4.保护第" | numbers, then "三方合法权益") is one row again."""
    from app.importers.pdf_reader import _Block, _Cell, _join_split_rows

    def row(*cells: tuple[float, str]) -> list[_Cell]:
        return [_Cell(x, x + 40, text) for x, text in cells]

    numbers = [(120 + 40 * i, "0") for i in range(7)]
    page1 = [_Block(top=700, rows=[row((80, "3.危及“三安全一稳定”"), *numbers), row((80, "4.保护第"), *numbers)])]
    blanks = [(120 + 40 * i, "") for i in range(7)]
    page2 = [
        _Block(top=60, rows=[row((0, ""), (40, ""), (80, "三方合法权益"), *blanks), row((80, "5.属于"), *numbers)]),
        _Block(top=300, text="正文"),
    ]
    _join_split_rows([page1, page2])
    assert [c.text for c in page1[0].rows[-1]] == ["4.保护第三方合法权益"] + ["0"] * 7
    assert [c.text for c in page2[0].rows[0]] == ["5.属于"] + ["0"] * 7


def test_pdf_rows_on_a_new_page_stay_apart():
    """A header row repeated on the next page, or an ordinary next row, is not glued to the row before."""
    from app.importers.pdf_reader import _Block, _Cell, _join_split_rows

    last = [_Cell(0, 40, "行政许可"), _Cell(40, 80, "12")]
    header = [_Cell(0, 40, "信息内容"), _Cell(40, 80, "本年处理决定数量")]
    nxt = [_Cell(0, 40, "行政处罚"), _Cell(40, 80, "3")]
    for head in (header, nxt):
        page1, page2 = [_Block(top=700, rows=[list(last)])], [_Block(top=60, rows=[head])]
        _join_split_rows([page1, page2])
        assert [c.text for c in page1[0].rows[0]] == ["行政许可", "12"]
        assert page2[0].rows == [head]


def test_title_less_pdf_lines_keep_the_agency():
    """PDF lines of a report without a title: the preface is wrapped at the page width."""
    report = text_report("qihuxiang")
    preface = report.preface.replace("\n", "")
    wrapped = [[preface[i : i + 40]] for i in range(0, len(preface), 40)]
    lines = wrapped + [["一、总体情况"], ["正文。"], ["二、主动公开政府信息情况"]]
    lines += [[s.text for s in row] for row in grid_table2(report)]
    got = read_lines(lines, source="x.pdf", source_format="pdf")
    assert got.meta.agency == "七户乡"


# ---------------------------------------------------------------- what each reader makes of a layout


def test_html_lines_blocks_entities_and_merged_cells():
    page = """<html><head><title>标题不算正文</title><style>p{}</style></head><body>
    <script>document.write("脚本");</script>
    <h1>某局2024年政府信息公开工作年度报告</h1>
    <div>第一段&nbsp;文字&amp;符号<br>换行后的文字<!-- 注释 --></div>
    <p>  段落
       跨行  </p>
    <ul><li>条目一</li><li>条目二</li></ul>
    <span style="display:none">隐藏</span>
    <table><tr><td colspan="3">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td colspan="2"><p>本年处理</p><p>决定数量</p></td></tr>
      <tr><td rowspan="2">行政</td><td>许可</td><td></td></tr>
      <tr><td>&#x31;2</td><th> 3 </th></tr>
    </table>
    <p>表后文字</p></body></html>"""
    assert READERS["html"](page.encode("utf-8")) == [
        ["某局2024年政府信息公开工作年度报告"],
        ["第一段 文字&符号"],
        ["换行后的文字"],
        ["段落 跨行"],
        ["条目一"],
        ["条目二"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政", "许可", ""],
        ["12", "3"],
        ["表后文字"],
    ]


def test_html_layout_table_is_read_as_blocks():
    """A page whose whole article sits in one cell of a layout table still gives one line per paragraph."""
    article = "".join(f"<p>第{i}段：{'政务公开' * 20}</p>" for i in range(3))
    page = f"<html><body><table><tr><td>{article}<table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>"
    lines = READERS["html"](page.encode("utf-8"))
    assert [ln[0][:3] for ln in lines[:3]] == ["第0段", "第1段", "第2段"]
    assert lines[3] == ["规章", "1"]


def test_html_gbk_page_declared_gb2312():
    """Pages labelled gb2312 use GBK-only characters (喆, 镕); they decode as GB18030."""
    page = '<html><head><meta charset="gb2312"></head><body><p>联系人：王喆、朱镕</p></body></html>'
    assert READERS["html"](page.encode("gbk")) == [["联系人：王喆、朱镕"]]


def test_html_wrong_declared_charset_still_decodes_utf8():
    page = '<html><head><meta charset="gbk"></head><body><p>政府信息公开</p></body></html>'
    assert READERS["html"](page.encode("utf-8")) == [["政府信息公开"]]


def test_html_ascii_punctuation_labels():
    """A web copy with ASCII (half-width) punctuation in every label reads the same cells."""
    report = text_report("city")
    ascii_page = to_html(document(report)).decode("utf-8").translate(str.maketrans("（）：，“”", '():,""'))
    assert "(一)予以公开" in ascii_page
    got = read_bytes(ascii_page.encode("utf-8"), "report.html")
    assert values(got) == values(report)


def test_traditional_characters_are_simplified():
    lines = [["政府資訊公開工作年度報告"], ["本機關", "收到申請數量", "處理"], ["國務院辦公廳"]]
    assert finish(lines) == [["政府资讯公开工作年度报告"], ["本机关", "收到申请数量", "处理"], ["国务院办公厅"]]


def test_docx_cells_once_in_document_order():
    import docx

    doc = docx.Document()
    doc.add_paragraph("前面的段落")
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "第二十条第（八）项"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "行政事业性收费"
    label = t.cell(1, 1)
    label.text = "本年收费金额"
    label.add_paragraph("（单位：万元）")
    t.cell(1, 2).text = "1.5"
    t.cell(2, 1).text = "其他"
    inner = t.cell(2, 2).add_table(rows=1, cols=2)  # a table nested in a cell: its rows follow the outer row
    inner.cell(0, 0).text, inner.cell(0, 1).text = "嵌套", "7"
    doc.add_paragraph("后面的段落\t有制表符")
    p = doc.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    buf = io.BytesIO()
    doc.save(buf)
    assert READERS["docx"](buf.getvalue()) == [
        ["前面的段落"],
        ["第二十条第（八）项"],
        ["行政事业性收费", "本年收费金额（单位：万元）", "1.5"],
        ["其他"],
        ["嵌套", "7"],
        ["后面的段落\t有制表符"],
        ["第一行"],
        ["第二行"],
    ]


def test_xlsx_sheets_numbers_and_merged_cells():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["行政事业性收费", 96171.6, None, None])
    ws.merge_cells("B1:D1")
    ws.append([None, None, None, None])
    ws.append(["规章", 1.0, 0, 11])
    ws.append(["金额", 0.000012, "  文字  ", None])
    second = wb.create_sheet("表三")
    second.append(["自然人", 3001])
    buf = io.BytesIO()
    wb.save(buf)
    assert READERS["xlsx"](buf.getvalue()) == [
        ["行政事业性收费", "96171.6", "", ""],
        ["规章", "1", "0", "11"],
        ["金额", "0.000012", "文字", ""],
        ["自然人", "3001"],
    ]


# ---------------------------------------------------------------- files that cannot be read: ReadError, no traceback


def _docx_bytes() -> bytes:
    return to_docx(["某局2024年政府信息公开工作年度报告", "一、总体情况", "正文。"], footer_page_number=False)


def test_truncated_docx(tmp_path):
    data = _docx_bytes()
    path = tmp_path / "report.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="Word"):
        read_report(path)


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("report.pdf", b""),
        ("report.docx", b""),
        ("report.xlsx", b""),
        ("report.pdf", b"%PDF-1.7\n"),
        ("report.docx", b"PK\x03\x04"),
        ("report.xlsx", b"PK\x03\x04"),
        ("report.doc", b"\xd0\xcf\x11\xe0"),
    ],
)
def test_random_bytes_with_a_report_name(tmp_path, name, head):
    path = tmp_path / name
    path.write_bytes(head + os.urandom(4096))
    with pytest.raises(ReadError):
        read_report(path)


def test_corrupt_xml_inside_docx():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="Word"):
        read_bytes(buf.getvalue(), "report.docx")


def test_corrupt_sheet_inside_xlsx():
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["规章", 1, 0, 11])
    src_buf, buf = io.BytesIO(), io.BytesIO()
    wb.save(src_buf)
    with zipfile.ZipFile(src_buf) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(ReadError, match="Excel"):
        read_bytes(buf.getvalue(), "report.xlsx")


def test_docx_without_report_tables():
    with pytest.raises(ReadError, match="没有找到年报的统计表格"):
        read_bytes(_docx_bytes(), "notice.docx")


def test_xlsx_without_report_tables():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", 12345])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ReadError, match="没有找到年报的统计表格"):
        read_bytes(buf.getvalue(), "list.xlsx")


def test_old_xls_asks_for_xlsx(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(ReadError, match=r"\.xlsx"):
        read_report(path)


def test_doc_without_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setattr("app.importers.doc_reader.soffice_path", lambda: None)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui") as err:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "report.doc")
    assert "另存为 .docx" in str(err.value)


def test_corrupt_doc_is_a_read_error(office_files, tmp_path):
    data = office_files["city.doc"].read_bytes()
    path = tmp_path / "broken.doc"
    path.write_bytes(data[:1024])
    with pytest.raises(ReadError):
        read_report(path)


def test_scanned_pdf_has_no_text_layer(office_files):
    with pytest.raises(ReadError, match="扫描件"):
        read_report(office_files["scan.pdf"])


def test_truncated_pdf(office_files, tmp_path):
    data = office_files["city.pdf"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError):
        read_report(path)


def test_importing_the_importers_loads_no_format_library():
    code = (
        "import sys, app.importers, app.importers.formats\n"
        "heavy = [m for m in ('lxml', 'docx', 'pdfplumber', 'openpyxl', 'pdfminer') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])
