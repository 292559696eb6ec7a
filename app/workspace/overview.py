"""Figures for the charts: applications by outcome and by applicant type (pure)."""

from __future__ import annotations

from app.drafting.facts import group_total
from schemas.registry import APPLICANT_COLUMNS, OUTCOME_NAMES, cell_key
from schemas.report import Report


def outcomes(report: Report) -> dict[str, float]:
    """Applications handled this year by outcome (blank cells count as nothing)."""
    return {label: float(group_total(report, group) or 0) for group, label in OUTCOME_NAMES.items()}


def applicants(report: Report) -> dict[str, float]:
    """New applications by applicant type."""
    return {c.label: float(report.value("三", cell_key("received", c.id)) or 0) for c in APPLICANT_COLUMNS}
