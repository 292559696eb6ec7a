"""The chat panel speaks Chinese: rules by their titles, 用量 instead of tokens, no English words."""

from __future__ import annotations

import re

from tests import test_ui as ui
from tests.test_ui import app
from tests.test_ui_chat import _ask, _chat_text

db = ui.db
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def test_asking_why_table_three_fails_gives_an_answer_without_english_words(db):
    at = app("tables")
    _ask(at, "表三为什么报错？", page="tables")
    answer = _chat_text(at)
    assert "表三有 2 个错误" in answer and "与上一条是同一个问题" in answer
    captions = "\n".join(c.value for c in at.caption if "助手" in c.value or "用量" in c.value)
    assert "本报告的助手对话用量：输入 0，输出 0。" in captions
    assert not ENGLISH.findall(answer + captions), ENGLISH.findall(answer + captions)
