"""YEAR, one definition: which years and dates in the narrative fit the report year.

Grounding of the tool's own drafts, ``nianbao check`` and the workspace all judge years here. A year fits when
it is the report year; last year said as last year — what this year is compared with (「较2024年」「与2024年同
期相比」), in brackets beside 上年, named so in its own clause (「2024年同期」「2024年存在的问题」「2024年结转的
申请」), its figure set beside this year's (「收到申请59件，2024年为50件」), or set against this year named in
the sentence — or as the basis of this year's work (「在2024年工作基础上」「延续2024年做法」); next year in a
plan (in 五, or with 将、计划、拟…); any year as a point of reference (「2018年以来」「自2019年起」「2024年
报告中提出的问题」「2021年至2025年」, a document's name in 《》, the year a rule in force was issued:
「2018年印发的《……规范》」); or a date in the month the report was published or signed (or said to be issued).
Every other year is a YEAR finding, wherever it stands in the sentence: in 「本单位2024年度通过网站公开信息300条，
较上年增加20条」 较上年 makes 300 this year's figure, so 2024 is last year's text left over. So are a statistics
period other than the report year's 1 January to 31 December and a garbled date (「20241月」).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from app import lazy_re
from app.claims.numbers import normalise
from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

PERIOD = lazy_re.compile(
    r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|-|—|－|～|~|–)\s*"
    r"(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
YEAR = lazy_re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年")
_STATISTICS = lazy_re.compile(r"统计|期限|期间|时限")
_GARBLED = lazy_re.compile(r"(?<!\d)(20\d\d)(1[0-2]|0?[1-9])\s*月")
_SENTENCE_END = "。！？；;!?\n"

# what follows a year (after an optional 度/month/day/初/底/末) that makes it a point of reference
_REFERENCE_AFTER = lazy_re.compile(
    r"^(?:度|\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|初|底|末|年底|上半年|下半年)*\s*"
    r"(?:以来|起|开始|至今|以后|之后|以前|之前|前|后|"
    r"至|到|—|－|-|~|～|"
    r"(?:度)?(?:政府信息公开工作)?(?:年度)?(?:报告|年报)|"
    r"(?:颁布|修订|修正|施行)(?:的|后|以来|施行)?)"
)
# the year a rule or plan still in force was issued: 「2018年印发的《……规范》」「2020年出台的考核办法」 (not
# 「2024年印发的文件5件」, which counts last year's work)
_ISSUED_RULE = lazy_re.compile(
    r"^(?:度|\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:印发|出台|制定|发布|实施)的"
    r"(?:《|[^，,。！？；;\n《]{0,14}?(?:办法|规定|规范|制度|意见|要点|方案|条例|细则|规则|标准|目录|指引|格式)(?![\d件条个项性]))"
)
# a thing started that year and still there: 「2022年开设的“城市更新”专栏」「2021年开通的热线」
_STARTED_THING = lazy_re.compile(
    r"^(?:度|\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:开设|开通|建成|建立|设立|上线|创建|启用|推出|开办)的"
    r"[^，,。！？；;\n\d]{0,16}?(?:专栏|栏目|平台|网站|系统|热线|窗口|公众号|小程序|专区|查阅点|频道|板块|版块|数据库)"
    r"(?![\d])"
)
# the stock at last year's end (「截至2023年底」「截至2023年12月31日」) or last year's whole period (「2023年1月至12月」):
# last year's text unless the sentence says it is last year's
_AT_YEAR_END = lazy_re.compile(r"^(?:底|末|年底|年末|\s*12\s*月\s*31\s*日)")
_UNTIL = lazy_re.compile(r"(?:截至|截止到?)\s*$")
_WHOLE_YEAR = lazy_re.compile(r"^\s*1\s*月(?:\s*1\s*日)?\s*(?:至|到|-|—|－|～|~)\s*(?:\d{4}\s*年\s*)?12\s*月")
_SAID_LAST_YEAR = lazy_re.compile(r"上一?年|去年|同比|同期|相比|较|(?<![对类])比")
# this report said to be published in its own year: 「本报告于2024年1月20日发布」 in a 2024 report
_THIS_REPORT = lazy_re.compile(r"本报告|本年度报告|本年报")
_REFERENCE_BEFORE = lazy_re.compile(r"(?:自|从|始于|截至|截止|至|到|—|－|-|~|～)\s*$")
# last year named as last year's inside its own clause: 「2024年同期」「2024年存在的问题」「2024年结转的申请」「上年度
# 2024年」. Not a comparison elsewhere in the sentence: in 「本单位2024年度通过网站公开信息300条，较上年增加20条」
# 较上年 makes 300 this year's figure, so 2024 is the work year left over from last year's text.
_LAST_YEAR_IN_CLAUSE = lazy_re.compile(
    r"同期|相比|对比|比较|持平|整改|结转|遗留|(?:提出|存在|指出|发现|反映)的(?:问题|不足)"
)
_LAST_YEAR_NAMED = lazy_re.compile(r"(?:上一?年度?|去年)(?:即|为|是)?\s*$")  # 「上年度2024年」「去年即2024年」
# a comparison with last year in the year's own clause makes the year this year's work: 「2024年度…较上年增加」
_ON_LAST_YEAR = lazy_re.compile(r"(?:较|比|与|同|相较于?)(?:上一?年度?|去年)|同比")
# last year's figure set beside this year's said before it: 「收到申请59件，2024年为50件」
_FIGURE_AFTER = lazy_re.compile(r"(?:度)?(?:同期)?\s*(?:则|仅|只)?(?:为|是|有)\s*\d")
_CLAUSE_BREAK = lazy_re.compile(r"[，,。；;：:！!？?\n]")
# this year named in the same sentence, with a comparison: 「2024年收到申请41件，今年增加到66件」
_THIS_YEAR_NAMED = lazy_re.compile(r"本年度?|今年|本报告年度")
_COMPARED = lazy_re.compile(r"较|比|同比|相比|增长|下降|增加|减少|持平|增至|降至|上升|回落")
# last year as the point a year's work builds on or is compared with: 「在2024年工作基础上」「以2024年为基础」
# 「延续2024年做法」「巩固2024年整改成果」「与2024年相比」. Only last year: 「在2023年工作基础上」 in a 2025
# report is last year's sentence copied with its year.
_LAST_YEAR_BASIS = lazy_re.compile(r"^[^，,。！？；;\n]{0,12}?(?:基础上|基础之上|的基础|为基础)")
_LAST_YEAR_REFERENCE_BEFORE = lazy_re.compile(
    r"(?:延续|沿用|沿袭|巩固|保持|继承|承接|接续|借鉴|总结|对照|参照|比照|立足|基于|回顾|相较于?|较之|较|比"
    r"|(?<![参给])与|(?<![共会协])同|跟)了?\s*$"
)
_SINCE = lazy_re.compile(r"^[^。！？；;\n]*?(?:以来|至今)")
_SINCE_THEN = lazy_re.compile(r"^(?:度|初|底|末)?\s*(?:以来|至今)")
_ISSUED = lazy_re.compile(r"发布|公布|印发|编制|签发|报告")
_MONTH = lazy_re.compile(r"\s*(\d{1,2})\s*月")
_THIS_YEAR = lazy_re.compile(r"(?:本年度?|今年|全年|本报告年度)\s*[（(]\s*$")
_PLAN = lazy_re.compile(r"将|计划|拟|力争|预计|下一步|下一年|明年|来年|继续|进一步")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start``…``end`` (between 。！？； or line ends)."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def _inside(text: str, start: int, opening: str, closing: str) -> bool:
    before = text[:start]
    return any(before.rfind(o) > before.rfind(c) for o, c in zip(opening, closing, strict=True))


def year_fits(
    text: str, start: int, end: int, *, year: int, section: str, published: Collection[tuple[int, int]] = ()
) -> bool:
    """Whether the year matched at ``text[start:end]`` (「2024年」) fits a report of ``year`` in ``section``."""
    value = int(text[start:end].rstrip("年 \t"))
    month = _MONTH.match(text[end:])
    sentence = _sentence(text, start, end)
    if value == year and month and _THIS_REPORT.search(sentence) and _ISSUED.search(sentence.replace("报告", "")):
        return False  # a report of ``year`` is published after the year ends
    if value < year and (
        (_AT_YEAR_END.match(text[end:]) and _UNTIL.search(text[max(0, start - 4) : start]))
        or _WHOLE_YEAR.match(text[end:])
    ):
        return bool(_SAID_LAST_YEAR.search(sentence))
    if value == year or (month and (value, int(month.group(1))) in published):
        return True  # the report year, or the month the report was published or signed
    if _inside(text, start, "《〈", "》〉"):  # a document's name
        return True
    if _REFERENCE_AFTER.match(text[end:]) or _REFERENCE_BEFORE.search(text[max(0, start - 4) : start]):
        if value != year + 1 or _SINCE_THEN.match(text[end:]):
            return value <= year  # 「2026年以来」 in a 2025 report is no plan
        # next year as a plan's start or deadline (「2026年起，我局将……」「2026年6月底前完成」) is judged as a plan,
        # below
    if value < year and _SINCE.search(text[end : end + 16]):  # 「2008年《条例》施行以来」
        return True
    if value <= year and (_ISSUED_RULE.match(text[end:]) or _STARTED_THING.match(text[end:])):
        return True
    if value == year - 1:
        aside = _inside(text, start, "（(", "）)") and not _THIS_YEAR.search(text[max(0, start - 6) : start])
        reference = _LAST_YEAR_BASIS.match(text[end:]) or _LAST_YEAR_REFERENCE_BEFORE.search(
            text[max(0, start - 5) : start]
        )
        return aside or bool(reference) or _last_year_as_such(text, start, end, year)
    if value == year + 1:
        issued = month and _ISSUED.search(sentence)  # 「本报告于2026年1月20日发布」
        carried = re.search(r"结转(?:至|到|入)?\s*$", text[max(0, start - 6) : start])  # 「结转2026年办理」
        return section == "五" or bool(_PLAN.search(sentence)) or bool(issued) or bool(carried)
    return False


def _last_year_as_such(text: str, start: int, end: int, year: int) -> bool:
    """Whether last year at ``text[start:end]`` is said as last year: named so in its own clause (「2024年同期」
    「2024年存在的问题」「上年度2024年」), or set against this year named in the same sentence (「2024年收到申请41件，
    今年增加到66件」「2024年受理、2025年办结」)."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right = _CLAUSE_BREAK.search(text, end)
    clause = text[left : right.start() if right else len(text)]
    if _LAST_YEAR_NAMED.search(text, left, start):
        return True
    if _LAST_YEAR_IN_CLAUSE.search(clause) and not _ON_LAST_YEAR.search(clause):
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    if _FIGURE_AFTER.match(text, end) and re.search(r"\d", text[sentence_start:left]):
        return True
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    rest = text[sentence_start:start] + " " + text[end : min(ends) if ends else len(text)]
    if re.search(rf"(?<!\d){year}\s*年", rest):
        return True
    return bool(_THIS_YEAR_NAMED.search(rest) and _COMPARED.search(rest))


def _statistics_periods(p: str) -> list[re.Match]:
    return [m for m in PERIOD.finditer(p) if _STATISTICS.search(p[max(0, m.start() - 20) : m.start()])]


def year_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    """YEAR: statistics periods, years and garbled dates that do not fit the report year."""
    year = report.meta.year
    if year is None:
        return []
    published = {(d.year, d.month) for d in (report.meta.publication.date, report.meta.signoff.date) if d}
    out: list[Finding] = []

    def flag(section: str, index: int, message: str, **kw) -> None:
        out.append(finding(Rule.YEAR, own_draft=own_draft, section=section, paragraph=index, message=message, **kw))

    for section, title, index, written in section_paragraphs(report):
        p = normalise(written)  # 「２０２３年」「二〇二三年」 read as 2023年; quoted as written (same spans)
        periods = _statistics_periods(p)
        for m in periods:
            y1 = int(m.group("y1"))
            y2 = int(m.group("y2") or y1)  # "2023年1月1日至12月31日"
            got = (y1, int(m.group("m1")), int(m.group("d1")), y2, int(m.group("m2")), int(m.group("d2")))
            if got != (year, 1, 1, year, 12, 31):
                said = written[m.start() : m.end()]
                flag(
                    section,
                    index,
                    f"「{title}」第 {index} 段的统计期限“{said}”与报告年度不符，应为{year}年1月1日至{year}年12月31日",
                    expected=f"{year}年1月1日至{year}年12月31日",
                    actual=said,
                )
        for m in YEAR.finditer(p):
            if any(s.start() <= m.start() < s.end() for s in periods):
                continue  # judged as a statistics period above
            if year_fits(p, m.start(), m.end(), year=year, section=section, published=published):
                continue
            hint = "（可能沿用了往年的文字）" if m.group(1) < str(year) else ""
            said = written[m.start(1) : m.end(1)]
            flag(
                section,
                index,
                f"「{title}」第 {index} 段的年份“{said}年”与报告年度 {year} 年不符{hint}",
                expected=str(year),
                actual=said,
            )
        for m in _GARBLED.finditer(p):
            said = written[m.start() : m.end()]
            flag(
                section,
                index,
                f"「{title}」第 {index} 段的日期“{said}”有误（年份与月份连在一起）",
                actual=said,
            )
    return out
