"""The one seam to a chat model: a request, a reply, and the protocol every client implements."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.llm.settings import LLMSettings, Mode, ensure_allowed

if TYPE_CHECKING:
    from app.llm.openai_client import OpenAIChatClient, RetryPolicy

Message = dict[str, str]


@dataclass(frozen=True)
class ChatRequest:
    """One chat call: messages, model and the structured-output mode to ask for."""

    messages: list[Message]
    model: str
    mode: Mode = "text"
    # a JSON schema; sent as response_format only in json_schema mode
    schema: dict[str, Any] | None = None
    schema_name: str = "output"
    temperature: float | None = None
    max_tokens: int | None = None
    # seconds; None means the settings' timeout
    timeout: float | None = None
    extra_body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatReply:
    """What came back: the text, token usage (reported or estimated) and how the call went."""

    text: str
    model: str
    mode: Mode
    prompt_tokens: int
    completion_tokens: int
    tokens_estimated: bool
    finish_reason: str | None
    latency_s: float
    # HTTP attempts it took (retries included)
    attempts: int = 1


class ChatClient(Protocol):
    """Anything that can answer a ChatRequest; ``on_delta`` receives text pieces as they arrive."""

    def complete(self, request: ChatRequest, *, on_delta: Callable[[str], None] | None = None) -> ChatReply: ...


def make_client(settings: LLMSettings, *, retry: RetryPolicy | None = None) -> ChatClient | None:
    """The client for these settings, or None when the settings say to draft offline."""
    if settings.provider == "offline":
        return None
    ensure_allowed(settings)
    from app.llm.openai_client import OpenAIChatClient

    return OpenAIChatClient(settings, retry=retry)


def __getattr__(name: str) -> Any:
    # importing openai costs ~0.5 s: load it only when the real client is asked for
    if name == "OpenAIChatClient":
        from app.llm.openai_client import OpenAIChatClient

        return OpenAIChatClient
    raise AttributeError(name)


__all__ = ["ChatClient", "ChatReply", "ChatRequest", "Message", "Mode", "OpenAIChatClient", "make_client"]
