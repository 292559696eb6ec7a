"""工作素材: the clerk's notes per aspect (typed or uploaded), last year's report, local requirements."""

from __future__ import annotations

import streamlit as st

from app.drafting.note_guide import audience, note_guide
from app.drafting.notes import merge_notes, parse_requirements, read_notes
from app.importers import ReadError
from app.ui import state
from app.ui.inert import literal
from schemas.drafting import NOTE_TITLES
from schemas.registry import SECTION_TITLES

state.page_setup("工作素材")
report = state.require_report()
if report is None:
    st.stop()

st.caption("起草时只使用这里写明的事实和统计表中的数字。素材只在本机保存，不会出现在导出的年报中。")

upload = st.file_uploader(
    "上传素材文件（文本或 Word 文档）",
    type=["txt", "md", "docx"],
    key="notes_upload",
    help="可上传文本文件（.txt、.md）或 Word 文档（.docx）。文中的标题与下面某一栏的名称相同，其后的内容就归入那一栏。",
)
if upload is not None and st.button("读入素材"):
    try:
        added = read_notes(upload.getvalue(), upload.name)
    except ReadError as e:
        st.error(literal(f"素材文件无法读取：{e}"))
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
previous = state.previous_report(report)
guide = note_guide(report, previous)
st.caption(literal(f"每栏下的提示是{audience(report)}年报通常写到的内容，照实回答即可；没有做的事不写，不要编造。"))
keys = list(NOTE_TITLES)
for row in range(0, len(keys), 2):
    for column, key in zip(st.columns(2), keys[row : row + 2], strict=False):
        with column:
            st.text_area(
                NOTE_TITLES[key],
                getattr(report.notes, key, ""),
                height=110,
                key=f"note:{key}:{version}",
                on_change=_save_note,
                args=(key,),
            )
            aspect = guide.get(key)
            if aspect and aspect.questions:
                st.caption(literal(aspect.text()))
            if aspect and aspect.last_year_problems:
                with st.expander(f"上年报告所列问题（{len(aspect.last_year_problems)} 条）及改进措施"):
                    st.markdown("\n".join(f"{n:d}. {literal(p)}" for n, p in enumerate(aspect.last_year_problems, 1)))
                    if aspect.last_year_measures:
                        st.markdown("**上年承诺的措施**")
                        st.markdown(
                            "\n".join(f"{n:d}. {literal(m)}" for n, m in enumerate(aspect.last_year_measures, 1))
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

st.subheader("上年报告")
if previous is None:
    st.info(
        "本系统中没有本单位上一年度的报告：可在「首页」新建报告时导入上年已发布的报告，用于整改对照、同比和防止雷同。"
    )
else:
    st.success(f"已有上年报告：{literal(f'{previous.meta.agency} {previous.meta.year}')}年度（起草时自动使用）")
