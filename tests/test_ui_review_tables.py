"""What 审核 shows of the tables and 基本信息: this year's figures beside last year's, the ones that stand out."""

from __future__ import annotations

import pytest

from app.importers import read_report
from app.workspace.table_review import (
    STYLE,
    basics_html,
    block_html,
    compare,
    compare_basics,
    compare_table,
    flagged,
)
from schemas.report import Cell
from tests.conftest import EXAMPLES


@pytest.fixture
def reports():
    this = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    last = read_report(EXAMPLES / "county-department-2024.json")
    return this, last


@pytest.mark.parametrize(
    ("now", "before", "flag"),
    [
        (16, 10, "changed"),  # +6: at least 5 and at least half of 10
        (14, 10, ""),  # +4: too small to stand out
        (140, 100, ""),  # +40 on 100: less than half
        (20, 0, "changed"),  # from nothing to 20
        (3, 0, ""),
        (0, 12, "changed"),  # dropped to nothing
    ],
)
def test_a_big_change_stands_out_a_small_one_does_not(now, before, flag):
    assert compare(str(now), str(before), now_value=now, before_value=before).flag == flag


def test_a_blank_stands_out_whatever_last_year_had():
    assert compare("", "3", now_value=None, before_value=3).flag == "blank"
    assert compare("/", None).flag == "blank"


def test_table_three_this_year_beside_last_year(reports):
    this, last = reports
    (block,) = compare_table(this, last, "三")
    assert block.columns[0] == "自然人" and block.columns[-1] == "总计"
    received = block.rows[0]
    assert (received.cells[0].now, received.cells[0].before) == ("38", "33")
    headings = [r.label for r in block.rows if not r.cells]
    assert "三、本年度办理结果" in headings  # headings span the row, without figures


def test_a_cell_changed_a_lot_is_shaded_and_one_left_blank_is_marked(reports):
    this, last = reports
    this.tables["三"]["received.natural_person"] = Cell(value=80, raw="80")
    this.tables["三"]["carried_over.natural_person"] = Cell(value=None, raw="")
    (block,) = compare_table(this, last, "三")
    assert flagged([block]) == {"changed": 1, "blank": 1}
    html = block_html(block)
    assert 'style="background:#fff4ce" title="与上年相比变化较大">80<span class="nb-before">上年 33</span>' in html
    assert "<b>空白</b>" in html


def test_without_last_year_only_this_years_figures(reports):
    this, _ = reports
    blocks = compare_table(this, None, "二")
    assert [b.caption for b in blocks][0] == "第二十条第（一）项"
    assert all(c.before is None for b in blocks for r in b.rows for c in r.cells)
    assert "上年 —" in block_html(blocks[0])


def test_basic_information_beside_last_year(reports):
    this, last = reports
    this.meta.contact.phone = ""
    this.meta.contact.email = "new@shilixian.gov.cn"
    rows = {r.label: r.cells[0] for r in compare_basics(this, last).rows}
    assert rows["电话"].flag == "blank" and rows["电话"].before == "0123-6543210"
    assert rows["电子邮箱"].flag == "changed"
    assert rows["报告年度"].flag == "" and (rows["报告年度"].now, rows["报告年度"].before) == ("2025", "2024")
    assert rows["单位层级"].now == "政府部门"
    assert "示例县人民路88号" in basics_html(compare_basics(this, last))


def test_headers_break_between_words_not_inside_them(reports):
    this, last = reports
    html = "".join(block_html(b) for b in compare_table(this, last, "三"))
    assert "word-break:keep-all" in STYLE and ".nb-cmp th.nb-short{white-space:nowrap}" in STYLE
    assert '<th class="nb-short">科研机构</th>' in html and '<th class="nb-short">社会公益组织</th>' in html
