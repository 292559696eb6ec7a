"""Small helpers shared by the rules."""

from __future__ import annotations

from app.claims.numbers import fmt

__all__ = ["fmt"]
