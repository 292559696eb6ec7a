"""YEAR, one definition: which years fit a report year — the same for drafts, ``check`` and the workspace."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.drafting.facts import build_facts
from app.drafting.grounding import ground_section
from app.importers import read_report
from app.rules import check
from app.rules.years import year_findings
from schemas.report import Narrative, Subsection
from tests.conftest import EXAMPLES

YEAR = 2025

# (section, paragraph, the years that must be flagged)
CASES = [
    # the report year, and last year in a last-year context
    ("一", "2025年，我局坚持依法公开。", []),
    ("一", "与2024年相比，申请量有所增加。", []),
    ("一", "与上年（2024年）相比，申请量有所增加。", []),
    ("一", "全年新收政府信息公开申请66件（2024年新收申请41件）。", []),
    ("一", "较2024年增长21.3%。", []),
    ("五", "针对2024年度报告中指出的信息更新不及时问题，建立了每周检查机制。", []),
    ("五", "2024年报告中提出的问题已全部整改。", []),
    # last year as the basis of this year's work or what it is compared with
    ("一", "在2024年工作基础上，本局进一步规范政务公开工作。", []),
    ("一", "在2024年的基础上，进一步丰富政策解读形式。", []),
    ("一", "以2024年为基础，持续优化专栏设置。", []),
    ("一", "延续2024年做法，每季度开展一次公开属性审查。", []),
    ("一", "巩固2024年整改成果，建立栏目每周更新检查机制。", []),
    ("一", "保持了2024年良好态势，主动公开工作稳步推进。", []),
    ("一", "对照2024年工作要点，逐项推进落实。", []),
    ("一", "同2024年持平，新闻发布会召开3场。", []),
    ("一", "2024年同期新收申请50件。", []),
    ("五", "针对2024年存在的问题，逐项建立台账。", []),
    # next year's plans
    ("五", "2026年，我局将进一步规范依申请公开办理流程。", []),
    ("五", "改进措施：2026年全面推行基层政务公开标准目录。", []),
    ("六", "2026年将继续推进政务公开标准化建设。", []),
    ("五", "2026年起，我局将每季度通报信息报送情况。", []),
    ("五", "一是2026年6月底前每份规范性文件同步发布图解；二是2026年底前完成栏目整合。", []),  # deadlines of a plan
    ("一", "本局将于2026年3月底前完成目录调整。", []),
    ("一", "2026年6月底前，本局完成了目录调整。", ["2026"]),  # next year's deadline told as done: a leftover
    ("一", "自2026年起，本局计划每季度开展一次公开属性审查。", []),
    # an earlier year as a point of reference
    ("一", "2018年以来，我局持续推进政务公开标准化建设。", []),
    ("一", "自2019年起，每季度开展一次公开属性审查。", []),
    ("一", "对2018年以来制发的行政规范性文件进行了清理。", []),
    ("一", "2019年5月15日起施行的新修订《条例》是工作的依据。", []),
    ("一", "对2021年至2025年制发的文件开展评估。", []),
    ("一", "公开发布《示例县市场监督管理局2024年政府信息公开工作年度报告》。", []),
    (
        "一",
        "累计公开信息1200条，较截至2024年底增加200条。",
        [],
    ),  # last year's stock as what this year's is compared with
    ("一", "2008年《条例》施行以来，我局坚持依法公开。", []),
    ("前言", "本报告于2026年1月20日在本局网站发布。", []),
    # years that do not fit
    ("一", "截至2024年底，累计公开信息1200条。", ["2024"]),  # the stock at last year's end: last year's text
    ("一", "2024年，我局坚持依法公开。", ["2024"]),
    ("一", "2023年，我局开展培训2次。", ["2023"]),
    ("一", "2022年全年主动公开信息386条。", ["2022"]),
    ("一", "2026年，我局召开推进会。", ["2026"]),
    ("六", "2023年发出收费通知0件。", ["2023"]),
    ("一", "2026年以来，持续推进标准化建设。", ["2026"]),
    ("五", "2026年以来，我局将持续推进标准化建设。", ["2026"]),
    ("一", "2026年起，本局每季度开展一次公开属性审查。", ["2026"]),
    ("五", "2027年起，我局将每季度通报信息报送情况。", ["2027"]),
    ("一", "2026年，本局新收政府信息公开申请59件。", ["2026"]),  # published in 2026, but not a date of it
    ("一", "本年度（2024年），本局政务公开工作总体平稳。", ["2024"]),
    # the same wordings with last year's sentence copied whole, or an older year
    ("一", "2024年，本局进一步规范政务公开工作。", ["2024"]),
    ("一", "在2024年，本局在前期工作基础上进一步规范政务公开工作。", ["2024"]),
    ("一", "2024年我局主动公开工作取得新成效。", ["2024"]),
    ("一", "本局参与2024年全市政务公开业务培训。", ["2024"]),
    ("一", "在2023年工作基础上，本局进一步规范政务公开工作。", ["2023"]),
    ("一", "延续2022年做法，每季度开展一次公开属性审查。", ["2022"]),
    ("前言", "本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。", []),
    # last year's text left inside a sentence whose comparison with last year makes its figure this year's
    ("一", "本单位2024年度通过门户网站主动公开政府信息300条，较上年增加20条。", ["2024"]),
    ("一", "2024年，我局收到政府信息公开申请50件，同比增长10%。", ["2024"]),
    ("一", "全年主动公开信息386条，其中2024年度通过网站发布300条。", ["2024"]),
    ("一", "2024年，我局公开发布年度报告，并在网站设立专栏。", ["2024"]),
    # last year said as last year: its figure beside this year's, what it left to this year, both years named
    ("一", "收到申请59件，2024年为50件。", []),
    ("一", "2024年结转的3件申请已于本年全部办结。", []),
    ("一", "2024年受理、2025年办结的申请3件。", []),
]


def _report(section: str, paragraph: str):
    report = read_report(EXAMPLES / "county-department-2025.json")
    report.preface = "本报告所列数据的统计期限为2025年1月1日至2025年12月31日。"
    report.overview = Narrative(lead="全年依法做好政务公开工作。")
    report.problems = Narrative(lead="整改情况良好。")
    report.other_matters = Narrative(lead="本年度未收取信息处理费。")
    if section == "前言":
        report.preface = paragraph
    else:
        attr = {"一": "overview", "五": "problems", "六": "other_matters"}[section]
        setattr(report, attr, Narrative(subsections=[Subsection(heading="（一）情况", text=paragraph)]))
    return report


@pytest.mark.parametrize("section,paragraph,flagged", CASES)
def test_which_years_fit_the_report_year(section, paragraph, flagged):
    report = _report(section, paragraph)
    assert report.meta.year == YEAR
    published = [f for f in check(report) if f.rule == "YEAR"]
    assert [f.actual for f in published] == flagged
    assert all(f.severity == "warning" and f.section == section for f in published)
    drafted = [f for f in year_findings(report, own_draft=True)]
    assert [f.actual for f in drafted] == flagged and all(f.severity == "error" for f in drafted)


@pytest.mark.parametrize("section,paragraph,flagged", [c for c in CASES if c[0] != "前言"])
def test_grounding_judges_years_by_the_same_definition(section, paragraph, flagged):
    report = _report(section, paragraph)
    findings, _ = ground_section(report, section, build_facts(report))
    assert [f.actual for f in findings if f.rule == "YEAR"] == flagged
    # a year is never a number without a source: the YEAR rule alone judges it
    assert not [f for f in findings if f.rule == "R-H" and re.fullmatch(r"(?:19|20)\d\d年?", str(f.actual))]


@pytest.mark.parametrize(
    "preface,actual",
    [
        ("本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。", ["2024年1月1日起至2024年12月31日"]),
        ("本报告所列数据的统计期限为2024年1月1日至12月31日。", ["2024年1月1日至12月31日"]),
        ("本报告所列数据的统计期限自20251月1日起至2025年12月31日止。", ["20251月"]),
    ],
)
def test_statistics_period_and_garbled_dates(preface, actual):
    report = _report("前言", preface)
    assert [f.actual for f in check(report) if f.rule == "YEAR"] == actual


def test_a_date_in_the_month_of_publication_is_not_a_stray_year():
    report = _report("前言", "本局2026年1月20日召开政务公开推进会。")
    report.meta.publication.date = report.meta.signoff.date = None
    assert [f.actual for f in check(report) if f.rule == "YEAR"] == ["2026"]
    report.meta.publication.date = dt.date(2026, 1, 20)
    assert [f for f in check(report) if f.rule == "YEAR"] == []
    report.preface = "本局2026年3月5日召开政务公开推进会。"
    assert [f.actual for f in check(report) if f.rule == "YEAR"] == ["2026"]
