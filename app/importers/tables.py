"""Read the three official tables out of a published report's table regions, driven by the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from app import lazy_re
from app.importers.cells import Candidate, Token, candidates, fit_values, generic_header, split_line
from app.importers.runs import Splits, resolve_runs, splits
from app.importers.text import norm, parse_number
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    APPLICANT_COLUMNS,
    OTHER_HANDLING,
    OTHER_HANDLING_ID,
    OTHER_HANDLING_ROW,
    OTHER_HANDLING_SUB_ROWS,
    TABLE3_COLUMNS,
    Column,
    Row,
    Table,
    cell_key,
    split_cell_key,
    table,
    table3_rows,
)
from schemas.report import Cell, ExtraRow

_BRACKET = lazy_re.compile(r"^(.+?)[（(]")

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
    generic_header: bool = False  # the columns were headed 数据1, 列1, 1 2 3 …: mapped by position, checked by sums
    skeleton: bool = False  # the labels without any value: the template published unfilled, every cell blank


def _strip_numbering(n: str) -> str:
    return n.lstrip("0123456789一二三四五六七八九十")


def _label_quality(labels: list[str], row: Row) -> tuple[int, str | None]:
    """How well the last label(s) of a candidate name ``row``, and a LABEL note when it is not exact."""
    if not labels:
        return 0, None
    return _quality(tuple(labels[-2:]), row)


@lru_cache(maxsize=65536)
def _quality(labels: tuple[str, ...], row: Row) -> tuple[int, str | None]:
    """``_label_quality`` of the last two labels: computed once per label pair and row (tables repeat labels)."""
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


_EXACT_INDEX: dict[int, tuple[tuple[Row, ...], dict[str, int]]] = {}


def _exact_index(rows: tuple[Row, ...]) -> dict[str, int]:
    """Normalised official label → index of its row (the fast path before any fuzzy matching); kept per registry
    table (by identity: the registry's row tuples live as long as the program)."""
    kept = _EXACT_INDEX.get(id(rows))
    if kept is not None and kept[0] is rows:
        return kept[1]
    index: dict[str, int] = {}
    for i, r in enumerate(rows):
        index.setdefault(norm(r.label), i)
    if len(_EXACT_INDEX) > 64:  # row tuples made on the fly: keep the cache small
        _EXACT_INDEX.clear()
    _EXACT_INDEX[id(rows)] = (rows, index)
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
    out = TableRead()
    lines = _without_generic_headers(lines, spec, out)
    cands = candidates(lines)
    if table_id == "四":
        from app.importers.table4 import read_table4

        read_table4(cands, spec, out)
    else:
        _read_rows(cands, spec, version, out)
    unread = {f.row for f in out.findings if f.rule == Rule.PARSE and f.severity == "error" and f.row}
    # a stray number is not a table; rows named but not read (their values did not match up) are one
    out.found = len(out.cells) >= 3 or bool(out.ambiguous) or len(unread) >= 3
    if out.ambiguous:
        resolve_runs(out, spec, version, narrative_numbers)
    return out


_OFFICIAL_HEADERS: dict[int, tuple[Table, frozenset[str]]] = {}


def _official_headers(spec: Table) -> frozenset[str]:
    """The normalised column headers, parents and block headers of ``spec`` (words that name no row); kept per
    registry table by identity (a Table hashes every row: as a cache key it cost more than the lookup saved)."""
    kept = _OFFICIAL_HEADERS.get(id(spec))
    if kept is not None and kept[0] is spec:
        return kept[1]
    if len(_OFFICIAL_HEADERS) > 64:  # tables made on the fly: keep the cache small
        _OFFICIAL_HEADERS.clear()
    headers = _headers_of(spec)
    _OFFICIAL_HEADERS[id(spec)] = (spec, headers)
    return headers


def _headers_of(spec: Table) -> frozenset[str]:
    words = {norm(x) for r in spec.rows for c in r.columns for x in (c.label, c.parent or "")}
    words |= {norm(r.header or "") for r in spec.rows} | {norm(r.group or "") for r in spec.rows if spec.id == "二"}
    words -= {norm(r.label) for r in spec.rows}
    words.discard("")
    return frozenset(words)


def _without_generic_headers(lines: list[list[str]], spec: Table, out: TableRead) -> list[list[str]]:
    """``lines`` less the header rows a conversion wrote instead of the official ones (类别 | 数据1 …, 序号 | 1 | 2 …):
    they name no row or column, and their digits are no values."""
    kept = []
    official = _official_headers(spec)
    for line in lines:
        cells = split_line(line[0]) if len(line) == 1 else line
        if cells and generic_header(cells, official, bare_numbers=spec.id != "二"):
            out.generic_header = True
            continue
        kept.append(line)
    return kept


def header_positions(cands: list[Candidate], columns: tuple[Column, ...], *, any_order: bool = False) -> dict[str, int]:
    """Cell positions of the value columns' headers in a flattened grid (xlsx, PDF, pipe text), or {}; in the
    official order unless ``any_order`` (each column still at a position of its own)."""
    wanted = {norm(c.label): c.id for c in columns}
    found: dict[str, int] = {}
    for cand in cands:
        for label, (_, col) in zip(cand.labels, cand.places, strict=True):
            cid = wanted.get(norm(label))
            if cid and cid not in found and col > 0:
                found[cid] = col
    order = [found.get(c.id) for c in columns]
    if None in order or (order != sorted(order) and not any_order) or len(set(order)) != len(order):
        return {}
    return found


def _header_orders(cands: list[Candidate], spec: Table) -> dict[tuple[Column, ...], list[str] | None]:
    """For each set of columns a header line names out of the official order: the column ids in the header's
    order when one line names every column of the set once, else None (the order cannot be told). A header that
    keeps the official order (or names too few columns to show one) is not listed."""
    sets = list(dict.fromkeys(r.columns for r in spec.rows if r.columns))
    lines: dict[int, list[tuple[int, int, str]]] = {}
    for cand in cands:
        valued = {t.line for t in cand.values if t.kind == "number"}  # a row with its values is no header
        for k, (label, (line, col)) in enumerate(zip(cand.labels, cand.places, strict=True)):
            if line not in valued:
                lines.setdefault(line, []).append((col, k, norm(label)))
    out: dict[tuple[Column, ...], list[str] | None] = {}
    for cols in sets:
        index = {norm(c.label): i for i, c in enumerate(cols)}
        parents: dict[str, int] = {}
        for i, c in enumerate(cols):
            if c.parent and sum(1 for x in cols if x.parent == c.parent) < len(cols) - 1:
                parents.setdefault(norm(c.parent), i)  # 法人或其他组织: where its columns start
        for line in sorted(lines):
            named = [(index.get(w, parents.get(w)), w in index) for _, _, w in sorted(lines[line])]
            named = [(i, leaf) for i, leaf in named if i is not None]
            seq = [i for i, _ in named]
            if len(seq) < 2 or seq == sorted(seq):
                continue
            leaves = [i for i, leaf in named if leaf]
            if sorted(leaves) == list(range(len(cols))):
                out[cols] = [cols[i].id for i in leaves]
            else:
                out.setdefault(cols, None)
    return out


def _order_notes(orders: dict[tuple[Column, ...], list[str] | None], spec: Table, out: TableRead) -> None:
    for cols, order in orders.items():
        if order is None:
            continue
        by_id = {c.id: c.label for c in cols}
        out.findings.append(
            finding(
                Rule.PARSE,
                table=spec.id,
                message=f"表{spec.id}表头的栏目顺序与官方不同（{'、'.join(by_id[i] for i in order)}），已按表头栏目名对应",
            )
        )


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


@dataclass
class _Hit:
    """A row that one or more consecutive labels of a candidate name (a wrapped label is several pieces)."""

    index: int  # into the table's rows
    quality: int
    note: str | None
    first: int  # the candidate's labels[first : last + 1] name it
    last: int


def _behind(label: str, rows: tuple[Row, ...], start: int, taken: set[int]) -> int | None:
    """The row before ``start`` that ``label`` names exactly, when no other row has that label and no label
    named it yet."""
    key = norm(label)
    same = [i for i, r in enumerate(rows) if norm(r.label) == key]
    if len(same) == 1 and same[0] < start and same[0] not in taken and rows[same[0]].columns:
        return same[0]
    return None


def _hits(cand: Candidate, spec: Table, start: int, taken: set[int] = frozenset()) -> list[_Hit]:
    """The rows the labels of ``cand`` name, in order, searching forward from ``start``; the continuation of a
    wrapped label (「不计其他情形）」, 「信息公开申请」) stays with the row its first line named."""
    rows = spec.rows
    headers = _official_headers(spec)
    hits: list[_Hit] = []
    pointer = start
    for i, label in enumerate(cand.labels):
        if hits and hits[-1].last == i - 1:
            prev = hits[-1]
            joined = "".join(cand.labels[prev.first : i + 1])
            quality, note = _label_quality([joined], rows[prev.index])
            if quality and quality >= prev.quality:
                prev.last, prev.quality, prev.note = i, quality, note
                continue
        beside = bool(cand.values) and cand.values[0].line == cand.places[i][0]
        if norm(label) in headers and not (i == len(cand.labels) - 1 and beside):
            continue  # a column header (其他, 总计), unless it stands as the row's own label beside its values
        probe = Candidate(labels=cand.labels[: i + 1], values=cand.values)
        j, quality, note = _match(probe, rows, pointer)
        if j >= 0:
            hits.append(_Hit(j, quality, note, i, i))
            pointer = j + 1
        elif (k := _behind(label, rows, pointer, taken)) is not None:
            # an official row after rows that come after it in the format: that row, out of place
            note = f"「{rows[k].label}」行的位置与官方格式的顺序不同，已按行名读取"
            hits.append(_Hit(k, EXACT, note, i, i))
    return hits


def _value_hits(
    hits: list[_Hit], rows: tuple[Row, ...], has_values: bool, sub_rows_named: bool
) -> list[tuple[_Hit, tuple[Column, ...]]]:
    """The hits that are value rows, with their columns; a 2021 表三's （六）其他处理 counts as one row (the 2019
    way) when values follow it and the table names none of its sub-rows."""
    out = []
    for h in hits:
        row = rows[h.index]
        if row.columns:
            out.append((h, row.columns))
        elif row.id == OTHER_HANDLING_ID and has_values and not sub_rows_named:
            out.append((h, OTHER_HANDLING_ROW.columns))
    return out


def _names_sub_rows(cands: list[Candidate], spec: Table) -> bool:
    """Whether a 2021 表三 names any of the three sub-rows of （六）其他处理."""
    subs = [r for r in spec.rows if r.id in OTHER_HANDLING_SUB_ROWS]
    headers = _official_headers(spec)
    labels = {lab for c in cands for lab in c.labels if norm(lab) not in headers}
    return any(_label_quality([lab], r)[0] for lab in labels for r in subs)


def _read_rows(cands: list[Candidate], spec: Table, version: str, out: TableRead) -> None:
    rows = spec.rows
    pointer = 0
    named_rows: set[int] = set()  # rows a label has named
    positions = header_positions(cands, spec.rows[0].columns) if spec.id == "三" else {}
    orders = _header_orders(cands, spec)
    if spec.id == "三" and TABLE3_COLUMNS in orders and orders[TABLE3_COLUMNS] is None:
        positions = header_positions(cands, TABLE3_COLUMNS, any_order=True)  # the header's grid says which is which
        if positions:
            orders[TABLE3_COLUMNS] = [c.id for c in sorted(TABLE3_COLUMNS, key=lambda c: positions[c.id])]
    _order_notes(orders, spec, out)
    seen: dict[str, Row] = {}  # value rows a label named: a skeleton's rows
    filled = False  # any value at all next to a row's label
    sub_rows_named = _names_sub_rows(cands, spec)
    # in order: rows read from values on the lines after their labels ("block", "following"), and rows whose
    # labels and values could not be tied together ("misaligned")
    events: list[tuple[str, list[Row]]] = []
    label_lines = {line for c in cands for line, _ in c.places}
    for cand in cands:
        if not cand.labels:
            if sum(t.kind == "number" for t in cand.values) >= 3:
                events.append(("misaligned", []))  # values before any label: they lost their row
            continue
        # empty cells on the line of the next label are that row's merged label cells, not this row's values
        own = {line for line, _ in cand.places}
        cand.values = [t for t in cand.values if t.kind != "blank" or t.line in own or t.line not in label_lines]
        hits = _hits(cand, spec, pointer, named_rows)
        named_rows.update(h.index for h in hits)
        has_values = any(t.kind != "blank" for t in cand.values)
        tail = hits[-1].last + 1 if hits else 0
        if not hits or (cand.values and _on_lines(cand, cand.values[0].line, tail, len(cand.labels))):
            # no label names a row, or the values stand beside a label after the last row named: a local row
            for h in hits:
                _note(h, rows, spec, out)
            if hits:
                pointer = max(pointer, hits[-1].index + 1)
            _extra_row(cand, spec, out)
            continue
        pointer = max(pointer, hits[-1].index + 1)
        for h in hits:
            _note(h, rows, spec, out)
        value_hits = _value_hits(hits, rows, has_values, sub_rows_named)
        for h, _ in value_hits:
            seen[rows[h.index].id] = rows[h.index]
        if not value_hits or not cand.values:
            continue
        filled = filled or has_values
        last, columns = value_hits[-1]
        beside = _on_lines(cand, cand.values[0].line, last.first, last.last + 1)
        if len(value_hits) == 1 or beside:
            # the row's own line of a grid, or one label followed by its values: the last row named takes them
            _other_handling_note(rows[last.index], columns, spec, out)
            taken = _take_values(
                cand.values,
                rows[last.index],
                columns,
                spec,
                out,
                _by_position(cand, columns, positions),
                following=not beside,
                order=orders.get(columns, ()),
            )
            if not taken:
                events.append(("misaligned", [rows[last.index]]))
            elif not beside and has_values:
                events.append(("following", [rows[last.index]]))
            continue
        if any(orders.get(cols, ()) != () for _, cols in value_hits):
            for h, _ in value_hits:
                _unread(out, spec, rows[h.index], "表头的栏目顺序与官方不同，而标签与数值分开排列")
            continue
        block = _take_block(value_hits, cand, spec, out)
        if block:
            events.append(("block", block))
        elif has_values:
            events.append(("misaligned", [rows[h.index] for h, _ in value_hits]))
    _check_blocks(events, spec, version, out)
    if not filled:
        _skeleton(seen, spec, out)
    _drop_subtotal(spec, out)
    _check_headers(cands, spec, out)


def _on_lines(cand: Candidate, line: int, first: int, stop: int) -> bool:
    """Whether ``line`` holds one of the labels ``cand.labels[first:stop]``."""
    return any(cand.places[i][0] == line for i in range(first, stop))


def _note(hit: _Hit, rows: tuple[Row, ...], spec: Table, out: TableRead) -> None:
    if hit.note:
        row = rows[hit.index]
        out.findings.append(finding(Rule.LABEL, table=spec.id, group=row.group, row=row.label, message=hit.note))


def _other_handling_note(row: Row, columns: tuple[Column, ...], spec: Table, out: TableRead) -> None:
    if not row.columns and columns:
        # a 2021 table that still has （六）其他处理 as one row: the total of its three sub-rows
        out.findings.append(
            finding(
                Rule.LABEL,
                table=spec.id,
                row=row.label,
                message=f"表三「{OTHER_HANDLING}」按2019年格式填成一行，已作为其下三项的合计读取",
            )
        )


def _extra_row(cand: Candidate, spec: Table, out: TableRead) -> None:
    """A row the official format does not have (其他主动公开文件): its values kept in the import record."""
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


def _shown(tokens: list[Token], limit: int = 21) -> str:
    raws = [t.raw or "空" for t in tokens]
    return "、".join(raws[:limit]) + ("……" if len(raws) > limit else "")


def _named(rows: list[Row]) -> str:
    if len(rows) <= 3:
        return "".join(f"「{r.label}」" for r in rows)
    return f"「{rows[0].label}」等 {len(rows)} 行"


def _row_sum_problem(row: Row, vals: list[Token]) -> str | None:
    """Why the values ``vals`` cannot be 表三 row ``row`` (its applicant columns do not add up to 总计), or None."""
    nums = [parse_number(t.raw) for t in vals]
    n = len(APPLICANT_COLUMNS)
    if len(nums) != n + 1 or any(v is None for v in nums):
        return None  # blanks and text cannot be added up: nothing to check
    total = sum(nums[:n])  # type: ignore[arg-type]
    if abs(total - nums[n]) > 1e-6:  # type: ignore[operator]
        return f"「{row.label}」各类申请人合计 {total:g} 不等于总计 {nums[n]:g}"
    return None


def _take_block(
    value_hits: list[tuple[_Hit, tuple[Column, ...]]], cand: Candidate, spec: Table, out: TableRead
) -> list[Row] | None:
    """A block of row labels followed by a block of values: read in order when the count of values is exactly the
    rows' cells and every row adds up (表三); otherwise each row is a PARSE error and nothing is guessed."""
    rows = [spec.rows[h.index] for h, _ in value_hits]
    widths = [len(cols) for _, cols in value_hits]
    need = sum(widths)
    filled = [t for t in cand.values if t.kind != "blank"]
    seq = filled if len(filled) == need else list(cand.values) if len(cand.values) == need else None
    problem = None if seq is not None else f"应有 {need} 个"
    chunks: list[list[Token]] = []
    if seq is not None:
        at = 0
        for w in widths:
            chunks.append(seq[at : at + w])
            at += w
        if spec.id == "三":
            problem = next(filter(None, (_row_sum_problem(r, c) for r, c in zip(rows, chunks, strict=True))), None)
            problem = problem and f"按顺序对应后{problem}"
    if problem:
        for row in rows:
            _unread(
                out,
                spec,
                row,
                f"标签与数值分开排列，{_named(rows)}的标签之后有 {len(filled)} 个数值（{_shown(filled)}），{problem}",
            )
        return None
    for row, (_, cols), chunk in zip(rows, value_hits, chunks, strict=True):
        for col, tok in zip(cols, chunk, strict=True):
            out.cells[cell_key(row.id, col.id)] = _cell(tok.raw)
    return rows


def _unread(out: TableRead, spec: Table, row: Row, why: str) -> None:
    out.findings.append(
        finding(
            Rule.PARSE,
            severity="error",
            table=spec.id,
            group=row.group,
            row=row.label,
            message=f"表{spec.id}「{row.label}」行：{why}，无法确定哪些数值属于本行，未读取",
        )
    )


def _keys(row: Row) -> list[str]:
    return [cell_key(row.id, c.id) for c in (row.columns or OTHER_HANDLING_ROW.columns)]


def _check_blocks(events: list[tuple[str, list[Row]]], spec: Table, version: str, out: TableRead) -> None:
    """Rows read in order from values after their labels stand only when nothing says the order slipped.

    Where labels and values do not match up, values have moved from one row to another: a chain of such moves runs
    from one mismatch to another, so rows read between the first and the last mismatch may hold a neighbour's
    values. Before the first and after the last, the counts would show it. A block must also bring in no 勾稽
    finding. Rows that do not stand are PARSE errors."""
    bad = [i for i, (kind, _) in enumerate(events) if kind == "misaligned"]
    misaligned = [r for kind, rows in events if kind == "misaligned" for r in rows]
    kept: list[list[Row]] = []
    for i, (kind, rows) in enumerate(events):
        if kind == "misaligned":
            continue
        if bad and bad[0] < i < bad[-1]:
            where = (
                f"本表另有{_named(misaligned)}的标签与数值个数对不上" if misaligned else "本表有不在任何标签之后的数值"
            )
            _drop(out, spec, rows, f"标签与数值分开排列；{where}，本行在两处对不上的行之间，数值可能错行")
        elif kind == "block":
            kept.append(rows)
    if kept and spec.id == "三":
        from app.rules.tables import arithmetic_findings

        def found(cells: dict[str, Cell]) -> dict[tuple[str, str | None, str | None], str]:
            return {(f.rule, f.row, f.column): f.message for f in arithmetic_findings(spec.id, version, cells)}

        everything = found(out.cells)
        blocks, kept = kept, []
        for rows in blocks:
            keys = {k for r in rows for k in _keys(r)}
            without = found({k: c for k, c in out.cells.items() if k not in keys})
            brought = [m for k, m in everything.items() if k not in without]
            if brought:
                _drop(out, spec, rows, f"标签与数值分开排列，按顺序对应后勾稽关系不成立（{brought[0]}）")
            else:
                kept.append(rows)
    if kept:
        aligned = [r for rows in kept for r in rows]
        checked = ""
        if spec.id == "三":
            complete = all(k in out.cells for r in table3_rows(version, out.cells) for k in r.cell_keys())
            checked = "，各行合计与总计相符" + ("，表格各列的勾稽关系也成立" if complete else "")
        out.findings.append(
            finding(
                Rule.PARSE,
                table=spec.id,
                message=f"表{spec.id}有 {len(aligned)} 行的标签与数值分开排列（{_named(aligned)}），已按顺序对应："
                f"每段数值的个数与这些行的格数一致{checked}",
            )
        )


def _drop(out: TableRead, spec: Table, rows: list[Row], why: str) -> None:
    """Take back the cells of ``rows`` and say why each is not read."""
    for row in rows:
        for k in _keys(row):
            out.cells.pop(k, None)
        _unread(out, spec, row, why)


def _skeleton(seen: dict[str, Row], spec: Table, out: TableRead) -> None:
    """A table whose labels stand without any value (the template published unfilled): blank cells for every row
    it names, so that CELL reports the blanks, when it names most of the table's rows."""
    if len(seen) * 2 < len(spec.value_rows) or out.ambiguous:
        return
    for row in seen.values():
        cols = row.columns or OTHER_HANDLING_ROW.columns
        for col in cols:
            out.cells.setdefault(cell_key(row.id, col.id), Cell(value=None, raw=""))
    labels = {r.label for r in seen.values()}
    out.findings = [f for f in out.findings if not (f.rule == Rule.PARSE and f.row in labels)]
    out.skeleton = True


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
    values: list[Token],
    row: Row,
    columns,
    spec: Table,
    out: TableRead,
    positioned: list[Token] | None = None,
    *,
    following: bool = False,
    order: list[str] | None | tuple = (),
) -> bool:
    """Read the row's cells from ``values``; False when they cannot be tied to it (more values on the lines after
    its label than it has cells)."""
    n = len(columns)
    filled = [t for t in values if t.kind != "blank"]
    if order is None or (order and positioned is None and len(values) != n and len(filled) != n):
        # a header naming the columns in another order: only a value for every column (or the grid) says which
        seen = f"（{_shown(filled)}）" if filled else ""
        why = "表头的栏目顺序与官方不同" + (
            "，且无法确定每一栏的位置" if order is None else f"，本行有 {len(filled)} 个数值{seen}，应有 {n} 格"
        )
        if filled:
            _unread(out, spec, row, why)
        return True
    if order:
        if positioned is None:
            vals = filled if len(filled) == n else list(values)
            by_id = dict(zip(order, vals, strict=True))
            positioned = [by_id[c.id] for c in columns]
        for col, tok in zip(columns, positioned, strict=True):
            out.cells[cell_key(row.id, col.id)] = _cell(tok.raw)
        return True
    if following and len(filled) > n:
        # values on lines of their own after the label, more than the row holds: some belong to other rows
        _unread(out, spec, row, f"标签之后有 {len(filled)} 个数值（{_shown(filled)}），多于本行的 {n} 格")
        return False
    if positioned is not None and len(filled) < n < len(values):
        vals, note = positioned, None  # blanks on both sides: the header's grid says which cell is which
    else:
        fits = (
            (lambda v: _row_sum_problem(row, v) is None)
            if spec.id == "三" and n == len(APPLICANT_COLUMNS) + 1
            else None
        )
        vals, note = fit_values(values, n, fits)
    if note and len(vals) == n:
        # one run of the numbers alone adds up: the others are no cells of the row (a footnote mark, a page number)
        out.findings.append(
            finding(
                Rule.PARSE, table=spec.id, group=row.group, row=row.label, message=f"表{spec.id}「{row.label}」行{note}"
            )
        )
    elif note:
        # more numbers than cells on the row's own line: which of them are the row's is not known
        why = f"有 {len(filled)} 个数值（{_shown(filled)}），多于本行的 {n} 格" if len(filled) > n else note
        _unread(out, spec, row, why)
        return True
    if len(vals) < n:
        filled = [t for t in vals if t.kind != "blank"]
        options = _run_splits(filled, n)
        if options:
            # digits run together: cut only by the table's sums (or the narrative), never taken as they come
            out.ambiguous[row.id] = options
            return True
        else:
            # fewer numbers than cells and nothing shows which cell is empty: a number may belong to any column
            seen = f"（{_shown(vals)}）" if vals else ""
            _unread(out, spec, row, f"只有 {len(vals)} 个数值{seen}，应有 {n} 格，看不出缺的是哪一格")
            return True
    if out.generic_header and spec.id == "三" and len(vals) == n and (problem := _row_sum_problem(row, vals)):
        _unread(out, spec, row, f"表头没有官方栏目名，按位置对应后{problem}")
        return True
    for col, tok in zip(columns, vals, strict=False):
        out.cells[cell_key(row.id, col.id)] = _cell(tok.raw)
    return True


_PLAUSIBLE_DIGITS = 5  # a separate number longer than this may be several numbers run together


def _run_together(tok: Token, alone: bool) -> bool:
    """Whether ``tok`` may be several numbers written with no separator: glued to its label, the row's only
    number, or a digit run longer than one cell plausibly holds; numbers set apart by spaces or cells are not."""
    digits = tok.raw.replace(",", "")
    return tok.glued or alone or (digits.isdigit() and len(digits) > _PLAUSIBLE_DIGITS)


def _run_splits(filled: list[Token], n: int) -> list[list[str]]:
    """The ways to cut the row's run-together digits into ``n`` numbers, each separate number kept whole."""
    if not filled or any(t.kind != "number" for t in filled):
        return []
    free = [_run_together(t, len(filled) == 1) for t in filled]
    if not any(free):
        return []
    options = splits(filled, n)
    kept = [o for o in options if _keeps_whole(o, filled, free)]
    if len(kept) == len(options):
        return options
    return Splits(kept, options.runs) if kept else []


def _keeps_whole(option: list[str], tokens: list[Token], free: list[bool]) -> bool:
    at = 0
    for tok, may_cut in zip(tokens, free, strict=True):
        digits, piece = tok.raw.replace(",", ""), ""
        start = at
        while at < len(option) and len(piece) < len(digits):
            piece += option[at]
            at += 1
        if piece != digits or (not may_cut and at - start != 1):
            return False
    return at == len(option)


_UNIT = lazy_re.compile(r"^\s*[（(]\s*(?:单位[:：]\s*)?(万元|元|千元|亿元)\s*[）)]\s*$")


def _stated_unit(labels: list[str], official: str) -> str | None:
    for lab in labels:
        if lab.startswith(official):
            m = _UNIT.match(lab[len(official) :])
            if m:
                return m.group(1)
    return None


def _other_unit(labels: list[str], col: Column, row: Row, out: TableRead) -> bool:
    """A 万元 column whose header states another unit (本年收费金额（单位：元）): its cell is not read as 万元."""
    stem = col.label.split("（")[0]
    unit = _stated_unit(labels, stem)
    if not unit or unit == "万元":
        return False
    key = cell_key(row.id, col.id)
    cell = out.cells.pop(key, None)
    seen = f"数值 {cell.raw}" if cell and cell.raw else "无数值"
    out.findings.append(
        finding(
            Rule.PARSE,
            severity="error",
            table="二",
            group=row.group,
            row=row.label,
            column=col.label,
            message=f"表二「{row.label}」行：表头写明金额单位为{unit}（{seen}），官方单位为万元，未换算，未读取",
        )
    )
    return True


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
            if col.kind == "amount_wan" and _other_unit(labels, col, row, out):
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
