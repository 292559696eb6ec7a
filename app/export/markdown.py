"""The document model → Markdown: the narrative, and the tables with flattened headers (one header row each).

The Markdown reads back through the importer: section headings as ``##``, sub-headings as plain paragraphs
(a ``###`` would hide their （一） numbering from it), table rows as ``|`` lines with the official labels.

Every text of the report (title, agency, prose, table cells, date) is escaped: a CMS that renders the file shows
it as typed and runs or fetches nothing of it (no raw HTML, links, images or emphasis; a bare web address stays
as written, and a GFM engine shows it as the link it is).
"""

from __future__ import annotations

from app.export.characters import xml_safe_all
from app.export.document import Document, Paragraph
from app.export.grids import Grid, GridCell
from app.importers.markdown_text import escape


def _cell(text: str) -> str:
    """A table cell's text, escaped; a ``|`` in it becomes 「｜」 so the row keeps its columns."""
    return escape(text.replace("|", "｜"), line_start=False)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _matrix(grid: Grid) -> list[list[GridCell | None]]:
    """Every grid position → the cell covering it (merged cells repeat), None where nothing is."""
    m: list[list[GridCell | None]] = [[None] * len(grid.widths) for _ in range(grid.height)]
    for c in grid.cells:
        for r in range(c.row, c.row + c.rows):
            for k in range(c.col, c.col + c.cols):
                m[r][k] = c
    return m


def _flat_header(matrix: list[list[GridCell | None]], rows: range, col: int) -> str:
    """The labels stacked over one column, outer to inner, each once: 申请人情况/法人或其他组织/商业企业."""
    parts: list[str] = []
    for r in rows:
        c = matrix[r][col]
        if c is not None and c.role == "header" and c.text not in parts:
            parts.append(c.text)
    return "/".join(parts)


def table_lines(grid: Grid) -> list[str]:
    """A table as Markdown lines, in the official structure as far as one header row allows."""
    if grid.table_id == "二":
        return _table2(grid)
    matrix = _matrix(grid)
    n = len(grid.widths)
    head = range(grid.header_rows)
    first = 3 if grid.table_id == "三" else 0  # 表三: three label columns under the corner note
    if first:
        note = next(c.text for c in grid.cells if c.role == "note")
        header = [note] + [_flat_header(matrix, head, k) for k in range(first, n)]
        lines = [_row(header), _row(["---"] * len(header))]
        blank = [""] * (n - first)
        for r in range(grid.header_rows, grid.height):
            labels = [c for c in matrix[r][:first] if c is not None and c.row == r]
            # a label merged down over several rows is a group heading (三、本年度办理结果, （三）不予公开):
            # it gets a row of its own, as the heading rows of the official list
            lines += [_row([c.text] + blank) for c in labels if c.rows > 1]
            label = labels[-1].text if labels else ""
            lines.append(_row([label] + [matrix[r][k].text for k in range(first, n)]))  # type: ignore[union-attr]
        return lines
    header = [_flat_header(matrix, head, k) for k in range(n)]
    lines = [_row(header), _row(["---"] * n)]
    for r in range(grid.header_rows, grid.height):
        lines.append(_row([matrix[r][k].text for k in range(n)]))  # type: ignore[union-attr]
    return lines


def _table2(grid: Grid) -> list[str]:
    """表二: one small table per block, under the block's caption."""
    lines: list[str] = []
    for row in grid.rows():
        first = row[0]
        if first.role == "caption":
            if lines:
                lines.append("")
            lines += [f"**{escape(first.text, line_start=False)}**", ""]
        elif first.role == "header":
            lines += [_row([c.text for c in row]), _row(["---"] * len(row))]
        else:
            lines.append(_row([c.text for c in row]))
    return lines


def _paragraph(p: Paragraph) -> str:
    return f"**{escape(p.text, line_start=False)}**" if p.missing else escape(p.text)


def to_markdown(document: Document) -> bytes:
    """The UTF-8 bytes of ``document`` as Markdown."""
    document = xml_safe_all(document)  # no control character or lone surrogate: no reader would show one
    out = [f"# {escape(document.title, line_start=False)}", ""]
    out += [line for p in document.preface for line in (_paragraph(p), "")]
    for section in document.sections:
        out += [f"## {section.heading}", ""]
        if section.table is not None:
            out += table_lines(section.table) + [""]
        else:
            out += [line for p in section.paragraphs for line in (_paragraph(p), "")]
    out += [escape(document.agency.strip()), "", escape(document.date.strip()), ""]
    return "\n".join(out).encode("utf-8")
