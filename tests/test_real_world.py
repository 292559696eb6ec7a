"""Realistic published reports in every format (tests/real_world): cells, meta, planted errors, no false alarms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.checking import check_path, result_json
from schemas.registry import FORMAT_VERSIONS, cell_key, table

HERE = Path(__file__).parent / "real_world"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
CELLS = json.loads((HERE / "expected_cells.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {name: result_json(check_path(HERE / name)) for name in EXPECTED}


def _cell_key(table_id: str, row_label: str, column_label: str) -> str | None:
    """The cell key of a table's row and column labels (either format version), or None."""
    for version in FORMAT_VERSIONS:
        for row in table(version, table_id).rows:
            for col in row.columns:
                if row.label == row_label and col.label == column_label:
                    return cell_key(row.id, col.id)
    return None


def _matches(planted: dict, f: dict) -> bool:
    keys = ("rule", "table", "row", "column", "section", "actual")
    if all(planted.get(k) is None or f.get(k) == planted[k] for k in keys):
        return True
    # one CELL finding for a whole blank (or 「/」) row or column covers each planted cell by its key
    if planted["rule"] != "CELL" or f["rule"] != "CELL" or f.get("table") != planted.get("table"):
        return False
    key = _cell_key(planted["table"], planted["row"], planted["column"])
    return key is not None and key in f.get("cells", [])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_meta_is_read(results, name):
    r, e = results[name], EXPECTED[name]
    assert r["error"] is None
    assert (r["agency"], r["year"], r["format_version"]) == (e["agency"], e["year"], e["format_version"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell_read_is_right_and_every_unread_cell_is_reported(results, name):
    r = results[name]
    got = {f"{c['table']}|{c['row']}|{c['column']}": c["raw"] for c in r["cells"]}
    wrong = {k: (got[k], v) for k, v in CELLS[name].items() if k in got and got[k].strip() != v.strip()}
    assert wrong == {}
    unread_rows = {k.split("|")[1] for k in CELLS[name] if k not in got}
    reported = {f["row"] for f in r["findings"] if f["rule"] == "PARSE" and f["severity"] == "error"}
    assert unread_rows <= reported


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_planted_errors_are_found(results, name):
    findings = results[name]["findings"]
    missed = [p["note"] for p in EXPECTED[name]["planted"] if not any(_matches(p, f) for f in findings)]
    assert missed == []


def test_no_narrative_warning_without_a_planted_cause(results):
    """R-H and YEAR fire only where an inconsistency was planted (or follows from a planted table error)."""
    unexpected = {}
    for name, r in results.items():
        planted = EXPECTED[name]["planted"]
        for f in r["findings"]:
            if f["rule"] in ("R-H", "YEAR") and not any(_matches(p, f) for p in planted):
                table_errors = {p["rule"] for p in planted} & {"R-A", "R-C", "R-D", "R-E"}
                if not table_errors:
                    unexpected.setdefault(name, []).append(f["message"])
    assert unexpected == {}


MINIMAL = HERE / "minimal"


@pytest.mark.parametrize(
    "name,agency,year",
    [
        ("m01_breadcrumb.txt", "云江市财政局", 2024),
        ("m02_title_year_first.txt", "云江市财政局", 2024),
        ("m03_region_only_title.txt", "云江市", 2024),
        ("m04_markdown_title.md", "云江市财政局", 2024),
    ],
)
def test_titles_around_page_furniture(name, agency, year):
    r = check_path(MINIMAL / name).report
    assert (r.meta.agency, r.meta.year) == (agency, year)


def test_region_only_title_is_a_whole_government_report():
    assert check_path(MINIMAL / "m03_region_only_title.txt").report.meta.level == "county_government"


def test_rh_stays_silent_on_subsets_channels_days_and_other_years():
    findings = check_path(MINIMAL / "m08_rh_false_positives.txt").findings
    assert [f.message for f in findings if f.rule == "R-H"] == []


def test_short_statistics_period_with_a_wrong_year():
    findings = check_path(MINIMAL / "m05_short_period_wrong_year.txt").findings
    assert [f.actual for f in findings if f.rule == "YEAR"] == ["2023年1月1日至12月31日"]


def test_section_headings_written_in_other_ways_are_found():
    r = check_path(MINIMAL / "m11_heading_variants.md").report
    assert r.provenance.sections_found == ["一", "四", "五", "六"]
    assert r.value("四", "administrative_review.total") == 2
    assert r.problems.paragraphs() == ["一是培训不足。"] and r.other_matters.paragraphs() == ["无。"]


def test_a_label_wrapped_early_by_a_pdf_is_still_its_row():
    result = check_path(MINIMAL / "m10_pdf_wrapped_label.txt")
    assert result.report.value("三", "partially_disclosed.total") is not None
    assert not [f for f in result.findings if f.rule in ("PARSE", "LABEL")]
