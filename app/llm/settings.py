"""Model-service settings: provider presets, where settings come from, and the local-only guard."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr, ValidationError, model_validator

from app.llm.errors import SettingsError

Provider = Literal["openai", "deepseek", "qwen", "glm", "kimi", "ollama", "vllm", "custom", "offline"]
Mode = Literal["json_schema", "json_object", "text"]

FULL_LADDER: tuple[Mode, ...] = ("json_schema", "json_object", "text")
NO_JSON_SCHEMA: tuple[Mode, ...] = ("json_object", "text")
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class ProviderPreset:
    """What the project knows about one kind of endpoint."""

    name: str
    label: str
    base_url: str
    model: str
    needs_key: bool
    # structured-output modes to try, best first
    modes: tuple[Mode, ...] = FULL_LADDER
    # json_object mode needs the word "JSON" in the messages (OpenAI, DeepSeek, DashScope)
    json_word_required: bool = True
    # the endpoint does not tell the model the json_schema, so put it in the prompt as well (Ollama)
    schema_in_prompt: bool = False
    extra_body: Mapping[str, Any] = field(default_factory=dict)
    # 元 per 1M tokens (input, output); approximate list prices, None where unknown
    price_per_million: tuple[float, float] | None = (0.0, 0.0)


PRESETS: dict[str, ProviderPreset] = {
    p.name: p
    for p in (
        ProviderPreset(
            "openai", "OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", True, price_per_million=(1.1, 4.3)
        ),
        ProviderPreset(
            "deepseek",
            "DeepSeek（深度求索）",
            "https://api.deepseek.com",
            "deepseek-chat",
            True,
            modes=NO_JSON_SCHEMA,
            price_per_million=(2.0, 3.0),
        ),
        ProviderPreset(
            "qwen",
            "通义千问（阿里云百炼）",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "qwen-plus",
            True,
            # json_schema only on some models; json_object only without thinking
            modes=NO_JSON_SCHEMA,
            extra_body={"enable_thinking": False},
            price_per_million=(0.8, 2.0),
        ),
        ProviderPreset(
            "glm",
            "智谱 GLM",
            "https://open.bigmodel.cn/api/paas/v4",
            "glm-4-flash",
            True,
            modes=NO_JSON_SCHEMA,
            price_per_million=(0.0, 0.0),
        ),
        ProviderPreset(
            "kimi",
            "Kimi（月之暗面）",
            "https://api.moonshot.cn/v1",
            "moonshot-v1-8k",
            True,
            modes=NO_JSON_SCHEMA,
            price_per_million=(2.0, 10.0),
        ),
        ProviderPreset(
            "ollama", "Ollama（本机）", "http://127.0.0.1:11434/v1", "qwen2.5:7b", False, schema_in_prompt=True
        ),
        ProviderPreset("vllm", "vLLM（本机）", "http://127.0.0.1:8000/v1", "", False),
        ProviderPreset("custom", "自定义 OpenAI 兼容服务", "", "", False, price_per_million=None),
        ProviderPreset("offline", "离线起草（不调用模型）", "", "offline", False),
    )
}

ENV_NAMES = {
    "provider": "NIANBAO_LLM_PROVIDER",
    "base_url": "NIANBAO_LLM_BASE_URL",
    "api_key": "NIANBAO_LLM_API_KEY",
    "model": "NIANBAO_LLM_MODEL",
    "local_only": "NIANBAO_LLM_LOCAL_ONLY",
    "timeout": "NIANBAO_LLM_TIMEOUT",
}
FIELD_LABELS = {
    "provider": "模型服务商",
    "base_url": "接口地址",
    "api_key": "API 密钥",
    "model": "模型名称",
    "local_only": "仅使用本地模型",
    "timeout": "超时秒数",
}
# endpoint-specific keys: taken from a layer only when that layer does not name another provider
_ENDPOINT_KEYS = ("base_url", "model", "api_key")


class LLMSettings(BaseModel):
    """Which model service to use; empty base_url / model are filled from the provider's preset."""

    provider: Provider = "offline"
    base_url: str = ""
    api_key: SecretStr | None = None
    model: str = ""
    timeout: float = DEFAULT_TIMEOUT
    local_only: bool = False

    @model_validator(mode="after")
    def _fill_from_preset(self) -> LLMSettings:
        preset = PRESETS[self.provider]
        self.base_url = (self.base_url or preset.base_url).strip()
        self.model = (self.model or preset.model).strip()
        if self.api_key is not None and not self.api_key.get_secret_value().strip():
            self.api_key = None
        return self

    @property
    def preset(self) -> ProviderPreset:
        return PRESETS[self.provider]

    @property
    def endpoint_key(self) -> str:
        """The key under which the working structured-output mode is remembered."""
        return f"{self.base_url}|{self.model}"


def load_settings(
    *,
    env: Mapping[str, str] | None = None,
    secrets_path: Path = Path(".streamlit/secrets.toml"),
    overrides: Mapping[str, Any] | None = None,
) -> LLMSettings:
    """Settings from overrides > NIANBAO_LLM_* env > [llm] in secrets.toml > OPENAI_* env > offline."""
    env = os.environ if env is None else env
    layers = [
        _clean(overrides or {}),
        _clean({key: env.get(name) for key, name in ENV_NAMES.items()}),
        _clean(_read_secrets(secrets_path)),
    ]
    merged = _merge(layers)
    _check_url(merged.get("base_url"))
    provider = merged.get("provider")
    if provider is None:
        url = merged.get("base_url") or env.get("OPENAI_BASE_URL")
        if merged.get("api_key") or url or env.get("OPENAI_API_KEY"):
            provider = guess_provider(url)
    if provider is not None:
        merged = _merge(layers, provider)
        merged["provider"] = provider
        # OPENAI_* belong to OpenAI or to the OpenAI-compatible endpoint OPENAI_BASE_URL points at:
        # the key goes only where that URL (or OpenAI's own) is the endpoint in use
        openai_url = (env.get("OPENAI_BASE_URL") or "").strip() or PRESETS["openai"].base_url
        if provider in ("openai", "custom") or guess_provider(openai_url) == provider:
            merged.setdefault("base_url", env.get("OPENAI_BASE_URL") or None)
        endpoint = merged.get("base_url") or PRESETS.get(provider, PRESETS["custom"]).base_url
        if endpoint.rstrip("/") == openai_url.rstrip("/"):
            merged.setdefault("api_key", env.get("OPENAI_API_KEY") or None)
    settings = _build({k: v for k, v in merged.items() if v is not None})
    ensure_allowed(settings)
    return settings


def _check_url(base_url: str | None) -> None:
    """SettingsError unless ``base_url`` (when given) is an http(s) address with a host."""
    if not base_url:
        return
    try:
        parts = urlsplit(str(base_url).strip())
        parts.port  # noqa: B018  # a port that is no number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"接口地址（{ENV_NAMES['base_url']}）应为 http:// 或 https:// 开头的网址，例如 http://127.0.0.1:8000/v1",
            setting="base_url",
        )


def guess_provider(base_url: str | None) -> Provider:
    """The preset whose endpoint the URL points at; "openai" for none, "custom" for an unknown one."""
    if not base_url:
        return "openai"
    parts = urlsplit(base_url.strip())
    local = is_local(base_url)
    for preset in PRESETS.values():
        if not preset.base_url:
            continue
        known = urlsplit(preset.base_url)
        # local services are told apart by port (any loopback or LAN host), cloud ones by host
        if (local and is_local(preset.base_url) and known.port == parts.port) or (
            not local and known.hostname == (parts.hostname or "").lower()
        ):
            return preset.name  # type: ignore[return-value]
    return "custom"


def is_local(base_url: str) -> bool:
    """True when the URL points at this machine or a private network (loopback, 10/8, 172.16/12, 192.168/16, *.local)."""
    host = (urlsplit(base_url.strip()).hostname or "").lower().rstrip(".")
    if not host:
        return False
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def endpoint_host(base_url: str) -> str:
    """Host (and port) of an endpoint, for messages; never the path or query."""
    parts = urlsplit(base_url.strip())
    return parts.netloc.rsplit("@", 1)[-1] or base_url


def cloud_notice(settings: LLMSettings) -> str | None:
    """A plain-Chinese notice that report text leaves this machine, or None when it stays local."""
    if settings.provider == "offline" or is_local(settings.base_url):
        return None
    return (
        f"报告内容将发送到 {settings.preset.label} 的模型服务（{endpoint_host(settings.base_url)}）。"
        "请确认这符合本单位的保密和数据管理规定；如需只在本机处理，请改用本地模型或离线起草。"
    )


def ensure_allowed(settings: LLMSettings) -> None:
    """Raise SettingsError when local_only is on and the endpoint is not local."""
    if settings.local_only and settings.provider != "offline" and not is_local(settings.base_url):
        raise SettingsError(
            f"已开启“仅使用本地模型”（{ENV_NAMES['local_only']}），不能把报告发送到 "
            f"{endpoint_host(settings.base_url)}。请把接口地址（{ENV_NAMES['base_url']}）改为本机或内网的模型服务"
            "（如 Ollama：http://127.0.0.1:11434/v1），或选择离线起草，或关闭该选项。",
            setting="local_only",
        )


def _merge(layers: list[dict[str, Any]], provider: str | None = None) -> dict[str, Any]:
    """Earlier layers win; a base_url / model / key written for another provider is left out."""
    merged: dict[str, Any] = {}
    for layer in layers:
        keep_endpoint = provider is None or layer.get("provider", provider) == provider
        for key, value in layer.items():
            if keep_endpoint or key not in _ENDPOINT_KEYS:
                merged.setdefault(key, value)
    return merged


def _read_secrets(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise SettingsError(f"无法读取设置文件 {path}：{e.strerror}", setting="secrets") from None
    try:
        table = tomllib.loads(text).get("llm", {})
    except tomllib.TOMLDecodeError as e:
        # the decoder's message quotes no values, only the position
        raise SettingsError(f"设置文件 {path} 格式有误：{e}", setting="secrets") from None
    if not isinstance(table, dict):
        raise SettingsError(f"设置文件 {path} 中的 [llm] 应为一个表", setting="secrets")
    return {k: v for k, v in table.items() if k in ENV_NAMES}


def _clean(layer: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in layer.items():
        if key not in ENV_NAMES or value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        if key == "provider":
            value = str(value).lower()
        out[key] = value
    return out


def _build(values: dict[str, Any]) -> LLMSettings:
    if "local_only" in values:
        values["local_only"] = _as_bool(values["local_only"])
    if "timeout" in values:
        values["timeout"] = _as_timeout(values["timeout"])
    provider = values.get("provider", "offline")
    if provider not in PRESETS:
        names = "、".join(PRESETS)
        raise SettingsError(
            f"不认识的模型服务商“{provider}”（{ENV_NAMES['provider']}），可选：{names}", setting="provider"
        )
    try:
        return LLMSettings(**values)
    except ValidationError as e:
        # name the fields only: the error text would quote the offending values, the key among them
        fields = "、".join(FIELD_LABELS.get(str(err["loc"][0]), str(err["loc"][0])) for err in e.errors() if err["loc"])
        raise SettingsError(f"模型设置有误：{fields or '未知字段'}", setting="llm") from None


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "是"):
        return True
    if text in ("0", "false", "no", "off", "否", ""):
        return False
    raise SettingsError(f"“仅使用本地模型”（{ENV_NAMES['local_only']}）应为 true 或 false", setting="local_only")


def _as_timeout(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise SettingsError(f"超时（{ENV_NAMES['timeout']}）应为大于 0、不超过 3600 的秒数", setting="timeout")
    return seconds
