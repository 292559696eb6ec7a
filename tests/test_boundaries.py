"""The layout's boundaries: imports point one way (the table below), schemas stand alone, the check path stays
light, openai only in app/llm."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SEED

# ---------------------------------------------------------------- which part of the code may import which
# A part is a package of app (its folder), a module at the top of app ("cli.py"), or schemas. Imports point one way:
#     ui → workspace → assistant / drafting / export / audit → checking → importers → rules → schemas
# with llm below drafting and assistant, storage below workspace and ui, and nothing importing ui or a CLI module
# but the entry points. An arrow that is not here is a decision for review: add it here, saying why, or move the code.
ALLOWED: dict[str, set[str]] = {
    # entry points: `python -m app` runs the command line; `nianbao` dispatches to each subcommand's app/*/cli.py
    "__main__.py": {"cli.py"},
    "cli.py": {
        "audit",
        "checking.py",
        "drafting",
        "exit_codes.py",
        "export",
        "importers",
        "output_path.py",
        "render.py",
        "schemas",
        "ui",
    },
    "render.py": {"checking.py", "schemas"},  # check results as terminal text
    # Streamlit pages: read widgets → call one function → render
    "ui": {
        "workspace",
        "assistant",
        "drafting",
        "export",
        "importers",
        "rules",
        "storage",
        "llm",
        "resources.py",
        "schemas",
    },
    # page logic without streamlit (what a page shows, what an action does)
    "workspace": {"assistant", "drafting", "export", "audit", "importers", "rules", "storage", "schemas"},
    # what the tool does with reports; a subcommand's cli.py takes its exit codes from exit_codes.py
    "assistant": {
        "claims",
        "drafting",
        "llm",
        "importers",
        "rules",
        "resources.py",
        "schemas",
    },  # revisions grounded like drafts
    "drafting": {"claims", "llm", "importers", "rules", "resources.py", "exit_codes.py", "output_path.py", "schemas"},
    "export": {
        "drafting",
        "checking.py",
        "importers",
        "rules",
        "resources.py",
        "exit_codes.py",
        "output_path.py",
        "schemas",
    },
    "audit": {"checking.py", "importers", "rules", "exit_codes.py", "output_path.py", "schemas"},
    # one file read and checked: check, import, export, audit; drafted sections are grounded again (the gate)
    "checking.py": {"drafting", "importers", "rules", "schemas"},
    # run-together numbers are split only the one way the 勾稽 rules allow
    "importers": {"claims", "rules", "lazy_re.py", "schemas"},
    "rules": {"claims", "lazy_re.py", "schemas"},
    # prose read as claims (value, unit, subject, kind) and checked against facts: one reading for drafts,
    # revisions, reviewers' edits and published reports
    "claims": {"lazy_re.py", "schemas"},
    "storage": {"schemas"},
    "llm": {"schemas"},
    "exit_codes.py": set(),
    "output_path.py": set(),  # whether a command can write its output, asked before any work
    "lazy_re.py": set(),  # module-level patterns compiled on first use (the check path's start-up)
    "resources.py": set(),
    "__init__.py": set(),
    "schemas": set(),
}
ENTRY_POINTS = {"app/__main__.py", "app/cli.py"}


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


def test_schemas_import_nothing_of_app():
    for path in _modules("schemas"):
        assert not any(n == "app" or n.startswith("app.") for n in _imports(path)), path


def test_only_app_llm_imports_openai_and_no_domain_module_imports_streamlit():
    for path in _modules("app"):
        names = _imports(path)
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith("app/llm/"):
            assert not any(n.split(".")[0] == "openai" for n in names), rel
        if not rel.startswith("app/ui/"):
            assert not any(n.split(".")[0] == "streamlit" for n in names), rel


def test_check_path_loads_no_heavy_library():
    code = (
        "import sys, json, io, contextlib\n"
        "from app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(SEED)!r}])\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    loaded = {m.split(".")[0] for m in json.loads(out)}
    heavy = {
        "streamlit",
        "openai",
        "docx",
        "openpyxl",
        "pdfplumber",
        "lxml",
        "typer",
        "rich",
        "sqlalchemy",
        "pandas",
        "opencc",
        "tqdm",
        "jinja2",
    }
    assert not loaded & heavy


def test_check_path_builds_only_what_the_check_uses():
    """Start-up is most of a `check`: checking a text report builds no drafting output model, loads no cross-year
    rule without last year's report nor importlib.metadata, and compiles the patterns of claims and rules only when
    they run."""
    code = (
        "import sys, json, io, contextlib\n"
        "from app.lazy_re import LazyPattern\n"
        "def lazy():\n"
        "    mods = [m for n, m in list(sys.modules.items()) if n.startswith(('app.claims', 'app.rules'))]\n"
        "    return [v for m in mods for v in vars(m).values() if isinstance(v, LazyPattern)]\n"
        "from app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(SEED)!r}])\n"
        "from schemas.drafting import ALL_OUTPUT_MODELS\n"
        "built = [m.__name__ for m in ALL_OUTPUT_MODELS if m.__pydantic_complete__]\n"
        "patterns = lazy()\n"
        "print(json.dumps({'built': built, 'cross_year': 'app.rules.cross_year' in sys.modules,\n"
        "    'metadata': [m for m in ('importlib.metadata', 'email') if m in sys.modules],\n"
        "    'patterns': len(patterns), 'compiled': sum('_compiled' in vars(p) for p in patterns)}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    seen = json.loads(out)
    assert seen["built"] == []
    assert not seen["cross_year"]
    assert seen["metadata"] == []  # pydantic's plugin search is skipped (app/cli.py)
    assert 0 < seen["compiled"] < seen["patterns"], seen


# ---------------------------------------------------------------- the imports, read with ast


@dataclass(frozen=True)
class Import:
    file: str  # "app/assistant/revise.py"
    line: int
    module: str  # the module imported: "app.drafting.sections"
    at_load: bool  # runs when the importing module is loaded (not inside a function, not under TYPE_CHECKING)


def _sources(root: Path) -> list[Path]:
    return sorted(p for folder in ("app", "schemas") for p in (root / folder).rglob("*.py"))


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _nodes(node: ast.AST, at_load: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node under ``node`` with whether it runs when the module is loaded."""
    for child in ast.iter_child_nodes(node):
        runs = at_load and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(node, ast.If) and _type_checking(node.test) and any(child is n for n in node.body):
            runs = False
        yield child, runs
        yield from _nodes(child, runs)


def project_imports(root: Path) -> list[Import]:
    """Every import of app and schemas by a module of app or schemas, including those inside functions."""
    modules = {_module_name(root, p) for p in _sources(root)}
    out: list[Import] = []
    for path in _sources(root):
        name = _module_name(root, path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        file = path.relative_to(root).as_posix()
        for node, at_load in _nodes(ast.parse(path.read_text(encoding="utf-8")), True):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: `from .common import fmt` in app/rules/__init__.py
                    up = package.split(".")
                    base = ".".join(up[: len(up) - node.level + 1] + ([node.module] if node.module else []))
                # `from app import cli` imports the module app.cli; `from app.importers import ReadError` the package
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
                targets = list(dict.fromkeys(targets))  # `from m import a, b` imports m once
            else:
                continue
            out += [Import(file, node.lineno, t, at_load) for t in targets if t.split(".")[0] in ("app", "schemas")]
    return out


def part_of_file(file: str) -> str:
    """The part a file belongs to: "schemas", a package of app ("ui"), or a top-level module ("cli.py")."""
    parts = file.split("/")
    return "schemas" if parts[0] == "schemas" else parts[1]


def part_of_module(root: Path, module: str) -> str | None:
    """The part an imported module belongs to; None when no such module exists."""
    parts = module.split(".")
    if parts[0] == "schemas":
        return "schemas"
    if len(parts) == 1:
        return "__init__.py"
    if (root / "app" / parts[1]).is_dir():
        return parts[1]
    if (root / "app" / f"{parts[1]}.py").is_file():
        return f"{parts[1]}.py"
    return None


def broken_arrows(root: Path, allowed: Mapping[str, set[str]]) -> list[str]:
    """One line per import that the table does not allow: the file, the import and the rule broken."""
    out = []
    for imp in project_imports(root):
        source, target = part_of_file(imp.file), part_of_module(root, imp.module)
        where = f"{imp.file}:{imp.line} imports {imp.module}"
        if target is None:
            out.append(f"{where}: no such module in the repository")
        elif source not in allowed:
            out.append(f"{where}: «{source}» has no row in ALLOWED (say what it may import)")
        elif target != source and target not in allowed[source]:
            may = ", ".join(sorted(allowed[source])) or "nothing of app or schemas"
            out.append(f"{where}: «{source}» may import only {may} — not «{target}»")
    return out


def cli_imports(root: Path, entry_points: set[str]) -> list[str]:
    """Imports of a command-line module (app/cli.py, app/*/cli.py) by anything but the entry points."""
    return [
        f"{imp.file}:{imp.line} imports {imp.module}: only {', '.join(sorted(entry_points))} import a CLI module"
        for imp in project_imports(root)
        if (imp.module == "app.cli" or (imp.module.startswith("app.") and imp.module.endswith(".cli")))
        and imp.file not in entry_points
    ]


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as [a, b, …, a], or [] when it has none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def _graph(edges: list[tuple[str, str, Import]]) -> tuple[dict[str, set[str]], dict[tuple[str, str], Import]]:
    graph: dict[str, set[str]] = {}
    example: dict[tuple[str, str], Import] = {}
    for a, b, imp in edges:
        if a != b:
            graph.setdefault(a, set()).add(b)
            example.setdefault((a, b), imp)
    return graph, example


def _explain(cycle: list[str], example: Mapping[tuple[str, str], Import]) -> str:
    steps = [example[(a, b)] for a, b in zip(cycle, cycle[1:], strict=False)]
    return " → ".join(cycle) + "\n" + "\n".join(f"  {s.file}:{s.line} imports {s.module}" for s in steps)


def part_cycle(root: Path) -> str:
    """An import cycle between parts (imports inside functions count), explained; "" when there is none."""
    edges = []
    for imp in project_imports(root):
        target = part_of_module(root, imp.module)
        if target is not None:
            edges.append((part_of_file(imp.file), target, imp))
    graph, example = _graph(edges)
    cycle = find_cycle(graph)
    return _explain(cycle, example) if cycle else ""


def module_cycle(root: Path) -> str:
    """An import cycle between modules through imports that run at load time, explained; "" when none."""
    modules = {_module_name(root, p) for p in _sources(root)}
    edges = []
    for imp in project_imports(root):
        target = imp.module
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if imp.at_load and target:
            edges.append((_module_name(root, root / imp.file), target, imp))
    graph, example = _graph(edges)
    cycle = find_cycle(graph)
    return _explain(cycle, example) if cycle else ""


# ---------------------------------------------------------------- the tests


def test_every_part_of_the_code_has_a_row_and_every_row_a_part():
    parts = {part_of_file(p.relative_to(ROOT).as_posix()) for p in _sources(ROOT)}
    assert not parts - set(ALLOWED), f"parts with no row in ALLOWED (say what they may import): {parts - set(ALLOWED)}"
    named = set(ALLOWED).union(*ALLOWED.values())
    assert not named - parts, f"ALLOWED names parts that do not exist: {named - parts}"


def test_every_import_follows_the_table():
    broken = broken_arrows(ROOT, ALLOWED)
    assert not broken, "imports the table in tests/test_boundaries.py does not allow:\n" + "\n".join(broken)


def test_nothing_imports_the_ui_or_a_cli_module_but_the_entry_points():
    for part, targets in ALLOWED.items():
        if part not in ("cli.py", "__main__.py"):
            assert not targets & {"ui", "cli.py", "__main__.py"}, part
    found = cli_imports(ROOT, ENTRY_POINTS)
    assert not found, "\n".join(found)


def test_the_table_points_one_way():
    assert find_cycle(ALLOWED) == []


def test_no_import_cycle_between_parts():
    cycle = part_cycle(ROOT)
    assert not cycle, "parts that import each other:\n" + cycle


def test_no_import_cycle_between_modules_at_load_time():
    cycle = module_cycle(ROOT)
    assert not cycle, "modules that import each other when loaded:\n" + cycle


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_walk_finds_imports_in_functions_relative_imports_and_cycles(tmp_path):
    root = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/cli.py": "from app.rules import check\n",
            "app/rules/__init__.py": "from .common import fmt\n\ndef check():\n    from app import cli\n",
            "app/rules/common.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.rules import check\n",
            "app/ui/__init__.py": "",
            "schemas/__init__.py": "from app.ui import page\n",
        },
    )
    table = {"cli.py": {"rules"}, "rules": {"schemas"}, "ui": set(), "schemas": set(), "__init__.py": set()}
    assert broken_arrows(root, table) == [
        "app/rules/__init__.py:4 imports app.cli: «rules» may import only schemas — not «cli.py»",
        "schemas/__init__.py:1 imports app.ui: «schemas» may import only nothing of app or schemas — not «ui»",
    ]
    assert cli_imports(root, {"app/cli.py"}) == [
        "app/rules/__init__.py:4 imports app.cli: only app/cli.py import a CLI module"
    ]
    assert part_cycle(root).startswith("cli.py → rules → cli.py")  # the import inside check() counts
    assert module_cycle(root) == ""  # app.rules → app.rules.common runs at load, the way back only for type checks
    (root / "app/rules/common.py").write_text("import app.rules\n", encoding="utf-8")
    assert module_cycle(root).startswith("app.rules → app.rules.common → app.rules")
