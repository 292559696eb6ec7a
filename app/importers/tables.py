"""Read the three official tables out of a published report's table regions, driven by the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from app.importers.cells import Candidate, Token, candidates, fit_values
from app.importers.runs import resolve_runs, splits
from app.importers.text import norm, parse_number
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    OTHER_HANDLING,
    OTHER_HANDLING_ID,
    OTHER_HANDLING_ROW,
    OTHER_HANDLING_SUB_ROWS,
    Column,
    Row,
    Table,
    cell_key,
    split_cell_key,
    table,
)
from schemas.report import Cell, ExtraRow

_BRACKET = re.compile(r"^(.+?)[（(]")

# match quality of a label against an official row label
EXACT, CLOSE, FUZZY = 3, 2, 1


@dataclass
class TableRead:
    """What was read of one table: cells, findings about the reading, extra rows, run-together rows."""

    cells: dict[str, Cell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    extra_rows: list[ExtraRow] = field(default_factory=list)
    found: bool = False
    ambiguous: dict[str, list[list[str]]] = field(default_factory=dict)  # row id → possible splits
    units: dict[str, str] = field(default_factory=dict)  # cell key → the unit a header states


def _strip_numbering(n: str) -> str:
    return n.lstrip("0123456789一二三四五六七八九十")


def _label_quality(labels: list[str], row: Row) -> tuple[int, str | None]:
    """How well the last label(s) of a candidate name ``row``, and a LABEL note when it is not exact."""
    if not labels:
        return 0, None
    official = norm(row.label)
    core = _strip_numbering(official)
    last = norm(labels[-1])
    two = norm("".join(labels[-2:]))
    if last == official or (len(official) > 6 and two.endswith(official)):
        return EXACT, None
    if last == core and len(core) >= 2:
        return CLOSE, None
    if (len(last) >= 8 or len(last) >= 0.6 * len(official) >= 4) and official.startswith(last):
        return CLOSE, None  # the rest of a long label wrapped onto the next line
    raw = labels[-1].strip()
    bracket = _BRACKET.match(raw)
    if bracket and norm(bracket.group(1)) in (official, core) and len(core) >= 2:
        return CLOSE, f"标签「{raw}」含模板说明或附注，官方为「{row.label}」"
    if len(core) >= 4:
        for cand in (last, two):
            if cand.endswith(core) and len(cand) - len(core) <= 4 and cand != core:
                return CLOSE, f"标签「{labels[-1]}」与官方「{row.label}」不一致"
            matcher = SequenceMatcher(None, cand, official)
            if matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
                return FUZZY, f"标签「{labels[-1]}」与官方「{row.label}」不一致"
        if official.endswith(last) and len(last) >= 4:
            return FUZZY, f"标签「{labels[-1]}」与官方「{row.label}」不一致"
    return 0, None


@cache
def _exact_index(rows: tuple[Row, ...]) -> dict[str, int]:
    """Normalised official label → index of its row (the fast path before any fuzzy matching)."""
    index: dict[str, int] = {}
    for i, r in enumerate(rows):
        index.setdefault(norm(r.label), i)
    return index


def _match(cand: Candidate, rows: tuple[Row, ...], start: int) -> tuple[int, int, str | None]:
    """(index into rows, quality, note) of the row ``cand`` names, searching forward from ``start``."""
    exact = _exact_index(rows).get(norm(cand.labels[-1]))
    if exact is not None and exact >= start:
        return exact, EXACT, None
    has_number = any(t.kind != "blank" for t in cand.values)
    best: tuple[int, int, str | None] = (-1, 0, None)
    for i in range(start, len(rows)):
        q, note = _label_quality(cand.labels, rows[i])
        if not q:
            continue
        distance = sum(1 for r in rows[start:i] if r.columns)
        if q == EXACT:
            return i, q, note
        if not has_number and q < EXACT:
            continue
        if (q == CLOSE and distance <= 3) or (q == FUZZY and distance <= 1):
            if best[0] < 0:
                best = (i, q, note)
    return best


def _cell(raw: str) -> Cell:
    return Cell(value=parse_number(raw), raw=raw)


def read_table(
    lines: list[list[str]], version: str, table_id: str, *, narrative_numbers: frozenset[str] = frozenset()
) -> TableRead:
    """The cells of table ``table_id`` found in ``lines``; never raises for bad content."""
    spec = table(version, table_id)
    cands = candidates(lines)
    out = TableRead()
    if table_id == "四":
        _read_table4(cands, spec, out)
    else:
        _read_rows(cands, spec, version, out)
    out.found = len(out.cells) >= 3 or bool(out.ambiguous)  # a stray number is not a table
    if out.ambiguous:
        resolve_runs(out, spec, version, narrative_numbers)
    return out


def header_positions(cands: list[Candidate], columns: tuple[Column, ...]) -> dict[str, int]:
    """Cell positions of the value columns' headers in a flattened grid (xlsx, PDF, pipe text), or {}."""
    wanted = {norm(c.label): c.id for c in columns}
    found: dict[str, int] = {}
    for cand in cands:
        for label, (_, col) in zip(cand.labels, cand.places, strict=True):
            cid = wanted.get(norm(label))
            if cid and cid not in found and col > 0:
                found[cid] = col
    order = [found.get(c.id) for c in columns]
    if None in order or order != sorted(order) or len(set(order)) != len(order):
        return {}
    return found


def _by_position(cand: Candidate, columns: tuple[Column, ...], positions: dict[str, int]) -> list[Token] | None:
    """The row's values picked by header position, when label and values share one grid line."""
    line = [t for t in cand.values if t.line == cand.label_line]
    if not positions or not line:
        return None
    by_col = {t.col: t for t in line}
    picked = [by_col.get(positions[c.id], Token("blank", "")) for c in columns]
    filled = [t for t in line if t.kind != "blank"]
    if sum(1 for t in picked if t.kind != "blank") != len(filled):
        return None  # some value would be lost: the grid does not line up
    return picked


def _read_rows(cands: list[Candidate], spec: Table, version: str, out: TableRead) -> None:
    rows = spec.rows
    pointer = 0
    positions = header_positions(cands, spec.rows[0].columns) if spec.id == "三" else {}
    for cand in cands:
        if not cand.labels:
            continue
        i, quality, note = _match(cand, rows, pointer)
        if i < 0:
            if any(t.kind == "number" for t in cand.values) and _looks_like_row(cand, spec):
                label = cand.labels[-1]
                out.extra_rows.append(ExtraRow(table=spec.id, label=label, values=[t.raw for t in cand.values]))
                out.findings.append(
                    finding(
                        Rule.LABEL,
                        table=spec.id,
                        row=label,
                        message=f"表{spec.id}有官方格式没有的行「{label}」，其数值已保留在导入记录中",
                    )
                )
            continue
        row = rows[i]
        pointer = i + 1
        if note:
            out.findings.append(
                finding(
                    Rule.LABEL,
                    table=spec.id,
                    group=row.group,
                    row=row.label,
                    message=note,
                )
            )
        columns = row.columns
        if not columns:
            if row.id == OTHER_HANDLING_ID and any(t.kind != "blank" for t in cand.values):
                # a 2021 table that still has （六）其他处理 as one row: the total of its three sub-rows
                columns = OTHER_HANDLING_ROW.columns
                out.findings.append(
                    finding(
                        Rule.LABEL,
                        table=spec.id,
                        row=row.label,
                        message=f"表三「{OTHER_HANDLING}」按2019年格式填成一行，已作为其下三项的合计读取",
                    )
                )
            else:
                continue
        _take_values(cand.values, row, columns, spec, out, _by_position(cand, columns, positions))
    _drop_subtotal(spec, out)
    _check_headers(cands, spec, out)


def _drop_subtotal(spec: Table, out: TableRead) -> None:
    """A 2021 表三 whose （六）其他处理 heading row carries a subtotal above its three sub-rows: the sub-rows
    are the data, the subtotal is dropped (it is not the 2019 single row)."""
    single = OTHER_HANDLING_ROW.cell_keys()
    if spec.id != "三" or not any(k in out.cells for k in single):
        return
    if not any(split_cell_key(k)[0] in OTHER_HANDLING_SUB_ROWS for k in out.cells):
        return
    for key in single:
        out.cells.pop(key, None)
    out.findings = [f for f in out.findings if not (f.rule == Rule.LABEL and f.row == OTHER_HANDLING)]


def _looks_like_row(cand: Candidate, spec: Table) -> bool:
    """A label with numbers that is not a (truncated or annotated) column header."""
    raw = cand.labels[-1]
    bracket = _BRACKET.match(raw)
    label = norm(bracket.group(1) if bracket else raw)
    if not 2 <= len(label) <= 40:
        return False
    headers = {norm(c.label) for r in spec.rows for c in r.columns}
    return not any(label.startswith(h[:4]) for h in headers)


def _take_values(
    values: list[Token], row: Row, columns, spec: Table, out: TableRead, positioned: list[Token] | None = None
) -> None:
    n = len(columns)
    filled = [t for t in values if t.kind != "blank"]
    if positioned is not None and len(filled) < n < len(values):
        vals, note = positioned, None  # blanks on both sides: the header's grid says which cell is which
    else:
        vals, note = fit_values(values, n)
    if note:
        out.findings.append(
            finding(
                Rule.PARSE,
                table=spec.id,
                group=row.group,
                row=row.label,
                message=f"表{spec.id}「{row.label}」行{note}",
            )
        )
    if len(vals) < n:
        filled = [t for t in vals if t.kind != "blank"]
        options = splits(filled, n) if filled and all(t.kind == "number" for t in filled) else []
        if len(options) == 1:
            vals = [Token("number", s) for s in options[0]]
        elif options:
            out.ambiguous[row.id] = options
            return
        else:
            missing = [c.label for c in columns[len(vals) :]]
            out.findings.append(
                finding(
                    Rule.PARSE,
                    severity="error",
                    table=spec.id,
                    group=row.group,
                    row=row.label,
                    message=f"表{spec.id}「{row.label}」行只读到 {len(vals)} 个单元格（应有 {n} 个），"
                    f"缺少：{'、'.join(missing)}",
                )
            )
    for col, tok in zip(columns, vals, strict=False):
        out.cells[cell_key(row.id, col.id)] = _cell(tok.raw)


def _read_table4(cands: list[Candidate], spec: Table, out: TableRead) -> None:
    values: list[Token] = []
    for cand in cands:
        if any(t.kind != "blank" for t in cand.values):
            values = cand.values if not values or cand.labels else values + cand.values
    cells = [(r, c) for r in spec.rows for c in r.columns]
    if not values:
        return
    vals, note = fit_values(values, len(cells))
    if len(vals) < len(cells):
        filled = [t for t in vals if t.kind != "blank"]
        options = splits(filled, len(cells)) if filled and all(t.kind == "number" for t in filled) else []
        if options:
            out.ambiguous["*"] = options
            return
        out.findings.append(
            finding(
                Rule.PARSE,
                severity="error",
                table="四",
                message=f"表四只读到 {len(vals)} 个单元格（应有 15 个）",
            )
        )
    elif note:
        out.findings.append(finding(Rule.PARSE, table="四", message=f"表四{note}"))
    for (row, col), tok in zip(cells, vals, strict=False):
        out.cells[cell_key(row.id, col.id)] = _cell(tok.raw)


_UNIT = re.compile(r"^\s*[（(]\s*(?:单位[:：]\s*)?(万元|元|千元|亿元)\s*[）)]\s*$")


def _stated_unit(labels: list[str], official: str) -> str | None:
    for lab in labels:
        if lab.startswith(official):
            m = _UNIT.match(lab[len(official) :])
            if m:
                return m.group(1)
    return None


def _check_headers(cands: list[Candidate], spec: Table, out: TableRead) -> None:
    """LABEL warnings for column headers of 表二 that are truncated or renamed."""
    if spec.id != "二":
        return
    seen: set[str] = set()
    labels = [lab for c in cands for lab in c.labels]
    for row in spec.rows:
        for col in row.columns:
            official = norm(col.label)
            if official in seen:
                continue
            seen.add(official)
            heads = [lab for lab in labels if norm(lab) == official]
            if heads:
                continue
            if col.kind == "amount":
                unit = _stated_unit(labels, col.label)
                if unit:
                    out.units[cell_key(row.id, col.id)] = unit  # 采购总金额（万元）: the unit the report states
                    continue
            near = [
                lab
                for lab in labels
                if len(norm(lab)) >= 3
                and (
                    official.startswith(norm(lab))
                    or norm(lab).startswith(official)
                    or SequenceMatcher(None, norm(lab), official).ratio() >= 0.7
                )
            ]
            if near:
                out.findings.append(
                    finding(
                        Rule.LABEL,
                        table="二",
                        group=row.group,
                        column=col.label,
                        message=f"表二表头「{near[0]}」与官方「{col.label}」不一致",
                    )
                )
