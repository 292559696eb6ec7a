"""app/llm through the real openai SDK against a local OpenAI-compatible server, and through the fake."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from app.llm import (
    FakeChatClient,
    LLMError,
    LLMSettings,
    ModeMemory,
    SettingsError,
    Usage,
    cloud_notice,
    complete_structured,
    is_local,
    load_settings,
    make_client,
)
from app.llm.client import ChatRequest
from app.llm.json_output import extract_json, strict_schema, strip_think
from app.llm.openai_client import OpenAIChatClient, RetryPolicy
from tests import llm_server as scripted_server
from tests.llm_server import Delay, Drop, HTTPError, LLMServer, Reply

# the fixture (tests/conftest.py may import it for every test file)
llm_server = scripted_server.llm_server

KEY = "sk-test-0123456789abcdefSECRET"
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, retry_after_cap=0.3)
MESSAGES = [
    {"role": "system", "content": "你是政府信息公开工作年度报告的起草助手。"},
    {"role": "user", "content": "请根据下列数字起草「依申请公开」部分的概述：本年新收申请 58 件。"},
]
DEEPSEEK_400 = HTTPError(
    400,
    {
        "error": {
            "message": "This response_format type is unavailable now",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    },
)


class Highlight(BaseModel):
    title: str = Field(description="要点标题")
    count: int = Field(ge=0, description="相关数字")


class SectionDraft(BaseModel):
    summary: str = Field(min_length=2, description="一段概述")
    received_this_year: int = Field(ge=0, description="本年新收申请数")
    highlights: list[Highlight] = Field(default_factory=list, description="要点")
    note: str | None = Field(default=None, description="备注")


GOOD_DATA = {
    "summary": "本年新收政府信息公开申请58件。",
    "received_this_year": 58,
    "highlights": [{"title": "新收申请", "count": 58}],
    "note": None,
}
GOOD = json.dumps(GOOD_DATA, ensure_ascii=False)


def settings_for(server: LLMServer, tmp_path: Path, *, provider: str = "custom", **overrides) -> LLMSettings:
    values = {"provider": provider, "base_url": server.base_url, "api_key": KEY, "model": "test-model", "timeout": 2}
    return load_settings(env={}, secrets_path=tmp_path / "secrets.toml", overrides={**values, **overrides})


def structured(server: LLMServer, tmp_path: Path, *, provider: str = "custom", memory=None, **kwargs):
    settings = settings_for(server, tmp_path, provider=provider)
    client = make_client(settings, retry=FAST)
    return complete_structured(client, MESSAGES, SectionDraft, settings=settings, mode_memory=memory, **kwargs)


# --- the real SDK against the local server -------------------------------------------------------


def test_good_structured_reply_sends_strict_json_schema_and_records_usage(llm_server, tmp_path):
    llm_server.add(Reply(GOOD, usage={"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}))
    result = structured(llm_server, tmp_path)
    assert result.parsed == SectionDraft(**GOOD_DATA)
    assert (result.mode, result.attempts, result.notices) == ("json_schema", 1, [])
    [request] = llm_server.requests
    assert request.body["model"] == "test-model"
    fmt = request.response_format
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "SectionDraft" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"summary", "received_this_year", "highlights", "note"}
    assert schema["$defs"]["Highlight"]["additionalProperties"] is False
    [reply] = result.replies
    assert (reply.prompt_tokens, reply.completion_tokens, reply.tokens_estimated) == (120, 40, False)
    assert reply.finish_reason == "stop" and reply.latency_s > 0
    assert result.usage(settings=settings_for(llm_server, tmp_path, provider="openai")).summary() == (
        "调用 1 次，输入 120 tokens，输出 40 tokens，不足 0.01 元"
    )


def test_api_key_travels_only_in_the_authorization_header(llm_server, tmp_path):
    llm_server.add(Reply(GOOD))
    structured(llm_server, tmp_path)
    [request] = llm_server.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert [k for k, v in request.headers.items() if KEY in v] == ["authorization"]
    assert KEY not in request.raw and KEY not in request.path


def test_json_schema_rejected_like_deepseek_falls_back_to_json_object_and_is_remembered(llm_server, tmp_path):
    llm_server.add(DEEPSEEK_400, Reply(GOOD), Reply(GOOD))
    memory = ModeMemory()
    first = structured(llm_server, tmp_path, memory=memory)
    assert first.mode == "json_object" and first.parsed.received_this_year == 58
    assert first.notices == ["所选模型不支持结构化输出（json_schema），已改用JSON 模式"]
    rejected, fallback = llm_server.requests
    assert rejected.response_format["type"] == "json_schema"
    assert fallback.response_format == {"type": "json_object"}
    assert "JSON" in fallback.system_prompt and '"received_this_year"' in fallback.system_prompt
    assert "本年新收申请数" in fallback.system_prompt  # the field descriptions are the instructions
    assert fallback.system_prompt.startswith(MESSAGES[0]["content"])
    settings = settings_for(llm_server, tmp_path)
    assert memory.get(settings.endpoint_key) == "json_object"

    second = structured(llm_server, tmp_path, memory=memory)
    assert second.mode == "json_object" and second.notices == []
    assert llm_server.requests[2].response_format == {"type": "json_object"}
    assert len(llm_server.requests) == 3  # the 400 was not retried


def test_deepseek_preset_starts_at_json_object_and_qwen_turns_thinking_off(llm_server, tmp_path):
    llm_server.add(Reply(GOOD), Reply(GOOD))
    structured(llm_server, tmp_path, provider="deepseek")
    structured(llm_server, tmp_path, provider="qwen")
    deepseek, qwen = llm_server.requests
    assert deepseek.response_format == {"type": "json_object"}
    assert "enable_thinking" not in deepseek.body
    assert qwen.body["enable_thinking"] is False and "JSON" in qwen.system_prompt


def test_invalid_json_then_invalid_fields_then_valid_reasks_with_the_errors(llm_server, tmp_path):
    not_json = "草稿如下：{summary: 没有引号}"
    wrong = json.dumps({"summary": "好", "received_this_year": -3, "highlights": []}, ensure_ascii=False)
    llm_server.add(Reply(not_json), Reply(wrong), Reply(GOOD))
    result = structured(llm_server, tmp_path)
    assert result.attempts == 3 and result.parsed.summary.startswith("本年新收")
    second, third = llm_server.requests[1].body["messages"], llm_server.requests[2].body["messages"]
    assert second[-2] == {"role": "assistant", "content": not_json}
    assert "JSON" in second[-1]["content"] and second[-1]["role"] == "user"
    assert third[-2] == {"role": "assistant", "content": wrong}
    reask = third[-1]["content"]
    assert "received_this_year" in reask and "summary" in reask and "highlights" not in reask
    assert "数值太小" in reask and "文字太短" in reask
    assert len(third) == len(MESSAGES) + 4  # both rounds kept in the conversation


def test_thinking_before_the_json_is_ignored(llm_server, tmp_path):
    text = '<think>先列出字段 {"summary": "草稿"} 再检查数字</think>\n```json\n' + GOOD + "\n```"
    llm_server.add(Reply(text))
    result = structured(llm_server, tmp_path)
    assert result.parsed == SectionDraft(**GOOD_DATA) and result.attempts == 1
    assert result.raw_text == text


def test_blank_reply_is_retried_once(llm_server, tmp_path):
    llm_server.add(Reply("  \n"), Reply(GOOD))
    result = structured(llm_server, tmp_path, provider="deepseek")
    assert result.attempts == 2 and result.mode == "json_object"
    assert [r.response_format for r in llm_server.requests] == [{"type": "json_object"}] * 2


def test_blank_twice_climbs_down_to_text(llm_server, tmp_path):
    llm_server.add(Reply(""), Reply(""), Reply("好的：\n```json\n" + GOOD + "\n```"))
    result = structured(llm_server, tmp_path, provider="deepseek")
    assert result.mode == "text" and result.attempts == 3
    assert llm_server.requests[2].response_format is None
    assert "JSON Schema" in llm_server.requests[2].system_prompt
    assert result.notices == ["模型在JSON 模式下返回了空白内容，已改用普通文本模式（从回复中提取 JSON）"]


def test_401_is_an_auth_error_not_retried_and_never_shows_the_key(llm_server, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    body = {"error": {"message": f"Incorrect API key provided: {KEY}", "type": "invalid_request_error"}}
    llm_server.add(HTTPError(401, body))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path)
    error = caught.value
    assert error.kind == "auth" and error.status_code == 401 and error.attempts == 1
    assert str(error) == "API 密钥无效（401），请在设置页或环境变量 NIANBAO_LLM_API_KEY 中检查"
    assert len(llm_server.requests) == 1
    for text in (str(error), repr(error), error.detail, error.message):
        assert KEY not in text and "0123456789abcdef" not in text
    assert error.__cause__ is None and error.__suppress_context__
    assert caplog.records and KEY not in caplog.text  # the SDK's own debug logging included


def test_429_is_retried_honouring_retry_after_within_the_cap(llm_server, tmp_path):
    llm_server.add(HTTPError(429, {"error": {"message": "Rate limit reached", "type": "requests"}}, "30"))
    llm_server.add(Reply(GOOD))
    result = structured(llm_server, tmp_path)
    assert result.replies[0].attempts == 2
    gap = llm_server.requests[1].at - llm_server.requests[0].at
    assert 0.25 <= gap < 2  # Retry-After: 30, cut to the 0.3 s cap (the plain backoff would be ~0.01 s)


def test_429_for_an_exhausted_quota_is_not_retried(llm_server, tmp_path):
    quota = {
        "error": {
            "message": "You exceeded your current quota",
            "type": "insufficient_quota",
            "code": "insufficient_quota",
        }
    }
    llm_server.add(HTTPError(429, quota))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path)
    assert caught.value.kind == "rate_limit" and "额度" in str(caught.value)
    assert len(llm_server.requests) == 1


def test_500_twice_then_success(llm_server, tmp_path):
    llm_server.add(HTTPError(500), HTTPError(503), Reply(GOOD))
    result = structured(llm_server, tmp_path)
    assert result.replies[0].attempts == 3 and result.attempts == 1


def test_500_three_times_is_a_server_error_after_three_attempts(llm_server, tmp_path):
    llm_server.add(HTTPError(500), HTTPError(502), HTTPError(500), Reply(GOOD))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path)
    assert (caught.value.kind, caught.value.attempts, caught.value.status_code) == ("server", 3, 500)
    assert "已尝试 3 次" in str(caught.value) and len(llm_server.requests) == 3


def test_dropped_connection_is_retried(llm_server, tmp_path):
    llm_server.add(Drop(), Reply(GOOD))
    result = structured(llm_server, tmp_path)
    assert result.replies[0].attempts == 2


def test_nothing_listening_is_a_connection_error(tmp_path):
    server = LLMServer()
    base_url = server.base_url
    server.stop()  # never started: the port is free again
    settings = load_settings(
        env={},
        secrets_path=tmp_path / "secrets.toml",
        overrides={"provider": "custom", "base_url": base_url, "model": "m", "timeout": 1},
    )
    with pytest.raises(LLMError) as caught:
        make_client(settings, retry=FAST).complete(ChatRequest(messages=MESSAGES, model="m"))
    assert caught.value.kind == "connection" and caught.value.attempts == 3
    assert "NIANBAO_LLM_BASE_URL" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "kind", "setting"),
    [
        (400, "bad_request", "NIANBAO_LLM_MODEL"),
        (403, "auth", "NIANBAO_LLM_API_KEY"),
        (404, "not_found", "NIANBAO_LLM_MODEL"),
    ],
)
def test_client_errors_are_not_retried(llm_server, tmp_path, status, kind, setting):
    llm_server.add(HTTPError(status, {"error": {"message": "Model Not Exist", "type": "invalid_request_error"}}))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path)
    assert caught.value.kind == kind and setting in str(caught.value)
    assert len(llm_server.requests) == 1


def test_content_moderation_400_is_a_content_filter_error(llm_server, tmp_path):
    llm_server.add(HTTPError(400, {"error": {"message": "Content Exists Risk", "type": "invalid_request_error"}}))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path, provider="deepseek")
    assert caught.value.kind == "content_filter" and "内容审核" in str(caught.value)


def test_timeout_is_reported_in_chinese_and_not_retried(llm_server, tmp_path):
    llm_server.add(Delay(3, Reply(GOOD)))
    settings = settings_for(llm_server, tmp_path, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        complete_structured(make_client(settings, retry=FAST), MESSAGES, SectionDraft, settings=settings)
    assert time.monotonic() - started < 2
    assert caught.value.kind == "timeout" and caught.value.attempts == 1
    assert str(caught.value) == "模型服务超时（0.3 秒），请稍后重试或在设置中调大超时（NIANBAO_LLM_TIMEOUT）"
    assert len(llm_server.requests) == 1


def test_streaming_delivers_pieces_in_order(llm_server, tmp_path):
    text = "本年度，本机关新收政府信息公开申请58件，均在法定期限内答复。"
    llm_server.add(Reply(text, chunk_size=4, usage={"prompt_tokens": 50, "completion_tokens": 20}))
    settings = settings_for(llm_server, tmp_path)
    pieces: list[str] = []
    reply = make_client(settings, retry=FAST).complete(ChatRequest(messages=MESSAGES, model=""), on_delta=pieces.append)
    assert len(pieces) > 5 and "".join(pieces) == text == reply.text
    assert pieces[0] == text[:4]
    [request] = llm_server.requests
    assert request.body["stream"] is True and request.body["stream_options"] == {"include_usage": True}
    assert request.response_format is None and request.body["model"] == "test-model"
    assert (reply.prompt_tokens, reply.completion_tokens, reply.tokens_estimated) == (50, 20, False)
    assert reply.finish_reason == "stop" and reply.model == "test-model"


def test_a_failed_stream_is_retried_before_any_piece_arrives(llm_server, tmp_path):
    llm_server.add(HTTPError(502), Reply("第一段。第二段。", chunk_size=2))
    pieces: list[str] = []
    client = make_client(settings_for(llm_server, tmp_path), retry=FAST)
    reply = client.complete(ChatRequest(messages=MESSAGES, model="test-model"), on_delta=pieces.append)
    assert reply.attempts == 2 and "".join(pieces) == "第一段。第二段。"


def test_structured_output_can_stream(llm_server, tmp_path):
    llm_server.add(Reply(GOOD, chunk_size=5))
    pieces: list[str] = []
    result = structured(llm_server, tmp_path, on_delta=pieces.append)
    assert "".join(pieces) == GOOD and result.parsed.received_this_year == 58


@pytest.mark.parametrize("stream", [False, True])
def test_missing_usage_is_estimated_from_characters(llm_server, tmp_path, stream):
    llm_server.add(Reply("本年新收申请58件。", usage=None))
    settings = settings_for(llm_server, tmp_path)
    pieces: list[str] = []
    request = ChatRequest(messages=MESSAGES, model="test-model")
    reply = make_client(settings, retry=FAST).complete(request, on_delta=pieces.append if stream else None)
    assert reply.tokens_estimated is True
    assert reply.completion_tokens == 8 + 1  # 8 CJK characters, "58" and a full stop count as wide / narrow
    assert reply.prompt_tokens > 40
    assert "（估算）" in Usage.from_replies([reply], settings=settings).summary()


def test_reasks_are_bounded_and_exhaustion_raises_invalid_output(llm_server, tmp_path):
    llm_server.add(*[Reply('{"summary": "x"}')] * 6)
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path, max_reasks=1)
    error = caught.value
    # json_schema: 1 + 1 re-ask; then one try each in json_object and text (the re-ask budget is shared)
    assert (error.kind, error.attempts, error.last_raw) == ("invalid_output", 4, '{"summary": "x"}')
    assert str(error).startswith("模型未能按要求输出结构化结果（已尝试 4 次）")
    assert [r.response_format and r.response_format["type"] for r in llm_server.requests] == [
        "json_schema",
        "json_schema",
        "json_object",
        None,
    ]


def test_truncated_output_is_a_length_error(llm_server, tmp_path):
    llm_server.add(Reply(GOOD[:30], finish_reason="length"))
    with pytest.raises(LLMError) as caught:
        structured(llm_server, tmp_path)
    assert caught.value.kind == "length" and caught.value.last_raw == GOOD[:30]


def test_the_sdk_client_is_built_lazily_without_sdk_retries(llm_server, tmp_path):
    client = make_client(settings_for(llm_server, tmp_path), retry=FAST)
    assert isinstance(client, OpenAIChatClient) and client._sdk is None
    llm_server.add(Reply("好"))
    client.complete(ChatRequest(messages=MESSAGES, model="test-model"))
    assert client._sdk.max_retries == 0 and client._sdk.timeout == 2


# --- settings -------------------------------------------------------------------------------------


def _secrets(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_nothing_configured_means_offline(tmp_path):
    settings = load_settings(env={}, secrets_path=tmp_path / "missing.toml")
    assert settings.provider == "offline" and make_client(settings) is None
    assert cloud_notice(settings) is None


def test_settings_precedence(tmp_path):
    secrets = _secrets(
        tmp_path, '[llm]\nprovider = "deepseek"\napi_key = "sk-from-secrets"\ntimeout = 30\nlocal_only = false\n'
    )
    env = {"OPENAI_API_KEY": "sk-openai-fallback", "OPENAI_BASE_URL": "https://gateway.example.com/v1"}
    from_secrets = load_settings(env=env, secrets_path=secrets)
    assert (from_secrets.provider, from_secrets.model, from_secrets.timeout) == ("deepseek", "deepseek-chat", 30)
    assert from_secrets.base_url == "https://api.deepseek.com"
    # the OpenAI key is never sent to another vendor
    assert from_secrets.api_key.get_secret_value() == "sk-from-secrets"

    env_wins = load_settings(
        env={**env, "NIANBAO_LLM_MODEL": "deepseek-reasoner", "NIANBAO_LLM_TIMEOUT": "90"}, secrets_path=secrets
    )
    assert (env_wins.model, env_wins.timeout, env_wins.provider) == ("deepseek-reasoner", 90, "deepseek")

    overridden = load_settings(
        env={**env, "NIANBAO_LLM_PROVIDER": "qwen"},
        secrets_path=secrets,
        overrides={"provider": "ollama", "model": None},
    )
    assert (overridden.provider, overridden.base_url, overridden.model) == (
        "ollama",
        "http://127.0.0.1:11434/v1",
        "qwen2.5:7b",
    )
    assert overridden.api_key is None  # DeepSeek's key stays with DeepSeek

    # an OpenAI key is not sent to another endpoint named in NIANBAO_LLM_BASE_URL
    elsewhere = load_settings(
        env={**env, "NIANBAO_LLM_BASE_URL": "https://other.example.org/v1"}, secrets_path=tmp_path / "missing.toml"
    )
    assert (elsewhere.provider, elsewhere.api_key) == ("custom", None)

    fallback = load_settings(env=env, secrets_path=tmp_path / "missing.toml")
    assert (fallback.provider, fallback.base_url) == ("custom", "https://gateway.example.com/v1")
    assert fallback.api_key.get_secret_value() == "sk-openai-fallback"
    openai_only = load_settings(env={"OPENAI_API_KEY": "sk-openai-fallback"}, secrets_path=tmp_path / "missing.toml")
    assert (openai_only.provider, openai_only.base_url, openai_only.model) == (
        "openai",
        "https://api.openai.com/v1",
        "gpt-4o-mini",
    )


def test_provider_is_guessed_from_the_base_url(tmp_path):
    missing = tmp_path / "missing.toml"
    guessed = load_settings(env={"NIANBAO_LLM_BASE_URL": "http://localhost:11434/v1"}, secrets_path=missing)
    assert (guessed.provider, guessed.model) == ("ollama", "qwen2.5:7b")
    kimi = load_settings(
        env={"NIANBAO_LLM_BASE_URL": "https://api.moonshot.cn/v1", "NIANBAO_LLM_API_KEY": "sk-k"}, secrets_path=missing
    )
    assert kimi.provider == "kimi"


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"NIANBAO_LLM_PROVIDER": "chatglm"}, "provider"),
        ({"NIANBAO_LLM_PROVIDER": "ollama", "NIANBAO_LLM_TIMEOUT": "soon"}, "timeout"),
        ({"NIANBAO_LLM_PROVIDER": "ollama", "NIANBAO_LLM_LOCAL_ONLY": "maybe"}, "local_only"),
    ],
)
def test_bad_settings_are_named_in_chinese(tmp_path, env, setting):
    with pytest.raises(SettingsError) as caught:
        load_settings(env=env, secrets_path=tmp_path / "missing.toml")
    assert caught.value.setting == setting and "NIANBAO_LLM_" in str(caught.value)


def test_local_only_refuses_a_cloud_endpoint_and_accepts_a_local_one(tmp_path):
    missing = tmp_path / "missing.toml"
    env = {"NIANBAO_LLM_PROVIDER": "deepseek", "NIANBAO_LLM_API_KEY": KEY, "NIANBAO_LLM_LOCAL_ONLY": "true"}
    with pytest.raises(SettingsError) as caught:
        load_settings(env=env, secrets_path=missing)
    assert "api.deepseek.com" in str(caught.value) and "NIANBAO_LLM_LOCAL_ONLY" in str(caught.value)
    assert KEY not in str(caught.value)
    local = load_settings(env={**env, "NIANBAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1"}, secrets_path=missing)
    assert local.local_only and cloud_notice(local) is None
    # settings built by hand are checked again when the client is made
    with pytest.raises(SettingsError):
        make_client(LLMSettings(provider="deepseek", api_key=KEY, local_only=True))


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8000/v1", True),
        ("http://127.8.9.1/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://10.2.3.4/v1", True),
        ("http://172.16.0.9/v1", True),
        ("http://172.31.255.1/v1", True),
        ("http://192.168.1.20:8000/v1", True),
        ("http://gpu-box.local:8000/v1", True),
        ("http://172.32.0.1/v1", False),
        ("https://api.deepseek.com", False),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", False),
        ("https://8.8.8.8/v1", False),
        ("", False),
    ],
)
def test_is_local(url, local):
    assert is_local(url) is local


def test_cloud_notice_names_the_service():
    notice = cloud_notice(LLMSettings(provider="qwen", api_key=KEY))
    assert notice.startswith("报告内容将发送到 通义千问") and "dashscope.aliyuncs.com" in notice
    assert "的模型服务" in notice
    assert cloud_notice(LLMSettings(provider="ollama")) is None
    assert cloud_notice(LLMSettings(provider="custom", base_url="http://192.168.1.20:8000/v1", model="m")) is None


def test_the_api_key_never_leaks_from_settings(tmp_path):
    settings = load_settings(
        env={"NIANBAO_LLM_PROVIDER": "kimi", "NIANBAO_LLM_API_KEY": KEY}, secrets_path=tmp_path / "x"
    )
    assert settings.api_key.get_secret_value() == KEY
    for text in (
        repr(settings),
        str(settings),
        settings.model_dump_json(),
        str(settings.model_dump()),
        repr(make_client(settings)),
    ):
        assert KEY not in text
    with pytest.raises(SettingsError) as caught:
        load_settings(
            env={"NIANBAO_LLM_PROVIDER": "kimi", "NIANBAO_LLM_API_KEY": KEY, "NIANBAO_LLM_TIMEOUT": "-1"},
            secrets_path=tmp_path / "x",
        )
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)


def test_a_cloud_provider_without_a_key_is_refused_before_any_call():
    with pytest.raises(SettingsError) as caught:
        make_client(LLMSettings(provider="deepseek"))
    assert caught.value.setting == "api_key" and "NIANBAO_LLM_API_KEY" in str(caught.value)


# --- pieces above the seam ---------------------------------------------------------------------------


def test_strict_schema_requires_everything_and_forbids_extras():
    schema = strict_schema(SectionDraft.model_json_schema())
    assert schema["required"] == ["summary", "received_this_year", "highlights", "note"]
    assert schema["additionalProperties"] is False
    assert "default" not in schema["properties"]["note"] and "default" not in schema["properties"]["highlights"]
    assert schema["$defs"]["Highlight"]["required"] == ["title", "count"]
    assert SectionDraft.model_json_schema()["required"] == ["summary", "received_this_year"]  # input untouched


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        '```json\n{"a": 1}\n```',
        '好的，结果如下：\n{"a": 1}\n以上。',
        '<think>考虑 {"a": 2}</think>{"a": 1}',
        '<think>\n还在想……\n{"a": 1}',
        '推理过程</think>\n{"a": 1}',
        '<THINK>x</THINK>```JSON\n{"a": 1}```',
    ],
)
def test_extract_json(text):
    assert extract_json(text) == {"a": 1}


def test_extract_json_without_json_says_so_in_chinese():
    with pytest.raises(ValueError, match="没有合法的 JSON"):
        extract_json("抱歉，我无法完成。")
    assert strip_think("<think>a</think>b") == "b"


def test_usage_summary_and_sum():
    assert (
        Usage(5, 4210, 1988, False, 0.0216).summary() == "调用 5 次，输入 4,210 tokens，输出 1,988 tokens，约 0.02 元"
    )
    total = Usage(1, 10, 5, False, 0.5) + Usage(2, 20, 10, True, 0.25)
    assert total == Usage(3, 30, 15, True, 0.75)
    assert (total + Usage(1, 1, 1, False, None)).cost_yuan is None
    assert Usage(1, 100, 50, False, 0.0).summary().endswith("不计费")


def test_mode_memory_round_trips():
    memory = ModeMemory({"http://a|m": "json_object", "http://b|m": "bogus"})
    memory.remember("http://c|m", "text")
    assert memory.to_dict() == {"http://a|m": "json_object", "http://c|m": "text"}


# --- the fake --------------------------------------------------------------------------------------------


def test_fake_replays_records_and_streams():
    fake = FakeChatClient(["第一段", RuntimeError("boom"), lambda request: f"模式 {request.mode}"], chunk_size=2)
    pieces: list[str] = []
    reply = fake.complete(ChatRequest(messages=MESSAGES, model="m"), on_delta=pieces.append)
    assert reply.text == "第一段" and pieces == ["第一", "段"] and reply.tokens_estimated
    assert reply.completion_tokens == 3
    with pytest.raises(RuntimeError, match="boom"):
        fake.complete(ChatRequest(messages=MESSAGES, model="m"))
    assert fake.complete(ChatRequest(messages=MESSAGES, model="m", mode="json_object")).text == "模式 json_object"
    assert len(fake.requests) == 3 and fake.remaining == 0
    with pytest.raises(RuntimeError, match="no scripted reply"):
        fake.complete(ChatRequest(messages=MESSAGES, model="m"))


def test_fake_drives_the_ladder_like_the_real_client():
    settings = LLMSettings(provider="custom", base_url="http://127.0.0.1:9/v1", model="m")
    fake = FakeChatClient(["", "", "不是 JSON", GOOD], reject_modes=["json_schema"])
    memory = ModeMemory()
    notices: list[str] = []
    result = complete_structured(
        fake, MESSAGES, SectionDraft, settings=settings, mode_memory=memory, on_notice=notices.append
    )
    assert result.mode == "text" and result.parsed.received_this_year == 58
    assert [r.mode for r in fake.requests] == ["json_schema", "json_object", "json_object", "text", "text"]
    assert result.attempts == 4 and notices == result.notices and len(notices) == 3
    assert memory.to_dict() == {"http://127.0.0.1:9/v1|m": "text"}
    assert fake.requests[0].schema["additionalProperties"] is False and fake.requests[1].schema is None


def test_fake_works_with_offline_settings_for_the_keyless_demo():
    result = complete_structured(FakeChatClient([GOOD]), MESSAGES, SectionDraft, settings=LLMSettings())
    assert result.mode == "json_schema" and result.usage(settings=LLMSettings()).summary().endswith("不计费")
