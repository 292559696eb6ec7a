"""The offline drafter's preface and 一、总体情况 read like a careful clerk's: level- and format-aware, each fact
once, notes as full sentences, 本局 after the full name, no filler; and the 落款 date a drafted report needs."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from app.claims import read_claims
from app.drafting.engine import draft_report
from app.drafting.facts import Facts, build_facts
from app.drafting.merging import Piece, state_once
from app.drafting.notes import parse_notes, read_notes
from app.drafting.offline import draft_offline
from app.drafting.overview import overview_pieces
from app.drafting.phrasing import note_sentences, phrase, refer
from app.drafting.sections import empty_parts, section_text
from app.importers import read_report
from app.rules import check
from app.rules.cross_year import copy_findings
from app.rules.placeholders import PLACEHOLDER_MARK, placeholder_findings
from app.rules.similarity import similarity
from app.workspace.carryover import new_report
from app.workspace.placeholders import remaining_placeholders
from schemas.content import EMPTY_PHRASES
from schemas.findings import Rule
from schemas.registry import OVERVIEW_ASPECTS
from schemas.report import Report
from tests.conftest import EXAMPLES, ROOT
from tests.factories import consistent_report

NOTES = EXAMPLES / "notes-county-department-2025.md"


def _seed() -> Report:
    return read_report(EXAMPLES / "qihuxiang-2020.json")


def _county(notes: bool = True) -> tuple[Report, Report]:
    report = read_report(EXAMPLES / "county-department-2025.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    if notes:
        report.notes = read_notes(NOTES.read_bytes(), NOTES.name)
    return report, previous


def _drafted(report: Report, previous: Report | None = None) -> Report:
    return draft_report(report, previous=previous, sections=("前言", "一"), overwrite=True).report


def _unit(agency: str, level: str, *, seed: int = 3, year: int = 2025, notes: str = "") -> Report:
    report = consistent_report(seed, "2021", year)
    report.meta.agency, report.meta.level = agency, level
    report.meta.website = "http://www.example.gov.cn"
    report.notes = parse_notes(notes)
    return report


def _facts_stated(text: str, year: int | None) -> list[tuple]:
    """What each number of ``text`` states, one entry per claim: the table quantity (or the words) and value."""
    out = []
    for c in read_claims(text, year=year):
        if c.value is None or c.kind not in ("count", "sum", "change", "rate", "share"):
            continue
        out.append((c.kind == "change", c.quantity or c.subject, c.value, c.unit, c.last_year))
    return out


# ---------------------------------------------------------------- the township seed (2019 format, all zero)


def test_the_township_seed_signs_as_its_government_and_makes_no_regulations():
    drafted = _drafted(_seed())
    preface, one = drafted.preface, section_text(drafted, "一")
    assert "请与七户乡人民政府联系" in preface and "请与七户乡联系" not in preface
    assert "国办公开办函〔2019〕60号" in preface and "〔2021〕30号" not in preface
    assert "\n" not in preface.strip()  # one paragraph
    assert "规章" not in one  # a township cannot make 规章
    assert "本年度未新制作规范性文件。" in one  # the 2019 format's own wording
    assert one.startswith("2020年，七户乡人民政府")  # the first mention is the name it signs with
    # no platform notes: the clerk is asked for the platforms, not told the website (already in the preface)
    assert "www.xjqt.gov.cn" not in one and "【待补充：政府信息公开平台建设情况" in one


def test_the_township_seed_asks_for_what_a_government_must_report_and_invents_nothing():
    drafted = _drafted(_seed())
    one = section_text(drafted, "一")
    oversight = drafted.overview.subsections[-1].text
    assert PLACEHOLDER_MARK.fullmatch(oversight)  # one marker, nothing made up around it
    assert all(w in oversight for w in ("工作考核", "社会评议", "责任追究"))
    for stock in ("明确专人负责", "及时更新公开内容", "认真贯彻落实", "依法依规做好", "规范政府信息发布程序"):
        assert stock not in one
    assert len(drafted.overview.subsections) == 5  # every aspect written or asked for


def test_a_township_of_the_2021_format_gets_no_regulations_either():
    report = _unit("示例县和平镇", "township", year=2025, notes="监督保障\n示例县和平镇开展政务公开培训2次。")
    for key in report.tables["二"]:
        if key.startswith(("regulations.", "normative_documents.")):
            report.tables["二"][key].value = 0
    one = section_text(_drafted(report), "一")
    assert "本年度未制发行政规范性文件。" in one and "规章" not in one
    assert "本镇" in one and one.startswith("2025年，示例县和平镇人民政府")


@pytest.mark.parametrize(
    ("agency", "level", "regulations"),
    [
        ("示例县市场监督管理局", "department", False),
        ("示例县人民政府", "county_government", False),
        ("示例市人民政府", "county_government", True),  # 设区的市 makes 规章
    ],
)
def test_regulations_are_named_only_where_the_level_can_make_them(agency, level, regulations):
    report = _unit(agency, level)
    for key in report.tables["二"]:
        if key.startswith(("regulations.", "normative_documents.")):
            report.tables["二"][key].value = 0
    one = section_text(_drafted(report), "一")
    expected = "本年度未制发规章和行政规范性文件。" if regulations else "本年度未制发行政规范性文件。"
    assert expected in one
    assert ("规章" in one) == regulations


@pytest.mark.parametrize(
    ("notes", "missing"),
    [
        ("", ["工作考核", "社会评议", "责任追究"]),
        ("监督保障\n政务公开纳入各部门年度考核。", ["社会评议", "责任追究"]),
        ("监督保障\n纳入年度考核。\n邀请群众代表评议政务公开工作。\n全年没有责任追究。", []),
    ],
)
def test_a_governments_oversight_names_exactly_what_the_notes_leave_out(notes, missing):
    drafted = _drafted(_unit("示例县人民政府", "county_government", notes=notes))
    oversight = drafted.overview.subsections[-1].text
    markers = PLACEHOLDER_MARK.findall(oversight)
    if missing:
        (marker,) = markers
        assert [w for w in ("工作考核", "社会评议", "责任追究") if w in marker] == missing
    else:
        assert markers == []


def test_a_department_without_oversight_notes_is_asked_once_without_a_governments_items():
    drafted = _drafted(_unit("示例县测试局", "department"))
    (marker,) = PLACEHOLDER_MARK.findall(drafted.overview.subsections[-1].text)
    assert "社会评议" not in marker


# ---------------------------------------------------------------- a blank report: nothing to say yet, so everything is asked


@pytest.mark.parametrize("year", [2020, 2025], ids=["2019-format", "2021-format"])
@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("示例县人民政府", "county_government"),
        ("示例县青山镇", "township"),
        ("示例县教育局", "department"),
        ("示例县档案馆", "other"),
    ],
)
def test_a_blank_report_gets_the_lead_and_every_aspect_written_or_asked_for(agency, level, year):
    outcome = draft_report(new_report(agency, level, year), sections=("前言", "一"), overwrite=True)
    drafted = outcome.report
    assert PLACEHOLDER_MARK.search(drafted.overview.lead)
    headings = [s.heading for s in drafted.overview.subsections]
    assert [h[3:] for h in headings] == [label for _, label in OVERVIEW_ASPECTS]
    assert empty_parts(drafted, "一") == []
    assert [f.message for f in outcome.findings if f.rule == Rule.ITEM] == []
    proactive = drafted.overview.subsections[0].text
    (marker,) = PLACEHOLDER_MARK.findall(proactive)
    assert proactive == f"【待补充：{marker}】" and marker.startswith("主动公开情况")
    # every marker of the text is on the list of what is left to fill in, pointing to where it is filled
    listed = {r.text: r.target.describe() for r in remaining_placeholders(drafted)}
    assert listed[marker] == "工作素材「主动公开」"
    for sub in drafted.overview.subsections:
        for m in PLACEHOLDER_MARK.findall(sub.text):
            assert m in listed, m


def test_a_blank_preface_asks_for_the_website_and_the_contact():
    preface = _drafted(new_report("示例县青山镇", "township", 2025)).preface
    assert "本报告电子版可在【待补充：电子版查阅网址】查阅下载。" in preface
    assert "请与示例县青山镇人民政府联系（【待补充：联系地址、电话、电子邮箱】）。" in preface
    listed = {
        r.text: r.target.describe()
        for r in remaining_placeholders(_drafted(new_report("示例县青山镇", "township", 2025)))
    }
    assert (
        listed["电子版查阅网址"] == "基本信息「网站」" and listed["联系地址、电话、电子邮箱"] == "基本信息「联系方式」"
    )


def test_a_postcode_alone_is_no_way_to_reach_the_agency():
    report = new_report("示例县青山镇", "township", 2025)
    report.meta.contact.postcode = "365112"
    assert "联系（邮编：365112，【待补充：联系地址、电话、电子邮箱】）。" in _drafted(report).preface


def test_a_preface_with_a_website_and_a_phone_asks_for_neither():
    report = new_report("示例县青山镇", "township", 2025)
    report.meta.website, report.meta.contact.phone = "http://qs.example.gov.cn", "0123-6781234"
    preface = _drafted(report).preface
    assert PLACEHOLDER_MARK.search(preface) is None
    assert "本报告电子版可在http://qs.example.gov.cn查阅下载。" in preface
    assert "请与示例县青山镇人民政府联系（电话：0123-6781234）。" in preface


def test_a_platform_without_notes_is_asked_for_and_not_covered_by_the_website():
    report = _unit("示例县测试局", "department")
    platform = _drafted(report).overview.subsections[3].text
    assert platform == "【待补充：政府信息公开平台建设情况，如网站专栏、政务新媒体、查阅点】"
    report.notes = parse_notes("## 平台建设\n- 政务新媒体账号1个，年内无新增、无关停。")
    platform = _drafted(report).overview.subsections[3].text
    assert platform == "现有政务新媒体账号1个，年内无新开设或关停的账号。"


def test_proactive_disclosure_without_notes_keeps_table_twos_sentence_and_asks_for_the_rest():
    report, previous = _county(notes=False)
    proactive = _drafted(report, previous).overview.subsections[0].text
    assert proactive.startswith("本年度制发行政规范性文件1件")
    (marker,) = PLACEHOLDER_MARK.findall(proactive)
    assert marker.startswith("主动公开情况")
    report.notes = parse_notes("## 主动公开\n- 全年主动公开信息386条。")
    assert PLACEHOLDER_MARK.search(_drafted(report, previous).overview.subsections[0].text) is None


# ---------------------------------------------------------------- 依申请公开: each figure once, in cases on a small base


def _township() -> tuple[Report, Report]:
    report = read_report(EXAMPLES / "township-2025.json")
    previous = read_report(EXAMPLES / "township-2024.json")
    path = EXAMPLES / "notes-township-2025.md"
    report.notes = read_notes(path.read_bytes(), path.name)
    return report, previous


def test_a_township_with_every_application_handled_says_so_once():
    report, previous = _township()
    outcome = draft_report(report, previous=previous, sections=("一",), overwrite=True)
    request = outcome.report.overview.subsections[1].text
    assert "已全部办结" in request and "办结率" not in request  # 100% says nothing 已全部办结 does not
    # 收到 and 办结 both rose by 1 on a base of 2: one clause, in cases, no 「增长50.0%」
    assert "收到和办结申请均较上年增加1件。" in request and "办结申请较上年" not in request
    assert "%" not in request
    # the notes' 「3件都在法定期限内答复」 keeps what it says, not the 3 stated just before
    assert "上述政府信息公开申请均在法定期限内答复。" in request and "3件都" not in request
    stated = _facts_stated(section_text(outcome.report, "一"), 2025)
    assert {f for f in stated if stated.count(f) > 1} == set()
    assert [f.message for f in outcome.findings if f.rule != Rule.PLACEHOLDER] == []


def test_a_change_keeps_its_percentage_on_a_base_of_ten_or_more():
    report, previous = _county(notes=False)
    request = _drafted(report, previous).overview.subsections[1].text
    assert "收到申请较上年增加9件，增长18.0%；办结申请较上年增加12件，增长25.0%。" in request  # bases 50 and 48
    assert "行政诉讼较上年增加1件。" in request and "增长100.0%" not in request  # base 1


@pytest.mark.parametrize(
    ("changes", "once"),
    [
        (
            "收到申请较上年增加12件，增长25.0%；办结申请较上年增加12件，增长25.0%。",
            "收到和办结申请均较上年增加12件，增长25.0%",
        ),
        ("收到申请与上年持平；办结申请与上年持平。", "收到和办结申请均与上年持平"),
    ],
)
def test_the_same_change_of_received_and_handled_is_said_once(changes, once):
    report = _unit("示例县测试局", "department")
    facts = Facts(
        statements={
            "applications": "本年度共收到政府信息公开申请60件；办结59件，结转下年度继续办理1件。",
            "rates": "办结率为98.3%（办结59件÷收到申请60件，含上年结转0件）。",
            "changes": changes,
        }
    )
    text = "".join(p.text for p in overview_pieces(report, facts) if p.part == "disclosure_on_request")
    assert "办结率为98.3%。" in text  # not all handled: the rate says something
    assert once in text and "办结申请较上年" not in text and "办结申请与上年" not in text


# ---------------------------------------------------------------- the county department with notes


def test_the_county_draft_states_each_fact_once():
    report, previous = _county()
    one = section_text(_drafted(report, previous), "一")
    assert one.count("行政规范性文件1件") == 2  # 制发 once (with its name), 废止 once (with the 清理)
    assert one.count("制发行政规范性文件1件") == 1 and one.count("废止行政规范性文件1件") == 1
    assert "即《示例县食品小作坊登记管理办法》" in one
    stated = _facts_stated(one, 2025)
    repeated = {f for f in stated if stated.count(f) > 1}
    assert repeated == set(), repeated
    # the year-on-year sentence once (the change of 收到申请 is not said twice in other words)
    assert one.count("增加9件") == 1


def test_the_county_draft_uses_rates_and_changes_under_disclosure_on_request():
    report, previous = _county()
    request = _drafted(report, previous).overview.subsections[1].text
    assert "办结率为96.8%" in request and "÷" not in request
    assert "办结申请较上年增加12件" in request
    assert request.index("本年度共收到政府信息公开申请59件") < request.index("办结率")
    assert request.index("行政复议4件") < request.index("行政复议较上年增加1件")


def test_the_county_draft_keeps_every_number_and_name_of_the_notes_it_uses():
    report, previous = _county()
    one = section_text(_drafted(report, previous), "一")
    for kept in ("386条", "152条", "97条", "43条", "3场", "214条", "56人次", "“食品安全抽检”", "两级保密审查"):
        assert kept in one
    assert "现有政务新媒体账号1个，全年无新开设或关停的账号。" in one
    assert "本年度政务公开工作总体平稳有序" not in one  # 今年 → the lead's own year
    assert one.startswith("2025年，示例县市场监督管理局政务公开工作总体平稳有序。")


def test_no_raw_label_or_bullet_is_left_in_the_overview():
    notes = (
        "## 政府信息管理\n- 保密审查：信息发布前经科室负责人、分管领导两级审核。\n"
        "## 平台建设\n- 政务新媒体账号1个，年内无新增、无关停。\n- 新闻发布会：3场\n"
    )
    report, previous = _county(notes=False)
    report.notes = parse_notes(notes)
    one = section_text(_drafted(report, previous), "一")
    assert "保密审查：" not in one and "- " not in one
    assert "在保密审查方面，信息发布前经科室负责人、分管领导两级审核。" in one
    assert "现有政务新媒体账号1个，年内无新开设或关停的账号。" in one
    assert "召开新闻发布会3场。" in one
    assert not re.search(r"(?:^|[。\n])[^，。；【\n]{2,10}：", PLACEHOLDER_MARK.sub("", one))


def test_the_agency_is_named_in_full_once_then_as_it_calls_itself():
    notes = "示例县市场监督管理局政务公开工作总体平稳。\n## 监督保障\n示例县市场监督管理局开展政务公开培训2次。"
    report, previous = _county(notes=False)
    report.notes = parse_notes(notes)
    drafted = _drafted(report, previous)
    one = section_text(drafted, "一")
    assert one.startswith("2025年，示例县市场监督管理局政务公开工作总体平稳。")
    assert one.count("示例县市场监督管理局") == 1
    assert "本局开展政务公开培训2次。" in drafted.overview.subsections[-1].text


@pytest.mark.parametrize("name", ["county", "seed"])
def test_no_empty_phrase_and_a_clean_grounding(name):
    report, previous = _county() if name == "county" else (_seed(), None)
    outcome = draft_report(report, previous=previous, sections=("前言", "一"), overwrite=True)
    text = outcome.report.preface + section_text(outcome.report, "一")
    assert [p for p in EMPTY_PHRASES if p in text] == []
    bad = [f for f in outcome.findings if f.rule in ("R-H", "YEAR", "TEXT", "ITEM")]
    assert bad == []


def test_a_lead_of_nothing_but_empty_phrases_becomes_the_request_for_one():
    report, previous = _county(notes=False)
    report.notes = parse_notes("今年，示例县市场监督管理局高度重视政务公开工作，取得明显成效。")
    (marker,) = PLACEHOLDER_MARK.findall(_drafted(report, previous).overview.lead)
    assert "总体情况" in marker


def test_a_clerks_empty_phrase_is_not_carried_into_the_draft():
    report, previous = _county(notes=False)
    report.notes = parse_notes("政务公开工作取得明显成效，全年开展培训2次。")
    one = section_text(_drafted(report, previous), "一")
    assert "取得明显成效" not in one and "开展培训2次" in one


# ---------------------------------------------------------------- different units, different years


def test_two_units_of_one_year_get_different_overviews():
    a, previous = _county()
    b = _unit("示例县和平镇", "township", seed=11)
    b.notes = read_notes((EXAMPLES / "notes-county-department-2025.md").read_bytes(), "n.md")  # same notes …
    b.notes.general = "镇党委会议研究政务公开工作1次。"
    one_a, one_b = section_text(_drafted(a, previous), "一"), section_text(_drafted(b), "一")
    assert similarity(one_a, one_b) < 0.8  # … yet their tables and names make the text their own
    lone = [_unit("示例县甲局", "department", seed=s) for s in (1, 2)]
    texts = [section_text(_drafted(r), "一") for r in lone]
    assert similarity(*texts) < 0.6  # no notes at all: the tables still differ, no stock text carries them


def test_a_draft_is_not_a_copy_of_last_years_draft():
    this_year, last_year = _county(notes=False)
    drafted_now = _drafted(this_year, last_year)
    drafted_before = _drafted(last_year)
    assert [f for f in copy_findings(drafted_now, drafted_before) if f.section == "一"] == []


# ---------------------------------------------------------------- the rules the drafter writes by


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (
            "保密审查：信息发布前经科室负责人、分管领导两级审核。",
            "在保密审查方面，信息发布前经科室负责人、分管领导两级审核。",
        ),
        ("- 政务新媒体账号1个，年内无新增、无关停", "现有政务新媒体账号1个，年内无新开设或关停的账号。"),
        ("新闻发布会：3场", "召开新闻发布会3场。"),
        ("培训:2次", "开展培训2次。"),
        ("培训：2次，60人次", "开展培训2次，共60人次参加。"),
        ("会议：3次、50人次", "召开会议3次，共50人次参加。"),
        ("政务公开讲座：2场；120人", "开展政务公开讲座2场，共120人参加。"),
        ("业务培训2期，310人次", "开展业务培训2期，共310人次参加。"),
        ("组织镇村干部政务公开培训1次，45人次参加。", "组织镇村干部政务公开培训1次，45人次参加。"),
        ("工作考核：政务公开纳入年度考核。", "政务公开纳入年度考核。"),
        ("创新：无", "本年度无创新。"),
        ("上半年：完成目录调整", "上半年，完成目录调整。"),
        (
            "主动公开信息386条：行政许可结果152条，行政处罚结果97条",
            "主动公开信息386条，其中行政许可结果152条，行政处罚结果97条。",
        ),
        ("今年召开专题会议2次", "本年度召开专题会议2次。"),
        ("去年提出的问题已整改,栏目按期更新;", "上年提出的问题已整改，栏目按期更新。"),
        ("办事大厅设政府信息公开查阅点1个", "办事大厅设政府信息公开查阅点1个。"),
        ("规范性文件：制发1件，废止1件", "制发规范性文件1件，废止规范性文件1件。"),
        ("新闻发布会：3场；", "召开新闻发布会3场。"),
        ("政务公开栏5个，年内新增1个", "现有政务公开栏5个，年内新增1个。"),
        ("咨询电话：0123-6543210", "咨询电话为0123-6543210。"),
        ("专栏网址：http://www.example.gov.cn/zwgk", "专栏网址为http://www.example.gov.cn/zwgk。"),
    ],
)
def test_a_note_line_becomes_a_sentence(line, sentence):
    assert phrase(line) == sentence


def test_phrasing_keeps_every_number_and_quoted_name():
    text = "1. 公开信息1,280条\n2. “某某发布”公众号：推送214条\n3. 《示例办法》解读1篇\n说明：仅供参考"
    out = "".join(note_sentences(text))
    for kept in ("1,280条", "“某某发布”", "214条", "《示例办法》", "1篇"):
        assert kept in out
    assert "说明" not in out and "仅供参考" not in out


def test_refer_leaves_platform_and_document_names_alone():
    names = ("示例县人民政府", "示例县")
    text = "示例县人民政府网站改版；示例县人民政府印发《示例县人民政府工作规则》；示例县开展培训。"
    assert refer(text, names, "本县") == "示例县人民政府网站改版；本县印发《示例县人民政府工作规则》；本县开展培训。"


def test_merging_keeps_the_richer_sentence_and_the_statement_exact():
    pieces = [
        Piece("a", "制发行政规范性文件1件，即《示例办法》，配发解读1篇。", "note"),
        Piece("a", "本年度制发行政规范性文件1件，废止行政规范性文件1件，现行有效行政规范性文件6件。", "list"),
        Piece("b", "收到政府信息公开申请59件。", "note"),
        Piece("b", "本年度共收到政府信息公开申请59件，办结60件。", "statement"),
        Piece("c", "开展规范性文件清理1次，废止行政规范性文件1件。", "note"),
    ]
    out = {p.text for p in state_once(pieces, year=2025)}
    assert out == {
        "制发行政规范性文件1件，即《示例办法》，配发解读1篇。",
        "本年度现行有效行政规范性文件6件。",
        "本年度共收到政府信息公开申请59件，办结60件。",
        "开展规范性文件清理1次，废止行政规范性文件1件。",
    }


def test_merging_keeps_what_a_note_says_of_numbers_stated_elsewhere():
    pieces = [
        Piece("b", "本年度共收到政府信息公开申请59件，办结60件。", "statement"),
        Piece("b", "收到申请59件，办结60件，均在法定期限内答复。", "note"),
        Piece("b", "本年度因政府信息公开被提起行政诉讼2件，其中结果维持1件。", "statement"),
        Piece("b", "行政诉讼2件，其中未经复议直接起诉1件，复议后起诉1件。", "note"),
    ]
    assert [p.text for p in state_once(pieces, year=2025)] == [
        "本年度共收到政府信息公开申请59件，办结60件。",
        "上述申请均在法定期限内答复。",
        "本年度因政府信息公开被提起行政诉讼2件，其中结果维持1件。",
        "行政诉讼中，未经复议直接起诉1件，复议后起诉1件。",
    ]


def test_merging_leaves_different_facts_alone():
    pieces = [
        Piece("a", "开展培训2次。", "note"),
        Piece("b", "开展督查2次。", "note"),
        Piece("c", "本年度共收到政府信息公开申请2件，办结2件。", "statement"),
    ]
    assert [p.text for p in state_once(pieces, year=2025)] == [p.text for p in pieces]


# ---------------------------------------------------------------- the 落款 date


def _date_findings(report: Report) -> list:
    return [f for f in placeholder_findings(report) if f.actual == "【待补充：成文日期】"]


def test_a_drafted_report_without_a_date_has_one_placeholder_error_for_it():
    drafted = _drafted(_seed())
    (found,) = _date_findings(drafted)
    assert found.rule == Rule.PLACEHOLDER and found.severity == "error"
    assert found.message == "落款的成文日期未填写：请在「基本信息」填写发布日期，或在审核签发时填写日期"
    assert found in check(drafted)
    for field in ("publication", "signoff"):
        dated = drafted.model_copy(deep=True)
        getattr(dated.meta, field).date = dt.date(2021, 1, 20)
        assert _date_findings(dated) == []


def test_a_published_report_without_a_date_is_not_judged_for_it():
    report = _seed()
    assert not report.drafting and report.meta.publication.date is None
    assert _date_findings(report) == []
    assert [f for f in check(report) if f.rule == Rule.PLACEHOLDER] == []


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )


def test_strict_export_refuses_a_draft_with_a_marker_or_no_date_and_exports_it_once_filled(tmp_path):
    drafted = _drafted(_seed())
    path, out = tmp_path / "draft.json", tmp_path / "年报.md"
    path.write_text(drafted.model_dump_json(), encoding="utf-8")
    p = _cli("export", path, "-o", out, "--strict")
    assert p.returncode == 1 and not out.exists()
    assert "落款的成文日期未填写" in p.stderr and "【待补充：工作考核、社会评议、责任追究结果情况】" in p.stderr

    filled = drafted.model_copy(deep=True)
    filled.preface = PLACEHOLDER_MARK.sub("（已补写）", filled.preface)
    for narrative in (filled.overview, filled.problems, filled.other_matters):
        narrative.lead = PLACEHOLDER_MARK.sub("本年度无此项情况", narrative.lead)
        for sub in narrative.subsections:
            sub.text = PLACEHOLDER_MARK.sub("本年度无此项情况", sub.text)
    path.write_text(filled.model_dump_json(), encoding="utf-8")
    p = _cli("export", path, "-o", out, "--strict")
    assert p.returncode == 1 and not out.exists()  # the markers are gone, the date is still missing
    assert "落款的成文日期未填写" in p.stderr and "【待补充：工作考核" not in p.stderr

    filled.meta.signoff.date = dt.date(2021, 1, 20)
    path.write_text(filled.model_dump_json(), encoding="utf-8")
    p = _cli("export", path, "-o", out, "--strict")
    assert p.returncode == 0, p.stderr
    assert "2021年1月20日" in out.read_text(encoding="utf-8") and "【待补充" not in out.read_text(encoding="utf-8")


def test_the_offline_drafter_needs_no_notes_for_the_preface():
    report = _seed()
    preface = draft_offline(report, build_facts(report), "前言").text
    assert "2020年1月1日至2020年12月31日" in preface and preface.count("七户乡人民政府") == 3
