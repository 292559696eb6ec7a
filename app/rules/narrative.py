"""The narrative of a report as (section, title, paragraph index, text), the way findings address it."""

from __future__ import annotations

from collections.abc import Iterator

from app import lazy_re
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


_HEADING_NUMBER = lazy_re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*"
)
_HEADING_FILLER = lazy_re.compile(r"情况|方面|工作|[度的及和与、，,\s]")


def heading_core(heading: str) -> str:
    """A heading without its numbering and filler words, to compare headings written in different ways:
    「（一）上年问题整改情况」 and 「上年度问题整改情况」 are both 「上年问题整改」."""
    return _HEADING_FILLER.sub("", _HEADING_NUMBER.sub("", heading))
