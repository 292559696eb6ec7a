"""What the notes page asks per aspect (by level and format), and which field fills each 【待补充】 marker."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.drafting import note_guide as guide_module
from app.drafting.engine import draft_report
from app.drafting.facts import previous_measures, previous_problems
from app.drafting.note_guide import OTHER_MATTERS_2019, Target, audience, note_guide, placeholder_target
from app.importers import read_report
from app.rules.placeholders import placeholder_findings
from app.workspace.placeholders import CLOSING, remaining_placeholders
from schemas.drafting import NOTE_TITLES
from schemas.report import Narrative, Report, Subsection
from tests.conftest import EXAMPLES, ROOT

SEED_JSON = EXAMPLES / "qihuxiang-2020.json"
COUNTY = EXAMPLES / "county-department-2025.json"
COUNTY_PREVIOUS = EXAMPLES / "county-department-2024.json"


def _report(path=COUNTY, **meta) -> Report:
    report = read_report(path)
    for name, value in meta.items():
        setattr(report.meta, name, value)
    return report


def _all(guide) -> str:
    return "\n".join(g.text() for g in guide.values())


# ---------------------------------------------------------------- the questions


def test_every_aspect_of_the_notes_has_questions():
    guide = note_guide(_report())
    assert list(guide) == list(NOTE_TITLES)
    assert all(g.questions for g in guide.values()), [k for k, g in guide.items() if not g.questions]


def test_a_township_in_the_2019_format_is_asked_for_no_2021_item_and_for_its_assessment_results():
    guide = note_guide(read_report(SEED_JSON))
    assert audience(read_report(SEED_JSON)) == "乡镇（街道）"
    assert guide["other_matters"].questions == (OTHER_MATTERS_2019,)
    text = _all(guide)
    for word in ("信息处理费", "工作要点", "提案", "规章", "新闻发布会", "双公示"):
        assert word not in text, word
    assert all(w in guide["oversight"].text() for w in ("考核", "社会评议", "责任追究"))
    assert "公开栏" in guide["proactive_disclosure"].text()


def test_a_department_in_the_2021_format_is_asked_for_the_four_items_of_six_but_not_for_assessment_results():
    report = _report()
    assert audience(report) == "县级政府部门"
    guide = note_guide(report)
    other = guide["other_matters"].text()
    for word in ("信息处理费", "工作要点", "提案", "创新"):
        assert word in other, word
    assert "没有请写“无”" in other and OTHER_MATTERS_2019 not in other
    assert "社会评议" not in guide["oversight"].text() and "责任追究" not in guide["oversight"].text()
    assert "双公示" in guide["proactive_disclosure"].text() and "公开栏" not in _all(guide)


def test_the_processing_fee_is_asked_for_only_from_the_year_its_rules_apply():
    before = note_guide(_report(year=2020))["other_matters"].text()
    assert "信息处理费" not in before and "工作要点" in before
    assert "信息处理费" in note_guide(_report(year=2021))["other_matters"].text()


def test_governments_by_tier_city_makes_regulations_and_a_county_keeps_a_grassroots_catalogue():
    city = note_guide(_report(agency="示例市人民政府", level="county_government"))
    county = note_guide(_report(agency="示例县人民政府", level="county_government"))
    assert audience(_report(agency="示例市人民政府", level="county_government")) == "市级人民政府"
    assert "规章" in city["proactive_disclosure"].text() and "规章" not in county["proactive_disclosure"].text()
    assert "政府公报" in city["platform_building"].text() and "政府公报" not in county["platform_building"].text()
    assert "标准目录" in county["information_management"].text()
    assert "标准目录" not in city["information_management"].text()
    for guide in (city, county):
        assert "重点领域" in guide["proactive_disclosure"].text()
        assert all(w in guide["oversight"].text() for w in ("考核", "社会评议", "责任追究"))


def test_last_years_problems_and_measures_are_shown_under_rectification_when_last_years_report_is_known():
    previous = read_report(COUNTY_PREVIOUS)
    rectification = note_guide(_report(), previous)["rectification"]
    assert rectification.last_year_problems == tuple(previous_problems(previous)) != ()
    assert rectification.last_year_measures == tuple(previous_measures(previous)) != ()
    assert note_guide(_report())["rectification"].last_year_problems == ()


@pytest.fixture(params=[False, True], ids=["without-measures-aspect", "with-measures-aspect"])
def titles(request, monkeypatch):
    """The notes' aspects with and without an aspect of their own for 改进措施."""
    titles = {k: v for k, v in NOTE_TITLES.items() if k != "measures"}
    if request.param:
        titles["measures"] = "改进措施"
    monkeypatch.setattr(guide_module, "NOTE_TITLES", titles)
    return titles


def test_measures_are_asked_for_under_their_own_aspect_or_with_the_problems(titles):
    guide = note_guide(_report())
    assert list(guide) == list(titles)
    measures_question = guide_module.QUESTIONS["measures"][0].text
    if "measures" in titles:
        assert guide["measures"].questions and measures_question not in guide["problems"].questions
    else:
        assert measures_question in guide["problems"].questions
    assert placeholder_target("改进措施").field == ("measures" if "measures" in titles else "problems")
    assert placeholder_target("", section="五", heading="（三）改进措施").field == placeholder_target("改进措施").field


# ---------------------------------------------------------------- which field fills a marker

# the words a marker may use → where its fact is written (page, field); first row whose word is in the marker wins
WHERE: tuple[tuple[str, tuple[str, str]], ...] = (
    ("成文日期", ("basics", "publication.date")),
    ("信息处理费", ("basics", "processing_fee")),
    ("单位名称", ("basics", "agency")),
    ("表三", ("tables", "三")),
    ("表四", ("tables", "四")),
    ("整改", ("materials", "rectification")),
    ("措施", ("materials", "measures")),
    ("工作要点", ("materials", "other_matters")),
    ("提案", ("materials", "other_matters")),
    ("创新", ("materials", "other_matters")),
    ("其他需要报告", ("materials", "other_matters")),
    ("社会评议", ("materials", "oversight")),
    ("监督保障", ("materials", "oversight")),
    ("总体情况", ("materials", "general")),
    ("平台建设", ("materials", "platform_building")),
    ("信息管理", ("materials", "information_management")),
    ("问题", ("materials", "problems")),
    ("主动公开", ("materials", "proactive_disclosure")),
    ("网址", ("basics", "website")),
    ("电话", ("basics", "contact")),
)
_MARKER = re.compile(r"【待补充[:：]([^】]*)】")
_FILLED_IN = re.compile(r"\{+[^{}【]*\}+")
_QUOTED = re.compile(r"“([^”]+)”")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _markers_the_drafters_write() -> set[str]:
    """The text inside every 【待补充：…】 the drafters, the facts and the export write (the model's instructions'
    generic 「……」 and 「需要补充的内容」 aside)."""
    files = [*ROOT.glob("prompts/**/*.j2"), *ROOT.glob("app/drafting/*.py"), *ROOT.glob("app/export/*.py")]
    files += [ROOT / "app/rules/placeholders.py"]
    # what a template or an f-string puts in ({{ p }}, {short(problem)}) stands as 某
    texts = [_FILLED_IN.sub("某", f.read_text(encoding="utf-8")) for f in files if f.name != "note_guide.py"]
    found = {m.strip() for text in texts for m in _MARKER.findall(text)}
    # a marker mostly filled in at run time (「某结果情况」) says too little here: the offline-draft test below
    # meets it with its words
    said = {m: len(_CHINESE.findall(m.replace("某", ""))) for m in found if m != "需要补充的内容"}
    return {m for m, n in said.items() if n >= (6 if "某" in m else 1)}


def _expected(marker: str) -> tuple[str, str] | None:
    for word, (page, field) in WHERE:
        if word in marker:
            if field == "measures" and "measures" not in NOTE_TITLES:
                field = "problems"
            return page, field
    return None


def test_every_marker_the_drafters_write_points_to_the_field_that_fills_it():
    markers = _markers_the_drafters_write()
    assert {"成文日期", "单位名称", "落实上级年度政务公开工作要点情况"} <= markers  # the scan finds them
    for marker in sorted(markers):
        expected = _expected(marker.strip("…"))
        assert expected is not None, f"a marker no row of WHERE names — say where it is filled in: {marker}"
        target = placeholder_target(marker.strip("…"))
        assert (target.page, target.field) == expected, marker


@pytest.mark.parametrize(
    ("marker", "section", "heading", "where"),
    [
        ("政务新媒体账号数量", "一", "", "工作素材「平台建设」"),
        ("新闻发布会场次及主题", "一", "", "工作素材「主动公开」"),
        ("规范性文件解读情况", "一", "", "工作素材「主动公开」"),
        ("培训次数和人次", "一", "", "工作素材「监督保障」"),
        ("发布前保密审查程序", "一", "", "工作素材「政府信息管理」"),
        ("申请主要涉及的内容", "一", "", "工作素材「依申请公开」"),
        ("联系电话", "前言", "", "基本信息「联系方式」"),
        ("电子版查阅网址", "前言", "", "基本信息「网站」"),
        ("", "前言", "", "基本信息"),
        ("", "一", "", "工作素材「综合」"),
        ("", "六", "（二）落实上级年度政务公开工作要点情况", "工作素材「其他事项」"),
        ("", "五", "（一）上年度问题整改情况", "工作素材「上年问题整改」"),
        ("具体情况", "一", "（五）监督保障", "工作素材「监督保障」"),
    ],
)
def test_a_marker_written_in_other_words_is_placed_by_its_words_its_heading_or_its_section(
    marker, section, heading, where
):
    assert placeholder_target(marker, section=section, heading=heading).describe() == where


def test_the_date_marker_says_a_reviewer_may_fill_it_in_on_signing_off():
    target = placeholder_target("成文日期")
    assert target == Target("basics", "publication.date", "发布日期", target.hint) and "审核签发" in target.hint


# ---------------------------------------------------------------- the markers a drafted report still has


def _fill(report: Report, remaining) -> None:
    """Write into each field the list points to a fact that answers the marker."""
    for r in remaining:
        target = r.target
        if target.page == "materials":
            # a rectification names the problem the list quotes; other notes say what the marker asks for
            quoted = _QUOTED.search(r.context) if target.field == "rectification" else None
            note = f"“{quoted.group(1)}”问题：已完成整改。" if quoted else f"{r.text}：已按要求办理。"
            old = getattr(report.notes, target.field)
            setattr(report.notes, target.field, (old + "\n" if old else "") + note)
        elif target.field == "publication.date":
            report.meta.publication.date = dt.date(report.meta.year + 1, 1, 20)
        elif target.field == "processing_fee":
            fee = report.meta.processing_fee
            fee.notices_sent, fee.notices_amount, fee.collected_amount = 0, 0.0, 0.0
        else:
            pytest.fail(f"the seed example has no marker filled on {target.describe()}: {r}")


@pytest.mark.parametrize("path", [SEED_JSON, COUNTY], ids=["township-2019-format", "county-department"])
def test_each_marker_left_after_an_offline_draft_is_listed_and_filling_the_field_it_points_to_removes_it(path):
    report = read_report(path)
    previous = read_report(COUNTY_PREVIOUS) if path == COUNTY else None
    drafted = draft_report(report, previous=previous, overwrite=True).report
    remaining = remaining_placeholders(drafted)
    in_text = [r for r in remaining if r.place != CLOSING]
    assert in_text, "the example's offline draft has markers to fill"
    assert len(in_text) == len([f for f in placeholder_findings(drafted) if f.section])  # every marker, once
    assert (drafted.meta.publication.date or drafted.meta.signoff.date) or any(r.text == "成文日期" for r in remaining)

    _fill(report, remaining)
    again = draft_report(report, previous=previous, overwrite=True).report
    assert remaining_placeholders(again) == []


def test_markers_alike_but_for_the_problem_they_answer_are_told_apart_by_the_problem_they_quote():
    report = _report()
    report.overview = Narrative(lead="2025年，示例县市场监督管理局【待补充：本年度政府信息公开工作总体情况】。")
    report.problems = Narrative(
        subsections=[
            Subsection(
                heading="（一）上年度问题整改情况",
                text="针对上年度报告提出的“栏目更新不及时”问题，【待补充：整改措施和结果】。"
                "针对上年度报告提出的“政务公开工作由办公室人员兼职承担，人员变动较频繁，业务能力有待提升”问题，"
                "【待补充：整改措施和结果】。",
            ),
            Subsection(heading="（三）改进措施", text="【待补充】"),
        ]
    )
    found = [r for r in remaining_placeholders(report) if r.place != CLOSING]
    assert [(r.text, r.target.field) for r in found] == [
        ("本年度政府信息公开工作总体情况", "general"),
        ("整改措施和结果", "rectification"),
        ("整改措施和结果", "rectification"),
        ("（三）改进措施", placeholder_target("改进措施").field),  # a bare marker is named by its heading
    ]
    assert found[0].context == "" and "“栏目更新不及时”" in found[1].describe()
    second = found[2].describe()
    assert second.startswith("整改措施和结果（针对上年度报告提出的“政务公开") and second.endswith("有待提升”问题）")


def test_a_township_is_not_asked_about_proposals_of_a_cppcc_it_does_not_have():
    township = read_report(EXAMPLES / "township-2025.json")
    county = read_report(EXAMPLES / "county-government-2025.json")
    asked = note_guide(township)["other_matters"].text()
    assert "人大代表建议" in asked and "政协委员提案：" not in asked and "乡镇没有政协委员提案" in asked
    assert "人大代表建议和政协委员提案" in note_guide(county)["other_matters"].text()
