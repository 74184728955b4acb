"""The button's formats (xl_lkip/excel/paint.py): every report cell gets its layout style,
in rectangles whose number does not grow with the rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factory import clean_workbook

from xl_lkip.core.engine import run
from xl_lkip.core.layout import NUMBER_FORMATS, cell_style
from xl_lkip.excel import paint
from xl_lkip.files.workbook import load_grids

ROOT = Path(__file__).resolve().parent.parent


def _layouts(path: Path) -> list[Any]:
    return run(load_grids(path), path.name).layouts


def _painted(layout: Any) -> dict[str, dict[tuple[int, int], Any]]:
    """Each attribute of each cell after the paints, in order, on a cleared sheet."""
    canvas: dict[str, dict[tuple[int, int], Any]] = {a: {} for a in paint.ATTRIBUTES}
    canvas["border_total"] = {}
    for p in paint.plan(layout):
        for r1, c1, r2, c2 in p.rects:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    canvas[p.attribute][(r, c)] = p.value
    return canvas


def _same_look(attribute: str, want: Any, got: Any, value: Any) -> bool:
    if want == got:
        return True
    if attribute in paint.INVISIBLE_WHEN_EMPTY and value in (None, ""):
        return True  # an empty cell shows no font, alignment or number format
    if attribute == "number_format" and isinstance(value, str):
        return True  # a number format does not touch text
    if attribute == "horizontal" and want is None:  # where General alignment puts the value
        return got == ("left" if isinstance(value, str) else "right")
    if attribute == "number_format":
        return {want, got} in ({NUMBER_FORMATS["money"], NUMBER_FORMATS["money_sen"]},
                               {NUMBER_FORMATS["number"], NUMBER_FORMATS["decimal"]})
    return False


@pytest.mark.parametrize("name", ["boyolali-2020.xlsx", "pontianak-2020.xlsx"])
def test_every_cell_gets_its_style(name: str) -> None:
    path = ROOT / "workbooks" / name
    if not path.exists():
        pytest.skip(f"{name} belum dibuat")
    for layout in _layouts(path):
        canvas = _painted(layout)
        for block in layout.blocks:
            for i, styles in enumerate(block.styles):
                r = block.top + i
                for j, style in enumerate(styles):
                    c = block.left + j
                    st = cell_style(style)
                    value = block.values[i][j] if j < len(block.values[i]) else None
                    for a in paint.ATTRIBUTES:
                        want = getattr(st, a)
                        got = canvas[a].get((r, c), paint.DEFAULTS[a])
                        if a == "border":
                            want = "thin" if want == "total" else want
                        assert _same_look(a, want, got, value), (layout.sheet, r, c, a, want, got)
                    total = st.border == "total"
                    assert (canvas["border_total"].get((r, c)) == "total") == total


def test_rectangles_do_not_grow_with_rows(tmp_path: Path) -> None:
    small = _layouts(clean_workbook(tmp_path / "kecil.xlsx", n=10))
    big = _layouts(clean_workbook(tmp_path / "besar.xlsx", n=800))

    def count(layouts: list[Any]) -> int:
        return sum(len(p.rects) for lay in layouts for p in paint.plan(lay))

    assert count(big) == count(small)


def test_rectangles_cover_runs_and_stack_rows() -> None:
    off = paint._OFF
    rows = {1: ["a", "a", "b"], 2: ["a", "a", "b"], 3: [off, off, off], 4: ["a", "a", off]}
    assert paint.rectangles(rows, "a", off) == [(1, 1, 4, 2)]  # the gap row does not split it
    assert paint.rectangles(rows, "b", off) == [(1, 3, 2, 3)]
    assert paint.rectangles({1: ["a", "b", "a"]}, "a") == [(1, 1, 1, 1), (1, 3, 1, 3)]


def test_unions_stay_within_excel_address_limit() -> None:
    rects = [(r, 1, r, 3) for r in range(1, 200, 2)]
    parts = paint.unions(rects)
    assert all(len(p) <= 255 for p in parts) and len(parts) > 1
    assert ",".join(parts).split(",") == [paint.address(r) for r in rects]


def test_merges_in_consecutive_rows_become_one_call() -> None:
    across, whole = paint.merge_rects(["B5:D5", "B6:D6", "B7:D7", "B9:D9", "A1:H1", "C2:C3"])
    assert across == [(1, 1, 1, 8), (5, 2, 7, 4), (9, 2, 9, 4)]
    assert whole == [(2, 3, 3, 3)]
