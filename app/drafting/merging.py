"""Each fact once (pure): the computed statements and the clerk's notes often state the same fact; the offline
drafter keeps the richer sentence and drops the repeat.

A fact is a number as ``app.claims.read_claims`` reads it: the same table quantity with the same value, or — for
what no table counts — the same value and unit of a quantity phrase one names the other by. Plain sentences
without numbers are repeats when their text (punctuation aside) is the same or held in a longer one.

What may go, in this order (each only while every fact it states stays stated elsewhere):
1. a sentence of the general notes that says nothing else;
2. a note sentence that says nothing but repeated facts (and short details of them: 「其中自然人2件，企业1件」);
3. a clause of a list statement (table 二's 「制发…，废止…，现行有效…」): the note that says more keeps the fact;
4. the repeated numbers of a note that says something of them: 「收到申请59件，均在法定期限内答复」 → 「上述申请均
   在法定期限内答复」, 「3件都在法定期限内答复」 → 「上述政府信息公开申请均在法定期限内答复」, 「行政诉讼4件，其中未经
   复议直接起诉3件…」 → 「行政诉讼中，未经复议直接起诉3件…」;
5. a whole computed sentence (表三's outcomes) a note states with more detail; computed sentences are never cut;
6. the last clause of a note sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.claims import Claim, read_claims
from app.claims.subjects import names, overlap
from app.claims.units import same_unit
from app.rules.similarity import normalise

PieceKind = Literal["general", "note", "list", "statement"]

# a clause that begins with one of these leans on the clause before it (「即《…》」「其中…」「均已答复」)
_LEANS = re.compile(
    r"^(?:即|其中|分别|均|都|全部|主要|包括|含|占|较|比|同比|增长|下降|涉及|并|且|另|共计|合计|为|是|以上|上述)"
)
_TIME = re.compile(r"^(?:本年度|本年|全年|年内|今年|20\d\d年度?)[，,]?")
_ZERO_REMARK = re.compile(r"(?:没有|无|未)[\u4e00-\u9fff]{0,6}(?:结转|复议|诉讼|申请)[\u4e00-\u9fff]{0,3}")
_DETAIL = re.compile(r"[\u4e00-\u9fff]{1,6}\d+(?:件|个|次|人)")
_ALL = re.compile(r"^(?:均|都|全部|全都)")
_NOUN = re.compile(r"[\u4e00-\u9fff]{2,8}")
# 「3件都在法定期限内答复」: a bare count, then what is said of all of them
_COUNT_ALL = re.compile(r"^(?P<count>\d+(?:\.\d+)?[件个次条篇])(?:都|均|全部|全都)(?P<said>.+)$")
# a subject that is the act, not the thing (「共办结」): no 「上述…」 can be made of it
_ACT = re.compile(r"^(?:共|累计|合计)?(?:收到|办结|受理|办理|答复|完成|开展|召开|发布|制发|作出)")
_FAMILY = {"count": "count", "sum": "count", "approx": "count", "change": "change", "rate": "rate", "share": "share"}
_OPEN, _CLOSE = "（(《“「【", "）)》”」】"


@dataclass
class Piece:
    """A text of one part of the section (an aspect of 一, or its lead), and where it comes from."""

    part: str
    text: str
    kind: PieceKind


@dataclass
class _Clause:
    text: str
    sep: str  # the mark after it: ，；。
    facts: list[Claim] = field(default_factory=list)
    live: bool = True


@dataclass
class _Sentence:
    index: int
    piece: int
    part: str
    kind: PieceKind
    clauses: list[_Clause]

    @property
    def live(self) -> list[_Clause]:
        return [c for c in self.clauses if c.live]

    def text(self) -> str:
        kept = self.live
        if not kept:
            return ""
        first = kept[0].text
        lead = _TIME.match(self.clauses[0].text)
        if lead and not self.clauses[0].live and not _TIME.match(first):
            first = lead.group(0).rstrip("，,") + first  # 「本年度」 stays with the sentence, not its first clause
        body = "".join([first, kept[0].sep, *(c.text + c.sep for c in kept[1:])]).rstrip("，；;,")
        # a 【待补充：…】 standing alone is no sentence to close
        return body if body.endswith(("。", "！", "？", "】")) else body + "。"


def _clauses(sentence: str) -> list[_Clause]:
    """The top-level clauses of a sentence (a mark inside brackets or quotes does not split)."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "，；;。！？" and depth == 0:
            out.append(_Clause(sentence[start:i], ch))
            start = i + 1
    if sentence[start:].strip():
        out.append(_Clause(sentence[start:], ""))
    return [c for c in out if c.text.strip()]


def _sentence(index: int, piece_at: int, piece: Piece, text: str, year: int | None) -> _Sentence:
    clauses = _clauses(text)
    offsets, at = [], 0
    for c in clauses:
        at = text.index(c.text, at)
        offsets.append((at, at + len(c.text)))
        at += len(c.text)
    for claim in read_claims(text, year=year):
        if claim.value is None or claim.kind not in _FAMILY:
            continue
        if claim.kind == "approx" and (claim.quantity is None or claim.value != 0):
            continue
        for c, (a, b) in zip(clauses, offsets, strict=True):
            if a <= claim.span[0] < b:
                c.facts.append(claim)
                break
    return _Sentence(index, piece_at, piece.part, piece.kind, clauses)


def same_fact(a: Claim, b: Claim) -> bool:
    """Whether two claims state one fact: the same table quantity and value, or the same value and unit of
    quantity phrases one names the other by, or a count said without its noun (see ``_unnamed``)."""
    if _FAMILY[a.kind] != _FAMILY[b.kind] or a.last_year != b.last_year or abs(a.value - b.value) > 1e-9:  # type: ignore[operator]
        return False
    if a.quantity and not b.quantity and not b.parts:
        return _unnamed(a, b)
    if b.quantity and not a.quantity and not a.parts:
        return _unnamed(b, a)
    if a.quantity or b.quantity or a.parts or b.parts:
        return (a.quantity, a.parts) == (b.quantity, b.parts)
    return same_unit(a.unit, b.unit) and (names(a.subject, b.subject) or names(b.subject, a.subject))


def _unnamed(named: Claim, bare: Claim) -> bool:
    """「废止5件」 after 「开展行政规范性文件清理」 is 「废止行政规范性文件5件」: its sentence names the quantity's
    noun and its clause shares the quantity's own words (废止, 现行有效)."""
    words = bare.clause.replace(bare.text, "")
    return (
        same_unit(named.unit, bare.unit)
        and names(named.subject, bare.sentence)
        and overlap(words, named.clause.replace(named.text, "")) >= 2
    )


def _stated_elsewhere(fact: Claim, sentence: _Sentence, sentences: list[_Sentence]) -> bool:
    """Whether another sentence still states ``fact`` (a sentence does not vouch for itself)."""
    return any(same_fact(fact, g) for other in sentences if other is not sentence for c in other.live for g in c.facts)


def _covered(sentence: _Sentence, clauses: list[_Clause], sentences: list[_Sentence]) -> bool:
    facts = [(c, f) for c in clauses for f in c.facts]
    return bool(facts) and all(_stated_elsewhere(f, sentence, sentences) for _, f in facts)


def _bare(sentence: _Sentence) -> bool:
    """A sentence that says nothing but its facts: every clause states one (no remark in brackets) or is a short
    「没有上年结转」 about the tables."""
    return all(
        (c.facts and not re.search(r"[（(]", c.text)) or _ZERO_REMARK.fullmatch(c.text.strip()) for c in sentence.live
    )


def _covered_bare(sentence: _Sentence, sentences: list[_Sentence]) -> bool:
    """Whether every fact of a bare sentence is stated elsewhere; a short count after a stated one
    (「其中自然人2件，企业1件」) is a detail of it and goes with it."""
    if not any(c.facts for c in sentence.live):
        return False
    previous_stated = False
    for c in sentence.live:
        stated = all(_stated_elsewhere(f, sentence, sentences) for f in c.facts)
        stated = stated or bool(_ZERO_REMARK.fullmatch(c.text.strip()))  # 「没有上年结转」: the tables' 0, a remark
        if not stated and not (previous_stated and _DETAIL.fullmatch(c.text.strip())):
            return False
        previous_stated = stated or previous_stated
    return True


def _detail_only(sentence: _Sentence, sentences: list[_Sentence]) -> None:
    """「行政诉讼4件，其中未经复议直接起诉3件…」 where 行政诉讼4件 is stated elsewhere: 「行政诉讼中，未经…」."""
    live = sentence.live
    if len(live) < 2 or not live[1].text.startswith("其中") or not live[0].facts:
        return
    first = live[0]
    if len(first.facts) != 1 or not _covered(sentence, [first], sentences):
        return
    subject = _TIME.sub("", first.facts[0].subject)
    if len(subject) < 2 or not first.text.startswith(subject):
        return
    first.text, first.sep, first.facts = f"{subject}中", "，", []
    live[1].text = live[1].text.removeprefix("其中").lstrip("，,")


def _lean_on_stated(sentence: _Sentence, sentences: list[_Sentence]) -> None:
    """「收到申请59件，办结60件，均在法定期限内答复」 where both numbers are stated elsewhere: 「上述申请均在法定期限
    内答复」 (the numbers go, what is said of them stays)."""
    live = sentence.live
    counted = 0
    while counted < len(live) and live[counted].facts:
        counted += 1
    if counted == 0 or counted == len(live) or not _ALL.match(live[counted].text):
        return
    head = live[:counted]
    subject = head[0].facts[0].subject
    if not head[0].facts[0].quantity or not _NOUN.fullmatch(subject) or not _covered(sentence, head, sentences):
        return
    for c in head[1:]:
        c.live = False
    head[0].text, head[0].sep, head[0].facts = f"上述{subject}{live[counted].text}", live[counted].sep, []
    live[counted].live = False


def _count_leans_on_stated(sentence: _Sentence, sentences: list[_Sentence]) -> None:
    """「3件都在法定期限内答复」 where a statement of the same part says the 3 applications: 「上述政府信息公开申请均
    在法定期限内答复」 (the number goes with its repeat, what is said of all of them stays)."""
    first = sentence.live[0] if sentence.live else None
    m = _COUNT_ALL.match(first.text.strip()) if first else None
    if not m or len(first.facts) != 1 or first.facts[0].quantity:
        return
    bare = first.facts[0]
    named = [
        g
        for other in sentences
        if other is not sentence and other.part == sentence.part
        for c in other.live
        for g in c.facts
        if g.quantity and _FAMILY[g.kind] == "count" and g.value == bare.value and same_unit(g.unit, bare.unit)
    ]
    subject = next((_TIME.sub("", g.subject) for g in named if not _ACT.match(_TIME.sub("", g.subject))), "")
    if _NOUN.fullmatch(subject):
        first.text, first.facts = f"上述{subject}均{m.group('said')}", []


def _drop_repeated_text(sentences: list[_Sentence]) -> None:
    """Sentences whose words (punctuation aside) another sentence already holds."""
    texts = [normalise(s.text()) for s in sentences]
    for i, s in enumerate(sentences):
        t = texts[i]
        if len(t) < 6 or any(c.facts for c in s.clauses):
            continue
        for j, u in enumerate(texts):
            if j == i or not sentences[j].live or t not in u:
                continue
            # the shorter goes; of two alike, the general notes' one, else the later one
            if len(u) > len(t) or s.kind == "general" or (j < i and sentences[j].kind != "general"):
                for c in s.clauses:
                    c.live = False
                break


def state_once(pieces: list[Piece], *, year: int | None = None) -> list[Piece]:
    """``pieces`` with every fact stated once (see the module's order); pieces left empty are dropped."""
    sentences: list[_Sentence] = []
    for at, piece in enumerate(pieces):
        for text in re.findall(r"[^。！？]+[。！？]?", piece.text):
            if text.strip():
                sentences.append(_sentence(len(sentences), at, piece, text.strip(), year))
    _drop_repeated_text(sentences)
    later_first = sorted(sentences, key=lambda s: -s.index)

    def whole(kinds: tuple[str, ...], bare: bool) -> None:
        for s in later_first:
            if s.kind not in kinds or not s.live:
                continue
            gone = (_bare(s) and _covered_bare(s, sentences)) if bare else _covered(s, s.live, sentences)
            if gone:
                for c in s.clauses:
                    c.live = False

    whole(("general",), bare=True)
    whole(("general", "note"), bare=True)
    for s in later_first:  # list statements give up a clause a note states with more
        if s.kind == "list":
            for c in s.live:
                if _covered(s, [c], sentences):
                    c.live = False
    for s in sentences:  # a note's remark on numbers stated elsewhere keeps the remark, not the numbers
        if s.kind in ("general", "note"):
            _detail_only(s, sentences)
            _lean_on_stated(s, sentences)
            _count_leans_on_stated(s, sentences)
    whole(("statement",), bare=False)
    for s in later_first:
        if s.kind in ("general", "note") and len(s.live) > 1:
            last = s.live[-1]
            if not _LEANS.match(last.text) and _covered(s, [last], sentences):
                last.live = False
    out: list[Piece] = []
    for at, piece in enumerate(pieces):
        text = "".join(s.text() for s in sentences if s.piece == at)
        if text:
            out.append(Piece(piece.part, text, piece.kind))
    return out
