"""The natural units a CELL defect can fill: a whole table, a column group, a column — each also inside a table's
row group (表三「（三）不予公开」's rows) — a row, and a row but its 总计. When every cell of a unit holds no number and the same text (all
blank, or all 「-」), one finding names the unit and counts its cells instead of one finding per cell.

The largest unit wins, so nothing is reported twice: units are taken greedily by how many cells not yet reported
they cover (at least two); a unit that overlaps one already taken (a blank row across a blank 总计 column) covers
only its other cells and says so. Pure; never raises for bad data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from schemas.registry import TOTAL, TOTAL_LABEL, Column, Row


@dataclass(frozen=True)
class Unit:
    """A set of cells a finding can name at once, with the location fields that finding carries."""

    where: str  # "表三「（三）不予公开」各行「自然人」列"
    keys: tuple[str, ...]  # in table order
    group: str | None
    row: str | None
    column: str | None  # a column's label, or a column group's header (法人或其他组织)
    rank: int  # among units covering as many cells: table first, then column group, column, row, row but 总计
    whole: int = 0  # for the part of a column that holds no number: how many cells the column has (else 0)


@dataclass(frozen=True)
class Taken:
    """A unit chosen for one finding: the cells it covers and how it is worded."""

    unit: Unit
    keys: tuple[str, ...]  # the cells not reported by a unit taken before it
    raw: str  # what every cell holds ("" when blank)
    overlap: str  # "" or "，其中1格已计入上面「总计」列一条"


def _columns(rows: list[Row]) -> list[Column]:
    seen: dict[str, Column] = {}
    for row in rows:
        for col in row.columns:
            seen.setdefault(col.id, col)
    return list(seen.values())


def _column_groups(columns: list[Column]) -> list[tuple[str, list[Column]]]:
    """Runs of adjacent columns under one header (法人或其他组织), not the whole width."""
    runs: list[tuple[str | None, list[Column]]] = []
    for col in columns:
        if runs and runs[-1][0] == col.parent:
            runs[-1][1].append(col)
        else:
            runs.append((col.parent, [col]))
    return [(p, cols) for p, cols in runs if p and 1 < len(cols) < len(columns)]


def _keys(rows: list[Row], columns: list[Column] | None = None) -> tuple[str, ...]:
    ids = None if columns is None else {c.id for c in columns}
    return tuple(k for r in rows for c, k in zip(r.columns, r.cell_keys(), strict=True) if ids is None or c.id in ids)


def _row_name(table_id: str, row: Row) -> str:
    if row.group and table_id != "二":
        return f"「{row.group}」「{row.label}」"  # 1.属于国家秘密 is found under its heading
    return f"「{row.label}」"


@lru_cache(maxsize=64)
def units(table_id: str, rows: tuple[Row, ...]) -> tuple[Unit, ...]:
    """Every unit of a table's value ``rows`` with at least two cells, each set of cells once (the same for every
    report of a format: computed once)."""
    name = f"表{table_id}"
    groups: dict[str, list[Row]] = {}
    for row in rows:
        if row.group:
            groups.setdefault(row.group, []).append(row)
    scopes: list[tuple[str | None, list[Row]]] = [(None, rows)]
    scopes += [(g, rs) for g, rs in groups.items() if 1 < len(rs) < len(rows)]
    out: list[Unit] = []
    for group, scoped in scopes:
        inside = f"{name}「{group}」各行" if group else name
        columns = _columns(scoped)
        out.append(Unit(inside, _keys(scoped), group, None, None, 0))
        for parent, cols in _column_groups(columns):
            out.append(Unit(f"{inside}「{parent}」{len(cols)}列", _keys(scoped, cols), group, None, parent, 1))
        for col in columns:
            out.append(Unit(f"{inside}「{col.label}」列", _keys(scoped, [col]), group, None, col.label, 2))
    for row in rows:
        where = f"{name}{_row_name(table_id, row)}行"
        out.append(Unit(where, row.cell_keys(), row.group, row.label, None, 3))
        # the parts of a row whose 总计 is filled (commonly 0): one defect, not one finding per applicant
        parts = [c for c in row.columns if c.id != TOTAL]
        if len(parts) < len(row.columns):
            out.append(Unit(f"{where}除「{TOTAL_LABEL}」外", _keys([row], parts), row.group, row.label, None, 4))
    seen: set[frozenset[str]] = set()
    unique: list[Unit] = []
    for unit in out:
        cells = frozenset(unit.keys)
        if len(cells) > 1 and cells not in seen:
            seen.add(cells)
            unique.append(unit)
    return tuple(unique)


def take(all_units: tuple[Unit, ...], without_number: dict[str, str], table_name: str) -> list[Taken]:
    """The units to report, largest first; ``without_number`` maps each cell holding no number to its text."""
    reported: dict[str, str] = {}  # cell → how the unit that reported it is named (without the table)
    out: list[Taken] = []
    all_units = all_units + _column_parts(all_units, without_number)
    while True:
        best: tuple[tuple[int, int, int], Unit, list[str]] | None = None
        for unit in all_units:
            texts = {without_number.get(k) for k in unit.keys}
            if len(texts) != 1 or None in texts:
                continue
            free = [k for k in unit.keys if k not in reported]
            if len(free) < 2:
                continue
            score = (-len(free), len(unit.keys) - len(free), unit.rank)
            if best is None or score < best[0]:
                best = (score, unit, free)
        if best is None:
            return out
        _, unit, free = best
        before = [reported[k] for k in unit.keys if k in reported]
        overlap = ""
        if before:
            named = set(before)
            which = f"上面{before[0]}一条" if len(named) == 1 else "上面各条"
            overlap = f"，其中{len(before)}格已计入{which}"
        for k in free:
            reported[k] = unit.where.removeprefix(table_name)
        out.append(Taken(unit, tuple(free), without_number[free[0]], overlap))


def _column_parts(all_units: tuple[Unit, ...], without_number: dict[str, str]) -> tuple[Unit, ...]:
    """The cells of a whole-table column holding no number (the same text) when they are most of it but not all: a
    column left mostly blank is one defect (「表三「总计」列有24格为空」), not one finding per cell."""
    parts: list[Unit] = []
    for unit in all_units:
        if unit.rank != 2 or unit.group is not None:
            continue
        by_text: dict[str, list[str]] = {}
        for k in unit.keys:
            if k in without_number:
                by_text.setdefault(without_number[k], []).append(k)
        for keys in by_text.values():
            if max(3, len(unit.keys) // 2) <= len(keys) < len(unit.keys):  # most of it: a few stay one each
                parts.append(Unit(unit.where, tuple(keys), None, None, unit.column, 5, whole=len(unit.keys)))
    return tuple(parts)
