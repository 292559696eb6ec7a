"""The claim reader (app/claims): every number form, every claim kind, and the check against facts."""

from __future__ import annotations

import pytest

from app.claims import build_ground, check_text, read_claims
from app.claims.numbers import chinese_number, decimals, parse_value
from app.claims.subjects import names, overlap
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
    assert overlap("行政处罚结果", "行政许可结果公开") == 0  # 行政 and 结果 say nothing of which


def test_a_phrase_names_another_when_all_its_own_words_are_in_it():
    assert names("行政许可结果", "公开行政许可结果") and names("查阅点", "政府信息公开查阅点")
    assert not names("行政处罚结果", "公开行政许可结果") and not names("信息", "推送信息")


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
    assert [(c.kind, c.quantity, c.value) for c in claims] == [("count", "review", 2), ("count", "litigation", 2)]


# ---------------------------------------------------------------- lists: 分别, 依次, 各


@pytest.mark.parametrize(
    "text,said",
    [
        (
            "行政许可、行政处罚、行政强制决定分别为3864件、238件、17件。",
            [("licensing", 3864), ("penalty", 238), ("coercion", 17)],
        ),
        (
            "自然人、商业企业、法律服务机构和其他组织分别申请38件、17件、3件和1件。",
            [
                ("natural_person", 38),
                ("commercial_enterprise", 17),
                ("legal_service_agency", 3),
                ("other_organization", 1),
            ],
        ),
        ("行政复议、行政诉讼分别是4件、2件。", [("review", 4), ("litigation", 2)]),
        ("予以公开、部分公开依次为31件、7件。", [("disclosed", 31), ("partially_disclosed", 7)]),
        (
            "收到申请59件，其中自然人、法人或其他组织分别为38件、21件。",
            [("received", 59), ("natural_person", 38), ("organisations", 21)],
        ),
        ("未经复议直接起诉和复议后起诉各1件。", [("litigation_direct", 1), ("litigation_after_review", 1)]),
        ("行政处罚和行政强制决定分别为二百三十八件、十七件。", [("penalty", 238), ("coercion", 17)]),
        (
            "行政许可、行政处罚、行政强制决定分别为3864、238和17件。",
            [("licensing", 3864), ("penalty", 238), ("coercion", 17)],
        ),
    ],
)
def test_a_list_pairs_its_subjects_with_its_numbers_in_order(text, said):
    claims = [c for c in read_claims(text, year=2025) if c.kind == "count"]
    assert [(c.quantity, c.value) for c in claims] == said
    assert not any(c.unpaired for c in claims)


def test_a_count_before_respectively_is_still_a_count():
    claims = read_claims("自然人申请38件分别占64.4%。", year=2025)
    assert [(c.kind, c.value) for c in claims] == [("count", 38), ("share", 64.4)]


def test_a_list_of_shares_pairs_them_too():
    claims = read_claims("自然人和商业企业申请分别占新收申请的64.4%和28.8%。", year=2025)
    assert [(c.kind, c.quantity, c.value) for c in claims] == [
        ("share", "natural_person", 64.4),
        ("share", "commercial_enterprise", 28.8),
    ]


@pytest.mark.parametrize(
    "text,status",
    [
        ("其中自然人申请38件，法人或其他组织申请21件，分别占64.4%和35.6%。", "ok"),
        ("其中自然人申请38件，法人或其他组织申请21件，分别占35.6%和64.4%。", "contradicts"),
        ("收到申请59件，办结60件，分别较上年增加9件和12件。", "ok"),
        ("收到申请59件，办结60件，分别较上年增加12件和9件。", "contradicts"),
        ("收到申请59件，办结60件，较上年分别增加9件、12件。", "ok"),
        ("予以公开31件、部分公开7件，分别占办结总数的51.7%、11.7%。", "ok"),
        ("予以公开31件、部分公开7件，分别占办结总数的11.7%、51.7%。", "contradicts"),
        ("收到申请59件、办结60件，较上年的50件、48件分别增加9件、12件。", "ok"),
        ("收到申请59件、办结60件，较上年的48件、50件分别增加9件、12件。", "contradicts"),  # last year's swapped
        ("行政复议4件、行政诉讼2件，较上年的3件、1件均有所增加。", "ok"),
        ("行政复议4件、行政诉讼2件，较上年的3件、1件均有所减少。", "contradicts"),
    ],
)
def test_numbers_said_respectively_of_the_quantities_before_pair_with_them_in_order(
    text, status, draft, published_with_last_year
):
    assert status in _statuses(text, draft)
    assert status in _statuses(text, published_with_last_year, own_draft=False)
    assert set(_statuses(text, published_with_last_year, own_draft=False)) <= {status, "ok"}


def test_a_list_whose_subjects_and_numbers_are_not_as_many_is_not_guessed(draft, published):
    text = "自然人、商业企业、法律服务机构和其他组织分别申请38件、17件、3件。"
    claims = read_claims(text, year=2025)
    assert [(c.unpaired, c.quantity) for c in claims] == [(True, None)] * 3
    assert set(_statuses(text, draft)) == {"unsupported"}
    assert set(_statuses(text, published, own_draft=False)) == {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "行政许可、行政处罚、行政强制决定分别为3864件、238件、17件。",
        "自然人、商业企业、法律服务机构和其他组织分别申请38件、17件、3件和1件。",
        "行政复议、行政诉讼依次为4件、2件。",
        "被申请行政复议4件、行政诉讼2件，其中未经复议直接起诉和复议后起诉各1件。",
    ],
)
def test_true_lists_pass_in_both_readers(text, draft, published):
    assert set(_statuses(text, draft)) == {"ok"}
    assert set(_statuses(text, published, own_draft=False)) == {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "行政许可、行政处罚、行政强制决定分别为3864件、17件、238件。",  # the last two swapped
        "予以公开、部分公开分别为7件、31件。",
        "行政复议和行政诉讼各4件。",  # 行政诉讼 2
    ],
)
def test_a_list_pairing_a_number_with_the_wrong_subject_is_caught(text, draft, published):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published, own_draft=False)


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
        # notes: 党组会议专题研究政务公开工作2次 — 政务公开 is what everything here is about, not what is counted
        ("全年开展政务公开专项督查13次。", "unsupported"),
        ("全年主动公开政府信息214条。", "contradicts"),  # 386条; 214 is 微信推送
        ("公开行政许可结果97条。", "contradicts"),  # 152条; 97 is 行政处罚结果, which shares 行政 and 结果
        ("行政许可、行政处罚结果分别公开97条、152条。", "contradicts"),
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


# ---------------------------------------------------------------- last year's value as the point of reference


@pytest.fixture(scope="module")
def published_with_last_year(county):
    report, previous = county
    return build_ground(report, previous=previous)


def test_last_years_value_a_change_is_taken_from_is_last_years():
    claims = read_claims("本年度新收申请较上年的50件有所增加。", year=2025)
    assert [(c.kind, c.value, c.quantity, c.last_year, c.direction) for c in claims] == [
        ("count", 50, "received", True, None),
        ("change", None, "received", False, "up"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本年度新收申请较上年的50件有所增加。",
        "收到政府信息公开申请比去年的50件增加了9件。",
        "新收申请与2024年的50件相比有所上升。",
        "收到政府信息公开申请较2024年增加9件。",
        "收到申请比上年（50件）增加9件。",
        "收到申请相较于2024年的50件有所增加。",
        "新收申请59件，比上年50件增加9件。",
        "新收申请59件，与上年50件相比有所增加。",
        "收到申请59件，上年为50件。",
        "收到申请59件，去年同期为50件，增长18%。",
    ],
)
def test_a_true_reference_to_last_years_value_passes(text, draft, published_with_last_year):
    assert set(_statuses(text, draft)) == {"ok"}
    assert set(_statuses(text, published_with_last_year, own_draft=False)) == {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "本年度新收申请较上年的50件有所减少。",  # 59 against 50
        "本年度新收申请较上年的45件有所增加。",  # last year 50
        "收到政府信息公开申请比去年同期的50件增加了12件。",
        "收到申请59件，比上年（45件）有所增加。",
        "收到申请59件，上年为52件。",
        "新收申请59件，与上年50件相比有所减少。",
    ],
)
def test_a_wrong_reference_or_direction_is_caught(text, draft, published_with_last_year):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published_with_last_year, own_draft=False)


def test_a_change_on_a_year_before_last_is_not_taken_on_last_years_table(draft):
    claims = read_claims("2024年收到申请较2023年增加9件。", year=2025)
    assert [c.quantity for c in claims if c.kind == "change"] == [None]


# ---------------------------------------------------------------- 均为: one part said to be all of a quantity


@pytest.mark.parametrize(
    "text,quantity,base",
    [
        ("行政诉讼2件，均为未经复议直接起诉。", "litigation_direct", "litigation"),
        ("行政复议4件，均为结果维持。", "review_upheld", "review"),
        ("收到申请59件，全部为自然人申请。", "natural_person", "received"),
        ("行政诉讼2件，都是复议后起诉。", "litigation_after_review", "litigation"),
        ("行政复议案件均为维持。", "review_upheld", "review"),
        ("本年度申请均来自自然人。", "natural_person", "received"),
    ],
)
def test_all_are_is_a_part_as_large_as_its_whole(text, quantity, base):
    c = _one(text, "approx")
    assert (c.quantity, c.base, c.low, c.high) == (quantity, base, 1.0, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "行政诉讼2件，均为未经复议直接起诉。",  # 1 direct, 1 after review
        "行政复议4件，均为结果维持。",  # 2 of 4
        "收到申请59件，全部为自然人申请。",  # 38 of 59
        "行政复议案件均为维持。",
    ],
)
def test_all_are_contradicting_the_split_is_caught(text, draft, published):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published, own_draft=False)


def test_all_are_true_of_the_split_passes(county):
    report, _ = county
    split = report.model_copy(deep=True)
    split.tables["四"]["litigation_direct.total"].value = 2
    split.tables["四"]["litigation_after_review.total"].value = 0
    assert _statuses("行政诉讼2件，均为未经复议直接起诉。", build_ground(split), own_draft=False) == ["ok", "ok"]


@pytest.mark.parametrize("text", ["上年结转3件，均为自然人。", "与上年持平（均为59件）。", "申请均为依法答复。"])
def test_all_are_of_no_table_part_is_not_compared(text):
    assert not [c for c in read_claims(text, year=2025) if c.kind == "approx" and c.low == 1.0]


# ---------------------------------------------------------------- numbers in words against the notes


@pytest.mark.parametrize(
    "text,status",
    [
        ("召开新闻发布会两场。", "contradicts"),  # notes: 3场
        ("新闻发布会召开两场。", "contradicts"),
        ("共召开新闻发布会四场。", "contradicts"),
        ("发布政策解读两篇。", "unsupported"),  # notes: 图文解读1篇
        ("明确两名专职人员负责政务公开。", "ok"),  # notes: 2名
        ("办事大厅设政府信息公开查阅点两个。", "contradicts"),  # notes: 1个
        ("召开新闻发布会三场。", "ok"),
        ("开展政务公开业务培训两次。", "ok"),  # notes: 2次
        ("召开一场新闻发布会，发布食品安全信息。", "ok"),  # 一场: one of them
        ("实行科室负责人初审、分管领导复审两个环节的审查。", "ok"),  # nothing in the notes counts 环节
    ],
)
def test_numbers_in_words_are_held_to_the_notes_that_count_the_same(text, status, draft):
    assert status in _statuses(text, draft)
    assert set(_statuses(text, draft)) <= {status, "ok"}


# ---------------------------------------------------------------- 表三's detailed rows and outcomes in other words


@pytest.mark.parametrize(
    "text,quantity",
    [
        ("不予公开的8件申请中，涉及第三方权益的3件。", "withheld_third_party"),
        ("本机关不掌握相关政府信息7件。", "unavailable_not_held"),
        ("重复申请1件。", "not_processed_repeated"),
        ("属于行政执法案卷的2件。", "withheld_enforcement_files"),
        ("信访举报投诉类申请3件。", "not_processed_complaint"),
        ("补正后申请内容仍不明确的1件。", "unavailable_unclear"),
    ],
)
def test_a_detailed_row_of_an_outcome_is_its_own_quantity(text, quantity, draft, published):
    assert [c.quantity for c in read_claims(text, year=2025) if c.kind == "count"][-1] == quantity
    assert set(_statuses(text, draft)) == {"ok"}
    assert set(_statuses(text, published, own_draft=False)) == {"ok"}


@pytest.mark.parametrize(
    "text",
    ["不予公开的8件申请中，涉及第三方权益的2件。", "本机关不掌握相关政府信息9件。", "重复申请2件。"],
)
def test_a_detailed_row_given_another_number_is_caught(text, draft, published):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published, own_draft=False)


@pytest.mark.parametrize("text", ["全年向申请人发出收费通知3件。", "征求第三方意见的申请3件。"])
def test_steps_on_the_way_to_a_reply_are_not_its_outcome(text):
    assert [c.quantity for c in read_claims(text, year=2025) if c.kind == "count"] == [None]


@pytest.mark.parametrize(
    "text,status",
    [
        ("大部分申请得到公开或部分公开。", "ok"),  # (31 + 7) / 60
        ("多数申请未予公开。", "contradicts"),  # 8 / 60
        ("多数申请予以公开或部分公开。", "ok"),
    ],
)
def test_outcomes_in_other_words(text, status, published):
    assert status in _statuses(text, published, own_draft=False)
    assert set(_statuses(text, published, own_draft=False)) <= {status, "ok"}


# ---------------------------------------------------------------- flat on last year, 表四's results in sums and words


@pytest.mark.parametrize(
    "text,quantity",
    [
        ("无法提供与上年持平。", "unavailable"),
        ("收到申请与上年相同。", "received"),
        ("行政复议结果维持的案件与上年相比没有变化。", "review_upheld"),
        ("不予处理的申请较去年保持不变。", "not_processed"),
        ("行政处罚决定与上年基本持平。", "penalty"),
    ],
)
def test_flat_on_last_year_in_other_words_names_its_quantity(text, quantity):
    c = _one(text, "change")
    assert (c.value, c.direction, c.quantity) == (None, "same", quantity)


@pytest.mark.parametrize(
    "text",
    [
        "不予处理的申请与上年持平。",  # 0 both years
        "未经复议直接起诉的案件与上年相同。",
        "行政复议结果维持的案件与上年相比没有变化。",
        "不予处理与去年相比保持不变。",
        "行政处罚决定与上年基本持平。",  # 255 against 238: 7.7%, within 基本
        "无法提供的申请与上年一致的做法",  # 一致 of a way of working, not of a number
    ],
)
def test_a_true_flat_passes(text, draft, published_with_last_year):
    assert set(_statuses(text, draft)) <= {"ok"}
    assert set(_statuses(text, published_with_last_year, own_draft=False)) <= {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "无法提供与上年持平。",  # 9 against 8
        "收到申请与上年相同。",
        "行政复议案件与上年相比没有变化。",
        "不予公开的申请较上年保持不变。",
        "行政强制决定与上年基本持平。",  # 17 against 12: not within 基本
    ],
)
def test_a_false_flat_is_caught(text, draft, published_with_last_year):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published_with_last_year, own_draft=False)


@pytest.mark.parametrize(
    "text,parts",
    [
        ("维持和纠正的复议案件共3件。", ("review_upheld", "review_corrected")),
        ("行政复议结果维持、纠正及其他结果合计3件。", ("review_upheld", "review_corrected", "review_other_result")),
        ("行政诉讼中维持和尚未审结的共2件。", ("litigation_upheld", "litigation_pending")),
        ("行政复议4件，其中维持和纠正共3件。", ("review_upheld", "review_corrected")),
        ("复议后起诉和直接起诉共2件。", ("litigation_after_review", "litigation_direct")),
    ],
)
def test_sums_of_table_four_results_name_the_proceeding(text, parts, draft, published):
    assert _one(text, "sum").parts == parts
    assert set(_statuses(text, draft)) == {"ok"}
    assert set(_statuses(text, published, own_draft=False)) == {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "维持和纠正的复议案件共4件。",  # 2 + 1
        "行政复议案件中，维持及纠正的共2件。",
        "行政诉讼结果维持和纠正共2件。",  # 1 + 0
        "行政复议结果纠正和其他结果合计2件。",  # 1 + 0
    ],
)
def test_a_wrong_sum_of_table_four_results_is_caught(text, draft, published):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published, own_draft=False)


@pytest.mark.parametrize(
    "text",
    [
        "行政诉讼案件无败诉。",
        "行政诉讼未发生败诉案件。",
        "行政诉讼案件无一被纠错。",
        "行政诉讼案件没有被撤销或确认违法的。",
        "对发现的问题无纠正措施。",  # no proceeding: not an outcome
        "行政复议案件中，未发现需要纠正的程序问题。",
    ],
)
def test_true_outcome_words_over_table_four_pass(text, draft, published):
    assert set(_statuses(text, draft)) <= {"ok"}
    assert set(_statuses(text, published, own_draft=False)) <= {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        "行政诉讼案件全部胜诉。",  # 1 still pending
        "行政诉讼2件，均胜诉。",
        "行政复议案件无一被纠错。",  # 1 结果纠正
        "行政复议和行政诉讼案件均未被纠正。",
        "行政复议决定均未被撤销。",
    ],
)
def test_false_outcome_words_over_table_four_are_caught(text, draft, published):
    assert "contradicts" in _statuses(text, draft)
    assert "contradicts" in _statuses(text, published, own_draft=False)


@pytest.mark.parametrize(
    "text,status",
    [
        ("与2024年相比，行政许可决定增加347件。", "ok"),
        ("与上年相比，收到申请增加9件。", "ok"),
        ("同上年相比，行政强制决定增加了5件。", "ok"),
        ("与2024年相比，行政许可决定减少347件。", "contradicts"),
        ("与上年相比，行政处罚决定增加27件。", "contradicts"),
    ],
)
def test_a_change_named_after_its_comparison_is_of_that_quantity(text, status, draft, published_with_last_year):
    assert status in _statuses(text, draft)
    assert status in _statuses(text, published_with_last_year, own_draft=False)


@pytest.mark.parametrize(
    "text,status",
    [
        ("本报告根据《中华人民共和国政府信息公开条例》（中华人民共和国国务院令第711号）编制。", "ok"),
        ("本报告根据《中华人民共和国政府信息公开条例》（中华人民共和国国务院令第710号）编制。", "unsupported"),
        ("本报告根据《条例》（国务院令第 492 号）编制。", "unsupported"),
    ],
)
def test_the_regulation_cited_by_the_state_councils_order_number(text, status, draft):
    assert status in _statuses(text, draft)
