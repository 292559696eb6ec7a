"""Structured output above the seam: the mode ladder, pydantic validation, re-asking, and which mode worked where."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from app.llm.client import ChatClient, ChatReply, ChatRequest, Message
from app.llm.errors import LLMError
from app.llm.json_output import describe_validation_error, extract_json, strict_schema
from app.llm.settings import ENV_NAMES, LLMSettings, Mode, ProviderPreset
from app.llm.usage import Usage

T = TypeVar("T", bound=BaseModel)

MODE_LABELS: dict[str, str] = {
    "json_schema": "结构化输出（json_schema）",
    "json_object": "JSON 模式",
    "text": "普通文本模式（从回复中提取 JSON）",
}
_MODES: tuple[Mode, ...] = ("json_schema", "json_object", "text")


@dataclass
class StructuredResult(Generic[T]):
    """A validated output, the text it came from, every reply on the way, and what happened."""

    parsed: T
    raw_text: str
    replies: list[ChatReply]
    mode: Mode
    attempts: int
    # Chinese notes for the clerk, e.g. 所选模型不支持结构化输出（json_schema），已改用 JSON 模式
    notices: list[str] = field(default_factory=list)

    def usage(self, *, settings: LLMSettings) -> Usage:
        """Tokens and cost of all the replies."""
        return Usage.from_replies(self.replies, settings=settings)


class ModeMemory:
    """Which structured-output mode worked for each endpoint (base_url|model); safe across threads."""

    def __init__(self, initial: Mapping[str, str] | None = None) -> None:
        self._lock = threading.Lock()
        self._modes: dict[str, Mode] = {k: v for k, v in (initial or {}).items() if v in _MODES}  # type: ignore[misc]

    def get(self, key: str) -> Mode | None:
        with self._lock:
            return self._modes.get(key)

    def remember(self, key: str, mode: Mode) -> None:
        with self._lock:
            self._modes[key] = mode

    def to_dict(self) -> dict[str, str]:
        """A copy for the caller to persist."""
        with self._lock:
            return dict(self._modes)


def complete_structured(
    client: ChatClient,
    messages: Sequence[Message],
    output_model: type[T],
    *,
    settings: LLMSettings,
    max_reasks: int = 2,
    on_delta: Callable[[str], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    mode_memory: ModeMemory | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
) -> StructuredResult[T]:
    """A validated ``output_model`` from the model, climbing down json_schema → json_object → text as needed."""
    ladder = list(settings.preset.modes or _MODES)
    remembered = mode_memory.get(settings.endpoint_key) if mode_memory else None
    if remembered in ladder:
        ladder = ladder[ladder.index(remembered) :]
    schema = output_model.model_json_schema()
    sent_schema = strict_schema(schema)
    name = re.sub(r"[^A-Za-z0-9_-]", "_", output_model.__name__)[:64]
    replies: list[ChatReply] = []
    notices: list[str] = []
    reasks_left = max_reasks

    def notice(text: str) -> None:
        notices.append(text)
        if on_notice:
            on_notice(text)

    for index, mode in enumerate(ladder):
        following = ladder[index + 1] if index + 1 < len(ladder) else None
        conversation = _messages_for(messages, mode, schema, settings.preset)
        blank_retried = False
        while True:
            request = ChatRequest(
                messages=conversation,
                model=settings.model,
                mode=mode,
                schema=sent_schema if mode == "json_schema" else None,
                schema_name=name,
                temperature=temperature,
                max_tokens=max_tokens,
            )
            try:
                reply = client.complete(request, on_delta=on_delta)
            except LLMError as e:
                if e.kind == "unsupported_mode" and following:
                    notice(f"所选模型不支持{MODE_LABELS[mode]}，已改用{MODE_LABELS[following]}")
                    break
                raise
            replies.append(reply)
            if reply.finish_reason == "content_filter":
                raise LLMError(
                    "content_filter",
                    "模型服务的内容审核拦截了这次输出，请检查报告中的敏感内容后重试",
                    provider=settings.provider,
                    mode=mode,
                    attempts=len(replies),
                    last_raw=reply.text,
                )
            if not reply.text.strip():
                # DeepSeek's JSON mode sometimes answers blank: ask once more before giving up on the mode
                if not blank_retried:
                    blank_retried = True
                    continue
                if following:
                    notice(f"模型在{MODE_LABELS[mode]}下返回了空白内容，已改用{MODE_LABELS[following]}")
                break
            try:
                parsed = output_model.model_validate(extract_json(reply.text))
            except ValueError as e:  # pydantic's ValidationError is a ValueError too
                if reply.finish_reason == "length":
                    raise LLMError(
                        "length",
                        "模型输出太长被截断，未能得到完整的结果。请缩短要起草的内容，或在设置中换用输出上限更高的模型"
                        f"（{ENV_NAMES['model']}）",
                        provider=settings.provider,
                        mode=mode,
                        attempts=len(replies),
                        last_raw=reply.text,
                    ) from None
                if reasks_left <= 0:
                    if following:
                        notice(f"模型在{MODE_LABELS[mode]}下的输出仍不符合要求，已改用{MODE_LABELS[following]}")
                    break
                reasks_left -= 1
                notice(f"模型的输出不符合要求，正在让模型改正（第 {max_reasks - reasks_left} 次）")
                conversation = [
                    *conversation,
                    {"role": "assistant", "content": reply.text},
                    {"role": "user", "content": _reask(e)},
                ]
                continue
            if mode_memory is not None:
                mode_memory.remember(settings.endpoint_key, mode)
            return StructuredResult(parsed, reply.text, replies, mode, len(replies), notices)
    raise LLMError(
        "invalid_output",
        f"模型未能按要求输出结构化结果（已尝试 {len(replies)} 次），请稍后重试，"
        f"或在设置中换用能力更强的模型（{ENV_NAMES['model']}）",
        provider=settings.provider,
        mode=ladder[-1],
        attempts=len(replies),
        last_raw=replies[-1].text if replies else None,
    )


def _messages_for(
    messages: Sequence[Message], mode: Mode, schema: dict[str, Any], preset: ProviderPreset
) -> list[Message]:
    """The messages with the schema and the word JSON added where the mode needs them."""
    out = [dict(m) for m in messages]
    if mode == "json_schema" and not preset.schema_in_prompt:
        return out
    shape = "一个 JSON 对象（可以放在 ```json 代码块中）" if mode == "text" else "一个 JSON 对象"
    instructions = (
        f"请只输出{shape}，不要输出其他文字。JSON 必须符合下面的 JSON Schema，"
        "各字段的 description 就是该字段的填写要求：\n"
        f"{json.dumps(schema, ensure_ascii=False)}"
    )
    if out and out[0].get("role") == "system":
        out[0]["content"] = f"{out[0].get('content', '')}\n\n{instructions}"
    else:
        out.insert(0, {"role": "system", "content": instructions})
    return out


def _reask(error: ValueError) -> str:
    """The follow-up that tells the model what was wrong, in Chinese with English field paths."""
    if isinstance(error, ValidationError):
        problems = describe_validation_error(error)
    else:
        problems = f"- {error}"
    return (
        "上面的输出不符合要求，请改正下列问题后重新输出完整的 JSON 对象，只输出 JSON，不要解释：\n"
        f"{problems}\n"
        "(Your previous reply did not validate against the schema; fix the fields listed above and reply "
        "with the complete JSON object only.)"
    )
