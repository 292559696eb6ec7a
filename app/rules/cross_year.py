"""Cross-year rules against last year's report: R-F (carry-over), R-G (现行有效件数), COPY (内容雷同)."""

from __future__ import annotations

from app.rules.common import fmt
from app.rules.placeholders import PLACEHOLDER_MARK
from app.rules.similarity import jaccard, shingles
from schemas.findings import Finding, Rule, finding
from schemas.registry import cell_key, section_title, table
from schemas.report import NARRATIVE_SECTIONS, Narrative, Report

SECTION_COPY = 0.6  # a whole section this alike is 内容雷同
PARAGRAPH_COPY = 0.8  # a paragraph this alike to one of last year's is copied
MIN_PARAGRAPH = 40  # short formulaic paragraphs ("无。") are not compared


def cross_year_findings(report: Report, previous: Report) -> list[Finding]:
    """R-F, R-G and COPY findings of ``report`` against last year's ``previous``."""
    return carry_over_findings(report, previous) + in_force_findings(report, previous) + copy_findings(report, previous)


def carry_over_findings(report: Report, previous: Report) -> list[Finding]:
    """R-F: this year's 上年结转 equals last year's 结转下年度继续办理, column by column."""
    out: list[Finding] = []
    spec = table(report.meta.format_version, "三")
    row = spec.row("carried_over")
    for col in row.columns:
        now = report.value("三", cell_key("carried_over", col.id))
        before = previous.value("三", cell_key("carried_forward", col.id))
        if now is None or before is None or now == before:
            continue
        out.append(
            finding(
                Rule.R_F,
                table="三",
                row=row.label,
                column=col.label,
                message=f"表三「{col.label}」列：本年上年结转 {fmt(now)}，"
                f"上年报告结转下年度继续办理 {fmt(before)}，相差 {fmt(abs(now - before))}",
                expected=before,
                actual=now,
            )
        )
    return out


def in_force_findings(report: Report, previous: Report) -> list[Finding]:
    """R-G: 现行有效件数 = last year's + 本年制发 − 本年废止 (2021 format, 规章 and 行政规范性文件)."""
    if report.meta.format_version != "2021" or previous.meta.format_version != "2021":
        return []
    out: list[Finding] = []
    spec = table("2021", "二")
    for rid in ("regulations", "normative_documents"):
        row = spec.row(rid)
        issued, repealed, now = (report.value("二", cell_key(rid, c)) for c in ("issued", "repealed", "in_force"))
        before = previous.value("二", cell_key(rid, "in_force"))
        if None in (issued, repealed, now, before):
            continue
        expected = before + issued - repealed
        if expected == now:
            continue
        out.append(
            finding(
                Rule.R_G,
                table="二",
                group=row.group,
                row=row.label,
                column=row.column("in_force").label,
                message=f"表二「{row.label}」：上年现行有效 {fmt(before)} + 本年制发 {fmt(issued)} − 本年废止 "
                f"{fmt(repealed)} = {fmt(expected)}，本年现行有效填 {fmt(now)}（如有修订或清理请说明）",
                expected=expected,
                actual=now,
            )
        )
    return out


def compared_paragraphs(narrative: Narrative) -> list[str]:
    """A section's paragraphs as COPY compares them (paragraph numbers kept): the official sub-headings, alike every
    year by design, and 【待补充】 markers, no one's content (PLACEHOLDER holds them back), are left out."""
    headings = {s.heading for s in narrative.subsections if s.heading.strip()}
    return ["" if p in headings else PLACEHOLDER_MARK.sub("", p) for p in narrative.paragraphs()]


def copy_findings(report: Report, previous: Report) -> list[Finding]:
    """COPY: a narrative section, or a paragraph of it, nearly identical to last year's."""
    out: list[Finding] = []
    # the opening paragraph is formulaic by design (legal basis, period, contact): not compared
    sections: list[tuple[str, str, str]] = []
    for num, attr in NARRATIVE_SECTIONS.items():
        now: Narrative = getattr(report, attr)
        before: Narrative = getattr(previous, attr)
        now_paras, before_paras = (compared_paragraphs(n) for n in (now, before))
        sections.append((num, "\n".join(now_paras), "\n".join(before_paras)))
    for num, now_text, before_text in sections:
        if min(len(now_text.replace("\n", "")), len(before_text.replace("\n", ""))) < MIN_PARAGRAPH:
            continue
        title = section_title(num)
        score = jaccard(shingles(now_text), shingles(before_text))
        if score >= SECTION_COPY:
            out.append(
                finding(
                    Rule.COPY,
                    section=num,
                    message=f"「{title}」与上年报告高度相似（相似度 {score:.0%}），存在内容雷同风险",
                    expected=f"< {SECTION_COPY:.0%}",
                    actual=f"{score:.0%}",
                )
            )
            continue
        before_paras = [shingles(p) for p in before_text.split("\n") if len(p) >= MIN_PARAGRAPH]
        for i, para in enumerate(now_text.split("\n"), start=1):
            if len(para) < MIN_PARAGRAPH:
                continue
            s = shingles(para)
            best = max((jaccard(s, b) for b in before_paras), default=0.0)
            if best >= PARAGRAPH_COPY:
                out.append(
                    finding(
                        Rule.COPY,
                        section=num,
                        paragraph=i,
                        message=f"「{title}」第 {i} 段与上年报告几乎相同（相似度 {best:.0%}）",
                        expected=f"< {PARAGRAPH_COPY:.0%}",
                        actual=f"{best:.0%}",
                    )
                )
    return out
