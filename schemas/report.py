"""The report model: meta, narrative and the three tables of one 政府信息公开工作年度报告."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StrictFloat, StrictInt, model_validator

from schemas.drafting import Confirmation, Notes, Requirements, SectionDrafting
from schemas.findings import Finding
from schemas.registry import FormatVersion, Level

SCHEMA_VERSION = 1

# A number as the JSON writer writes it: never a bool or a quoted "12" (schemas/report_json.py refuses NaN and the
# infinities in a file before it gets here).
Number = StrictInt | StrictFloat
# No count or fee of a report comes near this (a province's applications are counted in the hundreds of thousands):
# a larger number in a file is refused (schemas/report_json.py), one built in Python is kept as text (Cell).
MAX_NUMBER = 10**15
# The dates a report or a backup may carry; one outside is refused with its place (its field's title).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DAYS_SAID = f"应在 {FIRST_DAY} 至 {LAST_DAY} 之间"


def in_range(day: Any) -> Any:
    """``day`` (a date or a datetime) when it falls between FIRST_DAY and LAST_DAY, else a ValueError in Chinese."""
    date = day.date() if isinstance(day, dt.datetime) else day
    if not FIRST_DAY <= date <= LAST_DAY:
        raise ValueError(DAYS_SAID)
    return day


Day = Annotated[dt.date, AfterValidator(in_range)]


class Cell(BaseModel):
    """A table cell: a number, a blank (value null, raw ""), or text that is not a number (kept raw)."""

    value: Number | None = None
    raw: str = ""

    @model_validator(mode="after")
    def _no_impossible_count(self) -> Cell:
        """A number no count or fee can be (NaN, infinite, beyond MAX_NUMBER) is kept as text, never as a value."""
        v = self.value
        if v is not None and (isinstance(v, float) and not math.isfinite(v) or abs(v) > MAX_NUMBER):
            self.raw = self.raw or ("数字过大" if isinstance(v, int) else repr(v))
            self.value = None
        return self


class Contact(BaseModel):
    address: str = Field(default="", title="地址")
    postcode: str = Field(default="", title="邮编")
    phone: str = Field(default="", title="电话")
    email: str = Field(default="", title="电子邮箱")


class Publication(BaseModel):
    date: Day | None = Field(default=None, title="发布日期")
    url: str = Field(default="", title="发布网址")


class ProcessingFee(BaseModel):
    notices_sent: StrictInt | None = Field(default=None, title="发出收费通知件数")
    notices_amount: StrictFloat | None = Field(default=None, title="通知总金额（元）")
    collected_amount: StrictFloat | None = Field(default=None, title="实际收取总金额（元）")


class SignOff(BaseModel):
    reviewer: str = Field(default="", title="审核人")
    issuer: str = Field(default="", title="签发人")
    date: Day | None = Field(default=None, title="日期")


class Meta(BaseModel):
    agency: str = Field(default="", title="单位名称")
    level: Level = Field(default="department", title="单位层级")
    year: StrictInt | None = Field(default=None, title="报告年度")
    format_version: FormatVersion = Field(default="2021", title="格式版本")
    contact: Contact = Field(default_factory=Contact, title="联系方式")
    website: str = Field(default="", title="网站")
    publication: Publication = Field(default_factory=Publication, title="发布")
    processing_fee: ProcessingFee = Field(default_factory=ProcessingFee, title="信息处理费")
    signoff: SignOff = Field(default_factory=SignOff, title="审核签发")
    procurement_amount_unit: str = Field(default="", title="采购总金额单位（2019格式）")


class Subsection(BaseModel):
    heading: str = Field(default="", title="小标题")
    text: str = Field(default="", title="正文")


class Narrative(BaseModel):
    """A narrative section: an optional lead paragraph and sub-sections (heading, text)."""

    lead: str = Field(default="", title="导语")
    subsections: list[Subsection] = Field(default_factory=list, title="小节")

    def is_empty(self) -> bool:
        return not self.lead.strip() and not any(s.heading.strip() or s.text.strip() for s in self.subsections)

    def paragraphs(self) -> list[str]:
        """The section's paragraphs in reading order (headings included, as they are printed)."""
        out = [p for p in self.lead.split("\n") if p.strip()]
        for s in self.subsections:
            if s.heading.strip():
                out.append(s.heading)
            out.extend(p for p in s.text.split("\n") if p.strip())
        return out


class ExtraRow(BaseModel):
    """A row found in a published table that the official format does not have (kept, not lost)."""

    table: str
    label: str
    values: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    """What was learned while reading a published file."""

    source: str = Field(default="", title="来源文件")
    source_format: str = Field(default="", title="文件格式")
    version_detected_from: str = Field(default="", title="格式版本判断依据")
    title: str = Field(default="", title="标题")
    sections_found: list[str] = Field(default_factory=list, title="识别到的部分")
    extra_rows: list[ExtraRow] = Field(default_factory=list, title="非官方行")
    findings: list[Finding] = Field(default_factory=list, title="读取发现")


class LastYear(BaseModel):
    """Last year's figures a draft was made against: they travel with the report, so its year-on-year sentences
    are checked the same way wherever it is opened, with or without last year's file at hand."""

    agency: str = Field(default="", title="单位名称")
    year: int | None = Field(default=None, title="报告年度")
    format_version: FormatVersion = Field(default="2021", title="格式版本")
    tables: dict[str, dict[str, Cell]] = Field(default_factory=dict, title="表格")


class Report(BaseModel):
    """One annual report in the project's JSON."""

    schema_version: int = SCHEMA_VERSION
    meta: Meta = Field(default_factory=Meta, title="基本信息")
    preface: str = Field(default="", title="前言")
    overview: Narrative = Field(default_factory=Narrative, title="一、总体情况")
    problems: Narrative = Field(default_factory=Narrative, title="五、存在的主要问题及改进情况")
    other_matters: Narrative = Field(default_factory=Narrative, title="六、其他需要报告的事项")
    tables: dict[str, dict[str, Cell]] = Field(default_factory=dict, title="表格")
    provenance: Provenance | None = Field(default=None, title="导入来源")
    notes: Notes = Field(default_factory=Notes, title="工作素材（内部，不导出）")
    requirements: Requirements = Field(default_factory=Requirements, title="本地要求")
    drafting: dict[str, SectionDrafting] = Field(default_factory=dict, title="起草记录（按部分）")
    confirmations: list[Confirmation] = Field(default_factory=list, title="审核确认")
    last_year: LastYear | None = Field(default=None, title="起草时引用的上年统计表")

    @model_validator(mode="before")
    @classmethod
    def _lift_section_confirmations(cls, data: Any) -> Any:
        """Reports saved before confirmations were the report's kept them in each section's drafting record."""
        if not isinstance(data, dict) or not isinstance(data.get("drafting"), dict):
            return data
        lifted = []
        for section, record in data["drafting"].items():
            if isinstance(record, dict) and record.get("confirmations"):
                lifted += [{**c, "section": section} for c in record["confirmations"] if isinstance(c, dict)]
        if not lifted:
            return data
        drafting = {
            s: {k: v for k, v in r.items() if k != "confirmations"} if isinstance(r, dict) else r
            for s, r in data["drafting"].items()
        }
        return {**data, "drafting": drafting, "confirmations": [*data.get("confirmations", []), *lifted]}

    def with_last_year(self, previous: Report) -> None:
        """Keep ``previous``'s figures with this report (drafting records them when it uses last year's report)."""
        m = previous.meta
        self.last_year = LastYear(
            agency=m.agency, year=m.year, format_version=m.format_version, tables=previous.model_copy(deep=True).tables
        )

    def last_year_report(self) -> Report | None:
        """Last year's figures kept with this report, as a report with tables only (None when none were kept)."""
        if self.last_year is None:
            return None
        kept = self.last_year
        meta = Meta(agency=kept.agency, year=kept.year, format_version=kept.format_version)
        return Report(meta=meta, tables=kept.model_copy(deep=True).tables)

    def cell(self, table_id: str, key: str) -> Cell | None:
        """The cell at ``key`` of table ``table_id``, or None when the report lacks it."""
        return self.tables.get(table_id, {}).get(key)

    def value(self, table_id: str, key: str) -> int | float | None:
        """The numeric value of a cell (None when absent, blank or not a number)."""
        c = self.tables.get(table_id, {}).get(key)
        return None if c is None else c.value


# Narrative sections by their official number.
NARRATIVE_SECTIONS: dict[str, str] = {"一": "overview", "五": "problems", "六": "other_matters"}
