"""The 【待补充：…】 markers a report would still print, each with the notes or 基本信息 field that fills it."""

from __future__ import annotations

from dataclasses import dataclass

from app.drafting.note_guide import Target, placeholder_target
from app.export.document import MISSING, MISSING_DATE, assemble
from app.rules.placeholders import PLACEHOLDER_MARK
from schemas.drafting import DRAFT_SECTIONS
from schemas.registry import section_title
from schemas.report import Report

CLOSING = "落款"


@dataclass(frozen=True)
class Remaining:
    """One marker: the part it stands in (「六、其他需要报告的事项」, 「落款」), what it asks for, where to write it."""

    place: str
    text: str
    target: Target
    context: str = ""  # the words before the marker in its sentence (针对上年度报告提出的“…”问题)

    def describe(self) -> str:
        return f"{self.text}（{self.context}）" if self.context else self.text


_SENTENCE_END = "。；;！？\n"
CONTEXT_CHARS = 40


def _context(paragraph: str, start: int) -> str:
    """The words of the marker's sentence before it when they quote what it is about (针对上年度报告提出的“…”问题:
    markers alike but for the problem they answer), else ""; a long one keeps its start and its end."""
    before = paragraph[:start]
    cut = max(before.rfind(c) for c in _SENTENCE_END)
    words = PLACEHOLDER_MARK.sub("", before[cut + 1 :]).strip(" ，,、：:")
    if "“" not in words:
        return ""
    if len(words) <= CONTEXT_CHARS:
        return words
    return words[: CONTEXT_CHARS - 10] + "…" + words[-10:]


def remaining_placeholders(report: Report) -> list[Remaining]:
    """Every 【待补充】 marker of the drafted sections' current text (a section not written yet is left out: it is
    drafted, not filled in), then those of the closing block (单位名称, 成文日期), as the export would print them."""
    document = assemble(report)
    parts = [("前言", document.preface)] + [
        (s.number, s.paragraphs) for s in document.sections if s.number in DRAFT_SECTIONS
    ]
    out: list[Remaining] = []
    for section, paragraphs in parts:
        heading = ""
        for p in paragraphs:
            if p.missing:
                continue
            if p.kind == "subheading":
                heading = p.text
            for m in PLACEHOLDER_MARK.finditer(p.text):
                what = m.group(1).strip()
                target = placeholder_target(what, section=section, heading=heading)
                what = what or heading or "（未写明）"
                out.append(Remaining(section_title(section), what, target, _context(p.text, m.start())))
    if document.agency == MISSING:
        out.append(Remaining(CLOSING, "单位名称", placeholder_target("单位名称")))
    if document.date == MISSING_DATE:
        out.append(Remaining(CLOSING, "成文日期", placeholder_target("成文日期")))
    return out


def by_target(remaining: list[Remaining]) -> dict[Target, list[Remaining]]:
    """The markers grouped by where they are filled in, in the order first met."""
    out: dict[Target, list[Remaining]] = {}
    for r in remaining:
        out.setdefault(r.target, []).append(r)
    return out
