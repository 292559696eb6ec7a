"""TEXT: words that do not belong in a report's text — a model's talk about itself, sentences of the drafting
instructions, Markdown, a heading repeated inside its own part.

The same check serves the tool's own drafts (errors, and there the drafting instructions are compared too) and
published reports (warnings: Markdown left by a converter, a model's reply pasted whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from app import lazy_re
from app.rules.narrative import heading_core
from app.rules.placeholders import PLACEHOLDER_MARK
from schemas.drafting import ALL_OUTPUT_MODELS, FactUsed
from schemas.findings import Finding, Rule, finding
from schemas.registry import section_title
from schemas.report import NARRATIVE_SECTIONS, Report

# A model speaking about itself, to the person who asked, or about how its text was made: never the words of a
# report. Each family is matched by its wording, not by whole sentences.
_SELF = (
    r"作为(?:一[个名])?(?:AI|ＡＩ|人工智能|语言模型|大模型|智能助手|写作助手|公文写作助手)"
    r"|(?:大)?语言模型|人工智能助手|AI助手|ChatGPT|GPT-?\d"
    r"|我(?:根据|为您|为你|已为|无法|不能确定|不确定)|我是(?:一[个名])?(?:AI|人工智能|语言模型|智能助手|写作助手)"
    r"|(?:您|你)的(?:智能|写作)?助手|年报助手|(?:由|经)(?:AI|ＡＩ|人工智能|大模型|模型)(?:自动)?(?:生成|起草|撰写)"
    r"|(?i:\bas an ai\b|\bhere is\b|\bhere's\b|\bI hope\b|\bsure[,!])|(?:本|此|这个|我的|以上)回答"
)
_PREAMBLE = (
    r"以下是|下面(?:是|为)|如下所示|起草如下|草拟如下|拟写如下|撰写如下|修改如下|改写如下"
    r"|以下为(?:正文|草稿|修改|起草)|调整如下|更新如下|(?:修改|调整|润色|改写)后的?(?:内容|文本|正文|版本|段落)(?:如下|[：:])"
    r"|以上是(?:根据|按照|依据|修改|调整|为您|为你|我)|这是(?:根据|依据|按照|为您|为你|修改后|调整后|起草|撰写|生成)"
    r"|(?:本|此|该|以下|以上|这份|这段)草稿|(?:已|经过|进行了?)润色|润色(?:后|如下)"
    r"|【(?:说明|注|注意|备注|提示|温馨提示|编者按|修改说明|起草说明)】"
)
# greetings, disclaimers and requests to the user: 「您好」「仅供参考」「请根据实际情况修改」「需人工核对」; a
# report's own requests (「请与本局办公室联系」「请登录…查阅」) ask nothing of its text. 请 stands at the start of
# a clause, so 申请核实 and 提请审核 are not requests to the user.
_TO_THE_USER = (
    r"您好|你好|(?:感谢|谢谢)(?:您|你)|谢谢|祝(?:您|你)|很高兴(?:为|能为)(?:您|你)|温馨提示"
    r"|(?:为|帮)(?:您|你)(?:起草|撰写|生成|整理|修改|拟写|草拟|准备)|如果(?:您|你)(?:需要|希望|想|觉得|还)"
    r"|(?:我可以|我还可以|我再|可以再(?=帮|为))(?:再)?(?:帮|为)?(?:您|你)?(?:修改|调整|润色|完善|补充)"
    r"|仅供(?:您)?参考|仅作参考|供(?:您|你)参考"
    r"|(?:(?<![^，,。！!？?；;：:\s（(“])请(?:您|你)?|请(?:您|你))(?:务必|再|仔细)?"
    r"(?:(?:根据|结合|视|按照?)(?:贵单位|本单位|单位)?(?:的)?(?:实际|具体)(?:情况)?(?:进行)?)?"
    r"(?:修改|调整|补充|完善|填写|核实|核对|复核|确认|校对|审核|审阅|替换|删改|取舍|注意)"
    r"|(?:您|你)(?:可以?|可根据|需要)(?:根据|结合|视)?(?:实际(?:情况)?)?(?:修改|调整|补充|完善|填写|替换|删改)"
    r"|(?:需|需要|须|仍需|请|建议)(?:人工|手工|手动)(?:核对|核实|复核|确认|校对|审核|检查)"
    r"|(?:数字|数据|数值)(?:均|仍|尚|还)?(?:待|需|需要|须|有待)(?:进一步|人工)?(?:核对|核实|复核|确认|校对)"
    r"|[（(][^（）()\n]{0,12}?(?:待|需|须|请|有待|尚需|仍需|需要)(?:进一步|人工)?(?:核实|核对|确认|复核|校对|更新)"
    r"[^（）()\n]{0,6}[）)]|[（(](?:数据|数字|此处|该数)?(?:待|需|请)补充[）)]"
    r"|希望(?:以上|这些|本)?(?:内容|回答|草稿)?(?:对您|对你|能)有(?:所)?帮助|如需(?:进一步)?(?:修改|调整|补充)"
    r"|(?:告诉|告知)我"
)
# notes on how the text was drafted or where its data came from, in the tool's own vocabulary (派生表述、经办人
# 素材、提供的材料), which a published report never uses; 「申请人提供的材料」 names whose material it is
_DRAFTING_NOTE = (
    r"派生(?:表述|数据|数字|事实)|小标题|系统(?:要求|指令|提示)|(?:本段|此段|该段)(?=内容|文字|文本|落|中|未|不|没|所|仅|只|数据|数字|均|已|由|依据|根据|基于|参考)|统计表派生|经办人素材|经办人(?:所)?提供的(?:材料|素材|信息|数据|记录|工作记录|情况)|原样(?:引用|使用)|程序(?:根据|按)统计表"
    r"|(?:出处|来源|依据)[：:]\s*(?:表[一二三四五六]|素材|统计表|经办人|派生)"
    r"|(?:根据|依据|基于|按照|结合|参考|对照)(?:您|你)(?:所)?(?:提供|给出|给|上传|发来|发送|提交|输入|粘贴|附上|补充)?的"
    r"|(?:您|你)(?:所)?(?:上传|发来|发送|粘贴|输入|附上)的"
    r"|(?:您|你)(?:所)?(?:提供|提交)?的(?:材料|素材|信息|数据|修改|要求|意见|工作记录|记录|资料|文件|表格|附件|草稿)"
    r"|(?:根据|依据|基于|按照|结合|参考|来源于|来自|取自)(?:所)?(?:提供|给出|给定|所给|上传)的?(?:材料|素材|信息|数据|资料|内容)"
    r"|(?:根据|依据|基于|按照|结合|参考|来源于|来自|取自)[^，,。！？；\n]{0,4}素材|素材(?:中|里)(?:并)?(?:未|没有|无)"
    r"|(?:本段|本节|本小节|本部分|(?:以上|上述|以下)(?:内容|文字|段落|表述|草稿))"
    r"[^，,。！？；\n]{0,12}?(?:起草|生成|撰写|编写|拟写|草拟|来源于|来源为|来自|取自|摘自|供参考)"
)
# notes to whoever fills in a template or a draft: where to add a case, what to keep or delete, an example in
# brackets (「（此处可补充具体案例）」「请勿删除本提示」「（示例：…）」); a report's own brackets explain or
# list (「（含…）」「（如：…）」), they never ask for more text
_FILL_IN = (
    r"(?:此处|这里|本处|该处)(?:可|可以|请|需|需要|应|须|待|宜)?(?:再|另行|酌情|根据实际)?"
    r"(?:补充|填写|填入|插入|添加|增加|补写|列举|替换|举例|删除|删去|省略|略)"
    r"|[（(](?:在此|此处)?(?:可|请|需|应|宜)(?:根据|结合|视|按)?[^（）()\n]{0,8}?"
    r"(?:补充|填写|填入|插入|添加|增加|补写|列举|替换|删除|删去|删减)[^（）()\n]{0,16}[）)]"
    r"|[（(]\s*(?:示例|样例|范例|例文|参考示例|填写示例|填写说明)\s*[：:）)]"
    r"|(?:请|务必|切)?(?:勿|不要|不得|切勿)(?:删除|删去|修改|改动)(?:本|此|该|以下|以上)?(?:提示|说明|注释|标注|模板)"
    r"|(?:本|此)提示(?![函单牌])|(?:该)提示(?:语|文字|内容)"
    r"|(?:删除|删去)(?:本|此|该)(?:行|段提示|提示|说明|注释|括号)"
    r"|(?:使用|提交|发布|定稿|导出|印发|上报)(?:前|时)请(?:务必)?(?:删除|删去)"
)
_OUTPUT_FORMAT = r"JSON\s*(?:结构|格式|对象|字段)|(?:按|以)\s*JSON|提示词|系统提示|写作要求|输出格式|字数(?:约|共|为|[：:])|全文约?\d+字"
_META_TEXT = lazy_re.compile("|".join((_SELF, _PREAMBLE, _TO_THE_USER, _DRAFTING_NOTE, _FILL_IN, _OUTPUT_FORMAT)))
# the output models' field names (「rectification：」「facts_used」), not inside a web address
_FIELD_NAMES = sorted(
    {n for m in (*ALL_OUTPUT_MODELS, FactUsed) for n in m.model_fields if "_" in n or len(n) >= 8},
    key=len,
    reverse=True,
)
_FIELD_NAME = lazy_re.compile(rf"(?<![A-Za-z_/.])(?:{'|'.join(_FIELD_NAMES)})(?![A-Za-z_/.])")
_META_OPENING = lazy_re.compile(r"^\s*(?:好的|当然|没问题|明白|收到|嗯)[，,。！!：:]")
_MARKDOWN: tuple[tuple[re.Pattern[str], str], ...] = (
    (lazy_re.compile(r"^\s{0,3}#{1,6}\s*\S"), "Markdown 标题符号“#”"),
    (lazy_re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "Markdown 加粗符号“**”"),
    (lazy_re.compile(r"~~[^~\n]+~~"), "Markdown 删除线“~~”"),
    (lazy_re.compile(r"(?<![*A-Za-z0-9_])\*[^*\s][^*\n]*\*(?![*A-Za-z_])"), "Markdown 斜体符号“*”"),
    (lazy_re.compile(r"^\s*[-*+•]\s+\S"), "Markdown 列表符号"),
    (lazy_re.compile(r"\|[^|\n]*\|[^|\n]*\||^\s*\|?\s*:?-{3,}"), "Markdown 表格"),
    (lazy_re.compile(r"```|`[^`\n]+`"), "Markdown 代码符号"),
    (lazy_re.compile(r"^\s*>\s*\S"), "Markdown 引用符号“>”"),
    (lazy_re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"), "Markdown 图片或链接"),
)
_OPENING = lazy_re.compile(r"\s*([^：:。，,；;\n]{2,30}?)\s*(?:[：:。\n]|$)")
_SENTENCE = lazy_re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_PLACEHOLDER = lazy_re.compile(r"【[^】]*】")
_NOT_CHINESE = lazy_re.compile(r"[^\u3400-\u9fff]")
_QUOTED = lazy_re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|《[^》]*》|【[^】]*】")

SHINGLE = 10  # Chinese characters a drafted sentence shares with the instructions to be a copy


def normalised(text: str) -> str:
    """``text`` with its Chinese characters only (the instructions are Chinese prose; numbers, web addresses and
    field names are judged elsewhere)."""
    return _NOT_CHINESE.sub("", text)


def _shingles(text: str) -> set[str]:
    t, n = normalised(text), SHINGLE
    return {t[i : i + n] for i in range(len(t) - n + 1)}


def _example_or_term(m: re.Match[str]) -> str:
    """A quoted term (“统计表派生表述”) stays part of its sentence; a quoted example of wording, a document's name
    or a placeholder becomes a sentence break."""
    inner = m.group(0)[1:-1]
    return inner if m.group(0)[0] in '“"「' and len(normalised(inner)) <= 8 else "。"


def instruction_shingles(instructions: Iterable[str], *, material: Iterable[str] = ()) -> frozenset[str]:
    """The character n-grams of the drafting instructions that the report's own material does not contain.

    Quoted examples of wording (“本年度未收到政府信息公开申请”), names of laws and documents (《…》) and
    placeholders (【待补充：…】) are left out: a report rightly says them. Material wording is left out too.
    """
    found: set[str] = set()
    for text in instructions:
        found |= _shingles(_QUOTED.sub(_example_or_term, text))
    for text in material:
        found -= _shingles(text)
    return frozenset(found)


def text_parts(report: Report) -> Iterator[tuple[str, str, int, str, str | None]]:
    """(section, printed title, paragraph index, paragraph, the heading it stands under or None) of the text
    paragraphs (headings themselves left out), indexed as ``section_paragraphs`` indexes them."""
    for i, p in enumerate((p for p in report.preface.split("\n") if p.strip()), start=1):
        yield "前言", "前言", i, p, None
    for num, attr in NARRATIVE_SECTIONS.items():
        title, narrative, index = section_title(num), getattr(report, attr), 0
        for p in (p for p in narrative.lead.split("\n") if p.strip()):
            index += 1
            yield num, title, index, p, None
        for s in narrative.subsections:
            if s.heading.strip():
                index += 1
            for p in (p for p in s.text.split("\n") if p.strip()):
                index += 1
                yield num, title, index, p, s.heading.strip() or None


def _repeats(paragraph: str, heading: str) -> bool:
    """Whether ``paragraph`` opens with ``heading`` (however numbered or worded) as a line or before a colon."""
    opening = _OPENING.match(paragraph)
    return bool(opening) and bool(heading_core(heading)) and heading_core(opening.group(1)) == heading_core(heading)


def stray_text_findings(
    report: Report,
    *,
    own_draft: bool = False,
    section: str | None = None,
    instructions: frozenset[str] = frozenset(),
) -> list[Finding]:
    """TEXT findings of the report's text (of one ``section`` when given); ``instructions`` are the shingles of
    the drafting instructions (``instruction_shingles``) a drafted sentence must not copy."""
    out: list[Finding] = []
    # a published Markdown file's own markup is its format, not stray symbols (the reader keeps some of it)
    markdown = () if report.provenance and report.provenance.source_format == "md" else _MARKDOWN
    for sec, title, index, p, heading in text_parts(report):
        if section is not None and sec != section:
            continue
        where = f"「{title}」第 {index} 段"

        def flag(message: str, actual: str, *, sec=sec, index=index) -> None:
            out.append(
                finding(Rule.TEXT, own_draft=own_draft, section=sec, paragraph=index, message=message, actual=actual)
            )

        spoken = PLACEHOLDER_MARK.sub("", p)  # a placeholder's request to fill it in is the PLACEHOLDER rule's
        meta = _META_TEXT.search(spoken) or _META_OPENING.search(spoken) or _FIELD_NAME.search(spoken)
        if meta:
            flag(f"{where}有不属于报告的话“{meta.group(0).strip()}”（像是模型的说明或回复），请删去", meta.group(0))
        for pattern, what in markdown:
            m = pattern.search(p)
            if m:
                flag(f"{where}有{what}“{m.group(0).strip()[:20]}”，正文中不应出现排版符号，请删去", m.group(0))
        own_headings = [section_title(sec)] if sec != "前言" else ["前言"]
        if heading:
            own_headings.append(heading)
        for h in own_headings:
            if _repeats(p, h):
                flag(f"{where}重复了标题“{h}”，请删去正文开头的标题", h)
                break
        if instructions:
            for s in _SENTENCE.findall(_PLACEHOLDER.sub("", p)):  # placeholders are the PLACEHOLDER rule's
                if _shingles(s) & instructions:
                    flag(f"{where}照抄了起草要求中的话：“{s.strip()[:40]}”，请删去或改写为报告内容", s.strip())
                    break
    return out
