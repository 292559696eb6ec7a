"""审核: the reviewer edits each section, compares with the AI draft, comments, approves; findings; sign-off."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.drafting.gate import blocking
from app.drafting.sections import section_text, with_section_text
from app.storage import StorageError, confirmation_key, finding_key
from app.ui import chat, state
from app.workspace.review import added_errors, draft_diff_html
from schemas.confirmations import confirmation_of
from schemas.drafting import DRAFT_SECTIONS
from schemas.findings import SEVERITY_LABELS
from schemas.registry import section_title
from schemas.rule_catalogue import rule_info

state.page_setup("审核")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()


def _guard(action, done: str) -> None:
    try:
        action()
    except StorageError as e:
        st.error(str(e))
    else:
        st.toast(done)


def _comment(section: str) -> None:
    text = st.session_state.get(f"comment:{section}", "").strip()
    if text:
        _guard(lambda: store.add_comment(rid, section, text, who=name, role=role), "已添加批注")
        st.session_state[f"comment:{section}"] = ""


def _approve(section: str, key: str) -> None:
    """Approve ``section``; an edit still pending in its text area (emptying it too) is saved first, unless it brings
    a new error."""
    report = st.session_state["report"]
    current = section_text(report, section)
    edited = st.session_state.get(key, current)
    if edited.strip() != current.strip():
        changed = with_section_text(report, section, edited)
        before = blocking(report, state.findings(report))
        new = added_errors(before, blocking(changed, state.findings(changed)), section)
        if new:
            listed = "；".join(f"{rule_info(f.rule).title}：{f.message}" for f in new)
            st.session_state["review_error"] = (
                f"「{section_title(section)}」未通过：尚未保存的修改带来新的错误（{listed}）。"
                "修改仍保留在文本框中，请改正后再点「保存修改」或「通过本部分」。"
            )
            return
        if not state.save(changed, f"审核修改 {section_title(section)}"):
            st.session_state["review_error"] = f"「{section_title(section)}」未通过：修改未能保存，仍保留在文本框中。"
            return
    _guard(lambda: store.approve(rid, section, who=name, role=role), f"{section_title(section)} 已通过")


def _decide(finding, decision: str, reason_key: str) -> None:
    reason = st.session_state.get(reason_key, "")
    _guard(lambda: store.decide(rid, finding, decision, reason=reason, who=name, role=role), "已记录")


def _confirm(finding, reason_key: str) -> None:
    """A reviewer's confirmation with a written reason: a new version (the one mechanism the export page uses too)."""
    reason = st.session_state.get(reason_key, "")
    expected = st.session_state["version"]
    try:
        store.confirm(rid, finding, reason=reason, who=name, role=role, expected_version=expected)
    except StorageError as e:
        st.session_state["review_error"] = str(e)
    else:
        state.open_report(rid)
        st.toast("已确认，记录在版本记录中")


def _withdraw(confirmation) -> None:
    try:
        store.withdraw(rid, confirmation_key(confirmation), who=name, role=role)
    except StorageError as e:
        st.session_state["review_error"] = str(e)
    else:
        state.open_report(rid)


tab_text, tab_findings, tab_signoff = st.tabs(["正文", "检查发现", "审核签发"])

reviews = store.reviews(rid)  # read after the callbacks above have run
if problem := st.session_state.pop("review_error", None):
    st.error(problem)

with tab_text:
    left, right = st.columns([3, 2])
    with left:
        for section in DRAFT_SECTIONS:
            report = st.session_state["report"]
            review = reviews.get(section)
            mark = "（已审核）" if review and review.approved else ""
            with st.expander(f"{section_title(section)}{mark}"):
                current = section_text(report, section)
                edited = st.text_area(
                    "定稿文字（“（一）”开头的行是小标题）",
                    current,
                    height=260,
                    key=f"final:{section}:{st.session_state['version']}",
                )
                record = report.drafting.get(section)
                c1, c2 = st.columns(2)
                if c1.button("保存修改", key=f"save:{section}") and edited.strip() != current.strip():
                    state.save(with_section_text(report, section, edited), f"审核修改 {section_title(section)}")
                # a drafted section is grounded again on what the reviewer saved, as check and export see it
                shown = st.session_state["report"]
                for f in blocking(shown, state.findings(shown)):
                    if f.section == section:
                        st.warning(f"{rule_info(f.rule).title}：{f.message}")
                # callbacks run before the page is drawn again, so the page shows what they changed
                c2.button(
                    "通过本部分",
                    key=f"approve:{section}",
                    on_click=_approve,
                    args=(section, f"final:{section}:{st.session_state['version']}"),
                    help="文本框中尚未保存的修改会先保存，再通过",
                )
                if record and record.draft_text:
                    st.markdown("**与 AI 草稿对照**（绿色为审核人增加，红色删除线为删去）")
                    st.html(draft_diff_html(record.draft_text, edited))
                st.text_input("批注", key=f"comment:{section}")
                st.button("添加批注", key=f"add_comment:{section}", on_click=_comment, args=(section,))
                for c in review.comments if review else ():
                    st.caption(f"{c.by}（{c.at:%m-%d %H:%M}）：{c.text}")
    with right:
        chat.panel(DRAFT_SECTIONS, page="review")

with tab_findings:
    shown = st.session_state["report"]
    found = state.findings(shown)
    decisions = store.decisions(rid)
    if not found:
        st.success("未发现问题")
    for i, f in enumerate(found):
        key = finding_key(f)
        box = st.container(border=True)
        box.markdown(f"**{SEVERITY_LABELS[f.severity]}（{rule_info(f.rule).title}）**：{f.message}", help=f.rule)
        confirmation = confirmation_of(shown, f)
        if confirmation:
            when = f"，{confirmation.at.astimezone():%m-%d %H:%M}" if confirmation.at else ""
            box.caption(f"已确认：{confirmation.reason}（{confirmation.by}{when}）")
            if role == "reviewer":
                box.button("撤销确认", key=f"withdraw:{i}:{key}", on_click=_withdraw, args=(confirmation,))
            continue
        decision = decisions.get(key)
        if decision and decision.decision == "fixed":
            box.caption(f"{decision.decision_label}：{decision.reason}（{decision.by}，{decision.at:%m-%d %H:%M}）")
        reason_key = f"reason:{i}:{key}"
        box.text_input("处理说明（确认时必填，记入版本记录）", key=reason_key)
        c1, c2 = box.columns(2)
        c1.button("已修正", key=f"fixed:{i}:{key}", on_click=_decide, args=(f, "fixed", reason_key))
        if role == "reviewer" and rule_info(f.rule).confirmable:
            c2.button("核实无误，确认", key=f"dismiss:{i}:{key}", on_click=_confirm, args=(f, reason_key))
        elif not rule_info(f.rule).confirmable:
            c2.caption(rule_info(f.rule).dismiss)

with tab_signoff:
    signoff = st.session_state["report"].meta.signoff
    with st.form("signoff"):
        reviewer = st.text_input("审核人", signoff.reviewer or (name if role == "reviewer" else ""))
        issuer = st.text_input("签发人", signoff.issuer)
        date = st.date_input("日期", signoff.date or dt.date.today(), format="YYYY-MM-DD")
        signed = st.form_submit_button("审核签发", type="primary")
    if signed:
        try:
            version = store.sign_off(rid, reviewer=reviewer, issuer=issuer, date=date, who=name, role=role)
        except StorageError as e:
            st.error(str(e))
        else:
            state.open_report(rid)
            st.success(f"已签发（第 {version} 版）")
