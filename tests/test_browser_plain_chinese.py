"""In chromium: a page opened by its own address has the Chinese menu, and the file uploader reads Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, UI, AppServer

pytestmark = pytest.mark.browser


def test_a_page_opened_first_by_its_address_has_the_chinese_menu_and_uploader(browser, app: AppServer):
    # the first visit after the start goes straight to a page (a bookmark, a reopened tab), not to the home page
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    try:
        page = context.new_page()
        ui = UI(page, app.url)
        page.goto(f"{app.url}/materials")
        ui.settle()
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("工作素材")).to_be_visible()
        expect(nav.get_by_text("模型设置")).to_be_visible()
        expect(nav.get_by_text("materials", exact=True)).to_have_count(0)
        expect(page.get_by_text("Deploy")).to_have_count(0)
        zone = page.get_by_test_id("stFileUploaderDropzone").first
        expect(zone.get_by_text("Upload", exact=True)).to_be_hidden()
        expect(zone.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span")).to_be_hidden()
        after = zone.locator("button").evaluate("b => getComputedStyle(b, '::after').content")
        assert after == '"选择文件"'
        hint = zone.get_by_test_id("stFileUploaderDropzoneInstructions").evaluate(
            "e => getComputedStyle(e, '::after').content"
        )
        assert "把文件拖到这里" in hint and "50MB" in hint  # the app's upload limit (nianbao app)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "uploader-chinese.png"))
        # a chosen file: its name and its remove (✕) button show, and no drag hint stays under it
        notes = ARTIFACTS / "素材.txt"
        notes.write_text("政务公开工作素材", encoding="utf-8")
        page.locator("input[type=file]").first.set_input_files(str(notes))
        chip = zone.get_by_test_id("stFileChip")
        expect(chip).to_be_visible()
        expect(zone.get_by_test_id("stFileChipDeleteBtn").locator("button")).to_be_visible()
        box = zone.get_by_test_id("stFileChipDeleteBtn").locator("button").bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        overlays = zone.evaluate(
            "z => [...z.querySelectorAll(':scope > div')].map(d => getComputedStyle(d, '::after').content)"
        )
        assert not any("松开鼠标" in c for c in overlays), overlays
        page.screenshot(path=str(ARTIFACTS / "uploader-chosen-file.png"))
    finally:
        context.close()
