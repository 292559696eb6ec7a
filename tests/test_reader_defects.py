"""Readings of a table that would put a wrong value in a cell: each is left unread with a PARSE error, or read
the one way the evidence allows with a note that says what was done."""

from __future__ import annotations

import re

import pytest

from app.importers import read_bytes
from tests.test_alignment import CITY_TEXT, audit, parse_errors


def _spaces(text: str) -> str:
    """The report with every table row's cells separated by single spaces (a plain-text copy)."""
    return "\n".join(
        " ".join(c.strip() for c in ln.split("|") if c.strip()) if "|" in ln else ln for ln in text.split("\n")
    )


def _read(text: str):
    return read_bytes(text.encode(), "report.txt")


def _replaced(old: str, new: str, text: str = CITY_TEXT) -> str:
    assert old in text
    return text.replace(old, new, 1)


# ---------------------------------------------------------------- numbers set apart are not run-together digits


@pytest.mark.parametrize(
    ("old", "new", "table", "row"),
    [
        ("8.属于行政查询事项 64 2 0 0 0 0 66", "8.属于行政查询事项 64 2 0 0 0 0", "三", "8.属于行政查询事项"),
        ("规章 2 1 23", "规章 2 23", "二", "规章"),
    ],
)
def test_a_row_one_number_short_is_not_completed_by_cutting_a_number(old, new, table, row):
    r = _read(_replaced(old, new, _spaces(CITY_TEXT)))
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()  # before: 64 read as 6 | 4, 23 as 2 | 3
    assert "看不出缺的是哪一格" in parse_errors(r)[(table, row)]


def test_dropping_any_one_number_of_any_row_misreads_no_cell():
    text = _spaces(CITY_TEXT)
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、主动公开"))
    stop = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开行政复议"))
    tried = 0
    for i in range(start, stop):
        m = re.match(r"(.*?\D) ((?:\d+ )+\d+)$", lines[i])
        if not m:
            continue
        numbers = m.group(2).split()
        for k in range(len(numbers)):
            shorter = m.group(1) + " " + " ".join(numbers[:k] + numbers[k + 1 :])
            wrong, _ = audit(_read("\n".join([*lines[:i], shorter, *lines[i + 1 :]])))
            assert wrong == {}, (lines[i], k)
            tried += 1
    assert tried > 100


# ---------------------------------------------------------------- a blank last cell is a cell


BLANK_TOTAL = " |  | 8.属于行政查询事项 | 64 | 2 | 0 | 0 | 0 | 0 | 66"


@pytest.mark.parametrize(
    "line",
    [" |  | 8.属于行政查询事项 | 64 | 2 | 0 | 0 | 0 | 0 | ", "\t\t8.属于行政查询事项\t64\t2\t0\t0\t0\t0\t"],
)
def test_a_blank_last_cell_of_a_text_row_stays_the_last_cell(line):
    r = _read(_replaced(BLANK_TOTAL, line))
    got = {k: c.raw for k, c in r.tables["三"].items() if k.startswith("withheld_query_matters")}
    assert got and all(raw == "" for k, raw in got.items() if k.endswith("total"))  # before: 总计 read as 0
    wrong, unnamed = audit(r)
    assert {k for k in wrong} <= {("三", k) for k in got if k.endswith("total")} and unnamed == set()


# ---------------------------------------------------------------- full-width digits, comma and point


@pytest.mark.parametrize("written", ["215，346", "２１５，３４６", "２１５３４６"])
def test_a_number_written_with_full_width_characters_is_read(written):
    r = _read(_replaced("行政许可 | 215346 |  | ", f"行政许可 | {written} |  | "))
    assert r.tables["二"]["administrative_licensing.decisions"].value == 215346  # before: 表二缺少「行政许可」行
    assert not [f for f in r.provenance.findings if f.severity == "error"]


def test_a_full_width_decimal_point_is_a_decimal_point():
    fee = next(ln for ln in CITY_TEXT.split("\n") if re.match(r"^行政事业性收费 \| [\d.]+$", ln))
    amount = fee.split("| ")[1]
    r = _read(_replaced(fee, fee.replace(amount, amount.replace(".", "．"))))
    assert r.tables["二"]["administrative_fees.fee_amount"].value == float(amount)


def test_a_comma_not_before_three_digits_is_no_thousands_separator():
    from app.importers.text import parse_number

    assert parse_number("215，346") == parse_number("215,346") == 215346
    assert parse_number("21，5346") is None and parse_number("1，2") is None


# ---------------------------------------------------------------- more numbers than cells


T4_VALUES = "58 | 17 | 36 | 9 | 120 | 11 | 3 | 5 | 4 | 23 | 7 | 1 | 2 | 3 | 13"


@pytest.mark.parametrize("text", [CITY_TEXT, _spaces(CITY_TEXT)])
def test_an_extra_number_in_table_four_is_dropped_only_when_one_window_adds_up(text):
    values = T4_VALUES if "|" in text.split("四、政府信息公开行政复议")[1][:200] else T4_VALUES.replace(" |", "")
    r = _read(_replaced(values, "1 " + values if "|" not in values else "1 | " + values, text))
    assert audit(r) == ({}, set())  # before: every value shifted by one cell, 结果维持 read as 1
    notes = [f for f in r.provenance.findings if f.table == "四" and f.rule == "PARSE"]
    assert [(f.severity, "（1）" in f.message) for f in notes] == [("warning", True)]


def test_an_extra_number_that_no_window_explains_leaves_table_four_unread():
    r = _read(_replaced(T4_VALUES, T4_VALUES.replace("120 | 11", "120 | 99 | 11")))
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert not any(k for k, c in r.tables["四"].items() if c.raw)
    assert {row for (t, row) in parse_errors(r) if t == "四"}


def test_an_extra_number_in_a_table_three_row_is_dropped_only_when_the_rest_adds_up():
    line = " |  | 3、其他 | 64 | 4 | 0 | 0 | 0 | 0 | 68"
    r = _read(_replaced(line, line.replace("| 64 |", "| 5 | 64 |")))
    assert audit(r) == ({}, set())
    assert [f.severity for f in r.provenance.findings if f.rule == "PARSE" and f.row == "3.其他"] == ["warning"]
    r = _read(_replaced(line, line.replace("| 0 | 68", "| 0 | 7 | 68")))
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set() and ("三", "3.其他") in parse_errors(r)


# ---------------------------------------------------------------- columns in another order than the official one


def _t3_natural_person_last(text: str) -> str:
    """表三 with the 自然人 column moved after 法人或其他组织's five (header and every row)."""
    out, inside = [], False
    for line in text.split("\n"):
        inside = (inside or line.startswith("三、收到")) and not line.startswith("四、政府信息公开行政复议")
        cells = line.split("|")
        if inside and len(cells) == 10:
            line = "|".join(cells[:3] + cells[4:9] + [cells[3]] + cells[9:])
        out.append(line)
    return "\n".join(out)


def test_table_three_columns_in_another_order_are_read_by_their_header_names():
    text = _t3_natural_person_last(CITY_TEXT)
    assert " |  |  | 法人或其他组织 |  |  |  |  | 自然人 | 总计" in text
    r = _read(text)
    assert audit(r) == ({}, set())  # before: 127 (商业企业) read as 自然人, every row shifted
    notes = [f.message for f in r.provenance.findings if f.rule == "PARSE" and f.table == "三"]
    assert len(notes) == 1 and "栏目顺序与官方不同" in notes[0]


def test_table_three_columns_in_another_order_without_a_grid_are_left_unread():
    r = _read(_spaces(_t3_natural_person_last(CITY_TEXT)))
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert "栏目顺序与官方不同" in parse_errors(r)[("三", "一、本年新收政府信息公开申请数量")]


def test_table_two_columns_in_another_order_are_read_by_their_header_names():
    text = _replaced(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", "信息内容 | 现行有效件数 | 本年制发件数 | 本年废止件数"
    )
    text = _replaced("规章 | 2 | 1 | 23", "规章 | 23 | 2 | 1", text)
    text = _replaced("行政规范性文件 | 14 | 9 | 87", "行政规范性文件 | 87 | 14 | 9", text)
    for t in (text, _spaces(text)):
        r = _read(t)
        assert audit(r) == ({}, set())  # before: 现行有效件数 23 read as 本年制发件数
        assert any("栏目顺序与官方不同" in f.message for f in r.provenance.findings if f.table == "二")


def _t4_litigation_swapped(text: str) -> str:
    text = _replaced("未经复议直接起诉 |  |  |  |  | 复议后起诉", "复议后起诉 |  |  |  |  | 未经复议直接起诉", text)
    return _replaced("| 11 | 3 | 5 | 4 | 23 | 7 | 1 | 2 | 3 | 13", "| 7 | 1 | 2 | 3 | 13 | 11 | 3 | 5 | 4 | 23", text)


def test_table_four_groups_in_another_order_are_read_in_the_headers_order():
    for text in (_t4_litigation_swapped(CITY_TEXT), _spaces(_t4_litigation_swapped(CITY_TEXT))):
        r = _read(text)
        assert audit(r) == ({}, set())  # before: 复议后起诉's 7 1 2 3 13 read as 未经复议直接起诉
        notes = [f for f in r.provenance.findings if f.table == "四" and f.rule == "PARSE"]
        assert [f.severity for f in notes] == ["warning"] and "顺序与官方不同" in notes[0].message


def test_table_four_with_two_groups_named_out_of_order_and_one_missing_is_unread():
    text = _t4_litigation_swapped(CITY_TEXT).replace("行政复议 |  |  |  |  | 行政诉讼", "行政诉讼", 1)
    text = text.replace("结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 复议后起诉", "复议后起诉", 1)
    r = _read(text)
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()


# ---------------------------------------------------------------- official rows out of order


@pytest.mark.parametrize(
    ("first", "second", "table", "row"),
    [
        ("规章 | 2 | 1 | 23", "行政规范性文件 | 14 | 9 | 87", "二", "规章"),
        (
            "一、本年新收政府信息公开申请数量 |  |  | 1846 | 127 | 3 | 2 | 41 | 9 | 2028",
            next(ln for ln in CITY_TEXT.split("\n") if ln.startswith("二、上年结转政府信息公开申请数量")),
            "三",
            "一、本年新收政府信息公开申请数量",
        ),
    ],
)
def test_an_official_row_out_of_order_is_that_row(first, second, table, row):
    text = _replaced(f"{first}\n{second}", f"{second}\n{first}")
    for t in (text, _spaces(text)):
        r = _read(t)
        assert audit(r) == ({}, set())  # before: 有官方格式没有的行「…」 and its cells unread
        notes = [f for f in r.provenance.findings if f.table == table and f.row == row]
        assert [(f.rule, f.severity) for f in notes] == [("LABEL", "warning")]
        assert "顺序不同" in notes[0].message


# ---------------------------------------------------------------- a fee stated in 元


@pytest.mark.parametrize("header", ["本年收费金额（单位：元）", "本年收费金额（元）"])
def test_a_fee_whose_header_states_yuan_is_not_read_as_wan(header):
    text = _replaced("本年收费金额（单位：万元）", header)
    r = _read(_replaced("行政事业性收费 | 28436.75", "行政事业性收费 | 284367500", text))
    assert "administrative_fees.fee_amount" not in r.tables["二"]  # before: 284367500 stored as 万元
    message = parse_errors(r)[("二", "行政事业性收费")]
    assert "单位为元" in message and "284367500" in message
