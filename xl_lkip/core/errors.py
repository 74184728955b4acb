"""Errors that carry an Excel error value and a reason in Bahasa Indonesia.

The arithmetic raises these instead of returning a silent 0; the UDF layer turns them
into the Excel error value, the reader and the checker into findings that name a cell.
"""

from __future__ import annotations

DIV0 = "#DIV/0!"
VALUE = "#VALUE!"
NA = "#N/A"
NUM = "#NUM!"
REF = "#REF!"
NAME = "#NAME?"
NULL = "#NULL!"

EXCEL_ERRORS = frozenset({DIV0, VALUE, NA, NUM, REF, NAME, NULL, "#GETTING_DATA", "#SPILL!",
                          "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!"})


class LkipError(Exception):
    """Base of every error xl-lkip reports to a user; `pesan` is the Indonesian message."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


class NilaiError(LkipError, ValueError):
    """A value that cannot be computed with; `kode` is the Excel error value that fits."""

    def __init__(self, pesan: str, kode: str = VALUE) -> None:
        super().__init__(pesan)
        self.kode = kode
