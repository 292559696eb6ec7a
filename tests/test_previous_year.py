"""`check --previous` compares with last year only: a previous report of another (or an unknown) year is said on
stderr and not compared; an unreadable one is said too, while the reports themselves are still checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.checking import check_path
from app.importers import read_report
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
THIS_YEAR = EXAMPLES / "county-department-2025.json"
LAST_YEAR = EXAMPLES / "county-department-2024.json"
CROSS_YEAR = {"R-F", "R-G", "COPY"}


def nianbao(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _report(tmp_path: Path, source: Path, name: str, *, year: int | None, carried_forward: int | None = None) -> Path:
    """A copy of ``source`` for ``year``; ``carried_forward`` changes its 自然人 结转下年度 (R-F fires against it)."""
    data = json.loads(source.read_text(encoding="utf-8"))
    data["meta"]["year"] = year
    if carried_forward is not None:
        data["tables"]["三"]["carried_forward.natural_person"] = {"value": carried_forward, "raw": str(carried_forward)}
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _rules(result: dict) -> set[str]:
    return {f["rule"] for f in result["findings"]}


def test_a_previous_report_of_another_year_is_not_compared(tmp_path):
    old = _report(tmp_path, LAST_YEAR, "old.json", year=2019, carried_forward=9)
    p = nianbao("check", "--json", "--previous", old, THIS_YEAR)
    (result,) = json.loads(p.stdout)
    assert not _rules(result) & CROSS_YEAR
    assert f"上年报告 {old} 是2019年度，本报告是2025年度：不是上一年度，未做跨年度核对" in p.stderr
    assert p.returncode == 0, p.stderr


def test_each_file_is_judged_against_the_previous_year(tmp_path):
    last = _report(tmp_path, LAST_YEAR, "last.json", year=2024, carried_forward=9)
    later = _report(tmp_path, THIS_YEAR, "later.json", year=2026)
    p = nianbao("check", "--json", "--previous", last, THIS_YEAR, later)
    this_year, next_year = json.loads(p.stdout)
    assert "R-F" in _rules(this_year)  # 2024 is the year before 2025: compared
    assert not _rules(next_year) & CROSS_YEAR  # but not the year before 2026
    assert "是2024年度，本报告是2026年度：不是上一年度，未做跨年度核对" in p.stderr
    assert str(later) in p.stderr and str(THIS_YEAR) not in p.stderr
    assert p.returncode == 1


def test_an_unknown_year_is_not_compared_either(tmp_path):
    unknown = _report(tmp_path, LAST_YEAR, "unknown.json", year=None, carried_forward=9)
    p = nianbao("check", "--previous", unknown, THIS_YEAR)
    assert "R-F" not in p.stdout and "未发现问题" in p.stdout
    assert f"上年报告 {unknown} 年度未知" in p.stderr and "未做跨年度核对" in p.stderr
    this_unknown = _report(tmp_path, THIS_YEAR, "this.json", year=None)
    last = _report(tmp_path, LAST_YEAR, "last.json", year=2024, carried_forward=9)
    result = check_path(this_unknown, read_report(last), previous_file=str(last))
    assert not {f.rule for f in result.findings} & CROSS_YEAR
    assert result.notes == [f"{this_unknown}：本报告年度未知，未与上年报告 {last} 做跨年度核对"]


def test_an_unreadable_previous_is_said_and_the_reports_are_still_checked(tmp_path):
    junk = tmp_path / "last.docx"
    junk.write_bytes(b"\x00\x01garbage" * 100)
    p = nianbao("check", "--json", "--previous", junk, THIS_YEAR)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"上年报告 {junk} 无法读取" in p.stderr and "未做跨年度核对" in p.stderr
    (result,) = json.loads(p.stdout)  # still well-formed, still checked
    assert result["file"] == str(THIS_YEAR) and result["error"] is None and result["cells"]
    p = nianbao("check", "--previous", tmp_path / "missing.txt", THIS_YEAR)
    assert p.returncode == 2 and "未发现问题" in p.stdout and "上年报告" in p.stderr


def test_the_year_before_is_compared_through_the_api(tmp_path):
    last = _report(tmp_path, LAST_YEAR, "last.json", year=2024, carried_forward=9)
    result = check_path(THIS_YEAR, read_report(last), previous_file=str(last))
    assert "R-F" in {f.rule for f in result.findings} and result.notes == []
