"""Drafting a report's narrative sections: concurrently, by the model or the offline drafter, then grounded.

A section that fails keeps its previous text: nothing the user had is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from app.drafting.facts import Facts, build_facts
from app.drafting.grounding import ground_section
from app.drafting.offline import draft_offline
from app.drafting.prompts import render_messages
from app.drafting.sections import has_text, put_section, section_text, to_section
from app.llm.errors import LLMError, SettingsError
from schemas.drafting import DRAFT_SECTIONS, SectionDrafting, output_model
from schemas.findings import Finding, Rule
from schemas.report import Report

# on_event(section, kind, payload): kind is "start", "delta" (text as it arrives), "done" or "failed"
EventHandler = Callable[[str, str, str], None]


@dataclass
class SectionResult:
    section: str
    drafted: bool
    record: SectionDrafting | None = None
    error: str | None = None
    skipped: bool = False  # kept because it already had text (no --overwrite)


@dataclass
class DraftOutcome:
    report: Report
    results: dict[str, SectionResult] = field(default_factory=dict)
    usage: object | None = None  # app.llm.usage.Usage when a model was used

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results.values() if r.record for f in r.record.findings]

    @property
    def unsupported(self) -> list[Finding]:
        """The errors still found after the repair round, placeholders aside (those are listed, not failures)."""
        return unsupported(self.findings)

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.results.items() if not r.drafted and not r.skipped]


def unsupported(findings: list[Finding]) -> list[Finding]:
    """The errors among ``findings`` a model must not leave: every one but a 【待补充】 marker, which it is told to write."""
    return [f for f in findings if f.severity == "error" and f.rule != Rule.PLACEHOLDER]


def _validation_message(e: Exception) -> str:
    return f"模型输出不符合要求：{e}" if isinstance(e, ValidationError) else str(e)


def _repair_message(findings: list[Finding]) -> str:
    problems = "\n".join(f"- {f.message}" for f in findings)
    return (
        "核对发现以下问题（数字或年份在统计表、派生表述、经办人素材和基本信息中找不到出处或与统计表不一致，"
        "正文混入了不属于报告的文字，或必写的部分为空）：\n"
        f"{problems}\n"
        "请修改：统计表数字以派生表述为准；没有出处的数字删除或改为【待补充：……】；删去不属于报告的文字和排版符号；"
        "必写的部分没有素材的写【待补充：……】。其余内容不变，按原 JSON 结构重新输出。"
    )


class _Drafter:
    def __init__(self, report, previous, facts, client, settings, instruction, on_event, memory):
        self.report, self.previous, self.facts = report, previous, facts
        self.client, self.settings, self.instruction = client, settings, instruction
        self.on_event = on_event or (lambda *_: None)
        self.memory = memory
        self.replies: list = []

    def _model_draft(self, section: str, messages: list[dict]) -> tuple[BaseModel, list, str]:
        from app.llm.structured import complete_structured

        result = complete_structured(
            self.client,
            messages,
            output_model(section, self.report.meta.format_version),
            settings=self.settings,
            on_delta=lambda text: self.on_event(section, "delta", text),
            mode_memory=self.memory,
        )
        return result.parsed, list(result.replies), result.raw_text

    def _ground(self, section: str, draft: BaseModel) -> tuple[Report, list[Finding], list[str]]:
        trial = self.report.model_copy(deep=True)
        put_section(trial, section, to_section(draft))
        findings, placeholders = ground_section(trial, section, self.facts, previous=self.previous)
        return trial, findings, placeholders

    def draft(self, section: str) -> tuple[object, SectionDrafting]:
        self.on_event(section, "start", "")
        current = section_text(self.report, section)
        replies: list = []
        repaired = False
        if self.client is None:
            draft = draft_offline(self.report, self.facts, section)
        else:
            messages = render_messages(
                self.report,
                self.facts,
                section,
                instruction=self.instruction,
                current_text=current if self.instruction else "",
            )
            draft, replies, raw = self._model_draft(section, messages)
        trial, findings, placeholders = self._ground(section, draft)
        errors = unsupported(findings)
        if self.client is not None and errors:
            # one automatic repair round: the flagged numbers go back to the model
            messages = messages + [
                {"role": "assistant", "content": raw},
                {"role": "user", "content": _repair_message(errors)},
            ]
            self.on_event(section, "delta", "\n")
            draft, more, _ = self._model_draft(section, messages)
            replies += more
            trial, findings, placeholders = self._ground(section, draft)
            repaired = True
        usage = self._usage(replies)
        record = SectionDrafting(
            mode="model" if self.client is not None else "template",
            model=self.settings.model if self.client is not None and self.settings else "",
            drafted_at=dt.datetime.now().replace(microsecond=0),
            facts_used=list(getattr(draft, "facts_used", [])),
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            tokens_estimated=usage.estimated if usage else False,
            cost_yuan=(usage.cost_yuan or 0.0) if usage else 0.0,
            repaired=repaired,
            findings=findings,
            placeholders=placeholders,
            draft_text=section_text(trial, section),
            replaced_text=current,
        )
        self.replies += replies
        self.on_event(section, "done", record.draft_text)
        return to_section(draft), record

    def _usage(self, replies: list):
        if not replies:
            return None
        from app.llm.usage import Usage

        return Usage.from_replies(replies, settings=self.settings)


def draft_report(
    report: Report,
    *,
    previous: Report | None = None,
    sections: tuple[str, ...] = DRAFT_SECTIONS,
    overwrite: bool = False,
    client: object | None = None,
    settings: object | None = None,
    instruction: str = "",
    on_event: EventHandler | None = None,
    mode_memory: object | None = None,
    facts: Facts | None = None,
) -> DraftOutcome:
    """``report`` with the requested sections drafted (concurrently); failures keep their previous text."""
    facts = facts or build_facts(report, previous)
    out = report.model_copy(deep=True)
    if previous is not None:
        out.with_last_year(previous)  # the year-on-year sentences stay checkable wherever the draft is opened
    outcome = DraftOutcome(report=out)
    todo = []
    for section in sections:
        if has_text(report, section) and not overwrite:
            outcome.results[section] = SectionResult(section, drafted=False, skipped=True)
        else:
            todo.append(section)
    drafter = _Drafter(report, previous, facts, client, settings, instruction, on_event, mode_memory)
    # one section runs in the caller's thread, so a UI can show its text as it streams in
    pool = ThreadPoolExecutor(max_workers=len(todo)) if len(todo) > 1 else None
    futures = {section: pool.submit(drafter.draft, section) for section in todo} if pool else {}
    try:
        for section in todo:
            try:
                value, record = futures[section].result() if pool else drafter.draft(section)
            except (LLMError, SettingsError, ValidationError) as e:
                message = getattr(e, "message", None) or _validation_message(e)
                outcome.results[section] = SectionResult(section, drafted=False, error=message)
                if on_event:
                    on_event(section, "failed", message)
                continue
            put_section(out, section, value)
            out.drafting[section] = record
            outcome.results[section] = SectionResult(section, drafted=True, record=record)
    finally:
        if pool:
            pool.shutdown()
    if drafter.replies:
        from app.llm.usage import Usage

        outcome.usage = Usage.from_replies(drafter.replies, settings=settings)
    return outcome
