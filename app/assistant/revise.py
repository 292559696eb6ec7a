"""Revising one section by conversation: the prompt (section text, its findings, its table statements — not the whole
report), the model's proposal, grounding it exactly like a draft, and accepting it into a copy of the report."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.drafting.facts import Facts, build_facts
from app.drafting.grounding import ground_section
from app.drafting.prompts import environment, prompt_meta, section_statements
from app.drafting.sections import section_text, with_section_text
from schemas.assistant import Proposal, SectionRevision
from schemas.findings import SEVERITY_LABELS, Finding
from schemas.registry import section_title
from schemas.report import Report

if TYPE_CHECKING:
    from app.llm.client import ChatClient, ChatReply
    from app.llm.settings import LLMSettings

# how much of the earlier conversation a revision prompt carries
HISTORY_TURNS = 6
HISTORY_CHARS = 150
_BLANK_LINES = re.compile(r"\n\s*\n+")


class ProposalError(ValueError):
    """A proposal cannot be accepted; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _history_lines(history: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for role, content in list(history)[-HISTORY_TURNS:]:
        text = content.split("\n")[0].strip()  # the first line: the request, or the proposal's summary
        if len(text) > HISTORY_CHARS:
            text = text[: HISTORY_CHARS - 1] + "…"
        out.append(("经办人" if role == "user" else "助手", text))
    return out


def revision_context(
    report: Report,
    facts: Facts,
    section: str,
    *,
    request: str,
    findings: Sequence[Finding] = (),
    history: Sequence[tuple[str, str]] = (),
) -> dict:
    """What a revision prompt shows the model: this section only, its findings and its table statements."""
    statements = list(section_statements(report, facts, section).values())
    lines = [
        f"{SEVERITY_LABELS[f.severity]} {f.rule}：{f.message}"
        for f in findings
        if f.section == section and f.severity in SEVERITY_LABELS
    ]
    return {
        "meta": prompt_meta(report),
        "section_title": section_title(section),
        "statements": statements,
        "findings": lines,
        "history": _history_lines(history),
        "current_text": section_text(report, section).strip(),
        "request": request.strip(),
    }


def revision_messages(
    report: Report,
    facts: Facts,
    section: str,
    *,
    request: str,
    findings: Sequence[Finding] = (),
    history: Sequence[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """The system and user messages asking for a revision of ``section``."""
    env = environment()
    context = revision_context(report, facts, section, request=request, findings=findings, history=history)
    system = env.get_template("assistant/system.j2").render(**context)
    user = env.get_template("assistant/revise.j2").render(**context)
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def clean_text(text: str) -> str:
    """The proposed text with blank lines and stray spaces removed (one paragraph a line)."""
    lines = [line.strip() for line in _BLANK_LINES.sub("\n", text.replace("\r\n", "\n")).split("\n")]
    return "\n".join(line for line in lines if line)


def ground_proposal(
    report: Report,
    section: str,
    text: str,
    facts: Facts,
    *,
    stated: str = "",
    previous: Report | None = None,
) -> list[Finding]:
    """Grounding findings of ``text`` as ``section`` of ``report``, exactly as for a draft.

    What the clerk said in the chat (``stated``) and the section's current text count as notes: a number from
    them is not one the assistant introduced. R-H compares statements about table quantities with the table
    whatever the notes say, so neither can make a wrong table quantity pass.
    """
    trial = with_section_text(report, section, text)
    sources = "\n".join(p for p in (trial.notes.general, section_text(report, section), stated) if p.strip())
    trial.notes = trial.notes.model_copy(update={"general": sources})
    findings, _ = ground_section(trial, section, facts, previous=previous)
    return findings


def propose(
    request: str,
    *,
    report: Report,
    section: str,
    client: ChatClient,
    settings: LLMSettings,
    findings: Sequence[Finding] = (),
    history: Sequence[tuple[str, str]] = (),
    previous: Report | None = None,
    facts: Facts | None = None,
    on_delta: Callable[[str], None] | None = None,
) -> tuple[Proposal, list[ChatReply]]:
    """A grounded proposal for ``section`` and the model's replies (LLMError when the model fails)."""
    from app.llm.structured import complete_structured
    from app.llm.usage import Usage

    facts = facts or build_facts(report, previous)
    messages = revision_messages(report, facts, section, request=request, findings=findings, history=history)
    result = complete_structured(client, messages, SectionRevision, settings=settings, on_delta=on_delta)
    text = clean_text(result.parsed.text)
    stated = "\n".join([content for role, content in history if role == "user"] + [request])
    usage = Usage.from_replies(result.replies, settings=settings)
    proposal = Proposal(
        section=section,
        base_text=section_text(report, section),
        text=text,
        summary=result.parsed.summary.strip().split("\n")[0] or "修改了本部分文字",
        findings=ground_proposal(report, section, text, facts, stated=stated, previous=previous),
        facts_used=result.parsed.facts_used,
        model=settings.model,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
    )
    return proposal, result.replies


def accept(report: Report, proposal: Proposal) -> Report:
    """A copy of ``report`` with the proposal's text as its section; the tables are untouched by construction."""
    if proposal.errors:
        raise ProposalError("建议中还有核对错误（见上），不能采纳：可以请助手改正，或放弃这条建议。")
    if section_text(report, proposal.section).strip() != proposal.base_text.strip():
        raise ProposalError("这一部分在建议提出之后已被修改，建议已过期：请重新提出要求。")
    out = with_section_text(report, proposal.section, proposal.text)
    if out.tables != report.tables or out.meta != report.meta:
        raise ProposalError("建议只能修改正文文字。")  # cannot happen: with_section_text sets one section
    return out


def version_note(proposal: Proposal, who: str) -> str:
    """The version summary's prefix: proposed by the assistant, accepted by whom."""
    model = f"（{proposal.model}）" if proposal.model else ""
    return f"采纳助手建议{model}，{who}采纳：{proposal.summary}；"
