"""Checks of a drafted section beyond its claims: text that is not the report's (TEXT) and required parts left
empty (ITEM)."""

from __future__ import annotations

from app.drafting.facts import LEGAL_REFERENCES, Facts
from app.drafting.prompts import instruction_texts, prompt_meta
from app.drafting.sections import OTHER_PARTS, PROBLEM_PARTS, empty_parts
from app.rules.stray_text import instruction_shingles, stray_text_findings
from schemas.findings import Finding, Rule, finding
from schemas.registry import OVERVIEW_ASPECTS, SECTION_TITLES
from schemas.report import Report


def drafting_material(report: Report, facts: Facts) -> list[str]:
    """Wording a draft may rightly repeat: the notes, derived statements, last year's problems, metadata, the
    report's title, official headings and legal references."""
    m = report.meta
    return [
        report.notes.all_text(),
        *facts.statements.values(),
        *facts.previous_problems,
        *report.requirements.checklist,
        *LEGAL_REFERENCES,
        *(str(v) for v in prompt_meta(report).values()),
        f"{m.agency}{m.year}年政府信息公开工作年度报告",
        *SECTION_TITLES.values(),
        *(label for _, label in (*OVERVIEW_ASPECTS, *PROBLEM_PARTS, *OTHER_PARTS)),
    ]


def draft_text_findings(report: Report, section: str, facts: Facts) -> list[Finding]:
    """TEXT findings of a drafted ``section`` (a model's talk, copied instructions, Markdown, a repeated heading)
    and an ITEM finding for each required part left empty."""
    instructions = instruction_shingles(instruction_texts(report), material=drafting_material(report, facts))
    out = stray_text_findings(report, own_draft=True, section=section, instructions=instructions)
    for label in empty_parts(report, section):
        out.append(
            finding(
                Rule.ITEM,
                own_draft=True,
                section=section,
                message=f"草稿的「{label}」没有内容：应依据素材写明实际情况，没有素材的写“【待补充：…】”",
                expected=label,
            )
        )
    return out
