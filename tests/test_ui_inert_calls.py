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
INERT_CALLS |= {"finding_anchor"}  # the id of a table block on the same page, made by the program
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
                else:  # a, b = …; [a, *b] = …: nothing known of any
                    for t in ast.walk(target):
                        if isinstance(t, ast.Name):
                            given.setdefault(t.id, []).append(ast.Name("?"))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr) and isinstance(node.target, ast.Name):
            given.setdefault(node.target.id, []).append(node.value or ast.Name("?"))
        elif isinstance(node, ast.For | ast.comprehension | ast.withitem | ast.ExceptHandler | ast.arg):
            target = getattr(node, "target", None) or getattr(node, "optional_vars", None) or ast.Pass()
            names = [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
            names += [x for x in (getattr(node, "name", None), getattr(node, "arg", None)) if isinstance(x, str)]
            for name in names:
                given.setdefault(name, []).append(ast.Name("?"))
    return given


def _module_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top: its constants and what it imports."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


_GIVEN: dict[str, list[ast.expr]] = {}
_MODULE: set[str] = set()  # the module's own top-level names: an upper-case one is a constant of the program


def _constant(name: str) -> bool:
    return name.isupper() and (name in _MODULE or not _MODULE)


def _inert(node: ast.expr, seen: frozenset[str] = frozenset()) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.Name):
        if _constant(node.id):  # a module's constant (LEGEND, OFFLINE_LABEL): the program's own words
            return True
        # a name given only inert values in its module (a list built with literal() and shown a line later)
        values = _GIVEN.get(node.id)
        return bool(values) and node.id not in seen and all(_inert(v, seen | {node.id}) for v in values)
    if isinstance(node, ast.Subscript):  # SEVERITY_LABELS[f.severity]
        return isinstance(node.value, ast.Name) and _constant(node.value.id)
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
    """A call chain that starts with a call of one of PROGRAM_WORDS: rule_info(f.rule), table(v, "三").row(key)
    (not a variable of that name)."""
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return node.func.id in PROGRAM_WORDS
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _numeric_spec(spec: ast.expr | None) -> bool:
    if not isinstance(spec, ast.JoinedStr) or len(spec.values) != 1 or not isinstance(spec.values[0], ast.Constant):
        return False
    return not TEXT_SPEC.fullmatch(str(spec.values[0].value))


def _methods(func: ast.expr, seen: frozenset[str] = frozenset()) -> list[ast.Attribute]:
    """The methods a call may call: one, each branch of ``(st.error if … else st.warning)(…)``, or what a name was
    given (``show = st.warning; show(…)``)."""
    if isinstance(func, ast.IfExp):
        return _methods(func.body, seen) + _methods(func.orelse, seen)
    if isinstance(func, ast.Name) and func.id not in seen:
        return [m for v in _GIVEN.get(func.id, []) for m in _methods(v, seen | {func.id})]
    return [func] if isinstance(func, ast.Attribute) else []


def _shown_by(func: ast.expr) -> ast.expr:
    """What ``format_func=func`` shows, as an expression the scan judges: ``literal`` and the other inert calls,
    ``ROLES.get`` or ``{"a": "…"}.get`` of fixed strings are inert; anything else is not."""
    if isinstance(func, ast.Attribute) and func.attr == "get":
        if isinstance(func.value, ast.Dict):
            return ast.BoolOp(ast.And(), list(func.value.values))
        if isinstance(func.value, ast.Name) and _constant(func.value.id):
            return ast.Constant("")
    return ast.Call(func, [ast.Name("?")], [])


def _items(node: ast.expr) -> list[ast.expr]:
    """The elements of a literal list or tuple, else the expression itself."""
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple) else [node]


def _texts(node: ast.Call) -> list[ast.expr]:
    """What a call hands to Markdown: a message (every argument of st.write), a widget's label, help, a radio's
    options and captions, the tabs' titles, a metric's label, value and delta."""
    methods = [m for m in _methods(node.func) if _name(m.value) not in NOT_STREAMLIT]
    names = {m.attr for m in methods}
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    if "write" in names:
        return list(node.args)
    if names & MARKDOWN_METHODS:
        message = node.args[0] if node.args else keywords.get("body")
        return [message] if message is not None else []
    if "tabs" in names:
        return _items(node.args[0]) if node.args else []
    if "metric" in names:
        return [*node.args[:3], *(keywords[k] for k in ("label", "value", "delta", "help") if k in keywords)]
    if names & WIDGETS:
        label = node.args[0] if node.args else keywords.get("label")
        out = ([label] if label is not None else []) + ([keywords["help"]] if "help" in keywords else [])
        if "radio" in names:  # a radio's options and captions are Markdown (a selectbox's are plain text)
            options = node.args[1] if len(node.args) > 1 else keywords.get("options")
            shown = keywords.get("format_func")
            if shown is not None:  # what format_func gives: inert when it is literal() or a constant table's get
                out.append(_shown_by(shown))
            elif options is not None:
                out += _items(options)
            out += _items(keywords["captions"]) if "captions" in keywords else []
        return out
    return []


def markdown_calls_with_raw_words() -> list[str]:
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _GIVEN.clear()
        _GIVEN.update(_assignments(tree))
        _MODULE.clear()
        _MODULE.update(_module_names(tree))
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
    _MODULE.clear()
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
        'st.write("标题", raw)': 1,
        "st.tabs([name, '正文'])": 1,
        "st.metric(name, 3)": 1,
        "st.radio('角色', options)": 1,
        "st.radio('角色', ['a', 'b'], format_func=str)": 1,
        "st.radio('角色', keys, format_func={'a': '甲'}.get)": 0,
        "st.radio('角色', ['a'], captions=[note])": 1,
        "st.caption(f'{table.title}')": 1,  # a variable named like a function of the program's words
    }
    _GIVEN.clear()
    _MODULE.clear()
    for source, raw in samples.items():
        call = ast.parse(source).body[0].value
        assert sum(not _inert(t) for t in _texts(call)) == raw, source
