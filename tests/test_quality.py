"""QUALITY: a drafted section states each fact once, answers each problem of 五 with a measure, says nothing stock
and is about as long as reports of its tier — warnings on the tool's drafts only, never on a published report.
COPY between units: ``similar_unit_findings``."""

from __future__ import annotations

import pytest

from app.checking import all_findings, check_path
from app.drafting.engine import draft_report
from app.drafting.facts import build_facts
from app.drafting.gate import blocking, report_findings
from app.drafting.grounding import ground_section
from app.drafting.quality import (
    length_findings,
    measure_findings,
    quality_findings,
    repetition_findings,
    similar_unit_findings,
    stock_phrase_findings,
)
from app.importers import read_report
from app.rules import check
from schemas.content import EMPTY_PHRASES, LENGTH_RANGES
from schemas.drafting import SectionDrafting
from schemas.report import Narrative, Report, Subsection
from schemas.rule_catalogue import Rule
from tests.conftest import CITY, EXAMPLES, SEED

OVERVIEW_LEAD = "2025年，本局围绕食品安全、市场秩序两个重点领域公开政府信息。"


def _county() -> Report:
    return read_report(EXAMPLES / "county-department-2025.json")


def _drafted(report: Report, *sections: str) -> Report:
    """``report`` marked as drafted by the tool in ``sections``."""
    out = report.model_copy(deep=True)
    for s in sections:
        out.drafting[s] = SectionDrafting(mode="template")
    return out


def _overview(*texts: str, lead: str = OVERVIEW_LEAD) -> Narrative:
    heads = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
    return Narrative(lead=lead, subsections=[Subsection(heading=h, text=t) for h, t in zip(heads, texts, strict=False)])


def _problems(problems: str, measures: str, rectification: str = "上年提出的栏目更新不及时问题，已建立每周检查机制。"):
    return Narrative(
        subsections=[
            Subsection(heading="（一）上年度问题整改情况", text=rectification),
            Subsection(heading="（二）存在的主要问题", text=problems),
            Subsection(heading="（三）改进措施", text=measures),
        ]
    )


def _messages(findings) -> list[str]:
    return [f.message for f in findings]


# ---------------------------------------------------------------- 1. the same sentence or fact twice


def test_a_sentence_written_twice_in_a_section_is_flagged_where_it_comes_again():
    report = _county()
    report.overview = _overview(
        "全年主动公开行政许可结果152条。信息发布前经科室负责人、分管领导两级审核。",
        "申请内容不明确的，先电话联系申请人，再指导其补正。",
        "信息发布前经科室负责人、分管领导两级审核。",  # again, word for word
    )
    found = repetition_findings(report, "一")
    assert [(f.rule, f.severity, f.section, f.paragraph) for f in found] == [(Rule.QUALITY, "warning", "一", 7)]
    assert "第 3 段" in found[0].message and found[0].actual == "信息发布前经科室负责人、分管领导两级审核"


@pytest.mark.parametrize(
    "again",
    [
        "信息发布前，经科室负责人、分管领导两级审核！",  # punctuation aside
        "信息发布前 经科室负责人 分管领导两级审核",  # spaces aside
        "二是信息发布前经科室负责人、分管领导两级审核。",  # an item mark aside
        "信息发布前均经科室负责人、分管领导两级审核。",  # one character added: nearly the same
    ],
)
def test_a_sentence_repeated_in_other_punctuation_or_nearly_the_same_is_flagged(again):
    report = _county()
    report.overview = _overview("信息发布前经科室负责人、分管领导两级审核。", "", again)
    assert [f.paragraph for f in repetition_findings(report, "一")] == [6]  # lead, heading, text, 2 headings


def test_different_sentences_and_short_formulas_are_not_repeats():
    report = _county()
    report.overview = _overview(
        "信息发布前经科室负责人、分管领导两级审核。无。",
        "申请内容不明确的，先电话联系申请人，再指导其补正。无。",
        "发文稿纸新增公开属性一栏，公文起草时即确定公开属性。",
    )
    assert repetition_findings(report, "一") == []


def test_a_sentence_repeated_in_another_drafted_section_is_reported_once_in_the_later_section():
    sentence = "信息发布前经科室负责人、分管领导两级审核。"
    report = _county()
    report.overview = _overview(sentence)
    report.problems = _problems(
        "一是基层所信息报送不够及时；二是" + sentence, "一是建立报送通报制度；二是统一答复文书格式。"
    )
    drafted = _drafted(report, "一", "五")
    assert repetition_findings(drafted, "一") == []
    found = repetition_findings(drafted, "五")
    assert len(found) == 1 and found[0].section == "五" and "「一、总体情况」第 3 段" in found[0].message
    # a section the tool did not draft (the clerk's own text) is not compared with
    assert repetition_findings(_drafted(report, "五"), "五") == []


def test_a_long_clause_said_again_inside_another_sentence_is_flagged():
    report = _county()
    report.overview = _overview(
        "严格保密审查，信息发布前经科室负责人、分管领导两级审核，未经审核不得发布。",
        "",
        "全年信息发布前经科室负责人、分管领导两级审核，共审核信息386条。",
    )
    (f,) = repetition_findings(report, "一")
    assert (f.paragraph, f.actual) == (6, "全年信息发布前经科室负责人、分管领导两级审核")
    assert "第 3 段" in f.message
    # a short clause in common (「未经审核」, 「全年」) is no repeat
    report.overview = _overview("全年开展培训2次，未经审核不得发布。", "", "全年开展检查4次，未经审核不得发布信息。")
    assert repetition_findings(report, "一") == []


def test_the_same_fact_stated_twice_in_a_section_is_flagged():
    report = _county()
    report.overview = _overview(
        "制发行政规范性文件1件，配发图文解读1篇。本年度废止行政规范性文件1件。",
        "本年度共收到政府信息公开申请59件。",
        "开展现行有效规范性文件清理1次，废止行政规范性文件1件。",
    )
    found = repetition_findings(report, "一")
    assert [(f.paragraph, f.actual) for f in found] == [(7, "废止行政规范性文件1件")]
    assert "第 3 段已写" in found[0].message


def test_different_numbers_of_one_subject_and_facts_in_two_sections_are_not_repeats():
    report = _county()
    report.overview = _overview(
        "本年度制发行政规范性文件1件。", "本年度共收到政府信息公开申请59件。", "废止行政规范性文件2件。"
    )
    report.other_matters = Narrative(
        subsections=[Subsection(heading="（四）年度工作创新情况", text="年内制发行政规范性文件1件并同步解读。")]
    )
    assert repetition_findings(_drafted(report, "一", "六"), "一") == []
    assert repetition_findings(_drafted(report, "一", "六"), "六") == []


def test_review_and_litigation_results_of_the_same_number_are_different_facts():
    report = _county()
    report.overview = _overview(
        "",
        "被申请行政复议4件，其中结果维持2件、尚未审结1件。被提起行政诉讼2件，其中结果维持1件、尚未审结1件。",
    )
    assert repetition_findings(report, "一") == []


# ---------------------------------------------------------------- 2. a problem of 五 without a measure


def test_fewer_measures_than_problems_names_the_problems_left_without_one():
    report = _county()
    report.problems = _problems(
        "一是政策解读形式较单一；二是基层所信息报送不够及时；三是依申请公开答复文书格式还不统一。",
        "一是丰富政策解读形式，增加图解和视频解读；二是统一依申请公开答复文书格式。",
    )
    found = measure_findings(report, "五")
    assert len(found) == 1 and found[0].rule == Rule.QUALITY and found[0].severity == "warning"
    f = found[0]
    assert (f.expected, f.actual, f.paragraph) == (3, 2, 6)  # the measures' paragraph
    assert "基层所信息报送不够及时" in f.message
    assert "政策解读形式较单一" not in f.message and "答复文书格式还不统一" not in f.message


def test_one_stock_measure_for_several_problems_leaves_every_problem_without_a_measure():
    report = _county()
    report.problems = _problems(
        "政策解读形式较单一。基层所信息报送不够及时。依申请公开答复文书格式还不统一。",
        "下一步，本局将针对上述问题，加强业务学习和培训，持续提升工作质量。",
    )
    (f,) = measure_findings(report, "五")
    assert "3个问题" in f.message and "只有1条" in f.message
    for problem in ("政策解读形式较单一", "基层所信息报送不够及时", "依申请公开答复文书格式还不统一"):
        assert problem in f.message


@pytest.mark.parametrize(
    "problems,measures",
    [
        ("一是政策解读形式较单一；二是信息报送不够及时。", "一是增加图解解读；二是建立信息报送通报制度。"),
        ("一是政策解读形式较单一；二是信息报送不够及时。", "一是增加图解解读；二是【待补充：报送方面的措施】。"),
        ("政策解读形式较单一。", "增加图解和视频解读，全年不少于6篇。"),
        ("本年度未发现突出问题。", "继续按季度检查栏目更新情况。"),
        ("【待补充：存在的主要问题】", "【待补充：改进措施】"),
    ],
)
def test_as_many_measures_as_problems_or_placeholders_pass(problems, measures):
    report = _county()
    report.problems = _problems(problems, measures)
    assert measure_findings(report, "五") == []


def test_a_problems_section_without_the_two_parts_is_not_judged():
    report = _county()
    report.problems = Narrative(lead="一是政策解读形式较单一；二是信息报送不够及时。下一步将加强培训。")
    assert measure_findings(report, "五") == []
    assert measure_findings(report, "一") == []


# ---------------------------------------------------------------- 3. stock phrases


def test_every_stock_phrase_is_one_finding_with_the_phrase():
    report = _county()
    report.overview = _overview(
        "全年主动公开信息386条，取得显著成效。",
        "",
        "",
        "",
        "明确专人负责政府信息公开工作。开展培训2次，取得显著成效。",
        lead="2025年，本局认真贯彻落实《条例》，依法依规做好政府信息公开工作。",
    )
    found = stock_phrase_findings(report, "一")
    assert [(f.paragraph, f.actual) for f in found] == [
        (1, "认真贯彻落实《条例》"),
        (1, "依法依规做好政府信息公开工作"),
        (3, "取得显著成效"),
        (8, "明确专人负责政府信息公开工作"),
        (8, "取得显著成效"),
    ]
    assert all(f.rule == Rule.QUALITY and f.severity == "warning" for f in found)
    assert "空话套话" in found[0].message


def test_a_stock_phrase_inside_a_longer_one_is_reported_once_as_the_longer():
    report = _county()
    report.problems = _problems("政府信息公开工作的规范化、精细化水平还需进一步提高。", "按季度检查栏目更新情况。")
    assert [f.actual for f in stock_phrase_findings(report, "五")] == ["规范化、精细化水平还需进一步提高"]


def test_factual_sentences_hold_no_stock_phrase():
    report = _county()
    texts = [
        p
        for sec in ("一", "五", "六")
        for p in getattr(report, {"一": "overview", "五": "problems", "六": "other_matters"}[sec]).paragraphs()
    ]
    factual = [t for t in texts if not any(phrase in t for phrase in EMPTY_PHRASES)]
    assert factual  # the example report states facts
    report.overview = Narrative(lead="\n".join(factual))
    assert stock_phrase_findings(report, "一") == []


# ---------------------------------------------------------------- 5. length for the tier


def _township() -> Report:
    report = read_report(EXAMPLES / "qihuxiang-2020.json")
    assert report.meta.level == "township" or "乡" in report.meta.agency
    return report


def test_a_section_far_shorter_or_longer_than_its_tier_is_flagged():
    report = _township()
    low, high = LENGTH_RANGES["township"]["一"]
    report.overview = Narrative(lead="本乡通过政务公开栏发布信息。")
    (short,) = length_findings(report, "一")
    assert short.rule == Rule.QUALITY and "偏短" in short.message and short.expected == f"{low}—{high}"
    report.overview = Narrative(
        lead="本乡通过政务公开栏和政府网站发布信息，内容涉及惠农补贴和土地承包。" * (2 * high // 30)
    )
    (long,) = length_findings(report, "一")
    assert "偏长" in long.message and long.actual > high


def test_a_section_of_usual_length_passes_and_the_tier_decides_what_is_usual():
    text = "本单位通过政府网站公开信息，全年发布惠民政策解读和办事指南。" * 10  # about 300 characters
    township, city = _township(), read_report(CITY)
    township.overview = Narrative(lead=text)
    city.overview = Narrative(lead=text)
    assert length_findings(township, "一") == []
    assert [f.section for f in length_findings(city, "一")] == ["一"]  # short for a city


def test_a_placeholder_only_or_unfinished_section_is_not_called_short():
    report = _township()
    report.overview = _overview("【待补充：主动公开情况】", "【待补充：依申请公开情况】", lead="")
    assert length_findings(report, "一") == []
    report.overview = _overview("本乡公开惠农补贴信息。【待补充：其他主动公开情况】", lead="")
    assert length_findings(report, "一") == []


def test_other_matters_of_the_2019_format_may_say_nothing():
    report = _township()
    assert report.meta.format_version == "2019"
    report.other_matters = Narrative(lead="无。")
    assert length_findings(report, "六") == []


# ---------------------------------------------------------------- where the check runs


def _with_stock_and_repeats(report: Report) -> Report:
    """The example's overview with two stock phrases in its lead and a sentence of (三) said again in (五)."""
    out = report.model_copy(deep=True)
    out.overview.lead = "2025年，本局认真贯彻落实《条例》，依法依规做好政府信息公开工作。" + out.overview.lead
    again = "信息发布前须经科室负责人、分管领导两级审核，未经审核不得发布。"
    assert again in out.overview.subsections[2].text
    out.overview.subsections[4].text += again
    return out


QUALITY_ACTUALS = {
    "依法依规做好政府信息公开工作",
    "认真贯彻落实《条例》",
    "信息发布前须经科室负责人、分管领导两级审核，未经审核不得发布",
}


def test_the_check_runs_on_drafted_sections_through_grounding():
    report = _drafted(_with_stock_and_repeats(_county()), "一")
    grounded = [f for f in ground_section(report, "一", build_facts(report))[0] if f.rule == Rule.QUALITY]
    assert {f.actual for f in grounded} >= QUALITY_ACTUALS
    assert all(f.severity == "warning" and f.section == "一" for f in grounded)
    seen = [f for f in report_findings(report) if f.rule == Rule.QUALITY]
    assert _messages(seen) == _messages(grounded)
    assert blocking(report, seen) == []  # warnings never block export


def test_a_published_report_gets_no_quality_finding():
    report = _with_stock_and_repeats(_county())
    assert not report.drafting
    assert [f for f in report_findings(report) if f.rule == Rule.QUALITY] == []
    assert [f for f in check(report) + all_findings(report) if f.rule == Rule.QUALITY] == []
    for path in (CITY, SEED, *EXAMPLES.glob("*.json")):
        if read_report(path).drafting:
            continue  # a drafted example is checked as a draft
        result = check_path(path)
        assert [f for f in result.findings if f.rule == Rule.QUALITY] == [], path.name


def test_an_offline_draft_is_checked_and_its_warnings_are_kept_with_it():
    outcome = draft_report(_township(), overwrite=True)
    report = outcome.report
    assert set(report.drafting) >= {"前言", "一", "五", "六"}
    recorded = [f for s in report.drafting.values() for f in s.findings if f.rule == Rule.QUALITY]
    now = [f for f in report_findings(report) if f.rule == Rule.QUALITY]
    assert _messages(recorded) == _messages(now)
    for section in report.drafting:
        assert _messages(quality_findings(report, section)) == [f.message for f in now if f.section == section]


# ---------------------------------------------------------------- 4. alike another unit's report


def _unit(agency: str, overview: Narrative) -> Report:
    """Another unit's report sharing nothing with the example but (perhaps) its overview."""
    report = _county()
    report.meta.agency = agency
    report.overview = overview
    report.problems = _problems(f"{agency}的政策解读形式较单一，多为文字解读。", f"{agency}将增加图解和视频解读。")
    report.other_matters = Narrative(lead=f"{agency}本年度无其他需要报告的事项。")
    return report


def test_a_section_alike_another_units_is_copy_naming_that_unit():
    mine = _county()
    copied = _unit("示例县林业局", mine.overview.model_copy(deep=True))
    edited = mine.overview.model_copy(deep=True)
    edited.lead = edited.lead.replace("示例县市场监督管理局", "示例县交通运输局")
    renamed = _unit("示例县交通运输局", edited)
    own = _unit(
        "示例县教育局", _overview("全县中小学招生信息全部在门户网站公开，全年发布招生政策解读12篇，开展家长开放日4次。")
    )
    found = similar_unit_findings(mine, [own, copied, renamed])
    assert [(f.rule, f.section) for f in found] == [(Rule.COPY, "一")]
    assert "示例县林业局" in found[0].message and "示例县交通运输局" in found[0].message
    assert "示例县教育局" not in found[0].message


def test_the_same_units_other_report_is_not_another_unit():
    mine = _county()
    last_year = read_report(EXAMPLES / "county-department-2024.json")
    same_name = _unit(mine.meta.agency, mine.overview.model_copy(deep=True))
    assert similar_unit_findings(mine, [same_name, last_year]) == []
    assert similar_unit_findings(mine, []) == []


def test_copying_last_years_report_is_left_to_copy_in_grounding():
    report = _drafted(_county(), "一")
    last_year = report.model_copy(deep=True)
    last_year.meta.year = report.meta.year - 1
    found = ground_section(report, "一", build_facts(report, last_year), previous=last_year)[0]
    assert [f.section for f in found if f.rule == Rule.COPY] == ["一"]
    assert not [f for f in found if f.rule == Rule.QUALITY and "上年" in f.message]


def test_placeholders_and_official_headings_do_not_make_two_units_alike():
    """Two units' 六 holding nothing but the official items, the same zero 信息处理费 sentence and 【待补充】 markers
    are not 雷同: neither wrote anything yet."""

    def six(agency: str) -> Report:
        report = Report()
        report.meta.agency, report.meta.year = agency, 2025
        report.other_matters = Narrative(
            subsections=[
                Subsection(
                    heading="（一）信息处理费收取情况",
                    text="本年度发出信息处理费收费通知0件，通知总金额0元，实际收取信息处理费0元。",
                ),
                Subsection(
                    heading="（二）落实上级年度政务公开工作要点情况",
                    text="【待补充：落实上级年度政务公开工作要点情况】",
                ),
                Subsection(
                    heading="（三）人大代表建议和政协委员提案办理结果公开情况",
                    text="【待补充：人大代表建议和政协委员提案办理结果公开情况】",
                ),
            ]
        )
        return report

    assert similar_unit_findings(six("示例县和平镇人民政府"), [six("示例县市场监督管理局")]) == []
    written = six("示例县市场监督管理局")
    written.other_matters.subsections[
        1
    ].text = "落实县政府年度政务公开工作要点，完成基层政务公开标准目录年度调整和涉农补贴信息公开任务。"
    copied = six("示例县和平镇人民政府")
    copied.other_matters.subsections[1].text = written.other_matters.subsections[1].text
    assert [f.section for f in similar_unit_findings(copied, [written])] == ["六"]
