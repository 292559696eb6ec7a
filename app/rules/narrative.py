"""The narrative of a report as (section, title, paragraph index, text), the way findings address it."""

from __future__ import annotations

from collections.abc import Iterator

from schemas.registry import section_title
from schemas.report import NARRATIVE_SECTIONS, Report


def section_paragraphs(report: Report) -> Iterator[tuple[str, str, int, str]]:
    """(section, printed title, 1-based paragraph index, paragraph) for 前言, 一, 五 and 六."""
    for i, p in enumerate((p for p in report.preface.split("\n") if p.strip()), start=1):
        yield "前言", "前言", i, p
    for num, attr in NARRATIVE_SECTIONS.items():
        title = section_title(num)
        for i, p in enumerate(getattr(report, attr).paragraphs(), start=1):
            yield num, title, i, p
