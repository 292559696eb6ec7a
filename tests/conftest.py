from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "qihuxiang-2020.txt"
PUBLISHED = SHARED / "examples" / "published"
CITY_2024 = PUBLISHED / "001_huaian_shizf_2024.txt"


@pytest.fixture(scope="session")
def shared_examples() -> list[Path]:
    files = sorted(SHARED.joinpath("examples").rglob("*.txt"))
    assert files, f"no shared examples under {SHARED}"
    return files
