"""数据概览: the year's applications by outcome and applicant type, and against last year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.ui import state
from app.workspace.overview import applicants, outcomes

state.page_setup("数据概览")
report = state.require_report()
if report is None:
    st.stop()
previous = state.previous_report(report)
c1, c2 = st.columns(2)
with c1:
    st.subheader("办理结果")
    data = {f"{report.meta.year}年": outcomes(report)}
    if previous is not None:
        data[f"{previous.meta.year}年"] = outcomes(previous)
    st.bar_chart(pd.DataFrame(data), stack=False)
with c2:
    st.subheader("申请人类型（本年新收）")
    data = {f"{report.meta.year}年": applicants(report)}
    if previous is not None:
        data[f"{previous.meta.year}年"] = applicants(previous)
    st.bar_chart(pd.DataFrame(data), stack=False)
if previous is None:
    st.caption("本系统中有上年报告时，图中同时显示上年数据。")
