"""Grounding after every draft (deterministic, spec R-H / YEAR): every number must have a source.

A number that states a table quantity must equal the table, whatever the notes say. Every other number
must be a derived value computed by code, a number in the clerk's notes, report metadata, or a legal
reference. Years must fit the report year. Placeholders are listed. Findings are errors until a
reviewer confirms them with a reason.
"""

from __future__ import annotations

import re

from app.drafting.facts import LEGAL_REFERENCES, Facts, note_numbers
from app.drafting.sections import section_text
from app.drafting.text_checks import draft_text_findings
from app.rules.cross_year import copy_findings
from app.rules.narrative import section_paragraphs
from app.rules.placeholders import PLACEHOLDER_MARK, placeholder_findings
from app.rules.statements import statement_findings
from app.rules.years import YEAR, year_findings
from schemas.confirmations import claim_of
from schemas.drafting import Confirmation
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def allowed_numbers(report: Report, facts: Facts) -> set[str]:
    """Every number a draft may state without it being a table quantity."""
    allowed = facts.numbers() | note_numbers(report.notes)
    m = report.meta
    for text in (m.contact.phone, m.contact.postcode, m.contact.address, m.contact.email, m.website, m.agency):
        allowed.update(re.findall(r"\d+", text))
    if m.publication.date:
        d = m.publication.date
        allowed.update({str(d.year), str(d.month), str(d.day)})
    for ref in LEGAL_REFERENCES:
        allowed.update(re.findall(r"\d+", ref))
    if m.year:
        allowed.update({str(m.year), "1", "12", "31"})
    return {_canonical(n) for n in allowed}


def _canonical(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number.lstrip("0") or "0"


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
    findings = [f for f in statement_findings(report, own_draft=True) if f.section == section]
    stated = {(f.paragraph, str(f.actual)) for f in findings}
    allowed = allowed_numbers(report, facts)
    placeholders: list[str] = []
    for sec, title, index, paragraph in section_paragraphs(report):
        if sec != section:
            continue
        placeholders += [p.strip() or "待补充" for p in PLACEHOLDER_MARK.findall(paragraph)]
        text = PLACEHOLDER_MARK.sub("", paragraph)
        for m in _NUMBER.finditer(text):
            number = _canonical(m.group(0))
            if number in allowed or (index, number) in stated:
                continue
            if YEAR.match(text, m.start()):
                continue  # a year: the YEAR rule judges it
            findings.append(
                finding(
                    Rule.R_H,
                    own_draft=True,
                    section=section,
                    paragraph=index,
                    message=f"「{title}」第 {index} 段的数字“{m.group(0)}”没有出处"
                    "（不在统计表、程序计算的派生数据、工作素材或报告基本信息中），请核实或删除",
                    actual=m.group(0),
                )
            )
    findings += [f for f in year_findings(report, own_draft=True) if f.section == section and f.rule == Rule.YEAR]
    findings += placeholder_findings(report, section=section)
    findings += requirement_findings(report, section)
    findings += draft_text_findings(report, section, facts)
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


__all__ = ["PLACEHOLDER_MARK", "allowed_numbers", "ground_section", "section_paragraphs"]
