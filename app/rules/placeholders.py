"""PLACEHOLDER: a 【待补充…】 marker left in the narrative would be published as it stands."""

from __future__ import annotations

import re

from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

PLACEHOLDER_MARK = re.compile(r"【待补充[:：]?([^】]*)】")


def placeholder_findings(report: Report, *, section: str | None = None) -> list[Finding]:
    """One error per 【待补充…】 marker in the narrative (of ``section`` only, when given)."""
    out = []
    for sec, title, index, paragraph in section_paragraphs(report):
        if section is not None and sec != section:
            continue
        for m in PLACEHOLDER_MARK.finditer(paragraph):
            what = m.group(1).strip()
            out.append(
                finding(
                    Rule.PLACEHOLDER,
                    section=sec,
                    paragraph=index,
                    message=f"「{title}」第 {index} 段还有待补充的内容：{m.group(0)}"
                    + (f"（{what}）" if what else "")
                    + "，补写后才能导出",
                    actual=m.group(0),
                )
            )
    return out
