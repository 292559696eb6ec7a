"""Text built to make the readers work: long runs of digits, letters, dots, numbers with units, addresses. Each is
read and checked in time that grows with its length (patterns anchored where a run starts, numbers checked up to a
limit that is said), and a run that once took exponential time is read at once. A guard ends a test that hangs;
the figures are in ``benchmarks/run.py --hostile-text``."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.checking import check_path
from app.claims.reader import MAX_CLAIMS
from app.importers import read_bytes
from app.importers.meta import read_meta
from app.rules.statements import MAX_REPORT_CLAIMS
from app.ui.inert import chat_markdown
from schemas.findings import Rule
from tests.conftest import CITY

HANG = 60  # seconds: what each case below takes is a second or two; a hang is stopped here and fails the test
RUNS = {
    "digits": "9",
    "letters": "a",
    "dotted": "a.",
    "dashes": "a-",
    "numbers": "9 ",
    "counts": "9件",
    "mixed": "尚9未",
}


@contextmanager
def no_hang(seconds: int = HANG) -> Iterator[None]:
    def stop(*_):
        raise TimeoutError(f"超过 {seconds} 秒仍未结束")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _city_with(line: int, text: str, tmp_path: Path, name: str = "r.txt") -> Path:
    lines = CITY.read_text(encoding="utf-8").splitlines()
    lines[line] += text
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("unit", RUNS.values(), ids=RUNS.keys())
def test_a_long_run_in_a_sentence_is_read_and_checked(unit: str, tmp_path: Path):
    path = _city_with(16, unit * (200_000 // len(unit)) + "。", tmp_path)
    with no_hang():
        result = check_path(path)
    assert result.error is None and result.report.meta.agency == "示例市人民政府"


def test_a_cell_of_digits_after_a_label_is_read_at_once(tmp_path: Path):
    # 「尚」 and 40 digits before 「未审结」: a pattern that split the digits every possible way took 2^40 steps
    lines = CITY.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("58 | 17 | 36"))  # 表四's values
    lines[at] = lines[at].replace("58 |", "尚" + "9" * 40 + "未审结 |", 1)
    with no_hang():
        report = read_bytes("\n".join(lines).encode("utf-8"), "r.txt")
    assert report.meta.agency == "示例市人民政府"


def test_addresses_are_found_in_a_long_run_of_letters():
    with no_hang():
        meta, _ = read_meta([], "a" * 300_000 + " 网址：www.shilishi.gov.cn，邮箱：gk@shilishi.gov.cn。")
        shown = chat_markdown("a." * 150_000 + " 请写信到 gk@shilishi.gov.cn")
    assert meta.website == "www.shilishi.gov.cn" and meta.contact.email == "gk@shilishi.gov.cn"
    assert "`gk@shilishi.gov.cn`" in shown


def test_a_paragraph_of_too_many_numbers_is_checked_up_to_the_limit_and_says_so(tmp_path: Path):
    path = _city_with(16, "其中" + "9件、" * (MAX_CLAIMS + 50) + "。", tmp_path)
    with no_hang():
        result = check_path(path)
    said = [f for f in result.findings if f.rule == Rule.R_H and f"超过 {MAX_CLAIMS} 个" in f.message]
    assert len(said) == 1 and said[0].severity == "error" and said[0].section == "一"
    assert f"只核对了前 {MAX_CLAIMS} 个" in said[0].message


def test_a_report_of_too_many_numbers_is_checked_up_to_the_limit_and_says_so(tmp_path: Path):
    paragraphs = ("\n" + "其中" + "9件、" * (MAX_CLAIMS - 1) + "。") * (MAX_REPORT_CLAIMS // (MAX_CLAIMS - 1) + 2)
    path = _city_with(16, paragraphs, tmp_path)
    with no_hang():
        result = check_path(path)
    said = [f for f in result.findings if f.rule == Rule.R_H and f"正文的数字超过 {MAX_REPORT_CLAIMS} 个" in f.message]
    assert len(said) == 1 and said[0].severity == "error" and "未核对" in said[0].message
    assert not [f for f in result.findings if f"只核对了前 {MAX_CLAIMS} 个" in f.message]  # no paragraph over its own


def test_when_the_report_limit_ends_with_a_paragraph_the_next_paragraph_with_numbers_is_named(monkeypatch):
    from app.claims import build_ground, read_claims
    from app.importers import read_report
    from app.rules import statements
    from app.rules.narrative import section_paragraphs

    report = read_report(CITY)
    paragraphs = list(section_paragraphs(report))
    counts = [len(read_claims(p, year=report.meta.year)) for *_, p in paragraphs]
    first = next(i for i, n in enumerate(counts) if n)  # the limit is used up exactly at its end
    following = next(i for i in range(first + 1, len(counts)) if counts[i])
    monkeypatch.setattr(statements, "MAX_REPORT_CLAIMS", sum(counts[: first + 1]))
    said = [f for f in statements.claim_findings(report, build_ground(report)) if "未核对" in f.message]
    sec, title, index, _ = paragraphs[following]
    assert [(f.section, f.paragraph) for f in said] == [(sec, index)] and f"从「{title}」第 {index} 段起" in said[
        0
    ].message


def test_every_number_of_long_notes_is_a_fact():
    from app.claims import build_ground
    from app.importers import read_report

    notes = "".join(f"开展第{i}项活动{i}次。" for i in range(1, 3001))
    ground = build_ground(read_report(CITY), texts=[notes])
    assert {3000.0, 2999.0, 1.0} <= ground.numbers


def test_full_width_numbers_in_a_long_paragraph_are_quoted_in_linear_time(tmp_path: Path):
    # each claim quotes its clause as written: looked for where the number is, not from the paragraph's start
    path = _city_with(16, "（" + "９件、" * 1900 + "）", tmp_path)
    with no_hang(30):
        result = check_path(path)
    assert result.error is None
