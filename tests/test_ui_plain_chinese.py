"""What a clerk sees outside 起草 and 审核 is Chinese: no developer menu, no English uploader hint, no jargon."""

from __future__ import annotations

import re

import pytest

from app.llm.settings import ENV_NAMES, PRESETS
from app.ui import launch
from tests import test_ui as ui
from tests.test_ui import app, texts

db = ui.db


class _Server:
    """Stands in for the Streamlit process the launcher starts (records its command line)."""

    seen: list[list[str]] = []

    def __init__(self, cmd, env) -> None:
        self.seen.append(cmd)

    def wait(self) -> int:
        return 0


def test_the_launcher_hides_the_developer_menu_and_sends_no_usage_statistics(monkeypatch):
    seen = _Server.seen
    monkeypatch.setattr(launch.subprocess, "Popen", _Server)
    monkeypatch.setattr(launch.signal, "signal", lambda *_: None)
    assert launch.run_app(port=8599) == 0
    cmd = seen[0]
    options = {flag: cmd[i + 1] for i, flag in enumerate(cmd) if flag.startswith("--")}
    assert options["--client.toolbarMode"] == "minimal"
    assert options["--browser.gatherUsageStats"] == "false"


def _all_text(at) -> str:
    labels = [w.label for kind in ("selectbox", "text_input", "button") for w in getattr(at, kind)]
    options = [o for box in at.selectbox for o in box.options]
    return "\n".join([texts(at), *labels, *options])


def test_the_settings_page_speaks_of_provider_address_key_and_model_not_of_environment_variables(db):
    at = app("settings")
    text = _all_text(at)
    for name in ENV_NAMES.values():
        assert name not in text
    assert "NIANBAO_" not in text and "环境变量" not in text
    assert not re.search(r"offline|tokens", text, re.IGNORECASE)
    assert "离线模板（不使用模型）" in at.selectbox[0].options
    assert {"服务商", "地址（留空使用该服务商的默认地址）", "模型（留空使用该服务商的默认模型）"} <= {
        w.label for w in [*at.selectbox, *at.text_input]
    }
    assert any("密钥" in w.label for w in at.text_input)
    # where to get them: every provider's site or who to ask
    for name in ("deepseek", "qwen", "glm", "kimi"):
        assert PRESETS[name].label in text
    assert "platform.deepseek.com" in text and "bailian.console.aliyun.com" in text
    assert "信息技术人员" in text


def test_a_settings_error_is_shown_without_the_variable_name(db, monkeypatch):
    monkeypatch.setenv("NIANBAO_LLM_PROVIDER", "nosuch")
    at = app("settings")
    assert at.error and "不认识的模型服务商" in at.error[0].value
    assert "NIANBAO_" not in at.error[0].value


UPLOADERS = {"home": "previous_upload", "materials": "notes_upload", "versions": "backup_upload"}


@pytest.mark.parametrize("page", sorted(UPLOADERS))
def test_every_page_replaces_the_uploaders_english_hint(db, page):
    at = app(page)
    css = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "stFileUploaderDropzoneInstructions" in css and "选择文件" in css and "松开鼠标即可上传" in css
    assert "display: none" in css


def test_the_uploaders_on_these_pages_have_a_chinese_label_and_help(db):
    for page, key in UPLOADERS.items():
        at = app(page)
        uploader = next(e for e in at.get("file_uploader") if e.proto.id.endswith(key) or key in e.proto.id)
        assert re.search(r"[\u4e00-\u9fff]", uploader.proto.label)
        assert re.search(r"[\u4e00-\u9fff]", uploader.proto.help), page
