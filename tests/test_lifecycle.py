"""The report lifecycle in storage: 填报中 → 待审核 → 审核中 → 已签发 → 已发布, what each step needs, a signed
report changed going back to 审核中 with the change named, old databases and backups moved to the new statuses —
on SQLite and PostgreSQL (the fixtures of tests/test_storage.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import inspect, text

from app.storage import BackupError, RoleError, StatusError, StorageError, Store
from app.storage.deadlines import timeliness
from app.storage.lifecycle import publication_short, review_section
from app.storage.vocab import REVIEW_SECTIONS
from app.workspace.lifecycle import where_all_fixed, where_fixed
from app.workspace.review import where_to_fix
from schemas.findings import Finding
from tests import test_storage as storage_tests
from tests.test_storage import example

# the storage tests' fixtures: every test runs on SQLite and on a throwaway PostgreSQL
postgres, new_url, open_store = storage_tests.postgres, storage_tests.new_url, storage_tests.open_store
clock, store = storage_tests.clock, storage_tests.store

SIGNED_ON = dt.date(2026, 1, 18)
TABLE_ERROR = Finding(rule="R-E", severity="error", table="四", row="行政复议", column="总计", message="合计不符",
                      expected=4, actual=5)  # fmt: skip
TEXT_WARNING = Finding(rule="YEAR", severity="warning", section="前言", paragraph=1, message="年份不符",
                       actual="2024年")  # fmt: skip


def _approve_all(store: Store, rid: int, findings: list[Finding] | None = None) -> None:
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="李华", role="reviewer", findings=findings)


def _sign(store: Store, rid: int, findings: list[Finding] | None = None) -> int:
    return store.sign_off(rid, reviewer="李华", issuer="周正", date=SIGNED_ON, who="李华", role="reviewer",
                          findings=findings or [])  # fmt: skip


def _signed(store: Store) -> int:
    rid = store.create_report(example(), who="张敏", role="clerk")
    _approve_all(store, rid, [])
    _sign(store, rid)
    return rid


def test_review_section_of_a_finding():
    assert review_section(TABLE_ERROR) == "四"
    assert review_section(TEXT_WARNING) == "前言"
    assert review_section(Finding(rule="YEAR", severity="error", message="成文日期不符")) == "基本信息"


def test_the_steps_forward_and_back_and_who_may_take_them(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    assert store.report_info(rid).status_label == "填报中"
    store.submit(rid, who="张敏", role="clerk")
    assert store.report_info(rid).status_label == "待审核"
    with pytest.raises(RoleError, match="只有审核人可以退回修改"):
        store.send_back(rid, reason="请核对", who="张敏", role="clerk")
    with pytest.raises(StorageError, match="请写明退回修改的理由"):
        store.send_back(rid, reason="  ", who="李华", role="reviewer")
    store.send_back(rid, reason="表四数字请与复议台账核对", who="李华", role="reviewer")
    info = store.report_info(rid)
    assert (info.status, info.status_note) == ("filling", "李华退回修改：表四数字请与复议台账核对")
    store.submit(rid, who="张敏", role="clerk")
    assert store.report_info(rid).status_note == ""  # resubmitted: the reason has been answered

    with pytest.raises(StatusError, match="报告当前为「待审核」：审核签发后才能记录发布"):
        store.record_publication(rid, date=dt.date(2026, 1, 20), url="", who="张敏", role="clerk")
    store.approve(rid, "二", who="李华", role="reviewer")  # an approval starts the review by itself
    assert store.report_info(rid).status_label == "审核中"
    with pytest.raises(StatusError, match="只有填报中的报告可以提交审核"):
        store.submit(rid, who="张敏", role="clerk")

    _approve_all(store, rid, [])
    _sign(store, rid)
    assert store.report_info(rid).status_label == "已签发"
    with pytest.raises(StorageError, match="请填写发布日期"):
        store.record_publication(rid, date=None, url="", who="张敏", role="clerk")
    store.record_publication(rid, date=dt.date(2026, 1, 20), url=" http://example.gov.cn/nb ", who="张敏",
                             role="clerk")  # fmt: skip
    info = store.report_info(rid)
    assert (info.status, info.published_on, info.published_url) == ("published", dt.date(2026, 1, 20),
                                                                    "http://example.gov.cn/nb")  # fmt: skip
    assert info.standing(dt.date(2026, 3, 1)) == "已发布（按时）"
    with pytest.raises(StatusError, match="报告已发布，不能退回修改"):
        store.send_back(rid, reason="再看看", who="李华", role="reviewer")


def test_an_approval_is_refused_while_an_open_error_sits_in_the_section(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    found = [TABLE_ERROR, TEXT_WARNING]
    with pytest.raises(StorageError, match="「四、政府信息公开行政复议、行政诉讼情况」还有 1 个错误未处理") as refused:
        store.approve(rid, "四", who="李华", role="reviewer", findings=found)
    assert "合计不符" in str(refused.value)
    assert not store.reviews(rid)["四"].approved and store.report_info(rid).status == "filling"
    store.approve(rid, "前言", who="李华", role="reviewer", findings=found)  # a warning does not stop an approval
    store.confirm(rid, TABLE_ERROR, reason="复议决定书另有统计口径", who="李华", role="reviewer")
    store.approve(rid, "四", who="李华", role="reviewer", findings=found)
    assert store.reviews(rid)["四"].approved


def test_sign_off_lists_every_reason_it_is_refused(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    found = [TABLE_ERROR, TEXT_WARNING]
    store.approve(rid, "前言", who="李华", role="reviewer")
    blockers = store.signoff_blockers(rid, found)
    assert blockers[0].startswith("以下部分尚未审核通过：基本信息、一、总体情况、")
    assert blockers[1].startswith("还有 1 个错误未处理：") and "合计不符" in blockers[1]
    assert blockers[2].startswith("还有 1 个警告既未修正也未写明理由确认：")
    with pytest.raises(StatusError, match="还不能签发：以下部分尚未审核通过") as refused:
        _sign(store, rid, found)
    assert "个错误未处理" in str(refused.value) and "个警告" in str(refused.value)
    assert store.load(rid)[0].meta.signoff == example().meta.signoff  # nothing written
    with pytest.raises(RoleError):
        store.sign_off(rid, reviewer="李华", issuer="周正", date=SIGNED_ON, who="张敏", role="clerk", findings=[])

    store.confirm(rid, TABLE_ERROR, reason="复议决定书另有统计口径", who="李华", role="reviewer")
    store.confirm(rid, TEXT_WARNING, reason="引用的是上年文件", who="张敏", role="clerk")
    _approve_all(store, rid, found)
    assert store.signoff_blockers(rid, found) == []
    _sign(store, rid, found)
    assert store.report_info(rid).status == "signed"


def test_the_reviewer_recorded_is_the_one_signing(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    _approve_all(store, rid, [])
    with pytest.raises(StorageError, match="审核人应为签发操作人本人") as refused:
        store.sign_off(rid, reviewer="王审", issuer="周正", date=SIGNED_ON, who="李华", role="reviewer", findings=[])
    assert "李华" in str(refused.value) and "王审" in str(refused.value)
    assert store.report_info(rid).status != "signed"
    assert store.load(rid)[0].meta.signoff == example().meta.signoff  # nothing written
    _sign(store, rid)
    assert store.load(rid)[0].meta.signoff.reviewer == "李华"


def test_a_finding_that_can_never_be_dismissed_is_not_offered_a_reason(store: Store):
    marker = Finding(rule="PLACEHOLDER", severity="error", section="前言", paragraph=1,
                     message="「前言」第 1 段还有待补充的内容：【待补充】", actual="【待补充】")  # fmt: skip
    rid = store.create_report(example(), who="张敏", role="clerk")
    with pytest.raises(StorageError) as refused:
        store.approve(rid, "前言", who="李华", role="reviewer", findings=[marker])
    assert "须修正（不能忽略）" in str(refused.value) and "写明理由" not in str(refused.value)
    with pytest.raises(StorageError) as refused:
        store.approve(rid, "四", who="李华", role="reviewer", findings=[marker, TABLE_ERROR])
    assert "写明理由确认" in str(refused.value) and "不能忽略" not in str(refused.value)  # R-E may be confirmed
    blockers = store.signoff_blockers(rid, [marker, TABLE_ERROR])
    fixed_only = next(b for b in blockers if "待补充" in b)
    assert fixed_only.startswith("还有 1 个错误须修正（不能忽略）：") and "合计不符" not in fixed_only
    assert where_to_fix(fixed_only) == "在「检查发现」修正后点「已修正」"
    confirmable = next(b for b in blockers if "合计不符" in b)
    assert "写明理由后忽略/确认" in where_to_fix(confirmable)


def test_a_publication_needs_its_date_and_its_web_address(store: Store):
    rid = _signed(store)
    for date, url, said in [
        (dt.date(2026, 1, 20), "", "请填写发布网址"),
        (dt.date(2026, 1, 20), "   ", "请填写发布网址"),
        (None, "", "请填写发布日期和发布网址"),
        (None, "https://example.gov.cn/nb", "请填写发布日期："),
        (dt.date(2026, 1, 20), "example.gov.cn/nb", "应以 http:// 或 https:// 开头"),
        (dt.date(2026, 1, 20), "ftp://example.gov.cn/nb", "不是有效的网址"),
        (dt.date(2026, 1, 20), "http://", "不是有效的网址"),
    ]:
        with pytest.raises(StorageError, match=said):
            store.record_publication(rid, date=date, url=url, who="张敏", role="clerk")
        assert store.report_info(rid).status == "signed"  # nothing recorded
    store.record_publication(rid, date=dt.date(2026, 1, 20), url="https://example.gov.cn/nb", who="张敏", role="clerk")
    assert store.report_info(rid).status == "published"
    with pytest.raises(StorageError, match="请填写发布网址"):  # a published report keeps its address
        store.record_publication(rid, date=dt.date(2026, 1, 21), url="", who="张敏", role="clerk")
    assert store.report_info(rid).published_url == "https://example.gov.cn/nb"


def test_the_publication_in_a_few_characters():
    deadline = dt.date(2026, 1, 31)
    on_time, late = dt.date(2026, 1, 20), dt.date(2026, 2, 3)
    assert publication_short(timeliness(deadline, published_on=on_time, today=late), on_time) == "按时发布 1月20日"
    assert publication_short(timeliness(deadline, published_on=late, today=late), late) == "逾期 3 天发布"
    assert publication_short(timeliness(deadline, published_on=None, today=late), None) == "未发布"
    assert publication_short(timeliness(deadline, published_on=None, today=on_time), None) == "未发布"


def test_a_clerk_may_confirm_a_warning_but_not_an_error(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    with pytest.raises(RoleError, match="错误只有审核人可以写明理由确认"):
        store.confirm(rid, TABLE_ERROR, reason="核对过", who="张敏", role="clerk")
    store.confirm(rid, TEXT_WARNING, reason="引用的是上年文件", who="张敏", role="clerk")
    [confirmation] = store.load(rid)[0].confirmations
    assert (confirmation.rule, confirmation.by, confirmation.reason) == ("YEAR", "张敏", "引用的是上年文件")
    with pytest.raises(RoleError):
        store.confirm(rid, TABLE_ERROR, reason="核对过", who="助手", role="assistant")


def test_a_signed_report_changed_goes_back_to_review_with_the_change_named(store: Store):
    rid = _signed(store)
    report, version = store.load(rid)
    report.meta.publication.url = "http://example.gov.cn/other"  # the publication record is not content
    report.notes.general = "补充的工作素材"  # nor are the clerk's materials
    version = store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    assert store.report_info(rid).status == "signed"

    cell = report.tables["三"]["received.natural_person"]
    report.tables["三"]["received.natural_person"] = cell.model_copy(update={"value": 21, "raw": "21"})
    version = store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    info = store.report_info(rid)
    assert info.status == "reviewing"
    assert info.status_note.startswith(f"第 {version} 版修改了表三")
    assert "自然人" in info.status_note and "→21" in info.status_note
    assert info.status_note.endswith("：已签发的报告退回审核中，需重新审核签发")
    assert "已签发的报告退回审核中，需重新审核签发" in store.versions(rid)[0].summary
    assert not store.reviews(rid)["三"].approved and store.reviews(rid)["二"].approved

    store.approve(rid, "三", who="李华", role="reviewer", findings=[])
    _sign(store, rid)
    assert (store.report_info(rid).status, store.report_info(rid).status_note) == ("signed", "")
    store.sign_off(rid, reviewer="李华", issuer="周正", date=SIGNED_ON + dt.timedelta(days=1), who="李华",
                   role="reviewer", findings=[])  # fmt: skip
    latest = store.versions(rid)[0]  # signing again with a new date is no change that sends it back
    assert (latest.kind, store.report_info(rid).status) == ("signoff", "signed") and "退回" not in latest.summary

    report, version = store.load(rid)
    report.meta.signoff.issuer = "另一人"  # the sign-off is the reviewer's: typed elsewhere, it needs review
    store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    assert store.report_info(rid).status == "reviewing"


def test_a_published_report_changed_goes_back_to_review_too(store: Store):
    rid = _signed(store)
    store.record_publication(rid, date=dt.date(2026, 1, 20), url="https://example.gov.cn/nb", who="张敏", role="clerk")
    store.confirm(rid, TEXT_WARNING, reason="引用的是上年文件", who="李华", role="reviewer")
    info = store.report_info(rid)
    assert info.status == "reviewing" and "已发布的报告退回审核中" in info.status_note
    assert info.standing(dt.date(2026, 3, 1)) == "审核中 · 已逾期 29 天"  # the date counts once published again


def test_downloads_do_not_move_the_status(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    store.record_export(rid, format="docx", who="张敏", role="clerk")
    assert store.report_info(rid).status == "filling"


def test_a_publication_date_counts_only_once_published(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")  # its meta names a publication date
    info = store.report_info(rid)
    assert info.published_on == dt.date(2026, 1, 20) and info.publication_date is None
    assert info.standing(dt.date(2026, 3, 1)) == "填报中 · 已逾期 29 天"
    [unit] = store.unit_progress(2025, today=dt.date(2026, 3, 1))
    assert unit.standing == info.standing(dt.date(2026, 3, 1)) and unit.timeliness.state == "overdue"
    last_year = example()
    last_year.meta.year = 2024
    store.create_report(last_year, who="张敏", role="clerk", status="published")
    [unit] = store.unit_progress(2024, today=dt.date(2026, 3, 1))
    assert unit.standing == "已发布（逾期 354 天）"  # 2026年1月20日, due 2025年1月31日


OLD = {
    "甲局": ("draft", True, True, "filling"),
    "乙局": ("in_review", True, True, "submitted"),
    "丙局": ("reviewed", True, True, "reviewing"),
    "丁局": ("exported", True, True, "published"),  # signed and published
    "戊局": ("exported", True, False, "signed"),  # signed, no publication date
    "己局": ("exported", False, False, "reviewing"),  # downloaded without a sign-off
}


def _old_database(store: Store) -> dict[str, int]:
    """Reports written as nianbao wrote them before the lifecycle: old statuses, no status_note, schema 2."""
    ids = {}
    for agency, (_, signoff, published, _) in OLD.items():
        report = example()
        report.meta.agency = agency
        if not signoff:
            report.meta.signoff.issuer, report.meta.signoff.date = "", None
        if not published:
            report.meta.publication.date = None
        ids[agency] = store.create_report(report, who="张敏", role="clerk")
    with store.engine.begin() as connection:
        for agency, (status, *_) in OLD.items():
            connection.execute(text("UPDATE report SET status = :s WHERE id = :i"), {"s": status, "i": ids[agency]})
        connection.execute(text("ALTER TABLE report DROP COLUMN status_note"))
        connection.execute(text("UPDATE storage_info SET value = '2' WHERE key = 'schema_version'"))
    return ids


def test_an_old_database_moves_to_the_new_statuses(open_store: Callable[..., Store], new_url: Callable[[], str]):
    url = new_url()
    old = open_store(url)
    ids = _old_database(old)
    assert "status_note" not in {c["name"] for c in inspect(old.engine).get_columns("report")}
    old.close()

    store = open_store(url)
    for agency, (*_, expected) in OLD.items():
        info = store.report_info(ids[agency])
        assert (agency, info.status, info.status_note) == (agency, expected, "")
    with store.read() as s:
        assert s.execute(text("SELECT value FROM storage_info WHERE key = 'schema_version'")).scalar() == "3"
    rid = ids["丁局"]  # and the lifecycle goes on from there
    report, version = store.load(rid)
    report.preface = "改过的前言。"
    store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    assert (
        store.report_info(rid).status == "reviewing" and "已发布的报告退回审核中" in store.report_info(rid).status_note
    )


def _backup_with_status(store: Store, status: str) -> str:
    rid = store.create_report(example(), who="张敏", role="clerk")
    data = json.loads(store.export_json(rid))
    store.delete_report(rid)
    data["record"]["status"] = status
    data["record"].pop("status_note")  # as a backup written before the lifecycle
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(("old", "new"), [("draft", "filling"), ("reviewed", "reviewing"), ("exported", "published")])
def test_a_backup_with_an_old_status_imports_with_the_new_one(store: Store, old: str, new: str):
    rid = store.import_json(_backup_with_status(store, old), who="张敏")
    assert store.report_info(rid).status == new


def test_a_backup_with_an_unknown_status_is_refused_before_anything_is_written(store: Store):
    backup = _backup_with_status(store, "archived")
    units = store.list_units()
    with pytest.raises(BackupError, match="备份中的报告状态「archived」无法识别，未导入任何内容"):
        store.import_json(backup, who="张敏")
    assert store.list_reports() == [] and store.list_units() == units


def test_where_each_open_error_is_fixed():
    found = [
        TABLE_ERROR,
        Finding(rule="R-A", severity="error", table="三", message="合计不符"),
        Finding(rule="YEAR", severity="error", message="成文日期不符"),
        Finding(rule="YEAR", severity="error", section="一", paragraph=2, message="年份不符"),
    ]
    assert [where_fixed(f) for f in found] == [
        "「数据填报」表四",
        "「数据填报」表三",
        "「基本信息」",
        "「起草」或「审核」的「一、总体情况」",
    ]
    assert where_all_fixed(found) == "「数据填报」表四、表三；「基本信息」；「起草」或「审核」的「一、总体情况」"


def test_last_years_report_imported_from_its_published_file_is_published(tmp_path):
    from app.workspace.creation import import_previous, new_report
    from tests.conftest import EXAMPLES
    from tests.test_workspace import Upload

    store = Store.open(f"sqlite:///{tmp_path / 'created.db'}")
    path = EXAMPLES / "county-department-2024.json"
    created = new_report(store, agency="示例县市场监督管理局", level="department", year=2025,
                         source="previous_file", upload=Upload(path.name, path.read_bytes()), who="张敏",
                         role="clerk")  # fmt: skip
    statuses = {i.year: i.status for i in store.list_reports()}
    assert created.error is None and statuses == {2024: "published", 2025: "filling"}

    other = new_report(store, agency="示例县教育局", level="department", year=2025, source="blank", upload=None,
                       who="张敏", role="clerk")  # fmt: skip
    report = store.load(other.report_id)[0]
    assert import_previous(store, report, Upload(path.name, path.read_bytes()), "张敏", "clerk") is None
    [info] = store.list_reports(unit_id=store.report_info(other.report_id).unit_id, year=2024)
    assert info.status == "published" and info.standing(dt.date(2026, 3, 1)) == "已发布（按时）"
    store.close()


def test_a_report_never_checked_is_not_signed(store):
    """Without a check (none passed, none stored) nothing is known about its findings: no sign-off."""
    rid = store.create_report(example(), who="张敏", role="clerk")
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="李华", role="reviewer")
    assert any("尚未检查" in r for r in store.signoff_blockers(rid, None))
    with pytest.raises(StatusError, match="尚未检查"):
        store.sign_off(rid, reviewer="李华", issuer="王局", date=dt.date(2026, 1, 20), who="李华", role="reviewer")
    store.set_findings(rid, [])
    assert store.signoff_blockers(rid, None) == []


def test_approving_without_a_fresh_check_is_judged_on_the_stored_one(store):
    """A caller that passes no findings does not slip past the gate: the last stored check counts."""
    rid = store.create_report(example(), who="张敏", role="clerk")
    error = Finding(rule="R-C", severity="error", table="三", row="（一）予以公开", column="总计", message="相差 1")
    store.set_findings(rid, [error])
    with pytest.raises(StorageError, match="不能审核通过"):
        store.approve(rid, "三", who="李华", role="reviewer")
    store.approve(rid, "四", who="李华", role="reviewer")  # the error is not in 四
    assert store.reviews(rid)["四"].approved and not store.reviews(rid)["三"].approved
