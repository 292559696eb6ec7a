"""模型设置: preset, base URL, model, key (kept for this session or in .streamlit/secrets.toml), test."""

from __future__ import annotations

import streamlit as st

from app.llm.errors import LLMError, SettingsError
from app.llm.settings import PRESETS, cloud_notice
from app.ui import llm, state

state.page_setup("模型设置")
current, problem = llm.settings()
if problem:
    st.error(problem)
st.caption(
    "设置可来自环境变量（NIANBAO_LLM_PROVIDER、NIANBAO_LLM_BASE_URL、NIANBAO_LLM_API_KEY、NIANBAO_LLM_MODEL）"
    "或 .streamlit/secrets.toml 的 [llm] 表；这里填写的只在本次会话中有效。API 密钥不会写入数据库、日志或导出文件。"
)
overrides = st.session_state.setdefault("llm_overrides", {})
names = list(PRESETS)
with st.form("llm"):
    provider = st.selectbox(
        "模型服务",
        names,
        index=names.index(current.provider) if current else names.index("offline"),
        format_func=lambda n: PRESETS[n].label,
    )
    base_url = st.text_input("接口地址（留空用预设）", overrides.get("base_url", ""))
    model = st.text_input("模型名称（留空用预设）", overrides.get("model", ""))
    api_key = st.text_input("API 密钥（本机模型不需要）", type="password", value="")
    saved = st.form_submit_button("应用", type="primary")
if saved:
    overrides.update(provider=provider, base_url=base_url.strip(), model=model.strip())
    if api_key.strip():
        overrides["api_key"] = api_key.strip()
    st.rerun()

if current:
    st.write(f"当前：{current.preset.label} · {current.model or '（离线模板）'} · {current.base_url or ''}")
    notice = cloud_notice(current)
    if notice:
        st.warning(notice)
    if current.provider != "offline" and st.button("测试连接"):
        from app.llm.client import ChatRequest

        try:
            reply = llm.client(current).complete(
                ChatRequest(messages=[{"role": "user", "content": "请只回复：好"}], model=current.model, max_tokens=8)
            )
        except (LLMError, SettingsError) as e:
            st.error(e.message)
        else:
            st.success(f"连接正常：{reply.model} 回复“{reply.text.strip()[:20]}”（{reply.latency_s:.1f} 秒）")
