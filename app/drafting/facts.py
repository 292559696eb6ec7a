"""Facts for drafting, computed in Python (pure): table values, derived statements, meta, legal references.

Numbers and derived statements (totals, 办结率, year-on-year changes, “全部办结”) are never left to a model:
they are computed here (办结率 and the changes by ``app.claims.derived``, the same code that checks them) and
handed to the prompt and to the offline drafter as ready sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.claims.derived import changes_statement, rates_statement
from app.drafting.enumeration import split_items
from app.rules.common import fmt
from schemas.content import FORMAT_NOTICES
from schemas.drafting import FactSource
from schemas.registry import (
    APPLICANT_COLUMNS,
    ORGANISATION_COLUMNS,
    OUTCOME_NAMES,
    RESULT_COLUMNS,
    TOTAL,
    cell_key,
    outcome_groups,
    table,
    tables,
)
from schemas.report import Report

LEGAL_REFERENCES: tuple[str, ...] = (
    "《中华人民共和国政府信息公开条例》（国令第711号）",
    "《条例》第五十条",
    *FORMAT_NOTICES.values(),  # the format notices a preface cites: 〔2021〕30号, 〔2019〕60号
    "《条例》第四十七条",
)

STATEMENT_KEYS: tuple[str, ...] = ("applications", "review", "proactive", "year_on_year", "processing_fee")


@dataclass(frozen=True)
class Fact:
    """One fact a draft may state, with where it comes from."""

    key: str
    label: str
    value: int | float | str
    source: FactSource
    ref: str


@dataclass
class Facts:
    """Everything a draft may rightly state: facts, ready sentences, last year's problems."""

    items: list[Fact] = field(default_factory=list)
    statements: dict[str, str] = field(default_factory=dict)
    previous_problems: list[str] = field(default_factory=list)
    previous_measures: list[str] = field(default_factory=list)


def _total(report: Report, row: str) -> int | float | None:
    v = report.value("三", cell_key(row, TOTAL))
    if v is not None:
        return v
    parts = [report.value("三", cell_key(row, c.id)) for c in APPLICANT_COLUMNS]
    return None if None in parts else sum(parts)  # type: ignore[arg-type]


def group_total(report: Report, group: str) -> int | float | None:
    """The applications of one outcome group of 表三 (予以公开 …), or None when a cell is missing."""
    rows = outcome_groups(report.meta.format_version, report.tables.get("三", {}))[group]
    values = [_total(report, r) for r in rows]
    return None if None in values else sum(values)  # type: ignore[arg-type]


def table_facts(report: Report) -> list[Fact]:
    """Every numeric cell of the report as a fact."""
    out: list[Fact] = []
    for spec in tables(report.meta.format_version):
        for row in spec.rows:
            for col in row.columns:
                v = report.value(spec.id, cell_key(row.id, col.id))
                if v is None:
                    continue
                ref = f"表{spec.id}「{row.label}」「{col.label}」"
                out.append(Fact(f"{spec.id}.{cell_key(row.id, col.id)}", f"{row.label} {col.label}", v, "table", ref))
    return out


def applications_statement(report: Report) -> str:
    """What table 三 says, as sentences a report can use as they are."""
    n, c, t, f = (_total(report, r) for r in ("received", "carried_over", TOTAL, "carried_forward"))
    if None in (n, c, t, f):
        return "【待补充：表三数据不完整，无法生成依申请公开情况表述】"
    if n == 0 and c == 0:
        return "本年度未收到政府信息公开申请，无上年结转申请。"
    text = f"本年度共收到政府信息公开申请{fmt(n)}件" + (f"，上年结转政府信息公开申请{fmt(c)}件" if c else "")
    if f == 0:
        text += f"，已全部办结，共办结{fmt(t)}件。"
    else:
        text += f"；办结{fmt(t)}件，结转下年度继续办理{fmt(f)}件。"
    outcomes = [(w, group_total(report, g)) for g, w in OUTCOME_NAMES.items()]
    listed = [f"{w}{fmt(v)}件" for w, v in outcomes if v]
    if listed:
        text += "办理结果中，" + "，".join(listed) + "。"
    natural = report.value("三", cell_key("received", "natural_person"))
    orgs = [report.value("三", cell_key("received", c.id)) for c in ORGANISATION_COLUMNS]
    if natural is not None and None not in orgs and n:
        org_total = sum(orgs)  # type: ignore[arg-type]
        parts = [
            f"自然人申请{fmt(natural)}件" if natural else "",
            f"法人或其他组织申请{fmt(org_total)}件" if org_total else "",
        ]
        text += "本年新收申请中，" + "，".join(p for p in parts if p) + "。"
    return text


def review_statement(report: Report) -> str:
    """What table 四 says, as sentences."""
    cells = {k: report.value("四", k) for k in report.tables.get("四", {})}
    if not cells or None in cells.values():
        return "【待补充：表四数据不完整，无法生成行政复议、行政诉讼情况表述】"
    review = cells[cell_key("administrative_review", TOTAL)]
    litigation = cells[cell_key("litigation_direct", TOTAL)] + cells[cell_key("litigation_after_review", TOTAL)]
    if review == 0 and litigation == 0:
        return "本年度未发生政府信息公开行政复议、行政诉讼案件。"

    def results(prefix: list[str]) -> str:
        parts = []
        for col in RESULT_COLUMNS:
            v = sum(cells[cell_key(p, col.id)] for p in prefix)
            if v:
                parts.append(f"{col.label}{fmt(v)}件")
        return "，其中" + "、".join(parts) if parts else ""

    sentences = []
    if review:
        sentences.append(f"因政府信息公开被申请行政复议{fmt(review)}件{results(['administrative_review'])}")
    else:
        sentences.append("未发生政府信息公开行政复议案件")
    if litigation:
        sentences.append(
            f"被提起政府信息公开行政诉讼{fmt(litigation)}件{results(['litigation_direct', 'litigation_after_review'])}"
        )
    else:
        sentences.append("未发生政府信息公开行政诉讼案件")
    return "本年度" + "；".join(sentences) + "。"


def proactive_statement(report: Report) -> str:
    """What table 二 says, as sentences (zero lines left out)."""
    spec = table(report.meta.format_version, "二")

    def v(row_id: str, column_id: str) -> int | float | None:
        return report.value("二", cell_key(row_id, column_id))

    if report.meta.format_version == "2019":
        documents = spec.row("normative_documents").label
        made, published = v("normative_documents", "newly_made"), v("normative_documents", "total_published")
        parts = []
        if made:
            parts.append(f"新制作{documents}{fmt(made)}件")
        if published:
            parts.append(f"对外公开{documents}总数{fmt(published)}件")
        for rid in ("administrative_licensing", "administrative_penalty"):
            d = v(rid, "decisions")
            if d:
                parts.append(f"作出{spec.row(rid).label}处理决定{fmt(d)}件")
        return ("本年度" + "，".join(parts) + "。") if parts else ""
    parts = []
    for rid in ("regulations", "normative_documents"):
        word = spec.row(rid).label
        issued, repealed, in_force = (v(rid, c) for c in ("issued", "repealed", "in_force"))
        if issued:
            parts.append(f"制发{word}{fmt(issued)}件")
        if repealed:
            parts.append(f"废止{word}{fmt(repealed)}件")
        if in_force:
            parts.append(f"现行有效{word}{fmt(in_force)}件")
    decisions = [
        (spec.row(rid).label, v(rid, "decisions"))
        for rid in ("administrative_licensing", "administrative_penalty", "administrative_coercion")
    ]
    listed = [f"{word}决定{fmt(d)}件" for word, d in decisions if d]
    if listed:
        parts.append("作出" + "、".join(listed))
    fee = v("administrative_fees", "fee_amount")
    if fee:
        parts.append(f"收取{spec.row('administrative_fees').label}{fmt(fee)}万元")
    return ("本年度" + "，".join(parts) + "。") if parts else ""


def year_on_year_statement(report: Report, previous: Report | None) -> str:
    """Applications compared with last year's report (a derived statement), or ""."""
    if previous is None:
        return ""
    now, before = _total(report, "received"), _total(previous, "received")
    if now is None or before is None:
        return ""
    if now == before:
        return f"收到政府信息公开申请数量与上年持平（均为{fmt(now)}件）。"
    change = now - before
    word = "增加" if change > 0 else "减少"
    rate = f"，{'增长' if change > 0 else '下降'}{abs(change) / before * 100:.1f}%" if before else ""
    return f"收到政府信息公开申请较上年{word}{fmt(abs(change))}件{rate}。"


def processing_fee_statement(report: Report) -> str:
    fee = report.meta.processing_fee
    if fee.notices_sent is None and fee.collected_amount is None:
        return ""
    sent = fee.notices_sent or 0
    amount = fee.notices_amount or 0
    collected = fee.collected_amount or 0
    if sent == 0 and collected == 0:
        return "本年度未发出信息处理费收费通知（发出收费通知0件、总金额0元），实际收取信息处理费0元。"
    return f"本年度发出信息处理费收费通知{sent}件，通知总金额{fmt(amount)}元，实际收取信息处理费{fmt(collected)}元。"


def _previous_part(previous: Report, words: tuple[str, ...], skip: tuple[str, ...]) -> str:
    section = previous.problems
    texts = [
        s.text
        for s in section.subsections
        if any(w in s.heading for w in words) and not any(w in s.heading for w in skip)
    ]
    return "\n".join(texts)


def previous_problems(previous: Report | None) -> list[str]:
    """The problems last year's report listed in 五 (whose 整改 must be reported this year)."""
    if previous is None:
        return []
    section = previous.problems
    source = _previous_part(previous, ("问题",), ("整改", "措施"))
    if not source:
        source = section.lead or "\n".join(s.text for s in section.subsections[:1])
    return split_items(source)[:8]


def previous_measures(previous: Report | None) -> list[str]:
    """The measures last year's report promised in 五 (「改进措施」「下一步工作」), item by item."""
    if previous is None:
        return []
    return split_items(_previous_part(previous, ("措施", "改进", "下一步", "计划", "打算"), ("整改",)))[:8]


def meta_facts(report: Report) -> list[Fact]:
    m = report.meta
    out: list[Fact] = []
    if m.year:
        out.append(Fact("meta.year", "报告年度", m.year, "meta", "基本信息"))
        out.append(Fact("meta.period", "统计期限", f"{m.year}年1月1日至{m.year}年12月31日", "meta", "基本信息"))
    for key, label, value in (
        ("meta.agency", "单位名称", m.agency),
        ("meta.address", "地址", m.contact.address),
        ("meta.postcode", "邮编", m.contact.postcode),
        ("meta.phone", "电话", m.contact.phone),
        ("meta.email", "电子邮箱", m.contact.email),
        ("meta.website", "网站", m.website),
        ("meta.publication", "发布日期", m.publication.date.isoformat() if m.publication.date else ""),
    ):
        if value:
            out.append(Fact(key, label, value, "meta", "基本信息"))
    return out


def build_facts(report: Report, previous: Report | None = None) -> Facts:
    """All facts a draft of ``report`` may state."""
    items = table_facts(report) + meta_facts(report)
    items += [Fact(f"legal.{i}", "法规文号", ref, "legal", ref) for i, ref in enumerate(LEGAL_REFERENCES)]
    statements = {
        "applications": applications_statement(report),
        "review": review_statement(report),
        "proactive": proactive_statement(report),
        "year_on_year": year_on_year_statement(report, previous),
        "processing_fee": processing_fee_statement(report),
        "rates": rates_statement(report),
        "changes": changes_statement(report, previous),
    }
    statements = {k: v for k, v in statements.items() if v}
    for key, text in statements.items():
        items.append(Fact(f"derived.{key}", key, text, "derived", "程序根据表格计算"))
    return Facts(
        items=items,
        statements=statements,
        previous_problems=previous_problems(previous),
        previous_measures=previous_measures(previous),
    )
