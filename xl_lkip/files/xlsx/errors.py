"""The writer's one error: the workbook could not be written and the original is untouched."""

from __future__ import annotations

from ...core.errors import LkipError


class TulisError(LkipError):
    """The workbook could not be written; the original is untouched."""
