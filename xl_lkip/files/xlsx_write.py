"""Kept so that imports not yet moved keep working: the writer is the package files/xlsx."""

from __future__ import annotations

from .xlsx import TulisError, backup_path, make_backup, write_reports

__all__ = ["TulisError", "backup_path", "make_backup", "write_reports"]
