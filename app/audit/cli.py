"""`nianbao audit`: check many units' reports, find copies between units, sum the tables, write one summary.

Output by extension: ``.csv`` writes ``NAME.csv`` (汇总) and ``NAME-totals.csv`` (合计表) beside it; ``.xlsx``
one workbook with sheets 汇总 and 合计表; ``.html`` one page with both sections. While the files are checked, each
file's row is appended to ``NAME.partial.csv`` as it comes, so that an interrupted audit keeps what it finished;
the journal is removed once the output is written (an earlier interrupted audit's is renamed, never overwritten).
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import TextIO

from app.audit import csv_file, html_file, xlsx_file
from app.audit.batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, over_budget, summarise_all
from app.audit.copying import find_copies
from app.audit.inputs import REPORT_SUFFIXES, collect_files
from app.audit.rows import SUMMARY_COLUMNS, SheetRow, safe_text, summary_row, total_rows
from app.audit.summary import FileSummary
from app.audit.totals import Totals
from app.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from app.output_path import output_problem

Writer = Callable[[Path, Sequence[SheetRow], Sequence[SheetRow]], list[Path]]
MIN_MEMORY_MB = 16  # below this not even a small report can be read
WRITERS: dict[str, Writer] = {".csv": csv_file.write, ".xlsx": xlsx_file.write, ".html": html_file.write}


def run_audit(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    jobs: int = 0,
    progress: bool | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> int:
    """Audit the reports in ``inputs`` (files and directories) into ``output``; the exit code.

    Each file is checked within ``timeout`` seconds and ``memory_mb`` MB; one over its budget gets a row saying so.
    2 when a file could not be read or checked (or the output could not be written), else 1 when a report has an
    error finding, else 0.
    """
    out = Path(output)
    write = WRITERS.get(out.suffix.lower())
    if write is None:
        print(f"不支持的输出格式「{out.suffix or out.name}」：请用 .csv、.xlsx 或 .html", file=sys.stderr)
        return EXIT_UNREADABLE
    if not timeout > 0 or memory_mb < MIN_MEMORY_MB:
        print(f"每份文件的时间限制须大于 0 秒、内存限制不少于 {MIN_MEMORY_MB} MB", file=sys.stderr)
        return EXIT_UNREADABLE
    journal = journal_path(out)
    others = [journal] + ([csv_file.totals_path(out)] if out.suffix.lower() == ".csv" else [])
    files = collect_files(inputs, exclude=[out, *others])
    if not files:
        kinds = "、".join(sorted(s.lstrip(".") for s in REPORT_SUFFIXES))
        print(f"没有找到年报文件（支持 {kinds}）", file=sys.stderr)
        return EXIT_UNREADABLE
    problem = _prepare_output(output, others)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE

    summaries: list[FileSummary] = []
    totals = Totals()
    try:
        kept = _keep_earlier_journal(journal)
        log = journal.open("w", encoding="utf-8-sig", newline="")
    except OSError as e:  # a folder that takes no files (/proc, a read-only mount): said before any work
        print(f"无法在 {journal.parent} 中写入文件（{e.strerror or e}），请换一个输出路径", file=sys.stderr)
        return EXIT_UNREADABLE
    if kept:
        print(f"上次中断留下的检查结果已改名保存为 {kept}", file=sys.stderr)
    print(f"逐份检查结果随时写入 {journal}（中断时保留已检查的部分，完成后删除）", file=sys.stderr)
    with log:
        add_row = _journal_writer(log)
        batch = summarise_all(
            [str(f) for f in files], jobs=jobs, progress=progress, timeout=timeout, memory_mb=memory_mb
        )
        try:
            with closing(batch):
                for summary in batch:
                    add_row(summary)
                    if summary.cells is not None:
                        totals.add(summary.format_version, summary.cells, summary.procurement_unit)
                        summary.cells = None  # summed: only the row and the sketches stay in memory
                    summaries.append(summary)
        except KeyboardInterrupt:
            print(f"已中断：{len(summaries)}/{len(files)} 份的检查结果保存在 {journal}", file=sys.stderr)
            raise
    summaries.sort(key=lambda s: s.file)
    copies = find_copies(summaries)
    rows = [summary_row(s, copies.get(i, ())) for i, s in enumerate(summaries)]
    results = totals.results()

    try:
        written = write(out, rows, total_rows(results))
    except OSError as e:
        print(f"无法写入 {out}：{e.strerror or e}；逐份检查结果保存在 {journal}", file=sys.stderr)
        return EXIT_UNREADABLE
    journal.unlink(missing_ok=True)

    unreadable = sum(1 for s in summaries if not s.readable)
    with_errors = sum(1 for s in summaries if s.readable and s.errors)
    line = f"共 {len(summaries)} 份报告，{with_errors} 份有错误，{unreadable} 份无法读取"
    budget = sum(1 for s in summaries if over_budget(s))
    if budget:
        line += f"（其中 {budget} 份超出时间或内存限制，未检查）"
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


def journal_path(output: Path) -> Path:
    """Where the rows are written as they come: ``NAME.partial.csv`` beside the output."""
    return output.with_name(f"{output.stem}.partial.csv")


def _keep_earlier_journal(journal: Path) -> Path | None:
    """An interrupted audit's rows are not overwritten by the next audit: its journal is renamed
    ``NAME.partial-1.csv`` (the first free number) and that name returned; None when there is none."""
    if not journal.is_file() or journal.stat().st_size == 0:
        return None
    n = 1
    while (kept := journal.with_name(f"{journal.stem}-{n}.csv")).exists():
        n += 1
    journal.rename(kept)
    return kept


def _prepare_output(output: str | Path, others: Sequence[Path]) -> str | None:
    """Why the output cannot be written (a Chinese sentence), asked before any file is checked; None when it can.

    A missing output folder is created, as the audit always has.
    """
    folder = Path(output).parent
    if not folder.exists() and not str(output).endswith(("/", os.sep)):
        try:
            folder.mkdir(parents=True)
        except OSError as e:
            return f"无法创建输出文件夹 {folder}：{e.strerror or e}"
    for target in (output, *others):
        problem = output_problem(target)
        if problem:
            return problem
    return None


def _journal_writer(f: TextIO) -> Callable[[FileSummary], None]:
    """A function that appends a file's row (without 雷同, known only at the end) and flushes it to disk."""
    out = csv.writer(f)
    out.writerow(SUMMARY_COLUMNS)
    f.flush()

    def add(summary: FileSummary) -> None:
        out.writerow(["" if v is None else safe_text(v) for v in summary_row(summary)])
        f.flush()

    return add


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
