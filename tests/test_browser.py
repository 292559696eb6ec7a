"""The workspace in a real browser: Debian's chromium driven by Playwright against `nianbao app`.

The journey of issue 5: a new report → a cell of 表三 that breaks R-A → the error in the findings list and on
the row → fixed → drafted by a model (the local OpenAI-compatible test server) → edited and approved by the
reviewer → blank cells dismissed with the reviewer's reason, every part approved, signed → the .docx
downloaded and read back.
A screenshot of every step is kept in test-artifacts/browser/; NIANBAO_UPDATE_DOCS=1 refreshes
docs/app-home.png and docs/app-tables.png for the README.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.drafting.facts import build_facts
from app.drafting.gate import report_findings
from app.drafting.offline import draft_offline
from app.drafting.sections import section_text
from app.importers import read_bytes
from app.rules.placeholders import PLACEHOLDER_MARK
from app.storage.repository import Store
from app.workspace.grids import grids
from schemas.registry import version_for_year
from schemas.rule_catalogue import Rule, rule_info
from tests.browser import DESKTOP, LAPTOP, UI, WAIT_MS, AppServer, open_ui
from tests.llm_server import LLMServer, Reply

pytestmark = pytest.mark.browser

AGENCY = "测试县档案馆"
YEAR = 2025
CLERK, REVIEWER = "张经办", "李审核"
ISSUER = "王签发"
MODEL_MARK = "（本段由测试模型起草）"
EDIT = "审核人补充：档案开放审核与政府信息公开工作同步推进。"
REASON = "核实无误：表述与统计表一致，保留原文"
SCHEMAS = {"PrefaceDraft": "前言", "OverviewDraft": "一", "ProblemsDraft": "五", "OtherMattersDraft": "六"}
MARKERS = {"起草报告开头的前言": "前言", "起草“一、总体情况”": "一", "起草“五、": "五", "起草“六、": "六"}


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def ui(browser, app, request) -> Iterator[UI]:
    with open_ui(browser, app.url, request, getattr(request, "param", DESKTOP), accept_downloads=True) as ui:
        yield ui


# ---------------------------------------------------------------- the scripted model


def _section(body: dict) -> str:
    schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
    if schema in SCHEMAS:
        return SCHEMAS[schema]
    prompt = "\n".join(str(m.get("content")) for m in body.get("messages", []))
    return next(section for marker, section in MARKERS.items() if marker in prompt)


def _model_replies(store: Store, report_id: int):
    """A reply per request: the offline draft of the report as saved now (so every number is grounded)."""

    def reply(body: dict) -> Reply:
        report, _ = store.load(report_id)
        section = _section(body)
        draft = draft_offline(report, build_facts(report, None), section)
        if section == "一":
            draft.lead += MODEL_MARK
        return Reply(
            draft.model_dump_json(), usage={"prompt_tokens": 800, "completion_tokens": 200, "total_tokens": 1000}
        )

    return reply


def _filled(text: str) -> str:
    """``text`` with each 【待补充】 marker replaced by what the reviewer writes there."""
    return PLACEHOLDER_MARK.sub("本年度无此项情况。", text)


# ---------------------------------------------------------------- the journey


@pytest.mark.parametrize("ui", [LAPTOP, DESKTOP], indirect=True, ids=["1280x720", "1440x1000"])
def test_new_report_to_reviewed_docx(ui: UI, app: AppServer, llm: LLMServer):
    page = ui.page
    # 首页: who is working, then a blank report for a new unit
    ui.open()
    ui.identify(CLERK)
    ui.shot("home", full_page=True)
    form = page.get_by_test_id("stForm")
    form.get_by_label("单位名称").fill(AGENCY)
    form.get_by_label("报告年度").fill(str(YEAR))
    form.get_by_role("button", name="新建").click()
    ui.wait_text(f"已新建并打开：{AGENCY} {YEAR}年度报告")
    ui.shot("new-report")
    store = Store.open(app.db_url)
    try:
        (info,) = [i for i in store.list_reports() if i.agency == AGENCY]
        assert info.year == YEAR
        ui.saved_version = lambda: store.report_info(info.id).current_version
        _journey(ui, store, info.id, llm)
    finally:
        store.close()


def _approve(ui: UI, store: Store, rid: int, button) -> None:
    """Click 「通过本部分」 and wait until one more part is approved in the database. A click that lands while a
    loaded machine is still drawing the expander can be dropped by the browser: then it is clicked once more."""
    before = sum(r.approved for r in store.reviews(rid).values())
    for attempt in range(2):
        button.click()
        deadline = time.monotonic() + 10 * (attempt + 1)
        while time.monotonic() < deadline:
            if sum(r.approved for r in store.reviews(rid).values()) > before:
                ui.settle()
                return
            ui.page.wait_for_timeout(200)
    raise AssertionError("「通过本部分」没有通过这一部分")


def _readme(ui: UI, name: str) -> str | None:
    """The README's picture ``name`` when this run is at the laptop size it is taken at (once the toasts are gone)."""
    if ui.page.viewport_size != LAPTOP:
        return None
    expect(ui.page.get_by_test_id("stToast")).to_have_count(0)
    return name


def _journey(ui: UI, store: Store, rid: int, llm: LLMServer) -> None:
    page = ui.page

    # 数据填报: 本年新收 5, 上年结转 0, 结转下年度 0 and （七）总计 4 in the 自然人 column break R-A.
    ui.go("数据填报", "检查结果")
    ui.identify(CLERK)
    layout = grids(version_for_year(YEAR))
    (intake,) = [g for g in layout if g.key == "三:intake"]
    (closing,) = [g for g in layout if g.key == "三:closing"]
    col = 1 + intake.columns.index("自然人")  # 0: the row labels
    received, carried = ([r.id for r in intake.rows].index(i) for i in ("received", "carried_over"))
    total, forward = ([r.id for r in closing.rows].index(i) for i in ("total", "carried_forward"))
    first = ui.grid(layout.index(intake), len(layout))
    last = ui.grid(layout.index(closing), len(layout))
    for grid, row, value in ((first, received, "5"), (first, carried, "0"), (last, forward, "0"), (last, total, "4")):
        ui.type_cell(grid, row, col, value)
    ui.save_tables()  # the four values in one version
    title = rule_info(Rule.R_A).title
    ra = page.get_by_test_id("stAlert").filter(has_text=title)
    expect(ra).to_have_count(1)
    expect(ra).to_contain_text(
        "表三「自然人」列：本年新收 5 + 上年结转 0 = 5，办理结果总计 4 + 结转下年度 0 = 4，相差 1"
    )
    marked = page.get_by_test_id("stMarkdown").filter(has_text=f"{closing.short_row_labels()[total]}　错误：")
    expect(marked).to_contain_text("自然人")  # the （七）总计 row is marked under its block
    ra.scroll_into_view_if_needed()
    ui.shot("tables-ra-error")
    ra.get_by_role("link", name="到表格 ↓").click()  # the finding leads to its block
    expect(last).to_be_in_viewport()
    ui.shot("tables-ra-row")

    # fixed: （七）总计 5 — the error leaves the list and the row
    ui.edit_cell(last, total, col, "5")
    expect(page.get_by_test_id("stAlert").filter(has_text=title)).to_have_count(0)
    expect(marked).to_have_count(0)
    assert ui.cell_text(last, total, col) == "5"
    saved, _ = store.load(rid)
    assert [saved.tables["三"][f"{r}.natural_person"].value for r in ("received", "carried_over", "total")] == [5, 0, 5]
    ui.shot("tables-fixed")

    # the five applications were disclosed; nothing else to count: every blank 0 (asked first), totals computed
    (results,) = [g for g in layout if g.key == "三:results"]
    disclosed = [r.id for r in results.rows].index("disclosed")
    ui.edit_cell(ui.grid(layout.index(results), len(layout)), disclosed, col, "5")
    expect(page.get_by_text(re.compile(r"还有 \d+ 格未填"))).to_be_visible()
    page.get_by_role("button", name="全部空格填 0…").click()
    ui.settle()
    before = ui.version()
    page.get_by_role("button", name="确定，全部填 0").click()
    ui.wait_version(before + 1, "全部空格填 0")
    before = ui.version()
    page.get_by_role("button", name="保存并自动计算总计").first.click()
    ui.wait_version(before + 1, "自动计算总计")
    expect(page.get_by_text(re.compile(r"还有 \d+ 格未填"))).to_have_count(0)
    filled, _ = store.load(rid)
    assert all(c.value is not None for t in ("二", "三", "四") for c in filled.tables[t].values())
    assert not [f for f in report_findings(filled) if f.table and f.severity == "error"]

    # 起草: every section from the model (the local OpenAI-compatible server)
    llm.add(*[_model_replies(store, rid)] * 8)
    ui.go("起草", "起草全部正文")
    ui.identify(CLERK)
    expect(page.get_by_text(re.compile(r"模型：.*test"))).to_be_visible()
    before = ui.version()
    page.get_by_role("button", name=re.compile("起草全部正文")).click()
    ui.wait_version(before + 1)
    expect(page.get_by_text(re.compile(r"模型起草（test）"))).to_have_count(4)
    expect(page.get_by_text("本报告用量：", exact=False)).to_be_visible()
    # the section's own expander, not the list of 【待补充】 left (which names the section too)
    overview = page.get_by_test_id("stExpander").filter(has_text="一、总体情况", has_not_text="把事实写进")
    overview.locator("summary").click()
    expect(overview.get_by_text(MODEL_MARK, exact=False)).to_be_visible()
    assert {_section(r.body) for r in llm.requests} == set(SCHEMAS.values())
    assert all(r.body.get("model") == "test" for r in llm.requests)
    ui.shot("drafted")

    # 审核 as 审核人: edit 一、总体情况 and save; the diff against the model's draft shows the addition
    ui.go("审核", "正文")
    ui.identify(REVIEWER, "审核人")
    section = page.get_by_test_id("stExpander").filter(has_text="一、总体情况")
    expect(section).to_have_count(1)  # the clerk's page had 提交审核 on top: the reviewer's is drawn anew
    section.locator("summary").click()
    area = section.locator("textarea")
    text = area.input_value()
    assert MODEL_MARK in text
    # the draft's 【待补充】 markers (the blank report lacks their facts) cannot be confirmed past: filled in here
    area.fill(_filled(text.replace(MODEL_MARK, MODEL_MARK + EDIT, 1)))
    before = ui.version()
    section.get_by_role("button", name="保存修改").click()
    ui.wait_version(before + 1)
    assert EDIT in section.locator("textarea").input_value()
    expect(section.locator("span[style*='underline']").filter(has_text=EDIT)).to_have_count(1)
    # the model's mark is an error of 一 (text that is not the report's): no approval before it is dealt with
    section.get_by_role("button", name="通过本部分").click()
    expect(section.get_by_text("不能审核通过", exact=False)).to_be_visible()
    assert not store.reviews(rid)["一"].approved
    for title in ("前言", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        other = page.get_by_test_id("stExpander").filter(has_text=title)
        other.locator("summary").click()
        text = other.locator("textarea").input_value()
        if PLACEHOLDER_MARK.search(text):
            other.locator("textarea").fill(_filled(text))
            before = ui.version()
            other.get_by_role("button", name="保存修改").click()
            ui.wait_version(before + 1)
    stored = store.load(rid)[0]
    assert not PLACEHOLDER_MARK.search("".join(section_text(stored, s) for s in ("前言", "一", "五", "六")))
    ui.shot("reviewed")

    # 检查发现: what is left (warnings on the model's wording, say) the reviewer dismisses with a reason
    page.get_by_role("tab", name="检查发现").click()
    ui.settle()
    dismiss = page.get_by_role("button", name="忽略并说明理由")
    dismissed = dismiss.count()
    while dismiss.count():
        before = ui.version()
        reason = page.get_by_label("忽略的理由（必填，记入版本记录）").first
        reason.fill(REASON)
        reason.press("Enter")
        ui.settle()
        dismiss.first.click()
        ui.wait_version(before + 1)
        ui.settle()
    if dismissed:
        assert REASON in store.versions(rid)[0].summary and store.versions(rid)[0].author == REVIEWER

    # every part approved: the text sections left, then 基本信息 and the tables beside last year's
    parts = {
        "正文": ("前言", "一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
        "表格与基本信息": (
            "基本信息",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
        ),
    }
    for tab, titles in parts.items():
        page.get_by_role("tab", name=tab).click()
        ui.settle()
        for title in titles:
            part = page.get_by_test_id("stExpander").filter(has=page.locator("summary").filter(has_text=title))
            button = part.get_by_role("button", name="通过本部分")
            if not button.is_visible():
                part.locator("summary").click()
                expect(button).to_be_visible()
                ui.settle()
            _approve(ui, store, rid, button)
    reviews = store.reviews(rid)
    assert all(r.approved for r in reviews.values()) and reviews["一"].approved_by == REVIEWER

    # 审核签发: nothing left on the checklist; the 落款's date (a drafted report without one is not exported)
    page.get_by_role("tab", name="审核签发").click()
    expect(page.get_by_text("可以签发", exact=False)).to_be_visible()
    signoff = page.get_by_test_id("stForm").filter(has_text="签发人")
    signoff.get_by_label("签发人").fill(ISSUER)
    before = ui.version()
    signoff.get_by_role("button", name="审核签发").click()
    ui.wait_version(before + 1)
    assert store.load(rid)[0].meta.signoff.date is not None and store.report_info(rid).status == "signed"
    expect(page.get_by_text("当前状态：已签发", exact=False)).to_be_visible()

    # 导出: nothing left open; the .docx read back
    ui.go("导出", "预览")
    ui.identify(REVIEWER, "审核人")
    word = page.get_by_role("button", name="Word（公文格式）")
    expect(word).to_be_visible()
    ui.settle()
    ui.shot("export")
    with page.expect_download(timeout=WAIT_MS) as download:
        word.click()
    assert download.value.suggested_filename == f"{AGENCY}{YEAR}年政府信息公开工作年度报告.docx"
    data = download.value.path().read_bytes()
    assert data[:2] == b"PK"
    back = read_bytes(data, "x.docx")
    assert back.meta.agency == AGENCY and back.meta.year == YEAR
    assert EDIT in "\n".join(back.overview.paragraphs())
    ui.wait_until(lambda: store.exports(rid), "下载记录")  # the button's on_click, in the rerun it starts
    (record, *_) = store.exports(rid)
    assert (record.format, record.role, record.by, record.open_errors) == ("docx", "reviewer", REVIEWER, 0)

    # 首页 and the seeded example's 数据填报 page: the README's pictures
    ui.go("首页", "新建报告")
    ui.identify(REVIEWER, "审核人")
    ui.shot("home-after", docs=_readme(ui, "app-home.png"))
    choice = page.get_by_test_id("stSelectbox").filter(has_text="打开报告")
    choice.click()
    page.get_by_role("option", name=re.compile(f"示例县市场监督管理局 {YEAR}年度")).click()
    page.get_by_role("button", name="打开", exact=True).click()
    ui.wait_text(re.compile(f"已打开：示例县市场监督管理局 {YEAR}年度"))
    ui.go("数据填报", "检查结果")
    ui.identify(REVIEWER, "审核人")
    expect(page.get_by_test_id("stAlert").first).to_be_visible()
    ui.shot("example-tables", docs=_readme(ui, "app-tables.png"))


# ---------------------------------------------------------------- who is working, across pages


def test_name_and_role_survive_a_page_switch(ui: UI):
    ui.open()
    ui.identify(REVIEWER, "审核人")
    ui.go("数据填报", "检查结果")
    assert ui.identity() == (REVIEWER, "审核人")


def test_an_approved_section_is_marked_at_once(ui: UI):
    ui.open()  # the seeded example 2025 is the open report
    ui.go("审核", "正文")
    ui.identify(REVIEWER, "审核人")
    section = ui.page.get_by_test_id("stExpander").filter(has_text="前言")
    section.locator("summary").click()
    section.get_by_role("button", name="通过本部分").click()
    expect(ui.page.get_by_test_id("stToast").filter(has_text="前言 已通过")).to_be_visible()
    ui.settle()
    expect(section.locator("summary")).to_contain_text("前言（已审核）", timeout=3_000)
