"""Report → the published document: Word (公文 layout), HTML, Markdown, PDF, Excel; Word revision marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from app.export.errors import ExportError

Format = Literal["docx", "html", "md", "pdf", "xlsx"]
FORMATS: dict[str, Format] = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
}
DEFAULT_AUTHOR = "审核人"

__all__ = ["ExportError", "FORMATS", "export", "format_of"]


def format_of(path: str | Path) -> Format:
    """The export format a file name asks for; ExportError for any other extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"不支持导出为「{suffix or '无扩展名'}」：请用 .docx、.html、.md、.pdf 或 .xlsx")
    return FORMATS[suffix]


def export(
    report,
    fmt: Format,
    *,
    drafts: dict[str, str] | None = None,
    author: str = "",
    date: dt.datetime | None = None,
) -> bytes:
    """The bytes of ``report`` in ``fmt``; with ``drafts`` (section → AI draft) the .docx carries revision marks."""
    if fmt == "xlsx":
        from app.export.workbook import to_xlsx

        return to_xlsx(report)
    from app.export.document import assemble

    if drafts and fmt not in ("docx", "pdf"):
        raise ExportError("修订标记只能导出为 Word（.docx）或 PDF")
    document = assemble(report, drafts=drafts)
    if fmt == "html":
        from app.export.web_page import to_html

        return to_html(document)
    if fmt == "md":
        from app.export.markdown import to_markdown

        return to_markdown(document)
    from app.export.revisions import Reviser
    from app.export.word import to_docx

    reviser = None
    if drafts:
        who = author or report.meta.signoff.reviewer or DEFAULT_AUTHOR
        reviser = Reviser(who, date or dt.datetime.now(dt.UTC))
    data = to_docx(document, reviser=reviser)
    if fmt == "pdf":
        from app.export.pdf import docx_to_pdf

        return docx_to_pdf(data)
    return data
