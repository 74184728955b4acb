"""Run the Excel button on Linux: workbook file → xlwings remote payload → actions → values.

xlwings' remote engine builds a real `xw.Book` from the JSON an Excel client sends and
records every change as an action. These helpers build that payload from an .xlsx file
(as the client would send it), and replay the recorded actions onto the payload's values
the way Excel would apply them, so a test can compare the result with the CLI's file.
"""

from __future__ import annotations

import contextlib
import copy
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlwings as xw

from xl_lkip.core.grid import ErrorValue, SheetGrid
from xl_lkip.files.package import Package
from xl_lkip.files.xlsx_read import read_grids

# Actions that put values into cells.
VALUE_WRITES = frozenset({"setValues", "setFormula", "setFormulaArray"})
# Actions that change nothing in a sheet's cells or formats.
NEUTRAL = frozenset({"alert", "activateSheet", "setScreenUpdating", "setCalculation", "calculate"})
# Actions that leave the formats of existing cells as they are.
KEEP_FORMATS = VALUE_WRITES | NEUTRAL | {"sheetClearContents", "rangeClearContents", "addSheet",
                                         "setSheetVisibility"}
_HYPERLINK = re.compile(r'^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$')
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Formula:
    """A cell Excel would hold as a formula (never expected from the button's values)."""

    text: str


def _payload_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return str(value)
    return value


def _formats(grid: SheetGrid) -> dict[tuple[int, int], str]:
    """Number formats that give the grid's percent cells and shown decimals back."""
    out = {}
    for cell in set(grid.percent_cells) | set(getattr(grid, "decimals", {})):
        d = getattr(grid, "decimals", {}).get(cell)
        percent = cell in grid.percent_cells
        if d is None:
            d = 2 if percent else None
        base = "General" if d is None else ("0" if d == 0 else "0." + "0" * d)
        out[cell] = base + ("%" if percent else "")
    return out


def payload_from_grids(name: str, grids: Iterable[SheetGrid], active: int = 0,
                       calculation: str | None = "Automatic") -> dict[str, Any]:
    """The JSON an Excel client sends: rectangular values from A1, '' for empty cells.

    Each sheet also carries its formulas under `_formulas` (not part of the protocol;
    only `formulas_like_windows` reads them).
    """
    sheets = []
    for grid in grids:
        width = max((len(r) for r in grid.values), default=0)
        values = [[_payload_value(v) for v in row] + [""] * (width - len(row))
                  for row in grid.values] or [[]]
        sheets.append({"name": grid.name, "values": values, "pictures": [], "tables": [],
                       "charts": [], "_formulas": dict(grid.formulas),
                       "_formats": _formats(grid)})
    book: dict[str, Any] = {"name": name, "active_sheet_index": active, "selection": "A1"}
    if calculation is not None:
        book["calculation"] = calculation
    return {"client": "Office.js", "version": xw.__version__, "book": book, "names": [],
            "sheets": sheets}


def payload_from_xlsx(path: str | Path, name: str | None = None, **kw: Any) -> dict[str, Any]:
    """The payload of an .xlsx file, read with the project's own reader (all sheets)."""
    path = Path(path)
    with Package(path) as pkg:
        order = [s.name for s in pkg.sheets]
        grids = read_grids(pkg)
    return payload_from_grids(name or path.name, [grids[n] for n in order], **kw)


def open_book(payload: dict[str, Any], caller: bool = True) -> Any:
    """`xw.Book(json=payload)`, optionally as the mock caller of `xw.Book.caller()`."""
    book = xw.Book(json=payload)
    if caller:
        book.set_mock_caller()
    return book


@contextlib.contextmanager
def formulas_like_windows() -> Iterator[None]:
    """Let the remote engine read `.formula` and `.number_format` synchronously, as the
    Windows engine does.

    Office.js clients send neither formulas nor formats; the Windows (COM) engine reads
    formulas in one call, returning a constant cell's value as text, and a range's common
    number format (None when mixed). This patch serves the payload's `_formulas` and
    `_formats` that way, to run the button's formula- and percent-aware path on Linux.
    """
    from xlwings.pro import _xlremote

    original = _xlremote.Range.formula

    def getter(self: Any) -> Any:
        forms = self.sheet.api.get("_formulas", {})
        values = self.sheet.api["values"]
        (r1, c1), (nrows, ncols) = self.arg1, self.shape
        out = []
        for r in range(r1, r1 + nrows):
            line = []
            for c in range(c1, c1 + ncols):
                f = forms.get((r, c))
                if f is None:
                    row = values[r - 1] if r <= len(values) else []
                    v = row[c - 1] if c <= len(row) else ""
                    f = "" if v is None else str(v)
                line.append(f)
            out.append(line)
        return out

    def number_format(self: Any) -> Any:
        """The range's common number format as Windows reports it; None when mixed."""
        formats = self.sheet.api.get("_formats", {})
        (r1, c1), (nrows, ncols) = self.arg1, self.shape
        found = {formats.get((r, c), "General") for r in range(r1, r1 + nrows)
                 for c in range(c1, c1 + ncols)}
        return found.pop() if len(found) == 1 else None

    original_format = _xlremote.Range.number_format
    _xlremote.Range.formula = property(getter, original.fset)
    _xlremote.Range.number_format = property(number_format, original_format.fset)
    try:
        yield
    finally:
        _xlremote.Range.formula = original
        _xlremote.Range.number_format = original_format


def click(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The actions of one click of the ribbon button (`xl_lkip.main()` on the caller book)
    on a copy of `payload` (the engine adds new sheets to what it is given)."""
    import xl_lkip

    book = open_book(copy.deepcopy(payload))
    try:
        xl_lkip.main()
        return book.json()["actions"]
    finally:
        close(book)


def close(book: Any) -> None:
    """Forget a remote book and the mock caller (both live in module-level state)."""
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
    with contextlib.suppress(Exception):
        book.close()


# --- replaying actions ---------------------------------------------------------------------


def as_excel_would_store(value: Any, formula_write: bool = False) -> Any:
    """What a cell holds after a client writes `value` into it, as Excel parses typed input.

    A leading apostrophe forces text (and is not stored); '=...' is a formula; a string
    that reads as a number becomes a number. HYPERLINK formulas written by the button show
    their text, which is what a value comparison needs.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        m = _HYPERLINK.match(value) if formula_write else None
        return m.group(2).replace('""', '"') if m else Formula(value)
    if _NUMBER.match(value.strip()):
        return float(value)
    return value


@dataclass
class Replay:
    """Sheets after the actions, and which sheet each action touched."""

    sheets: dict[str, list[list[Any]]]
    order: list[str]
    touched: list[tuple[str, str | None]] = field(default_factory=list)  # (func, sheet name)

    def sheet_grid(self, name: str) -> list[list[Any]]:
        for n, values in self.sheets.items():
            if n.casefold() == name.casefold():
                return values
        raise KeyError(name)


def _put(grid: list[list[Any]], r: int, c: int, value: Any) -> None:
    while len(grid) <= r:
        grid.append([])
    row = grid[r]
    while len(row) <= c:
        row.append(None)
    row[c] = value


def replay(payload: dict[str, Any], actions: list[dict[str, Any]]) -> Replay:
    """Apply the recorded actions to a copy of the payload's values."""
    order = [s["name"] for s in payload["sheets"]]
    sheets = {s["name"]: [[as_excel_would_store(v) for v in row] for row in s["values"]]
              for s in payload["sheets"]}
    out = Replay(sheets, order)
    for a in actions:
        func = a["func"]
        pos = a.get("sheet_position")
        name = order[pos] if pos is not None and 0 <= pos < len(order) else None
        if func == "addSheet":
            ix, new = a["args"]
            order.insert(ix, new)
            sheets[new] = []
            name = new
        out.touched.append((func, name))
        if name is None:
            continue
        grid = sheets[name]
        if func in ("sheetClear", "sheetClearContents"):
            grid.clear()
        elif func in VALUE_WRITES:
            r0, c0 = a["start_row"], a["start_column"]
            values = a["values"]
            if not isinstance(values, list):
                values = [[values] * a["column_count"] for _ in range(a["row_count"])]
            for i, row in enumerate(values):
                for j, v in enumerate(row):
                    _put(grid, r0 + i, c0 + j, as_excel_would_store(v, func != "setValues"))
        elif func in ("rangeClearContents", "rangeClear"):
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    r, c = a["start_row"] + i, a["start_column"] + j
                    if r < len(grid) and c < len(grid[r]):
                        grid[r][c] = None
        elif func in ("rangeDelete", "rangeInsert") and a["column_count"] >= 16384:
            first, n = a["start_row"], a["row_count"]  # whole rows: the ones below move
            if func == "rangeDelete":
                del grid[first:first + n]
            elif first < len(grid):
                grid[first:first] = [[] for _ in range(n)]
        elif func == "sheetDelete":
            order.remove(name)
            del sheets[name]
        elif func == "setSheetName":
            new = a["args"][0]
            order[order.index(name)] = new
            sheets[new] = sheets.pop(name)
    return out


# --- comparing -----------------------------------------------------------------------------


def normalize(values: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing blanks, numbers as rounded floats, '' as None."""
    out = []
    for row in values:
        line = []
        for v in row:
            if v == "" or v is None:
                v = None
            elif isinstance(v, bool):
                pass
            elif isinstance(v, int | float):
                f = float(v)
                v = round(f, 9) if math.isfinite(f) else str(f)
            line.append(v)
        while line and line[-1] is None:
            line.pop()
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def differences(expected: list[list[Any]], actual: list[list[Any]], limit: int = 10) -> list[str]:
    """Cell-by-cell differences, as 'R5C3: expected ... got ...' lines."""
    a, b = normalize(expected), normalize(actual)
    out = []
    for r in range(max(len(a), len(b))):
        ra = a[r] if r < len(a) else []
        rb = b[r] if r < len(b) else []
        for c in range(max(len(ra), len(rb))):
            va = ra[c] if c < len(ra) else None
            vb = rb[c] if c < len(rb) else None
            if va != vb:
                out.append(f"R{r + 1}C{c + 1}: expected {va!r}, got {vb!r}")
                if len(out) >= limit:
                    return out
    return out


# --- the next click ------------------------------------------------------------------------


def payload_after(payload: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload Excel sends on the next click: the values after `actions`, sheets added
    by them included (the input sheets keep their formulas and formats)."""
    result = replay(payload, actions)
    old = {s["name"]: s for s in payload["sheets"]}
    written = {name for func, name in result.touched if func not in NEUTRAL}
    sheets = []
    for name in result.order:
        if name in old and name not in written:  # as the client sent it (replay parses values)
            sheets.append(copy.deepcopy(old[name]))
            continue
        sheet = copy.deepcopy(old[name]) if name in old else {
            "name": name, "pictures": [], "tables": [], "charts": [], "_formulas": {},
            "_formats": {}}
        values = result.sheets[name]
        width = max((len(r) for r in values), default=0)
        sheet["values"] = [[_payload_value(v.text if isinstance(v, Formula) else v) for v in row]
                           + [""] * (width - len(row)) for row in values] or [[]]
        sheets.append(sheet)
    out = {k: copy.deepcopy(v) for k, v in payload.items() if k != "sheets"}
    out["sheets"] = sheets
    return out


def edit_number(payload: dict[str, Any], sheet: str, header: str, row: int = 1) -> tuple[Any, Any]:
    """Type a slightly different number into the `row`-th data cell of the column headed
    `header` on `sheet` (a whole number stays whole); returns (old value, new value)."""
    grid = next(s for s in payload["sheets"] if s["name"].casefold() == sheet.casefold())
    values = grid["values"]
    want = header.casefold()
    headers = [[str(v).strip().casefold() for v in line] for line in values[:10]]
    r = next((i for i, line in enumerate(headers) if want in line), None)
    if r is None:
        raise KeyError(f"{sheet}: no column {header!r}")
    c = headers[r].index(want)
    numbers = [i for i in range(r + 1, len(values)) if isinstance(values[i][c], int | float)
               and not isinstance(values[i][c], bool)]
    i = numbers[row - 1]
    old = values[i][c]
    new = old + 1 if isinstance(old, int) else round(old * 1.01 + 0.01, 2)
    values[i][c] = new
    return old, new


# --- a user adding and removing indicators ---------------------------------------------------

INPUT_WITH_INDICATORS = ("Renstra", "PK", "Realisasi", "Rencana Aksi")


def delete_rows_with(payload: dict[str, Any], text: str) -> None:
    """Delete, on every input sheet listing indicators, the rows holding `text` (a user
    removing an indicator)."""
    for sheet in payload["sheets"]:
        if sheet["name"] not in INPUT_WITH_INDICATORS:
            continue
        values = sheet["values"]
        gone = [i for i, row in enumerate(values) if any(v == text for v in row)]
        for i in reversed(gone):
            del values[i]
            formulas = sheet.get("_formulas", {})
            sheet["_formulas"] = {(r - 1 if r > i + 1 else r, c): f
                                  for (r, c), f in formulas.items() if r != i + 1}


def header_row(values: list[list[Any]], wanted: str) -> tuple[int, list[str]]:
    """(index of the header row holding `wanted`, its headers casefolded)."""
    for i, row in enumerate(values[:10]):
        line = [str(v).strip().casefold() for v in row]
        if wanted.casefold() in line:
            return i, line
    raise KeyError(wanted)


def indicator_names(payload: dict[str, Any]) -> list[str]:
    values = next(s for s in payload["sheets"] if s["name"] == "Realisasi")["values"]
    h, line = header_row(values, "Indikator")
    c = line.index("indikator")
    return [row[c] for row in values[h + 1:] if isinstance(row[c], str) and row[c]]
