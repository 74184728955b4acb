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


@pytest.fixture
def remote_books(monkeypatch: pytest.MonkeyPatch):
    """xlwings' remote engine for one test: the license key set, every book the test opened
    (append it to the yielded list) closed afterwards, and the mock caller forgotten."""
    import xlwings as xw
    from remote_payload import close

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    opened: list = []
    yield opened
    for book in opened:
        close(book)
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
