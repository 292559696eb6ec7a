"""Derived values computed from this year's and last year's tables: 办结率, shares, year-on-year changes."""

from __future__ import annotations

from app.claims.numbers import fmt
from app.claims.quantities import QUANTITIES, quantity_value
from schemas.report import Report

# the quantities whose change on last year a report may state, with the words it uses for them
CHANGE_KEYS: tuple[str, ...] = ("received", "handled", "review", "litigation")


def completion_rate(report: Report) -> float | None:
    """办结率 in percent: 办结 ÷ (本年新收 + 上年结转), or None when a value is missing or nothing was received."""
    rates = completion_rates(report)
    return rates[0] if rates else None


def completion_rates(report: Report) -> list[float]:
    """办结率 as reports compute it: 办结 ÷ (本年新收 + 上年结转), and 办结 ÷ 本年新收."""
    handled = quantity_value(report, "handled")
    received = quantity_value(report, "received")
    carried = quantity_value(report, "carried_over")
    if handled is None or received is None or carried is None:
        return []
    return [handled / whole * 100 for whole in (received + carried, received) if whole]


def part_value(report: Report, quantity: str | None, parts: tuple[str, ...]) -> int | float | None:
    """The value of one quantity or of a sum of quantities in ``report``."""
    keys = parts or ((quantity,) if quantity else ())
    if not keys:
        return None
    values = [quantity_value(report, k) for k in keys]
    return None if not values or None in values else sum(values)  # type: ignore[arg-type]


def share(report: Report, quantity: str | None, parts: tuple[str, ...], base: str | None) -> list[float]:
    """The share(s) in percent of a quantity (or a sum) in ``base``; 收到申请 may include 上年结转 (two shares)."""
    part = part_value(report, quantity, parts)
    if part is None or base is None:
        return []
    wholes = [v for v in QUANTITIES[base].values(report) if v] if report.tables.get(QUANTITIES[base].table) else []
    return [part / w * 100 for w in wholes]


def change(report: Report, previous: Report | None, key: str) -> tuple[float, float | None] | None:
    """(this year − last year, that change in percent of last year or None) of quantity ``key``."""
    if previous is None or key not in QUANTITIES:
        return None
    now, before = quantity_value(report, key), quantity_value(previous, key)
    if now is None or before is None:
        return None
    delta = float(now - before)
    return delta, (delta / before * 100 if before else None)


def rates_statement(report: Report) -> str:
    """办结率 and each outcome's share of what was handled, as sentences (computed, never left to a model)."""
    rate = completion_rate(report)
    if rate is None:
        return ""
    handled = quantity_value(report, "handled")
    received = quantity_value(report, "received")
    carried = quantity_value(report, "carried_over")
    text = (
        f"办结率为{rate:.1f}%（办结{fmt(handled)}件÷收到申请{fmt(received + carried)}件，"  # type: ignore[operator]
        f"含上年结转{fmt(carried)}件）。"
    )
    return text


def changes_statement(report: Report, previous: Report | None) -> str:
    """Year-on-year changes of applications received and handled, 行政复议 and 行政诉讼, as sentences."""
    parts = []
    for key in CHANGE_KEYS:
        found = change(report, previous, key)
        if found is None:
            continue
        delta, pct = found
        name = QUANTITIES[key].name.removesuffix("数")
        if delta == 0:
            parts.append(f"{name}与上年持平")
            continue
        word, rate_word = ("增加", "增长") if delta > 0 else ("减少", "下降")
        rate = f"，{rate_word}{abs(pct):.1f}%" if pct is not None else ""
        parts.append(f"{name}较上年{word}{fmt(abs(delta))}件{rate}")
    return ("；".join(parts) + "。") if parts else ""
