"""Digits that ran together without separators: every split the format allows, and the one its constraints choose.

表三 and 表四 are resolved as whole tables: each row's splits are generated from its own sum (R-C, R-E), then the
column sums (R-D, R-A) tie the rows together and the search keeps the assignments for which every sum holds. A row
is read when all of them agree on it (a PARSE warning says how it was split); otherwise it is a PARSE error that
shows the candidates, and only cells that every candidate agrees on are read. 表二 has no sums: a row is split when
the numbers the narrative states about it allow one split only. Nothing is ever guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from app import lazy_re
from app.importers.cells import Token
from app.importers.run_search import Budget, Problem, TooLarge, Vector, solve, sum_splits
from app.importers.stated import StatedNumbers
from app.importers.text import parse_number
from schemas.findings import Rule, finding
from schemas.registry import (
    APPLICANT_COLUMNS,
    OTHER_HANDLING_ID,
    OTHER_HANDLING_SUB_ROWS,
    RESULT_COLUMNS,
    TABLE3_COLUMNS,
    TOTAL,
    Column,
    Table,
    cell_key,
    outcome_rows,
)
from schemas.report import Cell

if TYPE_CHECKING:
    from app.claims import Claim
    from app.importers.tables import TableRead

_RUN = lazy_re.compile(r"^\d+(?:\.\d+)?$")
_WELL_FORMED = lazy_re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")  # no leading zeros; a decimal point inside
SHOWN = 4  # candidates a message lists
ROW_STEPS = 60_000  # search steps for one row's splits (a 30-digit row needs a few thousand)
CAP = 64  # whole-table assignments enumerated before the rows are settled one by one


class Splits(list):
    """The splits of a row's digit runs, and the runs themselves (the whole-table search starts from these)."""

    def __init__(self, options: Sequence[list[str]] = (), runs: Sequence[str] = ()) -> None:
        super().__init__(options)
        self.runs = tuple(runs)


def splits(tokens: list[Token], n: int, *, limit: int = 64) -> Splits:
    """Ways to cut the digit runs of ``tokens`` into exactly ``n`` numbers (no leading zeros); at most about
    ``limit`` of them, the runs kept for the search by sums, which has no such cap."""
    texts = [t.raw.replace(",", "") for t in tokens]
    if any(not _RUN.match(s) for s in texts) or len(texts) > n:
        return Splits()
    return Splits(itertools.islice(_cuts(texts, n), limit + 1), texts)


def _cuts(texts: Sequence[str], n: int) -> Iterator[list[str]]:
    """Each way to cut ``texts`` into ``n`` well-formed numbers in all, each text into at least one, lazily."""

    def cut(s: str, k: int) -> Iterator[list[str]]:
        if k == 1:
            if _WELL_FORMED.match(s):
                yield [s]
            return
        for i in range(1, len(s) - (k - 1) + 1):
            head = s[:i]
            if not _WELL_FORMED.match(head):
                if len(head) > 1 and head[0] == "0" and head[1] != ".":
                    return
                continue
            for rest in cut(s[i:], k - 1):
                yield [head, *rest]

    def assign(i: int, left: int) -> Iterator[list[str]]:
        if i == len(texts):
            if left == 0:
                yield []
            return
        remaining = len(texts) - i - 1
        most_later = sum(len(t) for t in texts[i + 1 :])  # the later texts hold at most one number a digit
        for k in range(max(1, left - most_later), min(left - remaining, len(texts[i])) + 1):
            for parts in cut(texts[i], k):
                for rest in assign(i + 1, left - k):
                    yield parts + rest

    return assign(0, n)


def resolve_runs(out: TableRead, spec: Table, version: str, narrative_numbers: frozenset[str]) -> None:
    """Read the run-together rows of ``out`` the one way the table's constraints (or the narrative) allow; PARSE
    findings for how each was split or why it could not be."""
    counts = narrative_numbers.counts if isinstance(narrative_numbers, StatedNumbers) else ()
    if spec.id == "二":
        _resolve_by_narrative(out, spec, version, counts)
    else:
        _resolve_by_sums(out, spec, version, counts)
    out.ambiguous = {}


# ---------------------------------------------------------------- 表三, 表四: sums


def _columns(spec: Table, rid: str) -> tuple[Column, ...]:
    if rid == "*":
        return tuple(c for r in spec.rows for c in r.columns)
    return TABLE3_COLUMNS if spec.id == "三" else spec.row(rid).columns


def _targets(spec: Table, rid: str) -> list[tuple[str, Column]]:
    """(cell key, column) of each number of row ``rid`` ("*": the whole of 表四)."""
    if rid == "*":
        return [(cell_key(r.id, c.id), c) for r in spec.rows for c in r.columns]
    return [(cell_key(rid, c.id), c) for c in _columns(spec, rid)]


def _runs(options: list[list[str]]) -> tuple[str, ...]:
    runs = getattr(options, "runs", ())
    if runs:
        return tuple(runs)
    return ("".join(options[0]),) if options else ()  # without its runs the row is searched as one run (a superset)


def _groups(spec: Table, rid: str) -> list[int]:
    if spec.id == "三":
        return [len(APPLICANT_COLUMNS)]
    return [len(RESULT_COLUMNS)] * (len(_targets(spec, rid)) // (len(RESULT_COLUMNS) + 1))


def _resolve_by_sums(out: TableRead, spec: Table, version: str, counts: Sequence[Claim]) -> None:
    runs = {rid: _runs(opts) for rid, opts in out.ambiguous.items()}
    domains: dict[str, list[Vector]] = {}
    unreadable: dict[str, str] = {}
    for rid, r in runs.items():
        try:
            domains[rid] = sum_splits(r, _groups(spec, rid), budget=Budget(ROW_STEPS)) if r else []
        except TooLarge:
            unreadable[rid] = "数字太长，可能的拆分过多"
            continue
        if not domains[rid]:
            unreadable[rid] = "无符合该行合计的拆分"
            del domains[rid]
    subtotal = (
        spec.id == "三"
        and version == "2021"
        and OTHER_HANDLING_ID in runs
        and any(r in runs or any(k.startswith(f"{r}.") for k in out.cells) for r in OTHER_HANDLING_SUB_ROWS)
    )
    problem = Problem(domains)
    if spec.id == "三":
        _table3_constraints(problem, out.cells, version, set(runs), subtotal=subtotal)
    decided_alone = {rid for rid, d in domains.items() if len(d) == 1}
    budget = Budget()
    try:
        result = solve(problem, cap=CAP, budget=budget)
    except TooLarge:
        result = None
    if result is None or not result.found:
        # too many combinations to search, or the table's own sums do not hold together (a wrong cell in the
        # original): a row is still read when its own sum allows one split only; the rules report what fails
        settled: dict[str, tuple[list[Vector], bool]] = {rid: (domains[rid], True) for rid in decided_alone}
        note = "可能的组合过多" if result is None else "表中各列合计不能同时成立，请核对原表"
        how = dict.fromkeys(settled, f"该行合计（{note}）")
        for rid in domains:
            if rid not in settled:
                unreadable[rid] = "可能的组合过多" if result is None else "与表中其他行的勾稽关系不能同时成立"
    else:
        settled, how = _settle(problem, result, spec, version, out.cells, counts, decided_alone, budget)
    for rid in runs:
        if rid in unreadable:
            _report_unread(out, spec, rid, runs[rid], [], unreadable[rid])
            continue
        if rid not in settled:
            continue
        values, exhaustive = settled[rid]
        values = list(dict.fromkeys(values))
        if not values:
            _report_unread(out, spec, rid, runs[rid], [], "可能的组合过多")
        elif len(values) == 1:
            if not (subtotal and rid == OTHER_HANDLING_ID):
                _put(out.cells, spec, rid, [str(v) for v in values[0]])
            _report_split(out, spec, rid, runs[rid], values[0], how[rid])
        else:
            # a cell is certain when every candidate agrees on it (all of them known, or all the row's own splits)
            basis = [] if subtotal and rid == OTHER_HANDLING_ID else values if exhaustive else domains[rid]
            more = not exhaustive and len(domains[rid]) > len(values)
            _put_agreed(out, spec, rid, runs[rid], values, basis, more=more)
    if subtotal:
        out.findings = [
            f for f in out.findings if not (f.rule == Rule.LABEL and f.row == spec.row(OTHER_HANDLING_ID).label)
        ]


def _table3_constraints(
    problem: Problem, cells: dict[str, Cell], version: str, runs: set[str], *, subtotal: bool
) -> None:
    """R-A and R-D for each column (and （六）'s subtotal = its three sub-rows), over the ambiguous rows' numbers
    and the numbers already read; a sum with a cell that is not a number is left out."""
    keys = set(cells) | {cell_key(r, c.id) for r in runs for c in TABLE3_COLUMNS}
    if subtotal:
        keys -= {cell_key(OTHER_HANDLING_ID, c.id) for c in TABLE3_COLUMNS}
    outcomes = outcome_rows(version, keys)
    sums = [
        [(TOTAL, 1), *((r, -1) for r in outcomes)],  # R-D
        [("received", 1), ("carried_over", 1), (TOTAL, -1), ("carried_forward", -1)],  # R-A
    ]
    if subtotal:
        sums.append([(OTHER_HANDLING_ID, 1), *((r, -1) for r in OTHER_HANDLING_SUB_ROWS)])
    for terms in sums:
        for col, column in enumerate(TABLE3_COLUMNS):
            row_terms, const = [], 0
            for rid, coef in terms:
                if rid in problem.domains:
                    row_terms.append((rid, col, coef))
                    continue
                cell = cells.get(cell_key(rid, column.id))
                if cell is None or cell.value is None or isinstance(cell.value, float) or rid in runs:
                    break  # unknown: this sum says nothing
                const -= coef * cell.value
            else:
                if row_terms:
                    problem.add(row_terms, const)


def _settle(problem, result, spec, version, cells, counts, decided_alone, budget):
    """Each row's possible vectors over the assignments that satisfy every sum (narrowed by the counts the narrative
    states of the table's quantities when that leaves some), whether that list is exhaustive, and how a row with one
    possible vector was decided."""
    found = result.found
    told, deciding = found, []
    if len(found) > 1 and result.complete:
        stated = [c for c in counts if _names_table(spec, c)]
        agreeing = [s for s in found if _agrees(spec, version, cells, s, stated)]
        if agreeing and len(agreeing) < len(found):
            told = agreeing
            deciding = [c for c in stated if not all(_agrees(spec, version, cells, s, [c]) for s in found)]
    settled: dict[str, tuple[list[Vector], bool]] = {}
    how: dict[str, str] = {}
    for rid in problem.domains:
        values = list(dict.fromkeys(s[rid] for s in told))
        if not result.complete and len(values) == 1:
            try:
                other = _other(problem, rid, values[0], budget)
            except TooLarge:
                settled[rid] = ([], False)  # cannot tell whether another value fits
                continue
            if other is not None:
                values.append(other)
        settled[rid] = (values, result.complete)
        if len(values) != 1:
            continue
        if rid in decided_alone:
            how[rid] = "各组合计" if rid == "*" else "该行合计"
        elif len({s[rid] for s in found}) > 1:
            said = "、".join(dict.fromkeys(c.clause or c.text for c in deciding))
            how[rid] = f"勾稽关系和正文中的数字（{said}）"
        else:
            how[rid] = "勾稽关系（该行合计和各列合计）" if spec.id == "三" else "勾稽关系"
    return settled, how


def _other(problem: Problem, rid: str, value: Vector, budget: Budget) -> Vector | None:
    """Another value of row ``rid`` in some assignment that satisfies every sum, if there is one (TooLarge: the
    search ran out of steps)."""
    trial = Problem({r: ([v for v in d if v != value] if r == rid else d) for r, d in problem.domains.items()})
    trial.constraints = problem.constraints
    found = solve(trial, cap=1, budget=budget).found
    return found[0][rid] if found else None


def _names_table(spec: Table, claim: Claim) -> bool:
    from app.claims.quantities import QUANTITIES

    q = QUANTITIES.get(claim.quantity or "")
    return q is not None and q.table == spec.id


def _agrees(spec: Table, version: str, cells: dict[str, Cell], solution: dict[str, Vector], counts) -> bool:
    """Whether every count the narrative states of this table's quantities is a value the table then gives it."""
    from app.claims.quantities import quantity_values
    from schemas.report import Meta, Report

    trial = dict(cells)
    for rid, vec in solution.items():
        _put(trial, spec, rid, [str(v) for v in vec])
    report = Report(meta=Meta(format_version=version), tables={spec.id: trial})
    for c in counts:
        if not _names_table(spec, c):
            continue
        values = quantity_values(report, c.quantity)
        if values and c.value not in values:
            return False
    return True


# ---------------------------------------------------------------- 表二: the narrative


def _resolve_by_narrative(out: TableRead, spec: Table, version: str, counts: Sequence[Claim]) -> None:
    """A row of 表二 is split when the counts the narrative states of its quantities (制发、废止、现行有效) leave one
    split, or failing that when one split is made only of numbers the narrative states about that row."""
    for rid, options in out.ambiguous.items():
        row = spec.row(rid)
        runs = _runs(options)
        every = itertools.islice(_cuts(runs, len(_targets(spec, rid))), 100_000) if runs else options
        fitting = [o for o in every if _kinds_fit(spec, rid, o)]
        tied = [(c, key) for c in counts if (key := _row_quantity(spec, version, rid, c))]
        named = {c.value for c in counts if c.quantity is None and _names_row(row.label, c.subject)}
        named |= {c.value for c, _ in tied}
        agreeing = [o for o in fitting if all(_quantity_agrees(spec, version, rid, o, c) for c, _ in tied)]
        told = [o for o in agreeing if all(parse_number(p) in named for p in o if parse_number(p) != 0)]
        clauses = "、".join(dict.fromkeys(c.clause or c.text for c, _ in tied))
        if len(fitting) == 1 and agreeing == fitting:  # 「000」: no other way to cut it, nothing said against it
            _put(out.cells, spec, rid, fitting[0])
            _report_split(out, spec, rid, runs, fitting[0], "数字本身（没有别的拆法）")
        elif tied and len(agreeing) == 1:
            _put(out.cells, spec, rid, agreeing[0])
            _report_split(out, spec, rid, runs, agreeing[0], f"正文中的数字（{clauses}）")
        elif len(told) == 1:
            said = "、".join(
                dict.fromkeys(c.clause or c.text for c in counts if c.value in {parse_number(p) for p in told[0]})
            )
            _put(out.cells, spec, rid, told[0])
            _report_split(out, spec, rid, runs, told[0], f"正文中关于该行的数字（{said}）")
        else:
            why = "正文没有说明该行的数字" if not tied and not named else "正文中的数字不能确定唯一拆分"
            _report_unread(out, spec, rid, runs, agreeing or fitting, why)


def _names_row(label: str, subject: str) -> bool:
    """Whether a claim's subject (「市政府规章」, 「规范性文件」) is the row ``label`` (规章, 行政规范性文件)."""
    return bool(subject) and (subject.endswith(label) or (len(subject) >= 4 and label.endswith(subject)))


def _row_quantity(spec: Table, version: str, rid: str, claim: Claim) -> str | None:
    """The quantity of row ``rid`` that ``claim`` states, if it states one."""
    from app.claims.quantities import QUANTITIES

    q = QUANTITIES.get(claim.quantity or "")
    if q is None or q.table != spec.id:
        return None
    probe = ["1"] * len(_targets(spec, rid))
    return claim.quantity if _values_of(spec, version, rid, probe, claim.quantity) else None


def _values_of(spec: Table, version: str, rid: str, vals: list[str], quantity: str) -> list[int | float]:
    from app.claims.quantities import quantity_values
    from schemas.report import Meta, Report

    cells: dict[str, Cell] = {}
    _put(cells, spec, rid, vals)
    return quantity_values(Report(meta=Meta(format_version=version), tables={spec.id: cells}), quantity)


def _quantity_agrees(spec: Table, version: str, rid: str, vals: list[str], claim: Claim) -> bool:
    return claim.value in _values_of(spec, version, rid, vals, claim.quantity or "")


def _kinds_fit(spec: Table, rid: str, vals: list[str]) -> bool:
    """Decimals only where the column holds an amount."""
    return all(
        "." not in v or c.kind in ("amount", "amount_wan") for (_, c), v in zip(_targets(spec, rid), vals, strict=True)
    )


# ---------------------------------------------------------------- cells and findings


def _cell(raw: str) -> Cell:
    return Cell(value=parse_number(raw), raw=raw)


def _put(cells: dict[str, Cell], spec: Table, rid: str, vals: Sequence[str]) -> None:
    for (key, _), raw in zip(_targets(spec, rid), vals, strict=True):
        cells[key] = _cell(raw)


def _where(spec: Table, rid: str) -> str:
    return "" if rid == "*" else f"「{spec.row(rid).label}」行"


def _seen(spec: Table, rid: str, runs: Sequence[str]) -> str:
    """What the row held: 「表三「…」行的数字连在一起（271000028）」, or its too few numbers."""
    if len(runs) == 1:
        return f"表{spec.id}{_where(spec, rid)}的数字连在一起（{runs[0]}）"
    n = len(_targets(spec, rid))
    return f"表{spec.id}{_where(spec, rid)}只有 {len(runs)} 个数（{' '.join(runs)}），应有 {n} 个，其中有的数字连在一起"


def _place(spec: Table, rid: str) -> dict[str, str | None]:
    if rid == "*":
        return {"table": spec.id}
    row = spec.row(rid)
    return {"table": spec.id, "group": row.group, "row": row.label}


def _shown(options: Sequence[Sequence[object]]) -> str:
    text = "；".join(" | ".join(str(v) for v in o) for o in options[:SHOWN])
    return text + ("……" if len(options) > SHOWN else "")


def _report_split(out: TableRead, spec: Table, rid: str, runs: Sequence[str], vals: Sequence[object], how: str) -> None:
    out.findings.append(
        finding(
            Rule.PARSE,
            **_place(spec, rid),
            message=f"{_seen(spec, rid, runs)}，按{how}唯一拆分为 {' | '.join(str(v) for v in vals)}",
        )
    )


def _report_unread(
    out: TableRead, spec: Table, rid: str, runs: Sequence[str], options: Sequence[Sequence[object]], why: str
) -> None:
    shown = f"（可能为：{_shown(options)}）" if options else ""
    out.findings.append(
        finding(
            Rule.PARSE,
            severity="error",
            **_place(spec, rid),
            message=f"{_seen(spec, rid, runs)}，无法确定如何拆分：{why}{shown}，该行的数字均未读取，请核对原表",
        )
    )


def _put_agreed(
    out: TableRead,
    spec: Table,
    rid: str,
    runs: Sequence[str],
    values: list[Vector],
    basis: list[Vector],
    *,
    more: bool,
) -> None:
    """An undecided row: the cells every vector of ``basis`` agrees on are read, the others left out (PARSE error
    listing the candidates ``values``, ``more`` when there are others)."""
    targets = _targets(spec, rid)
    kept = [i for i in range(len(targets)) if basis and len({v[i] for v in basis}) == 1]
    for i in kept:
        key, _ = targets[i]
        out.cells[key] = _cell(str(basis[0][i]))
    left = [c.label for i, (_, c) in enumerate(targets) if i not in kept]
    kept_note = "，其余各格在各种拆分中相同，已读取" if kept else ""
    shown = _shown(values) + ("……" if more and len(values) <= SHOWN else "")
    out.findings.append(
        finding(
            Rule.PARSE,
            severity="error",
            **_place(spec, rid),
            message=f"{_seen(spec, rid, runs)}，符合勾稽关系的拆分不止一种"
            f"（可能为：{shown}），未读取：{'、'.join(left)}{kept_note}，请核对原表",
        )
    )
