"""A published report's lines → title, preface, the six sections, paragraphs and sub-sections."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app import lazy_re
from app.importers.headings import NUMERALS, Printed, numbered_heading, titled_heading
from app.importers.text import ascii_numbers
from schemas.findings import Finding, Rule, finding
from schemas.registry import LITIGATION, RESULT_COLUMNS, REVIEW, section_title
from schemas.report import Narrative, Subsection

Line = list[str]

# 一、总体情况 / 一.总体情况 / 一 总体情况 / 1.总体情况 / 第一部分 总体情况: a paragraph of its own
_HEADING = lazy_re.compile(
    r"^\s*(?:第([一二三四五六])部分\s*[、.．,，:：]?|([一二三四五六])\s*[、.．,，:：\s]|([1-6])\s*[、.．])\s*(.{2,40}?)\s*[|｜]*\s*$"
)
_HEADING_TO_TABLE = 8  # lines between a table's section heading and the table's first anchor, at most
_PAGE_NUMBER = lazy_re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_FRONT_MATTER = lazy_re.compile(r"^\s*#\s*(?:source|completeness|来源|说明)\s*[:：]", re.I)
_SUBHEADING = lazy_re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")
_ENUMERATION = lazy_re.compile(r"^[一二三四五六七八九十]是")
_INLINE_HEADING = lazy_re.compile(r"^(.{3,30}?)[。．：:]")
_SENTENCE_END = "。！？；：!?;:"
_HAN = "\u4e00-\u9fff（）《》“”，。、：；"
_SPACE_AROUND_DIGITS = lazy_re.compile(
    rf"(?<=[{_HAN}]) +(?=[0-9０-９A-Za-z%％])|(?<=[0-9０-９A-Za-z%％]) +(?=[{_HAN}])"
)

# a title line that does not name the agency continues the line above it
_TITLE_CONTINUED = lazy_re.compile(r"^\s*(?:20\d\d|政府信息公开|政务公开|信息公开|工作年度报告|年度报告|工作)")
# the rest of an agency's name begun on the line above: 「示例县人民政府」 / 「办公室…」
_AGENCY_TAIL = lazy_re.compile(r"^\s*(?:人民政府)?(?:办公室|办公厅|办事处|管理委员会|委员会|管委会|分局)")
_AGENCY_HEAD = lazy_re.compile(r"(?:人民政府|政府|省|市|县|区|州|旗|盟|乡|镇|街道)\s*$")
# the labels of a web page's information table (名称、索引号、发布机构、生成日期 …)
_FIELDS = (
    r"名\s*称|标\s*题|题\s*名|信息名称|文件名称|文章标题|索\s*引\s*号|发布机构|发文机关|发文单位|生成日期|成文日期|"
    r"发布日期|公开日期|文\s*号|发文字号|主题分类|体裁分类|组配分类|公开方式|公开范围|公开时限|有\s*效\s*性|"
    r"信息来源|来\s*源|所属机构|关\s*键\s*词|主\s*题\s*词|信息分类|服务对象"
)
_FIELD = lazy_re.compile(rf"^\s*({_FIELDS})\s*(?:[:：|｜]\s*|\s+|$)(.*)$")
_TITLE_FIELD = lazy_re.compile(r"名称|标题|题名|信息名称|文件名称|文章标题")
_NEXT_FIELD = lazy_re.compile(rf"\s+(?:{_FIELDS})(?:\s|[:：|｜]|$)")
_TITLE_END = lazy_re.compile(r"报告\s*(?:[（(][^）)]{0,12}[）)])?\s*(?:的通知)?\s*$")
# page furniture of government websites: navigation, breadcrumbs, publication details, footers
_CHROME = lazy_re.compile(
    r"当前位置|当前的位置|您的位置|(?:首页|主页)\s*[>＞»｜|]|\s[>＞»]\s+\S+\s+[>＞»]\s|索\s*引\s*号|发布机构|成文日期[:：]|发布(?:日期|时间)[:：]|来源[:：]|"
    r"浏览次数|点击数|字号[:：]|【字体|\[\s*大\s*中\s*小\s*\]|ICP备|版权所有|网站标识码|主办单位|【打印|【关闭|分享到|扫一扫"
)
PUBLICATION_DATE = lazy_re.compile(r"发布(?:日期|时间)[:：]\s*(20\d\d)[-年./](\d{1,2})[-月./](\d{1,2})")

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


def _single(line: Line) -> bool:
    return not (len(line) > 1 and sum(1 for c in line if c.strip()) > 1)


@dataclass
class _Mark:
    """Where a section starts: at its heading (the line is not part of the body), or at its table's first line."""

    pos: int
    num: str
    heading: bool = True
    rest: str = ""  # text after the heading on its line


def split_sections(lines: list[Line]) -> Layout:
    """Sections by their headings (in order): the ordinal and the title's words, or the title's words alone (a LABEL
    warning for the ordinal); tables located by anchors where a heading is missing; text after 表四 without a
    heading as 五."""
    lines = [ln for ln in lines if line_text(ln).strip() and not _PAGE_NUMBER.match(ascii_numbers(line_text(ln)))]
    layout_date = next((m for ln in lines[:30] if (m := PUBLICATION_DATE.search(ascii_numbers(line_text(ln))))), None)
    lines = [ln for ln in lines if not (len(line_text(ln)) <= 120 and _CHROME.search(line_text(ln)))]
    while lines and _FRONT_MATTER.match(line_text(lines[0])):
        lines = lines[1:]
    layout = Layout()
    marks: list[_Mark] = []
    after = 0
    for i, line in enumerate(lines):
        got = numbered_heading(line_text(line), after) if _single(line) else None
        if got:
            marks.append(_Mark(i, got[0], rest=got[1]))
            after = NUMERALS.index(got[0]) + 1
    _titled_headings(lines, marks, layout.findings)
    found = sorted({m.num for m in marks}, key=NUMERALS.index)
    # tables whose section heading is missing: find them by what they contain
    for num, anchors in TABLE_ANCHORS.items():
        if num in found:
            continue
        start = _anchor(lines, anchors, marks, num)
        if start is not None:
            marks.append(_Mark(start, num, heading=False))
    marks.sort(key=lambda m: m.pos)
    _headless_text(lines, marks, layout.findings)
    layout.found = found
    if layout_date:
        layout.publication_date = tuple(int(x) for x in layout_date.groups())
    first = marks[0].pos if marks else len(lines)
    head = [line_text(ln).strip() for ln in lines[:first]]
    layout.title, layout.preface = _title(head)
    for k, mark in enumerate(marks):
        end = marks[k + 1].pos if k + 1 < len(marks) else len(lines)
        body = lines[mark.pos + 1 : end] if mark.heading else lines[mark.pos : end]
        layout.sections.setdefault(mark.num, []).extend(([[mark.rest]] if mark.rest else []) + body)
    return layout


def _titled_headings(lines: list[Line], marks: list[_Mark], findings: list[Finding]) -> None:
    """Add the headings found by their title words whose ordinal is wrong, missing or garbled, one LABEL warning
    each; such a heading must stand in the sections' order and, for a table's section, right above its table."""
    first_table = next((i for i, ln in enumerate(lines) if _table_anchor(ln)), None)
    for i, line in enumerate(lines):
        got = titled_heading(line_text(line)) if _single(line) else None
        if got is None:
            continue
        num, printed = got
        order = NUMERALS.index(num)
        if any(m.num == num or m.pos == i or (NUMERALS.index(m.num) < order) != (m.pos < i) for m in marks):
            continue
        nxt = min((m.pos for m in marks if m.pos > i), default=len(lines))
        if num in TABLE_ANCHORS:
            near = [_squeezed(ln) for ln in lines[i + 1 : min(i + 1 + _HEADING_TO_TABLE, nxt)]]
            at = next((k for k, text in enumerate(near) if any(a in text for a in TABLE_ANCHORS[num])), None)
            if at is None or any(_SENTENCE.search(t) or titled_heading(t) for t in near[:at]):
                continue  # the table must follow its heading, with no text or other heading between them
        elif (num == "一") != (first_table is None or i < first_table):
            continue  # 一 stands before the tables, 五 and 六 after them
        marks.append(_Mark(i, num, rest=printed.rest))
        marks.sort(key=lambda m: m.pos)
        findings.append(_ordinal_finding(num, printed))


def _ordinal_finding(num: str, printed: Printed) -> Finding:
    official = section_title(num)
    if printed.bare:
        message = f"第{num}部分的标题「{printed.heading}」没有序号，官方为「{official}」"
    else:
        message = f"第{num}部分的标题为「{printed.heading}」，官方为「{official}」"
    return finding(
        Rule.LABEL,
        section=num,
        table=num if num in TABLE_ANCHORS else None,
        message=message,
        expected=official,
        actual=printed.heading,
    )


def _squeezed(line: Line) -> str:
    return re.sub(r"\s+", "", line_text(line))  # 「第二十条 第（一）项」


def _table_anchor(line: Line) -> bool:
    text = _squeezed(line)
    return len(text) <= 80 and any(a in text for a in (*TABLE_ANCHORS["二"], *TABLE_ANCHORS["三"]))


# 表四's cells: after the last of them, text is no longer the table
_TABLE_FOUR = lazy_re.compile(
    "|".join(re.escape(c.label) for c in RESULT_COLUMNS) + rf"|{REVIEW}|{LITIGATION}|总\s*计|^[\d\s.|｜-]+$|\d{{5}}"
)
_SENTENCE = lazy_re.compile(r"[\u4e00-\u9fff].*[。，；！？]|[。，；！？].*[\u4e00-\u9fff]")
_NOTE = lazy_re.compile(r"^\s*(?:注|备注|说明|数据来源|单位)\s*[:：]?")
_PROBLEM_WORDS = ("问题", "不足", "改进", "整改", "短板", "差距")
_OTHER_MATTERS_WORDS = ("信息处理费", "收费", "其他", "事项", "建议", "提案", "要点", "创新")
_OPENING = 200  # characters of text after 表四 that must say what it is


def _headless_text(lines: list[Line], marks: list[_Mark], findings: list[Finding]) -> None:
    """Text after 表四 whose heading is missing: read as 五 (as 六 when it names no problem and 六 is missing),
    with a LABEL warning; without it that text would be part of 表四 and lost."""
    nums = [m.num for m in marks]
    if "五" in nums or "四" not in nums:
        return
    k = nums.index("四")
    start, end = marks[k].pos + 1, marks[k + 1].pos if k + 1 < len(marks) else len(lines)
    table = [i for i in range(start, end) if not _single(lines[i]) or _TABLE_FOUR.search(line_text(lines[i]))]
    if not table:
        return  # no table: a sentence under the heading is the section's own
    prose = next((i for i in range(table[-1] + 1, end) if _prose(line_text(lines[i]))), None)
    if prose is None:
        return
    text = "".join(line_text(ln) for ln in lines[prose:end])[:_OPENING]
    if any(w in text for w in _PROBLEM_WORDS):
        num = "五"
    elif "六" not in nums and any(w in text for w in _OTHER_MATTERS_WORDS):
        num = "六"
    else:
        return  # text that says neither (a page's footer) is not taken for a section
    marks.insert(k + 1, _Mark(prose, num, heading=False))
    opening = line_text(lines[prose]).strip()[:12]
    findings.append(
        finding(
            Rule.LABEL,
            section=num,
            message=f"没有找到「{section_title(num)}」的标题：表四之后的文字（「{opening}…」起）按第{num}部分读取",
            expected=section_title(num),
        )
    )


def _prose(text: str) -> bool:
    """A line of running text (or a sub-heading), not a table cell or a signature."""
    text = unicodedata.normalize("NFKC", text).replace("|", " ").strip()
    if _NOTE.match(text):
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if _SUBHEADING.match(text) or _ENUMERATION.match(text):
        return han >= 4
    return han >= 12 and (any(p in text for p in "。，；") or han >= 20)


def _anchor(lines: list[Line], anchors: tuple[str, ...], marks: list[_Mark], num: str) -> int | None:
    order = NUMERALS.index(num)
    lo = max((m.pos for m in marks if NUMERALS.index(m.num) < order), default=-1) + 1
    hi = min((m.pos for m in marks if NUMERALS.index(m.num) > order), default=len(lines))
    if num == "四":  # 表四's header comes after 表三's last row
        t3 = [m.pos for m in marks if m.num == "三"]
        if t3:
            lo = max(lo, t3[0] + 1)
            tail = [i for i in range(lo, hi) if "结转下年度" in line_text(lines[i])]
            if tail:
                lo = tail[-1] + 1
    for i in range(lo, hi):
        text = _squeezed(lines[i])
        if len(text) <= 80 and any(a in text for a in anchors):
            return i
    return None


def _title(head: list[str]) -> tuple[list[str], list[str]]:
    """Split the lines before the first section into title lines and preface lines.

    Web pages put navigation, breadcrumbs and publication details around the title; those lines are
    neither title nor preface (the publication date is read from them separately).
    """
    head = [h for h in (_field_value(h) for h in head) if h and not _CHROME.search(h)]
    for i, text in enumerate(head[:8]):
        if _TITLE_END.search(text) and _title_like(text):
            start = i
            # a title printed over two or three lines: "淮安市人民政府" / "2024 年…年度报告", or with the agency's
            # name split: "示例县人民政府" / "办公室2024年…年度报告", "示例县人民政府" / "办公室" / "2023年…年度报告"
            while (
                start > 0
                and i - start < 2
                and _title_like(head[start - 1])
                and not _TITLE_END.search(head[start - 1])
                and (
                    _TITLE_CONTINUED.match(ascii_numbers(head[start]))
                    or (_AGENCY_TAIL.match(head[start]) and _AGENCY_HEAD.search(head[start - 1]))
                )
            ):
                start -= 1
            title = head[start : i + 1]
            rest = [t for t in head[i + 1 :] if t != text]  # pages often print the title twice
            return title, rest
    return [], head


def _field_value(text: str) -> str:
    """A line of a web page's information table: the title's value (「名称 示例县…年度报告」 → 「示例县…年度报告」),
    nothing for the other fields (索引号, 发布机构, 生成日期 …): a field's label is never part of the title."""
    m = _FIELD.match(text)
    if not m:
        return text
    if not _TITLE_FIELD.fullmatch(re.sub(r"\s+", "", m.group(1))):
        return ""
    value = _NEXT_FIELD.split(m.group(2), maxsplit=1)[0]
    return value.strip(" |｜")


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
