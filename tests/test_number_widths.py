"""Numbers in every width: full-width digits, 「，」 between thousands, 「．」 as a decimal point, digits of other
scripts and years in Chinese digits are read as the numbers they are, in one normalisation that every reader and
the claims share; lists, dates, phone numbers and document numbers stay what they are; the report keeps the text
as the clerk wrote it."""

from __future__ import annotations

import re

import pytest

from app.checking import all_findings
from app.claims import read_claims
from app.claims.numbers import normalise
from app.importers import read_bytes, read_report
from app.importers.meta import read_meta
from app.importers.text import parse_number
from tests.conftest import CITY
from tests.test_formats import document, to_docx, to_html, to_xlsx

WIDE = str.maketrans("0123456789.", "０１２３４５６７８９．")


def wide(text: str) -> str:
    return text.translate(WIDE)


# ---------------------------------------------------------------- the one normalisation


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("收到申请3，864件", "收到申请3,864件"),
        ("３，８６４", "3,864"),
        ("1，234，567元", "1,234,567元"),
        ("１２．５", "12.5"),
        ("办结率９８．５％", "办结率98.5%"),
        ("２０２４年度", "2024年度"),
        ("二〇二四年", "2024年"),
        ("二零二三年度", "2023年度"),
        ("第٣条", "第3条"),  # Arabic-Indic digit
        ("𝟐𝟎𝟐𝟒年", "2024年"),  # mathematical bold digits
        ("收到申请1，234，其中办结", "收到申请1,234，其中办结"),  # a clause break after the number
        ("分别为3，864件、238件、17件", "分别为3,864件、238件、17件"),  # each number with its unit
    ],
)
def test_numbers_are_written_the_ascii_way_one_character_for_one(written, read):
    assert normalise(written) == read
    assert len(normalise(written)) == len(written)  # claims' spans index the text as written


@pytest.mark.parametrize(
    "written",
    [
        "分别为3，5，7件",  # a list: 3, 5 and 7
        "12，345，67",  # a group of two digits after: a list
        "分别为12，345",  # two numbers said of two subjects, no unit to tie them
        "1，2345",  # four digits after the comma: no thousands
        "2024年1月1日至2024年12月31日",
        "电话：0123-6500188",
        "国办公开办函〔2021〕30号",
        "共12．办结",  # a full stop, not a decimal point
        "一二三四年",  # no year
        "十二件",  # Chinese numerals other than a year are read by the claims as they are
    ],
)
def test_lists_dates_phones_and_document_numbers_stay_as_they_are(written):
    assert normalise(written) == written


@pytest.mark.parametrize(
    ("cell", "value"),
    [("３，８６４", 3864), ("3，864", 3864), ("１２．５", 12.5), ("２８，４３６．７５", 28436.75), ("٣٨٦٤", 3864)],
)
def test_a_table_cell_in_any_width_is_its_number(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["3，5", "3，5，7", "1，2345", "三"])
def test_a_cell_that_is_no_number_stays_no_number(cell):
    assert parse_number(cell) is None


# ---------------------------------------------------------------- claims in prose


def _counts(text: str) -> list[tuple[int | float | None, str, str | None]]:
    return [(c.value, c.unit, c.quantity) for c in read_claims(text, year=2024) if c.kind == "count"]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("全市新收政府信息公开申请3，864件", [(3864, "件", "received")]),  # before: 3 and 864件
        ("全市新收政府信息公开申请３，８６４件", [(3864, "件", "received")]),
        ("本年新收申请三件", [(3, "件", "received")]),
        ("收到申请十二件", [(12, "件", "received")]),
        ("引发行政复议两起", [(2, "起", "review")]),
        ("收到申请一百零五件", [(105, "件", "received")]),
        ("分别为3，5，7件", [(3, "件", None), (5, "件", None), (7, "件", None)]),
    ],
)
def test_prose_counts_in_every_width(text, counts):
    assert _counts(text) == counts


def test_a_year_in_chinese_digits_is_a_year_not_a_duration():
    claims = read_claims("二〇二四年收到申请一千零五件", year=2024)
    assert [(c.kind, c.value) for c in claims] == [("year", 2024), ("count", 1005)]  # before: 4年, a duration


# ---------------------------------------------------------------- title and preface


@pytest.mark.parametrize(
    "title",
    [
        "示例县教育局２０２４年政府信息公开工作年度报告",
        "示例县教育局二〇二四年度政府信息公开工作年度报告",
        "２０２４年度示例县教育局政府信息公开工作年度报告",
    ],
)
def test_the_title_gives_year_and_agency_in_any_width(title):
    meta, source = read_meta([title], "")
    assert (meta.agency, meta.year, source) == ("示例县教育局", 2024, "标题")


def test_the_statistics_period_in_full_width_gives_the_year():
    meta, source = read_meta([], wide("本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"))
    assert (meta.year, source) == (2024, "统计期限")


# ---------------------------------------------------------------- whole reports, every format

_THOUSANDS = ("2028", "2006", "215346", "52817", "3129", "1846", "1827", "6200", "1260", "28436")


def _grouped(text: str) -> str:
    """The city report with its large numbers grouped by 「，」 (2，028 件, | 215，346) and every digit full-width."""
    for n in _THOUSANDS:
        text = re.sub(rf"(?<!\d){n}(?!\d)", f"{n[:-3]}，{n[-3:]}", text)
    return wide(text)


@pytest.fixture(scope="module")
def ascii_city():
    return read_report(CITY)


@pytest.fixture(scope="module")
def wide_city_text() -> str:
    return _grouped(CITY.read_text(encoding="utf-8"))


def _values(report) -> dict:
    return {(t, k): c.value for t, cells in report.tables.items() for k, c in cells.items()}


def _same_reading(got, expected) -> None:
    assert (got.meta.agency, got.meta.year, got.meta.format_version) == ("示例市人民政府", 2024, "2021")
    assert _values(got) == _values(expected)
    assert [f.message for f in all_findings(got)] == []


def test_a_full_width_report_reads_as_its_ascii_twin(ascii_city, wide_city_text):
    assert "２，０２８" in wide_city_text and "| ２１５，３４６" in wide_city_text
    got = read_bytes(wide_city_text.encode(), "city.txt")
    _same_reading(got, ascii_city)
    # before: no agency, no year, 「未能识别报告年度」
    assert got.value("二", "administrative_licensing.decisions") == 215346
    assert got.value("二", "administrative_fees.fee_amount") == 28436.75
    # the report keeps the clerk's text as written
    assert "２，０２８" in "".join(got.overview.paragraphs())
    assert got.meta.contact.phone == ascii_city.meta.contact.phone
    assert got.meta.contact.address == wide(ascii_city.meta.contact.address)


@pytest.mark.parametrize(("kind", "write"), [("html", to_html), ("docx", to_docx), ("xlsx", to_xlsx)])
def test_a_full_width_report_reads_as_its_ascii_twin_in_every_format(ascii_city, wide_city_text, kind, write):
    blocks = document(read_bytes(wide_city_text.encode(), "city.txt"))
    got = read_bytes(write(blocks), f"city.{kind}")
    assert got.provenance.source_format == kind
    _same_reading(got, ascii_city)


def _rules(report) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in all_findings(report)]


def test_a_false_full_width_number_in_the_narrative_is_flagged():
    text = CITY.read_text(encoding="utf-8").replace("2028 件", "２，０２９ 件")
    found = _rules(read_bytes(text.encode(), "city.txt"))
    assert [rule for rule, _ in found] == ["R-H"]
    assert "收到申请数为 2029" in found[0][1] and "相差 1" in found[0][1]  # before: 029 read as 29, no finding
    assert "称“全市新收政府信息公开申请２，０２９件”" in found[0][1]  # quoted as written, not as read (2,029)


def test_a_true_full_width_number_in_the_narrative_is_not_flagged():
    text = CITY.read_text(encoding="utf-8").replace("2028 件", "２，０２８ 件").replace("2006 件", "2，006 件")
    assert _rules(read_bytes(text.encode(), "city.txt")) == []


@pytest.mark.parametrize("year", ["２０２３", "二〇二三", "二○二三", "二Ｏ二三", "二0二三"])
def test_a_wrong_year_in_full_width_or_chinese_digits_is_a_year_finding_quoted_as_written(year):
    text = CITY.read_text(encoding="utf-8").replace("2024 年，示例市", f"{year} 年，示例市")
    found = _rules(read_bytes(text.encode(), "city.txt"))
    assert found == [("YEAR", f"「一、总体情况」第 1 段的年份“{year}年”与报告年度 2024 年不符（可能沿用了往年的文字）")]


def test_a_full_width_signature_date_is_the_signoff_date():
    text = CITY.read_text(encoding="utf-8").rstrip("\n") + "\n示例市人民政府\n２０２５年１月２０日\n"
    got = read_bytes(text.encode(), "city.txt")
    assert str(got.meta.signoff.date) == "2025-01-20"
    assert "２０２５年１月２０日" not in "".join(got.other_matters.paragraphs())


def test_a_signature_date_in_chinese_numerals_is_the_signoff_date():
    text = CITY.read_text(encoding="utf-8").rstrip("\n") + "\n示例市人民政府\n二〇二五年一月二十日\n"
    got = read_bytes(text.encode(), "city.txt")
    assert str(got.meta.signoff.date) == "2025-01-20"
    assert _rules(got) == []  # before: no sign-off date and a YEAR warning on 二〇二五年


def test_a_title_with_a_circle_for_zero_names_the_year():
    text = CITY.read_text(encoding="utf-8").replace("2024 年", "二○二四年")  # title, preface and body
    got = read_bytes(text.encode(), "city.txt")
    assert got.meta.year == 2024
    assert _rules(got) == []


def test_a_statistics_period_in_chinese_numerals_is_checked():
    period = "自 2024\n年 1 月 1 日起至 2024 年 12 月 31 日止"
    text = CITY.read_text(encoding="utf-8")
    assert period in text
    text = text.replace(period, "自二〇二三年一月一日起至二〇二三年十二月三十一日止")
    assert [rule for rule, _ in _rules(read_bytes(text.encode(), "city.txt"))] == ["YEAR"]


def test_normalising_a_long_text_stays_linear():
    """A long paragraph of grouped numbers (a hostile or garbled file): each number looks back a bounded way for
    「分别」 (before: the whole text before each number, quadratic — 1 MB did not finish in 10 minutes)."""
    import time

    text = "收到申请1，234件，" * 30000 + "分别为" + "１，２３４ " * 30000
    start = time.perf_counter()
    out = normalise(text)
    assert time.perf_counter() - start < 5
    assert len(out) == len(text) and out.startswith("收到申请1,234件，") and out.endswith("1,234 ")


def test_claims_quote_the_text_as_written():
    claims = read_claims("全市新收政府信息公开申请３，８６４件，办结率９８．５％", year=2024)
    assert [(c.value, c.text, c.clause) for c in claims] == [
        (3864, "３，８６４件", "全市新收政府信息公开申请３，８６４件"),
        (98.5, "９８．５％", "办结率９８．５％"),
    ]


def test_a_number_too_long_for_a_count_is_no_number():
    from app.claims.numbers import parse_value
    from app.importers.text import parse_number

    for read in (parse_number, parse_value):
        assert read("1" * 310 + ".5") is None  # a float of it is inf: 「相差 inf」
        assert read("9" * 5000) is None  # beyond Python's int conversion limit
        assert read("123,456,789") == 123456789


def _long_sentence(size: int) -> str:
    """About ``size`` characters in one sentence: a list of names said 「分别为」 numbers, counts with 「（含…）」 and
    changes, none of them broken by a full stop."""
    k = size // 20
    names = "、".join(("自然人", "商业企业", "科研机构")[i % 3] for i in range(k))
    numbers = "、".join(f"{i % 9 + 1}件" for i in range(k))
    return (
        f"予以公开{names}分别为{numbers}，"
        + "收到申请1234件（含部分公开），" * (size // 36)
        + "其中予以公开"
        + "较上年增加5件，" * (size // 32)
        + "另有"
        + "1 " * (size // 8)  # numbers with no clause break after them
    )


def test_reading_a_long_sentence_takes_time_in_proportion_to_its_length():
    import time

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            read_claims(text, year=2024)
            best = min(best, time.perf_counter() - start)
        return best

    short, long = _long_sentence(12_500), _long_sentence(50_000)
    assert len(long) > 50_000
    # four times the text: about four times the work (quadratic reading would take sixteen times)
    assert seconds(long) / seconds(short) < 8


def test_a_percent_in_chinese_numerals_is_read_with_its_decimals_and_bounded():
    (rate,) = read_claims("全年办结率为百分之九十七点九。", year=2024)
    assert (rate.kind, rate.value) == ("rate", 97.9)
    # 1,200 「万」 after 百分之 is no number, and reading it does not fail
    assert all(c.value is None for c in read_claims("占比为百分之" + "万" * 1200 + "。", year=2024))
    # more decimals than are read: no number rather than a shortened one
    assert read_claims("占比为百分之九十九点九九九九九。", year=2024) == []


@pytest.mark.parametrize(("written", "value"), [("一〇五", 105), ("一零五", 105), ("二〇二八", 2028)])
def test_chinese_digits_written_one_by_one_are_read_digit_by_digit(written, value):
    (count,) = read_claims(f"全年收到申请{written}件。", year=2024)
    assert count.value == value


@pytest.mark.parametrize("estimate", ["三四", "三四五", "七八九", "一二三四", "二三十", "七八十", "一二百"])
def test_chinese_digits_each_one_above_the_last_are_an_estimate_not_a_number(estimate):
    # 「三四件」 is three or four, 「三四五件」 three to five, 「二三十件」 twenty or thirty: read as nothing rather than
    # as 4, 345 or 30
    assert [c.value for c in read_claims(f"全年收到申请{estimate}件。", year=2024) if c.kind == "count"] == []


def test_three_chinese_digits_not_in_a_run_are_read_one_by_one():
    (count,) = read_claims("全年收到申请一一五件。", year=2024)
    assert count.value == 115


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("其中予以公开、部分公开分别为872，235件。", [872, 235]),  # two subjects: two numbers
        ("其中予以公开、部分公开分别为８７２，２３５件。", [872, 235]),
        ("其中自然人、法人或其他组织分别为1，847、182件。", [1847, 182]),  # two subjects: 1，847 is one
        ("结果维持、结果纠正、其他结果、尚未审结分别为59,17,36,9件。", [59, 17, 36, 9]),
        ("结果维持、结果纠正、其他结果、尚未审结分别为59，17，36，9件。", [59, 17, 36, 9]),
        ("行政许可、行政处罚分别为1,234件和567件。", [1234, 567]),
        ("行政复议、行政诉讼各为1，234件。", [1234, 1234]),  # one number said of each
        # 「872,235」 is a thousands-separated number and also two numbers for two subjects: neither is read
        ("其中予以公开、部分公开分别为872,235件。", []),
    ],
)
def test_commas_in_a_list_said_respectively_are_decided_by_its_subjects(text, values):
    assert [c.value for c in read_claims(text, year=2024) if c.kind == "count"] == values


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("2 028", 2028),
        ("2\u3000028", 2028),
        ("12 345 678", 12345678),
        ("58 17", None),
        ("1234 567", None),
        (" 58 ", 58),
    ],
)
def test_a_space_in_a_cell_separates_thousands_only_before_three_digits(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [("全市新收申请2 028件。", [2028]), ("全市新收申请２　０２９件。", [2029]), ("收到申请58 17件。", [])],
)
def test_a_space_in_a_number_in_prose_separates_thousands_or_leaves_no_number(text, values):
    assert [c.value for c in read_claims(text, year=2024) if c.kind == "count"] == values


def test_a_clause_written_twice_is_quoted_where_its_number_is():
    # the same clause in two widths: each claim quotes its own, as written
    first, second = read_claims("依申请公开：本年新收申请３件；行政复议：本年新收申请3件。", year=2024)
    assert (first.clause, second.clause) == ("本年新收申请３件", "本年新收申请3件")


def test_subjects_joined_by_or_count_as_two_before_a_list():
    # the list reader and the comma reading count subjects one way: 「或」 joins two (872235 was read)
    assert [c.value for c in read_claims("自然人或法人分别为872，235件。", year=2024)] == [872, 235]
