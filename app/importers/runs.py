"""Digits that ran together without separators: every split the format allows, and the one its constraints choose."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from app.importers.cells import Token
from app.importers.text import parse_number
from schemas.findings import Rule, finding
from schemas.registry import APPLICANT_COLUMNS, RESULT_COLUMNS, TABLE4_COLUMNS, Table, cell_key
from schemas.report import Cell

if TYPE_CHECKING:
    from app.importers.tables import TableRead

_RUN = re.compile(r"^\d+(?:\.\d+)?$")
_WELL_FORMED = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")  # no leading zeros; a decimal point inside


def splits(tokens: list[Token], n: int, *, limit: int = 2000) -> list[list[str]]:
    """Every way to cut the digit runs of ``tokens`` into exactly ``n`` numbers (no leading zeros)."""
    texts = [t.raw.replace(",", "") for t in tokens]
    if any(not _RUN.match(s) for s in texts) or len(texts) > n:
        return []

    def cut(s: str, k: int) -> list[list[str]]:
        if k == 1:
            return [[s]] if _WELL_FORMED.match(s) else []
        res: list[list[str]] = []
        first_max = len(s) - (k - 1)
        for i in range(1, first_max + 1):
            head = s[:i]
            if not _WELL_FORMED.match(head):
                if len(head) > 1 and head[0] == "0" and head[1] != ".":
                    break
                continue
            for rest in cut(s[i:], k - 1):
                res.append([head, *rest])
                if len(res) > limit:
                    return res
        return res

    results: list[list[str]] = []

    def assign(i: int, left: int, acc: list[str]) -> None:
        if len(results) > limit:
            return
        if i == len(texts):
            if left == 0:
                results.append(acc)
            return
        remaining = len(texts) - i - 1
        for k in range(1, left - remaining + 1):
            for parts in cut(texts[i], k):
                assign(i + 1, left - k, acc + parts)

    assign(0, n, [])
    return results


def _cell(raw: str) -> Cell:
    return Cell(value=parse_number(raw), raw=raw)


def resolve_runs(out: TableRead, spec: Table, version: str, narrative_numbers: frozenset[str]) -> None:
    """Choose the one split of run-together digits that the table's own constraints (or the narrative) allow."""
    ids = list(out.ambiguous)
    options = {rid: [o for o in out.ambiguous[rid] if _kinds_fit(spec, rid, o)] for rid in ids}
    if spec.id == "二":
        # no arithmetic ties table 二 together: a row is split only when the narrative states all its numbers
        resolved = {}
        for rid in ids:
            told = [o for o in options[rid] if all(p in narrative_numbers for p in o if p != "0")]
            if len(told) == 1:
                resolved[rid] = told[0]
        how = "正文中的数字"
    else:
        options = {rid: [o for o in opts if _row_consistent(spec, rid, o)] for rid, opts in options.items()}
        resolved = _by_constraints(out.cells, spec, version, ids, options)
        how = "勾稽关系"
    for rid, vals in resolved.items():
        _put(out.cells, spec, rid, vals)
        out.findings.append(
            finding(
                Rule.PARSE,
                table=spec.id,
                row=None if rid == "*" else spec.row(rid).label,
                message=f"表{spec.id}{_where(spec, rid)}的数字连在一起（{''.join(vals)}），按{how}唯一拆分为 {' | '.join(vals)}",
            )
        )
    for rid in ids:
        if rid in resolved:
            continue
        opts = options[rid]
        shown = "；".join(" | ".join(o) for o in opts[:4]) + ("……" if len(opts) > 4 else "")
        out.findings.append(
            finding(
                Rule.PARSE,
                severity="error",
                table=spec.id,
                row=None if rid == "*" else spec.row(rid).label,
                message=f"表{spec.id}{_where(spec, rid)}的数字连在一起，无法确定如何拆分"
                f"（可能为：{shown or '无符合勾稽关系的拆分'}），请核对原表",
            )
        )
    out.ambiguous = {}


def _where(spec: Table, rid: str) -> str:
    return "" if rid == "*" else f"「{spec.row(rid).label}」行"


def _by_constraints(cells, spec: Table, version: str, ids: list[str], options: dict) -> dict[str, list[str]]:
    """The splits of 表三/表四 rows for which every 勾稽 rule holds, when exactly one combination does."""
    from app.rules.tables import arithmetic_findings

    combos = 1
    for rid in ids:
        combos *= len(options[rid])
    if not combos or combos > 20000:
        return {}
    fits = []
    for combo in itertools.product(*(options[rid] for rid in ids)):
        trial = dict(cells)
        for rid, vals in zip(ids, combo, strict=True):
            _put(trial, spec, rid, vals)
        if not arithmetic_findings(spec.id, version, trial):
            fits.append(combo)
            if len(fits) > 1:
                return {}
    return dict(zip(ids, fits[0], strict=True)) if fits else {}


def _kinds_fit(spec: Table, rid: str, vals: list[str]) -> bool:
    """Decimals only where the column holds an amount."""
    columns = [c for r in spec.rows for c in r.columns] if rid == "*" else list(spec.row(rid).columns)
    return all("." not in v or c.kind in ("amount", "amount_wan") for c, v in zip(columns, vals, strict=True))


def _put(cells: dict[str, Cell], spec: Table, rid: str, vals: list[str]) -> None:
    targets = (
        [(r, c) for r in spec.rows for c in r.columns]
        if rid == "*"
        else [(spec.row(rid), c) for c in spec.row(rid).columns]
    )
    for (row, col), raw in zip(targets, vals, strict=True):
        cells[cell_key(row.id, col.id)] = _cell(raw)


def _row_consistent(spec: Table, rid: str, vals: list[str]) -> bool:
    nums = [float(v) for v in vals]
    if spec.id == "三":
        n = len(APPLICANT_COLUMNS)
        return sum(nums[:n]) == nums[n]
    n, width = len(RESULT_COLUMNS), len(TABLE4_COLUMNS)
    return all(sum(nums[i : i + n]) == nums[i + n] for i in range(0, len(nums), width))
