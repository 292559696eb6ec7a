"""The layout's boundaries: schemas stand alone, the check path stays light, openai only in app/llm."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from tests.conftest import ROOT, SEED


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
    }
    assert not loaded & heavy
