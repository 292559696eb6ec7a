"""The offline drafter's 五 (one measure per problem, last year's problems followed up) and 六 (the items of the
report's format and year), as a 政务公开 reviewer reads them."""

from __future__ import annotations

import pytest

from app.drafting.engine import draft_report
from app.drafting.enumeration import split_items
from app.drafting.facts import build_facts
from app.drafting.notes import parse_notes
from app.drafting.offline import draft_offline
from app.drafting.sections import section_text
from app.importers import read_report
from app.rules import check
from app.rules.cross_year import copy_findings
from schemas.content import EMPTY_PHRASES
from schemas.drafting import OtherMatters2019Draft, OtherMattersDraft
from tests.conftest import EXAMPLES


def _report(name: str = "county-department-2025.json", notes: str = ""):
    report = read_report(EXAMPLES / name)
    report.notes = parse_notes(notes)
    return report


def _five(notes: str, previous=None):
    report = _report(notes=notes)
    return draft_offline(report, build_facts(report, previous), "五")


def _measures(text: str) -> list[str]:
    return split_items(text)


# ---------------------------------------------------------------- 五: one measure per problem, in order

PAIRED = [
    pytest.param(
        "## 存在的问题\n- 政策解读形式单一\n- 基层所信息报送不及时\n"
        "## 改进措施\n- 增加图解和短视频解读\n- 建立基层所信息报送台账",
        ["政策解读形式单一", "基层所信息报送不及时"],
        ["增加图解和短视频解读", "建立基层所信息报送台账"],
        id="bullets",
    ),
    pytest.param(
        "## 存在的问题\n一是政策解读形式单一；二是基层所信息报送不及时；三是答复文书格式不统一\n"
        "## 下一步工作打算\n下一步，本局将从以下方面改进：\n1. 增加图解和短视频解读\n2. 建立信息报送台账\n"
        "3. 制定答复文书范本",
        ["政策解读形式单一", "基层所信息报送不及时", "答复文书格式不统一"],
        ["增加图解和短视频解读", "建立信息报送台账", "制定答复文书范本"],
        id="ordinals-and-numbered-measures",
    ),
    pytest.param(
        "存在的问题：\n政策解读形式单一；基层所信息报送不及时\n改进措施：\n增加图解和短视频解读；建立信息报送台账",
        ["政策解读形式单一", "基层所信息报送不及时"],
        ["增加图解和短视频解读", "建立信息报送台账"],
        id="semicolons",
    ),
    pytest.param(
        "## 存在的问题\n问题：政策解读形式单一；措施：增加图解和短视频解读\n"
        "问题：基层所信息报送不及时 措施：建立信息报送台账，按月通报\n答复文书格式不统一——制定答复文书范本",
        ["政策解读形式单一", "基层所信息报送不及时", "答复文书格式不统一"],
        ["增加图解和短视频解读", "建立信息报送台账，按月通报", "制定答复文书范本"],
        id="measures-beside-problems",
    ),
    pytest.param(
        "## 存在的问题\n- 政策解读形式单一\n  措施：增加图解和短视频解读\n- 基层所信息报送不及时\n",
        ["政策解读形式单一", "基层所信息报送不及时"],
        ["增加图解和短视频解读", None],
        id="measure-on-the-next-line-and-one-missing",
    ),
    pytest.param(
        "## 存在的问题\n- 政策解读形式单一\n- 基层所信息报送不及时\n- 答复文书格式不统一\n## 改进措施\n- 增加图解和短视频解读",
        ["政策解读形式单一", "基层所信息报送不及时", "答复文书格式不统一"],
        ["增加图解和短视频解读", None, None],
        id="fewer-measures-than-problems",
    ),
]


@pytest.mark.parametrize(("notes", "problems", "measures"), PAIRED)
def test_each_problem_gets_its_own_measure_or_a_placeholder_naming_it(notes, problems, measures):
    draft = _five(notes)
    assert split_items(draft.problems) == problems
    written = _measures(draft.measures)
    assert len(written) == len(problems)
    for problem, measure, text in zip(problems, measures, written, strict=True):
        if measure is None:
            assert text == f"【待补充：针对“{problem}”的改进措施】"
        else:
            assert text == measure
    assert draft.measures.startswith("下一步，本局将")


def test_a_measure_tagged_with_its_problems_topic_is_written_without_the_tag():
    draft = _five(
        "## 存在的问题\n- 政策解读形式较单一\n- 基层信息报送不够及时\n"
        "## 改进措施\n- 政策解读：重要政策文件同步制作图解或短视频解读\n- 信息报送：各基层所确定1名信息员，每月通报"
    )
    assert _measures(draft.measures.split("：", 1)[1]) == [
        "重要政策文件同步制作图解或短视频解读",
        "各基层所确定1名信息员，每月通报",
    ]
    assert "政策解读：" not in draft.measures and "信息报送：" not in draft.measures


def test_dashes_around_an_aside_do_not_part_a_problem_from_a_measure():
    draft = _five("## 存在的问题\n- 政策解读——特别是图解解读——不足\n")
    assert draft.problems == "政策解读——特别是图解解读——不足。"
    assert draft.measures.startswith("下一步，本局将【待补充：针对“政策解读——特别是图解解读——不足”的改进措施】")


def test_more_measures_than_problems_keeps_every_measure_without_pairing_the_extra_one():
    draft = _five("## 存在的问题\n- 政策解读形式单一\n## 改进措施\n- 增加图解解读\n- 加强业务培训\n")
    assert draft.problems == "政策解读形式单一。"
    assert draft.measures == "下一步，本局将增加图解解读。此外，本局还将加强业务培训。"
    assert "【" not in draft.measures


def test_without_problem_notes_there_is_one_placeholder_for_problems_and_one_for_measures():
    report = _report("qihuxiang-2020.json")
    draft = draft_offline(report, build_facts(report), "五")
    assert draft.problems == "【待补充：本年度存在的主要问题】"
    assert draft.measures == "【待补充：针对本年度存在问题的改进措施】"
    assert draft.rectification == "【待补充：上年度报告所列问题的整改情况】"


def test_what_the_tables_show_is_a_hint_inside_the_placeholder_never_a_claim():
    report = _report()  # 表四: one 行政复议 corrected; 表三: 2 carried forward, some 不予公开
    outcome = draft_report(report, sections=("五",), overwrite=True)
    five = section_text(outcome.report, "五")
    problems = outcome.report.problems.subsections[1].text
    assert problems.startswith("【待补充：本年度存在的主要问题（可结合") and problems.endswith("】")
    assert "被行政复议纠正" in problems and "结转下年度继续办理" in problems
    assert five.count("【待补充") == 3
    assert [f.rule for f in outcome.findings if f.rule != "PLACEHOLDER"] == []


def test_the_lead_in_names_the_agency_by_its_level():
    township = _report("township-2025.json", "## 存在的问题\n- 村务公开栏更新慢\n## 改进措施\n- 包村干部每月核对公开栏")
    assert draft_offline(township, build_facts(township), "五").measures == "下一步，本镇将包村干部每月核对公开栏。"
    county = _report("county-government-2025.json", "## 存在的问题\n- 乡镇专栏更新慢\n## 改进措施\n- 实行月度巡查")
    assert draft_offline(county, build_facts(county), "五").measures == "下一步，本县将实行月度巡查。"


# ---------------------------------------------------------------- 五: 上年度问题整改情况


def test_rectification_notes_become_sentences_and_last_years_other_problems_are_not_dropped():
    previous = read_report(EXAMPLES / "county-department-2024.json")
    draft = _five("## 上年问题整改\n- 问题：主动公开栏目更新不及时；整改：建立每周检查机制，全年按期更新\n", previous)
    assert draft.rectification == (
        "针对上年度报告提出的“主动公开栏目更新不及时”问题，本局建立每周检查机制，全年按期更新。"
        "针对上年度报告提出的“业务人员力量薄弱”问题，按照上年度确定的“充实政务公开工作力量”措施，"
        "【待补充：整改措施和结果】。"
    )


def test_example_rectification_notes_cover_both_of_last_years_problems():
    report = _report(notes=(EXAMPLES / "notes-county-department-2025.md").read_text(encoding="utf-8"))
    previous = read_report(EXAMPLES / "county-department-2024.json")
    draft = draft_offline(report, build_facts(report, previous), "五")
    assert draft.rectification == (
        "针对上年度报告提出的“主动公开栏目更新不及时”问题，本局建立栏目每周更新检查机制，全年各栏目按期更新。"
        "针对上年度报告提出的“业务人员力量薄弱”问题，本局明确2名专职人员负责政务公开。"
    )


def test_without_notes_each_of_last_years_problems_is_followed_up_with_its_promised_measure():
    previous = read_report(EXAMPLES / "township-2024.json")
    report = _report("township-2025.json")
    draft = draft_offline(report, build_facts(report, previous), "五")
    sentences = [s for s in draft.rectification.split("。") if s]
    assert len(sentences) == 2
    assert sentences[0].startswith("针对上年度报告提出的“专栏‘民生保障’栏目以名单公示为主”问题")
    assert "按照上年度确定的“充实‘民生保障’栏目”措施" in sentences[0]
    assert all(s.endswith("【待补充：整改措施和结果】") for s in sentences)


def test_an_unfilled_prefilled_rectification_line_is_a_placeholder_not_text():
    draft = _five("## 上年问题整改\n- 上年报告提出“主动公开栏目更新不及时”：【整改情况待填写】")
    assert draft.rectification == "针对上年度报告提出的“主动公开栏目更新不及时”问题，【待补充：整改措施和结果】。"


# ---------------------------------------------------------------- 六 by format and year


def test_the_2019_format_seed_has_no_2021_items_in_six():
    report = read_report(EXAMPLES / "qihuxiang-2020.json")
    draft = draft_offline(report, build_facts(report), "六")
    assert isinstance(draft, OtherMatters2019Draft) and draft.text == "无。"
    outcome = draft_report(report, overwrite=True)
    six = section_text(outcome.report, "六")
    assert six == "无。"
    assert not any(w in six for w in ("信息处理费", "工作要点", "提案", "创新"))
    assert [f for f in check(outcome.report) if f.rule == "ITEM" and f.section in ("五", "六")] == []


def test_the_2019_format_writes_what_the_notes_say():
    report = _report("qihuxiang-2020.json", "## 其他\n- 备案：年内乡政府网站迁入县政府集约化平台\n")
    draft = draft_offline(report, build_facts(report), "六")
    assert draft.text == "年内乡政府网站迁入县政府集约化平台。"


def test_a_2021_report_has_every_item_or_a_placeholder_and_innovation_is_never_left_out():
    report = _report()
    draft = draft_offline(report, build_facts(report), "六")
    assert isinstance(draft, OtherMattersDraft)
    assert draft.processing_fee == "本年度发出信息处理费收费通知0件，通知总金额0元，实际收取信息处理费0元。"
    assert draft.work_points == "【待补充：落实上级年度政务公开工作要点情况】"
    assert draft.proposals == "【待补充：人大代表建议和政协委员提案办理结果公开情况】"
    assert draft.innovation == "【待补充：年度工作创新情况（没有请写“无”）】"


@pytest.mark.parametrize("said", ["创新：无", "年度工作创新情况：无。", "本年度没有创新做法", "无其他需要报告的事项"])
def test_innovation_said_to_be_none_is_written_as_none(said):
    report = _report(notes=f"## 其他\n- {said}")
    assert draft_offline(report, build_facts(report), "六").innovation == "本年度无需要单独报告的工作创新情况。"


def test_six_notes_are_sorted_to_their_items_as_sentences_each_fact_once():
    notes = (
        "## 其他\n- 信息处理费：本年度未收取信息处理费，也未发出收费通知\n"
        "- 工作要点：落实县政府年度政务公开工作要点，完成食品抽检信息公开任务\n"
        "- 建议提案：承办县人大代表建议5件、县政协委员提案3件，答复结果均已公开\n"
        "- 创新：在公文起草环节认定公开属性\n"
    )
    report = _report(notes=notes)
    draft = draft_offline(report, build_facts(report), "六")
    assert draft.processing_fee.count("信息处理费") == 2 and "也未发出收费通知" not in draft.processing_fee
    assert draft.work_points == "落实县政府年度政务公开工作要点，完成食品抽检信息公开任务。"
    assert draft.proposals == "承办县人大代表建议5件、县政协委员提案3件，答复结果均已公开。"
    assert draft.innovation == "在公文起草环节认定公开属性。"
    assert not any("：" in getattr(draft, k)[:8] for k in ("work_points", "proposals", "innovation"))


def test_a_fee_of_another_kind_is_not_taken_for_the_processing_fee_and_kept():
    report = _report(notes="## 其他\n- 行政事业性收费目录已在专栏公开\n")
    draft = draft_offline(report, build_facts(report), "六")
    assert "行政事业性收费" not in draft.processing_fee
    assert draft.innovation == "行政事业性收费目录已在专栏公开。"


def test_six_processing_fee_comes_from_the_notes_when_the_basics_do_not_say():
    report = _report(notes="## 其他\n- 本年度未收取信息处理费\n")
    report.meta.processing_fee.notices_sent = None
    report.meta.processing_fee.collected_amount = None
    draft = draft_offline(report, build_facts(report), "六")
    assert draft.processing_fee == "本年度未收取信息处理费。"
    report.notes = parse_notes("")
    draft = draft_offline(report, build_facts(report), "六")
    assert draft.processing_fee.startswith("【待补充：信息处理费收取情况")


# ---------------------------------------------------------------- the drafts a reviewer reads

EXAMPLE_DRAFTS = [
    ("county-department-2025.json", "notes-county-department-2025.md", "county-department-2024.json"),
    ("township-2025.json", "notes-township-2025.md", "township-2024.json"),
    ("county-government-2025.json", "notes-county-government-2025.md", "county-government-2024.json"),
    ("qihuxiang-2020.json", None, None),
    ("county-department-2025.json", None, "county-department-2024.json"),
]


@pytest.mark.parametrize(("name", "notes", "previous"), EXAMPLE_DRAFTS)
def test_five_and_six_have_no_stock_phrase_no_unsupported_claim_and_no_item_gap(name, notes, previous):
    report = read_report(EXAMPLES / name)
    if notes:
        report.notes = parse_notes((EXAMPLES / notes).read_text(encoding="utf-8"))
    last = read_report(EXAMPLES / previous) if previous else None
    outcome = draft_report(report, previous=last, sections=("五", "六"), overwrite=True)
    for section in ("五", "六"):
        text = section_text(outcome.report, section)
        assert [p for p in EMPTY_PHRASES if p in text] == []
    assert [f for f in outcome.findings if f.rule in ("R-H", "YEAR", "TEXT", "ITEM", "COPY")] == []
    assert [f for f in check(outcome.report) if f.rule == "ITEM" and f.section in ("五", "六")] == []


def test_two_consecutive_years_of_one_unit_are_not_copies():
    notes_2024 = (
        "## 存在的问题\n- 主动公开栏目更新不及时，个别栏目信息更新滞后\n- 业务人员力量薄弱，由办公室人员兼职承担\n"
        "## 改进措施\n- 建立栏目更新检查机制，督促责任科室限期补充\n- 明确专职人员负责，加强业务培训\n"
        "## 上年问题整改\n- 上年报告提出的“依申请公开办理流程不够规范”：制定依申请公开工作规程\n"
        "## 其他\n- 落实县政府年度政务公开工作要点，完成市场监管领域信息公开任务\n"
        "- 承办的县人大代表建议和县政协委员提案，答复结果均已公开\n"
        "- 公开轻微违法行为不予行政处罚清单\n"
    )
    first = read_report(EXAMPLES / "county-department-2024.json")
    first.notes = parse_notes(notes_2024)
    drafted_2024 = draft_report(first, sections=("五", "六"), overwrite=True).report
    second = _report(notes=(EXAMPLES / "notes-county-department-2025.md").read_text(encoding="utf-8"))
    outcome = draft_report(second, previous=drafted_2024, sections=("五", "六"), overwrite=True)
    assert [f for f in copy_findings(outcome.report, drafted_2024) if f.section in ("五", "六")] == []
    five_2025 = section_text(outcome.report, "五")
    assert "针对上年度报告提出的“主动公开栏目更新不及时”问题" in five_2025  # last year's draft is followed up


# ---------------------------------------------------------------- notes routing


def test_measure_notes_have_their_own_aspect_beside_rectification_and_problems():
    notes = parse_notes(
        "## 上年问题整改\n- 建立每周检查机制\n## 存在的问题\n- 解读形式单一\n## 下一步工作打算\n- 增加图解解读\n"
        "## 改进措施\n- 建立报送台账\n## 监督保障\n- 政务公开纳入考核\n- 举办培训2次\n"
    )
    assert notes.rectification == "- 建立每周检查机制"
    assert notes.problems == "- 解读形式单一"
    assert notes.measures == "- 增加图解解读\n- 建立报送台账"
    assert notes.oversight == "- 政务公开纳入考核\n- 举办培训2次"  # items with an aspect's word stay items


def test_a_short_plain_line_naming_the_aspect_it_stands_under_is_a_fact():
    notes = parse_notes("## 上年问题整改\n已全部整改到位\n存在的问题\n解读形式单一")
    assert notes.rectification == "已全部整改到位"
    assert notes.problems == "解读形式单一"


def test_a_numbered_list_stays_under_its_heading():
    notes = parse_notes("## 改进措施\n1. 丰富解读形式，增加图解\n2. 建立信息报送台账\n3. 主动公开\n- 新增栏目1个")
    assert notes.measures == "1. 丰富解读形式，增加图解\n2. 建立信息报送台账"
    assert notes.proactive_disclosure == "- 新增栏目1个"  # 「3. 主动公开」 names an aspect: a heading
