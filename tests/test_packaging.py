"""Installed like real software: the wheel run outside the repository, the offline bundle, missing system tools."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import tomllib
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.importers import read_report
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# repository folder → where the wheel carries it (setup.py), and the files read at run time
DATA = {
    "prompts": ("app/_data/prompts", "**/*.j2"),
    "docs/knowledge": ("app/_data/knowledge", "*.md"),
    "examples": ("app/_data/examples", "*.json"),
}
# not part of a build: the developer's environment, build output, the app's data, test output
_NOT_SOURCES = {
    ".venv",
    ".git",
    "build",
    "dist",
    "data",
    "test-artifacts",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
}


def _pip_env() -> dict[str, str]:
    """The environment for pip runs that must not reach any index: no configuration file, no PIP_ variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _run(cmd, *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(nianbao: Path, *, cwd: Path, env: dict[str, str], timeout: float = 90):
    """`nianbao app` started from ``nianbao`` on a free port; yields the health answer, then stops the app."""
    port = _free_port()
    log = cwd / f"app-{port}.log"
    with log.open("wb") as out:
        # its own process group: `nianbao app` starts streamlit as a child, and both must go at the end
        process = subprocess.Popen(
            [str(nianbao), "app", "--port", str(port), "--db", f"sqlite:///{cwd / 'app.db'}"],
            cwd=cwd,
            env={**env, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline, answer = time.monotonic() + timeout, b""
        while time.monotonic() < deadline and process.poll() is None and answer != b"ok":
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    answer = r.read().strip()
            except OSError:
                time.sleep(0.3)
        assert answer == b"ok", log.read_text(encoding="utf-8", errors="replace")
        yield answer
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _cells(report) -> dict:
    return {(t, k): (c.value, c.raw) for t, cells in report.tables.items() for k, c in cells.items()}


# ---------------------------------------------------------------- the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The nianbao wheel, built without a download from a copy of the sources."""
    try:
        import setuptools
    except ImportError:
        pytest.fail("构建 wheel 需要 setuptools：请运行 bash scripts/setup.sh（dev 依赖中含 setuptools）")
    if tuple(int(n) for n in setuptools.__version__.split(".")[:2]) < (70, 1):
        pytest.fail(f"setuptools {setuptools.__version__} 太旧：请运行 bash scripts/setup.sh")
    work = tmp_path_factory.mktemp("wheel")

    def skip(directory: str, names: list[str]) -> list[str]:
        top = Path(directory) == ROOT
        return [n for n in names if n == "__pycache__" or top and (n in _NOT_SOURCES or n.endswith(".egg-info"))]

    shutil.copytree(ROOT, work / "src", ignore=skip)
    p = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", work / "out", work / "src"],
        cwd=work,
        env=_pip_env(),
    )
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    (built,) = (work / "out").glob("nianbao-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with only the wheel installed; the dependencies come from this
    environment's site-packages through a .pth file (nothing is downloaded). Its bin/ folder."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    p = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel],
        cwd=venv,
        env=_pip_env(),
    )
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=venv).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(site, "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return venv / "bin"


def _installed_env(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NIANBAO_DB", "DATABASE_URL")}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}


@pytest.mark.slow
def test_the_wheel_carries_every_file_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, (inside, pattern) in DATA.items():
        files = sorted((ROOT / folder).glob(pattern))
        assert files, folder
        for path in files:
            assert f"{inside}/{path.relative_to(ROOT / folder).as_posix()}" in names, path
    assert "app/export/fonts.conf" in names
    for package in ("app", "schemas"):
        for path in (ROOT / package).rglob("*.py"):
            assert path.relative_to(ROOT).as_posix() in names, path
    assert {"app/_data/prompts/assistant/system.j2", "app/_data/prompts/offline/overview.j2"} <= names


@pytest.mark.slow
def test_the_installed_wheel_reads_its_own_files_not_the_repository(installed, tmp_path):
    probe = (
        "import json, sys\n"
        "import app, schemas\n"
        "from app.assistant.knowledge import KNOWLEDGE_DIR, knowledge_base\n"
        "from app.drafting.prompts import PROMPTS_DIR, environment\n"
        "from app.export.pdf import FONTS_CONF\n"
        "from app.storage.repository import Store\n"
        "from app.ui.state import EXAMPLES, seed_examples\n"
        "store = Store.open(sys.argv[1])\n"
        "seed_examples(store)\n"
        "print(json.dumps({'path': sys.path, 'code': [app.__file__, schemas.__file__],\n"
        "    'files': [str(PROMPTS_DIR), str(KNOWLEDGE_DIR), str(EXAMPLES), str(FONTS_CONF)],\n"
        "    'entries': len(knowledge_base().entries), 'templates': len(environment().list_templates()),\n"
        "    'seeded': len(store.list_reports())}))\n"
    )
    p = _run(
        [installed / "python", "-c", probe, f"sqlite:///{tmp_path / 'seed.db'}"],
        cwd=tmp_path,
        env=_installed_env(installed),
    )
    assert p.returncode == 0, p.stderr
    facts = json.loads(p.stdout.strip().splitlines()[-1])
    prefix = str(installed.parent)
    assert all(f.startswith(prefix) for f in facts["code"] + facts["files"]), facts
    assert all(Path(f).exists() for f in facts["files"]), facts
    # only this environment's site-packages (third-party libraries) come from near the repository
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    near_repo = [e for e in facts["path"] if e and Path(e).resolve().is_relative_to(ROOT) and e not in ours]
    assert not near_repo, facts["path"]
    assert facts["entries"] > 0 and facts["seeded"] == 2
    assert facts["templates"] == len(list((ROOT / "prompts").rglob("*.j2")))


@pytest.mark.slow
def test_the_installed_commands_work_from_any_folder(installed, tmp_path):
    env = _installed_env(installed)
    nianbao = installed / "nianbao"
    for name in ("county-department-2025.json", "county-department-2025-with-errors.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)

    p = _run([nianbao, "check", "county-department-2025.json"], cwd=tmp_path, env=env)
    assert p.returncode == 0 and "未发现问题" in p.stdout, p.stdout + p.stderr
    p = _run([nianbao, "check", "county-department-2025-with-errors.json"], cwd=tmp_path, env=env)
    assert p.returncode == 1 and "错误 R-C" in p.stdout, p.stdout + p.stderr

    p = _run(
        [nianbao, "draft", "county-department-2025.json", "--overwrite", "-o", "drafted.json"], cwd=tmp_path, env=env
    )
    assert p.returncode == 0, p.stderr
    drafted = read_report(tmp_path / "drafted.json")
    assert {k: d.mode for k, d in drafted.drafting.items()} == dict.fromkeys(("前言", "一", "五", "六"), "template")
    assert drafted.preface and drafted.overview.paragraphs()

    source = read_report(tmp_path / "county-department-2025.json")
    for fmt in ("docx", "html", "md", "xlsx"):
        p = _run([nianbao, "export", "county-department-2025.json", "-o", f"年报.{fmt}"], cwd=tmp_path, env=env)
        assert p.returncode == 0, p.stderr
        assert _cells(read_report(tmp_path / f"年报.{fmt}")) == _cells(source), fmt

    with _serving(nianbao, cwd=tmp_path, env=env) as health:
        assert health == b"ok"


# ---------------------------------------------------------------- the offline bundle


@pytest.mark.slow
def test_the_offline_bundle_installs_and_runs_without_an_index(tmp_path):
    """Building the bundle downloads the dependency wheels (pip's cache answers for those setup.sh installed);
    installing it uses wheels/ alone."""
    p = _run(["bash", ROOT / "scripts" / "bundle.sh", "--out", tmp_path / "dist"], cwd=tmp_path, timeout=900)
    assert p.returncode == 0, p.stderr[-5000:]
    archive = Path(p.stdout.strip().splitlines()[-1])
    python_version = "{}.{}".format(*sys.version_info[:2])
    name = f"nianbao-offline-{VERSION}-linux-{os.uname().machine}-py{python_version}"
    assert archive == tmp_path / "dist" / f"{name}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    bundle = tmp_path / "unpacked" / name
    wheels = {w.name.split("-")[0].lower() for w in (bundle / "wheels").glob("*.whl")}
    assert {"nianbao", "pip", "streamlit", "pydantic_core", "lxml", "psycopg_binary"} <= wheels
    assert (bundle / "安装说明.txt").read_text(encoding="utf-8").startswith("年报助手")

    # the Python install.sh finds by its version, ahead of whatever else PATH holds
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / f"python{python_version}").symlink_to(sys._base_executable)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NIANBAO_DB", "DATABASE_URL", "PYTHON")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", XDG_DATA_HOME=str(tmp_path / "userdata"))
    p = _run(["bash", bundle / "install.sh"], cwd=tmp_path, env=env, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "安装完成" in p.stdout
    launcher = bundle / "nianbao"

    shutil.copy(EXAMPLES / "county-department-2025-with-errors.json", tmp_path / "年报.json")
    p = _run([launcher, "check", "年报.json"], cwd=tmp_path, env=env)
    assert p.returncode == 1 and "错误 R-C" in p.stdout, p.stdout + p.stderr
    p = _run([bundle / "venv" / "bin" / "python", "-c", "import app, sys; print(app.__file__)"], cwd=tmp_path, env=env)
    assert p.stdout.strip().startswith(str(bundle / "venv")), p.stdout + p.stderr

    with _serving(launcher, cwd=tmp_path, env=env) as health:
        assert health == b"ok"


# ---------------------------------------------------------------- system tools the bundle does not carry


def _nianbao(*args, cwd: Path, path: Path) -> subprocess.CompletedProcess:
    """`nianbao` with PATH set to ``path`` only (so LibreOffice and fontconfig's tools are what it holds)."""
    env = {**os.environ, "PATH": str(path), "HOME": str(cwd), "LANG": "C.UTF-8"}
    return _run([sys.executable, "-m", "app", *args], cwd=cwd, env=env)


def _tool(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("#!/bin/sh\n" + script, encoding="utf-8")
    (folder / name).chmod(0o755)


def test_reading_a_doc_without_libreoffice_names_the_package(tmp_path):
    (tmp_path / "bin").mkdir()
    doc = tmp_path / "年报.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)  # an OLE2 (Word 97–2003) header
    p = _nianbao("check", doc, cwd=tmp_path, path=tmp_path / "bin")
    assert p.returncode == 2, p.stdout + p.stderr
    assert "需要 LibreOffice" in p.stdout and "libreoffice-writer-nogui" in p.stdout
    assert "Traceback" not in p.stdout + p.stderr


# a stand-in for soffice: writes the PDF it was asked for, holding the fontconfig file it was given
_FAKE_SOFFICE = """\
while [ $# -gt 1 ]; do [ "$1" = "--outdir" ] && outdir=$2; shift; done
printf '%%PDF-1.4 %s' "$FONTCONFIG_FILE" > "$outdir/report.pdf"
"""


def test_pdf_without_a_chinese_font_names_the_font_package(tmp_path):
    tools = tmp_path / "bin"
    _tool(tools, "soffice", _FAKE_SOFFICE)
    _tool(tools, "fc-list", "exit 0\n")  # fontconfig knows no font with Chinese characters
    p = _nianbao("export", EXAMPLES / "county-department-2025.json", "-o", "x.pdf", cwd=tmp_path, path=tools)
    assert p.returncode == 2
    assert "中文字体" in p.stderr and "fonts-noto-cjk" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_with_a_chinese_font_goes_to_libreoffice_with_the_font_aliases(tmp_path):
    tools = tmp_path / "bin"
    _tool(tools, "soffice", _FAKE_SOFFICE)
    _tool(tools, "fc-list", "echo 'Noto Serif CJK SC'\n")
    p = _nianbao("export", EXAMPLES / "county-department-2025.json", "-o", "x.pdf", cwd=tmp_path, path=tools)
    assert p.returncode == 0, p.stderr
    fonts_conf = Path((tmp_path / "x.pdf").read_text(encoding="utf-8").removeprefix("%PDF-1.4 "))
    assert fonts_conf.name == "fonts.conf" and "仿宋_GB2312" in fonts_conf.read_text(encoding="utf-8")


def test_the_export_page_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NIANBAO_DB", f"sqlite:///{tmp_path / 'ui.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    at = AppTest.from_file(str(ROOT / "app" / "ui" / "main.py"), default_timeout=60)
    at.session_state["who"], at.session_state["role"] = "王审", "reviewer"
    at.run()
    at.switch_page("pages/export.py")
    at.run()
    while confirm := [b for b in at.button if b.key and b.key.startswith("confirm:")]:  # the example's errors
        at.text_input(key=confirm[0].key.replace("confirm:", "confirm_reason:", 1)).input("已核实，按原表发布").run()
        at.button(key=confirm[0].key).click().run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("PDF：未找到 LibreOffice") and "libreoffice-writer-nogui" in c for c in captions), captions
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Word（公文格式）" in labels and "PDF" not in labels
