"""What a report's narrative states in numbers: evidence for splitting table digits that ran together."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from app import lazy_re

if TYPE_CHECKING:
    from app.claims import Claim

_NUMBER_IN_TEXT = lazy_re.compile(r"\d+(?:\.\d+)?")


class StatedNumbers(frozenset):
    """The numbers the narrative writes (as text, the set itself) and the claims they make, read when first asked
    (most reports have no run-together cells and never need them)."""

    paragraphs: tuple[str, ...]
    year: int | None

    def __new__(cls, paragraphs: Iterable[str] = (), year: int | None = None) -> StatedNumbers:
        paragraphs = tuple(p for p in paragraphs if p.strip())
        obj = super().__new__(cls, (n for p in paragraphs for n in _NUMBER_IN_TEXT.findall(p)))
        obj.paragraphs = paragraphs
        obj.year = year
        return obj

    @cached_property
    def counts(self) -> tuple[Claim, ...]:
        """Exact counts the narrative states of this year (「新收申请2028件」, 「制作规范性文件89件」)."""
        from app.claims import read_claims

        return tuple(
            c
            for p in self.paragraphs
            for c in read_claims(p, year=self.year)
            if c.kind == "count" and c.value is not None and not c.approximate and not c.last_year
        )
