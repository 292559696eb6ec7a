"""Drafting: the clerk's notes, local requirements, the LLM output models and the record of each draft.

The output models are the contract with the language model: their Chinese field descriptions are the
field-level instructions, and they stay simple (strings and lists) so every provider can fill them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.findings import Finding

DraftSection = Literal["前言", "一", "五", "六"]
DRAFT_SECTIONS: tuple[str, ...] = ("前言", "一", "五", "六")
FactSource = Literal["table", "derived", "note", "meta", "legal"]

# 经办人素材的分类：identifier → 标题关键词（素材文件中的标题据此归类）
NOTE_ASPECTS: dict[str, tuple[str, ...]] = {
    "proactive_disclosure": ("主动公开",),
    "disclosure_on_request": ("依申请", "申请公开"),
    "information_management": ("信息管理", "政府信息管理"),
    "platform_building": ("平台", "网站", "新媒体"),
    "oversight": ("监督", "保障", "考核", "培训"),
    "rectification": ("整改",),
    "problems": ("问题", "不足"),
    # after 整改 and 问题: 「上年问题整改」 is rectification, 「存在的问题及改进措施」 problems (measures beside them)
    "measures": ("措施", "改进", "下一步", "打算", "明年"),
    "other_matters": ("其他", "信息处理费", "建议", "提案", "创新", "工作要点"),
}
NOTE_TITLES: dict[str, str] = {
    "general": "综合",
    "proactive_disclosure": "主动公开",
    "disclosure_on_request": "依申请公开",
    "information_management": "政府信息管理",
    "platform_building": "平台建设",
    "oversight": "监督保障",
    "rectification": "上年问题整改",
    "problems": "存在的问题",
    "measures": "改进措施",
    "other_matters": "其他事项",
}


class Notes(BaseModel):
    """The clerk's year-end notes, by aspect (free text or bullet facts)."""

    general: str = Field(default="", title="综合")
    proactive_disclosure: str = Field(default="", title="主动公开")
    disclosure_on_request: str = Field(default="", title="依申请公开")
    information_management: str = Field(default="", title="政府信息管理")
    platform_building: str = Field(default="", title="平台建设")
    oversight: str = Field(default="", title="监督保障")
    rectification: str = Field(default="", title="上年问题整改")
    problems: str = Field(default="", title="存在的问题")
    measures: str = Field(default="", title="改进措施")
    other_matters: str = Field(default="", title="其他事项")

    def all_text(self) -> str:
        return "\n".join(getattr(self, k) for k in NOTE_TITLES)


class Requirements(BaseModel):
    """Local requirements: extra checklist items and length limits (characters per section)."""

    checklist: list[str] = Field(default_factory=list, title="必须写到的事项")
    max_chars: dict[str, int] = Field(default_factory=dict, title="字数上限（按部分）")


# ---------------------------------------------------------------- LLM output models


class _OutputModel(BaseModel):
    """A model a draft fills in: its validator is built when drafting first uses it, not when `check` imports the
    report model (a report never holds one)."""

    model_config = ConfigDict(defer_build=True)


class FactUsed(BaseModel):
    value: str = Field(description="正文中出现的一个数字或具体事实，原样摘录，例如“59件”“2025年”")
    source: FactSource = Field(
        description="出处：table=统计表数据，derived=程序计算的派生数据，note=经办人素材，meta=报告基本信息，legal=法规文号"
    )
    ref: str = Field(description="出处位置，例如“表三 本年新收 总计”或素材原文")


class PrefaceDraft(_OutputModel):
    text: str = Field(
        description="前言，一段：编制依据（《中华人民共和国政府信息公开条例》）、报告组成、统计期限、电子版查阅地址、联系方式"
    )
    facts_used: list[FactUsed] = Field(description="正文用到的每个数字及其出处")


class OverviewDraft(_OutputModel):
    lead: str = Field(description="总体情况导语，一至两句，概括全年工作，不写空话")
    proactive_disclosure: str = Field(description="（一）主动公开：依据素材和表二，写具体做法与数据")
    disclosure_on_request: str = Field(
        description="（二）依申请公开：依据表三、表四的派生表述，写收到、办理、结转及复议诉讼情况"
    )
    information_management: str = Field(description="（三）政府信息管理：公开属性认定、保密审查、文件清理等")
    platform_building: str = Field(description="（四）政府信息公开平台建设：网站专栏、政务新媒体、查阅点等")
    oversight: str = Field(
        description="（五）监督保障：培训、考核、监督检查；各级人民政府还须写工作考核、社会评议和责任追究结果情况"
    )
    facts_used: list[FactUsed] = Field(description="正文用到的每个数字及其出处")


class ProblemsDraft(_OutputModel):
    rectification: str = Field(description="上年度报告所列问题的整改情况，逐条对应，写清整改措施和结果")
    problems: str = Field(description="本年度存在的主要问题，具体、实事求是，不写套话")
    measures: str = Field(description="改进措施，与问题一一对应，具体可行")
    facts_used: list[FactUsed] = Field(description="正文用到的每个数字及其出处")


class OtherMattersDraft(_OutputModel):
    processing_fee: str = Field(
        description="信息处理费收取情况：发出收费通知的件数和总金额、实际收取的总金额，为零也写明"
    )
    work_points: str = Field(description="落实上级年度政务公开工作要点情况；没有素材时写【待补充：…】")
    proposals: str = Field(description="人大代表建议和政协委员提案办理结果公开情况；没有素材时写【待补充：…】")
    innovation: str = Field(description="年度工作创新情况；没有则写空字符串")
    facts_used: list[FactUsed] = Field(description="正文用到的每个数字及其出处")


class OtherMatters2019Draft(_OutputModel):
    """六 in the 2019 format (国办公开办函〔2019〕60号), which lists no items of its own."""

    text: str = Field(description="其他需要报告的事项：依据素材如实写明；确无需要报告的事项时写“无。”")
    facts_used: list[FactUsed] = Field(description="正文用到的每个数字及其出处")


OUTPUT_MODELS: dict[str, type[BaseModel]] = {
    "前言": PrefaceDraft,
    "一": OverviewDraft,
    "五": ProblemsDraft,
    "六": OtherMattersDraft,
}


def output_model(section: str, version: str) -> type[BaseModel]:
    """The model a draft of ``section`` fills in a report of format ``version``."""
    if section == "六" and version != "2021":
        return OtherMatters2019Draft
    return OUTPUT_MODELS[section]


ALL_OUTPUT_MODELS: tuple[type[BaseModel], ...] = (*OUTPUT_MODELS.values(), OtherMatters2019Draft)

# ---------------------------------------------------------------- the record of a draft


class Confirmation(BaseModel):
    """A reviewer confirmed a finding (the number or the text is right as it stands), with a written reason.

    It names the finding it confirms — rule, place (section and paragraph, or table cell), the value found and
    the value expected, and the sentence the claim stands in — and applies only while all of them are unchanged:
    a confirmation does not outlive its claim. ``expected`` and ``claim`` None: recorded before they were kept
    (not compared).
    """

    rule: str = Field(title="规则")
    section: str | None = Field(default=None, title="部分")
    paragraph: int | None = Field(default=None, title="段落")
    table: str | None = Field(default=None, title="表")
    group: str | None = Field(default=None, title="分组")
    row: str | None = Field(default=None, title="行")
    column: str | None = Field(default=None, title="列")
    value: str = Field(default="", title="实际")
    expected: str | None = Field(default=None, title="应为")
    claim: str | None = Field(default=None, title="所在语句")
    message: str = Field(default="", title="发现")
    reason: str = Field(title="理由")
    by: str = Field(default="", title="确认人")
    at: dt.datetime | None = Field(default=None, title="确认时间")

    def applies_to(self, finding: Finding, claim: str) -> bool:
        """Whether this confirms ``finding``, whose claim now reads ``claim`` (see ``claim_of``); one without a
        written reason confirms nothing."""
        return (
            bool(self.reason.strip())
            and self.rule == finding.rule
            and self.section == finding.section
            and self.paragraph == finding.paragraph
            and (self.table, self.group, self.row, self.column)
            == (finding.table, finding.group, finding.row, finding.column)
            and self.value == value_text(finding.actual)
            and (self.expected is None or self.expected == value_text(finding.expected))
            and (self.claim is None or self.claim == claim)
        )


def value_text(value: object) -> str:
    """A finding's value as text: "" for none, 20 for 20.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class SectionDrafting(BaseModel):
    """How one section was drafted: mode, model, facts used, tokens, grounding findings, replaced text.

    ``findings`` are those still open after the repair round (they make ``nianbao draft`` exit 1); reviewers'
    confirmations are the report's (``Report.confirmations``), for every finding alike.
    """

    mode: Literal["model", "template"] = Field(title="起草方式")
    model: str = Field(default="", title="模型")
    drafted_at: dt.datetime | None = Field(default=None, title="起草时间")
    facts_used: list[FactUsed] = Field(default_factory=list, title="引用的事实")
    prompt_tokens: int = Field(default=0, title="输入 tokens")
    completion_tokens: int = Field(default=0, title="输出 tokens")
    tokens_estimated: bool = Field(default=False, title="tokens 为估算")
    cost_yuan: float = Field(default=0.0, title="费用（元）")
    repaired: bool = Field(default=False, title="经过一轮自动修正")
    findings: list[Finding] = Field(default_factory=list, title="核对发现")
    placeholders: list[str] = Field(default_factory=list, title="待补充")
    draft_text: str = Field(default="", title="草稿原文")
    replaced_text: str = Field(default="", title="被替换的原文")
