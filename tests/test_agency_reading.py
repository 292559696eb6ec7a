"""The agency read from a title wrapped over two or three lines, from the signature block when the title does not
name it, never from a web page's field label (名称, 发布机构, 来源) nor with the preface's words swallowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importers import read_bytes, read_report
from app.importers.meta import agency_in_body, read_meta

HERE = Path(__file__).parent / "fixtures" / "sections"
BODY = (
    "一、总体情况\n全年平稳。\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼\n"
    + " | ".join(["0"] * 15)
    + "\n"
)


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("agency_three_lines.txt", "云江县人民政府办公室"),  # 「云江县人民政府」/「办公室」/「2024年…年度报告」
        ("agency_info_table.html", "云江县交通运输局"),  # 「名称 | 云江县交通运输局2024年…」 above the title
        ("agency_signature.txt", "云江县交通运输局"),  # no title; 「现将本局编制的2024年度…」; the signature
    ],
)
def test_agency_of_a_whole_report(name, agency):
    report = read_report(HERE / name)
    assert (report.meta.agency, report.meta.year) == (agency, 2024)
    assert not [f for f in report.provenance.findings if f.rule == "PARSE"]


@pytest.mark.parametrize(
    ("head", "agency"),
    [
        ("云江县人民政府\n办公室2024年政府信息公开工作年度报告\n", "云江县人民政府办公室"),
        ("云江县人民政府\n办公室\n2024年政府信息公开工作年度报告\n", "云江县人民政府办公室"),
        ("云江市\n人民政府办公室2024年政府信息公开工作年度报告\n", "云江市人民政府办公室"),
        ("云江县人民政府\n2024年政府信息公开工作年度报告\n", "云江县人民政府"),
        # a site's banner above a department's title is not part of its name
        ("云江县人民政府\n云江县教育局2024年政府信息公开工作年度报告\n", "云江县教育局"),
        ("名称 | 云江县教育局2024年政府信息公开工作年度报告\n索引号 | 0123-2025-00012\n", "云江县教育局"),
        ("名称：云江县教育局2024年政府信息公开工作年度报告\n生成日期：2025-01-19\n", "云江县教育局"),
        ("名称 | 云江县教育局2024年政府信息公开工作年度报告 | 生成日期 | 2025-01-19\n", "云江县教育局"),
        ("标题：云江县教育局2024年政府信息公开工作年度报告\n", "云江县教育局"),
        ("生成日期 | 2025-01-19\n云江县教育局2024年政府信息公开工作年度报告\n", "云江县教育局"),
    ],
)
def test_agency_from_the_title_lines(head, agency):
    report = read_bytes((head + BODY).encode("utf-8"), "t.txt")
    assert (report.meta.agency, report.meta.year) == (agency, 2024)


@pytest.mark.parametrize(
    ("preface", "agency"),
    [
        ("现将本局编制的2024年度政府信息公开工作年度报告予以公布。", "云江县林业局"),
        ("现将云江县自然资源局编制的2024年度政府信息公开工作年度报告予以公布。", "云江县自然资源局"),
        ("现将云江县自然资源局关于2024年度政府信息公开工作年度报告公布如下。", "云江县自然资源局"),
        ("现将全县2024年度政府信息公开工作年度报告公布如下。", "云江县林业局"),
        ("现将我委2024年度政府信息公开工作年度报告公布如下。", "云江县林业局"),
        ("现公开云江县水务局2024年政府信息公开工作年度报告。", "云江县水务局"),
    ],
)
def test_the_preface_names_the_agency_without_other_words(preface, agency):
    meta, _ = read_meta([], preface, signature="云江县林业局")
    assert (meta.agency, meta.year) == (agency, 2024)


def test_a_field_label_is_never_part_of_the_name():
    meta, _ = read_meta(["名称 云江县教育局2024年政府信息公开工作年度报告"], "")
    assert meta.agency == "云江县教育局"
    meta, _ = read_meta([], "", signature="发布机构：云江县教育局")
    assert meta.agency == "云江县教育局"


def test_a_closing_line_that_names_no_body_is_not_the_agency():
    meta, _ = read_meta([], "本报告统计期限自2024年1月1日起至2024年12月31日止。", signature="特此报告")
    assert meta.agency == ""


@pytest.mark.parametrize(
    ("paragraphs", "year", "agency"),
    [
        (["2022年,国家新闻出版署坚持以习近平新时代中国特色社会主义思想为指导"], 2022, "国家新闻出版署"),
        (["2024年，云江县交通运输局认真贯彻落实《条例》"], 2024, "云江县交通运输局"),
        (
            ["本年度工作情况如下。", "公开发布《云江县人民政府2023年政府信息公开工作年度报告》。"],
            2024,
            "云江县人民政府",
        ),
        (["2024年，我局坚持以人民为中心"], 2024, ""),  # 我局 names no one
        (["2024年，在县委县政府的坚强领导下"], 2024, ""),
        (["2023年，云江县交通运输局认真贯彻"], 2024, ""),  # another year's sentence
        (["公开发布《云江县人民政府2022年政府信息公开工作年度报告》。"], 2024, ""),  # not last year's report
    ],
)
def test_the_overview_naming_its_own_agency_gives_it_when_title_and_preface_do_not(paragraphs, year, agency):
    assert agency_in_body(paragraphs, year) == agency


def test_a_copy_without_title_takes_the_agency_from_the_overview_opening():
    text = "根据《条例》规定，编制本报告。\n一、总体情况\n2024年，云江县交通运输局认真贯彻落实《条例》，推进公开。\n"
    table = (Path(__file__).parent / "fixtures" / "shili-city-2024.txt").read_text(encoding="utf-8")
    tables = table[table.index("二、主动公开政府信息情况") :]
    report = read_bytes((text + tables).encode(), "x.txt")
    assert report.meta.agency == "云江县交通运输局"
    said = [f.message for f in report.provenance.findings if f.rule == "PARSE" and "单位名称" in f.message]
    assert said == ["标题和前言没有写单位名称，取自正文「一、总体情况」：云江县交通运输局"]  # never silently
