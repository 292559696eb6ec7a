"""工作素材 asks what reports of the same level say; 起草 lists the 【待补充】 markers left and where to fill them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.drafting.note_guide import OTHER_MATTERS_2019
from app.importers import read_report
from app.storage import Store
from app.workspace.placeholders import remaining_placeholders
from tests import test_ui as ui
from tests.conftest import EXAMPLES
from tests.test_ui import app

db = ui.db


def _open_seed(db: str, page: str) -> AppTest:
    """The app on ``page`` with the township seed example (七户乡 2020, 2019 format) stored and open."""
    store = Store.open(db)
    app()
    rid = store.create_report(read_report(EXAMPLES / "qihuxiang-2020.json"), who="张敏", role="clerk")
    return _open(db, rid, page)


def _open(db: str, rid: int, page: str) -> AppTest:
    """The app on ``page`` with the stored report ``rid`` open."""
    at = app()
    report, version = Store.open(db).load(rid)
    at.session_state["report_id"], at.session_state["report"], at.session_state["version"] = rid, report, version
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_materials_ask_a_township_what_township_reports_say_and_nothing_of_the_2021_format(db):
    at = _open_seed(db, "materials")
    captions = _captions(at)
    assert "乡镇（街道）年报通常写到" in captions
    assert "公开栏" in captions and "社会评议、责任追究" in captions
    assert OTHER_MATTERS_2019 in captions
    assert "信息处理费" not in captions and "工作要点" not in captions
    assert at.text_area(key=f"note:oversight:{at.session_state['version']}").label == "监督保障"


def test_materials_of_a_department_ask_for_the_items_of_six_and_show_last_years_problems(db):
    at = app("materials")
    captions = _captions(at)
    assert "县级政府部门年报通常写到" in captions
    assert "信息处理费" in captions and "工作要点" in captions and "社会评议" not in captions
    expander = next(e for e in at.expander if e.label.startswith("上年报告所列问题"))
    listed = "\n".join(m.value for m in expander.markdown)
    assert "主动公开栏目更新不及时" in listed and "上年承诺的措施" in listed


def test_drafting_lists_each_marker_left_with_the_page_that_fills_it(db):
    at = _open_seed(db, "drafting")
    before = remaining_placeholders(at.session_state["report"])  # the published text: only its date is missing
    assert [r.text for r in before] == ["成文日期"]
    assert any(f"还有 {len(before)} 处" in e.label for e in at.expander)
    at.button[0].click().run()  # 起草全部正文 (the offline drafter)
    assert not at.exception, at.exception
    stored = Store.open(db).load(at.session_state["report_id"])[0]
    remaining = remaining_placeholders(stored)
    assert remaining
    expander = next(e for e in at.expander if "待补充" in e.label)
    assert f"还有 {len(remaining)} 处" in expander.label
    listed = "\n".join(m.value for m in expander.markdown)
    for r in remaining:
        assert f"{r.place}：{r.text}" in listed
    links = {link.proto.label: link.proto.page for link in at.get("page_link")}
    for r in remaining:
        assert f"去填写{r.target.describe()}" in links
    assert any(page.endswith("materials") for page in links.values())
    assert any(page.endswith("basics") for page in links.values())  # 成文日期 and 信息处理费 are 基本信息


def test_drafting_warns_when_a_draft_reads_like_another_units_report_of_the_same_year(db):
    """Another unit's 2025 report with the same 一 (copied from this unit's draft): 起草 says so, naming the unit;
    a different text of the other unit is not called alike."""
    store = Store.open(db)
    at = app("drafting")
    at.button[0].click().run()  # the offline drafter: every section drafted
    mine = store.load(at.session_state["report_id"])[0]
    other = read_report(EXAMPLES / "township-2025.json")
    other.overview = mine.overview.model_copy(deep=True)
    other_id = store.create_report(other, who="张敏", role="clerk")
    mine_id = at.session_state["report_id"]
    at = _open(db, mine_id, "drafting")
    warned = [w.value for w in at.warning if "高度相似" in w.value]
    assert warned and all("示例县和平镇人民政府" in w for w in warned), warned
    assert any("一、总体情况" in w for w in warned)
    report, version = store.load(other_id)
    report.overview = read_report(EXAMPLES / "township-2024.json").overview
    store.save(other_id, report, expected_version=version, who="张敏", role="clerk")
    at = _open(db, mine_id, "drafting")
    assert not [w.value for w in at.warning if "高度相似" in w.value]
