"""Units prose counts in, and which of them name the same kind of thing (3场 is not 3个)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# longest first: the reader's alternation takes the first that matches
COUNT_UNITS: tuple[str, ...] = (
    "万人次",
    "人次",
    "件次",
    "户次",
    "万条",
    "万件",
    "万次",
    "件",
    "宗",
    "起",
    "份",
    "条",
    "篇",
    "则",
    "个",
    "场",
    "次",
    "期",
    "轮",
    "名",
    "人",
    "位",
    "家",
    "项",
    "批",
    "类",
    "处",
    "所",
    "张",
    "套",
    "本",
    "册",
    "户",
    "部",
    "份",
    "单",
    "封",
    "栏",
)
MONEY_UNITS: tuple[str, ...] = ("亿元", "万元", "元")
DURATION_UNITS: tuple[str, ...] = ("个工作日", "工作日", "个月", "小时", "分钟", "天", "周")
PERCENT = "%"

UNITS: tuple[str, ...] = MONEY_UNITS + DURATION_UNITS + COUNT_UNITS
_SCALE = {"万人次": ("人次", 10000), "万条": ("条", 10000), "万件": ("件", 10000), "万次": ("次", 10000)}

# units that count the same things: a fact in one grounds a claim in another of the same group
_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"件", "宗", "起", "件次", "份", "单"}),
    frozenset({"条", "篇", "则"}),
    frozenset({"个", "家", "处", "所", "部"}),
    frozenset({"场", "次", "期", "轮"}),
    frozenset({"名", "人", "位"}),
    frozenset({"个工作日", "工作日"}),
    frozenset({"天", "日"}),
)
_GROUP_OF = {u: g for g in _GROUPS for u in g}


def alternation(units: Iterable[str]) -> str:
    """``units`` as a regular-expression alternation, longest first (「人次」 before 「人」)."""
    return "|".join(sorted({re.escape(u) for u in units}, key=len, reverse=True))


def scaled(unit: str) -> tuple[str, int]:
    """(base unit, multiplier): 「万条」 → (条, 10000)."""
    return _SCALE.get(unit, (unit, 1))


def same_unit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` count the same kind of thing (件 and 宗 do; 场 and 个 do not)."""
    return a == b or (a in _GROUP_OF and b in _GROUP_OF.get(a, ()))


def is_count(unit: str) -> bool:
    return unit in COUNT_UNITS
