"""Importing published reports as text: the seed, a whole city report read cell by cell, and the real corpus."""

from __future__ import annotations

import re

import pytest

from app.checking import all_findings, cell_rows
from app.importers import ReadError, read_bytes, read_report
from schemas.registry import cell_key, table
from tests.conftest import CITY, CORPUS_CITY_2024, SEED, corpus_path

# what each whole city report says, read by eye from its text (the repository's invented one; the corpus's real one)
CITY_FACTS = {
    "repo": {
        "agency": "示例市人民政府",
        "review_total": 120,
        "after_review_total": 13,
        "fee_amount": 28436.75,
        "licensing": 215346,
        "state_secret_total": 3,
        "postcode": "365000",
        "phone": "0123-6500188",
        "received_sentence": "全市新收政府信息公开申请2028件",
        "other_matters": [
            "2024年，市政府依据《政府信息公开信息处理费管理办法》，发出收费通知3件，收费通知总金额1260元，"
            "实际收取信息处理费1260元。按照省政府年度政务公开工作要点，逐项落实公开任务。全年办理市人大代表建议146件、"
            "市政协委员提案203件，答复结果均已公开。年度工作创新方面，在全市推行政策文件“一图读懂”解读模式。"
        ],
    },
    "corpus": {
        "agency": "淮安市人民政府",
        "review_total": 351,
        "after_review_total": 20,
        "fee_amount": 96171.6,
        "licensing": 447228,
        "state_secret_total": 2,
        "postcode": "223001",
        "phone": "0517-83605210",
        "received_sentence": "全市共受理政府信息公开申请3119件",
        "other_matters": [
            "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"
        ],
    },
}


@pytest.fixture(params=sorted(CITY_FACTS))
def city(request):
    """(path, facts) of a whole 2024 city report as text taken from a PDF: the repository's, then the corpus's."""
    path = CITY if request.param == "repo" else corpus_path(*CORPUS_CITY_2024)
    return path, CITY_FACTS[request.param]


def test_every_corpus_report_imports(corpus_reports):
    for path in corpus_reports:
        report = read_report(path)
        assert report.meta.year is not None, path
        assert any(report.tables.values()), path


def test_seed_township_2020():
    r = read_report(SEED)
    assert (r.meta.agency, r.meta.year, r.meta.format_version, r.meta.level) == ("七户乡", 2020, "2019", "township")
    t3 = r.tables["三"]
    assert len(t3) == 161 and all(c.value == 0 and c.raw == "0" for c in t3.values())
    assert len(r.tables["二"]) == 22 and len(r.tables["四"]) == 15
    assert [f for f in all_findings(r) if f.severity == "error"] == []
    assert r.meta.contact.phone == "7431006" and r.meta.contact.email == "527051628@qq.com"
    assert [s.heading for s in r.problems.subsections] == ["(一)存在的主要问题", "(二)改进情况"]
    assert r.other_matters.paragraphs() == ["无。"]


def _oracle_rows(text: str) -> list[list[int]]:
    """表三 rows of a city report as its text prints them: the last seven '|' fields of each row line."""
    body = text.split("三、收到和处理政府信息公开申请情况")[1].split("四、政府信息公开行政复议")[0]
    rows = []
    for line in body.splitlines():
        fields = [f.strip() for f in line.split("|")]
        if len(fields) >= 8 and all(re.fullmatch(r"\d+", f) for f in fields[-7:]):
            rows.append([int(f) for f in fields[-7:]])
    return rows


def test_city_report_reads_all_175_cells_of_table_three(city):
    path, facts = city
    r = read_report(path)
    assert (r.meta.agency, r.meta.year, r.meta.format_version) == (facts["agency"], 2024, "2021")
    spec = table("2021", "三")
    expected = _oracle_rows(path.read_text(encoding="utf-8"))
    assert len(expected) == 25
    got = [[r.value("三", f"{row.id}.{c.id}") for c in row.columns] for row in spec.value_rows]
    assert got == expected
    assert len(r.tables["三"]) == 175
    assert r.value("四", "administrative_review.total") == facts["review_total"]
    assert r.value("四", "litigation_after_review.total") == facts["after_review_total"]
    assert r.value("二", "administrative_fees.fee_amount") == facts["fee_amount"]
    assert r.value("二", "administrative_licensing.decisions") == facts["licensing"]


def test_city_report_passes_the_table_rules_and_has_no_rh_warning(city):
    path, _ = city
    findings = all_findings(read_report(path))
    rules = {f.rule for f in findings}
    assert not rules & {"R-A", "R-C", "R-D", "R-E", "R-H", "CELL", "PARSE", "LABEL", "SECTION"}
    assert [f for f in findings if f.severity == "error"] == []


def test_the_repository_city_report_has_no_finding_at_all():
    assert all_findings(read_report(CITY)) == []


def test_city_report_narrative_joins_pdf_line_wraps(city):
    path, facts = city
    r = read_report(path)
    assert r.meta.contact.postcode == facts["postcode"] and r.meta.contact.phone == facts["phone"]
    headings = [s.heading for s in r.overview.subsections]
    assert headings[0] == "（一）主动公开情况" and len(headings) == 5
    assert facts["received_sentence"] in r.overview.subsections[1].text
    assert r.other_matters.paragraphs() == facts["other_matters"]


def test_cells_json_uses_official_labels_and_groups(city):
    path, facts = city
    rows = cell_rows(read_report(path))
    by = {(c["table"], c["row"], c["column"]): c for c in rows}
    c = by[("三", "1.属于国家秘密", "总计")]
    assert c["group"] == "（三）不予公开" and c["value"] == facts["state_secret_total"]
    assert c["raw"] == str(facts["state_secret_total"])
    assert by[("三", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "自然人")]["group"] is None
    assert by[("二", "规章", "本年制发件数")]["group"] == "第二十条第（一）项"
    assert by[("四", "未经复议直接起诉", "总计")]["group"] == "行政诉讼"
    assert by[("四", "行政复议", "总计")]["group"] is None


def test_labels_with_guidance_ascii_punctuation_and_blank_cells():
    r = read_report(corpus_path("published", "015_wuhan_sthjj_2020.txt"))
    assert r.meta.format_version == "2019"
    assert r.value("二", "normative_documents.total_published") == 19
    assert r.value("二", "administrative_licensing.change") == 5
    coercion = r.cell("二", "administrative_coercion.decisions")
    assert coercion.value is None and coercion.raw == "-"
    labels = [f.message for f in r.provenance.findings if f.rule == "LABEL"]
    assert any("规章(设区的市" in m for m in labels)
    assert any(
        x.label
        == "其他主动公开文件(含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件,可参考本单位政府信息公开平台“其他主动公开文件”栏目数据)"
        for x in r.provenance.extra_rows
    )


def _keys(table_id: str, row_id: str) -> list[str]:
    row = next(r for r in table("2021", table_id).rows if r.id == row_id)
    return [cell_key(row.id, c.id) for c in row.columns]


def test_truncated_row_is_a_parse_error_not_a_guess():
    r = read_report(corpus_path("published", "030_longgang_qbm_2024.txt"))
    parse = [f for f in r.provenance.findings if f.rule == "PARSE" and f.row == "7.属于行政执法案卷"]
    assert parse and parse[0].severity == "error" and "只有 6 个数值" in parse[0].message
    # six numbers for seven cells, nothing to say which cell is missing: none of them is placed by guess
    assert all(r.cell("三", key) is None for key in _keys("三", "withheld_enforcement_files"))


def test_slash_and_blank_cells_are_kept_raw():
    r = read_report(corpus_path("published", "031_qu_tjj_2023.txt"))
    assert r.cell("二", "regulations.issued").raw == "/"
    assert r.cell("三", "received.natural_person").raw == ""
    assert r.value("三", "received.total") == 0


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_encodings(encoding):
    data = SEED.read_text(encoding="utf-8").encode(encoding)
    r = read_bytes(data, "seed.txt")
    assert r.meta.agency == "七户乡" and len(r.tables["三"]) == 161


def test_markdown_table_and_tab_separated_text():
    lines = CITY.read_text(encoding="utf-8").splitlines()
    md = "\n".join(("| " + ln + " |" if "|" in ln else ln) for ln in lines)
    md = md.replace(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|",
    )
    tabbed = "\n".join(ln.replace(" | ", "\t") for ln in lines)
    base = read_report(CITY)
    for data, name in ((md, "r.md"), (tabbed, "r.txt")):
        r = read_bytes(data.encode("utf-8"), name)
        assert r.tables == base.tables, name


def test_traditional_characters_are_read():
    import opencc

    text = opencc.OpenCC("s2t").convert(CITY.read_text(encoding="utf-8"))
    r = read_bytes(text.encode("utf-8"), "trad.txt")
    assert r.tables == read_report(CITY).tables
    assert r.meta.agency == "示例市人民政府"


@pytest.mark.parametrize(
    "data,fragment",
    [
        (b"", "空"),
        (b"   \n\n", "空"),
        (bytes(range(256)) * 10, "二进制"),
        ("这是一份会议纪要，没有任何表格。".encode(), "统计表格"),
    ],
)
def test_bad_input_gives_a_clear_message(data, fragment):
    with pytest.raises(ReadError) as e:
        read_bytes(data, "x.txt")
    assert fragment in str(e.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="不存在"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="文件夹"):
        read_report(tmp_path)


def test_pdf_text_without_separators_and_a_wrapped_row_label():
    """Text extracted from a PDF with no table detection: single spaces, a long label wrapped mid-row."""
    text = CITY.read_text(encoding="utf-8")
    flat = "\n".join(
        " ".join(p.strip() for p in ln.split("|") if p.strip()) if "|" in ln else ln for ln in text.splitlines()
    )
    assert flat.count("不计其他情形） 213") == flat.count("1 235\n") == 1
    flat = flat.replace("不计其他情形） 213", "不计其他 213").replace("1 235\n", "1 235\n情形）\n")
    r = read_bytes(flat.encode("utf-8"), "flat.txt")
    assert r.tables == read_report(CITY).tables
    assert [f for f in r.provenance.findings if f.severity == "error"] == []


def test_typos_renamed_columns_and_a_2021_table_with_the_2019_other_row():
    text = CITY.read_text(encoding="utf-8")
    text = text.replace("只计这一情形，不计其他情形", "只计这一情况，不计其他情形")
    text = text.replace("5.属于三类内部事务信息", "5.属于三类内容事务信息").replace(
        "现行有效件数", "现行有效件数(历史累计)"
    )
    sub_rows = [
        ln
        for ln in text.splitlines()
        if "申请人无正当理由逾期不补正" in ln or "申请人逾期未按收费通知" in ln or "| 3、其他 |" in ln
    ]
    assert len(sub_rows) == 3
    # the three sub-rows 94|6|0|0|2|1|103, 3|0|0|0|0|0|3 and 64|4|0|0|0|0|68 as one row
    text = text.replace("\n".join(sub_rows), " | （六）其他处理 |  | 161 | 10 | 0 | 0 | 2 | 1 | 174")
    r = read_bytes(text.encode("utf-8"), "mixed.txt")
    assert r.meta.format_version == "2021"
    assert r.value("三", "other_handling.total") == 174 and r.cell("三", "other_other.total") is None
    assert r.value("三", "withheld_internal_affairs.total") == 10
    labels = [f.message for f in r.provenance.findings if f.rule == "LABEL"]
    assert len(labels) == 4
    assert any("现行有效件数(历史累计)" in m for m in labels) and any("只计这一情况" in m for m in labels)
    assert any("三类内容事务信息" in m for m in labels) and any("其他处理" in m for m in labels)
    findings = all_findings(r)
    assert not [f for f in findings if f.severity == "error"]  # R-D uses the single row as the sum of its three


@pytest.mark.parametrize(
    "title",
    [
        "云岭县市场监督管理局关于2024年政府信息公开工作年度报告",
        "云岭县市场监督管理局关于印发2024年政府信息公开工作年度报告的通知",
        "云岭县市场监督管理局二〇二四年政府信息公开工作年度报告",
        "2024年度云岭县市场监督管理局政府信息公开工作年度报告",
    ],
)
def test_agency_and_year_from_title_forms(title):
    text = (
        f"{title}\n一、总体情况\n全年平稳。\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼\n"
        + " | ".join(["0"] * 15)
    )
    r = read_bytes(text.encode("utf-8"), "t.txt")
    assert (r.meta.agency, r.meta.year) == ("云岭县市场监督管理局", 2024)
