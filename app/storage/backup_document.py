"""A backup document (or a bare report JSON) checked completely before anything is written.

Every value a backup carries is checked against what storage writes: statuses, roles, kinds and decisions from
their fixed sets (app/storage/vocab.py), a plausible year that the current version agrees with, version numbers
unique and positive, chat turns only the user's and the assistant's, the findings a list of findings, dates that
parse and fall between 2000 and 2100, text that fits its column and has no control character, no number beyond any
count or fee, each version's text within what any file may hold, and parts no more numerous than a report's history
could have. A refusal is a BackupError saying what is wrong and where (「备份第 3 版：…」).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from sqlalchemy import String

from app.storage.deadlines import check_month_day
from app.storage.errors import BackupError
from app.storage.lifecycle import old_status
from app.storage.models import (
    Base,
    ChatMessage,
    ExportRecord,
    FindingDecision,
    ReportRecord,
    ReportVersion,
    Review,
    ReviewComment,
    Unit,
)
from app.storage.vocab import REVIEW_SECTIONS, ROLE_LABELS, STATUS_LABELS, ChatRole, Decision, Role, VersionKind
from schemas.findings import Finding
from schemas.registry import Level
from schemas.report import Report, in_range
from schemas.report_json import (
    BACKUP_KIND,
    LABELS,
    JsonDocumentError,
    describe,
    first_problem,
    load_report,
    parse_json,
    problem_message,
    text_problem,
)
from schemas.rule_catalogue import Rule

BACKUP_FORMAT = 1
MAX_BACKUP_BYTES = 30 * 1024 * 1024  # every version of a report with a long history is a few MB
# the most of each part a backup may hold: far more than a report's history has (a few dozen versions, hundreds of
# chat turns), few enough that a backup is read in seconds
MAX_VERSIONS = 2_000
MAX_ROWS = 20_000
FIRST_YEAR = 2008  # the regulations took effect on 1 May 2008: the first annual reports are on 2008


def _iso_datetime(value: Any) -> Any:
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("应为日期时间（如 2026-01-20T09:30:00+08:00）") from None
    return in_range(when)


def _iso_date(value: Any) -> Any:
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("应为日期（如 2026-01-20）") from None
    return in_range(day)


When = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
Day = Annotated[dt.date, BeforeValidator(_iso_date)]
LARGEST = 2**31 - 1  # an INTEGER column (PostgreSQL's is 32 bits)
Positive = Annotated[StrictInt, Field(ge=1, le=LARGEST)]
Count = Annotated[StrictInt, Field(ge=0, le=LARGEST)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


class UnitPart(_Part):
    name: Name = Field(title="单位名称")
    level: Level = Field(title="单位层级")
    deadline_override: tuple[StrictInt, StrictInt] | None = Field(default=None, title="本地截止日期")


class RecordPart(_Part):
    year: StrictInt = Field(title="报告年度")
    level: Level = Field(title="单位层级")
    status: str = Field(default="filling", title="状态")
    status_note: str = Field(default="", title="状态说明")
    status_changed_by: str = Field(default="", title="状态修改人")
    status_changed_at: When | None = Field(default=None, title="状态修改时间")
    current_version: Positive | None = Field(default=None, title="当前版本")
    published_on: Day | None = Field(default=None, title="发布日期")
    published_url: str = Field(default="", title="发布网址")
    submitted: StrictBool = Field(default=False, title="已报送")
    submitted_at: When | None = Field(default=None, title="报送时间")
    submitted_by: str = Field(default="", title="报送人")
    filed: StrictBool = Field(default=False, title="已备案")
    filed_at: When | None = Field(default=None, title="备案时间")
    filed_by: str = Field(default="", title="备案人")
    findings_json: str | None = Field(default=None, title="检查结果")
    findings_version: Positive | None = Field(default=None, title="检查结果所属版本")
    open_findings: Count | None = Field(default=None, title="未处理发现数")
    open_errors: Count | None = Field(default=None, title="未处理错误数")
    created_at: When = Field(title="创建时间")
    created_by: str = Field(title="创建人")
    updated_at: When = Field(title="修改时间")
    updated_by: str = Field(title="修改人")
    updated_role: Role = Field(title="修改人角色")


class VersionPart(_Part):
    version_no: Positive = Field(title="版本号")
    kind: VersionKind = Field(title="版本类型")
    author: str = Field(title="保存人")
    role: Role = Field(title="角色")
    created_at: When = Field(title="保存时间")
    summary: str = Field(default="", title="修改摘要")
    report: dict[str, Any] = Field(title="报告内容")


class ReviewPart(_Part):
    section: str = Field(title="部分")
    approved_by: str | None = Field(default=None, title="通过人")
    approved_at: When | None = Field(default=None, title="通过时间")
    approved_version: Positive | None = Field(default=None, title="通过的版本")


class CommentPart(_Part):
    section: str = Field(title="部分")
    text: str = Field(title="意见")
    author: str = Field(title="提出人")
    role: Role = Field(title="角色")
    created_at: When = Field(title="时间")
    resolved: StrictBool = Field(default=False, title="已解决")
    resolved_by: str = Field(default="", title="解决人")
    resolved_at: When | None = Field(default=None, title="解决时间")


class DecisionPart(_Part):
    key: str = Field(min_length=1, title="发现标识")
    rule: Rule = Field(title="规则")
    table_label: str | None = Field(default=None, title="表")
    group_label: str | None = Field(default=None, title="分组")
    row_label: str | None = Field(default=None, title="行")
    column_label: str | None = Field(default=None, title="列")
    section: str | None = Field(default=None, title="部分")
    paragraph: Count | None = Field(default=None, title="段落")
    actual: str = Field(default="", title="实际值")
    message: str = Field(default="", title="说明")
    decision: Decision = Field(title="处理")
    reason: str = Field(default="", title="理由")
    decided_by: str = Field(title="处理人")
    role: Role = Field(title="角色")
    decided_at: When = Field(title="处理时间")
    version_no: Positive = Field(title="版本号")


class ExportPart(_Part):
    version_no: Positive = Field(title="版本号")
    format: str = Field(min_length=1, title="格式")
    exported_by: str = Field(title="导出人")
    role: Role = Field(title="角色")
    exported_at: When = Field(title="导出时间")
    open_errors: Count = Field(default=0, title="未处理错误数")
    override_reason: str = Field(default="", title="导出理由")


class MessagePart(_Part):
    section: str | None = Field(default=None, title="部分")
    role: ChatRole = Field(title="发言方")
    content: str = Field(title="内容")
    author: str = Field(default="", title="发言人")
    model: str = Field(default="", title="模型")
    prompt_tokens: Count = Field(default=0, title="输入 tokens")
    completion_tokens: Count = Field(default=0, title="输出 tokens")
    created_at: When = Field(title="时间")


class BackupModel(_Part):
    kind: str = Field(title="类型")
    format: StrictInt = Field(title="备份格式")
    unit: UnitPart = Field(title="单位")
    record: RecordPart = Field(title="报告记录")
    versions: list[VersionPart] = Field(min_length=1, max_length=MAX_VERSIONS, title="版本")
    reviews: list[ReviewPart] = Field(default_factory=list, max_length=MAX_ROWS, title="审核")
    comments: list[CommentPart] = Field(default_factory=list, max_length=MAX_ROWS, title="审核意见")
    decisions: list[DecisionPart] = Field(default_factory=list, max_length=MAX_ROWS, title="发现的处理")
    exports: list[ExportPart] = Field(default_factory=list, max_length=MAX_ROWS, title="导出记录")
    messages: list[MessagePart] = Field(default_factory=list, max_length=MAX_ROWS, title="助手对话")


# backup key → (its part model, the table its rows go to)
PARTS: dict[str, tuple[type[_Part], type[Base]]] = {
    "reviews": (ReviewPart, Review),
    "comments": (CommentPart, ReviewComment),
    "decisions": (DecisionPart, FindingDecision),
    "exports": (ExportPart, ExportRecord),
    "messages": (MessagePart, ChatMessage),
}
_PART_NAMES = {"versions": "版本", **{k: BackupModel.model_fields[k].title or k for k in PARTS}}
_FINDINGS = TypeAdapter(list[Finding])
# the fixed values named in a refusal next to their ids: the report's and the storage's
_LABELS = {**LABELS, **ROLE_LABELS, "user": "提问的人"}
_SYNTAX = "JSON 格式错误"  # how schemas/report_json.py begins a syntax error


@dataclass
class Backup:
    """A backup checked in full: its parts as validated, each version's report, the status to store."""

    unit: UnitPart
    record: RecordPart
    versions: list[tuple[VersionPart, Report]]
    parts: dict[str, list[dict[str, Any]]]
    status: str


@dataclass
class BareReport:
    """A report JSON file (as ``nianbao import`` writes it), to be stored as a new report."""

    report: Report


def parse_document(text: str) -> Backup | BareReport:
    """The backup (or bare report) in ``text``, checked completely; a BackupError saying what and where."""
    try:
        data = parse_json(text, max_bytes=MAX_BACKUP_BYTES, finite=False)
    except JsonDocumentError as error:
        said = str(error)
        if said.startswith(_SYNTAX):
            said = "文件不是有效的 JSON" + said.removeprefix(_SYNTAX)
        raise BackupError(f"{said}，未导入任何内容。") from None
    if not isinstance(data, dict):
        raise BackupError("这不是年报助手的报告备份，也不是报告 JSON 文件。")
    _check_inert(data)
    if data.get("kind") != BACKUP_KIND:
        if "meta" not in data:
            raise BackupError("这不是年报助手的报告备份，也不是报告 JSON 文件。")
        report = _report(data, "文件中")
        _check_year(report.meta.year, "文件中的报告年度")
        _check_bare_lengths(report)
        return BareReport(report)
    if "format" not in data:
        raise BackupError("备份文件缺少格式版本（format），未导入任何内容。")
    if data.get("format") != BACKUP_FORMAT:
        raise BackupError(f"备份文件格式第 {data.get('format')} 版不受支持（本程序读取第 {BACKUP_FORMAT} 版）。")
    try:
        model = BackupModel.model_validate(data)
    except ValidationError as error:
        raise BackupError(f"{_where(error, data)}，未导入任何内容。") from None
    return _checked(model)


def _check_inert(data: dict[str, Any]) -> None:
    """A NaN or infinite number, a number beyond any count or fee, or a control character in a text, anywhere in
    the file: refused with its place before anything else is read."""
    bad = first_problem(data)
    if bad is None:
        return
    path, problem = bad
    if data.get("kind") != BACKUP_KIND:
        raise BackupError(f"文件中{problem_message(path, problem, data)}，未导入任何内容。")
    if len(path) > 3 and path[0] == "versions" and path[2] == "report":
        version = data["versions"][path[1]]
        head = f"备份第 {version['version_no']} 版" if type(version.get("version_no")) is int else "备份中的一版"
        said = problem_message(path[3:], problem, version["report"])
    elif len(path) > 2 and path[0] in PARTS and isinstance(path[1], int):
        head = f"备份的{_PART_NAMES[path[0]]}第 {path[1] + 1} 条"
        model = PARTS[path[0]][0]
        said = problem_message(path[2:], problem, data[path[0]][path[1]], model=model)
    else:
        head, said = "备份中", problem_message(path, problem, data, model=BackupModel)
    raise BackupError(f"{head}{'' if head == '备份中' else '：'}{said}，未导入任何内容。")


def _report(data: Any, where: str) -> Report:
    too_much = text_problem(data)
    if too_much:
        raise BackupError(f"{where}{'' if where.endswith('中') else '：'}{too_much}，未导入任何内容。")
    try:
        return load_report(data)
    except JsonDocumentError as error:
        said = str(error).removeprefix("年报 JSON 中有无效内容：")
        raise BackupError(f"{where}的报告内容无效：{said}，未导入任何内容。") from None


def _where(error: ValidationError, data: dict[str, Any]) -> str:
    """The first problem, placed as 「备份第 3 版：…」 or 「备份的助手对话第 2 条：…」."""
    loc = error.errors()[0]["loc"]
    if len(loc) >= 2 and loc[0] in _PART_NAMES and isinstance(loc[1], int):
        items = data.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        number = item.get("version_no") if loc[0] == "versions" and isinstance(item, dict) else None
        head = f"备份第 {number} 版" if type(number) is int else f"备份的{_PART_NAMES[loc[0]]}第 {loc[1] + 1} 条"
        model = BackupModel.model_fields[loc[0]].annotation
        inner = next(a for a in get_args(model) if isinstance(a, type) and issubclass(a, BaseModel))
        return f"{head}：{describe(error, item, model=inner, prefix=loc[:2], labels=_LABELS)}"
    return f"备份中{describe(error, data, model=BackupModel, labels=_LABELS)}"


def _check_year(year: int | None, what: str) -> None:
    last = dt.date.today().year + 1
    if year is not None and not FIRST_YEAR <= year <= last:
        raise BackupError(f"{what} {year} 不在 {FIRST_YEAR}—{last} 年之间，未导入任何内容。")


def _checked(model: BackupModel) -> Backup:
    record = model.record
    _check_year(record.year, "备份中的报告年度")
    try:
        check_month_day(model.unit.deadline_override)
    except ValueError:
        month, day = model.unit.deadline_override or (0, 0)
        raise BackupError(f"备份中单位的本地截止日期「{month}月{day}日」不是有效的日期，未导入任何内容。") from None
    counted = Counter(v.version_no for v in model.versions)
    repeated = sorted(n for n, times in counted.items() if times > 1)
    if repeated:
        said = "、".join(f"第 {n} 版" for n in repeated)
        raise BackupError(f"备份中的版本号重复（{said}），未导入任何内容。")
    versions = sorted(model.versions, key=lambda v: v.version_no)
    if record.current_version is not None and record.current_version != versions[-1].version_no:
        raise BackupError(
            f"备份记录的当前版本是第 {record.current_version} 版，但备份中最新的是第 {versions[-1].version_no} 版，"
            "未导入任何内容。"
        )
    reports = [(v, _report(v.report, f"备份第 {v.version_no} 版")) for v in versions]
    current = reports[-1][1]
    if current.meta.year is not None and current.meta.year != record.year:
        raise BackupError(
            f"备份第 {versions[-1].version_no} 版（当前版本）的报告年度是 {current.meta.year}，"
            f"备份记录的年度是 {record.year}，两者不一致，未导入任何内容。"
        )
    if record.findings_json is not None:
        _check_findings(record.findings_json)
    _check_unique(model.reviews, "section", "审核", "部分")
    _check_unique(model.decisions, "key", "发现的处理", "发现")
    for key in ("reviews", "comments"):
        for i, item in enumerate(getattr(model, key), start=1):
            if item.section not in REVIEW_SECTIONS:
                raise BackupError(
                    f"备份的{_PART_NAMES[key]}第 {i} 条：部分「{item.section}」不是可审核的部分"
                    f"（{'、'.join(REVIEW_SECTIONS)}），未导入任何内容。"
                )
    try:  # a backup from before the lifecycle carries the old statuses (草稿 … 已导出)
        status = old_status(record.status, current)
    except ValueError:
        known = "、".join(STATUS_LABELS.values())
        raise BackupError(
            f"备份中的报告状态「{record.status}」无法识别，未导入任何内容。可识别的状态：{known}。"
        ) from None
    parts = {key: [item.model_dump() for item in getattr(model, key)] for key in PARTS}
    backup = Backup(unit=model.unit, record=record, versions=reports, parts=parts, status=status)
    _check_lengths(backup)
    return backup


def _check_findings(text: str) -> None:
    try:
        found = parse_json(text)
    except JsonDocumentError as error:
        raise BackupError(f"备份记录的检查结果（findings_json）无效：{error}，未导入任何内容。") from None
    if not isinstance(found, list):
        raise BackupError("备份记录的检查结果（findings_json）应为一个发现的列表，未导入任何内容。")
    try:
        _FINDINGS.validate_python(found)
    except ValidationError as error:
        index = error.errors()[0]["loc"][0]
        raise BackupError(
            f"备份记录的检查结果第 {int(index) + 1} 条不是有效的检查发现：{describe(error, found[index], model=Finding, prefix=(index,))}"
            "，未导入任何内容。"
        ) from None


def _check_unique(items: list[Any], field: str, part: str, what: str) -> None:
    seen: set[Any] = set()
    for i, item in enumerate(items, start=1):
        value = getattr(item, field)
        if value in seen:
            raise BackupError(f"备份的{part}第 {i} 条与前面的重复（{what}「{value}」），未导入任何内容。")
        seen.add(value)


def _check_bare_lengths(report: Report) -> None:
    """The report's words that go to a column of their own (its unit's name, its publication's address) fit it."""
    for title, value, column in (
        ("基本信息 › 单位名称", report.meta.agency.strip(), Unit.__table__.c.name),
        ("基本信息 › 发布 › 发布网址", report.meta.publication.url, ReportRecord.__table__.c.published_url),
    ):
        length = column.type.length
        if length and len(value) > length:
            raise BackupError(f"文件中「{title}」有 {len(value)} 个字，超过 {length} 个字的上限，未导入任何内容。")


def _check_lengths(backup: Backup) -> None:
    """Text longer than its column allows is refused here (PostgreSQL would refuse it mid-import)."""
    rows: list[tuple[str, type[_Part], type[Base], dict[str, Any]]] = [
        ("备份的单位", UnitPart, Unit, backup.unit.model_dump()),
        ("备份的报告记录", RecordPart, ReportRecord, backup.record.model_dump()),
    ]
    rows += [(f"备份第 {v.version_no} 版", VersionPart, ReportVersion, v.model_dump()) for v, _ in backup.versions]
    rows += [
        (f"备份的{_PART_NAMES[key]}第 {i} 条", *PARTS[key], item)
        for key, items in backup.parts.items()
        for i, item in enumerate(items, start=1)
    ]
    for where, part, table, values in rows:
        for column in table.__table__.columns:
            length = column.type.length if isinstance(column.type, String) else None
            value = values.get(column.key)
            if length and isinstance(value, str) and len(value) > length:
                field = part.model_fields.get(column.key)
                name = field.title if field and field.title else column.key
                raise BackupError(
                    f"{where}：「{name}」有 {len(value)} 个字，超过 {length} 个字的上限，未导入任何内容。"
                )


def check_name(name: str) -> None:
    """The name of who imports fits the columns that record it and has no control character."""
    length = ReportVersion.__table__.c.author.type.length
    if len(name) > length:
        raise BackupError(f"姓名有 {len(name)} 个字，超过 {length} 个字的上限，未导入任何内容。")
    bad = first_problem(name)
    if bad is not None:
        raise BackupError(f"姓名中{bad[1]}，未导入任何内容。")


__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_KIND",
    "PARTS",
    "Backup",
    "BareReport",
    "check_name",
    "parse_document",
]
