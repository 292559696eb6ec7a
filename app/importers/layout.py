"""A published report's lines → title, preface, the six sections, paragraphs and sub-sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from schemas.findings import Finding
from schemas.registry import ASPECT_LABELS, REVIEW, SECTION_TITLES
from schemas.report import Narrative, Subsection

Line = list[str]

_NUMERALS = "一二三四五六"
# 一、总体情况 / 一.总体情况 / 一 总体情况 / 1.总体情况 / 第一部分 总体情况 (after Markdown # and ** are dropped)
_HEADING = re.compile(
    r"^\s*(?:第([一二三四五六])部分\s*[、.．,，:：]?|([一二三四五六])\s*[、.．,，:：\s]|([1-6])\s*[、.．])\s*(.{2,40}?)\s*[|｜]*\s*$"
)
_MARKUP = re.compile(r"^\s*#+\s*|\*\*|__")
_ARABIC = "123456"
# words that tell a section heading from a table row that is numbered the same way
_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "一": (SECTION_TITLES["一"], "概述", "基本情况", "总体"),
    "二": (ASPECT_LABELS["proactive_disclosure"],),
    "三": ("收到和处理", "依申请", "申请情况", "申请公开"),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进", "整改"),
    "六": ("其他", "需要报告"),
}
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_FRONT_MATTER = re.compile(r"^\s*#\s*(?:source|completeness|来源|说明)\s*[:：]", re.I)
_SUBHEADING = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]是")
_INLINE_HEADING = re.compile(r"^(.{3,30}?)[。．：:]")
_SENTENCE_END = "。！？；：!?;:"
_HAN = "\u4e00-\u9fff（）《》“”，。、：；"
_SPACE_AROUND_DIGITS = re.compile(rf"(?<=[{_HAN}]) +(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) +(?=[{_HAN}])")

# a title line that does not name the agency continues the line above it
_TITLE_CONTINUED = re.compile(r"^\s*(?:20\d\d|政府信息公开|政务公开|信息公开|工作年度报告|年度报告|工作)")
_TITLE_END = re.compile(r"报告\s*(?:[（(][^）)]{0,12}[）)])?\s*(?:的通知)?\s*$")
# page furniture of government websites: navigation, breadcrumbs, publication details, footers
_CHROME = re.compile(
    r"当前位置|当前的位置|您的位置|(?:首页|主页)\s*[>＞»｜|]|\s[>＞»]\s+\S+\s+[>＞»]\s|索\s*引\s*号|发布机构|成文日期[:：]|发布(?:日期|时间)[:：]|来源[:：]|"
    r"浏览次数|点击数|字号[:：]|【字体|\[\s*大\s*中\s*小\s*\]|ICP备|版权所有|网站标识码|主办单位|【打印|【关闭|分享到|扫一扫"
)
PUBLICATION_DATE = re.compile(r"发布(?:日期|时间)[:：]\s*(20\d\d)[-年./](\d{1,2})[-月./](\d{1,2})")

TABLE_ANCHORS: dict[str, tuple[str, ...]] = {
    "二": ("第二十条第",),
    "三": ("勾稽关系", "本年新收政府信息公开申请"),
    "四": (REVIEW,),
}


@dataclass
class Layout:
    title: list[str] = field(default_factory=list)
    preface: list[str] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)  # sections found by their heading
    publication_date: tuple[int, int, int] | None = None  # from the page's 发布日期
    findings: list[Finding] = field(default_factory=list)  # what reading the layout noticed (e.g. a wrong ordinal)


def line_text(line: Line) -> str:
    return " ".join(c for c in line if c.strip()) if len(line) > 1 else (line[0] if line else "")


def _heading(line: Line, after: int) -> str | None:
    if len(line) > 1 and sum(1 for c in line if c.strip()) > 1:
        return None
    text = _MARKUP.sub("", unicodedata.normalize("NFKC", line_text(line)).replace("|", " ")).strip()
    m = _HEADING.match(text)
    if not m:
        return None
    num = m.group(1) or m.group(2) or _NUMERALS[_ARABIC.index(m.group(3))]
    if _NUMERALS.index(num) < after:
        return None
    words = _SECTION_WORDS[num]
    title = re.sub(r"\s+", "", m.group(4))  # 一、 总 体 情 况
    return num if any(w in title for w in words) else None


def split_sections(lines: list[Line]) -> Layout:
    """Sections by their headings (in order), tables located by anchors where a heading is missing."""
    lines = [ln for ln in lines if line_text(ln).strip() and not _PAGE_NUMBER.match(line_text(ln))]
    layout_date = next((m for ln in lines[:30] if (m := PUBLICATION_DATE.search(line_text(ln)))), None)
    lines = [ln for ln in lines if not (len(line_text(ln)) <= 120 and _CHROME.search(line_text(ln)))]
    while lines and _FRONT_MATTER.match(line_text(lines[0])):
        lines = lines[1:]
    marks: list[tuple[int, str]] = []
    after = 0
    for i, line in enumerate(lines):
        num = _heading(line, after)
        if num:
            marks.append((i, num))
            after = _NUMERALS.index(num) + 1
    found = [num for _, num in marks]
    # tables whose section heading is missing: find them by what they contain
    for num, anchors in TABLE_ANCHORS.items():
        if num in found:
            continue
        start = _anchor(lines, anchors, marks, num)
        if start is not None:
            marks.append((start, num))
    marks.sort()
    layout = Layout(found=found)
    if layout_date:
        layout.publication_date = tuple(int(x) for x in layout_date.groups())
    first = marks[0][0] if marks else len(lines)
    head = [line_text(ln).strip() for ln in lines[:first]]
    layout.title, layout.preface = _title(head)
    for k, (pos, num) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        body = lines[pos + 1 : end] if num in found and pos == _first_mark(marks, num) else lines[pos:end]
        layout.sections.setdefault(num, []).extend(body)
    return layout


def _first_mark(marks: list[tuple[int, str]], num: str) -> int:
    return next(p for p, n in marks if n == num)


def _anchor(lines: list[Line], anchors: tuple[str, ...], marks: list[tuple[int, str]], num: str) -> int | None:
    order = _NUMERALS.index(num)
    lo = max((p for p, n in marks if _NUMERALS.index(n) < order), default=-1) + 1
    hi = min((p for p, n in marks if _NUMERALS.index(n) > order), default=len(lines))
    if num == "四":  # 表四's header comes after 表三's last row
        t3 = [p for p, n in marks if n == "三"]
        if t3:
            lo = max(lo, t3[0] + 1)
            tail = [i for i in range(lo, hi) if "结转下年度" in line_text(lines[i])]
            if tail:
                lo = tail[-1] + 1
    for i in range(lo, hi):
        text = line_text(lines[i])
        if len(text) <= 80 and any(a in text for a in anchors):
            return i
    return None


def _title(head: list[str]) -> tuple[list[str], list[str]]:
    """Split the lines before the first section into title lines and preface lines.

    Web pages put navigation, breadcrumbs and publication details around the title; those lines are
    neither title nor preface (the publication date is read from them separately).
    """
    head = [h for h in head if h and not _CHROME.search(h)]
    for i, text in enumerate(head[:8]):
        if _TITLE_END.search(text) and _title_like(text):
            start = i
            # a title printed over two or three lines: "淮安市人民政府" / "2024 年…年度报告"
            while (
                start > 0
                and i - start < 2
                and _TITLE_CONTINUED.match(head[start])
                and _title_like(head[start - 1])
                and not _TITLE_END.search(head[start - 1])
            ):
                start -= 1
            title = head[start : i + 1]
            rest = [t for t in head[i + 1 :] if t != text]  # pages often print the title twice
            return title, rest
    return [], head


def _title_like(text: str) -> bool:
    """A line that can be part of a title: short, no sentence punctuation, no page furniture."""
    return len(text) <= 50 and not any(p in text for p in "。，,；;：:|>") and not _CHROME.search(text)


def tidy(text: str) -> str:
    """Text as published minus PDF artefacts: no spaces between Chinese and digits ("2019 年" → "2019年")."""
    return _SPACE_AROUND_DIGITS.sub("", text).strip()


def _width(s: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in s)


def wrap_width(lines: list[str]) -> float:
    """The width a PDF wrapped these text lines at, or 0 when they are not wrapped."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    if len(lines) < 5:
        return 0
    widths = sorted(_width(ln) for ln in lines)
    full = widths[int(len(widths) * 0.9)]
    wrapped = sum(1 for ln in lines if _width(ln) >= full * 0.85 and ln[-1] not in _SENTENCE_END)
    return full if wrapped >= len(lines) * 0.3 else 0


def paragraphs(lines: list[str], full: float = 0) -> list[str]:
    """Paragraphs from text lines, joining lines that a PDF wrapped (at width ``full``) mid-sentence."""
    lines = [ln.strip() for ln in lines if ln.strip() and not set(ln.strip()) <= set("|｜")]
    wrapped = full > 0
    out: list[str] = []
    prev = ""
    for ln in lines:
        starts_block = bool(_SUBHEADING.match(ln) or _HEADING.match(ln) or _ENUMERATION.match(ln))
        if wrapped and out and not starts_block and _width(prev) >= full * 0.85 and prev[-1] not in "。！？!?":
            out[-1] += ln
        else:
            out.append(ln)
        prev = ln
    return [tidy(p) for p in out]


def narrative(lines: list[Line], full: float = 0) -> Narrative:
    """A narrative section: lead paragraphs, then （一）… sub-sections with heading and text."""
    paras = paragraphs([line_text(ln) for ln in lines], full)
    result = Narrative()
    lead: list[str] = []
    for p in paras:
        if _SUBHEADING.match(p):
            heading, text = _split_heading(p)
            result.subsections.append(Subsection(heading=heading, text=text))
        elif result.subsections:
            sub = result.subsections[-1]
            sub.text = f"{sub.text}\n{p}" if sub.text else p
        else:
            lead.append(p)
    result.lead = "\n".join(lead)
    return result


def _split_heading(p: str) -> tuple[str, str]:
    """（一）主动公开情况。正文… → ("（一）主动公开情况", "正文…"); a long paragraph keeps no heading."""
    if len(p) <= 30 and p[-1] not in "。；;":
        return p, ""
    m = _INLINE_HEADING.match(p)
    if m:
        return m.group(1), p[m.end() :].strip()
    return "", p
