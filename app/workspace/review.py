"""Review without streamlit: the reviewer's changes to the draft as HTML; the sections a redraft would overwrite;
whether a finding marked fixed still fires."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from html import escape

from app.drafting.sections import section_text
from app.export.revisions import diff_paragraphs
from app.rules.placeholders import MISSING_DATE
from app.storage import finding_key
from schemas.drafting import value_text
from schemas.findings import Finding
from schemas.report import Report
from schemas.rule_catalogue import Rule


def draft_diff_html(draft: str, final: str) -> str:
    """The reviewer's changes to the draft: insertions underlined green, deletions struck red."""
    style = {
        "insert": "background:#e6f4ea;text-decoration:underline",
        "delete": "background:#fce8e6;text-decoration:line-through",
    }
    out = []
    for p in diff_paragraphs(draft, final):
        runs = "".join(
            escape(text) if status == "equal" else f'<span style="{style[status]}">{escape(text)}</span>'
            for status, text in p.runs
        )
        out.append(f"<p style='margin:0 0 .4em 0'>{runs}</p>")
    return "".join(out)


def reviewed_sections(report: Report, approved: Collection[str], sections: Iterable[str]) -> dict[str, str]:
    """Of ``sections``, those a redraft would take a reviewer's work from, each with why (edited, approved or both).

    Edited: the current text differs from the section's last draft; approved: the approval still stands (storage
    clears it when the text changes).
    """
    out = {}
    for section in sections:
        record = report.drafting.get(section)
        text = section_text(report, section).strip()
        edited = record is not None and bool(text) and text != record.draft_text.strip()
        why = [w for w, flag in (("已修改", edited), ("已审核通过", section in approved)) if flag]
        if why:
            out[section] = "、".join(why)
    return out


def added_errors(before: list[Finding], after: list[Finding], section: str) -> list[Finding]:
    """The errors of ``section`` in ``after`` (the open errors once an edit is applied) that ``before`` (the open
    errors of the saved text) did not have: an edit that brings one is not approved."""
    known = {finding_key(f) for f in before if f.section == section}
    return [f for f in after if f.section == section and finding_key(f) not in known]


def _place(f: Finding) -> tuple:
    return (f.rule, f.table, f.group, f.row, f.column, f.section, f.paragraph)


def still_firing(finding: Finding, current: list[Finding]) -> Finding | None:
    """The finding of ``current`` (the check run again) that is still ``finding``: the same one, else one of the
    same rule at the same place with another value (a number changed but still wrong), else (a finding about many
    cells) one of the same rule about some of its cells; None once it is fixed."""
    key = finding_key(finding)
    same = next((f for f in current if finding_key(f) == key), None)
    if same is not None:
        return same
    place = _place(finding)
    at_place = next((f for f in current if _place(f) == place), None)
    if at_place is not None or not finding.cells:
        return at_place
    # a blank column partly filled: what is left of it is reported in other words (a smaller unit, single cells)
    cells = set(finding.cells)
    return next(
        (f for f in current if (f.rule, f.table) == (finding.rule, finding.table) and cells & set(f.cells)), None
    )


def still_firing_message(now: Finding, before: Finding) -> str:
    """What a clerk is told when 「已修正」 finds the finding still there: what the check sees now."""
    changed = value_text(now.actual) != value_text(before.actual)
    lead = "数值已改，但检查仍未通过" if changed else "检查仍发现这个问题，尚未修正"
    return f"{lead}：{now.message}"


def submitted_message(errors: int) -> str:
    """What a clerk is told on 提交审核: submitting is allowed with open errors, but their number is said."""
    done = "已提交审核，状态改为「待审核」"
    return f"{done}。提交时还有 {errors} 个错误未处理，审核人会看到。" if errors else done


def where_to_fix(blocker: str) -> str:
    """Where on 审核 a sign-off blocker (the storage's Chinese reason) is dealt with."""
    if "不能忽略" in blocker:
        return "在「检查发现」修正后点「已修正」"
    if "错误" in blocker or "警告" in blocker:
        return "在「检查发现」修正后点「已修正」，或写明理由后忽略/确认"
    return "在「正文」或「表格与基本信息」中审阅后点「通过本部分」"


def signed_with_date(finding: Finding) -> bool:
    """Whether ``finding`` is the 落款's missing date, which the sign-off itself writes (its date field)."""
    return finding.rule == Rule.PLACEHOLDER and finding.section is None and finding.actual == MISSING_DATE


def gate_findings(findings: list[Finding]) -> list[Finding]:
    """The findings approval and sign-off are judged on: all but the 落款's missing date, which the sign-off form
    fills in (no part waits for the signature that dates it)."""
    return [f for f in findings if not signed_with_date(f)]
