"""审核's gates mean it: 「已修正」 checks again, dismissing needs a reason (a clerk: warnings only), no part with an
open error is approved, tables and 基本信息 are reviewed beside last year's figures, sign-off lists what is missing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app.drafting.gate import report_findings
from app.storage import REVIEW_SECTIONS, Store
from schemas.confirmations import open_findings
from tests import test_ui as ui
from tests.test_ui import app

db = ui.db

R_E = "R-E|四"  # 表四「行政复议」总计 5 ≠ 4: an error of table 四 in the example
YEAR = "YEAR|"  # 前言's 统计期限 names last year: a warning


def _button(at: AppTest, prefix: str, key_part: str):
    return next(b for b in at.button if b.key and b.key.startswith(prefix) and key_part in b.key)


def _buttons(at: AppTest, prefix: str) -> list:
    return [b for b in at.button if b.key and b.key.startswith(prefix)]


def _reason(at: AppTest, button):
    return at.text_input(key=button.key.replace("dismiss:", "reason:", 1))


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _open_findings(db: str, rid: int) -> list:
    store = Store.open(db)
    report = store.load(rid)[0]
    previous = store.load(next(i.id for i in store.list_reports(year=report.meta.year - 1)))[0]
    return open_findings(report, report_findings(report, previous))


def test_fixed_on_an_unfixed_error_keeps_it_open_and_says_what_the_check_sees(db):
    at = app("review")
    count = len(_buttons(at, "fixed:"))
    _button(at, "fixed:", R_E).click().run()
    assert not at.exception
    refused = [e.value for e in at.error if "「已修正」未通过" in e.value]
    assert refused and "总计填 5" in refused[0]
    assert len(_buttons(at, "fixed:")) == count and _button(at, "fixed:", R_E)  # still listed, still open
    rid = at.session_state["report_id"]
    assert not Store.open(db).decisions(rid)  # no bare "fixed" note recorded
    assert any("由审核人写明理由后忽略" in c.value for c in at.caption)  # a clerk on an error: no dead button


def test_fixed_after_the_fix_is_checked_again_and_the_finding_goes(db):
    at = app("review")
    store, rid = Store.open(db), at.session_state["report_id"]
    report, version = store.load(rid)
    report.tables["四"]["administrative_review.total"].value = 4  # a colleague fixes the cell on 数据填报
    report.tables["四"]["administrative_review.total"].raw = "4"
    store.save(rid, report, expected_version=version, who="李填", role="clerk")
    _button(at, "fixed:", R_E).click().run()
    assert not at.exception
    assert not [e for e in at.error if "「已修正」未通过" in e.value]
    assert not [b for b in _buttons(at, "fixed:") if R_E in b.key]
    assert any("检查已通过" in t.value for t in at.toast)


def test_fixed_on_a_number_changed_but_still_wrong_says_it_is_still_wrong(db):
    at = app("review")
    store, rid = Store.open(db), at.session_state["report_id"]
    report, version = store.load(rid)
    report.tables["四"]["administrative_review.total"].value = 7  # changed, still ≠ 4
    report.tables["四"]["administrative_review.total"].raw = "7"
    store.save(rid, report, expected_version=version, who="李填", role="clerk")
    _button(at, "fixed:", R_E).click().run()
    refused = [e.value for e in at.error if "「已修正」未通过" in e.value]
    assert refused and "数值已改" in refused[0] and "总计填 7" in refused[0]


def test_dismissing_without_a_reason_is_refused(db):
    at = app("review", who="王审", role="reviewer")
    button = _button(at, "dismiss:", R_E)
    _reason(at, button).input("   ").run()
    at.button(key=button.key).click().run()
    assert any("必须写明理由" in e.value for e in at.error)
    assert Store.open(db).load(at.session_state["report_id"])[0].confirmations == []
    assert _button(at, "dismiss:", R_E)


def test_a_clerk_dismisses_a_warning_with_a_reason_but_not_an_error(db):
    at = app("review")
    dismissable = [b.key.split(":", 2)[2] for b in _buttons(at, "dismiss:")]
    assert sorted(k.split("|")[0] for k in dismissable) == ["R-H", "YEAR"]  # the two warnings, none of the errors
    button = _button(at, "dismiss:", YEAR)
    _reason(at, button).input("统计期限已与年度报告通知核对").run()
    at.button(key=button.key).click().run()
    assert not at.exception
    assert any("已忽略，理由：统计期限已与年度报告通知核对（张敏" in c.value for c in at.caption)
    report = Store.open(db).load(at.session_state["report_id"])[0]
    assert [(c.rule, c.by) for c in report.confirmations] == [("YEAR", "张敏")]


def test_approving_a_part_with_an_open_error_is_refused(db):
    at = app("review", who="王审", role="reviewer")
    rid = at.session_state["report_id"]
    at.button(key="approve:四").click().run()
    assert not at.exception
    refused = [e.value for e in at.error if "不能审核通过" in e.value]
    assert refused and "总计填 5" in refused[0]
    assert not Store.open(db).reviews(rid)["四"].approved


def test_tables_and_basic_information_show_last_year_and_are_approved_like_a_section(db):
    at = app("review", who="王审", role="reviewer")
    rid = at.session_state["report_id"]
    html = _html(at)
    # 表三「一、本年新收」自然人: 38 this year, 33 last year; 基本信息 beside last year's
    assert '38<span class="nb-before">上年 33</span>' in html
    assert "示例县人民路88号" in html and "上年" in html
    assert "本年空白" in html  # 表二's 行政事业性收费 left blank stands out
    at.button(key="approve:基本信息").click().run()
    assert not at.exception
    assert Store.open(db).reviews(rid)["基本信息"].approved
    assert any("（1/8 部分已通过）：✅基本信息 ⬜前言" in c.value for c in at.caption)
    at.text_input(key="comment:三").input("请核对依申请公开的总计").run()
    at.button(key="add_comment:三").click().run()
    assert [c.text for c in Store.open(db).reviews(rid)["三"].comments] == ["请核对依申请公开的总计"]
    assert not at.exception, at.exception
    assert any("王审" in c.value and "请核对依申请公开的总计" in c.value for c in at.caption)


def test_signoff_lists_what_is_missing_and_signs_once_nothing_is(db):
    at = app("review", who="王审", role="reviewer")
    store, rid = Store.open(db), at.session_state["report_id"]
    markdown = "\n".join(m.value for m in at.markdown)
    assert "尚未审核通过" in markdown and "个错误未处理" in markdown and "「检查发现」" in markdown
    next(t for t in at.text_input if t.label == "签发人").input("赵局长")
    at.button(key="FormSubmitter:signoff-审核签发").click().run()
    assert any("还不能签发" in e.value for e in at.error)
    assert store.report_info(rid).status != "signed"

    for f in _open_findings(db, rid):
        store.confirm(rid, f, reason="已与台账核对", who="王审", role="reviewer")
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="王审", role="reviewer")
    at = app("review", who="王审", role="reviewer")
    assert any("可以签发" in s.value for s in at.success)
    next(t for t in at.text_input if t.label == "签发人").input("赵局长")
    at.button(key="FormSubmitter:signoff-审核签发").click().run()
    assert not at.exception and not at.error
    assert store.report_info(rid).status == "signed" and store.load(rid)[0].meta.signoff.issuer == "赵局长"
    assert any("已签发" in s.value for s in at.success)
    assert any("当前状态：**已签发**" in c.value for c in at.caption)


def test_findings_are_named_by_their_titles(db):
    at = app("review")
    shown = "\n".join(m.value for m in at.markdown)
    assert "R-E" not in shown and "表四：总计 = 结果维持" in shown


def test_the_closing_date_a_sign_off_writes_holds_up_no_part_and_no_sign_off(db):
    drafting = app("drafting")
    drafting.button[0].click().run()  # every section drafted offline: the 落款 needs a date
    store, rid = Store.open(db), drafting.session_state["report_id"]
    report, version = store.load(rid)
    report.meta.publication.date = report.meta.signoff.date = None
    store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    at = app("review", who="王审", role="reviewer")
    assert any("成文日期在「审核签发」时填写" in i.value for i in at.info)
    at.button(key="approve:基本信息").click().run()
    assert not [e.value for e in at.error if "不能审核通过" in e.value]
    assert store.reviews(rid)["基本信息"].approved
    checklist = next(m.value for m in at.markdown if m.value.startswith("- ⬜"))
    assert "尚未审核通过" in checklist and "成文日期" not in checklist  # the sign-off writes it


def test_a_signed_report_shows_its_sign_off_and_is_signed_again_only_after_a_change_by_whoever_signs(db):
    at = app("review", who="李审核", role="reviewer")
    store, rid = Store.open(db), at.session_state["report_id"]
    for f in _open_findings(db, rid):
        store.confirm(rid, f, reason="已与台账核对", who="李审核", role="reviewer")
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="李审核", role="reviewer")
    at = app("review", who="李审核", role="reviewer")
    next(t for t in at.text_input if t.label == "签发人").input("赵局长")
    at.button(key="FormSubmitter:signoff-审核签发").click().run()
    assert store.report_info(rid).status == "signed"
    record = [s.value for s in at.success if s.value.startswith("已签发：")]
    assert record and "审核人 李审核" in record[0] and "签发人 赵局长" in record[0]
    assert not any("可以签发" in s.value for s in at.success)
    assert not [b for b in at.button if b.key and b.key.startswith("FormSubmitter:signoff")]

    report, version = store.load(rid)
    report.meta.contact.address = "示例县人民路99号"
    store.save(rid, report, expected_version=version, who="张乡镇", role="clerk")
    assert store.report_info(rid).status == "reviewing"
    other = app("review", who="张乡镇", role="reviewer")
    # the 审核人 recorded is the one signing now, not the previous sign-off's
    assert next(t for t in other.text_input if t.label == "审核人").value == "张乡镇"
    assert next(t for t in other.text_input if t.label == "签发人").value == "赵局长"
    next(t for t in other.text_input if t.label == "审核人").input("李审核")
    other.button(key="FormSubmitter:signoff-重新签发").click().run()
    assert any("审核人应为签发操作人本人" in e.value for e in other.error)
    assert store.report_info(rid).status == "reviewing" and store.load(rid)[0].meta.signoff.reviewer == "李审核"
