"""Small helpers shared by the rules."""

from __future__ import annotations


def fmt(v: int | float | None) -> str:
    """A number as a report prints it: integers plain, decimals without trailing zeros."""
    if v is None:
        return "（空）"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{round(v, 6):.6f}".rstrip("0").rstrip(".")
    return str(v)
