"""Draft output models ⇄ the report's sections (headings as printed, empty parts left out)."""

from __future__ import annotations

from pydantic import BaseModel

from app.importers.layout import narrative
from app.rules.narrative import heading_core
from schemas.drafting import OtherMattersDraft, OverviewDraft, PrefaceDraft, ProblemsDraft
from schemas.registry import OVERVIEW_ASPECTS
from schemas.report import NARRATIVE_SECTIONS, Narrative, Report, Subsection

_NUMERALS = "一二三四五六七八九十"
PROBLEM_PARTS: tuple[tuple[str, str], ...] = (
    ("rectification", "上年度问题整改情况"),
    ("problems", "存在的主要问题"),
    ("measures", "改进措施"),
)
OTHER_PARTS: tuple[tuple[str, str], ...] = (
    ("processing_fee", "信息处理费收取情况"),
    ("work_points", "落实上级年度政务公开工作要点情况"),
    ("proposals", "人大代表建议和政协委员提案办理结果公开情况"),
    ("innovation", "年度工作创新情况"),
)

# the parts of a drafted section that must not be left empty (年度工作创新情况 may be: 「没有则写空字符串」)
REQUIRED_PARTS: dict[str, tuple[str, ...]] = {
    "一": tuple(label for _, label in OVERVIEW_ASPECTS),
    "五": tuple(label for _, label in PROBLEM_PARTS),
    "六": tuple(label for _, label in OTHER_PARTS[:3]),
}


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
    labels = REQUIRED_PARTS[section]
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
