"""Review without streamlit: the reviewer's changes to the AI draft as HTML; the sections a redraft would overwrite."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from html import escape

from app.drafting.sections import section_text
from app.export.revisions import diff_paragraphs
from app.storage import finding_key
from schemas.findings import Finding
from schemas.report import Report


def draft_diff_html(draft: str, final: str) -> str:
    """The reviewer's changes to the AI draft: insertions underlined green, deletions struck red."""
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
