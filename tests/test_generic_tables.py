"""Converted tables: header rows that name no official row or column (类别 | 数据1 …, 序号 | 1 | 2 …) are dropped and
columns are taken by position, checked by the row sums; a template published unfilled is read as blank cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checking import all_findings
from app.importers import read_bytes, read_report
from app.importers.cells import generic_header
from app.importers.tables import read_table
from schemas.registry import table
from tests.conftest import CITY
from tests.test_alignment import TRUTH, audit, parse_errors

TABLES = Path(__file__).parent / "fixtures" / "tables"
GENERIC = (TABLES / "generic-headers.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["generic-headers.md", "one-table-per-row.md"])
def test_generic_header_rows_are_dropped_and_every_cell_is_read(name):
    r = read_report(TABLES / name)
    assert r.tables == TRUTH.tables
    assert [f.message for f in all_findings(r) if f.rule in ("LABEL", "PARSE", "CELL")] == []
    assert [f for f in all_findings(r) if f.severity == "error"] == []


def test_a_row_that_does_not_add_up_under_generic_headers_is_a_parse_error_not_a_guess():
    row = "| 2.没有现成信息需要另行制作 | 22 | 0 | 0 | 0 | 0 | 0 | 22 |"
    assert row in GENERIC
    shifted = "| 2.没有现成信息需要另行制作 | 22 | 0 | 0 | 0 | 0 | 22 | 0 |"  # a column lost, one added
    r = read_bytes(GENERIC.replace(row, shifted).encode(), "shifted.md")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    message = parse_errors(r)[("三", "2.没有现成信息需要另行制作")]
    assert "表头没有官方栏目名" in message and "合计 44 不等于总计 0" in message
    assert not [f for f in all_findings(r) if f.rule == "R-C"]


def test_a_row_that_lost_a_cell_is_not_filled_from_the_next_line():
    row = "| 2.没有现成信息需要另行制作 | 22 | 0 | 0 | 0 | 0 | 0 | 22 |"
    r = read_bytes(GENERIC.replace(row, "| 2.没有现成信息需要另行制作 | 22 | 0 | 0 | 0 | 0 | 22 |").encode(), "lost.md")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert ("三", "2.没有现成信息需要另行制作") in parse_errors(r)


def test_table_four_under_generic_headers_is_checked_by_each_groups_sum():
    row = "| 未经复议直接起诉 | 11 | 3 | 5 | 4 | 23 |"
    assert row in GENERIC
    r = read_bytes(GENERIC.replace(row, "| 未经复议直接起诉 | 3 | 5 | 4 | 23 | 11 |").encode(), "t4.md")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert ("四", "未经复议直接起诉") in parse_errors(r)
    assert r.value("四", "litigation_after_review.total") == 13


@pytest.mark.parametrize(
    "cells,generic",
    [
        (["类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"], True),
        (["项目", "列1", "列2", "列3"], True),
        (["序号", "1", "2", "3"], True),
        (["", "1", "2", "3", "4", "5", "6", "7"], True),
        (["1 2 3 4 5 6 7"], True),
        (["Unnamed: 0", "Unnamed: 1", "Unnamed: 2"], True),
        # a row of numbers, a label with numbers, official headers: not generic
        (["1", "2", "3"], False),
        (["规章", "1", "2", "3"], False),
        (["3 0 0 0 0 0 3"], False),
        (["", "", "", "自然人", "法人或其他组织", "总计"], False),
        (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], False),
    ],
)
def test_which_header_rows_are_generic(cells, generic):
    from app.importers.tables import _official_headers

    assert generic_header(cells, _official_headers(table("2021", "三"))) is generic


def test_bare_numbers_in_table_two_are_values_not_a_header():
    """表二 has no sums: 规章 1 2 3 and 行政规范性文件 4 5 6 in one values line of a PDF block is data."""
    text = (TABLES / "blocks-aligned.txt").read_text(encoding="utf-8").replace("2 1 23\n14 9 87", "1 2 3 4 5 6")
    r = read_bytes(text.encode(), "b.txt")
    assert [r.value("二", k) for k in table("2021", "二").cell_keys()[:6]] == [1, 2, 3, 4, 5, 6]


def test_bare_column_numbers_under_a_pdf_header_are_not_a_row():
    text = CITY.read_text(encoding="utf-8")
    header = " |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | "
    assert header in text
    r = read_bytes(text.replace(header, header + "\n1 2 3 4 5 6 7").encode(), "numbers.txt")
    assert r.tables == TRUTH.tables
    assert [f.message for f in r.provenance.findings] == []


@pytest.mark.parametrize("name", ["skeleton-plain.txt", "skeleton-pipes.txt"])
def test_an_unfilled_template_is_read_as_blank_cells(name):
    r = read_report(TABLES / name)
    for t in ("二", "三", "四"):
        keys = table("2021", t).cell_keys()
        assert set(r.tables[t]) == set(keys), t
        assert all(c.value is None and c.raw == "" for c in r.tables[t].values()), t
    assert [f.message for f in r.provenance.findings if f.rule == "PARSE"] == []
    cell = [f for f in all_findings(r) if f.rule == "CELL"]
    assert cell and all(f.severity == "error" for f in cell)
    assert {f.table for f in cell} == {"二", "三", "四"}


def test_a_skeleton_with_most_row_labels_is_a_table_found():
    text = (TABLES / "skeleton-plain.txt").read_text(encoding="utf-8")
    region = text.split("三、收到和处理政府信息公开申请情况\n")[1].split("四、政府信息公开行政复议")[0]
    lines = [[ln] for ln in region.splitlines()]
    read = read_table(lines, "2021", "三")
    assert read.found and read.skeleton and len(read.cells) == 175
    few = [ln for ln in lines if "（" not in ln[0]][:8]  # a handful of labels is not a table
    assert not read_table(few, "2021", "三").found
