"""Cells run together with no separator: split by the table's own constraints when exactly one split fits."""

from __future__ import annotations

from app.importers import read_bytes
from tests.conftest import CITY, SEED

COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_agency",
    "other_organization",
    "total",
)
CITY_TEXT = CITY.read_text(encoding="utf-8")


def _glue(text: str, line: str, label: str) -> str:
    assert line in text
    digits = "".join(p.strip() for p in line.split("|")[-7:])
    prefix = line[: line.index(label)]
    return text.replace(line, f"{prefix}{label}{digits}")


def _row(report, row_id):
    return [report.value("三", f"{row_id}.{c}") for c in COLUMNS]


def _parse(report):
    return [f for f in report.provenance.findings if f.rule == "PARSE"]


def test_row_total_decides_the_split():
    line = " |  | 2.其他法律行政法规禁止公开 | 27 | 1 | 0 | 0 | 0 | 0 | 28"
    r = read_bytes(_glue(CITY_TEXT, line, "2.其他法律行政法规禁止公开").encode(), "r.txt")
    assert _row(r, "withheld_prohibited_by_law") == [27, 1, 0, 0, 0, 0, 28]
    (f,) = _parse(r)
    assert f.severity == "warning" and "271000028" in f.message and "27 | 1 | 0 | 0 | 0 | 0 | 28" in f.message


def test_column_identities_decide_when_the_row_total_cannot():
    # 220000022 fits the row total two ways (22|0|…|22 and 2|20|…|22); only one keeps R-A/R-D true
    line = " | 法提供 | 2.没有现成信息需要另行制作 | 22 | 0 | 0 | 0 | 0 | 0 | 22"
    r = read_bytes(_glue(CITY_TEXT, line, "2.没有现成信息需要另行制作").encode(), "r.txt")
    assert _row(r, "unavailable_needs_creation") == [22, 0, 0, 0, 0, 0, 22]
    assert [f.severity for f in _parse(r)] == ["warning"]


def test_no_split_fits_is_reported_and_nothing_is_guessed():
    line = " |  | 2.其他法律行政法规禁止公开 | 27 | 1 | 0 | 0 | 0 | 0 | 28"
    glued = _glue(CITY_TEXT, line, "2.其他法律行政法规禁止公开").replace("271000028", "271000029")
    r = read_bytes(glued.encode(), "r.txt")
    assert _row(r, "withheld_prohibited_by_law") == [None] * 7
    (f,) = _parse(r)
    assert f.severity == "error" and f.row == "2.其他法律行政法规禁止公开" and "无法确定" in f.message


SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_ROW = "规范性文件 |\n0 |\n0 |\n0 |"


def test_table_two_without_evidence_is_a_parse_error():
    r = read_bytes(SEED_TEXT.replace(SEED_ROW, "规范性文件898989 |").encode(), "s.txt")
    (f,) = _parse(r)
    assert (
        f.severity == "error"
        and f.table == "二"
        and "898989" not in str(r.tables["二"].get("normative_documents.newly_made"))
    )
    assert "normative_documents.newly_made" not in r.tables["二"]


def test_table_two_split_by_the_narratives_numbers():
    text = SEED_TEXT.replace(SEED_ROW, "规范性文件898989 |").replace(
        "截至2020年12月底", "全年制作规范性文件89件,截至2020年12月底"
    )
    r = read_bytes(text.encode(), "s.txt")
    assert [
        r.value("二", f"normative_documents.{c}") for c in ("newly_made", "newly_published", "total_published")
    ] == [
        89,
        89,
        89,
    ]
    (f,) = _parse(r)
    assert f.severity == "warning" and "正文" in f.message
