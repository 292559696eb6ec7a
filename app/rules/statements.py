"""R-H: numbers the narrative states about table quantities must equal the table."""

from __future__ import annotations

from schemas.findings import Finding
from schemas.report import Report


def statement_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    return []
