"""数据填报: tables 二, 三, 四 as editable grids in one form, saved and checked on 「保存表格」."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.rules.culprit import culprit_cells
from app.ui import chat, state
from app.ui.inert import literal
from app.workspace.blanks import blank_count, fill_blanks_with_zero, is_blank
from app.workspace.grids import (
    Grid,
    apply_edits,
    column_help,
    column_marks,
    column_title,
    fill_totals,
    finding_anchor,
    grid_values,
    grids,
    row_marks,
    tables_from_upload,
)
from schemas.findings import SEVERITY_LABELS
from schemas.registry import TABLE_IDS, TOTAL, TOTAL_LABEL, table
from schemas.rule_catalogue import rule_info

SAVE = ("tables:save_top", "tables:save_bottom")
TOTALS = ("tables:totals_top", "tables:totals_bottom")
ZERO_ASK = "tables:zero_ask"
NUMBER_WIDTH = 88  # 表三's seven columns beside its row labels fit a laptop's ~950 px
LABEL_COLUMN = "项目"  # the row labels: a column that cannot be edited, so it can be coloured
_MARK_COLOURS = {"error": "background-color: #fde2e2; color: #9b1c1c", "warning": "background-color: #fdf3d0"}

report = state.require_report()


def _layout() -> list[Grid]:
    return grids(st.session_state["report"].meta.format_version)


def _editor_key(grid: Grid) -> str:
    """Stable while the clerk types and saves; a new key (fresh grids) when the values came from elsewhere."""
    return f"grid:{grid.key}:{st.session_state.get('grid_epoch', 0)}"


def _pressed(keys: tuple[str, ...]) -> bool:
    return any(st.session_state.get(k) for k in keys)


def _typed():
    """The open report with what is typed into the grids (their widget state lists the edited cells)."""
    updated = st.session_state["report"]
    for grid in _layout():
        updated = apply_edits(updated, grid, (st.session_state.get(_editor_key(grid)) or {}).get("edited_rows"))
    return updated


def _fresh_grids() -> None:
    """The grids are drawn anew from the saved values (pending edits of the old grids are dropped)."""
    st.session_state["grid_epoch"] = st.session_state.get("grid_epoch", 0) + 1


# the form's buttons act before anything is drawn, so the sidebar, grids and findings show the saved version
if report is not None:
    if st.session_state.get("grid_seen") not in (None, (state.current_id(), st.session_state["version"])):
        _fresh_grids()  # another page, 读入表格, 全部空格填 0 or a reload changed the values
    if _pressed(SAVE + TOTALS) or st.session_state.get(ZERO_ASK):
        typed = _typed()
        unchanged = typed.tables == st.session_state["report"].tables
        saved = unchanged or state.save(typed, "表格")
        if unchanged and _pressed(SAVE):
            st.toast("表格没有修改，不需要保存")
        if saved and _pressed(TOTALS):
            state.save(fill_totals(st.session_state["report"]), "自动计算总计")
            _fresh_grids()
        if saved and st.session_state.get(ZERO_ASK):
            st.session_state["tables:zero_confirm"] = True
    st.session_state["grid_seen"] = (state.current_id(), st.session_state.get("version"))
state.page_setup("数据填报")
if report is None:
    st.stop()
# a laptop's screen is narrow: the grids take the page's width (the usual side margins are 5rem)
st.html('<style>[data-testid="stMainBlockContainer"] {padding-left: 1rem; padding-right: 1rem;}</style>')
shown = st.session_state["report"]
version = shown.meta.format_version
info = state.current_info()
saved_at = f"已保存 · {info.updated_at.astimezone():%H:%M}（第 {info.current_version} 版）" if info else ""
st.caption(
    "按官方表格的行列填写，没有数据填 0（空白不等于 0）。像 Excel 一样用 Tab、回车在格间移动，"
    "可以从 Excel 复制整块粘贴。"
)
st.markdown(f"**{literal(saved_at)}**　修改后请点「保存表格」，离开本页前未保存的修改会丢失。")

for note in st.session_state.pop("tables:upload_notes", []):  # what reading the Excel file noticed
    st.warning(literal(note))
found = [f for f in state.findings(shown) if f.table in TABLE_IDS]
likely = culprit_cells(shown, found)  # the cell most likely wrong behind sums that fail: marked first
blanks = blank_count(found)
others = [f for f in found if not is_blank(f)]
if st.session_state.get("tables:zero_confirm"):
    with st.container(border=True):
        st.warning(literal(f"将把 {blanks} 个空格都填为 0，保存为一个新版本；已填的格不变。确定吗？"))
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("确定，全部填 0", type="primary", disabled=not blanks):
            st.session_state.pop("tables:zero_confirm")
            if state.save(fill_blanks_with_zero(shown), "全部空格填 0"):
                st.rerun()
        if no.button("取消"):
            st.session_state.pop("tables:zero_confirm")
            st.rerun()

errors = sum(f.severity == "error" for f in others)
warnings = len(others) - errors
with st.expander(f"检查结果：{errors:d} 个错误，{warnings:d} 个警告，{blanks:d} 格未填", expanded=True):
    if blanks:
        st.info(literal(f"还有 {blanks} 格未填：没有数据的格请填 0。表格中未填的格显示为「未填」。"))
    if not found:
        st.success("表格未发现问题")
    with st.container(height=200 if len(others) > 2 else "content", border=False):
        for f in others:
            box = st.error if f.severity == "error" else st.warning
            anchor = finding_anchor(version, f)
            link = f"　[到表格 ↓](#{anchor})" if anchor else ""
            box(f"{SEVERITY_LABELS[f.severity]}｜**{rule_info(f.rule).title}**：{literal(f.message)}{link}")

with st.expander("Excel 填报模板：下载，或读入填好的表格"):
    from app.export import export

    st.download_button(
        "下载 Excel 填报模板（含当前数据）",
        data=lambda: export(shown, "xlsx"),  # built when clicked, not on every rerun
        file_name=f"{shown.meta.agency}{shown.meta.year}年报表格.xlsx",
        on_click="ignore",
    )
    upload = st.file_uploader("上传填好的 Excel", type=["xlsx"], key="xlsx_upload")
    if upload is not None and st.button("读入表格"):
        tables, error, notes = tables_from_upload(shown, upload)
        if error:
            st.error(literal(error))
        else:
            updated = shown.model_copy(deep=True)
            updated.tables = tables
            if state.save(updated, "从 Excel 读入表格"):
                st.session_state["tables:upload_notes"] = notes
                st.rerun()  # the grids are drawn anew with the values read


def _buttons(where: int) -> None:
    with st.container(horizontal=True):
        st.form_submit_button("保存表格", type="primary", key=SAVE[where])
        st.form_submit_button(
            "保存并自动计算总计",
            key=TOTALS[where],
            help=f"先保存已输入的数，再按各类申请人之和计算表三「{TOTAL_LABEL}」列，按各项办理结果之和计算"
            f"「{table(version, '三').row(TOTAL).label}」行，计算表四各「{TOTAL_LABEL}」",
        )
        if where == 0 and blanks:
            st.form_submit_button("全部空格填 0…", key=ZERO_ASK, help="先保存已输入的数，确认后把所有空格填为 0")


def _anchor(grid: Grid) -> str:
    """Where a finding's link lands: a little above the block, so its heading shows under the page's top bar."""
    return f'<span id="{grid.anchor}" style="scroll-margin-top: 4rem"></span>'


def _label_width(grid: Grid) -> int:
    """The row-label column's width in pixels: the same for every block of a table, so their columns line up."""
    labels = [label for g in _layout() if g.table == grid.table for label in g.short_row_labels()]
    return max(len(label) for label in labels) * 14 + 20


def _editor(grid: Grid) -> None:
    rows = row_marks(grid, found, likely)
    levels = [level for _, level in rows]
    values = [[v or pd.NA for v in row] for row in grid_values(shown, grid)]
    frame = pd.DataFrame(values, columns=grid.columns, dtype="string")
    frame.insert(0, LABEL_COLUMN, grid.short_row_labels())
    # a row with a finding has its label coloured (Streamlit styles only cells that cannot be edited)
    styled = frame.style.apply(
        lambda _: [_MARK_COLOURS.get(level or "", "") for level in levels], subset=[LABEL_COLUMN]
    )
    config = {LABEL_COLUMN: st.column_config.TextColumn(" ", width=_label_width(grid), pinned=True)}
    for column in grid.rows[0].columns:
        config[column.label] = st.column_config.TextColumn(
            column_title(column), help=column_help(column), width=NUMBER_WIDTH if grid.table == "三" else None
        )
    st.data_editor(
        styled,
        key=_editor_key(grid),
        hide_index=True,
        disabled=[LABEL_COLUMN],
        column_config=config,
        placeholder="未填",
        width="stretch",
        # inside a form nothing reruns anyway; "ignore" also hands each edit to the form at once instead of
        # 150 ms later, so a click on 保存表格 right after Enter or Tab still carries the last value
        on_change="ignore",
    )
    for label, (text, level) in zip(grid.short_row_labels(), rows, strict=True):
        if level:
            st.markdown(f":{'red' if level == 'error' else 'orange'}[**{literal(label)}**　{literal(text)}]")
    for messages in column_marks(grid, found).values():
        st.caption(literal("；".join(messages)))
    for label in grid.long_labels():
        st.caption(literal(f"注：{label}"))


with st.form("tables", border=False, enter_to_submit=False):
    _buttons(0)
    current = None
    for grid in _layout():
        if grid.table != current:
            current = grid.table
            st.subheader(literal(f"表{grid.table}　{table(version, grid.table).title}"), anchor=f"table-{grid.table}")
        if grid.table != "四":
            st.markdown(f"{_anchor(grid)}**{literal(grid.caption)}**", unsafe_allow_html=True)
        else:
            st.markdown(_anchor(grid), unsafe_allow_html=True)
        _editor(grid)
    _buttons(1)

with st.expander("助手：问表格为什么报错", expanded=False):
    chat.panel(None, page="tables")
