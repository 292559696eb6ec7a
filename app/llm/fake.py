"""A scripted chat client: replays replies in order and records every request (tests, keyless demo)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Union

from app.llm.client import ChatReply, ChatRequest
from app.llm.errors import LLMError
from app.llm.settings import Mode
from app.llm.usage import estimate_prompt_tokens, estimate_tokens

Scripted = Union[str, Exception, Callable[[ChatRequest], str]]  # noqa: UP007 - a runtime alias


class FakeChatClient:
    """ChatClient that answers from a script: a text, an exception to raise, or a function of the request."""

    def __init__(
        self,
        replies: Iterable[Scripted],
        *,
        model: str = "fake-model",
        chunk_size: int = 4,
        reject_modes: Sequence[Mode] = (),
    ) -> None:
        self.replies: list[Scripted] = list(replies)
        self.requests: list[ChatRequest] = []
        self.model = model
        self.chunk_size = max(1, chunk_size)
        # modes answered like DeepSeek answers json_schema: an unsupported_mode error, no script consumed
        self.reject_modes = tuple(reject_modes)
        self._next = 0

    def complete(self, request: ChatRequest, *, on_delta: Callable[[str], None] | None = None) -> ChatReply:
        """The next scripted reply for this request, streamed to on_delta in small pieces."""
        self.requests.append(request)
        if request.mode in self.reject_modes:
            raise LLMError(
                "unsupported_mode",
                f"所选模型不支持结构化输出（{request.mode}）",
                provider="fake",
                mode=request.mode,
                attempts=1,
                status_code=400,
            )
        if self._next >= len(self.replies):
            raise RuntimeError(f"FakeChatClient: no scripted reply left for request {len(self.requests)}")
        item = self.replies[self._next]
        self._next += 1
        if isinstance(item, Exception):
            raise item
        text = item(request) if callable(item) else item
        if on_delta is not None:
            for start in range(0, len(text), self.chunk_size):
                on_delta(text[start : start + self.chunk_size])
        return ChatReply(
            text=text,
            model=request.model or self.model,
            mode=request.mode,
            prompt_tokens=estimate_prompt_tokens(request.messages),
            completion_tokens=estimate_tokens(text),
            tokens_estimated=True,
            finish_reason="stop",
            latency_s=0.0,
        )

    @property
    def remaining(self) -> int:
        """Scripted replies not used yet."""
        return len(self.replies) - self._next
