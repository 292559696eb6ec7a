"""Readers of binary report formats (html / docx / doc / pdf / xlsx): bytes → lines of cells.

Each reader module imports its heavy library (lxml, python-docx, pdfplumber, openpyxl) inside its functions,
and this module imports the readers only when one is called, so ``import app.importers`` stays light.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.importers.text import ReadError, drop_controls, to_simplified

Line = list[str]
Reader = Callable[[bytes], list[Line]]

_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v\u200b]+")


def clean(text: str) -> str:
    """``text`` as rendered: ASCII whitespace runs → one space, no-break spaces kept as spaces, stripped."""
    return _ASCII_SPACE.sub(" ", text).replace("\xa0", " ").strip()


def cell_text(paragraphs: list[str]) -> str:
    """One table cell's text: its paragraphs joined with "" (a label wrapped over lines stays one label)."""
    return "".join(clean(p) for p in paragraphs)


def finish(lines: list[Line]) -> list[Line]:
    """``lines`` without blank lines or control characters, in simplified characters when the document is written in
    traditional ones."""
    lines = [[drop_controls(c, " ").strip() for c in ln] for ln in lines]
    kept = [ln for ln in lines if any(ln)]
    if not kept:
        return kept
    # one conversion over the whole document: the traditional-character test needs enough text to decide
    joined = "\n".join("\x1f".join(ln) for ln in kept)
    converted = to_simplified(joined)
    if converted == joined:
        return kept
    return [ln.split("\x1f") for ln in converted.split("\n")]


def _html(data: bytes) -> list[Line]:
    from app.importers.html_reader import read_html

    return finish(read_html(data))


def _docx(data: bytes) -> list[Line]:
    from app.importers.docx_reader import read_docx

    return finish(read_docx(data))


def _doc(data: bytes) -> list[Line]:
    from app.importers.doc_reader import read_doc

    return finish(read_doc(data))


def _pdf(data: bytes) -> list[Line]:
    from app.importers.pdf_reader import read_pdf

    return finish(read_pdf(data))


def _xlsx(data: bytes) -> list[Line]:
    from app.importers.xlsx_reader import read_xlsx

    return finish(read_xlsx(data))


def _xls(data: bytes) -> list[Line]:
    raise ReadError("不支持旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再导入")


READERS: dict[str, Reader] = {
    "html": _html,
    "docx": _docx,
    "doc": _doc,
    "pdf": _pdf,
    "xlsx": _xlsx,
    "xls": _xls,
}
