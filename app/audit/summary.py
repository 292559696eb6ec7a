"""One file of a batch → a compact, picklable summary (what a worker process sends back, not the Report)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from app.audit.sketch import sketch
from app.audit.totals import numeric_cells
from app.checking import check_path
from app.rules.cross_year import compared_paragraphs
from app.rules.similarity import shingles
from schemas.findings import SEVERITY_LABELS, Finding
from schemas.report import NARRATIVE_SECTIONS, Report

MAX_PROBLEMS = 3  # findings named in the 主要问题 column
MIN_SHINGLES = 50  # a section shorter than this (about 55 characters, "无。") is not compared across units

Values = tuple[int | float | None, ...]


@dataclass(slots=True)
class FileSummary:
    """What the audit keeps of one file: its row, the sections' sketches and its table cells."""

    file: str
    read_error: str | None = None
    agency: str = ""
    year: int | None = None
    format_version: str = ""
    level: str = ""
    errors: int = 0
    warnings: int = 0
    problems: tuple[str, ...] = ()  # the first findings' messages, errors first
    more_problems: int = 0  # findings not named in ``problems``
    sketches: dict[str, array] = field(default_factory=dict)  # narrative section number → sketch
    cells: dict[str, Values] | None = None  # table id → numeric values (totals.summed_keys order)
    procurement_unit: str = ""

    @property
    def readable(self) -> bool:
        return self.read_error is None


def summarise(path: str) -> FileSummary:
    """The summary of the file at ``path``; a file that cannot be read gives one with ``read_error`` set."""
    try:
        result = check_path(path)
        if result.report is None:
            return FileSummary(file=path, read_error=result.error or "无法读取")
        return summarise_report(path, result.report, result.findings)
    except MemoryError:
        raise  # the file's memory budget: its worker reports it and is replaced
    # One broken file must not stop a batch of hundreds: whatever an importer or rule raises on it
    # (a bug, not a finding) becomes that file's row, and the other files are still checked.
    except Exception as e:
        return FileSummary(
            file=path, read_error=f"读取或检查时程序出错（{type(e).__name__}：{e}），请将该文件反馈给开发人员"
        )


def summarise_report(path: str, report: Report, findings: list[Finding]) -> FileSummary:
    ordered = [f for f in findings if f.severity == "error"] + [f for f in findings if f.severity != "error"]
    meta = report.meta
    return FileSummary(
        file=path,
        agency=meta.agency,
        year=meta.year,
        format_version=meta.format_version,
        level=meta.level,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        problems=tuple(f"{SEVERITY_LABELS[f.severity]}：{f.message}" for f in ordered[:MAX_PROBLEMS]),
        more_problems=max(0, len(ordered) - MAX_PROBLEMS),
        sketches=section_sketches(report),
        cells=numeric_cells(report),
        procurement_unit=meta.procurement_amount_unit,
    )


def section_sketches(report: Report) -> dict[str, array]:
    """Sketches of the narrative sections 一, 五, 六 long enough to compare (the preface follows a template)."""
    out: dict[str, array] = {}
    for num, attr in NARRATIVE_SECTIONS.items():
        hashes = shingles("\n".join(compared_paragraphs(getattr(report, attr))))
        if len(hashes) >= MIN_SHINGLES:
            out[num] = sketch(hashes)
    return out
