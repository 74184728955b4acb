"""A computed cell showing an Excel error value is explained (K17), and K01 says how to put a
formula back in a way that works in the workbook's Mode Rumus.

The workbooks are recalculated by LibreOffice headless where the error must come from the
formula itself (text numbers, range targets, odd spellings under Mode Rumus excel; the unknown
xl-lkip functions under Mode Rumus python); saved error results stand in for Excel where the
cause is outside the file (the add-in failing to run).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from office import needs_office, recalculated_xlsx

sys.path.insert(0, str(Path(__file__).parent))
from helpers_checks import build, clean, ringkas  # noqa: E402

from xl_lkip.core import schema  # noqa: E402
from xl_lkip.core.checks import periksa, urutkan  # noqa: E402
from xl_lkip.core.findings import CATATAN, PERINGATAN  # noqa: E402
from xl_lkip.core.model import LkipData  # noqa: E402
from xl_lkip.files.template import build_workbook  # noqa: E402
from xl_lkip.files.workbook import load  # noqa: E402

P = PERINGATAN


def _found(data: LkipData) -> list[Any]:
    return [t for t in urutkan(periksa(data)) if t.tingkat != CATATAN]


def _k17(found: list[Any]) -> list[Any]:
    return [t for t in found if t.aturan == "K17"]


def _recalculated(tmp_path: Path, identitas: dict, rows: dict, name: str) -> LkipData:
    path = build_workbook(tmp_path / name, identitas, rows)
    return load(recalculated_xlsx(path, tmp_path / name.split(".")[0]))


@needs_office
def test_inputs_only_python_reads_are_named_in_excel_mode(tmp_path: Path) -> None:
    identitas, rows = clean()
    identitas["mode_rumus"] = "excel"
    rows["realisasi"][0]["target"] = "12,0 %"  # a text number
    rows["realisasi"][1]["polaritas"] = None  # taken from Renstra, spelled as lists print it
    rows["renstra"][1]["polaritas"] = "Negatif (-)"
    rows["realisasi"][2]["polaritas"] = "positif"  # IK-03: the range target 80-90
    rows["anggaran"][1]["pagu_murni"] = "Rp 100.000.000,00"
    data = _recalculated(tmp_path, identitas, rows, "excel.xlsx")
    raw = data.tables["realisasi"].raw
    assert [r["capaian"] for r in raw] == ["#VALUE!"] * 3  # what LibreOffice computed
    found = _found(data)
    assert ringkas(_k17(found)) == [
        ("K17", P, "Realisasi", "K4", 108.33, "#VALUE!"),
        ("K17", P, "Realisasi", "K5", 100.0, "#VALUE!"),
        ("K17", P, "Realisasi", "K6", 100.0, "#VALUE!"),
        ("K17", P, "Anggaran", "H5", 90.0, "#VALUE!"),
    ]
    texts = [t.pesan for t in _k17(found)]
    assert "sel E4" in texts[0] and "'12,0 %'" in texts[0] and "Ketik 12 " in texts[0]
    assert "Renstra!G5" in texts[1] and "'Negatif (-)'" in texts[1]
    assert "sel E6" in texts[2] and "rentang ('80-90')" in texts[2]
    assert "sel E5" in texts[3] and "100.000.000" in texts[3]
    for text in texts:
        assert "Mode Rumus python" in text and "add-in" in text
    # the blank polaritas is Renstra's in the report and in the sheet: no K05e, no K01
    assert not [t for t in found if t.aturan in ("K01", "K05e", "K15")], found


@needs_office
def test_scale_bound_the_excel_formula_cannot_read(tmp_path: Path) -> None:
    identitas, rows = clean()
    identitas["mode_rumus"] = "excel"
    rows["realisasi"][2]["target"] = 85  # no range target: only the scale breaks the formula
    rows["skala"] = [
        {"batas_bawah": ">110", "label": "Sangat Baik", "kode": "SB"},
        {"batas_bawah": ">=89,5", "batas_atas": 110, "label": "Baik", "kode": "B"},
        {"batas_atas": "<89,5", "label": "Kurang", "kode": "K"},
    ]
    found = _found(_recalculated(tmp_path, identitas, rows, "skala.xlsx"))
    assert ringkas(_k17(found)) == [("K17", P, "Realisasi", "L4:L6", "Baik", "#VALUE!")]
    text = _k17(found)[0].pesan
    assert "Skala!A5" in text and "'>=89,5'" in text


@needs_office
def test_unknown_xl_lkip_functions_are_said_once_per_workbook(tmp_path: Path) -> None:
    identitas, rows = clean()  # Mode Rumus python: LibreOffice knows no CAPAIAN
    found = _found(_recalculated(tmp_path, identitas, rows, "python.xlsx"))
    k17 = _k17(found)
    n = len(rows["realisasi"]) * 2 + len(rows["anggaran"])
    assert ringkas(k17) == [("K17", P, "Realisasi", "K4", None, "#NAME?")]
    # LibreOffice saved the #NAME?: installing the Excel add-in would not change that
    assert f"{n} sel" in k17[0].pesan and "LibreOffice" in k17[0].pesan
    assert "addin install" not in k17[0].pesan and "--rumus excel" in k17[0].pesan
    assert "xlwings Lite" in k17[0].pesan


def test_which_application_saved_the_file_is_read(tmp_path: Path) -> None:
    """docProps/app.xml names the application; a file without it (or a damaged one) is read
    all the same."""
    import zipfile

    path = build_workbook(tmp_path / "buku.xlsx", *clean())
    assert load(path).aplikasi == "Microsoft Excel"  # what XlsxWriter writes, as Excel does
    for name, app in [("lo.xlsx", b"<Properties xmlns='http://schemas.openxmlformats.org/"
                       b"officeDocument/2006/extended-properties'><Application>LibreOffice/7.6"
                       b".4.1$Linux_X86_64</Application></Properties>"),
                      ("rusak.xlsx", b"<Properties><Application>"),
                      ("tanpa.xlsx", None)]:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / name, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/app.xml":
                    if app is None:
                        continue
                    data = app
                dst.writestr(info, data)
        expected = "LibreOffice/7.6.4.1$Linux_X86_64" if name == "lo.xlsx" else None
        assert load(tmp_path / name).aplikasi == expected, name


def test_name_error_saved_by_excel_asks_for_the_add_in(tmp_path: Path) -> None:
    """The same #NAME? in a file Excel saved: the add-in is missing on that computer."""
    name = {"capaian": "#NAME?", "kategori": "#NAME?"}
    data = build(tmp_path, cached={"realisasi": {0: name, 1: name}})
    assert data.aplikasi == "Microsoft Excel"
    k17 = _k17(_found(data))
    assert ringkas(k17) == [("K17", P, "Realisasi", "K4", None, "#NAME?")]
    assert "4 sel" in k17[0].pesan and "xl-lkip addin install" in k17[0].pesan
    assert "LibreOffice" not in k17[0].pesan


def test_udf_error_where_the_data_compute_is_one_finding_per_column(tmp_path: Path) -> None:
    error = {"capaian": "#VALUE!", "kategori": "#VALUE!"}
    data = build(tmp_path, cached={"realisasi": {0: error, 2: error}})
    found = _found(data)
    assert ringkas(_k17(found)) == [("K17", P, "Realisasi", "K4:K6", 108.33, "#VALUE!")]
    assert "2 sel Capaian (%)" in found[0].pesan and "addin status" in found[0].pesan


def test_error_the_data_explain_is_left_to_their_own_finding(tmp_path: Path) -> None:
    identitas, rows = clean()
    rows["realisasi"][0]["target"] = 0
    data = build(tmp_path, identitas, rows,
                 cached={"realisasi": {0: {"capaian": "#DIV/0!", "kategori": "#DIV/0!"}}})
    rules = [t.aturan for t in [*data.temuan, *_found(data)]]
    assert "K07" in rules and "K17" not in rules


def test_unreadable_polaritas_is_left_to_the_reader(tmp_path: Path) -> None:
    identitas, rows = clean()
    rows["realisasi"][0]["polaritas"] = "naik turun"
    data = build(tmp_path, identitas, rows,
                 cached={"realisasi": {0: {"capaian": "#VALUE!", "kategori": "#VALUE!"}}})
    assert [(t.aturan, t.sel) for t in data.temuan] == [("K07", "D4")]  # the reader's
    assert "K17" not in [t.aturan for t in _found(data)]


@needs_office
def test_excel_mode_error_without_a_cause_in_the_row_points_at_the_rumus(tmp_path: Path) -> None:
    identitas, rows = clean()
    identitas["mode_rumus"] = "excel"
    identitas["rumus_negatif"] = "2t - r"  # xl-lkip reads it as 2T-R; the Excel formula does not
    rows["realisasi"][2]["target"] = 85
    found = _k17(_found(_recalculated(tmp_path, identitas, rows, "rumus.xlsx")))
    cell = schema.identitas_row("rumus_negatif")
    assert ringkas(found) == [("K17", P, "Realisasi", "K4:K6", 108.33, "#VALUE!")]
    assert f"Identitas!B{cell}" in found[0].pesan and "Ctrl+Alt+F9" in found[0].pesan


# --- K01: how to put the formula back ----------------------------------------------------


@pytest.mark.parametrize("mode", ["python", "excel"])
def test_restore_instructions_work_in_the_workbooks_mode(tmp_path: Path, mode: str) -> None:
    identitas, rows = clean()
    identitas["mode_rumus"] = mode
    rows["realisasi"][0]["capaian"] = 117.8
    rows["realisasi"][0]["kategori"] = "Kurang"
    found = [t for t in _found(build(tmp_path, identitas, rows)) if t.aturan in ("K01", "K02")]
    assert [t.sel for t in found] == ["K4", "L4"]
    for t in found:
        formula = schema.REALISASI.column("capaian" if t.sel == "K4" else "kategori").formula
        if mode == "excel" or t.sel == "K4":  # the native formulas, and Capaian's look-up of
            # Renstra's polaritas, are too long to type: copied from a neighbouring cell
            assert "Ctrl+C" in t.pesan and "Ctrl+V" in t.pesan and "Ctrl+D" in t.pesan
            assert f"--rumus {mode}" in t.pesan and "SUMPRODUCT" not in t.pesan
            assert "INDEX(" not in t.pesan and len(t.pesan) < 800
        else:
            assert f"ketik {formula} lalu" in t.pesan
