"""Prompt rendering (jinja2, StrictUndefined): the report's facts and the clerk's notes → chat messages."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.drafting.facts import Facts
from app.resources import resource_dir
from schemas.drafting import ALL_OUTPUT_MODELS, NOTE_TITLES
from schemas.registry import GOVERNMENT_LEVELS, LEVEL_LABELS
from schemas.report import Report

PROMPTS_DIR = resource_dir("prompts")
TEMPLATES: dict[str, str] = {"前言": "preface", "一": "overview", "五": "problems", "六": "other_matters"}
# which notes each section's prompt carries (the rest would only cost tokens)
SECTION_NOTES: dict[str, tuple[str, ...]] = {
    "前言": (),
    "一": (
        "general",
        "proactive_disclosure",
        "disclosure_on_request",
        "information_management",
        "platform_building",
        "oversight",
    ),
    "五": ("rectification", "problems"),
    "六": ("other_matters",),
}
SECTION_STATEMENTS: dict[str, tuple[str, ...]] = {
    "前言": (),
    "一": ("proactive", "applications", "year_on_year", "review"),
    "五": (),
    "六": ("processing_fee",),
}
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.、)）]|[（(]\d+[）)])\s*")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def sentences(text: str) -> str:
    """Bullet notes as running sentences: bullets dropped, each item closed with 。."""
    out = []
    for line in text.split("\n"):
        line = _BULLET.sub("", line).strip()
        if not line or line.startswith(("说明：", "注：", "#")):
            continue
        line = line.rstrip("；;，,、 ")
        out.append(line if line[-1] in "。！？" else line + "。")
    return "".join(out)


def _contact(report: Report) -> str:
    c = report.meta.contact
    parts = [
        f"地址：{c.address}" if c.address else "",
        f"邮编：{c.postcode}" if c.postcode else "",
        f"电话：{c.phone}" if c.phone else "",
        f"电子邮箱：{c.email}" if c.email else "",
    ]
    return "，".join(p for p in parts if p)


def prompt_meta(report: Report) -> dict:
    """The report's basic facts as prompts and templates show them."""
    m = report.meta
    year = m.year or 0
    return {
        "agency": m.agency,
        "level_label": LEVEL_LABELS[m.level],
        "year": year,
        "period": f"{year}年1月1日至{year}年12月31日",
        "website": m.website,
        "contact": _contact(report),
        "is_government": m.level in GOVERNMENT_LEVELS,
    }


def prompt_context(
    report: Report, facts: Facts, section: str, *, instruction: str = "", current_text: str = ""
) -> dict:
    """Everything a section's prompt shows the model, computed in Python."""
    notes = [
        (NOTE_TITLES[k], getattr(report.notes, k)) for k in SECTION_NOTES[section] if getattr(report.notes, k).strip()
    ]
    statements = {k: facts.statements[k] for k in SECTION_STATEMENTS[section] if k in facts.statements}
    return {
        "meta": prompt_meta(report),
        "statements": statements,
        "notes": notes,
        "previous_problems": facts.previous_problems,
        "checklist": report.requirements.checklist,
        "max_chars": report.requirements.max_chars.get(section, 0),
        "instruction": instruction.strip(),
        "current_text": current_text.strip(),
    }


def render_messages(
    report: Report, facts: Facts, section: str, *, instruction: str = "", current_text: str = ""
) -> list[dict[str, str]]:
    """The system and user messages that ask the model to draft ``section``."""
    env = environment()
    context = prompt_context(report, facts, section, instruction=instruction, current_text=current_text)
    system = env.get_template("system.j2").render(**context)
    user = env.get_template(f"{TEMPLATES[section]}.j2").render(**context)
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def instruction_texts(report: Report) -> list[str]:
    """The drafting instructions a model reads, without the report's material: the system prompts (drafting and
    the assistant's revisions), the tasks of 一, 五 and 六 (the preface's task spells out the preface's own
    wording, so it is left out) and the output models' field descriptions."""
    env = environment()
    context = {
        "meta": prompt_meta(report),
        "statements": {},
        "notes": [],
        "previous_problems": [],
        "checklist": [],
        "max_chars": 0,
        "instruction": "",
        "current_text": "",
    }
    out = [env.get_template("system.j2").render(**context)]
    out.append(env.get_template("assistant/system.j2").render(**context, section_title="本部分"))
    for section in ("一", "五", "六"):
        user = env.get_template(f"{TEMPLATES[section]}.j2").render(**context)
        out.append(user.split("## 任务", 1)[-1])
    for model in ALL_OUTPUT_MODELS:
        out += [f.description or "" for f in model.model_fields.values()]
    return out
