"""The assistant's chat panel: one section's conversation (or the tables'), a proposal as a diff with 采纳 / 放弃."""

from __future__ import annotations

import time

import streamlit as st

from app.assistant.conversation import PROPOSAL_MARK, respond
from app.assistant.explain import TABLES_SCOPE
from app.assistant.revise import ProposalError, accept, version_note
from app.llm.errors import SettingsError
from app.ui import llm, state
from app.ui.inert import chat_markdown, literal
from app.workspace.review import draft_diff_html
from schemas.assistant import Proposal
from schemas.confirmations import open_findings
from schemas.findings import SEVERITY_LABELS, Finding
from schemas.registry import section_title
from schemas.rule_catalogue import rule_info

_HINTS = {
    TABLES_SCOPE: "如“表三为什么报错？”",
    "text": "如“写得更简洁”“截止日期是哪天？”",
}


def _proposals() -> dict[str, Proposal]:
    """The proposals waiting for 采纳 / 放弃, by report and section (a dict kept in the session: filling it is no
    page update, so a run that Streamlit is about to end early still keeps what it puts there)."""
    return st.session_state.setdefault("chat_proposals", {})


def _questions() -> dict[str, list[tuple[str, int]]]:
    """The questions stored but not yet given to the model, by the same key: (text, its message's id)."""
    return st.session_state.setdefault("chat_questions", {})


def _answering() -> dict[str, dict[int, float]]:
    """The turns still waiting for the model, by the same key: each turn's question id and its start (a run ended
    early by a click goes on in the background and stores its reply; the page that replaced it shows it is coming)."""
    return st.session_state.setdefault("chat_answering", {})


STALE_SECONDS = 900  # a turn marked as still answering after this long is taken as ended


def _pending_key(section: str) -> str:
    return f"{state.current_id()}:{section}"


def _findings(section: str) -> list[Finding]:
    """The open findings of the report (drafted sections grounded on their current text), unconfirmed ones only."""
    report = st.session_state["report"]
    return open_findings(report, state.findings(report))


def _model():
    """The client and settings for a turn (no client: the assistant works without a model)."""
    settings, problem = llm.settings()
    if problem or settings is None or settings.provider == "offline":
        return None, None
    try:
        return llm.client(settings), settings
    except SettingsError as e:
        st.warning(literal(e.message))
        return None, None


def _history(section: str) -> list:
    messages = state.store().messages(state.current_id(), section=section)
    for m in messages:
        with st.chat_message(m.role):
            head, _, body = m.content.partition(PROPOSAL_MARK)
            st.markdown(chat_markdown(head))  # a model's or a user's words: no image, link or HTML made of them
            if body:
                with st.expander("建议全文"):
                    st.text(body)
            who = m.author or ("助手" if m.role == "assistant" else "")
            model = f"模型：{m.model}" if m.model else ""
            used = f"用量：输入 {m.prompt_tokens:,} / 输出 {m.completion_tokens:,}" if m.prompt_tokens else ""
            st.caption(literal(" · ".join(p for p in (who, model, used, f"{m.at:%m-%d %H:%M}") if p)))
    return messages


def _proposal(section: str, proposal: Proposal, page: str) -> None:
    box = st.container(border=True)
    box.markdown(f"**待采纳的建议**：{literal(proposal.summary)}（绿色为增加，红色删除线为删去）")
    box.html(draft_diff_html(proposal.base_text, proposal.text))
    for f in proposal.findings:
        (box.error if f.severity == "error" else box.warning)(
            f"{SEVERITY_LABELS[f.severity]}（{rule_info(f.rule).title}）：{literal(f.message)}"
        )
    c1, c2 = box.columns(2)
    blocked = bool(proposal.errors)
    name, _ = state.who()
    rid = state.current_id()
    if c1.button("采纳", key=f"chat_accept:{page}:{section}", type="primary", disabled=blocked):
        try:
            updated = accept(st.session_state["report"], proposal)
        except ProposalError as e:
            box.error(literal(e.message))
            return
        store, proposals, key = state.store(), _proposals(), _pending_key(section)

        def accepted(version: int) -> None:  # with the save itself: a click right after it loses neither
            store.add_message(
                rid,
                role="assistant",
                content=f"{name}采纳了这条建议，已保存为第 {version} 版。",
                section=section,
                author=name,
            )
            proposals.pop(key, None)

        if state.save(updated, "采纳助手建议", note=version_note(proposal, name), then=accepted):
            st.rerun()
    if blocked:
        c1.caption("还有核对错误，不能采纳")
    if c2.button("放弃", key=f"chat_reject:{page}:{section}"):
        state.store().add_message(
            rid, role="assistant", content=f"{name or '用户'}放弃了这条建议，报告未改变。", section=section, author=name
        )
        _proposals().pop(_pending_key(section), None)
        st.rerun()


def _submitted(page: str, sections: tuple[str, ...] | None) -> None:
    """The chat box's callback, the first thing of the run after Enter: the question is stored at once, before the
    page is drawn (a click meanwhile makes Streamlit stop the run at its next page update or session-state access)
    and queued for the panel to answer."""
    prompt = (st.session_state.get(f"chat_input:{page}") or "").strip()
    section = st.session_state.get(f"chat_section:{page}") if sections else TABLES_SCOPE
    if not prompt or section is None:
        return
    name, _ = state.who()
    store, rid, questions, key = state.store(), state.current_id(), _questions(), _pending_key(section)
    asked = store.add_message(rid, role="user", content=prompt, section=section, author=name)
    questions.setdefault(key, []).append((prompt, asked))


def _answer(section: str, history: list) -> None:
    """The next queued question of ``section`` answered. Everything is read from the session first; then the
    question leaves the queue, the turn is marked as answering, the model answers and the reply and its proposal
    are stored, with no Streamlit call between (a run stopped by a click goes on to the end in the background; the
    new page says the reply is coming and shows it when it is stored)."""
    report = st.session_state["report"]
    store, rid = state.store(), state.current_id()
    proposals, answering, questions, key = _proposals(), _answering(), _questions(), _pending_key(section)
    client, settings = _model()
    findings, previous = _findings(section), state.previous_report(report)
    try:
        prompt, asked = questions.get(key, []).pop(0)  # (atomic: a run stopped meanwhile may be taking it too)
    except IndexError:
        return
    turns = answering.setdefault(key, {})
    turns[asked] = time.monotonic()
    try:
        with st.spinner("助手正在处理……"):
            turn = respond(
                prompt,
                report=report,
                section=section,
                findings=findings,
                history=[(m.role, m.content) for m in history if m.id != asked],
                client=client,
                settings=settings,
                previous=previous,
            )
            store.add_message(
                rid,
                role="assistant",
                content=turn.stored_text(),
                section=section,
                model=turn.model,
                prompt_tokens=turn.prompt_tokens,
                completion_tokens=turn.completion_tokens,
            )
            if turn.proposal is not None:
                proposals[key] = turn.proposal
    finally:
        turns.pop(asked, None)


def panel(sections: tuple[str, ...] | None, *, page: str) -> None:
    """The chat about one of ``sections`` (a selector), or about the tables when ``sections`` is None."""
    st.subheader("助手")
    if sections:
        section = st.selectbox("对话的部分", sections, format_func=section_title, key=f"chat_section:{page}")
    else:
        section = TABLES_SCOPE
    everything = state.store().messages(state.current_id())
    used_in, used_out = sum(m.prompt_tokens for m in everything), sum(m.completion_tokens for m in everything)
    st.caption(
        f"本报告的助手对话用量：输入 {used_in:,}，输出 {used_out:,}。"
        "助手只提出正文修改建议，不能修改统计表；采纳前都经过与起草相同的数字核对。"
    )
    history = _history(section)
    pending = _proposals().get(_pending_key(section))
    if pending is not None:
        _proposal(section, pending, page)
    if _still_running(_pending_key(section)):
        _still_answering(_pending_key(section))
    st.chat_input(
        _HINTS[TABLES_SCOPE if section == TABLES_SCOPE else "text"],
        key=f"chat_input:{page}",
        on_submit=_submitted,
        args=(page, sections),
    )
    if _questions().get(_pending_key(section)):
        _answer(section, history)
        st.rerun()


def _still_running(key: str) -> bool:
    now = time.monotonic()
    return any(now - started < STALE_SECONDS for started in _answering().get(key, {}).values())


@st.fragment(run_every=1.0)
def _still_answering(key: str) -> None:
    """While a turn ended early on the page goes on in the background: say so, and redraw the page when its reply
    is stored."""
    if _still_running(key):
        st.info("助手仍在处理上一个问题，回复到后会自动显示……")
    else:
        st.rerun(scope="app")
