"""The real client: the openai SDK against any OpenAI-compatible endpoint, with our own bounded retries."""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import openai

from app.llm.client import ChatReply, ChatRequest
from app.llm.errors import LLMError, SettingsError, redact
from app.llm.settings import ENV_NAMES, LLMSettings, endpoint_host, ensure_allowed, is_local
from app.llm.usage import estimate_prompt_tokens, estimate_tokens

# local servers ignore the key, but the SDK will not send a request without one
_NO_KEY = "no-key-required"

_UNSUPPORTED_MODE = re.compile(r"response_format|json_schema|json_object|structured output|unavailable now", re.I)
_CONTENT_FILTER = re.compile(
    r"content exists risk|data_inspection_failed|inappropriate content|content_filter|content management policy"
    r"|high risk|不安全或敏感",
    re.I,
)
_CONTEXT_TOO_LONG = re.compile(r"context[_ ]length|maximum context|too many tokens|(input|prompt) is too long", re.I)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry 429, 5xx and connection failures."""

    attempts: int = 3
    base_delay: float = 1.0
    max_delay: float = 8.0
    # a Retry-After longer than this is cut short: the clerk is waiting
    retry_after_cap: float = 20.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after the given failed attempt (exponential, with a little jitter)."""
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * random.uniform(0.8, 1.0)


class OpenAIChatClient:
    """ChatClient over the openai SDK; the SDK client is built on first use, with max_retries=0."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        ensure_allowed(settings)
        if not settings.base_url:
            raise SettingsError(f"尚未填写模型服务的接口地址（{ENV_NAMES['base_url']}）", setting="base_url")
        if not settings.model:
            raise SettingsError(f"尚未填写模型名称（{ENV_NAMES['model']}）", setting="model")
        if settings.preset.needs_key and settings.api_key is None:
            raise SettingsError(
                f"尚未填写 {settings.preset.label} 的 API 密钥，请在设置页或环境变量 {ENV_NAMES['api_key']} 中填写",
                setting="api_key",
            )
        self.settings = settings
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._sdk: openai.OpenAI | None = None
        self._lock = threading.Lock()

    def complete(self, request: ChatRequest, *, on_delta: Callable[[str], None] | None = None) -> ChatReply:
        """Send one request (streaming when on_delta is given), retrying what is worth retrying."""
        sdk = self._client()
        timeout = request.timeout or self.settings.timeout
        params = self._params(request, timeout)
        started = time.perf_counter()
        emitted = False

        def forward(piece: str) -> None:
            nonlocal emitted
            emitted = True
            on_delta(piece)  # type: ignore[misc]

        attempt = 0
        while True:
            attempt += 1
            try:
                if on_delta is None:
                    text, model, finish, usage = _create(sdk, params)
                else:
                    text, model, finish, usage = _stream(sdk, params, forward)
                break
            except openai.OpenAIError as exc:
                # once pieces have reached the caller a retry would show them twice
                delay = None if emitted else self._retry_delay(exc, attempt)
                if delay is None:
                    raise self._error(exc, request=request, attempts=attempt, timeout=timeout) from None
                self._sleep(delay)
        if usage is not None and (usage.prompt_tokens or usage.completion_tokens):
            prompt_tokens, completion_tokens, estimated = usage.prompt_tokens, usage.completion_tokens, False
        else:
            prompt_tokens, completion_tokens = estimate_prompt_tokens(request.messages), estimate_tokens(text)
            estimated = True
        return ChatReply(
            text=text,
            model=model or params["model"],
            mode=request.mode,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            tokens_estimated=estimated,
            finish_reason=finish,
            latency_s=time.perf_counter() - started,
            attempts=attempt,
        )

    def _client(self) -> openai.OpenAI:
        with self._lock:
            if self._sdk is None:
                key = self.settings.api_key.get_secret_value() if self.settings.api_key else _NO_KEY
                self._sdk = openai.OpenAI(
                    api_key=key, base_url=self.settings.base_url, timeout=self.settings.timeout, max_retries=0
                )
            return self._sdk

    def _params(self, request: ChatRequest, timeout: float) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": request.model or self.settings.model,
            "messages": request.messages,
            "timeout": timeout,
        }
        if request.mode == "json_schema":
            if request.schema is None:
                raise ValueError("json_schema mode needs a schema")
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name, "strict": True, "schema": request.schema},
            }
        elif request.mode == "json_object":
            params["response_format"] = {"type": "json_object"}
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if request.max_tokens is not None:
            params["max_tokens"] = request.max_tokens
        extra = {**self.settings.preset.extra_body, **request.extra_body}
        if extra:
            params["extra_body"] = extra
        return params

    def _retry_delay(self, exc: openai.OpenAIError, attempt: int) -> float | None:
        if attempt >= self.retry.attempts or isinstance(exc, openai.APITimeoutError):
            return None
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            if status == 429 and _error_code(exc) == "insufficient_quota":
                return None
            if status == 429 or status >= 500:
                waited = _retry_after(exc.response.headers)
                return self.retry.backoff(attempt) if waited is None else min(waited, self.retry.retry_after_cap)
            return None
        if isinstance(exc, openai.APIConnectionError) or type(exc) is openai.APIError:
            # refused / reset connections, and error events inside a stream
            return self.retry.backoff(attempt)
        return None

    def _error(self, exc: openai.OpenAIError, *, request: ChatRequest, attempts: int, timeout: float) -> LLMError:
        s = self.settings
        key = s.api_key.get_secret_value() if s.api_key else None
        detail = redact(getattr(exc, "message", None) or str(exc), key)
        short = detail if len(detail) <= 200 else detail[:200] + "…"

        def error(kind: Any, message: str, status: int | None = None) -> LLMError:
            return LLMError(
                kind,
                message,
                provider=s.provider,
                mode=request.mode,
                attempts=attempts,
                status_code=status,
                detail=detail,
            )

        host = endpoint_host(s.base_url)
        if isinstance(exc, openai.APITimeoutError):
            return error(
                "timeout", f"模型服务超时（{timeout:g} 秒），请稍后重试或在设置中调大超时（{ENV_NAMES['timeout']}）"
            )
        if isinstance(exc, openai.APIConnectionError):
            hint = "请确认本机或内网的模型服务（如 Ollama）已经启动" if is_local(s.base_url) else "请检查网络"
            return error(
                "connection",
                f"无法连接模型服务 {host}（已尝试 {attempts} 次），{hint}，或在设置中检查接口地址（{ENV_NAMES['base_url']}）",
            )
        if isinstance(exc, openai.APIResponseValidationError):
            return error(
                "invalid_output",
                f"模型服务返回了无法识别的内容，请确认接口地址（{ENV_NAMES['base_url']}）是 OpenAI 兼容接口",
                exc.status_code,
            )
        if not isinstance(exc, openai.APIStatusError):
            return error("server", f"模型服务出错（已尝试 {attempts} 次）：{short}。请稍后再试")
        status = exc.status_code
        if status == 401:
            return error("auth", f"API 密钥无效（401），请在设置页或环境变量 {ENV_NAMES['api_key']} 中检查", status)
        if status == 402:
            return error(
                "auth", f"{s.preset.label} 账户余额不足（402），请到服务商控制台充值，或换用其他模型服务", status
            )
        if status == 403:
            return error(
                "auth",
                f"模型服务拒绝访问（403）：API 密钥无权使用模型“{s.model}”或账户受限。请在服务商控制台检查，"
                f"或在设置中更换 API 密钥（{ENV_NAMES['api_key']}）或模型（{ENV_NAMES['model']}）",
                status,
            )
        if status == 404:
            return error(
                "not_found",
                f"找不到模型“{s.model}”或接口（404），请在设置中检查模型名称（{ENV_NAMES['model']}）"
                f"和接口地址（{ENV_NAMES['base_url']}）",
                status,
            )
        if status == 429:
            if _error_code(exc) == "insufficient_quota":
                return error("rate_limit", "模型服务额度已用完（429），请到服务商控制台充值或提高限额", status)
            return error("rate_limit", f"模型服务请求过于频繁（429），已尝试 {attempts} 次，请稍后再试", status)
        if status >= 500:
            return error("server", f"模型服务暂时不可用（{status}），已尝试 {attempts} 次，请稍后再试", status)
        if request.mode != "text" and _UNSUPPORTED_MODE.search(detail):
            return error("unsupported_mode", f"所选模型不支持结构化输出（{request.mode}）", status)
        if _CONTENT_FILTER.search(detail):
            return error(
                "content_filter", f"模型服务的内容审核拒绝了这次请求（{status}），请检查报告中的敏感内容后重试", status
            )
        if _CONTEXT_TOO_LONG.search(detail):
            return error(
                "bad_request",
                f"报告内容超出了模型能处理的长度，请缩短内容，或在设置中换用上下文更长的模型（{ENV_NAMES['model']}）",
                status,
            )
        return error(
            "bad_request",
            f"模型服务拒绝了请求（{status}）：{short}。请在设置中检查模型名称（{ENV_NAMES['model']}）和接口地址",
            status,
        )


def _create(sdk: openai.OpenAI, params: dict[str, Any]) -> tuple[str, str, str | None, Any]:
    completion = sdk.chat.completions.create(**params)
    if not completion.choices:
        return "", completion.model, None, completion.usage
    choice = completion.choices[0]
    text = choice.message.content or ""
    finish = choice.finish_reason
    if not text and getattr(choice.message, "refusal", None):
        finish = "content_filter"
    return text, completion.model, finish, completion.usage


def _stream(
    sdk: openai.OpenAI, params: dict[str, Any], forward: Callable[[str], None]
) -> tuple[str, str, str | None, Any]:
    parts: list[str] = []
    model, finish, usage = "", None, None
    stream = sdk.chat.completions.create(**params, stream=True, stream_options={"include_usage": True})
    with stream:
        for chunk in stream:
            model = chunk.model or model
            if chunk.usage is not None:
                usage = chunk.usage
            for choice in chunk.choices:
                piece = choice.delta.content if choice.delta else None
                if piece:
                    parts.append(piece)
                    forward(piece)
                if choice.finish_reason:
                    finish = choice.finish_reason
    return "".join(parts), model, finish, usage


def _error_code(exc: openai.APIStatusError) -> str | None:
    body = exc.body
    return str(body.get("code") or body.get("type") or "") if isinstance(body, Mapping) else None


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait (Retry-After-Ms, Retry-After as seconds or an HTTP date)."""
    try:
        if headers.get("retry-after-ms"):
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None
