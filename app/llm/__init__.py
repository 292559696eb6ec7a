"""Access to chat models: settings, one client seam, structured output above it, a scripted fake.

The only package that imports the openai SDK, and only when a real client is built (``make_client``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.llm.client import ChatClient, ChatReply, ChatRequest, make_client
from app.llm.errors import LLMError, SettingsError
from app.llm.fake import FakeChatClient
from app.llm.settings import PRESETS, LLMSettings, cloud_notice, is_local, load_settings
from app.llm.structured import ModeMemory, StructuredResult, complete_structured
from app.llm.usage import Usage

if TYPE_CHECKING:
    from app.llm.openai_client import OpenAIChatClient, RetryPolicy


def __getattr__(name: str) -> Any:
    # the openai SDK takes ~0.5 s to import: only when the real client is asked for
    if name in ("OpenAIChatClient", "RetryPolicy"):
        from app.llm import openai_client

        return getattr(openai_client, name)
    raise AttributeError(name)


__all__ = [
    "PRESETS",
    "ChatClient",
    "ChatReply",
    "ChatRequest",
    "FakeChatClient",
    "LLMError",
    "LLMSettings",
    "ModeMemory",
    "OpenAIChatClient",
    "RetryPolicy",
    "SettingsError",
    "StructuredResult",
    "Usage",
    "cloud_notice",
    "complete_structured",
    "is_local",
    "load_settings",
    "make_client",
]
