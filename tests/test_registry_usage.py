"""The registry owns the tables' shape: no module of ``app/`` builds a cell key by hand or types an official label.

The scan reads every ``app/**/*.py`` with ``ast`` (docstrings and other bare string statements are not code and
are skipped) and reports:

(a) cell keys
  - a string literal equal to a registry cell key (``"received.total"``), to ``".<column id>"``, or starting with
    ``"<row id>."`` (a key or a key prefix matched on: ``k.startswith("other_handling.")``);
  - an f-string, a ``+`` concatenation, or a ``%`` / ``.format`` template that joins two parts with ``"."``,
    where the left part is an interpolated value or ends with a row id and the right part is an interpolated
    value or starts with a column id: ``f"{row.id}.{col.id}"``, ``f"other_handling.{c}"``, ``f"{r}.total"``.
    Two interpolated values joined by a dot look the same whatever they mean, so every such join is flagged;
    the few that are not cell keys are listed in ``ALLOWED_DOTTED`` with the reason;
  - a column group spelled out by position or by ids: a slice of a row's columns (``row.columns[:6]`` for "the
    applicant columns without 总计") or a tuple/list of three or more ids of 表三's applicant columns or 表四's
    result columns (``("upheld", "corrected", "other_result", "pending")``): the registry names these groups.
(b) official labels: every label the registry holds (table titles and notes, row labels — also without their
    numbering —, group captions, block headers, column labels and their parent headers, section titles bare and
    numbered, 表三's outcome names, level labels, the 2021 overview aspects):
  1. a string literal equal to an official label;
  2. a string literal that code matches text against and that contains an official label of 4 or more
     characters. "Matched against" means: the pattern of a ``re`` call, or a literal that looks like a pattern
     (it has ``|`` or ``(?``); an operand of ``==``, ``!=``, ``in``, ``not in`` (or an element of a
     tuple/list/set operand); the argument of ``str.startswith/endswith/find/index/count/replace/split/…``;
     a ``case`` value. Labels under 4 characters (规章, 总计, 自然人) sit inside too many ordinary words to be
     looked for inside a literal; case 1 catches them where they stand alone;
  3. a string literal, wherever it is, that contains an official label in 「」 or a numbered label (一、…,
     （七）总计, 3.其他): a message quoting a label names that row, column or section, so the label must be
     interpolated from the registry, and a numbered label is never ordinary prose.
  Ordinary prose in user messages ("本年度未发生政府信息公开行政复议、行政诉讼案件") and colloquial variants in
  narrative-reading patterns (「维持」, 「复议」, ``法人(?:或|和)其他组织``) are not official labels used as
  such, and are not flagged. ``其他`` is a label (表三's last applicant column, a level) and an everyday word:
  it is flagged only when quoted.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from schemas import registry
from tests.conftest import ROOT

# "{a}.{b}" joins that are not cell keys: (path, source of the expression) → why
ALLOWED_DOTTED: dict[tuple[str, str], str] = {
    ("app/export/pdf.py", "f\"{source.stem}.{target.split(':')[0]}\""): "a file name: stem and suffix",
    ("app/storage/changes.py", "f'{name}.{sub}'"): "the path of a nested field of the report's meta model",
    ("app/drafting/facts.py", "f'{spec.id}.{cell_key(row.id, col.id)}'"): "a fact's key: table id, then the cell key",
}
GENERIC_WORDS = frozenset({"其他"})  # official labels that are also everyday words: flagged only when quoted
MIN_CONTAINED = 4

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
_IDENTIFIER_END = re.compile(r"[a-z_]+$")
_IDENTIFIER_START = re.compile(r"^[a-z_]+")
_RE_FUNCTIONS = frozenset({"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"})
_STR_METHODS = frozenset(
    {
        "startswith",
        "endswith",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "replace",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "removeprefix",
        "removesuffix",
    }
)
_TEMPLATE_JOIN = re.compile(r"(?:%s|%\(\w+\)s|\{[^{}]*\})\.(?:%s|%\(\w+\)s|\{[^{}]*\})")


def _labels() -> tuple[frozenset[str], frozenset[str]]:
    """(every official label, the numbered ones)."""
    found: set[str] = set()
    for version in registry.FORMAT_VERSIONS:
        for t in registry.tables(version):
            found.add(t.title)
            found.update(x for x in (t.note,) if x)
            for r in t.rows:
                found.update(x for x in (r.label, r.group, r.header) if x)
                for c in r.columns:
                    found.update(x for x in (c.label, c.parent) if x)
    for num, title in registry.SECTIONS:
        found.update((title, registry.section_title(num)))
    found.update(registry.OUTCOME_NAMES.values())
    found.update(registry.LEVEL_LABELS.values())
    found.update(label for _, label in registry.OVERVIEW_ASPECTS)
    numbered = frozenset(x for x in found if _NUMBERING.match(x))
    found.update(_NUMBERING.sub("", x) for x in numbered)
    return frozenset(x for x in found if x), numbered


LABELS, NUMBERED_LABELS = _labels()
CELL_KEYS = frozenset(k for v in registry.FORMAT_VERSIONS for (_, k) in registry.cell_index(v))
ROW_IDS = frozenset(r.id for v in registry.FORMAT_VERSIONS for t in registry.tables(v) for r in t.rows)
COLUMN_IDS = frozenset(
    c.id for v in registry.FORMAT_VERSIONS for t in registry.tables(v) for r in t.rows for c in r.columns
)
ROW_PREFIXES = tuple(sorted(f"{r}." for r in ROW_IDS))
DOTTED_COLUMN_IDS = frozenset(f".{c}" for c in COLUMN_IDS)
COLUMN_GROUPS = (
    frozenset(c.id for c in registry.APPLICANT_COLUMNS),
    frozenset(c.id for c in registry.RESULT_COLUMNS),
)


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


# ---------------------------------------------------------------- the scanner


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are statements of their own (docstrings): not code."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            out.add(id(node.value))
    return out


def _text_units(tree: ast.AST, skip: set[int]) -> list[tuple[ast.AST, str]]:
    """Every string literal as (node, text): a plain literal, or an f-string with each value as NUL."""
    units: list[tuple[ast.AST, str]] = []
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                inside.add(id(v))
                parts.append(v.value if isinstance(v, ast.Constant) else "\0")
            units.append((node, "".join(parts)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in skip and id(node) not in inside:
                units.append((node, node.value))
    return units


def _matched(tree: ast.AST) -> set[int]:
    """ids of the literals (constants and f-strings) that code matches text against."""
    out: set[int] = set()

    def literals(node: ast.AST | None, deep: bool = False) -> None:
        if node is None:
            return
        if isinstance(node, ast.Constant | ast.JoinedStr):
            out.add(id(node))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            for e in node.elts:
                literals(e, deep)
        elif deep:
            for child in ast.iter_child_nodes(node):
                literals(child, deep)

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                literals(operand)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, owner = node.func.attr, node.func.value
            if attr in _RE_FUNCTIONS and isinstance(owner, ast.Name) and owner.id == "re":
                literals(node.args[0] if node.args else None, deep=True)
                for kw in node.keywords:
                    if kw.arg == "pattern":
                        literals(kw.value, deep=True)
            elif attr in _STR_METHODS and node.args:
                literals(node.args[0])
        elif isinstance(node, ast.MatchValue):
            literals(node.value)
    return out


def _dotted_parts(node: ast.AST) -> list[tuple[str, object]] | None:
    """An f-string or a ``+`` chain as ("s", text) / ("v", node) parts; None for anything else."""
    if isinstance(node, ast.JoinedStr):
        return [("s", v.value) if isinstance(v, ast.Constant) else ("v", v) for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts: list[tuple[str, object]] = []
        for side in (node.left, node.right):
            inner = _dotted_parts(side) if isinstance(side, ast.BinOp | ast.JoinedStr) else None
            if inner is not None:
                parts += inner
            elif isinstance(side, ast.Constant) and isinstance(side.value, str):
                parts.append(("s", side.value))
            else:
                parts.append(("v", side))
        return parts
    return None


def _joins_key(parts: list[tuple[str, object]]) -> bool:
    """Whether the parts join a row (value or row id) and a column (value or column id) with a dot."""
    for i, (kind, text) in enumerate(parts):
        if kind != "s":
            continue
        assert isinstance(text, str)
        for pos, ch in enumerate(text):
            if ch != ".":
                continue
            before, after = text[:pos], text[pos + 1 :]
            left_value = pos == 0 and i > 0 and parts[i - 1][0] == "v"
            right_value = pos == len(text) - 1 and i + 1 < len(parts) and parts[i + 1][0] == "v"
            end = _IDENTIFIER_END.search(before)
            start = _IDENTIFIER_START.match(after)
            left_id = bool(end and end.group(0) in ROW_IDS and (end.start() > 0 or i == 0 or parts[i - 1][0] != "v"))
            right_id = bool(
                start and start.group(0) in COLUMN_IDS and (start.end() < len(after) or i + 1 == len(parts))
            )
            if (left_value or left_id) and (right_value or right_id) and (left_value or right_value):
                return True
    return False


def scan_source(source: str, path: str) -> list[Violation]:
    """The violations of one module's source (``path`` as it is named in ``ALLOWED_DOTTED``)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    matched = _matched(tree)
    out: list[Violation] = []

    def add(node: ast.AST, kind: str, text: str) -> None:
        out.append(Violation(path, getattr(node, "lineno", 0), kind, text))

    # (a) keys built from a row and a column
    seen_binops: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in seen_binops:
            continue
        parts = None
        if isinstance(node, ast.JoinedStr):
            parts = _dotted_parts(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = _dotted_parts(node)
            for inner in ast.walk(node):
                seen_binops.add(id(inner))
            if parts and not any(k == "s" for k, _ in parts):
                parts = None
        if parts and _joins_key(parts):
            code = ast.unparse(node)
            if (path, code) not in ALLOWED_DOTTED:
                add(node, "cell key built by hand", code)
        template = None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
            template = node.left.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            if isinstance(node.func.value, ast.Constant):
                template = node.func.value.value
        if isinstance(template, str) and _TEMPLATE_JOIN.search(template):
            add(node, "cell key built by hand", ast.unparse(node))

        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "columns"
            and isinstance(node.slice, ast.Slice)
        ):
            add(node, "column group by position", ast.unparse(node))
        if isinstance(node, ast.Tuple | ast.List) and len(node.elts) >= 3:
            ids = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(ids) == len(node.elts) and any(ids <= group for group in COLUMN_GROUPS):
                add(node, "column group by ids", ast.unparse(node))

    # (a) literal keys, (b) labels
    for node, text in _text_units(tree, skip):
        plain = isinstance(node, ast.Constant)  # an f-string's pieces are judged by the join rule above
        if plain and (text in DOTTED_COLUMN_IDS or text in CELL_KEYS or text.startswith(ROW_PREFIXES)):
            add(node, "cell key typed", repr(text))
        if text in LABELS and text not in GENERIC_WORDS:
            add(node, "official label typed", repr(text))
            continue
        looks_like_pattern = "|" in text or "(?" in text
        if id(node) in matched or looks_like_pattern:
            inside = [x for x in LABELS if len(x) >= MIN_CONTAINED and x in text]
            if inside:
                add(node, "official label matched on", f"{text!r} contains {max(inside, key=len)!r}")
                continue
        quoted = [x for x in LABELS if f"「{x}」" in text]
        numbered = [x for x in NUMBERED_LABELS if x in text]
        if quoted or numbered:
            add(node, "official label in text", f"{text!r} names {max(quoted + numbered, key=len)!r}")
    return out


def scan_app() -> list[Violation]:
    out: list[Violation] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        out += scan_source(path.read_text(encoding="utf-8"), rel)
    return out


# ---------------------------------------------------------------- the rule holds for app/


def test_app_builds_no_cell_key_and_types_no_official_label():
    found = scan_app()
    assert not found, "use schemas.registry (cell_key, the column/row accessors, label constants):\n" + "\n".join(
        map(str, found)
    )


def test_every_allowed_dotted_join_still_exists():
    """An allow-list entry whose code is gone is removed, not kept as a silent exemption."""
    for path, code in ALLOWED_DOTTED:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert any(ast.unparse(n) == code for n in ast.walk(tree)), (path, code)


# ---------------------------------------------------------------- the scanner itself


def _kinds(source: str) -> list[str]:
    return [v.kind for v in scan_source(source, "app/planted.py")]


def test_scanner_flags_keys_built_by_hand():
    assert _kinds('k = f"{row.id}.{col.id}"') == ["cell key built by hand"]
    assert _kinds('k = f"other_handling.{c}"') == ["cell key built by hand"]
    assert _kinds('k = f"{r}.total"') == ["cell key built by hand"]
    assert _kinds('k = row + "." + col') == ["cell key built by hand"]
    assert _kinds('k = "%s.%s" % (row, col)') == ["cell key built by hand"]
    assert _kinds('k = "{}.{}".format(row, col)') == ["cell key built by hand"]


def test_scanner_flags_column_groups_spelled_out():
    assert _kinds("parts = [c for c in row.columns[:6]]") == ["column group by position"]
    assert _kinds('cols = ("upheld", "corrected", "other_result", "pending")') == ["column group by ids"]
    assert _kinds('cols = ("issued", "repealed", "in_force")') == []
    assert _kinds("cols = APPLICANT_COLUMNS") == []


def test_scanner_flags_keys_typed():
    assert _kinds('v = report.value("三", "received.total")') == ["cell key typed"]
    assert _kinds('x = any(k.startswith("other_handling.") for k in cells)') == ["cell key typed"]
    assert _kinds('x = key.endswith(".total")') == ["cell key typed"]


def test_scanner_leaves_other_dotted_strings_alone():
    assert _kinds('k = f"legal.{i}"') == []
    assert _kinds('k = f"meta.{name}"') == []
    assert _kinds("k = cell_key(row.id, col.id)") == []
    assert _kinds('x = f"{fmt(v)}件。"') == []


def test_scanner_flags_official_labels():
    assert _kinds('column = "总计"') == ["official label typed"]
    assert _kinds('names = {"upheld": "结果维持"}') == ["official label typed"]
    assert _kinds('x = "行政事业性收费" in ctx') == ["official label typed"]
    assert _kinds('p = re.compile(r"(?:未|没有)(?:发生|出现)[^，。；]{0,16}行政复议")') == ["official label matched on"]
    assert _kinds('p = re.compile(r"行政诉讼|诉讼|起诉")') == ["official label matched on"]
    assert _kinds('ok = "监督保障情况" in text') == ["official label matched on"]
    assert _kinds('m = f"表三「{col}」列「总计」"') == ["official label in text"]
    assert _kinds('m = "「五、存在的主要问题及改进情况」没有报告整改情况"') == ["official label in text"]
    assert _kinds('m = f"{x}，（七）总计填 {y}"') == ["official label in text"]


def test_scanner_leaves_prose_colloquial_words_and_docstrings_alone():
    assert _kinds('m = "本年度未发生政府信息公开行政复议、行政诉讼案件。"') == []
    assert _kinds('ok = "维持" in ctx or "复议" in ctx') == []
    assert _kinds('p = re.compile(r"法人(?:或|和)其他组织")') == []
    assert _kinds('def f():\n    """R-E: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""\n') == []
    assert _kinds('group = "其他"') == []
    assert _kinds('p = re.compile(re.escape(REVIEW) + "|复议")') == []


def test_scanner_reads_a_planted_module(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('KEY = "administrative_review.total"\nLABEL = "行政复议"\n', encoding="utf-8")
    found = scan_source(planted.read_text(encoding="utf-8"), "app/planted.py")
    assert [(v.line, v.kind) for v in found] == [(1, "cell key typed"), (2, "official label typed")]
