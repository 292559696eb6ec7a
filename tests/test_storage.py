"""Storage: versions, optimistic concurrency, restore, backup, reviews, decisions — on SQLite and PostgreSQL.

The PostgreSQL run starts a throwaway server (initdb + pg_ctl, 127.0.0.1, a free port, a temporary folder) for
this module; it is skipped when PostgreSQL or psycopg is missing, except under CI, where it must run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import text

from app.storage import (
    BackupError,
    ConflictError,
    DuplicateError,
    ExportBlockedError,
    RoleError,
    StatusError,
    StorageError,
    Store,
    days_left,
    deadline,
    finding_key,
    timeliness,
)
from app.storage.db import make_engine
from app.storage.errors import local_time
from schemas.findings import Finding
from schemas.report import Report
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "county-department-2025.json"
START = dt.datetime(2026, 1, 20, 1, 30, tzinfo=dt.UTC)


def example() -> Report:
    return Report.model_validate_json(EXAMPLE.read_text(encoding="utf-8"))


class Clock:
    """A clock the test moves by hand (every storage timestamp comes from it)."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> dt.datetime:
        return self.at

    def tick(self, minutes: int = 1) -> dt.datetime:
        self.at += dt.timedelta(minutes=minutes)
        return self.at


# ---------------------------------------------------------------- a throwaway PostgreSQL


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return candidates[-1].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"CI 需要 PostgreSQL 存储测试：{reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this module (superuser nianbao, trust auth, 127.0.0.1)."""
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable("没有找到 PostgreSQL（initdb / pg_ctl）")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("没有安装 psycopg（pip install 'psycopg[binary]'）")
    root = Path(tempfile.mkdtemp(prefix="nianbao-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            _unavailable("以 root 运行但没有 postgres 用户")
        os.chown(root, user.pw_uid, user.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off"

    def run(*args: object) -> None:
        subprocess.run([*as_postgres, *map(str, args)], check=True, capture_output=True, timeout=60)

    try:
        run(bindir / "initdb", "-D", data, "-U", "nianbao", "--auth=trust", "-E", "UTF8", "--no-locale", "-N")
        run(bindir / "pg_ctl", "-D", data, "-l", root / "log", "-w", "-t", "30", "-o", options, "start")
    except subprocess.CalledProcessError as error:
        log = (root / "log").read_text(encoding="utf-8", errors="replace") if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"PostgreSQL 启动失败：{error.stderr.decode(errors='replace')} {log}")
    try:
        yield f"postgresql://nianbao@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def _new_pg_database(server: str) -> str:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes the URL of a fresh, empty database on the backend under test."""
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres")
        return lambda: _new_pg_database(server)
    counter = itertools.count()
    return lambda: f"sqlite:///{tmp_path / f'db{next(counter)}' / 'nianbao.db'}"


@pytest.fixture
def open_store(new_url: Callable[[], str]) -> Iterator[Callable[..., Store]]:
    """Opens stores (closed after the test); with no URL, on a fresh database."""
    opened: list[Store] = []

    def open_(url: str | None = None, *, clock: Callable[[], dt.datetime] | None = None) -> Store:
        store = Store.open(url or new_url(), clock=clock)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(open_store: Callable[..., Store], clock: Clock) -> Store:
    return open_store(clock=clock)


# ---------------------------------------------------------------- reports and versions


def test_create_load_round_trip_keeps_the_report_json_identical(store: Store):
    report = example()
    report_id = store.create_report(report, who="张敏", role="clerk")
    loaded, version = store.load(report_id)
    assert version == 1
    assert loaded.model_dump_json() == report.model_dump_json()
    [info] = store.list_reports()
    assert (info.agency, info.year, info.status_label, info.current_version) == (
        "示例县市场监督管理局",
        2025,
        "填报中",
        1,
    )
    assert info.deadline == dt.date(2026, 1, 31)
    assert info.published_on == dt.date(2026, 1, 20)
    assert info.open_findings is None  # not checked yet


def test_save_records_who_when_and_what_changed(store: Store, clock: Clock):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    report, version = store.load(report_id)
    report.tables["三"]["received.natural_person"].value = 40
    report.tables["三"]["received.natural_person"].raw = "40"
    report.overview.subsections[1].text += "全年未发生逾期答复。"
    report.meta.contact.phone = "0123-1111111"
    at = clock.tick(5)
    assert store.save(report_id, report, expected_version=version, who="李华", role="reviewer") == 2

    newest, first = store.versions(report_id)
    assert (first.version_no, first.author, first.role, first.summary) == (1, "张敏", "clerk", "新建报告")
    assert (newest.version_no, newest.author, newest.role_label, newest.at, newest.kind) == (
        2,
        "李华",
        "审核人",
        at,
        "edit",
    )
    assert "表三「一、本年新收政府信息公开申请数量」「自然人」：38→40" in newest.summary
    assert "「一、总体情况」修改：（二）依申请公开" in newest.summary
    assert "基本信息「联系方式·电话」：0123-6543210→0123-1111111" in newest.summary
    assert store.load(report_id)[0].model_dump_json() == report.model_dump_json()
    assert store.report_info(report_id).updated_by == "李华"


def test_saving_an_unchanged_report_makes_no_version(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    report, version = store.load(report_id)
    assert store.save(report_id, report, expected_version=version, who="张敏", role="clerk", findings=_findings()) == 1
    assert [v.version_no for v in store.versions(report_id)] == [1]
    assert store.report_info(report_id).open_findings == 3  # the check is still cached


def test_restore_makes_a_new_version_equal_to_the_old_one(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    original, _ = store.load(report_id)
    edited = original.model_copy(deep=True)
    edited.preface = "改写后的前言。"
    store.save(report_id, edited, expected_version=1, who="张敏", role="clerk")

    assert store.restore(report_id, 1, who="李华", role="reviewer") == 3
    restored, version = store.load(report_id)
    assert version == 3 and restored == original
    newest = store.versions(report_id)[0]
    assert newest.kind == "restore" and newest.summary.startswith("恢复为第 1 版：「前言」修改")
    assert [v.version_no for v in store.versions(report_id)] == [3, 2, 1]  # history kept
    assert store.restore(report_id, 1, who="李华", role="reviewer") == 3  # already equal: no new version


def test_second_session_saving_an_old_version_gets_a_conflict_and_overwrites_nothing(
    open_store: Callable[..., Store], new_url: Callable[[], str], clock: Clock
):
    url = new_url()
    first, second = open_store(url, clock=clock), open_store(url, clock=clock)  # two engines: two app processes
    report_id = first.create_report(example(), who="张敏", role="clerk")
    mine, version = first.load(report_id)
    theirs, _ = second.load(report_id)

    mine.preface = "经办人改的前言。"
    saved_at = clock.tick(3)
    assert first.save(report_id, mine, expected_version=version, who="张敏", role="clerk") == 2
    theirs.problems.subsections[0].text = "审核人改的整改情况。"
    clock.tick(2)
    with pytest.raises(ConflictError) as caught:
        second.save(report_id, theirs, expected_version=version, who="李华", role="reviewer")

    error = caught.value
    assert (error.current_version, error.expected_version, error.author, error.at) == (2, 1, "张敏", saved_at)
    message = str(error)
    assert message.startswith(f"该报告已被 张敏（经办人）在 {saved_at.astimezone():%H:%M} 保存为第 2 版")
    assert "你的修改未覆盖他人内容" in message
    stored, current = second.load(report_id)
    assert current == 2 and stored == mine  # the first save's content stays
    assert theirs.problems.subsections[0].text == "审核人改的整改情况。"  # the caller still holds its text
    assert [v.version_no for v in second.versions(report_id)] == [2, 1]

    # the second editor merges onto the latest version and saves
    stored.problems.subsections[0].text = theirs.problems.subsections[0].text
    assert second.save(report_id, stored, expected_version=2, who="李华", role="reviewer") == 3


def test_concurrent_writers_in_two_threads_lose_no_edit(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    rounds = 6
    start = threading.Barrier(2)
    conflicts: list[int] = []
    failures: list[BaseException] = []

    def writer(key: str, who: str) -> None:
        try:
            start.wait(timeout=10)
            for n in range(1, rounds + 1):
                while True:
                    report, version = store.load(report_id)
                    report.tables["三"][key].value = n
                    report.tables["三"][key].raw = str(n)
                    try:
                        store.save(report_id, report, expected_version=version, who=who, role="clerk")
                        break
                    except ConflictError:
                        conflicts.append(1)  # reload and apply the edit again, as the app does
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            failures.append(error)

    threads = [
        threading.Thread(target=writer, args=("received.natural_person", "张敏")),
        threading.Thread(target=writer, args=("received.commercial_enterprise", "王强")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    final, version = store.load(report_id)
    assert version == 1 + 2 * rounds
    assert final.tables["三"]["received.natural_person"].value == rounds
    assert final.tables["三"]["received.commercial_enterprise"].value == rounds
    assert [v.version_no for v in store.versions(report_id)] == list(range(version, 0, -1))


def test_every_write_names_who(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    report, version = store.load(report_id)
    report.preface = "新前言"
    with pytest.raises(StorageError, match="请先填写你的姓名"):
        store.save(report_id, report, expected_version=version, who="  ", role="clerk")
    assert store.load(report_id)[1] == 1


def test_one_report_per_unit_and_year(store: Store):
    store.create_report(example(), who="张敏", role="clerk")
    with pytest.raises(DuplicateError, match="「示例县市场监督管理局」2025 年度的报告已存在"):
        store.create_report(example(), who="张敏", role="clerk")


# ---------------------------------------------------------------- backup


def _full_history(store: Store, clock: Clock) -> int:
    report_id = store.create_report(example(), who="张敏", role="clerk")
    report, version = store.load(report_id)
    report.tables["四"]["administrative_review.upheld"].value = 3
    clock.tick()
    store.save(report_id, report, expected_version=version, who="张敏", role="clerk")
    store.approve(report_id, "三", who="李华", role="reviewer")
    store.add_comment(report_id, "一", "第二段请补充数据来源。", who="李华", role="reviewer")
    finding = Finding(rule="R-H", severity="warning", section="一", paragraph=5, message="数字不一致", actual=58)
    store.set_findings(report_id, [finding])
    store.decide(report_id, finding, "dismissed", reason="该数字含上年结转，经核实无误", who="李华", role="reviewer")
    store.add_message(report_id, role="user", content="把第一部分写得更简洁", section="一", author="张敏")
    store.add_message(report_id, role="assistant", content="已改写。", section="一", model="fake", completion_tokens=12)
    return report_id


def test_export_and_import_move_a_report_with_its_history_to_a_fresh_database(
    store: Store, open_store: Callable[..., Store], clock: Clock
):
    report_id = _full_history(store, clock)
    document = store.export_json(report_id)
    assert "\\u" not in document  # written with ensure_ascii=False

    fresh = open_store()
    moved_id = fresh.import_json(document, who="王强")
    assert fresh.load(moved_id) == store.load(report_id)
    assert fresh.versions(moved_id) == [dataclasses.replace(v, report_id=moved_id) for v in store.versions(report_id)]
    assert fresh.reviews(moved_id)["三"].approved_by == "李华"
    assert [c.text for c in fresh.reviews(moved_id)["一"].comments] == ["第二段请补充数据来源。"]
    assert fresh.decisions(moved_id) == store.decisions(report_id)
    assert [m.content for m in fresh.messages(moved_id, section="一")] == ["把第一部分写得更简洁", "已改写。"]
    assert fresh.report_info(moved_id).open_findings == 0

    with pytest.raises(DuplicateError):
        fresh.import_json(document, who="王强")  # already there: nothing is replaced


def test_import_takes_a_bare_report_json_and_rejects_other_files(store: Store):
    report_id = store.import_json(example().model_dump_json(), who="张敏")
    assert store.load(report_id) == (example(), 1)
    assert store.versions(report_id)[0].kind == "import"
    with pytest.raises(BackupError, match="不是有效的 JSON"):
        store.import_json("{not json", who="张敏")
    with pytest.raises(BackupError, match="不是年报助手的报告备份"):
        store.import_json('{"hello": 1}', who="张敏")
    with pytest.raises(BackupError, match="报告内容无效"):
        store.import_json('{"meta": {"year": "明年"}}', who="张敏")


# ---------------------------------------------------------------- findings, reviews, status, publication, chat


def _findings() -> list[Finding]:
    return [
        Finding(rule="R-C", severity="error", table="三", group="（四）无法提供", row="1.本机关不掌握相关政府信息",
                column="总计", message="合计不符", expected=7, actual=8),
        Finding(rule="R-E", severity="error", table="四", row="行政复议", column="总计", message="合计不符",
                expected=4, actual=5),
        Finding(rule="YEAR", severity="warning", section="前言", paragraph=1, message="年份不符", actual="2024年"),
    ]  # fmt: skip


def test_finding_decisions_persist_and_keep_the_open_count(store: Store, open_store: Callable[..., Store]):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    found = _findings()
    store.set_findings(report_id, found)
    assert (store.report_info(report_id).open_findings, store.report_info(report_id).open_errors) == (3, 2)

    with pytest.raises(StorageError, match="必须写明理由"):
        store.decide(report_id, found[1], "dismissed", who="李华", role="reviewer")
    key = store.decide(report_id, found[1], "dismissed", reason="复议决定书另有统计口径", who="李华", role="reviewer")
    store.decide(report_id, found[0], "fixed", who="张敏", role="clerk")
    info = store.report_info(report_id)
    assert (info.open_findings, info.open_errors) == (2, 1)  # "fixed" that still fires stays open

    decided = Store(store.engine).decisions(report_id)  # a new store on the same database
    assert decided[key].decision_label == "已确认" and decided[key].reason == "复议决定书另有统计口径"
    assert decided[finding_key(found[0])].by == "张敏"
    assert store.stored_findings(report_id) == found

    moved = found[1].model_copy(update={"actual": 6})  # other numbers at the same place: a new finding
    assert finding_key(moved) != key
    store.set_findings(report_id, [moved])
    assert store.report_info(report_id).open_errors == 1
    store.undo_decision(report_id, key, who="李华", role="reviewer")
    store.set_findings(report_id, found)
    assert store.report_info(report_id).open_findings == 3


def test_reviews_sign_off_and_edits_that_revoke_approval(store: Store, clock: Clock):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    with pytest.raises(RoleError):
        store.approve(report_id, "一", who="张敏", role="clerk")
    for section in ("一", "三"):
        store.approve(report_id, section, who="李华", role="reviewer")
    comment = store.add_comment(report_id, "一", "请补充平台建设的数据。", who="李华", role="reviewer")
    store.resolve_comment(comment, who="张敏", role="clerk")
    reviews = store.reviews(report_id)
    assert reviews["一"].approved and reviews["一"].approved_at == START and reviews["一"].approved_version == 1
    assert reviews["一"].comments[0].resolved and reviews["一"].comments[0].resolved_by == "张敏"
    assert not reviews["五"].approved

    with pytest.raises(StatusError, match="以下部分尚未审核通过"):
        store.sign_off(report_id, reviewer="李华", issuer="周正", date=dt.date(2026, 1, 18), who="李华",
                       role="reviewer", findings=[])  # fmt: skip
    for section in ("基本信息", "前言", "二", "四", "五", "六"):
        store.approve(report_id, section, who="李华", role="reviewer")
    version = store.sign_off(report_id, reviewer="李华", issuer="周正", date=dt.date(2026, 1, 18), who="李华",
                             role="reviewer", findings=[])  # fmt: skip
    signed, _ = store.load(report_id)
    assert (signed.meta.signoff.issuer, store.versions(report_id)[0].kind) == ("周正", "signoff")
    assert store.report_info(report_id).status == "signed"  # the sign-off is not a content change

    signed.overview.lead = "改过的导语。"
    store.save(report_id, signed, expected_version=version, who="张敏", role="clerk")
    reviews = store.reviews(report_id)
    assert not reviews["一"].approved and reviews["三"].approved
    assert store.report_info(report_id).status == "reviewing"
    assert "已撤销审核通过：一" in store.versions(report_id)[0].summary


def test_status_transitions_and_export_override(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    with pytest.raises(StatusError, match="报告当前为「填报中」：审核签发后才能记录发布"):
        store.record_publication(report_id, date=dt.date(2026, 1, 20), url="", who="张敏", role="clerk")
    store.submit(report_id, who="张敏", role="clerk")
    with pytest.raises(RoleError):
        store.start_review(report_id, who="张敏", role="clerk")
    store.start_review(report_id, who="李华", role="reviewer")
    assert store.report_info(report_id).status_label == "审核中"

    with pytest.raises(ExportBlockedError, match="还有 2 个错误未处理"):
        store.record_export(report_id, format="docx", who="李华", role="reviewer", open_errors=2)
    with pytest.raises(RoleError):
        store.record_export(report_id, format="docx", who="张敏", role="clerk", open_errors=2, override_reason="急")
    store.record_export(report_id, format="docx", who="李华", role="reviewer", open_errors=2,
                        override_reason="表四口径经主管部门确认")  # fmt: skip
    [export] = store.exports(report_id)
    assert (export.format, export.version_no, export.override_reason) == ("docx", 1, "表四口径经主管部门确认")
    assert store.report_info(report_id).status_label == "审核中"  # a download does not move the status


def test_publication_record_filing_and_unit_progress(store: Store):
    report = example()
    report.meta.publication.date = None
    report_id = store.create_report(report, who="张敏", role="clerk")
    other = store.create_unit("示例县教育局", level="department")
    store.create_unit("示例县人民政府", level="county_government", deadline_override=(3, 20))
    progress = {p.name: p for p in store.unit_progress(2025, today=dt.date(2026, 2, 2))}
    assert progress["示例县市场监督管理局"].standing == "填报中 · 已逾期 2 天"
    assert progress["示例县教育局"].report_id is None and progress["示例县教育局"].standing == "未开始 · 已逾期 2 天"
    assert progress["示例县人民政府"].standing == "未开始"
    assert progress["示例县人民政府"].timeliness.label == "距截止还有 46 天（2026年3月20日）"

    for section in ("基本信息", "前言", "一", "二", "三", "四", "五", "六"):
        store.approve(report_id, section, who="李华", role="reviewer")
    signed = store.sign_off(report_id, reviewer="李华", issuer="周正", date=dt.date(2026, 1, 18), who="李华",
                            role="reviewer", findings=[])  # fmt: skip
    version = store.record_publication(report_id, date=dt.date(2026, 2, 3), url="http://example.gov.cn/nb", who="张敏",
                                       role="clerk")  # fmt: skip
    assert version == signed + 1 and store.load(report_id)[0].meta.publication.url == "http://example.gov.cn/nb"
    store.set_filing(report_id, submitted=True, filed=True, who="张敏", role="clerk")
    info = store.report_info(report_id)
    assert (info.status, info.published_on, info.submitted, info.filed) == (
        "published",
        dt.date(2026, 2, 3),
        True,
        True,
    )
    assert info.timeliness(dt.date(2026, 3, 1)).label == "逾期 3 天发布（2026年2月3日）"
    assert info.standing(dt.date(2026, 3, 1)) == "已发布（逾期 3 天）"
    assert [u.name for u in store.list_units()] == ["示例县人民政府", "示例县市场监督管理局", "示例县教育局"]
    assert store.list_reports(unit_id=other) == []


def test_chat_messages_are_kept_per_section(store: Store):
    report_id = store.create_report(example(), who="张敏", role="clerk")
    store.add_message(report_id, role="user", content="写得更简洁", section="一", author="张敏")
    store.add_message(report_id, role="assistant", content="好的。", section="一", model="deepseek-chat",
                      prompt_tokens=800, completion_tokens=120)  # fmt: skip
    store.add_message(report_id, role="user", content="补充整改情况", section="五", author="张敏")
    assert [(m.role, m.content) for m in store.messages(report_id, section="一")] == [
        ("user", "写得更简洁"),
        ("assistant", "好的。"),
    ]
    assert store.messages(report_id, section="一")[1].prompt_tokens == 800
    assert store.clear_messages(report_id, section="一") == 2
    assert [m.section for m in store.messages(report_id)] == ["五"]


def test_deleting_a_report_deletes_its_versions(store: Store):
    report_id = _full_history(store, Clock())
    store.delete_report(report_id)
    assert store.list_reports() == []
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM report_version")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM chat_message")).scalar() == 0


# ---------------------------------------------------------------- the SQLite file


def test_default_database_is_a_private_sqlite_file_under_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    engine = make_engine(None)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    finally:
        engine.dispose()
    db = tmp_path / "data" / "nianbao.db"
    assert db.exists() and db.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


# ---------------------------------------------------------------- deadlines and times (pure)


def test_conflict_time_names_the_day_when_it_is_not_today():
    at = dt.datetime(2026, 1, 19, 8, 5, tzinfo=dt.UTC)
    local = at.astimezone()
    assert local_time(at, local.date()) == f"{local:%H:%M}"
    assert local_time(at, local.date() + dt.timedelta(days=1)) == f"{local.month}月{local.day}日 {local:%H:%M}"


@pytest.mark.parametrize(
    ("level", "override", "expected"),
    [
        ("county_government", None, dt.date(2026, 3, 31)),
        ("department", None, dt.date(2026, 1, 31)),
        ("township", None, dt.date(2026, 1, 31)),
        ("other", None, dt.date(2026, 1, 31)),
        ("township", (3, 31), dt.date(2026, 3, 31)),
        ("county_government", (3, 15), dt.date(2026, 3, 15)),
        ("department", dt.date(2026, 1, 20), dt.date(2026, 1, 20)),
        ("department", (2, 29), dt.date(2026, 2, 28)),  # no 2月29日 in 2026
    ],
    ids=["county", "department", "township", "other", "township-override", "county-override", "date", "feb29"],
)
def test_deadline(level: str, override, expected: dt.date):
    assert deadline(level, 2025, override) == expected


@pytest.mark.parametrize(
    ("today", "published_on", "days", "state", "label"),
    [
        (dt.date(2026, 1, 1), None, 30, "open", "距截止还有 30 天（2026年1月31日）"),
        (dt.date(2026, 1, 31), None, 0, "open", "今天截止（2026年1月31日）"),
        (dt.date(2026, 2, 3), None, -3, "overdue", "已逾期 3 天，尚未发布（截止 2026年1月31日）"),
        (dt.date(2026, 2, 3), dt.date(2026, 1, 31), -3, "on_time", "已按时发布（2026年1月31日）"),
        (dt.date(2026, 3, 1), dt.date(2026, 2, 2), -29, "late", "逾期 2 天发布（2026年2月2日）"),
    ],
    ids=["open", "due-today", "overdue", "on-time", "late"],
)
def test_days_left_and_lateness(today: dt.date, published_on, days: int, state: str, label: str):
    due = deadline("department", 2025)
    assert days_left(due, today) == days
    result = timeliness(due, published_on=published_on, today=today)
    assert (result.state, result.label) == (state, label)
