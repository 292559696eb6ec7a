"""Narrative sentences read as a person reads them (R-H): sums said in words, negations, changes beside totals,
and replies that are not the number of applications.

Each sentence is put alone into 「（二）依申请公开」 of the county example (2025; 表三 新收 59, 上年结转 3, 办结 60,
予以公开 31, 部分公开 7, 不予公开 8, 结转下年度 2, 自然人 38; 表四 行政复议 4 of which 结果纠正 1, 行政诉讼 2 of which
结果纠正 0) and checked as a published report, with last year's report (行政复议 3, 收到申请 50) when asked.
"""

from __future__ import annotations

import pytest

from app.importers import read_report
from app.rules.statements import statement_findings
from schemas.report import Cell, Subsection
from tests.conftest import EXAMPLES

REPORT = EXAMPLES / "county-department-2025.json"
PREVIOUS = EXAMPLES / "county-department-2024.json"


def _findings(text: str, *, previous: bool = False, cells: dict[str, int] | None = None):
    """R-H findings of the sentence in 一, as (row, column, expected, actual)."""
    report = read_report(REPORT)
    report.overview.subsections[1] = Subsection(heading="（二）依申请公开", text=text)
    for key, value in (cells or {}).items():
        table, cell = key.split(":")
        report.tables[table][cell] = Cell(value=value, raw=str(value))
    last = read_report(PREVIOUS) if previous else None
    found = statement_findings(report, previous=last)
    return [(f.row, f.column, f.expected, f.actual) for f in found if f.section == "一"]


# ---------------------------------------------------------------- sums said in words

SUM_FIGURES = [
    # (sentence, the sum the table gives, the findings expected)
    ("全年办结申请60件，其中予以公开及部分公开答复38件。", []),
    ("予以公开及部分公开答复31件。", [(None, None, 38, 31)]),
    ("其中同意公开及部分公开的有38件。", []),
    ("其中同意公开及部分公开的有31件。", [(None, None, 38, 31)]),
    ("自然人和法人或其他组织共提出申请59件。", []),
    ("自然人和法人或其他组织共提出申请60件。", [(None, None, 59, 60)]),
    ("予以公开（含部分公开）38件。", []),
    ("予以公开（含部分公开）31件。", [(None, None, 38, 31)]),
    ("予以公开38件（含部分公开7件）。", []),
    ("予以公开31件（含部分公开7件）。", [(None, None, 38, 31)]),
    ("行政复议4件，行政诉讼2件，合计6件。", []),
    ("行政复议4件、行政诉讼2件，共5件。", [(None, None, 6, 5)]),
    ("新收申请59件，上年结转3件，共计62件。", []),
    ("新收申请59件，上年结转3件，共计59件。", [(None, None, 62, 59)]),
    ("本年度共办结申请60件，其中予以公开31件，部分公开7件，二者合计38件。", []),
    ("本年度共办结申请60件，其中予以公开31件，部分公开7件，二者合计37件。", [(None, None, 38, 37)]),
    ("予以公开与部分公开两项共38件。", []),
    ("予以公开与部分公开两项共37件。", [(None, None, 38, 37)]),
]


@pytest.mark.parametrize(("text", "expected"), SUM_FIGURES)
def test_a_sum_said_in_words_is_compared_with_the_sum_never_with_one_term(text, expected):
    assert _findings(text) == expected


# ---------------------------------------------------------------- negations


@pytest.mark.parametrize(
    "text",
    [
        "未发生因依申请公开被行政复议纠错或行政诉讼败诉的情况。",
        "全年未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情形。",
        "未出现行政复议被纠错、行政诉讼败诉情况。",
    ],
)
def test_no_correction_and_no_lost_case_is_about_results_not_about_how_many_cases(text):
    # the table has 行政复议 4, 行政诉讼 2: the sentence says nothing of those; 结果纠正 0 and 0 agree with it
    fixed = {"四:administrative_review.corrected": 0, "四:administrative_review.upheld": 3}
    assert _findings(text, cells=fixed) == []
    # with one review corrected the sentence is wrong about 行政复议's 结果纠正, and only about that
    assert _findings(text) == [("行政复议", "结果纠正", 1, 0)]


def test_no_review_revoked_is_no_result_corrected():
    assert _findings("未发生行政复议被撤销的情况。") == [("行政复议", "结果纠正", 1, 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年未收到政府信息公开申请。", [("一、本年新收政府信息公开申请数量", "总计", 59, 0)]),
        (
            "未发生政府信息公开行政复议和行政诉讼案件。",
            [("行政复议", "总计", 4, 0), ("行政诉讼", "总计", 2, 0)],
        ),
        ("上年无结转申请。", [("二、上年结转政府信息公开申请数量", "总计", 3, 0)]),
        (
            "上年无结转，本年新收60件。",
            [
                ("一、本年新收政府信息公开申请数量", "总计", 59, 60),
                ("二、上年结转政府信息公开申请数量", "总计", 3, 0),
            ],
        ),
        ("无上年结转申请。", [("二、上年结转政府信息公开申请数量", "总计", 3, 0)]),
        ("本年度无结转下年度办理的申请。", [("四、结转下年度继续办理", "总计", 2, 0)]),
        ("未收到申请人投诉。", []),
        ("未收到申请人对答复的异议。", []),
    ],
)
def test_a_plain_none_of_a_table_quantity_is_a_count_of_zero(text, expected):
    assert _findings(text) == expected


# ---------------------------------------------------------------- changes beside totals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行政复议较上年增加1件，全年共4件。", []),
        ("行政复议较上年增加1件，全年共5件。", [("行政复议", "总计", 4, 5)]),
        ("本年度发生政府信息公开行政复议案件较上年增加1件，共5件。", [("行政复议", "总计", 4, 5)]),
        ("与上年相比，行政复议增加1件，为5件。", [("行政复议", "总计", 4, 5)]),
        ("收到申请较上年增加9件，达到60件。", [("一、本年新收政府信息公开申请数量", "总计", 59, 60)]),
        ("收到申请同比增长18%，共58件。", [("一、本年新收政府信息公开申请数量", "总计", 59, 58)]),
        ("收到申请较上年增加9件，达到59件。", []),
        # where a change started is last year's value; where it came to is this year's
        ("收到申请从50件增加到59件。", []),
        ("收到申请由50件增至60件。", [("一、本年新收政府信息公开申请数量", "总计", 59, 60)]),
        ("行政复议案件下降至3件。", [("行政复议", "总计", 4, 3)]),
    ],
)
def test_a_total_said_after_a_change_is_the_quantity_the_change_is_of(text, expected):
    assert _findings(text) == expected


def test_a_change_is_checked_only_against_last_years_report():
    text = "行政复议较上年减少2件，全年共4件。"
    assert _findings(text) == []  # 4 is the total, and right; 2 is a change no table of this year holds
    flagged = _findings(text, previous=True)
    assert len(flagged) == 1 and "实际增加1件" in str(flagged[0][2])


# ---------------------------------------------------------------- replies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年收到申请59件，同意公开答复31件。", []),
        ("全年收到申请59件，同意公开答复9件。", [("（一）予以公开", "总计", 31, 9)]),
        ("全年收到申请59件，予以公开答复31件，不予公开答复8件。", []),
        ("全年收到申请59件，予以公开答复9件。", [("（一）予以公开", "总计", 31, 9)]),
        ("依申请公开答复60件。", []),
        ("征求第三方意见5件，第三方同意公开的2件。", []),  # a third party's consent is no reply
    ],
)
def test_a_reply_of_one_kind_is_that_outcome_not_the_number_received_or_handled(text, expected):
    assert _findings(text) == expected


HANDLED = ("（七）总计", "总计", 60)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # as 淮安市人民政府's 2024 report says it: every reply is every application handled
        ("全市共受理政府信息公开申请59件，答复60件（含上年度结转申请3件，另有2件顺延到下年度答复）。", []),
        ("全年收到申请59件，已答复9件。", [(*HANDLED, 9)]),
        ("依申请公开答复9件。", [(*HANDLED, 9)]),
        ("全年共答复政府信息公开申请9件。", [(*HANDLED, 9)]),
    ],
)
def test_a_reply_of_no_kind_is_every_application_handled(text, expected):
    assert _findings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度新收政府信息公开申请59件，2024年为50件。", []),
        ("本年度新收政府信息公开申请59件，2024年为48件。", [("一、本年新收政府信息公开申请数量", "总计", 50, 48)]),
    ],
)
def test_last_years_figure_named_by_its_year_is_compared_with_last_years_report(text, expected):
    assert _findings(text, previous=True) == expected
    assert _findings(text) == []  # without last year's report there is nothing to compare it with
