"""版本记录 entries stay a few lines: many cells changed the same way are one counted line, and a reviewer's run of
confirmations is one entry naming each finding by its title."""

from __future__ import annotations

import datetime as dt

import pytest

from app.importers import read_report
from app.storage import Store
from app.workspace.blanks import blank_cells, fill_blanks_with_zero
from app.workspace.versions import change_lines, version_entries
from schemas.report import Cell, Report
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
