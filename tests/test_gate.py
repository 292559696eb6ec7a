"""The gate: unsupported claims left after drafting, placeholders and reviewers' confirmations, through every path."""

from __future__ import annotations

import datetime as dt

import pytest

from app.importers import read_report
from app.rules import check
from app.storage import finding_key
from schemas.confirmations import (
    ReasonRequired,
    claim_of,
    confirmation_of,
    describe,
    new_confirmation,
    open_findings,
    with_confirmation,
)
from schemas.drafting import value_text
from schemas.findings import Rule, finding
from schemas.report import Narrative, Report, Subsection
from tests import llm_server as scripted_server
from tests.conftest import EXAMPLES

llm_server = scripted_server.llm_server

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
    assert claim_of(report, f) == "全年设置查阅点3个，方便群众查阅。新闻发布会3场。"  # 3 in two sentences: all of it
    unique = _report("全年设置查阅点3个，方便群众查阅。新闻发布会1场。")
    assert claim_of(unique, f) == "全年设置查阅点3个，方便群众查阅。"
    assert claim_of(_report("全年发布信息386条。查阅点3个。"), f) == "查阅点3个。"  # 3 is not in 386
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
        "全年设置查阅点3个，方便群众查阅。新闻发布会3次。",  # which of the two 3s was confirmed is not known
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


def test_a_confirmation_written_into_the_json_without_a_reason_confirms_nothing():
    report = _report()
    f = _claim_finding(report)
    c = new_confirmation(report, f, reason="经核实", by="王审", at=AT)
    blank = with_confirmation(report, c.model_copy(update={"reason": "  "}))
    assert confirmation_of(blank, f) is None and open_findings(blank, [f]) == [f]


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
    """The county example drafted offline with its notes and a measure for each of their problems (it passes its
    own grounding), and last year's report."""
    from app.drafting.engine import draft_report
    from app.drafting.notes import merge_notes, read_notes

    report = read_report(EXAMPLES / "county-department-2025.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    notes = EXAMPLES / "notes-county-department-2025.md"
    report.notes = merge_notes(report.notes, read_notes(notes.read_bytes(), notes.name))
    report.notes.measures = "- 增加图解、问答等解读形式\n- 建立基层所（站）信息报送台账\n- 制定答复文书范本"
    return draft_report(report, previous=previous, overwrite=True).report, previous


def _edit(report: Report, section_attr: str, index: int, old: str, new: str) -> Report:
    out = report.model_copy(deep=True)
    sub = getattr(out, section_attr).subsections[index]
    assert old in sub.text
    sub.text = sub.text.replace(old, new)
    return out


def _errors(report: Report, previous: Report | None = None) -> set[tuple]:
    from app.drafting.gate import report_findings

    found = report_findings(report, previous)
    return {(f.rule, f.section, f.paragraph, "4321" in str(f.actual)) for f in found if f.severity == "error"}


def test_check_grounds_drafted_sections_on_their_current_text():
    drafted, previous = _drafted()
    before = _errors(drafted, previous)
    edited = _edit(drafted, "overview", 4, "共56人次参加", "共4321人次参加")  # （五）监督保障: no source
    assert _errors(edited, previous) - before == {("R-H", "一", 11, True)}
    human = edited.model_copy(update={"drafting": {}})  # the same words in a report the tool did not draft
    assert ("R-H", "一", 11, True) not in _errors(human, previous)


def test_a_draft_keeps_last_years_figures_so_its_changes_are_checked_without_last_years_file():
    from app.drafting.gate import report_findings
    from app.drafting.sections import section_text

    drafted, previous = _drafted()
    assert drafted.last_year is not None and drafted.last_year.year == previous.meta.year
    # the draft's year-on-year sentence holds with or without last year's file at hand
    assert "增长18.0%" in section_text(drafted, "一")
    assert not [f for f in report_findings(drafted) if f.severity == "error"]
    # …and a wrong change is caught the same way both times
    wrong = next(i for i, sub in enumerate(drafted.overview.subsections) if "增长18.0%" in sub.text)
    edited = _edit(drafted, "overview", wrong, "增长18.0%", "增长28.0%")
    for known in (None, previous):
        errors = [f for f in report_findings(edited, known) if f.severity == "error"]
        assert [f.rule for f in errors] == ["R-H"] and "18.0%" in errors[0].message
    # a report saved before last year's figures were kept still loads, and then needs last year's file
    assert Report.model_validate({k: v for k, v in drafted.model_dump().items() if k != "last_year"}).last_year is None


# ---------------------------------------------------------------- the workspace: one confirmation, in the history


@pytest.fixture
def store(tmp_path):
    from app.storage import Store

    s = Store.open(f"sqlite:///{tmp_path / 'gate.db'}")
    yield s
    s.close()


def _stored_claim(store):
    """A stored report with a drafted 一 whose training figure has no source, its findings and the error."""
    from app.drafting.gate import report_findings

    drafted, _ = _drafted()
    edited = _edit(drafted, "overview", 4, "共56人次参加", "共4321人次参加")
    rid = store.create_report(edited, who="张敏", role="clerk")
    found = report_findings(edited)
    store.set_findings(rid, found)
    (error,) = [f for f in found if f.severity == "error" and "4321" in str(f.actual)]
    return rid, found, error


def _others(store, rid) -> int:
    """The open errors of the stored report besides the planted claim (none when the drafter grounds itself)."""
    found = store.stored_findings(rid)
    return sum(1 for f in found if f.severity == "error" and (f.section, f.paragraph) != ("一", 11))


def test_a_reviewers_confirmation_is_a_version_with_name_time_and_reason(store):
    from app.storage import StorageError

    rid, found, error = _stored_claim(store)
    others = _others(store, rid)
    assert store.report_info(rid).open_errors == others + 1
    for reason in ("", "   "):
        with pytest.raises(StorageError, match="必须写明理由"):
            store.confirm(rid, error, reason=reason, who="王审", role="reviewer")
    with pytest.raises(StorageError, match="只有审核人"):
        store.confirm(rid, error, reason="经核实", who="张敏", role="clerk")
    assert store.load(rid)[1] == 1  # nothing saved by the refusals

    version = store.confirm(rid, error, reason="培训签到表共4321人次", who="王审", role="reviewer")
    report, number = store.load(rid)
    assert number == version == 2 and store.report_info(rid).open_errors == others
    (c,) = report.confirmations
    assert (c.by, c.reason, c.section, c.paragraph, c.value) == (
        "王审",
        "培训签到表共4321人次",
        "一",
        11,
        str(error.actual),
    )
    latest = store.versions(rid)[0]
    assert latest.author == "王审" and "培训签到表共4321人次" in latest.summary and "审核确认" in latest.summary
    assert store.decisions(rid)[finding_key(error)].reason == "培训签到表共4321人次"


def test_a_withdrawn_confirmation_opens_the_finding_again_and_says_so_in_the_history(store):
    from app.storage import confirmation_key

    rid, _, error = _stored_claim(store)
    others = _others(store, rid)
    store.confirm(rid, error, reason="培训签到表共4321人次", who="王审", role="reviewer")
    (c,) = store.load(rid)[0].confirmations
    store.withdraw(rid, confirmation_key(c), who="李华", role="reviewer")
    assert store.load(rid)[0].confirmations == [] and store.report_info(rid).open_errors == others + 1
    latest = store.versions(rid)[0]
    assert latest.author == "李华" and "撤销审核确认" in latest.summary


def test_confirmations_change_only_by_confirming_or_withdrawing_not_by_a_restore_or_an_edit(store):
    from app.storage import confirmation_key

    rid, _, error = _stored_claim(store)
    confirmed = store.confirm(rid, error, reason="培训签到表共4321人次", who="王审", role="reviewer")
    (c,) = store.load(rid)[0].confirmations
    store.withdraw(rid, confirmation_key(c), who="王审", role="reviewer")
    # the clerk restores the version that still held the confirmation: the text comes back, the confirmation not
    store.restore(rid, confirmed, who="张敏", role="clerk")
    assert store.load(rid)[0].confirmations == []
    # nor can an edit bring one in (a report sent back with a confirmation typed into it)
    report, number = store.load(rid)
    report.confirmations = [c]
    report.preface += "（补充）"
    after = store.save(rid, report, expected_version=number, who="张敏", role="clerk")
    saved, _ = store.load(rid)
    assert after == number + 1 and saved.preface.endswith("（补充）") and saved.confirmations == []


def test_a_placeholder_cannot_be_confirmed_it_must_be_filled_in(store):
    from app.drafting.gate import blocking, report_findings
    from app.storage import StorageError
    from schemas.confirmations import ConfirmationRefused

    report = _report("全年设置查阅点1个。【待补充：新闻发布会场次】")
    (marker,) = [f for f in report_findings(report) if f.rule == Rule.PLACEHOLDER]
    with pytest.raises(ConfirmationRefused, match="不能确认"):
        new_confirmation(report, marker, reason="稍后补写", by="王审", at=AT)
    rid = store.create_report(report, who="张敏", role="clerk")
    with pytest.raises(StorageError, match="不能确认"):
        store.confirm(rid, marker, reason="稍后补写", who="王审", role="reviewer")
    # one typed into the JSON by hand, with a name and a reason, confirms nothing either
    typed = report.model_copy(deep=True)
    shaped = finding(Rule.R_H, section=marker.section, paragraph=marker.paragraph, message="", actual=marker.actual)
    forged = new_confirmation(report, shaped, reason="稍后补写", by="王审", at=AT).model_copy(
        update={"rule": Rule.PLACEHOLDER, "expected": value_text(marker.expected), "message": marker.message}
    )
    assert forged.applies_to(marker, claim_of(report, marker))  # it names the marker exactly…
    typed.confirmations = [forged]
    assert marker in blocking(typed, report_findings(typed))  # …and still confirms nothing


def test_a_confirmation_lapses_when_the_reviewer_changes_the_claim(store):
    from app.drafting.gate import blocking, report_findings

    rid, _, error = _stored_claim(store)
    store.confirm(rid, error, reason="培训签到表共4321人次", who="王审", role="reviewer")
    report, version = store.load(rid)
    assert not [f for f in blocking(report, report_findings(report)) if "4321" in str(f.actual)]
    for old, new in (("4321人次", "4322人次"), ("共4321人次参加", "共4321人次到场参加")):
        changed = _edit(report, "overview", 4, old, new)
        assert [f for f in blocking(changed, report_findings(changed)) if (f.section, f.paragraph) == ("一", 11)], new
        version = store.save(rid, changed, expected_version=version, who="王审", role="reviewer",
                             findings=report_findings(changed))  # fmt: skip
        assert store.report_info(rid).open_errors == _others(store, rid) + 1
        store.restore(rid, 2, who="王审", role="reviewer")
        version = store.load(rid)[1]


def test_an_old_database_and_an_old_backup_keep_their_dismissals_as_confirmations(tmp_path):
    from sqlalchemy import update

    from app.storage import Store
    from app.storage.models import SCHEMA_VERSION, FindingDecision, StorageInfo

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store.open(url)
    rid, found, error = _stored_claim(store)
    with store.write() as s:  # what an earlier version stored: a dismissal beside the report, schema 1
        s.add(
            FindingDecision(
                report_id=rid, key=finding_key(error), rule=error.rule, section=error.section,
                paragraph=error.paragraph, actual=str(error.actual), message=error.message, decision="dismissed",
                reason="签到表核实", decided_by="李华", role="reviewer", decided_at=AT, version_no=1,
            )
        )  # fmt: skip
        s.execute(update(StorageInfo).where(StorageInfo.key == "schema_version").values(value="1"))
    backup = store.export_json(rid)
    store.close()

    reopened = Store.open(url)
    report, version = reopened.load(rid)
    assert version == 2 and [(c.by, c.reason) for c in report.confirmations] == [("李华", "签到表核实")]
    assert (
        reopened.report_info(rid).open_errors == _others(reopened, rid)
        and "签到表核实" in reopened.versions(rid)[0].summary
    )
    assert reopened.decisions(rid)[finding_key(error)].decision_label == "已确认"
    with reopened.read() as s:
        assert s.get(StorageInfo, "schema_version").value == str(SCHEMA_VERSION)

    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.db'}")
    moved = fresh.import_json(backup, who="王强")
    assert [c.reason for c in fresh.load(moved)[0].confirmations] == ["签到表核实"]
    assert fresh.report_info(moved).open_errors == _others(fresh, moved)


# ---------------------------------------------------------------- end to end: a model that repeats a false claim


def _cli(*args, cwd=None, env=None):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_LLM", "OPENAI_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
    )


def test_a_false_claim_repeated_on_repair_is_gated_until_a_reviewer_confirms_it(tmp_path, llm_server):
    import json

    from app.drafting.facts import build_facts
    from app.drafting.gate import report_findings
    from app.drafting.notes import read_notes
    from app.drafting.offline import draft_offline
    from app.storage import Store
    from tests.llm_server import Reply

    notes = EXAMPLES / "notes-county-department-2025.md"
    source = read_report(EXAMPLES / "county-department-2025.json")
    source.notes = read_notes(notes.read_bytes(), notes.name)
    good = json.loads(draft_offline(source, build_facts(source), "一").model_dump_json())
    false = "收到政府信息公开申请100件"  # the table says 59
    bad = dict(good, disclosure_on_request=good["disclosure_on_request"].replace("收到政府信息公开申请59件", false))
    assert false in bad["disclosure_on_request"]
    llm_server.add(Reply(json.dumps(bad, ensure_ascii=False)), Reply(json.dumps(bad, ensure_ascii=False)))
    env = {"NIANBAO_LLM_PROVIDER": "vllm", "NIANBAO_LLM_BASE_URL": llm_server.base_url, "NIANBAO_LLM_MODEL": "m"}

    drafted = tmp_path / "drafted.json"
    p = _cli("draft", EXAMPLES / "county-department-2025.json", "--notes", notes, "--sections", "一",
             "--overwrite", "-o", drafted, env=env)  # fmt: skip
    assert p.returncode == 1, p.stdout + p.stderr
    assert len(llm_server.requests) == 2  # the flagged claim went back to the model once, and came back
    assert "「一、总体情况」第 5 段" in p.stdout and false in p.stdout and "59" in p.stdout
    record = read_report(drafted).drafting["一"]
    assert record.repaired and [f.paragraph for f in record.findings if f.severity == "error"] == [5]

    p = _cli("check", drafted)
    assert p.returncode == 1 and "错误 R-H" in p.stdout and "100" in p.stdout, p.stdout
    assert "--previous" in p.stderr  # last year's figures are checked only with last year's report
    (result,) = json.loads(_cli("check", "--json", drafted).stdout)
    assert [(f["section"], f["paragraph"]) for f in result["findings"] if f["severity"] == "error"] == [("一", 5)]

    out = tmp_path / "年报.html"
    p = _cli("export", drafted, "-o", out, "--strict")
    assert p.returncode == 1 and not out.exists() and "R-H" in p.stderr and "100" in p.stderr
    p = _cli("export", drafted, "-o", out)  # without --strict it writes, and says what is open
    assert p.returncode == 0 and out.exists() and "R-H" in p.stderr and "100" in p.stderr
    out.unlink()

    store = Store.open(f"sqlite:///{tmp_path / 'app.db'}")
    rid = store.import_json(drafted.read_text(encoding="utf-8"), who="张敏")
    report, version = store.load(rid)
    (claim,) = [f for f in report_findings(report) if f.severity == "error"]
    reason = "含2份经办人补录的申请，已与登记台账核对（见情况说明）"
    store.confirm(rid, claim, reason=reason, who="王审", role="reviewer", expected_version=version)
    confirmed = tmp_path / "confirmed.json"
    confirmed.write_text(store.load(rid)[0].model_dump_json(indent=2), encoding="utf-8")
    assert reason in store.versions(rid)[0].summary and store.versions(rid)[0].author == "王审"

    p = _cli("check", confirmed)
    assert p.returncode == 0 and "已确认" in p.stdout and reason in p.stdout and "王审" in p.stdout, p.stdout
    p = _cli("export", confirmed, "-o", out, "--strict")
    assert p.returncode == 0 and out.exists(), p.stderr

    edited = read_report(confirmed)  # the number changed after the confirmation: the gate closes again
    edited.overview.subsections[1].text = edited.overview.subsections[1].text.replace(
        false, "收到政府信息公开申请101件"
    )
    again = tmp_path / "edited.json"
    again.write_text(edited.model_dump_json(), encoding="utf-8")
    assert _cli("export", again, "-o", tmp_path / "again.html", "--strict").returncode == 1


def test_a_placeholder_fails_check_and_strict_export_of_any_report(tmp_path):
    report = read_report(EXAMPLES / "county-department-2025.json")
    report.other_matters.subsections[-1].text += "【待补充：年度创新工作】"
    path = tmp_path / "report.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    p = _cli("check", path)
    assert p.returncode == 1 and "错误 PLACEHOLDER" in p.stdout and "【待补充：年度创新工作】" in p.stdout
    out = tmp_path / "年报.md"
    p = _cli("export", path, "-o", out, "--strict")
    assert p.returncode == 1 and not out.exists() and "【待补充：年度创新工作】" in p.stderr
