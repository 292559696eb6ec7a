"""The table figures 五's prompt shows beside the problems (pure): what 表三 and 表四 say that a problem of the
year may rest on — a reply corrected on review, applications carried forward, requests refused or not answerable.
"""

from __future__ import annotations

from app.claims.numbers import fmt
from app.claims.quantities import QUANTITIES, quantity_value
from schemas.registry import outcome_groups
from schemas.report import Report

# quantity → what it may bear on (a question for the model to answer from the notes, not a conclusion)
PROBLEM_FIGURES: tuple[tuple[str, str], ...] = (
    ("review_corrected", "答复质量"),
    ("litigation_corrected", "答复质量"),
    ("carried_forward", "办理进度"),
    ("withheld", ""),
    ("unavailable", ""),
    ("not_processed", ""),
)


def _name(key: str) -> str:
    return QUANTITIES[key].name.removesuffix("数")


def _details(report: Report, group: str) -> str:
    """「（其中本机关不掌握相关政府信息7件）」: the nonzero detailed rows of an outcome group of 表三."""
    rows = outcome_groups(report.meta.format_version, report.tables.get("三", {})).get(group, ())
    parts = []
    for row in rows:
        value = quantity_value(report, row) if row in QUANTITIES and row != group else None
        if value:
            parts.append(f"{_name(row)}{fmt(value)}件")
    return f"（其中{'，'.join(parts)}）" if parts else ""


def problem_figures(report: Report) -> list[str]:
    """The nonzero figures of 表三 and 表四 a problem of the year may rest on, each with what it bears on."""
    out = []
    for key, bears_on in PROBLEM_FIGURES:
        value = quantity_value(report, key)
        if not value:
            continue
        line = f"{_name(key)}{fmt(value)}件"
        if key in ("withheld", "unavailable", "not_processed"):
            line += _details(report, key)
        out.append(line + (f"：涉及{bears_on}" if bears_on else ""))
    return out
