"""起草 in a real browser at 1280×720: redrafting a section a reviewer approved asks first; 取消 keeps the approved
text and the approval, 确认覆盖 replaces it and keeps the old text in the history. Screenshots go to
test-artifacts/browser/test_*/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.drafting.sections import section_text, with_section_text
from app.storage.repository import Store
from tests.browser import UI, AppServer, open_ui
from tests.llm_server import LLMServer
from tests.test_browser import _model_replies

pytestmark = pytest.mark.browser

CLERK = "张经办"
PREFACE = "前言"
APPROVED = "本报告经审核人逐句核对后通过。"


@pytest.fixture
def ui(browser, app, request) -> Iterator[UI]:
    with open_ui(browser, app.url, request) as ui:
        yield ui


def test_redrafting_an_approved_section_asks_first(ui: UI, app: AppServer, llm: LLMServer):
    page = ui.page
    ui.open()  # the first start loads the example reports; the newest (2025) opens
    store = Store.open(app.db_url)
    try:
        (info,) = [i for i in store.list_reports() if i.year == 2025]
        rid = info.id
        ui.saved_version = lambda: store.report_info(rid).current_version
        # a reviewer's wording of the preface, approved
        report, version = store.load(rid)
        approved_text = section_text(report, PREFACE) + "\n" + APPROVED
        store.save(
            rid,
            with_section_text(report, PREFACE, approved_text),
            expected_version=version,
            who="李审核",
            role="reviewer",
        )
        store.approve(rid, PREFACE, who="李审核", role="reviewer")
        approved_text = section_text(store.load(rid)[0], PREFACE)
        before = store.report_info(rid).current_version
        llm.add(_model_replies(store, rid))  # the local model server answers the one redraft

        ui.go("起草", "起草全部正文")
        ui.identify(CLERK)
        part = page.get_by_test_id("stExpander").filter(has=page.locator("summary").filter(has_text=PREFACE))
        expect(part).to_have_count(1)
        if not part.get_by_role("button", name="重新起草").is_visible():
            part.locator("summary").click()
        part.get_by_role("button", name="重新起草").click()
        asked = page.get_by_test_id("stAlert").filter(has_text="重新起草会覆盖")
        expect(asked).to_be_visible()
        expect(asked).to_contain_text(PREFACE)
        ui.settle()
        ui.shot("asked")
        assert store.report_info(rid).current_version == before  # nothing replaced while the question is open
        assert store.reviews(rid)[PREFACE].approved

        page.get_by_role("button", name="取消").click()
        expect(asked).to_have_count(0)
        ui.settle()
        assert section_text(store.load(rid)[0], PREFACE) == approved_text and store.reviews(rid)[PREFACE].approved

        part.get_by_role("button", name="重新起草").click()
        expect(asked).to_be_visible()
        page.get_by_role("button", name="确认覆盖").click()
        ui.wait_version(before + 1)
        report, latest = store.load(rid)
        assert APPROVED not in section_text(report, PREFACE)
        assert not store.reviews(rid)[PREFACE].approved  # the new text needs approving again
        assert section_text(store.load(rid, version=before)[0], PREFACE) == approved_text  # kept in the history
        ui.shot("overwritten")
    finally:
        store.close()
