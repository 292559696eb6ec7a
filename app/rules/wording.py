"""Wording rules: YEAR (dates that do not fit the report year) and PRIVACY (personal data)."""

from __future__ import annotations

from schemas.findings import Finding
from schemas.report import Report


def wording_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    return []
