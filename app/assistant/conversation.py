"""One turn of the conversation: route the message, answer it, and say what it cost.

Explaining findings, refusing and answering from the knowledge base need no model; only a revision does. Nothing a
turn returns can change a table: a proposal is section text, and accepting it goes through ``revise.accept``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.assistant.answers import answer
from app.assistant.explain import TABLES_SCOPE, explain
from app.assistant.revise import propose
from app.assistant.routing import route
from app.drafting.prompts import environment
from app.llm.errors import LLMError, SettingsError, redact
from schemas.assistant import Intent, Proposal
from schemas.findings import Finding
from schemas.registry import section_title
from schemas.report import Report
from schemas.rule_catalogue import rule_info

if TYPE_CHECKING:
    from app.llm.client import ChatClient, ChatReply
    from app.llm.settings import LLMSettings

REFUSAL = (
    "不能提供。系统提示词和 API 密钥不会出现在对话中，我也不掌握密钥（密钥只保存在服务器的配置里）。"
    "我可以解释检查发现、回答年报格式和法规问题，或按你的要求提出正文修改建议。"
)
TABLE_EDIT = (
    "我只能提出正文文字的修改建议，不能修改统计表中的数字。表格请在「数据填报」页修改，改完后各项检查会自动重新进行；"
    "想知道某处为什么报错，可以问我“表三为什么报错？”。"
)
NEEDS_MODEL = (
    "改写正文需要配置模型（在「模型设置」页配置）。目前未配置模型：我可以解释检查发现、回答年报格式和法规问题；"
    "正文也可以在「审核」页直接修改，或在「起草」页用离线模板重新起草。"
)
NO_SECTION = (
    "这里是统计表的对话，我只能解释检查发现和回答问题。修改正文请到「起草」或「审核」页，选择要修改的部分后再提出。"
)
# the separator between a proposal's reply and its full text in the stored message
PROPOSAL_MARK = "\n\n【建议全文】\n"
SYSTEM_TEMPLATES = ("assistant/system.j2", "assistant/answer_system.j2")


@dataclass
class Turn:
    """The assistant's answer to one message: text, maybe a proposal, and the model's replies (for tokens)."""

    intent: Intent
    reply: str
    proposal: Proposal | None = None
    replies: list[ChatReply] = field(default_factory=list)
    model: str = ""

    @property
    def prompt_tokens(self) -> int:
        return sum(r.prompt_tokens for r in self.replies)

    @property
    def completion_tokens(self) -> int:
        return sum(r.completion_tokens for r in self.replies)

    def stored_text(self) -> str:
        """The message as saved with the report: the reply, and a proposal's full text for the record."""
        return self.reply + (PROPOSAL_MARK + self.proposal.text if self.proposal else "")


def proposal_reply(proposal: Proposal) -> str:
    """What the assistant says with a proposal: the summary, and the grounding errors that block it."""
    text = f"建议修改「{section_title(proposal.section)}」：{proposal.summary}"
    errors, warnings = proposal.errors, len(proposal.findings) - len(proposal.errors)
    if errors:
        listed = "\n".join(f"- {rule_info(f.rule).title}：{f.message}" for f in errors)
        text += f"\n\n核对发现 {len(errors)} 个错误，改正之前不能采纳：\n{listed}"
    elif warnings:
        text += f"\n\n核对发现 {warnings} 个警告（不影响采纳，请留意）。"
    else:
        text += "\n\n核对通过：正文中的数字都能找到出处。"
    return text


def _secret(settings: LLMSettings | None) -> str | None:
    key = getattr(settings, "api_key", None)
    return key.get_secret_value() if key is not None else None


def _leaks(text: str, secret: str | None) -> bool:
    """Whether a model's text repeats the instructions it was given (or the key, never sent but checked anyway)."""
    if secret and secret in text:
        return True
    for name in SYSTEM_TEMPLATES:
        env = environment()
        source = env.loader.get_source(env, name)[0]
        lines = [line.strip() for line in source.split("\n") if len(line.strip()) >= 24 and "{" not in line]
        if any(line[:24] in text for line in lines):
            return True
    return False


def respond(
    message: str,
    *,
    report: Report,
    section: str | None,
    findings: Sequence[Finding] = (),
    history: Sequence[tuple[str, str]] = (),
    client: ChatClient | None = None,
    settings: LLMSettings | None = None,
    previous: Report | None = None,
    on_delta: Callable[[str], None] | None = None,
) -> Turn:
    """The assistant's turn for ``message`` about ``section`` (TABLES_SCOPE on the data page)."""
    intent = route(message)
    if intent == "refuse":
        return Turn(intent, REFUSAL)
    if intent == "explain":
        return Turn(intent, explain(message, list(findings), report, section=section))
    if intent == "table_edit":
        return Turn(intent, TABLE_EDIT)
    model = settings.model if client is not None and settings is not None else ""
    try:
        if intent == "question":
            text, replies = answer(message, client=client, settings=settings)
            if _leaks(text, _secret(settings)):
                return Turn("refuse", REFUSAL, replies=replies, model=model)
            return Turn(intent, redact(text, _secret(settings)), replies=replies, model=model if replies else "")
        if section is None or section == TABLES_SCOPE:
            return Turn(intent, NO_SECTION)
        if client is None:
            return Turn(intent, NEEDS_MODEL)
        proposal, replies = propose(
            message,
            report=report,
            section=section,
            client=client,
            settings=settings,
            findings=findings,
            history=history,
            previous=previous,
            on_delta=on_delta,
        )
    except (LLMError, SettingsError) as e:
        return Turn(intent, f"助手这次没能完成：{e.message}", model=model)
    except ValidationError as e:
        return Turn(intent, f"助手这次没能完成：模型输出不符合要求（{e.error_count()} 处）", model=model)
    if _leaks(proposal.text + proposal.summary, _secret(settings)):
        return Turn("refuse", REFUSAL, replies=replies, model=model)
    return Turn(intent, proposal_reply(proposal), proposal=proposal, replies=replies, model=model)
