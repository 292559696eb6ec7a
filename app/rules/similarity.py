"""Text similarity for COPY (内容雷同): character shingles over normalised text."""

from __future__ import annotations

import zlib

from app import lazy_re

_KEEP = lazy_re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
SHINGLE = 5


def normalise(text: str) -> str:
    """Only the characters that carry content (Chinese, letters, digits)."""
    return _KEEP.sub("", text)


def shingles(text: str, k: int = SHINGLE) -> frozenset[int]:
    """Hashed character k-grams of the normalised text."""
    s = normalise(text)
    if len(s) < k:
        return frozenset([zlib.crc32(s.encode())]) if s else frozenset()
    return frozenset(zlib.crc32(s[i : i + k].encode()) for i in range(len(s) - k + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1 (Jaccard of character 5-grams)."""
    return jaccard(shingles(a), shingles(b))
