"""Bottom-k sketches of a section's shingles: a fixed-size sample that estimates Jaccard similarity.

A sketch keeps the ``SKETCH_SIZE`` smallest shingle hashes of a section. Unlike a k-hash MinHash it stays a
valid sample after removing values (shingles common to the whole batch): every remaining shingle below the
sketch's threshold is still in it, so the similarity of the texts *without* the boilerplate can be estimated.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Collection

SKETCH_SIZE = 128
UNBOUNDED = 1 << 32  # above every crc32 value: the sketch holds the whole set


def sketch(hashes: Collection[int], size: int = SKETCH_SIZE) -> array:
    """The ``size`` smallest of ``hashes``, ascending, as a compact unsigned array."""
    smallest = heapq.nsmallest(size, hashes) if len(hashes) > size else sorted(hashes)
    return array("I", smallest)


def threshold(values: array, size: int = SKETCH_SIZE) -> int:
    """The largest hash a sketch is sure to contain: its last value, or UNBOUNDED when it holds a whole set."""
    return values[-1] if len(values) >= size else UNBOUNDED


def estimate(a: array, b: array, ignore: Collection[int] = (), size: int = SKETCH_SIZE) -> tuple[float, int]:
    """Estimated Jaccard similarity of two sketched sets without ``ignore``d values, and the sample size."""
    limit = min(threshold(a, size), threshold(b, size))
    sa = {v for v in a if v <= limit and v not in ignore}
    sb = {v for v in b if v <= limit and v not in ignore}
    union = len(sa | sb)
    if not union:
        return 0.0, 0
    return len(sa & sb) / union, union
