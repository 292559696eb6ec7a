"""What every page shares: the store, who is working, the open report, saving. Pages stay thin."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import streamlit as st

from app.drafting.gate import report_findings
from app.resources import resource_dir
from app.storage import ConflictError, StorageError
from app.storage.repository import Store
from app.ui.inert import literal
from app.workspace import lifecycle
from app.workspace.lifecycle import OpenCounts
from app.workspace.review import submitted_message
from schemas.findings import Finding
from schemas.report import Report

EXAMPLES = resource_dir("examples")
ROLES = {"clerk": "经办人", "reviewer": "审核人"}


@st.cache_resource(show_spinner=False)
def _store(url: str | None) -> Store:
    store = Store.open(url)
    if not store.list_reports():
        seed_examples(store)
    return store


def seed_examples(store: Store) -> None:
    """The first start loads the example reports (last year's and this year's of one unit)."""
    from app.importers import read_report

    # last year's report as published; this year's is being filled in
    for name, status in (
        ("county-department-2024.json", "published"),
        ("county-department-2025-with-errors.json", "filling"),
    ):
        path = EXAMPLES / name
        if path.exists():
            report = read_report(path)
            try:
                report_id = store.create_report(report, who="示例数据", role="clerk", status=status)
            except StorageError:  # another app process on the same database loaded it at the same moment
                continue
            store.set_findings(report_id, report_findings(report))


def store() -> Store:
    return _store(os.environ.get("NIANBAO_DB") or os.environ.get("DATABASE_URL"))


_BROWSE = '[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]'
_DRAG = '[data-testid="stFileUploaderDropzone"] > div:not([data-testid]):has(> span)'


def _written() -> dict[int, tuple[int, Report, Report | None]]:
    """The version this session last wrote or loaded, by report: its number, its report, and the report the session
    showed when the write began.

    A click during a run makes Streamlit start a new run at once and stop this one at its next page update or
    session-state access, which can fall between a save in the database and the session's record of it (the page
    would then show the version before and the next save conflict with the user's own). Filling this dict is no
    session-state access; each run starts by taking what it holds (``_catch_up``)."""
    return st.session_state.setdefault("written", {})


def _catch_up() -> None:
    """Take a version this session wrote but did not note — only while the session still shows what it showed
    when the write began (a conflict or an edit kept since stays as it is)."""
    rid = st.session_state.get("report_id")
    written = _written().get(rid) if rid is not None else None
    if written is None or written[0] <= st.session_state.get("version", 0) or st.session_state.get("conflict"):
        return
    shown = st.session_state.get("report")
    if shown is written[1] or shown is written[2]:  # (the run may have been stopped after taking the report)
        st.session_state.update(version=written[0], report=written[1])


def page_setup(title: str) -> None:
    """The sidebar (who is working, which report is open) and the page title."""
    _catch_up()
    # widget values are dropped when a page without the widget runs: keep who is working across pages, and the
    # part each page's assistant talks about (its question and the reply on its way stay in view on return)
    for key in ("who", "role", *(k for k in list(st.session_state) if str(k).startswith("chat_section:"))):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    # Streamlit has no locale: its file uploaders say 「Upload」 and 「200MB per file • …」; say it in Chinese
    # (each uploader's label names the file types)
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] > * {display: none;}'
        '[data-testid="stFileUploaderDropzoneInstructions"]::after'
        ' {content: "把文件拖到这里，或点击「选择文件」（每个不超过 50MB）"; font-size: 0.875rem; opacity: 0.7;}'
        # only the 「Upload」 button: a chosen file's remove (✕) button keeps its icon
        f"{_BROWSE} {{font-size: 0;}}"
        f"{_BROWSE} > * {{display: none;}}"
        f'{_BROWSE}::after {{content: "选择文件"; font-size: 1rem;}}'
        # the overlay while a file is dragged over the uploader
        # (the overlay holds a bare span; the chosen files' chips sit in another bare div, left alone)
        f"{_DRAG} > span {{display: none;}}"
        f'{_DRAG}::after {{content: "松开鼠标即可上传";}}'
        "</style>"
    )
    user = getattr(st, "user", None)
    logged_in = bool(user is not None and getattr(user, "is_logged_in", False))
    with st.sidebar:
        if logged_in:
            st.session_state.setdefault("who", getattr(user, "name", "") or getattr(user, "email", ""))
            st.caption(f"已登录：{literal(st.session_state['who'])}")
        else:
            st.text_input("你的姓名", key="who", placeholder="记录在每个版本上")
        st.radio("角色", list(ROLES), format_func=ROLES.get, key="role", horizontal=True)
        info = current_info()
        if info:
            st.caption(
                "当前报告："
                + literal(f"{info.agency} {info.year}年度 · 第 {st.session_state.get('version', '?')} 版")
                + literal(f" · {info.status_label}")
            )
            _lifecycle_sidebar(info)
    st.title(literal(title))
    if info:  # under the title too: the sidebar's lines are below the fold on a laptop
        st.caption(
            literal(
                f"{info.agency} {info.year}年度 · 第 {st.session_state.get('version', '?')} 版 · {info.status_label}"
            )
        )
    conflict = st.session_state.get("conflict")
    if conflict:
        st.error(literal(conflict))
        if st.button("载入最新版本（放弃我未保存的修改）", key="reload_latest"):
            st.session_state.pop("conflict", None)
            open_report(current_id())
            st.rerun()


def _lifecycle_sidebar(info) -> None:
    """The open report's status note and the buttons that move it on (or back)."""
    name, role = who()
    if info.status_note:
        st.warning(literal(info.status_note))
    if role == "clerk" and info.status == "filling":
        st.button(
            "提交审核",
            key="lifecycle_submit",
            on_click=_move,
            args=("submit", info.id),
            help="填报完成后交审核人审核；状态改为「待审核」。",
        )
    if role == "reviewer" and info.status in ("filling", "submitted"):
        st.button(
            "开始审核",
            key="lifecycle_review",
            on_click=_move,
            args=("start_review", info.id),
            help="状态改为「审核中」；审核通过某一部分时也会自动开始审核。",
        )
    if role == "reviewer" and info.status in ("submitted", "reviewing", "signed"):
        with st.expander("退回修改"):
            st.caption("退回后报告回到「填报中」，经办人修改后重新提交审核；已签发的报告须重新签发。")
            st.text_input("退回理由（经办人会看到）", key="lifecycle_reason")
            st.button("确认退回修改", key="lifecycle_send_back", on_click=_move, args=("send_back", info.id))
    if problem := st.session_state.pop("lifecycle_error", None):
        st.error(literal(problem))


def submit_for_review(report_id: int) -> None:
    """「提交审核」 from a page (a button callback), as the sidebar's button does it."""
    _move("submit", report_id)


def _move(action: str, report_id: int) -> None:
    """Run a lifecycle step (a button callback); a refusal is shown in the sidebar."""
    name, role = who()
    try:
        if action == "send_back":
            store().send_back(report_id, reason=st.session_state.get("lifecycle_reason", ""), who=name, role=role)
            st.session_state["lifecycle_reason"] = ""
            st.toast("已退回修改，状态改为「填报中」")
        elif action == "submit":
            store().submit(report_id, who=name, role=role)
            errors = open_counts(store().report_info(report_id)).errors
            st.toast(literal(submitted_message(errors)), icon="⚠️" if errors else None)
        else:
            store().start_review(report_id, who=name, role=role)
            st.toast("已开始审核，状态改为「审核中」")
    except StorageError as e:
        st.session_state["lifecycle_error"] = str(e)


def open_counts(info) -> OpenCounts:
    """The open errors and warnings of a stored report from a fresh check, kept for the session per report version
    (and last year's): a page listing ten reports checks each version once."""
    cache = st.session_state.setdefault("_open_counts", {})
    # last year's report takes part in the check (the cross-year rules): its version is part of the key
    previous = [i.current_version for i in store().list_reports(unit_id=info.unit_id, year=info.year - 1)]
    key = (info.current_version, tuple(previous))
    if cache.get(info.id, (None,))[0] != key:  # one entry per report
        cache[info.id] = (key, lifecycle.open_counts(store(), info.id))
    return cache[info.id][1]


def who() -> tuple[str, str]:
    return st.session_state.get("who", "").strip(), st.session_state.get("role", "clerk")


def current_id() -> int | None:
    return st.session_state.get("report_id")


def current_info():
    rid = current_id()
    if rid is None:
        return None
    try:
        return store().report_info(rid)
    except StorageError:
        st.session_state.pop("report_id", None)
        return None


def open_report(report_id: int) -> None:
    written, shown = _written(), st.session_state.get("report")
    report, version = store().load(report_id)
    written[report_id] = (version, report, shown)
    st.session_state.update(report_id=report_id, report=report, version=version)


def latest(reports):
    """The report a user most likely wants: the newest year's."""
    return max(reports, key=lambda i: (i.year, i.id))


def require_report() -> Report | None:
    """The open report, or a hint to open one (and None)."""
    if current_id() is None:
        reports = store().list_reports()
        if reports:
            open_report(latest(reports).id)
        else:
            st.info("还没有报告：请先在「首页」新建一份。")
            return None
    return st.session_state["report"]


def findings(report: Report) -> list[Finding]:
    """Every finding of the report, as ``nianbao check`` gives them: what reading it found, every rule (with last
    year's report when stored), and the grounding of its drafted sections on their current text.

    A page asks for them many times in one run (each grid, the findings list): they are computed once per
    report object, which a save replaces.
    """
    cached = st.session_state.get("_findings")
    if cached is not None and cached[0] is report:
        return cached[1]
    result = report_findings(report, previous_report(report))
    st.session_state["_findings"] = (report, result)
    return result


def previous_report(report: Report) -> Report | None:
    """Last year's report of the same unit, when the store has it."""
    year, agency = report.meta.year, report.meta.agency
    if not year or not agency:
        return None
    for info in store().list_reports(year=year - 1):
        if info.agency == agency:
            return store().load(info.id)[0]
    return None


def other_units_reports(report: Report, limit: int = 300) -> list[Report]:
    """The reports of other units for the same year in the store (at most ``limit``): a draft must not read like
    theirs (内容雷同 between units)."""
    year, agency = report.meta.year, report.meta.agency
    if not year:
        return []
    infos = [i for i in store().list_reports(year=year) if i.agency != agency][:limit]
    return [store().load(i.id)[0] for i in infos]


def save(report: Report, what: str = "", *, note: str = "", then: Callable[[int], object] | None = None) -> bool:
    """Save ``report`` as a new version (``note`` starts its change summary); on a conflict keep the user's text.

    ``then(version)`` runs right after the database write, before any Streamlit call (a run stopped by a click
    after the save still does what belongs to it)."""
    name, role = who()
    if not name:
        st.error("请先在左侧填写你的姓名：每个版本都记录是谁保存的。你的修改还在本页，没有丢失。")
        st.session_state["report"] = report
        return False
    written, rid, shown = _written(), current_id(), st.session_state.get("report")
    try:
        before = store().report_info(rid).status
        version = store().save(
            rid,
            report,
            expected_version=st.session_state["version"],
            who=name,
            role=role,
            findings=findings(report),
            note=note,
        )
    except ConflictError as e:
        st.session_state["report"] = report
        st.session_state["conflict"] = str(e)
        st.error(literal(str(e)))
        return False
    except StorageError as e:
        st.session_state["report"] = report
        st.error(literal(str(e)))
        return False
    written[rid] = (version, report, shown)  # before any Streamlit call: see _written
    if then is not None:
        then(version)
    st.session_state.update(report=report, version=version)
    st.session_state.pop("conflict", None)
    after = store().report_info(current_id())
    if before in ("signed", "published") and after.status == "reviewing":
        st.warning(literal(after.status_note))  # said where the save happened; the sidebar keeps it until signed again
    if what:
        st.toast(literal(f"已保存：{what}（第 {version} 版）"))
    return True


def today() -> dt.date:
    return dt.date.today()
