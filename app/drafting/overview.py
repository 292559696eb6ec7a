"""What the offline drafter writes in the preface and 一、总体情况, computed in Python (pure); the wording around it
is prompts/offline/preface.j2 and overview.j2.

The notes become sentences (``phrasing``), the computed statements stand where they belong (表二 under 主动公开;
表三's figures, 办结率 and the changes on last year under 依申请公开, then 表四), each fact is stated once
(``merging``), and the agency is named in full once, then 本局/本镇/本乡…. What neither the tables nor the notes
say is left to the template: a short true sentence from the data, or one 【待补充：…】 naming what is needed.
"""

from __future__ import annotations

import re

from app.claims.derived import CHANGE_KEYS
from app.claims.quantities import QUANTITIES, quantity_value
from app.drafting.facts import Facts
from app.drafting.merging import Piece, state_once
from app.drafting.notes import clean_notes
from app.drafting.phrasing import note_sentences, opening, plain_rate, refer
from schemas.agency import can_make_regulations, self_name, signing_name
from schemas.content import FORMAT_NOTICES
from schemas.registry import GOVERNMENT_LEVELS, OVERVIEW_ASPECTS, SECTIONS, table
from schemas.report import Report

ASPECTS: tuple[str, ...] = tuple(key for key, _ in OVERVIEW_ASPECTS)
# what 各级人民政府 must report under 监督保障, and the words that show the notes report it
GOVERNMENT_OVERSIGHT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作考核", ("考核",)),
    ("社会评议", ("评议", "满意度", "测评")),
    ("责任追究", ("追究", "问责")),
)
_PROCEEDINGS = re.compile(r"复议|诉讼")
# a change on last year as app.claims.derived words it: 「收到申请较上年增加1件，增长50.0%」
_CHANGE = re.compile(
    r"^(?P<name>.+?)较上年(?P<word>增加|减少)(?P<delta>\d+(?:\.\d+)?)件(?P<rate>，(?:增长|下降)(?P<pct>\d+(?:\.\d+)?)%)?$"
)
# below this many cases last year a change in percent says more than the cases do (1 of 2 is 「增长50.0%」)
SMALL_BASE = 10
_ALL_HANDLED = "已全部办结"
# how notes name the documents of table 二 in either format (the 2019 label is the 2021 one without 行政)
_DOCUMENTS = table("2019", "二").row("normative_documents").label


def agency_names(report: Report) -> dict[str, str]:
    """How the text names the agency: in full as it signs, as the clerk typed it, and after the first mention."""
    m = report.meta
    return {
        "agency": m.agency.strip(),
        "signing": signing_name(m.agency, m.level) or m.agency.strip(),
        "self": self_name(m.agency, m.level),
    }


def preface_context(report: Report) -> dict:
    """The preface's facts beyond the report's meta: the name it signs with, the format notice, the parts, whether
    基本信息 gives no way to reach the agency (no address, phone or email)."""
    parts = [title for _, title in SECTIONS]
    contact = report.meta.contact
    return {
        "names": agency_names(report),
        "no_contact": not any(v.strip() for v in (contact.address, contact.phone, contact.email)),
        "notice": FORMAT_NOTICES.get(report.meta.format_version, ""),
        "parts": parts,
        "count": "一二三四五六七八九十"[len(parts) - 1],
    }


def zero_documents(report: Report) -> str:
    """「本年度未制发行政规范性文件。」 when table 二's documents are all zero (规章 named only where the agency can
    make them; the 2019 format says 新制作), else ""."""
    version, m = report.meta.format_version, report.meta
    spec = table(version, "二")
    rows = [spec.row("normative_documents")]
    if can_make_regulations(m.agency, m.level):
        rows.insert(0, spec.row("regulations"))
    values = [report.value("二", key) for r in rows for key in r.cell_keys()]
    if not values or any(v != 0 for v in values):
        return ""
    word = "制发" if version == "2021" else "新制作"
    return f"本年度未{word}" + "和".join(r.label for r in rows) + "。"


def _unchanged_zero(report: Report) -> set[str]:
    """The change sentences that say nothing: 「行政复议与上年持平」 when there was none in either year."""
    return {f"{QUANTITIES[k].name.removesuffix('数')}与上年持平" for k in CHANGE_KEYS if quantity_value(report, k) == 0}


def _counted_change(clause: str) -> str:
    """A change without its percentage when last year's base was under ``SMALL_BASE`` (the cases say enough)."""
    m = _CHANGE.match(clause)
    if not m or not m.group("pct") or float(m.group("pct")) == 0:
        return clause
    base = round(float(m.group("delta")) * 100 / float(m.group("pct")))
    return clause.replace(m.group("rate"), "") if base < SMALL_BASE else clause


def _one_change(clauses: list[str]) -> list[str]:
    """The changes of 收到 and 办结 said once when they are the same change: 「收到和办结申请均较上年增加1件」,
    「收到和办结申请均与上年持平」."""
    received, handled = (QUANTITIES[k].name.removesuffix("数") for k in ("received", "handled"))
    at = {
        name: next((i for i, c in enumerate(clauses) if c.startswith(name + "较上年") or c == name + "与上年持平"), -1)
        for name in (received, handled)
    }
    i, j = at[received], at[handled]
    if i < 0 or j < 0 or clauses[i].removeprefix(received) != clauses[j].removeprefix(handled):
        return clauses
    both = f"{received.removesuffix('申请')}和{handled}均{clauses[i].removeprefix(received)}"
    return [both if k == i else c for k, c in enumerate(clauses) if k != j]


def _statement_pieces(report: Report, facts: Facts) -> dict[str, list[Piece]]:
    """The computed statements of 一, by the aspect they belong to: 办结率 only where not all were handled, each
    change once and in cases alone on a small base."""
    s = facts.statements
    idle = _unchanged_zero(report)
    changes = [_counted_change(c) for c in s.get("changes", "").rstrip("。").split("；") if c and c not in idle]
    on_applications = _one_change([c for c in changes if not _PROCEEDINGS.search(c)])
    on_proceedings = [c for c in changes if _PROCEEDINGS.search(c)]
    if not changes and s.get("year_on_year"):
        on_applications = [_counted_change(s["year_on_year"].rstrip("。"))]
    applications = s.get("applications", "")
    rate = "" if _ALL_HANDLED in applications else plain_rate(s.get("rates", ""))
    request = [
        Piece("disclosure_on_request", applications, "statement"),
        Piece("disclosure_on_request", rate, "statement"),
        Piece("disclosure_on_request", "；".join(on_applications) + ("。" if on_applications else ""), "statement"),
    ]
    review = [
        Piece("disclosure_on_request", s.get("review", ""), "statement"),
        Piece("disclosure_on_request", "；".join(on_proceedings) + ("。" if on_proceedings else ""), "statement"),
    ]
    return {
        "proactive_disclosure": [Piece("proactive_disclosure", s.get("proactive", ""), "list")],
        "disclosure_on_request": request,
        "review": review,
    }


def overview_pieces(report: Report, facts: Facts) -> list[Piece]:
    """The lead's and the five aspects' texts in order, notes and statements, before repeats are dropped."""
    notes = clean_notes(report.notes)
    statements = _statement_pieces(report, facts)
    pieces = [Piece("lead", "".join(note_sentences(notes.general)), "general")]
    for aspect in ASPECTS:
        said = note_sentences(getattr(notes, aspect))
        if aspect == "proactive_disclosure":
            # 「本年度未制发行政规范性文件。」 unless the notes speak of the documents themselves
            zero = "" if _DOCUMENTS in notes.proactive_disclosure else zero_documents(report)
            pieces += [Piece(aspect, "".join(said), "note"), Piece(aspect, zero, "statement"), *statements[aspect]]
        elif aspect == "disclosure_on_request":
            # what the notes say of 复议 and 诉讼 follows 表四's sentence
            on_review = "".join(t for t in said if _PROCEEDINGS.search(t))
            rest = "".join(t for t in said if not _PROCEEDINGS.search(t))
            pieces += [*statements[aspect], Piece(aspect, rest, "note"), *statements["review"]]
            pieces.append(Piece(aspect, on_review, "note"))
        else:
            pieces.append(Piece(aspect, "".join(said), "note"))
    return [p for p in pieces if p.text]


def _lead(text: str, year: int | None, names: dict[str, str]) -> str:
    """The lead: the year and the agency's full name, then the general notes (「2025年，某局政务公开工作…」)."""
    if not text:
        return ""
    first, _, rest = text.partition("。")
    own = (names["signing"], names["agency"], names["self"])
    attached = opening(first, own)
    if attached is not None:
        head = f"{year}年，{names['signing']}{attached}。"
    else:
        head = f"{year}年，{first}。"
    return head + rest


def oversight_missing(report: Report) -> list[str]:
    """What a government's 监督保障 must report and its notes do not (工作考核、社会评议、责任追究); [] for others."""
    if report.meta.level not in GOVERNMENT_LEVELS:
        return []
    text = report.notes.oversight + report.notes.general
    return [label for label, words in GOVERNMENT_OVERSIGHT if not any(w in text for w in words)]


def noted(report: Report) -> set[str]:
    """The aspects of 一 the clerk's notes say something of (what the tables alone say leaves the rest to ask)."""
    notes = clean_notes(report.notes)
    return {aspect for aspect in ASPECTS if note_sentences(getattr(notes, aspect))}


def overview_context(report: Report, facts: Facts) -> dict:
    """Everything overview.j2 writes: the names, the lead and each aspect's merged text, which aspects the notes
    speak of, what a government's 监督保障 still lacks."""
    names = agency_names(report)
    merged = state_once(overview_pieces(report, facts), year=report.meta.year)
    texts = {part: "".join(p.text for p in merged if p.part == part) for part in ("lead", *ASPECTS)}
    own = tuple(n for n in (names["signing"], names["agency"]) if n)
    lead = _lead(refer(texts["lead"], own, names["self"]), report.meta.year, names)
    parts = {aspect: refer(texts[aspect], own, names["self"]) for aspect in ASPECTS}
    return {
        "names": names,
        "lead": lead,
        **parts,
        "noted": noted(report),
        "oversight_missing": oversight_missing(report),
    }
