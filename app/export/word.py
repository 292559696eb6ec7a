"""The document model → a Word (.docx) file in 公文 layout (GB/T 9704), optionally with revision marks."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from app.export.characters import xml_safe_all
from app.export.document import Document, Paragraph, kind_of
from app.export.grids import Grid
from app.export.revisions import Reviser, diff_paragraphs
from app.export.word_layout import (
    BODY_FONT,
    BODY_PT,
    HEADING_FONT,
    STYLE_IDS,
    SUBHEADING_FONT,
    TITLE_FONT,
    setup_document,
)

_CLOSING_RIGHT = 2  # characters between the agency's name and the right margin (GB/T 9704 7.3.5.2)
_CELL_MARGIN_TWIPS = 57  # 1 mm: narrow applicant columns keep two characters a line


def to_docx(document: Document, *, reviser: Reviser | None = None) -> bytes:
    """The .docx bytes of ``document``; with ``reviser``, sections that carry a draft show tracked changes."""
    # a control character in any text (or in the reviser's name) would stop the export
    document, reviser = xml_safe_all(document), xml_safe_all(reviser)
    doc = setup_document(document.title, document.agency)
    writer = _Writer(doc, reviser)
    if document.title_lines:
        writer.title(document.title_lines)
        writer.blank()  # GB/T 9704: one empty line under the title
    writer.narrative(document.preface, document.preface_draft)
    for section in document.sections:
        writer.paragraph(section.heading, "heading")
        if section.table is not None:
            writer.table(section.table)
        else:
            writer.narrative(section.paragraphs, section.draft)
    if document.agency or document.date:
        writer.closing(document.agency, document.date)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# Curly quotes are shared between scripts: Word and LibreOffice may set them in the Latin font (narrow, with a
# gap). Runs of them get the paragraph's Chinese font in every slot, so they print full-width everywhere.
_SHARED_PUNCTUATION = re.compile(r"([“”‘’]+)")
_CHINESE_FONT = {
    "body": BODY_FONT,
    "heading": HEADING_FONT,
    "subheading": SUBHEADING_FONT,
    "title": TITLE_FONT,
    "closing": BODY_FONT,
    "table": BODY_FONT,
}


def _quote_fonts(role: str, ns: str = "") -> str:
    font = _CHINESE_FONT[role]
    return f'<w:rFonts {ns} w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>'


def add_text(paragraph, text: str, role: str = "body"):
    """Runs of ``text`` in ``paragraph``, curly quotes in the Chinese font; the last run."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    run = None
    for i, piece in enumerate(_SHARED_PUNCTUATION.split(text)):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        if i % 2:
            run._r.get_or_add_rPr().insert(0, parse_xml(_quote_fonts(role, nsdecls("w"))))
    return run


def _width(text: str) -> float:
    """Printed width in body characters: Chinese characters 1, digits and Latin letters ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


class _Writer:
    def __init__(self, doc, reviser: Reviser | None) -> None:
        self.doc = doc
        self.reviser = reviser

    def _add(self, role: str | None = None):
        p = self.doc.add_paragraph()
        if role:
            p._p.get_or_add_pPr().style = STYLE_IDS[role]
        return p

    def blank(self) -> None:
        self._add()

    def title(self, lines: tuple[str, ...]) -> None:
        """The title centred, the agency on its own line above year and kind (a line break, one paragraph)."""
        p = self._add("title")
        for i, line in enumerate(lines):
            run = add_text(p, line, "title")
            if i < len(lines) - 1 and run is not None:
                run.add_break()

    def paragraph(self, text: str, kind: str = "body", *, missing: bool = False):
        p = self._add(None if kind == "body" else kind)
        run = add_text(p, text, kind)
        if missing and run is not None:
            from docx.enum.text import WD_COLOR_INDEX

            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return p

    def narrative(self, paragraphs: list[Paragraph], draft: str | None) -> None:
        if draft is None or self.reviser is None:
            for para in paragraphs:
                self.paragraph(para.text, para.kind, missing=para.missing)
            return
        final = "\n".join(p.text for p in paragraphs if not p.missing)
        for revised in diff_paragraphs(draft, final):
            text = revised.text() or revised.text(side="old")
            kind = kind_of(text)
            p = self._add(None if kind == "body" else kind)
            self.reviser.write(p, revised)

    def closing(self, agency: str, date: str) -> None:
        """Agency and date under the text, the date's first character two to the right of the agency's."""
        from docx.shared import Pt

        self.blank()
        agency_w, date_w = _width(agency), _width(date)
        date_right = agency_w - date_w
        agency_right = float(_CLOSING_RIGHT)
        if date_right < _CLOSING_RIGHT:  # a date longer than the name: the date keeps two characters
            date_right = float(_CLOSING_RIGHT)
            agency_right = date_w + _CLOSING_RIGHT + _CLOSING_RIGHT - agency_w
        for text, right in ((agency, agency_right), (date, date_right)):
            p = self.paragraph(text, "closing", missing=text.startswith("【待补充"))
            p.paragraph_format.right_indent = Pt(BODY_PT * right)

    def table(self, grid: Grid) -> None:
        """The grid as a Word table: fixed column widths, merged cells, header rows repeating on a new page.

        The unmerged table is written as XML in one piece (cell widths, alignment, styles, text at each span's
        origin), then python-docx merges the spans; setting properties cell by cell through the API was the
        slowest part of the export.
        """
        from docx.oxml import parse_xml
        from docx.table import Table

        tbl = parse_xml(_table_xml(grid))
        self.doc.element.body._insert_tbl(tbl)
        table = Table(tbl, self.doc._body)
        matrix = [row.cells for row in table.rows]  # walk rows and cells once: table.cell(r, c) is slow
        for gc in grid.cells:
            if gc.rows > 1 or gc.cols > 1:
                matrix[gc.row][gc.col].merge(matrix[gc.row + gc.rows - 1][gc.col + gc.cols - 1])


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _runs_xml(text: str, role: str) -> str:
    """The runs of ``text`` as XML (the table path of ``add_text``)."""
    out = []
    for i, piece in enumerate(_SHARED_PUNCTUATION.split(text)):
        if not piece:
            continue
        fonts = f"<w:rPr>{_quote_fonts(role)}</w:rPr>" if i % 2 else ""
        space = ' xml:space="preserve"' if piece != piece.strip() else ""
        out.append(f"<w:r>{fonts}<w:t{space}>{escape(piece)}</w:t></w:r>")
    return "".join(out)


def _table_xml(grid: Grid) -> str:
    """The table before merging: every grid position a cell; text, alignment and keep-with-next at span origins."""
    from docx.oxml.ns import nsdecls

    widths = [_twips(w) for w in grid.widths]
    origins = {(c.row, c.col): c for c in grid.cells}
    keep_together = grid.header_rows == 0 or grid.height <= 6  # small tables move to the next page whole
    last = grid.height - 1
    rows = []
    for r in range(grid.height):
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        cells = []
        for c, width in enumerate(widths):
            gc = origins.get((r, c))
            ppr = f'<w:pStyle w:val="{STYLE_IDS["table"]}"/>'
            runs = ""
            if gc is not None:
                if keep_together and gc.row + gc.rows - 1 < last:
                    ppr += "<w:keepNext/>"
                if gc.role == "label":
                    ppr += '<w:jc w:val="left"/>'
                runs = _runs_xml(gc.text, "table")
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p></w:tc>"
            )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>")
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    margin = _CELL_MARGIN_TWIPS
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
