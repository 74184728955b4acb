"""How many Excel calls one click of "Perbarui Laporan" makes, counted on xlwings' remote engine.

Each recorded action of the remote engine is one round trip to Excel (a COM call on Windows,
a sync in xlwings Lite), so the count is what a click costs whatever the machine. The button
runs exactly as the ribbon runs it (`xl_lkip.main()` on the caller book) on workbooks of
growing size, a series of clicks each:

- first click: a workbook without the hidden sheet of shapes (made by an earlier version):
  every report sheet is formatted;
- first click on a filled template: the template as `xl-lkip templat` writes it with the
  workbook's input sheets typed in: the report sheets get their rows (moved and copied
  where the template's rows allow, formatted otherwise), their column widths and frozen
  rows stay;
- next click: the workbook as the first click left it: values only;
- after an edit: one number typed differently on Realisasi (last year's realisasi of the
  first indicator), then a click: formats only where a sheet's shape changed;
- after a row was emptied: the last indicator's row emptied on Realisasi, then a click: the
  rows of that indicator on the sheets that list indicators change their look (alignment,
  number formats), which the button sets on them (excel/reshape.py);
- after an indicator was deleted: its rows deleted on every input sheet, then a click: the
  button deletes its rows on the report sheets (their formats go with them);
- after it was typed in again: the rows back, then a click: the button inserts rows, which
  take the formats of the rows above them, or copies the formats of a row that is right.

The target is at most 60 calls per click for any size.

    python benchmarks/button_calls.py                 # the example workbooks and 10 / 1,000 indicators
    python benchmarks/button_calls.py --detail        # also the count per action kind
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests", ROOT / "benchmarks"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

TARGET = 60
SIZES = ((10, 100), (1_000, 5_000))  # (indicators, budget lines)


def count(actions: list[dict[str, Any]]) -> dict[str, Any]:
    """Range calls (actions on a cell range), value writes among them, and the rest."""
    kinds = collections.Counter(a["func"] for a in actions)
    ranged = [a for a in actions if a.get("start_row") is not None]
    writes = [a for a in ranged if a["func"] in ("setValues", "setFormula")]
    charts = [a for a in actions if "Chart" in a["func"]]
    return {"range": len(ranged), "writes": len(writes), "charts": len(charts),
            "all": len(actions), "kinds": kinds}


def press(payload: dict[str, Any], name: str) -> tuple[list[dict[str, Any]], float, str]:
    """Run the button on `payload`; returns its actions, seconds, and the message."""
    import copy

    import xlwings as xw
    from remote_payload import close, open_book

    import xl_lkip

    book = open_book(copy.deepcopy(payload))
    try:
        start = time.perf_counter()
        xl_lkip.main()
        seconds = time.perf_counter() - start
        actions = book.json()["actions"]
    finally:
        close(book)
        if hasattr(xw.Book, "_mock_caller"):
            del xw.Book._mock_caller
    alert = next((a["args"] for a in actions if a["func"] == "alert"), ["", "", "", ""])
    if alert[3] != "info":
        raise SystemExit(f"{name}: the button did not finish: {alert[0]}")
    return actions, seconds, alert[0]


def clicks(path: Path) -> list[tuple[str, dict[str, Any], float, str]]:
    """The clicks on `path`: (which, counts, seconds, message)."""
    import copy

    from remote_payload import (
        INPUT_WITH_INDICATORS,
        delete_rows_with,
        edit_number,
        indicator_names,
        payload_after,
        payload_from_xlsx,
    )

    from xl_lkip.core.reader import sheets_to_read
    from xl_lkip.core.schema import SHAPE_SHEET

    payload = payload_from_xlsx(path)
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != SHAPE_SHEET]
    out = []
    template = payload_from_xlsx(ROOT / "workbooks" / "templat-lkjip.xlsx")
    typed = {s["name"]: s for s in payload["sheets"] if s["name"] in set(sheets_to_read())}
    filled = {**template, "sheets": [typed.get(s["name"], s) for s in template["sheets"]]}
    actions, seconds, alert = press(filled, path.name)
    out.append(("first click on a filled template", count(actions), seconds, alert))
    first, seconds, alert = press(payload, path.name)
    out.append(("first click", count(first), seconds, alert))
    after = payload_after(payload, first)
    actions, seconds, alert = press(after, path.name)
    out.append(("next click", count(actions), seconds, alert))
    edit_number(after, "Realisasi", "Realisasi N-1")
    actions, seconds, alert = press(after, path.name)
    out.append(("after an edit", count(actions), seconds, alert))
    after = payload_after(after, actions)
    kept = copy.deepcopy(after)
    remove_last_row(after, "Realisasi")
    actions, seconds, alert = press(after, path.name)
    out.append(("after a row was emptied", count(actions), seconds, alert))
    names = indicator_names(kept)
    removed = copy.deepcopy(kept)
    delete_rows_with(removed, names[len(names) // 2])
    actions, seconds, alert = press(removed, path.name)
    out.append(("after an indicator was deleted", count(actions), seconds, alert))
    back = payload_after(removed, actions)
    for sheet in back["sheets"]:
        if sheet["name"] in INPUT_WITH_INDICATORS:
            typed = next(s for s in kept["sheets"] if s["name"] == sheet["name"])
            sheet["values"] = copy.deepcopy(typed["values"])
            sheet["_formulas"] = copy.deepcopy(typed.get("_formulas", {}))
    actions, seconds, alert = press(back, path.name)
    out.append(("after it was typed in again", count(actions), seconds, alert))
    return out


def remove_last_row(payload: dict[str, Any], sheet: str) -> None:
    """Empty the last filled row of `sheet` in the payload, as a user deleting its cells."""
    grid = next(s for s in payload["sheets"] if s["name"] == sheet)
    values = grid["values"]
    r = max(i for i, row in enumerate(values) if any(v not in ("", None) for v in row))
    values[r] = [""] * len(values[r])
    grid["_formulas"] = {k: v for k, v in grid.get("_formulas", {}).items() if k[0] != r + 1}


class _Recorder:
    """Stands in for a sheet, range, font or borders of Excel on Windows (COM): counts every
    call and attribute write the button makes on a range, as xlwings' Windows engine makes
    them (a border grid is one call per side and attribute). Looking a range up and reaching
    its Font object are round trips too and are not counted."""

    def __init__(self, calls: list[str], path: str = "sheet") -> None:
        object.__setattr__(self, "_calls", calls)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str) -> Any:
        if name in ("font", "borders", "conditional_formats", "rows", "api", "freeze_panes"):
            return _Recorder(self._calls, f"{self._path}.{name}")
        if name == "charts":
            return []
        return _Recorder(self._calls, f"{self._path}.{name}()")

    def __setattr__(self, name: str, value: Any) -> None:
        self._calls.append(f"{self._path}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._path.endswith("borders.set()"):
            # xlwings on Windows looks each side up and sets each attribute on it, one COM
            # call each: "all" is the six sides of a grid (edges and inside lines)
            sides = 6 if (args[0] if args else kwargs.get("which", "all")) == "all" else 1
            for _side in range(sides):
                self._calls.append("range.borders(side)")
                self._calls.extend(f"range.borders(side).{name}" for name in kwargs)
            return None
        self._calls.append(self._path)
        return _Recorder(self._calls, "range" if self._path.endswith("range()") else self._path)


def windows_calls(path: Path) -> int:
    """Format calls of one click on an engine that takes unions of ranges (Excel on Windows):
    the layouts of the CLI's engine run, formatted onto a recorder (values and charts aside)."""
    from xl_lkip.core.engine import run
    from xl_lkip.excel import button
    from xl_lkip.files.workbook import load_grids

    hasil = run(load_grids(path), path.name)
    calls: list[str] = []
    saved = button.takes_unions, button._engine
    button.takes_unions, button._engine = (lambda engine: True), (lambda sheet: "excel")
    try:
        for layout in hasil.layouts:
            calls.append("sheet.clear")
            calls.append("range.value")
            button.format_sheet(_Recorder(calls), layout)
    finally:
        button.takes_unions, button._engine = saved
    return sum(1 for c in calls if not c.endswith("range()") and c != "sheet.range")


def workbooks(folder: Path) -> list[tuple[str, Path]]:
    from generate import build  # benchmarks/generate.py

    out = [(p.stem, p) for p in sorted((ROOT / "workbooks").glob("*-20*.xlsx"))]
    for n_ind, n_rows in SIZES:
        path = folder / f"umum-{n_ind}-{n_rows}.xlsx"
        build(path, n_ind, n_rows)
        out.append((f"{n_ind:,} indikator, {n_rows:,} baris anggaran", path))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="count per action kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        worst: dict[str, int] = collections.defaultdict(int)
        for name, path in workbooks(Path(tmp)):
            windows = windows_calls(path)
            for which, counts, seconds, alert in clicks(path):
                worst[which] = max(worst[which], counts["all"])
                rows.append((name, which, counts, windows if which == "first click" else None,
                             seconds, alert.splitlines()[0] if alert else ""))
    print(f"| Workbook | click | all remote actions (target ≤ {TARGET}) | range actions |"
          " value writes | chart actions | format calls with unions (Windows) | Python time |"
          " message |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, which, c, windows, seconds, alert in rows:
        print(f"| {name} | {which} | {c['all']} | {c['range']} | {c['writes']} | {c['charts']} | "
              f"{'' if windows is None else windows} | {seconds * 1000:.0f} ms | {alert} |")
        if args.detail:
            print("|  |  | " + ", ".join(f"{k} {v}" for k, v in c["kinds"].most_common()) + " |")
    print()
    for which, most in worst.items():
        held = "held" if most <= TARGET else "missed"
        print(f"Most calls per {which}: {most} (target ≤ {TARGET}: {held})")
    return 0 if max(worst.values()) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
