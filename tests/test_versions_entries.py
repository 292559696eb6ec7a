"""版本记录 entries stay a few lines: many cells changed the same way are one counted line, and a reviewer's run of
confirmations is one entry naming each finding by its title."""

from __future__ import annotations

import datetime as dt

import pytest

from app.drafting.gate import report_findings
from app.importers import read_report
from app.storage import Store
from app.workspace.blanks import blank_cells, fill_blanks_with_zero
from app.workspace.versions import change_lines, restore_consequences, version_entries
from schemas.report import Cell, Report
from schemas.rule_catalogue import rule_info
from tests.conftest import EXAMPLES

START = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
REVIEWER = {"who": "王审", "role": "reviewer"}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def later(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


def _example() -> Report:
    return read_report(EXAMPLES / "county-department-2025-with-errors.json")


def _blanked(report: Report, count: int) -> Report:
    """``report`` with its first ``count`` cells of table 三 left blank."""
    out = report.model_copy(deep=True)
    for key in list(out.tables["三"])[:count]:
        out.tables["三"][key] = Cell(value=None, raw="")
    return out


@pytest.fixture
def clocked(tmp_path) -> tuple[Store, Clock, int]:
    clock = Clock()
    store = Store.open(f"sqlite:///{tmp_path / 'versions.db'}", clock=clock)
    rid = store.create_report(_blanked(_example(), 60), who="张敏", role="clerk")
    return store, clock, rid


def _entries(store: Store, rid: int):
    return version_entries(store.versions(rid), lambda n: store.load(rid, version=n)[0])


def _save(store: Store, rid: int, report: Report, **who) -> int:
    return store.save(rid, report, expected_version=store.load(rid)[1], **(who or {"who": "张敏", "role": "clerk"}))


def test_filling_every_blank_with_zero_is_one_counted_line_and_other_cells_stay_listed_up_to_ten(clocked):
    store, clock, rid = clocked
    report = store.load(rid)[0]
    blanks = len([c for c in blank_cells(report) if c[0] == "三"])
    assert blanks >= 50
    clock.later(1)
    _save(store, rid, fill_blanks_with_zero(report))
    report = store.load(rid)[0]
    changed = [k for k, c in report.tables["三"].items() if c.value not in (None, 0)][:12]
    for n, key in enumerate(changed):  # twelve single cells, each to a value of its own
        report.tables["三"][key] = Cell(value=900 + n, raw=str(900 + n))
    clock.later(1)
    _save(store, rid, report)
    newest, _ = _entries(store, rid)
    assert newest.label == "第 2–3 版"
    table3 = [line for line in newest.lines if line.startswith("表三")]
    assert table3[0] == f"表三 {blanks} 格：（空）→0"
    assert len(table3) == 12 and all(line.startswith("表三「") for line in table3[1:11])
    assert any(line.endswith("→900") for line in table3)
    assert table3[-1] == "表三另有 2 格改动"
    assert len(newest.lines) <= 14  # not the seventy lines of the cells one by one


def test_a_few_cells_changed_the_same_way_are_still_named_one_by_one():
    old = _blanked(_example(), 3)
    lines = [line for line in change_lines(old, fill_blanks_with_zero(old)) if line.startswith("表三")]
    assert len(lines) == 3 and all(line.startswith("表三「") and line.endswith("：（空）→0") for line in lines)


def test_a_run_of_confirmations_by_one_reviewer_is_one_entry_naming_each_finding_by_title(clocked):
    store, clock, rid = clocked
    clock.later(1)
    findings = [f for f in report_findings(store.load(rid)[0]) if rule_info(f.rule).confirmable][:12]
    assert len(findings) == 12
    for n, finding in enumerate(findings):
        clock.now += dt.timedelta(seconds=5)
        store.confirm(rid, finding, reason=f"与台账核对无误{n}", **REVIEWER)
    clock.later(30)  # later, one more on its own
    last = next(f for f in report_findings(store.load(rid)[0]) if rule_info(f.rule).confirmable and f not in findings)
    store.confirm(rid, last, reason="另行核对", **REVIEWER)
    alone, run, created = _entries(store, rid)
    assert (alone.label, run.label, created.label) == ("第 14 版", "第 2–13 版", "第 1 版")
    assert run.kind_label == "审核确认" and len(run.versions) == 12  # every version still listed inside
    assert run.lines[0] == "审核确认 12 条："
    assert f"「{rule_info(findings[0].rule).title}」" in run.lines[1] and run.lines[1].endswith("与台账核对无误0")
    assert len(run.lines) == 10 and run.lines[-1] == "等另 4 条（见「逐版记录」）"
    assert not any(f" {f.rule} " in line or line.startswith(f.rule) for f in findings for line in run.lines)
    assert not any("（王审）" in line for line in run.lines)  # the entry names the reviewer once, above
    assert alone.lines[0].endswith("：另行核对")


def test_confirmations_by_another_person_or_between_edits_are_not_joined(clocked):
    store, clock, rid = clocked
    first, second, third = [f for f in report_findings(store.load(rid)[0]) if rule_info(f.rule).confirmable][:3]
    clock.later(1)
    store.confirm(rid, first, reason="核对无误", **REVIEWER)
    clock.later(1)
    store.confirm(rid, second, reason="核对无误", who="李审", role="reviewer")
    clock.later(1)
    report = store.load(rid)[0]
    report.tables["三"]["received.natural_person"] = Cell(value=77, raw="77")
    _save(store, rid, report, **REVIEWER)
    clock.later(1)
    store.confirm(rid, third, reason="核对无误", **REVIEWER)
    assert [e.label for e in _entries(store, rid)] == ["第 5 版", "第 4 版", "第 3 版", "第 2 版", "第 1 版"]


def test_restoring_onto_a_published_report_says_it_goes_back_to_review_and_the_publication_record_changes():
    published = _example()
    earlier = published.model_copy(deep=True)
    earlier.meta.publication.date, earlier.meta.publication.url = None, ""
    earlier.tables["三"]["received.natural_person"] = Cell(value=1, raw="1")
    first, second = restore_consequences("published", published, earlier, 3)
    assert first.startswith("本报告已发布。恢复后将退回「审核中」")
    assert "三、收到和处理政府信息公开申请情况" in first and "重新审核签发" in first
    assert second.startswith("第 3 版没有发布日期，发布记录会随之改变：发布日期：2026-01-20→（空）")
    # only the publication differs: no re-review, the changed record still said
    earlier.tables["三"] = published.tables["三"]
    (only,) = restore_consequences("signed", published, earlier, 3)
    assert "发布记录会随之改变" in only
    assert restore_consequences("reviewing", published, earlier, 3) == []
