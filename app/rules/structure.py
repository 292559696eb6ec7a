"""Structure rules: SECTION (six sections), ITEM (required items), FORMAT (version vs year)."""

from __future__ import annotations

import re

from app import lazy_re
from schemas.content import OTHER_ITEMS as CONTENT_OTHER_ITEMS
from schemas.content import PROCESSING_FEE_FROM
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    ASPECT_LABELS,
    GOVERNMENT_LEVELS,
    OVERVIEW_ASPECTS,
    SECTION_TITLES,
    TABLE_IDS,
    section_title,
    version_for_year,
)
from schemas.report import NARRATIVE_SECTIONS, Narrative, Report

# keywords that show an aspect of 一、总体情况 is covered (2021 format), by aspect
_ASPECT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "proactive_disclosure": (ASPECT_LABELS["proactive_disclosure"],),
    "disclosure_on_request": ("依申请", "申请公开", "公开申请"),
    "information_management": ("信息管理", "公开属性", "保密审查", "规范性文件清理", "管理"),
    "platform_building": ("平台", "网站", "政务新媒体", "公报"),
    "oversight": ("监督", "保障", "考核", "培训", "评议", "责任追究"),
}
ASPECT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (label, _ASPECT_KEYWORDS[aspect]) for aspect, label in OVERVIEW_ASPECTS
)
GOVERNMENT_OVERSIGHT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作考核", ("考核",)),
    ("社会评议", ("评议", "评价")),
    ("责任追究结果", ("责任追究", "追责", "问责")),
)
RECTIFICATION_WORDS = ("整改", "上年", "上一年", "去年", "上年度")
# 六's items other than 信息处理费 (reported on its own below), 2021 format
OTHER_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (i.label, i.keywords) for i in CONTENT_OTHER_ITEMS if i.key != "processing_fee"
)


def _text(n: Narrative) -> str:
    return "\n".join(n.paragraphs())


def structure_findings(report: Report) -> list[Finding]:
    """SECTION, ITEM and FORMAT findings of ``report``."""
    return _sections(report) + _items(report) + _format(report)


def _sections(report: Report) -> list[Finding]:
    out: list[Finding] = []
    found = set(report.provenance.sections_found) if report.provenance else set()
    for num in SECTION_TITLES:
        if num in NARRATIVE_SECTIONS:
            missing = getattr(report, NARRATIVE_SECTIONS[num]).is_empty()
            if missing and num in found:  # its heading was read, with nothing under it: still no section content
                out.append(
                    finding(
                        Rule.SECTION,
                        section=num,
                        message=f"「{section_title(num)}」只有标题，没有内容（没有内容也应如实写明，例如“无。”）",
                        expected=section_title(num),
                    )
                )
                continue
        else:
            missing = not report.tables.get(num) and (report.provenance is None or num not in found)
        if missing:
            out.append(
                finding(
                    Rule.SECTION,
                    section=num,
                    table=num if num in TABLE_IDS else None,
                    message=f"缺少「{section_title(num)}」部分",
                    expected=section_title(num),
                )
            )
    return out


# names of public bodies whose words are also an aspect's keywords (「监督」 in 「市场监督管理局」,「保障」 in
# 「人力资源和社会保障局」): a name is not a report of the work
_BODY_NAME = lazy_re.compile(r"(?:监督管理|监督|管理|保障)(?:总局|局|厅|委员会|办公室|中心)")
# a platform's own name in quotes (“示例县政务服务平台”): naming it is not reporting the building of platforms
_PLATFORM_NAME = lazy_re.compile(r"[“「][^”」]{1,24}?(?:平台|网站|网|公众号|客户端|App|APP|热线|公报)[”」]")


def _blank(m: re.Match[str]) -> str:
    return "＊" * len(m.group(0))


def masked_names(text: str, agency: str, *, website: str = "") -> str:
    """``text`` with the agency's own name (and the shorter forms of it, 「市场监督管理局」 of
    「示例县市场监督管理局」), other public bodies' names, quoted platform names and the website blanked out, so an
    aspect is not found inside a name."""
    for k in range(len(agency), 3, -1):
        text = text.replace(agency[-k:], "＊" * k)
    if website.strip():
        text = text.replace(website.strip(), "＊")
    return _PLATFORM_NAME.sub(_blank, _BODY_NAME.sub(_blank, text))


def _missing(text: str, items: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    return [name for name, words in items if not any(w in text for w in words)]


def _aspect_gaps(report: Report) -> list[tuple[str, str]]:
    """(aspect, message) for the 2021 overview aspects not written: an aspect whose sub-heading has no text under it, or
    (without such a sub-heading) whose words occur nowhere but inside a name."""
    overview, agency, website = report.overview, report.meta.agency.strip(), report.meta.website
    text = masked_names(_text(overview), agency, website=website)
    out: list[tuple[str, str]] = []
    for name, words in ASPECT_WORDS:
        headed = [s for s in overview.subsections if any(w in masked_names(s.heading, agency) for w in words)]
        if headed and not any(s.text.strip() for s in headed):
            heading = headed[0].heading.strip()
            out.append((name, f"「{section_title('一')}」的「{heading}」下没有内容（2021年格式要求五个方面不能遗漏）"))
        elif not headed and not any(w in text for w in words):
            out.append((name, f"「{section_title('一')}」没有写到「{name}」方面（2021年格式要求五个方面不能遗漏）"))
    return out


def _items(report: Report) -> list[Finding]:
    out: list[Finding] = []
    overview = _text(report.overview)
    if overview.strip() and report.meta.format_version == "2021":
        for name, message in _aspect_gaps(report):
            out.append(finding(Rule.ITEM, section="一", message=message, expected=name))
        if report.meta.level in GOVERNMENT_LEVELS:
            gaps = _missing(masked_names(overview, report.meta.agency.strip()), GOVERNMENT_OVERSIGHT)
            if gaps:
                out.append(
                    finding(
                        Rule.ITEM,
                        section="一",
                        message=f"各级人民政府的「{ASPECT_LABELS['oversight']}」应报告工作考核、社会评议和责任追究结果情况，"
                        f"没有写到：{'、'.join(gaps)}",
                        expected="、".join(gaps),
                    )
                )
    reported = {str(f.message) for f in out}
    for num, attr in NARRATIVE_SECTIONS.items():
        for s in getattr(report, attr).subsections:
            heading = s.heading.strip()
            message = f"「{section_title(num)}」的「{heading}」下没有内容"
            if heading and not s.text.strip() and not any(m.startswith(message) for m in reported):
                out.append(finding(Rule.ITEM, section=num, message=message, expected=heading))
    problems = _text(report.problems)
    if problems.strip() and not any(w in problems for w in RECTIFICATION_WORDS):
        out.append(
            finding(
                Rule.ITEM,
                section="五",
                message=f"「{section_title('五')}」没有报告上年度报告所列问题的整改情况",
                expected="上年问题整改情况",
            )
        )
    other = _text(report.other_matters)
    if not report.other_matters.is_empty():
        # 《政府信息公开信息处理费管理办法》 applies from 2021: earlier reports have no fees to state
        if (report.meta.year or 0) >= PROCESSING_FEE_FROM and "信息处理费" not in other and "收费" not in other:
            out.append(
                finding(
                    Rule.ITEM,
                    section="六",
                    message=f"「{section_title('六')}」没有报告信息处理费收取情况"
                    "（发出收费通知的件数和总金额、实际收取的总金额，为零也应写明）",
                    expected="信息处理费收取情况",
                )
            )
        # the 2019 format (reports for 2019 and 2020) lists no items of 六
        gaps = _missing(other, OTHER_ITEMS) if _later_format(report) else []
        if gaps:
            out.append(
                finding(
                    Rule.ITEM,
                    section="六",
                    message=f"「{section_title('六')}」没有写到：{'；'.join(gaps)}（如确无此类事项可不写）",
                    expected="；".join(gaps),
                )
            )
    return out


def _later_format(report: Report) -> bool:
    """Whether the report is (or should be) in the 2021 format."""
    year = report.meta.year
    return report.meta.format_version == "2021" or (year is not None and year >= 2021)


def _format(report: Report) -> list[Finding]:
    year, version = report.meta.year, report.meta.format_version
    if year is None or year < 2019 or version_for_year(year) == version:
        return []
    right = version_for_year(year)
    return [
        finding(
            Rule.FORMAT,
            message=f"{year}年度报告应使用{right}年格式的表格，本报告使用的是{version}年格式",
            expected=right,
            actual=version,
        )
    ]
