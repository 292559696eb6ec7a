"""Grounding after every draft (deterministic, spec R-H / YEAR): every claim must have a source.

The section is read as claims (``app.claims``, the reading R-H uses for published reports). A claim that names a
table quantity, a sum of them, 办结率, a share or a change on last year must equal what code computes from the
tables, whatever the notes say. Every other claim must rest on a fact of the same subject and unit: a derived
statement, the clerk's notes, report metadata or a legal reference; dates must be in the notes or the metadata.
Years must fit the report year. Placeholders are listed. Findings are errors until a reviewer confirms them with
a reason.
"""

from __future__ import annotations

import re

from app.claims import Ground, build_ground
from app.drafting.facts import LEGAL_REFERENCES, Facts
from app.drafting.quality import quality_findings
from app.drafting.sections import section_text
from app.drafting.text_checks import draft_text_findings
from app.rules.cross_year import copy_findings
from app.rules.narrative import section_paragraphs
from app.rules.placeholders import PLACEHOLDER_MARK, placeholder_findings
from app.rules.statements import claim_findings
from app.rules.years import year_findings
from schemas.confirmations import claim_of
from schemas.drafting import Confirmation
from schemas.findings import Finding, Rule, finding
from schemas.report import Report


def draft_ground(report: Report, facts: Facts, previous: Report | None = None) -> Ground:
    """What a draft's claims may rest on: the tables (this year's and last year's), the derived statements, the
    clerk's notes, report metadata and legal references."""
    m = report.meta
    texts = [report.notes.all_text(), *facts.statements.values()]
    texts += [str(f.value) for f in facts.items if f.source in ("meta", "legal", "note")]
    numbers = [m.contact.phone, m.contact.postcode, m.contact.address, m.contact.email, m.website, m.agency]
    return build_ground(report, previous=previous, texts=texts, numbers=[*numbers, *LEGAL_REFERENCES])


def _confirmed(report: Report, f: Finding, confirmations: list[Confirmation]) -> bool:
    claim = claim_of(report, f)
    return any(c.applies_to(f, claim) for c in confirmations)


def ground_section(
    report: Report,
    section: str,
    facts: Facts,
    *,
    previous: Report | None = None,
    confirmations: list[Confirmation] | None = None,
) -> tuple[list[Finding], list[str]]:
    """Grounding findings of one drafted ``section`` of ``report``, and the placeholders it holds."""
    ground = draft_ground(report, facts, previous)
    findings = claim_findings(report, ground, own_draft=True, strict=True, section=section)
    placeholders: list[str] = []
    for sec, _title, _index, paragraph in section_paragraphs(report):
        if sec == section:
            placeholders += [p.strip() or "待补充" for p in PLACEHOLDER_MARK.findall(paragraph)]
    findings += [f for f in year_findings(report, own_draft=True) if f.section == section and f.rule == Rule.YEAR]
    findings += placeholder_findings(report, section=section)
    findings += requirement_findings(report, section)
    findings += draft_text_findings(report, section, facts)
    findings += quality_findings(report, section)
    if previous is not None:
        findings += [f for f in copy_findings(report, previous) if f.section == section]
    findings = _dedupe(findings)
    if confirmations:
        findings = [f for f in findings if not _confirmed(report, f, confirmations)]
    return findings, placeholders


def requirement_findings(report: Report, section: str) -> list[Finding]:
    """Local requirements: the section's length limit, and checklist items the section should mention."""
    text = section_text(report, section)
    out: list[Finding] = []
    limit = report.requirements.max_chars.get(section)
    length = len(re.sub(r"\s", "", text))
    if limit and length > limit:
        out.append(
            finding(
                Rule.ITEM,
                section=section,
                message=f"本地要求该部分不超过{limit}字，草稿为{length}字",
                expected=limit,
                actual=length,
            )
        )
    if section == "一":  # checklist items are about the year's work, reported in 一、总体情况
        for item in report.requirements.checklist:
            core = re.sub(r"^(?:必须|应当|要|需)?(?:写明|写到|报告|包括|说明)?", "", item)[:8]
            if core and core not in text:
                out.append(finding(Rule.ITEM, section=section, message=f"本地要求写到：{item}", expected=item))
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.rule, f.section, f.paragraph, str(f.actual))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = ["PLACEHOLDER_MARK", "draft_ground", "ground_section", "section_paragraphs"]
