"""The project's report JSON is read exactly as the writer writes it: a count is a JSON number (never true, "12",
NaN or Infinity), ``meta`` is required, the schema version is a known one, a cell key the format does not have
is left out and said, and a file nested too deep or too large is refused in Chinese — never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.checking import check_path
from app.importers import ReadError, read_bytes
from schemas.registry import OTHER_HANDLING_ROW, cell_key
from schemas.report import Cell, Report
from schemas.report_json import KNOWN_SCHEMA_VERSIONS, MAX_DEPTH, MAX_REPORT_BYTES
from schemas.rule_catalogue import Rule
from tests.conftest import EXAMPLES, ROOT

NATURAL = "表三「一、本年新收政府信息公开申请数量」行「自然人」列"
NATURAL_KEY = "received.natural_person"


def _example() -> dict:
    return json.loads((EXAMPLES / "county-department-2025.json").read_text(encoding="utf-8"))


def _with_cell(raw_value: str) -> bytes:
    """The example report with 表三's 自然人 cell written as ``raw_value`` (JSON text, as a hand edit leaves it)."""
    data = _example()
    data["tables"]["三"][NATURAL_KEY] = {"value": "__VALUE__", "raw": ""}
    return json.dumps(data, ensure_ascii=False).replace('"__VALUE__"', raw_value).encode("utf-8")


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "true",
            f"{NATURAL}：不是数字（数值应为整数或小数，空白写 null，不能是 true/false 或带引号的文字），实际为 true",
        ),
        (
            '"12"',
            f'{NATURAL}：不是数字（数值应为整数或小数，空白写 null，不能是 true/false 或带引号的文字），实际为 "12"',
        ),
        ("NaN", f"{NATURAL}：NaN 不是有限的数（空白单元格应写 null）"),
        ("Infinity", f"{NATURAL}：Infinity 不是有限的数"),
        ("-Infinity", f"{NATURAL}：-Infinity 不是有限的数"),
        ("1e999", f"{NATURAL}：Infinity 不是有限的数"),  # too large for a float: read as infinity, refused
    ],
)
def test_a_count_that_is_not_a_json_number_is_refused_naming_its_cell(written: str, said: str):
    with pytest.raises(ReadError) as caught:
        read_bytes(_with_cell(written), "report.json")
    assert said in str(caught.value)
    assert "nan" not in str(caught.value)  # never 「相差 nan」 or a Python spelling


@pytest.mark.parametrize(("written", "value"), [("12", 12), ("12.5", 12.5), ("0", 0), ("null", None)])
def test_what_the_writer_writes_is_read_as_written(written: str, value: int | float | None):
    report = read_bytes(_with_cell(written), "report.json")
    cell = report.tables["三"][NATURAL_KEY]
    assert cell.value == value and type(cell.value) is type(value)


def test_every_example_and_a_written_report_read_back_unchanged_and_without_findings():
    for path in sorted(EXAMPLES.glob("*.json")):
        report = read_bytes(path.read_bytes(), path.name)
        again = read_bytes(report.model_dump_json().encode("utf-8"), path.name)
        assert again == report, path.name


def test_a_report_without_meta_is_refused_not_passed_as_without_problems(tmp_path):
    data = _example()
    del data["meta"]
    path = tmp_path / "no-meta.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = check_path(path)
    assert result.error == "不是本工具的年报 JSON：缺少基本信息（meta）" and result.report is None


@pytest.mark.parametrize("version", [2, 0, "1", None])
def test_an_unknown_schema_version_is_refused_naming_it_and_the_known_ones(version):
    data = {**_example(), "schema_version": version}
    with pytest.raises(ReadError) as caught:
        read_bytes(json.dumps(data).encode("utf-8"), "report.json")
    shown = json.dumps(version)
    assert f"年报 JSON 的数据结构版本 {shown} 不受支持（本程序读取第 1 版）" in str(caught.value)
    assert KNOWN_SCHEMA_VERSIONS == (1,)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"year": "2025"}, '「基本信息 › 报告年度」：应为整数，实际为 "2025"'),
        ({"year": True}, "「基本信息 › 报告年度」：应为整数，实际为 true"),
        (
            {"level": "province"},
            "「基本信息 › 单位层级」：应为以下之一：county_government（县级以上人民政府）、township（乡镇人民政府、街道办事处）",
        ),
        ({"publication": {"date": "2026-02-30"}}, "「基本信息 › 发布 › 发布日期」：应为日期（如 2026-01-20）"),
    ],
)
def test_a_bad_basic_information_value_is_refused_with_its_chinese_place(change: dict, said: str):
    data = _example()
    data["meta"].update(change)
    with pytest.raises(ReadError) as caught:
        read_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), "report.json")
    assert str(caught.value).startswith("年报 JSON 中有无效内容：") and said in str(caught.value)


def test_cell_keys_the_format_does_not_have_are_left_out_and_said_in_a_parse_warning(tmp_path):
    data = _example()
    data["tables"]["三"]["received.martians"] = {"value": 7, "raw": "7"}
    data["tables"]["四"]["administrative_review.bribed"] = {"value": None, "raw": ""}
    data["tables"]["五"] = {"anything": {"value": 1, "raw": "1"}}
    path = tmp_path / "extra-keys.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    result = check_path(path)
    report = result.report
    assert "received.martians" not in report.tables["三"] and "五" not in report.tables
    said = [(f.rule, f.severity, f.table, f.message) for f in result.findings if f.rule == Rule.PARSE]
    assert said == [
        (
            Rule.PARSE,
            "warning",
            "三",
            "表三中的单元格「received.martians」（7）不是2021年格式的单元格，未读入；请在「数据填报」核对该表",
        ),
        (
            Rule.PARSE,
            "warning",
            "四",
            "表四中的单元格「administrative_review.bribed」不是2021年格式的单元格，未读入；请在「数据填报」核对该表",
        ),
        (Rule.PARSE, "warning", None, "「五」不是年报的统计表（只有表二、表三、表四），其中 1 个单元格未读入"),
    ]


def test_a_2021_report_filling_the_2019_single_other_handling_row_keeps_it_without_a_finding():
    data = _example()
    for key in OTHER_HANDLING_ROW.cell_keys():
        data["tables"]["三"][key] = {"value": 0, "raw": "0"}
    report = read_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), "report.json")
    assert all(k in report.tables["三"] for k in OTHER_HANDLING_ROW.cell_keys())
    assert report.provenance is None


def test_a_report_built_in_python_still_takes_ints_and_floats():
    report = Report(tables={"三": {cell_key("received", "natural_person"): Cell(value=3, raw="3")}})
    assert report.value("三", NATURAL_KEY) == 3
    with pytest.raises(ValueError):
        Cell(value=True)  # a bool is no count, wherever it comes from


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (b"[" * 100_000 + b"]" * 100_000, f"嵌套超过 {MAX_DEPTH} 层"),
        (b'{"meta": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001, f"嵌套超过 {MAX_DEPTH} 层"),
        (b'{"meta": {', "JSON 格式错误（第 1 行第 10 列）：文件在此处意外结束（内容不完整）"),
        (b'{"meta": {},}', "多了一个逗号"),
        (b"[1, 2]", "顶层应为一个对象"),
    ],
)
def test_a_broken_or_hostile_json_is_a_chinese_read_error(text: bytes, said: str):
    with pytest.raises(ReadError) as caught:
        read_bytes(text, "x.json")
    assert said in str(caught.value)


def test_a_json_larger_than_any_report_is_refused_before_parsing():
    big = b'{"meta": {}, "preface": "' + b"x" * (MAX_REPORT_BYTES + 1) + b'"}'
    with pytest.raises(ReadError, match=r"JSON 文件过大（20\.0 MB，上限 20 MB）"):
        read_bytes(big, "x.json")


@pytest.mark.parametrize("command", ["check", "import", "export", "draft"])
def test_a_deeply_nested_json_on_the_command_line_exits_2_with_one_chinese_line(tmp_path, command: str):
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    out = tmp_path / ("out.html" if command == "export" else "out.json")
    args = {
        "check": ["check", str(deep), str(EXAMPLES / "county-department-2025.json")],
        "import": ["import", str(deep), "-o", str(out)],
        "export": ["export", str(deep), "-o", str(out)],
        "draft": ["draft", str(deep), "-o", str(out)],
    }[command]
    run = subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    shown = run.stdout + run.stderr
    assert run.returncode == 2, shown
    assert "Traceback" not in shown and "RecursionError" not in shown
    assert "JSON 格式错误（第 1 行第 202 列）：嵌套超过 200 层" in shown
    assert not out.exists()
    if command == "check":  # the other file on the command line is still checked
        assert "示例县市场监督管理局 · 2025年度" in run.stdout


def test_a_backup_given_to_check_says_where_it_is_imported(tmp_path):
    from app.storage import Store

    store = Store.open(f"sqlite:///{tmp_path / 'a.db'}")
    backup = tmp_path / "备份.json"
    backup.write_text(
        store.export_json(store.create_report(Report.model_validate(_example()), who="张敏", role="clerk"))
    )
    store.close()
    result = check_path(backup)
    assert result.error == "这是年报助手的报告备份，不是年报 JSON：请在工作台「版本记录」页「从备份文件导入」"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1" + "0" * 399, f"{NATURAL}：数字过大（400 位）"),
        ("1.7e308", f"{NATURAL}：数字过大（1.7e+308）"),
        ("-1000000000000000000", f"{NATURAL}：数字过大（19 位）"),
    ],
)
def test_a_count_larger_than_any_count_is_refused_naming_its_cell(written: str, said: str):
    with pytest.raises(ReadError) as caught:
        read_bytes(_with_cell(written), "report.json")
    assert said in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("year", 10**30, "「基本信息 › 报告年度」：数字过大（31 位）"),
        ("agency", "示例\x00局", "「基本信息 › 单位名称」：含有不可见的控制字符（U+0000）"),
    ],
)
def test_a_basic_information_value_no_report_has_is_refused(field: str, value: object, said: str):
    data = _example()
    data["meta"][field] = value
    with pytest.raises(ReadError) as caught:
        read_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), "report.json")
    assert said in str(caught.value)


def test_a_report_json_with_more_text_than_any_file_is_refused():
    from app.importers.limits import MAX_LINES, MAX_TEXT_CHARS

    data = _example()
    data["preface"] = "很长" * (MAX_TEXT_CHARS // 2 + 1)
    with pytest.raises(ReadError, match="报告的文字过长"):
        read_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), "report.json")
    data["preface"] = "短\n" * (MAX_LINES + 1)
    with pytest.raises(ReadError, match="段落过多"):
        read_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), "report.json")


def test_a_schema_version_written_as_1_0_is_read():
    data = {**_example(), "schema_version": 1.0}
    assert read_bytes(json.dumps(data).encode("utf-8"), "report.json").schema_version == 1


def test_a_key_written_twice_is_refused_naming_it():
    text = json.dumps(_example(), ensure_ascii=False)
    text = text.replace('"preface":', '"preface": "第一个", "preface":', 1)
    with pytest.raises(ReadError, match="JSON 中的键「preface」出现了两次"):
        read_bytes(text.encode("utf-8"), "report.json")


@pytest.mark.parametrize("value", [10**400, 1.7e308, float("inf"), float("nan")])
def test_a_cell_built_in_python_never_carries_a_number_no_count_can_be(value: float):
    cell = Cell(value=value)
    assert cell.value is None and cell.raw  # kept as text that is not a number, never as a count
