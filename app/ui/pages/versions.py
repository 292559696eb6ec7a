"""版本记录: every saved version (who, when, what changed); restore any; backup and restore the whole report."""

from __future__ import annotations

import streamlit as st

from app.storage import StorageError
from app.ui import state

state.page_setup("版本记录")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()

versions = store.versions(rid)
st.dataframe(
    [
        {
            "版本": v.version_no,
            "时间": f"{v.at.astimezone():%Y-%m-%d %H:%M}",
            "保存人": f"{v.author}（{v.role_label}）",
            "改动": v.summary,
        }
        for v in versions  # newest first
    ],
    hide_index=True,
    width="stretch",
)
numbers = [v.version_no for v in versions]
chosen = st.selectbox("恢复到版本", numbers, key="restore_choice")
if st.button("恢复（另存为新版本，历史保留）"):
    try:
        version = store.restore(rid, chosen, who=name, role=role, expected_version=st.session_state["version"])
    except StorageError as e:
        st.error(str(e))
    else:
        state.open_report(rid)
        st.success(f"已恢复第 {chosen} 版的内容，保存为第 {version} 版")

st.subheader("备份与迁移")
st.download_button(
    "下载整份报告的备份（含全部版本、审核和对话记录）",
    store.export_json(rid),
    file_name=f"{report.meta.agency}{report.meta.year}年报备份.json",
    on_click="ignore",
)
upload = st.file_uploader(
    "从备份文件导入一份报告",
    type=["json"],
    key="backup_upload",
    help="选择用上面的按钮下载的备份文件（文件名以「年报备份.json」结尾），导入后作为一份新报告打开。",
)
if upload is not None and st.button("导入备份"):
    try:
        new_id = store.import_json(upload.getvalue().decode("utf-8-sig"), who=name, role=role)
    except (StorageError, UnicodeDecodeError) as e:
        st.error(f"备份无法导入：{e}")
    else:
        state.open_report(new_id)
        st.success("已导入并打开")
