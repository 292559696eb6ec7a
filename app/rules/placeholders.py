"""PLACEHOLDER: a 【待补充…】 marker left in the narrative would be published as it stands; so would the 落款's
「【待补充：成文日期】」 of a report the tool drafted that has neither a sign-off nor a publication date."""

from __future__ import annotations

from app import lazy_re
from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

PLACEHOLDER_MARK = lazy_re.compile(r"【待补充[:：]?([^】]*)】")
# what the 落款 prints where the report has no date (export: meta.signoff.date or meta.publication.date)
MISSING_DATE = "【待补充：成文日期】"


def placeholder_findings(report: Report, *, section: str | None = None) -> list[Finding]:
    """One error per 【待补充…】 marker in the narrative (of ``section`` only, when given), and one for a drafted
    report's missing 落款 date (when no section is asked for)."""
    out = [] if section is not None else date_findings(report)
    for sec, title, index, paragraph in section_paragraphs(report):
        if section is not None and sec != section:
            continue
        for m in PLACEHOLDER_MARK.finditer(paragraph):
            out.append(
                finding(
                    Rule.PLACEHOLDER,
                    section=sec,
                    paragraph=index,
                    message=f"「{title}」第 {index} 段还有待补充的内容：{m.group(0)}，补写后才能导出",
                    actual=m.group(0),
                )
            )
    return out


def date_findings(report: Report) -> list[Finding]:
    """An error when the tool drafted ``report`` and its 落款 would print 「【待补充：成文日期】」 (a published report
    read in without a date is not judged: its date is where it was published)."""
    m = report.meta
    if not report.drafting or m.signoff.date or m.publication.date:
        return []
    return [
        finding(
            Rule.PLACEHOLDER,
            message="落款的成文日期未填写：请在「基本信息」填写发布日期，或在审核签发时填写日期",
            expected="成文日期",
            actual=MISSING_DATE,
        )
    ]
