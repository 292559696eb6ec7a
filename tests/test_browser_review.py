"""审核 in a real browser at 1280×720: 「已修正」 on an error that is still there is refused and says why; a warning
is dismissed with a reason; 通过本部分 with an unsaved edit saves it and keeps the text; a table with an open
error is not approved. Screenshots go to test-artifacts/browser/test_*/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.drafting.sections import section_text
from app.storage.repository import Store
from tests.browser import UI, AppServer, open_ui

pytestmark = pytest.mark.browser

CLERK, REVIEWER = "张经办", "李审核"
EDIT = "审核人补充：信息处理费收取情况已与财务台账核对。"
REASON = "统计期限已按年度报告通知核对"


@pytest.fixture
def ui(browser, app, request) -> Iterator[UI]:
    with open_ui(browser, app.url, request) as ui:
        yield ui


def _open_review(ui: UI, app: AppServer, name: str, role: str) -> tuple[Store, int]:
    ui.open()  # the first start loads the example reports; the newest (2025, with errors) opens
    store = Store.open(app.db_url)
    (info,) = [i for i in store.list_reports() if i.year == 2025]
    ui.saved_version = lambda: store.report_info(info.id).current_version
    ui.go("审核", "正文")
    ui.identify(name, role)
    return store, info.id


def _finding(ui: UI, text: str):
    """The bordered box of the finding whose message holds ``text``."""
    blocks = ui.page.get_by_test_id("stVerticalBlock").filter(has_text=text)
    # the innermost block holding the message and its 「已修正」 button
    return blocks.filter(has=ui.page.get_by_role("button", name="已修正")).filter(
        has_not=ui.page.get_by_test_id("stVerticalBlock").filter(has_text=text)
    )


def test_fixed_on_an_unfixed_error_is_refused_and_a_warning_is_dismissed_with_a_reason(ui: UI, app: AppServer):
    page = ui.page
    store, rid = _open_review(ui, app, CLERK, "经办人")
    page.get_by_role("tab", name="检查发现").click()
    ui.settle()
    error = _finding(ui, "总计填 5")
    error.scroll_into_view_if_needed()
    error.get_by_role("button", name="已修正").click()
    ui.settle()
    refused = error.get_by_text("「已修正」未通过", exact=False)
    expect(refused).to_be_visible()
    expect(refused).to_be_in_viewport()
    expect(error.get_by_role("button", name="忽略并说明理由")).to_have_count(0)  # a clerk does not dismiss an error
    expect(error.get_by_text("由审核人写明理由后忽略", exact=False)).to_be_visible()
    ui.shot("fixed-refused")
    assert not store.decisions(rid) and store.report_info(rid).open_errors == 4

    warning = _finding(ui, "统计期限")
    warning.scroll_into_view_if_needed()
    expect(warning.get_by_role("button", name="忽略并说明理由")).to_have_count(1)  # the rerun's page, not the last
    warning.get_by_role("button", name="忽略并说明理由").click()  # no reason yet: refused
    ui.settle()
    expect(warning.get_by_text("必须写明理由", exact=False)).to_be_visible()
    before = ui.version()
    box = warning.get_by_label("忽略的理由（必填，记入版本记录）")
    box.fill(REASON)
    box.press("Enter")
    ui.settle()
    warning.get_by_role("button", name="忽略并说明理由").click()
    ui.wait_version(before + 1)
    expect(page.get_by_text(f"已忽略，理由：{REASON}", exact=False)).to_be_visible()
    ui.shot("warning-dismissed")
    assert [(c.rule, c.by, c.reason) for c in store.load(rid)[0].confirmations] == [("YEAR", CLERK, REASON)]


def test_approve_with_an_unsaved_edit_saves_and_keeps_the_text_and_a_table_with_an_error_is_refused(
    ui: UI, app: AppServer
):
    page = ui.page
    store, rid = _open_review(ui, app, REVIEWER, "审核人")
    section = page.get_by_test_id("stExpander").filter(has_text="六、其他需要报告的事项")
    section.locator("summary").click()
    area = section.locator("textarea")
    text = area.input_value() + "\n" + EDIT
    area.fill(text)  # not saved: 通过本部分 straight away
    before = ui.version()
    section.get_by_role("button", name="通过本部分").click()
    ui.wait_version(before + 1)
    expect(page.get_by_test_id("stToast").filter(has_text="已通过")).to_be_visible()
    ui.settle()
    assert EDIT in section_text(store.load(rid)[0], "六")
    assert store.reviews(rid)["六"].approved
    section = page.get_by_test_id("stExpander").filter(has_text="六、其他需要报告的事项")
    if not section.locator("textarea").is_visible():
        section.locator("summary").click()
    expect(section.locator("textarea")).to_have_value(text)
    ui.shot("approved-with-edit")

    page.get_by_role("tab", name="表格与基本信息").click()
    ui.settle()
    table = page.get_by_test_id("stExpander").filter(has_text="四、政府信息公开行政复议、行政诉讼情况")
    table.locator("summary").click()
    expect(table.get_by_text("上年", exact=False).first).to_be_visible()
    table.get_by_role("button", name="通过本部分").click()
    ui.settle()
    expect(table.get_by_text("不能审核通过", exact=False)).to_be_visible()
    assert not store.reviews(rid)["四"].approved
    ui.shot("table-refused")
    three = page.get_by_test_id("stExpander").filter(has_text="三、收到和处理政府信息公开申请情况")
    three.locator("summary").click()
    grid = three.locator("table.nb-cmp")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box["width"] <= 1280 - 200  # 表三 fits beside the sidebar without a sideways scroll
    three.scroll_into_view_if_needed()
    ui.shot("table-three")
