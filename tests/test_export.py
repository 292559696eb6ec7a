"""Export: the document model, Word (公文 layout), HTML, Markdown, Excel, revision marks and `nianbao export`.

Everything here is offline and fast; rendering through LibreOffice is in test_export_render.py.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from app.export import ExportError, export, format_of
from app.export.document import MISSING, assemble
from app.export.grids import grid
from app.export.revisions import Reviser, diff_paragraphs, tokens
from app.export.word import to_docx
from app.importers import read_bytes, read_report
from schemas.drafting import SectionDrafting
from schemas.registry import SECTIONS, TABLE_IDS, tables
from schemas.report import Cell, Provenance, Report
from tests.conftest import ROOT
from tests.factories import consistent_report

EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = ("county-department-2025", "county-department-2025-with-errors", "qihuxiang-2020")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def example(name: str) -> Report:
    return read_report(EXAMPLES / f"{name}.json")


def cells_of(report: Report) -> dict[tuple[str, str], tuple[object, str]]:
    return {(t, k): (c.value, c.raw) for t, cells in report.tables.items() for k, c in cells.items()}


def assert_same_sections(got: Report, expected: Report) -> None:
    assert got.preface == expected.preface
    assert got.overview.paragraphs() == expected.overview.paragraphs()
    assert got.problems.paragraphs() == expected.problems.paragraphs()
    assert got.other_matters.paragraphs() == expected.other_matters.paragraphs()


# ---------------------------------------------------------------- round trips through the importer


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_round_trip_gives_back_tables_and_sections(name, fmt):
    report = example(name)
    got = read_bytes(export(report, fmt), f"report.{fmt}")
    assert cells_of(got) == cells_of(report)
    assert (got.meta.agency, got.meta.year, got.meta.format_version) == (
        report.meta.agency,
        report.meta.year,
        report.meta.format_version,
    )
    assert_same_sections(got, report)
    assert [f.message for f in got.provenance.findings if f.rule in ("PARSE", "LABEL")] == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_xlsx_round_trip_gives_back_the_tables(name):
    report = example(name)
    got = read_bytes(export(report, "xlsx"), "report.xlsx")
    assert cells_of(got) == cells_of(report)
    assert (got.meta.agency, got.meta.year, got.meta.format_version) == (
        report.meta.agency,
        report.meta.year,
        report.meta.format_version,
    )
    assert [f.message for f in got.provenance.findings if f.rule in ("PARSE", "LABEL")] == []


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_generated_reports_round_trip(version, fmt):
    """Random consistent tables (decimals, negative 本年增/减) come back cell for cell."""
    for seed in range(3):
        report = consistent_report(seed, version)
        got = read_bytes(export(report, fmt), f"r.{fmt}")
        assert cells_of(got) == cells_of(report), (seed, fmt)


def test_values_keep_their_text_and_the_procurement_unit():
    report = example("qihuxiang-2020")
    report.meta.procurement_amount_unit = "万元"
    report.tables["二"]["government_procurement.procurement_amount"] = Cell(value=12.5, raw="12.50")
    report.tables["二"]["administrative_fees.change"] = Cell(value=-3, raw="-3")
    report.tables["三"]["received.natural_person"] = Cell(value=None, raw="/")  # text where a number belongs
    for fmt in ("docx", "html", "md", "xlsx"):
        got = read_bytes(export(report, fmt), f"r.{fmt}")
        assert cells_of(got) == cells_of(report), fmt
        assert got.meta.procurement_amount_unit == "万元", fmt


def test_a_filled_excel_template_reads_back():
    """The workbook of an empty report is a form: fill its value cells, and the importer reads the figures."""
    from openpyxl import load_workbook

    expected = consistent_report(7, "2021", year=2025)
    blank = expected.model_copy(deep=True)
    blank.tables = {}
    wb = load_workbook(io.BytesIO(export(blank, "xlsx")))
    for ws, table_id in zip(wb.worksheets, TABLE_IDS, strict=True):
        top = 4 if table_id == "二" else 2  # title row and an empty row on the first sheet, then the heading
        validated = {str(c) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges for c in [r]}
        values = [c for c in grid(expected, table_id).cells if c.role == "value"]
        assert len(validated) == len(values)
        for c in values:
            cell = ws.cell(top + c.row, c.col + 1)
            assert cell.value is None and cell.coordinate in validated
            cell.value = float(c.text) if "." in c.text else int(c.text)
    buf = io.BytesIO()
    wb.save(buf)
    got = read_bytes(buf.getvalue(), "填报.xlsx")
    assert {k: v for k, (v, _) in cells_of(got).items()} == {k: v for k, (v, _) in cells_of(expected).items()}
    assert (got.meta.agency, got.meta.year) == ("示例县测试局", 2025)


# ---------------------------------------------------------------- the document model


def test_missing_narrative_and_date_are_marked_never_silently_empty():
    report = Report()
    report.meta.agency, report.meta.year = "某某局", 2025
    document = assemble(report)
    assert document.title == "某某局2025年政府信息公开工作年度报告"
    assert [p.text for p in document.preface] == [MISSING]
    narratives = [s for s in document.sections if s.table is None]
    assert [s.number for s in narratives] == ["一", "五", "六"]
    assert all(s.paragraphs[0].missing and s.paragraphs[0].text == MISSING for s in narratives)
    assert document.date.startswith("【待补充")
    for fmt in ("docx", "html", "md"):
        text = _visible_text(export(report, fmt), fmt)
        assert text.count(MISSING) >= 4, fmt


def test_closing_date_comes_from_signoff_then_publication():
    report = example("county-department-2025")
    assert assemble(report).closing == ("示例县市场监督管理局", "2026年1月16日")
    report.meta.signoff.date = None
    assert assemble(report).date == "2026年1月20日"


SENTINELS = ("内部素材不公开XYZ", "本地要求不公开XYZ", "导入来源不公开XYZ", "起草记录不公开XYZ")


def _leaky_report() -> Report:
    report = example("county-department-2025")
    report.notes.general = SENTINELS[0]
    report.requirements.checklist = [SENTINELS[1]]
    report.provenance = Provenance(source=SENTINELS[2], title=SENTINELS[2])
    report.drafting["一"] = SectionDrafting(mode="template", draft_text=SENTINELS[3], replaced_text=SENTINELS[3])
    return report


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_internal_fields_never_reach_an_export(fmt):
    data = export(_leaky_report(), fmt)
    blobs = [data]
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            blobs = [z.read(n) for n in z.namelist()]
    for sentinel in SENTINELS:
        assert not any(sentinel.encode() in b for b in blobs), sentinel


# ---------------------------------------------------------------- the Word file inspected


@pytest.fixture(scope="module")
def county_docx() -> bytes:
    return export(example("county-department-2025"), "docx")


def _xml(data: bytes, part: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def _visible_text(data: bytes, fmt: str) -> str:
    if fmt == "docx":
        return "".join(_xml(data, "word/document.xml").itertext())
    if fmt == "html":
        import lxml.html

        return lxml.html.document_fromstring(data.decode("utf-8")).text_content()
    from app.importers.markdown_text import unescape  # what a Markdown engine shows of the escaped text

    return unescape(data.decode("utf-8"))


def test_docx_page_is_gb_t_9704(county_docx):
    import docx

    doc = docx.Document(io.BytesIO(county_docx))
    s = doc.sections[0]

    def mm(length) -> float:
        return round(length / 36000, 1)  # EMU

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert tuple(map(mm, (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin))) == (37, 35, 28, 26)
    assert mm(s.page_width - s.left_margin - s.right_margin) == 156
    assert s._sectPr.find(f"{W}docGrid") is None
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer._element.find(f"{W}p")
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == align
        assert " PAGE " in "".join(p.itertext()) and "".join(p.itertext()).startswith("— ")
        assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "PageNumber"


def _style(styles, style_id: str):
    return styles.find(f"w:style[@w:styleId='{style_id}']", NS)


def test_docx_fonts_are_set_in_the_east_asian_slot(county_docx):
    styles = _xml(county_docx, "word/styles.xml")
    theme_attrs = [a for f in styles.iter(f"{W}rFonts") for a in f.attrib if "Theme" in a or "theme" in a]
    assert theme_attrs == []  # a theme attribute would win over the named font
    expected = {
        "Normal": ("仿宋_GB2312", "32"),
        "ReportTitle": ("方正小标宋简体", "44"),
        "SectionHeading": ("黑体", None),
        "SubHeading": ("楷体_GB2312", None),
        "PageNumber": ("宋体", "28"),
        "TableText": (None, "21"),
    }
    for style_id, (font, size) in expected.items():
        style = _style(styles, style_id)
        assert style is not None, style_id
        if font:
            assert style.find("w:rPr/w:rFonts", NS).get(f"{W}eastAsia") == font, style_id
        if size:
            assert style.find("w:rPr/w:sz", NS).get(f"{W}val") == size, style_id
    normal = _style(styles, "Normal")
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")  # 28.95 pt
    assert normal.find("w:rPr/w:spacing", NS).get(f"{W}val") == "-5"  # −0.25 pt
    assert normal.find("w:pPr/w:ind", NS).get(f"{W}firstLineChars") == "200"
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert _style(styles, "ReportTitle").find("w:pPr/w:jc", NS).get(f"{W}val") == "center"


def test_docx_paragraphs_use_the_right_styles(county_docx):
    body = _xml(county_docx, "word/document.xml").find("w:body", NS)
    styled = {}
    for p in body.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        styled["".join(p.itertext())] = style.get(f"{W}val") if style is not None else "Normal"
    assert styled["示例县市场监督管理局2025年政府信息公开工作年度报告"] == "ReportTitle"
    for number, heading in SECTIONS:
        assert styled[f"{number}、{heading}"] == "SectionHeading"
    assert styled["（一）主动公开"] == "SubHeading"
    assert styled["（三）改进措施"] == "SubHeading"
    assert styled["2026年1月16日"] == "Closing"
    assert styled[example("county-department-2025").preface] == "Normal"


def _tables(data: bytes):
    return _xml(data, "word/document.xml").findall("w:body/w:tbl", NS)


def _cell_texts(tbl) -> list[list[str]]:
    return [["".join(tc.itertext()) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]


def _tc(tbl, text: str):
    for tc in tbl.iter(f"{W}tc"):
        if "".join(tc.itertext()) == text:
            return tc
    raise AssertionError(text)


def _span(tc) -> tuple[str | None, str | None]:
    span = tc.find("w:tcPr/w:gridSpan", NS)
    vmerge = tc.find("w:tcPr/w:vMerge", NS)
    return (
        span.get(f"{W}val") if span is not None else None,
        (vmerge.get(f"{W}val") or "continue") if vmerge is not None else None,
    )


def test_docx_tables_merge_where_the_official_tables_merge(county_docx):
    t2, t3, t4 = _tables(county_docx)
    assert _span(_tc(t2, "第二十条第（一）项")) == ("4", None)
    assert _span(_tc(t2, "本年收费金额（单位：万元）")) == ("3", None)
    assert _span(_tc(t2, "3864")) == ("3", None)
    assert _span(_tc(t3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")) == ("3", "restart")
    assert _span(_tc(t3, "申请人情况")) == ("7", None)
    assert _span(_tc(t3, "法人或其他组织")) == ("5", None)
    assert _span(_tc(t3, "自然人")) == (None, "restart")
    assert _span(_tc(t3, "三、本年度办理结果")) == (None, "restart")
    assert _span(_tc(t3, "（三）不予公开")) == (None, "restart")
    assert _span(_tc(t3, "一、本年新收政府信息公开申请数量")) == ("3", None)
    assert _span(_tc(t3, "（一）予以公开")) == ("2", None)
    assert _span(_tc(t4, "行政诉讼")) == ("10", None)
    assert _span(_tc(t4, "未经复议直接起诉")) == ("5", None)
    assert _span(_tc(t4, "结果维持")) == (None, "restart")
    # the rows under a vertical merge continue it
    continued = [tc for tc in t3.iter(f"{W}tc") if _span(tc)[1] == "continue"]
    assert len(continued) >= 2 + 22  # the corner note's two rows, 本年度办理结果's rows below its first
    # every table fits the 156 mm text width
    for tbl in (t2, t3, t4):
        widths = [int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert abs(sum(widths) - 156 * 1440 / 25.4) < 10


def test_docx_header_rows_repeat_and_rows_do_not_split(county_docx):
    _, t3, t4 = _tables(county_docx)
    for tbl in (t3, t4):
        rows = tbl.findall("w:tr", NS)
        repeat = [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in rows]
        assert repeat[:3] == [True, True, True] and not any(repeat[3:])
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in rows)
    size = _style(_xml(county_docx, "word/styles.xml"), "TableText").find("w:rPr/w:sz", NS).get(f"{W}val")
    assert 21 <= int(size) <= 24  # 10.5–12 pt inside tables


@pytest.mark.parametrize("name", ["county-department-2025", "qihuxiang-2020"])
def test_every_official_label_is_in_the_word_file(name):
    report = example(name)
    text = "\n".join("".join(tc.itertext()) for tbl in _tables(export(report, "docx")) for tc in tbl.iter(f"{W}tc"))
    labels = set()
    for t in tables(report.meta.format_version):
        labels.add(t.note or "")
        for row in t.rows:
            labels |= {row.label, row.group or "", row.header or ""}
            labels |= {c.label for c in row.columns} | {c.parent or "" for c in row.columns}
    labels.discard("")
    cells = set(text.split("\n"))
    assert labels <= cells, labels - cells


def test_zeros_print_as_0_and_a_blank_cell_stays_blank():
    t2 = _tables(export(example("county-department-2025-with-errors"), "docx"))[0]
    rows = _cell_texts(t2)
    assert ["规章", "0", "0", "0"] in rows
    assert ["行政事业性收费", ""] in rows  # 本年收费金额 left blank: a finding, not a 0
    fee = _tables(export(example("county-department-2025"), "docx"))[0]
    assert ["行政事业性收费", "0"] in _cell_texts(fee)


TRICKY = "申请人称“A<B & C>D”，要求公开'测试'资料；<script>alert(1)</script> & 其他 &amp; 字样"


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_markup_characters_and_quotes_survive(fmt):
    report = example("county-department-2025")
    report.preface = TRICKY
    report.overview.subsections[0].text = TRICKY
    data = export(report, fmt)
    if fmt == "html":
        assert b"<script>" not in data and b"&lt;script&gt;" in data
    assert TRICKY in _visible_text(data, fmt)
    got = read_bytes(data, f"r.{fmt}")
    assert got.preface == TRICKY
    assert TRICKY in got.overview.paragraphs()


def test_curly_quotes_are_set_in_the_chinese_font(county_docx):
    body = _xml(county_docx, "word/document.xml")
    quoted = [r for r in body.iter(f"{W}r") if (r.findtext(f"{W}t") or "") in ("“", "”")]
    assert quoted
    for r in quoted:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts.get(f"{W}hint") == "eastAsia" and fonts.get(f"{W}ascii") == fonts.get(f"{W}eastAsia")


def test_html_is_one_self_contained_page_with_merged_tables():
    html = export(example("county-department-2025"), "html").decode("utf-8")
    assert "<style>" in html and "<link" not in html and "<script" not in html and " src=" not in html
    assert 'colspan="7">申请人情况</th>' in html
    assert 'rowspan="3" colspan="3">（本列数据的勾稽关系为' in html
    assert 'colspan="10">行政诉讼</th>' in html
    assert html.count("<table") == 3 and html.count("<thead>") == 2


def test_markdown_flattens_headers():
    md = export(example("county-department-2025"), "md").decode("utf-8")
    assert "| 行政诉讼/未经复议直接起诉/结果维持 |" in md
    assert "申请人情况/法人或其他组织/商业企业" in md
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in md
    assert "| （三）不予公开 |" in md  # group headings keep a row of their own


def test_format_of_file_names():
    assert [format_of(f"a{s}") for s in (".docx", ".HTML", ".htm", ".md", ".pdf", ".xlsx")] == [
        "docx",
        "html",
        "html",
        "md",
        "pdf",
        "xlsx",
    ]
    with pytest.raises(ExportError, match="不支持导出"):
        format_of("a.odt")


# ---------------------------------------------------------------- revision marks


def _segments(paragraphs) -> tuple[str, str]:
    """(old, new) text of revised paragraphs, paragraph marks as "\\n" on the side they exist on."""
    old, new = [], []
    for p in paragraphs:
        for status, text in p.runs:
            if status != "insert":
                old.append(text)
            if status != "delete":
                new.append(text)
        if p.mark != "insert":
            old.append("\n")
        if p.mark != "delete":
            new.append("\n")
    return "".join(old).rstrip("\n"), "".join(new).rstrip("\n")


def test_tokens_keep_numbers_and_words_whole():
    assert tokens("2024年收到59件，email a.b@x.cn") == [
        "2024",
        "年",
        "收",
        "到",
        "59",
        "件",
        "，",
        "email",
        " ",
        "a.b@x.cn",
    ]


def test_diff_marks_a_changed_number_as_one_replacement():
    (p,) = diff_paragraphs("本年新收申请58件。", "本年新收申请59件。")
    assert p.runs == [("equal", "本年新收申请"), ("delete", "58"), ("insert", "59"), ("equal", "件。")]


def test_diff_folds_tiny_unchanged_islands_into_the_change():
    (p,) = diff_paragraphs("认真贯彻落实条例。", "全面深入贯彻落实条例。")
    assert [s for s, _ in p.runs].count("delete") == 1
    (p,) = diff_paragraphs("甲乙丙丁戊己庚辛。", "子乙丑丁寅己卯辛。")  # alternate characters changed
    assert p.runs == [("delete", "甲乙丙丁戊己庚"), ("insert", "子乙丑丁寅己卯"), ("equal", "辛。")]


def test_diff_paragraph_marks():
    ps = diff_paragraphs("第一段。\n第二段。", "第一段。\n新增一段。\n第二段。")
    assert _segments(ps) == ("第一段。\n第二段。", "第一段。\n新增一段。\n第二段。")
    assert any(p.mark == "insert" for p in ps)
    ps = diff_paragraphs("第一段。\n第二段。", "第一段。第二段。")  # two paragraphs joined
    assert [p.mark for p in ps] == ["delete", "equal"]


_chinese = st.text(alphabet="政府信息公开年度报告申请件数一二三，。2059\n", max_size=60)


@settings(max_examples=200, deadline=None)
@given(_chinese, _chinese)
def test_diff_reproduces_both_texts(draft, final):
    def norm(t: str) -> str:
        return "\n".join(p.strip() for p in t.split("\n") if p.strip())

    assert _segments(diff_paragraphs(draft, final)) == (norm(draft), norm(final))


DRAFTS = {
    "前言": "本报告依据条例编制。",
    "一": "2024年，本局认真落实条例。\n（一）主动公开\n按照规定主动公开政府信息。\n全年收到申请58件。",
}


def _reviewed() -> Report:
    report = example("county-department-2025")
    report.preface = "此报告依据条例和上级要求编制。"
    report.overview.lead = "2025年，本局全面落实条例。"
    report.overview.subsections = report.overview.subsections[:1]
    report.overview.subsections[0].text = "全年收到申请59件。\n新增平台建设情况。"
    return report


def _accept(body, *, reject: bool = False) -> str:
    """The text after accepting (or rejecting) every tracked change, paragraphs on lines."""
    keep, drop = (f"{W}del", f"{W}ins") if reject else (f"{W}ins", f"{W}del")
    out = []
    for p in body.findall("w:p", NS):
        text = "".join(
            (t.text or "") for t in p.iter(f"{W}t", f"{W}delText") if not any(a.tag == drop for a in t.iterancestors())
        )
        mark = p.find("w:pPr/w:rPr", NS)
        joined = mark is not None and mark.find(drop) is not None
        out.append(text + ("" if joined else "\n"))
    return "".join(out)


def test_tracked_docx_has_insertions_and_deletions_with_author_and_date():
    when = dt.datetime(2026, 1, 18, 9, 30, tzinfo=dt.UTC)
    data = export(_reviewed(), "docx", drafts=DRAFTS, author="王审核", date=when)
    body = _xml(data, "word/document.xml").find("w:body", NS)
    marks = list(body.iter(f"{W}ins", f"{W}del"))
    assert marks and all(m.get(f"{W}author") == "王审核" for m in marks)
    assert all(m.get(f"{W}date") == "2026-01-18T09:30:00Z" for m in marks)
    ids = [m.get(f"{W}id") for m in marks]
    assert len(set(ids)) == len(ids)
    deleted = ["".join(m.itertext()) for m in body.iter(f"{W}del") if m.getparent().tag == f"{W}p"]
    assert all(m.find(f"{W}r/{W}t") is None for m in body.iter(f"{W}del"))  # deleted text is w:delText
    assert "58" in deleted and "认真" in deleted
    inserted = ["".join(m.itertext()) for m in body.iter(f"{W}ins")]
    assert "59" in inserted and "全面" in inserted
    accepted, rejected = _accept(body), _accept(body, reject=True)
    assert "此报告依据条例和上级要求编制。\n" in accepted and "本报告依据条例编制。\n" in rejected
    assert "2025年，本局全面落实条例。\n（一）主动公开\n全年收到申请59件。\n新增平台建设情况。\n" in accepted
    assert "2024年，本局认真落实条例。\n（一）主动公开\n按照规定主动公开政府信息。\n全年收到申请58件。\n" in rejected
    # sections without a draft are printed as they are; the tables are untouched
    assert "（一）上年问题整改情况" in accepted and len(body.findall("w:tbl", NS)) == 3


def test_revised_sub_headings_keep_their_style():
    data = export(_reviewed(), "docx", drafts=DRAFTS, author="王审核")
    body = _xml(data, "word/document.xml").find("w:body", NS)
    heading = next(p for p in body.findall("w:p", NS) if "".join(p.itertext()) == "（一）主动公开")
    assert heading.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "SubHeading"


def test_revision_marks_only_in_word():
    with pytest.raises(ExportError, match="修订标记"):
        export(_reviewed(), "html", drafts=DRAFTS)


def test_reviser_stamps_utc():
    r = Reviser("甲", dt.datetime(2026, 1, 18, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert r.stamp == "2026-01-18T09:30:00Z"


# ---------------------------------------------------------------- nianbao export


def nianbao(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=env,
    )


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_cli_exports_every_format(tmp_path, fmt):
    out = tmp_path / f"年报.{fmt}"
    p = nianbao("export", EXAMPLES / "county-department-2025.json", "-o", out, "--strict")
    assert p.returncode == 0, p.stderr
    assert f"已写入 {out}" in p.stdout
    assert cells_of(read_report(out)) == cells_of(example("county-department-2025"))


def test_cli_strict_refuses_a_report_with_errors_and_lists_them(tmp_path):
    out = tmp_path / "x.docx"
    p = nianbao("export", EXAMPLES / "county-department-2025-with-errors.json", "-o", out, "--strict")
    assert p.returncode == 1
    assert not out.exists()
    for rule in ("CELL", "R-C", "R-D", "R-E"):
        assert f"错误 {rule}：" in p.stderr
    assert "未导出" in p.stderr and "Traceback" not in p.stderr


def test_cli_without_strict_exports_and_warns(tmp_path):
    out = tmp_path / "x.html"
    p = nianbao("export", EXAMPLES / "county-department-2025-with-errors.json", "-o", out)
    assert p.returncode == 0 and out.exists()
    assert "仍有 4 个错误" in p.stderr


def test_cli_unreadable_input_and_unknown_format_exit_2(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"\x00garbage" * 50)
    p = nianbao("export", junk, "-o", tmp_path / "x.docx")
    assert p.returncode == 2 and "无法读取" in p.stderr and "Traceback" not in p.stderr
    p = nianbao("export", EXAMPLES / "county-department-2025.json", "-o", tmp_path / "x.odt")
    assert p.returncode == 2 and "不支持导出" in p.stderr


def test_cli_track_changes_from_a_draft_report(tmp_path):
    draft = example("county-department-2025")
    draft.preface = DRAFTS["前言"]
    draft_file = tmp_path / "draft.json"
    draft_file.write_text(draft.model_dump_json(), encoding="utf-8")
    final_file = tmp_path / "final.json"
    final = example("county-department-2025")
    final.meta.signoff.reviewer = "陈立"
    final.preface = "此报告依据条例和上级要求编制。"
    final_file.write_text(final.model_dump_json(), encoding="utf-8")
    out = tmp_path / "修订.docx"
    p = nianbao("export", final_file, "-o", out, "--draft", draft_file, "--track-changes")
    assert p.returncode == 0, p.stderr
    body = _xml(out.read_bytes(), "word/document.xml").find("w:body", NS)
    authors = {m.get(f"{W}author") for m in body.iter(f"{W}ins", f"{W}del")}
    assert authors == {"陈立"}
    assert "此报告依据条例和上级要求编制。\n" in _accept(body)


def test_cli_track_changes_uses_the_stored_draft(tmp_path):
    report = example("county-department-2025")
    report.drafting["五"] = SectionDrafting(mode="template", draft_text="旧的问题表述。")
    src = tmp_path / "r.json"
    src.write_text(report.model_dump_json(), encoding="utf-8")
    out = tmp_path / "r.docx"
    p = nianbao("export", src, "-o", out, "--track-changes", "--author", "李四")
    assert p.returncode == 0, p.stderr
    body = _xml(out.read_bytes(), "word/document.xml").find("w:body", NS)
    deleted = "".join(t.text for t in body.iter(f"{W}delText"))
    assert "旧的问题表述" in deleted
    assert {m.get(f"{W}author") for m in body.iter(f"{W}ins", f"{W}del")} == {"李四"}


def test_cli_track_changes_without_any_draft_says_so(tmp_path):
    p = nianbao("export", EXAMPLES / "county-department-2025.json", "-o", tmp_path / "x.docx", "--track-changes")
    assert p.returncode == 2 and "没有可对照的草稿" in p.stderr
    p = nianbao("export", EXAMPLES / "county-department-2025.json", "-o", tmp_path / "x.md", "--track-changes")
    assert p.returncode == 2 and "修订标记只能导出为 Word" in p.stderr


def test_cli_pdf_without_libreoffice_names_the_package(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    p = nianbao("export", EXAMPLES / "county-department-2025.json", "-o", tmp_path / "x.pdf", env=env)
    assert p.returncode == 2
    assert "libreoffice-writer-nogui" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_docx_export_of_the_document_model_without_title_or_closing():
    """A body-only document (used for the line-grid check) has no title, blank line or signature block."""
    document = assemble(example("county-department-2025"))
    document.title_lines, document.sections, document.agency, document.date = (), [], "", ""
    body = _xml(to_docx(document), "word/document.xml").find("w:body", NS)
    texts = ["".join(p.itertext()) for p in body.findall("w:p", NS)]
    assert texts == [p.text for p in document.preface]


def test_export_module_imports_no_ui_or_model_library():
    code = "import sys, app.export, app.export.word, app.export.cli; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "streamlit" not in out and "openai" not in out


def test_revisions_module_has_no_python_docx_at_import():
    """Diffing is pure: python-docx is imported only when a paragraph is written."""
    code = "import sys, app.export.revisions; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "False"
