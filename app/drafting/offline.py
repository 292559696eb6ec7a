"""The offline drafter: deterministic jinja2 templates turning tables and notes into prose (no model)."""

from __future__ import annotations

from pydantic import BaseModel

from app.drafting.facts import STATEMENT_KEYS, Facts
from app.drafting.prompts import TEMPLATES, environment, prompt_meta, sentences
from schemas.drafting import OUTPUT_MODELS, FactUsed
from schemas.registry import table
from schemas.report import Report

_OTHER_KEYWORDS: dict[str, tuple[str, ...]] = {
    "processing_fee": ("信息处理费", "收费通知"),
    "work_points": ("工作要点", "要点"),
    "proposals": ("建议", "提案"),
    "innovation": ("创新",),
}


def _note_lines(text: str) -> dict[str, str]:
    """Lines of the 其他 notes sorted into the items of section 六 by their words."""
    out: dict[str, list[str]] = {k: [] for k in _OTHER_KEYWORDS}
    for line in text.split("\n"):
        for key, words in _OTHER_KEYWORDS.items():
            if any(w in line for w in words):
                out[key].append(line)
                break
    return {k: sentences("\n".join(v)) for k, v in out.items()}


def _zero_documents(report: Report) -> str:
    version = report.meta.format_version
    spec = table(version, "二")
    rows = [spec.row("regulations"), spec.row("normative_documents")]
    values = [report.value("二", key) for r in rows for key in r.cell_keys()]
    if values and all(v == 0 for v in values):
        word = "制发" if version == "2021" else "新制作"
        return f"本年度未{word}规章和规范性文件。"
    return ""


def offline_context(report: Report, facts: Facts) -> dict:
    notes = {k: sentences(getattr(report.notes, k)) for k in type(report.notes).model_fields}
    return {
        "meta": prompt_meta(report),
        "statements": {k: facts.statements.get(k, "") for k in STATEMENT_KEYS},
        "notes": notes,
        "note_lines": _note_lines(report.notes.other_matters),
        "previous_problems": facts.previous_problems,
        "zero_documents": _zero_documents(report),
        "oversight_covered": all(
            any(w in report.notes.oversight for w in ws) for ws in (("考核",), ("评议",), ("追究",))
        ),
    }


def draft_offline(report: Report, facts: Facts, section: str) -> BaseModel:
    """The section drafted from templates, as the same output model a language model fills."""
    module = environment().get_template(f"offline/{TEMPLATES[section]}.j2").module
    context = offline_context(report, facts)
    model = OUTPUT_MODELS[section]
    fields = {name: getattr(module, name)(context).strip() for name in model.model_fields if name != "facts_used"}
    used = [
        FactUsed(value=f.label, source="derived", ref="程序根据表格计算") for f in facts.items if f.source == "derived"
    ]
    return model(**fields, facts_used=used)
