"""Every text the pages hand to Streamlit's Markdown (st.success/error/warning/info/caption/write/markdown/toast,
titles, the same on a container, called directly or chosen by a condition, and the labels and ``help=`` of widgets,
which Streamlit also draws as Markdown) is inert where it carries words from a user, a file or a model: the pages
pass those words through ``literal()`` (or ``chat_markdown()``). The scan reads the source of app/ui: a message is
accepted when it is a fixed string, a module constant (LEGEND, SEVERITY_LABELS[…]), a ``literal``/``chat_markdown``
call, the program's own official titles and labels (section_title(…), rule_info(…).title, table(…).row(…).label),
or an f-string, join or sum whose every interpolated value is one of those, a count (len(…), sum(…)) or a number
or date with a format spec that text cannot take ({n:,}, {x:.1f}, {at:%m-%d}; a width alone, {name:5}, formats
text too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

MARKDOWN_METHODS = {"success", "error", "warning", "info", "caption", "write", "markdown", "toast", "title", "header"}
MARKDOWN_METHODS |= {"subheader"}
INERT_CALLS = {"literal", "chat_markdown", "_anchor"}  # _anchor: the page's own <a id=…> for a table block
INERT_CALLS |= {"section_title", "part_title"}  # the official titles of the parts (schemas/registry.py)
COUNTS = {"len", "sum"}
PROGRAM_WORDS = {"rule_info", "table"}  # rule_info(…).title, table(…).row(…).label: the program's own words
WIDGETS = {"button", "download_button", "form_submit_button", "link_button", "popover", "expander", "checkbox"}
WIDGETS |= {"toggle", "radio", "selectbox", "multiselect", "text_input", "text_area", "number_input", "date_input"}
WIDGETS |= {"file_uploader", "segmented_control", "pills"}
NOT_STREAMLIT = {"log", "logger", "logging", "warnings", "LOG"}
# the format specs that also format text: fill and align, width, precision, type s; any other ({n:,} {x:.1f}
# {at:%m-%d}) raises on text, so what it formats is a number or a date
TEXT_SPEC = re.compile(r"(?:.?[<>=^])?\d*(?:\.\d+)?s?")


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
    if isinstance(node, ast.Attribute) and node.attr in ("title", "label"):
        return _program_words(node.value)
    if isinstance(node, ast.Call):
        if _name(node.func) in INERT_CALLS or (_name(node.func) in COUNTS and isinstance(node.func, ast.Name)):
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
        return _numeric_spec(node.format_spec) or _inert(node.value, seen)
    if isinstance(node, ast.BinOp):  # a + b, n - m, "%s" % x: inert when both sides are
        return _inert(node.left, seen) and _inert(node.right, seen)
    if isinstance(node, ast.IfExp):
        return _inert(node.body, seen) and _inert(node.orelse, seen)
    return False


def _program_words(node: ast.expr) -> bool:
    """A call chain that starts at one of PROGRAM_WORDS: rule_info(f.rule), table(v, "三").row(key)."""
    while isinstance(node, ast.Call | ast.Attribute):
        node = node.func if isinstance(node, ast.Call) else node.value
    return isinstance(node, ast.Name) and node.id in PROGRAM_WORDS


def _numeric_spec(spec: ast.expr | None) -> bool:
    if not isinstance(spec, ast.JoinedStr) or len(spec.values) != 1 or not isinstance(spec.values[0], ast.Constant):
        return False
    return not TEXT_SPEC.fullmatch(str(spec.values[0].value))


def _methods(func: ast.expr) -> list[ast.Attribute]:
    """The methods a call may call: one, or each branch of ``(st.error if … else st.warning)(…)``."""
    if isinstance(func, ast.IfExp):
        return _methods(func.body) + _methods(func.orelse)
    return [func] if isinstance(func, ast.Attribute) else []


def _texts(node: ast.Call) -> list[ast.expr]:
    """What a call hands to Markdown: a message, or a widget's label and help."""
    methods = [m for m in _methods(node.func) if _name(m.value) not in NOT_STREAMLIT]
    if any(m.attr in MARKDOWN_METHODS for m in methods):
        message = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "body"), None)
        return [message] if message is not None else []
    if any(m.attr in WIDGETS for m in methods):
        label = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "label"), None)
        return ([label] if label is not None else []) + [k.value for k in node.keywords if k.arg == "help"]
    return []


def markdown_calls_with_raw_words() -> list[str]:
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _GIVEN.clear()
        _GIVEN.update(_assignments(tree))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for text in _texts(node):
                if not _inert(text):
                    where = Path(path).relative_to(ROOT)
                    found.append(f"{where}:{node.lineno}: {ast.unparse(node.func)[:40]}({ast.unparse(text)[:80]})")
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
        'st.caption(f"{name:>10}")': False,  # a width formats text as well as numbers
        'st.caption(f"{x:.3}")': False,  # so does a precision alone (the first three characters)
        'st.caption(f"{n:,}")': True,
        'st.caption(f"{at:%m-%d %H:%M}")': True,
        'st.caption("%s 说" % who)': False,
        'st.warning(f"{rule_info(f.rule).title}")': True,
        'st.warning(f"{f.rule.title}")': False,
    }
    _GIVEN.clear()
    for source, inert in samples.items():
        call = ast.parse(source).body[0].value
        assert _inert(call.args[0]) is inert, source


def test_the_scan_reads_conditional_calls_and_widget_labels():
    samples = {
        '(st.error if bad else st.warning)(f"{e}")': 1,
        '(st.error if bad else st.warning)(literal(f"{e}"))': 0,
        'st.button(f"删除 {name}", key="x")': 1,
        'st.button("删除", help=f"删除 {name}")': 1,
        "st.expander(section_title(s))": 0,
        'st.text_input("你的姓名", key="who")': 0,
        'logger.warning(f"{e}")': 0,
    }
    _GIVEN.clear()
    for source, raw in samples.items():
        call = ast.parse(source).body[0].value
        assert sum(not _inert(t) for t in _texts(call)) == raw, source
