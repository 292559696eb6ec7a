"""Sections found by their title words whatever ordinal stands before them (wrong, missing, garbled): the text is
read, each wrong or missing ordinal is one LABEL warning, SECTION only for a section that is truly absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checking import all_findings
from app.importers import read_bytes, read_report
from app.importers.layout import split_sections
from schemas.report import Narrative
from tests.conftest import CITY
from tests.factories import consistent_report

HERE = Path(__file__).parent / "fixtures" / "sections"
OFFICIAL = read_report(HERE / "official.txt")
ALL = ["一", "二", "三", "四", "五", "六"]


def _content(report):
    cells = {t: {k: c.raw for k, c in cells.items()} for t, cells in report.tables.items()}
    return cells, report.preface, report.overview, report.problems, report.other_matters


def _read_text(text: str):
    return read_bytes(text.encode("utf-8"), "report.txt")


def _headings(report) -> list[str]:
    return [f.message for f in report.provenance.findings if f.rule == "LABEL"]


def test_the_official_copy_reads_clean():
    assert OFFICIAL.provenance.sections_found == ALL
    assert not all_findings(OFFICIAL)


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        (
            "renumbered.txt",  # 总体情况 without a number, the tables as 一–三, 五 and 六 as 四 and 五
            [
                "第一部分的标题「总体情况」没有序号，官方为「一、总体情况」",
                "第二部分的标题为「一、主动公开政府信息情况」，官方为「二、主动公开政府信息情况」",
                "第三部分的标题为「二、收到和处理政府信息公开申请情况」，官方为「三、收到和处理政府信息公开申请情况」",
                "第四部分的标题为「三、政府信息公开行政复议、行政诉讼情况」，官方为「四、政府信息公开行政复议、行政诉讼情况」",
                "第五部分的标题为「四、存在的主要问题及改进情况」，官方为「五、存在的主要问题及改进情况」",
                "第六部分的标题为「五、其他需要报告的事项」，官方为「六、其他需要报告的事项」",
            ],
        ),
        (
            "proactive_as_three.txt",
            ["第二部分的标题为「三、主动公开政府信息情况」，官方为「二、主动公开政府信息情况」"],
        ),
        (
            "stray_characters.txt",
            [
                "第五部分的标题为「l五、存在的主要问题及改进情况」，官方为「五、存在的主要问题及改进情况」",
                "第六部分的标题为「I、其他需要报告的事项」，官方为「六、其他需要报告的事项」",
            ],
        ),
    ],
)
def test_a_section_is_found_by_its_title_and_its_ordinal_is_named_once(name, labels):
    report = read_report(HERE / name)
    assert report.provenance.sections_found == ALL
    assert _headings(report) == labels
    findings = all_findings(report)
    assert [f for f in findings if f.rule == "SECTION"] == []
    assert [f for f in findings if f.severity == "error"] == []
    if name != "renumbered.txt":  # its 一 numbers the aspects 1.–5., not （一）–（五）
        assert _content(report) == _content(OFFICIAL)
    else:
        assert _content(report)[0] == _content(OFFICIAL)[0]
        assert report.problems == OFFICIAL.problems and report.other_matters == OFFICIAL.other_matters
        assert report.overview.paragraphs()[1] == "1.主动公开情况"  # 一's aspects are not sections


def test_the_heading_with_a_wrong_ordinal_is_not_left_in_the_text_before_it():
    report = read_report(HERE / "proactive_as_three.txt")
    assert not any("主动公开政府信息情况" in p for p in report.overview.paragraphs())


def test_text_after_table_four_without_its_heading_is_section_five():
    report = read_report(HERE / "lost_heading.txt")
    assert _headings(report) == [
        "没有找到「五、存在的主要问题及改进情况」的标题：表四之后的文字（「上年度报告提出的政策解读…」起）按第五部分读取"
    ]
    assert report.problems.paragraphs() == OFFICIAL.problems.paragraphs()
    assert report.value("四", "administrative_review.total") == 1
    assert "五" not in report.provenance.sections_found  # found by its place, not by a heading
    findings = all_findings(report)
    assert [f for f in findings if f.rule in ("SECTION", "ITEM") or f.severity == "error"] == []


def test_text_on_the_heading_line_is_the_section_text():
    report = read_report(HERE / "inline_text.txt")
    assert report.other_matters.paragraphs() == ["本年度未收取信息处理费，无其他需要报告的事项。"]
    assert not [f for f in all_findings(report) if f.rule == "SECTION"]


# ---------------------------------------------------------------- what is not a heading

TABLE3_ROWS = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"],
    ["一、本年新收政府信息公开申请数量"],
    ["三、本年度办理结果"],
    ["（一）予以公开"],
    ["（二）依申请公开情况"],
    ["四、结转下年度继续办理"],
]


def test_table_rows_sub_headings_and_sentences_with_title_words_are_no_headings():
    lines = [
        ["示例县财政局2024年政府信息公开工作年度报告"],
        ["总体情况"],
        ["1.主动公开情况"],  # 一's aspects: 二's and 三's words, far from a table
        ["全年主动公开政府信息120条。"],
        ["2.依申请公开情况"],
        ["全年依申请公开政府信息，收到和处理政府信息公开申请5件，均已按期答复。"],
        ["（五）存在的主要问题及改进情况"],  # a sub-heading before the tables
        ["存在问题及改进措施如下，主动公开政府信息"],  # a wrapped sentence
        ["主动公开政府信息情况"],
        ["第二十条第（一）项"],
        ["收到和处理政府信息公开申请情况"],
        *TABLE3_ROWS,
        ["行政复议"],
        ["行政诉讼"],
        ["1 | 0 | 0 | 0 | 1"],
    ]
    layout = split_sections(lines)
    assert layout.found == ["一", "二", "三"]
    assert [ln[0] for ln in layout.sections["一"]][:2] == ["1.主动公开情况", "全年主动公开政府信息120条。"]
    assert [ln[0] for ln in layout.sections["三"]][: len(TABLE3_ROWS)] == [r[0] for r in TABLE3_ROWS]
    assert layout.sections["四"][0] == ["行政复议"]  # 表四 found by its header, which stays in the table
    assert len(layout.findings) == 3


def test_a_title_far_from_its_table_is_not_the_table_heading():
    lines = [
        ["一、总体情况"],
        ["三、主动公开政府信息情况"],
        *[[f"全年主动公开政府信息第{i}批。"] for i in range(9)],
        ["第二十条第（一）项"],
    ]
    layout = split_sections(lines)
    assert layout.found == ["一"] and layout.findings == []
    assert layout.sections["二"][0] == ["第二十条第（一）项"]


def test_a_sentence_with_a_colon_is_no_heading_without_an_ordinal():
    lines = [["一、总体情况"], ["全年平稳。"], ["存在问题：答复不够规范。"], ["其他事项：无。"]]
    layout = split_sections(lines)
    assert layout.found == ["一"] and layout.findings == []


TABLE_FOUR = [["四、政府信息公开行政复议、行政诉讼情况"], ["行政复议 | 行政诉讼"], [" | ".join(["0"] * 15)]]


@pytest.mark.parametrize(
    ("tail", "section"),
    [
        (["本年度未收取信息处理费，没有其他需要报告的事项。"], "六"),  # no problem named: 六's text
        (["本机关信息公开工作还存在一些不足，下一步将加以改进。"], "五"),
        (["主办单位：云江县人民政府办公室", "承办：云江县大数据中心 地址云江县人民路一号 联系电话0123"], None),
        (["注：本表数据来源于本机关政府信息公开工作台账。"], None),
        (["云江县交通运输局", "2025年1月20日"], None),  # the signature alone
    ],
)
def test_what_text_after_table_four_without_a_heading_is_read_as(tail, section):
    layout = split_sections([["一、总体情况"], ["全年平稳。"], *TABLE_FOUR, *[[t] for t in tail]])
    assert [n for n in ("五", "六") if n in layout.sections] == ([section] if section else [])
    assert len(layout.findings) == (1 if section else 0)
    if section:
        assert layout.sections[section] == [[t] for t in tail]
        assert layout.sections["四"] == TABLE_FOUR[1:]


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        (
            "1五、存在的主要问题及改进情况",
            "第五部分的标题为「1五、存在的主要问题及改进情况」，官方为「五、存在的主要问题及改进情况」",
        ),
        (
            "（五）存在的主要问题及改进情况",
            "第五部分的标题为「（五）存在的主要问题及改进情况」，官方为「五、存在的主要问题及改进情况」",
        ),
        (
            "## 存在的主要问题及改进情况",
            "第五部分的标题「存在的主要问题及改进情况」没有序号，官方为「五、存在的主要问题及改进情况」",
        ),
    ],
)
def test_a_garbled_ordinal_is_quoted_as_printed(heading, message):
    lines = [["一、总体情况"], ["第二十条第（一）项"], *TABLE_FOUR, [heading], ["培训不足。"]]
    layout = split_sections(lines)
    assert [f.message for f in layout.findings] == [message]
    assert layout.sections["五"] == [["培训不足。"]]


@pytest.mark.parametrize("path", [CITY, *sorted((Path(__file__).parent / "real_world").glob("r*"))], ids=str)
def test_reports_numbered_as_the_format_says_get_no_heading_warning(path):
    report = read_report(path)
    assert not [m for m in _headings(report) if "部分" in m]


def test_corpus_reports_get_no_heading_warning(corpus_reports):
    for path in corpus_reports:
        assert not [m for m in _headings(read_report(path)) if "部分" in m], path


# ---------------------------------------------------------------- SECTION: only for a section truly absent


def test_a_heading_with_nothing_under_it_is_an_empty_section_an_error_that_says_so():
    text = (HERE / "official.txt").read_text(encoding="utf-8")
    head, _, _ = text.partition("六、其他需要报告的事项")
    report = _read_text(head + "六、其他需要报告的事项\n云江县交通运输局\n2025年1月20日\n")
    assert "六" in report.provenance.sections_found and report.other_matters.is_empty()
    findings = [f for f in all_findings(report) if f.section == "六"]
    assert [(f.rule, f.severity) for f in findings] == [("SECTION", "error")]
    assert "只有标题，没有内容" in findings[0].message
    report = _read_text(head + "云江县交通运输局\n2025年1月20日\n")
    findings = [f for f in all_findings(report) if f.section == "六"]
    assert [f.rule for f in findings] == ["SECTION"] and "缺少" in findings[0].message


def test_a_report_made_in_the_tool_without_a_section_still_misses_it():
    report = consistent_report(1)
    report.other_matters = Narrative()
    assert [f.section for f in all_findings(report) if f.rule == "SECTION"] == ["六"]
