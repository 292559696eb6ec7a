"""Questions about the format and the law: answered from the knowledge base only, quoting the source; 不确定 otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.assistant.knowledge import Hit, KnowledgeBase, cite, knowledge_base, quoted
from app.drafting.prompts import environment
from schemas.assistant import KnowledgeAnswer

if TYPE_CHECKING:
    from app.llm.client import ChatClient, ChatReply
    from app.llm.settings import LLMSettings

UNCERTAIN = "不确定"


def not_covered(kb: KnowledgeBase) -> str:
    return (
        f"{UNCERTAIN}：知识库（{kb.version}）中没有涉及这个问题的条目，我不作推测。"
        "可以查阅《中华人民共和国政府信息公开条例》原文，或咨询本级政府信息公开工作主管部门。"
    )


def offline_answer(hits: list[Hit], kb: KnowledgeBase) -> str:
    """The best entry quoted as it is (no model), with the other candidates named."""
    text = quoted(hits[0].entry, kb.version)
    if len(hits) > 1:
        text += "\n\n相关条目：" + "；".join(f"「{h.entry.title}」" for h in hits[1:])
    return text


def answer_messages(question: str, hits: list[Hit], kb: KnowledgeBase) -> list[dict[str, str]]:
    env = environment()
    system = env.get_template("assistant/answer_system.j2").render()
    user = env.get_template("assistant/answer.j2").render(
        version=kb.version, entries=[h.entry for h in hits], question=question.strip()
    )
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def answer(
    question: str,
    *,
    client: ChatClient | None = None,
    settings: LLMSettings | None = None,
    kb: KnowledgeBase | None = None,
) -> tuple[str, list[ChatReply]]:
    """The answer and the model's replies ([] without a model or when the base does not cover the question)."""
    kb = kb or knowledge_base()
    hits = kb.search(question)
    if not hits:
        return not_covered(kb), []
    if client is None:
        return offline_answer(hits, kb), []
    from app.llm.structured import complete_structured

    result = complete_structured(client, answer_messages(question, hits, kb), KnowledgeAnswer, settings=settings)
    given = {h.entry.id: h.entry for h in hits}
    used = [given[i] for i in dict.fromkeys(result.parsed.entries) if i in given]
    text = result.parsed.answer.strip()
    if not used or not text or text.startswith(UNCERTAIN):
        closest = hits[0].entry
        return (
            f"{UNCERTAIN}：知识库中的条目不足以回答这个问题。最接近的条目是「{closest.title}」。\n\n"
            f"{cite(closest, kb.version)}",
            result.replies,
        )
    sources = []
    for entry in used:
        quote = "\n".join(f"> {line}" for line in entry.quote.split("\n")) if entry.quote else ""
        sources.append("\n\n".join(p for p in (quote, cite(entry, kb.version)) if p))
    return text + "\n\n" + "\n\n".join(sources), result.replies
