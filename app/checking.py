"""Check files: read, run every rule, and shape the result for the CLI, JSON and the audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.drafting.gate import report_findings
from app.importers import ReadError, read_report
from schemas.confirmations import confirmed_findings, open_findings
from schemas.drafting import Confirmation
from schemas.findings import Finding
from schemas.registry import TABLE_IDS, cell_key, table, table3_rows
from schemas.report import Report


@dataclass
class FileResult:
    file: str
    error: str | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)  # open: no reviewer confirmed them
    confirmed: list[tuple[Finding, Confirmation]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not done, and why (last year's report not compared)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def all_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """What reading the file found (provenance), every rule's findings, and the grounding of drafted sections."""
    return report_findings(report, previous)


def previous_mismatch(report: Report, previous: Report, *, file: str, previous_file: str) -> str | None:
    """Why ``previous`` cannot serve as ``report``'s last year (its year is not the year before, or a year is
    unknown), as the message a user reads; None when it can."""
    this, last = report.meta.year, previous.meta.year
    if last is None:
        return f"{file}：上年报告 {previous_file} 年度未知，未做跨年度核对"
    if this is None:
        return f"{file}：本报告年度未知，未与上年报告 {previous_file} 做跨年度核对"
    if last != this - 1:
        return f"{file}：上年报告 {previous_file} 是{last}年度，本报告是{this}年度：不是上一年度，未做跨年度核对"
    return None


def check_path(path: str | Path, previous: Report | None = None, *, previous_file: str = "") -> FileResult:
    """Read and check one file; a file that cannot be read gives a result with ``error`` set. ``previous`` (read
    from ``previous_file``) is compared only when it is the report of the year before; otherwise ``notes`` say so."""
    try:
        report = read_report(path)
    except ReadError as e:
        return FileResult(file=str(path), error=str(e))
    notes: list[str] = []
    if previous is not None:
        mismatch = previous_mismatch(report, previous, file=str(path), previous_file=previous_file or "（未命名）")
        if mismatch:
            notes.append(mismatch)
            previous = None
    found = all_findings(report, previous)
    return FileResult(
        file=str(path),
        report=report,
        findings=open_findings(report, found),
        confirmed=confirmed_findings(report, found),
        notes=notes,
    )


def cell_rows(report: Report) -> list[dict]:
    """Every cell of the report as {table, group, row, column, value, raw}, in the official order."""
    version = report.meta.format_version
    out: list[dict] = []
    for t in TABLE_IDS:
        cells = report.tables.get(t, {})
        rows = table3_rows(version, cells) if t == "三" else table(version, t).rows
        for row in rows:
            for col in row.columns:
                cell = cells.get(cell_key(row.id, col.id))
                if cell is None:
                    continue
                out.append(
                    {
                        "table": t,
                        "group": row.group,
                        "row": row.label,
                        "column": col.label,
                        "value": cell.value,
                        "raw": cell.raw,
                    }
                )
    return out


def result_json(result: FileResult) -> dict:
    """The JSON object ``nianbao check --json`` prints for one file."""
    r = result.report
    return {
        "file": result.file,
        "error": result.error,
        "agency": (r.meta.agency or None) if r else None,
        "year": r.meta.year if r else None,
        "format_version": r.meta.format_version if r else None,
        "cells": cell_rows(r) if r else [],
        "findings": [f.model_dump() for f in result.findings],
        "confirmed": [
            {"finding": f.model_dump(), "confirmation": c.model_dump(mode="json")} for f, c in result.confirmed
        ],
    }
