"""Audit output as CSV: ``summary.csv`` (汇总) and ``summary-totals.csv`` (合计表) next to it."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from app.audit.rows import SUMMARY_COLUMNS, TOTAL_COLUMNS, SheetRow, safe_text


def totals_path(path: Path) -> Path:
    """Where the 合计表 of a CSV summary goes: ``NAME-totals.csv`` beside ``NAME.csv``."""
    return path.with_name(f"{path.stem}-totals{path.suffix}")


def write(path: Path, summary: Sequence[SheetRow], totals: Sequence[SheetRow]) -> list[Path]:
    """Write both CSV files (UTF-8 with BOM, so that Excel shows the Chinese); the paths written."""
    second = totals_path(path)
    for target, header, rows in ((path, SUMMARY_COLUMNS, summary), (second, TOTAL_COLUMNS, totals)):
        with target.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            out.writerows(["" if v is None else safe_text(v) for v in row] for row in rows)
    return [path, second]
