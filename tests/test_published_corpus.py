"""Real published reports (the corpus outside the repository) against hand-labelled truth (tests/published/).

For each file: the agency, year and format version as labelled; every cell the reader reports is the cell as
published (a wrong value always fails, and so does a cell the copy does not hold); every labelled cell it does
not read is named by a PARSE error; every error finding is one the labels allow (the excerpt's cut, or what the
copy really prints); every LABEL or PARSE warning says something the labels hold true.
"""

from __future__ import annotations

import pytest

from app.checking import check_path, result_json
from schemas.registry import table
from tests.conftest import corpus_path
from tests.published.truth import describe, judge, load

TRUTH = load()

# What the reader still gets wrong, by (test, file): each case is marked strictly, so the mark has to go the day
# the reader gets it right. The reason says what it does now.
KNOWN_MISREADS: dict[tuple[str, str], str] = {}


def _files(test: str) -> list:
    """Every labelled file as a parameter, marked where ``test`` still fails on it."""
    params = []
    for name in sorted(TRUTH):
        reason = KNOWN_MISREADS.get((test, name))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name.rsplit("/", 1)[-1]))
    return params


@pytest.fixture(scope="module")
def readings() -> dict[str, dict]:
    """result_json of every labelled corpus file (skipped without the corpus, failed when CI names a missing one)."""
    return {name: result_json(check_path(corpus_path(*name.split("/")))) for name in TRUTH}


@pytest.mark.parametrize("name", _files("meta"))
def test_agency_year_and_format_are_as_labelled(readings, name):
    reading = readings[name]
    assert reading["error"] is None
    assert judge(reading, TRUTH[name]).meta == {}


@pytest.mark.parametrize("name", _files("cells"))
def test_every_cell_read_is_the_cell_as_published(readings, name):
    j = judge(readings[name], TRUTH[name])
    assert j.wrong == {}, "读错的单元格（读到的, 原文）"
    assert j.not_in_copy == {}, "副本中没有这些单元格，却读出了数值"


@pytest.mark.parametrize("name", _files("unread"))
def test_every_cell_not_read_is_named_by_a_parse_error(readings, name):
    assert judge(readings[name], TRUTH[name]).unread_silent == []


@pytest.mark.parametrize("name", _files("errors"))
def test_no_error_finding_is_false(readings, name):
    j = judge(readings[name], TRUTH[name])
    assert describe(j.false_errors) == []


@pytest.mark.parametrize("name", _files("warnings"))
def test_label_and_parse_warnings_say_what_is_true(readings, name):
    """A LABEL or PARSE warning not listed as true in expected.json: read the text; if the warning is true, list
    it there with the reason, else the reader is wrong."""
    assert describe(judge(readings[name], TRUTH[name]).unlisted_warnings) == []


def test_every_corpus_report_is_labelled(corpus_reports, corpus):
    assert sorted(p.relative_to(corpus).as_posix() for p in corpus_reports) == sorted(TRUTH)


# ---------------------------------------------------------------- the labels themselves (no corpus needed)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_labels_name_official_cells_of_the_file_s_format(name):
    truth = TRUTH[name]
    version = truth["format_version"]
    official = {
        f"{t}|{r.label}|{c.label}" for t in ("二", "三", "四") for r in table(version, t).rows for c in r.columns
    }
    assert set(truth["cells"]) - official == set()
    assert truth["year"] <= 2020 if version == "2019" else truth["year"] >= 2021


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_allowed_finding_gives_its_cause_and_reason(name):
    truth = TRUTH[name]
    for pattern in truth["allowed_errors"] + truth["true_warnings"]:
        assert pattern.get("reason"), pattern
    assert all(p["cause"] in ("cut", "copy", "published") for p in truth["allowed_errors"])
    official_rows = {r.label for t in ("二", "三", "四") for r in table(truth["format_version"], t).rows}
    assert {p["row"] for p in truth["allowed_errors"] if "row" in p} <= official_rows
