"""Formats written only where a report sheet's shape changed (core/shape.py).

Every writer records the shape it gave each report sheet in the hidden sheet `xl-lkip`; the
button then formats only the sheets whose shape differs and writes the values of the others.
These tests run the button on xlwings' remote engine on workbooks the CLI wrote, and compare
a click that skips formats with one that formats everything: the values must be the same.
"""

from __future__ import annotations

import collections
import copy
from pathlib import Path
from typing import Any

import pytest
from factory import clean_workbook
from remote_payload import (
    KEEP_FORMATS,
    as_excel_would_store,
    edit_number,
    formulas_like_windows,
    open_book,
    payload_after,
    payload_from_xlsx,
    replay,
)

import xl_lkip
from xl_lkip.core.engine import run
from xl_lkip.core.schema import REPORT_SHEETS, SHAPE_SHEET
from xl_lkip.core.shape import KEY_PREFIX, KeyParts, read_store, shape_key, store_layout
from xl_lkip.core.sheets import sheet_key
from xl_lkip.excel.button import sheet_values
from xl_lkip.files.package import Package
from xl_lkip.files.service import perbarui_berkas
from xl_lkip.files.workbook import load_grids
from xl_lkip.files.xlsx_read import read_grids

MAX_CALLS = 60  # the goal for a click, counted on the remote engine


@pytest.fixture(autouse=True)
def _remote(remote_books: list[Any]) -> list[Any]:
    return remote_books


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A workbook as `xl-lkip perbarui` leaves it: report sheets and their recorded shapes."""
    src = clean_workbook(tmp_path / "dinas.xlsx", n=6)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    return Path(res.keluaran)


def press(payload: dict[str, Any], opened: list[Any]) -> list[dict[str, Any]]:
    book = open_book(copy.deepcopy(payload))  # the engine adds new sheets to what it is given
    opened.append(book)
    with formulas_like_windows():
        xl_lkip.main()
    actions = book.json()["actions"]
    alert = [a["args"] for a in actions if a["func"] == "alert"]
    assert alert and alert[-1][3] == "info", alert
    return actions


def sheet_of(payload: dict[str, Any], action: dict[str, Any]) -> str | None:
    names = [s["name"] for s in payload["sheets"]]
    pos = action.get("sheet_position")
    return names[pos] if pos is not None and pos < len(names) else None


def formatted(payload: dict[str, Any], actions: list[dict[str, Any]]) -> set[str]:
    """The sheets whose formats the actions touched."""
    return {sheet_of(payload, a) for a in actions if a["func"] not in KEEP_FORMATS} - {None}


def reports(payload: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    result = replay(payload, actions)
    return {name: result.sheet_grid(name) for name in REPORT_SHEETS}


def without_shapes(payload: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    out["sheets"] = [s for s in out["sheets"] if s["name"] != SHAPE_SHEET]
    return out


# --- the key ----------------------------------------------------------------------------------


def _layouts(path: Path) -> list[Any]:
    return run(load_grids(path), path.name).layouts


def test_key_follows_the_shape_not_the_values(written: Path) -> None:
    layout = next(lo for lo in _layouts(written) if lo.sheet == "Tabel Pengukuran")
    key = shape_key(layout)
    block = next(b for b in layout.blocks if b.header_row)
    row = next(i for i, line in enumerate(block.values) if any(isinstance(v, float) for v in line))
    col = next(j for j, v in enumerate(block.values[row]) if isinstance(v, float))

    other = copy.deepcopy(layout)
    other.blocks[layout.blocks.index(block)].values[row][col] += 1.25
    assert shape_key(other) == key  # another number in the same cell: same shape

    for change in (
        lambda lo, b: b.values[row].__setitem__(col, None),  # a number gone
        lambda lo, b: b.values[row].__setitem__(col, "-"),  # text where a number was
        lambda lo, b: b.styles[row].__setitem__(col, "money_sen"),  # another style
        lambda lo, b: (b.values.append(list(b.values[-1])), b.styles.append(list(b.styles[-1]))),
        lambda lo, b: lo.widths.__setitem__(0, lo.widths[0] + 1),
        lambda lo, b: lo.merges.append("A1:C1"),
        lambda lo, b: lo.heights.__setitem__(b.top, 45.0),
    ):
        other = copy.deepcopy(layout)
        change(other, other.blocks[layout.blocks.index(block)])
        assert shape_key(other) != key


def test_store_gives_back_its_keys() -> None:
    pk, cek = KEY_PREFIX + "01.23.45", KEY_PREFIX + "67.89.ab"
    keys = {"Tabel PK": pk, "Pemeriksaan": cek, "Tabel Anggaran": ""}
    values = [[as_excel_would_store(v) for v in row] for row in sheet_values(store_layout(keys))]
    assert read_store(values) == {"tabel pk": pk, "pemeriksaan": cek}
    # as Excel hands them back: '' for empty cells, and rows typed around the table ignored
    typed = [[("" if v is None else v) for v in row] for row in values] + [["catatan", 3]]
    assert read_store(typed) == read_store(values)
    assert read_store([["Tabel PK", pk]]) == {}  # no header: not our sheet
    assert read_store(values[:4] + [["Tabel PK", "b1-0123"]]) == {}  # an earlier version's key


def test_cli_records_every_shape_in_a_hidden_sheet(written: Path) -> None:
    with Package(written) as pkg:
        states = {s.name: s.state for s in pkg.sheets}
        grid = read_grids(pkg, [SHAPE_SHEET])[SHAPE_SHEET]
    assert states[SHAPE_SHEET] == "hidden"
    assert all(states[name] == "visible" for name in REPORT_SHEETS)
    assert list(states)[-1] == SHAPE_SHEET
    assert read_store(grid.values) == {sheet_key(lo.sheet): shape_key(lo)
                                       for lo in _layouts(written)}


# --- the click --------------------------------------------------------------------------------


def test_click_on_a_written_workbook_writes_values_only(written: Path, _remote: list[Any]) -> None:
    payload = payload_from_xlsx(written)
    actions = press(payload, _remote)
    assert formatted(payload, actions) == set()
    assert len(actions) <= MAX_CALLS
    # the same tables as a click that formats every sheet
    full = press(without_shapes(payload), _remote)
    assert formatted(without_shapes(payload), full) >= set(REPORT_SHEETS)
    assert reports(payload, actions) == reports(without_shapes(payload), full)


def test_click_after_an_edit_equals_a_full_click(written: Path, _remote: list[Any]) -> None:
    payload = payload_from_xlsx(written)
    old, new = edit_number(payload, "Realisasi", "Realisasi N-1")
    actions = press(payload, _remote)
    full = press(without_shapes(payload), _remote)
    fast, slow = reports(payload, actions), reports(without_shapes(payload), full)
    assert fast == slow
    assert any(new in row for row in fast["Tabel Perbandingan"])  # the edit reached the report
    assert "Tabel Perbandingan" not in formatted(payload, actions)  # same shape, new values
    assert len(actions) < len(full)


def test_changed_shape_is_formatted_and_recorded(written: Path, _remote: list[Any]) -> None:
    payload = payload_from_xlsx(written)
    store = next(s for s in payload["sheets"] if s["name"] == SHAPE_SHEET)
    row = next(r for r in store["values"] if r[0] == "Tabel Pengukuran")
    row[1] = KEY_PREFIX + "0.0.0"  # the sheet was formatted for another shape
    actions = press(payload, _remote)
    assert formatted(payload, actions) == {"Tabel Pengukuran"}
    kinds = {a["func"] for a in actions if sheet_of(payload, a) == "Tabel Pengukuran"}
    assert {"setColumnWidth", "freezePaneAtRange"} <= kinds
    names = [sheet_of(payload, a) for a in actions]
    writes_to_store = [i for i, n in enumerate(names) if n == SHAPE_SHEET
                       and actions[i]["func"] == "setValues"]
    cleared = names.index("Tabel Pengukuran")
    # its old key is forgotten before the sheet is cleared, the new one recorded at the end
    assert writes_to_store[0] < cleared < writes_to_store[-1]
    after = payload_after(payload, actions)
    again = next(s for s in after["sheets"] if s["name"] == SHAPE_SHEET)
    assert read_store(again["values"]) == {sheet_key(lo.sheet): shape_key(lo)
                                           for lo in _layouts(written)}
    # and the next click writes values only
    second = press(after, _remote)
    assert formatted(after, second) == set()


def test_first_click_records_the_shapes_for_the_next(tmp_path: Path, _remote: list[Any]) -> None:
    """A workbook of an earlier version (no hidden sheet): the first click formats every
    report sheet and adds the hidden sheet; the second writes values only."""
    payload = without_shapes(payload_from_xlsx(clean_workbook(tmp_path / "lama.xlsx", n=4)))
    first = press(payload, _remote)
    assert formatted(payload, first) >= set(REPORT_SHEETS)
    assert [a["args"][1] for a in first if a["func"] == "addSheet"] == [SHAPE_SHEET]
    assert [a["args"] for a in first if a["func"] == "setSheetVisibility"] == [["Hidden"]]
    after = payload_after(payload, first)
    second = press(after, _remote)
    assert formatted(after, second) == set()
    assert len(second) <= MAX_CALLS
    assert reports(payload, first) == reports(after, second)


def test_a_sheet_deleted_by_the_user_is_made_and_formatted_again(written: Path,
                                                                   _remote: list[Any]) -> None:
    payload = payload_from_xlsx(written)
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != "Tabel Anggaran"]
    actions = press(payload, _remote)
    added = [a["args"] for a in actions if a["func"] == "addSheet"]
    # at the end of the visible sheets, before the hidden one
    assert added == [[len(payload["sheets"]) - 1, "Tabel Anggaran"]]
    after = payload_after(payload, actions)
    assert [s["name"] for s in after["sheets"]][-2:] == ["Tabel Anggaran", SHAPE_SHEET]
    assert formatted(after, actions[actions.index(next(
        a for a in actions if a["func"] == "addSheet")) + 1:]) == {"Tabel Anggaran"}
    assert sum(1 for a in actions if a["func"] == "setColumnWidth") > 0


def test_a_sheet_of_the_user_named_like_ours_is_never_written(tmp_path: Path,
                                                              _remote: list[Any]) -> None:
    def own_sheet(wb: Any) -> None:
        ws = wb.add_worksheet(SHAPE_SHEET)
        ws.write_row(0, 0, ["Catatan saya", "jangan dihapus"])
        ws.write_row(1, 0, ["Tabel PK", "b1-0000"])

    src = clean_workbook(tmp_path / "milik.xlsx", n=3, extra=own_sheet)
    with Package(src) as pkg:
        before = pkg.read(pkg.sheet(SHAPE_SHEET).part)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    with Package(Path(res.keluaran)) as pkg:
        assert pkg.read(pkg.sheet(SHAPE_SHEET).part) == before
        assert pkg.sheet(SHAPE_SHEET).state == "visible"
    assert any(SHAPE_SHEET in c and "tidak diubah" in c for c in res.catatan)
    # the button leaves it alone too, and formats every report sheet each click
    payload = payload_from_xlsx(Path(res.keluaran))
    actions = press(payload, _remote)
    assert all(sheet_of(payload, a) != SHAPE_SHEET for a in actions)
    assert not [a for a in actions if a["func"] in ("addSheet", "setSheetVisibility")]
    assert formatted(payload, actions) >= set(REPORT_SHEETS)


def test_rows_added_keep_widths_frozen_rows_and_charts(written: Path, _remote: list[Any]) -> None:
    """Only the cells of a sheet changed shape (as when rows are added): it is cleared and
    formatted again, but its column widths, frozen rows and charts (which clearing keeps)
    are not set again; a chart whose cells moved is drawn again."""
    payload = payload_from_xlsx(written)
    store = next(s for s in payload["sheets"] if s["name"] == SHAPE_SHEET)
    changed = {}
    for row in store["values"]:
        if row[0] in ("Tabel Pengukuran", "Tabel Perbandingan"):
            parts = KeyParts(row[1])
            charts = parts.charts if row[0] == "Tabel Pengukuran" else "0"
            row[1] = f"{KEY_PREFIX}0.{parts.frame}.{charts}"
            row[2] = ""  # no rows recorded: the rows cannot be moved (test_button_reshape)
            changed[row[0]] = row[1]
    layouts = {lo.sheet: lo for lo in _layouts(written)}
    assert layouts["Tabel Perbandingan"].charts  # the sheet whose charts are redrawn
    actions = press(payload, _remote)
    assert formatted(payload, actions) == set(changed)
    on = {name: collections.Counter(a["func"] for a in actions if sheet_of(payload, a) == name)
          for name in changed}
    for name in changed:
        assert on[name]["sheetClear"] == 1 and on[name]["setValues"] == 1
        assert on[name]["setColumnWidth"] == 0 and on[name]["freezePaneAtRange"] == 0
    assert on["Tabel Pengukuran"]["addChart"] == 0
    assert on["Tabel Perbandingan"]["addChart"] == len(layouts["Tabel Perbandingan"].charts)
    after = payload_after(payload, actions)
    again = next(s for s in after["sheets"] if s["name"] == SHAPE_SHEET)
    assert read_store(again["values"]) == {sheet_key(lo.sheet): shape_key(lo)
                                           for lo in layouts.values()}
