"""`nianbao audit`: check many units' reports, find copies between units, sum the tables, write one summary.

Output by extension: ``.csv`` writes ``NAME.csv`` (汇总) and ``NAME-totals.csv`` (合计表) beside it; ``.xlsx``
one workbook with sheets 汇总 and 合计表; ``.html`` one page with both sections.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.audit import csv_file, html_file, xlsx_file
from app.audit.batch import summarise_all
from app.audit.copying import find_copies
from app.audit.inputs import REPORT_SUFFIXES, collect_files
from app.audit.rows import SheetRow, summary_row, total_rows
from app.audit.summary import FileSummary
from app.audit.totals import Totals
from app.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE

Writer = Callable[[Path, Sequence[SheetRow], Sequence[SheetRow]], list[Path]]
WRITERS: dict[str, Writer] = {".csv": csv_file.write, ".xlsx": xlsx_file.write, ".html": html_file.write}


def run_audit(inputs: Sequence[str | Path], output: str | Path, *, jobs: int = 0, progress: bool | None = None) -> int:
    """Audit the reports in ``inputs`` (files and directories) into ``output``; the exit code.

    2 when a file could not be read (or the output could not be written), else 1 when a report has an
    error finding, else 0.
    """
    out = Path(output)
    write = WRITERS.get(out.suffix.lower())
    if write is None:
        print(f"不支持的输出格式「{out.suffix or out.name}」：请用 .csv、.xlsx 或 .html", file=sys.stderr)
        return EXIT_UNREADABLE
    files = collect_files(inputs, exclude=[out, csv_file.totals_path(out)])
    if not files:
        kinds = "、".join(sorted(s.lstrip(".") for s in REPORT_SUFFIXES))
        print(f"没有找到年报文件（支持 {kinds}）", file=sys.stderr)
        return EXIT_UNREADABLE

    summaries: list[FileSummary] = []
    totals = Totals()
    for summary in summarise_all([str(f) for f in files], jobs=jobs, progress=progress):
        if summary.cells is not None:
            totals.add(summary.format_version, summary.cells, summary.procurement_unit)
            summary.cells = None  # summed: only the row and the sketches stay in memory
        summaries.append(summary)
    summaries.sort(key=lambda s: s.file)
    copies = find_copies(summaries)
    rows = [summary_row(s, copies.get(i, ())) for i, s in enumerate(summaries)]
    results = totals.results()

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        written = write(out, rows, total_rows(results))
    except OSError as e:
        print(f"无法写入 {out}：{e.strerror or e}", file=sys.stderr)
        return EXIT_UNREADABLE

    unreadable = sum(1 for s in summaries if not s.readable)
    with_errors = sum(1 for s in summaries if s.readable and s.errors)
    line = f"共 {len(summaries)} 份报告，{with_errors} 份有错误，{unreadable} 份无法读取"
    if copies:
        line += f"，{len(copies)} 份与其他单位内容雷同"
    for r in results:
        line += f"；{r.version}年格式 {r.reports} 份合计表" + (
            f"勾稽有 {len(r.findings)} 处不平" if r.findings else "勾稽通过"
        )
    print(line)
    for note in batch_notes(summaries):
        print(note)
    print("已写入 " + "、".join(str(p) for p in written))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if with_errors else EXIT_OK


def batch_notes(summaries: Sequence[FileSummary]) -> list[str]:
    """Warnings about the batch itself: one unit's report counted twice, or several years summed together."""
    notes: list[str] = []
    seen: dict[tuple[str, int | None], int] = {}
    for s in summaries:
        if s.readable and s.agency:
            seen[(s.agency, s.year)] = seen.get((s.agency, s.year), 0) + 1
    twice = [f"{agency}（{year}年度 {n} 份）" for (agency, year), n in seen.items() if n > 1]
    if twice:
        more = f"等 {len(twice)} 个单位" if len(twice) > 3 else ""
        notes.append(f"注意：{'、'.join(twice[:3])}{more}同一年度有多份报告，合计表中重复计入")
    years = sorted({s.year for s in summaries if s.readable and s.year})
    if len(years) > 1:
        notes.append(f"注意：本批报告涉及多个年度（{'、'.join(map(str, years))}），合计表只按格式版本分列，未区分年度")
    return notes
