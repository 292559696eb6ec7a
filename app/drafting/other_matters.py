"""六、其他需要报告的事项 from the clerk's notes (pure), by the report's format and year.

The 2021 format (国办公开办函〔2021〕30号) lists four items (信息处理费 from 2021): each is written from the notes
lines that name it, 信息处理费 from the basics when they give it; the 2019 format lists none, so 六 is the notes
as they are, or 「无。」. Note lines become sentences (「工作要点：完成…」 → 「完成…。」), each fact once.
"""

from __future__ import annotations

import re

from app.drafting.facts import Facts
from app.drafting.notes import clean_note_text
from schemas.content import OTHER_ITEMS, other_items
from schemas.report import Report

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}\s*[.、)）](?!\d)|[（(][\d一二三四五六七八九十]{1,2}[）)])\s*")
# 「工作要点：…」: a short label, then what is said of it
_LABEL = re.compile(r"^([^，。；,;：:]{2,14})[:：]\s*(.+)$")
_NONE = re.compile(
    r"^(?:无|没有|暂无)(?:其他|其它)?(?:需要|需|应当|应)?(?:单独)?(?:报告|说明)?的?(?:事项|情况)?[。.]?$"
)
_NONE_AFTER_LABEL = re.compile(r"[:：]\s*(?:无|没有|暂无)\s*[。.]?$")
# words that name the 信息处理费 itself (OTHER_ITEMS also counts 收费 as mentioning it, which a fee of another kind does)
_FEE_WORDS = ("信息处理费", "收费通知")
_NO_INNOVATION = re.compile(r"(?:无|没有|暂无|未有)[^，。；]{0,10}创新|创新[^，。；]{0,8}(?:无|没有|暂无)")


def note_lines(text: str) -> list[str]:
    """The notes' lines without bullets, markup, 「说明：」 lines and repeats."""
    out: list[str] = []
    for line in clean_note_text(text).split("\n"):
        line = _BULLET.sub("", line).strip()
        if line and line not in out:
            out.append(line)
    return out


def sentence(line: str) -> str:
    """A note line as a sentence: a leading label that the item's heading already says is dropped (a short remark
    keeps it as its subject: 「信息处理费：未收取」 → 「信息处理费未收取。」), closed with 「。」."""
    m = _LABEL.match(line)
    if m:
        label, rest = m.groups()
        line = rest if len(rest) >= 8 else label + rest
    line = line.rstrip("；;，,、： ")
    return line if line.endswith(("。", "！", "？")) else line + "。"


def says_none(line: str) -> bool:
    """Whether a line says there is nothing to report (「无」, 「无其他需要报告的事项」, 「创新情况：无」)."""
    return bool(_NONE.match(line) or _NONE_AFTER_LABEL.search(line))


def _processing_fee(report: Report, facts: Facts) -> str:
    """信息处理费 as the basics give it; none charged is said in one short sentence with its three zeros (the
    same every year, it stays below the length COPY compares)."""
    fee = report.meta.processing_fee
    if not (fee.notices_sent or fee.notices_amount or fee.collected_amount):
        return "本年度发出信息处理费收费通知0件，通知总金额0元，实际收取信息处理费0元。"
    return facts.statements["processing_fee"]


def other_context(report: Report, facts: Facts) -> dict:
    """六 for the offline template: the text of each item of the report's format and year (from the notes, ""
    when they say nothing of it), whether the notes say 无 for 年度工作创新情况, and the 2019 format's one text."""
    lines = note_lines(report.notes.other_matters)
    items = other_items(report.meta.format_version, report.meta.year)
    sorted_lines: dict[str, list[str]] = {i.key: [] for i in items}
    innovation_none = False
    for line in lines:
        if "创新" in line and (says_none(line) or _NO_INNOVATION.search(line)):
            innovation_none = True
            continue
        if says_none(line):
            innovation_none = True  # 「无其他需要报告的事项」: nothing beyond the items the notes name
            continue
        # a line naming no item is most often the year's own way of working: 年度工作创新情况
        key = next((i.key for i in OTHER_ITEMS if any(w in line for w in i.keywords)), "innovation")
        if key == "processing_fee" and not any(w in line for w in _FEE_WORDS):
            key = "innovation"  # 收费 alone (行政事业性收费目录) is not the 信息处理费
        if key in sorted_lines:
            sorted_lines[key].append(sentence(line))
    texts = {key: "".join(v) for key, v in sorted_lines.items()}
    if "processing_fee" in texts and facts.statements.get("processing_fee"):
        texts["processing_fee"] = _processing_fee(report, facts)  # the basics, said once
    written = [sentence(line) for line in lines if not says_none(line)]
    return {
        "parts": {i.key: texts.get(i.key, "") for i in items},
        "innovation_none": innovation_none and not texts.get("innovation"),
        "text_2019": "".join(written),
    }
