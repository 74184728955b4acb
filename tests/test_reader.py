"""The reader: header-based columns, tolerance of what users do, every problem with its cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.factory import IDENTITAS, clean_workbook
from xl_lkip.core import schema
from xl_lkip.core.grid import ErrorValue, SheetGrid, normalize_formula
from xl_lkip.core.reader import read_model
from xl_lkip.files.package import BerkasError
from xl_lkip.files.workbook import load


def test_clean_workbook_reads_back(tmp_path: Path) -> None:
    data = load(clean_workbook(tmp_path / "a.xlsx", n=3))
    assert data.temuan == []
    assert data.tahun == 2020
    assert data.identitas["instansi"] == "Dinas Contoh"
    real = data.tables["realisasi"]
    assert [r["kode_indikator"] for r in real.records] == ["IK-01", "IK-02", "IK-03"]
    assert real.records[0]["target"] == 81.0 and real.records[0]["realisasi"] == 83.0
    # computed columns hold their formulas, and the add-in form is recognised
    assert real.formulas[0]["capaian"].startswith("=CAPAIAN(")
    assert "tblRealisasi[[#This Row],[Target]]" in real.formulas[0]["capaian"]
    assert real.cell(0, "realisasi") == "J4"
    assert data.skala is not None and data.skala.kategori(100).label == "Baik"


def _openpyxl_book(path: Path, realisasi_rows: list[list]) -> Path:
    """A workbook typed by hand: merged title, extra and reordered columns, blank rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Identitas"
    for i, f in enumerate(schema.IDENTITAS, start=4):
        ws.cell(i, 1, f.label)
        ws.cell(i, 2, IDENTITAS.get(f.key))
    ws = wb.create_sheet("Realisasi")
    ws["A1"] = "REALISASI KINERJA 2020"
    ws.merge_cells("A1:F2")
    header = ["Catatan", "Realisasi", "Target", "Kode Indikator", "Polaritas", "Capaian (%)"]
    for c, h in enumerate(header, start=1):
        ws.cell(5, c, h)
    r = 6
    for row in realisasi_rows:
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
        r += 1
    wb.save(path)
    return path


def test_tolerates_layout_and_reports_every_bad_cell(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "b.xlsx", [
        ["ok", "80,09", 75, "IK-01", "Positif", None],
        [None, None, None, None, None, None],  # blank row in the middle
        ["", "delapan puluh", "1.234,5", "IK-02", "naik", "=1/0"],
        ["", "2.67.338.000", 10, "IK-03", "menurun?", None],
        ["", "3,629,993,707.50", "80-90", "IK-04", "-", None],
    ])
    data = load(path)
    real = data.tables["realisasi"]
    assert real.header_row == 5
    assert [r["realisasi"] for r in real.records] == [80.09, None, None, 3629993707.5]
    assert real.records[1]["target"] == 1234.5
    assert real.records[3]["target"] == "80-90"
    assert real.records[3]["polaritas"] == "negatif"
    assert real.records[1]["polaritas"] == "positif"
    assert real.rows == [6, 8, 9, 10]
    by_cell = {t.lokasi: t for t in data.temuan}
    assert 'Realisasi!B8' in by_cell and "('delapan puluh') bukan angka" in by_cell["Realisasi!B8"].pesan
    assert "Realisasi!B9" in by_cell and by_cell["Realisasi!B9"].aturan == "K07"
    assert "Realisasi!E9" in by_cell  # unknown polaritas
    # missing sheets are named, the reader goes on
    missing = {t.lembar for t in data.temuan if t.aturan == "K00"}
    assert {"PK", "Renstra", "Anggaran"} <= missing


def test_error_values_percent_cells_and_addin_prefix() -> None:
    values = [[None] * 6 for _ in range(3)]
    values[2] = ["Kode Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori", "Polaritas"]
    values.append(["IK-01", 0.75, ErrorValue("#REF!"), None, None, "positif"])
    grid = SheetGrid("Realisasi", values,
                     formulas={(4, 4): "='C:\\Users\\x\\xl_lkip.xlam'!CAPAIAN(B4,C4)",
                               (4, 5): "=[1]!KATEGORI(D4,tblSkala)"},
                     percent_cells={(4, 2)})
    data = read_model({"Realisasi": grid})
    real = data.tables["realisasi"]
    assert real.records[0]["target"] == 75.0  # 75% typed in Excel is stored as 0.75
    assert real.records[0]["realisasi"] is None
    assert real.formulas[0] == {"capaian": "=CAPAIAN(B4,C4)", "kategori": "=KATEGORI(D4,tblSkala)"}
    assert real.records[0]["capaian"] is None  # computed cell without a cached value is fine
    ref = [t for t in data.temuan if t.sel == "C4"]
    assert ref and "#REF!" in ref[0].pesan


@pytest.mark.parametrize("formula,expected", [
    ("='C:\\a b\\xl_lkip.xlam'!CAPAIAN(A1,B1)", "=CAPAIAN(A1,B1)"),
    ("=[1]!SERAPAN(A1,B1)", "=SERAPAN(A1,B1)"),
    ("=xl_lkip.xlam!ANGKA(A1)", "=ANGKA(A1)"),
    ("=SUM(Sheet1!A1:A3)", "=SUM(Sheet1!A1:A3)"),
])
def test_normalize_formula(formula: str, expected: str) -> None:
    assert normalize_formula(formula) == expected


def test_hostile_and_wrong_files_get_a_message(tmp_path: Path) -> None:
    csv = tmp_path / "data.xlsx"
    csv.write_text("a,b\n1,2\n")
    with pytest.raises(BerkasError, match="bukan berkas Excel"):
        load(csv)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    with pytest.raises(BerkasError, match="rusak"):
        load(broken)
    ole = tmp_path / "lama.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(BerkasError, match="kata sandi|xls"):
        load(ole)
