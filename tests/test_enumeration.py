"""Enumerated items read and written as published reports do, and notes cleaned of what is not a fact."""

from __future__ import annotations

import pytest

from app.drafting.enumeration import enumerate_items, split_items
from app.drafting.notes import clean_note_text, clean_notes, parse_notes
from tests.conftest import EXAMPLES


@pytest.mark.parametrize(
    "text",
    [
        "一是政策解读形式单一；二是基层信息报送不及时；三是答复文书格式不统一。",
        "存在的问题主要有：一是政策解读形式单一。二是基层信息报送不及时。三是答复文书格式不统一。",
        "- 政策解读形式单一\n- 基层信息报送不及时\n- 答复文书格式不统一",
        "（一）政策解读形式单一。（二）基层信息报送不及时。（三）答复文书格式不统一。",
        "1.政策解读形式单一；2.基层信息报送不及时；3.答复文书格式不统一",
        "政策解读形式单一；基层信息报送不及时；答复文书格式不统一。",
    ],
)
def test_items_split_whatever_the_marks(text):
    assert split_items(text) == ["政策解读形式单一", "基层信息报送不及时", "答复文书格式不统一"]


def test_one_sentence_is_one_item_and_numbers_are_not_marks():
    assert split_items("全年公开信息1.5万条，较上年有所增加。") == ["全年公开信息1.5万条，较上年有所增加"]
    assert split_items("") == []


def test_items_written_with_ordinals():
    assert enumerate_items(["政策解读形式单一", "报送不及时。"], lead="主要问题：") == (
        "主要问题：一是政策解读形式单一；二是报送不及时。"
    )
    assert enumerate_items(["政策解读形式单一"]) == "政策解读形式单一。"
    assert split_items(enumerate_items(["甲项工作滞后", "乙项工作滞后", "丙项工作滞后"])) == [
        "甲项工作滞后",
        "乙项工作滞后",
        "丙项工作滞后",
    ]


def test_notes_title_and_explanations_are_not_facts():
    notes = parse_notes((EXAMPLES / "notes-county-department-2025.md").read_text(encoding="utf-8"))
    assert "说明" in notes.general and "工作记录" in notes.general
    cleaned = clean_notes(notes)
    assert "说明" not in cleaned.general and "工作记录" not in cleaned.general
    assert "局党组会议2次专题研究政务公开工作" in cleaned.general
    assert cleaned.proactive_disclosure == clean_note_text(notes.proactive_disclosure)
    assert clean_note_text("**新闻发布会**：3场\n> 注：仅供参考\n备注：内部") == "新闻发布会：3场"
