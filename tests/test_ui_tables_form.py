"""数据填报 under AppTest: the grids are one form saved on 「保存表格」 (all edits, one version), 读入表格 shows the
values read at once, a blank report shows one count of blank cells and fills them with 0 after a confirmation,
and findings show their rule titles with a link to their block."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.export import export
from app.storage import Store
from app.workspace import grids as grids_module
from app.workspace.grids import empty_tables, grids
from tests import test_ui as ui
from tests.test_ui import app, texts
from tests.test_ui_notes import _open, _open_seed

db = ui.db


def _key(at: AppTest, grid_key: str) -> str:
    return f"grid:{grid_key}:{at.session_state['grid_epoch'] if 'grid_epoch' in at.session_state else 0}"


def _type(at: AppTest, grid_key: str, edits: dict[int, dict[str, str | None]]) -> None:
    """What the browser sends for a grid after cells were typed (not yet submitted)."""
    at.session_state[_key(at, grid_key)] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}


def _press(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def _editor(at: AppTest, grid_key: str):
    return next(d for d in at.dataframe if d.key == _key(at, grid_key))


def _blank_report(db: str) -> int:
    store = Store.open(db)
    app()  # seeds the examples
    report, _ = store.load(store.list_reports()[-1].id)
    report.tables = empty_tables(report.meta.format_version)
    report.meta.year = 2026  # a year the store has no report of yet
    return store.create_report(report, who="张敏", role="clerk")


def test_edits_are_saved_only_on_save_and_all_of_them_in_one_version(db):
    at = app("tables")
    rid, version = at.session_state["report_id"], at.session_state["version"]
    _type(at, "三:intake", {0: {"自然人": "41"}, 1: {"自然人": "3"}})
    _type(at, "四", {0: {"结果维持": "2"}})
    key = _key(at, "三:intake")
    at.run()  # a rerun for any other reason (a sidebar click) saves nothing
    assert at.session_state["version"] == version
    assert Store.open(db).load(rid)[0].value("三", "received.natural_person") != 41

    _press(at, "tables:save_top")
    stored, stored_version = Store.open(db).load(rid)
    assert stored_version == version + 1 == at.session_state["version"]
    assert stored.value("三", "received.natural_person") == 41
    assert stored.value("三", "carried_over.natural_person") == 3
    assert stored.value("四", "administrative_review.upheld") == 2
    assert _key(at, "三:intake") == key  # the grid is the same widget: what is typed meanwhile stays
    assert "已保存" in texts(at) and f"第 {version + 1} 版" in texts(at)
    assert "修改后请点「保存表格」" in texts(at)

    _press(at, "tables:save_bottom")  # nothing new typed: no new version
    assert Store.open(db).load(rid)[1] == version + 1


def test_a_value_that_is_not_a_number_is_kept_as_typed_and_reported(db):
    at = app("tables")
    _type(at, "四", {1: {"结果维持": "约3"}})
    _press(at, "tables:save_top")
    assert Store.open(db).load(at.session_state["report_id"])[0].cell("四", "litigation_direct.upheld").raw == "约3"
    assert any("约3" in e.value and "空白、“/”和“-”不等于 0" in e.value for e in at.error)


def test_totals_are_computed_after_saving_what_was_typed(db):
    at = app("tables")
    rid = at.session_state["report_id"]
    _type(at, "四", {0: {"结果维持": "9"}})
    _press(at, "tables:totals_top")
    stored = Store.open(db).load(rid)[0]
    assert stored.value("四", "administrative_review.upheld") == 9  # the typed value is not lost
    parts = ("upheld", "corrected", "other_result", "pending")
    assert stored.value("四", "administrative_review.total") == sum(
        stored.value("四", f"administrative_review.{c}") for c in parts
    )
    shown = _editor(at, "四").value.set_index("项目")  # the row labels' column
    assert shown.loc["行政复议", "总计"] == str(stored.value("四", "administrative_review.total"))


def test_an_excel_upload_shows_its_values_at_once(db):
    at = app("tables")
    rid = at.session_state["report_id"]
    _type(at, "三:intake", {0: {"自然人": "41"}})
    _press(at, "tables:save_top")
    filled, _ = Store.open(db).load(rid)
    filled.tables["三"]["received.natural_person"] = filled.tables["三"]["received.natural_person"].model_copy(
        update={"value": 57, "raw": "57"}
    )
    at.file_uploader(key="xlsx_upload").upload("表格.xlsx", export(filled, "xlsx")).run()
    next(b for b in at.button if b.label == "读入表格").click().run()
    assert not at.exception, at.exception
    assert Store.open(db).load(rid)[0].value("三", "received.natural_person") == 57
    shown = _editor(at, "三:intake")
    assert shown.value.iloc[0]["自然人"] == "57"  # drawn from the values read …
    assert not (at.session_state[shown.key] or {}).get("edited_rows")  # … with no earlier edit laid over them


def test_a_blank_report_shows_one_count_and_fills_zeros_after_confirmation(db):
    rid = _blank_report(db)
    at = _open(db, rid, "tables")
    version = at.session_state["version"]
    cells = sum(len(g.rows) * len(g.columns) for g in grids(at.session_state["report"].meta.format_version))
    assert f"还有 {cells} 格未填" in texts(at)
    assert not [e for e in at.error if "为空" in e.value]  # not one error per blank cell
    _type(at, "四", {0: {"结果维持": "1"}})
    _press(at, "tables:zero_ask")
    assert any("确定吗" in w.value for w in at.warning)
    stored, stored_version = Store.open(db).load(rid)
    assert stored_version == version + 1 and stored.value("四", "administrative_review.upheld") == 1  # kept
    assert stored.cell("四", "administrative_review.corrected").raw == ""  # nothing filled before the answer

    next(b for b in at.button if b.label == "确定，全部填 0").click().run()
    assert not at.exception, at.exception
    stored, stored_version = Store.open(db).load(rid)
    assert stored_version == version + 2
    assert stored.value("四", "administrative_review.upheld") == 1
    assert stored.cell("四", "administrative_review.corrected").raw == "0"
    assert "格未填" not in texts(at).replace("0 格未填", "")


def test_cancelling_fill_zeros_changes_nothing(db):
    rid = _blank_report(db)
    at = _open(db, rid, "tables")
    _press(at, "tables:zero_ask")
    version = Store.open(db).load(rid)[1]
    next(b for b in at.button if b.label == "取消").click().run()
    assert Store.open(db).load(rid)[1] == version
    assert not any("确定吗" in w.value for w in at.warning)


def test_findings_show_rule_titles_and_link_to_their_block(db):
    at = app("tables")
    errors = [e.value for e in at.error]
    assert errors and not any(e.startswith(("R-", "CELL")) or "｜R-" in e for e in errors)
    balance = next(e for e in errors if "表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结" in e)
    assert "(#grid-4)" in balance
    marked = [m.value for m in at.markdown if "**行政复议**" in m.value]  # the row is marked under its block
    assert marked and "错误：总计" in marked[0]
    likely = [m.value for m in at.markdown if "**1.本机关不掌握相关政府信息**" in m.value]
    assert likely and "总计最可能有误（应为 7）" in likely[0]  # of the sums that fail, the cell to change


def test_a_2019_format_report_is_filled_in_the_same_grids(db):
    at = _open_seed(db, "tables")  # 七户乡 2020, the 2019 format
    rid, version = at.session_state["report_id"], at.session_state["version"]
    layout = grids("2019")
    assert len([d for d in at.dataframe if d.key and d.key.startswith("grid:")]) == len(layout)
    _type(at, "二:第二十条第（九）项", {0: {"采购项目数量": "4"}})
    _press(at, "tables:save_top")
    stored, stored_version = Store.open(db).load(rid)
    assert stored_version == version + 1 and stored.value("二", "government_procurement.procurement_items") == 4


def test_what_reading_the_excel_file_noticed_is_shown_with_the_values(db, monkeypatch):
    at = app("tables")
    filled, _ = Store.open(db).load(at.session_state["report_id"])
    note = "表三「一、本年新收政府信息公开申请数量」行只读到 2 个单元格"
    monkeypatch.setattr(grids_module, "tables_from_upload", lambda report, upload: (filled.tables, None, [note]))
    at.file_uploader(key="xlsx_upload").upload("表格.xlsx", export(filled, "xlsx")).run()
    next(b for b in at.button if b.label == "读入表格").click().run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning][0] == note  # above the findings, not in the closed Excel panel
