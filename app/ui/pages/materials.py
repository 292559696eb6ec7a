"""工作素材: the clerk's notes per aspect (typed or uploaded), last year's report, local requirements."""

from __future__ import annotations

import streamlit as st

from app.drafting.notes import merge_notes, parse_requirements, read_notes
from app.importers import ReadError
from app.ui import state
from schemas.drafting import NOTE_TITLES
from schemas.registry import SECTION_TITLES

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

st.caption("每一栏离开（点到别处）时自动保存。")


def _save_note(key: str) -> None:
    """Save one field as soon as the user leaves it: a closed tab loses at most the field being typed."""
    current = st.session_state["report"]
    updated = current.model_copy(deep=True)
    text = st.session_state.get(f"note:{key}:{st.session_state['version']}", "").strip()
    if key == "requirements":
        updated.requirements = parse_requirements(text)
        label = "本地要求"
    else:
        setattr(updated.notes, key, text)
        label = f"素材「{NOTE_TITLES[key]}」"
    if updated != current:
        state.save(updated, label)


version = st.session_state["version"]
for key, title in NOTE_TITLES.items():
    st.text_area(
        title, getattr(report.notes, key), height=110, key=f"note:{key}:{version}", on_change=_save_note, args=(key,)
    )
st.text_area(
    "本地要求（如“总体情况不超过1000字”；其余每行为必须写到的事项）",
    "\n".join(
        [f"{SECTION_TITLES['一'] if s == '一' else s}不超过{n}字" for s, n in report.requirements.max_chars.items()]
        + report.requirements.checklist
    ),
    height=90,
    key=f"note:requirements:{version}",
    on_change=_save_note,
    args=("requirements",),
)

previous = state.previous_report(report)
st.subheader("上年报告")
if previous is None:
    st.info(
        "本系统中没有本单位上一年度的报告：可在「首页」新建报告时导入上年已发布的报告，用于整改对照、同比和防止雷同。"
    )
else:
    st.success(f"已有上年报告：{previous.meta.agency} {previous.meta.year}年度（起草时自动使用）")
