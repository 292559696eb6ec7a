"""版本记录: quick edits by one person read as one entry with the net change; a restore shows what it changes and
waits for 「确认恢复」; an imported backup is open at once."""

from __future__ import annotations

import datetime as dt
import re
from typing import get_args

import pytest
from streamlit.testing.v1 import AppTest

from app.drafting.gate import report_findings
from app.importers import read_report
from app.storage import REVIEW_SECTIONS, Store
from app.storage.info import VersionInfo
from app.storage.vocab import VersionKind
from app.workspace.lifecycle import fresh_findings
from app.workspace.versions import KIND_LABELS, NO_NET_CHANGE, group_versions, version_entries
from schemas.confirmations import open_findings
from schemas.report import Cell, Report
from tests import test_ui as ui
from tests.conftest import EXAMPLES
from tests.test_ui import app

db = ui.db
START = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
NATURAL = "表三「一、本年新收政府信息公开申请数量」「自然人」"
ENTERPRISE = "表三「一、本年新收政府信息公开申请数量」「商业企业」"


# ---------------------------------------------------------------- grouping, without storage


def _v(no: int, minute: float, *, kind: str = "edit", author: str = "张敏", role: str = "clerk") -> VersionInfo:
    at = START + dt.timedelta(minutes=minute)
    return VersionInfo(report_id=1, version_no=no, kind=kind, author=author, role=role, at=at, summary=f"改动{no}")


def _numbers(groups) -> list[list[int]]:
    return [[v.version_no for v in g] for g in groups]


def test_quick_edits_by_one_person_are_one_group_newest_first():
    history = [_v(5, 20), _v(4, 14), _v(3, 9), _v(2, 1), _v(1, 0, kind="create")]
    assert _numbers(group_versions(history)) == [[5, 4, 3, 2], [1]]


def test_a_pause_longer_than_the_window_starts_a_new_group():
    history = [_v(4, 25), _v(3, 20), _v(2, 9), _v(1, 0)]  # 11 minutes between 2 and 3
    assert _numbers(group_versions(history)) == [[4, 3], [2, 1]]


def test_other_authors_roles_and_kinds_stay_separate():
    history = [
        _v(8, 8),
        _v(7, 7, role="reviewer"),  # the same name as reviewer
        _v(6, 6, author="李华"),
        _v(5, 5),
        _v(4, 4, kind="restore"),
        _v(3, 3),
        _v(2, 2, kind="signoff"),
        _v(1, 1, kind="import"),
    ]
    assert _numbers(group_versions(history)) == [[8], [7], [6], [5], [4], [3], [2], [1]]


def test_a_version_marked_standalone_is_its_own_group():
    history = [_v(4, 3), _v(3, 2), _v(2, 1), _v(1, 0)]
    assert _numbers(group_versions(history, standalone=frozenset({3}))) == [[4], [3], [2, 1]]


def test_every_kind_of_version_storage_records_has_a_chinese_name():
    assert set(get_args(VersionKind)) <= KIND_LABELS.keys()


# ---------------------------------------------------------------- entries of a stored history


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def later(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def clocked(tmp_path) -> tuple[Store, Clock, int]:
    clock = Clock()
    store = Store.open(f"sqlite:///{tmp_path / 'versions.db'}", clock=clock)
    rid = store.create_report(
        read_report(EXAMPLES / "county-department-2025-with-errors.json"), who="张敏", role="clerk"
    )
    return store, clock, rid


def _edit(store: Store, rid: int, change, *, who: str = "张敏", role: str = "clerk") -> int:
    report, version = store.load(rid)
    change(report)
    return store.save(rid, report, expected_version=version, who=who, role=role)


def _cell(table: str, key: str, value: int):
    def change(report: Report) -> None:
        report.tables[table][key] = Cell(value=value, raw=str(value))

    return change


def _entries(store: Store, rid: int):
    return version_entries(store.versions(rid), lambda n: store.load(rid, version=n)[0])


def test_a_sitting_of_cell_edits_is_one_entry_listing_every_net_change(clocked):
    store, clock, rid = clocked
    for value in (40, 41, 42):  # 自然人 38 → 40 → 41 → 42
        clock.later(2)
        _edit(store, rid, _cell("三", "received.natural_person", value))
    for key in ("received.research_institution", "received.social_welfare_organization", "received.other"):
        clock.later(1)
        _edit(store, rid, _cell("三", key, 1))
    clock.later(1)
    _edit(store, rid, _cell("三", "received.commercial_enterprise", 18))
    newest, created = _entries(store, rid)
    assert newest.label == "第 2–8 版" and created.label == "第 1 版" and created.kind_label == "新建"
    assert [v.version_no for v in newest.versions] == [8, 7, 6, 5, 4, 3, 2]  # every version still listed
    assert f"{NATURAL}：38→42" in newest.lines and f"{ENTERPRISE}：17→18" in newest.lines
    assert len(newest.lines) == 5  # each of the five cells changed, even past the three a version summary lists
    assert not any("40" in line for line in newest.lines)  # net: the values in between are not the change


def test_edits_that_cancel_out_say_so_and_a_pause_or_another_person_starts_a_new_entry(clocked):
    store, clock, rid = clocked
    clock.later(1)
    _edit(store, rid, _cell("三", "received.natural_person", 40))
    clock.later(1)
    _edit(store, rid, _cell("三", "received.natural_person", 38))
    clock.later(30)
    _edit(store, rid, _cell("三", "received.natural_person", 50))
    clock.later(1)
    _edit(store, rid, _cell("三", "received.natural_person", 51), who="李华")
    entries = _entries(store, rid)
    assert [e.label for e in entries] == ["第 5 版", "第 4 版", "第 2–3 版", "第 1 版"]
    assert entries[2].lines == (NO_NET_CHANGE,)
    assert entries[0].newest.author == "李华" and entries[0].lines == (f"{NATURAL}：50→51",)


def test_a_confirmation_between_edits_is_an_entry_of_its_own_named_without_rule_ids(clocked):
    store, clock, rid = clocked
    reviewer = {"who": "王审", "role": "reviewer"}
    clock.later(1)
    _edit(store, rid, _cell("三", "received.natural_person", 40), **reviewer)
    clock.later(1)
    report = store.load(rid)[0]
    finding = next(f for f in report_findings(report) if f.severity == "error" and f.table == "四")
    store.confirm(rid, finding, reason="与台账核对无误；另见说明", **reviewer)
    clock.later(1)
    _edit(store, rid, _cell("三", "received.natural_person", 41), **reviewer)
    entries = _entries(store, rid)
    assert [e.label for e in entries] == ["第 4 版", "第 3 版", "第 2 版", "第 1 版"]
    confirmation = entries[1]
    assert confirmation.kind_label == "审核确认" and len(confirmation.lines) == 1
    assert confirmation.lines[0].endswith("（王审）：与台账核对无误；另见说明")  # the reason whole, on its line
    assert f" {finding.rule} " not in " ".join(confirmation.lines)  # the rule by its Chinese title


def test_an_edit_with_a_note_stays_its_own_entry_and_a_restore_lists_every_cell_it_brings_back(clocked):
    store, clock, rid = clocked
    keys = ("received.natural_person", "received.research_institution", "received.social_welfare_organization")
    for n, key in enumerate((*keys, "received.other")):
        clock.later(1)
        _edit(store, rid, _cell("三", key, n + 50))
    clock.later(1)
    report, version = store.load(rid)
    report.preface += "本年报另附说明。"
    store.save(
        rid, report, expected_version=version, who="张敏", role="clerk", note="采纳助手建议，张敏采纳：补一句说明；"
    )
    clock.later(1)
    store.restore(rid, 1, who="张敏", role="clerk")
    restored, adopted, edits, _ = _entries(store, rid)
    assert (restored.label, adopted.label, edits.label) == ("第 7 版", "第 6 版", "第 2–5 版")
    assert adopted.lines == ("采纳助手建议，张敏采纳：补一句说明", "「前言」修改（347→355字）")
    assert restored.kind_label == "恢复旧版本" and restored.lines[0] == "恢复为第 1 版"
    cells = [line for line in restored.lines if line.startswith("表三")]
    assert len(cells) == 4 and f"{NATURAL}：50→38" in cells  # every cell, where storage's summary names three


# ---------------------------------------------------------------- the page


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def _page_text(at: AppTest) -> str:
    return _plain(ui.texts(at))


def _open(db: str, rid: int, *, who: str = "张敏", role: str = "clerk") -> AppTest:
    at = app(who=who, role=role)
    report, version = Store.open(db).load(rid)
    at.session_state["report_id"], at.session_state["report"], at.session_state["version"] = rid, report, version
    at.switch_page("pages/versions.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _seeded(db: str) -> tuple[Store, int]:
    app()  # the first start stores the example reports
    store = Store.open(db)
    return store, next(i.id for i in store.list_reports() if i.year == 2025)


def test_the_page_shows_many_quick_edits_as_one_entry_and_other_people_separately(db):
    store, rid = _seeded(db)
    for value in range(40, 52):  # twelve quick saves of one cell
        _edit(store, rid, _cell("三", "received.natural_person", value))
    _edit(store, rid, _cell("三", "received.commercial_enterprise", 20), who="王审", role="reviewer")
    at = _open(db, rid)
    headers = [_plain(m.value) for m in at.markdown if m.value.startswith("**第")]
    assert len(headers) == 3
    assert headers[0].startswith("**第 14 版**") and "王审（审核人）" in headers[0]
    assert headers[1].startswith("**第 2–13 版**") and "张敏（经办人）" in headers[1]
    text = _page_text(at)
    assert f"{NATURAL}：38→51" in text and f"{ENTERPRISE}：17→20" in text
    assert "逐版记录（12 个版本）" in [e.label for e in at.expander]


def test_a_restore_shows_what_it_changes_and_waits_for_confirmation(db):
    store, rid = _seeded(db)

    def edit(report: Report) -> None:
        report.preface = report.preface + "本年报另附说明。"
        report.tables["三"]["received.natural_person"] = Cell(value=45, raw="45")

    _edit(store, rid, edit)
    at = _open(db, rid)
    at.selectbox(key="restore_choice").set_value(1).run()
    next(b for b in at.button if b.label == "查看恢复后会改动什么").click().run()
    assert not at.exception and store.load(rid)[1] == 2  # nothing restored yet
    assert any("第 2 版将改回第 1 版" in w.value for w in at.warning)
    text = _page_text(at)
    assert f"{NATURAL}：45→38" in text and "「前言」修改" in text
    diffs = [h.proto.body for h in at.get("html") if "line-through" in h.proto.body]
    assert len(diffs) == 1 and "本年报另附说明。" in diffs[0]  # the preface words a restore takes out

    next(b for b in at.button if b.label == "确认恢复").click().run()
    assert not at.exception
    report, version = store.load(rid)
    assert version == 3 and report == store.load(rid, version=1)[0]
    assert at.session_state["version"] == 3
    assert any("已恢复为第 1 版的内容，保存为第 3 版" in s.value for s in at.success)
    assert not [b for b in at.button if b.label == "确认恢复"]


def test_restoring_onto_a_signed_report_says_it_is_back_in_review(db):
    store, rid = _seeded(db)
    _edit(store, rid, lambda r: setattr(r.meta.contact, "address", "示例县人民路99号"))
    report, found = fresh_findings(store, rid)
    for f in open_findings(report, found):
        store.confirm(rid, f, reason="已与原始台账核对无误", who="王审", role="reviewer")
    report, found = fresh_findings(store, rid)
    for section in REVIEW_SECTIONS:
        store.approve(rid, section, who="王审", role="reviewer", findings=found)
    store.sign_off(
        rid, reviewer="王审", issuer="周正", date=dt.date.today(), who="王审", role="reviewer", findings=found
    )
    assert store.report_info(rid).status == "signed"
    at = _open(db, rid, who="王审", role="reviewer")
    at.selectbox(key="restore_choice").set_value(1).run()
    next(b for b in at.button if b.label == "查看恢复后会改动什么").click().run()
    assert "基本信息「联系方式·地址」：示例县人民路99号→示例县人民路88号" in _page_text(at)
    said = [w.value for w in at.warning]  # before 确认恢复: what a restore does to the signed report
    assert any("已签发。恢复后将退回「审核中」" in w and "基本信息" in w and "重新审核签发" in w for w in said)
    assert not any("发布记录" in w for w in said)  # both versions carry the same publication
    next(b for b in at.button if b.label == "确认恢复").click().run()
    assert not at.exception
    info = store.report_info(rid)
    assert info.status == "reviewing" and info.status_note
    notice = next(s.value for s in at.success if "已恢复为第 1 版" in s.value)
    assert info.status_note in notice  # the clerk reads that it must be signed again, and why


def test_choosing_another_version_drops_the_preview_and_cancel_restores_nothing(db):
    store, rid = _seeded(db)
    _edit(store, rid, _cell("三", "received.natural_person", 40))
    _edit(store, rid, _cell("三", "received.natural_person", 41))
    at = _open(db, rid)
    at.selectbox(key="restore_choice").set_value(1).run()
    next(b for b in at.button if b.label == "查看恢复后会改动什么").click().run()
    assert [b for b in at.button if b.label == "确认恢复"]
    at.selectbox(key="restore_choice").set_value(2).run()
    assert not [b for b in at.button if b.label == "确认恢复"]  # a preview of version 1 no longer shown
    next(b for b in at.button if b.label == "查看恢复后会改动什么").click().run()
    assert f"{NATURAL}：41→40" in _page_text(at)
    next(b for b in at.button if b.label == "取消").click().run()
    assert not at.exception and store.load(rid)[1] == 3
    assert not [b for b in at.button if b.label == "确认恢复"]


def test_a_save_by_someone_else_before_the_confirmation_restores_nothing_and_shows_the_changes_again(db):
    store, rid = _seeded(db)
    _edit(store, rid, _cell("三", "received.natural_person", 40))
    at = _open(db, rid)
    at.selectbox(key="restore_choice").set_value(1).run()
    next(b for b in at.button if b.label == "查看恢复后会改动什么").click().run()
    _edit(store, rid, _cell("三", "received.natural_person", 45), who="李华")  # meanwhile, version 3
    next(b for b in at.button if b.label == "确认恢复").click().run()
    assert not at.exception and store.load(rid)[1] == 3  # nothing restored over 李华's save
    assert any("未恢复：李华（经办人）刚刚保存了第 3 版" in e.value for e in at.error)
    assert at.session_state["version"] == 3 and f"{NATURAL}：45→38" in _page_text(at)
    next(b for b in at.button if b.label == "确认恢复").click().run()  # now knowingly
    assert store.load(rid)[1] == 4 and store.load(rid)[0] == store.load(rid, version=1)[0]


def test_an_imported_backup_is_open_at_once(db, tmp_path):
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    backup = other.export_json(
        other.create_report(read_report(EXAMPLES / "qihuxiang-2020.json"), who="马丽", role="clerk")
    )
    store, rid = _seeded(db)
    at = _open(db, rid)
    at.file_uploader(key="backup_upload").set_value(
        ("七户乡2020年报备份.json", backup.encode("utf-8"), "application/json")
    )
    at.run()
    next(b for b in at.button if b.label == "导入备份").click().run()
    assert not at.exception, at.exception
    new_id = at.session_state["report_id"]
    assert new_id != rid and store.report_info(new_id).agency == "七户乡"
    assert at.session_state["report"].meta.agency == "七户乡"
    assert any("已导入并打开：七户乡 2020年度" in s.value for s in at.success)
    assert any("当前报告：七户乡 2020年度" in c.value for c in at.sidebar.caption)  # the sidebar too, at once
    assert at.file_uploader[0].value is None and not [b for b in at.button if b.label == "导入备份"]  # not twice


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"[1, 2]", "不是年报助手的报告备份"),
        ('{"说明": "旧系统导出"}'.encode("gbk"), "不是 UTF-8 编码"),
        (b'{"meta": ', "不是有效的 JSON"),
    ],
)
def test_a_file_that_is_no_backup_is_refused_in_chinese(db, content, said):
    store, rid = _seeded(db)
    at = _open(db, rid)
    at.file_uploader(key="backup_upload").set_value(("x.json", content, "application/json"))
    at.run()
    next(b for b in at.button if b.label == "导入备份").click().run()
    assert not at.exception
    assert any(e.value.startswith("备份无法导入") and said in e.value for e in at.error)
    assert at.session_state["report_id"] == rid and len(store.list_reports()) == 2
