"""The table quantities prose can name, where each lives, and the values it may rightly be given.

「收到申请」 may be 本年新收 or 本年新收 + 上年结转; 行政诉讼 is 未经复议直接起诉 + 复议后起诉; a blank 表三 总计
falls back to the sum of the applicant cells. Sums of two quantities (予以公开和部分公开) are added by the checker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app import lazy_re
from schemas.registry import (
    APPLICANT_COLUMNS,
    LITIGATION,
    LITIGATION_AFTER_REVIEW,
    LITIGATION_DIRECT,
    NATURAL_PERSON,
    ORGANISATION_COLUMNS,
    ORGANISATIONS,
    OUTCOME_NAMES,
    RESULT_COLUMNS,
    REVIEW,
    TOTAL,
    TOTAL_LABEL,
    cell_key,
    outcome_groups,
    table,
)
from schemas.report import Report

Value = int | float | None


@dataclass(frozen=True)
class Quantity:
    """A table quantity a sentence can name: where it lives and the values it may rightly state."""

    name: str
    table: str
    row: str | None
    column: str | None
    values: Callable[[Report], list[Value]]


def _cell(report: Report, t: str, key: str) -> Value:
    return report.value(t, key)


def _t3_total(report: Report, row: str) -> Value:
    """表三 row total; a blank 总计 falls back to the sum of the applicant cells."""
    v = report.value("三", cell_key(row, TOTAL))
    if v is not None:
        return v
    parts = [report.value("三", cell_key(row, c.id)) for c in APPLICANT_COLUMNS]
    return None if None in parts else sum(parts)  # type: ignore[arg-type]


_ORG_IDS = tuple(c.id for c in ORGANISATION_COLUMNS)


def _sum(values: list[Value]) -> Value:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _outcome(group: str) -> Callable[[Report], list[Value]]:
    def values(report: Report) -> list[Value]:
        rows = outcome_groups(report.meta.format_version, report.tables.get("三", {}))[group]
        return [_sum([_t3_total(report, r) for r in rows])]

    return values


def _applicant(cols: tuple[str, ...]) -> Callable[[Report], list[Value]]:
    def values(report: Report) -> list[Value]:
        received = _sum([report.value("三", cell_key("received", c)) for c in cols])
        carried = _sum([report.value("三", cell_key("carried_over", c)) for c in cols])
        both = None if received is None or carried is None else received + carried
        return [received, both]

    return values


def _review(col: str) -> Callable[[Report], list[Value]]:
    return lambda r: [_cell(r, "四", cell_key("administrative_review", col))]


def _litigation(col: str) -> Callable[[Report], list[Value]]:
    return lambda r: [
        _sum(
            [
                _cell(r, "四", cell_key("litigation_direct", col)),
                _cell(r, "四", cell_key("litigation_after_review", col)),
            ]
        )
    ]


def _t2(row: str, *cols: str) -> Callable[[Report], list[Value]]:
    return lambda r: [_cell(r, "二", cell_key(row, c)) for c in cols]


TABLE2 = table("2021", "二")  # the rows named here carry the same label in both versions …
_TABLE3 = table("2021", "三")
# … but 行政规范性文件 (2021) and 规范性文件 (2019): narratives of both say 规范性文件
DOCUMENTS = (
    ("regulations", TABLE2.row("regulations").label),
    ("normative_documents", table("2019", "二").row("normative_documents").label),
)
DECISION_ROWS = (
    ("licensing", "administrative_licensing"),
    ("penalty", "administrative_penalty"),
    ("coercion", "administrative_coercion"),
)
FEES = TABLE2.row("administrative_fees").label
# 表四's results as narratives say them: 结果维持 → 维持 …, 其他结果 as it is
RESULT_WORDS = {c.id: c.label for c in RESULT_COLUMNS} | {"upheld": "维持", "corrected": "纠正", "pending": "未审结"}
_T3 = "三"
QUANTITIES: dict[str, Quantity] = {
    "carried_over": Quantity(
        "上年结转申请数",
        _T3,
        _TABLE3.row("carried_over").label,
        TOTAL_LABEL,
        lambda r: [_t3_total(r, "carried_over")],
    ),
    "carried_forward": Quantity(
        "结转下年度继续办理数",
        _T3,
        _TABLE3.row("carried_forward").label,
        TOTAL_LABEL,
        lambda r: [_t3_total(r, "carried_forward")],
    ),
    "received": Quantity(
        "收到申请数",
        _T3,
        _TABLE3.row("received").label,
        TOTAL_LABEL,
        lambda r: [
            _t3_total(r, "received"),
            _sum([_t3_total(r, "received"), _t3_total(r, "carried_over")]),
        ],
    ),
    "handled": Quantity("办结申请数", _T3, _TABLE3.row(TOTAL).label, TOTAL_LABEL, lambda r: [_t3_total(r, TOTAL)]),
    **{
        group: Quantity(f"{name}数", _T3, _TABLE3.row(group).label, TOTAL_LABEL, _outcome(group))
        for group, name in OUTCOME_NAMES.items()
    },
    "natural_person": Quantity(
        f"{NATURAL_PERSON}申请数",
        _T3,
        _TABLE3.row("received").label,
        NATURAL_PERSON,
        _applicant(("natural_person",)),
    ),
    "organisations": Quantity(
        f"{ORGANISATIONS}申请数",
        _T3,
        _TABLE3.row("received").label,
        ORGANISATIONS,
        _applicant(_ORG_IDS),
    ),
    "review": Quantity(f"{REVIEW}数", "四", REVIEW, TOTAL_LABEL, _review(TOTAL)),
    "litigation": Quantity(f"{LITIGATION}数", "四", LITIGATION, TOTAL_LABEL, _litigation(TOTAL)),
    "litigation_direct": Quantity(
        f"{LITIGATION_DIRECT}数",
        "四",
        LITIGATION_DIRECT,
        TOTAL_LABEL,
        lambda r: [_cell(r, "四", cell_key("litigation_direct", TOTAL))],
    ),
    "litigation_after_review": Quantity(
        f"{LITIGATION_AFTER_REVIEW}数",
        "四",
        LITIGATION_AFTER_REVIEW,
        TOTAL_LABEL,
        lambda r: [_cell(r, "四", cell_key("litigation_after_review", TOTAL))],
    ),
    **{
        key: Quantity(f"{TABLE2.row(rid).label}处理决定数", "二", TABLE2.row(rid).label, None, _t2(rid, "decisions"))
        for key, rid in DECISION_ROWS
    },
    "fees": Quantity(f"{FEES}金额", "二", FEES, None, _t2("administrative_fees", "fee_amount")),
}
for _col in RESULT_COLUMNS:
    QUANTITIES[f"review_{_col.id}"] = Quantity(f"{REVIEW}{_col.label}数", "四", REVIEW, _col.label, _review(_col.id))
    QUANTITIES[f"litigation_{_col.id}"] = Quantity(
        f"{LITIGATION}{_col.label}数", "四", LITIGATION, _col.label, _litigation(_col.id)
    )
    for _part, _label in (
        ("litigation_direct", LITIGATION_DIRECT),
        ("litigation_after_review", LITIGATION_AFTER_REVIEW),
    ):
        QUANTITIES[f"{_part}_{_col.id}"] = Quantity(
            f"{_label}{_col.label}数",
            "四",
            _label,
            _col.label,
            lambda r, part=_part, col=_col.id: [_cell(r, "四", cell_key(part, col))],
        )

_IN_FORCE_ROW = TABLE2.row("regulations")  # 表二 2021: 本年制发件数 | 本年废止件数 | 现行有效件数
for _rid, _label in DOCUMENTS:
    QUANTITIES[f"{_rid}_issued"] = Quantity(
        f"{_label}制发数",
        "二",
        _label,
        _IN_FORCE_ROW.column("issued").label,
        _t2(_rid, "issued", "newly_made", "newly_published"),
    )
    QUANTITIES[f"{_rid}_repealed"] = Quantity(
        f"{_label}废止数", "二", _label, _IN_FORCE_ROW.column("repealed").label, _t2(_rid, "repealed")
    )
    QUANTITIES[f"{_rid}_in_force"] = Quantity(
        f"{_label}现行有效数",
        "二",
        _label,
        _IN_FORCE_ROW.column("in_force").label,
        _t2(_rid, "in_force", "total_published"),
    )
# 表三's detailed rows (1.属于国家秘密 …): their label without its numbering, and words prose uses for them
_DETAIL_ROWS = tuple(r for r in _TABLE3.rows if r.group)
_NUMBERING = lazy_re.compile(r"^\d+\.")
_DETAIL_WORDS: dict[str, tuple[str, ...]] = {
    "withheld_prohibited_by_law": ("法律法规禁止公开",),
    "withheld_security_stability": ("三安全一稳定",),
    "withheld_third_party": ("第三方合法权益", "第三方权益"),
    "withheld_internal_affairs": ("内部事务",),
    "withheld_process_information": ("过程性信息",),
    "withheld_enforcement_files": ("执法案卷",),
    "withheld_query_matters": ("查询事项",),
    "unavailable_not_held": ("不掌握",),
    "unavailable_needs_creation": ("另行制作",),
    "unavailable_unclear": ("仍不明确",),
    "not_processed_complaint": ("信访举报投诉",),
    "not_processed_publication": ("公开出版物",),
    "not_processed_excessive": ("大量反复",),
    "not_processed_confirmation": ("重新出具",),
    "other_overdue_correction": ("逾期不补正",),
    "other_unpaid_fee": ("未按收费通知",),
}
DETAIL_NAMES: tuple[tuple[str, str], ...] = tuple(
    (word, r.id)
    for r in _DETAIL_ROWS
    for word in (_NUMBERING.sub("", r.label), *_DETAIL_WORDS.get(r.id, ()))
    if len(word) >= 3
)
for _row in _DETAIL_ROWS:
    QUANTITIES[_row.id] = Quantity(
        _NUMBERING.sub("", _row.label) + "数",
        _T3,
        _row.label,
        TOTAL_LABEL,
        lambda r, row=_row.id: [_t3_total(r, row)],
    )

for _col in ORGANISATION_COLUMNS:  # one kind of organisation (商业企业 …): named in sums and shares
    QUANTITIES[_col.id] = Quantity(
        f"{_col.label}申请数", _T3, _TABLE3.row("received").label, _col.label, _applicant((_col.id,))
    )

OUTCOME_KEYS: frozenset[str] = frozenset(OUTCOME_NAMES)
APPLICANT_KEYS: frozenset[str] = frozenset({"natural_person", "organisations", *(c.id for c in ORGANISATION_COLUMNS)})
# quantities one number may add up (予以公开 with 部分公开, 行政复议 with 行政诉讼): neither is a part of the other
_SIBLINGS: tuple[frozenset[str], ...] = (
    OUTCOME_KEYS,
    frozenset({"review", "litigation"}),
    frozenset({"received", "carried_over"}),
    frozenset({"natural_person", "organisations"}),
    frozenset({"litigation_direct", "litigation_after_review"}),
)


def siblings(a: str, b: str) -> bool:
    """True when quantities ``a`` and ``b`` are different rows or columns of one level of a table, so that 「a（含b）」
    is their sum, not b counted inside a."""
    return a != b and any(a in group and b in group for group in _SIBLINGS)


def quantity_values(report: Report, key: str) -> list[int | float]:
    """The values quantity ``key`` may rightly be given in ``report`` (empty when its table is not filled)."""
    q = QUANTITIES[key]
    if not report.tables.get(q.table):
        return []
    return [v for v in q.values(report) if v is not None]


def quantity_value(report: Report, key: str) -> int | float | None:
    """The quantity's own value (收到申请: 本年新收), or None."""
    values = quantity_values(report, key)
    return values[0] if values else None


def where(key: str) -> str:
    """Where quantity ``key`` lives, as a message says it: 表三「（一）予以公开」「总计」."""
    q = QUANTITIES[key]
    return f"表{q.table}「{q.row}」" + (f"「{q.column}」" if q.column else "")


# the names a sum's parts go by (「予以公开和部分公开共计38件」, 「行政处罚和行政强制决定共计255件」)
PART_NAMES: tuple[tuple[str, str], ...] = (
    *((name, key) for key, name in OUTCOME_NAMES.items()),
    ("未予公开", "withheld"),
    (LITIGATION_DIRECT, "litigation_direct"),
    ("直接起诉", "litigation_direct"),
    (LITIGATION_AFTER_REVIEW, "litigation_after_review"),
    (REVIEW, "review"),
    ("复议", "review"),
    (LITIGATION, "litigation"),
    ("诉讼", "litigation"),
    *((TABLE2.row(rid).label, key) for key, rid in DECISION_ROWS),
    ("许可", "licensing"),
    ("处罚", "penalty"),
    ("强制", "coercion"),
    ("上年结转", "carried_over"),
    ("本年新收", "received"),
    ("新收", "received"),
    (NATURAL_PERSON, "natural_person"),
    (ORGANISATIONS, "organisations"),
    *((c.label, c.id) for c in ORGANISATION_COLUMNS),
)
