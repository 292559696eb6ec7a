"""The one error the exporters raise: a Chinese message the user can act on."""

from __future__ import annotations


class ExportError(Exception):
    """The document could not be produced (a missing program, a failed conversion); the message is for the user."""
