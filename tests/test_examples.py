"""The example reports are what a newcomer opens and what the golden drafts start from: each is a valid report, each
year's report checks clean against last year's, and the clerk's notes agree with the tables they describe."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from app.claims import build_ground, check_text
from app.drafting.engine import draft_report
from app.drafting.enumeration import split_items
from app.drafting.facts import previous_problems
from app.drafting.notes import clean_notes, parse_notes, read_notes
from app.importers import read_report
from app.rules import check
from app.storage import Store
from schemas.agency import can_make_regulations, signing_name, tier
from schemas.drafting import Notes
from schemas.registry import tables
from schemas.report import Report
from tests.conftest import EXAMPLES, ROOT

# unit → (its tier, whether this year's narrative is left to be drafted)
UNITS = {
    "county-department": ("county", False),
    "township": ("township", True),
    "county-government": ("county", True),
}
EMPTY_SECTIONS = ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def _pair(unit: str) -> tuple[Report, Report]:
    return read_report(EXAMPLES / f"{unit}-2025.json"), read_report(EXAMPLES / f"{unit}-2024.json")


def _notes(unit: str) -> Notes:
    return clean_notes(parse_notes((EXAMPLES / f"notes-{unit}-2025.md").read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_is_a_report_with_no_field_the_model_drops(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    report = Report.model_validate(data)
    assert report.model_dump(mode="json", exclude_unset=True) == data
    assert report.meta.agency and report.meta.year


@pytest.mark.parametrize("unit", UNITS)
def test_every_cell_of_the_official_tables_holds_a_number(unit):
    for report in _pair(unit):
        for table in tables(report.meta.format_version):
            for row in table.value_rows:
                for key in row.cell_keys():
                    cell = report.cell(table.id, key)
                    assert cell is not None and isinstance(cell.value, int | float), (report.meta.year, table.id, key)


@pytest.mark.parametrize("unit", UNITS)
def test_last_years_report_checks_clean_on_its_own(unit):
    _, previous = _pair(unit)
    assert [f.message for f in check(previous)] == []
    assert all(not getattr(previous, s).is_empty() for s in ("overview", "problems", "other_matters"))


@pytest.mark.parametrize("unit", UNITS)
def test_this_years_report_checks_clean_against_last_years(unit):
    report, previous = _pair(unit)
    _, to_draft = UNITS[unit]
    findings = check(report, previous)
    if not to_draft:
        assert [f.message for f in findings] == []
        return
    # the narrative is left to be drafted: check says in Chinese which parts are missing, and nothing else
    assert report.overview.is_empty() and report.problems.is_empty() and report.other_matters.is_empty()
    assert sorted(f.message for f in findings) == sorted(f"缺少「{title}」部分" for title in EMPTY_SECTIONS)
    assert {(f.rule, f.severity) for f in findings} == {("SECTION", "error")}


@pytest.mark.parametrize("unit", UNITS)
def test_the_years_join_up_column_by_column(unit):
    report, previous = _pair(unit)
    assert report.meta.year == previous.meta.year + 1 and report.meta.agency == previous.meta.agency
    carried = {k: c.value for k, c in report.tables["三"].items() if k.startswith("carried_over.")}
    forward = {k.replace("carried_forward.", "carried_over."): c.value for k, c in previous.tables["三"].items()}
    assert carried and all(forward[k] == v for k, v in carried.items())
    for row in ("regulations", "normative_documents"):
        two, last = report.tables["二"], previous.tables["二"]
        expected = last[f"{row}.in_force"].value + two[f"{row}.issued"].value - two[f"{row}.repealed"].value
        assert two[f"{row}.in_force"].value == expected


@pytest.mark.parametrize("unit", ["township", "county-government"])
def test_the_unit_is_of_its_level_and_makes_no_regulations(unit):
    report, _ = _pair(unit)
    agency, level = report.meta.agency, report.meta.level
    assert tier(agency, level) == UNITS[unit][0]
    assert signing_name(agency, level) == agency  # the name the report gives itself is the one it signs with
    assert not can_make_regulations(agency, level)
    assert all(c.value == 0 for k, c in report.tables["二"].items() if k.startswith("regulations."))
    assert report.meta.processing_fee.notices_sent == 0


@pytest.mark.parametrize("unit", UNITS)
def test_the_notes_agree_with_the_tables_they_name(unit):
    report, previous = _pair(unit)
    ground = build_ground(report, previous=previous)
    named, wrong = [], []
    for line in _notes(unit).all_text().split("\n"):
        for verdict in check_text(line, ground, own_draft=False):
            if verdict.claim.quantity:
                named.append(verdict.claim.text)
            if verdict.status != "ok":
                wrong.append((line, verdict.claim.text, verdict.expected))
    assert wrong == []
    assert named  # the notes do state table quantities (the new units' notes: applications, outcomes, decisions)


@pytest.mark.parametrize("unit", ["township", "county-government"])
def test_the_notes_cover_every_aspect_one_measure_per_problem_and_last_years_problems(unit):
    _, previous = _pair(unit)
    notes = _notes(unit)
    assert [k for k in Notes.model_fields if not getattr(notes, k).strip()] == []
    problems = split_items(notes.problems)
    assert len(split_items(notes.measures)) == len(problems) >= 2  # one measure per problem
    assert len(split_items(notes.rectification)) == len(previous_problems(previous)) >= 2


@pytest.mark.parametrize("unit", ["township", "county-government"])
def test_the_workspace_opens_this_years_report_with_last_years_beside_it(unit, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    monkeypatch.setenv("NIANBAO_DB", url)
    monkeypatch.chdir(tmp_path)
    store = Store.open(url)
    for year in (2024, 2025):  # as a clerk brings them in on 「版本」 (a bare report JSON)
        store.import_json((EXAMPLES / f"{unit}-{year}.json").read_text(encoding="utf-8"), who="张敏")
    report, _ = _pair(unit)
    at = AppTest.from_file(str(ROOT / "app" / "ui" / "main.py"), default_timeout=60)
    at.session_state["who"] = "张敏"
    at.run()
    for page in ("basics", "tables", "materials", "drafting", "review"):
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, at.exception)
        opened = at.session_state["report"].meta  # the newest year's report is the one open
        assert (opened.agency, opened.year) == (report.meta.agency, 2025), page
    shown = "\n".join(str(m.value) for m in at.markdown)  # 审核 → 检查发现: what is missing, nothing else
    assert (
        "（缺少年度报告的某一部分）**：缺少「一、总体情况」部分" in shown
        and "R-" not in shown
        and "未发现问题" not in shown
    )


@pytest.mark.parametrize("with_notes", [True, False], ids=["notes", "no-notes"])
@pytest.mark.parametrize("unit", UNITS)
def test_the_offline_draft_of_this_year_keeps_every_figure_to_the_tables(unit, with_notes):
    report, previous = _pair(unit)
    if with_notes:  # as `nianbao draft --notes` reads the file
        path = EXAMPLES / f"notes-{unit}-2025.md"
        report.notes = read_notes(path.read_bytes(), path.name)
    outcome = draft_report(report, previous=previous, overwrite=True)
    assert outcome.failed == [] and all(r.drafted for r in outcome.results.values())
    drafted = outcome.report
    found = outcome.findings + check(drafted, previous, own_draft=True)
    assert [f.message for f in found if f.rule in ("R-H", "R-F", "R-G", "YEAR")] == []
    assert not drafted.overview.is_empty() and not drafted.problems.is_empty()
