"""Table rows of a PDF page without ruling lines, read by position: each value tied to the label beside it.

A borderless table prints its row labels in one or more label columns, wrapped over lines, and the values
centred vertically in the row; read in text order, a value line falls between two label lines. Here each
text line is cut into fragments at wide gaps; the fragments that are numbers are values, grouped into value
rows by height; left of the value columns the label fragments are grouped into label blocks (the lines of one
cell: close below each other, the lower one not numbered; lines set wide apart are joined where a value row's
centre sits evenly between them); a value row belongs to the innermost block that spans its vertical centre.
A value row that no block spans, or whose block spans another value row too, is not attached by guess: its
label is emitted without values (the table reader then reports the row as unread) and its values are dropped.
Value rows with no label column (表四) are left to the text reader, unless they are parts of one row printed
side by side at different heights, which are read left to right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from app.importers.formats import clean

GAP = 0.4  # a horizontal gap of this many character heights separates two cells of a line
CONTINUED = 0.75  # a label line this close (in heights) below another, overlapping it, continues its cell
SAME_ROW = 0.35  # values whose centres differ by less than this (in heights) are one value row
LOOSE = 2.0  # lines of one cell set with wide line spacing: at most this many heights apart
SPAN = 0.2  # a block spans a value centre up to this far (in heights) above its top or below its bottom

_VALUE = re.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?|[/／\\]|[-－—–―─]{1,2})$")
_NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]{1,2}\s*、)")


@dataclass
class Fragment:
    """The characters of one text line between two wide gaps: a cell's line, or a value."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    line: int  # index of the text line it was cut from
    value: bool = False
    wrapped: tuple[Fragment, ...] = ()  # a number wrapped in its cell: the fragments of its lines

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


class ValueRow:
    """Values at one height, left to right (their extent computed once)."""

    def __init__(self, values: list[Fragment]) -> None:
        self.values = sorted(values, key=lambda f: f.x0)
        self.x0 = self.values[0].x0
        self.x1 = max(v.x1 for v in values)
        self.middle = sum(v.middle for v in values) / len(values)
        self.top = min(v.top for v in values)
        self.height = max(v.height for v in values)


@dataclass
class Block:
    """The label lines of one table cell, top to bottom."""

    parts: list[Fragment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.parts[0].top

    @property
    def bottom(self) -> float:
        return self.parts[-1].bottom

    @property
    def x0(self) -> float:
        return min(p.x0 for p in self.parts)

    @property
    def text(self) -> str:
        return "".join(clean(p.text) for p in self.parts)

    def spans(self, y: float, tolerance: float) -> bool:
        return self.top - tolerance <= y <= self.bottom + tolerance


@dataclass
class Piece:
    """What the page contributes at a height: a text line, or a table row of cells (label first)."""

    top: float
    x0: float
    text: str = ""
    cells: list[str] | None = None


def fragments(lines: list[dict]) -> list[Fragment]:
    """The fragments of pdfplumber text lines (with their chars), values split one number each."""
    out: list[Fragment] = []
    for i, ln in enumerate(lines):
        chars = sorted((c for c in ln.get("chars", ()) if c["text"].strip()), key=lambda c: c["x0"])
        run: list[dict] = []
        for ch in chars:
            if run and ch["x0"] - run[-1]["x1"] >= GAP * _size(run[-1]):
                out += _cut(run, i)
                run = []
            run.append(ch)
        if run:
            out += _cut(run, i)
    return out


def _size(ch: dict) -> float:
    return max(float(ch.get("size") or 0.0), float(ch["bottom"] - ch["top"]), 1.0)


def _fragment(chars: list[dict], line: int) -> Fragment:
    text = ""
    for prev, ch in zip([None, *chars], chars, strict=False):
        if prev is not None and ch["x0"] - prev["x1"] > 0.15 * _size(prev):
            text += " "
        text += ch["text"]
    return Fragment(
        x0=float(min(c["x0"] for c in chars)),
        x1=float(max(c["x1"] for c in chars)),
        top=float(min(c["top"] for c in chars)),
        bottom=float(max(c["bottom"] for c in chars)),
        text=text,
        line=line,
    )


def _cut(chars: list[dict], line: int) -> list[Fragment]:
    """One fragment, or one value fragment per number when the run holds only numbers (narrow columns)."""
    whole = _fragment(chars, line)
    words = whole.text.split()
    if not words or not all(_VALUE.match(w) for w in words):
        return [whole]
    if len(words) == 1:
        whole.value = True
        return [whole]
    out, run = [], [chars[0]]
    for prev, ch in zip(chars, chars[1:], strict=False):
        if ch["x0"] - prev["x1"] > 0.15 * _size(prev):
            out.append(_fragment(run, line))
            run = []
        run.append(ch)
    out.append(_fragment(run, line))
    for f in out:
        f.value = True
    return out


def _value_rows(frags: list[Fragment]) -> list[ValueRow]:
    """The values grouped by height into rows, top to bottom; rows with a sentence going on beside them left out."""
    groups: list[list[Fragment]] = []
    middle = 0.0
    for v in sorted((f for f in frags if f.value), key=lambda f: f.middle):
        if groups and abs(v.middle - middle) <= SAME_ROW * v.height:
            groups[-1].append(v)
            middle += (v.middle - middle) / len(groups[-1])
        else:
            groups.append([v])
            middle = v.middle
    rows = _unwrap([ValueRow(g) for g in groups])
    # a number followed by text on its line (a sentence) is not a table value; a header of a table printed
    # beside this one (text over other values) may share the line
    values = [f for f in frags if f.value]
    return [r for r in rows if not any(_beside(f, r) and not _heads(f, values) for f in frags if not f.value)]


def _unwrap(rows: list[ValueRow]) -> list[ValueRow]:
    """Numbers wrapped over two lines of a narrow cell (2028 as 202 / 8) put back together into their row.

    Two lone numbers right above each other, alone at their heights, whose lines together centre on a row of
    several values, are one value of that row; anything else stays apart (two rows' values never join).
    """
    out = list(rows)
    lone = [r for r in rows if len(r.values) == 1]
    for upper, lower in zip(lone, lone[1:], strict=False):
        if upper not in out or lower not in out:
            continue
        a, b = upper.values[0], lower.values[0]
        if not (_near(a, b) and 0 <= b.top - a.bottom <= CONTINUED * a.height):
            continue
        middle = (a.top + b.bottom) / 2
        host = [r for r in out if len(r.values) > 1 and abs(r.middle - middle) <= SAME_ROW * r.height]
        if len(host) != 1 or any(_near(a, v) for v in host[0].values):
            continue
        joined = Fragment(min(a.x0, b.x0), max(a.x1, b.x1), a.top, b.bottom, a.text + b.text, a.line, True, (a, b))
        out[out.index(host[0])] = ValueRow([*host[0].values, joined])
        out.remove(upper)
        out.remove(lower)
    return out


def _use(used: set[int], value: Fragment) -> None:
    used.add(id(value))
    used.update(id(p) for p in value.wrapped)


def _beside(f: Fragment, row: ValueRow) -> bool:
    """Text right of the row's first value, at the row's height."""
    overlap = min(f.bottom, row.middle + row.height / 2) - max(f.top, row.middle - row.height / 2)
    return f.x1 > row.x0 and overlap > 0.5 * min(f.height, row.height)


def _heads(f: Fragment, values: list[Fragment]) -> bool:
    """Text with a value right under it (within a few lines): a column header."""
    return any(0 <= v.top - f.bottom <= 4 * f.height and _near(f, v) for v in values)


def _near(a: Fragment, b: Fragment) -> bool:
    """Horizontally overlapping, or less than half a character apart: in one column."""
    margin = 0.5 * min(a.height, b.height)
    return min(a.x1, b.x1) + margin > max(a.x0, b.x0)


def _same_height(a: Fragment, b: Fragment) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.height, b.height)


def _crosses(f: Fragment, x: float) -> bool:
    tolerance = 0.2 * f.height
    return not f.value and f.x0 < x - tolerance and f.x1 > x + tolerance


def _zones(rows: list[ValueRow], frags: list[Fragment]) -> list[list[ValueRow]]:
    """Runs of value rows of one table: a line across the label/value boundary, or values left of it, ends one."""
    zones: list[list[ValueRow]] = []
    for row in rows:
        if zones:
            zone = zones[-1]
            edge = min(r.x0 for r in zone)
            last = zone[-1]
            between = [f for f in frags if last.middle < f.middle < row.middle]
            if not _under_labels(row, zone, edge, frags) and not any(_crosses(f, min(edge, row.x0)) for f in between):
                zone.append(row)
                continue
        zones.append([row])
    return zones


def _fits_under(line: Fragment, below: Fragment) -> bool:
    """Whether ``below`` can be the next line of ``line``'s cell: a wrapped line is full, so the next one is not
    wider by more than a character or two, nor starts left of it (left-aligned, centred or right-aligned)."""
    wider = (below.x1 - below.x0) - (line.x1 - line.x0)
    return wider <= 2 * below.height and below.x0 >= line.x0 - below.height


def _under_labels(row: ValueRow, zone: list[ValueRow], edge: float, frags: list[Fragment]) -> bool:
    """Whether ``row`` has values under the zone's label column (the next table, as 表四 after 表三)."""
    if row.x0 >= edge - row.height:
        return False
    top = zone[0].top
    return any(
        not f.value and f.x1 <= edge and top < f.middle < row.middle and any(_near(f, v) for v in row.values)
        for f in frags
    )


def _blocks(labels: list[Fragment], headers: set[int]) -> list[Block]:
    """Label fragments grouped into cells: a line continues the block just above it that it overlaps.

    A numbered line (1. （一） 一、) starts a cell; so does a line that does not fit under the one above (the
    line above ended its cell). Label-column lines of a header row (``headers``) are cells of their own.
    """
    blocks: list[Block] = []
    for f in sorted(labels, key=lambda f: (f.top, f.x0)):
        best, overlap = None, 0.0
        if not _NUMBERED.match(f.text) and id(f) not in headers:
            for b in blocks:
                last = b.parts[-1]
                if id(last) in headers or not _fits_under(last, f):
                    continue
                gap = f.top - last.bottom
                shared = min(f.x1, last.x1) - max(f.x0, last.x0)
                if -0.3 * f.height <= gap <= CONTINUED * f.height and f.top > last.top + 0.5 * f.height:
                    if shared > overlap:
                        best, overlap = b, shared
        if best is None:
            blocks.append(Block([f]))
        else:
            best.parts.append(f)
    return blocks


def _continues(upper: Block, lower: Block, headers: set[int], limit: float) -> bool:
    """``lower`` may be the next lines of ``upper``'s cell: right below it (within ``limit``), overlapping it,
    not numbered, not wider than fits, neither a header."""
    last, first = upper.parts[-1], lower.parts[0]
    if id(last) in headers or id(first) in headers or _NUMBERED.match(first.text):
        return False
    if not _fits_under(last, first):
        return False
    gap = first.top - last.bottom
    return -0.3 * first.height <= gap <= limit * first.height and min(first.x1, last.x1) > max(first.x0, last.x0)


def _neighbour(block: Block, blocks: list[Block], *, above: bool) -> Block | None:
    """The block right above (or below) ``block`` in its column."""
    if above:
        near = [b for b in blocks if b.bottom <= block.top + 0.3 * block.parts[0].height and b is not block]
        near = [b for b in near if min(b.parts[-1].x1, block.parts[0].x1) > max(b.parts[-1].x0, block.parts[0].x0)]
        return max(near, key=lambda b: b.bottom, default=None)
    near = [b for b in blocks if b.top >= block.bottom - 0.3 * block.parts[-1].height and b is not block]
    near = [b for b in near if min(b.parts[0].x1, block.parts[-1].x1) > max(b.parts[0].x0, block.parts[-1].x0)]
    return min(near, key=lambda b: b.top, default=None)


def _grow(blocks: list[Block], zone: list[ValueRow], headers: set[int]) -> list[Block]:
    """Blocks joined where the values say they are one cell, for tables whose wrapped lines are far apart
    (wide line spacing): the lines above and below a value row's centre, evenly spaced around it, none of
    them beside another value row, are the lines of its label."""
    blocks = list(blocks)

    def free(b: Block, row: ValueRow) -> bool:
        return not any(b.spans(r.middle, SPAN * r.height) for r in zone if r is not row)

    def centred(b: Block, row: ValueRow) -> bool:
        return abs((b.top + b.bottom) / 2 - row.middle) <= 0.3 * row.height

    def join(*parts: Block) -> Block:
        for b in parts:
            blocks.remove(b)
        joined = Block([p for b in parts for p in b.parts])
        blocks.append(joined)
        return joined

    for row in zone:
        core = _label_of(row, blocks)
        # the centre in the gap between two lines of one cell, right of any block spanning it?
        straddling = [
            (a, b)
            for a in blocks
            if 0 < row.middle - a.bottom <= LOOSE * row.height
            and (core is None or a.x0 > core.x0 + 0.5 * row.height)
            and (b := _neighbour(a, blocks, above=False)) is not None
            and b.top > row.middle
            and free(a, row)
            and free(b, row)
            and _continues(a, b, headers, LOOSE)
        ]
        pairs = [(a, b) for a, b in straddling if centred(Block([a.parts[-1], b.parts[0]]), row)]
        inner = max((a.x0 for a, _ in pairs), default=0.0)
        pairs = [(a, b) for a, b in pairs if a.x0 > inner - 0.5 * row.height]  # the innermost column's
        if len(pairs) == 1:
            core = join(*pairs[0])
        elif core is None:
            continue
        while centred(core, row):
            a = _neighbour(core, blocks, above=True)
            b = _neighbour(core, blocks, above=False)
            if a is None or b is None or not (free(a, row) and free(b, row)):
                break
            if not (_continues(a, core, headers, LOOSE) and _continues(core, b, headers, LOOSE)):
                break
            even = abs((core.top - a.bottom) - (b.top - core.bottom)) <= 0.2 * row.height
            grown = Block([*a.parts, *core.parts, *b.parts])
            if not even or not centred(grown, row):
                break
            core = join(a, core, b)
    return blocks


def _label_of(row: ValueRow, blocks: list[Block]) -> Block | None:
    """The innermost (rightmost) block spanning the row's centre; None when none does or two compete."""
    tolerance = SPAN * row.height
    spanning = [b for b in blocks if b.spans(row.middle, tolerance)]
    if not spanning:
        return None
    spanning.sort(key=lambda b: b.x0)
    inner = spanning[-1]
    if len(spanning) > 1 and spanning[-2].x0 > inner.x0 - 0.5 * row.height:
        return None  # two blocks of one column span the centre: the boundary between rows is not clear
    return inner


def _split(block: Block, rows: list[ValueRow]) -> list[tuple[Block, ValueRow]] | None:
    """A block spanning several value rows cut into one block per row, top to bottom, when exactly one way of
    cutting it between its lines centres every part on its row's values (a table without cell padding)."""
    parts = block.parts
    if not len(rows) <= len(parts) <= 12:
        return None
    fitting = []
    for cuts in combinations(range(1, len(parts)), len(rows) - 1):
        edges = [0, *cuts, len(parts)]
        pieces = [Block(parts[a:b]) for a, b in zip(edges, edges[1:], strict=False)]
        if all(abs((p.top + p.bottom) / 2 - r.middle) <= 0.3 * r.height for p, r in zip(pieces, rows, strict=True)):
            fitting.append(list(zip(pieces, rows, strict=True)))
    return fitting[0] if len(fitting) == 1 else None


def table_pieces(lines: list[dict]) -> list[Piece] | None:
    """The page's text lines with borderless table rows rebuilt by position; None when the page has none.

    ``lines`` are pdfplumber text lines (with chars) outside ruled tables, page furniture removed.
    """
    frags = fragments(lines)
    rows = _value_rows(frags)
    if not rows:
        return None
    used: set[int] = set()  # ids of fragments placed in a table piece
    pieces: list[Piece] = []
    for zone in _zones(rows, frags):
        pieces += _zone_pieces(zone, frags, rows, used)
    if not pieces:
        return None
    by_line: dict[int, list[Fragment]] = {}
    for f in frags:
        by_line.setdefault(f.line, []).append(f)
    for i, ln in enumerate(lines):
        own = by_line.get(i, [])
        if not any(id(f) in used for f in own):
            pieces.append(Piece(top=float(ln["top"]), x0=float(ln["x0"]), text=clean(ln["text"])))
            continue
        rest = [f for f in own if id(f) not in used]
        if rest:
            text = " ".join(clean(f.text) for f in sorted(rest, key=lambda f: f.x0))
            pieces.append(Piece(top=min(f.top for f in rest), x0=min(f.x0 for f in rest), text=text))
    pieces.sort(key=lambda p: (p.top, p.x0))
    return pieces


def _zone_pieces(zone: list[ValueRow], frags: list[Fragment], rows: list[ValueRow], used: set[int]) -> list[Piece]:
    """The rows of one table zone (label + values) and its label blocks; [] when it has no label column."""
    edge = min(r.x0 for r in zone)
    height = max(r.height for r in zone)
    index = rows.index(zone[0])
    upper = rows[index - 1].middle if index else float("-inf")
    following = rows.index(zone[-1]) + 1
    lower = rows[following].middle if following < len(rows) else float("inf")
    # the zone's window: up to the nearest line across the label/value boundary above and below it
    above = [f.bottom for f in frags if _crosses(f, edge) and upper < f.middle < zone[0].middle]
    below = [f.top for f in frags if _crosses(f, edge) and zone[-1].middle < f.middle < lower]
    top = max([upper, *above])
    bottom = min([lower, *below])
    zone_values = [v for r in zone for v in r.values]
    columns = _columns(zone_values)
    if all(len(r.values) == 1 for r in zone) and len(columns) == len(zone_values):
        return []  # numbers set apart here and there, none in a column with another (邮编： 365000): no table
    window = [f for f in frags if not f.value and top < f.middle < bottom and id(f) not in used]
    # left of the values and in no value column (a header over values is not a row label)
    labels = [f for f in window if f.x1 <= edge + 0.2 * height and not any(_near(f, v) for v in zone_values)]
    if not labels:
        return _side_by_side(zone, used)
    # a header row: text right of a label-column line that reaches the values or labels no value row
    first = _blocks(labels, set())
    labelling = {id(p) for r in zone if (b := _label_of(r, first)) is not None for p in b.parts}
    headers = {
        id(f)
        for f in labels
        for g in window
        if g.x0 > f.x1 and _same_height(f, g) and (g.x1 > edge or id(g) not in labelling)
    }
    blocks = _grow(_blocks(labels, headers), zone, headers)
    owner: dict[int, list[ValueRow]] = {}
    for row in zone:
        block = _label_of(row, blocks)
        if block is not None:
            owner.setdefault(id(block), []).append(row)
    pieces: list[Piece] = []
    for block in blocks:
        mine = owner.get(id(block), [])
        pairs: list[tuple[Block, ValueRow]] | None = [(block, mine[0])] if len(mine) == 1 else None
        if len(mine) > 1:
            pairs = _split(block, mine)
        for part in block.parts:
            used.add(id(part))
        if not pairs:
            pieces.append(Piece(top=block.top, x0=block.x0, cells=[block.text]))
            continue
        for label, row in pairs:
            pieces.append(Piece(top=label.top, x0=label.x0, cells=[label.text, *_cells(row, columns)]))
    for row in zone:
        for v in row.values:
            _use(used, v)  # attached to its row above, or left out: never re-attached by text order
    return pieces


def _side_by_side(zone: list[ValueRow], used: set[int]) -> list[Piece]:
    """Value rows under headers only (as in 表四), at different heights but in columns of their own: one row
    split into small tables printed side by side, read left to right. [] (the text lines as they are) otherwise."""
    if len(zone) < 2:
        return []
    spans = sorted((r.x0, r.x1) for r in zone)
    if any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False)):
        return []  # rows under the same columns: a table of several rows, not one row cut in parts
    values = sorted((v for r in zone for v in r.values), key=lambda v: v.x0)
    for v in values:
        _use(used, v)
    return [Piece(top=min(r.top for r in zone), x0=values[0].x0, cells=[clean(v.text) for v in values])]


def _columns(values: list[Fragment]) -> list[tuple[float, float]]:
    """The value columns: x ranges of the values merged where they overlap."""
    spans: list[list[float]] = []
    for v in sorted(values, key=lambda v: v.x0):
        if spans and v.x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], v.x1)
        else:
            spans.append([v.x0, v.x1])
    return [(a, b) for a, b in spans]


def _cells(row: ValueRow, columns: list[tuple[float, float]]) -> list[str]:
    """The row's values in column order, "" for a column it leaves blank (values only when columns clash)."""
    slots: list[list[str]] = [[] for _ in columns]
    for v in row.values:
        i = next(k for k, (a, b) in enumerate(columns) if a <= v.x0 <= b)
        slots[i].append(clean(v.text))
    if any(len(s) > 1 for s in slots):
        return [clean(v.text) for v in row.values]
    return [s[0] if s else "" for s in slots]
