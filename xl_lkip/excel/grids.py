"""Read a live workbook's input sheets into SheetGrids, in bulk, through xlwings.

The button must see the same grids the file reader (files/xlsx_read.py) builds, so the
engine gives the same answer in Excel as on the command line: values row-major from A1,
error values as ErrorValue, integral numbers as int, formulas keyed by (row, col), and
the cells formatted as percent. Each sheet costs one read of values and one of formulas,
whatever its size; percent detection costs a few reads per numeric column.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from ..core import schema
from ..core.errors import EXCEL_ERRORS
from ..core.grid import ErrorValue, SheetGrid
from ..core.reader import HEADER_SCAN_ROWS, norm_header
from ..core.schema import Kind
from ..files.xlsx_read import format_decimals

# Kinds whose percent-formatted cells the reader scales by 100 (see core.reader.parse).
_PERCENT_KINDS = (Kind.NUMBER, Kind.PERCENT, Kind.TARGET)
_QUOTED = re.compile(r'"[^"]*"|\\.')
# Past this many format reads per column, stop looking (a column formatted cell by cell).
MAX_FORMAT_READS = 200


def find_sheet(book: Any, name: str) -> Any | None:
    """The sheet named `name`, compared as Excel does (case-insensitively), or None."""
    want = name.strip().casefold()
    for sheet in book.sheets:
        if sheet.name.strip().casefold() == want:
            return sheet
    return None


def clean_value(value: Any) -> Any:
    """One cell as xlsx_read returns it: errors typed, integral floats as int, '' as None."""
    if value is None:
        return None
    if isinstance(value, str):
        if value == "":
            return None
        return ErrorValue(value) if value in EXCEL_ERRORS else value
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    return value


def _trim(values: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells and rows, as the file reader never yields them."""
    out = []
    for row in values:
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        out.append(row[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _formulas(rng: Any, values: list[list[Any]]) -> dict[tuple[int, int], str] | None:
    """Formula texts of the range anchored at A1; None where the engine cannot read them.

    `.formula` returns the constant itself for a constant cell, so a text cell that
    happens to start with '=' (typed as '=...) is told apart by comparing with its value.
    """
    try:
        raw = rng.formula
    except Exception:  # the remote engine reads formulas only asynchronously
        return None
    if isinstance(raw, str):
        raw = [[raw]]
    out: dict[tuple[int, int], str] = {}
    for r, line in enumerate(raw or (), start=1):
        for c, text in enumerate(line or (), start=1):
            if not isinstance(text, str) or not text.startswith("=") or len(text) < 2:
                continue
            row = values[r - 1] if r <= len(values) else []
            value = row[c - 1] if c <= len(row) else None
            if isinstance(value, str) and value == text:
                continue  # a text constant, not a formula
            out[(r, c)] = text
    return out


def read_sheet(sheet: Any) -> tuple[SheetGrid, bool]:
    """One sheet as a SheetGrid (one bulk read of values, one of formulas), and whether
    the engine could give the formulas."""
    last = sheet.used_range.last_cell
    rng = sheet.range((1, 1), (last.row, last.column))
    raw = rng.options(ndim=2, err_to_str=True, empty=None).value
    values = _trim([[clean_value(v) for v in line] for line in raw or ()])
    formulas = _formulas(rng, values)
    return SheetGrid(sheet.name, values, formulas or {}, set()), formulas is not None


def is_percent_format(fmt: Any) -> bool:
    """True for number formats that show a percent sign (outside quoted text)."""
    return isinstance(fmt, str) and "%" in _QUOTED.sub("", fmt)


def format_runs(number_format: Callable[[int, int], Any], top: int, bottom: int,
                budget: list[int]) -> list[tuple[int, int, str]]:
    """(first row, last row, format) of the uniformly formatted stretches in top..bottom.

    `number_format(top, bottom)` is the common format of those rows of one column, or
    None when they differ (as Excel reports a mixed range). A uniform column costs one
    read; each differently formatted cell adds about log2(rows) reads, within `budget`.
    """
    if top > bottom or budget[0] <= 0:
        return []
    budget[0] -= 1
    fmt = number_format(top, bottom)
    if fmt is not None:
        return [(top, bottom, str(fmt))]
    if top == bottom:
        return []
    mid = (top + bottom) // 2
    return (format_runs(number_format, top, mid, budget)
            + format_runs(number_format, mid + 1, bottom, budget))


def percent_rows(number_format: Callable[[int, int], Any], top: int, bottom: int,
                 budget: list[int]) -> list[int]:
    """Rows in top..bottom whose format is a percent, halving mixed stretches."""
    return [r for a, b, fmt in format_runs(number_format, top, bottom, budget)
            if is_percent_format(fmt) for r in range(a, b + 1)]


def _numeric_format_reader(sheet: Any, c: int) -> Callable[[int, int], Any]:
    def fmt(r1: int, r2: int) -> Any:
        return sheet.range((r1, c), (r2, c)).number_format

    return fmt


def locate(grid: SheetGrid, spec: schema.Table) -> tuple[int, dict[str, int]]:
    """The header row of `spec` in `grid` and its columns ({key: 1-based column}), found by
    the template's header texts as the reader finds them (the row naming most columns)."""
    lookup: dict[str, str] = {}
    for col in spec.columns:
        for h in col.headers():
            lookup.setdefault(norm_header(h), col.key)
    best_row, best = 0, {}
    for r in range(1, min(grid.n_rows, HEADER_SCAN_ROWS) + 1):
        found: dict[str, int] = {}
        for c, v in enumerate(grid.values[r - 1], start=1):
            if isinstance(v, str):
                key = lookup.get(norm_header(v))
                if key and key not in found:
                    found[key] = c
        if len(found) > len(best):
            best_row, best = r, found
    return best_row, best


def refine(book_sheets: dict[str, Any], grids: dict[str, SheetGrid], formulas_known: bool) -> None:
    """What one bulk read of values cannot tell: number formats (percent cells, and the
    decimals a computed cell shows, which the checks compare at), and formulas if unreadable.

    Only where the template's tables are is needed (their header rows and columns), not
    the model: the engine reads the model once, from the refined grids.
    Formats: only numbers in the columns the reader scales and in computed columns need
    them; the remote engine cannot read number formats synchronously, so there nothing is
    marked (nor read).
    Formulas: where the engine gives no formula texts, the template's computed columns
    are taken to hold their formulas, so the checks compare their values with what the
    formula must give instead of calling every cell typed (which they cannot know).
    """
    by_name = {name.strip().casefold(): name for name in grids}
    formats_ok = True
    for spec in schema.INPUT_TABLES:
        name = by_name.get(spec.sheet.strip().casefold())
        if name is None:
            continue
        grid = grids[name]
        header_row, columns = locate(grid, spec)
        if not header_row or not columns:
            continue
        rows = range(header_row + 1, grid.n_rows + 1)
        for col in spec.columns:
            c = columns.get(col.key)
            if c is None:
                continue
            if not formulas_known and col.computed:
                for r in rows:
                    if grid.value(r, c) is not None:
                        grid.formulas.setdefault((r, c), col.formula or "=")
            sheet = book_sheets.get(name)
            percent, shown = col.kind in _PERCENT_KINDS, col.computed
            if not formats_ok or sheet is None or not (percent or shown):
                continue
            numeric = [r for r in rows if isinstance(grid.value(r, c), int | float)
                       and not isinstance(grid.value(r, c), bool)]
            if not numeric:
                continue
            try:
                runs = format_runs(_numeric_format_reader(sheet, c), numeric[0], numeric[-1],
                                   [MAX_FORMAT_READS])
            except NotImplementedError:
                formats_ok = False  # this engine has no synchronous number formats
                continue
            in_run = set(numeric)
            for a, b, fmt in runs:
                cells = [(r, c) for r in range(a, b + 1) if r in in_run]
                if percent and is_percent_format(fmt):
                    grid.percent_cells.update(cells)
                decimals = format_decimals(fmt) if shown else None
                if decimals is not None:
                    grid.decimals.update(dict.fromkeys(cells, decimals))


def read_grids(book: Any, names: Iterable[str]) -> tuple[dict[str, SheetGrid], bool]:
    """SheetGrids of the named sheets present in `book`, and whether formulas were readable."""
    grids: dict[str, SheetGrid] = {}
    sheets: dict[str, Any] = {}
    formulas_known = True
    for name in names:
        sheet = find_sheet(book, name)
        if sheet is None:
            continue
        grid, known = read_sheet(sheet)
        grids[sheet.name] = grid
        sheets[sheet.name] = sheet
        formulas_known = formulas_known and known
    with contextlib.suppress(Exception):  # refinements only; the values are already read
        refine(sheets, grids, formulas_known)
    return grids, formulas_known
