"""Bad input of any kind gives a ReadError with a message, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.importers import MAX_BYTES, ReadError, read_bytes, read_report
from tests.conftest import CITY

CITY_TEXT = CITY.read_text(encoding="utf-8")


def _read_or_reason(data: bytes, name: str):
    try:
        return read_bytes(data, name)
    except ReadError as e:
        assert str(e)
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=4096),
    name=st.sampled_from(["a.txt", "a.html", "a.json", "a.md", "a", "a.pdf", "a.docx", "a.xlsx"]),
)
def test_random_bytes_never_crash(data, name):
    _read_or_reason(data, name)


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(0, len(CITY_TEXT)), junk=st.text(max_size=40))
def test_truncated_or_garbled_reports_never_crash(cut, junk):
    _read_or_reason((CITY_TEXT[:cut] + junk + CITY_TEXT[cut : cut + 200]).encode("utf-8"), "r.txt")


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.sampled_from(CITY_TEXT.splitlines()), max_size=60))
def test_shuffled_lines_never_crash(lines):
    _read_or_reason("\n".join(lines).encode("utf-8"), "r.txt")


def test_huge_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    try:
        read_report(big)
    except ReadError as e:
        assert "过大" in str(e)
    else:
        raise AssertionError("a huge file was read")


def test_long_text_report_is_read(tmp_path):
    # a whole report followed by a lot of narrative still reads (big but sane)
    text = CITY_TEXT + ("\n政务公开工作持续推进，群众满意度不断提升。" * 20000)
    r = read_bytes(text.encode("utf-8"), "long.txt")
    assert len(r.tables["三"]) == 175
