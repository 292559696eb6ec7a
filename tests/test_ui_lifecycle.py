"""The lifecycle in the pages: 首页 and 多单位 show the same status and fresh error counts; the sidebar moves a
report on or back; a signed report changed goes back to 审核中 with the notice; 导出 records the publication;
新建 keeps what was typed when it is refused."""

from __future__ import annotations

import datetime as dt
import re

from streamlit.testing.v1 import AppTest

from app.storage import REVIEW_SECTIONS, Store
from app.workspace.lifecycle import fresh_findings, open_counts
from schemas.confirmations import open_findings
from tests import test_ui as ui
from tests.test_ui import app, texts

db = ui.db
TODAY = dt.date.today()


def _rows(at: AppTest) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def _open(db: str, rid: int, page: str, *, who: str = "张敏", role: str = "clerk") -> AppTest:
    """The app on ``page`` with the stored report ``rid`` open."""
    at = app(who=who, role=role)
    report, version = Store.open(db).load(rid)
    at.session_state["report_id"], at.session_state["report"], at.session_state["version"] = rid, report, version
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _signed_report(db: str) -> tuple[Store, int]:
    """The seed's 2025 report made clean (its errors confirmed), every section approved, signed."""
    app()  # the first start seeds the examples
    store = Store.open(db)
    rid = next(i.id for i in store.list_reports(year=2025))
    report, found = fresh_findings(store, rid)
    for f in open_findings(report, found):
        store.confirm(rid, f, reason="已与原始台账核对无误", who="王审", role="reviewer")
    report, found = fresh_findings(store, rid)
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="王审", role="reviewer", findings=found)
    store.sign_off(rid, reviewer="王审", issuer="周正", date=TODAY, who="王审", role="reviewer", findings=found)
    return store, rid


def test_home_and_units_show_the_same_status_and_the_fresh_error_count(db):
    home = app()
    store = Store.open(db)
    rows = {r["年度"]: r for r in _rows(home)}
    info = next(i for i in store.list_reports() if i.year == 2025)
    assert rows[2025]["状态"] == info.standing(TODAY) and rows[2025]["状态"].startswith("填报中")
    assert rows[2024]["状态"] == "已发布（按时）"  # last year's example is stored as published
    errors = open_counts(store, info.id).errors
    assert errors > 0 and rows[2025]["其中错误"] == errors
    assert "剩余天数" not in rows[2025]  # no raw negative day counts

    units = app("units")
    [row] = _rows(units)
    assert row["状态"] == rows[2025]["状态"] and row["错误"] == str(errors)
    assert "已发布" not in row["状态"]  # a unit with open errors and no sign-off is not published


def test_the_publication_column_is_short_enough_to_read_whole(db):
    home = app()
    rows = {r["年度"]: r for r in _rows(home)}
    assert rows[2025]["发布"] == "未发布"  # overdue or not: the 状态 column says it
    assert re.fullmatch(r"按时发布 \d{1,2}月\d{1,2}日", rows[2024]["发布"])
    units = app("units")
    assert _rows(units)[0]["发布"] in ("未发布", rows[2025]["发布"])
    assert all(len(r["发布"]) <= 12 for r in _rows(home) + _rows(units))


def test_new_report_refused_keeps_what_was_typed(db):
    at = app(who="")
    next(t for t in at.text_input if t.label == "单位名称").input("示例县教育局")
    at.number_input[0].set_value(2024)
    next(r for r in at.radio if r.label == "从哪里开始").set_value("previous_saved")
    next(b for b in at.button if b.label == "新建").click().run()
    assert any("请先在左侧填写你的姓名" in e.value for e in at.error)
    assert next(t for t in at.text_input if t.label == "单位名称").value == "示例县教育局"
    assert at.number_input[0].value == 2024
    assert next(r for r in at.radio if r.label == "从哪里开始").value == "previous_saved"

    at.text_input(key="who").input("张敏")
    next(r for r in at.radio if r.label == "从哪里开始").set_value("blank")
    next(b for b in at.button if b.label == "新建").click().run()
    assert not at.exception, at.exception
    assert any("已新建并打开：示例县教育局 2024年度报告" in s.value for s in at.success)
    assert next(t for t in at.text_input if t.label == "单位名称").value == ""  # cleared once created
    assert Store.open(db).report_info(at.session_state["report_id"]).status == "filling"


def test_sidebar_submits_starts_review_and_sends_back_with_a_reason(db):
    app()
    store = Store.open(db)
    rid = next(i.id for i in store.list_reports(year=2025))
    clerk = _open(db, rid, "home")
    assert "填报中" in "\n".join(c.value for c in clerk.sidebar.caption)
    clerk.button(key="lifecycle_submit").click().run()
    assert store.report_info(rid).status == "submitted"
    assert not [b for b in clerk.button if b.key == "lifecycle_submit"]  # only while 填报中

    reviewer = _open(db, rid, "home", who="王审", role="reviewer")
    reviewer.button(key="lifecycle_send_back").click().run()
    assert any("请写明退回修改的理由" in e.value for e in reviewer.error)
    assert store.report_info(rid).status == "submitted"
    reviewer.text_input(key="lifecycle_reason").input("表三口径请与台账核对")
    reviewer.button(key="lifecycle_send_back").click().run()
    info = store.report_info(rid)
    assert info.status == "filling" and "表三口径请与台账核对" in info.status_note
    back = _open(db, rid, "home")
    assert any("表三口径请与台账核对" in w.value for w in back.sidebar.warning)
    reviewer = _open(db, rid, "home", who="王审", role="reviewer")
    reviewer.button(key="lifecycle_review").click().run()
    assert store.report_info(rid).status == "reviewing"


def test_the_clerk_submits_from_the_top_of_review_and_is_told_how_many_errors_are_open(db):
    at = app("review")
    store, rid = Store.open(db), at.session_state["report_id"]
    errors = open_counts(store, rid).errors
    assert errors > 0
    assert any(f"还有 {errors} 个错误未处理" in c.value for c in at.caption)
    at.button(key="review_submit").click().run()
    assert not at.exception, at.exception
    assert store.report_info(rid).status == "submitted"  # submitting stays allowed
    assert any(f"提交时还有 {errors} 个错误未处理" in t.value for t in at.toast)
    assert not [b for b in at.button if b.key == "review_submit"]  # 待审核: nothing more to submit
    reviewer = app("review", who="王审", role="reviewer")
    assert not [b for b in reviewer.button if b.key == "review_submit"]


def test_sign_off_is_refused_with_the_reasons(db):
    app()
    store = Store.open(db)
    rid = next(i.id for i in store.list_reports(year=2025))
    _, found = fresh_findings(store, rid)
    blockers = store.signoff_blockers(rid, found)
    assert blockers[0].startswith("以下部分尚未审核通过：基本信息、前言")
    assert any(b.startswith("还有 ") and "个错误未处理" in b for b in blockers)
    reviewer = app("review", who="王审", role="reviewer")
    shown = texts(reviewer)
    assert "以下部分尚未审核通过" in shown and "个错误未处理" in shown


def test_a_signed_report_changed_goes_back_to_review_with_the_notice(db):
    store, rid = _signed_report(db)
    assert store.report_info(rid).status == "signed"
    at = _open(db, rid, "basics")
    assert "已签发" in "\n".join(c.value for c in at.sidebar.caption)
    field = next(t for t in at.text_input if t.label == "地址")
    field.input("示例县人民路1号").run()
    assert not at.exception, at.exception
    info = store.report_info(rid)
    assert info.status == "reviewing"
    assert info.status_note.startswith(f"第 {info.current_version} 版修改了基本信息")
    assert "已签发的报告退回审核中，需重新审核签发" in info.status_note
    assert any(info.status_note == w.value for w in at.warning)  # said where the save happened


def test_export_records_the_publication_of_a_signed_report(db):
    store, rid = _signed_report(db)
    clerk = _open(db, rid, "export")
    assert not any("尚未审核签发" in i.value for i in clerk.info)
    clerk.text_input(key="publish_url").input("http://example.gov.cn/nb2025")
    next(b for b in clerk.button if b.label == "记录发布").click().run()
    assert not clerk.exception, clerk.exception
    info = store.report_info(rid)
    assert (info.status, info.published_on, info.published_url) == ("published", TODAY, "http://example.gov.cn/nb2025")
    home = app()
    units = app("units")
    assert {r["年度"]: r["状态"] for r in _rows(home)}[2025] == _rows(units)[0]["状态"]
    assert _rows(units)[0]["状态"].startswith("已发布")


def test_export_refuses_a_publication_without_its_web_address_and_says_so(db):
    store, rid = _signed_report(db)
    clerk = _open(db, rid, "export")
    next(b for b in clerk.button if b.label == "记录发布").click().run()
    assert not clerk.exception, clerk.exception
    assert any("请填写发布网址" in e.value for e in clerk.error)
    assert store.report_info(rid).status == "signed"
    clerk.text_input(key="publish_url").input("www.example.gov.cn/nb2025")
    next(b for b in clerk.button if b.label == "记录发布").click().run()
    assert any("http:// 或 https://" in e.value for e in clerk.error)
    assert store.report_info(rid).status == "signed"


def test_export_before_sign_off_names_where_each_error_is_fixed_and_says_it_is_internal(db):
    at = app("export")
    [banner] = [e.value for e in at.error if "错误未处理" in e.value]
    assert "「数据填报」表" in banner
    assert not any(m.value.startswith("**R-") for m in at.markdown)  # rule titles, not codes
    assert any("填报中" in c.value and "签发后" in c.value for c in at.caption)
