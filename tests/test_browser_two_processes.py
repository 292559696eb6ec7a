"""Two `nianbao app` processes on one PostgreSQL database, as an office runs them behind a proxy, each opened in
chromium at 1280×720: both first visits at once on an empty database load the examples once; the same narrative
section or table cell edited in both — the first save wins, the second gets the conflict message naming who saved
which version, its text stays in its editor, nothing of the first is overwritten, the section is not approved
from the older page, and after 「载入最新版本」 the two edits merged are saved. Screenshots go to test-artifacts/browser/test_*/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from app.drafting.sections import section_text
from app.storage.repository import Store
from app.workspace.grids import grids
from tests import test_storage as storage_tests
from tests.browser import UI, AppServer, keep_logs, open_ui

pytestmark = [pytest.mark.browser, pytest.mark.slow]

postgres = storage_tests.postgres  # the throwaway PostgreSQL of the storage tests (module scope)

CLERK, REVIEWER = "张敏", "李强"
SECTION = "六、其他需要报告的事项"
FIRST_EDIT = "本年度共收取信息处理费0元。（张敏补充）"
SECOND_EDIT = "本机关未发现需要报告的其他事项。（李强补充）"
CONFLICT = "该报告已被"


@pytest.fixture
def apps(postgres: str, tmp_path, request) -> Iterator[tuple[AppServer, AppServer]]:
    """Two app processes, each on its own port, on one fresh PostgreSQL database."""
    url = storage_tests._new_pg_database(postgres)
    servers = [AppServer(db_url=url, workdir=tmp_path / f"app{n}") for n in (1, 2)]
    try:
        for server in servers:
            server.start()
        yield servers[0], servers[1]
    finally:
        for n, server in enumerate(servers, 1):
            server.stop()
            keep_logs(server, f"{request.node.name}-app{n}.log")


@pytest.fixture
def two_uis(browser, apps, request) -> Iterator[tuple[UI, UI]]:
    first, second = apps
    with open_ui(browser, first.url, request) as a, open_ui(browser, second.url, request) as b:
        yield a, b


def _open_both(a: UI, b: UI, store: Store) -> int:
    """Both processes' first visit at the same moment on the empty database; the id of the report of 2025."""
    a.page.goto(a.base_url, wait_until="commit")
    b.page.goto(b.base_url, wait_until="commit")
    for ui in (a, b):
        ui.wait_text("新建报告")
    (info,) = [i for i in store.list_reports() if i.year == 2025]
    for ui in (a, b):
        ui.saved_version = lambda: store.report_info(info.id).current_version
    return info.id


def _section(ui: UI):
    box = ui.page.get_by_test_id("stExpander").filter(has_text=SECTION)
    # a rerun that moved the tabs leaves the old ones (and their text areas) a moment after it ends
    expect(box).to_have_count(1)
    expect(box.locator("textarea")).to_have_count(1)
    if not box.locator("textarea").is_visible():
        box.locator("summary").click()
    return box


def test_a_first_visit_in_both_processes_at_once_loads_the_examples_once(two_uis, apps):
    a, b = two_uis
    store = Store.open(apps[0].db_url)
    try:
        _open_both(a, b, store)
        assert sorted((i.year, i.agency) for i in store.list_reports()) == [
            (2024, "示例县市场监督管理局"),
            (2025, "示例县市场监督管理局"),
        ]
        for ui in (a, b):
            expect(ui.page.get_by_test_id("stException")).to_have_count(0)
    finally:
        store.close()


def test_the_same_section_saved_from_two_processes_conflicts_and_loses_no_text(two_uis, apps):
    a, b = two_uis
    store = Store.open(apps[0].db_url)
    try:
        rid = _open_both(a, b, store)
        original = section_text(store.load(rid)[0], "六")
        for ui, (name, role) in ((a, (CLERK, "经办人")), (b, (REVIEWER, "审核人"))):
            ui.go("审核", "正文")
            ui.identify(name, role)
        start = a.version()
        texts = {}
        for ui, edit in ((a, FIRST_EDIT), (b, SECOND_EDIT)):  # both open version `start` and type their edit
            area = _section(ui).locator("textarea")
            texts[edit] = area.input_value() + "\n" + edit
            area.fill(texts[edit])

        _section(a).get_by_role("button", name="保存修改").click()
        a.wait_version(start + 1, "审核修改 六、其他需要报告的事项")

        _section(b).get_by_role("button", name="保存修改").click()
        b.settle()
        message = b.page.get_by_test_id("stAlert").filter(has_text=CONFLICT).first
        expect(message).to_contain_text(f"该报告已被 {CLERK}（经办人）在")
        expect(message).to_contain_text(f"保存为第 {start + 1} 版")
        expect(message).to_contain_text(f"你编辑的是第 {start} 版")
        expect(_section(b).locator("textarea")).to_have_value(texts[SECOND_EDIT])  # the loser's text is kept
        b.shot("conflict")
        saved = section_text(store.load(rid)[0], "六")
        assert store.report_info(rid).current_version == start + 1
        assert FIRST_EDIT in saved and SECOND_EDIT not in saved and original.strip() in saved

        # a rerun (another part opened) keeps the message and the text; saving again still conflicts
        b.page.get_by_role("tab", name="检查发现").click()
        b.settle()
        b.page.get_by_role("tab", name="正文").click()
        b.settle()
        expect(b.page.get_by_test_id("stAlert").filter(has_text=CONFLICT).first).to_be_visible()
        copied = _section(b).locator("textarea").input_value()
        assert copied == texts[SECOND_EDIT]
        _section(b).get_by_role("button", name="保存修改").click()
        b.settle()
        assert store.report_info(rid).current_version == start + 1
        assert SECOND_EDIT not in section_text(store.load(rid)[0], "六")

        # nor is the section approved: what the page shows is not what is stored
        _section(b).get_by_role("button", name="通过本部分").click()
        b.settle()
        expect(_section(b).get_by_text("未通过：你看到的是第", exact=False)).to_be_visible()
        assert not (store.reviews(rid).get("六") and store.reviews(rid)["六"].approved)

        # as the message says: copy, load the newest version, merge, save
        b.page.get_by_role("button", name="载入最新版本（放弃我未保存的修改）").click()
        b.settle()
        expect(b.page.get_by_test_id("stAlert").filter(has_text=CONFLICT)).to_have_count(0)
        area = _section(b).locator("textarea")
        expect(area).to_have_value(texts[FIRST_EDIT].strip())
        area.fill(area.input_value() + "\n" + SECOND_EDIT)
        _section(b).get_by_role("button", name="保存修改").click()
        b.wait_version(start + 2, "审核修改 六、其他需要报告的事项")
        merged = section_text(store.load(rid)[0], "六")
        assert FIRST_EDIT in merged and SECOND_EDIT in merged
        b.shot("merged")
        authors = {v.version_no: v.author for v in store.versions(rid)}
        assert (authors[start + 1], authors[start + 2]) == (CLERK, REVIEWER)
    finally:
        store.close()


def test_the_same_cell_saved_from_two_processes_conflicts_and_keeps_the_typed_value(two_uis, apps):
    a, b = two_uis
    store = Store.open(apps[0].db_url)
    try:
        rid = _open_both(a, b, store)
        layout = grids(store.load(rid)[0].meta.format_version)
        (intake,) = [g for g in layout if g.key == "三:intake"]
        cell = "received.natural_person"
        for ui, name in ((a, CLERK), (b, REVIEWER)):
            ui.identify(name)
            ui.go("数据填报", "检查结果")
            ui.identify(name)
        start = a.version()
        a.type_cell(a.grid(layout.index(intake), len(layout)), 0, 1, "71")
        b.type_cell(b.grid(layout.index(intake), len(layout)), 0, 1, "72")
        a.save_tables()
        assert store.load(rid)[0].value("三", cell) == 71

        b.page.get_by_role("button", name="保存表格").first.click()
        b.settle()
        message = b.page.get_by_test_id("stAlert").filter(has_text=CONFLICT).first
        expect(message).to_contain_text(f"该报告已被 {CLERK}（经办人）在")
        expect(message).to_contain_text(f"保存为第 {start + 1} 版")
        grid = b.grid(layout.index(intake), len(layout))
        expect(grid.locator("#glide-cell-1-0")).to_have_text("72")  # the typed value is still in the grid
        b.shot("cell-conflict")
        assert store.report_info(rid).current_version == start + 1
        assert store.load(rid)[0].value("三", cell) == 71

        b.page.get_by_role("button", name="载入最新版本（放弃我未保存的修改）").click()
        b.settle()
        expect(b.page.get_by_test_id("stAlert").filter(has_text=CONFLICT)).to_have_count(0)
        grid = b.grid(layout.index(intake), len(layout))
        # the newest version, as saved in the other process (the grid's accessibility table: drawn anew, not typed)
        expect(grid.locator("#glide-cell-1-0")).to_have_text("71")
        b.page.wait_for_timeout(1000)  # the grids drawn anew replace the old ones a moment after the run ends
        b.edit_cell(grid, 0, 1, "72")
        assert store.load(rid)[0].value("三", cell) == 72
        assert store.report_info(rid).current_version == start + 2
    finally:
        store.close()
