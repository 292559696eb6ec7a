"""Deterministic checks: report (+ last year's) → findings. Pure; never raise for bad data."""

from __future__ import annotations

from app.rules.placeholders import placeholder_findings
from app.rules.statements import statement_findings
from app.rules.stray_text import stray_text_findings
from app.rules.structure import structure_findings
from app.rules.tables import table_findings
from app.rules.wording import wording_findings
from schemas.findings import Finding
from schemas.report import Report

__all__ = ["check"]


def check(report: Report, previous: Report | None = None, *, own_draft: bool = False) -> list[Finding]:
    """Every finding of every rule for ``report``; cross-year rules run when ``previous`` is given."""
    findings = table_findings(report)
    findings += structure_findings(report)
    findings += statement_findings(report, own_draft=own_draft, previous=previous)
    findings += wording_findings(report, own_draft=own_draft)
    findings += stray_text_findings(report, own_draft=own_draft)
    findings += placeholder_findings(report)
    if previous is not None:
        # loaded only when there is last year's report to compare (most checks have none)
        from app.rules.cross_year import cross_year_findings

        findings += cross_year_findings(report, previous)
    return findings
