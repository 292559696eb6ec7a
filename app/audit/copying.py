"""COPY across units (内容雷同): a narrative section of one unit nearly identical to the same section of another.

Works on the sections' bottom-k sketches only (about half a kilobyte a section), never on their text.
Shingles that most of the batch shares (the template wording every unit uses) are left out before comparing,
and a section is only flagged when the whole section is alike (``SECTION_COPY``), never for a shared phrase.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.audit.sketch import SKETCH_SIZE, estimate, threshold
from app.audit.summary import FileSummary
from app.rules.cross_year import SECTION_COPY
from schemas.registry import section_title
from schemas.report import NARRATIVE_SECTIONS

BOILERPLATE_SHARE = 0.5  # a shingle in at least half of the batch's sections is template wording
BOILERPLATE_MIN_SECTIONS = 5  # ... and in at least this many (two units copying is not a template)
MIN_SAMPLE = 24  # compare only sections with this many sampled shingles left after removing the template
CANDIDATE_VALUES = 12  # sections sharing none of their 12 smallest hashes are almost surely not alike
MAX_NAMED = 3  # other units named in one finding

Record = Callable[[int, int, float, str], None]  # (summary index, other index, similarity, section)


@dataclass
class CopyMatch:
    """The other units whose section ``section`` is nearly identical to this unit's."""

    section: str
    count: int = 0
    named: list[tuple[float, str, str]] = field(default_factory=list)  # (similarity, unit, file), best first

    def add(self, score: float, other: FileSummary) -> None:
        self.count += 1
        if len(self.named) == MAX_NAMED and score <= self.named[-1][0]:
            return
        self.named.append((score, other.agency or "未识别单位", Path(other.file).name))
        self.named.sort(key=lambda x: -x[0])
        del self.named[MAX_NAMED:]

    def message(self) -> str:
        """The COPY finding in Chinese, naming the most alike units."""
        title = section_title(self.section)
        names = "、".join(f"{unit}（{file}，相似度 {score:.0%}）" for score, unit, file in self.named)
        more = f"等 {self.count} 份报告" if self.count > len(self.named) else ""
        return f"「{title}」与{names}{more}的同一部分高度相似，存在内容雷同风险"


def _unit_key(summary: FileSummary) -> str:
    agency = "".join(summary.agency.split())
    return agency or f"\0{summary.file}"  # an unnamed unit is only itself


def find_copies(summaries: Sequence[FileSummary]) -> dict[int, list[CopyMatch]]:
    """COPY findings by summary index: sections nearly identical to another unit's same section."""
    out: dict[int, dict[str, CopyMatch]] = {}
    keys = [_unit_key(s) for s in summaries]

    def record(i: int, j: int, score: float, section: str) -> None:
        if keys[i] == keys[j]:
            return  # the same unit (two files, or two years) is not copying from another unit
        for a, b in ((i, j), (j, i)):
            match = out.setdefault(a, {}).setdefault(section, CopyMatch(section))
            match.add(score, summaries[b])

    for num in NARRATIVE_SECTIONS:
        members = [(i, s.sketches[num]) for i, s in enumerate(summaries) if num in s.sketches]
        _compare_section(num, members, record)
    return {i: [m[n] for n in NARRATIVE_SECTIONS if n in m] for i, m in out.items()}


def _compare_section(num: str, members: list[tuple[int, array]], record: Record) -> None:
    template = template_hashes(sk for _, sk in members)
    # identical sketches (verbatim copies) are compared once, as one node
    nodes: dict[bytes, tuple[array, list[int]]] = {}
    for i, sk in members:
        nodes.setdefault(sk.tobytes(), (sk, []))[1].append(i)
    kept: list[tuple[array, list[int], list[int]]] = []  # sketch, members, smallest non-template hashes
    for sk, indices in nodes.values():
        distinctive = [v for v in sk if v not in template]
        if len(distinctive) >= MIN_SAMPLE:
            kept.append((sk, indices, distinctive[:CANDIDATE_VALUES]))
    postings: dict[int, list[int]] = {}
    for n, (_, indices, head) in enumerate(kept):
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1 :]:
                record(a, b, 1.0, num)
        for v in head:
            postings.setdefault(v, []).append(n)
    for n, (sk, indices, head) in enumerate(kept):
        candidates = {m for v in head for m in postings[v] if m > n}
        for m in sorted(candidates):
            other, other_indices, _ = kept[m]
            score, sample = estimate(sk, other, template)
            if score < SECTION_COPY or sample < MIN_SAMPLE:
                continue
            for a in indices:
                for b in other_indices:
                    record(a, b, score, num)


def template_hashes(sketches: Iterable[array]) -> frozenset[int]:
    """Shingle hashes that at least ``BOILERPLATE_SHARE`` of the sections contain: the shared template.

    Two passes in bounded memory: Misra–Gries keeps every hash frequent enough to matter, then exact counts
    of those few. A sketch only tells about hashes up to its threshold, so a hash's share is counted among
    the sketches that would show it.
    """
    sketches = list(sketches)
    if len(sketches) < BOILERPLATE_MIN_SECTIONS:
        return frozenset()
    capacity = 2 * int(SKETCH_SIZE / BOILERPLATE_SHARE)
    counters: dict[int, int] = {}
    for sk in sketches:
        for v in sk:
            if v in counters:
                counters[v] += 1
            elif len(counters) < capacity:
                counters[v] = 1
            else:
                for key in list(counters):
                    counters[key] -= 1
                    if not counters[key]:
                        del counters[key]
    counts = dict.fromkeys(counters, 0)
    for sk in sketches:
        for v in sk:
            if v in counts:
                counts[v] += 1
    limits = sorted(threshold(sk) for sk in sketches)
    common = set()
    for v, n in counts.items():
        eligible = len(limits) - bisect.bisect_left(limits, v)
        if n >= BOILERPLATE_MIN_SECTIONS and n >= BOILERPLATE_SHARE * eligible:
            common.add(v)
    return frozenset(common)
