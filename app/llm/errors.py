"""Errors of the model layer: structured for code, a Chinese message a clerk can act on."""

from __future__ import annotations

import re
from typing import Literal

ErrorKind = Literal[
    "auth",
    "rate_limit",
    "timeout",
    "connection",
    "bad_request",
    "unsupported_mode",
    "not_found",
    "content_filter",
    "length",
    "invalid_output",
    "server",
]

# things that look like API keys in provider error bodies ("Incorrect API key provided: sk-abc…")
_KEY_LIKE = re.compile(r"\b(sk|ak|key)-[A-Za-z0-9_\-*.]{6,}", re.IGNORECASE)


class SettingsError(ValueError):
    """A setting is missing, malformed or not allowed; ``setting`` names which one."""

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message)
        self.message = message
        self.setting = setting


class LLMError(Exception):
    """A model call failed; ``str()`` is the Chinese message, the attributes say what happened."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        provider: str = "",
        mode: str | None = None,
        attempts: int = 0,
        last_raw: str | None = None,
        status_code: int | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.provider = provider
        self.mode = mode
        self.attempts = attempts
        self.last_raw = last_raw
        self.status_code = status_code
        # the provider's own words, with anything key-like removed
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"LLMError(kind={self.kind!r}, provider={self.provider!r}, mode={self.mode!r}, "
            f"attempts={self.attempts}, status_code={self.status_code!r}, message={self.message!r})"
        )


def redact(text: str, *secrets: str | None) -> str:
    """The text with the given secrets and anything key-like replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_LIKE.sub(lambda m: f"{m.group(1)}-***", text)
