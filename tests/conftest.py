import os
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# the project's seed example as published text (七户乡 2020, 2019 format); examples/qihuxiang-2020.json is its import
SEED = EXAMPLES / "qihuxiang-2020.txt"
# a whole 2021-format city report of an invented unit, laid out like text taken from a PDF (tests/fixtures/README.md)
CITY = ROOT / "tests" / "fixtures" / "shili-city-2024.txt"

# The corpus of real published reports (qihuxiang-2020.txt and published/*.txt) is not part of the repository.
# Tests that read it take it from $NIANBAO_CORPUS, else from shared/examples beside the clone when that exists.
CORPUS_VARIABLE = "NIANBAO_CORPUS"
DEFAULT_CORPUS = ROOT.parent / "shared" / "examples"
CORPUS_CITY_2024 = ("published", "001_huaian_shizf_2024.txt")  # 淮安市人民政府 2024, the whole report


def corpus_path(*parts: str, environ: Mapping[str, str] | None = None, default: Path = DEFAULT_CORPUS) -> Path:
    """The corpus folder, or ``parts`` inside it.

    Without a corpus the calling test is skipped; when $NIANBAO_CORPUS is set (as CI sets it) a missing folder
    or file fails the test instead, so that the corpus tests can never be skipped silently.
    """
    environ = os.environ if environ is None else environ
    configured = environ.get(CORPUS_VARIABLE, "")
    folder = Path(configured) if configured else default
    if not configured and not folder.is_dir():
        pytest.skip(
            f"没有真实年报样本库（{folder}）：跳过；设置 {CORPUS_VARIABLE} 指向样本目录即可运行"
            f" / no real-report corpus: skipped; set {CORPUS_VARIABLE} to the corpus folder to run it"
        )
    if not folder.is_dir():
        pytest.fail(
            f"{CORPUS_VARIABLE}={configured}：样本目录不存在 / the corpus folder {CORPUS_VARIABLE} names does not exist",
            pytrace=False,
        )
    path = folder.joinpath(*parts)
    if not path.exists():
        origin = f"{CORPUS_VARIABLE}={configured}" if configured else "项目旁的 shared/examples"
        pytest.fail(f"真实年报样本库（{origin}）中没有 {path} / the corpus has no {path}", pytrace=False)
    return path


@pytest.fixture
def corpus() -> Path:
    """The corpus folder (skip or fail as ``corpus_path`` says)."""
    return corpus_path()


@pytest.fixture
def corpus_reports(corpus: Path) -> list[Path]:
    """Every report of the corpus (.txt), in a stable order."""
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        pytest.fail(f"真实年报样本库 {corpus} 中没有 .txt 年报 / no reports in the corpus {corpus}", pytrace=False)
    return files


@pytest.fixture
def corpus_city_2024() -> Path:
    """The whole 2024 report of 淮安市人民政府 in the corpus."""
    return corpus_path(*CORPUS_CITY_2024)


# what makes a test slow, besides an explicit mark: LibreOffice conversions, a PostgreSQL server, a module of
# AppTest page runs; `-m "not slow and not browser"` leaves them out for a quick run while editing
SLOW_FIXTURES = frozenset({"office_files", "results"})
SLOW_MODULES = frozenset({"test_ui.py", "test_ui_chat.py"})


# A browser test drives three processes (chromium, the app, pytest) on two cores: a click can still land while the
# page is drawing. One that fails is run once more from the start; the summary line counts it ("1 rerun"), and a
# defect fails both runs. A test marked `race` tests a race the app must win every time: it gets no second run.
BROWSER_RERUNS = 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") is not None and item.get_closest_marker("race") is None:
            item.add_marker(pytest.mark.flaky(reruns=BROWSER_RERUNS, reruns_delay=2))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (
            SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or item.path.name in SLOW_MODULES
            or params.get("new_url") == "postgresql"
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_real_model_endpoint(monkeypatch):
    """No test can reach a real model endpoint: settings from the developer's shell are cleared."""
    for name in list(os.environ):
        if name.startswith(("NIANBAO_LLM_", "OPENAI_")):
            monkeypatch.delenv(name)


pytest_plugins = ["tests.browser"]  # the browser tests' fixtures: chromium, the app server, the model server
