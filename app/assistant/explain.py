"""Explaining findings from the findings themselves, the table cells and the rule texts — never a model's arithmetic."""

from __future__ import annotations

import re

from app.assistant.routing import mentioned_rules, mentioned_tables, severity_asked
from app.rules.common import fmt
from app.rules.culprit import Change, Fix, culprits
from schemas.findings import SEVERITY_LABELS, Finding, Rule
from schemas.registry import (
    APPLICANT_COLUMNS,
    RESULT_COLUMNS,
    TOTAL,
    TOTAL_LABEL,
    Column,
    Row,
    cell_key,
    outcome_rows,
    table,
    table3_rows,
)
from schemas.report import Report
from schemas.rule_catalogue import RuleInfo, rule_info

TABLES_SCOPE = "表格"
_WHOLE_REPORT = re.compile(
    r"全部|所有|还有哪些|还有什么|整份|本报告|整个报告|全文"
)  # the chat of the 数据填报 page: the findings about table cells


def _row(report: Report, table_id: str, label: str | None, group: str | None) -> Row | None:
    version = report.meta.format_version
    if table_id == "三":
        candidates = table3_rows(version, report.tables.get("三", {}))  # （六） as one row where a report has it
    else:
        candidates = table(version, table_id).rows
    for row in candidates:
        if row.columns and row.label == label and (group is None or row.group in (group, None)):
            return row
    return None


def _column(report: Report, table_id: str, label: str | None) -> Column | None:
    for row in table(report.meta.format_version, table_id).value_rows:
        for col in row.columns:
            if col.label == label:
                return col
    return None


def _value(report: Report, table_id: str, key: str) -> str:
    return fmt(report.value(table_id, key)) if report.cell(table_id, key) else "（空）"


def _sum_line(parts: list[tuple[str, str]], total_word: str, total: str) -> str:
    return " + ".join(f"{label} {value}" for label, value in parts) + f" = {total_word} {total}"


def arithmetic(report: Report, f: Finding) -> str:
    """The sum behind a table finding, cell by cell ("" when the rule is not a sum)."""
    if f.rule == Rule.R_C and f.table == "三":
        row = _row(report, "三", f.row, f.group)
        if row is None:
            return ""
        parts = [(c.label, _value(report, "三", cell_key(row.id, c.id))) for c in APPLICANT_COLUMNS]
        return (
            f"{_sum_line(parts, '合计', fmt(f.expected))}；「{TOTAL_LABEL}」栏填的是 {fmt(f.actual)}，相差 {_diff(f)}"
        )
    if f.rule == Rule.R_E and f.table == "四":
        row = _row(report, "四", f.row, f.group)
        if row is None:
            return ""
        parts = [(c.label, _value(report, "四", cell_key(row.id, c.id))) for c in RESULT_COLUMNS]
        return f"{_sum_line(parts, '合计', fmt(f.expected))}；「{TOTAL_LABEL}」填的是 {fmt(f.actual)}，相差 {_diff(f)}"
    if f.rule in (Rule.R_A, Rule.R_D) and f.table == "三":
        col = _column(report, "三", f.column)
        if col is None:
            return ""
        if f.rule == Rule.R_A:
            n, c, t, fw = (
                _value(report, "三", cell_key(r, col.id))
                for r in ("received", "carried_over", TOTAL, "carried_forward")
            )
            total_row = table(report.meta.format_version, "三").row(TOTAL).label
            return (
                f"「{col.label}」列：本年新收 {n} + 上年结转 {c} = {fmt(f.expected)}；"
                f"{total_row} {t} + 结转下年度 {fw} = {fmt(f.actual)}；两边相差 {_diff(f)}"
            )
        return _outcome_sum(report, col, f)
    return ""


def _outcome_sum(report: Report, col: Column, f: Finding) -> str:
    version, cells = report.meta.format_version, report.tables.get("三", {})
    labels = {r.id: _short_label(r) for r in table3_rows(version, cells)}
    parts, zeros = [], 0
    for rid in outcome_rows(version, cells):
        value = report.value("三", cell_key(rid, col.id))
        if value:
            parts.append((labels[rid], fmt(value)))
        else:
            zeros += 1
    rest = f"（其余 {zeros} 行为 0）" if zeros else ""
    return (
        f"「{col.label}」列：{_sum_line(parts, '各项办理结果之和', fmt(f.expected))}{rest}；"
        f"「{labels[TOTAL]}」填的是 {fmt(f.actual)}，相差 {_diff(f)}"
    )


def _short_label(row: Row) -> str:
    """A 表三 row as a sum names it: "（三）4.保护第三方合法权益", "（二）部分公开"."""
    label = row.label.split("（区分")[0]
    if len(label) > 14:
        label = label[:13] + "…"
    return f"{row.group[:3]}{label}" if row.group else label


def _diff(f: Finding) -> str:
    try:
        return fmt(abs(float(f.expected) - float(f.actual)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "?"


def location(f: Finding) -> str:
    """Where a finding is, in the official labels."""
    if f.table:
        parts = [f"表{f.table}"]
        if f.group and f.group != f.row:
            parts.append(f"「{f.group}」")
        if f.row:
            parts.append(f"「{f.row}」行")
        if f.column:
            parts.append(f"「{f.column}」列")
        where = "".join(parts)
        if f.section:
            where = f"「{_section_name(f.section)}」第 {f.paragraph} 段（说的是{where}）" if f.paragraph else where
        return where
    if f.section:
        return f"「{_section_name(f.section)}」" + (f"第 {f.paragraph} 段" if f.paragraph else "")
    return "整份报告"


def _section_name(section: str) -> str:
    from schemas.registry import SECTION_TITLES

    return section if section == "前言" else f"{section}、{SECTION_TITLES.get(section, '')}"


def specific_fix(f: Finding) -> str:
    """What to change for this very finding (the rule entry says the general way)."""
    if f.rule == Rule.R_C:
        return f"各类申请人的数字无误时，把「{TOTAL_LABEL}」由 {fmt(f.actual)} 改为 {fmt(f.expected)}。"
    if f.rule in (Rule.R_D, Rule.R_E):
        return (
            f"各项数字无误时，把「{f.row}」的「{f.column}」由 {fmt(f.actual)} 改为 {fmt(f.expected)}；"
            "否则找出多填或漏填的那一项。"
        )
    if f.rule == Rule.R_H and f.expected is not None:
        return f"正文写的是 {fmt(f.actual)}，统计表是 {fmt(f.expected)}：以统计表为准改正文（表格填错时先改表格）。"
    if f.rule == Rule.YEAR and f.expected is not None:
        return f"把“{f.actual}”改为“{f.expected}”。"
    if f.rule == Rule.CELL and len(f.cells) > 1:
        fill = f"在「数据填报」页把这 {len(f.cells)} 格都填上数字，没有数据填 0"
        if f.actual:  # the same text in every cell: typed over, cell by cell
            return f"{fill}。"
        return f"{fill}；确实都没有数据时，可点「全部空格填 0…」一次填好（报告中所有空格都会填为 0）。"
    if f.rule == Rule.CELL:
        return "在「数据填报」页填上数字，没有数据填 0。"
    return ""


def _cell_name(c: Change) -> str:
    group = f"「{c.group}」" if c.group and c.group != c.row else ""
    return f"表{c.table}{group}「{c.row}」行「{c.column}」列"


def one_fix(fix: Fix, *, number: int, numbers: list[int], first: int | None) -> str:
    """How to fix a finding that shares its wrong cell with others: the change itself where it is first shown, and
    「与上一条是同一个问题」 at the others."""
    if first is None or first == number:
        others = [n for n in numbers if n != number]
        also = f"改后第 {'、'.join(map(str, others))} 条也会消除；" if others else ""
        changes = "，".join(f"把{_cell_name(c)}由 {fmt(c.current)} 改为 {fmt(c.suggested)}" for c in fix.changes)
        return f"{changes}。{also}这是与表内各项合计最吻合的改法（一处改对，最多的勾稽关系成立）。"
    which = "上一条" if first == number - 1 else f"第 {first} 条"
    changes = "、".join(f"{_cell_name(c)}（由 {fmt(c.current)} 改为 {fmt(c.suggested)}）" for c in fix.changes)
    return f"与{which}是同一个问题：改正{changes}后此条也会消除。"


def explain_finding(report: Report, f: Finding, *, number: int, fix: str = "") -> str:
    """One finding explained: which rule, where, the arithmetic, what to change, whether it may be dismissed.

    ``fix`` is what to change when the table points to one cell behind several findings (see ``one_fix``)."""
    info = rule_info(f.rule)
    lines = [f"**{number}. {SEVERITY_LABELS[f.severity]}：{info.title}**", f"- 位置：{location(f)}"]
    sums = arithmetic(report, f)
    lines.append(f"- 计算：{sums}" if sums else f"- 说明：{f.message}")
    lines.append(f"- 怎么改：{fix or specific_fix(f) or info.fix}")
    lines.append(f"- 能否忽略：{info.dismiss}")
    lines.append(f"- 依据：{info.source}")
    return "\n".join(lines)


def fixes_in_order(report: Report, findings: list[Finding], shown: list[Finding]) -> list[str]:
    """For each of ``shown`` (numbered from 1), the one fix the table points to ("" where it points to none)."""
    fixes = culprits(report, findings)
    by_finding = {id(f): fix for f, fix in zip(findings, fixes, strict=True)}
    numbers: dict[Fix, list[int]] = {}
    for n, f in enumerate(shown, start=1):
        fix = by_finding.get(id(f))
        if fix is not None:
            numbers.setdefault(fix, []).append(n)
    out = []
    for n, f in enumerate(shown, start=1):
        fix = by_finding.get(id(f))
        if fix is None:
            out.append("")
            continue
        # the findings the same changes fix, as numbered here
        same = [m for other, ms in numbers.items() if set(other.changes) & set(fix.changes) for m in ms]
        first = min(same)
        out.append(one_fix(fix, number=n, numbers=sorted(set(same)), first=first))
    return out


def in_scope(question: str, findings: list[Finding], *, section: str | None) -> tuple[list[Finding], str]:
    """The findings a question is about, and how to name them ("表三", "本部分" …)."""
    tables, rules, severity = mentioned_tables(question), mentioned_rules(question), severity_asked(question)
    if _WHOLE_REPORT.search(question) and not tables and not rules:
        chosen, name = list(findings), "本报告"
    elif tables:
        chosen, name = [f for f in findings if f.table in tables], "、".join(f"表{t}" for t in sorted(tables))
    elif rules:
        chosen, name = (
            [f for f in findings if f.rule in rules],
            "、".join(f"「{rule_info(r).title}」" for r in sorted(rules)),
        )
    elif section == TABLES_SCOPE:
        chosen, name = [f for f in findings if f.table and not f.section], "统计表"
    elif section:
        chosen, name = [f for f in findings if f.section == section], f"「{_section_name(section)}」"
    else:
        chosen, name = list(findings), "本报告"
    if severity:
        chosen = [f for f in chosen if f.severity == severity]
    return chosen, name


def _rule_text(info: RuleInfo) -> str:
    fields = (("怎么改", info.fix), ("能否忽略", info.dismiss), ("依据", info.source))
    lines = "\n".join(f"- {label}：{value}" for label, value in fields)
    return f"**{info.title}**\n\n{info.condition}\n\n{info.explanation}\n\n{lines}"


def explain(question: str, findings: list[Finding], report: Report, *, section: str | None = None) -> str:
    """The answer to “表三为什么报错？” and the like, from the findings and the rule texts (no model)."""
    chosen, name = in_scope(question, findings, section=section)
    severity = severity_asked(question)
    word = {"warning": "警告", "error": "错误"}.get(severity or "", "错误或警告")
    if not chosen:
        about = "\n\n".join(_rule_text(rule_info(r)) for r in sorted(mentioned_rules(question)))
        others = len(findings)
        text = f"{name}目前没有{word}。"
        if others:
            text += f"本报告共有 {others} 条发现，可以问“还有哪些错误？”或到「审核」页的“检查发现”查看。"
        return f"{text}\n\n{about}" if about else text
    errors = sum(f.severity == "error" for f in chosen)
    warnings = len(chosen) - errors
    counts = "，".join(p for p in (f"{errors} 个错误" if errors else "", f"{warnings} 个警告" if warnings else "") if p)
    parts = [f"{name}有 {counts}（由程序按规则核对得出）："]
    shown = chosen[:8]
    fixes = fixes_in_order(report, findings, shown)
    parts += [
        explain_finding(report, f, number=i, fix=fix)
        for i, (f, fix) in enumerate(zip(shown, fixes, strict=True), start=1)
    ]
    if len(chosen) > 8:
        parts.append(f"……另有 {len(chosen) - 8} 条，见「审核」页的“检查发现”。")
    if errors:
        parts.append(
            "错误会阻止导出：请修正；确认无误的，可在「审核」页“检查发现”中写明理由后忽略。"
            "表格数字在「数据填报」页修改，正文可以让我提出修改建议。"
        )
    elif warnings:
        parts.append("警告不阻止导出：核实后可以修改，也可以在「审核」页“检查发现”中写明理由后忽略。")
    return "\n\n".join(parts)
