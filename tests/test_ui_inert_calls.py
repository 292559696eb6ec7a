"""Every text the pages hand to Streamlit's Markdown (st.success/error/warning/info/caption/write/markdown/toast,
titles, the same on a container) is inert where it carries words from a user, a file or a model: the pages pass
those words through ``literal()`` (or ``chat_markdown()``). The scan reads the source of app/ui: a message is
accepted when it is a fixed string, a module constant (LEGEND, SEVERITY_LABELS[…]), a ``literal``/``chat_markdown``
call, or an f-string, join or sum whose every interpolated value is one of those, a count (len(…)) or a number with
a format spec ({n:d}, {x:.1f})."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

MARKDOWN_METHODS = {"success", "error", "warning", "info", "caption", "write", "markdown", "toast", "title", "header"}
MARKDOWN_METHODS |= {"subheader"}
INERT_CALLS = {"literal", "chat_markdown", "_anchor"}  # _anchor: the page's own <a id=…> for a table block
NOT_STREAMLIT = {"log", "logger", "logging", "warnings", "LOG"}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _assignments(tree: ast.AST) -> dict[str, list[ast.expr]]:
    """Every value each plain name is given in a module (``x = …``, ``x += …``, ``x := …``)."""
    given: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    given.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Tuple):  # a, b = …: nothing known of either
                    for t in target.elts:
                        if isinstance(t, ast.Name):
                            given.setdefault(t.id, []).append(ast.Name("?"))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr) and isinstance(node.target, ast.Name):
            given.setdefault(node.target.id, []).append(node.value or ast.Name("?"))
        elif isinstance(node, ast.For | ast.comprehension | ast.withitem | ast.ExceptHandler | ast.arg):
            names = [n.id for n in ast.walk(getattr(node, "target", None) or ast.Pass()) if isinstance(n, ast.Name)]
            names += [x for x in (getattr(node, "name", None), getattr(node, "arg", None)) if isinstance(x, str)]
            for name in names:
                given.setdefault(name, []).append(ast.Name("?"))
    return given


_GIVEN: dict[str, list[ast.expr]] = {}


def _inert(node: ast.expr, seen: frozenset[str] = frozenset()) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        if node.id.isupper():  # a module's constant (LEGEND, OFFLINE_LABEL): the program's own words
            return True
        # a name given only inert values in its module (a list built with literal() and shown a line later)
        values = _GIVEN.get(node.id)
        return bool(values) and node.id not in seen and all(_inert(v, seen | {node.id}) for v in values)
    if isinstance(node, ast.Subscript):  # SEVERITY_LABELS[f.severity]
        return isinstance(node.value, ast.Name) and node.value.id.isupper()
    if isinstance(node, ast.BoolOp):
        return all(_inert(v, seen) for v in node.values)
    if isinstance(node, ast.Call):
        if _name(node.func) in INERT_CALLS or (_name(node.func) == "len" and isinstance(node.func, ast.Name)):
            return True
        if _name(node.func) == "join" and isinstance(node.func, ast.Attribute) and _inert(node.func.value, seen):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.GeneratorExp | ast.ListComp):
                return _inert(arg.elt, seen)
            return isinstance(arg, ast.List | ast.Tuple) and all(_inert(e, seen) for e in arg.elts)
        return False
    if isinstance(node, ast.JoinedStr):
        return all(_inert(v, seen) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return node.format_spec is not None or _inert(node.value, seen)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _inert(node.left, seen) and _inert(node.right, seen)
    if isinstance(node, ast.IfExp):
        return _inert(node.body, seen) and _inert(node.orelse, seen)
    return False


def markdown_calls_with_raw_words() -> list[str]:
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _GIVEN.clear()
        _GIVEN.update(_assignments(tree))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in MARKDOWN_METHODS or _name(node.func.value) in NOT_STREAMLIT:
                continue
            message = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "body"), None)
            if message is not None and not _inert(message):
                where = Path(path).relative_to(ROOT)
                found.append(f"{where}:{node.lineno}: {node.func.attr}({ast.unparse(message)[:80]})")
    return found


def test_the_pages_pass_words_to_markdown_only_through_literal():
    found = markdown_calls_with_raw_words()
    assert not found, "\n".join(found)


def test_the_scan_sees_a_raw_f_string_and_accepts_literal():
    samples = {
        'st.error(f"素材文件无法读取：{e}")': False,
        "st.success(message)": False,
        'box.caption(f"{who} 说")': False,
        'st.error(f"素材文件无法读取：{literal(str(e))}")': True,
        'st.caption(f"用量 {n:,}")': True,
        'st.markdown("\\n".join(f"- {literal(x)}" for x in xs))': True,
        'st.markdown("\\n".join(f"- {x}" for x in xs))': False,
        'st.warning(f"{SEVERITY_LABELS[f.severity]}：{literal(f.message)}（{len(xs)} 处）")': True,
        "st.caption(settings.model)": False,
    }
    _GIVEN.clear()
    for source, inert in samples.items():
        call = ast.parse(source).body[0].value
        assert _inert(call.args[0]) is inert, source
