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
from schemas.registry import OUTCOME_GROUPS, OUTCOME_NAMES, table
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

_REVIEW = re.compile(r"行政复议")
_LITIGATION = re.compile(r"行政诉讼|诉讼|起诉")
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
    v = report.value("三", f"{row}.total")
    if v is not None:
        return v
    parts = [report.value("三", f"{row}.{c}") for c in _APPLICANT_IDS]
    return None if None in parts else sum(parts)  # type: ignore[arg-type]


_APPLICANT_IDS = tuple(c.id for c in table("2021", "三").row("received").columns[:6])
_ORG_IDS = _APPLICANT_IDS[1:]


def _sum(values: list[Value]) -> Value:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _outcome(group: str) -> Callable[[Report], list[Value]]:
    def values(report: Report) -> list[Value]:
        rows = OUTCOME_GROUPS[group]
        if group == "other_handling" and (
            report.meta.format_version == "2019" or report.cell("三", "other_handling.total")
        ):
            rows = ("other_handling",)
        return [_sum([_t3_total(report, r) for r in rows])]

    return values


def _applicant(cols: tuple[str, ...]) -> Callable[[Report], list[Value]]:
    def values(report: Report) -> list[Value]:
        received = _sum([report.value("三", f"received.{c}") for c in cols])
        carried = _sum([report.value("三", f"carried_over.{c}") for c in cols])
        both = None if received is None or carried is None else received + carried
        return [received, both]

    return values


_RESULT_COLUMNS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other_result": "其他结果",
    "pending": "尚未审结",
}


def _review(col: str) -> Callable[[Report], list[Value]]:
    return lambda r: [_cell(r, "四", f"administrative_review.{col}")]


def _litigation(col: str) -> Callable[[Report], list[Value]]:
    return lambda r: [
        _sum([_cell(r, "四", f"litigation_direct.{col}"), _cell(r, "四", f"litigation_after_review.{col}")])
    ]


def _t2(row: str, *cols: str) -> Callable[[Report], list[Value]]:
    return lambda r: [_cell(r, "二", f"{row}.{c}") for c in cols]


_T3 = "三"
_QUANTITIES: dict[str, Quantity] = {
    "carried_over": Quantity(
        "上年结转申请数",
        _T3,
        "二、上年结转政府信息公开申请数量",
        "总计",
        lambda r: [_t3_total(r, "carried_over")],
    ),
    "carried_forward": Quantity(
        "结转下年度继续办理数",
        _T3,
        "四、结转下年度继续办理",
        "总计",
        lambda r: [_t3_total(r, "carried_forward")],
    ),
    "received": Quantity(
        "收到申请数",
        _T3,
        "一、本年新收政府信息公开申请数量",
        "总计",
        lambda r: [
            _t3_total(r, "received"),
            _sum([_t3_total(r, "received"), _t3_total(r, "carried_over")]),
        ],
    ),
    "handled": Quantity("办结申请数", _T3, "（七）总计", "总计", lambda r: [_t3_total(r, "total")]),
    "disclosed": Quantity("予以公开数", _T3, "（一）予以公开", "总计", _outcome("disclosed")),
    "partially_disclosed": Quantity(
        "部分公开数",
        _T3,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "总计",
        _outcome("partially_disclosed"),
    ),
    "withheld": Quantity("不予公开数", _T3, "（三）不予公开", "总计", _outcome("withheld")),
    "unavailable": Quantity("无法提供数", _T3, "（四）无法提供", "总计", _outcome("unavailable")),
    "not_processed": Quantity("不予处理数", _T3, "（五）不予处理", "总计", _outcome("not_processed")),
    "other_handling": Quantity("其他处理数", _T3, "（六）其他处理", "总计", _outcome("other_handling")),
    "natural_person": Quantity(
        "自然人申请数", _T3, "一、本年新收政府信息公开申请数量", "自然人", _applicant(("natural_person",))
    ),
    "organisations": Quantity(
        "法人或其他组织申请数",
        _T3,
        "一、本年新收政府信息公开申请数量",
        "法人或其他组织",
        _applicant(_ORG_IDS),
    ),
    "review": Quantity("行政复议数", "四", "行政复议", "总计", _review("total")),
    "litigation": Quantity(
        "行政诉讼数",
        "四",
        "行政诉讼",
        "总计",
        lambda r: [_sum([_cell(r, "四", "litigation_direct.total"), _cell(r, "四", "litigation_after_review.total")])],
    ),
    "litigation_direct": Quantity(
        "未经复议直接起诉数",
        "四",
        "未经复议直接起诉",
        "总计",
        lambda r: [_cell(r, "四", "litigation_direct.total")],
    ),
    "litigation_after_review": Quantity(
        "复议后起诉数",
        "四",
        "复议后起诉",
        "总计",
        lambda r: [_cell(r, "四", "litigation_after_review.total")],
    ),
    "licensing": Quantity("行政许可处理决定数", "二", "行政许可", None, _t2("administrative_licensing", "decisions")),
    "penalty": Quantity("行政处罚处理决定数", "二", "行政处罚", None, _t2("administrative_penalty", "decisions")),
    "coercion": Quantity("行政强制处理决定数", "二", "行政强制", None, _t2("administrative_coercion", "decisions")),
    "fees": Quantity("行政事业性收费金额", "二", "行政事业性收费", None, _t2("administrative_fees", "fee_amount")),
}
for _col, _label in _RESULT_COLUMNS.items():
    _QUANTITIES[f"review_{_col}"] = Quantity(f"行政复议{_label}数", "四", "行政复议", _label, _review(_col))
    _QUANTITIES[f"litigation_{_col}"] = Quantity(f"行政诉讼{_label}数", "四", "行政诉讼", _label, _litigation(_col))

for _rid, _label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
    _QUANTITIES[f"{_rid}_issued"] = Quantity(
        f"{_label}制发数", "二", _label, "本年制发件数", _t2(_rid, "issued", "newly_made", "newly_published")
    )
    _QUANTITIES[f"{_rid}_repealed"] = Quantity(f"{_label}废止数", "二", _label, "本年废止件数", _t2(_rid, "repealed"))
    _QUANTITIES[f"{_rid}_in_force"] = Quantity(
        f"{_label}现行有效数", "二", _label, "现行有效件数", _t2(_rid, "in_force", "total_published")
    )


# ---------------------------------------------------------------- reading clauses

_CARRIED_OVER = re.compile(r"上一?年度?结转|结转上一?年度?|上年度?遗留")
_CARRIED_FORWARD = re.compile(
    r"结转(?:到|至|入)?下一?年度?|顺延(?:到|至)?下一?年度?|转入下一?年度?|跨年度?办理|结转(?:到|至)?\s*20\d\d\s*年"
)
# "收到政府信息公开申请" / "收到依申请公开请求" / "收到申请": not "受理不动产登记申请" or "行政许可申请"
_RECEIVED = re.compile(
    r"(?:新收|收到|受理|接收|接到|新增)(?:[^，。；]{0,6}?)(?:政府信息公开|信息公开|公开)申请|依申请公开|"
    r"(?:新收|收到|受理|接收|接到)(?:各类)?申请|申请[^，。；]{0,8}(?:新收|收到|受理)"
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
    if "自然人" in ctx:
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
        return "fees" if "行政事业性收费" in ctx else None
    q = _applications(ctx, right)
    if q:
        return q
    if "未经复议直接起诉" in ctx:
        return "litigation_direct"
    if "复议后起诉" in ctx:
        return "litigation_after_review"
    if _REVIEW.search(ctx) and not _LITIGATION.search(ctx):
        return "review"
    if re.search(r"行政诉讼", ctx):
        return "litigation"
    for col, word in (
        ("upheld", "维持"),
        ("corrected", "纠正"),
        ("other_result", "其他结果"),
        ("pending", "未审结"),
    ):
        if word in ctx and subject in ("review", "litigation"):
            return f"{subject}_{col}"
    if _HANDLED.search(ctx) and subject == "applications" and not _SUBSET.search(ctx):
        return "handled"
    for rid, pattern in (("regulations", r"规章"), ("normative_documents", r"规范性文件")):
        m = re.search(pattern, ctx)
        if not m or _DOC_EXCLUDE.search(ctx) or (rid == "regulations" and "规章制度" in ctx):
            continue
        if "现行有效" in ctx or "总数" in ctx:
            return f"{rid}_in_force"
        if "废止" in ctx or "失效" in ctx:
            return f"{rid}_repealed"
        if _REGULATION_VERB.search(ctx):
            return f"{rid}_issued"
    if unit in ("件", "宗") and not _ITEMS.search(ctx) and _DECISION.search(ctx):
        for key, word in (("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")):
            if word in ctx:
                return key
    return None


def _subject(clause: str, subject: str | None) -> str | None:
    if "复议后起诉" in clause or "未经复议" in clause or _LITIGATION.search(clause):
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
            if quantity == "litigation" and "行政复议" in ctx and ctx.rstrip().endswith("各"):
                out.append(Statement("review", stated, sentence[clause_start:end].strip()))  # 复议和诉讼各2件
    return out


_NEGATIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|依申请公开|信息公开)?申请"), ("received",)),
    (re.compile(r"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{0,16}行政复议"), ("review",)),
    (re.compile(r"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{0,16}行政诉讼"), ("litigation",)),
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
            if "行政复议" in text and "行政诉讼" in paragraph[m.end() : m.end() + 6]:
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
