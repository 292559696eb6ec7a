"""Which cell is most likely wrong when several 勾稽 findings share cells: one fix, not two contradictory ones.

Every sum of a table (R-A, R-C, R-D in 表三; R-E in 表四) is a constraint over its cells. The findings that share
cells form a group; for each group every involved cell is tried at the value that makes one of the group's sums
hold, and the change that leaves the fewest sums of the whole table broken wins. A change that fixes one finding
but breaks a sum that held (a row total set to its parts while the column total agreed with it) counts against
itself, so the decision is made by the table, not by a preference for totals or parts. Steps repeat while the
group has broken sums (several wrong cells joined through the 总计 column); where no single change is best, the
one best pair of changes is tried; when that is not unique either, what is left is ambiguous and gets no
suggestion. Pure; never raises for bad data.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from schemas.findings import Finding, Rule
from schemas.registry import (
    APPLICANT_COLUMNS,
    RESULT_COLUMNS,
    TABLE3_COLUMNS,
    TOTAL,
    TOTAL_LABEL,
    cell_key,
    outcome_rows,
    split_cell_key,
    table,
    table3_rows,
)
from schemas.report import Report

Number = int | float
_EPSILON = 1e-6
_MAX_PAIR_CANDIDATES = 80  # pairs are tried only in groups this small (a table full of errors is ambiguous anyway)


@dataclass(frozen=True)
class Change:
    """One cell to change: where (official labels and the cell key) and from what to what."""

    table: str
    key: str
    group: str | None
    row: str
    column: str
    current: Number
    suggested: Number


@dataclass(frozen=True)
class Fix:
    """The changes that make a finding hold, and the indexes (into the findings given) of every finding they fix."""

    changes: tuple[Change, ...]
    fixes: tuple[int, ...]


@dataclass(frozen=True)
class _Sum:
    rule: Rule
    table: str
    row: str  # the official labels its finding carries
    column: str
    terms: tuple[tuple[str, int], ...]  # (cell key, +1 / -1): the sum of value × sign is 0 when it holds


def _sums(report: Report, table_id: str) -> list[_Sum]:
    """Every 勾稽 sum of one table, labelled as its finding is."""
    version = report.meta.format_version
    cells = report.tables.get(table_id, {})
    out: list[_Sum] = []
    if table_id == "三":
        spec = table(version, "三")
        total_row = spec.row(TOTAL).label
        for col in TABLE3_COLUMNS:
            keys = [cell_key(r, col.id) for r in ("received", "carried_over", TOTAL, "carried_forward")]
            signs = (1, 1, -1, -1)
            out.append(_Sum(Rule.R_A, "三", total_row, col.label, tuple(zip(keys, signs, strict=True))))
        for row in table3_rows(version, cells):
            if row.columns:
                terms = [(cell_key(row.id, c.id), 1) for c in APPLICANT_COLUMNS] + [(cell_key(row.id, TOTAL), -1)]
                out.append(_Sum(Rule.R_C, "三", row.label, TOTAL_LABEL, tuple(terms)))
        rows = outcome_rows(version, cells)
        for col in TABLE3_COLUMNS:
            terms = [(cell_key(r, col.id), 1) for r in rows] + [(cell_key(TOTAL, col.id), -1)]
            out.append(_Sum(Rule.R_D, "三", total_row, col.label, tuple(terms)))
    elif table_id == "四":
        for row in table(version, "四").rows:
            terms = [(cell_key(row.id, c.id), 1) for c in RESULT_COLUMNS] + [(cell_key(row.id, TOTAL), -1)]
            out.append(_Sum(Rule.R_E, "四", row.label, TOTAL_LABEL, tuple(terms)))
    return out


def _residual(s: _Sum, values: dict[str, Number | None]) -> float | None:
    total = 0.0
    for key, sign in s.terms:
        v = values.get(key)
        if v is None:
            return None  # a blank or a word: the sum is not judged (CELL reports the cell)
        total += sign * v
    return total


def _broken(sums: list[_Sum], values: dict[str, Number | None]) -> frozenset[int]:
    return frozenset(i for i, s in enumerate(sums) if (r := _residual(s, values)) is not None and abs(r) > _EPSILON)


def _matches(f: Finding, s: _Sum) -> bool:
    return f.rule == s.rule and f.table == s.table and f.row == s.row and f.column == s.column


def _as_number(v: float) -> Number:
    return int(round(v)) if abs(v - round(v)) < _EPSILON else round(v, 4)


def _candidates(sums: list[_Sum], broken: frozenset[int], values: dict[str, Number | None]) -> list[tuple[str, Number]]:
    """(cell, value) pairs that each make one of the ``broken`` sums hold, without a negative count."""
    out: dict[tuple[str, Number], None] = {}
    for i in sorted(broken):
        residual = _residual(sums[i], values)
        if residual is None:
            continue
        for key, sign in sums[i].terms:
            value = _as_number(values[key] - residual / sign)  # type: ignore[operator]
            if value >= 0:
                out[(key, value)] = None
    return list(out)


def _after(values: dict[str, Number | None], changes: tuple[tuple[str, Number], ...]) -> dict[str, Number | None]:
    return {**values, **dict(changes)}


def _step(
    sums: list[_Sum], group: frozenset[int], values: dict[str, Number | None], done: set[str]
) -> tuple[tuple[str, Number], ...] | None:
    """The next change (or changes) that leave the fewest sums of the table broken; None when no one is best."""
    before = len(_broken(sums, values))
    singles = [c for c in _candidates(sums, _broken(sums, values) & group, values) if c[0] not in done]
    scored = [(len(_broken(sums, _after(values, (c,)))), c) for c in singles]
    if not scored:
        return None
    least = min(n for n, _ in scored)
    best = [c for n, c in scored if n == least]
    if len(best) == 1 and least < before:
        return (best[0],)
    keys = [k for k, _ in best]
    if len(set(keys)) == len(keys) and len(best) > 1 and len(_broken(sums, _after(values, tuple(best)))) < least:
        return tuple(best)  # two wrong cells of one column: each alone fixes its row, together they fix the column
    if len(singles) > _MAX_PAIR_CANDIDATES:
        return None
    pairs: dict[int, list[tuple[tuple[str, Number], ...]]] = {}
    for a, b in combinations(singles, 2):
        if a[0] != b[0]:
            pairs.setdefault(len(_broken(sums, _after(values, (a, b)))), []).append((a, b))
    fewest = min(pairs, default=before)
    if fewest < min(least, before) and len(pairs[fewest]) == 1:
        return pairs[fewest][0]
    return None


def _correction(sums: list[_Sum], group: frozenset[int], values: dict[str, Number | None]) -> dict[str, Number]:
    """The changes that make the ``group``'s sums hold, found one best step at a time (empty when ambiguous)."""
    changes: dict[str, Number] = {}
    current = dict(values)
    while _broken(sums, current) & group:
        step = _step(sums, group, current, set(changes))
        if step is None:
            break
        for key, value in step:
            changes[key] = current[key] = value
    return changes


def _groups(sums: list[_Sum], broken: frozenset[int]) -> list[frozenset[int]]:
    """The broken sums joined where they share a cell."""
    groups: list[set[int]] = []
    for i in sorted(broken):
        cells = {k for k, _ in sums[i].terms}
        joined = [g for g in groups if any(cells & {k for k, _ in sums[j].terms} for j in g)]
        merged = {i}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return [frozenset(g) for g in groups]


def _change(report: Report, table_id: str, key: str, value: Number) -> Change:
    version = report.meta.format_version
    row_id, col_id = split_cell_key(key)
    rows = table3_rows(version, report.tables.get(table_id, {})) if table_id == "三" else table(version, table_id).rows
    row = next(r for r in rows if r.id == row_id)
    current = report.value(table_id, key)
    return Change(table_id, key, row.group, row.label, row.column(col_id).label, current or 0, value)


def culprits(report: Report, findings: list[Finding]) -> list[Fix | None]:
    """For each of ``findings``, the fix that the table points to (None: not a 勾稽 finding, or ambiguous)."""
    mine: list[tuple[Change, ...]] = [() for _ in findings]
    for table_id in ("三", "四"):
        sums = _sums(report, table_id)
        values = {k: c.value for k, c in report.tables.get(table_id, {}).items()}
        broken = _broken(sums, values)
        if not broken:
            continue
        owner = {i: [n for n, f in enumerate(findings) if _matches(f, s)] for i, s in enumerate(sums) if i in broken}
        for group in _groups(sums, broken):
            if not any(owner[i] for i in group):
                continue
            changes = _correction(sums, group, values)
            fixed = group - _broken(sums, _after(values, tuple(changes.items())))
            for i in fixed:
                cells = {key for key, _ in sums[i].terms}
                found = tuple(_change(report, table_id, k, v) for k, v in sorted(changes.items()) if k in cells)
                for n in owner[i]:
                    mine[n] = found
    out: list[Fix | None] = []
    for changes in mine:
        if not changes:
            out.append(None)
            continue
        same = tuple(n for n, other in enumerate(mine) if set(other) & set(changes))
        out.append(Fix(changes, same))
    return out


def culprit_cells(report: Report, findings: list[Finding]) -> dict[tuple[str, str], Change]:
    """The cells most likely wrong, as (table id, cell key) → the change: what a grid marks."""
    out: dict[tuple[str, str], Change] = {}
    for fix in culprits(report, findings):
        if fix is not None:
            for c in fix.changes:
                out[(c.table, c.key)] = c
    return out


__all__ = ["Change", "Fix", "culprit_cells", "culprits"]
