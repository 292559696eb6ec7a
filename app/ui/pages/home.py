"""首页: the reports by year with their status, open problems (a fresh check) and deadline; new reports."""

from __future__ import annotations

import streamlit as st

from app.storage.lifecycle import PUBLICATION_HELP, publication_short
from app.ui import state
from app.ui.inert import literal
from app.workspace.basics import LEVEL_CHOICES
from app.workspace.creation import new_report

state.page_setup("政府信息公开工作年度报告")
store, today = state.store(), state.today()
for message in st.session_state.pop("home_flash", []):
    st.success(literal(message))

reports = store.list_reports()
if reports:
    rows = []
    for info in reports:
        found = state.open_counts(info)
        rows.append(
            {
                "单位": info.agency,
                "年度": info.year,
                "状态": info.standing(today),
                "问题": found.total,
                "其中错误": found.errors,
                "截止日期": f"{info.deadline:%Y-%m-%d}",
                "发布": publication_short(info.timeliness(today), info.published_on),
                "最后保存": f"{info.updated_by} {info.updated_at:%m-%d %H:%M}",
            }
        )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "年度": st.column_config.NumberColumn(width=52, format="%d"),
            "问题": st.column_config.NumberColumn(width=48, help="待处理的问题：未修正也未写明理由忽略的错误和警告"),
            "其中错误": st.column_config.NumberColumn(width=72),
            "发布": st.column_config.TextColumn(help=PUBLICATION_HELP),
        },
    )
    labels = {i.id: f"{i.agency} {i.year}年度（{i.status_label}）" for i in reports}
    ids = list(labels)
    default = state.current_id() if state.current_id() in ids else state.latest(reports).id
    chosen = st.selectbox("打开报告", ids, format_func=labels.get, index=ids.index(default), key="open_choice")
    if st.button("打开", type="primary"):
        state.open_report(chosen)
        st.success(f"已打开：{literal(labels[chosen])}。请从左侧进入「数据填报」「起草」等页面。")
else:
    st.info("还没有报告。")

st.subheader("新建报告")
# the form keeps what was typed when creating is refused (a missing name, an unreadable file); once a report is
# created its widgets get new keys, so the browser shows an empty form (a file uploader cannot be reset otherwise)
epoch = st.session_state.get("new_report_epoch", 0)
with st.form("new_report", clear_on_submit=False):
    agency = st.text_input("单位名称", placeholder="例如：示例县市场监督管理局", key=f"new_agency:{epoch}")
    c1, c2 = st.columns(2)
    level = c1.selectbox("单位层级", list(LEVEL_CHOICES), format_func=LEVEL_CHOICES.get, key=f"new_level:{epoch}")
    year = c2.number_input(
        "报告年度",
        min_value=2019,
        max_value=2100,
        value=today.year - 1 if today.month < 7 else today.year,
        key=f"new_year:{epoch}",
    )
    source = st.radio(
        "从哪里开始",
        ["blank", "previous_file", "previous_saved"],
        format_func={
            "blank": "空白表格",
            "previous_file": "导入上年已发布的报告（文件）",
            "previous_saved": "用本系统中的上年报告",
        }.get,
        horizontal=True,
        key=f"new_source:{epoch}",
    )
    upload = st.file_uploader(
        "上年报告文件（网页、Word、PDF、Excel 或文本）",
        key=f"previous_upload:{epoch}",
        help="上年已发布的年度报告：网页另存的文件、Word、PDF、Excel、文本，或本系统导出的数据文件（.json）均可。",
    )
    submitted = st.form_submit_button("新建", type="primary")
if submitted:
    name, role = state.who()
    result = new_report(
        store, agency=agency, level=level, year=int(year), source=source, upload=upload, who=name, role=role
    )
    if result.error:
        st.error(literal(f"{result.error}（已填写的内容仍在表单中）"))
    else:
        state.open_report(result.report_id)
        # shown after the rerun that lists the new report
        st.session_state["home_flash"] = [f"已新建并打开：{agency.strip()} {int(year)}年度报告", *result.notes]
        st.session_state["new_report_epoch"] = epoch + 1
        st.rerun()
