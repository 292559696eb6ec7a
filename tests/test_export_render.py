"""The exports rendered for real: .docx → PDF → PNG through LibreOffice and poppler, with the project's fonts.conf.

Needs soffice, pdftoppm and the CJK fonts that scripts/system-packages.sh installs. The PNGs of page 1, the
table pages and a page with revision marks are written to a temporary folder; with NIANBAO_UPDATE_DOCS=1 they
are copied to docs/ (the README shows them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from app.export import export
from app.export.document import Document, Paragraph
from app.export.pdf import convert, docx_to_pdf
from app.export.word import to_docx
from tests.conftest import ROOT
from tests.test_export import DRAFTS, _reviewed, example

pytestmark = pytest.mark.slow

DOCS = ROOT / "docs"
COUNTY_PAGES = 7


def _require(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.fail(
            f"缺少 {'、'.join(missing)}：渲染测试需要 LibreOffice 和 poppler，请先运行 bash scripts/system-packages.sh"
        )


@pytest.fixture(scope="module")
def county_pdf(tmp_path_factory) -> Path:
    _require("soffice", "pdftoppm", "pdffonts")
    path = tmp_path_factory.mktemp("render") / "county.pdf"
    path.write_bytes(export(example("county-department-2025"), "pdf"))
    return path


def _pages(pdf: Path):
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            yield page.width, page.extract_words(), page.extract_text()


def _tables_per_page(pdf: Path) -> list[int]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [len(page.find_tables()) for page in doc.pages]


def _png(pdf: Path, page: int, out: Path) -> Path:
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(out)],
        check=True,
        timeout=60,
    )
    png = out.with_suffix(".png")
    assert png.stat().st_size > 20_000  # a page with text on it, not a blank
    if os.environ.get("NIANBAO_UPDATE_DOCS") == "1":
        from PIL import Image

        with Image.open(png) as image:  # a 64-colour palette keeps the repository small and the text crisp
            image.convert("RGB").quantize(64).save(DOCS / png.name, optimize=True)
    return png


def test_report_pages_and_page_numbers(county_pdf):
    """Seven pages; 「— n —」 on each, odd pages on the right, even pages on the left."""
    pages = list(_pages(county_pdf))
    assert len(pages) == COUNTY_PAGES
    for n, (width, words, _) in enumerate(pages, start=1):
        number = [w for w in words if w["text"] == str(n)]
        assert number, f"page {n} has no page number"
        w = max(number, key=lambda w: w["top"])  # the lowest "n" on the page is the footer
        dashes = [d for d in words if d["text"] in ("—", f"—{n}—", f"— {n} —") and abs(d["top"] - w["top"]) < 3]
        assert dashes, f"page {n}: the number has no dashes"
        assert (w["x0"] > width / 2) == (n % 2 == 1), f"page {n}: number on the wrong side"


def test_official_fonts_are_mapped_and_embedded(county_pdf):
    fonts = subprocess.run(["pdffonts", str(county_pdf)], capture_output=True, text=True, check=True).stdout
    assert "BousungEG" in fonts  # AR PL SungtiL GB for 仿宋_GB2312
    assert "GBZenKai" in fonts  # AR PL KaitiM GB for 楷体_GB2312
    assert "NotoSansCJK" in fonts  # 黑体
    assert "NotoSerifCJK" in fonts and "Bold" in fonts  # 方正小标宋简体 (title), 宋体 (page numbers)
    assert "DejaVu" not in fonts  # nothing fell through to the default face


def test_pngs_of_page_one_and_the_table_pages(county_pdf, tmp_path):
    pages = list(_pages(county_pdf))
    assert "示例县市场监督管理局" in pages[0][2] and "一、总体情况" in pages[0][2]
    table_pages = [i for i, page in enumerate(_tables_per_page(county_pdf), 1) if page]
    assert table_pages == [4, 5]
    _png(county_pdf, 1, tmp_path / "export-page1")
    for k, page in enumerate(table_pages, start=1):
        _png(county_pdf, page, tmp_path / f"export-tables-{k}")


def test_body_text_keeps_22_lines_of_28_characters(tmp_path):
    """A body-only document: 12 paragraphs of 222 characters (8 full lines each with the indent) → 96 lines."""
    _require("soffice")
    text = ("政府信息公开工作年度报告正文用于检验每页行数与每行字数是否符合国家标准要求" * 6)[:222]
    document = Document(
        title="",
        title_lines=(),
        preface=[Paragraph(text) for _ in range(12)],
        sections=[],
        agency="",
        date="",
        format_version="2021",
    )
    pdf = tmp_path / "body.pdf"
    pdf.write_bytes(docx_to_pdf(to_docx(document)))
    counts = []
    for _, _, page_text in _pages(pdf):
        lines = [ln for ln in page_text.split("\n") if not re.fullmatch(r"—\s*\d+\s*—", ln.strip())]
        counts.append(len(lines))
        assert all(len(ln) == 28 for ln in lines if not ln.startswith(text[:4])), lines
    assert counts == [22, 22, 22, 22, 8]


ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _tracked_changes(fodt: Path) -> list[tuple[str, str, str, str]]:
    """(kind, author, date, text) of every tracked change LibreOffice read from the .docx."""
    root = etree.parse(str(fodt)).getroot()
    changes: dict[str, list[str]] = {}
    for region in root.iterfind(".//text:tracked-changes/text:changed-region", ODF):
        change = region[0]
        info = change.find("office:change-info", ODF)
        # older LibreOffice moves deleted text into the change itself
        inside = "".join("".join(p.itertext()) for p in change.iterfind("text:p", ODF))
        changes[region.get(f"{{{ODF['text']}}}id")] = [
            etree.QName(change).localname,
            info.findtext("dc:creator", namespaces=ODF),
            info.findtext("dc:date", namespaces=ODF),
            inside,
        ]
    # LibreOffice 7 keeps the changed text in the body, between change-start and change-end marks
    start, end = f"{{{ODF['text']}}}change-start", f"{{{ODF['text']}}}change-end"
    open_ids: set[str] = set()

    def add(text: str | None) -> None:
        for cid in open_ids:
            changes[cid][3] += text or ""

    def walk(el) -> None:
        if el.tag == start:
            open_ids.add(el.get(f"{{{ODF['text']}}}change-id"))
        elif el.tag == end:
            open_ids.discard(el.get(f"{{{ODF['text']}}}change-id"))
        else:
            add(el.text)
            for child in el:
                walk(child)
        add(el.tail)

    walk(root.find(".//office:body/office:text", ODF))
    # the flat file is pretty-printed: whitespace between paragraphs is layout, not text
    return [(kind, who, when, re.sub(r"\s+", "", text)) for kind, who, when, text in changes.values()]


def test_revision_marks_open_in_libreoffice_as_tracked_changes(tmp_path):
    _require("soffice", "pdftoppm")
    when = dt.datetime(2026, 1, 18, 9, 30, tzinfo=dt.UTC)
    source = tmp_path / "export-revisions.docx"
    source.write_bytes(export(_reviewed(), "docx", drafts=DRAFTS, author="王审核", date=when))
    changes = _tracked_changes(convert(source, "fodt", tmp_path))
    assert changes and {(c[1], c[2][:16]) for c in changes} == {("王审核", "2026-01-18T09:30")}
    inserted = {c[3] for c in changes if c[0] == "insertion"}
    deleted = {c[3] for c in changes if c[0] == "deletion"}
    assert {"此", "和上级要求", "2025", "全面", "59"} <= inserted
    assert {"本", "2024", "认真", "按照规定主动公开政府信息。", "58"} <= deleted
    assert "新增平台建设情况。" in inserted
    pdf = convert(source, "pdf", tmp_path)
    _png(pdf, 1, tmp_path / "export-revisions")


def test_pdf_export_is_a_pdf_with_the_tables(county_pdf):
    data = county_pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 50_000
    assert sum(_tables_per_page(county_pdf)) >= 3
