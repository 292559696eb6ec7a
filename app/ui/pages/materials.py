"""工作素材: the clerk's notes per aspect (typed or uploaded), last year's report, local requirements."""

from __future__ import annotations

import streamlit as st

from app.drafting.notes import merge_notes, parse_requirements, read_notes
from app.importers import ReadError
from app.ui import state
from schemas.drafting import NOTE_TITLES, Notes

state.page_setup("工作素材")
report = state.require_report()
if report is None:
    st.stop()

st.caption("起草时只使用这里写明的事实和统计表中的数字。素材只在本机保存，不会出现在导出的年报中。")

upload = st.file_uploader(
    "上传素材文件（.txt / .md / .docx，按标题自动归类）", type=["txt", "md", "docx"], key="notes_upload"
)
if upload is not None and st.button("读入素材"):
    try:
        added = read_notes(upload.getvalue(), upload.name)
    except ReadError as e:
        st.error(f"素材文件无法读取：{e}")
    else:
        updated = report.model_copy(deep=True)
        updated.notes = merge_notes(report.notes, added)
        state.save(updated, "读入素材")
        report = st.session_state["report"]

with st.form("notes"):
    values = {}
    for key, title in NOTE_TITLES.items():
        values[key] = st.text_area(title, getattr(report.notes, key), height=110, key=f"note:{key}")
    requirements_text = st.text_area(
        "本地要求（如“总体情况不超过1000字”；其余每行为必须写到的事项）",
        "\n".join(
            [f"{'总体情况' if s == '一' else s}不超过{n}字" for s, n in report.requirements.max_chars.items()]
            + report.requirements.checklist
        ),
        height=90,
    )
    saved = st.form_submit_button("保存素材", type="primary")
if saved:
    updated = report.model_copy(deep=True)
    updated.notes = Notes(**{k: v.strip() for k, v in values.items()})
    updated.requirements = parse_requirements(requirements_text)
    state.save(updated, "工作素材")

previous = state.previous_report(report)
st.subheader("上年报告")
if previous is None:
    st.info(
        "本系统中没有本单位上一年度的报告：可在「首页」新建报告时导入上年已发布的报告，用于整改对照、同比和防止雷同。"
    )
else:
    st.success(f"已有上年报告：{previous.meta.agency} {previous.meta.year}年度（起草时自动使用）")
