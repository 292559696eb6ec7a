"""The gate: unsupported claims left after drafting, placeholders and reviewers' confirmations, through every path."""

from __future__ import annotations

import datetime as dt

import pytest

from app.importers import read_report
from app.rules import check
from schemas.confirmations import (
    ReasonRequired,
    claim_of,
    confirmation_of,
    describe,
    new_confirmation,
    open_findings,
    with_confirmation,
)
from schemas.findings import Rule, finding
from schemas.report import Narrative, Report, Subsection
from tests.conftest import EXAMPLES

AT = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)


def _report(text: str = "全年设置查阅点3个，方便群众查阅。新闻发布会3场。") -> Report:
    report = read_report(EXAMPLES / "county-department-2025.json")
    report.overview = Narrative(lead="总体情况。", subsections=[Subsection(heading="（一）主动公开", text=text)])
    return report


def _claim_finding(report: Report, value: str = "3") -> object:
    return finding(Rule.R_H, own_draft=True, section="一", paragraph=3, message=f"数字“{value}”没有出处", actual=value)


# ---------------------------------------------------------------- one confirmation mechanism


def test_a_confirmation_covers_its_finding_while_the_claim_reads_the_same():
    report = _report()
    f = _claim_finding(report)
    assert claim_of(report, f) == "全年设置查阅点3个，方便群众查阅。"
    confirmed = with_confirmation(report, new_confirmation(report, f, reason="查阅点经核实为3个", by="王审", at=AT))
    c = confirmation_of(confirmed, f)
    assert c is not None and (c.by, c.at, c.reason) == ("王审", AT, "查阅点经核实为3个")
    assert open_findings(confirmed, [f]) == []
    assert "王审" in describe(c) and "查阅点经核实为3个" in describe(c)


@pytest.mark.parametrize(
    "edited",
    [
        "全年设置政策解读3篇，方便群众查阅。新闻发布会3场。",  # same number, a different claim
        "全年设置查阅点3个，方便企业查阅。新闻发布会3场。",  # the sentence changed
    ],
)
def test_a_confirmation_does_not_outlive_its_claim(edited):
    report = _report()
    f = _claim_finding(report)
    confirmed = with_confirmation(report, new_confirmation(report, f, reason="经核实", by="王审", at=AT))
    changed = confirmed.model_copy(deep=True)
    changed.overview.subsections[0].text = edited
    assert confirmation_of(changed, f) is None
    assert open_findings(changed, [f]) == [f]


def test_a_confirmation_does_not_cover_a_changed_number_or_another_cell():
    report = _report()
    f = _claim_finding(report)
    confirmed = with_confirmation(report, new_confirmation(report, f, reason="经核实", by="王审", at=AT))
    changed = confirmed.model_copy(deep=True)
    changed.overview.subsections[0].text = "全年设置查阅点4个，方便群众查阅。"
    assert confirmation_of(changed, _claim_finding(changed, "4")) is None
    table = [f for f in check(read_report(EXAMPLES / "county-department-2025-with-errors.json")) if f.table]
    first, second = table[0], table[1]
    with_one = with_confirmation(report, new_confirmation(report, first, reason="口径不同", by="王审", at=AT))
    assert confirmation_of(with_one, first) is not None and confirmation_of(with_one, second) is None
    moved = first.model_copy(update={"actual": 999})
    assert confirmation_of(with_one, moved) is None


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_confirmation_needs_a_written_reason_and_a_name(reason):
    report = _report()
    with pytest.raises(ReasonRequired):
        new_confirmation(report, _claim_finding(report), reason=reason, by="王审", at=AT)
    with pytest.raises(ReasonRequired):
        new_confirmation(report, _claim_finding(report), reason="经核实", by=" ", at=AT)


def test_confirmations_kept_in_an_old_drafting_record_still_load():
    data = _report().model_dump(mode="json")
    data["drafting"] = {
        "一": {"mode": "model", "confirmations": [{"rule": "R-H", "paragraph": 3, "value": "3", "reason": "核实无误"}]}
    }
    report = Report.model_validate(data)
    assert [(c.section, c.paragraph, c.value, c.reason) for c in report.confirmations] == [("一", 3, "3", "核实无误")]
    assert confirmation_of(report, _claim_finding(report)) is not None  # no claim recorded then: not compared
    assert "confirmations" not in report.drafting["一"].model_dump()
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_a_placeholder_is_an_error_in_every_report():
    report = _report("本年度工作要点落实情况【待补充：工作要点】。")
    found = [f for f in check(report) if f.rule == Rule.PLACEHOLDER]
    assert [(f.severity, f.section, f.paragraph, f.actual) for f in found] == [
        ("error", "一", 3, "【待补充：工作要点】")
    ]


# ---------------------------------------------------------------- check: drafted sections grounded again


def _drafted() -> tuple[Report, Report]:
    """The county example drafted offline with its notes (it passes its own grounding), and last year's report."""
    from app.drafting.engine import draft_report
    from app.drafting.notes import merge_notes, read_notes

    report = read_report(EXAMPLES / "county-department-2025.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    notes = EXAMPLES / "notes-county-department-2025.md"
    report.notes = merge_notes(report.notes, read_notes(notes.read_bytes(), notes.name))
    return draft_report(report, previous=previous, overwrite=True).report, previous


def _edit(report: Report, section_attr: str, index: int, old: str, new: str) -> Report:
    out = report.model_copy(deep=True)
    sub = getattr(out, section_attr).subsections[index]
    assert old in sub.text
    sub.text = sub.text.replace(old, new)
    return out


def test_check_grounds_drafted_sections_on_their_current_text():
    from app.drafting.gate import report_findings

    drafted, previous = _drafted()
    assert [f for f in report_findings(drafted, previous) if f.severity == "error"] == []
    edited = _edit(drafted, "overview", 4, "共56人次参加", "共4321人次参加")  # 五、监督保障: no source
    errors = [f for f in report_findings(edited, previous) if f.severity == "error"]
    assert [(f.rule, f.section, f.paragraph, f.actual) for f in errors] == [("R-H", "一", 11, "4321")]
    human = edited.model_copy(update={"drafting": {}})  # the same words in a report the tool did not draft
    assert [f for f in report_findings(human, previous) if f.rule == Rule.R_H and f.severity == "error"] == []
