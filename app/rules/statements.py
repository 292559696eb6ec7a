"""R-H: a number the narrative states about a table quantity must equal that quantity.

The narrative is read clause by clause. A number with a count unit is compared only when the words
around it name a table quantity (applications received, 行政复议 cases, 规范性文件 issued …);
numbers about anything else (文件, 新闻发布会, 元 collected) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.rules.common import fmt
from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    APPLICANT_COLUMNS,
    ASPECT_LABELS,
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

_NUMBER = re.compile(
    r"(?:(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
    r"|(?<![零〇一二两三四五六七八九十百千])(?P<cn>[零〇一二两三四五六七八九十百千]{1,5}))"
    r"\s*(?P<approx>余|多)?\s*(?P<unit>万元|件次|件|宗|起|份)(?!工作日|日|天|月|小时|事)"
)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """十二 → 12, 两 → 2, 一百零五 → 105; None for what is not a plain count."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


_APPROX_BEFORE = re.compile(r"(约|近|超过|逾|大约|将近|不少于|达到?近)\s*$")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:（()）、？?！!\n]")
_YEAR_IN_CLAUSE = re.compile(r"(20\d\d)\s*年")
_SENTENCE_BREAK = re.compile(r"[。；;？?！!\n]")

_REVIEW = re.compile(re.escape(REVIEW))
_LITIGATION = re.compile(r"诉讼|起诉")  # 行政诉讼, 诉讼, 起诉
_APPLICATION = re.compile(r"申请")


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


_TABLE2 = table("2021", "二")  # the rows named here carry the same label in both versions …
_TABLE3 = table("2021", "三")
# … but 行政规范性文件 (2021) and 规范性文件 (2019): narratives of both say 规范性文件
_DOCUMENTS = (
    ("regulations", _TABLE2.row("regulations").label),
    ("normative_documents", table("2019", "二").row("normative_documents").label),
)
_DECISION_ROWS = (
    ("licensing", "administrative_licensing"),
    ("penalty", "administrative_penalty"),
    ("coercion", "administrative_coercion"),
)
_FEES = _TABLE2.row("administrative_fees").label
# 表四's results as narratives say them: 结果维持 → 维持 …, 其他结果 as it is
_RESULT_WORDS = {c.id: c.label for c in RESULT_COLUMNS} | {"upheld": "维持", "corrected": "纠正", "pending": "未审结"}
_T3 = "三"
_QUANTITIES: dict[str, Quantity] = {
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
        key: Quantity(f"{_TABLE2.row(rid).label}处理决定数", "二", _TABLE2.row(rid).label, None, _t2(rid, "decisions"))
        for key, rid in _DECISION_ROWS
    },
    "fees": Quantity(f"{_FEES}金额", "二", _FEES, None, _t2("administrative_fees", "fee_amount")),
}
for _col in RESULT_COLUMNS:
    _QUANTITIES[f"review_{_col.id}"] = Quantity(f"{REVIEW}{_col.label}数", "四", REVIEW, _col.label, _review(_col.id))
    _QUANTITIES[f"litigation_{_col.id}"] = Quantity(
        f"{LITIGATION}{_col.label}数", "四", LITIGATION, _col.label, _litigation(_col.id)
    )

_IN_FORCE_ROW = _TABLE2.row("regulations")  # 表二 2021: 本年制发件数 | 本年废止件数 | 现行有效件数
for _rid, _label in _DOCUMENTS:
    _QUANTITIES[f"{_rid}_issued"] = Quantity(
        f"{_label}制发数",
        "二",
        _label,
        _IN_FORCE_ROW.column("issued").label,
        _t2(_rid, "issued", "newly_made", "newly_published"),
    )
    _QUANTITIES[f"{_rid}_repealed"] = Quantity(
        f"{_label}废止数", "二", _label, _IN_FORCE_ROW.column("repealed").label, _t2(_rid, "repealed")
    )
    _QUANTITIES[f"{_rid}_in_force"] = Quantity(
        f"{_label}现行有效数",
        "二",
        _label,
        _IN_FORCE_ROW.column("in_force").label,
        _t2(_rid, "in_force", "total_published"),
    )


# ---------------------------------------------------------------- reading clauses

_CARRIED_OVER = re.compile(r"上一?年度?结转|结转上一?年度?|上年度?遗留")
_CARRIED_FORWARD = re.compile(
    r"结转(?:到|至|入)?下一?年度?|顺延(?:到|至)?下一?年度?|转入下一?年度?|跨年度?办理|结转(?:到|至)?\s*20\d\d\s*年"
)
# "收到政府信息公开申请" / "收到依申请公开请求" / "收到申请": not "受理不动产登记申请" or "行政许可申请"
_ON_REQUEST = re.escape(ASPECT_LABELS["disclosure_on_request"])  # 依申请公开
_RECEIVED = re.compile(
    r"(?:新收|收到|受理|接收|接到|新增)(?:[^，。；]{0,6}?)(?:政府信息公开|信息公开|公开)申请|"
    + _ON_REQUEST
    + r"|(?:新收|收到|受理|接收|接到)(?:各类)?申请|申请[^，。；]{0,8}(?:新收|收到|受理)"
)
_HANDLED = re.compile(r"办结|答复|办理完毕|处理完毕")
# a part of the applications (by channel, by timing), not a table quantity
_SUBSET = re.compile(r"当场|延期|逾期|平均|网上|信函|当面|现场|邮寄|传真|电子邮件|电话|平台|窗口|其中按")
_LEGAL_PROCEEDINGS = re.compile(r"复议|诉讼|起诉")
_REGULATION_VERB = re.compile(r"制发|出台|印发|制定|新增|发布|公开|新制作")
_DOC_EXCLUDE = re.compile(r"清理|审查|审核|备案|解读|征求|评估|政策性")
_DECISION = re.compile(r"决定|办件|作出|办理|处理")
_ITEMS = re.compile(r"事项|项目|清单|信息|公示")
_DELTA = re.compile(r"增加|减少|增长|下降|上升|同比|环比|较上|比上|较去|比去|持平|增幅|降幅")


def _applications(ctx: str, right: str) -> str | None:
    if _LEGAL_PROCEEDINGS.search(ctx) or _SUBSET.search(ctx):
        return None
    if _CARRIED_OVER.search(ctx):
        return "carried_over"
    if _CARRIED_FORWARD.search(ctx) or _CARRIED_FORWARD.search(right):
        return "carried_forward"
    for key, word in OUTCOME_NAMES.items():
        if word in ctx:
            return key
    if NATURAL_PERSON in ctx:
        return "natural_person"
    if re.search(r"法人(?:或|和)其他组织", ctx):
        return "organisations"
    if _RECEIVED.search(ctx):
        return "received"
    return None


def _classify(ctx: str, right: str, unit: str, subject: str | None) -> str | None:
    """The quantity a clause names, from the words before the number (``ctx``) and just after it."""
    if _DELTA.search(ctx):
        return None  # a change on last year, not the quantity itself
    if unit == "万元":
        return "fees" if _FEES in ctx else None
    q = _applications(ctx, right)
    if q:
        return q
    if LITIGATION_DIRECT in ctx:
        return "litigation_direct"
    if LITIGATION_AFTER_REVIEW in ctx:
        return "litigation_after_review"
    if _REVIEW.search(ctx) and not _LITIGATION.search(ctx):
        return "review"
    if LITIGATION in ctx:
        return "litigation"
    for col, word in _RESULT_WORDS.items():
        if word in ctx and subject in ("review", "litigation"):
            return f"{subject}_{col}"
    if _HANDLED.search(ctx) and subject == "applications" and not _SUBSET.search(ctx):
        return "handled"
    for rid, word in _DOCUMENTS:
        if word not in ctx or _DOC_EXCLUDE.search(ctx) or (rid == "regulations" and "规章制度" in ctx):
            continue
        if "现行有效" in ctx or "总数" in ctx:
            return f"{rid}_in_force"
        if "废止" in ctx or "失效" in ctx:
            return f"{rid}_repealed"
        if _REGULATION_VERB.search(ctx):
            return f"{rid}_issued"
    if unit in ("件", "宗") and not _ITEMS.search(ctx) and _DECISION.search(ctx):
        for key, rid in _DECISION_ROWS:
            if _TABLE2.row(rid).label in ctx:
                return key
    return None


def _subject(clause: str, subject: str | None) -> str | None:
    if LITIGATION_AFTER_REVIEW in clause or "未经复议" in clause or _LITIGATION.search(clause):
        return "litigation"
    if _REVIEW.search(clause):
        return "review"
    if _APPLICATION.search(clause):
        return "applications"
    return subject


@dataclass(frozen=True)
class Statement:
    quantity: str
    stated: int | float
    text: str  # the sentence piece, for the message


def statements(paragraph: str, year: int | None = None) -> list[Statement]:
    """The table quantities a paragraph states, with the numbers it gives them.

    A clause that names another year ("2023年新收申请41件") is about that year, not this report's table.
    """
    out: list[Statement] = []
    for sentence in _SENTENCE_BREAK.split(paragraph):
        subject: str | None = None
        last = 0
        for m in _NUMBER.finditer(sentence):
            before = sentence[last : m.start()]
            for clause in _CLAUSE_BREAK.split(before)[:-1]:
                subject = _subject(clause, subject)
            starts = [x.end() for x in _CLAUSE_BREAK.finditer(sentence, 0, m.start())]
            clause_start = starts[-1] if starts else 0
            ctx = sentence[clause_start : m.start()]
            after = _CLAUSE_BREAK.search(sentence, m.end())
            right = sentence[m.end() : after.start() if after else len(sentence)]
            last = clause_start
            if m.group("approx") or _APPROX_BEFORE.search(ctx) or re.match(r"\s*(?:%|余|多|左右)", right):
                subject = _subject(ctx, subject)
                continue
            other_year = year is not None and any(int(y) != year for y in _YEAR_IN_CLAUSE.findall(ctx))
            quantity = None if other_year else _classify(ctx, right, m.group("unit"), _subject(ctx, subject))
            subject = _subject(ctx, subject)
            if quantity is None:
                continue
            if m.group("cn"):
                counted = chinese_number(m.group("cn"))
                if counted is None:
                    continue
                stated: int | float = counted
            else:
                num = m.group("num").replace(",", "")
                stated = float(f"{num}.{m.group('dec')}") if m.group("dec") else int(num)
            end = after.start() if after else len(sentence)
            out.append(Statement(quantity, stated, sentence[clause_start:end].strip()))
            if quantity == "litigation" and REVIEW in ctx and ctx.rstrip().endswith("各"):
                out.append(Statement("review", stated, sentence[clause_start:end].strip()))  # 复议和诉讼各2件
    return out


_NEGATIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(rf"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|{_ON_REQUEST}|信息公开)?申请"), ("received",)),
    (re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(REVIEW)}"), ("review",)),
    (re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(LITIGATION)}"), ("litigation",)),
    # "收到申请12件，全部办结": nothing carried forward to next year
    (re.compile(r"申请[^。；]{0,20}?[，,]\s*(?:已)?(?:全部|均已|均)(?:按时|依法)?办结"), ("carried_forward",)),
)


def _negations(paragraph: str) -> list[Statement]:
    out: list[Statement] = []
    for pattern, quantities in _NEGATIONS:
        for m in pattern.finditer(paragraph):
            text = m.group(0)
            if quantities == ("carried_forward",) and re.search(
                r"结转|上年|去年", paragraph[max(0, m.start() - 8) : m.end()]
            ):
                continue  # "上年结转申请1件，已全部办结" is about last year's, not about what is left over
            found = list(quantities)
            if REVIEW in text and LITIGATION in paragraph[m.end() : m.end() + 6]:
                found.append("litigation")
            out.extend(Statement(q, 0, text) for q in found)
    return out


def statement_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    """R-H findings: narrative numbers that contradict the table quantity they name."""
    out: list[Finding] = []
    for section, title, index, paragraph in section_paragraphs(report):
        seen: set[tuple[str, float]] = set()
        for st in statements(paragraph, report.meta.year) + _negations(paragraph):
            if (st.quantity, st.stated) in seen:
                continue
            seen.add((st.quantity, st.stated))
            q = _QUANTITIES[st.quantity]
            if q.table not in report.tables or not report.tables[q.table]:
                continue
            values = [v for v in q.values(report) if v is not None]
            if not values or any(abs(v - st.stated) < 1e-6 for v in values):
                continue
            expected = values[0]
            also = f"（或含上年结转共 {fmt(values[1])}）" if len(values) > 1 and values[1] != values[0] else ""
            where = f"表{q.table}「{q.row}」" + (f"「{q.column}」" if q.column else "")
            out.append(
                finding(
                    Rule.R_H,
                    own_draft=own_draft,
                    table=q.table,
                    row=q.row,
                    column=q.column,
                    section=section,
                    paragraph=index,
                    message=f"「{title}」第 {index} 段称“{st.text}”，{q.name}为 {fmt(st.stated)}；"
                    f"{where}为 {fmt(expected)}{also}，相差 {fmt(abs(expected - st.stated))}",
                    expected=expected,
                    actual=st.stated,
                )
            )
    return out
