"""Token usage and cost: estimates from characters when the endpoint reports none, totals in 元."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.llm.client import ChatReply
from app.llm.settings import LLMSettings

# per-message framing the chat format adds (role markers and separators)
_MESSAGE_OVERHEAD = 4


def estimate_tokens(text: str) -> int:
    """Roughly how many tokens a text is: one per CJK character, one per four other characters."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return wide + math.ceil((len(text) - wide) / 4)


def estimate_prompt_tokens(messages: Iterable[Mapping[str, str]]) -> int:
    """Rough prompt size of chat messages."""
    return sum(estimate_tokens(str(m.get("content") or "")) + _MESSAGE_OVERHEAD for m in messages)


@dataclass(frozen=True)
class Usage:
    """Totals over calls; ``cost_yuan`` is None when the endpoint's price is unknown."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False
    cost_yuan: float | None = 0.0

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        cost = None if self.cost_yuan is None or other.cost_yuan is None else self.cost_yuan + other.cost_yuan
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
            cost_yuan=cost,
        )

    @classmethod
    def from_replies(cls, replies: Iterable[ChatReply], *, settings: LLMSettings) -> Usage:
        """Usage of these replies priced at the settings' preset."""
        total = cls()
        price = settings.preset.price_per_million
        for reply in replies:
            cost = (
                None if price is None else (reply.prompt_tokens * price[0] + reply.completion_tokens * price[1]) / 1e6
            )
            total = total + cls(1, reply.prompt_tokens, reply.completion_tokens, reply.tokens_estimated, cost)
        return total

    def summary(self) -> str:
        """One Chinese line, e.g. 调用 5 次，输入 4,210 tokens，输出 1,988 tokens，约 0.02 元."""
        about = "（估算）" if self.estimated else ""
        text = (
            f"调用 {self.calls} 次，输入 {self.prompt_tokens:,} tokens，输出 {self.completion_tokens:,} tokens{about}"
        )
        if self.cost_yuan is None:
            return f"{text}，费用未知"
        if self.cost_yuan == 0:
            return f"{text}，不计费"
        if self.cost_yuan < 0.01:
            return f"{text}，不足 0.01 元"
        return f"{text}，约 {self.cost_yuan:,.2f} 元"
