"""Lists: subjects paired in order with numbers (「行政许可、行政处罚、行政强制决定分别为3864件、238件、17件」,
「依次为」), and one number said of each subject (「行政复议和行政诉讼各2件」).

Each number of such a list is read with the words of its own subject, as if the clause were written once per
pair (「行政处罚决定为238件」). When the subjects and the numbers are not as many, the pairing is not guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from app import lazy_re
from app.claims.joined import joined
from app.claims.numbers import ARABIC, CN_NUMERAL, LOOK_BACK
from app.claims.quantities import PART_NAMES
from app.claims.units import MONEY_UNITS, UNITS, alternation

# a list of subjects ends where its clause began: 、 and 和 join the subjects, these do not
_WIDE_BREAK = lazy_re.compile(r"[，,。；;：:（()）？?！!\n]")
_RESPECTIVELY = lazy_re.compile(r"分别|依次|各自|各")
_UNIT = alternation(u for u in UNITS if u not in MONEY_UNITS or u == "万元")
_NUMBER = lazy_re.compile(
    rf"\s*(?P<num>{ARABIC}|{CN_NUMERAL}{{1,6}})\s*(?:余|多)?\s*(?P<unit>%|{_UNIT})?(?![年月日号])"
)
_SEPARATOR = lazy_re.compile(r"\s*(?:以及|、|，|,|和|及|与)\s*")
# what may stand before 分别 when its subjects were said in the clauses before (「其中二者分别占…」)
_FILLER = lazy_re.compile(r"其中|二者|两者|三者|以上|上述|前述|这|两项|三项|各项|\s")
# last year named as what a change is taken from, before a list of its values
_LAST_YEARS = lazy_re.compile(r"相?(?:较|比|与|同)于?(?:上一?年度?|去年|20\d\d年)(?:同期)?[的之]?\s*")
_NUMBER_WORDS = lazy_re.compile(rf"(?:{ARABIC}|{CN_NUMERAL})\s*(?:余|多)?\s*(?:%|{_UNIT})?|[、和及与]")
_MAX_TAIL = 10  # 「分别较上年增加」: the words between 分别 and the first number


def _subjects(left: str) -> list[str]:
    """The subjects a list names (「行政许可、行政处罚、行政强制决定」 → three), the last one's head noun (决定)
    given to the others, and what comes before the first (「全年作出」) given to all."""
    items = joined(left)
    if len(items) < 2 or any(not p.strip() or len(p) > 16 or re.search(r"\d", p) for p in items):
        return []
    last = items[-1]
    name = max((n for n, _ in PART_NAMES if last.startswith(n)), key=len, default="")
    head = last[len(name) :] if name else ""
    first = items[0]
    name = max((n for n, _ in PART_NAMES if first.endswith(n)), key=len, default="")
    lead = first[: len(first) - len(name)] if name else ""
    out = [items[0][len(lead) :], *items[1:]]
    return [lead + p + (head if head and not p.endswith(head) else "") for p in out]


def _numbers(sentence: str, at: int) -> list[tuple[int, str]]:
    """Where each number of the list that starts at ``at`` begins, and its unit (「3864件、238件、17件」)."""
    found: list[tuple[int, str]] = []
    while True:
        m = _NUMBER.match(sentence, at)
        if not m:
            return found
        found.append((m.start("num"), m.group("unit") or ""))
        sep = _SEPARATOR.match(sentence, m.end())
        if not sep:
            return found
        at = sep.end()


@dataclass(frozen=True, slots=True)
class Listed:
    """How one number of a list is read: with the words of each subject it is said of (none: the subjects and the
    numbers are not as many), in the unit the list gives when only its last number writes one (「3864、238、17件」)."""

    contexts: tuple[str, ...]
    unit: str
    earlier: tuple[int, int] | None = None  # 「…，分别占64.4%和35.6%」: the i-th of n, said of the last n quantities
    last_year: bool = False  # 「较上年的50件、48件」: last year's values of the quantities said before


def list_contexts(sentence: str) -> dict[int, Listed]:
    """How each number of a list in ``sentence`` is read, by where the number begins."""
    out: dict[int, Listed] = {}
    breaks = [b.end() for b in _WIDE_BREAK.finditer(sentence)]  # once: a sentence of many 各 stays linear
    for m in _RESPECTIVELY.finditer(sentence):
        i = bisect_right(breaks, m.start())
        left = sentence[max(breaks[i - 1] if i else 0, m.start() - LOOK_BACK) : m.start()]
        subjects = _subjects(left)
        bare = _FILLER.sub("", _NUMBER_WORDS.sub("", _LAST_YEARS.sub("", left)))
        said_before = not subjects and m.group(0) in ("分别", "依次") and not bare
        if not subjects and not said_before:
            continue
        first = re.search(rf"{ARABIC}|{CN_NUMERAL}", sentence[m.end() : m.end() + _MAX_TAIL + 1])
        if not first or _WIDE_BREAK.search(sentence, m.end(), m.end() + first.start()):
            continue
        tail = sentence[m.end() : m.end() + first.start()]
        numbers = _numbers(sentence, m.end() + first.start())
        if not numbers or any(n in out for n, _ in numbers):
            continue
        unit = numbers[-1][1]
        if said_before:
            if len(numbers) > 1:
                said = (tail,)  # each number read with the words after 分别 (「增加」「占办结总数的」)
                out.update({n: Listed(said, u or unit, (i, len(numbers))) for i, (n, u) in enumerate(numbers)})
            continue
        if m.group(0) == "各":
            if len(numbers) == 1:
                out[numbers[0][0]] = Listed(tuple(s + "各" + tail for s in subjects), unit)
            continue
        if len(numbers) == len(subjects):
            out.update({n: Listed((s + tail,), u or unit) for (n, u), s in zip(numbers, subjects, strict=True)})
        elif len(numbers) > 1:
            out.update({n: Listed((), u or unit) for n, u in numbers})
    for m in _LAST_YEARS.finditer(sentence):  # 「较上年的50件、48件」: paired with the quantities before
        numbers = _numbers(sentence, m.end())
        if len(numbers) > 1 and numbers[0][0] == m.end() and not any(n in out for n, _ in numbers):
            unit = numbers[-1][1]
            out.update({n: Listed((), u or unit, (i, len(numbers)), True) for i, (n, u) in enumerate(numbers)})
    return out
