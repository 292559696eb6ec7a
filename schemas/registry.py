"""The official tables as data: one registry per format version (国办公开办函〔2021〕30号, 〔2019〕60号).

Every official label lives here once. Importers, rules, exporters and UI grids are driven by it.
A cell is addressed inside its table by ``cell_key(row_id, column_id)``; no other module spells a key out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Literal

FormatVersion = Literal["2021", "2019"]
CellKind = Literal["count", "signed_count", "amount_wan", "amount"]
TableId = Literal["二", "三", "四"]

FORMAT_VERSIONS: tuple[FormatVersion, ...] = ("2021", "2019")
TABLE_IDS: tuple[TableId, ...] = ("二", "三", "四")


def cell_key(row_id: str, column_id: str) -> str:
    """The key of a cell inside its table: ``cell_key("received", "total")`` → ``"received.total"``."""
    return f"{row_id}.{column_id}"


def split_cell_key(key: str) -> tuple[str, str]:
    """(row id, column id) of a cell key."""
    row_id, _, column_id = key.partition(".")
    return row_id, column_id


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    label: str
    kind: CellKind = "count"
    parent: str | None = None  # nested header above this column (申请人情况 / 法人或其他组织 / 行政诉讼 …)


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    label: str
    group: str | None  # the official group a finding names: block caption (二), parent heading (三), 行政诉讼 (四)
    columns: tuple[Column, ...]  # empty for heading rows
    header: str | None = None  # 表二: the block's first header cell (信息内容)

    def __hash__(self) -> int:
        # rows key the readers' caches: hash by id and label (equal rows share them) instead of every column
        return hash((self.id, self.label))

    @property
    def is_heading(self) -> bool:
        return not self.columns

    def cell_keys(self) -> tuple[str, ...]:
        """The keys of the row's cells, column by column."""
        return tuple(cell_key(self.id, c.id) for c in self.columns)

    def column(self, column_id: str) -> Column:
        """The row's column ``column_id``."""
        for c in self.columns:
            if c.id == column_id:
                return c
        raise KeyError(column_id)


@dataclass(frozen=True, slots=True)
class Table:
    id: TableId
    title: str
    rows: tuple[Row, ...]
    note: str | None = None  # the corner note printed in the table

    @property
    def value_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.columns)

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def cell_keys(self) -> tuple[str, ...]:
        """The keys of every value cell, row by row."""
        return tuple(k for r in self.rows for k in r.cell_keys())


# ---------------------------------------------------------------- sections and levels

SECTIONS: tuple[tuple[str, str], ...] = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)
SECTION_TITLES: dict[str, str] = dict(SECTIONS)


def section_title(section: str) -> str:
    """How a narrative section is named in messages: 前言, or 一、总体情况."""
    return "前言" if section == "前言" else f"{section}、{SECTION_TITLES[section]}"


Level = Literal["county_government", "township", "department", "other"]
LEVEL_LABELS: dict[str, str] = {
    "county_government": "县级以上人民政府",
    "township": "乡镇人民政府、街道办事处",
    "department": "政府部门",
    "other": "其他",
}
GOVERNMENT_LEVELS: frozenset[str] = frozenset({"county_government", "township"})  # 各级人民政府

# 2021 format: the five aspects of 一、总体情况
OVERVIEW_ASPECTS: tuple[tuple[str, str], ...] = (
    ("proactive_disclosure", "主动公开"),
    ("disclosure_on_request", "依申请公开"),
    ("information_management", "政府信息管理"),
    ("platform_building", "政府信息公开平台建设"),
    ("oversight", "监督保障"),
)
ASPECT_LABELS: dict[str, str] = dict(OVERVIEW_ASPECTS)

# ---------------------------------------------------------------- table 二

_ISSUED_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)
_FEES_2021 = (Column("fee_amount", "本年收费金额（单位：万元）", "amount_wan"),)

_MADE_2019 = (
    Column("newly_made", "本年新制作数量"),
    Column("newly_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", "signed_count"),
    Column("decisions", "处理决定数量"),
)
_FEES_2019 = _ITEMS_2019[:2]
_PROCUREMENT_2019 = (
    Column("procurement_items", "采购项目数量"),
    Column("procurement_amount", "采购总金额", "amount"),
)

ART_1 = "第二十条第（一）项"
ART_5 = "第二十条第（五）项"
ART_6 = "第二十条第（六）项"
ART_8 = "第二十条第（八）项"
ART_9 = "第二十条第（九）项"
CONTENT_HEADER = "信息内容"


def _block(caption: str, columns: tuple[Column, ...], *rows: tuple[str, str]) -> tuple[Row, ...]:
    return tuple(Row(rid, label, caption, columns, CONTENT_HEADER) for rid, label in rows)


_TABLE2 = {
    "2021": Table(
        "二",
        "主动公开政府信息情况",
        _block(ART_1, _ISSUED_2021, ("regulations", "规章"), ("normative_documents", "行政规范性文件"))
        + _block(ART_5, _DECISIONS_2021, ("administrative_licensing", "行政许可"))
        + _block(
            ART_6,
            _DECISIONS_2021,
            ("administrative_penalty", "行政处罚"),
            ("administrative_coercion", "行政强制"),
        )
        + _block(ART_8, _FEES_2021, ("administrative_fees", "行政事业性收费")),
    ),
    "2019": Table(
        "二",
        "主动公开政府信息情况",
        _block(ART_1, _MADE_2019, ("regulations", "规章"), ("normative_documents", "规范性文件"))
        + _block(
            ART_5,
            _ITEMS_2019,
            ("administrative_licensing", "行政许可"),
            ("other_management_services", "其他对外管理服务事项"),
        )
        + _block(
            ART_6,
            _ITEMS_2019,
            ("administrative_penalty", "行政处罚"),
            ("administrative_coercion", "行政强制"),
        )
        + _block(ART_8, _FEES_2019, ("administrative_fees", "行政事业性收费"))
        + _block(ART_9, _PROCUREMENT_2019, ("government_procurement", "政府集中采购")),
    ),
}

# ---------------------------------------------------------------- table 三

TOTAL = "total"  # the id of every 总计 column (表三, 表四) and of 表三's （七）总计 row
TOTAL_LABEL = "总计"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
NATURAL_PERSON = "自然人"
TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", NATURAL_PERSON, parent=APPLICANTS),
    Column("commercial_enterprise", "商业企业", parent=ORGANISATIONS),
    Column("research_institution", "科研机构", parent=ORGANISATIONS),
    Column("social_welfare_organization", "社会公益组织", parent=ORGANISATIONS),
    Column("legal_service_agency", "法律服务机构", parent=ORGANISATIONS),
    Column("other_organization", "其他", parent=ORGANISATIONS),
    Column(TOTAL, TOTAL_LABEL, parent=APPLICANTS),
)
# 表三's six applicant columns without 总计 (the cells R-C adds up), and the five of 法人或其他组织
APPLICANT_COLUMNS: tuple[Column, ...] = TABLE3_COLUMNS[:-1]
ORGANISATION_COLUMNS: tuple[Column, ...] = tuple(c for c in APPLICANT_COLUMNS if c.parent == ORGANISATIONS)
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER_HANDLING = "（六）其他处理"
RESULTS = "三、本年度办理结果"


def _t3(rid: str, label: str, group: str | None = None, *, heading: bool = False) -> Row:
    return Row(rid, label, group, () if heading else TABLE3_COLUMNS)


_T3_HEAD = (
    _t3("received", "一、本年新收政府信息公开申请数量"),
    _t3("carried_over", "二、上年结转政府信息公开申请数量"),
    _t3("results", RESULTS, heading=True),
    _t3("disclosed", "（一）予以公开"),
    _t3("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _t3("withheld", WITHHELD, heading=True),
    _t3("withheld_state_secret", "1.属于国家秘密", WITHHELD),
    _t3("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", WITHHELD),
    _t3("withheld_security_stability", "3.危及“三安全一稳定”", WITHHELD),
    _t3("withheld_third_party", "4.保护第三方合法权益", WITHHELD),
    _t3("withheld_internal_affairs", "5.属于三类内部事务信息", WITHHELD),
    _t3("withheld_process_information", "6.属于四类过程性信息", WITHHELD),
    _t3("withheld_enforcement_files", "7.属于行政执法案卷", WITHHELD),
    _t3("withheld_query_matters", "8.属于行政查询事项", WITHHELD),
    _t3("unavailable", UNAVAILABLE, heading=True),
    _t3("unavailable_not_held", "1.本机关不掌握相关政府信息", UNAVAILABLE),
    _t3("unavailable_needs_creation", "2.没有现成信息需要另行制作", UNAVAILABLE),
    _t3("unavailable_unclear", "3.补正后申请内容仍不明确", UNAVAILABLE),
    _t3("not_processed", NOT_PROCESSED, heading=True),
    _t3("not_processed_complaint", "1.信访举报投诉类申请", NOT_PROCESSED),
    _t3("not_processed_repeated", "2.重复申请", NOT_PROCESSED),
    _t3("not_processed_publication", "3.要求提供公开出版物", NOT_PROCESSED),
    _t3("not_processed_excessive", "4.无正当理由大量反复申请", NOT_PROCESSED),
    _t3("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", NOT_PROCESSED),
)
_T3_TAIL = (
    _t3(TOTAL, "（七）总计"),
    _t3("carried_forward", "四、结转下年度继续办理"),
)
_TABLE3 = {
    "2021": Table(
        "三",
        "收到和处理政府信息公开申请情况",
        _T3_HEAD
        + (
            _t3("other_handling", OTHER_HANDLING, heading=True),
            _t3(
                "other_overdue_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                OTHER_HANDLING,
            ),
            _t3(
                "other_unpaid_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                OTHER_HANDLING,
            ),
            _t3("other_other", "3.其他", OTHER_HANDLING),
        )
        + _T3_TAIL,
        TABLE3_NOTE,
    ),
    "2019": Table(
        "三",
        "收到和处理政府信息公开申请情况",
        _T3_HEAD + (_t3("other_handling", OTHER_HANDLING),) + _T3_TAIL,
        TABLE3_NOTE,
    ),
}
# the outcome groups of 表三 by their short names (予以公开 …), as narratives name them; a group's id is also
# the id of its row (（一）予以公开) or heading (（三）不予公开)
OUTCOME_NAMES: dict[str, str] = {
    "disclosed": "予以公开",
    "partially_disclosed": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_handling": "其他处理",
}
# 表三 rows whose sum is the （七）总计 row (R-D), in the 2021 shape; ``outcome_groups`` gives a report's own.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "disclosed": ("disclosed",),
    "partially_disclosed": ("partially_disclosed",),
    "withheld": tuple(r.id for r in _T3_HEAD if r.group == WITHHELD),
    "unavailable": tuple(r.id for r in _T3_HEAD if r.group == UNAVAILABLE),
    "not_processed": tuple(r.id for r in _T3_HEAD if r.group == NOT_PROCESSED),
    "other_handling": tuple(r.id for r in _TABLE3["2021"].rows if r.group == OTHER_HANDLING),
}

# ---------------------------------------------------------------- 表三's （六）其他处理, one row or three
#
# 2019: （六）其他处理 is one row of values. 2021: it is a heading over three sub-rows. Some 2021 reports still
# fill the 2019 single row: it is read as the sum of the three sub-rows (with a LABEL warning from the importer,
# which also keeps only the sub-rows when a table gives both). Every module asks these functions.

OTHER_HANDLING_ID = "other_handling"
OTHER_HANDLING_SUB_ROWS: tuple[str, ...] = OUTCOME_GROUPS[OTHER_HANDLING_ID]
OTHER_HANDLING_ROW: Row = _TABLE3["2019"].row(OTHER_HANDLING_ID)  # the single row, with values
_SINGLE_KEYS = OTHER_HANDLING_ROW.cell_keys()


def other_handling_as_one_row(version: str, keys: Collection[str]) -> bool:
    """Whether 表三's （六）其他处理 is one value row for a table holding cells ``keys``: always in 2019; in 2021
    when the report filled the 2019 single row."""
    return version == "2019" or any(k in keys for k in _SINGLE_KEYS)


def outcome_groups(version: str, keys: Collection[str] = ()) -> dict[str, tuple[str, ...]]:
    """表三's outcome groups → the rows that hold each group's numbers, for a table holding cells ``keys``."""
    if other_handling_as_one_row(version, keys):
        return {**OUTCOME_GROUPS, OTHER_HANDLING_ID: (OTHER_HANDLING_ID,)}
    return OUTCOME_GROUPS


def outcome_rows(version: str, keys: Collection[str] = ()) -> tuple[str, ...]:
    """The 表三 rows whose sum is （七）总计 (R-D), for a table holding cells ``keys``."""
    return tuple(r for rows in outcome_groups(version, keys).values() for r in rows)


def table3_rows(version: str, keys: Collection[str] = ()) -> tuple[Row, ...]:
    """表三's rows as a report fills them: in a 2021 table with （六） as one row, that row stands in place of
    the heading and its three sub-rows."""
    rows = _TABLE3[version].rows
    if version == "2019" or not other_handling_as_one_row(version, keys):
        return rows
    head = tuple(r for r in rows if r.id != OTHER_HANDLING_ID and r.group != OTHER_HANDLING)
    at = next(i for i, r in enumerate(rows) if r.id == OTHER_HANDLING_ID)
    return head[:at] + (OTHER_HANDLING_ROW,) + head[at:]


# ---------------------------------------------------------------- table 四

REVIEW = "行政复议"
LITIGATION = "行政诉讼"
LITIGATION_DIRECT = "未经复议直接起诉"
LITIGATION_AFTER_REVIEW = "复议后起诉"
TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other_result", "其他结果"),
    Column("pending", "尚未审结"),
    Column(TOTAL, TOTAL_LABEL),
)
# 表四's result columns without 总计 (the cells R-E adds up)
RESULT_COLUMNS: tuple[Column, ...] = TABLE4_COLUMNS[:-1]
_TABLE4 = Table(
    "四",
    "政府信息公开行政复议、行政诉讼情况",
    (
        Row("administrative_review", REVIEW, None, TABLE4_COLUMNS),
        Row("litigation_direct", LITIGATION_DIRECT, LITIGATION, TABLE4_COLUMNS),
        Row("litigation_after_review", LITIGATION_AFTER_REVIEW, LITIGATION, TABLE4_COLUMNS),
    ),
)

_TABLES: dict[str, dict[str, Table]] = {v: {"二": _TABLE2[v], "三": _TABLE3[v], "四": _TABLE4} for v in FORMAT_VERSIONS}


def table(version: str, table_id: str) -> Table:
    """The official table ``table_id`` of format ``version``."""
    return _TABLES[version][table_id]


def tables(version: str) -> tuple[Table, ...]:
    """The three official tables of format ``version``, in order."""
    return tuple(_TABLES[version][t] for t in TABLE_IDS)


@cache
def cell_index(version: str) -> dict[tuple[str, str], tuple[Row, Column]]:
    """(table id, cell key) → (row, column) for every value cell of the format."""
    index: dict[tuple[str, str], tuple[Row, Column]] = {}
    for t in tables(version):
        for r in t.rows:
            for c in r.columns:
                index[(t.id, cell_key(r.id, c.id))] = (r, c)
    return index


def version_for_year(year: int | None) -> FormatVersion:
    """The format version in force for reports on ``year``."""
    return "2019" if year is not None and year <= 2020 else "2021"


# Header words that tell the two versions apart (importers score a table's headers with them).
VERSION_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "行政规范性文件",
        "逾期不补正",
        "缴纳费用",
    ),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "采购项目数量",
        "政府集中采购",
    ),
}
