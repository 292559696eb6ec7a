"""多单位: every unit's status for a year (the same label as 首页, errors from a fresh check), the summed tables
with their 勾稽 check, copying between units."""

from __future__ import annotations

import streamlit as st

from app.storage.lifecycle import PUBLICATION_HELP, publication_short
from app.ui import state
from app.ui.inert import literal
from app.workspace.batch import batch_view
from schemas.registry import LEVEL_LABELS

state.page_setup("多单位汇总")
store, today = state.store(), state.today()
years = sorted({i.year for i in store.list_reports()}, reverse=True)
if not years:
    st.info("还没有报告。")
    st.stop()
year = st.selectbox("年度", years)
progress = store.unit_progress(year, today=today)
infos = {i.id: i for i in store.list_reports(year=year)}
rows = []
for p in progress:
    found = state.open_counts(infos[p.report_id]) if p.report_id in infos else None
    rows.append(
        {
            "单位": p.name,
            "层级": LEVEL_LABELS[p.level],
            "状态": p.standing,
            "错误": "" if found is None else str(found.errors),
            "警告": "" if found is None else str(found.warnings),
            "发布": publication_short(p.timeliness, infos[p.report_id].published_on if p.report_id in infos else None),
        }
    )
st.dataframe(
    rows, hide_index=True, width="stretch", column_config={"发布": st.column_config.TextColumn(help=PUBLICATION_HELP)}
)
reports = [store.load(i)[0] for i in infos]
view = batch_view(reports)
st.subheader("单位之间的雷同")
if view.copies:
    for line in view.copies:
        st.warning(literal(line))
else:
    st.success("未发现单位之间的文字雷同")
st.subheader(f"合计表（{len(reports)} 个单位）")
for result in view.totals:
    st.markdown(f"**{literal(f'{result.version}年格式，{result.reports} 份报告')}**")
    if result.findings:
        for message in result.findings:
            st.error(literal(message))
    else:
        st.success("合计表勾稽关系成立")
    st.dataframe(view.total_rows(result), hide_index=True, width="stretch")
