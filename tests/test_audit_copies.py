"""COPY across units at a province's scale: every planted copy found, no unrelated pair, work that grows linearly."""

from __future__ import annotations

import random

import pytest

from app.audit import copying
from app.audit.copying import band_keys, find_copies, similar_pairs
from app.audit.sketch import sketch
from app.audit.summary import FileSummary, section_sketches
from app.rules.similarity import jaccard, shingles
from schemas.report import Narrative, Report

TEMPLATE = (
    "本年度，{unit}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实政府信息公开条例，持续深化政务公开。"
)


def _chinese(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


class _Batch:
    """Units writing their own sentences, most keeping the template, and all drawing on a stock of common
    phrases (a few phrases in a third of the reports): the wording that made the old comparison quadratic."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.phrases = [_chinese(self.rng, 10) for _ in range(400)]

    def sentence(self, unit: str) -> str:
        rng = self.rng
        parts = [
            self.phrases[int(len(self.phrases) * rng.random() ** 3)] if rng.random() < 0.5 else _chinese(rng, 12)
            for _ in range(rng.randint(2, 4))
        ]
        if rng.random() < 0.25:
            parts[0] = unit + parts[0]
        return "，".join(parts) + "。"

    def section(self, unit: str, sentences: int) -> list[str]:
        head = [TEMPLATE.format(unit=unit)] if self.rng.random() < 0.7 else []
        return head + [self.sentence(unit) for _ in range(sentences)]

    def copy(self, sentences: list[str], old: str, new: str, edits: int) -> list[str]:
        """Another unit's section under this unit's name with ``edits`` sentences rewritten."""
        out = [s.replace(old, new) for s in sentences]
        for k in self.rng.sample(range(1, len(out)), edits):
            out[k] = self.sentence(new)
        return out


def _summary(unit: str, sentences: list[str], file: str = "") -> FileSummary:
    report = Report(overview=Narrative(lead="".join(sentences)))
    return FileSummary(file=file or f"{unit}.txt", agency=unit, sketches=section_sketches(report))


def _province(count: int, *, copies: int = 0, seed: int = 0) -> tuple[list[FileSummary], dict[int, int]]:
    """``count`` units' overviews, ``copies`` of them another unit's with its name replaced and 0–2 of its 14
    sentences rewritten; the planted copies as {copy's index: original's index}."""
    batch = _Batch(seed)
    units = [
        f"{batch.rng.choice('东西南北')}{i}县{batch.rng.choice(('教育局', '民政局', '人民政府'))}" for i in range(count)
    ]
    texts: list[list[str]] = []
    planted: dict[int, int] = {}
    copy_at = set(batch.rng.sample(range(count // 2, count), copies))
    for i, unit in enumerate(units):
        if i in copy_at:
            j = batch.rng.choice([k for k in range(count // 2) if k not in planted.values()])
            texts.append(batch.copy(texts[j], units[j], unit, batch.rng.choice((0, 1, 2))))
            planted[i] = j
        else:
            texts.append(batch.section(unit, 14))
    return [_summary(u, t) for u, t in zip(units, texts, strict=True)], planted


def _pairs(summaries: list[FileSummary]) -> set[tuple[int, int]]:
    return {(min(i, j), max(i, j)) for i, j, _, _ in similar_pairs(summaries)}


def test_every_planted_copy_with_light_edits_is_found_and_no_unrelated_pair():
    summaries, planted = _province(600, copies=12, seed=1)
    assert _pairs(summaries) == {(j, i) for i, j in planted.items()}
    copies = find_copies(summaries)
    for i, j in planted.items():
        [match] = copies[i]
        assert match.section == "一" and match.named[0][1] == summaries[j].agency


def test_sketch_comparisons_grow_linearly_with_the_batch(monkeypatch):
    """Units sharing common phrases (not the template) are not all compared with each other: four times the
    units, not sixteen times the comparisons (before: 400 → 1,600 units took 20,879 → 376,953 comparisons)."""
    compared = []
    similarity = copying._similarity
    monkeypatch.setattr(copying, "_similarity", lambda a, b: compared.append(1) or similarity(a, b))
    counts = []
    for n in (400, 1600):
        compared.clear()
        summaries, _ = _province(n, seed=2)
        assert _pairs(summaries) == set()
        counts.append(len(compared))
    assert counts[1] <= 5 * max(counts[0], 50), counts
    assert counts[1] <= 1600  # at most one comparison a unit on average


def test_findings_name_the_same_units_whatever_the_order_of_the_files():
    """Equal similarities name units by file name, not by the order the comparison met them."""
    rng = random.Random(5)
    text = [_chinese(rng, 30) + "。" for _ in range(10)]
    summaries = [_summary(f"单位{i}", text, file=f"{i:02d}.txt") for i in range(6)]
    summaries += [_summary(f"他单位{i}", [_chinese(rng, 300)], file=f"{i:02d}-other.txt") for i in range(10)]
    shuffled = summaries[::-1]

    def messages(batch: list[FileSummary]) -> dict[str, str]:
        return {batch[i].file: m[0].message() for i, m in find_copies(batch).items()}

    named = messages(summaries)
    assert named == messages(shuffled)
    assert "01.txt" in named["00.txt"] and "等 5 份报告" in named["00.txt"]


@pytest.mark.parametrize("keep, least, most", [(0.9, 0.99, 1.0), (0.75, 0.95, 1.0), (0.1, 0.0, 0.1)])
def test_band_keys_are_shared_by_alike_sections_and_rarely_by_others(keep: float, least: float, most: float):
    rng = random.Random(11)
    shared = 0
    for _ in range(200):
        base = _chinese(rng, 600)
        cut = int(len(base) * keep)
        other = base[:cut] + _chinese(rng, len(base) - cut)
        a, b = sketch(shingles(base)), sketch(shingles(other))
        shared += any(x == y for x, y in zip(band_keys(list(a)), band_keys(list(b)), strict=True))
        assert jaccard(shingles(base), shingles(other)) == pytest.approx(keep / (2 - keep), abs=0.1)
    assert least <= shared / 200 <= most
