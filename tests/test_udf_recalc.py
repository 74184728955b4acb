"""Recalculate a real workbook that uses the worksheet functions, without Excel.

The `formulas` package evaluates the workbook's formulas in Python; our UDFs are registered
under their Excel names through a small adapter that does what xlwings does on Windows
(ranges become lists of rows, error cells become "#N/A"-style text) and turns our error
results back into the engine's error values, so IFERROR/ISNA see real errors.
"""

from __future__ import annotations

import numpy as np
import pytest

formulas = pytest.importorskip("formulas")
openpyxl = pytest.importorskip("openpyxl")

import schedula  # noqa: E402  (installed with formulas)
from formulas.functions import Error  # noqa: E402
from formulas.ranges import Ranges  # noqa: E402
from formulas.tokens.operand import XlError  # noqa: E402
from openpyxl.worksheet.formula import ArrayFormula  # noqa: E402

from xl_lkip.core.errors import EXCEL_ERRORS  # noqa: E402
from xl_lkip.excel import udfs  # noqa: E402


def _cell_to_python(value):
    if value is schedula.EMPTY:
        return None
    if isinstance(value, XlError):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _arg_to_python(value):
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        return [[_cell_to_python(v) for v in row] for row in np.atleast_2d(value)]
    return _cell_to_python(value)


def _result_to_engine(value):
    if isinstance(value, str) and value in EXCEL_ERRORS:
        return Error.errors[value]
    return value


def _adapter(func):
    def call(*args):
        result = func(*[_arg_to_python(a) for a in args])
        if isinstance(result, list):
            return np.array([[_result_to_engine(c) for c in row] for row in result], dtype=object)
        return _result_to_engine(result)

    return call


@pytest.fixture(scope="module")
def engine():
    """The formula engine with our UDFs registered by their Excel names (undone afterwards)."""
    functions = formulas.get_functions()
    saved = {f.__name__: functions.get(f.__name__) for f in udfs.UDFS if f.__name__ in functions}
    for func in udfs.UDFS:
        functions[func.__name__] = _adapter(func)
    yield formulas
    for func in udfs.UDFS:
        functions.pop(func.__name__, None)
    functions.update(saved)


BOYOLALI_TARGETS = ["98,78", "82,00", "88,37", "38", "19", "85,71", "20", "100", "1,89"]
SKALA = "Skala!$A$2:$D$5"


def _build(path):
    wb = openpyxl.Workbook()
    skala = wb.active
    skala.title = "Skala"
    skala.append(["Batas Bawah", "Batas Atas", "Kategori", "Kode"])
    # Boyolali's scale typed exactly as the report prints it.
    skala.append([">100", None, "Sangat Baik", "SB"])
    skala.append([76, 100, "Baik", "B"])
    skala.append([56, 75, "Cukup", "C"])
    skala.append([None, "<55", "Kurang", "K"])

    ws = wb.create_sheet("Kinerja")
    ws.append(["Indikator", "Target", "Realisasi", "Polaritas", "Capaian", "Kategori", "Kode",
               "Alasan"])
    rows = [("Partisipasi pemilih (Pontianak)", 75, "80.09%", "positif")]
    rows += [(f"Boyolali {i + 1}", t, t, "Positif") for i, t in enumerate(BOYOLALI_TARGETS)]
    rows += [
        ("target nol", 0, 5, None),  # row 12
        ("realisasi belum diisi", 80, None, None),  # row 13
        ("konflik (negatif)", 10, 25, "negatif"),  # row 14
        ("target rentang", "80-90", 85, None),  # row 15
        ("di celah skala", 100, 55.5, "+"),  # row 16
        ("negatif T/R", 10, 8, "turun"),  # row 17
    ]
    for r, (nama, target, realisasi, polaritas) in enumerate(rows, start=2):
        ws.append([nama, target, realisasi, polaritas])
        rumus = ',"T/R"' if nama == "negatif T/R" else ""
        ws[f"E{r}"] = f"=CAPAIAN(B{r},C{r},D{r}{rumus})"
        ws[f"F{r}"] = f"=KATEGORI(E{r},{SKALA})"
        ws[f"G{r}"] = f"=KATEGORI(E{r},{SKALA},TRUE)"
        ws[f"H{r}"] = f"=CAPAIAN_ALASAN(B{r},C{r},D{r}{rumus})"
    ws["I16"] = f"=KATEGORI_ALASAN(E16,{SKALA})"
    ws["J2"] = "=RATA_CAPAIAN(E3:E11)"
    ws["J3"] = f"=KATEGORI(J2,{SKALA})"
    ws["J4"] = "=IFERROR(E12,\"cek target\")"
    ws["J5"] = "=ISNA(E13)"
    ws["J6"] = "=RATA_CAPAIAN(E2:E12)"
    ws["J7"] = "=RATA_CAPAIAN_ALASAN(E2:E12)"
    ws["J8"] = '=KATEGORI(E2,"PERMENDAGRI86")'
    ws["J9"] = ArrayFormula("J9:J10", "=MASALAH_SKALA(Skala!A1:D5)")
    # One call for a whole column (what a user types as a dynamic array in Excel 365).
    ws["K3"] = ArrayFormula("K3:K11", "=CAPAIAN(B3:B11,C3:C11)")
    ws["L3"] = ArrayFormula("L3:L11", f"=KATEGORI(K3:K11,{SKALA})")

    ang = wb.create_sheet("Anggaran")
    ang.append(["Uraian", "Pagu", "Realisasi", "Serapan", "Efisiensi", "Alasan"])
    ang.append(["Boyolali APBD 2020", "Rp. 1.914.251.000,00", "Rp. 1.806.518.343,00"])
    ang.append(["Pontianak DPA Perubahan", 2804150926, 2714944445])
    ang.append(["Pontianak belanja gaji", "1.563.075.526,00", "1.491.546,452"])
    ang.append(["kegiatan tanpa anggaran", 0, 0])
    for r in range(2, 6):
        ang[f"D{r}"] = f"=SERAPAN(B{r},C{r})"
        ang[f"E{r}"] = f"=EFISIENSI(B{r},C{r})"
        ang[f"F{r}"] = f"=SERAPAN_ALASAN(B{r},C{r})"
    ang["H2"] = '=ANGKA("2.67.338.000")'
    ang["H3"] = '=ANGKA_ALASAN("2.67.338.000")'
    ang["H4"] = '=ANGKA("Rp. 478.650.000,-")'
    ang["H5"] = '=ANGKA("300,000","en")'
    ang["G2"] = ArrayFormula("G2:G3", "=SERAPAN(B2:B3,C2:C3)")
    wb.save(path)


@pytest.fixture(scope="module")
def hasil(engine, tmp_path_factory):
    path = tmp_path_factory.mktemp("recalc") / "lkip.xlsx"
    _build(path)
    solution = engine.ExcelModel().loads(str(path)).finish().calculate()

    def nilai(ref):
        sheet, cell = ref.split("!")
        value = solution[f"'[lkip.xlsx]{sheet.upper()}'!{cell}"].value
        return value if ":" in cell else value[0, 0]

    return nilai


def test_pontianak_capaian_and_kategori(hasil):
    assert round(hasil("Kinerja!E2"), 2) == 106.79
    assert hasil("Kinerja!F2") == "Sangat Baik"
    assert hasil("Kinerja!G2") == "SB"
    assert hasil("Kinerja!H2") == ""


def test_boyolali_nine_indicators_mean_and_category(hasil):
    for r in range(3, 12):
        assert hasil(f"Kinerja!E{r}") == pytest.approx(100.0)
        assert hasil(f"Kinerja!F{r}") == "Baik"
        assert hasil(f"Kinerja!G{r}") == "B"
    assert hasil("Kinerja!J2") == pytest.approx(100.0)
    assert hasil("Kinerja!J3") == "Baik"


def test_error_values_are_real_errors_with_reasons(hasil):
    assert str(hasil("Kinerja!E12")) == "#DIV/0!"
    assert str(hasil("Kinerja!F12")) == "#DIV/0!"  # KATEGORI passes the error on
    assert "target 0" in hasil("Kinerja!H12")
    assert hasil("Kinerja!J4") == "cek target"  # IFERROR sees a real error
    assert str(hasil("Kinerja!E13")) == "#N/A"
    assert hasil("Kinerja!H13") == "realisasi belum diisi"
    assert bool(hasil("Kinerja!J5")) is True  # ISNA
    assert str(hasil("Kinerja!J6")) == "#DIV/0!"  # a mean with an error is an error
    assert "nilai ke-11" in hasil("Kinerja!J7")


def test_negative_range_and_hole(hasil):
    assert hasil("Kinerja!E14") == -50.0
    assert hasil("Kinerja!F14") == "Kurang"
    assert hasil("Kinerja!E15") == 100.0
    assert hasil("Kinerja!F15") == "Baik"
    assert hasil("Kinerja!E16") == pytest.approx(55.5)
    assert str(hasil("Kinerja!F16")) == "#N/A"
    assert "celah" in hasil("Kinerja!I16")
    assert hasil("Kinerja!E17") == 125.0


def test_preset_name_and_scale_problems(hasil):
    assert hasil("Kinerja!J8") == "Sangat Tinggi"
    assert [v.split(":")[0] for v in hasil("Kinerja!J9:J10").ravel()] == ["celah", "celah"]


def test_whole_column_in_one_call(hasil):
    column = hasil("Kinerja!K3:K11")
    assert column.shape == (9, 1)
    assert [float(v) for v in column.ravel()] == [pytest.approx(100.0)] * 9
    assert list(hasil("Kinerja!L3:L11").ravel()) == ["Baik"] * 9


def test_serapan_efisiensi_and_angka(hasil):
    assert round(hasil("Anggaran!D2"), 2) == 94.37
    assert round(hasil("Anggaran!E2"), 2) == 5.63
    assert round(hasil("Anggaran!D3"), 2) == 96.82
    assert str(hasil("Anggaran!D4")) == "#VALUE!"
    assert "1.491.546,452" in hasil("Anggaran!F4")
    assert str(hasil("Anggaran!D5")) == "#DIV/0!"
    assert "pagu 0" in hasil("Anggaran!F5")
    assert str(hasil("Anggaran!H2")) == "#VALUE!"
    assert "'67' berisi 2 angka" in hasil("Anggaran!H3")
    assert hasil("Anggaran!H4") == 478650000.0
    assert hasil("Anggaran!H5") == 300000.0
    assert [round(float(v), 2) for v in hasil("Anggaran!G2:G3").ravel()] == [94.37, 96.82]
