import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the real published reports the importer is tested against live in ../shared (or $NIANBAO_SHARED)
SHARED = Path(os.environ.get("NIANBAO_SHARED", ROOT.parent / "shared"))
if not (SHARED / "examples").is_dir():
    raise pytest.UsageError(f"测试需要共享样例目录 {SHARED}/examples（项目旁的 shared/，或用 NIANBAO_SHARED 指定）")
SEED = SHARED / "examples" / "qihuxiang-2020.txt"
PUBLISHED = SHARED / "examples" / "published"
CITY_2024 = PUBLISHED / "001_huaian_shizf_2024.txt"


@pytest.fixture(scope="session")
def shared_examples() -> list[Path]:
    files = sorted(SHARED.joinpath("examples").rglob("*.txt"))
    assert files, f"no shared examples under {SHARED}"
    return files


@pytest.fixture(autouse=True)
def _no_real_model_endpoint(monkeypatch):
    """No test can reach a real model endpoint: settings from the developer's shell are cleared."""
    for name in list(os.environ):
        if name.startswith(("NIANBAO_LLM_", "OPENAI_")):
            monkeypatch.delenv(name)


pytest_plugins = ["tests.browser"]  # the browser tests' fixtures: chromium, the app server, the model server
