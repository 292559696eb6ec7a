"""The 政务公开办 view of stored reports: copying between units and the summed tables (the audit's logic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.audit.copying import find_copies
from app.audit.summary import summarise_report
from app.audit.totals import Totals, VersionResult
from app.rules import check
from schemas.report import Report


@dataclass
class BatchView:
    copies: list[str] = field(default_factory=list)  # "单位：message"
    totals: list[VersionResult] = field(default_factory=list)

    @staticmethod
    def total_rows(result: VersionResult) -> list[dict]:
        return [
            {
                "表": r.table_id,
                "分组": r.group,
                "行": r.row,
                "列": r.column,
                "合计": r.value,
                "报告份数": r.reports,
                "勾稽": r.note,
            }
            for r in result.rows
        ]


def batch_view(reports: list[Report]) -> BatchView:
    """Copying between the units of ``reports`` and their summed tables with the 勾稽 check."""
    summaries = [summarise_report(r.meta.agency or f"报告{i + 1}", r, check(r)) for i, r in enumerate(reports)]
    view = BatchView()
    for index, matches in sorted(find_copies(summaries).items()):
        for match in matches:
            view.copies.append(f"{summaries[index].agency}：{match.message()}")
    totals = Totals()
    for s in summaries:
        totals.add(s.format_version, s.cells or {}, s.procurement_unit)
    view.totals = totals.results()
    return view
