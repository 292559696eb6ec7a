"""Cross-year rules against last year's report: R-F, R-G, COPY."""

from __future__ import annotations

from app.rules import check
from schemas.report import Cell
from tests.factories import consistent_report


def _pair(seed: int = 1):
    last = consistent_report(seed, year=2023)
    now = consistent_report(seed + 100, year=2024)
    # carry-overs follow last year's 结转下年度 (the tables stay consistent: adjust 本年新收 by the same amount)
    for col in (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_agency",
        "other_organization",
        "total",
    ):
        old = now.value("三", f"carried_over.{col}")
        new = last.value("三", f"carried_forward.{col}")
        now.tables["三"][f"carried_over.{col}"] = Cell(value=new, raw=str(new))
        received = now.value("三", f"received.{col}") + old - new
        now.tables["三"][f"received.{col}"] = Cell(value=received, raw=str(received))
    for rid in ("regulations", "normative_documents"):
        v = last.value("二", f"{rid}.in_force") + now.value("二", f"{rid}.issued") - now.value("二", f"{rid}.repealed")
        now.tables["二"][f"{rid}.in_force"] = Cell(value=v, raw=str(v))
    now.overview.lead = "本年度，我局围绕优化营商环境，着力推进政策解读和办事指南公开，群众获取信息更加便捷。"
    now.preface = "根据条例要求，现公布本局年度报告，统计期限为全年，电子版可在门户网站查阅。"
    now.problems.subsections[0].text = "去年提出的栏目更新不及时问题，已建立每周检查机制并整改到位。"
    fresh = [
        "围绕企业开办和食品安全，发布监管动态和抽检结果，做到应公开尽公开。",
        "畅通线上线下申请渠道，对内容不明确的申请电话沟通、指导补正。",
        "对现行有效文件开展清理，发文稿纸增设公开属性栏目。",
        "门户网站专栏新增食品安全抽检栏目，在办事大厅设置查阅点。",
        "组织两级审核，政务公开纳入科室年度考核，开展专题培训。",
    ]
    now.other_matters.lead = (
        "本年度未发出收费通知，未收取信息处理费；按工作要点完成各项任务，建议提案答复全文公开，探索开展政府开放日活动。"
    )
    for sub, text in zip(now.overview.subsections, fresh, strict=True):
        sub.text = text
    return now, last


def test_consistent_years_pass():
    now, last = _pair()
    assert [f for f in check(now, last) if f.rule in ("R-F", "R-G", "COPY")] == []


def test_rf_carry_over_must_equal_last_years_carry_forward():
    now, last = _pair()
    v = last.value("三", "carried_forward.natural_person")
    last.tables["三"]["carried_forward.natural_person"] = Cell(value=v + 2, raw=str(v + 2))
    rf = [f for f in check(now, last) if f.rule == "R-F"]
    assert [(f.row, f.column, f.expected, f.actual) for f in rf] == [
        ("二、上年结转政府信息公开申请数量", "自然人", v + 2, v)
    ]
    assert rf[0].severity == "error" and "相差 2" in rf[0].message


def test_rg_in_force_count_is_a_warning():
    now, last = _pair()
    v = now.value("二", "normative_documents.in_force")
    now.tables["二"]["normative_documents.in_force"] = Cell(value=v + 3, raw=str(v + 3))
    rg = [f for f in check(now, last) if f.rule == "R-G"]
    assert [(f.row, f.column, f.severity, f.actual - f.expected) for f in rg] == [
        ("行政规范性文件", "现行有效件数", "warning", 3)
    ]


def test_copy_of_last_years_section_and_paragraph():
    now, last = _pair()
    last.problems.subsections[1].text = (
        "一是政策解读形式较单一，以文字解读为主，图解、视频等形式运用不足；二是基层站所信息报送不及时，"
        "个别栏目更新滞后；三是依申请公开答复文书格式不够统一。"
    )
    now.problems = last.problems.model_copy(deep=True)
    copies = [f for f in check(now, last) if f.rule == "COPY"]
    assert [(f.section, f.paragraph) for f in copies] == [("五", None)]
    # a single copied paragraph inside an otherwise new section
    now2, last2 = _pair()
    para = "我局将进一步健全政府信息公开工作机制，严格落实保密审查制度，持续提升主动公开的质量和实效，切实保障人民群众知情权。"
    last2.overview.lead = para
    now2.overview.lead = para
    copies = [f for f in check(now2, last2) if f.rule == "COPY"]
    assert [(f.section, f.paragraph) for f in copies] == [("一", 1)]
