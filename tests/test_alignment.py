"""Table values tied to their row labels by evidence only: a grid line, a label followed by exactly its row's values,
or a block of labels followed by a block of values that matches them in count and arithmetic. Anything else is a
PARSE error that names the row, and no value is ever read into the wrong cell."""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest

from app.checking import all_findings
from app.importers import read_bytes, read_report
from schemas.registry import table
from schemas.report import Report
from tests.conftest import CITY

TABLES = Path(__file__).parent / "fixtures" / "tables"
TRUTH = read_report(CITY)  # the same report with every table as clean '|' rows: every cell as published


def audit(report: Report, truth: Report = TRUTH) -> tuple[dict, set]:
    """(cells read that differ from the truth, rows with an unread cell that no PARSE error names)."""
    version = report.meta.format_version
    named = {(f.table, f.row) for f in report.provenance.findings if f.rule == "PARSE" and f.severity == "error"}
    wrong, unnamed = {}, set()
    for t in ("二", "三", "四"):
        for row in table(version, t).value_rows:
            for key in row.cell_keys():
                got, want = report.tables[t].get(key), truth.tables[t][key].raw
                if got is None:
                    if (t, row.label) not in named:
                        unnamed.add((t, row.label))
                elif got.raw != want:
                    wrong[(t, key)] = (got.raw, want)
    return wrong, unnamed


def parse_errors(report: Report) -> dict[tuple[str, str | None], str]:
    return {
        (f.table, f.row): f.message for f in report.provenance.findings if f.rule == "PARSE" and f.severity == "error"
    }


def test_label_and_value_blocks_that_match_are_read_in_order():
    r = read_report(TABLES / "blocks-aligned.txt")
    assert audit(r) == ({}, set())
    assert sum(len(cells) for cells in r.tables.values()) == 10 + 175 + 15
    assert parse_errors(r) == {}
    notes = [f for f in r.provenance.findings if f.rule == "PARSE"]
    assert [(f.table, f.severity) for f in notes] == [("二", "warning"), ("三", "warning")]
    assert "25 行的标签与数值分开排列" in notes[1].message and "勾稽关系也成立" in notes[1].message
    assert [f for f in all_findings(r) if f.severity == "error"] == []


def test_blocks_that_do_not_match_are_parse_errors_and_nothing_is_misread():
    r = read_report(TABLES / "blocks-shifted.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    errors = parse_errors(r)
    assert set(errors) == {
        ("三", "5.属于三类内部事务信息"),
        ("三", "6.属于四类过程性信息"),
        ("三", "7.属于行政执法案卷"),
        ("三", "8.属于行政查询事项"),
        ("三", "1.本机关不掌握相关政府信息"),
        ("三", "2.没有现成信息需要另行制作"),
        ("三", "3.补正后申请内容仍不明确"),
        ("三", "1.信访举报投诉类申请"),
        ("四", "未经复议直接起诉"),
        ("四", "复议后起诉"),
    }
    # what was seen: the labels and the numbers
    assert "有 21 个数值（9、1、0、0、0、0、10、15" in errors[("三", "5.属于三类内部事务信息")]
    assert "应有 28 个" in errors[("三", "5.属于三类内部事务信息")]
    assert "64、2、0、0、0、0、66、402" in errors[("三", "1.本机关不掌握相关政府信息")]
    assert "7、1、2、3、13" in errors[("四", "复议后起诉")] and "应有 10 个" in errors[("四", "复议后起诉")]
    # the rows whose blocks matched are read, 表四's 行政复议 by its own header
    assert r.value("三", "withheld_third_party.total") == 21 and r.value("三", "not_processed_repeated.total") == 33
    assert [r.value("四", f"administrative_review.{c.id}") for c in table("2021", "四").rows[0].columns] == [
        58,
        17,
        36,
        9,
        120,
    ]
    assert r.provenance.findings and not [f for f in all_findings(r) if f.rule in ("R-A", "R-C", "R-D", "R-E")]


ALIGNED = (TABLES / "blocks-aligned.txt").read_text(encoding="utf-8")
ROWS3 = {r.id: r for r in table("2021", "三").rows}
WITHHELD = [r for r in ROWS3 if r.startswith("withheld_")]
UNAVAILABLE = [r for r in ROWS3 if r.startswith("unavailable_")]


def values(row_id: str) -> str:
    """The row's values as a line of PDF text."""
    return " ".join(TRUTH.tables["三"][k].raw for k in ROWS3[row_id].cell_keys())


def blocks(*parts: tuple[list[str], list[str]]) -> str:
    """Table text as (row ids whose labels stand in a block, row ids whose values follow them) pairs."""
    return "".join(
        "".join(f"{ROWS3[r].label}\n" for r in labels) + "".join(f"{values(r)}\n" for r in vals)
        for labels, vals in parts
    )


# 表三's （三） and （四） groups in the fixture: eight labels then eight value lines, three labels then three
WITHHELD_TO_UNAVAILABLE = blocks((["withheld", *WITHHELD], WITHHELD), (["unavailable", *UNAVAILABLE], UNAVAILABLE))


def test_a_block_between_two_mismatches_is_not_trusted_even_when_its_count_fits():
    """Values that slid down one row: 1.–4. have three rows of values, 5.–8. get 4.–7.'s (their count and row
    sums fit), 8.'s land after 1.本机关不掌握. The block in between is not read."""
    assert WITHHELD_TO_UNAVAILABLE in ALIGNED
    slid = blocks(
        (["withheld", *WITHHELD[:4]], WITHHELD[:3]),
        (WITHHELD[4:], WITHHELD[3:7]),
        (["unavailable", UNAVAILABLE[0]], [WITHHELD[7], UNAVAILABLE[0]]),
        (UNAVAILABLE[1:], UNAVAILABLE[1:]),
    )
    r = read_bytes(ALIGNED.replace(WITHHELD_TO_UNAVAILABLE, slid).encode(), "slid.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    errors = parse_errors(r)
    assert {row for t, row in errors if t == "三"} == {ROWS3[r].label for r in [*WITHHELD, UNAVAILABLE[0]]}
    assert "数值可能错行" in errors[("三", ROWS3[WITHHELD[5]].label)]
    assert r.value("三", "unavailable_needs_creation.total") == 22  # after the last mismatch: the counts show it


def test_blocks_whose_order_breaks_the_arithmetic_are_not_read():
    """（七）总计 and 四、结转下年度 with their value lines swapped: each row still adds up, R-D does not, and it
    cannot tell which outcome row is out of place: every block in that sum is unread."""
    swapped = ALIGNED.replace("1827 125 3 2 40 9 2006\n71 6 0 0 2 0 79", "71 6 0 0 2 0 79\n1827 125 3 2 40 9 2006")
    assert swapped != ALIGNED
    r = read_bytes(swapped.encode(), "swapped.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    errors = parse_errors(r)
    assert ("三", "（七）总计") in errors and ("三", "四、结转下年度继续办理") in errors
    assert "勾稽关系不成立" in errors[("三", "（七）总计")] and "1827" in errors[("三", "（七）总计")]
    assert r.value("三", "received.total") == 2028 and r.value("三", "carried_over.total") == 57  # R-A holds


def test_a_block_with_a_row_that_does_not_add_up_is_not_read():
    text = ALIGNED.replace("402 27 1 1 9 2 442\n22 0 0 0 0 0 22", "402 27 1 1 9 2 442\n22 0 0 0 0 0 23")
    r = read_bytes(text.encode(), "sum.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    errors = parse_errors(r)
    assert {row for t, row in errors if t == "三"} >= {ROWS3[r].label for r in UNAVAILABLE}
    assert "合计 22 不等于总计 23" in errors[("三", ROWS3[UNAVAILABLE[1]].label)]


@pytest.mark.parametrize(
    "segment,read,unread",
    [
        # the three small tables without the first one's header: the 15 values in the official order
        ("结果维持 结果纠正 其他结果 尚未审结 总计\n58 17 36 9 120\n行政诉讼\n未经复议直接起诉\n", 3, 0),
        # 未经复议直接起诉's table lost its values: 复议后起诉 is still named by its header
        ("行政复议\n58 17 36 9 120\n复议后起诉\n7 1 2 3 13\n", 2, 1),
        # two tables under one header line: ten values for two named groups that add up
        ("行政复议\n58 17 36 9 120\n行政诉讼\n未经复议直接起诉 复议后起诉\n11 3 5 4 23\n7 1 2 3 13\n", 3, 0),
    ],
    ids=["first-header-lost", "middle-values-lost", "two-groups-one-header"],
)
def test_table_four_groups_are_tied_by_their_headers_or_the_whole_sequence(segment, read, unread):
    t4 = ALIGNED.split("四、政府信息公开行政复议、行政诉讼情况\n")[1].split("五、存在的主要问题及改进情况")[0]
    if segment.startswith("结果维持"):
        text = ALIGNED.replace(t4, segment + t4.split("未经复议直接起诉\n", 1)[1])
    else:
        text = ALIGNED.replace(t4, segment)
    r = read_bytes(text.encode(), "t4.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    rows = table("2021", "四").rows
    assert sum(all(k in r.tables["四"] for k in row.cell_keys()) for row in rows) == read
    assert len([k for k in parse_errors(r) if k[0] == "四"]) == unread


CITY_TEXT = CITY.read_text(encoding="utf-8")


def test_a_label_wrapped_over_three_lines_before_its_values_is_its_row():
    """One cell per line, as web pages copy: the label's continuation lines stand between its first line and
    its values."""
    line = " |  | 2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 3 | 0 | 0 | 0 | 0 | 0 | 3"
    assert line in CITY_TEXT
    cells = "\n".join(f"{v} |" for v in "3 0 0 0 0 0 3".split())
    wrapped = f"2、申请人逾期未按收费通知要求 |\n缴纳费用、行政机关不再处理其 |\n政府信息公开申请 |\n{cells}"
    r = read_bytes(CITY_TEXT.replace(line, wrapped).encode(), "wrap.txt")
    assert r.tables == TRUTH.tables
    assert [f.message for f in r.provenance.findings if f.rule in ("LABEL", "PARSE")] == []


def test_more_values_after_a_label_than_its_row_holds_are_not_trimmed_into_it():
    line = " |  | 4.保护第三方合法权益 | 17 | 3 | 0 | 0 | 1 | 0 | 21"
    assert line in CITY_TEXT
    text = CITY_TEXT.replace(line, " |  | 4.保护第三方合法权益\n17 3 0 0 1 0 21\n9 1 0 0 0 0 10")
    r = read_bytes(text.encode(), "extra.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert "多于本行的 7 格" in parse_errors(r)[("三", "4.保护第三方合法权益")]


def test_a_column_header_standing_as_a_rows_own_label_is_that_row():
    """「其他」 is 表三's last applicant column and, without its number, the label of （六）'s third sub-row."""
    text = CITY_TEXT.replace("| 3、其他 |", "| 其他 |")
    r = read_bytes(text.encode(), "other.txt")
    assert r.tables == TRUTH.tables


def test_a_grid_row_without_values_does_not_take_the_next_lines_empty_cells():
    """The next row's merged label cells (「 |  | 4.保护…」) are not blank values of the row above."""
    line = " |  | 3.危及“三安全一稳定” | 4 | 0 | 0 | 0 | 0 | 0 | 4"
    assert line in CITY_TEXT
    r = read_bytes(CITY_TEXT.replace(line, " |  | 3.危及“三安全一稳定”").encode(), "bare.txt")
    wrong, unnamed = audit(r)
    assert wrong == {} and unnamed == set()
    assert set(parse_errors(r)) == {("三", "3.危及“三安全一稳定”")}


T3_START, T3_END = "一、本年新收政府信息公开申请数量\n", "四、政府信息公开行政复议"


@pytest.mark.parametrize("seed", range(3))
def test_any_cut_into_blocks_reads_exactly_and_one_slid_or_lost_value_line_misreads_nothing(seed):
    """表三 cut at random into blocks of labels followed by their values: read exactly. Then one value line slid
    into the next block, or one lost: no cell read wrong, every unread row named."""
    rng = random.Random(seed)
    head, tail = ALIGNED[: ALIGNED.index(T3_START)], ALIGNED[ALIGNED.index(T3_END) :]
    ids = list(ROWS3)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(ids)), rng.randint(1, 12)))
        parts = [(g, [r for r in g if ROWS3[r].columns]) for g in (ids[a:b] for a, b in pairwise([0, *cuts, len(ids)]))]
        r = read_bytes((head + blocks(*parts) + tail).encode(), "cut.txt")
        assert audit(r) == ({}, set()) and parse_errors(r) == {}, parts
        i = rng.randrange(len(parts) - 1)
        if parts[i][1]:
            slid = list(parts)
            slid[i], slid[i + 1] = (
                (parts[i][0], parts[i][1][:-1]),
                (parts[i + 1][0], parts[i][1][-1:] + parts[i + 1][1]),
            )
            lost = list(parts)
            lost[i] = (parts[i][0], parts[i][1][1:])
            for variant in (slid, lost):
                r = read_bytes((head + blocks(*variant) + tail).encode(), "bad.txt")
                assert audit(r) == ({}, set()), variant


GROUPS4 = [("行政复议", "58 17 36 9 120"), ("未经复议直接起诉", "11 3 5 4 23"), ("复议后起诉", "7 1 2 3 13")]


HEADERS4 = [(1, 1, 1), (0, 1, 1), (1, 0, 1), (1, 1, 0), (0, 0, 0), (2, 2, 2)]


# a lost header and lost values together make a header name the next group's values: that pair is not tried
@pytest.mark.parametrize(
    "headers,lost",
    [(h, None) for h in HEADERS4] + [(h, k) for h in HEADERS4 if 0 not in h for k in range(3)],
)
def test_table_four_small_tables_with_a_header_or_a_group_lost_misread_nothing(headers, lost):
    """表四 as three small tables (2: with its column header line); one group's values lost, or some group
    headers lost."""
    t4 = ALIGNED.split("四、政府信息公开行政复议、行政诉讼情况\n")[1].split("五、存在的主要问题及改进情况")[0]
    lines = []
    for k, (group, vals) in enumerate(GROUPS4):
        lines += [group] * bool(headers[k]) + ["结果维持 结果纠正 其他结果 尚未审结 总计"] * (headers[k] == 2)
        lines += [vals] * (lost != k)
    r = read_bytes(ALIGNED.replace(t4, "\n".join(lines) + "\n").encode(), "t4.txt")
    assert audit(r) == ({}, set())
    if lost is None:
        assert len(r.tables["四"]) == 15
