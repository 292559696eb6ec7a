"""Word's automatic numbering is read as Word shows it: "一、总体情况", "（一）主动公开", "1.属于国家秘密".

Documents are built with python-docx; their numbering definitions (word/numbering.xml) are written here and put
in place of the template's, and paragraphs (or their styles) are numbered with w:numPr as Word does.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from app.importers import read_bytes, read_report
from app.importers.docx_numbering import render
from app.importers.formats import READERS
from app.rules import check
from tests.conftest import CITY

M07 = Path(__file__).resolve().parent / "real_world" / "minimal" / "m07_word_auto_numbered_headings.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# numId → its definition; 1: report headings (一、 / （一） / 1.), 2: "（%1）" alone, 3: the same restarted,
# 4: decimal "%1." with "%1.%2" below, 5: bullets
REPORT_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def abstract(abstract_id: int, levels: list[str]) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def numbering_xml(*parts: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">{"".join(parts)}</w:numbering>'


STANDARD = numbering_xml(
    abstract(10, [lvl(i, fmt, text) for i, (fmt, text) in enumerate(REPORT_LEVELS)]),
    abstract(20, [lvl(0, "chineseCounting", "（%1）")]),
    abstract(40, [lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")]),
    abstract(50, [lvl(0, "bullet", "\uf0b7")]),
    num(1, 10),
    num(2, 20),
    num(3, 20, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
    num(4, 40),
    num(5, 50),
)


def numbered(paragraph_or_style, num_id: int | None, ilvl: int | None = 0):
    """Give a paragraph (or a paragraph style) w:numPr, as Word does for automatic numbering."""
    el = paragraph_or_style.element if hasattr(paragraph_or_style, "base_style") else paragraph_or_style._p
    num_pr = el.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    if num_id is not None:
        num_pr.get_or_add_numId().val = num_id
    return paragraph_or_style


def para(doc, text: str, num_id: int | None = None, ilvl: int | None = 0, style: str | None = None):
    p = doc.add_paragraph(text, style=style)
    return numbered(p, num_id, ilvl) if num_id is not None else p


def saved(doc, numbering: str | bytes | None = STANDARD) -> bytes:
    """The document's bytes with ``numbering`` as its numbering part (None: as python-docx left it)."""
    buf = io.BytesIO()
    doc.save(buf)
    if numbering is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/numbering.xml":
                data = numbering.encode() if isinstance(numbering, str) else numbering
            dst.writestr(item, data)
    return out.getvalue()


def lines(data: bytes) -> list[list[str]]:
    return READERS["docx"](data)


# ---------------------------------------------------------------- numbering in paragraphs and cells


def test_chinese_section_headings_and_sub_headings_restarting_under_each():
    doc = docx.Document()
    para(doc, "某局2024年政府信息公开工作年度报告")
    para(doc, "总体情况", 1)
    para(doc, "主动公开。本年度主动公开信息 12 条。", 1, 1)
    para(doc, "依申请公开。", 1, 1)
    para(doc, "主动公开政府信息情况", 1)
    para(doc, "制度建设。", 1, 1)
    para(doc, "其中规章", 1, 2)
    para(doc, "其中规范性文件", 1, 2)
    para(doc, "平台建设。", 1, 1)
    para(doc, "其中网站", 1, 2)
    assert lines(saved(doc)) == [
        ["某局2024年政府信息公开工作年度报告"],
        ["一、总体情况"],
        ["（一）主动公开。本年度主动公开信息 12 条。"],
        ["（二）依申请公开。"],
        ["二、主动公开政府信息情况"],
        ["（一）制度建设。"],
        ["1.其中规章"],
        ["2.其中规范性文件"],
        ["（二）平台建设。"],
        ["1.其中网站"],
    ]


def test_single_level_sub_headings_restart_with_a_start_override():
    doc = docx.Document()
    para(doc, "总体情况", 1)
    para(doc, "主动公开", 2)
    para(doc, "依申请公开", 2)
    para(doc, "主动公开政府信息情况", 1)
    para(doc, "规章", 3)  # a new list instance of the same definition, restarted at 1
    para(doc, "规范性文件", 3)
    assert lines(saved(doc)) == [
        ["一、总体情况"],
        ["（一）主动公开"],
        ["（二）依申请公开"],
        ["二、主动公开政府信息情况"],
        ["（一）规章"],
        ["（二）规范性文件"],
    ]


def test_decimal_items_in_table_cells_and_multilevel_decimal():
    doc = docx.Document()
    t = doc.add_table(rows=3, cols=2)
    for r, label in enumerate(("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”")):
        cell = t.cell(r, 0)
        numbered(cell.paragraphs[0], 4).add_run(label)
        cell = t.cell(r, 1)
        cell.text = str(r + 1)
    para(doc, "Scope", 4, 1)
    para(doc, "Sources", 4, 1)
    para(doc, "Results", 4)
    para(doc, "Totals", 4, 1)
    assert lines(saved(doc)) == [
        ["1.属于国家秘密", "1"],
        ["2.其他法律行政法规禁止公开", "2"],
        ["3.危及“三安全一稳定”", "3"],
        ["3.1 Scope"],
        ["3.2 Sources"],
        ["4. Results"],
        ["4.1 Totals"],
    ]


def test_numbering_from_the_paragraph_style_and_the_styles_based_on_it():
    doc = docx.Document()
    numbered(doc.styles["Heading 1"], 1, 0)
    custom = doc.styles.add_style("年报标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = doc.styles["Heading 1"]
    para(doc, "总体情况", style="Heading 1")
    para(doc, "正文")
    para(doc, "主动公开政府信息情况", style="年报标题")
    para(doc, "收到和处理政府信息公开申请情况", style="Heading 1")
    para(doc, "不编号的标题", 0, None, style="Heading 1")  # numId 0 on the paragraph turns its style's off
    para(doc, "政府信息公开行政复议、行政诉讼情况", style="Heading 1")
    assert lines(saved(doc)) == [
        ["一、总体情况"],
        ["正文"],
        ["二、主动公开政府信息情况"],
        ["三、收到和处理政府信息公开申请情况"],
        ["不编号的标题"],
        ["四、政府信息公开行政复议、行政诉讼情况"],
    ]


def test_style_level_found_by_the_levels_paragraph_style():
    doc = docx.Document()
    numbered(doc.styles["Heading 1"], 6, None)
    numbered(doc.styles["Heading 2"], 6, None)
    levels = [
        lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="Heading1"/>'),
        lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="Heading2"/>'),
    ]
    para(doc, "总体情况", style="Heading 1")
    para(doc, "主动公开", style="Heading 2")
    para(doc, "主动公开政府信息情况", style="Heading 1")
    para(doc, "规章", style="Heading 2")
    assert lines(saved(doc, numbering_xml(abstract(0, levels), num(6, 0)))) == [
        ["一、总体情况"],
        ["（一）主动公开"],
        ["二、主动公开政府信息情况"],
        ["（一）规章"],
    ]


def test_num_id_zero_bullets_and_hidden_paragraphs_show_no_number():
    doc = docx.Document()
    para(doc, "总体情况", 1)
    para(doc, "不编号", 0)
    para(doc, "项目符号", 5)
    hidden = para(doc, "", 1)  # an empty numbered paragraph with a hidden mark: counted, not shown
    hidden._p.get_or_add_pPr().append(parse_xml(f'<w:rPr xmlns:w="{W_NS}"><w:vanish/></w:rPr>'))
    para(doc, "", 1)  # an empty numbered paragraph shows its number alone
    para(doc, "收到和处理政府信息公开申请情况", 1)
    assert lines(saved(doc)) == [
        ["一、总体情况"],
        ["不编号"],
        ["项目符号"],
        ["三、"],
        ["四、收到和处理政府信息公开申请情况"],
    ]


def test_text_box_counted_once_not_in_its_fallback_copy():
    doc = docx.Document()
    para(doc, "总体情况", 1)
    box = (
        '<w:p xmlns:w="{w}"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>{text}</w:t></w:r></w:p>"
    )
    holder = doc.add_paragraph()._p
    holder.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>'
            + box.format(w=W_NS, text="主动公开政府信息情况")
            + "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>"
            + box.format(w=W_NS, text="主动公开政府信息情况")
            + "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    para(doc, "收到和处理政府信息公开申请情况", 1)
    assert lines(saved(doc)) == [["一、总体情况"], ["二、主动公开政府信息情况"], ["三、收到和处理政府信息公开申请情况"]]


def test_start_restart_and_level_overrides():
    doc = docx.Document()
    levels = [
        lvl(0, "chineseCounting", "%1、", start=3),
        lvl(1, "decimal", "%2)", extra='<w:lvlRestart w:val="0"/>'),  # never restarts
        lvl(2, "upperLetter", "%3.", extra='<w:suff w:val="nothing"/>'),
    ]
    override = '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:lvlOverride>'
    para(doc, "a", 7)
    para(doc, "b", 7, 1)
    para(doc, "c", 7, 2)
    para(doc, "d", 7)
    para(doc, "e", 7, 1)
    para(doc, "f", 7, 2)
    para(doc, "g", 8)  # the same definition through a num whose level 0 is redefined: the counters go on
    xml = numbering_xml(abstract(0, levels), num(7, 0), num(8, 0, override))
    assert lines(saved(doc, xml)) == [["三、a"], ["1) b"], ["A.c"], ["四、d"], ["2) e"], ["A.f"], ["V. g"]]


def test_number_formats():
    assert [render(n, "chineseCounting") for n in (1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1001)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一千零一",
    ]
    assert render(12, "chineseCountingThousand") == render(12, "japaneseCounting") == "十二"
    assert [render(n, "ideographTraditional") for n in (1, 2, 10, 11)] == ["甲", "乙", "癸", "甲"]
    assert [render(n, "upperLetter") for n in (1, 26, 27)] == ["A", "Z", "AA"]
    assert [render(n, "lowerLetter") for n in (2, 28)] == ["b", "bb"]
    assert [render(n, "upperRoman") for n in (4, 9, 14, 1994)] == ["IV", "IX", "XIV", "MCMXCIV"]
    assert render(12, "lowerRoman") == "xii"
    assert [render(n, "decimalEnclosedCircle") for n in (1, 10, 20, 21)] == ["①", "⑩", "⑳", "㉑"]
    assert render(3, "decimalZero") == "03"
    assert render(0, "decimal") == "0"
    assert render(5, "bullet") == render(5, "none") == ""
    assert render(7, "someFutureFormat") == "7"


# ---------------------------------------------------------------- no numbering part, broken numbering


def test_document_without_a_numbering_part():
    doc = docx.Document()
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.NUMBERING:
            doc.part.drop_rel(rid)
    para(doc, "总体情况", 1)
    para(doc, "正文")
    data = saved(doc, None)
    assert "word/numbering.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert lines(data) == [["总体情况"], ["正文"]]


@pytest.mark.parametrize(
    "numbering",
    [
        STANDARD.encode()[: len(STANDARD.encode()) // 2],  # not XML
        numbering_xml(num(1, 99)),  # a num whose definition is missing
        numbering_xml(abstract(10, [lvl(0, "decimal", "%1.")]), num(1, 10)),  # the paragraph's level 1 missing
        numbering_xml(  # values that are not numbers, a level without text
            '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="x"/><w:lvl w:ilvl="1">'
            '<w:start w:val="many"/><w:lvlRestart w:val="?"/></w:lvl></w:abstractNum>',
            num(1, 10),
        ),
        b"",
    ],
    ids=["not-xml", "no-abstract", "no-level", "bad-values", "empty"],
)
def test_broken_numbering_costs_only_the_numbers(numbering):
    doc = docx.Document()
    para(doc, "总体情况", 1, 1)
    para(doc, "正文")
    assert lines(saved(doc, numbering)) == [["总体情况"], ["正文"]]


def test_missing_numbering_part_named_in_the_relationships():
    doc = docx.Document()
    para(doc, "总体情况", 1)
    buf, out = io.BytesIO(), io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/numbering.xml":
                dst.writestr(item, src.read(item))
    assert lines(out.getvalue()) == [["总体情况"]]


# ---------------------------------------------------------------- whole reports


def auto_numbered_report(text_path: Path) -> bytes:
    """The published text laid out in Word: typed section and sub-section numbers become automatic numbering."""
    doc = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        t = doc.add_table(rows=len(rows), cols=width)
        for cells, row in zip(rows, t.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=False):
                cell.text = text
        rows.clear()

    for line in text_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if "|" in line:
            rows.append([c.strip() for c in line.split("|")])
            continue
        flush()
        if m := re.match(r"^[一二三四五六]、(.+)$", line):
            para(doc, m.group(1), 1, 0)
        elif m := re.match(r"^（[一二三四五六七八九十]）(.+)$", line):
            para(doc, m.group(1), 1, 1)
        else:
            para(doc, line)
    flush()
    return saved(doc)


def test_auto_numbered_report_reads_like_its_text():
    expected = read_report(CITY)
    data = auto_numbered_report(CITY)
    typed = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "总体情况" in typed and not [t for t in typed if re.match(r"[一二三四五六]、|（[一二三四五]）", t)]
    got = read_bytes(data, "x.docx")
    assert got.provenance.sections_found == expected.provenance.sections_found == ["一", "二", "三", "四", "五", "六"]
    cells = {(t, k): (c.value, c.raw) for t, cs in got.tables.items() for k, c in cs.items()}
    assert cells == {(t, k): (c.value, c.raw) for t, cs in expected.tables.items() for k, c in cs.items()}
    assert len(cells) == 10 + 175 + 15
    for part in ("overview", "problems", "other_matters"):
        assert getattr(got, part).paragraphs() == getattr(expected, part).paragraphs()
    assert [s.heading for s in got.overview.subsections] == [s.heading for s in expected.overview.subsections]
    assert got.overview.subsections[0].heading.startswith("（一）主动公开")
    assert not [f for f in check(got) if f.rule == "SECTION"]


def test_m07_auto_numbered_headings_have_their_sections():
    report = read_report(M07)
    assert report.provenance.sections_found == ["一", "二", "三", "四", "五", "六"]
    assert not [f.message for f in check(report) if f.rule == "SECTION"]
