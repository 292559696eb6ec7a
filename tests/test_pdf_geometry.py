"""PDF tables without ruling lines are read by position: each value row tied to the label block beside it.

The fixture tests/fixtures/pdf/shili-city-2024-borderless.pdf is the invented city report of
tests/fixtures/shili-city-2024.txt printed with borderless tables (labels wrapped over two to five lines, values
centred vertically, 表四 as three small tables side by side); tests/fixtures/pdf/README.md says how it is built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checking import check_path
from app.importers import read_report
from app.importers.document import read_lines
from app.importers.pdf_geometry import table_pieces
from tests.conftest import CITY

BORDERLESS = Path(__file__).parent / "fixtures" / "pdf" / "shili-city-2024-borderless.pdf"


@pytest.fixture(scope="module")
def printed_lines() -> list[str]:
    """The fixture's text as pdfplumber extracts it, line by line (what a text-order reader starts from)."""
    import pdfplumber

    with pdfplumber.open(BORDERLESS) as pdf:
        return [ln for page in pdf.pages for ln in (page.extract_text() or "").split("\n")]


def _line_of(lines: list[str], text: str) -> int:
    return next(i for i, ln in enumerate(lines) if text in ln)


def test_the_fixture_prints_labels_and_values_on_different_lines(printed_lines):
    label = _line_of(printed_lines, "5.属于三类内部")
    values = _line_of(printed_lines, "9 1 0 0 0 0 10")
    assert label != values and "事务信息" not in printed_lines[values]
    # 表四's three parts: the 行政复议 values one line above the litigation values
    assert _line_of(printed_lines, "58 17 36 9 120") != _line_of(printed_lines, "11 3 5 4 23 7 1 2 3 13")


def test_every_cell_of_the_borderless_report_is_read_right():
    truth = read_report(CITY)
    got = read_report(BORDERLESS)
    assert {t: {k: c.raw for k, c in cells.items()} for t, cells in got.tables.items()} == {
        t: {k: c.raw for k, c in cells.items()} for t, cells in truth.tables.items()
    }
    assert (got.meta.agency, got.meta.year, got.meta.format_version) == ("示例市人民政府", 2024, "2021")


def test_the_borderless_report_has_no_finding():
    assert [f.message for f in check_path(BORDERLESS).findings] == []


# ---------------------------------------------------------------- page geometry, line by line

SIZE = 9.0


def line(*cells: tuple[float, str], top: float) -> dict:
    """A pdfplumber text line with its chars: (x0, text) per cell, a Chinese character SIZE wide, a digit half."""
    chars = []
    for x0, text in cells:
        x = x0
        for ch in text:
            width = SIZE / 2 if ch.isascii() else SIZE
            chars.append({"text": ch, "x0": x, "x1": x + width, "top": top, "bottom": top + SIZE, "size": SIZE})
            x += width
    text = " ".join(t for _, t in cells)
    return {"text": text, "x0": cells[0][0], "top": top, "bottom": top + SIZE, "chars": chars}


VALUES = tuple(240.0 + 40 * i for i in range(7))


def values(*numbers: str, top: float) -> dict:
    return line(*zip(VALUES, numbers, strict=False), top=top)


def rows(pieces) -> list[list[str]]:
    return [p.cells if p.cells is not None else [p.text] for p in pieces]


def test_values_centred_between_label_lines_belong_to_the_label_around_them():
    pieces = table_pieces(
        [
            line((70, "4.保护第三方合"), top=100),
            values("17", "3", "21", top=106.5),
            line((70, "法权益"), top=113),
            line((70, "5.属于三类内部"), top=130),
            values("9", "1", "10", top=136.5),
            line((70, "事务信息"), top=143),
        ]
    )
    assert rows(pieces) == [["4.保护第三方合法权益", "17", "3", "21"], ["5.属于三类内部事务信息", "9", "1", "10"]]


def test_label_lines_set_wide_apart_are_joined_around_their_values():
    """Wide line spacing in the cells: the gap inside a label is as wide as the gap between rows."""
    pieces = table_pieces(
        [
            line((70, "1.本机关不掌握"), top=100),
            values("402", "27", "442", top=108.5),  # centre 113: midway between the two label lines
            line((70, "相关政府信息"), top=117),
            line((70, "2.没有现成信息需要另行制作"), top=140),
            values("22", "0", "22", top=140),
            line((70, "（二）部分公开（区分处理"), top=163),
            line((70, "的，只计这一情形，不计其他"), top=180),
            values("213", "16", "235", top=180),  # centred on the middle one of three lines
            line((70, "情形）"), top=197),
        ]
    )
    assert rows(pieces) == [
        ["1.本机关不掌握相关政府信息", "402", "27", "442"],
        ["2.没有现成信息需要另行制作", "22", "0", "22"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "213", "16", "235"],
    ]


def test_a_group_label_beside_a_row_stays_a_label_of_its_own():
    pieces = table_pieces(
        [
            line((70, "（三）不"), (120, "5.属于三类内部"), top=100),
            values("9", "1", "10", top=106.5),
            line((70, "予公开"), (120, "事务信息"), top=113),
        ]
    )
    assert rows(pieces) == [["（三）不予公开"], ["5.属于三类内部事务信息", "9", "1", "10"]]


def test_values_in_the_gap_between_two_rows_are_attached_to_neither():
    lines = [
        line((70, "1.属于国家秘密"), top=100),
        values("3", "0", "3", top=115),  # centre 119.5: below the first label, above the second
        line((70, "2.其他法律行政法规禁止公开"), top=130),
        values("27", "1", "28", top=130),
    ]
    assert rows(table_pieces(lines)) == [["1.属于国家秘密"], ["2.其他法律行政法规禁止公开", "27", "1", "28"]]


def test_values_on_the_boundary_of_two_rows_are_attached_to_neither():
    lines = [
        line((70, "2.重复申请"), top=100),
        values("31", "1", "33", top=105.5),  # centre 110: the first label's bottom, the second's top
        line((70, "3.要求提供公开出版物"), top=111),
    ]
    assert rows(table_pieces(lines)) == [["2.重复申请"], ["3.要求提供公开出版物"]]


def test_a_label_spanning_two_value_rows_without_one_clear_cut_gets_no_values():
    pieces = table_pieces(
        [
            line((70, "行政许可事"), top=100),
            values("5", "6", "11", top=100),
            line((70, "项办理情况"), top=113),  # the first row's or the second's: no way to tell
            line((70, "汇总说明"), top=126),
            values("7", "8", "15", top=126),
        ]
    )
    assert rows(pieces) == [["行政许可事项办理情况汇总说明"]]


def test_a_label_spanning_two_value_rows_is_cut_where_each_part_centres_on_its_values():
    pieces = table_pieces(
        [
            line((70, "行政规范"), top=100),
            values("14", "9", "87", top=106.5),
            line((70, "性文件"), top=113),
            line((70, "行政事业"), top=126),
            values("6", "2", "40", top=132.5),
            line((70, "性收费"), top=139),
        ]
    )
    assert rows(pieces) == [["行政规范性文件", "14", "9", "87"], ["行政事业性收费", "6", "2", "40"]]


def test_captions_and_header_lines_without_spacing_stay_out_of_the_row_labels():
    """表二 set solid (no cell padding): captions, header lines and labels all one line pitch apart."""
    pieces = table_pieces(
        [
            line((70, "第二十条第（五）项"), top=100),
            line((70, "信息内容"), (130, "本年处理决定数量"), top=113),
            line((70, "行政许可"), (300, "215346"), top=126),
            line((70, "第二十条第（六）项"), top=139),
            line((70, "信息内容"), (130, "本年处理决定数量"), top=152),
            line((70, "行政处罚"), (300, "52817"), top=165),
        ]
    )
    assert [r for r in rows(pieces) if len(r) > 1] == [["行政许可", "215346"], ["行政处罚", "52817"]]


def test_a_number_wrapped_in_a_narrow_cell_is_put_back_together():
    pieces = table_pieces(
        [
            line((70, "一、本年新收政府信息公开申请"), (320, "202"), top=100),
            values("1846", "127", top=106.5),  # the row's centre: between the label's two lines
            line((70, "数量"), (323, "8"), top=113),
            line((70, "二、上年结转政府信息公开申请数量"), (240, "52"), (280, "4"), (320, "57"), top=140),
        ]
    )
    assert rows(pieces) == [
        ["一、本年新收政府信息公开申请数量", "1846", "127", "2028"],
        ["二、上年结转政府信息公开申请数量", "52", "4", "57"],
    ]


def test_values_of_rows_set_solid_are_never_joined_into_one_number():
    pieces = table_pieces(
        [
            line((70, "1.信访举报投诉类申请"), (240, "48"), (280, "4"), (320, "3"), top=100),
            line((70, "2.重复申请"), (240, "31"), (280, "1"), (320, "0"), top=109),
        ]
    )
    assert rows(pieces) == [["1.信访举报投诉类申请", "48", "4", "3"], ["2.重复申请", "31", "1", "0"]]


def test_a_blank_value_cell_stays_blank_in_its_column():
    pieces = table_pieces(
        [
            line((70, "规章"), (240, "2"), (320, "23"), top=100),
            line((70, "行政规范性文件"), (240, "14"), (280, "9"), (320, "87"), top=120),
        ]
    )
    assert rows(pieces) == [["规章", "2", "", "23"], ["行政规范性文件", "14", "9", "87"]]


def test_parts_of_one_row_side_by_side_are_read_left_to_right_and_stacked_rows_are_not():
    side_by_side = [
        line((70, "行政复议"), (300, "行政诉讼"), top=100),
        line((70, "58"), (110, "17"), (150, "120"), top=113),  # under two header lines, not three
        line((300, "11"), (340, "3"), (380, "23"), top=126),
    ]
    assert rows(table_pieces(side_by_side))[1:] == [["58", "17", "120", "11", "3", "23"]]
    stacked = [
        line((70, "58"), (110, "17"), (150, "120"), top=113),
        line((70, "11"), (110, "3"), (150, "23"), top=126),
    ]
    assert table_pieces(stacked) is None


def test_text_pages_are_left_to_the_text_reader():
    narrative = [
        line((70, "全年通过市政府门户网站主动公开政府信息6200余条，新制定市政府规章2件，"), top=100),
        line((70, "联系电话："), (200, "0123"), (300, "电子邮箱：szfbgs@shilishi.gov.cn"), top=120),
        line((70, "地址：示例市中心大道1号"), (250, "邮编："), (300, "365000"), top=140),
    ]
    assert table_pieces(narrative) is None


def test_a_row_whose_values_are_in_doubt_is_reported_by_the_reader_not_filled():
    """表三's rows 4–6 as a borderless page prints them, row 5's values set lower than its label: unread, reported."""
    page = [
        line((70, "4.保护第三方合"), top=100),
        values("17", "3", "0", "0", "1", "0", "21", top=106.5),
        line((70, "法权益"), top=113),
        line((70, "5.属于三类内部"), top=130),
        line((70, "事务信息"), top=143),
        values("9", "1", "0", "0", "0", "0", "10", top=155),  # centre 159.5: under the label, in the gap
        line((70, "6.属于四类过程"), top=165),
        values("15", "1", "0", "0", "0", "0", "16", top=171.5),
        line((70, "性信息"), top=178),
    ]
    geometry = rows(table_pieces(page))
    assert geometry[1] == ["5.属于三类内部事务信息"]
    text = CITY.read_text(encoding="utf-8").split("\n")
    first = next(i for i, t in enumerate(text) if "4.保护第三方合法权益" in t)
    lines = [[t] for t in text[:first]] + geometry + [[t] for t in text[first + 3 :]]
    report = read_lines(lines, source="x.pdf", source_format="pdf")
    assert report.value("三", "withheld_third_party.total") == 21
    assert report.value("三", "withheld_process_information.total") == 16
    assert not any(k.startswith("withheld_internal_affairs.") for k in report.tables["三"])
    parse = [f for f in report.provenance.findings if f.rule == "PARSE" and f.severity == "error"]
    assert [f.row for f in parse] == ["5.属于三类内部事务信息"]
