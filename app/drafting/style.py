"""How a drafted section should read, by the agency's kind and tier (pure data and look-ups for the prompts): the
typical length of each section, the style example the model is shown and the empty phrases it is told to avoid.

The style examples (prompts/examples/<kind>.j2) are written for this project about invented units; they show the
model the voice of a township, a county department or a government, never facts it may use.
"""

from __future__ import annotations

from typing import Literal

from schemas.agency import Tier, tier
from schemas.content import EMPTY_PHRASES
from schemas.report import Report

StyleKind = Literal["township", "department", "government"]
STYLE_KINDS: tuple[StyleKind, ...] = ("township", "department", "government")
STYLE_KIND_LABELS: dict[StyleKind, str] = {
    "township": "乡镇人民政府",
    "department": "县级政府部门",
    "government": "县级人民政府",
}

# typical length (Chinese characters) of a drafted section by tier: what published reports of that tier run to.
# A township's 一 is a few hundred characters, a county department's about a thousand, a province's several
# thousand; the quality check's wider bounds are schemas.content.LENGTH_RANGES.
LENGTH_TARGETS: dict[Tier, dict[str, tuple[int, int]]] = {
    "township": {"前言": (100, 250), "一": (400, 900), "五": (200, 500), "六": (30, 300)},
    "county": {"前言": (120, 300), "一": (800, 1500), "五": (300, 800), "六": (80, 500)},
    "city": {"前言": (120, 350), "一": (1500, 3000), "五": (400, 1000), "六": (150, 800)},
    "province": {"前言": (150, 400), "一": (3000, 6000), "五": (500, 1500), "六": (200, 1000)},
    "national": {"前言": (150, 400), "一": (3000, 6000), "五": (500, 1500), "六": (200, 1000)},
}
# the examples of each drafted section: the macro of prompts/examples/<kind>.j2 that holds it
EXAMPLE_MACROS: dict[str, str] = {
    "前言": "preface",
    "一": "overview",
    "五": "problems",
    "六": "other_matters",
    "六/2019": "other_matters_2019",
}


def style_kind(report: Report) -> StyleKind:
    """The kind of unit whose style example fits ``report``: a township, a government or a department."""
    m = report.meta
    if tier(m.agency, m.level) == "township":
        return "township"
    if m.level == "county_government":
        return "government"
    return "department"


def length_target(report: Report, section: str) -> tuple[int, int]:
    """The typical length (characters) of ``section`` for the report's tier, kept within the local limit."""
    low, high = LENGTH_TARGETS[tier(report.meta.agency, report.meta.level)][section]
    limit = report.requirements.max_chars.get(section, 0)
    if limit:
        high = min(high, limit)
        low = min(low, high // 2)
    return low, high


def per_aspect(target: tuple[int, int], aspects: int = 5) -> tuple[int, int]:
    """A share of ``target`` for each of ``aspects`` parts, rounded to tens."""
    low, high = target
    return max(10, int(round(low / aspects, -1))), max(20, int(round(high / aspects, -1)))


def avoided_phrases() -> list[str]:
    """The empty phrases a prompt lists as 「不要写」: each one that does not contain a shorter listed one (the
    shorter one covers it), in catalogue order."""
    return [p for p in EMPTY_PHRASES if not any(q != p and q in p for q in EMPTY_PHRASES)]


def example_key(section: str, version: str) -> str:
    """The key of ``section``'s style example in a report of format ``version`` (六 of the 2019 format is one
    text, so it has an example of its own)."""
    return "六/2019" if section == "六" and version != "2021" else section
