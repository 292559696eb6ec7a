"""The offline drafter: deterministic jinja2 templates turning tables and notes into prose (no model)."""

from __future__ import annotations

from pydantic import BaseModel

from app.drafting.facts import STATEMENT_KEYS, Facts
from app.drafting.measures import problems_context
from app.drafting.other_matters import other_context
from app.drafting.overview import overview_context, preface_context
from app.drafting.prompts import TEMPLATES, environment, prompt_meta, sentences
from schemas.drafting import FactUsed, output_model
from schemas.report import Report


def offline_context(report: Report, facts: Facts) -> dict:
    notes = {k: sentences(getattr(report.notes, k)) for k in type(report.notes).model_fields}
    return {
        "meta": prompt_meta(report),
        "statements": {k: facts.statements.get(k, "") for k in STATEMENT_KEYS},
        "notes": notes,
        "previous_problems": facts.previous_problems,
    }


def draft_offline(report: Report, facts: Facts, section: str) -> BaseModel:
    """The section drafted from templates, as the same output model a language model fills."""
    module = environment().get_template(f"offline/{TEMPLATES[section]}.j2").module
    context = offline_context(report, facts)
    if section == "前言":
        context["preface"] = preface_context(report)
    elif section == "一":
        context["one"] = overview_context(report, facts)
    elif section == "五":
        context["five"] = problems_context(report, facts)
    elif section == "六":
        context["six"] = other_context(report, facts)
    model = output_model(section, report.meta.format_version)
    fields = {name: getattr(module, name)(context).strip() for name in model.model_fields if name != "facts_used"}
    used = [
        FactUsed(value=f.label, source="derived", ref="程序根据表格计算") for f in facts.items if f.source == "derived"
    ]
    return model(**fields, facts_used=used)
