"""A sheet as the core sees it: a rectangle of values plus the formulas behind them.

Both adapters produce this (the file reader from the xlsx XML, the Excel button from
one bulk read of the used range), so reading the template is written once.
"""

from __future__ import annotations

import re

from .lazyre import LazyPattern
from .record import field, record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any


class ErrorValue(str):
    """An Excel error value found in a cell (#REF!, #DIV/0!, ...)."""


# What no cell of a file can hold: the characters XML 1.0 forbids (control characters other
# than tab and line breaks, U+FFFE/U+FFFF) and lone surrogates, which cannot even be encoded.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` without the characters a workbook cannot hold (every writer cleans text so)."""
    return value if value.isprintable() else _NOT_IN_XML.sub("", value)


@record
class SheetGrid:
    """Values are row-major from A1: values[0][0] is A1. Missing cells are None."""

    name: str
    values: list[list[Any]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    # decimals a number cell shows by its number format ("#,##0.00" → 2), where the file says
    decimals: dict[tuple[int, int], int] = field(default_factory=dict)
    # the application that last saved the file ("Microsoft Excel", "LibreOffice/7.6…"), if known
    aplikasi: str | None = None

    def value(self, row: int, col: int) -> Any:
        if row < 1 or row > len(self.values):
            return None
        line = self.values[row - 1]
        return line[col - 1] if 0 < col <= len(line) else None

    @property
    def n_rows(self) -> int:
        return len(self.values)

    def formula(self, row: int, col: int) -> str | None:
        return self.formulas.get((row, col))


_COL_RE = LazyPattern(r"^([A-Za-z]{1,3})(\d+)$")


def col_letter(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """'C7' → (7, 3)."""
    m = _COL_RE.match(ref)
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


def rect_of(a1: str) -> tuple[int, int, int, int]:
    """'B5:D9' (or 'B5', '$B$5') -> (5, 2, 9, 4): first row, first column, last row, last column."""
    first, _, last = a1.replace("$", "").partition(":")
    (r1, c1), (r2, c2) = _ref(first), _ref(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _ref(ref: str) -> tuple[int, int]:
    """split_ref without a regex, for the many merges of a layout (layouts write them)."""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    if not 0 < i <= 3 or not ref[i:].isdigit():
        return split_ref(ref)  # raises the same error for anything else
    return int(ref[i:]), col_index(ref[:i])


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def sheet_ref(sheet: str, row: int, col: int) -> str:
    """A reference users can read and Excel can follow: Realisasi!D7, 'PK Program'!C4."""
    name = sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{cell_ref(row, col)}"


_ADDIN_PREFIX = LazyPattern(
    r"(?:'[^']*'|\[\d+\][A-Za-z0-9_.]*|[A-Za-z0-9_.]+\.xla[m]?)!(?=[A-Za-z_][\w.]*\()")


def normalize_formula(formula: str) -> str:
    """Drop the add-in path Excel puts before add-in functions ('C:\\..\\x.xlam'!CAPAIAN, [1]!CAPAIAN)."""
    return _ADDIN_PREFIX.sub("", formula) if "!" in formula else formula
