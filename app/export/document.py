"""Report → the document model the exporters render: title, opening, sections 一–六 with tables, closing block.

Only what is published goes in: never the clerk's notes, local requirements, provenance or drafting records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from app.export.grids import Grid, grid
from app.rules.placeholders import MISSING_DATE
from schemas.agency import signing_name
from schemas.registry import SECTIONS
from schemas.report import NARRATIVE_SECTIONS, Report

MISSING = "【待补充】"
REPORT_KIND = "政府信息公开工作年度报告"

ParagraphKind = Literal["body", "heading", "subheading"]

# a sub-heading as printed: （一）… short, not a sentence
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: ParagraphKind = "body"
    missing: bool = False  # a 【待补充】 marker stands where the report has no text


@dataclass(slots=True)
class Section:
    """One of the six parts: heading, then paragraphs (narrative) or a table; ``draft`` for revision marks."""

    number: str
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    table: Grid | None = None
    draft: str | None = None  # the AI draft of this section, when revision marks are asked for

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(slots=True)
class Document:
    """A report laid out for export, independent of the output format."""

    title: str
    title_lines: tuple[str, ...]
    preface: list[Paragraph]
    sections: list[Section]
    agency: str
    date: str
    format_version: str
    preface_draft: str | None = None

    @property
    def closing(self) -> tuple[str, str]:
        return self.agency, self.date


def kind_of(text: str) -> ParagraphKind:
    """How a narrative paragraph is printed: a short （一）… line is a sub-heading, the rest body text."""
    t = text.strip()
    if _SUBHEADING.match(t) and len(t) <= 40 and t[-1] not in "。；;！？":
        return "subheading"
    return "body"


def _lines(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _missing() -> list[Paragraph]:
    return [Paragraph(MISSING, missing=True)]


def format_date(date: dt.date | None) -> str:
    """A date as 公文 print it (2026年1月16日), or the missing marker."""
    return f"{date.year}年{date.month}月{date.day}日" if date else MISSING_DATE


def title_of(report: Report) -> tuple[str, tuple[str, ...]]:
    """The title and the lines it is printed on (agency, then year and kind)."""
    agency = report.meta.agency.strip() or MISSING
    year = f"{report.meta.year}年" if report.meta.year else "【待补充】年"
    return f"{agency}{year}{REPORT_KIND}", (agency, f"{year}{REPORT_KIND}")


def narrative_paragraphs(report: Report, number: str) -> list[Paragraph]:
    """A narrative section's paragraphs (sub-headings marked), or the missing marker."""
    narrative = getattr(report, NARRATIVE_SECTIONS[number])
    out: list[Paragraph] = [Paragraph(p) for p in _lines(narrative.lead)]
    for sub in narrative.subsections:
        if sub.heading.strip():
            out.append(Paragraph(sub.heading.strip(), "subheading"))
        out += [Paragraph(p) for p in _lines(sub.text)]
    return out or _missing()


def assemble(report: Report, *, drafts: dict[str, str] | None = None) -> Document:
    """The document model of ``report``; ``drafts`` (section → AI draft text) adds what revision marks compare."""
    drafts = drafts or {}
    title, title_lines = title_of(report)
    sections: list[Section] = []
    for number, heading in SECTIONS:
        section = Section(number, heading)
        if number in NARRATIVE_SECTIONS:
            section.paragraphs = narrative_paragraphs(report, number)
            section.draft = drafts.get(number)
        else:
            section.table = grid(report, number)
        sections.append(section)
    preface = [Paragraph(p) for p in _lines(report.preface)] or _missing()
    meta = report.meta
    return Document(
        title=title,
        title_lines=title_lines,
        preface=preface,
        sections=sections,
        agency=signing_name(meta.agency, meta.level) or MISSING,  # the 落款 names the body as it signs
        date=format_date(meta.signoff.date or meta.publication.date),
        format_version=meta.format_version,
        preface_draft=drafts.get("前言"),
    )
