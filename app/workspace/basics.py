"""The basics form's rules (no streamlit): the levels offered, and the format version follows the year unless
chosen by hand."""

from __future__ import annotations

from schemas.registry import LEVEL_LABELS, version_for_year

LEVEL_CHOICES = dict(LEVEL_LABELS)


def format_after_edit(*, old_year: int | None, old_version: str, new_year: int, chosen: str) -> str:
    """The format version after the basics were edited: a new year brings its version along, unless the
    user picked another version in the same edit."""
    if new_year != old_year and chosen == old_version:
        return version_for_year(new_year)
    return chosen
