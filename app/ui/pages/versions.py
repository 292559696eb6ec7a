"""版本记录: the history (quick edits by one person in one entry); restore a version after seeing what it changes;
backup and restore the whole report."""

from __future__ import annotations

import streamlit as st

from app.storage import ROLE_LABELS, ConflictError, StorageError
from app.ui import state
from app.ui.inert import literal
from app.workspace.versions import WINDOW, readable, restore_consequences, restore_preview, version_entries
from schemas.report import Report

state.page_setup("版本记录")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()

notice, problem = st.session_state.pop("versions_notice", None), st.session_state.pop("versions_error", None)
if notice:
    st.success(literal(notice))
if problem:
    st.error(literal(problem))


def _time(at) -> str:
    return f"{at.astimezone():%Y-%m-%d %H:%M}"


versions = store.versions(rid)  # newest first


def _load(number: int) -> Report:
    return store.load(rid, version=number)[0]


def _entries():
    """The history's entries, computed again only when a version was added (saved versions never change)."""
    key = (rid, len(versions), versions[0].version_no, versions[0].at)
    cached = st.session_state.get("_version_entries")
    if cached is None or cached[0] != key:
        loaded: dict[int, Report] = {}  # each version read once here, then let go

        def load(number: int) -> Report:
            if number not in loaded:
                loaded[number] = _load(number)
            return loaded[number]

        cached = (key, version_entries(versions, load))
        st.session_state["_version_entries"] = cached
    return cached[1]


entries = _entries()
minutes = int(WINDOW.total_seconds() // 60)
st.caption(
    literal(
        f"共 {len(versions)} 个版本。同一人在 {minutes} 分钟内接连保存的修改合为一条，列出合计的改动；"
        "展开「逐版记录」可看其中每一版。"
    )
)
# a long history scrolls in its own box, so that restoring stays in reach
long_history = sum(len(e.lines) + 2 for e in entries) > 14
with st.container(height=460 if long_history else "content"):
    for entry in entries:
        with st.container(border=True):
            span, end = _time(entry.oldest.at), _time(entry.newest.at)
            if end != span:  # the day once when the group ends on the day it began
                span += f" 至 {end[11:] if end[:10] == span[:10] else end}"
            who = f"{entry.newest.author}（{entry.newest.role_label}）"
            st.markdown(f"**{literal(entry.label)}** · {literal(f'{entry.kind_label} · {span} · {who}')}")
            st.markdown("\n".join(f"- {literal(line)}" for line in entry.lines))
            if entry.grouped:
                with st.expander(f"逐版记录（{len(entry.versions)} 个版本）"):
                    st.markdown(
                        "\n".join(
                            f"- {literal(f'第 {v.version_no} 版 · {_time(v.at)} · {readable(v.summary)}')}"
                            for v in entry.versions
                        )
                    )

st.subheader("恢复到旧版本")
current = st.session_state["version"]
older = [v for v in versions if v.version_no != current]
if not older:
    st.caption("目前只有一个版本。")
else:
    labels = {v.version_no: f"第 {v.version_no} 版 · {_time(v.at)} · {v.author}（{v.role_label}）" for v in older}
    chosen = st.selectbox(
        "选择版本",
        list(labels),
        format_func=labels.get,
        key="restore_choice",
        on_change=lambda: st.session_state.pop("restore_preview", None),
    )
    if st.button("查看恢复后会改动什么"):
        st.session_state["restore_preview"] = (rid, chosen)
    pending = st.session_state.get("restore_preview")
    if pending == (rid, chosen):
        now, then = _load(current), _load(chosen)
        preview = restore_preview(now, current, then, chosen)
        if preview.empty:
            st.info(literal(f"第 {chosen} 版与当前的第 {current} 版内容相同，无需恢复。"))
        else:
            for consequence in restore_consequences(store.report_info(rid).status, now, then, chosen):
                st.warning(literal(consequence))  # a signed report back in review: said before 确认恢复, not only after
            st.warning(
                literal(f"恢复后，当前的第 {current} 版将改回第 {chosen} 版的内容（另存为新版本，现有版本都保留）：")
            )
            st.markdown("\n".join(f"- {literal(line)}" for line in preview.lines))
            for diff in preview.sections:
                st.markdown(
                    f"**{literal(diff.title)}**（绿色下划线：恢复后会有的文字；红色删除线：恢复后会删去的文字）"
                )
                st.html(diff.html)
            buttons = st.container(horizontal=True)
            if buttons.button("确认恢复", type="primary"):
                status = store.report_info(rid).status
                try:
                    version = store.restore(rid, chosen, who=name, role=role, expected_version=current)
                except ConflictError as e:
                    # nothing of the clerk's is lost on this page: show the newest version and what restoring does now
                    state.open_report(rid)
                    st.session_state["versions_error"] = (
                        f"未恢复：{e.author}（{ROLE_LABELS.get(e.role, e.role)}）刚刚保存了第 {e.current_version} 版。"
                        f"下面已按第 {e.current_version} 版重新列出恢复会改动的内容，请核对后再确认恢复。"
                    )
                    st.rerun()
                except StorageError as e:
                    st.error(literal(str(e)))
                else:
                    st.session_state.pop("restore_preview", None)
                    state.open_report(rid)
                    info = store.report_info(rid)
                    # the storage's words when this restore moved the status back (a signed report changed)
                    moved = getattr(info, "status_note", "") if info.status != status else ""
                    st.session_state["versions_notice"] = "\n\n".join(
                        p for p in (f"已恢复为第 {chosen} 版的内容，保存为第 {version} 版。", moved) if p
                    )
                    st.rerun()
            if buttons.button("取消"):
                st.session_state.pop("restore_preview", None)
                st.rerun()

st.subheader("备份与迁移")
st.download_button(
    "下载整份报告的备份（含全部版本、审核和对话记录）",
    lambda: store.export_json(rid),  # written when downloaded: a long history is not serialised on every run
    file_name=f"{report.meta.agency}{report.meta.year}年报备份.json",
    mime="application/json",
    on_click="ignore",
)
imported = st.session_state.get("backups_imported", 0)
upload = st.file_uploader(
    "从备份文件导入一份报告",
    type=["json"],
    key="backup_upload" if not imported else f"backup_upload:{imported}",  # a new key empties it after an import
    help="选择用上面的按钮下载的备份文件（文件名以「年报备份.json」结尾），导入后作为一份新报告打开。",
)
if upload is not None and st.button("导入备份"):
    try:
        new_id = store.import_json(upload.getvalue().decode("utf-8-sig"), who=name, role=role)
    except UnicodeDecodeError:
        st.error("备份无法导入：文件不是 UTF-8 编码的文本，请选择用「下载整份报告的备份」得到的文件。")
    except StorageError as e:  # the file's own words are quoted in the message: shown as written
        st.error(literal(f"备份无法导入：{e}"))
    else:
        state.open_report(new_id)
        st.session_state.pop("restore_preview", None)
        info = store.report_info(new_id)
        st.session_state["versions_notice"] = f"已导入并打开：{info.agency} {info.year}年度。"
        st.session_state["backups_imported"] = imported + 1
        st.rerun()
