"""Blank cells of the tables: counted once for the page, and filled with 0 in one step (no streamlit here).

A CELL finding covers one blank cell, or many at once (a whole column left blank: its ``cells``); the page counts
cells, not findings.
"""

from __future__ import annotations

from schemas.findings import Finding
from schemas.registry import TABLE_IDS, cell_key, table, table3_rows
from schemas.report import Cell, Report
from schemas.rule_catalogue import Rule


def is_blank(found: Finding) -> bool:
    """Whether ``found`` is a CELL finding about a cell left blank (not one holding a wrong value)."""
    return found.rule == Rule.CELL and not str(found.actual or "").strip()


def blank_count(findings: list[Finding]) -> int:
    """How many table cells the findings report blank (a finding about a whole blank column counts its cells)."""
    return sum(len(f.cells) or 1 for f in findings if is_blank(f))


def blank_cells(report: Report) -> list[tuple[str, str]]:
    """(table id, cell key) of every blank cell the report holds, in the official order (the CELL rule's cells)."""
    version = report.meta.format_version
    out: list[tuple[str, str]] = []
    for table_id in TABLE_IDS:
        cells = report.tables.get(table_id, {})
        rows = table3_rows(version, cells) if table_id == "三" else table(version, table_id).rows
        for row in rows:
            for col in row.columns:
                key = cell_key(row.id, col.id)
                cell = cells.get(key)
                if cell is not None and cell.value is None and not cell.raw.strip():
                    out.append((table_id, key))
    return out


def fill_blanks_with_zero(report: Report) -> Report:
    """A copy of ``report`` with every blank cell set to 0 (cells holding text or numbers are left as they are)."""
    out = report.model_copy(deep=True)
    for table_id, key in blank_cells(report):
        out.tables[table_id][key] = Cell(value=0, raw="0")
    return out
