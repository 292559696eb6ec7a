"""The assistant's explanation in a real browser at 1280×720: one fix for two findings sharing a cell, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import UI, open_ui

pytestmark = pytest.mark.browser

CLERK = "张敏"


@pytest.fixture
def ui(browser, app, request) -> Iterator[UI]:
    with open_ui(browser, app.url, request) as ui:
        yield ui


def test_why_table_three_fails_gets_one_fix_and_usage_in_chinese(ui: UI):
    from playwright.sync_api import expect

    page = ui.page
    ui.open()  # the example with errors opens: 表三 has a row total off by one (R-C and R-D share it)
    ui.identify(CLERK)
    ui.go("起草", "起草全部正文")
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill("表三为什么报错？")
    box.press("Enter")
    ui.wait_text("与上一条是同一个问题")
    answer = page.get_by_test_id("stChatMessage").last
    expect(answer).to_contain_text("由 8 改为 7")
    text = "\n".join(answer.get_by_test_id("stMarkdownContainer").all_inner_texts())  # the avatar is an icon
    assert len(set(re.findall(r"由 (\d+) 改为 (\d+)", text))) == 1  # one fix, not two contradictory ones
    assert not re.findall(r"[A-Za-z]{2,}", text)
    expect(page.get_by_text(re.compile("本报告的助手对话用量：输入"))).to_be_visible()
    expect(page.get_by_text("tokens")).to_have_count(0)
    answer.scroll_into_view_if_needed()
    ui.shot("explain-one-fix")
