"""In chromium at 1280×720: a signed report whose table cell is changed goes back to 审核中 with the notice naming
the change; signed again, its publication is recorded on 导出, and 首页 and 多单位 both say 已发布."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.importers import read_report
from app.storage import REVIEW_SECTIONS, Store
from app.workspace.grids import grids
from app.workspace.lifecycle import fresh_findings
from tests.browser import UI, AppServer, keep_logs, open_ui
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.browser

CLERK, REVIEWER = "张敏", "王审"
WIDTH, HEIGHT = 1280, 720


def _sign(store: Store, rid: int) -> None:
    """Every section approved on a fresh check and the report signed, as the reviewer does on 审核."""
    _, found = fresh_findings(store, rid)
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who=REVIEWER, role="reviewer", findings=found)
    store.sign_off(rid, reviewer=REVIEWER, issuer="周正", date=dt.date.today(), who=REVIEWER, role="reviewer",
                   findings=found)  # fmt: skip


@pytest.fixture
def signed_app(tmp_path, request) -> Iterator[tuple[AppServer, int]]:
    """The app on a database holding last year's published report and this year's clean report, signed."""
    url = f"sqlite:///{tmp_path / 'nianbao.db'}"
    store = Store.open(url)
    store.create_report(read_report(EXAMPLES / "county-department-2024.json"), who=CLERK, role="clerk",
                        status="published")  # fmt: skip
    rid = store.create_report(read_report(EXAMPLES / "county-department-2025.json"), who=CLERK, role="clerk")
    _sign(store, rid)
    store.close()
    server = AppServer(db_url=url, workdir=tmp_path / "app")
    try:
        yield server.start(), rid
    finally:
        server.stop()
        keep_logs(server, f"{request.node.name}-app.log")


@pytest.fixture
def ui(browser, signed_app, request) -> Iterator[UI]:
    with open_ui(browser, signed_app[0].url, request, {"width": WIDTH, "height": HEIGHT}) as ui:
        yield ui


def _status_cells(ui: UI, text: str | re.Pattern) -> None:
    """The first table of the page shows ``text`` in one of its cells (the grid's accessible copy)."""
    expect(ui.page.get_by_test_id("stDataFrame").first.get_by_text(text).first).to_be_attached()


def test_a_signed_report_changed_goes_back_to_review_then_is_published(ui: UI, signed_app):
    app, rid = signed_app
    store = Store.open(app.db_url)
    try:
        ui.open()
        ui.identify(CLERK)
        _status_cells(ui, "已签发")
        ui.saved_version = lambda: store.report_info(rid).current_version
        ui.go("数据填报", "检查结果")
        ui.identify(CLERK)
        expect(ui.sidebar.get_by_text(re.compile(r"当前报告：.*已签发"))).to_be_visible()
        layout = grids(store.load(rid)[0].meta.format_version)
        (intake,) = [g for g in layout if g.key == "三:intake"]
        grid = ui.grid(layout.index(intake), len(layout))
        before = ui.version()
        natural = store.load(rid)[0].value("三", "received.natural_person")
        ui.select_cell(grid, 0, 1)  # 本年新收, 自然人
        ui.page.keyboard.type(str(int(natural) + 1), delay=60)
        ui.page.keyboard.press("Tab")
        ui.page.wait_for_timeout(300)
        ui.page.get_by_role("button", name="保存表格").first.click()  # the grid keeps typed values until then
        ui.wait_version(before + 1)
        info = store.report_info(rid)
        assert info.status == "reviewing"
        assert info.status_note.startswith(f"第 {before + 1} 版修改了表三")
        notice = ui.page.get_by_text("已签发的报告退回审核中，需重新审核签发")
        expect(notice.first).to_be_visible()
        ui.settle()
        expect(ui.sidebar.get_by_text(re.compile(r"当前报告：.*审核中"))).to_be_visible()
        expect(ui.sidebar.get_by_text(f"第 {before + 1} 版修改了表三", exact=False)).to_be_visible()
        ui.shot("changed-after-sign-off")

        report, version = store.load(rid)  # the clerk puts the number back; the reviewer signs again
        report.tables["三"]["received.natural_person"] = report.tables["三"]["received.natural_person"].model_copy(
            update={"value": natural, "raw": str(int(natural))}
        )
        store.save(rid, report, expected_version=version, who=CLERK, role="clerk")
        assert store.report_info(rid).status == "reviewing"
        _sign(store, rid)
        assert store.report_info(rid).status == "signed"

        ui.go("导出", "记录发布")
        ui.page.get_by_label("发布网址").fill("http://www.shilixian.gov.cn/scjgj/ndbg/2025.html")
        ui.page.get_by_role("button", name="记录发布").click()
        ui.wait_until(lambda: store.report_info(rid).status == "published", "记录发布")
        ui.settle()
        expect(ui.page.get_by_text(re.compile(r"^已发布：")).first).to_be_visible()
        ui.shot("published")
        info = store.report_info(rid)
        assert info.published_url == "http://www.shilixian.gov.cn/scjgj/ndbg/2025.html"
        label = info.standing(dt.date.today())
        assert label.startswith("已发布")

        ui.go("首页", "新建报告")
        _status_cells(ui, label)
        ui.shot("home-published")
        ui.go("多单位", "合计表")
        _status_cells(ui, label)
        ui.shot("units-published")
    finally:
        store.close()


def test_new_report_refused_keeps_the_form_and_created_clears_it(ui: UI):
    ui.open()
    ui.identify(CLERK)
    form = ui.page.get_by_test_id("stForm")
    form.get_by_label("报告年度").fill("2023")
    form.get_by_label("报告年度").press("Enter")
    ui.page.get_by_text("用本系统中的上年报告").click()
    form.get_by_role("button", name="新建").click()
    ui.wait_text("请填写单位名称（已填写的内容仍在表单中）")
    expect(form.get_by_label("报告年度")).to_have_value("2023")
    expect(form.get_by_role("radio", name="用本系统中的上年报告")).to_be_checked()
    ui.shot("new-refused")

    form.get_by_label("单位名称").fill("示例县教育局")
    ui.page.get_by_text("空白表格").click()
    form.get_by_role("button", name="新建").click()
    ui.wait_text("已新建并打开：示例县教育局 2023年度报告")
    expect(form.get_by_label("单位名称")).to_have_value("")  # a clean form for the next one
    expect(form.get_by_label("报告年度")).not_to_have_value("2023")
