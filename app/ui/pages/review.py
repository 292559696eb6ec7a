"""审核: the reviewer reads each part (text, tables, 基本信息), comments and approves it; findings are fixed (checked
again) or dismissed with a reason; sign-off once nothing is missing."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.drafting.gate import blocking
from app.drafting.sections import section_text, with_section_text
from app.storage import REVIEW_SECTIONS, ConflictError, StorageError, confirmation_key, finding_key
from app.storage.lifecycle import review_section
from app.storage.lifecycle import section_label as part_title
from app.ui import chat, state
from app.ui.inert import literal
from app.workspace.review import (
    added_errors,
    draft_diff_html,
    gate_findings,
    signed_with_date,
    still_firing,
    still_firing_message,
    where_to_fix,
)
from app.workspace.table_review import (
    LEGEND,
    STYLE,
    basics_html,
    block_html,
    compare_basics,
    compare_table,
)
from schemas.confirmations import confirmation_of
from schemas.drafting import DRAFT_SECTIONS
from schemas.findings import SEVERITY_LABELS
from schemas.rule_catalogue import rule_info

state.page_setup("审核")
report = state.require_report()
if report is None:
    st.stop()
store, rid = state.store(), state.current_id()
name, role = state.who()
TABLE_PARTS = tuple(s for s in REVIEW_SECTIONS if s not in DRAFT_SECTIONS)  # 基本信息, 二, 三, 四


def _notes() -> dict:
    return st.session_state.setdefault("review_notes", {})


def _comment(section: str) -> None:
    text = st.session_state.get(f"comment:{section}", "").strip()
    if not text:
        return
    try:
        store.add_comment(rid, section, text, who=name, role=role)
    except StorageError as e:
        _notes()[section] = str(e)
    else:
        st.session_state[f"comment:{section}"] = ""
        st.toast("已添加批注")


def _approve_as_is(section: str) -> None:
    """Approve ``section`` as the current version has it; the storage refuses while an error is open in it, or when
    another editor saved a version since the one this page shows (nobody approves a text they have not seen)."""
    try:
        found = gate_findings(state.findings(st.session_state["report"]))
        store.approve(rid, section, who=name, role=role, findings=found, expected_version=st.session_state["version"])
    except ConflictError as e:
        # the page's notice and its 「载入最新版本」 button, in the words of an approval (the reviewer edited nothing)
        st.session_state["conflict"] = _notes()[section] = (
            f"「{part_title(section)}」未通过：你看到的是第 {e.expected_version} 版，{e.author} 已保存第"
            f" {e.current_version} 版。请载入最新版本，看过后再通过。"
        )
    except StorageError as e:
        _notes()[section] = str(e)
    else:
        st.toast(literal(f"{part_title(section)} 已通过"))


def _approve(section: str, key: str) -> None:
    """Approve a text section; an edit still pending in its text area (emptying it too) is saved first, unless it
    brings a new error."""
    report = st.session_state["report"]
    current = section_text(report, section)
    edited = st.session_state.get(key, current)
    if edited.strip() != current.strip():
        changed = with_section_text(report, section, edited)
        before = blocking(report, state.findings(report))
        new = added_errors(before, blocking(changed, state.findings(changed)), section)
        if new:
            listed = "；".join(f"{rule_info(f.rule).title}：{f.message}" for f in new)
            _notes()[section] = (
                f"「{part_title(section)}」未通过：尚未保存的修改带来新的错误（{listed}）。"
                "修改仍保留在文本框中，请改正后再点「保存修改」或「通过本部分」。"
            )
            return
        if not state.save(changed, f"审核修改 {part_title(section)}"):
            _notes()[section] = f"「{part_title(section)}」未通过：修改未能保存，仍保留在文本框中。"
            return
    _approve_as_is(section)


def _fixed(finding) -> None:
    """「已修正」: the checks run again on the current report; a finding that still fires stays, saying why."""
    if not st.session_state.get("conflict") and store.report_info(rid).current_version != st.session_state["version"]:
        state.open_report(rid)  # a colleague saved since: check what is stored now
    now = still_firing(finding, state.findings(st.session_state["report"]))
    if now is None:
        st.toast(literal(f"已修正：{rule_info(finding.rule).title}，检查已通过"))
        return
    # shown at the finding as it reads now (another value: another key)
    _notes()[f"finding:{finding_key(now)}"] = "「已修正」未通过：" + still_firing_message(now, finding)


def _dismiss(finding, reason_key: str, note_key: str) -> None:
    """「忽略并说明理由」: a confirmation with the written reason, kept in the report as a new version."""
    reason = st.session_state.get(reason_key, "")
    try:
        store.confirm(rid, finding, reason=reason, who=name, role=role, expected_version=st.session_state["version"])
    except StorageError as e:
        _notes()[note_key] = str(e)
    else:
        state.open_report(rid)
        st.toast("已忽略并记下理由（见版本记录）")


def _withdraw(confirmation) -> None:
    try:
        store.withdraw(rid, confirmation_key(confirmation), who=name, role=role)
    except StorageError as e:
        st.session_state["review_error"] = str(e)
    else:
        state.open_report(rid)


def _comments(box, section: str, review) -> None:
    box.text_input("批注", key=f"comment:{section}")
    box.button("添加批注", key=f"add_comment:{section}", on_click=_comment, args=(section,))
    for c in review.comments if review else ():
        box.caption(f"{literal(c.author)}（{c.at:%m-%d %H:%M}）：{literal(c.text)}")


reviews = store.reviews(rid)  # read after the callbacks above have run
info = store.report_info(rid)
# the parts by their short names (一 … 六) keep the line short; each tab names them in full
done = " ".join(f"{'✅' if reviews.get(s) and reviews[s].approved else '⬜'}{s}" for s in REVIEW_SECTIONS)
approved = sum(1 for s in REVIEW_SECTIONS if reviews.get(s) and reviews[s].approved)
st.caption(
    f"当前状态：**{literal(info.status_label)}**　｜　"
    + literal(f"审核进度（{approved}/{len(REVIEW_SECTIONS)} 部分已通过）：{done}")
)
# what shows only sometimes sits in one container: the tabs below keep their place (and the tab a user is on)
# when a notice comes or goes or the role changes
with st.container():
    if info.status_note:
        st.info(literal(info.status_note))
    if role == "clerk" and info.status == "filling":  # the sidebar's button is below the fold on a laptop
        errors = state.open_counts(info).errors
        c1, c2 = st.columns([1, 5], vertical_alignment="center")
        c1.button("提交审核", key="review_submit", type="primary", on_click=state.submit_for_review, args=(rid,))
        c2.caption(
            literal(
                f"填报完成后交审核人审核。还有 {errors} 个错误未处理，也可以先提交，由审核人处理。"
                if errors
                else "填报完成后交审核人审核；状态改为「待审核」。"
            )
        )
    if problem := st.session_state.pop("review_error", None):
        st.error(literal(problem))
shown = st.session_state["report"]
found = state.findings(shown)
still_open = [f for f in found if confirmation_of(shown, f) is None]

tab_text, tab_tables, tab_findings, tab_signoff = st.tabs(["正文", "表格与基本信息", "检查发现", "审核签发"])

with tab_text:
    left, right = st.columns([3, 2])
    with left:
        for section in DRAFT_SECTIONS:
            report = st.session_state["report"]
            review = reviews.get(section)
            mark = "（已审核）" if review and review.approved else ""
            with st.expander(f"{part_title(section)}{mark}"):
                if note := _notes().pop(section, None):
                    st.error(literal(note))
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
                    state.save(with_section_text(report, section, edited), f"审核修改 {part_title(section)}")
                # a drafted section is grounded again on what the reviewer saved, as check and export see it
                after = st.session_state["report"]
                for f in blocking(after, state.findings(after)):
                    if f.section == section:
                        st.warning(f"{literal(rule_info(f.rule).title)}：{literal(f.message)}")
                # callbacks run before the page is drawn again, so the page shows what they changed
                c2.button(
                    "通过本部分",
                    key=f"approve:{section}",
                    on_click=_approve,
                    args=(section, f"final:{section}:{st.session_state['version']}"),
                    help="文本框中尚未保存的修改会先保存，再通过",
                )
                if record and record.draft_text:
                    st.markdown("**与起草稿对照**（绿色为定稿中增加，红色删除线为删去）")
                    st.html(draft_diff_html(record.draft_text, edited))
                _comments(st, section, review)
    with right:
        chat.panel(DRAFT_SECTIONS, page="review")

with tab_tables:
    previous = state.previous_report(shown) or shown.last_year_report()
    st.html(STYLE)
    if previous is None:
        st.caption("没有找到本单位上一年度的报告，只显示本年数字。")
    else:
        st.caption(LEGEND)
    for section in TABLE_PARTS:
        review = reviews.get(section)
        mark = "（已审核）" if review and review.approved else ""
        with st.expander(f"{part_title(section)}{mark}"):
            if note := _notes().pop(section, None):
                st.error(literal(note))
            if section in ("二", "三", "四"):
                st.html("".join(block_html(b) for b in compare_table(shown, previous, section)))
                where = "「数据填报」"
            else:
                st.html(basics_html(compare_basics(shown, previous)))
                where = "「基本信息」"
            mine = [f for f in still_open if review_section(f) == section]
            for f in mine:
                if signed_with_date(f):
                    st.info("落款的成文日期在「审核签发」时填写，不影响本部分通过。")
                    continue
                show = st.error if f.severity == "error" else st.warning
                show(f"{rule_info(f.rule).title}：{literal(f.message)}")
            st.caption(f"本部分只读；要修改，请到{where}页。有错误未处理时不能通过。")
            st.button("通过本部分", key=f"approve:{section}", on_click=_approve_as_is, args=(section,))
            _comments(st, section, review)

with tab_findings:
    if not found:
        st.success("未发现问题")
    for i, f in enumerate(found):
        key = finding_key(f)
        info_rule = rule_info(f.rule)
        box = st.container(border=True)
        box.markdown(
            f"**{SEVERITY_LABELS[f.severity]}（{literal(info_rule.title)}）**：{literal(f.message)}　"
            f"<small>所在部分：{literal(part_title(review_section(f)))}</small>",
            help=f.rule,
            unsafe_allow_html=True,
        )
        confirmation = confirmation_of(shown, f)
        if confirmation:
            when = f"，{confirmation.at.astimezone():%m-%d %H:%M}" if confirmation.at else ""
            box.caption(f"已忽略，理由：{literal(confirmation.reason)}（{literal(confirmation.by)}{when}）")
            if role == "reviewer":
                box.button("撤销忽略", key=f"withdraw:{i}:{key}", on_click=_withdraw, args=(confirmation,))
            continue
        note_key, reason_key = f"finding:{key}", f"reason:{i}:{key}"
        if note := _notes().pop(note_key, None):
            box.error(literal(note))
        if signed_with_date(f):
            box.caption("在「审核签发」填写的日期即为成文日期，签发后此项自动消除。")
            continue
        may_dismiss = info_rule.confirmable and (role == "reviewer" or f.severity == "warning")
        if may_dismiss:
            box.text_input("忽略的理由（必填，记入版本记录）", key=reason_key)
        c1, c2 = box.columns(2)
        c1.button("已修正", key=f"fixed:{i}:{key}", on_click=_fixed, args=(f,), help="重新检查，确认问题已不存在")
        if may_dismiss:
            c2.button("忽略并说明理由", key=f"dismiss:{i}:{key}", on_click=_dismiss, args=(f, reason_key, note_key))
        elif not info_rule.confirmable:
            c2.caption(literal(info_rule.dismiss))
        else:
            c2.caption("这是错误：请修正后点「已修正」；确需保留的，由审核人写明理由后忽略。")

with tab_signoff:
    signoff = shown.meta.signoff
    if note := st.session_state.pop("signed_note", None):
        st.success(literal(note))
    if info.status in ("signed", "published"):
        # the record, not a form: signing again only follows a change (which moves the report back to 审核中)
        when = f"{signoff.date:%Y年%m月%d日}" if signoff.date else "（未填写）"
        st.success(f"已签发：审核人 {literal(signoff.reviewer)}，签发人 {literal(signoff.issuer)}，日期 {when}。")
        st.caption("签发后如有修改，报告会回到「审核中」，届时在这里重新签发。")
    else:
        blockers = store.signoff_blockers(rid, gate_findings(found))
        if blockers:
            st.warning("签发前还需完成以下事项：")
            st.markdown("\n".join(f"- ⬜ {literal(f'{b}（{where_to_fix(b)}）')}" for b in blockers))
        else:
            st.success("各部分均已审核通过，没有未处理的问题，可以签发。")
        with st.form("signoff"):
            reviewer = st.text_input("审核人", name if role == "reviewer" else "", help="审核人即点击签发的本人")
            issuer = st.text_input("签发人", signoff.issuer)
            date = st.date_input("日期", signoff.date or dt.date.today(), format="YYYY-MM-DD")
            again = any(v.kind == "signoff" for v in store.versions(rid))  # signed before, changed since
            signed = st.form_submit_button("重新签发" if again else "审核签发", type="primary")
        if signed:
            try:
                version = store.sign_off(
                    rid, reviewer=reviewer, issuer=issuer, date=date, who=name, role=role, findings=gate_findings(found)
                )
            except StorageError as e:
                st.error(literal(str(e)))
            else:
                state.open_report(rid)
                status = store.report_info(rid).status_label
                st.session_state["signed_note"] = f"已签发（第 {version} 版），状态：{status}"
                st.rerun()  # the status line above shows the new status
