"""导出: preview the whole report, download it; refused while errors remain that no reviewer confirmed; the
publication record of a signed report (it becomes 已发布).

The errors are those ``nianbao check`` and ``export --strict`` see (drafted sections grounded on their current
text, 【待补充】 markers). A reviewer may confirm one with a written reason: it is kept in the report and the history.
"""

from __future__ import annotations

import streamlit as st

from app.drafting.gate import blocking
from app.export import ExportError, export
from app.export.pdf import soffice
from app.export.revisions import draft_texts
from app.storage import StorageError, finding_key
from app.ui import state
from app.ui.inert import literal
from app.workspace.lifecycle import where_all_fixed, where_fixed
from schemas.confirmations import claim_of
from schemas.registry import section_title
from schemas.rule_catalogue import rule_info

state.page_setup("导出")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()


def _confirm(finding, reason_key: str) -> None:
    try:
        store.confirm(
            rid,
            finding,
            reason=st.session_state.get(reason_key, ""),
            who=name,
            role=role,
            expected_version=st.session_state["version"],
        )
    except StorageError as e:
        st.session_state["confirm_error"] = str(e)
    else:
        state.open_report(rid)
        st.toast("已确认，记录在版本记录中")


errors = blocking(report, state.findings(report))
allowed = not errors
info = store.report_info(rid)
if problem := st.session_state.pop("confirm_error", None):
    st.error(literal(problem))
if errors:
    st.error(
        literal(
            f"还有 {len(errors)} 个错误未处理，不能导出：请到{where_all_fixed(errors)}修正；"
            "审核人核实无误的，可逐条写明理由确认（确认人、时间和理由记入版本记录）。"
        )
    )
    if role != "reviewer":
        st.info("确认须由审核人逐条写明理由。")
    seen: dict[str, int] = {}
    for f in errors:
        key = finding_key(f)
        # keyed by the finding, not its place in the list: confirming one keeps the reasons typed for the others
        seen[key] = i = seen.get(key, -1) + 1
        box = st.container(border=True)
        where = f"「{section_title(f.section)}」第 {f.paragraph} 段 · " if f.section and f.paragraph else ""
        box.markdown(f"**{literal(where + rule_info(f.rule).title)}**：{literal(f.message)}", help=f"规则 {f.rule}")
        box.caption(literal(f"在{where_fixed(f)}修正"))
        if claim := claim_of(report, f):
            box.caption(f"原文：{literal(claim)}")
        if not rule_info(f.rule).confirmable:
            box.caption(literal(rule_info(f.rule).dismiss))
        elif role == "reviewer":
            reason_key = f"confirm_reason:{i}:{key}"
            box.text_input("确认理由（必填，记入版本记录）", key=reason_key)
            box.button("核实无误，确认", key=f"confirm:{i}:{key}", on_click=_confirm, args=(f, reason_key))

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
        )
    except StorageError as e:
        st.error(literal(str(e)))


def _files() -> dict:
    """This session's preview and built files of the open report, kept in memory (never on disk: a report may hold
    unpublished information) and dropped when another report, version or unsaved text is open."""
    cached = st.session_state.get("_export_files")
    # the report object is compared too: a refused save keeps unsaved text in the session under the same version
    if cached is None or cached["key"] != (rid, st.session_state.get("version")) or cached["report"] is not report:
        cached = {"key": (rid, st.session_state.get("version")), "report": report, "bytes": {}, "errors": {}}
        st.session_state["_export_files"] = cached
    return cached


def _lazy(fmt: str, build):
    """A download's data: built when the user clicks (not on every visit), then kept for this version."""
    built = _files()["bytes"]

    def data() -> bytes:
        if fmt not in built:
            built[fmt] = build()
        return built[fmt]

    return data


if allowed and info.status not in ("signed", "published"):
    st.info(
        literal(
            f"报告当前为「{info.status_label}」，尚未审核签发：下载的文件仅供内部传阅、征求意见，"
            "请在各部分审核通过并签发后再对外发布。"
        )
    )
if allowed:
    cols = st.columns(4) + st.columns(4)  # two rows: the labels stay readable
    for col, (fmt, (label, ext)) in zip(cols, FORMATS.items(), strict=False):
        data = _lazy(fmt, lambda fmt=fmt: export(report, fmt))
        if fmt == "pdf":  # LibreOffice takes seconds and may be missing: built on request, its error shown
            files = _files()
            if fmt not in files["bytes"] and fmt not in files["errors"]:
                try:
                    soffice()  # a missing LibreOffice is said at once, with what to install
                except ExportError as e:
                    files["errors"][fmt] = str(e)
            if fmt not in files["bytes"] and fmt not in files["errors"]:
                if not col.button("生成 PDF", key="prepare:pdf", help="用 LibreOffice 转换，需要几秒钟"):
                    continue
                with col, st.spinner("正在生成 PDF…"):
                    try:
                        data()
                    except ExportError as e:
                        files["errors"][fmt] = str(e)
            if fmt in files["errors"]:
                col.caption(literal(f"{label}：{files['errors'][fmt]}"))
                continue
            data = files["bytes"][fmt]
        col.download_button(
            literal(label),
            data,
            file_name=base + ext,
            key=f"download:{fmt}",
            on_click=_record,
            args=(fmt,),
        )
    drafts = draft_texts(report)
    if drafts:
        author = report.meta.signoff.reviewer or name
        cols[5].download_button(
            "Word（含修订标记）",
            _lazy("docx-revisions", lambda: export(report, "docx", drafts=drafts, author=author)),
            file_name=base + "（修订）.docx",
            key="download:revisions",
            on_click=_record,
            args=("docx-revisions",),
        )
    cols[6].download_button(
        "备份（JSON）", lambda: store.export_json(rid), file_name=base + ".json", key="download:json", on_click="ignore"
    )

st.subheader("发布")


def _publish() -> None:
    try:
        store.record_publication(
            rid,
            date=st.session_state.get("publish_date"),
            url=st.session_state.get("publish_url", ""),
            who=name,
            role=role,
        )
    except StorageError as e:
        st.session_state["publish_error"] = str(e)
    else:
        state.open_report(rid)
        st.toast("已记录发布，状态改为「已发布」")


if problem := st.session_state.pop("publish_error", None):
    st.error(literal(problem))
if info.status == "published":
    shown = f"{info.published_on:%Y年%m月%d日}" if info.published_on else "（未填写日期）"
    st.success(
        f"已发布：{literal(shown)}　{literal(info.published_url or '')}　{literal(info.timeliness(state.today()).label)}"
    )
else:
    signed = info.status == "signed"
    if not signed:
        st.caption(literal(f"报告当前为「{info.status_label}」：审核签发后才能记录发布。"))
    with st.form("publication", border=True):
        c1, c2 = st.columns([1, 3])
        c1.date_input("发布日期", value=state.today(), key="publish_date", format="YYYY/MM/DD", disabled=not signed)
        c2.text_input("发布网址", key="publish_url", placeholder="http://", disabled=not signed)
        st.form_submit_button("记录发布", on_click=_publish, disabled=not signed)

st.subheader("预览")
files = _files()
if "preview" not in files:
    files["preview"] = export(report, "html").decode("utf-8")
st.html(files["preview"])
