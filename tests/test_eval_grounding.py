"""The grounding evaluation set (evals/grounding.jsonl): well-formed, complete, runnable; and the goals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from evals.grounding import (
    KINDS,
    PLACEMENTS,
    READERS,
    ROOT,
    Case,
    base_report,
    evaluate,
    figures,
    load_cases,
    place,
    report_text,
)
from schemas.drafting import DRAFT_SECTIONS
from schemas.report import NARRATIVE_SECTIONS

# statements users found misjudged, kept word for word: false ones that slipped through, true ones flagged
REPORTED_SLIPPED = (
    "查阅点3个",
    "政策解读12篇",
    "2025年6月9日召开推进会",
    "较上年减少9件，下降18.0%",
    "占办结总数的近九成",
    "收到的申请均已全部办结",
    "作为AI语言模型，我根据您提供的材料起草如下",
)
REPORTED_FLAGGED = (
    "办结率96.8%",
    "3,864件",
    "行政处罚和行政强制决定共计255件",
    "予以公开和部分公开共计38件",
    "2026年，我局将",
)
SYSTEM_PROMPT = ROOT / "prompts" / "system.j2"
FIELD_FAULTS = ("empty_field", "agency_name_aspect", "heading_repeat")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases()


@pytest.fixture(scope="module")
def results(cases):
    return evaluate(cases)


def test_the_set_has_at_least_80_cases_with_unique_ids(cases):
    assert len(cases) >= 80
    assert [i for i, n in Counter(c.id for c in cases).items() if n > 1] == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_has_five_true_and_five_false_cases(cases, kind):
    labels = Counter(c.label for c in cases if c.kind == kind)
    assert labels[True] >= 5 and labels[False] >= 5, labels


@pytest.mark.parametrize(("statements", "label"), [(REPORTED_SLIPPED, False), (REPORTED_FLAGGED, True)])
def test_the_reported_statements_are_in_the_set_word_for_word_with_their_labels(cases, statements, label):
    quoted = [c.text for c in cases if c.quoted and c.label is label]
    assert [s for s in statements if not any(s in text for text in quoted)] == []


def test_a_sentence_of_the_system_prompt_is_placed_in_section_five(cases):
    prompt = SYSTEM_PROMPT.read_text(encoding="utf-8")
    leaks = [c for c in cases if c.kind == "meta_text" and not c.label and c.section == "五" and c.text in prompt]
    assert leaks and any(c.quoted for c in leaks)


def test_the_empty_oversight_field_of_a_market_supervision_bureau_is_in_the_set(cases):
    hits = [
        c
        for c in cases
        if c.kind == "agency_name_aspect" and not c.label and c.part == "监督保障" and c.placement == "remove"
    ]
    assert any(base_report(c).meta.agency.endswith("市场监督管理局") and c.quoted for c in hits)


def test_every_case_is_well_formed(cases):
    for c in cases:
        assert (ROOT / c.report).is_file(), c.id
        assert c.notes is None or (ROOT / c.notes).is_file(), c.id
        assert c.previous is None or (ROOT / c.previous).is_file(), c.id
        assert c.kind in KINDS and c.section in DRAFT_SECTIONS and c.placement in PLACEMENTS, c.id
        assert isinstance(c.label, bool) and c.why.strip() and set(c.readers) <= set(READERS), c.id
        assert c.text.strip() or (c.kind in FIELD_FAULTS and c.placement != "append"), c.id
        place(base_report(c), c)  # the part it names is exactly one field of the section


def test_an_appended_statement_lands_at_the_paragraphs_the_runner_judges(cases):
    for c in cases:
        if c.placement not in ("append", "prepend"):
            continue
        placed, paragraphs = place(base_report(c), c)
        if c.section == "前言":
            texts = [p for p in placed.preface.split("\n") if p.strip()]
        else:
            texts = getattr(placed, NARRATIVE_SECTIONS[c.section]).paragraphs()
        assert [texts[i - 1] for i in sorted(paragraphs)] == [x.strip() for x in c.text.split("\n") if x.strip()]


def test_a_dropped_field_leaves_the_other_fields_numbered_in_order(cases):
    c = next(c for c in cases if c.placement == "remove" and c.section == "一")
    placed, paragraphs = place(base_report(c), c)
    headings = [s.heading for s in placed.overview.subsections]
    assert paragraphs is None and not any(c.part in h for h in headings)
    assert [h[:3] for h in headings] == ["（一）", "（二）", "（三）", "（四）"]


def test_the_figures_count_every_case_and_reader(cases, results):
    f = figures(results)
    pairs = sum(len(c.readers) for c in cases)
    assert f.overall.false_total + f.overall.true_total == pairs
    assert f.overall.false_total == sum(len(c.readers) for c in cases if not c.label)
    text = report_text(f)
    assert "总计" in text and "泄露查出" in text and all(f"（{k}）" in text for k in KINDS)


def test_the_runner_runs_as_a_command_on_a_case_file(tmp_path, cases):
    chosen = [next(c for c in cases if c.label), next(c for c in cases if not c.label)]
    path = tmp_path / "cases.jsonl"
    lines = [json.dumps({**c.__dict__, "readers": list(c.readers)}, ensure_ascii=False) for c in chosen]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "grounding.py"), "--cases", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert str(path) in p.stdout
    false_pairs, true_pairs = len(chosen[1].readers), len(chosen[0].readers)
    assert re.search(rf"总计\s+错误表述查出\s+\d+/{false_pairs}\D.*正确表述误报\s+\d+/{true_pairs}\D", p.stdout)


# ---------------------------------------------------------------- the goals


def test_at_least_95_percent_of_false_statements_are_caught(results):
    assert figures(results).overall.recall >= 0.95


def test_at_most_2_percent_of_true_statements_are_flagged(results):
    assert figures(results).overall.false_positive_rate <= 0.02


@pytest.mark.parametrize("reader", READERS)
def test_each_reader_meets_both_goals(results, reader):
    tally = figures(results).by_reader[reader]
    assert tally.recall >= 0.95 and tally.false_positive_rate <= 0.02


def test_every_leak_is_caught(results):
    leaks = figures(results).leaks
    assert leaks.false_total and leaks.false_caught == leaks.false_total
