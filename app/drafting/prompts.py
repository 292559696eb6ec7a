"""Prompt rendering (jinja2, StrictUndefined): the report's facts and the clerk's notes → chat messages.

What a prompt tells the model is decided here in Python and handed to the templates ready-made: the format's
notice and what it requires of 一 and 六, the agency's level, tier, signing name and self-reference, the derived
statements of the section (rates and year-on-year changes included), the notes cleaned of what is not a fact, the
typical length for the tier and one style example of the matching kind of unit.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.drafting.facts import Facts
from app.drafting.notes import clean_notes
from app.drafting.problem_figures import problem_figures
from app.drafting.style import (
    EXAMPLE_MACROS,
    STYLE_KIND_LABELS,
    STYLE_KINDS,
    avoided_phrases,
    example_key,
    length_target,
    per_aspect,
    style_kind,
)
from app.resources import resource_dir
from schemas.agency import TIER_LABELS, can_make_regulations, self_name, signing_name, tier
from schemas.content import FORMAT_NOTICES, PROCESSING_FEE_FROM, other_items, overview_aspects_required
from schemas.drafting import ALL_OUTPUT_MODELS, NOTE_TITLES, Notes
from schemas.registry import GOVERNMENT_LEVELS, LEVEL_LABELS
from schemas.report import Report

PROMPTS_DIR = resource_dir("prompts")
TEMPLATES: dict[str, str] = {"前言": "preface", "一": "overview", "五": "problems", "六": "other_matters"}
# which notes each section's prompt carries (the rest would only cost tokens); an aspect Notes lacks is skipped
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
    "五": ("rectification", "problems", "measures"),
    "六": ("other_matters",),
}
# which derived statements each section's prompt carries: 一 reports the year's figures, 五 may tie its problems
# to 表三 and 表四; year_on_year is left out where changes (which holds it) is given
SECTION_STATEMENTS: dict[str, tuple[str, ...]] = {
    "前言": (),
    "一": ("proactive", "applications", "rates", "year_on_year", "changes", "review"),
    "五": ("applications", "rates", "changes", "review"),
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
    """The report's basic facts as prompts and templates show them: who signs it, at what level and tier, how it
    names itself after the first full name, in which format."""
    m = report.meta
    year = m.year or 0
    agency_tier = tier(m.agency, m.level)
    return {
        "agency": m.agency,
        "signing_name": signing_name(m.agency, m.level),
        "self_name": self_name(m.agency, m.level),
        "level_label": LEVEL_LABELS[m.level],
        "tier_label": TIER_LABELS[agency_tier],
        # 「政府部门，县级」; a township's level already names its tier
        "unit_label": LEVEL_LABELS[m.level] + ("" if agency_tier == "township" else f"，{TIER_LABELS[agency_tier]}"),
        "can_make_regulations": can_make_regulations(m.agency, m.level),
        "year": year,
        "period": f"{year}年1月1日至{year}年12月31日",
        "format_notice": FORMAT_NOTICES.get(m.format_version, ""),
        "website": m.website,
        "contact": _contact(report),
        "is_government": m.level in GOVERNMENT_LEVELS,
    }


def note_title(aspect: str) -> str:
    """How the prompt titles an aspect of the notes."""
    return NOTE_TITLES.get(aspect) or Notes.model_fields[aspect].title or aspect


# a count said in the notes: the words before it, the number, the unit (制发行政规范性文件1件)
_COUNT = re.compile(r"([\u4e00-\u9fff]{3,})(\d+(?:\.\d+)?)(人次|万元|件|条|次|个|篇|场|期|元)")
REPEAT_MARK = "（统计表派生表述已有，只写一次）"


def mark_repeats(text: str, statements: list[str]) -> str:
    """The notes with each line that says a count a derived statement also says marked, so the model states
    the fact once (制发行政规范性文件1件 in the notes and in 表二's statement)."""
    out = []
    for line in text.split("\n"):
        repeated = any(
            f"{m.group(1)[-3:]}{m.group(2)}{m.group(3)}" in s for m in _COUNT.finditer(line) for s in statements
        )
        out.append(line + REPEAT_MARK if repeated else line)
    return "\n".join(out)


def section_notes(report: Report, section: str, statements: list[str]) -> list[tuple[str, str]]:
    """(title, text) of the notes a section's prompt carries: cleaned of titles, 「说明：」 lines and markup, with
    the counts a derived statement already says marked."""
    notes = clean_notes(report.notes)
    out = []
    for aspect in SECTION_NOTES[section]:
        text = getattr(notes, aspect, "").strip()
        if text:
            out.append((note_title(aspect), mark_repeats(text, statements)))
    return out


def section_statements(report: Report, facts: Facts, section: str) -> dict[str, str]:
    """The derived statements a section's prompt carries: the applications' change on last year once, 信息处理费
    only where 六 reports it."""
    keys = [k for k in SECTION_STATEMENTS.get(section, ()) if k in facts.statements]
    if "changes" in keys and "year_on_year" in keys:
        keys.remove("year_on_year")
    if "processing_fee" in keys and "processing_fee" not in _other_keys(report):
        keys.remove("processing_fee")
    return {k: facts.statements[k] for k in keys}


def _other_keys(report: Report) -> list[str]:
    return [i.key for i in other_items(report.meta.format_version, report.meta.year)]


def _format_scope(version: str) -> str:
    return "适用于2021年度起的年度报告" if version == "2021" else "适用于2019、2020年度的年度报告"


def task_context(report: Report, section: str) -> dict:
    """What a section's task says that depends on the report's format, year, tier and kind of unit."""
    m = report.meta
    version = m.format_version
    low, high = length_target(report, section)
    items = other_items(version, m.year)
    return {
        "format_scope": _format_scope(version),
        "overview_required": overview_aspects_required(version),
        "other_as_text": version != "2021",
        "other_items": [(i.key, i.label) for i in items],
        "other_keys": [i.key for i in items],
        "processing_fee_from": PROCESSING_FEE_FROM,
        "length": {"low": low, "high": high},
        "aspect_length": dict(zip(("low", "high"), per_aspect((low, high)), strict=True)),
        "avoided_phrases": avoided_phrases(),
    }


@cache
def _example_macros(kind: str) -> object:
    return environment().get_template(f"examples/{kind}.j2").module


def style_example(kind: str, key: str) -> str:
    """The style example of ``key`` (a section, or 「六/2019」) for ``kind`` of unit."""
    return str(getattr(_example_macros(kind), EXAMPLE_MACROS[key])()).strip()


def prompt_context(
    report: Report, facts: Facts, section: str, *, instruction: str = "", current_text: str = ""
) -> dict:
    """Everything a section's prompt shows the model, computed in Python."""
    statements = section_statements(report, facts, section)
    kind = style_kind(report)
    return {
        "meta": prompt_meta(report),
        **task_context(report, section),
        "statements": statements,
        "notes": section_notes(report, section, list(statements.values())),
        "previous_problems": facts.previous_problems,
        "previous_measures": facts.previous_measures,
        "figures": problem_figures(report) if section == "五" else [],
        "example": style_example(kind, example_key(section, report.meta.format_version)),
        "example_kind": STYLE_KIND_LABELS[kind],
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


def style_examples() -> list[str]:
    """Every style example but the preface's (a preface rightly says what its example says), for every kind of
    unit: a draft must not copy one."""
    keys = [k for k in EXAMPLE_MACROS if k != "前言"]
    return [style_example(kind, key) for kind in STYLE_KINDS for key in keys]


def instruction_texts(report: Report) -> list[str]:
    """The drafting instructions a model reads, without the report's material: the system prompts (drafting and
    the assistant's revisions), the tasks of 一, 五 and 六 (the preface's task spells out the preface's own
    wording, so it is left out), the style examples, the mark on repeated notes and the output models' field
    descriptions."""
    env = environment()
    # the notice is a fact a report rightly names, not an instruction: it stands as a document name (a break)
    meta = {**prompt_meta(report), "format_notice": "《》"}
    out = []
    for section in ("一", "五", "六"):
        context = {
            "meta": meta,
            **task_context(report, section),
            "statements": {},
            "notes": [],
            "previous_problems": [],
            "previous_measures": [],
            "figures": [],
            "example": "",
            "example_kind": "",
            "checklist": [],
            "max_chars": 0,
            "instruction": "",
            "current_text": "",
        }
        if section == "一":
            out.append(env.get_template("system.j2").render(**context))
            out.append(env.get_template("assistant/system.j2").render(**context, section_title="本部分"))
        user = env.get_template(f"{TEMPLATES[section]}.j2").render(**context)
        out.append(user.split("## 任务", 1)[-1])
    out += [*style_examples(), REPEAT_MARK]
    for model in ALL_OUTPUT_MODELS:
        out += [f.description or "" for f in model.model_fields.values()]
    return out
