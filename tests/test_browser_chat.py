"""The assistant in a real browser: open a section, ask for a shorter version, accept it, see the new text and
the version history (Debian's chromium driven by Playwright against `nianbao app`, the model a local
OpenAI-compatible test server). Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from app.drafting.sections import section_text
from app.storage.repository import Store
from tests.browser import DESKTOP, UI, AppServer, open_ui
from tests.llm_server import Delay, LLMServer, Reply

pytestmark = pytest.mark.browser

CLERK = "张敏"
REQUEST = "把（二）依申请公开写得更简洁"
DROPPED = "对申请内容不明确的，经办人员通过电话与申请人沟通，指导其补正申请，提高答复的针对性。"
SUMMARY = "删去（二）中关于补正沟通的一句，并按表三改正新收申请数"


@pytest.fixture
def ui(browser, app, request) -> Iterator[UI]:
    with open_ui(browser, app.url, request, DESKTOP) as ui:
        yield ui


def _ask_on_section_one(ui: UI, request: str) -> None:
    """On 起草, choose 一、总体情况 in the chat and send ``request``."""
    ui.go("起草", "起草全部正文")
    ui.identify(CLERK)
    ui.page.get_by_test_id("stSelectbox").filter(has_text="对话的部分").click()
    ui.page.get_by_role("option", name="一、总体情况").click()
    ui.settle()
    box = ui.page.get_by_test_id("stChatInput").locator("textarea")
    box.fill(request)
    box.press("Enter")


def test_ask_for_a_shorter_section_accept_it_and_see_the_version_history(ui: UI, app: AppServer, llm: LLMServer):
    from playwright.sync_api import expect

    page = ui.page
    ui.open()  # the first start loads the example reports; the newest (2025, with errors) opens
    ui.identify(CLERK)
    store = Store.open(app.db_url)
    try:
        (info,) = [i for i in store.list_reports() if i.year == 2025]
        ui.saved_version = lambda: store.report_info(info.id).current_version
        current = section_text(store.load(info.id)[0], "一")
        shorter = current.replace(DROPPED, "").replace("新收政府信息公开申请58件", "新收政府信息公开申请59件")
        llm.add(Reply(json.dumps({"text": shorter, "summary": SUMMARY, "facts_used": []}, ensure_ascii=False)))

        # 起草: the chat beside the sections, on 一、总体情况
        _ask_on_section_one(ui, REQUEST)
        ui.wait_text("待采纳的建议")
        expect(page.locator("span[style*='line-through']").filter(has_text="经办人员通过电话")).to_have_count(1)
        expect(page.get_by_test_id("stChatMessage").filter(has_text="核对通过")).to_have_count(1)
        ui.shot("chat-proposal")

        # 采纳: a new version, saved by the clerk, summarised as the assistant's proposal
        before = ui.version()
        page.get_by_role("button", name="采纳", exact=True).click()
        ui.wait_version(before + 1)  # (no toast check: the panel reruns right after the save to redraw the text)
        accepted = f"{CLERK}采纳了这条建议，已保存为第 {before + 1} 版"
        expect(page.get_by_test_id("stChatMessage").filter(has_text=accepted)).to_have_count(1)
        overview = page.get_by_test_id("stExpander").filter(has_text="一、总体情况").first
        overview.locator("summary").click()
        expect(overview.get_by_text("本局新收政府信息公开申请59件", exact=False)).to_be_visible()
        expect(overview.get_by_text("经办人员通过电话", exact=False)).to_have_count(0)
        ui.shot("chat-accepted")
        assert section_text(store.load(info.id)[0], "一") == shorter

        # 版本记录: who saved it and that the assistant proposed it
        ui.go("版本记录")
        note = f"采纳助手建议（test），{CLERK}采纳：{SUMMARY}"
        expect(page.get_by_test_id("stMarkdown").filter(has_text=note)).to_have_count(1)
        ui.shot("versions")
        newest = store.versions(info.id)[0]
        assert newest.author == CLERK and newest.summary.startswith(note)

        # a new page load: the conversation is still there
        page.reload()
        ui.settle()
        ui.go("起草", "起草全部正文")
        page.get_by_test_id("stSelectbox").filter(has_text="对话的部分").click()
        page.get_by_role("option", name="一、总体情况").click()
        ui.settle()
        expect(page.get_by_test_id("stChatMessage").filter(has_text=REQUEST)).to_have_count(1)
        expect(page.get_by_text(re.compile(r"本报告的助手对话用量：输入 [1-9]"))).to_be_visible()
    finally:
        store.close()


@pytest.mark.race
def test_a_click_while_the_model_is_answering_loses_neither_the_question_nor_the_answer(
    ui: UI, app: AppServer, llm: LLMServer
):
    """Streamlit ends a run early when the user acts during it: a click on the page while the model is still
    answering must not throw away the clerk's question or the model's proposal."""
    from playwright.sync_api import expect

    page = ui.page
    ui.open()
    ui.identify(CLERK)
    store = Store.open(app.db_url)
    try:
        (info,) = [i for i in store.list_reports() if i.year == 2025]
        current = section_text(store.load(info.id)[0], "一")
        shorter = current.replace(DROPPED, "")
        reply = Reply(json.dumps({"text": shorter, "summary": SUMMARY, "facts_used": []}, ensure_ascii=False))
        llm.add(Delay(6, reply))
        _ask_on_section_one(ui, REQUEST)
        page.get_by_text("助手正在处理").first.wait_for()
        # meanwhile the clerk opens 前言 and types into its request box (a new run of the page)
        preface = page.get_by_test_id("stExpander").filter(has_text="前言").first
        request_box = preface.get_by_label(re.compile("修改要求"))
        request_box.fill("补充平台建设")
        request_box.press("Enter")
        # the new page: the question, and that the reply is coming (the model is still answering)
        expect(page.get_by_test_id("stChatMessage").filter(has_text=REQUEST)).to_have_count(1)
        expect(page.get_by_text("助手仍在处理上一个问题", exact=False)).to_be_visible()
        ui.settle()
        ui.wait_text("待采纳的建议")
        expect(page.locator("span[style*='line-through']").filter(has_text="经办人员通过电话")).to_have_count(1)
        assert request_box.input_value() == "补充平台建设"
        assert [m.role for m in store.messages(info.id, section="一")] == ["user", "assistant"]
    finally:
        store.close()
