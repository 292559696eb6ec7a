"""How well the grounding checks tell supported statements from unsupported ones (evals/grounding.jsonl).

Each case places one statement in a field of an example report (as new last or first paragraphs, in place of
the field's text, or with the field dropped as the drafter drops an empty one) and runs the public checks on it: the drafting reader
(``build_facts`` + ``ground_section`` with the report's notes and last year's report) and, where the case says
so, the published-report reader (``app.rules.check``). A case is *flagged* by a reader when that reader gives a
finding attributable to the statement: at the statement's paragraph, or in the section and absent when the
statement is absent. Figures: false statements caught (recall), true statements flagged (false-positive rate),
leaks caught. Run: ``.venv/bin/python evals/grounding.py`` (it lists every miss; ``--no-misses`` leaves them out).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.drafting.facts import build_facts  # noqa: E402
from app.drafting.grounding import ground_section  # noqa: E402
from app.drafting.notes import read_notes  # noqa: E402
from app.importers import read_report  # noqa: E402
from app.rules import check  # noqa: E402
from schemas.findings import Finding, Rule  # noqa: E402
from schemas.report import NARRATIVE_SECTIONS, Narrative, Report, Subsection  # noqa: E402

CASES = Path(__file__).with_name("grounding.jsonl")
Reader = Literal["draft", "published"]
READERS: tuple[Reader, ...] = ("draft", "published")
PLACEMENTS = ("append", "prepend", "replace", "remove")

# claim kinds (issue item 1) and faults that are not numbers (item 3), with the names the figures print
CLAIM_KINDS: dict[str, str] = {
    "count": "数量",
    "rate": "比率/占比",
    "change": "增减变化",
    "sum": "合计",
    "date": "日期",
    "ordinal": "序数",
    "legal": "法规文号",
    "contact": "联系方式",
    "approximate": "约数/概括词",
    "year": "年份",
}
FAULT_KINDS: dict[str, str] = {
    "meta_text": "模型元话语/提示词泄露",
    "markdown": "Markdown/标题混入正文",
    "heading_repeat": "正文重复小标题",
    "empty_field": "必填部分为空",
    "agency_name_aspect": "方面词仅见于单位名称",
}
KINDS: dict[str, str] = {**CLAIM_KINDS, **FAULT_KINDS}
LEAK_KINDS = ("meta_text",)
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Case:
    """One labelled statement: where it goes, whether it is supported (label) and why."""

    id: str
    report: str
    section: str
    text: str
    label: bool
    kind: str
    why: str
    notes: str | None = None
    previous: str | None = None
    part: str = ""
    placement: str = "append"
    readers: tuple[str, ...] = ("draft",)
    agency: str | None = None
    quoted: bool = False


@dataclass
class Result:
    """What the readers said about one case."""

    case: Case
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    def flagged(self, reader: str) -> bool:
        return bool(self.findings.get(reader))

    @property
    def correct(self) -> dict[str, bool]:
        """Per reader: flagged exactly when the statement is false."""
        return {r: self.flagged(r) != self.case.label for r in self.findings}


def load_cases(path: Path = CASES) -> list[Case]:
    """The cases of the set, one JSON object a line (blank lines and lines starting with // skipped)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        data = json.loads(line)
        data["readers"] = tuple(data.get("readers", ("draft",)))
        try:
            out.append(Case(**data))
        except TypeError as e:
            raise ValueError(f"{path.name}:{n}: {e}") from None
    return out


@cache
def _report(path: str) -> Report:
    return read_report(ROOT / path)


@cache
def _notes(path: str):
    p = ROOT / path
    return read_notes(p.read_bytes(), p.name)


def base_report(case: Case) -> Report:
    """The case's report, with its notes and (if asked) another agency name everywhere it appears."""
    report = _report(case.report).model_copy(deep=True)
    if case.agency:
        dumped = report.model_dump_json().replace(report.meta.agency, case.agency)
        report = Report.model_validate_json(dumped)
    if case.notes:
        report.notes = _notes(case.notes).model_copy(deep=True)
    return report


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _subsection(narrative: Narrative, part: str) -> int:
    hits = [i for i, s in enumerate(narrative.subsections) if part in s.heading]
    if len(hits) != 1:
        raise ValueError(f"小标题中含「{part}」的小节有 {len(hits)} 个（应恰好 1 个）")
    return hits[0]


def _renumbered(subsections: list[Subsection]) -> list[Subsection]:
    """Sub-headings numbered （一）（二）… again, as the drafter numbers the fields it keeps."""
    out = []
    for i, s in enumerate(subsections):
        title = s.heading.split("）", 1)[-1] if s.heading.startswith("（") else s.heading
        out.append(Subsection(heading=f"（{_NUMERALS[i]}）{title}", text=s.text))
    return out


def place(report: Report, case: Case) -> tuple[Report, set[int] | None]:
    """``report`` with the case's statement placed, and the paragraph indexes it occupies (None: judge the
    whole section)."""
    out = report.model_copy(deep=True)
    lines = _lines(case.text)
    if case.placement not in PLACEMENTS:
        raise ValueError(f"未知的放置方式：{case.placement}")
    if case.section == "前言" or not case.part:
        narrative = None if case.section == "前言" else getattr(out, NARRATIVE_SECTIONS[case.section])
        before = _lines(out.preface if narrative is None else narrative.lead)
        if case.placement == "append":
            text, first = before + lines, len(before) + 1
        elif case.placement == "prepend":
            text, first = lines + before, 1
        else:
            text, first = (lines if case.placement == "replace" else []), None
        if narrative is None:
            out.preface = "\n".join(text)
        else:
            narrative.lead = "\n".join(text)
        return out, None if first is None else set(range(first, first + len(lines)))
    narrative = getattr(out, NARRATIVE_SECTIONS[case.section])
    k = _subsection(narrative, case.part)
    sub = narrative.subsections[k]
    if case.placement in ("append", "prepend"):
        before = _lines(sub.text)
        sub.text = "\n".join(before + lines if case.placement == "append" else lines + before)
        through = len(Narrative(lead=narrative.lead, subsections=narrative.subsections[: k + 1]).paragraphs())
        first = through - len(before) - len(lines) + 1 + (len(before) if case.placement == "append" else 0)
        return out, set(range(first, first + len(lines)))
    if case.placement == "replace":
        sub.text = "\n".join(lines)
    else:
        narrative.subsections = _renumbered(narrative.subsections[:k] + narrative.subsections[k + 1 :])
    return out, None


def _read(report: Report, case: Case, reader: str) -> list[Finding]:
    previous = _report(case.previous) if case.previous else None
    if reader == "draft":
        facts = build_facts(report, previous)
        # how the text reads (QUALITY: a fact said twice, a stock phrase) is not whether a statement has a source;
        # the cases place statements the example already makes
        return [f for f in ground_section(report, case.section, facts, previous=previous)[0] if f.rule != Rule.QUALITY]
    return [f for f in check(report, previous) if f.section == case.section]


def _key(f: Finding) -> tuple:
    return (str(f.rule), str(f.actual), str(f.expected))


@cache
def _baseline(report: str, notes: str | None, previous: str | None, agency: str | None, section: str, reader: str):
    """The finding keys of a section before any statement is placed (shared by every case on the same report)."""
    case = Case("", report, section, "", True, "", "", notes=notes, previous=previous, agency=agency)
    return frozenset(_key(f) for f in _read(base_report(case), case, reader))


def run_case(case: Case) -> Result:
    """The findings each of the case's readers attributes to the statement."""
    base = base_report(case)
    placed, paragraphs = place(base, case)
    result = Result(case)
    for reader in case.readers:
        before = _baseline(case.report, case.notes, case.previous, case.agency, case.section, reader)
        after = [f for f in _read(placed, case, reader) if f.section == case.section]
        if paragraphs is not None:
            mine = [f for f in after if f.paragraph in paragraphs or (f.paragraph is None and _key(f) not in before)]
        else:
            mine = [f for f in after if _key(f) not in before]
        result.findings[reader] = mine
    return result


def evaluate(cases: Iterable[Case] | None = None) -> list[Result]:
    """Every case run through its readers."""
    return [run_case(c) for c in (load_cases() if cases is None else cases)]


@dataclass
class Tally:
    """Counts for one group of (case, reader) pairs."""

    false_total: int = 0
    false_caught: int = 0
    true_total: int = 0
    true_flagged: int = 0

    def add(self, label: bool, flagged: bool) -> None:
        if label:
            self.true_total += 1
            self.true_flagged += flagged
        else:
            self.false_total += 1
            self.false_caught += flagged

    @property
    def recall(self) -> float | None:
        return self.false_caught / self.false_total if self.false_total else None

    @property
    def false_positive_rate(self) -> float | None:
        return self.true_flagged / self.true_total if self.true_total else None


@dataclass
class Figures:
    """The set's figures: overall, per reader, per kind (all readers), leaks."""

    overall: Tally
    by_reader: dict[str, Tally]
    by_kind: dict[str, Tally]
    leaks: Tally
    misses: list[tuple[Result, str]]


def figures(results: list[Result]) -> Figures:
    """Recall, false-positive rate and leaks caught, counting each (case, reader) pair once."""
    overall, leaks = Tally(), Tally()
    by_reader = {r: Tally() for r in READERS}
    by_kind = {k: Tally() for k in KINDS}
    misses: list[tuple[Result, str]] = []
    for res in results:
        for reader, ok in res.correct.items():
            flagged = res.flagged(reader)
            for tally in (overall, by_reader[reader], by_kind[res.case.kind]):
                tally.add(res.case.label, flagged)
            if res.case.kind in LEAK_KINDS:
                leaks.add(res.case.label, flagged)
            if not ok:
                misses.append((res, reader))
    return Figures(overall, by_reader, by_kind, leaks, misses)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _line(name: str, t: Tally) -> str:
    return (
        f"  {name:<24}错误表述查出 {t.false_caught:>3}/{t.false_total:<3}（{_pct(t.recall):>6}）"
        f"  正确表述误报 {t.true_flagged:>3}/{t.true_total:<3}（{_pct(t.false_positive_rate):>6}）"
    )


def report_text(f: Figures, *, misses: bool = True, source: str = "evals/grounding.jsonl") -> str:
    """The figures as printed by the benchmark command."""
    out = [f"== 核对评测集（{source}）"]
    out.append(_line("总计", f.overall))
    names = {"draft": "起草核对（ground_section）", "published": "已发布年报（rules.check）"}
    out += [_line(names[r], t) for r, t in f.by_reader.items() if t.false_total or t.true_total]
    out.append(f"  泄露查出：{f.leaks.false_caught}/{f.leaks.false_total}（{_pct(f.leaks.recall)}）")
    out.append("  按类别：")
    out += [_line(f"{KINDS[k]}（{k}）", t) for k, t in f.by_kind.items() if t.false_total or t.true_total]
    if misses and f.misses:
        out.append("  未判对的用例：")
        for res, reader in f.misses:
            c = res.case
            what = "漏报（错误表述未被标出）" if not c.label else "误报（正确表述被标出）"
            detail = "；".join(x.message for x in res.findings[reader])[:160]
            shown = c.text.replace("\n", "⏎")[:60] or "（空）"
            out.append(f"    {c.id} [{reader}] {what}：{shown}" + (f" ← {detail}" if detail else ""))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="核对评测集：打印查出率、误报率和未判对的用例")
    p.add_argument("--cases", type=Path, default=CASES, help="用例文件（默认 evals/grounding.jsonl）")
    p.add_argument("--no-misses", action="store_true", help="不列出未判对的用例")
    args = p.parse_args(argv)
    results = evaluate(load_cases(args.cases))
    source = args.cases.relative_to(ROOT) if args.cases.is_relative_to(ROOT) else args.cases
    print(report_text(figures(results), misses=not args.no_misses, source=str(source)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
