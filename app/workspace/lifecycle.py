"""The open problems of stored reports from a fresh check of their current version (not the counts cached when
they were last saved, which miss drafting errors and rule changes), and where each open error is fixed."""

from __future__ import annotations

from dataclasses import dataclass

from app.drafting.gate import report_findings
from app.storage.lifecycle import review_section
from app.storage.repository import Store
from app.storage.vocab import BASIC_INFO
from schemas.confirmations import open_findings
from schemas.findings import Finding
from schemas.registry import TABLE_IDS, section_title
from schemas.report import Report


@dataclass(frozen=True)
class OpenCounts:
    """The open (unconfirmed) findings of one report version."""

    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def previous_of(store: Store, report: Report) -> Report | None:
    """Last year's report of the same unit, when the store has it."""
    year, agency = report.meta.year, report.meta.agency
    if not year or not agency:
        return None
    for info in store.list_reports(year=year - 1):
        if info.agency == agency:
            return store.load(info.id)[0]
    return None


def fresh_findings(store: Store, report_id: int) -> tuple[Report, list[Finding]]:
    """The current version of the report and every finding of it (``nianbao check`` with last year's report)."""
    report, _ = store.load(report_id)
    return report, report_findings(report, previous_of(store, report))


def counts(report: Report, findings: list[Finding]) -> OpenCounts:
    """How many errors and warnings no confirmation covers."""
    still_open = open_findings(report, findings)
    errors = sum(1 for f in still_open if f.severity == "error")
    return OpenCounts(errors=errors, warnings=len(still_open) - errors)


def open_counts(store: Store, report_id: int) -> OpenCounts:
    """The open errors and warnings of the stored report's current version, from a fresh check."""
    return counts(*fresh_findings(store, report_id))


def _page_and_place(finding: Finding) -> tuple[str, str]:
    section = review_section(finding)
    if section == BASIC_INFO:
        return "「基本信息」", ""
    if finding.table in TABLE_IDS and not finding.section:
        return "「数据填报」", f"表{finding.table}"
    return "「起草」或「审核」的", f"「{section_title(section)}」"


def where_fixed(finding: Finding) -> str:
    """The page (and place) where a finding is fixed: a table cell in 数据填报, a narrative section in 起草 or
    审核, the basic information (dates, names) in 基本信息."""
    page, place = _page_and_place(finding)
    return page + place


def where_all_fixed(findings: list[Finding]) -> str:
    """Where a list of findings is fixed, each page once with its places (「数据填报」表二、表三；「基本信息」)."""
    pages: dict[str, list[str]] = {}
    for f in findings:
        page, place = _page_and_place(f)
        places = pages.setdefault(page, [])
        if place and place not in places:
            places.append(place)
    return "；".join(f"{page}{'、'.join(places)}" for page, places in pages.items())
