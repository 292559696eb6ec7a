"""The nianbao command as a user runs it: exit codes, human and JSON output, import, schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import CITY, ROOT, SEED

EXAMPLES = ROOT / "examples"


def nianbao(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_check_clean_report_exits_0():
    p = nianbao(
        "check", EXAMPLES / "county-department-2025.json", "--previous", EXAMPLES / "county-department-2024.json"
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "未发现问题" in p.stdout


def test_check_report_with_errors_exits_1_and_groups_by_table():
    p = nianbao("check", EXAMPLES / "county-department-2025-with-errors.json")
    assert p.returncode == 1
    out = p.stdout
    assert "[表三] 错误 R-C" in out and "[表四] 错误 R-E" in out and "[表二] 错误 CELL" in out
    assert "相差 1" in out and "YEAR" in out and "R-H" in out
    assert out.index("[表二]") < out.index("[表三]") < out.index("[表四]")


def test_unreadable_file_exits_2_and_the_others_are_still_checked(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"\x00\x01garbage" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    p = nianbao("check", "--json", junk, SEED, empty, EXAMPLES / "county-department-2025-with-errors.json")
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    results = json.loads(p.stdout)
    assert [r["file"] for r in results] == [
        str(junk),
        str(SEED),
        str(empty),
        str(EXAMPLES / "county-department-2025-with-errors.json"),
    ]
    assert results[0]["error"] and results[0]["cells"] == [] and results[0]["findings"] == []
    assert results[2]["error"] == "文件是空的"
    assert results[1]["error"] is None and results[1]["agency"] == "七户乡" and results[1]["year"] == 2020
    assert results[1]["format_version"] == "2019" and len(results[1]["cells"]) == 22 + 161 + 15
    assert {f["rule"] for f in results[3]["findings"]} == {"CELL", "R-C", "R-D", "R-E", "R-H", "YEAR"}


def test_json_shape_of_cells_and_findings():
    p = nianbao("check", "--json", EXAMPLES / "county-department-2025-with-errors.json")
    (result,) = json.loads(p.stdout)
    assert set(result) == {"file", "error", "agency", "year", "format_version", "cells", "findings", "confirmed"}
    cell = result["cells"][0]
    assert set(cell) == {"table", "group", "row", "column", "value", "raw"}
    blank = [c for c in result["cells"] if c["table"] == "二" and c["row"] == "行政事业性收费"][0]
    assert blank["value"] is None and blank["raw"] == "" and blank["column"] == "本年收费金额（单位：万元）"
    finding_keys = {
        "rule",
        "severity",
        "table",
        "group",
        "row",
        "column",
        "section",
        "paragraph",
        "message",
        "expected",
        "actual",
        "cells",  # the table cells a CELL finding is about: one, or a whole blank column or row
    }
    assert all(set(f) == finding_keys for f in result["findings"])
    rc = next(f for f in result["findings"] if f["rule"] == "R-C")
    assert (rc["table"], rc["group"], rc["row"], rc["column"], rc["expected"], rc["actual"]) == (
        "三",
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
        "总计",
        7,
        8,
    )
    rh = next(f for f in result["findings"] if f["rule"] == "R-H")
    assert rh["section"] == "一" and isinstance(rh["paragraph"], int)


def test_previous_applies_to_every_file(tmp_path):
    last = json.loads((EXAMPLES / "county-department-2024.json").read_text(encoding="utf-8"))
    last["tables"]["三"]["carried_forward.natural_person"] = {"value": 9, "raw": "9"}
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    p = nianbao(
        "check",
        "--json",
        "--previous",
        prev,
        EXAMPLES / "county-department-2025.json",
        EXAMPLES / "county-department-2025-with-errors.json",
    )
    results = json.loads(p.stdout)
    assert all(any(f["rule"] == "R-F" and f["column"] == "自然人" for f in r["findings"]) for r in results)
    assert p.returncode == 1


def test_unreadable_previous_is_a_clear_error(tmp_path):
    p = nianbao("check", "--previous", tmp_path / "missing.txt", SEED)
    assert p.returncode == 2 and "上年报告" in p.stderr and "Traceback" not in p.stderr


def test_import_writes_the_projects_json_with_provenance(tmp_path):
    out = tmp_path / "city.json"
    p = nianbao("import", CITY, "-o", out)
    assert p.returncode == 0, p.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["agency"] == "示例市人民政府"
    assert data["provenance"]["source_format"] == "txt"
    assert data["provenance"]["sections_found"] == ["一", "二", "三", "四", "五", "六"]
    assert "示例市" in out.read_text(encoding="utf-8")  # Chinese written as is, not escaped
    back = nianbao("check", "--json", out)
    assert json.loads(back.stdout)[0]["cells"] == json.loads(nianbao("check", "--json", CITY).stdout)[0]["cells"]


def test_import_prints_reading_findings(tmp_path):
    text = CITY.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"  # a web copy that stops inside 表三, after 7.属于行政执法案卷
    cut.write_text(text[: text.index(" |  | 8.属于行政查询事项")], encoding="utf-8")
    p = nianbao("import", cut, "-o", tmp_path / "x.json")
    assert p.returncode == 0 and "PARSE" in p.stdout and "表三缺少「8.属于行政查询事项」行" in p.stdout
    assert "7.属于行政执法案卷" not in p.stdout  # the rows before the cut were read
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["meta"]["agency"] == "示例市人民政府"


def test_schema_prints_json_schema():
    p = nianbao("schema")
    schema = json.loads(p.stdout)
    assert schema["title"] == "Report" and "tables" in schema["properties"]


@pytest.mark.parametrize("args", [[], ["check"], ["frobnicate"]])
def test_usage_errors(args):
    p = nianbao(*args)
    assert p.returncode == 2 and "usage" in p.stderr.lower()
