"""Lines of a published table → a stream of tokens (labels and values), whatever the separators."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from app import lazy_re
from app.importers.text import ascii_numbers, norm
from schemas.registry import FORMAT_VERSIONS, tables

TokenKind = Literal["label", "number", "blank", "text"]


@dataclass(slots=True)
class Token:
    kind: TokenKind
    raw: str
    glued: bool = False  # a number written right after a label with no separator (规范性文件898989)
    line: int = -1  # which line of the table region it came from
    col: int = -1  # which cell of that line (positions line up with the header in flattened grids)


@dataclass(slots=True)
class Candidate:
    """Label cells followed by the value cells that come after them."""

    labels: list[str] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)  # (line, cell) of each label

    @property
    def label_line(self) -> int:
        return self.places[-1][0] if self.places else -1


_ONLY_PIPES = lazy_re.compile(r"^[\s|｜]*$")
_MD_RULE = lazy_re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACE_SEP = lazy_re.compile(r"\t|\u3000| {2,}")
_NUMS = lazy_re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:\s+[-+]?\d[\d,]*(?:\.\d+)?)*$")
_TRAILING_NUMS = lazy_re.compile(r"^(.*?[^\d\s.,+\-])\s*([-+]?\d[\d,]*(?:\.\d+)?(?:\s+[-+]?\d[\d,]*(?:\.\d+)?)*)\s*$")
# what published tables put where a number belongs (「=…」: an Excel formula the file holds no result for)
_NOT_A_NUMBER = lazy_re.compile(r"^(?:/|／|\\|-|－|—|–|——|―|─|无|空|\*|×|x|X|…|null|NULL|N/A|n/a|=\S.*)$")


def split_line(line: str) -> list[str]:
    """The cells of one text line: ``|``-separated (pipes at both ends close a Markdown line, a trailing pipe
    closes a line that starts with a cell), else tabs/space runs (a trailing tab ends a blank cell)."""
    line = line.replace("｜", "|")
    if "|" in line:
        if _MD_RULE.match(line):
            return []
        if _ONLY_PIPES.match(line):
            # one "|" alone is a blank cell; "||", "|||" are the fillers web copies leave for merged cells
            return [""] if line.count("|") == 1 else []
        parts = line.split("|")
        if line.startswith("|") and line.rstrip().endswith("|"):
            parts.pop()
            parts.pop(0)  # Markdown: "| a | b |" holds two cells, the pipes at both ends close the line
        elif line.rstrip().endswith("|") and not line.lstrip().startswith("|"):
            parts.pop()  # "a |": one cell a line, closed ("a | |" still ends in a blank cell)
        # " |  | a | 0 | ": cells joined by pipes, the first cell blank and so the last one too
        return [p.strip() for p in parts]
    cells = [p.strip() for p in _SPACE_SEP.split(line.strip())]
    tail = line.rstrip(" \r\n")
    return cells + [""] * (len(tail) - len(tail.rstrip("\t")))  # a trailing tab closes a blank last cell


_NUMBERING = lazy_re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]{1,2}、)"
)


_INNER_NUMBERING = lazy_re.compile(
    r"(?<=[\u4e00-\u9fff）)])(?<!第)(?=[（(][一二三四五六七八九十]{1,3}[）)])|(?<=[\u4e00-\u9fff）)])(?=\d{1,2}[.、．][\u4e00-\u9fff])"
)


@cache
def _known_labels() -> frozenset[str]:
    """Every official label, caption and header (normalised), both versions."""
    known: set[str] = set()
    for version in FORMAT_VERSIONS:
        for t in tables(version):
            for r in t.rows:
                known.update(norm(x) for x in (r.label, r.group or "", r.header or ""))
                for c in r.columns:
                    known.update(norm(x) for x in (c.label, c.parent or ""))
    known.discard("")
    return frozenset(known)


def _labels(text: str) -> list[str]:
    """Label text that a PDF or a flattened copy ran together with spaces, split into its labels."""
    text = _INNER_NUMBERING.sub(" ", text)
    pieces = text.split()
    if len(pieces) == 1:
        return pieces
    known = _known_labels()
    out = [pieces[0]]
    for piece in pieces[1:]:
        if norm(out[-1]) in known or _NUMBERING.match(piece) or norm(piece) in known:
            out.append(piece)
        else:
            out[-1] += " " + piece
    return out


def ascii_digits(text: str) -> str:
    """``text`` with its numbers written the ASCII way (the normalisation all readers share): ２１５，３４６ →
    215,346, 28436．75 → 28436.75."""
    return ascii_numbers(text)


def tokenize(cell: str) -> list[Token]:
    """The tokens of one cell: a blank, numbers, a non-number value, or a label with trailing numbers."""
    s = ascii_digits(cell.strip())
    if not s:
        return [Token("blank", "")]
    if _NUMS.match(s):
        return [Token("number", p) for p in s.split()]
    if _NOT_A_NUMBER.match(s):
        return [Token("text", s)]
    m = _TRAILING_NUMS.match(s)
    if m:
        label, nums = m.group(1).strip(), m.group(2)
        glued = not s[len(m.group(1)) : len(m.group(1)) + 1].isspace()
        return [Token("label", x) for x in _labels(label)] + [Token("number", p, glued) for p in nums.split()]
    return [Token("label", x) for x in _labels(s)]


def candidates(lines: list[list[str]]) -> list[Candidate]:
    """Group the tokens of ``lines`` (each a list of cells) into label → values candidates."""
    out: list[Candidate] = []
    cur = Candidate()
    for line_no, cells in enumerate(lines):
        if len(cells) == 1:
            cells = split_line(cells[0])
        for col, cell in enumerate(cells):
            for tok in tokenize(cell):
                tok.line, tok.col = line_no, col
                if tok.kind == "label":
                    if cur.values:
                        out.append(cur)
                        cur = Candidate()
                    cur.labels.append(tok.raw)
                    cur.places.append((line_no, col))
                else:
                    cur.values.append(tok)
    if cur.labels or cur.values:
        out.append(cur)
    return out


# the header cells a conversion (Markdown, a spreadsheet export, a CMS) writes instead of the official ones
_GENERIC_HEADER = lazy_re.compile(
    r"^(?:类别|项目|序号|编号|栏目|指标|名称|内容|分类|类型|事项|数据|数值|列|栏|字段|col(?:umn)?|field|unnamed:?)"
    r"\s*[_\-:：]?\s*\d{0,3}$|^第\s*\d{1,3}\s*[列栏]$",
    re.I,
)


def generic_header(cells: list[str], official: frozenset[str], *, bare_numbers: bool = True) -> bool:
    """Whether a line's cells are a header that names no official row or column: 类别 | 数据1 | … | 总计,
    项目 | 列1 …, 序号 | 1 | 2 | 3, or (``bare_numbers``) bare column numbers 1 2 3 4 … (``official``: the
    normalised official column headers, which may stand among the generic ones)."""
    texts = [c.strip() for c in cells if c.strip()]
    if len(texts) == 1 and _NUMS.match(texts[0]):
        texts = texts[0].split()  # bare column numbers that a text copy separated by single spaces
    generic = [t for t in texts if _GENERIC_HEADER.match(t)]
    numbers = [t for t in texts if t.isdigit()]
    others = [t for t in texts if t not in generic and t not in numbers]
    if any(norm(t) not in official for t in others):
        return False
    counting = [int(t) for t in numbers] in ([*range(1, len(numbers) + 1)], [*range(len(numbers))])
    if numbers and not counting:
        return False
    # bare numbers 1 … k alone are a header only when k ≥ 4 and the table's rows add up (表三, 表四): no row can
    # hold them, as its sum fails; 表二 has no sums, and 1 2 3 4 5 6 may be two of its rows
    return bool(generic) or (bare_numbers and len(numbers) >= 4)


def fit_values(
    values: list[Token], n: int, fits: Callable[[list[Token]], bool] | None = None
) -> tuple[list[Token], str | None]:
    """Exactly ``n`` value tokens for a row of ``n`` cells, or the tokens as they are with a note saying why not.

    More numbers than cells are never trimmed on trust: only when ``fits`` (the table's sums) holds for exactly
    one run of ``n`` consecutive numbers are the others dropped, and the note names them (a warning); otherwise
    the numbers come back untrimmed with a note (the row cannot be read)."""
    filled = [t for t in values if t.kind != "blank"]
    if len(filled) == n:
        return filled, None
    if len(values) == n:
        return list(values), None
    if len(filled) > n:
        extra = len(filled) - n
        windows = [i for i in range(extra + 1) if fits and fits(filled[i : i + n])] if fits else []
        if len(windows) == 1:
            i = windows[0]
            dropped = "、".join(t.raw for t in filled[:i] + filled[i + n :])
            return filled[i : i + n], f"多出 {extra} 个数值（{dropped}），去掉后各栏合计与总计才相符，已忽略"
        return filled, f"有 {len(filled)} 个数值，多于 {n} 格"
    vals = list(values)
    while len(vals) > n and vals[-1].kind == "blank":
        vals.pop()
    while len(vals) > n and vals[0].kind == "blank":
        vals.pop(0)
    if len(vals) > n:
        return vals, f"{len(filled)} 个数值与空格共 {len(vals)} 格，多于 {n} 格"  # which blank is extra is not known
    return vals, None  # n, or fewer than n: the caller decides (run-together digits or missing cells)
