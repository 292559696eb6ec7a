"""The prompts a model drafts from: the report's format, year and level, the figures computed for it, the notes
cleaned of what is not a fact, and a style example of the matching kind of unit."""

from __future__ import annotations

import re

import pytest

from app.drafting.facts import build_facts
from app.drafting.grounding import ground_section
from app.drafting.notes import read_notes
from app.drafting.offline import draft_offline
from app.drafting.prompts import REPEAT_MARK, instruction_texts, render_messages, style_example, style_examples
from app.drafting.sections import put_section, to_section
from app.drafting.style import LENGTH_TARGETS, STYLE_KIND_LABELS, STYLE_KINDS, length_target, style_kind
from app.drafting.text_checks import drafting_material
from app.importers import read_report
from app.llm.usage import estimate_prompt_tokens
from app.rules.stray_text import instruction_shingles, normalised
from schemas.content import EMPTY_PHRASES, LENGTH_RANGES, OTHER_ITEMS
from schemas.drafting import Notes
from schemas.report import Report
from tests.conftest import CITY, EXAMPLES, ROOT, corpus_path

NOTES = EXAMPLES / "notes-county-department-2025.md"
SECTIONS = ("前言", "一", "五", "六")
# what 六 reports only in the 2021 format
ITEMS_2021 = ("信息处理费", "工作要点", "提案", "processing_fee", "work_points", "proposals", "innovation")


def _county(notes: bool = True) -> tuple[Report, Report]:
    report = read_report(EXAMPLES / "county-department-2025.json")
    if notes:
        report.notes = read_notes(NOTES.read_bytes(), NOTES.name)
    return report, read_report(EXAMPLES / "county-department-2024.json")


def _township() -> Report:
    return read_report(EXAMPLES / "qihuxiang-2020.json")


def _as(report: Report, agency: str, level: str) -> Report:
    out = report.model_copy(deep=True)
    out.meta.agency, out.meta.level = agency, level
    return out


def _prompt(report: Report, section: str, previous: Report | None = None) -> tuple[str, str]:
    system, user = render_messages(report, build_facts(report, previous), section)
    return system["content"], user["content"]


def _whole(report: Report, previous: Report | None = None) -> str:
    return "\n".join("\n".join(_prompt(report, s, previous)) for s in SECTIONS)


# ---------------------------------------------------------------- format and year


def test_a_2019_format_report_is_asked_for_the_2019_format_only():
    report = _township()
    assert report.meta.format_version == "2019"
    whole = _whole(report)
    assert "国办公开办函〔2019〕60号" in whole and "〔2021〕30号" not in whole
    for word in ITEMS_2021:
        assert word not in whole, word
    system, user = _prompt(report, "六")
    assert "text" in user and "“无。”" in user  # the one-text shape of OtherMatters2019Draft
    _, overview = _prompt(report, "一")
    assert "没有分项要求" in overview and "不能遗漏" not in overview


def test_a_2021_format_report_is_asked_for_the_items_of_its_year():
    report, previous = _county()
    whole = _whole(report, previous)
    assert "国办公开办函〔2021〕30号" in whole and "〔2019〕60号" not in whole
    _, other = _prompt(report, "六", previous)
    for item in OTHER_ITEMS:
        assert f"- {item.key}：{item.label}" in other
    assert "本年度未发出信息处理费收费通知" in other  # the derived sentence, not a request for one
    _, overview = _prompt(report, "一", previous)
    assert "五个方面都写，不能遗漏" in overview


def test_a_2021_format_report_of_2020_is_not_asked_for_the_processing_fee():
    report, previous = _county()
    report.meta.year = 2020
    _, other = _prompt(report, "六", previous)
    assert "- processing_fee：信息处理费收取情况" not in other and "写空字符串" in other
    assert "本年度未发出信息处理费收费通知" not in other


# ---------------------------------------------------------------- level


def test_a_township_is_named_as_it_signs_and_never_asked_to_write_of_regulations():
    report = _township()
    system, preface = _prompt(report, "前言")
    assert "《七户乡人民政府2020年政府信息公开工作年度报告》" in system
    assert "可与七户乡人民政府联系" in preface and "七户乡人民政府（乡镇人民政府、街道办事处）" in preface
    assert "之后称“本乡”" in system
    whole = _whole(report)
    mentions = [line for line in whole.split("\n") if "规章" in line]
    assert mentions and all("无权制定规章" in line and "不写规章" in line for line in mentions)


@pytest.mark.parametrize(
    "agency,level,self_name,regulations",
    [
        ("示例县市场监督管理局", "department", "本局", False),
        ("示例县人民政府", "county_government", "本县", False),
        ("示例市人民政府", "county_government", "本市", True),
        ("某省人民政府", "county_government", "本省", True),
    ],
)
def test_the_level_decides_the_self_name_and_whether_regulations_may_be_written(agency, level, self_name, regulations):
    report, previous = _county()
    system, _ = _prompt(_as(report, agency, level), "一", previous)
    assert f"之后称“{self_name}”" in system
    assert ("不写规章" not in system) == regulations


@pytest.mark.parametrize(
    "agency,level,required",
    [
        ("示例县市场监督管理局", "department", False),
        ("示例县人民政府", "county_government", True),
        ("七户乡", "township", True),
    ],
)
def test_a_government_is_asked_for_assessment_public_review_and_accountability(agency, level, required):
    report, previous = _county()
    _, user = _prompt(_as(report, agency, level), "一", previous)
    assert ("须写明工作考核、社会评议和责任追究结果情况" in user) == required


def test_the_typical_length_grows_with_the_tier():
    report, previous = _county()
    township = length_target(_township(), "一")
    department = length_target(report, "一")
    province = length_target(_as(report, "某省人民政府", "county_government"), "一")
    assert township[1] < department[1] < province[0]
    _, user = _prompt(report, "一", previous)
    assert f"全文约{department[0]}至{department[1]}字" in user
    report.requirements.max_chars["一"] = 600
    assert length_target(report, "一")[1] == 600


def test_length_targets_lie_within_what_the_quality_check_accepts():
    for tier, sections in LENGTH_TARGETS.items():
        for section, (low, high) in sections.items():
            floor, ceiling = LENGTH_RANGES[tier][section]
            assert floor <= low < high <= ceiling, (tier, section)


# ---------------------------------------------------------------- figures


def test_problems_get_last_years_problems_and_measures_and_the_figures_they_may_rest_on():
    report, previous = _county()
    facts = build_facts(report, previous)
    _, user = _prompt(report, "五", previous)
    for item in facts.previous_problems + facts.previous_measures:
        assert item in user
    assert facts.previous_measures and "## 上年度报告提出的改进措施" in user
    assert "行政复议结果纠正1件" in user and "结转下年度继续办理2件" in user
    assert "本机关不掌握相关政府信息7件" in user
    assert "办结率为96.8%" in user and "办结申请较上年增加12件" in user
    assert "一一对应、顺序相同" in user and "“一是……二是……”" in user


def test_problems_without_last_years_report_say_so():
    report, _ = _county()
    _, user = _prompt(report, "五")
    assert "（未提供上年度报告）" in user and "## 上年度报告提出的改进措施" not in user
    assert "较上年" not in user  # no change without last year's tables


def test_rates_and_changes_are_supplied_once_and_never_left_to_the_model():
    report, previous = _county()
    facts = build_facts(report, previous)
    system, user = _prompt(report, "一", previous)
    assert facts.statements["rates"] in user and facts.statements["changes"] in user
    assert facts.statements["year_on_year"] not in user  # changes already says it
    assert "只能原样引用派生表述中已算好的数字" in system
    _, alone = _prompt(report, "一")
    assert "办结率为96.8%" in alone and "较上年" not in alone


def test_a_township_with_nothing_received_gets_no_rate():
    _, user = _prompt(_township(), "一")
    assert "本年度未收到政府信息公开申请" in user and "办结率" not in user


# ---------------------------------------------------------------- notes


def test_the_notes_title_and_explanations_are_not_sent_as_facts():
    report, previous = _county()
    whole = _whole(report, previous)
    assert "工作记录（起草年报用）" not in whole and "说明：" not in whole and "单位虚构" not in whole
    assert "局党组会议2次专题研究政务公开工作" in whole  # the facts around them stay


def test_a_count_the_derived_statements_already_say_is_marked_in_the_notes():
    report, previous = _county()
    _, user = _prompt(report, "一", previous)
    lines = user.split("\n")
    marked = [line for line in lines if line.endswith(REPEAT_MARK)]
    assert any("制发行政规范性文件1件" in line for line in marked)
    assert any("废止行政规范性文件1件" in line for line in marked)
    assert not any("培训2次" in line or "386条" in line for line in marked)


@pytest.mark.skipif("measures" not in Notes.model_fields, reason="the notes have no measures aspect")
def test_the_clerks_measures_reach_the_problems_prompt():
    report, previous = _county()
    report.notes = report.notes.model_copy(update={"measures": "政策解读增加图解形式，每季度至少3篇。"})
    _, user = _prompt(report, "五", previous)
    assert "政策解读增加图解形式，每季度至少3篇" in user


# ---------------------------------------------------------------- style


@pytest.mark.parametrize(
    "agency,level,kind",
    [
        ("七户乡", "township", "township"),
        ("示例县市场监督管理局", "department", "department"),
        ("示例县档案馆", "other", "department"),
        ("示例县人民政府", "county_government", "government"),
    ],
)
def test_the_style_example_is_of_the_reports_kind_of_unit(agency, level, kind):
    report, previous = _county()
    report = _as(report, agency, level)
    assert style_kind(report) == kind
    for section in SECTIONS:
        _, user = _prompt(report, section, previous)
        assert f"## 文风示例（{STYLE_KIND_LABELS[kind]}，仅示范文风，不得引用其中的事实和数字）" in user
        assert style_example(kind, section) in user
        for other in STYLE_KINDS:
            if other != kind:
                assert style_example(other, section) not in user


def test_a_2019_format_report_gets_the_one_text_example_of_section_six():
    _, user = _prompt(_township(), "六")
    assert style_example("township", "六/2019") in user and "work_points：" not in user


def test_style_examples_name_no_real_fact_of_the_reports_and_no_regulations_for_a_township():
    for kind in STYLE_KINDS:
        for key in ("前言", "一", "五", "六", "六/2019"):
            text = style_example(kind, key)
            assert text and "示例县" not in text and "七户乡" not in text
            if kind != "government":
                assert "规章" not in text


def test_empty_phrases_are_listed_as_what_not_to_write():
    report, previous = _county()
    system, _ = _prompt(report, "五", previous)
    listed = re.search(r"不要写这些空话套话：(.+)", system).group(1)
    for phrase in EMPTY_PHRASES:
        assert phrase in listed or any(p in phrase for p in re.findall(r"“([^”]+)”", listed)), phrase


def test_the_output_rules_forbid_markup_and_headings_inside_fields():
    report, previous = _county()
    system, _ = _prompt(report, "一", previous)
    assert "不用 Markdown 符号" in system and "字段内不写小标题" in system
    assert "同一事实在经办人素材和派生表述中都有的" in system


# ---------------------------------------------------------------- copies of the instructions and examples


def _copied(report: Report, section: str, field: str, text: str) -> list:
    facts = build_facts(report)
    draft = draft_offline(report, facts, section).model_copy(update={field: text})
    trial = report.model_copy(deep=True)
    put_section(trial, section, to_section(draft))
    return [f for f in ground_section(trial, section, facts)[0] if f.rule == "TEXT" and "照抄" in f.message]


def _example_field(kind: str, section: str, field: str) -> str:
    lines = dict(line.split("：", 1) for line in style_example(kind, section).split("\n"))
    return lines[field]


def test_a_draft_copying_a_style_example_sentence_is_caught():
    report, _ = _county()
    problem = _example_field("government", "五", "problems").split("；")[0] + "。"
    assert _copied(report, "五", "problems", problem)
    # with another number it is still the example's sentence
    rectification = re.sub(r"\d+", "3", _example_field("department", "五", "rectification"))
    assert rectification != _example_field("department", "五", "rectification")
    assert _copied(report, "五", "rectification", rectification)
    assert not _copied(report, "五", "problems", "一是政策解读形式较单一，基本是文字解读。")


def test_a_draft_copying_the_mark_on_a_repeated_note_is_caught():
    report, _ = _county()
    assert _copied(report, "一", "proactive_disclosure", f"制发行政规范性文件1件{REPEAT_MARK}。")


def test_instruction_texts_hold_every_style_example_but_the_prefaces():
    report, _ = _county()
    texts = instruction_texts(report)
    for example in style_examples():
        assert example in texts
    for kind in STYLE_KINDS:
        assert style_example(kind, "前言") not in texts
    assert instruction_texts(_township())  # renders for the 2019 format too


def _sample_sentences() -> list[str]:
    files = [CITY, *sorted(EXAMPLES.glob("*.txt")), *sorted((ROOT / "tests" / "real_world").glob("*.txt"))]
    files += sorted((ROOT / "tests" / "real_world").glob("r*.md"))
    return [s for f in files for s in re.findall(r"[^。！？；\n]+", f.read_text(encoding="utf-8"))]


def _hits(sentences: list[str]) -> list[str]:
    """The sentences of published wording that share a run of the style examples' words (a copy to the check)."""
    report, _ = _county()
    shingles = instruction_shingles(style_examples(), material=drafting_material(report, build_facts(report)))
    n = 10
    return [s for s in sentences if any(normalised(s)[i : i + n] in shingles for i in range(len(normalised(s))))]


def test_published_wording_in_the_repository_does_not_copy_a_style_example():
    sentences = _sample_sentences()
    assert len(sentences) > 500
    assert _hits(sentences) == []


def test_published_wording_of_the_corpus_does_not_copy_a_style_example():
    folder = corpus_path("published")
    sentences = [
        s for f in sorted(folder.glob("*.txt")) for s in re.findall(r"[^。！？；\n]+", f.read_text(encoding="utf-8"))
    ]
    assert sentences and _hits(sentences) == []


# ---------------------------------------------------------------- size


@pytest.mark.parametrize("section", SECTIONS)
def test_every_prompt_stays_within_the_token_budget(section):
    report, previous = _county()
    for r, p in ((report, previous), (_township(), None), (_as(report, "示例县人民政府", "county_government"), None)):
        assert estimate_prompt_tokens(render_messages(r, build_facts(r, p), section)) < 3000
