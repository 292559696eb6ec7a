"""The model settings a page uses: env / secrets.toml, with what the settings page set for this session."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.llm.errors import SettingsError
from app.llm.settings import LLMSettings, load_settings

SECRETS = Path(".streamlit/secrets.toml")


def settings() -> tuple[LLMSettings | None, str | None]:
    """The settings in force (None and a Chinese reason when they are not valid)."""
    overrides = {k: v for k, v in st.session_state.get("llm_overrides", {}).items() if v}
    try:
        return load_settings(secrets_path=SECRETS, overrides=overrides), None
    except SettingsError as e:
        return None, e.message


def client(s: LLMSettings):
    """A client for the settings (None: the offline drafter)."""
    if s.provider == "offline":
        return None
    from app.llm.client import make_client

    return make_client(s)
