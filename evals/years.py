"""How well YEAR tells a stale year from a year used as a reference point (evals/years.jsonl).

Each case puts one sentence into a section of a report of ``year`` and asks the YEAR rule (``year_findings``, the
one definition that check, grounding and the workspace share) whether it flags a year in it. ``fits``: a year
used as a point of reference (「2018年以来」「自2019年起」「2024年报告中提出的问题」), last year in a last-year
context, next year's plans — must not be flagged. ``stale``: a year left from an earlier report — must be.
Figures: stale years caught (recall), flags that were right (precision), reference years flagged.
Run: ``.venv/bin/python evals/years.py`` (it lists every miss).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.rules.years import year_findings  # noqa: E402
from schemas.report import Meta, Narrative, Report, Subsection  # noqa: E402

CASES = Path(__file__).with_name("years.jsonl")
Label = Literal["fits", "stale"]
_FIELDS = {"一": "overview", "五": "problems", "六": "other_matters"}


@dataclass(frozen=True)
class Case:
    id: str
    year: int
    section: str
    text: str
    label: Label
    why: str


@dataclass(frozen=True)
class Figures:
    stale: int  # stale cases
    caught: int  # stale cases flagged
    fits: int  # reference cases
    flagged: int  # reference cases flagged (false alarms)

    @property
    def recall(self) -> float:
        return self.caught / self.stale if self.stale else 1.0

    @property
    def precision(self) -> float:
        flags = self.caught + self.flagged
        return self.caught / flags if flags else 1.0


def load_cases(path: Path = CASES) -> list[Case]:
    """The labelled cases, one JSON object a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Case(**json.loads(line)) for line in lines if line.strip()]


def report_with(case: Case) -> Report:
    """A report of the case's year whose only text is the case's sentence, in the case's section."""
    report = Report(meta=Meta(agency="示例县测试局", level="department", year=case.year, format_version="2021"))
    if case.section == "前言":
        report.preface = case.text
    else:
        paragraph = Narrative(subsections=[Subsection(heading="（一）情况", text=case.text)])
        setattr(report, _FIELDS[case.section], paragraph)
    return report


def flags(case: Case) -> bool:
    """Whether YEAR flags a year in the case's sentence."""
    return any(f.section == case.section for f in year_findings(report_with(case)))


def evaluate(cases: list[Case]) -> tuple[Figures, list[Case]]:
    """The figures over ``cases`` and the cases judged wrongly."""
    misses = [c for c in cases if flags(c) != (c.label == "stale")]
    stale = [c for c in cases if c.label == "stale"]
    fits = [c for c in cases if c.label == "fits"]
    missed = {c.id for c in misses}
    figures = Figures(
        stale=len(stale),
        caught=sum(c.id not in missed for c in stale),
        fits=len(fits),
        flagged=sum(c.id in missed for c in fits),
    )
    return figures, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    args = parser.parse_args(argv)
    figures, misses = evaluate(load_cases(args.cases))
    print(f"过时年份查出（召回率）：{figures.caught}/{figures.stale}（{figures.recall:.1%}）")
    print(f"报出的年份确属过时（精确率）：{figures.precision:.1%}")
    print(f"参照年份误报：{figures.flagged}/{figures.fits}")
    for c in misses:
        what = "漏报" if c.label == "stale" else "误报"
        print(f"  {what} {c.id}：{c.text}（{c.why}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
