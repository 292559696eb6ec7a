"""Reading benchmark: what the reader gets out of real published reports and the repository's realistic samples.

Two sets: the corpus of real published reports (``$NIANBAO_CORPUS``, else ``shared/examples`` beside the clone;
left out with a note when neither exists), judged against the hand-labelled truth in tests/published/expected.json;
and tests/real_world/, judged against its expected_cells.json. Per file and in total: cells labelled, read, read
wrong, not read without a PARSE error, cells covered by PARSE errors, errors (allowed by the labels / false),
warnings, and the time to read and check the file. Run: ``.venv/bin/python benchmarks/reading.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.checking import check_path, result_json  # noqa: E402
from tests.published.truth import cell_name, judge, load, parse_named  # noqa: E402

CORPUS_VARIABLE = "NIANBAO_CORPUS"
DEFAULT_CORPUS = ROOT.parent / "shared" / "examples"
REAL_WORLD = ROOT / "tests" / "real_world"


@dataclass
class Row:
    """One file's figures."""

    name: str
    labelled: int = 0
    read: int = 0  # cells the reader reported
    wrong: int = 0
    silent: int = 0  # labelled cells neither read nor named by a PARSE error
    parse_cells: int = 0  # cells not read that PARSE errors cover
    errors: int = 0
    allowed: int | None = None  # errors the labels allow (None: the set has no such labels)
    false: int | None = None
    warnings: int = 0
    meta: int = 0  # of agency, year, format version: how many differ from the labels
    unreadable: bool = False
    ms: float = 0.0


def corpus_folder() -> Path | None:
    """The corpus folder, or None when there is none."""
    configured = os.environ.get(CORPUS_VARIABLE, "")
    folder = Path(configured) if configured else DEFAULT_CORPUS
    return folder if folder.is_dir() else None


def _timed(path: Path, runs: int) -> tuple[dict, float]:
    """The file's result_json and the median milliseconds of ``runs`` reads and checks."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        reading = result_json(check_path(path))
        times.append((time.perf_counter() - started) * 1000)
    return reading, statistics.median(times)


def parse_covered(reading: dict) -> int:
    """Cells not read that PARSE errors cover (a row named: its cells; a table named: all its cells)."""
    version = reading["format_version"]
    if version is None:
        return 0
    read = {cell_name(c) for c in reading["cells"]}
    return len(parse_named(reading["findings"], version) - read)


def measure(name: str, path: Path, truth: dict | None, runs: int, *, judge_errors: bool = True) -> Row:
    """One file's figures (judged against ``truth`` when it is labelled; its errors too with ``judge_errors``)."""
    reading, ms = _timed(path, runs)
    row = Row(name, read=len(reading["cells"]), ms=ms, unreadable=reading["error"] is not None)
    row.errors = sum(1 for f in reading["findings"] if f["severity"] == "error")
    row.warnings = sum(1 for f in reading["findings"] if f["severity"] == "warning")
    row.parse_cells = parse_covered(reading)
    if truth is not None and not row.unreadable:
        j = judge(reading, truth)
        row.labelled, row.wrong, row.silent = j.labelled, len(j.wrong) + len(j.not_in_copy), len(j.unread_silent)
        row.meta = len(j.meta)
        if judge_errors:
            row.allowed, row.false = len(j.allowed_errors), len(j.false_errors)
    elif truth is not None:
        row.labelled, row.silent = len(truth["cells"]), len(truth["cells"])
    return row


def corpus_rows(runs: int) -> list[Row] | None:
    """The corpus files' figures; None without a corpus."""
    folder = corpus_folder()
    if folder is None:
        return None
    truth = load()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt"))
    return [measure(name, folder / name, truth.get(name), runs) for name in files]


def real_world_rows(runs: int) -> list[Row]:
    """The figures of tests/real_world's samples against their expected cells."""
    cells = json.loads((REAL_WORLD / "expected_cells.json").read_text(encoding="utf-8"))
    meta = json.loads((REAL_WORLD / "expected.json").read_text(encoding="utf-8"))
    rows = []
    for name in sorted(meta):
        truth = {
            **{k: meta[name][k] for k in ("agency", "year", "format_version")},
            "cells": cells.get(name, {}),
            "allowed_errors": [],
            "true_warnings": [],
        }
        # their errors were planted (tests/real_world/expected.json): counted here, judged by test_real_world.py
        rows.append(measure(name, REAL_WORLD / name, truth, runs, judge_errors=False))
    return rows


def _errors(r: Row) -> str:
    return str(r.errors) if r.allowed is None else f"{r.errors}（{r.allowed}/{r.false}）"


def table_text(title: str, rows: list[Row]) -> str:
    """The rows as an aligned table with a total line."""
    head = (
        "文件",
        "标注",
        "读出",
        "读错",
        "未读无PARSE",
        "PARSE覆盖",
        "错误(允许/不实)",
        "警告",
        "元数据不符",
        "用时ms",
    )
    total = Row(
        f"合计（{len(rows)} 份，无法读取 {sum(r.unreadable for r in rows)} 份）",
        labelled=sum(r.labelled for r in rows),
        read=sum(r.read for r in rows),
        wrong=sum(r.wrong for r in rows),
        silent=sum(r.silent for r in rows),
        parse_cells=sum(r.parse_cells for r in rows),
        errors=sum(r.errors for r in rows),
        allowed=None if any(r.allowed is None for r in rows) else sum(r.allowed for r in rows),
        false=None if any(r.false is None for r in rows) else sum(r.false for r in rows),
        warnings=sum(r.warnings for r in rows),
        meta=sum(r.meta for r in rows),
        ms=sum(r.ms for r in rows),
    )
    lines = [f"== {title}", "  " + " | ".join(head)]
    for r in [*rows, total]:
        name = r.name.rsplit("/", 1)[-1] + ("（无法读取）" if r.unreadable else "")
        figures = (r.labelled, r.read, r.wrong, r.silent, r.parse_cells, _errors(r), r.warnings, r.meta, f"{r.ms:.1f}")
        lines.append("  " + " | ".join(map(str, (name, *figures))))
    return "\n".join(lines)


def bench_reading(runs: int = 3) -> None:
    """Print both sets' figures."""
    check_path(REAL_WORLD / "r09_jiangbei_wjw_2024.txt")  # imports and caches, not counted
    corpus = corpus_rows(runs)
    if corpus is None:
        print(f"== 读取：真实年报样本库（没有样本库：跳过；设置 {CORPUS_VARIABLE} 指向样本目录即可运行）")
    else:
        print(table_text(f"读取：真实年报样本库（{corpus_folder()}，对照 tests/published/expected.json）", corpus))
    print()
    print(table_text("读取：tests/real_world（对照 expected_cells.json）", real_world_rows(runs)))


def main() -> None:
    p = argparse.ArgumentParser(description="读取基准：真实年报样本库与 tests/real_world")
    p.add_argument("--runs", type=int, default=3, help="每份文件读取和检查的次数（用时取中位数）")
    bench_reading(p.parse_args().runs)


if __name__ == "__main__":
    main()
