"""What to write in the notes, and which notes fill a 【待补充：…】 marker (pure data and lookups).

The questions follow what published reports of the same level typically say under each aspect: a township
writes about its 公开栏 and 惠民补贴, a department about “双公示”, every 人民政府 about 考核、评议、追究; 六 asks
for the items of the report's format and year (``schemas.content.other_items``), the 2019 format for none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.drafting.facts import previous_measures, previous_problems
from schemas.agency import TIER_LABELS, can_make_regulations, tier
from schemas.content import other_items
from schemas.drafting import NOTE_ASPECTS, NOTE_TITLES
from schemas.registry import FORMAT_VERSIONS, GOVERNMENT_LEVELS, LEVEL_LABELS, SECTION_TITLES, table
from schemas.report import Report


@dataclass(frozen=True)
class Question:
    text: str
    when: frozenset[str] = frozenset()  # tags the report must all have (see ``report_tags``)


def _q(text: str, *when: str) -> Question:
    return Question(text, frozenset(when))


# per notes aspect: short questions a clerk answers with facts (tags: see report_tags)
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "general": (_q("全年政务公开工作抓了哪几件事？（一两句即可，如调整领导小组、召开专题会议几次、部署了哪些重点）"),),
    "proactive_disclosure": (
        _q("本年度在门户网站（政务公开专栏）公开信息多少条？"),
        _q("召开新闻发布会几场？主题是什么？", "above_township"),
        _q("通过政务公开栏、村（社区）公开栏公开了哪些事项？", "township"),
        _q("制发的规章、规范性文件有哪些？是否同步解读、怎样解读？", "regulations"),
        _q("制发的规范性文件有哪些？是否同步解读、怎样解读？", "no_regulations"),
        _q(
            "财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域公开了哪些？", "government", "above_township"
        ),
        _q("财政预决算、惠民惠农补贴、低保救助等事项如何公开？", "township"),
        _q("行政许可、行政处罚（“双公示”）信息公开多少条？", "department"),
    ),
    "disclosure_on_request": (
        _q("申请主要涉及哪些内容？"),
        _q("是否都在法定期限内答复？有无延期答复？"),
        _q("受理渠道（网上、信函、当面）和办理流程有何改进？"),
        _q("（申请数和办理结果以表三为准，这里只写表里没有的做法。）"),
    ),
    "information_management": (
        _q("公开属性如何认定？"),
        _q("发布前保密审查怎么做？"),
        _q("清理了哪些文件、多少件？"),
        _q("政策文件库、主动公开目录有无更新？", "above_township"),
        _q("基层政务公开标准目录是否编制、更新？", "grassroots"),
    ),
    "platform_building": (
        _q("专栏栏目有何调整？"),
        _q("政务新媒体账号几个、有无新开或关停？"),
        _q("政府公报出版几期？", "government", "city_or_above"),
        _q("便民服务中心、查阅点、公开栏如何设置？", "township"),
    ),
    "oversight": (
        _q("培训几次、多少人次？"),
        _q("是否纳入考核？"),
        _q("工作机构、人员有无调整？"),
        _q("工作考核、社会评议、责任追究结果如何？（各级人民政府必须写明，没有追究也写明）", "government"),
    ),
    "rectification": (
        _q(
            "上年报告列出的每个问题整改了什么、结果如何？逐条写，先写问题再写做法和结果"
            "（如：“栏目更新不及时”问题：建立每周检查机制，全年更新信息120条）。"
        ),
    ),
    "problems": (_q("每个问题写一条，具体到哪项工作、什么表现（如“政策解读形式单一，全年图解仅2篇”），不写套话。"),),
    "measures": (_q("每个问题写一条措施，措施与问题一一对应，写清做什么、何时完成。"),),
}

# 六's items (keys of schemas.content.OTHER_ITEMS) as questions; the 2019 format lists none of them
OTHER_ITEM_QUESTIONS: dict[str, str] = {
    "processing_fee": "信息处理费：发出收费通知几件、金额多少、实际收取多少？（数字填在「基本信息」，没有也填0）",
    "work_points": "落实上级年度政务公开工作要点：逐项做了什么？",
    "proposals": "人大代表建议和政协委员提案：办理多少件、办理结果公开多少件？（没有请写“无”）",
    "innovation": "年度工作创新：有何创新做法？（没有请写“无”）",
}
OTHER_MATTERS_2019 = "其他需要报告的事项（没有请写“无”）"
# a township has no 政协: it is asked about its own 人大代表建议 only
TOWNSHIP_PROPOSALS = "人大代表建议：承办多少件、办理结果公开多少件？（乡镇没有政协委员提案；没有请写“无”）"


def report_tags(report: Report) -> frozenset[str]:
    """What decides which questions a report gets: its format, tier, government or not, 规章 or not."""
    m = report.meta
    t = tier(m.agency, m.level)
    tags = {m.format_version, t}
    tags.add("government" if m.level in GOVERNMENT_LEVELS else "department")
    tags.add("above_township" if t != "township" else "township")
    tags.add("regulations" if can_make_regulations(m.agency, m.level) else "no_regulations")
    if t in ("city", "province", "national"):
        tags.add("city_or_above")
    if t == "township" or (m.level in GOVERNMENT_LEVELS and t == "county"):
        tags.add("grassroots")  # 基层政务公开标准化规范化: counties and townships
    return frozenset(tags)


_KINDS: dict[str, str] = {"county_government": "人民政府", "department": LEVEL_LABELS["department"], "other": "单位"}


def audience(report: Report) -> str:
    """The reports the questions are drawn from, as the page names them: 「乡镇（街道）」「县级政府部门」「市级人民政府」."""
    m = report.meta
    t = tier(m.agency, m.level)
    return TIER_LABELS[t] if t in ("township", "national") else TIER_LABELS[t] + _KINDS.get(m.level, "")


@dataclass(frozen=True)
class AspectGuide:
    """What to write under one notes aspect, and last year's problems and measures to report on."""

    questions: tuple[str, ...] = ()
    last_year_problems: tuple[str, ...] = ()
    last_year_measures: tuple[str, ...] = ()

    def text(self) -> str:
        return " ".join(self.questions)


def note_guide(report: Report, previous: Report | None = None) -> dict[str, AspectGuide]:
    """The guide of every notes aspect of ``report`` (``NOTE_TITLES`` order; an aspect without questions gets
    an empty guide), with last year's problems and measures under 上年问题整改 when ``previous`` is known."""
    tags = report_tags(report)
    out: dict[str, AspectGuide] = {}
    for key in NOTE_TITLES:
        questions = [q.text for q in QUESTIONS.get(key, ()) if q.when <= tags]
        if key == "problems" and "measures" not in NOTE_TITLES:
            questions += [q.text for q in QUESTIONS["measures"]]  # measures are written with the problems
        if key == "other_matters":
            items = other_items(report.meta.format_version, report.meta.year)
            asked = {**OTHER_ITEM_QUESTIONS, **({"proposals": TOWNSHIP_PROPOSALS} if "township" in tags else {})}
            questions += [asked[i.key] for i in items] if items else [OTHER_MATTERS_2019]
        guide = AspectGuide(tuple(questions))
        if key == "rectification" and previous is not None:
            guide = AspectGuide(guide.questions, tuple(previous_problems(previous)), tuple(previous_measures(previous)))
        out[key] = guide
    return out


# ---------------------------------------------------------------- which notes fill a 【待补充：…】 marker

Page = Literal["materials", "basics", "tables"]
PAGE_TITLES: dict[str, str] = {"materials": "工作素材", "basics": "基本信息", "tables": "数据填报"}


@dataclass(frozen=True)
class Target:
    """Where the fact a marker asks for is written: a page and the field on it."""

    page: Page
    field: str  # a notes aspect, a 基本信息 field or a table id ("" for the page as a whole)
    label: str  # the field as the page labels it ("" for the page as a whole)
    hint: str = ""

    def describe(self) -> str:
        where = PAGE_TITLES[self.page]
        return f"{where}「{self.label}」" if self.label else where


def _note(key: str) -> Target:
    return Target("materials", key, NOTE_TITLES[key])


def _measures() -> Target:
    # the notes have their own 改进措施 aspect, or measures are written with the problems
    return _note("measures") if "measures" in NOTE_TITLES else _note("problems")


_DATE_HINT = "或由审核人在「审核」页「审核签发」填写日期"
_TABLES = ("表一", "表二", "表三", "表四")

# words of a marker → where its fact is written, first match wins (整改措施 is 整改, not 措施; 表三数据不完整 is
# the table, not 依申请公开); then the aspects by their heading words (schemas.drafting.NOTE_ASPECTS), then these
_FIXED: tuple[tuple[tuple[str, ...], Target | str], ...] = (
    (("成文日期", "落款日期", "发布日期"), Target("basics", "publication.date", "发布日期", _DATE_HINT)),
    (("信息处理费", "收费通知"), Target("basics", "processing_fee", "信息处理费")),
    (("单位名称",), Target("basics", "agency", "单位名称")),
    (("联系方式", "联系电话", "电话", "地址", "邮编", "邮箱"), Target("basics", "contact", "联系方式")),
    (("网址", "电子版", "查阅下载"), Target("basics", "website", "网站")),
    (_TABLES, "tables"),
    (("整改",), "rectification"),
    (("改进措施", "措施", "下一步"), "measures"),
)
# 规章 and 规范性文件 as 表二 names them in either format
_DOCUMENTS = tuple(
    dict.fromkeys(table(v, "二").row(r).label for v in FORMAT_VERSIONS for r in ("regulations", "normative_documents"))
)
_MORE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("general", (SECTION_TITLES["一"], "研究部署", "工作部署")),
    ("other_matters", ("工作要点", "提案", "建议", "创新", "其他需要报告")),
    ("oversight", ("评议", "追究", "人次", "机构", "人员")),
    ("information_management", ("保密", "属性", "清理", "目录", "文件库")),
    ("platform_building", ("专栏", "栏目", "公众号", "公开栏", "查阅点", "公报")),
    ("disclosure_on_request", ("申请", "答复")),
    ("proactive_disclosure", ("发布会", "解读", *_DOCUMENTS, "重点领域", "双公示", "公开信息")),
)
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_EXAMPLES = re.compile(r"[，,：:]?\s*(?:例如|比如|如)[:：]?")
# a marker whose words name nothing: the part it stands in
_BY_SECTION: dict[str, str] = {"一": "general", "五": "problems", "六": "other_matters"}


def _by_words(text: str) -> Target | None:
    for words, where in _FIXED:
        hit = next((w for w in words if w in text), None)
        if hit is None:
            continue
        if isinstance(where, Target):
            return where
        if where == "tables":
            return Target("tables", hit.removeprefix("表"), hit)  # 表三数据不完整: the table is to be completed
        return _measures() if where == "measures" else _note(where)
    for aspect, words in NOTE_ASPECTS.items():
        if aspect in NOTE_TITLES and any(w in text for w in words):
            return _note(aspect)
    for aspect, words in _MORE_WORDS:
        if any(w in text for w in words):
            return _note(aspect)
    return None


def placeholder_target(text: str, *, section: str = "", heading: str = "") -> Target:
    """Where the fact a 【待补充：text】 marker asks for is written: by the marker's own words, else by the
    sub-heading it stands under, else by its section (前言: 基本信息)."""
    # the words before brackets and examples say what is asked for; the rest explains it (「本年度存在的主要问题
    # （表三有…）」, 「本年度…总体情况，如研究部署、工作机构和人员」)
    main = _BRACKETS.sub("", text)
    head = _EXAMPLES.split(main, maxsplit=1)[0]
    found = next((t for part in (head, main, text, heading) if part and (t := _by_words(part))), None)
    if found is not None:
        return found
    if section == "前言":
        return Target("basics", "", "")
    return _note(_BY_SECTION.get(section, "general"))
