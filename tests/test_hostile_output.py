"""Hostile strings in every text of a report go out through each export, and through the chat, as words: nothing
that runs, links or fetches survives, and the words still read as typed. (Chromium checks the HTML page and the
chat in tests/test_browser_hostile.py.)"""

from __future__ import annotations

import io
import json
import re
import zipfile

import lxml.html
import pytest

from app.export import export
from app.export.document import assemble
from app.importers import read_bytes
from app.importers.markdown_text import escape, unescape
from app.ui.inert import chat_markdown, literal
from schemas.report import Cell, Report
from tests.conftest import ROOT
from tests.hostile_strings import MARKER, hostile
from tests.llm_server import Reply, llm_server  # noqa: F401 - the fixture
from tests.test_ui import db  # noqa: F401 - the fixture

URL = "http://127.0.0.1:9"  # a closed port; nothing here requests it (the browser tests watch a live server)
STRINGS = hostile(URL)
CELLS = {
    "二": ("regulations.issued", "administrative_fees.fee_amount"),
    "三": ("received.natural_person", "disclosed.total", "carried_over.other_organization"),
    "四": ("administrative_review.upheld", "litigation_direct.total"),
}


def _example() -> Report:
    from app.importers import read_report

    return read_report(ROOT / "examples" / "county-department-2025.json")


def hostile_report() -> Report:
    """The example report with a hostile string in every text an export prints: agency, preface, every narrative
    section (lead, sub-heading, text), and table cells' raw text."""
    report = _example()
    report.meta.agency = STRINGS[1] + "市场监督管理局"
    report.preface = "\n".join(STRINGS)
    for narrative in (report.overview, report.problems, report.other_matters):
        narrative.lead = "\n".join(STRINGS)
        if narrative.subsections:
            narrative.subsections[0].heading = "（一）" + STRINGS[3]
            narrative.subsections[0].text = "\n".join(reversed(STRINGS))
    n = 0
    for table_id, keys in CELLS.items():
        cells = report.tables.setdefault(table_id, {})
        for key in keys:
            assert key in cells, key
            cells[key] = Cell(value=None, raw=STRINGS[(12 + n) % len(STRINGS)])  # =WEBSERVICE(…) first
            n += 1
    return report


def _words(s: str) -> list[str]:
    """The lines of a hostile string as they should read back (each a paragraph, trimmed)."""
    return [ln.strip() for ln in re.split(r"\r\n|[\r\n]", s) if ln.strip()]


# ---------------------------------------------------------------- Markdown


def _unescaped(md: str) -> str:
    """The characters of ``md`` that Markdown reads as syntax: everything not escaped by a backslash."""
    return re.sub(r"\\[!-/:-@\[-`{-~]", "", md)


def test_markdown_escape_round_trips_any_text():
    for s in [*STRINGS, "a\\b\\\\c", "&amp;&lt;", "1. x", "- y", "1.加强", "-3", "---", "a_b _c_ scjgj_gk@x.cn"]:
        line = s.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        assert unescape(escape(line)) == line
        assert unescape(escape(line, line_start=False)) == line


def test_markdown_export_is_inert_keeps_its_layout_and_reads_as_typed():
    report = hostile_report()
    md = export(report, "md").decode("utf-8")
    plain = export(_example(), "md").decode("utf-8")
    syntax = _unescaped(md)
    # raw HTML, autolinks, links, images, reference definitions, code: each needs one of these characters
    assert "<" not in md and ">" not in md
    assert not re.search(r"[\[\]`{}$~]", syntax), re.findall(r".{0,20}[\[\]`{}$~].{0,20}", syntax)[:3]
    assert not re.search(r"&(?!amp;|lt;|gt;)", md)  # no entity but the three the escaping writes
    assert re.findall(r"\*+", syntax) == re.findall(r"\*+", _unescaped(plain))  # only the layout's **bold**
    # the official layout: the same headings and the same table lines, each row as many columns as its header
    headings = [ln for ln in md.split("\n") if ln.startswith("#")]
    assert headings[1:] == [ln for ln in plain.split("\n") if ln.startswith("#")][1:]
    assert headings[0].startswith("# ") and len(headings) == 7
    rows = [ln for ln in md.split("\n") if ln.startswith("|")]
    assert len(rows) == len([ln for ln in plain.split("\n") if ln.startswith("|")])
    for block in re.split(r"\n(?!\|)", "\n".join(ln if ln.startswith("|") else "" for ln in md.split("\n"))):
        counts = {ln.count("|") for ln in block.split("\n") if ln}
        assert len(counts) <= 1, block[:200]
    # no line opens a list, quote, code block or heading of the text's making
    prose = [ln for ln in md.split("\n") if ln and not ln.startswith(("#", "|", "**"))]
    assert not [ln for ln in prose if re.match(r"( {4}|[-+*] |\d+[.)] |>|=+$|-+$)", ln)]
    # a reader (the importer, a person reading the rendered page) gets the words back
    shown = unescape(md)
    for s in STRINGS:
        for words in _words(s):
            assert words.replace("|", "｜") in shown or words in shown, words
    back = read_bytes(md.encode("utf-8"), "r.md")
    # (the hostile title line reads as the preface's first line: a title must name an agency)
    assert back.preface.endswith("\n".join(p.text for p in assemble(report).preface))
    assert back.tables["二"]["regulations.issued"].raw == STRINGS[12]


# ---------------------------------------------------------------- HTML, Word, Excel


def test_html_export_has_no_active_element_attribute_or_url():
    html = export(hostile_report(), "html").decode("utf-8")
    page = lxml.html.document_fromstring(html)
    active = ("script", "img", "iframe", "svg", "a", "link", "object", "embed", "form", "meta[@http-equiv]", "base")
    for tag in active:
        assert not page.xpath(f"//{tag}"), tag
    assert len(page.xpath("//style")) == 1  # the page's own, in <head>
    attributes = {a for el in page.iter() if isinstance(el.tag, str) for a in el.attrib}
    assert not [a for a in attributes if a.startswith("on") or a in ("src", "href", "srcdoc", "action", "formaction")]
    text = page.text_content()
    for s in STRINGS:
        for words in _words(s):
            assert words in text, words


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_word_export_has_no_link_field_or_external_target():
    parts = _parts(export(hostile_report(), "docx"))
    for name, data in parts.items():
        for active in (b"<w:hyperlink", b"<w:fldSimple", b'TargetMode="External"', b"<w:altChunk"):
            assert active not in data, (name, active)
        fields = re.findall(rb"<w:instrText[^>]*>([^<]*)<", data)
        assert all(f.split() == [b"PAGE"] for f in fields), (name, fields)  # the page number only
    body = "".join(lxml.etree.fromstring(parts["word/document.xml"]).itertext())
    for s in STRINGS:
        for words in _words(s):
            assert words in body, words


def test_excel_export_has_no_formula_or_link_and_keeps_the_text():
    from openpyxl import load_workbook

    data = export(hostile_report(), "xlsx")
    for name, part in _parts(data).items():
        assert b"<f>" not in part and b"<hyperlink" not in part and b'TargetMode="External"' not in part, name
    wb = load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.data_type for c in cells if c.value == STRINGS[12]] == ["s"]  # =WEBSERVICE(…) kept as words
    assert wb.worksheets[0]["A1"].data_type == "s"  # the title with the agency


@pytest.mark.slow
def test_pdf_export_has_no_link_or_script():
    from app.export.pdf import soffice

    if soffice() is None:
        pytest.skip("没有 LibreOffice：PDF 导出不可用")
    data = export(hostile_report(), "pdf")
    for active in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"/GoToR", b"/EmbeddedFile"):
        assert active not in data, active


# ---------------------------------------------------------------- the chat's Markdown


def _outside_code(md: str) -> str:
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", md)


def _assert_inert_markdown(md: str) -> None:
    """What Streamlit's Markdown (GFM) could make active in ``md``: nothing."""
    syntax = _unescaped(_outside_code(md))
    assert not re.search(r"[<\[\]`&$]", syntax), syntax[:300]
    assert not re.search(r"https?:|www\.", _unescaped(_outside_code(md)), re.IGNORECASE), md[:300]
    # GFM links an email address; Streamlit makes :smile: an emoji, :material/home: an icon, :red[…] coloured text
    assert not re.search(r"[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\.[A-Za-z0-9]", syntax), syntax[:300]
    assert not re.search(r":(?:[A-Za-z_+-]|\d+[A-Za-z_]|100:|1234:)", syntax), syntax[:300]


def test_literal_opens_no_list_rule_or_heading_and_chat_lines_no_rule_or_heading():
    """「2025. 年报」 would be a list starting at 2025, 「---」 a rule, a line of 「===」 or 「---」 under text a heading."""
    for s in ("- 张三", "1) 李四", "2025. 年报", "---", "+ 王五", "=== 标题", "-", "3."):
        assert re.match(r"\\[-+=]|\d+\\[.)]", literal(s)), literal(s)
        assert not re.match(r"[-+*=](?:\s|$)|-{3}|\d+[.)]", _unescaped(literal(s)))
    for text in ("正文\n---", "正文\n===", "2025. 年报\n正文"):
        lines = chat_markdown(text).split("\n")
        assert not [ln for ln in lines if re.match(r"(?:[-=]{2,}|\d{4,}[.)])", ln)], lines
    assert chat_markdown("- 张三\n1. 李四") == "- 张三  \n1. 李四"  # the chat's own lists stay lists
    assert [literal(s) for s in ("1.本机关不掌握", "-3 件", "2025年")] == ["1.本机关不掌握", "-3 件", "2025年"]


def test_chat_markdown_and_literal_are_inert_and_keep_the_words():
    for s in STRINGS:
        for md in (chat_markdown(s), literal(s)):
            _assert_inert_markdown(md)
        assert MARKER in chat_markdown(s)
    for chained in ("a@b.cn+c@d.cn", "x@y.cn.z@w.cn", "www.a.cn/x@b.cn"):  # addresses one right after another
        _assert_inert_markdown(literal(chained))
        _assert_inert_markdown(chat_markdown(chained))
    explained = "**1. 错误：表三合计**\n- 位置：表三「总计」列\n> 《条例》第五十条\n自然人 5 + 商业企业 2 = 合计 7"
    assert chat_markdown(explained) == (
        "**1. 错误：表三合计**  \n- 位置：表三「总计」列  \n> 《条例》第五十条  \n自然人 5 + 商业企业 2 = 合计 7"
    )


@pytest.mark.slow  # an AppTest run of the page
def test_the_chat_shows_hostile_model_and_user_text_inert(monkeypatch, db, llm_server):  # noqa: F811
    """A question about the format answered by a prompt-injected model, the user's own hostile message, a hostile
    proposal summary: every Markdown element of the page is inert."""
    from tests.test_ui_chat import _ask, _model
    from tests.test_ui_chat import app as chat_app

    _model(monkeypatch, llm_server)
    at = chat_app("drafting")
    reply = "截止日期是1月31日。\n" + "\n".join(STRINGS)
    llm_server.add(Reply(json.dumps({"answer": reply, "entries": ["deadline"]}, ensure_ascii=False)))
    _ask(at, "截止日期是哪天？" + STRINGS[4])
    shown = [m.value for block in at.chat_message for m in block.markdown]
    assert any(MARKER in v for v in shown) and any("截止日期是哪天" in v for v in shown)
    for kind in ("markdown", "caption", "error", "warning", "info", "success"):
        for element in getattr(at, kind):
            if any(k in str(element.value) for k in (MARKER, "127.0.0.1")):
                _assert_inert_markdown(str(element.value))


@pytest.mark.slow  # an AppTest run of the page
def test_a_hostile_agency_and_user_name_show_inert_on_the_pages(db):  # noqa: F811
    """The agency of a report (typed, or from an imported JSON) and the user's name reach the sidebar, the title
    line and the notices of every page."""
    from app.storage import Store
    from tests.test_ui import app as ui_app

    ui_app("home")  # the first start loads the examples
    report = _example()
    report.meta.agency = STRINGS[4] + "局"
    store = Store.open(db)
    try:
        rid = store.create_report(report, who=STRINGS[5], role="clerk")
    finally:
        store.close()
    at = ui_app("home", who=STRINGS[4])
    at.selectbox(key="open_choice").set_value(rid).run()
    next(b for b in at.button if b.label == "打开").click().run()
    assert not at.exception, at.exception
    shown = [str(e.value) for e in at.success]  # 已打开：…
    at.switch_page("pages/materials.py").run()  # any page: the sidebar and the title line name the open report
    assert not at.exception, at.exception
    shown += [str(e.value) for kind in ("caption", "success", "markdown") for e in getattr(at, kind)]
    assert sum(MARKER in v for v in shown) >= 3, shown  # the notice, the sidebar and the title line
    for v in shown:
        if MARKER in v or "127.0.0.1" in v:
            _assert_inert_markdown(v)


@pytest.mark.slow  # an AppTest run of the page
def test_a_hostile_proposal_shows_inert_summary_findings_and_diff(monkeypatch, db, llm_server):  # noqa: F811
    """A prompt-injected revision: its summary, the findings that quote its sentences and the diff are inert."""
    from tests.test_ui_chat import _ask, _model, _revision, _section_one
    from tests.test_ui_chat import app as chat_app

    _model(monkeypatch, llm_server)
    at = chat_app("drafting")
    at.selectbox(key="chat_section:drafting").set_value("一").run()
    text = _section_one(db, at) + "\n" + "\n".join(f"{s}全年开展专项督查13次。" for s in STRINGS)
    llm_server.add(Reply(_revision(text, " ".join(STRINGS))))
    _ask(at, "补充督查情况")
    assert any("待采纳的建议" in str(e.value) and MARKER in str(e.value) for e in at.markdown)
    assert any(MARKER in str(e.value) for e in at.error)  # 13次 has no source: the finding quotes the sentence
    for kind in ("markdown", "caption", "error", "warning"):
        for element in getattr(at, kind):
            if any(k in str(element.value) for k in (MARKER, "127.0.0.1")):
                _assert_inert_markdown(str(element.value))
    diff = "".join(h.value for h in at.get("html") if MARKER in h.value)
    assert "line-through" not in diff and "underline" in diff  # the added sentences, escaped
    assert set(re.findall(r"<(\w+)", diff)) <= {"p", "span"}


# ---------------------------------------------------------------- control characters, odd numbers

CONTROLS = ("\x0b", "\x0c", "\x07", "\x00", "\x1b", "\ufffe", "\ud800")


def test_control_characters_in_any_text_export_to_word_and_excel_as_the_words_around_them():
    """A JSON report can carry characters XML cannot hold: the exports drop them and keep the rest."""
    from openpyxl import load_workbook

    for ch in CONTROLS:
        report = _example()
        report.meta.agency = f"示例{ch}县市场监督管理局"
        report.overview.lead = f"第一段{ch}续写"
        report.tables["三"]["received.natural_person"] = Cell(value=None, raw=f"3{ch}8")
        report.tables["二"]["regulations.issued"] = Cell(value=None, raw=f"说明{ch}文字")
        body = "".join(lxml.etree.fromstring(_parts(export(report, "docx"))["word/document.xml"]).itertext())
        assert "示例县市场监督管理局" in body and "第一段续写" in body and "说明文字" in body, repr(ch)
        wb = load_workbook(io.BytesIO(export(report, "xlsx")))
        values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert "说明文字" in values and "38" in [str(v) for v in values], repr(ch)
        report.meta.signoff.reviewer = f"张{ch}三"  # the author of the revision marks
        marked = _parts(export(report, "docx", drafts={"一": f"草稿{ch}文字"}))["word/document.xml"]
        assert 'w:author="张三"' in marked.decode("utf-8"), repr(ch)
        for fmt in ("md", "html"):
            text = export(report, fmt).decode("utf-8")
            assert ch not in text and "第一段续写" in text, (fmt, repr(ch))


@pytest.mark.slow
def test_control_characters_export_to_pdf():
    from app.export.pdf import soffice

    if soffice() is None:
        pytest.skip("没有 LibreOffice：PDF 导出不可用")
    report = _example()
    report.overview.lead = "第一段\x0b续写\x00"
    assert export(report, "pdf").startswith(b"%PDF")


def test_excel_writes_only_a_finite_number_as_a_number():
    from openpyxl import load_workbook

    from app.export.workbook import excel_value

    odd = ("Infinity", "-Infinity", "inf", "NaN", "nan", "sNaN", "-sNaN", "1e999", "1" * 5000)
    for raw in odd:
        assert excel_value(raw) == raw, raw
    assert (excel_value("12"), excel_value("0.5"), excel_value("-3")) == (12, 0.5, -3)
    report = _example()
    keys = ("received.natural_person", "disclosed.total", "carried_over.other_organization")
    for raw, key in zip(odd[:3], keys, strict=True):
        report.tables["三"][key] = Cell(value=None, raw=raw)
    wb = load_workbook(io.BytesIO(export(report, "xlsx")))
    values = [c.value for row in wb["表三"].iter_rows() for c in row]
    assert {"Infinity", "-Infinity", "inf"} <= set(values)


def test_readers_drop_control_characters_from_text():
    """A published report (text, Markdown, a web page) with control characters in its prose reads without them; a
    form feed (a new page in pdftotext's output) or a vertical tab (Word's line break) is a line break."""
    report = _example()
    report.overview.lead = "全年主动公开信息。"
    md = export(report, "md").decode("utf-8").replace("全年主动公开信息。", "全年\x07主动\x1b公开\x08信息。\x0c")
    html = export(report, "html").decode("utf-8").replace("全年主动公开信息。", "全年&#7;主动\x1b公开\x07信息。\x0b")
    for name, data in (("r.md", md), ("r.txt", md), ("r.html", html)):
        back = read_bytes(data.encode("utf-8"), name)
        text = back.model_dump_json()
        assert "全年主动公开信息" in text, (name, text[:400])
        assert not re.search(r"\\u00(?:0[0-8bcef]|1[0-9a-f])|\\[bf]", text), name  # JSON writes \b \f for two of them
