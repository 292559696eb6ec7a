"""A new year's report started from last year's: carry-overs prefilled, last year's problems listed."""

from __future__ import annotations

from app.drafting.facts import previous_problems
from app.workspace.grids import empty_tables
from schemas.drafting import Notes
from schemas.registry import cell_key, table, version_for_year
from schemas.report import Cell, Meta, Report


def new_report(agency: str, level: str, year: int) -> Report:
    """A blank report: every official cell empty (a blank is not a 0: the clerk fills each one)."""
    version = version_for_year(year)
    return Report(
        meta=Meta(agency=agency, level=level, year=year, format_version=version), tables=empty_tables(version)
    )


def from_previous(previous: Report, *, agency: str, level: str, year: int) -> tuple[Report, list[str]]:
    """A new report for ``year`` prefilled from last year's, and what was prefilled (for the user)."""
    report = new_report(agency or previous.meta.agency, level, year)
    report.meta.contact = previous.meta.contact.model_copy()
    report.meta.website = previous.meta.website
    notes: list[str] = []
    version = report.meta.format_version
    carried = 0
    t3 = table(version, "三")
    for col in t3.row("carried_over").columns:
        before = previous.cell("三", cell_key("carried_forward", col.id))
        if before is not None and before.value is not None:
            report.tables["三"][cell_key("carried_over", col.id)] = Cell(value=before.value, raw=before.raw)
            carried += 1
    if carried:
        notes.append(f"表三「{t3.row('carried_over').label}」已按上年报告的「{t3.row('carried_forward').label}」填好。")
    if version == "2021" and previous.meta.format_version == "2021":
        t2 = table(version, "二")
        for rid in ("regulations", "normative_documents"):
            cell = previous.cell("二", cell_key(rid, "in_force"))
            if cell is not None and cell.value is not None:
                report.tables["二"][cell_key(rid, "in_force")] = Cell(value=cell.value, raw=cell.raw)
                notes.append(
                    f"表二「{t2.row(rid).label}」现行有效件数先填上年数 {cell.raw}，请按本年制发、废止情况调整。"
                )
    problems = previous_problems(previous)
    if problems:
        report.notes = Notes(rectification="\n".join(f"- 上年报告提出“{p}”：【整改情况待填写】" for p in problems))
        notes.append(f"上年报告列出的 {len(problems)} 个问题已放入「工作素材」的整改情况，请写明整改结果。")
    return report, notes
