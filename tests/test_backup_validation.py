"""A backup is checked completely before anything is written: every bad backup is refused with a Chinese message
saying what is wrong and where, and the database is exactly as it was (no half-imported report, no raw
IntegrityError, no status that later breaks 首页)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.storage import BackupError, Store
from app.storage.models import Base
from schemas.findings import Finding
from schemas.report import Report
from tests.conftest import EXAMPLES
from tests.test_ui import app
from tests.test_ui_versions import _open, _seeded, db  # noqa: F401  (db is a fixture)

NATURAL = "表三「一、本年新收政府信息公开申请数量」行「自然人」列"


def _example() -> Report:
    return Report.model_validate_json((EXAMPLES / "county-department-2025.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A backup of a report with two versions, a comment, a check's findings and a chat turn."""
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}")
    rid = store.create_report(_example(), who="张敏", role="clerk")
    report, version = store.load(rid)
    report.preface = "改过的前言。"
    store.save(rid, report, expected_version=version, who="张敏", role="clerk")
    store.set_findings(rid, [Finding(rule="R-H", severity="warning", section="一", message="数字不一致")])
    store.add_comment(rid, "一", "请补充数据来源。", who="李华", role="reviewer")
    store.add_message(rid, role="user", content="写得更简洁", section="一", author="张敏")
    document = json.loads(store.export_json(rid))
    store.close()
    return document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"sqlite:///{tmp_path / 'target.db'}")
    opened.create_report(Report.model_validate_json((EXAMPLES / "township-2025.json").read_text(encoding="utf-8")),
                         who="马丽", role="clerk")  # fmt: skip
    yield opened
    opened.close()


def _rows(store: Store) -> dict[str, int]:
    with store.read() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def _set(*path: str | int, to: object) -> Callable[[dict], None]:
    def change(document: dict) -> None:
        place = document
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = to

    return change


def _drop(*path: str | int) -> Callable[[dict], None]:
    def change(document: dict) -> None:
        place = document
        for key in path[:-1]:
            place = place[key]
        del place[path[-1]]

    return change


CELL = ("versions", 1, "report", "tables", "三", "received.natural_person")
BAD_BACKUPS: dict[str, tuple[Callable[[dict], None], str]] = {
    "unknown status": (
        _set("record", "status", to="archived"),
        "备份中的报告状态「archived」无法识别，未导入任何内容。可识别的状态：填报中、待审核、审核中、已签发、已发布。",
    ),
    "status not text": (
        _set("record", "status", to=5),
        "备份中「报告记录 › 状态」：应为文字，实际为 5，未导入任何内容。",
    ),
    "duplicate version numbers": (
        _set("versions", 1, "version_no", to=1),
        "备份中的版本号重复（第 1 版），未导入任何内容。",
    ),
    "version number zero": (
        _set("versions", 0, "version_no", to=0),
        "备份第 0 版：「版本号」：应不小于 1，实际为 0，未导入任何内容。",
    ),
    "version number as text": (
        _set("versions", 0, "version_no", to="1"),
        '备份的版本第 1 条：「版本号」：应为整数，实际为 "1"，未导入任何内容。',
    ),
    "planted system message": (
        _set("messages", 0, "role", to="system"),
        '备份的助手对话第 1 条：「发言方」：应为以下之一：user（提问的人）、assistant（助手），实际为 "system"，未导入任何内容。',
    ),
    "findings not a list": (
        _set("record", "findings_json", to='{"rule": "R-A"}'),
        "备份记录的检查结果（findings_json）应为一个发现的列表，未导入任何内容。",
    ),
    "findings as a JSON list, not its text": (
        _set("record", "findings_json", to=[]),
        "备份中「报告记录 › 检查结果」：应为文字，未导入任何内容。",
    ),
    "a finding of no rule": (
        _set("record", "findings_json", to='[{"rule": "X", "severity": "error", "message": "m"}]'),
        "备份记录的检查结果第 1 条不是有效的检查发现：「规则」：应为以下之一：R-A、",
    ),
    "record year 1999": (_set("record", "year", to=1999), "备份中的报告年度 1999 不在 2008—"),
    "record and version years differ": (
        _set("record", "year", to=2024),
        "备份第 2 版（当前版本）的报告年度是 2025，备份记录的年度是 2024，两者不一致，未导入任何内容。",
    ),
    "current version not in the backup": (
        _set("record", "current_version", to=9),
        "备份记录的当前版本是第 9 版，但备份中最新的是第 2 版，未导入任何内容。",
    ),
    "a date that does not parse": (
        _set("record", "created_at", to="昨天"),
        '备份中「报告记录 › 创建时间」：应为日期时间（如 2026-01-20T09:30:00+08:00），实际为 "昨天"，未导入任何内容。',
    ),
    "a day that does not exist": (
        _set("record", "published_on", to="2026-02-30"),
        '备份中「报告记录 › 发布日期」：应为日期（如 2026-01-20），实际为 "2026-02-30"，未导入任何内容。',
    ),
    "unknown role": (
        _set("versions", 0, "role", to="admin"),
        '备份第 1 版：「角色」：应为以下之一：clerk（经办人）、reviewer（审核人）、assistant（助手），实际为 "admin"，未导入任何内容。',
    ),
    "unknown unit level": (
        _set("unit", "level", to="province"),
        '备份中「单位 › 单位层级」：应为以下之一：county_government（县级以上人民政府）、township（乡镇人民政府、街道办事处）、department（政府部门）、other（其他），实际为 "province"',
    ),
    "no versions": (_set("versions", to=[]), "备份中「版本」：至少要有一项，未导入任何内容。"),
    "record missing": (_drop("record"), "备份中「报告记录」：缺少该项，未导入任何内容。"),
    "a bool written as text": (
        _set("record", "submitted", to="yes"),
        '备份中「报告记录 › 已报送」：应为 true 或 false，实际为 "yes"，未导入任何内容。',
    ),
    "a count that is true": (
        _set(*CELL, to={"value": True, "raw": ""}),
        f"备份第 2 版的报告内容无效：{NATURAL}：不是数字",
    ),
    "a count that is NaN": (
        _set(*CELL, to={"value": float("nan"), "raw": ""}),
        f"备份第 2 版：{NATURAL}：NaN 不是有限的数（空白单元格应写 null），未导入任何内容。",
    ),
    "a version without meta": (
        _drop("versions", 0, "report", "meta"),
        "备份第 1 版的报告内容无效：不是本工具的年报 JSON：缺少基本信息（meta），未导入任何内容。",
    ),
    "text longer than its column": (
        _set("versions", 0, "author", to="张" * 201),
        "备份第 1 版：「保存人」有 201 个字，超过 200 个字的上限，未导入任何内容。",
    ),
    "a deadline on no day": (
        _set("unit", "deadline_override", to=[2, 30]),
        "备份中单位的本地截止日期「2月30日」不是有效的日期，未导入任何内容。",
    ),
    "a comment on no section": (
        _set("comments", 0, "section", to="七"),
        "备份的审核意见第 1 条：部分「七」不是可审核的部分",
    ),
    "a section approved twice": (
        _set("reviews", to=[{"section": "三"}, {"section": "三"}]),
        "备份的审核第 2 条与前面的重复（部分「三」），未导入任何内容。",
    ),
    "a version number beyond an INTEGER column": (
        _set("versions", 1, "version_no", to=2**31),
        f"备份第 {2**31} 版：「版本号」：应不大于 {2**31 - 1}，实际为 {2**31}，未导入任何内容。",
    ),
    "a unit named only with spaces": (
        _set("unit", "name", to="   "),
        '备份中「单位 › 单位名称」：不能为空，实际为 "   "，未导入任何内容。',
    ),
    "negative tokens": (
        _set("messages", 0, "prompt_tokens", to=-1),
        "备份的助手对话第 1 条：「输入 tokens」：应不小于 0，实际为 -1，未导入任何内容。",
    ),
    "a count of 400 digits": (
        _set(*CELL, to={"value": 10**400, "raw": ""}),
        f"备份第 2 版：{NATURAL}：数字过大（401 位），未导入任何内容。",
    ),
    "a count of 1.7e308": (
        _set(*CELL, to={"value": 1.7e308, "raw": ""}),
        f"备份第 2 版：{NATURAL}：数字过大（1.7e+308），未导入任何内容。",
    ),
    "a fee of 1e20 in an old version": (
        _set("versions", 0, "report", "meta", "processing_fee", "notices_amount", to=1e20),
        "备份第 1 版：「基本信息 › 信息处理费 › 通知总金额（元）」：数字过大（1e+20），未导入任何内容。",
    ),
    "an update in the year 9999 west of UTC": (
        _set("record", "updated_at", to="9999-12-31T23:59:59-14:00"),
        "备份中「报告记录 › 修改时间」：应在 2000-01-01 至 2100-12-31 之间，实际为",
    ),
    "an update in the year 9999 UTC": (
        _set("record", "updated_at", to="9999-12-31T23:59:59Z"),
        "备份中「报告记录 › 修改时间」：应在 2000-01-01 至 2100-12-31 之间，实际为",
    ),
    "a message in the year 1": (
        _set("messages", 0, "created_at", to="0001-01-01T00:00:00+14:00"),
        "备份的助手对话第 1 条：「时间」：应在 2000-01-01 至 2100-12-31 之间，实际为",
    ),
    "a publication day in 2101": (
        _set("record", "published_on", to="2101-01-01"),
        "备份中「报告记录 › 发布日期」：应在 2000-01-01 至 2100-12-31 之间，实际为",
    ),
    "a NUL in the unit's name": (
        _set("unit", "name", to="示例\x00局"),
        "备份中「单位 › 单位名称」：含有不可见的控制字符（U+0000），未导入任何内容。",
    ),
    "a control character in a chat message": (
        _set("messages", 0, "content", to="写得\x1b[31m更简洁"),
        "备份的助手对话第 1 条：「内容」：含有不可见的控制字符（U+001B），未导入任何内容。",
    ),
    "a NUL in a version's preface": (
        _set("versions", 1, "report", "preface", to="前言\x00"),
        "备份第 2 版：「前言」：含有不可见的控制字符（U+0000），未导入任何内容。",
    ),
    "too many chat messages": (
        _set("messages", to=[{"role": "user", "content": "好", "created_at": "2026-01-05T09:00:00+08:00"}] * 20_001),
        "备份中「助手对话」：超过 20000 项的上限，未导入任何内容。",
    ),
    "a backup kind of no format": (_drop("format"), "备份文件缺少格式版本（format），未导入任何内容。"),
}


@pytest.mark.parametrize("case", BAD_BACKUPS)
def test_a_bad_backup_is_refused_with_its_place_and_nothing_is_written(store: Store, backup: dict, case: str):
    change, said = BAD_BACKUPS[case]
    document = copy.deepcopy(backup)
    change(document)
    before = _rows(store)
    with pytest.raises(BackupError) as caught:
        store.import_json(json.dumps(document, ensure_ascii=False), who="王强")
    assert said in str(caught.value)
    assert _rows(store) == before


def test_a_deeply_nested_backup_is_refused_in_chinese(store: Store):
    deep = '{"kind": "nianbao-report-backup", "format": 1, "versions": ' + "[" * 100_000 + "]" * 100_000 + "}"
    before = _rows(store)
    with pytest.raises(
        BackupError,
        match="文件不是有效的 JSON（第 1 行第 260 列）：嵌套超过 200 层，不是本工具写出的 JSON，未导入任何内容。",
    ):
        store.import_json(deep, who="王强")
    assert _rows(store) == before


def test_a_good_backup_still_imports_whole(store: Store, backup: dict):
    rid = store.import_json(json.dumps(backup, ensure_ascii=False), who="王强")
    info = store.report_info(rid)
    assert (info.agency, info.year, info.status) == ("示例县市场监督管理局", 2025, "filling")
    assert [v.version_no for v in store.versions(rid)] == [2, 1]
    assert [m.content for m in store.messages(rid, section="一")] == ["写得更简洁"]


def test_the_versions_page_shows_the_refusal_keeps_nothing_and_home_still_opens(db):  # noqa: F811
    store, rid = _seeded(db)
    document = json.loads(store.export_json(rid))
    document["unit"]["name"] = "另一单位"  # as if from another machine
    document["record"]["status"] = "![x](http://203.0.113.9/x.png)"  # an unknown status that is also markdown
    before = _rows(store)
    at = _open(db, rid)
    at.file_uploader(key="backup_upload").set_value(
        ("备份.json", json.dumps(document, ensure_ascii=False).encode("utf-8"), "application/json")
    )
    at.run()
    next(b for b in at.button if b.label == "导入备份").click().run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error]
    assert any(e.startswith("备份无法导入：备份中的报告状态") and "无法识别" in e for e in shown), shown
    assert not any("![" in e for e in shown)  # the file's words shown as written, never as an image
    assert _rows(store) == before and at.session_state["report_id"] == rid
    assert not app().exception  # 首页 opens for the next session


def test_a_clash_the_checks_cannot_see_is_a_chinese_refusal_and_nothing_is_kept(
    store: Store, backup: dict, monkeypatch
):
    """Two sessions importing the same report at once both pass the year check; the later one is refused."""
    from app.storage import backup as restoring

    text = json.dumps(backup, ensure_ascii=False)
    store.import_json(text, who="王强")
    monkeypatch.setattr(restoring, "check_year_free", lambda *args, **kwargs: None)  # as if it ran before the first
    before = _rows(store)
    with pytest.raises(
        BackupError, match="备份与数据库中已有的内容冲突（可能刚有人导入了同一份报告），未导入任何内容。"
    ):
        store.import_json(text, who="王强")
    assert _rows(store) == before


def _plain(**meta: object) -> str:
    data = json.loads(_example().model_dump_json())
    data["meta"].update(meta)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "who", "said"),
    [
        (
            _plain(agency="局" * 300),
            "王强",
            "文件中「基本信息 › 单位名称」有 300 个字，超过 200 个字的上限，未导入任何内容。",
        ),
        (
            _plain(agency="示例\x00局"),
            "王强",
            "「基本信息 › 单位名称」：含有不可见的控制字符（U+0000），未导入任何内容。",
        ),
        (_plain(), "王" * 300, "姓名有 300 个字，超过 200 个字的上限"),
        (_plain(), "王\x00强", "姓名中含有不可见的控制字符（U+0000）"),
    ],
)
def test_a_plain_report_json_is_checked_like_a_backup(store: Store, text: str, who: str, said: str):
    before = _rows(store)
    with pytest.raises(BackupError) as caught:
        store.import_json(text, who=who)
    assert said in str(caught.value)
    assert _rows(store) == before


def test_a_backup_too_large_for_a_report_is_refused_before_it_is_read(store: Store):
    from app.storage.backup_document import MAX_BACKUP_BYTES

    assert MAX_BACKUP_BYTES <= 30 * 1024 * 1024
    huge = '{"kind": "nianbao-report-backup", "format": 1, "pad": "' + "x" * MAX_BACKUP_BYTES + '"}'
    with pytest.raises(BackupError, match="JSON 文件过大"):
        store.import_json(huge, who="王强")


def test_a_version_with_more_text_than_any_file_is_refused(store: Store, backup: dict):
    from app.importers.limits import MAX_TEXT_CHARS

    document = copy.deepcopy(backup)
    document["versions"][0]["report"]["preface"] = "很长的前言。" * (MAX_TEXT_CHARS // 6 + 1)
    with pytest.raises(BackupError, match="备份第 1 版：报告的文字过长"):
        store.import_json(json.dumps(document, ensure_ascii=False), who="王强")
