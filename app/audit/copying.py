"""COPY across units (内容雷同): a narrative section of one unit nearly identical to the same section of another.

Works on the sections' bottom-k sketches only (about half a kilobyte a section), never on their text.
Shingles that most of the batch shares (the template wording every unit uses) are left out before comparing,
and a section is only flagged when the whole section is alike (``SECTION_COPY``), never for a shared phrase.

The work grows with the batch, not with its pairs: each section's values outside the template get ``BANDS``
locality-sensitive keys (MinHash banding), and only sections sharing a key are compared on their sketches. Phrases
that many units share (common wording below the template's share) make a pair share a key only when most of the
section is alike.
"""

from __future__ import annotations

import bisect
import os
import random
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain

from app.audit.sketch import threshold
from app.audit.summary import FileSummary
from app.rules.cross_year import SECTION_COPY
from schemas.registry import section_title
from schemas.report import NARRATIVE_SECTIONS

BOILERPLATE_SHARE = 0.5  # a shingle in at least half of the batch's sections is template wording
BOILERPLATE_MIN_SECTIONS = 5  # ... and in at least this many (two units copying is not a template)
TEMPLATE_SAMPLE = 1024  # sketches whose hashes are candidates for the template (bounded memory, any batch)
MIN_SAMPLE = 24  # compare only sections with this many sampled shingles left after removing the template
BANDS = 25  # LSH bands of a section's distinctive values ...
ROWS = 3  # ... of this many bins each: a candidate pair is then checked on the sketches
_BINS = BANDS * ROWS
_MIX = 0x9E3779B1  # odd: multiplying by it permutes the 32-bit hashes
MAX_NAMED = 3  # other units named in one finding


@dataclass
class CopyMatch:
    """The other units whose section ``section`` is nearly identical to this unit's."""

    section: str
    count: int = 0
    named: list[tuple[float, str, str]] = field(default_factory=list)  # (similarity, unit, file), best first

    def add(self, score: float, other: FileSummary) -> None:
        self.count += 1
        entry = (score, other.agency or "未识别单位", os.path.basename(other.file))
        if len(self.named) == MAX_NAMED and _rank(entry) >= _rank(self.named[-1]):
            return
        self.named.append(entry)
        self.named.sort(key=_rank)  # equal scores by file name: the same names whatever order pairs are found in
        del self.named[MAX_NAMED:]

    def message(self) -> str:
        """The COPY finding in Chinese, naming the most alike units."""
        title = section_title(self.section)
        names = "、".join(f"{unit}（{file}，相似度 {score:.0%}）" for score, unit, file in self.named)
        more = f"等 {self.count} 份报告" if self.count > len(self.named) else ""
        return f"「{title}」与{names}{more}的同一部分高度相似，存在内容雷同风险"


def _rank(entry: tuple[float, str, str]) -> tuple[float, str]:
    return -entry[0], entry[2]


def _unit_key(summary: FileSummary) -> str:
    agency = "".join(summary.agency.split())
    return agency or f"\0{summary.file}"  # an unnamed unit is only itself


def find_copies(summaries: Sequence[FileSummary]) -> dict[int, list[CopyMatch]]:
    """COPY findings by summary index: sections nearly identical to another unit's same section."""
    out: dict[int, dict[str, CopyMatch]] = {}
    for i, j, score, section in similar_pairs(summaries):
        for a, b in ((i, j), (j, i)):
            match = out.setdefault(a, {}).setdefault(section, CopyMatch(section))
            match.add(score, summaries[b])
    return {i: [m[n] for n in NARRATIVE_SECTIONS if n in m] for i, m in out.items()}


def similar_pairs(summaries: Sequence[FileSummary]) -> Iterator[tuple[int, int, float, str]]:
    """(index, other index, similarity, section) of each pair of different units whose same section is alike."""
    keys = [_unit_key(s) for s in summaries]
    for num in NARRATIVE_SECTIONS:
        members = [(i, s.sketches[num]) for i, s in enumerate(summaries) if num in s.sketches]
        for i, j, score in _compare_section(members):
            if keys[i] != keys[j]:  # the same unit (two files, or two years) is not copying from another unit
                yield i, j, score, num


def _compare_section(members: list[tuple[int, array]]) -> Iterator[tuple[int, int, float]]:
    template = template_hashes(sk for _, sk in members)
    # identical sketches (verbatim copies) are compared once, as one node
    nodes: dict[bytes, tuple[array, list[int]]] = {}
    for i, sk in members:
        nodes.setdefault(sk.tobytes(), (sk, []))[1].append(i)
    kept: list[_Node] = []
    for sk, indices in nodes.values():
        distinctive = [v for v in sk if v not in template]
        if len(distinctive) < MIN_SAMPLE:
            continue  # the template and little else: nothing of the unit's own to compare
        kept.append(_Node(frozenset(distinctive), threshold(sk), indices, band_keys(distinctive)))
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1 :]:
                yield a, b, 1.0
    for n, m in candidate_pairs([node.keys for node in kept]):
        a, b = kept[n], kept[m]
        score, sample = _similarity(a, b)
        if score < SECTION_COPY or sample < MIN_SAMPLE:
            continue
        for i in a.indices:
            for j in b.indices:
                yield i, j, score


@dataclass(slots=True)
class _Node:
    """One distinct sketch of a section: its values outside the template, its threshold, the files, its LSH keys."""

    values: frozenset[int]
    limit: int
    indices: list[int]
    keys: array


def _similarity(a: _Node, b: _Node) -> tuple[float, int]:
    """``sketch.estimate`` of the two sketches without the template, from their kept values."""
    limit = min(a.limit, b.limit)
    sa = a.values if a.limit <= limit else {v for v in a.values if v <= limit}
    sb = b.values if b.limit <= limit else {v for v in b.values if v <= limit}
    union = len(sa | sb)
    return (len(sa & sb) / union if union else 0.0), union


def band_keys(values: Sequence[int]) -> array:
    """``BANDS`` locality-sensitive keys of a sketch's values: two samples with Jaccard similarity J share a key
    with probability 1 − (1 − J^ROWS)^BANDS (J = 0.6: 99.8%; J = 0.2: 18%; J = 0.1: 2.5%).

    One-permutation MinHash: the values are spread over ``BANDS × ROWS`` bins and each bin keeps its smallest;
    a bin left empty takes the value of the first filled bin in its own fixed random order, with the number of
    steps (densification), so a short section still has every key. A key is a band of ``ROWS`` consecutive bins.
    """
    bins = {h % _BINS: h for h in sorted(((v * _MIX) & 0xFFFFFFFF for v in values), reverse=True)}  # the smallest
    # (multiplying by an odd number permutes the 32-bit hashes: the bins do not follow the sketch's order)
    filled = [bins.get(t, -1) for t in range(_BINS)]
    if len(bins) < _BINS:
        for t in [t for t in range(_BINS) if filled[t] < 0]:
            for step, source in enumerate(_probes(t), start=1):
                if source in bins:
                    filled[t] = bins[source] + (step << 32)
                    break
    return array("q", (hash(tuple(filled[b * ROWS : (b + 1) * ROWS])) for b in range(BANDS)))


@cache
def _probes(t: int) -> tuple[int, ...]:
    """The other bins in the order an empty bin ``t`` borrows from them: a fixed random order of its own, so that
    the empty bins of one band borrow from different bins (consecutive ones would make a band of one value)."""
    order = [b for b in range(_BINS) if b != t]
    random.Random(t).shuffle(order)
    return tuple(order)


def candidate_pairs(keys: Sequence[array]) -> Iterator[tuple[int, int]]:
    """Each pair of nodes sharing a band key, once (in the first band they share): linear in the nodes, plus the
    pairs themselves; never every pair of a batch."""
    for band in range(BANDS):
        column = [k[band] for k in keys]
        shared = {key for key, n in Counter(column).items() if n > 1}
        buckets: dict[int, list[int]] = {}
        for n, key in enumerate(column):
            if key in shared:
                buckets.setdefault(key, []).append(n)
        for bucket in buckets.values():
            for pos, n in enumerate(bucket):
                kn = keys[n]
                for m in bucket[pos + 1 :]:
                    km = keys[m]
                    if band and (kn[0] == km[0] or any(kn[b] == km[b] for b in range(1, band))):
                        continue  # met in an earlier band (most alike pairs: in the first)
                    yield n, m


def template_hashes(sketches: Iterable[array]) -> frozenset[int]:
    """Shingle hashes that at least ``BOILERPLATE_SHARE`` of the sections contain: the shared template.

    Two passes in bounded memory: a hash must show in two of ``TEMPLATE_SAMPLE`` sketches spread over the
    batch to be counted (every hash of at most that many sketches is, so a small batch is counted exactly), then
    exact counts of those. A sketch only tells about hashes up to its threshold, so a hash's share is counted
    among the sketches that would show it.
    """
    sketches = list(sketches)
    if len(sketches) < BOILERPLATE_MIN_SECTIONS:
        return frozenset()
    sample = Counter(chain.from_iterable(sketches[:: -(-len(sketches) // TEMPLATE_SAMPLE)]))
    proposed = {v for v, n in sample.items() if n >= 2}
    counts = Counter(chain.from_iterable(proposed.intersection(sk) for sk in sketches))
    limits = sorted(threshold(sk) for sk in sketches)
    common = set()
    for v, n in counts.items():
        eligible = len(limits) - bisect.bisect_left(limits, v)
        if n >= BOILERPLATE_MIN_SECTIONS and n >= BOILERPLATE_SHARE * eligible:
            common.add(v)
    return frozenset(common)
