"""`nianbao audit`: a batch of realistic reports in every format, a broken file and a copy under another unit's name."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import pytest

from app.audit.cli import run_audit
from app.audit.copying import find_copies, template_hashes
from app.audit.inputs import collect_files
from app.audit.rows import CHECK_ROW, SUMMARY_COLUMNS, TOTAL_COLUMNS
from app.audit.sketch import estimate, sketch
from app.audit.summary import FileSummary, section_sketches
from app.audit.totals import Totals, numeric_cells, summed_keys
from app.checking import check_path
from app.cli import main
from app.rules.similarity import jaccard, shingles
from schemas.registry import table
from schemas.report import Narrative, Report
from tests.conftest import CITY, ROOT, SEED
from tests.factories import consistent_report

TOWNSHIP_COPY = "bahuxiang-2020.txt"  # SEED (七户乡) with only the agency in its preface changed
CITY_COPY = "dongshan-city-2024.txt"  # CITY (示例市人民政府) with only its title line changed
# the invented published reports of tests/real_world (every format; two are the same report as .docx and .doc)
REAL_WORLD = sorted(p for p in (ROOT / "tests" / "real_world").glob("r[0-9][0-9]_*") if p.is_file())
WITH_ERRORS = ROOT / "tests" / "real_world" / "r03_wangjiang_jd_2022.html"  # two table errors planted
MANY_ERRORS = ROOT / "tests" / "real_world" / "r08_yunxi_jyj_2025.xlsx"  # 表三 总计 column left blank


def _copy_township(dst: Path, agency: str = "八户乡") -> Path:
    text = SEED.read_text(encoding="utf-8").replace("由七户乡编制", f"由{agency}编制", 1)
    assert f"由{agency}编制" in text
    dst.write_text(text, encoding="utf-8")
    return dst


def _copy_city(dst: Path) -> Path:
    lines = CITY.read_text(encoding="utf-8").split("\n")
    lines[lines.index("示例市人民政府")] = "东山市人民政府"
    dst.write_text("\n".join(lines), encoding="utf-8")
    return dst


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The seed, the city report, every real-world sample, a copy of the township under another name, a broken file,
    hidden files."""
    folder = tmp_path / "reports"
    (folder / "published").mkdir(parents=True)
    shutil.copy(SEED, folder)
    for f in [CITY, *REAL_WORLD]:
        shutil.copy(f, folder / "published")
    _copy_township(folder / TOWNSHIP_COPY)
    (folder / "broken.txt").write_bytes(random.Random(0).randbytes(4000))
    (folder / ".hidden").mkdir()
    shutil.copy(SEED, folder / ".hidden" / "old.txt")
    shutil.copy(SEED, folder / ".draft.txt")
    (folder / "notes.csv").write_text("not a report", encoding="utf-8")
    return folder


def _read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel shows the Chinese"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _cell_values(path: Path) -> dict[str, dict[str, int | float]]:
    report = check_path(path).report
    assert report is not None
    return {t: {k: c.value for k, c in cells.items() if c.value is not None} for t, cells in report.tables.items()}


def _totals_by_cell(rows: list[dict[str, str]], version: str) -> dict[tuple[str, str, str], str]:
    return {(r["表"], r["行"], r["列"]): r["合计"] for r in rows if r["格式"] == version and r["行"] != CHECK_ROW}


# ---------------------------------------------------------------- the whole batch, CSV, on two processes


def test_csv_audit_of_a_batch(batch: Path, tmp_path: Path, capsys):
    out = tmp_path / "out" / "summary.csv"
    code = run_audit([batch], out, jobs=2)
    assert code == 2  # the broken file could not be read

    rows = _read_csv(out)
    assert list(rows[0]) == list(SUMMARY_COLUMNS)
    names = sorted(Path(r["文件"]).name for r in rows)
    expected = sorted([SEED.name, TOWNSHIP_COPY, "broken.txt", CITY.name] + [f.name for f in REAL_WORLD])
    assert len(REAL_WORLD) == 13
    assert names == expected  # hidden files and non-report files are skipped, nothing twice
    by_name = {Path(r["文件"]).name: r for r in rows}

    broken = by_name["broken.txt"]
    assert broken["读取错误"] and "Traceback" not in broken["读取错误"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in broken["读取错误"])  # a sentence a clerk can read
    assert broken["错误数"] == broken["单位"] == ""

    seed, copy = by_name[SEED.name], by_name[TOWNSHIP_COPY]
    assert (seed["单位"], seed["年度"], seed["格式"]) == ("七户乡", "2020", "2019")
    assert copy["单位"] == "八户乡"
    assert "八户乡" in seed["雷同"] and TOWNSHIP_COPY in seed["雷同"] and "一、总体情况" in seed["雷同"]
    assert "七户乡" in copy["雷同"] and SEED.name in copy["雷同"]
    # the other reports, unrelated units, do not flag each other (shared legal wording is not copying), and the
    # same unit's report as .docx and as .doc is not a copy between units
    assert all(not r["雷同"] for name, r in by_name.items() if name not in (SEED.name, TOWNSHIP_COPY))
    assert not any(r["读取错误"] for name, r in by_name.items() if name != "broken.txt")

    checked = check_path(SEED)
    assert int(seed["错误数"]) == checked.errors
    assert int(seed["警告数"]) == checked.warnings + seed["雷同"].count("「")  # + the COPY findings
    city = by_name[CITY.name]
    assert (city["单位"], city["错误数"], city["警告数"], city["主要问题"]) == ("示例市人民政府", "0", "0", "")
    planted, first_error = (
        by_name[WITH_ERRORS.name],
        next(f for f in check_path(WITH_ERRORS).findings if f.severity == "error"),
    )
    assert planted["主要问题"].split("；")[0] == f"错误：{first_error.message}"  # errors are named before warnings
    assert "警告：" in planted["主要问题"]
    blank = by_name[MANY_ERRORS.name]
    # the blank 总计 column is one problem with its count, not 25
    assert blank["错误数"] == "1" and blank["主要问题"].startswith("错误：表三「总计」列全部为空（25格）")

    totals = _read_csv(tmp_path / "out" / "summary-totals.csv")
    assert list(totals[0]) == list(TOTAL_COLUMNS)
    assert {r["格式"] for r in totals} == {"2019", "2021"}
    assert [r["行"] for r in totals].count(CHECK_ROW) == 2

    printed = capsys.readouterr().out
    assert "共 17 份报告" in printed and "1 份无法读取" in printed and str(out) in printed


def test_real_reports_of_unrelated_units_are_not_copies(corpus_reports, tmp_path: Path):
    """The corpus: real units' reports share legal wording and templates, and none is flagged as a copy."""
    out = tmp_path / "corpus.csv"
    run_audit(corpus_reports, out, jobs=2)
    rows = {Path(r["文件"]).name: r for r in _read_csv(out)}
    assert sorted(rows) == sorted(p.name for p in corpus_reports)
    assert [name for name, r in rows.items() if r["雷同"] or r["读取错误"]] == []
    partial = rows["031_qu_tjj_2023.txt"]  # an excerpt: its missing rows are errors
    assert int(partial["错误数"]) > 3 and partial["主要问题"].startswith("错误：") and "另有" in partial["主要问题"]


# ---------------------------------------------------------------- totals: two copies of one report, XLSX


def test_xlsx_totals_of_two_copies_are_twice_each_cell(tmp_path: Path):
    from openpyxl import load_workbook

    folder = tmp_path / "pair"
    folder.mkdir()
    shutil.copy(SEED, folder)
    _copy_township(folder / TOWNSHIP_COPY)
    shutil.copy(CITY, folder)
    _copy_city(folder / CITY_COPY)
    out = tmp_path / "summary.xlsx"
    assert run_audit([folder], out, jobs=1) == 0  # both reports are consistent: no error finding

    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "合计表"]
    summary = list(wb["汇总"].values)
    assert summary[0] == SUMMARY_COLUMNS and len(summary) == 5
    copies = {row[1]: row[7] for row in summary[1:]}
    assert "东山市人民政府" in copies["示例市人民政府"] and "示例市人民政府" in copies["东山市人民政府"]
    assert "八户乡" in copies["七户乡"] and "东山" not in copies["七户乡"]

    sheet = list(wb["合计表"].values)
    assert sheet[0] == TOTAL_COLUMNS
    rows = [dict(zip(TOTAL_COLUMNS, r, strict=True)) for r in sheet[1:]]
    for source, version in ((SEED, "2019"), (CITY, "2021")):
        values = _cell_values(source)
        index = {(t, k): (row, col) for t in values for k in values[t] for row, col in [_labels(version, t, k)]}
        summed = {(r["表"], r["行"], r["列"]): r for r in rows if r["格式"] == version and r["行"] != CHECK_ROW}
        assert len(index) > 150  # the whole report was read
        for (t, key), (row, col) in index.items():
            cell = summed[(f"表{t}", row, col)]
            assert cell["合计"] == pytest.approx(2 * values[t][key]), (t, key)
            assert cell["报告份数"] == 2
        assert all(not r["勾稽"] for r in summed.values())
        check = next(r for r in rows if r["格式"] == version and r["行"] == CHECK_ROW)
        assert check["勾稽"] == "2 份报告合计：通过" and check["报告份数"] == 2


def _labels(version: str, table_id: str, key: str) -> tuple[str, str]:
    row_id, col_id = key.split(".")
    row = table(version, table_id).row(row_id)
    return row.label, next(c.label for c in row.columns if c.id == col_id)


# ---------------------------------------------------------------- HTML, exit codes, inputs


def test_html_is_self_contained_and_escapes_report_text(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    _copy_township(folder / "<b>evil.txt", agency="<script>八户乡</script>")
    out = tmp_path / "summary.html"
    assert run_audit([folder], out) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;八户乡&lt;/script&gt;" in page and "&lt;b&gt;evil.txt" in page
    assert "<style>" in page and "<link" not in page and "src=" not in page
    assert page.count("<table>") == 2 and "一、汇总" in page and "二、合计表" in page
    assert "2019年格式：2 份报告合计：通过" in page


def test_exit_code_1_when_a_report_has_errors_and_0_when_none(tmp_path: Path):
    assert run_audit([WITH_ERRORS, SEED], tmp_path / "a.csv", jobs=1) == 1
    assert run_audit([SEED], tmp_path / "b.csv", jobs=1) == 0


def test_cli_routes_audit_and_rejects_an_unknown_output(tmp_path: Path, capsys):
    assert main(["audit", str(SEED), "-o", str(tmp_path / "s.txt")]) == 2
    assert "不支持的输出格式" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    assert main(["audit", str(tmp_path), "-o", str(tmp_path / "s.csv")]) == 2
    assert "没有找到年报文件" in capsys.readouterr().err
    assert main(["audit", str(SEED), "-o", str(tmp_path / "s.csv"), "--jobs", "1"]) == 0


def test_a_missing_file_gets_its_own_row(tmp_path: Path):
    out = tmp_path / "s.csv"
    assert run_audit([SEED, tmp_path / "gone.txt"], out, jobs=1) == 2
    rows = {Path(r["文件"]).name: r for r in _read_csv(out)}
    assert rows["gone.txt"]["读取错误"] == "文件不存在"
    assert rows[SEED.name]["读取错误"] == ""


def test_collect_files_skips_hidden_and_foreign_files_and_the_output(batch: Path):
    (batch / "summary.html").write_text("<html></html>", encoding="utf-8")
    (batch / "~$draft.docx").write_bytes(b"lock")
    files = collect_files([batch, batch / SEED.name], exclude=[batch / "summary.html"])
    names = [f.name for f in files]
    assert len(names) == len(set(names)) == 18 - 1  # 15 samples, the copy, the broken file
    assert not any(n.startswith((".", "~$")) or n.endswith(".csv") or n == "summary.html" for n in names)


# ---------------------------------------------------------------- COPY across units: template wording


def _chinese(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def _unit(name: str, overview: str) -> FileSummary:
    report = Report(overview=Narrative(lead=overview))
    return FileSummary(file=f"{name}.txt", agency=name, sketches=section_sketches(report))


def test_template_wording_shared_by_the_batch_is_not_copying_but_a_copied_section_is():
    rng = random.Random(7)
    template = _chinese(rng, 400)  # e.g. a county's template paragraph every unit kept
    units = [_unit(f"单位{i}", template + _chinese(rng, 150)) for i in range(8)]
    copied = units[3].sketches  # 单位3's own text, template and all, taken over by another unit
    units.append(FileSummary(file="抄袭.txt", agency="抄袭单位", sketches=dict(copied)))
    a, b = units[0].sketches["一"], units[1].sketches["一"]
    assert estimate(a, b)[0] > 0.5  # without removing the template, different units look alike

    assert template_hashes(u.sketches["一"] for u in units)
    copies = find_copies(units)
    assert set(copies) == {3, 8}
    assert "单位3" in copies[8][0].message() and "抄袭单位" in copies[3][0].message()


def test_same_unit_twice_is_not_copying_between_units():
    text = _chinese(random.Random(1), 300)
    units = [_unit("七户乡", text), _unit("七户乡", text)]
    units[1].file = "七户乡-副本.txt"
    assert find_copies(units) == {}


def test_sketch_estimate_is_close_to_exact_jaccard():
    rng = random.Random(3)
    base = _chinese(rng, 3000)
    for keep in (0.9, 0.7, 0.4):
        cut = int(len(base) * keep)
        other = base[:cut] + _chinese(rng, len(base) - cut)
        exact = jaccard(shingles(base), shingles(other))
        est, sample = estimate(sketch(shingles(base)), sketch(shingles(other)))
        assert sample >= 100 and est == pytest.approx(exact, abs=0.12)


# ---------------------------------------------------------------- totals: the old （六） single row


def test_totals_of_reports_with_the_other_handling_single_row_still_reconcile():
    plain = consistent_report(seed=1)
    old_layout = consistent_report(seed=2)
    cells = old_layout.tables["三"]
    for col in (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_agency",
        "other_organization",
        "total",
    ):
        subs = [cells.pop(f"{r}.{col}") for r in ("other_overdue_correction", "other_unpaid_fee", "other_other")]
        cells[f"other_handling.{col}"] = type(subs[0])(value=sum(c.value for c in subs), raw="")
    totals = Totals()
    for report in (plain, old_layout):
        values = numeric_cells(report)
        assert len(values["三"]) == len(summed_keys("2021", "三"))
        totals.add("2021", values)
    [result] = totals.results()
    assert result.reports == 2 and result.findings == ()
    single = [r for r in result.rows if r.row == "（六）其他处理"]
    assert len(single) == 7 and all(r.reports == 2 for r in single)


def test_batch_notes_warn_when_a_unit_is_summed_twice_or_years_are_mixed():
    from app.audit.cli import batch_notes

    def unit(agency: str, year: int, file: str) -> FileSummary:
        return FileSummary(file=file, agency=agency, year=year)

    assert batch_notes([unit("甲局", 2024, "a"), unit("乙局", 2024, "b")]) == []
    notes = batch_notes([unit("甲局", 2024, "a"), unit("甲局", 2024, "a2"), unit("乙局", 2023, "b")])
    assert "甲局（2024年度 2 份）" in notes[0] and "重复计入" in notes[0]
    assert "2023、2024" in notes[1]


def test_report_text_is_never_a_spreadsheet_formula(tmp_path: Path):
    from openpyxl import load_workbook

    from app.audit import csv_file, xlsx_file

    row = ("a.txt", '=HYPERLINK("x")', 2024, "2021", 0, 0, "", "", "")
    csv_file.write(tmp_path / "s.csv", [row], [])
    assert _read_csv(tmp_path / "s.csv")[0]["单位"] == '\'=HYPERLINK("x")'
    xlsx_file.write(tmp_path / "s.xlsx", [row], [])
    cell = load_workbook(tmp_path / "s.xlsx")["汇总"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'
