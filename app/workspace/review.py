"""Review helpers without streamlit: section text ⇄ the report, the reviewer's changes to the AI draft as HTML."""

from __future__ import annotations

from html import escape

from app.drafting.sections import put_section
from app.export.revisions import diff_paragraphs
from app.importers.layout import narrative
from schemas.report import Report


def with_section_text(report: Report, section: str, text: str) -> Report:
    """A copy of ``report`` with a section's text replaced ("（一）…" lines become its sub-headings)."""
    out = report.model_copy(deep=True)
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    put_section(out, section, "\n".join(lines) if section == "前言" else narrative([[line] for line in lines]))
    return out


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
