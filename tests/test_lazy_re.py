"""Module-level patterns compiled on first use behave as the compiled pattern does."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from app import lazy_re


def test_a_pattern_is_compiled_on_first_use_only():
    p = lazy_re.compile(r"(?P<n>\d+)件")
    assert p.pattern == r"(?P<n>\d+)件"
    assert "_compiled" not in vars(p)
    assert p.search("受理58件")["n"] == "58"
    compiled = p.compiled()
    assert compiled is re.compile(r"(?P<n>\d+)件") or compiled.pattern == p.pattern
    assert p.compiled() is compiled  # once


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("search", ("共58件，其中3件",)),
        ("match", ("58件",)),
        ("fullmatch", ("58件",)),
        ("findall", ("58件和3件",)),
        ("split", ("58件和3件",)),
        ("sub", ("N", "58件和3件")),
        ("subn", ("N", "58件和3件")),
    ],
)
def test_every_method_gives_what_re_gives(method, args):
    lazy = lazy_re.compile(r"(\d+)件")
    real = re.compile(r"(\d+)件")
    got, want = getattr(lazy, method)(*args), getattr(real, method)(*args)
    if isinstance(want, re.Match):
        assert (got.span(), got.groups()) == (want.span(), want.groups())
    else:
        assert got == want
    # and after compiling, the methods are the compiled pattern's own
    assert [m.span() for m in lazy.finditer("1件2件")] == [m.span() for m in real.finditer("1件2件")]
    assert lazy.groups == 1 and lazy.groupindex == real.groupindex


def test_flags_and_a_bad_pattern_fail_where_used():
    assert lazy_re.compile("abc", re.IGNORECASE).search("ABC")
    bad = lazy_re.compile("(unclosed")
    with pytest.raises(re.error):
        bad.search("x")


def _lazy_patterns(value, depth: int = 0):
    if isinstance(value, lazy_re.LazyPattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
        for v in value:
            yield from _lazy_patterns(v, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for v in value.values():
            yield from _lazy_patterns(v, depth + 1)


def test_every_module_level_pattern_compiles():
    """A pattern compiled on first use would hide a mistake until a report happens to need it: compile them all."""
    root = Path(__file__).resolve().parents[1]
    modules = sorted(
        ".".join(path.relative_to(root).with_suffix("").parts)
        for path in (root / "app").rglob("*.py")
        if "lazy_re" in path.read_text(encoding="utf-8") and path.name != "lazy_re.py"
    )
    assert len(modules) >= 20
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            found += _lazy_patterns(value)
    assert len(found) >= 200
    for p in found:
        assert isinstance(p.compiled(), re.Pattern)
