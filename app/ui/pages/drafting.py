"""起草: draft or redraft each narrative section (the model, or the offline drafter), grounded."""

from __future__ import annotations

import re

import streamlit as st

from app.drafting.engine import draft_report
from app.drafting.quality import similar_unit_findings
from app.drafting.sections import has_text, section_text
from app.llm.errors import SettingsError
from app.llm.settings import cloud_notice
from app.ui import chat, llm, state
from app.ui.inert import chat_markdown, literal
from app.workspace.placeholders import by_target, remaining_placeholders
from app.workspace.review import reviewed_sections
from schemas.confirmations import open_findings
from schemas.drafting import DRAFT_SECTIONS
from schemas.findings import SEVERITY_LABELS
from schemas.registry import section_title
from schemas.rule_catalogue import rule_info

state.page_setup("起草")
report = state.require_report()
if report is None:
    st.stop()

settings, problem = llm.settings()
if problem:
    st.error(literal(f"模型设置有误：{problem}（可在「模型设置」页修改）"))
    st.stop()
if settings.provider == "offline":
    st.info("未配置模型：使用离线模板起草（内容全部来自统计表和工作素材，请审核后使用）。可在「模型设置」页配置模型。")
else:
    st.caption(literal(f"模型：{settings.preset.label} · {settings.model}"))
    notice = cloud_notice(settings)
    if notice:
        st.warning(literal(notice))

for message in st.session_state.pop("flash", []):
    st.error(literal(message))  # a failed draft's reason may quote what the model sent

used = [r for r in report.drafting.values() if r.mode == "model"]
if used:
    cost = sum(r.cost_yuan for r in used)
    tokens_in, tokens_out = sum(r.prompt_tokens for r in used), sum(r.completion_tokens for r in used)
    st.caption(f"本报告用量：输入 {tokens_in:,} / 输出 {tokens_out:,}，约 {cost:.2f} 元")

_PAGE_FILES = {"materials": "pages/materials.py", "basics": "pages/basics.py", "tables": "pages/tables.py"}
_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"')


def _visible(raw: str) -> str:
    """The prose inside a JSON reply that is still arriving (field names and quotes left out)."""
    pieces = [p[1:-1].replace("\\n", "\n") for p in _TEXT.findall(raw)]
    return "\n".join(p for p in pieces if not p.isascii())


def _run(sections: tuple[str, ...], instruction: str = "", box=None) -> None:
    current = st.session_state["report"]
    streamed: list[str] = []

    def on_event(section: str, kind: str, payload: str) -> None:
        if box is not None and kind == "delta":
            streamed.append(payload)
            box.markdown(chat_markdown(_visible("".join(streamed))[-1500:]) or "……")  # the model's words, inert

    try:
        client = llm.client(settings)
    except SettingsError as e:
        st.session_state.setdefault("flash", []).append(e.message)
        return
    with st.spinner("正在起草……"):
        outcome = draft_report(
            current,
            previous=state.previous_report(current),
            sections=sections,
            overwrite=True,
            client=client,
            settings=settings,
            instruction=instruction,
            on_event=on_event,
        )
    for section, result in outcome.results.items():
        if result.error:
            # kept across the rerun that shows the new text
            st.session_state.setdefault("flash", []).append(
                f"「{section_title(section)}」起草失败，保留原文：{result.error}"
            )
    if any(r.drafted for r in outcome.results.values()):
        state.save(outcome.report, "起草 " + "、".join(s for s, r in outcome.results.items() if r.drafted))


def _request(sections: tuple[str, ...], instruction: str = "", box=None, *, where: str) -> None:
    """Draft ``sections`` at once, or first ask (at ``where``) when some hold a reviewer's edit or approval."""
    approved = {s for s, r in state.store().reviews(state.current_id()).items() if r.approved}
    reviewed = reviewed_sections(st.session_state["report"], approved, sections)
    if reviewed:
        st.session_state["overwrite_ask"] = {
            "where": where,
            "sections": sections,
            "reviewed": reviewed,
            "instruction": instruction,
            "version": st.session_state["version"],
        }
    else:
        _run(sections, instruction, box)
    st.rerun()


def _ask(where: str, box=None) -> None:
    """The question before a redraft overwrites a reviewer's work: overwrite, draft only the rest, or cancel."""
    ask = st.session_state.get("overwrite_ask")
    if not ask or ask["where"] != where:
        return
    if ask["version"] != st.session_state["version"]:  # the report changed since: the question no longer holds
        st.session_state.pop("overwrite_ask")
        return
    reviewed, rest = ask["reviewed"], tuple(s for s in ask["sections"] if s not in ask["reviewed"])
    listed = "\n".join(f"- {literal(f'「{section_title(s)}」：{why}')}" for s, why in reviewed.items())
    st.warning(
        f"下列部分有审核人修改或通过的文字，重新起草会覆盖：\n\n{listed}\n\n"
        "覆盖前的文字不会丢失：它保存在版本记录中（可在「版本记录」页找回），起草记录也留有被替换的原文。"
        "覆盖后，已通过的部分需要重新审核。",
        icon="⚠️",
    )
    columns = st.columns(3)
    chosen = None
    if columns[0].button("确认覆盖", key=f"overwrite:{where}", type="primary"):
        chosen = ask["sections"]
    if rest and columns[1].button("只起草未修改的部分", key=f"only_rest:{where}"):
        chosen = rest
    if columns[2].button("取消", key=f"cancel_overwrite:{where}"):
        st.session_state.pop("overwrite_ask")
        st.rerun()
    if chosen:
        st.session_state.pop("overwrite_ask")
        _run(chosen, ask["instruction"], box)
        st.rerun()


if st.button("起草全部正文（前言、一、五、六）", type="primary"):
    _request(DRAFT_SECTIONS, where="all")
_ask("all")


def _remaining() -> None:
    """The 【待补充】 markers left in the drafted text, each with the field that fills it and a link to its page."""
    current = st.session_state["report"]
    if not any(has_text(current, s) for s in DRAFT_SECTIONS):
        return
    remaining = remaining_placeholders(current)
    if not remaining:
        return
    with st.expander(f"还有 {len(remaining)} 处【待补充】：把事实写进下列各栏，再重新起草对应部分", icon="📝"):
        for target, items in by_target(remaining).items():
            left, right = st.columns([2, 1], vertical_alignment="center")
            left.markdown("\n".join(f"- {literal(f'{r.place}：{r.describe()}')}" for r in items))
            if target.hint:
                left.caption(literal(target.hint))
            right.page_link(
                _PAGE_FILES[target.page], label=f"去填写{target.describe()}", icon=":material/arrow_forward:"
            )


_remaining()


def _alike_other_units() -> None:
    """A warning for each drafted section that reads like another unit's report of the same year (computed once a
    version)."""
    current = st.session_state["report"]
    if not current.drafting:
        return
    key = ("alike", st.session_state.get("report_id"), st.session_state.get("version"))
    if st.session_state.get("alike_key") != key:
        st.session_state["alike_key"] = key
        st.session_state["alike"] = similar_unit_findings(current, state.other_units_reports(current))
    for f in st.session_state["alike"]:
        st.warning(f"{SEVERITY_LABELS[f.severity]}：{literal(f.message)}", icon="⚠️")


_alike_other_units()

left, right = st.columns([3, 2])
with left:
    for section in DRAFT_SECTIONS:
        report = st.session_state["report"]
        record = report.drafting.get(section)
        # the section's findings on its current text (a reviewer's edit included), not those kept from drafting
        found = [f for f in open_findings(report, state.findings(report)) if f.section == section]
        asked = st.session_state.get("overwrite_ask", {}).get("where") == section
        with st.expander(section_title(section), expanded=asked or bool(found)):
            text = section_text(report, section)
            st.text(text or "（尚无文字）")
            if record:
                how = "模型" if record.mode == "model" else "离线模板"
                st.caption(
                    f"{how}起草{('（' + literal(record.model) + '）') if record.model else ''}"
                    f"{'，经过一轮自动修正' if record.repaired else ''}"
                    f"{f'，用量：输入 {record.prompt_tokens:,} / 输出 {record.completion_tokens:,}' if record.mode == 'model' else ''}"
                )
            for f in found:
                paragraph = (
                    f"第 {f.paragraph:d} 段：" if f.paragraph and f"第 {f.paragraph} 段" not in f.message else ""
                )
                (st.error if f.severity == "error" else st.warning)(
                    f"{SEVERITY_LABELS[f.severity]}（{rule_info(f.rule).title}）{paragraph}{literal(f.message)}"
                )
            instruction = st.text_input("修改要求（可选，如“更简洁”“补充平台建设”）", key=f"instruction:{section}")
            box = st.empty()
            if st.button("重新起草" if text else "起草", key=f"draft:{section}"):
                _request((section,), instruction, box, where=section)
            _ask(section, box)
with right:
    chat.panel(DRAFT_SECTIONS, page="drafting")
