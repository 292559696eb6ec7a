"""The claim reader (app/claims): every number form, every claim kind, and the check against facts."""

from __future__ import annotations

import pytest

from app.claims import build_ground, check_text, read_claims
from app.claims.numbers import chinese_number, decimals, parse_value
from app.claims.subjects import overlap
from app.claims.units import same_unit
from app.drafting.facts import build_facts
from app.drafting.grounding import draft_ground
from app.drafting.notes import parse_notes
from app.importers import read_report
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"

# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "written,value",
    [
        ("59", 59),
        ("3,864", 3864),
        ("３８６４", 3864),  # full-width digits
        ("96.8", 96.8),
        ("９６．８", 96.8),
        ("十二", 12),
        ("两", 2),
        ("一百零五", 105),
        ("一万二千", 12000),
        ("三十", 30),
    ],
)
def test_values_in_every_form(written, value):
    assert parse_value(written) == value


def test_what_is_not_a_number():
    assert parse_value("") is None and chinese_number("是") is None and parse_value("abc") is None


@pytest.mark.parametrize("written,places", [("96.8%", 1), ("97%", 0), ("18.05", 2)])
def test_decimals_give_the_rounding_a_rate_allows(written, places):
    assert decimals(written) == places


def test_units_of_the_same_kind_and_not():
    assert same_unit("件", "宗") and same_unit("条", "篇") and same_unit("场", "次")
    assert not same_unit("场", "个") and not same_unit("件", "条") and not same_unit("人次", "人")


def test_subject_overlap_leaves_general_words_out():
    assert overlap("查阅点", "政府信息公开查阅点") == 3
    assert overlap("主动公开政府信息", "推送信息") == 0
    assert overlap("新闻发布会", "查阅点") == 0


# ---------------------------------------------------------------- reading


def _one(text: str, kind: str, year: int | None = 2025):
    found = [c for c in read_claims(text, year=year) if c.kind == kind]
    assert len(found) == 1, (text, [(c.kind, c.text) for c in read_claims(text, year=year)])
    return found[0]


@pytest.mark.parametrize(
    "text,value,unit,subject,quantity",
    [
        ("办事大厅设查阅点3个。", 3, "个", "查阅点", None),
        ("召开新闻发布会3场。", 3, "场", "新闻发布会", None),
        ("配发政策解读12篇。", 12, "篇", "政策解读", None),
        ("作出行政许可决定3,864件。", 3864, "件", "行政许可决定", "licensing"),
        ("全年共收到政府信息公开申请59件。", 59, "件", "政府信息公开申请", "received"),
        ("上年结转政府信息公开申请3件。", 3, "件", "上年结转政府信息公开申请", "carried_over"),
        ("因政府信息公开被申请行政复议四件。", 4, "件", "府信息公开被申请行政复议", "review"),
        ("开展业务培训2次，参训56人次。", 2, "次", "业务培训", None),
        ("主动公开信息5.2万条。", 52000, "条", "主动公开信息", None),
    ],
)
def test_counts_with_value_unit_subject_and_quantity(text, value, unit, subject, quantity):
    c = read_claims(text, year=2025)[0]
    assert (c.kind, c.value, c.unit, c.subject, c.quantity) == ("count", value, unit, subject, quantity)
    assert text[c.span[0] : c.span[1]] == c.text


@pytest.mark.parametrize(
    "text,parts",
    [
        ("予以公开和部分公开共计38件。", ("disclosed", "partially_disclosed")),
        ("行政处罚和行政强制决定共计255件。", ("penalty", "coercion")),
        ("未经复议直接起诉和复议后起诉共2件。", ("litigation_direct", "litigation_after_review")),
        ("商业企业和法律服务机构申请共20件。", ("commercial_enterprise", "legal_service_agency")),
        ("予以公开、部分公开共38件。", ("disclosed", "partially_disclosed")),
    ],
)
def test_sums_name_their_parts(text, parts):
    c = _one(text, "sum")
    assert c.parts == parts and c.quantity is None


def test_each_is_not_a_sum():
    claims = read_claims("被申请行政复议和提起行政诉讼各2件。", year=2025)
    assert [(c.kind, c.quantity) for c in claims] == [("count", "litigation"), ("count", "review")]


@pytest.mark.parametrize(
    "text,kind,value,quantity,base",
    [
        ("收到申请62件，办结60件，办结率96.8%。", "rate", 96.8, "handled", "received"),
        ("行政复议结果纠正率50%。", "rate", 50, "review_corrected", "review"),
        ("自然人申请占新收申请的64.4%。", "share", 64.4, "natural_person", "received"),
        ("予以公开31件，占办结总数的51.7%。", "share", 51.7, "disclosed", "handled"),
    ],
)
def test_rates_and_shares_know_what_they_are_of(text, kind, value, quantity, base):
    c = _one(text, kind)
    assert (c.value, c.unit, c.quantity, c.base) == (value, "%", quantity, base)


def test_a_hotline_rate_is_not_the_applications():
    c = _one("12345热线转办诉求3268件，按时办结率100%。", "rate")
    assert c.quantity is None


@pytest.mark.parametrize(
    "text,value,unit,direction,quantity",
    [
        ("收到政府信息公开申请较上年减少9件。", 9, "件", "down", "received"),
        ("收到政府信息公开申请较上年增加9件，增长18.0%。", 9, "件", "up", "received"),
        ("作出行政许可决定较上年减少347件。", 347, "件", "down", "licensing"),
    ],
)
def test_changes_on_last_year(text, value, unit, direction, quantity):
    c = [c for c in read_claims(text, year=2025) if c.kind == "change"][0]
    assert (c.value, c.unit, c.direction, c.quantity) == (value, unit, direction, quantity)


def test_a_percentage_change_takes_its_subject_from_the_clause_before():
    claims = read_claims("收到政府信息公开申请较上年增加9件，增长18.0%。", year=2025)
    assert [(c.unit, c.quantity, c.direction) for c in claims] == [("件", "received", "up"), ("%", "received", "up")]


def test_flat_on_last_year_is_a_change_without_a_number():
    c = _one("被申请行政复议4件，与上年持平。", "change")
    assert (c.value, c.direction, c.quantity) == (None, "same", "review")


@pytest.mark.parametrize(
    "text,low,high,quantity,base",
    [
        ("予以公开和部分公开共计38件，占办结总数的近九成。", 0.83, 0.9, None, "handled"),
        ("自然人申请占新收申请的八成以上。", 0.8, 0.9, "natural_person", "received"),
        ("绝大多数申请予以公开。", 0.8, 1.0, "disclosed", "handled"),
        ("行政复议案件均维持原行政行为。", 1.0, 1.0, "review_upheld", "review"),
    ],
)
def test_approximate_words_are_ranges(text, low, high, quantity, base):
    c = _one(text, "approx")
    assert (round(c.low, 2), round(c.high, 2), c.quantity, c.base) == (low, high, quantity, base)


@pytest.mark.parametrize(
    "text,quantity",
    [
        ("收到的申请均已全部办结。", "carried_forward"),
        ("无结转下年度办理的申请。", "carried_forward"),
        ("本年度未收到政府信息公开申请。", "received"),
        ("未发生政府信息公开行政复议案件。", "review"),
    ],
)
def test_all_and_none_are_counts_of_zero(text, quantity):
    c = _one(text, "approx")
    assert (c.value, c.quantity) == (0, quantity)


def test_last_years_applications_left_over_are_not_this_years():
    assert not [c for c in read_claims("上年结转申请1件，已全部办结。", year=2025) if c.kind == "approx"]


@pytest.mark.parametrize(
    "text,kind,detail",
    [
        ("2025年6月9日召开推进会。", "date", (2025, 6, 9)),
        ("统计期限为1月1日至12月31日。", "date", (None, 1, 1)),
        ("2026年，我局将加强培训。", "year", 2026),
        ("依据国办公开办函〔2021〕30号编制。", "legal", None),
        ("依照《条例》第五十条编制。", "legal", None),
        ("联系电话：0123-6543210。", "contact", None),
        ("邮编：365100。", "contact", None),
        ("电子邮箱：scjgj_gk@shilixian.gov.cn。", "contact", None),
        ("召开第4场新闻发布会。", "ordinal", 4),
        ("按照《条例》规定20个工作日内答复。", "duration", 20),
    ],
)
def test_dates_years_references_contacts_ordinals_durations(text, kind, detail):
    c = [c for c in read_claims(text, year=2025) if c.kind == kind][0]
    assert (c.date if kind == "date" else c.value) == detail


@pytest.mark.parametrize(
    "text", ["一是丰富解读形式。", "实行两级保密审查。", "三个方面。", "一次性告知。", "本报告由六部分组成。"]
)
def test_words_that_are_not_figures(text):
    assert [c for c in read_claims(text, year=2025) if c.kind == "count" and not c.numeral] == []


def test_placeholders_state_nothing():
    assert read_claims("【待补充：培训次数，约3次】", year=2025) == []


def test_another_years_quantity_is_not_this_years_and_last_years_is_marked():
    assert _one("2019年新收申请41件。", "count").quantity is None
    last = _one("上年（2024年）收到政府信息公开申请50件。", "count")
    assert last.quantity == "received" and last.last_year


# ---------------------------------------------------------------- checking


@pytest.fixture(scope="module")
def county():
    report = read_report(EXAMPLES / "county-department-2025.json")
    previous = read_report(EXAMPLES / "county-department-2024.json")
    report.notes = parse_notes((EXAMPLES / "notes-county-department-2025.md").read_text(encoding="utf-8"))
    return report, previous


@pytest.fixture(scope="module")
def draft(county):
    report, previous = county
    return draft_ground(report, build_facts(report, previous), previous)


@pytest.fixture(scope="module")
def published(county):
    report, _ = county
    return build_ground(report)


def _statuses(text, ground, *, own_draft=True):
    return [v.status for v in check_text(text, ground, own_draft=own_draft)]


@pytest.mark.parametrize(
    "text",
    [
        "办结率96.8%。",
        "作出行政许可决定3,864件。",
        "行政处罚和行政强制决定共计255件。",
        "予以公开和部分公开共计38件。",
        "办事大厅设政府信息公开查阅点1个，召开新闻发布会3场。",
        "收到政府信息公开申请较上年增加9件，增长18.0%。",
        "统计期限为2025年1月1日至2025年12月31日。",
        "予以公开和部分公开合计占办结总数的63.3%。",
        "第一场新闻发布会以食品安全为主题。",
        "本报告根据《中华人民共和国政府信息公开条例》（国令第711号）编制。",
        "联系电话：0123-6543210，邮编：365100。",
        "上年（2024年）收到政府信息公开申请50件。",
        "依照《条例》第三十三条规定的期限作出答复。",
        "本局承办人大代表建议和政协委员提案共8件。",  # 5 + 3 in the notes
    ],
)
def test_true_statements_pass_in_a_draft(text, draft):
    assert set(_statuses(text, draft)) <= {"ok"}


@pytest.mark.parametrize(
    "text,status",
    [
        ("办事大厅设政府信息公开查阅点3个。", "contradicts"),  # notes: 1个; 3 is 新闻发布会3场
        ("配发政策解读12篇。", "unsupported"),  # notes: 图文解读1篇, too loose a match to say it is another number
        ("全年主动公开政府信息214条。", "contradicts"),  # 386条; 214 is 微信推送
        ("2025年6月9日召开推进会。", "unsupported"),
        ("收到政府信息公开申请较上年减少9件，下降18.0%。", "contradicts"),
        ("予以公开和部分公开共计38件，占办结总数的近九成。", "contradicts"),
        ("收到的申请均已全部办结。", "contradicts"),
        ("办结率98.8%。", "contradicts"),
        ("行政处罚和行政强制决定共计256件。", "contradicts"),
        ("召开第4场新闻发布会。", "contradicts"),
        ("第三季度开展文件清理。", "unsupported"),
        ("本报告根据《中华人民共和国政府信息公开条例》（国令第492号）编制。", "unsupported"),
        ("依照《条例》第七十条规定的期限作出答复。", "contradicts"),
        ("传真：0123-6543219。", "unsupported"),
        ("全年开展公开属性审查1280次。", "unsupported"),
        ("上年（2024年）收到政府信息公开申请45件。", "contradicts"),
        ("本局承办人大代表建议和政协委员提案共9件。", "contradicts"),
    ],
)
def test_false_statements_are_caught_in_a_draft(text, status, draft):
    assert status in _statuses(text, draft)


@pytest.mark.parametrize(
    "text",
    [
        "全年开展公开属性审查1280次。",  # unresolved: a human's word
        "2025年6月9日召开推进会。",
        "传真：0123-6543219。",
        "12345热线受理诉求8.6万件，办结率99.2%。",
    ],
)
def test_a_published_report_is_held_only_to_what_the_tables_say(text, published):
    assert set(_statuses(text, published, own_draft=False)) <= {"ok"}


@pytest.mark.parametrize(
    "text",
    ["予以公开和部分公开共计39件。", "收到的申请均已全部办结。", "自然人申请占新收申请的75%。", "办结率90%。"],
)
def test_a_published_report_contradicting_its_tables_is_caught(text, published):
    assert "contradicts" in _statuses(text, published, own_draft=False)


def test_the_offline_drafters_derived_statements_ground_themselves(county, draft):
    report, previous = county
    facts = build_facts(report, previous)
    assert facts.statements["rates"].startswith("办结率为96.8%")
    assert "收到申请较上年增加9件，增长18.0%" in facts.statements["changes"]
    for text in facts.statements.values():
        assert set(_statuses(text, draft)) <= {"ok"}, text


def test_a_drafts_rate_the_notes_give_is_theirs_else_the_reports(county):
    report, previous = county
    facts = build_facts(report, previous)
    ground = draft_ground(report, facts, previous)
    wrong = check_text("全年办结率99.2%。", ground, own_draft=True)
    assert [(v.status, v.expected) for v in wrong] == [("contradicts", 96.8)]  # 60 of 59 + 3
    noted = report.model_copy(update={"notes": parse_notes("12345热线受理诉求3268件，办结率99.2%。")})
    ground = draft_ground(noted, facts, previous)
    assert _statuses("12345热线受理诉求3268件，办结率99.2%。", ground) == ["ok", "ok", "ok"]


@pytest.mark.parametrize(
    "text,quantity",
    [
        ("商业企业提出申请十五件。", "commercial_enterprise"),
        ("行政诉讼结果维持1件。", "litigation_upheld"),
        ("法人或其他组织申请21件。", "organisations"),
    ],
)
def test_results_and_applicant_kinds_named_with_their_proceeding(text, quantity):
    assert _one(text, "count").quantity == quantity


@pytest.mark.parametrize(
    "text,quantity,parts,base,value",
    [
        ("六成以上的申请予以公开或部分公开。", None, ("disclosed", "partially_disclosed"), "handled", None),
        ("逾半数申请来自商业企业。", "commercial_enterprise", (), "received", None),
        ("行政复议案件均已审结。", "review_pending", (), None, 0),
    ],
)
def test_approximate_words_find_what_they_are_about_after_them(text, quantity, parts, base, value):
    c = _one(text, "approx")
    assert (c.quantity, c.parts, c.base, c.value) == (quantity, parts, base, value)
