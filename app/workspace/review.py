"""Review without streamlit: the reviewer's changes to the AI draft as HTML."""

from __future__ import annotations

from html import escape

from app.export.revisions import diff_paragraphs


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
