"""The button's formats (xl_lkip/excel/paint.py): every report cell gets its layout style,
in rectangles whose number does not grow with the rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factory import clean_workbook
from remote_payload import click, payload_from_xlsx, replay

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
    if attribute == "wrap" and isinstance(value, int | float) and not isinstance(value, bool):
        return True  # a number never wraps
    if attribute == "horizontal" and want is None:  # where General alignment puts the value
        return got == ("left" if isinstance(value, str) else "right")
    return False


@pytest.mark.parametrize("name", ["boyolali-2020.xlsx", "pontianak-2020.xlsx"])
def test_every_cell_gets_its_style(name: str) -> None:
    path = ROOT / "workbooks" / name
    if not path.exists():
        pytest.skip(f"{name} belum dibuat")
    for layout in _layouts(path):
        formats = [p for p in paint.plan(layout) if p.attribute == "number_format"]
        assert sum(len(p.rects) for p in formats) <= paint.MAX_FORMAT_RECTS  # no fallback here
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

    # whole and fractional quarter targets alternate row by row in this data: past
    # MAX_FORMAT_RECTS the column falls back to two decimals instead of growing
    assert count(big) <= count(small)


def test_rectangles_cover_runs_and_stack_rows() -> None:
    off = paint._OFF
    rows = {1: ["a", "a", "b"], 2: ["a", "a", "b"], 3: [off, off, off], 4: ["a", "a", off]}
    assert paint.rectangles(rows, "a", off) == [(1, 1, 4, 2)]  # the gap row does not split it
    assert paint.rectangles(rows, "b", off) == [(1, 3, 2, 3)]
    assert paint.rectangles({1: ["a", "b", "a"]}, "a") == [(1, 1, 1, 1), (1, 3, 1, 3)]
    # numbered rows with empty cells under the number between them: one rectangle
    rows = {1: ["c", "x"], 2: [off, "y"], 3: ["c", "x"], 4: [off, "y"], 5: ["c", "z"]}
    assert paint.rectangles(rows, "c", off) == [(1, 1, 5, 1)]
    assert paint.rectangles(rows, "x", off) == [(1, 2, 1, 2), (3, 2, 3, 2)]


def test_unions_stay_within_excel_address_limit() -> None:
    rects = [(r, 1, r, 3) for r in range(1, 200, 2)]
    parts = paint.unions(rects)
    assert all(len(p) <= 255 for p in parts) and len(parts) > 1
    assert ",".join(parts).split(",") == [paint.address(r) for r in rects]


def test_merges_in_consecutive_rows_become_one_call() -> None:
    across, whole = paint.merge_rects(["B5:D5", "B6:D6", "B7:D7", "B9:D9", "A1:H1", "C2:C3"])
    assert across == [(1, 1, 1, 8), (5, 2, 7, 4), (9, 2, 9, 4)]
    assert whole == [(2, 3, 3, 3)]


def _formats_after(payload: dict[str, Any], actions: list[dict[str, Any]]
                   ) -> dict[tuple[str, int, int], str]:
    """{(sheet, row, column): number format} as Excel holds them after the actions (0-based)."""
    order = [s["name"] for s in payload["sheets"]]
    out: dict[tuple[str, int, int], str] = {}
    for a in actions:
        if a["func"] == "addSheet":
            order.insert(a["args"][0], a["args"][1])
        elif a["func"] == "sheetClear":
            name = order[a["sheet_position"]]
            out = {k: v for k, v in out.items() if k[0] != name}
        elif a["func"] == "setNumberFormat":
            name = order[a["sheet_position"]]
            for r in range(a["start_row"], a["start_row"] + a["row_count"]):
                for c in range(a["start_column"], a["start_column"] + a["column_count"]):
                    out[(name, r, c)] = a["args"][0]
    return out


def test_sen_and_whole_amounts_in_one_column_keep_their_formats(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the remote engine: 900.000,50 shows its sen, 1.800.000 in the same column does not."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")

    def with_sen(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["kode"] == "1.1":
                row["realisasi"] = 900_000.5
            elif row["kode"] == "1":
                row["realisasi"] = 2_700_000.5

    payload = payload_from_xlsx(clean_workbook(tmp_path / "sen.xlsx", n=3, anggaran=with_sen))
    actions = click(payload)
    sheets = replay(payload, actions).sheets
    formats = _formats_after(payload, actions)
    checked = 0
    for name in ("Tabel Anggaran", "Tabel Program Kegiatan"):
        cells = [(r, c, v) for r, row in enumerate(sheets[name]) for c, v in enumerate(row)
                 if v in (900_000.5, 1_800_000)]
        sen = [(r, c) for r, c, v in cells if v == 900_000.5]
        assert sen, name
        for r, c in sen:
            whole = [(r2, c2) for r2, c2, v in cells if c2 == c and v == 1_800_000]
            assert whole, (name, c)  # a whole amount in the same column
            assert formats[(name, r, c)] == NUMBER_FORMATS["money_sen"]
            for cell in whole:
                assert formats[(name, *cell)] == NUMBER_FORMATS["money"]
                checked += 1
    assert checked >= 2


def test_alternating_formats_fall_back_to_two_decimals(tmp_path: Path) -> None:
    """Rows alternating between 20 and 20,25 would need a rectangle per row: past the cap the
    column shows two decimals throughout, and every number still gets a number format."""
    for layout in _layouts(clean_workbook(tmp_path / "besar.xlsx", n=300)):
        formats = [p for p in paint.plan(layout) if p.attribute == "number_format"]
        assert sum(len(p.rects) for p in formats) <= paint.MAX_FORMAT_RECTS, layout.sheet
        canvas = _painted(layout)["number_format"]
        for block in layout.blocks:
            for i, row in enumerate(block.values):
                for j, value in enumerate(row):
                    if isinstance(value, float) and not value.is_integer():
                        want = cell_style(block.styles[i][j]).number_format
                        assert canvas.get((block.top + i, block.left + j)) == want
