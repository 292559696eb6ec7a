"""The gate: a report's findings as `check`, `export` and the app all see them, and what still blocks export.

A report that carries drafting records has its drafted sections grounded again on their current text (a
reviewer's edit included), so an unsupported claim the repair round left — or one a reviewer typed — is an error
at its section and paragraph wherever the report is opened. A 【待补充】 marker is an error in every report. What
a reviewer confirmed with a written reason (``Report.confirmations``) no longer blocks.
"""

from __future__ import annotations

from app.rules import check
from schemas.confirmations import open_findings
from schemas.drafting import DRAFT_SECTIONS, value_text
from schemas.findings import Finding, Rule
from schemas.registry import table
from schemas.report import Report


def _place(f: Finding) -> tuple:
    # expected too: two ITEM findings of one section (监督保障 left empty, 工作考核 not written) are two findings
    where = (f.rule, f.table, f.group, f.row, f.column, f.section, f.paragraph)
    return (*where, value_text(f.actual), value_text(f.expected))


def drafted_sections(report: Report) -> list[str]:
    """The sections the tool drafted (they carry a drafting record), in report order."""
    return [s for s in DRAFT_SECTIONS if s in report.drafting]


def grounding_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """Grounding of every drafted section on its current text (nothing for a report the tool did not draft)."""
    sections = drafted_sections(report)
    if not sections:
        return []
    # only a drafted report needs the drafting machinery (facts, prompts, jinja2): `check` of a published one stays light
    from app.drafting.facts import build_facts
    from app.drafting.grounding import ground_section

    previous = previous or report.last_year_report()
    facts = build_facts(report, previous)
    out: list[Finding] = []
    for section in sections:
        out += ground_section(report, section, facts, previous=previous)[0]
    return out


def reading_findings(report: Report) -> list[Finding]:
    """What reading the report's file found, less the PARSE errors whose unread cells all hold numbers since (the
    clerk typed them in): an import's doubt about a row ends when the row is filled."""
    if report.provenance is None:
        return []
    return [f for f in report.provenance.findings if not _filled_since(report, f)]


def _filled_since(report: Report, f: Finding) -> bool:
    if f.rule != Rule.PARSE or f.severity != "error" or not f.table:
        return False
    keys = list(f.cells)
    if not keys:
        rows = table(report.meta.format_version, f.table).rows
        keys = [
            k
            for r in rows
            if r.columns and f.row in (None, r.label) and f.group in (None, r.group)
            for k in r.cell_keys()
        ]
    cells = report.tables.get(f.table, {})
    return bool(keys) and all((c := cells.get(k)) is not None and c.value is not None for k in keys)


def report_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding of ``report``: what reading it found, every rule, and the grounding of its drafted sections.

    Without ``previous``, last year's figures kept with a draft stand in for last year's report.
    A finding the grounding also makes (the same rule, place and value) is given once, as the grounding
    judges it: in the tool's own draft an unsupported number is an error, not a published report's warning.
    """
    previous = previous or report.last_year_report()
    found = reading_findings(report) + check(report, previous)
    grounded = grounding_findings(report, previous)
    if not grounded:
        return found
    places = {_place(f) for f in grounded}
    return [f for f in found if _place(f) not in places] + grounded


def blocking(report: Report, findings: list[Finding]) -> list[Finding]:
    """The errors among ``findings`` that no reviewer confirmed: while there are any, export is refused."""
    return [f for f in open_findings(report, findings) if f.severity == "error"]
