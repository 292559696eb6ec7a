"""Narrative rules: R-H (numbers vs tables), YEAR, PRIVACY, SECTION, ITEM, FORMAT."""

from __future__ import annotations

import pytest

from app.importers import read_report
from app.rules import check
from app.rules.statements import statement_findings, statements
from schemas.report import Cell, Narrative, Subsection
from tests.conftest import CITY, SEED
from tests.factories import consistent_report


def _with_paragraph(text: str, seed: int = 2, **cells):
    r = consistent_report(seed)
    r.overview.subsections[1] = Subsection(heading="（二）依申请公开", text=text)
    for key, value in cells.items():
        t, k = key.split("__", 1)
        k = k.replace("__", ".")
        r.tables[t][k] = Cell(value=value, raw="" if value is None else str(value))
    return r


def _rh(report, **kw):
    return [f for f in statement_findings(report, **kw)]


def test_city_report_states_seventeen_quantities_all_right():
    r = read_report(CITY)
    found = [(st.quantity, st.stated) for s in r.overview.subsections for st in statements(s.text)]
    assert found == [
        ("regulations_issued", 2),
        ("normative_documents_issued", 14),
        ("received", 2028),
        ("carried_over", 57),
        ("handled", 2006),
        ("carried_forward", 79),
        ("review", 120),
        ("review_upheld", 58),
        ("review_corrected", 17),
        ("review_other_result", 36),
        ("review_pending", 9),
        ("litigation", 36),
        ("litigation_upheld", 18),
        ("litigation_corrected", 4),
        ("litigation_other_result", 7),
        ("litigation_pending", 7),
        ("normative_documents_in_force", 87),
    ]
    assert _rh(r) == []


def test_city_report_with_a_changed_cell_flags_the_sentence():
    r = read_report(CITY)
    r.tables["三"]["received.total"] = Cell(value=3000, raw="3000")
    rh = _rh(r)
    assert len(rh) == 1
    f = rh[0]
    assert (f.section, f.paragraph, f.table, f.severity) == ("一", 5, "三", "warning")  # lead, (一), text, (二), text
    assert (f.expected, f.actual) == (3000, 2028)
    assert "2028" in f.message and "3000" in f.message


def test_corpus_city_report_states_fifteen_quantities_all_right(corpus_city_2024):
    r = read_report(corpus_city_2024)
    found = [st.quantity for s in r.overview.subsections for st in statements(s.text)]
    assert set(found) >= {
        "received",
        "handled",
        "carried_over",
        "carried_forward",
        "review",
        "review_upheld",
        "review_pending",
        "litigation",
        "litigation_upheld",
        "litigation_pending",
        "regulations_issued",
    }
    assert _rh(r) == []


def test_corpus_city_report_with_a_changed_cell_flags_the_sentence(corpus_city_2024):
    r = read_report(corpus_city_2024)
    r.tables["三"]["received.total"] = Cell(value=3000, raw="3000")
    rh = _rh(r)
    assert len(rh) == 1
    f = rh[0]
    assert (f.section, f.paragraph, f.table, f.severity) == ("一", 5, "三", "warning")
    assert (f.expected, f.actual) == (3000, 3119)
    assert "3119" in f.message and "3000" in f.message


@pytest.mark.parametrize(
    "sentence,quantity",
    [
        ("全年共收到政府信息公开申请{N}件。", "received"),
        ("本年度新收政府信息公开申请{N}件，上年结转{C}件。", "received"),
        ("上年结转政府信息公开申请{C}件。", "carried_over"),
        ("全部申请中，予以公开{D}件。", "disclosed"),
        ("另有{F}件结转下年度继续办理。", "carried_forward"),
        ("发生政府信息公开行政复议{R}件，其中结果维持{RU}件。", "review"),
        ("政府信息公开行政诉讼{L}件。", "litigation"),
    ],
)
def test_right_statements_pass_and_wrong_ones_are_flagged(sentence, quantity):
    r = consistent_report(9)
    values = {
        "N": r.value("三", "received.total"),
        "C": r.value("三", "carried_over.total"),
        "D": r.value("三", "disclosed.total"),
        "F": r.value("三", "carried_forward.total"),
        "R": r.value("四", "administrative_review.total"),
        "RU": r.value("四", "administrative_review.upheld"),
        "L": r.value("四", "litigation_direct.total") + r.value("四", "litigation_after_review.total"),
    }
    right = _with_paragraph(sentence.format(**values), 9)
    assert _rh(right) == []
    key = {
        "received": "N",
        "carried_over": "C",
        "disclosed": "D",
        "carried_forward": "F",
        "review": "R",
        "litigation": "L",
    }[quantity]
    wrong_values = dict(values, **{key: values[key] + 7})
    wrong = _with_paragraph(sentence.format(**wrong_values), 9)
    rh = _rh(wrong)
    assert len(rh) == 1 and rh[0].actual == values[key] + 7 and rh[0].expected == values[key]


def test_received_may_be_stated_with_carry_over_included():
    r = consistent_report(11)
    both = r.value("三", "received.total") + r.value("三", "carried_over.total")
    assert _rh(_with_paragraph(f"共受理政府信息公开申请{both}件。", 11)) == []


@pytest.mark.parametrize(
    "text",
    [
        "召开新闻发布会12场，发布政策解读21个。",
        "制发市政府及市政府办政策性文件11件。",
        "全年收取信息处理费3940元。",
        "主动公开政府信息5500余条。",
        "开展业务培训2次，参训56人次。",
        "清理规范性文件35件。",
    ],
)
def test_numbers_about_other_things_are_not_compared(text):
    assert _rh(_with_paragraph(text)) == []


def test_negative_statement_contradicting_the_table():
    r = _with_paragraph("本年度未收到政府信息公开申请。", 12)
    assert r.value("三", "received.total") > 0
    rh = _rh(r)
    assert len(rh) == 1 and rh[0].actual == 0


def test_blank_total_falls_back_to_applicant_sum():
    r = consistent_report(13)
    n = r.value("三", "received.total")
    r = _with_paragraph(f"全年共收到政府信息公开申请{n + 1}件。", 13, 三__received__total=None)
    rh = _rh(r)
    assert len(rh) == 1 and rh[0].expected == n


def test_own_drafts_make_rh_an_error():
    r = consistent_report(14)
    wrong = r.value("三", "received.total") + 1
    assert _rh(_with_paragraph(f"收到政府信息公开申请{wrong}件。", 14), own_draft=True)[0].severity == "error"


# ---------------------------------------------------------------- YEAR


def test_year_statistics_period_and_garbled_dates():
    r = consistent_report(1, year=2024)
    r.preface = "本报告所列数据的统计期限自2023年1月1日至2023年12月31日止。"
    r.overview.lead = "2023年，我局坚持依法公开。统计时间自20241月1日起。"
    found = [f for f in check(r) if f.rule == "YEAR"]
    assert {(f.section, f.paragraph) for f in found} == {("前言", 1), ("一", 1)}
    assert len(found) == 3
    ok = consistent_report(1, year=2024)
    ok.preface = "本报告所列数据的统计期限自2024年1月1日至2024年12月31日止。"
    ok.overview.lead = "2024年，我局坚持依法公开。与2023年相比，申请量有所增加。"
    assert [f for f in check(ok) if f.rule == "YEAR"] == []


# ---------------------------------------------------------------- PRIVACY


def test_privacy_finds_id_numbers_mobiles_and_names_but_not_contacts():
    r = consistent_report(1)
    r.preface = "联系电话：13912345678。"
    r.meta.contact.phone = "13912345678"
    r.other_matters.lead += (
        "申请人张三先生（身份证号11010519491231002X）来电，手机13800138000。申请人王某依法获得答复。"
    )
    found = [f.message for f in check(r) if f.rule == "PRIVACY"]
    assert len(found) == 3
    assert (
        any("身份证号" in m for m in found)
        and any("手机号码" in m for m in found)
        and any("张三先生" in m for m in found)
    )
    r.other_matters.lead = r.other_matters.lead.replace("11010519491231002X", "110105194912310029")
    assert not any("身份证号" in f.message for f in check(r) if f.rule == "PRIVACY")


# ---------------------------------------------------------------- SECTION, ITEM, FORMAT


def test_missing_sections_and_items():
    r = consistent_report(1)
    r.problems = Narrative()
    r.overview.subsections = r.overview.subsections[:3]
    r.other_matters = Narrative(lead="无。")
    findings = check(r)
    assert [(f.rule, f.section) for f in findings if f.rule == "SECTION"] == [("SECTION", "五")]
    items = [f for f in findings if f.rule == "ITEM"]
    assert {f.section for f in items} == {"一", "六"}
    assert any("平台建设" in f.message for f in items) and any("监督保障" in f.message for f in items)
    assert any("信息处理费" in f.message for f in items)


def test_government_reports_must_cover_assessment_review_and_accountability():
    r = consistent_report(1)
    r.meta.level = "county_government"
    assert any("责任追究" in f.message for f in check(r) if f.rule == "ITEM")


def test_format_version_must_fit_the_year():
    r = consistent_report(1, "2019", year=2022)
    assert [(f.rule, f.expected, f.actual) for f in check(r) if f.rule == "FORMAT"] == [("FORMAT", "2021", "2019")]
    seed = read_report(SEED)
    assert [f for f in check(seed) if f.rule == "FORMAT"] == []


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收到要求提供公开出版物的申请。",
        "因政府信息公开被申请行政复议{R}件、被提起行政诉讼{L}件。",
        "收到申请数量较上年增加3件。",
        "作出行政处罚决定{P}件，公开行政处罚结果97条。",
        "办理人大代表建议5件、政协委员提案3件。",
    ],
)
def test_sentences_that_must_stay_silent(text):
    r = consistent_report(15)
    values = {
        "R": r.value("四", "administrative_review.total"),
        "L": r.value("四", "litigation_direct.total") + r.value("四", "litigation_after_review.total"),
        "P": r.value("二", "administrative_penalty.decisions"),
    }
    assert _rh(_with_paragraph(text.format(**values), 15)) == []


def test_counts_in_chinese_numerals_and_all_handled_statements():
    r = consistent_report(16)
    review = r.value("四", "administrative_review.total")
    wrong = "两" if review != 2 else "三"
    rh = _rh(_with_paragraph(f"全年发生政府信息公开行政复议{wrong}件。推进“一件事一次办”。", 16))
    assert [(f.table, f.expected) for f in rh] == [("四", review)]
    forward = r.value("三", "carried_forward.total")
    said = _rh(_with_paragraph("全年收到政府信息公开申请若干件，全部办结。上年结转申请已全部办结。", 16))
    assert [(f.row, f.actual) for f in said] == ([("四、结转下年度继续办理", 0)] if forward else [])


def test_no_processing_fee_item_before_the_2021_measures():
    r = consistent_report(1, "2019", year=2020)
    r.other_matters.lead = "无。"
    assert not any("信息处理费" in f.message for f in check(r) if f.rule == "ITEM")


def test_review_and_litigation_stated_together():
    r = consistent_report(17)
    review = r.value("四", "administrative_review.total")
    litigation = r.value("四", "litigation_direct.total") + r.value("四", "litigation_after_review.total")
    n = max(review, litigation) + 1
    rh = _rh(_with_paragraph(f"发生政府信息公开行政复议和行政诉讼各{n}件。", 17))
    assert sorted(f.row for f in rh) == ["行政复议", "行政诉讼"]
