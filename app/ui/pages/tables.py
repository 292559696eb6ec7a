"""数据填报: tables 二, 三, 四 as editable grids in the official order; checked after every edit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.ui import chat, state
from app.workspace.grids import (
    MARK_COLUMN,
    apply_values,
    column_marks,
    fill_totals,
    grid_values,
    grids,
    marks,
    tables_from_upload,
)
from schemas.findings import SEVERITY_LABELS
from schemas.registry import TOTAL, TOTAL_LABEL, table

report = state.require_report()


def _frame(grid) -> pd.DataFrame:
    values = grid_values(st.session_state["report"], grid)
    frame = pd.DataFrame(values, index=grid.row_labels(), columns=grid.columns, dtype="string")
    frame.insert(0, MARK_COLUMN, marks(grid, state.findings(st.session_state["report"])))
    return frame


def _apply_edits(grid, key: str) -> None:
    """Apply what was typed into a grid (its widget state lists the edited cells), save, check again."""
    change = st.session_state.get(key) or {}
    edited = change.get("edited_rows") or {}
    if not edited:
        return
    values = grid_values(st.session_state["report"], grid)
    for row_index, edits in edited.items():
        for column, value in edits.items():
            if column in grid.columns:
                values[int(row_index)][grid.columns.index(column)] = "" if value is None else str(value)
    updated = apply_values(st.session_state["report"], grid, values)
    if updated.tables != st.session_state["report"].tables:
        state.save(updated, f"表{grid.table}")  # a new version: the grids are drawn again from it


# what was typed is saved before anything is drawn, so the sidebar, grids and findings show the new version
if report is not None:
    for grid in grids(st.session_state["report"].meta.format_version):
        _apply_edits(grid, f"grid:{grid.key}:{st.session_state['version']}")
state.page_setup("数据填报")
if report is None:
    st.stop()
st.caption(
    "按官方表格的行列填写；没有数据填 0（空白不等于 0）。可以从 Excel 复制整行粘贴。每次修改都会保存并重新检查。"
)

left, right = st.columns([3, 2])
with right:
    if st.button(
        "自动计算总计",
        help=f"按各类申请人之和计算表三「{TOTAL_LABEL}」列，按各项办理结果之和计算"
        f"「{table(st.session_state['report'].meta.format_version, '三').row(TOTAL).label}」行，计算表四各「{TOTAL_LABEL}」",
    ):
        state.save(fill_totals(st.session_state["report"]), "自动计算总计")
    found = state.findings(st.session_state["report"])
    table_findings = [f for f in found if f.table in ("二", "三", "四")]
    st.subheader(f"检查结果（{sum(f.severity == 'error' for f in table_findings)} 个错误）")
    if not table_findings:
        st.success("表格未发现问题")
    for f in table_findings:
        box = st.error if f.severity == "error" else st.warning
        box(f"{SEVERITY_LABELS[f.severity]} {f.rule}：{f.message}")
    chat.panel(None, page="tables")

with left:
    for grid in grids(st.session_state["report"].meta.format_version):
        st.markdown(f"**表{grid.table}　{grid.caption}**")
        key = f"grid:{grid.key}:{st.session_state['version']}"
        st.data_editor(
            _frame(grid),
            key=key,
            disabled=[MARK_COLUMN],
            column_config={MARK_COLUMN: st.column_config.TextColumn(MARK_COLUMN, width="small")},
            width="stretch",
        )
        for messages in column_marks(grid, state.findings(st.session_state["report"])).values():
            st.caption("；".join(messages))

st.divider()
c1, c2 = st.columns(2)
with c1:
    from app.export import export

    shown = st.session_state["report"]
    st.download_button(
        "下载 Excel 填报模板（含当前数据）",
        data=lambda: export(shown, "xlsx"),  # built when clicked, not on every edit's rerun
        file_name=f"{st.session_state['report'].meta.agency}{st.session_state['report'].meta.year}年报表格.xlsx",
        on_click="ignore",
    )
with c2:
    upload = st.file_uploader("上传填好的 Excel", type=["xlsx"], key="xlsx_upload")
    if upload is not None and st.button("读入表格"):
        tables, error, notes = tables_from_upload(st.session_state["report"], upload)
        if error:
            st.error(error)
        else:
            updated = st.session_state["report"].model_copy(deep=True)
            updated.tables = tables
            if state.save(updated, "从 Excel 读入表格"):
                for note in notes:
                    st.warning(note)
