"""The switch for tests that read the real-report corpus: skipped without it, failed when CI names a missing one."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS_VARIABLE, ROOT, corpus_path


def _corpus(folder, *names):
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("年报", encoding="utf-8")
    return folder


def test_no_variable_and_no_corpus_beside_the_clone_skips_with_the_reason(tmp_path):
    with pytest.raises(pytest.skip.Exception) as skipped:
        corpus_path("published", "a.txt", environ={}, default=tmp_path / "beside" / "examples")
    assert "没有真实年报样本库" in str(skipped.value) and CORPUS_VARIABLE in str(skipped.value)


def test_the_corpus_beside_the_clone_is_used_without_the_variable(tmp_path):
    folder = _corpus(tmp_path / "examples", "published/a.txt")
    assert corpus_path("published", "a.txt", environ={}, default=folder) == folder / "published" / "a.txt"
    assert corpus_path(environ={}, default=folder) == folder


def test_the_variable_wins_over_the_folder_beside_the_clone(tmp_path):
    beside = _corpus(tmp_path / "beside", "a.txt")
    named = _corpus(tmp_path / "named", "a.txt")
    assert corpus_path("a.txt", environ={CORPUS_VARIABLE: str(named)}, default=beside) == named / "a.txt"


def test_a_variable_naming_a_missing_folder_fails_instead_of_skipping(tmp_path):
    with pytest.raises(pytest.fail.Exception) as failed:
        corpus_path("a.txt", environ={CORPUS_VARIABLE: str(tmp_path / "nowhere")}, default=tmp_path / "none")
    assert CORPUS_VARIABLE in str(failed.value) and "nowhere" in str(failed.value)


@pytest.mark.parametrize("configured", [True, False])
def test_a_corpus_without_the_expected_file_fails(tmp_path, configured):
    folder = _corpus(tmp_path / "examples", "published/other.txt")
    environ = {CORPUS_VARIABLE: str(folder)} if configured else {}
    with pytest.raises(pytest.fail.Exception, match="a.txt"):
        corpus_path("published", "a.txt", environ=environ, default=folder)


def test_ci_names_the_corpus_before_running_the_tests():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {CORPUS_VARIABLE}=" in script
    assert script.index(f"export {CORPUS_VARIABLE}=") < script.index("scripts/test.sh")
