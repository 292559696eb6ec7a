"""导出: preview the whole report, download it; blocked while errors remain unless a reviewer overrides."""

from __future__ import annotations

import streamlit as st

from app.export import ExportError, export
from app.export.revisions import draft_texts
from app.storage import StorageError, open_findings
from app.ui import state

state.page_setup("导出")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()

errors = [f for f in open_findings(state.findings(report), set(store.decisions(rid))) if f.severity == "error"]
allowed = not errors
if errors:
    st.error(f"还有 {len(errors)} 个错误未处理（可到「数据填报」修正，或在「审核」页说明理由后忽略）：")
    for f in errors[:10]:
        st.caption(f"{f.rule}：{f.message}")
    if role == "reviewer":
        reason = st.text_input("审核人仍要导出：请写明理由（将被记录）", key="override_reason")
        allowed = bool(reason.strip())
    else:
        st.info("仍要导出须由审核人写明理由。")

base = f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"
FORMATS = {
    "docx": ("Word（公文格式）", ".docx"),
    "html": ("网页（可粘贴到网站）", ".html"),
    "md": ("Markdown", ".md"),
    "pdf": ("PDF", ".pdf"),
    "xlsx": ("Excel 统计表", ".xlsx"),
}


def _record(fmt: str) -> None:
    try:
        store.record_export(
            rid,
            format=fmt,
            who=name,
            role=role,
            open_errors=len(errors),
            override_reason=st.session_state.get("override_reason", ""),
        )
    except StorageError as e:
        st.error(str(e))


if allowed:
    cols = st.columns(4) + st.columns(4)  # two rows: the labels stay readable
    for col, (fmt, (label, ext)) in zip(cols, FORMATS.items(), strict=False):
        try:
            data = export(report, fmt)
        except ExportError as e:
            col.caption(f"{label}：{e}")
            continue
        col.download_button(label, data, file_name=base + ext, key=f"download:{fmt}", on_click=_record, args=(fmt,))
    drafts = draft_texts(report)
    if drafts:
        cols[5].download_button(
            "Word（含修订标记）",
            export(report, "docx", drafts=drafts, author=report.meta.signoff.reviewer or name),
            file_name=base + "（修订）.docx",
            key="download:revisions",
            on_click=_record,
            args=("docx-revisions",),
        )
    cols[6].download_button(
        "备份（JSON）", store.export_json(rid), file_name=base + ".json", key="download:json", on_click="ignore"
    )

st.subheader("预览")
st.html(export(report, "html").decode("utf-8"))
