"""Search behind run-together digits: the splits a row's own sums allow, and the assignments of whole tables.

Pure integer work, no labels: ``sum_splits`` generates a row's splits directly from its sums (no cap that could
drop the right one); ``solve`` finds the assignments of the ambiguous rows for which every linear constraint
(column sums) holds, by backtracking with interval pruning rather than trying the full product.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

Vector = tuple[int, ...]

NODE_LIMIT = 400_000  # search steps (well under a second): past them the rows stay unread, never guessed


class TooLarge(Exception):
    """The search would take too long; what it was looking for stays unknown."""


@dataclass
class Budget:
    """Search steps left: TooLarge once they are spent."""

    left: int = NODE_LIMIT

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooLarge


def _forced_cuts(runs: Sequence[str]) -> tuple[str, frozenset[int]]:
    text, cuts, at = "", set(), 0
    for r in runs:
        text += r
        at += len(r)
        cuts.add(at)
    cuts.discard(at)
    return text, frozenset(cuts)


def sum_splits(runs: Sequence[str], groups: Sequence[int], *, budget: Budget | None = None) -> list[Vector]:
    """Every cut of the digit ``runs`` into groups of ``k`` numbers followed by their sum (for each ``k`` in
    ``groups``), no number with a leading zero, no number across two runs; TooLarge when ``budget`` runs out."""
    text, cuts = _forced_cuts(runs)
    if not text.isdigit():
        return []
    end = len(text)
    tick = (budget or Budget()).spend
    # a number ends at or before the next forced cut
    next_cut = [min((c for c in cuts if c > i), default=end) for i in range(end + 1)]

    def numbers_at(pos: int, limit: int) -> Iterator[tuple[int, int]]:
        """(value, end position) of each number that can start at ``pos`` and end by ``limit``."""
        if pos >= end:
            return
        stop = min(limit, next_cut[pos])
        if text[pos] == "0":
            if pos + 1 <= stop:
                yield 0, pos + 1
            return
        for j in range(pos + 1, stop + 1):
            yield int(text[pos:j]), j

    out: list[Vector] = []
    later = [sum(k + 1 for k in groups[g + 1 :]) for g in range(len(groups))]

    def group(g: int, pos: int, acc: tuple[int, ...]) -> None:
        if g == len(groups):
            if pos == end:
                out.append(acc)
            return
        k = len(groups) - 1
        if g == k:
            last(g, pos, acc)
            return
        parts(g, pos, acc, 0, 0)

    def parts(g: int, pos: int, acc: tuple[int, ...], j: int, total: int) -> None:
        tick()
        k = groups[g]
        if j == k:
            s = str(total)
            stop = pos + len(s)
            if text.startswith(s, pos) and stop <= next_cut[pos]:
                group(g + 1, stop, (*acc, total))
            return
        room = end - pos - (k - j - 1) - 1 - later[g]  # the longest this number may be
        for value, j_end in numbers_at(pos, pos + max(room, 0)):
            if len(str(total + value)) > end - j_end - (k - j - 1) - later[g]:
                break  # the group's sum would not fit in what is left
            parts(g, j_end, (*acc, value), j + 1, total + value)

    def last(g: int, pos: int, acc: tuple[int, ...]) -> None:
        """The last group: its sum ends the text, so each suffix is tried as the sum."""
        k = groups[g]
        for start in range(end - 1, pos + k - 1, -1):
            if next_cut[start] < end:
                break  # the sum would run across two runs
            if text[start] == "0" and start < end - 1:
                continue
            width, room = end - start, start - pos
            if room > k * width:
                continue  # k numbers, none longer than their sum, cannot fill the room
            if room < width - 1 + k - 1:
                break  # some number is at most one digit shorter than the sum (k < 10)
            target = int(text[start:])
            out.extend((*acc, *cut, target) for cut in ways(pos, start, k, target, {}))

    def ways(pos: int, stop: int, m: int, rem: int, memo: dict) -> tuple[tuple[int, ...], ...]:
        """Every cut of text[pos:stop] into ``m`` numbers that add up to ``rem`` (remembered: the same rest of the
        text is reached by many different heads)."""
        key = (pos, m, rem)
        if key in memo:
            return memo[key]
        tick()
        found: list[tuple[int, ...]] = []
        if m == 0:
            if pos == stop and rem == 0:
                found.append(())
        elif m * len(str(rem)) >= stop - pos >= len(str(rem)) + m - 2:
            # no number is longer than what is left of the sum, and m numbers of the digits left can reach it
            for value, j_end in numbers_at(pos, stop - (m - 1)):
                if value > rem:
                    break
                found += [(value, *rest) for rest in ways(j_end, stop, m - 1, rem - value, memo)]
        memo[key] = tuple(found)
        return memo[key]

    if end:
        group(0, 0, ())
    return out


@dataclass
class Problem:
    """Rows with a few possible vectors each; constraints Σ coef · value = const, each on one column."""

    domains: dict[str, list[Vector]]
    constraints: list[tuple[tuple[tuple[str, int, int], ...], int]] = field(default_factory=list)
    # each: (((row, column index, coefficient), ...), constant)

    def add(self, terms: Sequence[tuple[str, int, int]], const: int = 0) -> None:
        """Σ coef · row[column] over ``terms`` must equal ``const``."""
        self.constraints.append((tuple(terms), const))


@dataclass
class Solutions:
    """What the search found: the assignments (all of them when ``complete``)."""

    found: list[dict[str, Vector]]
    complete: bool


def solve(problem: Problem, *, cap: int = 64, budget: Budget | None = None) -> Solutions:
    """The assignments of ``problem``'s rows that meet every constraint (at most ``cap``; TooLarge past
    ``budget``)."""
    domains = {r: list(d) for r, d in problem.domains.items()}
    constraints = [(terms, const) for terms, const in problem.constraints if terms]
    by_row: dict[str, list[int]] = {r: [] for r in domains}
    for i, (terms, _) in enumerate(constraints):
        for r in {t[0] for t in terms}:
            by_row[r].append(i)
    _prune(domains, constraints, by_row)
    order = sorted(domains, key=lambda r: (len(domains[r]), r))
    found: list[dict[str, Vector]] = []
    if any(not domains[r] for r in order):
        return Solutions(found, True)
    tick = (budget or Budget()).spend
    assigned: dict[str, Vector] = {}

    def feasible(i: int) -> bool:
        terms, const = constraints[i]
        lo = hi = 0
        for r, col, coef in terms:
            if r in assigned:
                v = coef * assigned[r][col]
                lo += v
                hi += v
            else:
                a, b = _bounds(domains[r], col, coef)
                lo += a
                hi += b
        return lo <= const <= hi

    def search(depth: int) -> bool:
        tick()
        if depth == len(order):
            found.append(dict(assigned))
            return len(found) >= cap
        row = order[depth]
        for value in domains[row]:
            assigned[row] = value
            if all(feasible(i) for i in by_row[row]) and search(depth + 1):
                return True
        assigned.pop(row, None)
        return False

    stopped = search(0)
    return Solutions(found, not stopped)


def _bounds(domain: list[Vector], col: int, coef: int) -> tuple[int, int]:
    values = [coef * v[col] for v in domain]
    return min(values), max(values)


def _prune(domains: dict[str, list[Vector]], constraints: list, by_row: dict[str, list[int]]) -> None:
    """Drop the values that no choice of the other rows can complete (interval reasoning), to a fixed point."""
    changed = True
    while changed:
        changed = False
        for row, domain in domains.items():
            if not domain:
                continue
            keep = []
            for value in domain:
                ok = True
                for i in by_row[row]:
                    terms, const = constraints[i]
                    lo = hi = 0
                    for r, col, coef in terms:
                        if r == row:
                            lo += coef * value[col]
                            hi += coef * value[col]
                        else:
                            a, b = _bounds(domains[r], col, coef) if domains[r] else (0, 0)
                            lo += a
                            hi += b
                    if not lo <= const <= hi:
                        ok = False
                        break
                if ok:
                    keep.append(value)
            if len(keep) != len(domain):
                domains[row] = keep
                changed = True
