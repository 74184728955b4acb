"""Open a workbook file as the core's model: the CLI's (and the tests') way in."""

from __future__ import annotations

from pathlib import Path

from ..core.reader import LkipData, read_model, sheets_to_read
from ..core.schema import REPORT_SHEETS
from .package import Package
from .xlsx_read import read_grids


def load(path: str | Path) -> LkipData:
    """Read a filled template (.xlsx/.xlsm); raises BerkasError when the file is unusable."""
    path = Path(path)
    with Package(path) as pkg:
        grids = read_grids(pkg, sheets_to_read())
    return read_model(grids, path.name)


def load_grids(path: str | Path, report_sheets: bool = False) -> dict:
    """The SheetGrids of the input sheets (and the report sheets when asked)."""
    names = list(sheets_to_read()) + (list(REPORT_SHEETS) if report_sheets else [])
    with Package(Path(path)) as pkg:
        return read_grids(pkg, names)
