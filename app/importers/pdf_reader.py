"""A PDF report → lines: per page, text lines, rows of ruled tables (each cell once) and rows of borderless tables
(placed by position, app/importers/pdf_geometry.py), top to bottom."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from app.importers.formats import Line, cell_text, clean
from app.importers.limits import MAX_PAGES, BoundedZlib, check_pdf_streams
from app.importers.pdf_geometry import table_pieces
from app.importers.text import ReadError, parse_number

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
MARGIN = 0.08  # a bare number in the top or bottom 8 % of a page is a page number, not a table value
_NO_TEXT = "PDF 没有文字层（可能是扫描件），无法读取文字，请提供 Word 或网页版本"


@dataclass
class _Cell:
    x0: float
    x1: float
    text: str


@dataclass
class _Block:
    """A text line, a borderless table's row (``cells``) or a ruled table of a page, at its vertical position."""

    top: float
    text: str = ""
    rows: list[list[_Cell]] = field(default_factory=list)
    cells: list[str] | None = None

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def read_pdf(data: bytes) -> list[Line]:
    """The lines of a PDF; ReadError when it is encrypted, damaged, has no text layer (scanned) or more pages than
    a report could."""
    import pdfminer.pdftypes
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pdfminer.pdftypes.zlib = BoundedZlib  # type: ignore[assignment]  # every stream pdfminer unpacks, bounded
    check_pdf_streams(data)
    try:
        _check_pages(data)
        with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
    except ReadError:
        raise
    except MemoryError:
        raise  # the audit's memory budget: the file's row says so, not 「已损坏」
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as e:
        cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
        if isinstance(cause, ReadError | MemoryError):
            raise cause from None  # a limit met inside pdfminer, wrapped by pdfplumber
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("PDF 已加密（需要密码才能打开），请提供未加密的版本") from None
        raise ReadError(f"PDF 文件已损坏或不完整，无法读取（{cause}）") from None
    except (MalformedPDFException, PDFSyntaxError, PSException) as e:
        raise ReadError(f"PDF 文件已损坏或不完整，无法读取（{e}）") from None
    except Exception as e:  # pdfminer raises arbitrary errors (KeyError, TypeError …) on damaged files
        raise ReadError(f"PDF 文件已损坏，无法读取（{type(e).__name__}：{e}）") from None
    if not pages:
        raise ReadError("PDF 文件没有页面")
    if all(blocks is None for blocks in pages):
        raise ReadError(_NO_TEXT)
    _join_split_rows([blocks for blocks in pages if blocks])
    lines: list[Line] = []
    for blocks in pages:
        for block in blocks or []:
            if block.is_table:
                lines += [[c.text for c in row] for row in block.rows]
            else:
                lines.append(block.cells or [block.text])
    return lines


def _check_pages(data: bytes) -> None:
    """ReadError when the PDF has more than MAX_PAGES pages, counted up to the limit only: pdfplumber builds every
    page of a document it opens (and again when it closes it), a PDF of 5,000 pages took half a minute."""
    from itertools import islice

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    if sum(1 for _ in islice(PDFPage.create_pages(document), MAX_PAGES + 1)) > MAX_PAGES:
        raise ReadError(f"PDF 超过 {MAX_PAGES} 页（上限 {MAX_PAGES} 页），年报一般只有十几页：请只提供年报本身")


def _read_page(page) -> list[_Block] | None:
    try:
        return _page(page.dedupe_chars())  # some PDFs print bold text twice, slightly offset
    finally:
        page.close()  # frees the page's parsed objects: long reports stay within memory


def _page(page) -> list[_Block] | None:
    """The page's text lines and tables in reading order; None when the page has no text at all."""
    if not any(ch["text"].strip() for ch in page.chars):
        return None
    tables = [t for t in page.find_tables() if _is_grid(t)]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    kept = []
    height = float(page.height) or 1.0
    for ln in page.filter(outside).extract_text_lines(return_chars=True):
        text = clean(ln["text"])
        if not text or _PAGE_NUMBER.match(text):
            continue
        in_margin = ln["top"] < height * MARGIN or ln["bottom"] > height * (1 - MARGIN)
        if in_margin and _BARE_NUMBER.match(text):
            continue
        kept.append(ln)
    # borderless tables first by position; the text lines as they are when the page has none
    pieces = table_pieces(kept)
    if pieces is None:
        blocks = [_Block(top=float(ln["top"]), text=clean(ln["text"])) for ln in kept]
    else:
        blocks = [_Block(top=p.top, text=p.text, cells=p.cells) for p in pieces]
    for t in tables:
        rows = []
        for geometry, texts in zip(t.rows, t.extract(), strict=True):
            row = [
                _Cell(float(box[0]), float(box[2]), cell_text(text.split("\n")))
                for box, text in zip(geometry.cells, texts, strict=True)
                if box is not None and text is not None  # a cell covered by a merged cell: read once, above
            ]
            if row:
                rows.append(row)
        if rows:
            blocks.append(_Block(top=float(t.bbox[1]), rows=rows))
    blocks.sort(key=lambda b: (b.top, not b.is_table))
    return blocks


def _is_grid(table) -> bool:
    """A table of more than one column; a single framed box around text is read as text."""
    return any(sum(1 for c in row.cells if c is not None) > 1 for row in table.rows)


def _join_split_rows(pages: list[list[_Block]]) -> None:
    """Put back together a table row that a page break cut in two (a label's end carried to the next page)."""
    for before, after in zip(pages, pages[1:], strict=False):
        if not (before[-1].is_table and after[0].is_table):
            continue
        tail, head = before[-1].rows[-1], after[0].rows[0]
        pairs = _aligned(tail, head)
        if pairs is None:
            continue
        for upper, lower in pairs:
            upper.text += lower.text
        after[0].rows.pop(0)
        if not after[0].rows:
            after.pop(0)


def _is_number(text: str) -> bool:
    return parse_number(text) is not None


def _aligned(tail: list[_Cell], head: list[_Cell]) -> list[tuple[_Cell, _Cell]] | None:
    """The (upper, lower) cell pairs when ``head`` continues ``tail``, else None.

    A continuation: one of the two parts holds no number and has blank cells; every filled cell of the lower
    part sits under a cell of the upper part that is blank or a label, and numbers only meet blanks.
    """
    filled = [c for c in head if c.text]
    if not filled:
        return None
    parts_without_numbers = [p for p in (tail, head) if not any(_is_number(c.text) for c in p if c.text)]
    if not any(any(not c.text for c in p) for p in parts_without_numbers):
        return None
    pairs = []
    for lower in filled:
        middle = (lower.x0 + lower.x1) / 2
        upper = next((c for c in tail if c.x0 <= middle <= c.x1), None)
        if upper is None:
            return None
        if upper.text and (_is_number(upper.text) or _is_number(lower.text)):
            return None
        pairs.append((upper, lower))
    return pairs
