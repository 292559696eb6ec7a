"""In chromium at 1280×720 (a laptop, sidebar open): 数据填报 keeps every value typed in a row with Tab at typing
speed until 「保存表格」, shows every column of table 三 without sideways scrolling, and a finding's link scrolls to
its block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.storage import Store
from app.workspace.grids import grids
from schemas.registry import APPLICANT_COLUMNS
from tests.browser import UI, AppServer, open_ui

pytestmark = pytest.mark.browser

CLERK = "张敏"
WIDTH, HEIGHT = 1280, 720
KEY_MS = 80


@pytest.fixture
def ui(browser, app: AppServer, request) -> Iterator[UI]:
    with open_ui(
        browser,
        app.url,
        request,
        {"width": WIDTH, "height": HEIGHT},
        permissions=["clipboard-read", "clipboard-write"],  # a block copied from Excel, pasted with Ctrl+V
    ) as ui:
        yield ui


def _open_tables(ui: UI, store: Store) -> tuple[int, list]:
    """The seeded example of this year open on 数据填报; (its id, the page's grids)."""
    ui.open()
    ui.identify(CLERK)
    rid = max(store.list_reports(), key=lambda i: i.year).id
    ui.saved_version = lambda: store.report_info(rid).current_version
    ui.go("数据填报", "检查结果")
    ui.identify(CLERK)
    return rid, grids(store.load(rid)[0].meta.format_version)


def test_five_values_typed_with_tab_at_typing_speed_are_all_saved(ui: UI, app: AppServer):
    store = Store.open(app.db_url)
    try:
        rid, layout = _open_tables(ui, store)
        (intake,) = [g for g in layout if g.key == "三:intake"]
        grid = ui.grid(layout.index(intake), len(layout))
        before = ui.version()
        ui.select_cell(grid, 0, 1)  # 本年新收, 自然人
        for value in ("11", "12", "13", "14", "15"):  # a fast typist: a key every 80 ms, Tab included
            ui.page.keyboard.type(value, delay=KEY_MS)
            ui.page.wait_for_timeout(KEY_MS)
            ui.page.keyboard.press("Tab")
            ui.page.wait_for_timeout(KEY_MS)
        assert ui.version() == before  # nothing saved while typing: no rerun, nothing redrawn under the keys
        ui.page.get_by_role("button", name="保存表格").first.click()
        ui.wait_version(before + 1, "表格")
        saved = store.load(rid)[0]
        typed = [saved.value("三", f"received.{c.id}") for c in APPLICANT_COLUMNS[:5]]
        assert typed == [11, 12, 13, 14, 15]
        assert ui.cell_text(grid, 0, 5) == "15"  # the grid shows what was saved
        expect(ui.page.get_by_text("已保存 · ", exact=False).first).to_contain_text(f"第 {before + 1} 版")
    finally:
        store.close()


def test_a_block_copied_from_excel_is_pasted_and_saved(ui: UI, app: AppServer):
    store = Store.open(app.db_url)
    try:
        rid, layout = _open_tables(ui, store)
        (intake,) = [g for g in layout if g.key == "三:intake"]
        grid = ui.grid(layout.index(intake), len(layout))
        ui.select_cell(grid, 0, 1)  # 本年新收, 自然人
        ui.page.evaluate("() => navigator.clipboard.writeText('21\\t22\\t23\\n31\\t32\\t33')")  # two rows
        ui.page.keyboard.press("Control+V")
        ui.save_tables()
        saved = store.load(rid)[0]
        columns = [c.id for c in APPLICANT_COLUMNS[:3]]
        assert [saved.value("三", f"received.{c}") for c in columns] == [21, 22, 23]
        assert [saved.value("三", f"carried_over.{c}") for c in columns] == [31, 32, 33]
    finally:
        store.close()


def test_every_column_of_table_three_is_visible_at_1280_and_a_finding_scrolls_to_its_block(ui: UI, app: AppServer):
    store = Store.open(app.db_url)
    try:
        _, layout = _open_tables(ui, store)
        ui.shot("tables-1280-top")
        editors = ui.page.get_by_test_id("stDataFrame")
        expect(editors).to_have_count(len(layout))
        for index, grid in enumerate(layout):
            if grid.table not in ("三", "四"):
                continue
            editor = editors.nth(index)
            editor.scroll_into_view_if_needed()
            box = editor.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, grid.key
            scroller = editor.locator(".dvn-scroller")
            widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert widths[0] <= widths[1] + 1, (grid.key, widths)  # no hidden sideways scrolling
        ui.page.get_by_test_id("stHeading").filter(has_text="表三").first.evaluate("e => e.scrollIntoView()")
        ui.shot("tables-1280", docs="app-tables-1280.png")
        # each finding links to its block: the link scrolls the block into view
        ui.page.get_by_test_id("stMain").evaluate("e => e.scrollTo(0, 0)")
        link = ui.page.get_by_role("link", name="到表格 ↓").first
        anchor = link.get_attribute("href").split("#")[1]
        (target,) = [i for i, g in enumerate(layout) if g.anchor == anchor]
        expect(editors.nth(target)).not_to_be_in_viewport()
        link.click()
        expect(editors.nth(target)).to_be_in_viewport()
        ui.shot("tables-1280-finding")
    finally:
        store.close()
