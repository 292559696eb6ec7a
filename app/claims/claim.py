"""A claim: one thing prose states, with its value, unit, subject and kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "count", "sum", "rate", "share", "change", "approx", "date", "year", "ordinal", "legal", "contact", "duration"
]
Direction = Literal["up", "down", "same"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing prose states: ``value`` in ``unit`` of ``subject`` (the nearest quantity phrase), of a ``kind``.

    ``quantity`` is the table quantity the clause names (None when it names none); ``parts`` the quantities a sum
    adds; ``base`` the quantity a share or rate is taken of; ``low``/``high`` the range an approximate word allows
    (as a fraction); ``date`` is (year, month, day) with None for what is not written.
    """

    value: int | float | None
    unit: str
    subject: str
    kind: Kind
    span: tuple[int, int]
    sentence: str
    text: str
    clause: str = ""
    quantity: str | None = None
    parts: tuple[str, ...] = ()
    base: str | None = None
    direction: Direction | None = None
    low: float | None = None
    high: float | None = None
    date: tuple[int | None, int, int | None] | None = None
    approximate: bool = False  # 约, 近, 余, 多, 左右, or rounded to 万/亿: not compared exactly
    approx_word: str = ""  # the word that makes it approximate (约, 近, 逾, 余 …), "" when only rounded
    step: float = 1.0  # one unit of the last digit it states (21.53万 → 100, 三千 → 1000)
    numeral: bool = False  # written in Chinese numerals (一个, 两级)
    last_year: bool = False  # a quantity of last year's table (「上年收到申请50件」)
    of: tuple[float, str] | None = None  # a share of no table quantity: the number (and unit) it is a share of
    unpaired: bool = False  # one of a list of numbers said 分别 of a list of subjects that are not as many
