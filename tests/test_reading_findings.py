"""An import's doubt about a row (a PARSE error: its cells left unread) ends when the clerk fills the row."""

from __future__ import annotations

from app.checking import all_findings
from app.importers import read_bytes
from schemas.registry import table
from schemas.report import Cell
from tests.conftest import CITY

ROW = "8.属于行政查询事项"


def _report_with_a_short_row():
    """The city report with one number of 表三's 「8.属于行政查询事项」 row dropped: the row is read as unread."""
    text = CITY.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ROW in ln)
    short = line.replace("| 66 |", "|").replace("| 66", "")
    assert short != line
    return read_bytes(text.replace(line, short).encode(), "x.txt")


def _row_errors(report):
    return [f for f in all_findings(report) if f.rule == "PARSE" and f.severity == "error" and f.row == ROW]


def _keys():
    row = next(r for r in table("2021", "三").rows if r.label == ROW)
    return row.cell_keys()


def test_the_parse_error_of_an_unread_row_stays_until_every_cell_holds_a_number():
    report = _report_with_a_short_row()
    assert _row_errors(report) and all(k not in report.tables["三"] for k in _keys())
    truth = dict(zip(_keys(), ("64", "2", "0", "0", "0", "0", "66"), strict=True))
    for key in list(truth)[:-1]:
        report.tables["三"][key] = Cell(value=int(truth[key]), raw=truth[key])
    assert _row_errors(report), "one cell still unread: the doubt stands"
    report.tables["三"][_keys()[-1]] = Cell(value=None, raw="")
    assert _row_errors(report), "a blank is not a number"
    report.tables["三"][_keys()[-1]] = Cell(value=66, raw="66")
    assert _row_errors(report) == []
    assert report.provenance.findings, "the import record itself keeps what reading found"


def test_a_row_filled_with_wrong_numbers_loses_the_parse_error_but_the_arithmetic_speaks():
    report = _report_with_a_short_row()
    for key, value in zip(_keys(), (64, 2, 0, 0, 0, 0, 67), strict=True):
        report.tables["三"][key] = Cell(value=value, raw=str(value))
    found = all_findings(report)
    assert not [f for f in found if f.rule == "PARSE" and f.row == ROW]
    assert any(f.rule == "R-C" and f.row == ROW for f in found)


def test_a_new_report_from_last_years_file_says_what_could_not_be_read(tmp_path):
    from app.storage import Store
    from app.workspace.creation import new_report
    from tests.test_workspace import Upload

    text = CITY.read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ROW in ln)
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    short = Upload("2024.txt", text.replace(line, line.replace("| 66", "")).encode())
    made = new_report(store, agency="示例市人民政府", level="department", year=2025, source="previous_file",
                      upload=short, who="张三", role="clerk")  # fmt: skip
    assert made.error is None
    doubt = [n for n in made.notes if "无法确定" in n]
    assert len(doubt) == 1 and "1 处" in doubt[0] and ROW in doubt[0]
    clean = Upload("2024.txt", text.encode())
    made = new_report(store, agency="示例市教育局", level="department", year=2025, source="previous_file",
                      upload=clean, who="张三", role="clerk")  # fmt: skip
    assert made.error is None and not [n for n in made.notes if "无法确定" in n]
