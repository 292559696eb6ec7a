"""Subjects joined by 、 和 及 与 或 以及 (「行政许可、行政处罚和行政强制」), split where they are joined; the organisation
columns whose labels hold a joining word (法人或其他组织, 法人和其他组织) stay one subject."""

from __future__ import annotations

import re

from app import lazy_re
from schemas.registry import ORGANISATIONS

_JOIN = lazy_re.compile(r"以及|、|和|及|与|或")
_KEPT = (ORGANISATIONS, "法人和其他组织")


def joined(text: str) -> list[str]:
    """The parts of ``text`` between joining words (empty parts included, as split)."""
    for i, kept in enumerate(_KEPT):
        text = text.replace(kept, f"\0{i}\0")
    return [re.sub(r"\0(\d)\0", lambda m: _KEPT[int(m.group(1))], p) for p in _JOIN.split(text)]
