"""A year used as a point of reference is no YEAR finding; a year left from an earlier report still is."""

from __future__ import annotations

import pytest

from app.drafting.facts import build_facts
from app.drafting.gate import blocking, report_findings
from app.drafting.grounding import ground_section
from evals.years import evaluate, flags, load_cases, report_with
from schemas.report import Subsection

CASES = load_cases()


def test_the_set_has_both_sides_and_unique_ids():
    assert len({c.id for c in CASES}) == len(CASES)
    assert sum(c.label == "fits" for c in CASES) >= 30 and sum(c.label == "stale" for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_case_is_judged_as_labelled(case):
    assert flags(case) == (case.label == "stale"), case.why


def test_figures():
    figures, misses = evaluate(CASES)
    assert not misses
    assert figures.recall == 1.0 and figures.precision == 1.0


def test_the_reported_reference_does_not_block_a_drafted_section():
    # the sentence users saw blocking export, in a section the tool drafted: neither check nor grounding flags it
    case = next(c for c in CASES if c.id == "year-ref-since-2018-cleanup-ellipsis")
    report = report_with(case)
    stale = "本单位2024年度通过门户网站主动公开政府信息300条。"
    report.overview.subsections.append(Subsection(heading="（二）主动公开", text=stale))
    findings, _ = ground_section(report, "一", build_facts(report))
    years = [f.actual for f in findings if f.rule == "YEAR"]
    assert years == ["2024"]  # the stale year only
    assert [f.actual for f in report_findings(report) if f.rule == "YEAR"] == ["2024"]
    assert all("2018" not in f.message for f in blocking(report, report_findings(report)))
