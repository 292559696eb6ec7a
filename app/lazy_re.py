"""Module-level regular expressions compiled on first use, not at import.

Compiling a pattern is slow in Python (a class of Chinese characters such as ``[\\u4e00-\\u9fff]`` walks 21,000
code points), and the readers and rules hold a few hundred patterns; a check of one file uses about half of them.
``compile`` returns a stand-in with the methods of ``re.Pattern``: the first method used compiles the pattern once
and puts the real methods on the stand-in, so later calls cost what they cost on a compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any

# what a stand-in hands on from the compiled pattern once it is compiled
_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner")


class LazyPattern:
    """A pattern compiled on first use; ``pattern`` and ``flags`` are there before it is."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        p = self.__dict__.get("_compiled")
        if p is None:
            p = re.compile(self.pattern, self.flags)
            self.__dict__["_compiled"] = p
            self.__dict__.update((name, getattr(p, name)) for name in _METHODS)
        return p

    def __getattr__(self, name: str) -> Any:
        # only names not set on the stand-in reach here: a method before the first compile, or groups/groupindex
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # noqa: A001 — the name re uses, so a call site reads the same
    """``re.compile(pattern, flags)``, compiled when first used."""
    return LazyPattern(pattern, flags)
