"""Draft output models ⇄ the report's sections (headings as printed, empty parts left out)."""

from __future__ import annotations

from pydantic import BaseModel

from app.importers.layout import narrative
from app.rules.narrative import heading_core
from schemas.content import OTHER_ITEMS, other_items
from schemas.drafting import OtherMatters2019Draft, OtherMattersDraft, OverviewDraft, PrefaceDraft, ProblemsDraft
from schemas.registry import OVERVIEW_ASPECTS, section_title
from schemas.report import NARRATIVE_SECTIONS, Narrative, Report, Subsection

_NUMERALS = "一二三四五六七八九十"
PROBLEM_PARTS: tuple[tuple[str, str], ...] = (
    ("rectification", "上年度问题整改情况"),
    ("problems", "存在的主要问题"),
    ("measures", "改进措施"),
)
OTHER_PARTS: tuple[tuple[str, str], ...] = tuple((i.key, i.label) for i in OTHER_ITEMS)


def required_parts(report: Report, section: str) -> tuple[str, ...]:
    """The parts of a drafted ``section`` that must not be left empty, for the report's format and year (六 of the
    2019 format has none; 年度工作创新情况 is written or 「无」, never required)."""
    if section == "一":
        return tuple(label for _, label in OVERVIEW_ASPECTS)
    if section == "五":
        return tuple(label for _, label in PROBLEM_PARTS)
    items = other_items(report.meta.format_version, report.meta.year)
    return tuple(i.label for i in items if i.key != "innovation")


def _numbered(parts: list[tuple[str, str]]) -> list[Subsection]:
    kept = [(title, text.strip()) for title, text in parts if text.strip()]
    return [Subsection(heading=f"（{_NUMERALS[i]}）{title}", text=text) for i, (title, text) in enumerate(kept)]


def to_section(draft: BaseModel) -> str | Narrative:
    """The preface text or the Narrative a draft stands for."""
    if isinstance(draft, PrefaceDraft):
        return draft.text.strip()
    if isinstance(draft, OverviewDraft):
        parts = [(label, getattr(draft, key)) for key, label in OVERVIEW_ASPECTS]
        return Narrative(lead=draft.lead.strip(), subsections=_numbered(parts))
    if isinstance(draft, ProblemsDraft):
        return Narrative(subsections=_numbered([(label, getattr(draft, key)) for key, label in PROBLEM_PARTS]))
    if isinstance(draft, OtherMattersDraft):
        return Narrative(subsections=_numbered([(label, getattr(draft, key)) for key, label in OTHER_PARTS]))
    if isinstance(draft, OtherMatters2019Draft):
        return Narrative(lead=draft.text.strip())
    raise TypeError(type(draft))


def section_text(report: Report, section: str) -> str:
    """The text of a narrative section as one string (paragraphs on lines), "" when empty."""
    if section == "前言":
        return report.preface
    return "\n".join(getattr(report, NARRATIVE_SECTIONS[section]).paragraphs())


def _names(heading: str, label: str) -> bool:
    h, core = heading_core(heading), heading_core(label)
    return bool(h) and (core in h or h in core)


def empty_parts(report: Report, section: str) -> list[str]:
    """The required parts of a drafted ``section`` left without text (the preface itself when it is empty).

    A part is found by its heading however it is written (「上年问题整改情况」 is 「上年度问题整改情况」); a section
    laid out under headings of its own (none of them a required part) is not judged part by part."""
    if section == "前言":
        return [] if report.preface.strip() else ["前言"]
    narrative = getattr(report, NARRATIVE_SECTIONS[section])
    labels = required_parts(report, section)
    if not labels:
        return [] if not narrative.is_empty() else [section_title(section)]
    headed = [s for s in narrative.subsections if any(_names(s.heading, label) for label in labels)]
    if narrative.subsections and not headed:
        return []
    return [label for label in labels if not any(_names(s.heading, label) and s.text.strip() for s in headed)]


def has_text(report: Report, section: str) -> bool:
    return bool(section_text(report, section).strip())


def put_section(report: Report, section: str, value: str | Narrative) -> None:
    if section == "前言":
        report.preface = value if isinstance(value, str) else "\n".join(value.paragraphs())
    else:
        setattr(report, NARRATIVE_SECTIONS[section], value)


def with_section_text(report: Report, section: str, text: str) -> Report:
    """A copy of ``report`` with a section's text replaced ("（一）…" lines become its sub-headings)."""
    out = report.model_copy(deep=True)
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    put_section(out, section, "\n".join(lines) if section == "前言" else narrative([[line] for line in lines]))
    return out
