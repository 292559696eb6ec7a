"""Reports created from the pages: a new report (blank, or from last year's uploaded or stored), and last year's
report imported later for the cross-year checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.importers import ReadError, read_bytes
from app.storage import StorageError
from app.workspace.carryover import from_previous
from app.workspace.carryover import new_report as blank_report


@dataclass
class NewReport:
    report_id: int | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def new_report(store, *, agency: str, level: str, year: int, source: str, upload, who: str, role: str) -> NewReport:
    """Create a report: blank, or from last year's (an uploaded published file or the stored report)."""
    agency = agency.strip()
    if not agency:
        return NewReport(error="请填写单位名称")
    if not who:
        return NewReport(error="请先在左侧填写你的姓名")
    notes: list[str] = []
    previous = None
    if source == "previous_file":
        if upload is None:
            return NewReport(error="请选择上年报告文件")
        try:
            previous = read_bytes(upload.getvalue(), upload.name)
        except ReadError as e:
            return NewReport(error=f"上年报告无法读取：{e}")
        if previous.meta.year and previous.meta.year != year - 1:
            # its 结转 and 现行有效件数 would be carried into the wrong year, and it would be stored as last year's
            return NewReport(
                error=f"导入的报告是 {previous.meta.year} 年度的，不是上一年度（{year - 1}年）：上年结转等数字会带错。"
                f"请导入 {year - 1} 年度的报告，或改为新建空白报告"
            )
        notes += reading_notes(previous)
    elif source == "previous_saved":
        match = [i for i in store.list_reports(year=year - 1) if i.agency == agency]
        if not match:
            return NewReport(error=f"本系统中没有「{agency}」{year - 1}年度的报告，可改为导入上年报告文件")
        previous = store.load(match[0].id)[0]
    if previous is not None:
        report, prefilled = from_previous(previous, agency=agency, level=level, year=year)
        notes += prefilled
    else:
        report = blank_report(agency, level, year)
    try:
        if (
            previous is not None
            and source == "previous_file"
            and not any(i.agency == agency and i.year == year - 1 for i in store.list_reports(year=year - 1))
        ):
            previous.meta.agency = agency
            previous.meta.level = level
            # last year's published report, for cross-year checks
            store.create_report(previous, who=who, role=role, status="published")
            notes.append("上年报告也已存入本系统，用于跨年度核对。")
        report_id = store.create_report(report, who=who, role=role)
    except StorageError as e:
        return NewReport(error=str(e))
    return NewReport(report_id=report_id, notes=notes)


def reading_notes(previous) -> list[str]:
    """What a clerk must know of an imported file's reading: the places the reader could not determine."""
    doubts = [f for f in (previous.provenance.findings if previous.provenance else []) if f.severity == "error"]
    if not doubts:
        return []
    shown = "；".join(f.message for f in doubts[:2]) + ("……" if len(doubts) > 2 else "")
    return [
        f"注意：上年报告读取时有 {len(doubts)} 处无法确定，相关单元格没有读入（{shown}）。"
        "带入的结转数和同比数可能不全，请对照上年报告原文核对。"
    ]


def import_previous(store, report, upload, who: str, role: str) -> str | None:
    """Store an uploaded published report as this unit's report of the year before; an error message or None."""
    if not who:
        return "请先在左侧填写你的姓名"
    try:
        previous = read_bytes(upload.getvalue(), upload.name)
    except ReadError as e:
        return f"上年报告无法读取：{e}"
    year = (report.meta.year or 0) - 1
    if previous.meta.year and previous.meta.year != year:
        return f"导入的报告是 {previous.meta.year} 年度的，不是上一年度（{year}年）"
    previous.meta.agency, previous.meta.level, previous.meta.year = report.meta.agency, report.meta.level, year
    try:
        store.create_report(previous, who=who, role=role, status="published")
    except StorageError as e:
        return str(e)
    return None
