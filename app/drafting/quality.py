"""QUALITY: how a drafted section reads, beyond whether its claims have a source (deterministic, warnings).

A draft a reviewer would sign states each fact once, answers each problem of 五 with a measure, says nothing a
reader cannot check (空话套话, ``schemas.content.EMPTY_PHRASES``) and is about as long as reports of its tier. The
check runs in ``ground_section``, so on every drafted section and never on a published report the tool did not
draft. Copying last year's report is COPY (``app.rules.cross_year``, also in ``ground_section``); copying another
unit's report is COPY too, found by ``similar_unit_findings`` with the same measure and threshold as the batch
audit's comparison between units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.claims import read_claims
from app.claims.numbers import normalise as ascii_digits
from app.drafting.enumeration import split_items
from app.rules.cross_year import MIN_PARAGRAPH, SECTION_COPY, compared_paragraphs
from app.rules.narrative import heading_core
from app.rules.placeholders import PLACEHOLDER_MARK
from app.rules.similarity import jaccard, normalise, shingles
from schemas.agency import TIER_LABELS, tier
from schemas.content import EMPTY_PHRASES, LENGTH_RANGES, other_items
from schemas.findings import Finding, Rule, finding
from schemas.registry import section_title
from schemas.report import NARRATIVE_SECTIONS, Report

ORDER = ("前言", *NARRATIVE_SECTIONS)
MIN_SENTENCE = 8  # characters (punctuation aside): shorter sentences (「无。」) may rightly recur
MIN_NEAR = 12  # … and only sentences this long are compared for being nearly the same:
NEAR = 0.9  # this alike (difflib's ratio), with the same numbers, one character or so apart
MIN_CLAUSE = 14  # a clause this long said again (or nearly) inside another sentence is a fact said twice
# a section shorter than its tier's shortest by this factor, or longer than its longest by it, is far outside
LENGTH_FAR = 1.5
_FACT_KINDS = frozenset({"count", "sum", "rate", "share", "change"})
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_DIGITS = re.compile(r"\d+")
_CLAUSE = re.compile(r"(?:[^，,：:]|:(?=//))+")  # the colon of a web address does not end a clause
_ITEM_MARK = re.compile(
    r"^\s*(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[.、．]|[①-⑩])"
)
# words every problem and measure of 政务公开 shares: they show nothing about which problem a measure answers
_GENERIC = set("政府信息公开工作政务进一步加强提高提升不断持续问题存在不够还需有待水平能力相关方面做好")


@dataclass(frozen=True)
class Paragraph:
    section: str
    title: str
    index: int  # 1-based, as findings address paragraphs (headings counted)
    text: str
    heading: bool


def paragraphs(report: Report, section: str) -> Iterator[Paragraph]:
    """The paragraphs of ``section`` in reading order, each marked whether it is a sub-heading."""
    if section == "前言":
        for i, p in enumerate((p for p in report.preface.split("\n") if p.strip()), start=1):
            yield Paragraph(section, "前言", i, p, False)
        return
    title, narrative, index = section_title(section), getattr(report, NARRATIVE_SECTIONS[section]), 0
    for p in (p for p in narrative.lead.split("\n") if p.strip()):
        index += 1
        yield Paragraph(section, title, index, p, False)
    for sub in narrative.subsections:
        if sub.heading.strip():
            index += 1
            yield Paragraph(section, title, index, sub.heading, True)
        for p in (p for p in sub.text.split("\n") if p.strip()):
            index += 1
            yield Paragraph(section, title, index, p, False)


def quality_findings(report: Report, section: str) -> list[Finding]:
    """QUALITY findings of a drafted ``section``: repeated sentences and facts, problems of 五 left without a
    measure, stock phrases, and a length far outside its tier's range."""
    return (
        repetition_findings(report, section)
        + measure_findings(report, section)
        + stock_phrase_findings(report, section)
        + length_findings(report, section)
    )


# ---------------------------------------------------------------- 1. the same sentence or fact twice


def _key(sentence: str) -> str:
    """A sentence as compared: without its item mark (一是, （二）), punctuation and spaces; digits made ASCII."""
    return normalise(_ITEM_MARK.sub("", ascii_digits(sentence).strip(" ，,：:")))


@dataclass(frozen=True)
class Compared:
    """A sentence or a clause as compared: its key and the numbers in it."""

    key: str
    numbers: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Compared:
        key = _key(text)
        return cls(key, tuple(_DIGITS.findall(key)))


@dataclass(frozen=True)
class Sentence:
    paragraph: Paragraph
    written: str
    compared: Compared
    clauses: tuple[tuple[Compared, str], ...]  # clauses of at least MIN_CLAUSE characters, with their wording


def _sentences(p: Paragraph) -> Iterator[Sentence]:
    """The sentences of a paragraph, placeholders left out."""
    if p.heading:
        return
    for m in _SENTENCE.finditer(PLACEHOLDER_MARK.sub("", p.text)):
        written = m.group(0).strip(" ，,：:")
        compared = Compared.of(written)
        if len(compared.key) < MIN_SENTENCE:
            continue
        clauses = ((Compared.of(c.group(0)), c.group(0).strip()) for c in _CLAUSE.finditer(written))
        yield Sentence(p, written, compared, tuple(c for c in clauses if len(c[0].key) >= MIN_CLAUSE))


def _where(p: Paragraph, section: str) -> str:
    return f"第 {p.index} 段" if p.section == section else f"「{p.title}」第 {p.index} 段"


def repetition_findings(report: Report, section: str) -> list[Finding]:
    """The same sentence twice (punctuation aside, or nearly the same) in the drafted text, reported where it comes
    the second time; and the same fact (subject and number) stated twice within ``section``."""
    # earlier drafted sections count too: a pair across sections is reported once, in the later one
    earlier = [s for s in ORDER[: ORDER.index(section)] if s in report.drafting]
    seen = [s for sec in earlier for p in paragraphs(report, sec) for s in _sentences(p)]
    out: list[Finding] = []
    repeated: set[tuple[int, str]] = set()
    for p in paragraphs(report, section):
        for s in _sentences(p):
            found = _repeat(s, seen)
            seen.append(s)
            if found is None:
                continue
            first, said, before_said = found
            where = _where(first.paragraph, section)
            repeated.add((p.index, s.compared.key))
            out.append(
                finding(
                    Rule.QUALITY,
                    section=section,
                    paragraph=p.index,
                    message=f"「{p.title}」第 {p.index} 段的“{said}”与{where}的“{before_said}”重复：同一句话只写一次",
                    expected=f"{where}已写",
                    actual=said,
                )
            )
    return out + _fact_findings(report, section, repeated)


def _repeat(s: Sentence, seen: list[Sentence]) -> tuple[Sentence, str, str] | None:
    """The earlier sentence ``s`` repeats, with what each says: the whole sentence, nearly the same one, or a
    long clause of it said again inside another sentence."""
    for e in seen:
        if _alike(s.compared, e.compared):
            return e, s.written, e.written
    for e in seen:
        for clause, written in s.clauses:
            if any(_alike(clause, other) for other, _ in e.clauses):
                return e, written, e.written
    return None


def _alike(a: Compared, b: Compared) -> bool:
    """The same sentence, or nearly (a word added or changed) with the same numbers: 「收到申请59件」 and
    「收到申请60件」 are two statements, not one said twice."""
    if a.key == b.key:
        return True
    short, total = min(len(a.key), len(b.key)), len(a.key) + len(b.key)
    if short < MIN_NEAR or a.numbers != b.numbers or 2 * short / total < NEAR:
        return False
    matcher = SequenceMatcher(None, a.key, b.key, autojunk=False)
    return matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR


def _fact_findings(report: Report, section: str, repeated: set[tuple[int, str]]) -> list[Finding]:
    """The same fact stated in two sentences of ``section`` (sentences already reported as repeated aside)."""
    first: dict[tuple, tuple[Paragraph, str, str]] = {}
    out: list[Finding] = []
    for p in paragraphs(report, section):
        if p.heading:
            continue
        for c in read_claims(PLACEHOLDER_MARK.sub("", p.text), year=report.meta.year):
            if c.kind not in _FACT_KINDS or c.value is None:
                continue
            subject = c.quantity or normalise(c.subject)
            if len(subject) < 2:
                continue
            fact = (c.kind, subject, c.value, c.unit, c.last_year, c.direction)
            said = c.clause.strip() or f"{c.subject}{c.text}"
            if fact not in first:
                first[fact] = (p, c.sentence, said)
                continue
            before, sentence, before_said = first[fact]
            if (before.index, sentence) == (p.index, c.sentence) or (p.index, _key(c.sentence)) in repeated:
                continue  # one sentence listing it twice, or a sentence already reported as repeated
            where = "本段前面" if before.index == p.index else f"第 {before.index} 段"
            out.append(
                finding(
                    Rule.QUALITY,
                    section=section,
                    paragraph=p.index,
                    message=f"「{p.title}」第 {p.index} 段又写了“{said}”，{where}已写“{before_said}”："
                    "同一事实只写一次，需要时合并为一句",
                    expected=f"{where}已写",
                    actual=said,
                )
            )
    return out


# ---------------------------------------------------------------- 2. a problem of 五 without a measure


def _part(report: Report, *, problems: bool) -> tuple[int, str] | None:
    """(index of the first paragraph, text) of 五's 「存在的主要问题」 or 「改进措施」 part; None when 五 has no
    such heading."""
    index = len([p for p in report.problems.lead.split("\n") if p.strip()])
    for sub in report.problems.subsections:
        core = heading_core(sub.heading)
        index += 1 if sub.heading.strip() else 0
        is_problems = "问题" in core and "整改" not in core and "措施" not in core
        is_measures = any(w in core for w in ("措施", "改进", "下一步", "打算", "计划")) and not (
            "问题" in core or "整改" in core
        )
        lines = [p for p in sub.text.split("\n") if p.strip()]
        if (is_problems if problems else is_measures) and sub.heading.strip():
            return index + 1, "\n".join(lines)
        index += len(lines)
    return None


def _bigrams(text: str) -> set[str]:
    s = normalise(text)
    return {s[i : i + 2] for i in range(len(s) - 1) if not (s[i] in _GENERIC and s[i + 1] in _GENERIC)}


def measure_findings(report: Report, section: str) -> list[Finding]:
    """五: fewer measures than problems — the problems that no measure seems to answer are named (a 【待补充】
    measure counts as a measure)."""
    if section != "五":
        return []
    problem_part, measure_part = _part(report, problems=True), _part(report, problems=False)
    if problem_part is None or measure_part is None:
        return []
    problems = [p for p in split_items(problem_part[1]) if PLACEHOLDER_MARK.sub("", p).strip(" 。；，")]
    measures = split_items(measure_part[1])
    if len(measures) >= len(problems):
        return []
    words = [_bigrams(m) for m in measures]
    answered = [max((len(_bigrams(p) & w) for w in words), default=0) for p in problems]
    # the problems no measure shares a distinctive word with; at least as many as measures are missing
    left = [i for i, score in enumerate(answered) if not score]
    if len(left) < len(problems) - len(measures):
        left = sorted(sorted(range(len(problems)), key=lambda i: answered[i])[: len(problems) - len(measures)])
    named = "、".join(f"“{problems[i]}”" for i in left)
    title = section_title("五")
    return [
        finding(
            Rule.QUALITY,
            section="五",
            paragraph=measure_part[0],
            message=f"「{title}」列了{len(problems)}个问题，改进措施只有{len(measures)}条：{named}没有对应的改进措施"
            "（每个问题写一条针对它的措施，可用“一是…二是…”）",
            expected=len(problems),
            actual=len(measures),
        )
    ]


# ---------------------------------------------------------------- 3. stock phrases


def stock_phrase_findings(report: Report, section: str) -> list[Finding]:
    """One finding per stock phrase (空话套话) in ``section``; a phrase inside a longer one is the longer one."""
    phrases = sorted(EMPTY_PHRASES, key=len, reverse=True)
    out: list[Finding] = []
    for p in paragraphs(report, section):
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, str]] = []
        for phrase in phrases:
            for m in re.finditer(re.escape(phrase), p.text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                found.append((m.start(), phrase))
        for _, phrase in sorted(found):
            out.append(
                finding(
                    Rule.QUALITY,
                    section=section,
                    paragraph=p.index,
                    message=f"「{p.title}」第 {p.index} 段的“{phrase}”是空话套话：写明具体做了什么、"
                    "结果如何（做法、数字、问题），或删去",
                    actual=phrase,
                )
            )
    return out


# ---------------------------------------------------------------- 5. length for the tier


def _body_length(report: Report, section: str) -> int:
    text = "".join(PLACEHOLDER_MARK.sub("", p.text) for p in paragraphs(report, section) if not p.heading)
    return len(re.sub(r"\s", "", text))


def length_findings(report: Report, section: str) -> list[Finding]:
    """A section far outside the usual length for its tier (a section of 【待补充】 markers only is not judged;
    one with markers left is not called short, since it is not finished)."""
    level_tier = tier(report.meta.agency, report.meta.level)
    low, high = LENGTH_RANGES.get(level_tier, {}).get(section, (0, 0))
    length = _body_length(report, section)
    if not high or not length:
        return []
    unfinished = any(PLACEHOLDER_MARK.search(p.text) for p in paragraphs(report, section))
    # 六 of a format that asks for no item may rightly be 「无。」
    nothing_asked = section == "六" and not other_items(report.meta.format_version, report.meta.year)
    title = section_title(section)
    usual = f"{TIER_LABELS[level_tier]}报告的这一部分通常为{low}—{high}字"
    if length > high * LENGTH_FAR:
        message = f"「{title}」正文{length}字，{usual}：明显偏长，请删去重复和套话，保留做法、数字和问题"
    elif length < low / LENGTH_FAR and not unfinished and not nothing_asked:
        message = f"「{title}」正文只有{length}字，{usual}：明显偏短，可能漏写了本年的做法、数字或问题"
    else:
        return []
    return [finding(Rule.QUALITY, section=section, message=message, expected=f"{low}—{high}", actual=length)]


# ---------------------------------------------------------------- 4. too alike another unit's report


def _unit(report: Report) -> str:
    return "".join(report.meta.agency.split())


def similar_unit_findings(report: Report, others: Iterable[Report]) -> list[Finding]:
    """COPY: a narrative section nearly identical to the same section of another unit's report (Jaccard of
    character shingles at the threshold COPY and the batch audit use); the same unit's reports are not compared."""
    others = [o for o in others if not _unit(report) or _unit(o) != _unit(report)]
    out: list[Finding] = []
    for num, attr in NARRATIVE_SECTIONS.items():
        # compared as COPY compares: official sub-headings and 【待补充】 markers are no one's content
        text = "".join(compared_paragraphs(getattr(report, attr)))
        if len(text) < MIN_PARAGRAPH:
            continue
        mine = shingles(text)
        alike: list[tuple[float, str]] = []
        for other in others:
            other_text = "".join(compared_paragraphs(getattr(other, attr)))
            if len(other_text) < MIN_PARAGRAPH:
                continue
            score = jaccard(mine, shingles(other_text))
            if score >= SECTION_COPY:
                alike.append((score, other.meta.agency.strip() or "未识别单位"))
        if not alike:
            continue
        alike.sort(key=lambda x: -x[0])
        names = "、".join(f"{unit}（相似度 {score:.0%}）" for score, unit in alike)
        out.append(
            finding(
                Rule.COPY,
                section=num,
                message=f"「{section_title(num)}」与{names}报告的同一部分高度相似，存在内容雷同风险",
                expected=f"< {SECTION_COPY:.0%}",
                actual=f"{alike[0][0]:.0%}",
            )
        )
    return out


__all__ = [
    "paragraphs",
    "quality_findings",
    "repetition_findings",
    "measure_findings",
    "similar_unit_findings",
    "stock_phrase_findings",
    "length_findings",
]
