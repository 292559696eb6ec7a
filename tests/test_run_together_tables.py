"""Whole tables whose cells ran together, and tables whose labels were lost: every cell read as published when the
format's sums (or the narrative) allow one reading only; otherwise a PARSE error naming the candidates, never a guess.
The fixtures are described in tests/fixtures/runs/README.md."""

from __future__ import annotations

import json
import time

from app.importers import read_bytes
from app.importers.run_search import sum_splits
from schemas.registry import table
from tests.conftest import CITY, ROOT

RUNS = ROOT / "tests" / "fixtures" / "runs"
CITY_TEXT = CITY.read_text(encoding="utf-8")


def _read(name: str):
    return read_bytes((RUNS / name).read_bytes(), name)


def _values(report, table_id: str) -> dict[str, int | float | None]:
    return {k: c.value for k, c in report.tables[table_id].items()}


def _truth() -> dict[str, dict[str, int | float | None]]:
    truth = read_bytes(CITY_TEXT.encode(), "city.txt")
    return {t: _values(truth, t) for t in ("二", "三", "四")}


def _parse(report, severity: str | None = None):
    return [f for f in report.provenance.findings if f.rule == "PARSE" and severity in (None, f.severity)]


def _glue(text: str) -> str:
    """Each table row of the city report with its cells run together, as a plain-text copy of a web page gives."""
    return "\n".join("".join(c.strip() for c in ln.split("|")) if "|" in ln else ln for ln in text.split("\n"))


def test_a_whole_report_run_together_reads_every_cell_as_published():
    report = _read("city-run-together.txt")
    truth = _truth()
    for t in ("二", "三", "四"):
        assert _values(report, t) == truth[t], t
    assert not _parse(report, "error")
    splits = {f.row: f.message for f in _parse(report, "warning") if f.table == "三"}
    # every row of 表三 ran together; the 18 whose digits can be cut more than one way say how they were split
    # (seven digits for seven cells, as 3000003, can only be cut one way)
    assert len(splits) >= 18
    assert "1846 | 127 | 3 | 2 | 41 | 9 | 2028" in splits["一、本年新收政府信息公开申请数量"]
    assert "按勾稽关系" in splits["2.没有现成信息需要另行制作"]  # 2|20|… fits its own sum too; the columns decide
    (t4,) = [f for f in _parse(report) if f.table == "四"]
    assert "结果维持18件" in t4.message  # two splits keep every group's sum; the narrative's 行政诉讼 figures decide


def test_a_row_split_is_generated_from_its_sum_however_many_cuts_the_digits_allow():
    # 16 digits cut into 7 numbers 5005 ways; only one keeps the row's sum
    assert sum_splits(["1846127324192028"], [6]) == [(1846, 127, 3, 2, 41, 9, 2028)]
    assert sum_splits(["1846", "127324192028"], [6]) == [(1846, 127, 3, 2, 41, 9, 2028)]
    assert sum_splits(["18461", "27324192028"], [6]) == []  # a separator the source kept is never crossed
    assert sorted(sum_splits(["58173691201135423712313"], [4, 4, 4])) == [
        (58, 17, 36, 9, 120, 1, 13, 5, 4, 23, 7, 1, 2, 3, 13),
        (58, 17, 36, 9, 120, 11, 3, 5, 4, 23, 7, 1, 2, 3, 13),
    ]


TWO_WAYS = {  # the rows tests/fixtures/runs/README.md says were changed from the city report
    "withheld_internal_affairs": (1, 12, 0, 0, 0, 0, 13),
    "withheld_process_information": (11, 2, 0, 0, 0, 0, 13),
}


def test_rows_that_split_two_ways_under_every_sum_are_left_out_and_named():
    report = _read("city-run-together-two-ways.txt")
    cols = [c.id for c in table("2021", "三").row("received").columns]
    truth = _truth()["三"]
    for rid, vals in TWO_WAYS.items():
        truth.update({f"{rid}.{c}": v for c, v in zip(cols, vals, strict=True)})
    truth.update({"received.natural_person": 1834, "received.commercial_enterprise": 139})
    truth.update({"total.natural_person": 1815, "total.commercial_enterprise": 137})
    errors = _parse(report, "error")
    assert {f.row for f in errors} == {"5.属于三类内部事务信息", "6.属于四类过程性信息"}
    for f in errors:
        assert f.table == "三" and "不止一种" in f.message
        assert "1 | 12 | 0 | 0 | 0 | 0 | 13" in f.message and "11 | 2 | 0 | 0 | 0 | 0 | 13" in f.message
        assert "未读取：自然人、商业企业" in f.message
    read = _values(report, "三")
    left_out = {f"{rid}.{c}" for rid in TWO_WAYS for c in ("natural_person", "commercial_enterprise")}
    assert not left_out & read.keys()
    assert read == {k: v for k, v in truth.items() if k not in left_out}  # every other cell as published


def test_table_two_is_split_only_by_what_the_narrative_states_of_that_row():
    # the city report states 新制定规章 2 件 but not how many are in force: 2123 is 2|1|23 or 2|12|3
    # (the 12 of 公报 12 期 and the 3 of 收费通知 3 件 are about other things)
    report = read_bytes(_glue(CITY_TEXT).encode(), "glued.txt")
    (error,) = [f for f in _parse(report, "error") if f.table == "二"]
    assert error.row == "规章" and "2 | 1 | 23" in error.message and "2 | 12 | 3" in error.message
    assert not any(k.startswith("regulations.") for k in report.tables["二"])
    assert [report.value("二", f"normative_documents.{c}") for c in ("issued", "repealed", "in_force")] == [14, 9, 87]
    (told,) = [f for f in _parse(report, "warning") if f.row == "行政规范性文件"]
    assert "印发行政规范性文件14件" in told.message and "87件" in told.message


def test_table_three_without_labels_is_read_in_the_official_order():
    report = _read("city-table3-bare.txt")
    assert _values(report, "三") == _truth()["三"]
    (f,) = [f for f in _parse(report) if f.table == "三"]
    assert f.severity == "warning" and "表三的标签缺失，按官方格式顺序读取了 175 个数" in f.message
    assert "勾稽关系均成立" in f.message


def test_a_2019_table_three_of_161_bare_numbers():
    report = _read("county-2020-table3-bare.txt")
    expected = json.loads((ROOT / "tests" / "real_world" / "expected_cells.json").read_text(encoding="utf-8"))
    cells = expected["r12_yunxi_zrzyj_2020_crawl.txt"]
    spec = table("2019", "三")
    truth = {f"{r.id}.{c.id}": int(cells[f"三|{r.label}|{c.label}"]) for r in spec.rows for c in r.columns}
    assert report.meta.format_version == "2019"
    assert _values(report, "三") == truth
    (f,) = [f for f in _parse(report) if f.table == "三"]
    assert f.severity == "warning" and "按官方格式顺序读取了 161 个数" in f.message


def test_bare_numbers_of_the_wrong_count_are_not_fitted_to_cells():
    text = (RUNS / "city-table3-bare.txt").read_text(encoding="utf-8")
    short = text.replace("\n0 0 0 0 0 0 0\n", "\n0 0 0 0 0 0\n", 1)
    assert short != text
    report = read_bytes(short.encode(), "short.txt")
    assert report.tables["三"] == {}
    (f,) = [f for f in _parse(report) if f.table == "三"]
    assert f.severity == "error" and "只有 174 个数" in f.message and "175" in f.message


def _table4(numbers: str) -> str:
    lines = CITY_TEXT.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    stop = lines.index("五、存在的主要问题及改进情况")
    return "\n".join([*lines[: start + 1], numbers, *lines[stop:]])


def test_table_four_without_labels():
    numbers = "58 17 36 9 120 11 3 5 4 23 7 1 2 3 13"
    report = read_bytes(_table4(numbers.replace(" ", "\n")).encode(), "t4.txt")
    assert _values(report, "四") == _truth()["四"]
    (f,) = [f for f in _parse(report) if f.table == "四"]
    assert f.severity == "warning" and "表四的标签缺失，按官方格式顺序读取了 15 个数" in f.message

    report = read_bytes(_table4(numbers + " 5").encode(), "t4.txt")
    assert report.tables["四"] == {}
    (f,) = [f for f in _parse(report) if f.table == "四"]
    assert f.severity == "error" and "16 个数" in f.message


def test_a_whole_run_together_report_reads_fast():
    data = (RUNS / "city-run-together-two-ways.txt").read_bytes()
    read_bytes(data, "warm.txt")
    start = time.perf_counter()
    read_bytes(data, "timed.txt")
    assert time.perf_counter() - start < 1.0


def test_bare_numbers_under_surviving_column_headers_and_the_2019_other_handling_row():
    # the headers (自然人 … 总计) survived, the row labels did not; （六）其他处理 is one row of sums, 161 numbers
    text = (RUNS / "city-table3-bare.txt").read_text(encoding="utf-8")
    headers = [ln for ln in CITY_TEXT.split("\n") if "自然人" in ln or "商业企业" in ln or "勾稽关系为" in ln]
    sub_rows = "94 6 0 0 2 1 103\n3 0 0 0 0 0 3\n64 4 0 0 0 0 68\n"
    assert sub_rows in text
    text = text.replace(sub_rows, "161 10 0 0 2 1 174\n").replace(
        "三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n" + "\n".join(headers) + "\n"
    )
    report = read_bytes(text.encode(), "one-row.txt")
    truth = {k: v for k, v in _truth()["三"].items() if not k.startswith("other_")}
    truth.update(
        {
            f"other_handling.{c.id}": v
            for c, v in zip(table("2019", "三").row("received").columns, (161, 10, 0, 0, 2, 1, 174), strict=True)
        }
    )
    assert _values(report, "三") == truth
    (f,) = [f for f in _parse(report) if f.table == "三"]
    assert (
        "161 个数" in f.message and "（六）其他处理」按2019年格式为一行" in f.message and "勾稽关系均成立" in f.message
    )


def test_a_table_whose_own_sums_fail_reads_only_rows_their_own_sum_decides():
    # 3.要求提供公开出版物 written 3 instead of 2 (seven digits: read as written) breaks R-D in two columns; no
    # assignment satisfies every sum, so only rows with one split keeping their own total are read
    text = (RUNS / "city-run-together.txt").read_text(encoding="utf-8")
    assert "3.要求提供公开出版物2000002" in text
    report = read_bytes(text.replace("3.要求提供公开出版物2000002", "3.要求提供公开出版物3000003").encode(), "w.txt")
    truth = _truth()["三"]
    read = _values(report, "三")
    assert {k: v for k, v in read.items() if not k.startswith("not_processed_publication.")} == {
        k: truth[k] for k in read if not k.startswith("not_processed_publication.")
    }
    unread = {f.row for f in _parse(report, "error") if f.table == "三"}
    assert "2.没有现成信息需要另行制作" in unread  # 2|20 or 22|0: only the column sums could tell
    assert all("不能同时成立" in f.message for f in _parse(report, "error") if f.table == "三")
    assert "received.natural_person" in read  # 1846|127|3|2|41|9|2028 is the only split keeping its total
