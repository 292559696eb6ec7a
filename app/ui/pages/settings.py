"""模型设置: provider, address, model, key (kept for this session), where to get them, and a connection test."""

from __future__ import annotations

import re

import streamlit as st

from app.llm.errors import LLMError, SettingsError
from app.llm.settings import PRESETS, cloud_notice
from app.ui import llm, state
from app.ui.inert import literal

OFFLINE_LABEL = "离线模板（不使用模型）"
# where a clerk gets the address, model and key of each provider (the defaults come from the presets)
WHERE_TO_GET = {
    "openai": "在 OpenAI 开放平台（platform.openai.com）注册并创建密钥；境内网络通常无法直接访问",
    "deepseek": "在 DeepSeek 开放平台（platform.deepseek.com）注册、充值后创建密钥",
    "qwen": "在阿里云百炼控制台（bailian.console.aliyun.com）开通服务后创建密钥",
    "glm": "在智谱开放平台（open.bigmodel.cn）注册后创建密钥",
    "kimi": "在月之暗面开放平台（platform.moonshot.cn）注册后创建密钥",
    "ollama": "由本单位信息技术人员在本机安装 Ollama 并下载模型；不需要密钥，报告不离开本机",
    "vllm": "由本单位信息技术人员在本机或内网部署，地址和模型名称向他们索取；不需要密钥",
    "custom": "向提供服务的单位索取地址、模型名称和密钥（须兼容 OpenAI 接口）",
    "offline": "不连接任何模型：按填报的数字和素材套用模板起草，内容不离开本机",
}


def provider_label(name: str) -> str:
    """The provider's name as the clerk reads it."""
    return OFFLINE_LABEL if name == "offline" else PRESETS[name].label


def plain(message: str) -> str:
    """A settings or model error without the environment-variable names (those are for administrators)."""
    message = re.sub(r"或环境变量\s*NIANBAO_[A-Z_]+\s*", "", message)
    return re.sub(r"（NIANBAO_[A-Z_]+）", "", message)


state.page_setup("模型设置")
current, problem = llm.settings()
if problem:
    st.error(literal(plain(problem)))
st.caption(
    "起草和审核可以借助大模型；不设置模型也能用离线模板起草。这里填写的设置只在本次使用期间有效，"
    "长期使用请让管理员按使用说明配置。密钥不会写入数据库、日志或导出文件。"
)
overrides = st.session_state.setdefault("llm_overrides", {})
names = list(PRESETS)
with st.form("llm"):
    provider = st.selectbox(
        "服务商",
        names,
        index=names.index(current.provider) if current else names.index("offline"),
        format_func=provider_label,
    )
    base_url = st.text_input("地址（留空使用该服务商的默认地址）", overrides.get("base_url", ""))
    model = st.text_input("模型（留空使用该服务商的默认模型）", overrides.get("model", ""))
    api_key = st.text_input("密钥（本机或内网的模型不需要）", type="password", value="")
    saved = st.form_submit_button("应用", type="primary")
if saved:
    overrides.update(provider=provider, base_url=base_url.strip(), model=model.strip())
    if api_key.strip():
        overrides["api_key"] = api_key.strip()
    st.rerun()

if current:
    if current.provider == "offline":
        st.write(f"当前：{OFFLINE_LABEL}")
    else:
        st.write(literal(f"当前：{provider_label(current.provider)} · 模型 {current.model} · 地址 {current.base_url}"))
    notice = cloud_notice(current)
    if notice:
        st.warning(literal(notice))
    if current.provider != "offline" and st.button("测试连接"):
        from app.llm.client import ChatRequest

        try:
            reply = llm.client(current).complete(
                ChatRequest(messages=[{"role": "user", "content": "请只回复：好"}], model=current.model, max_tokens=8)
            )
        except (LLMError, SettingsError) as e:
            st.error(literal(plain(e.message)))
        else:
            st.success(
                f"连接正常：{literal(reply.model)} 回复“{literal(reply.text.strip()[:20])}”（{reply.latency_s:.1f} 秒）"
            )

with st.expander("各服务商的地址、模型和密钥从哪里来"):
    for name, preset in PRESETS.items():
        defaults = (
            ""
            if name == "offline"
            else f"（默认地址 {preset.base_url or '需填写'}，默认模型 {preset.model or '需填写'}）"
        )
        st.markdown(f"- **{literal(provider_label(name))}**{literal(defaults)}：{WHERE_TO_GET[name]}")
