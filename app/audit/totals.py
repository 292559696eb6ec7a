"""The sum of all units' tables (合计表), per format version, with its own 勾稽 check."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from app.rules.common import fmt
from app.rules.tables import arithmetic_findings
from schemas.registry import (
    FORMAT_VERSIONS,
    OTHER_HANDLING_ID,
    OTHER_HANDLING_ROW,
    OTHER_HANDLING_SUB_ROWS,
    TABLE_IDS,
    cell_key,
    outcome_groups,
    table,
)
from schemas.report import Cell, Report

Number = int | float
Values = tuple[Number | None, ...]

_SINGLE_KEYS = frozenset(OTHER_HANDLING_ROW.cell_keys())
_PROCUREMENT_AMOUNT = cell_key("government_procurement", "procurement_amount")


@cache
def summed_keys(version: str, table_id: str) -> tuple[str, ...]:
    """The cells summed for a table: the official ones, and for 2021 表三 the （六）其他处理 single row that
    reports still in the old layout give instead of its three sub-rows."""
    keys = table(version, table_id).cell_keys()
    if version == "2021" and table_id == "三":
        keys += OTHER_HANDLING_ROW.cell_keys()
    return keys


def numeric_cells(report: Report) -> dict[str, Values]:
    """The report's numeric cells per table, in ``summed_keys`` order (None: absent, blank or not a number)."""
    version = report.meta.format_version
    out: dict[str, Values] = {}
    for t in TABLE_IDS:
        cells = report.tables.get(t, {})
        out[t] = tuple(_number(cells.get(k)) for k in summed_keys(version, t))
    return out


def _number(cell: Cell | None) -> Number | None:
    if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        return None
    return cell.value


@dataclass
class VersionTotals:
    """Running sums of one format version's tables."""

    version: str
    reports: int = 0
    sums: dict[str, list[Number | None]] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)  # reports with a number in each cell
    procurement_units: set[str] = field(default_factory=set)
    # 2021 表三, per applicant column: reports that gave only the （六） single row, and the （六） total of
    # every report (its single row, or the sum of its three sub-rows)
    aggregate_only: dict[str, int] = field(default_factory=dict)
    aggregate_sum: dict[str, Number] = field(default_factory=dict)
    aggregate_reports: dict[str, int] = field(default_factory=dict)

    def add(self, cells: dict[str, Values], procurement_unit: str = "") -> None:
        """Add one report's numeric cells."""
        self.reports += 1
        for t in TABLE_IDS:
            keys = summed_keys(self.version, t)
            values = cells.get(t) or (None,) * len(keys)
            sums = self.sums.setdefault(t, [None] * len(keys))
            counts = self.counts.setdefault(t, [0] * len(keys))
            single_row = t == "三" and self.version == "2021"
            for i, v in enumerate(values):
                if v is None or (single_row and keys[i] in _SINGLE_KEYS):
                    continue
                sums[i] = v if sums[i] is None else sums[i] + v
                counts[i] += 1
            if single_row:
                self._add_other_handling(dict(zip(keys, values, strict=True)))
        if self.version == "2019":
            procurement = cells.get("二", ())
            index = summed_keys("2019", "二").index(_PROCUREMENT_AMOUNT)
            if len(procurement) > index and procurement[index] is not None:
                self.procurement_units.add(procurement_unit)

    def _add_other_handling(self, values: dict[str, Number | None]) -> None:
        rows = outcome_groups(self.version, {k for k, v in values.items() if v is not None})[OTHER_HANDLING_ID]
        for col in OTHER_HANDLING_ROW.columns:
            parts = [values.get(cell_key(r, col.id)) for r in rows]
            if None in parts:
                continue
            if rows == (OTHER_HANDLING_ID,):
                self.aggregate_only[col.id] = self.aggregate_only.get(col.id, 0) + 1
            total: Number = sum(parts)  # type: ignore[arg-type]
            self.aggregate_sum[col.id] = self.aggregate_sum.get(col.id, 0) + total
            self.aggregate_reports[col.id] = self.aggregate_reports.get(col.id, 0) + 1

    def table_cells(self, table_id: str) -> tuple[dict[str, Cell], dict[str, Cell], dict[str, int]]:
        """The summed cells of one table to show, the cells to check, and how many reports gave each."""
        keys = summed_keys(self.version, table_id)
        sums = self.sums.get(table_id, [None] * len(keys))
        counts = self.counts.get(table_id, [0] * len(keys))
        shown = {k: _cell(v) for k, v in zip(keys, sums, strict=True) if v is not None}
        reports = dict(zip(keys, counts, strict=True))
        checked = dict(shown)
        if table_id == "三" and self.version == "2021" and self.aggregate_only:
            # some reports only give the （六） single row: the sums are checked with （六） as one row, each column
            # the （六） total of every report, not against sub-rows that those reports lack
            for col, total in self.aggregate_sum.items():
                checked[cell_key(OTHER_HANDLING_ID, col)] = _cell(total)
                for r in OTHER_HANDLING_SUB_ROWS:
                    checked.pop(cell_key(r, col), None)
            for col in self.aggregate_only:
                key = cell_key(OTHER_HANDLING_ID, col)
                shown[key] = checked[key]
                reports[key] = self.aggregate_reports.get(col, 0)
        return shown, checked, reports


def _cell(v: Number) -> Cell:
    return Cell(value=_tidy(v), raw=_raw(v))


def _tidy(v: Number | None) -> Number | None:
    return round(v, 6) if isinstance(v, float) else v


def _raw(v: Number | None) -> str:
    return "" if v is None else fmt(v)


@dataclass(frozen=True, slots=True)
class TotalRow:
    """One cell of the summed tables as a row of the 合计表 sheet."""

    version: str
    table_id: str
    group: str
    row: str
    column: str
    value: Number | None
    reports: int  # how many reports gave a number here
    note: str  # 勾稽 findings at this cell, and other remarks


@dataclass(frozen=True, slots=True)
class VersionResult:
    version: str
    reports: int
    rows: tuple[TotalRow, ...]
    findings: tuple[str, ...]  # every 勾稽 message of the summed tables


class Totals:
    """The sums of a batch, one ``VersionTotals`` per format version present."""

    def __init__(self) -> None:
        self.versions: dict[str, VersionTotals] = {}

    def add(self, version: str, cells: dict[str, Values], procurement_unit: str = "") -> None:
        if version not in FORMAT_VERSIONS:
            return
        self.versions.setdefault(version, VersionTotals(version)).add(cells, procurement_unit)

    def results(self) -> list[VersionResult]:
        """The summed tables with their 勾稽 findings, 2021 format first."""
        return [version_result(self.versions[v]) for v in FORMAT_VERSIONS if v in self.versions]


def version_result(totals: VersionTotals) -> VersionResult:
    """The rows of one version's summed tables, each with the 勾稽 findings located at its cell."""
    version = totals.version
    rows: list[TotalRow] = []
    messages: list[str] = []
    for t in TABLE_IDS:
        cells, checked, reports = totals.table_cells(t)
        notes: dict[tuple[str, str], list[str]] = {}
        for f in arithmetic_findings(t, version, checked):
            notes.setdefault((f.row or "", f.column or ""), []).append(f.message)
            messages.append(f.message)
        if version == "2019" and t == "二" and len(totals.procurement_units) > 1:
            units = "、".join(sorted(u or "未注明" for u in totals.procurement_units))
            procurement = table("2019", "二").row("government_procurement")
            amount = next(c for c in procurement.columns if cell_key(procurement.id, c.id) == _PROCUREMENT_AMOUNT)
            notes.setdefault((procurement.label, amount.label), []).append(
                f"各报告的{amount.label}单位不一致（{units}），合计仅供参考"
            )
        spec_rows = list(table(version, t).value_rows)
        if t == "三" and version == "2021" and totals.aggregate_only:
            # the single row above the sub-rows: some reports gave one, some the other
            at = next(i for i, r in enumerate(spec_rows) if r.id == OTHER_HANDLING_SUB_ROWS[0])
            spec_rows.insert(at, OTHER_HANDLING_ROW)
        for row in spec_rows:
            for col in row.columns:
                key = cell_key(row.id, col.id)
                if row.id == OTHER_HANDLING_ID and version == "2021" and col.id not in totals.aggregate_only:
                    continue
                cell = cells.get(key)
                rows.append(
                    TotalRow(
                        version=version,
                        table_id=t,
                        group=row.group or "",
                        row=row.label,
                        column=col.label,
                        value=None if cell is None else cell.value,
                        reports=reports.get(key, 0),
                        note="；".join(notes.get((row.label, col.label), [])),
                    )
                )
    return VersionResult(version=version, reports=totals.reports, rows=tuple(rows), findings=tuple(messages))
