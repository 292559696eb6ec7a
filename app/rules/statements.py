"""R-H: what the narrative states must agree with the tables (read by ``app.claims``, one reading for all prose).

Each number is read as a claim with its subject. A claim naming a table quantity, a natural sum of them
(予以公开和部分公开共计38件), 办结率, a share (占办结总数的近九成) or 全部办结 / 无结转 is compared with the table;
numbers about anything else (文件, 新闻发布会, 元 collected) are left alone in a published report. In the tool's own
draft every other claim must rest on a fact of the same subject and unit (``claim_findings`` with ``own_draft``).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.claims import Claim, Ground, Verdict, build_ground, check_claim, read_claims
from app.claims.numbers import fmt
from app.claims.quantities import QUANTITIES, quantity_values
from app.claims.reader import MAX_CLAIMS
from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.report import Report


@dataclass(frozen=True)
class Statement:
    quantity: str
    stated: int | float
    text: str  # the sentence piece, for the message


def statements(paragraph: str, year: int | None = None) -> list[Statement]:
    """The table quantities a paragraph states, with the numbers it gives them.

    A clause that names another year ("2023年新收申请41件") is about that year, not this report's table.
    """
    return [
        Statement(c.quantity, c.value, c.clause)  # type: ignore[arg-type]
        for c in read_claims(paragraph, year=year)
        if c.kind == "count" and c.quantity and not c.approximate and c.value is not None
    ]


def _written(c: Claim) -> str:
    """The claim as a finding's value: the number as written without its unit (「4321人次」 → 4321), else the words."""
    text = c.text.strip()
    if c.unit and text.endswith(c.unit) and text[: -len(c.unit)].strip():
        return text[: -len(c.unit)].strip().rstrip("余多").strip()
    return text


def _finding(v: Verdict, report: Report, section: str, title: str, index: int, own_draft: bool) -> Finding:
    c = v.claim
    said = f"「{title}」第 {index} 段称“{c.clause or c.text}”"
    q = QUANTITIES.get(v.quantity or "")
    if v.status == "unsupported":
        return finding(
            Rule.R_H,
            own_draft=own_draft,
            section=section,
            paragraph=index,
            message=f"「{title}」第 {index} 段的“{c.text}”没有出处"
            "（不在统计表、程序计算的派生数据、工作素材或报告基本信息中，或说的不是同一事项），请核实或删除",
            actual=_written(c),
        )
    if q is not None and isinstance(v.expected, (int, float)) and c.value is not None:
        values = [] if c.last_year else quantity_values(report, v.quantity)  # type: ignore[arg-type]
        also = f"（或含上年结转共 {fmt(values[1])}）" if len(values) > 1 and values[1] != values[0] else ""
        return finding(
            Rule.R_H,
            own_draft=own_draft,
            table=q.table,
            row=q.row,
            column=q.column,
            section=section,
            paragraph=index,
            message=f"{said}，{q.name}为 {fmt(c.value)}；{v.source}为 {fmt(v.expected)}{also}，"
            f"相差 {fmt(abs(v.expected - c.value))}",
            expected=v.expected,
            actual=c.value,
        )
    if c.kind == "sum" and isinstance(v.expected, (int, float)) and c.value is not None:
        message = (
            f"{said}，合计为 {fmt(c.value)}；{v.source} = {fmt(v.expected)}，相差 {fmt(abs(v.expected - c.value))}"
        )
        return finding(
            Rule.R_H,
            own_draft=own_draft,
            section=section,
            paragraph=index,
            message=message,
            expected=v.expected,
            actual=c.value,
        )
    expected = fmt(v.expected) if isinstance(v.expected, (int, float)) else str(v.expected)
    if c.unit == "%" and isinstance(v.expected, (int, float)):
        expected += "%"
    return finding(
        Rule.R_H,
        own_draft=own_draft,
        section=section,
        paragraph=index,
        message=f"{said}，与{v.source}不符：应为 {expected}",
        expected=expected,
        actual=_written(c),
    )


MAX_REPORT_CLAIMS = 10_000  # numbers checked in a report's whole text (a report has a few hundred)


def _unchecked(section: str, paragraph: int, said: str) -> Finding:
    """The R-H error saying which numbers of the text were not checked (over a limit): never a silent skip."""
    return finding(
        Rule.R_H,
        severity="error",
        section=section,
        paragraph=paragraph,
        message=f"{said}：一份年报的正文一般只有几百个数字、一段只有几十个，请检查是否混入了表格或乱码",
    )


def claim_findings(
    report: Report,
    ground: Ground,
    *,
    own_draft: bool = False,
    strict: bool = False,
    section: str | None = None,
) -> list[Finding]:
    """R-H findings of ``report``'s narrative (of one ``section`` when given) against ``ground``.

    ``strict``: every claim must rest on a fact (the tool's drafts); otherwise only contradictions count.
    ``own_draft`` makes the findings errors.
    """
    out: list[Finding] = []
    year = report.meta.year
    left = MAX_REPORT_CLAIMS
    for sec, title, index, paragraph in section_paragraphs(report):
        if section is not None and sec != section:
            continue
        where = f"「{title}」第 {index} 段"
        if left <= 0:  # said at the first paragraph left with a number in it, never passed over in silence
            if read_claims(paragraph, year=year, limit=1):
                out.append(_unchecked(sec, index, f"正文的数字超过 {MAX_REPORT_CLAIMS} 个，从{where}起未核对"))
                break
            continue
        seen: set[tuple] = set()
        limit = min(MAX_CLAIMS, left)
        claims = read_claims(paragraph, year=year, limit=limit + 1)
        over, claims = len(claims) > limit, claims[:limit]
        left -= len(claims)
        if over and limit == MAX_CLAIMS:
            out.append(_unchecked(sec, index, f"{where}的数字超过 {MAX_CLAIMS} 个，只核对了前 {MAX_CLAIMS} 个"))
        elif over:
            out.append(
                _unchecked(
                    sec, index, f"正文的数字超过 {MAX_REPORT_CLAIMS} 个，从{where}的第 {limit + 1} 个数字起未核对"
                )
            )
        for claim in claims:
            v = check_claim(claim, ground, own_draft=strict)
            if v.status == "ok":
                continue
            key = (v.status, claim.quantity or claim.parts or claim.text, claim.value)
            if key in seen:
                continue
            seen.add(key)
            out.append(_finding(v, report, sec, title, index, own_draft))
        if over and limit < MAX_CLAIMS:  # the report's limit, said above: nothing after is read
            break
    return out


def statement_findings(report: Report, *, own_draft: bool = False, previous: Report | None = None) -> list[Finding]:
    """R-H findings: narrative claims that contradict the table values they name (and, with last year's report,
    the changes on last year they state)."""
    return claim_findings(report, build_ground(report, previous=previous), own_draft=own_draft)
