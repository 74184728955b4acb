"""Shared fixtures: example data folders, a filled workbook, the license key for xlwings' PRO engines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "workbooks" / "data"

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def root() -> Path:
    return ROOT
