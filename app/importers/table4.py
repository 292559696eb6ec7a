"""表四 read by evidence: each group of five values is tied to 行政复议 / 未经复议直接起诉 / 复议后起诉 by the group's
own header, or by the whole 15-value sequence of the official layout; anything else is a PARSE error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.importers.cells import Candidate, Token, fit_values
from app.importers.runs import splits
from app.importers.text import norm, parse_number
from schemas.findings import Rule, finding
from schemas.registry import RESULT_COLUMNS, Row, Table, cell_key
from schemas.report import Cell

if TYPE_CHECKING:
    from app.importers.tables import TableRead

WIDTH = len(RESULT_COLUMNS) + 1  # 结果维持 … 尚未审结, 总计


@dataclass
class _Segment:
    """A run of values and the group headers named since the values before it."""

    groups: list[Row] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)

    @property
    def filled(self) -> list[Token]:
        return [t for t in self.tokens if t.kind != "blank"]


def _group(label: str, spec: Table) -> Row | None:
    key = norm(label)
    return next((r for r in spec.rows if norm(r.label) == key), None)


def _segments(cands: list[Candidate], spec: Table) -> tuple[list[_Segment], list[Row]]:
    """The value runs of the table with the groups their headers name, and every group named anywhere."""
    segments: list[_Segment] = []
    pending: list[Row] = []
    named: list[Row] = []
    for cand in cands:
        groups = [g for lab in cand.labels if (g := _group(lab, spec))]
        for g in groups:
            if g not in pending:
                pending.append(g)
            if g not in named:
                named.append(g)
        if not cand.values:
            continue
        filled = any(t.kind != "blank" for t in cand.values)
        last_line = cand.places[-1][0] if cand.places else -1
        beside = [t for t in cand.values if t.line == last_line]
        blank_row = bool(groups) and len(beside) == WIDTH * len(groups)  # 复议后起诉 |  |  |  |  | : blank cells
        if not (filled or blank_row):
            continue  # the fillers of merged header cells
        if cand.labels or not segments:
            segments.append(_Segment(pending, list(cand.values) if filled else beside))
            pending = []
        else:
            segments[-1].tokens += cand.values
    return segments, named


def _name(row: Row) -> str:
    return f"{row.group}—{row.label}" if row.group else row.label


def _sums_fail(row: Row, vals: list[Token]) -> str | None:
    nums = [parse_number(t.raw) for t in vals]
    if any(v is None for v in nums):
        return None
    total = sum(nums[:-1])  # type: ignore[arg-type]
    if abs(total - nums[-1]) > 1e-6:  # type: ignore[operator]
        return f"按顺序对应后「{_name(row)}」{'、'.join(c.label for c in RESULT_COLUMNS)}合计 {total:g} 不等于总计 {nums[-1]:g}"
    return None


def _fit(seg: _Segment, n: int, out: TableRead) -> list[Token] | None:
    filled = seg.filled
    if len(filled) == n:
        return filled
    groups = seg.groups or []
    fits = (lambda v: _checked(groups, v, always=True) is None) if groups and n == WIDTH * len(groups) else None
    vals, note = fit_values(seg.tokens, n, fits)
    if note and len(vals) == n:
        out.findings.append(finding(Rule.PARSE, table="四", message=f"表四{_names(groups)}之后{note}"))
        return vals
    return vals if len(vals) == n and len(seg.tokens) <= n else None


def _names(groups: list[Row]) -> str:
    return "".join(f"「{_name(g)}」" for g in groups)


def _put(out: TableRead, rows: list[Row], vals: list[Token]) -> None:
    for k, row in enumerate(rows):
        for col, tok in zip(row.columns, vals[k * WIDTH : (k + 1) * WIDTH], strict=True):
            out.cells[cell_key(row.id, col.id)] = Cell(value=parse_number(tok.raw), raw=tok.raw)


def _unread(out: TableRead, row: Row, why: str) -> None:
    out.findings.append(
        finding(
            Rule.PARSE,
            severity="error",
            table="四",
            group=row.group,
            row=row.label,
            message=f"表四「{_name(row)}」：{why}，无法确定哪些数值属于这一栏，未读取",
        )
    )


def _shown(tokens: list[Token]) -> str:
    return "、".join(t.raw or "空" for t in tokens)


def _checked(rows: list[Row], vals: list[Token], *, always: bool) -> str | None:
    """Why ``vals`` cannot be the groups ``rows`` in order (a group's sum fails), checked when several groups or
    ``always``; None when they may be."""
    if len(rows) == 1 and not always:
        return None
    return next(
        filter(None, (_sums_fail(r, vals[k * WIDTH : (k + 1) * WIDTH]) for k, r in enumerate(rows))),
        None,
    )


def read_table4(cands: list[Candidate], spec: Table, out: TableRead) -> None:
    """The 15 cells of 表四, each group tied to its values by evidence."""
    rows = list(spec.rows)
    segments, named = _segments(cands, spec)
    if not segments:
        if len(named) * 2 > len(rows):  # the template's headers without any value
            _put(out, rows, [Token("blank", "")] * (WIDTH * len(rows)))
            out.skeleton = True
        return
    generic = out.generic_header
    if len(segments) == 1:
        seg = segments[0]
        named_order = [g for g in seg.groups if g in rows]
        if named_order != sorted(named_order, key=rows.index):
            if set(named_order) != set(rows) or len(named_order) != len(rows):
                for row in rows:
                    _unread(out, row, f"表头中各栏的顺序与官方不同（{_names(named_order)}），且没有标明全部三栏")
                return
            out.findings.append(
                finding(
                    Rule.PARSE,
                    table="四",
                    message=f"表四表头各栏的顺序与官方不同（{_names(named_order)}），已按表头顺序对应",
                )
            )
            rows = named_order
        whole, note = fit_values(seg.tokens, WIDTH * len(rows), lambda v: _checked(rows, v, always=True) is None)
        if len(whole) == WIDTH * len(rows):
            _whole(out, rows, whole, note, generic)
            return
        if rows != list(spec.rows):
            for row in rows:
                _unread(
                    out, row, f"表头中各栏的顺序与官方不同，表中有 {len(seg.filled)} 个数值（{_shown(seg.filled)}）"
                )
            return
        if len(seg.groups) == 1 and (vals := _fit(seg, WIDTH, out)):
            _named_segment(out, seg, vals, generic)  # the table holds one group, under its header
            return
        _legacy(out, spec, seg)
        return
    if _in_sequence(out, rows, segments, generic):
        return
    done: set[str] = set()
    for seg in segments:
        if not seg.groups:
            continue
        vals = _fit(seg, WIDTH * len(seg.groups), out)
        if any(g.id in done for g in seg.groups):
            for g in seg.groups:
                _unread(out, g, f"表中两处标明这一栏（数值 {_shown(seg.filled)}）")
                for col in g.columns:
                    out.cells.pop(cell_key(g.id, col.id), None)
            continue
        done.update(g.id for g in seg.groups)
        if vals is not None:
            _named_segment(out, seg, vals, generic)
            continue
        filled = seg.filled
        if len(seg.groups) == 1 and filled and all(t.kind == "number" for t in filled) and len(filled) < WIDTH:
            options = splits(filled, WIDTH)
            if options:
                out.ambiguous[seg.groups[0].id] = options
                continue
        names = "".join(f"「{_name(g)}」" for g in seg.groups)
        for g in seg.groups:
            _unread(
                out, g, f"表头{names}之后有 {len(filled)} 个数值（{_shown(filled)}），应有 {WIDTH * len(seg.groups)} 个"
            )
    loose = [seg for seg in segments if not seg.groups]
    if loose:
        shown = "；".join(_shown(seg.filled) for seg in loose)
        for row in rows:
            if row.id not in done:
                _unread(out, row, f"表中有未标明所属栏目的数值（{shown}）")
    unread = [r for r in rows if not all(k in out.cells for k in r.cell_keys()) and r.id not in out.ambiguous]
    if unread:
        # groups tied to their values by order under one header line stand only when the rest of the table
        # is accounted for: a group's values may have gone missing and the next group's moved up
        for seg in segments:
            if len(seg.groups) > 1 and all(k in out.cells for g in seg.groups for k in g.cell_keys()):
                names = "".join(f"「{_name(g)}」" for g in seg.groups)
                for g in seg.groups:
                    for k in g.cell_keys():
                        out.cells.pop(k, None)
                    _unread(
                        out,
                        g,
                        f"表头{names}之后的数值按顺序对应，而表中「{_name(unread[0])}」的数值对不上，数值可能错位",
                    )


def _whole(out: TableRead, rows: list[Row], vals: list[Token], note: str | None, generic: bool) -> None:
    problem = _checked(rows, vals, always=True) if generic else None
    if problem:
        for row in rows:
            _unread(out, row, f"表头没有官方栏目名，{problem}")
        return
    _put(out, rows, vals)
    if note:
        out.findings.append(finding(Rule.PARSE, table="四", message=f"表四{note}"))


def _named_segment(out: TableRead, seg: _Segment, vals: list[Token], generic: bool) -> None:
    problem = _checked(seg.groups, vals, always=generic)
    if problem:
        names = "".join(f"「{_name(g)}」" for g in seg.groups)
        for g in seg.groups:
            why = (
                "表头没有官方栏目名" if generic and len(seg.groups) == 1 else f"表头{names}之后的数值（{_shown(vals)}）"
            )
            _unread(out, g, f"{why}，{problem}")
        return
    _put(out, seg.groups, vals)


def _in_sequence(out: TableRead, rows: list[Row], segments: list[_Segment], generic: bool) -> bool:
    """Several runs that together are the 15 values in the official order, each run starting at a group's first
    cell and under the headers of the groups it starts with (or none): read in that order, when every group no
    header names adds up."""
    at = 0
    spans: list[tuple[list[Row], list[Token]]] = []
    unnamed: list[tuple[Row, list[Token]]] = []
    for seg in segments:
        filled = seg.filled
        if not filled or len(filled) % WIDTH:
            return False
        k = len(filled) // WIDTH
        groups = rows[at // WIDTH : at // WIDTH + k]
        if len(groups) < k or seg.groups != groups[: len(seg.groups)]:
            return False
        spans.append((groups, filled))
        unnamed += [(g, filled[n * WIDTH : (n + 1) * WIDTH]) for n, g in enumerate(groups) if g not in seg.groups]
        at += len(filled)
    if at != WIDTH * len(rows):
        return False
    if any(_checked([g], v, always=True) for g, v in unnamed):
        return False
    if generic and any(_checked(g, v, always=True) for g, v in spans):
        return False
    for groups, vals in spans:
        _put(out, groups, vals)
    if unnamed:
        out.findings.append(
            finding(
                Rule.PARSE,
                table="四",
                message=f"表四的数值分成 {len(spans)} 段，"
                f"{''.join(f'「{_name(g)}」' for g, _ in unnamed)}没有标明栏目，已按官方顺序对应"
                f"（共 {at} 个，这些栏的合计与总计相符）",
            )
        )
    return True


def _legacy(out: TableRead, spec: Table, seg: _Segment) -> None:
    """One run of values that is not the 15 cells: run-together digits split by the sums, else a PARSE error.
    Whole groups of separate numbers (10 of them: a group is missing) are not digits run together."""
    n = WIDTH * len(spec.rows)
    vals, _ = fit_values(seg.tokens, n)
    filled = [t for t in vals if t.kind != "blank"]
    glued = len(filled) % WIDTH != 0
    options = splits(filled, n) if glued and filled and all(t.kind == "number" for t in filled) else []
    if options:
        out.ambiguous["*"] = options
        return
    for row in spec.rows:
        _unread(out, row, f"表中有 {len(seg.filled)} 个数值（{_shown(seg.filled)}），应有 {n} 个")
