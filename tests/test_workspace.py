"""What the pages do, without Streamlit: reports created from last year's file, a filled table template read back."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.export import export
from app.importers import read_report
from app.storage import Store
from app.workspace.creation import new_report
from app.workspace.grids import tables_from_upload
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


@dataclass
class Upload:
    """What a Streamlit file uploader hands the page."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'workspace.db'}")


def _last_year_file() -> Upload:
    path = EXAMPLES / "county-department-2024.json"
    return Upload(path.name, path.read_bytes())


def _create(store: Store, **options):
    fields = {
        "agency": "示例县市场监督管理局",
        "level": "department",
        "year": 2025,
        "source": "previous_file",
        "upload": _last_year_file(),
        "who": "张敏",
        "role": "clerk",
    }
    return new_report(store, **(fields | options))


def test_a_new_report_from_last_years_file_stores_both_and_carries_over(store):
    created = _create(store)
    assert created.error is None and created.report_id is not None
    stored = {(i.agency, i.year) for i in store.list_reports()}
    assert stored == {("示例县市场监督管理局", 2024), ("示例县市场监督管理局", 2025)}
    report = store.load(created.report_id)[0]
    assert report.value("三", "carried_over.total") == 3  # last year's 结转下年度
    assert report.cell("三", "received.total").raw == ""
    assert any("上年报告也已存入本系统" in n for n in created.notes)

    assert "已存在" in (_create(store).error or "")  # one report per unit and year
    following = _create(store, year=2026, source="previous_saved", upload=None)
    assert following.error is None  # this year's stored report is found by agency and year
    assert [i.year for i in store.list_reports()].count(2025) == 1


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"agency": "  "}, "请填写单位名称"),
        ({"who": ""}, "请先在左侧填写你的姓名"),
        ({"upload": None}, "请选择上年报告文件"),
        ({"upload": Upload("last.pdf", b"not a pdf")}, "上年报告无法读取"),
        ({"source": "previous_saved", "agency": "别的单位"}, "没有「别的单位」2024年度的报告"),
    ],
)
def test_a_new_report_that_cannot_be_made_says_why_and_stores_nothing(store, options, error):
    created = _create(store, **options)
    assert created.report_id is None and error in (created.error or "")
    assert store.list_reports() == []


def test_a_new_report_from_a_file_that_is_not_last_years_is_refused_and_nothing_carried(store):
    created = _create(store, year=2026)  # the file is the 2024 report
    assert created.report_id is None
    assert "导入的报告是 2024 年度的，不是上一年度（2025年）" in (created.error or "")
    assert store.list_reports() == []  # neither a 2026 report prefilled from 2024 nor the file stored


def test_a_filled_table_template_reads_back_into_the_report():
    report = read_report(EXAMPLES / "county-department-2025.json")
    filled = report.model_copy(deep=True)
    filled.tables["三"]["received.natural_person"] = filled.tables["三"]["received.natural_person"].model_copy(
        update={"value": 99, "raw": "99"}
    )
    tables, error, notes = tables_from_upload(report, Upload("填报.xlsx", export(filled, "xlsx")))
    assert error is None and notes == []
    assert tables["三"]["received.natural_person"].value == 99
    assert all(set(cells) <= set(tables[t]) for t, cells in report.tables.items())  # every official cell


def test_a_table_template_of_another_format_or_unreadable_is_refused():
    report = read_report(EXAMPLES / "county-department-2025.json")
    older = read_report(EXAMPLES / "qihuxiang-2020.json")
    tables, error, _ = tables_from_upload(report, Upload("2019.xlsx", export(older, "xlsx")))
    assert tables == {} and "2019年格式" in error and "2021年格式" in error
    tables, error, _ = tables_from_upload(report, Upload("broken.xlsx", b"PK\x03\x04 broken"))
    assert tables == {} and error.startswith("文件无法读取")
