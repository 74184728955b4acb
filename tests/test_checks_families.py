"""The rule families added for real reports, each with its arithmetic spelled out.

Every test starts from the clean workbook of helpers_checks (no finding at all) and changes
one thing the way staff do in real reports."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers_checks import JUTA, build, clean, ringkas  # noqa: E402

from xl_lkip.core import schema  # noqa: E402
from xl_lkip.core.checks import periksa, urutkan  # noqa: E402
from xl_lkip.core.checks.context import agrees_with_computed  # noqa: E402
from xl_lkip.core.engine import run  # noqa: E402
from xl_lkip.core.findings import CATATAN, GALAT, PERINGATAN  # noqa: E402
from xl_lkip.core.model import (  # noqa: E402
    budget_tree,
    interpret_number,
    jenis_belanja_group,
    rolled,
    sifat_target_akhir,
    target_akhir_candidates,
)
from xl_lkip.files.workbook import load  # noqa: E402

G, P, C = GALAT, PERINGATAN, CATATAN


def check(tmp_path: Path, identitas=None, rows=None, **kw):
    return urutkan(periksa(build(tmp_path, identitas, rows, **kw)))


def problems(found):
    return [t for t in found if t.tingkat != CATATAN]


# --- K14: Renstra target akhir ------------------------------------------------------------


def test_cumulative_target_akhir_is_the_sum_of_the_years(tmp_path):
    ident, rows = clean()
    # kegiatan: 10 + 12 + 14 + 16 + 18 = 70; the last year is 18
    rows["renstra"][0]["target_akhir"] = 70
    assert problems(check(tmp_path, ident, rows)) == []
    rows["renstra"][0]["target_akhir"] = 60  # neither 18 nor 70
    found = check(tmp_path, ident, rows, name="b.xlsx")
    assert ringkas(found) == [("K14", G, "Renstra", "P4", 70.0, 60.0)]
    assert "(18)" in found[0].pesan and "(70)" in found[0].pesan


def test_sifat_target_akhir_column_decides(tmp_path):
    ident, rows = clean()
    rows["renstra"][0]["sifat_target_akhir"] = "kumulatif"  # must be 70, the sum; 18 is not
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K14", G, "Renstra", "P4", 70.0, 18.0)]


def test_sifat_default_from_the_numbers_then_the_satuan(tmp_path):
    data = build(tmp_path)
    row = {"satuan": "Kegiatan", "target_1": 38, "target_2": 38, "target_3": 38,
           "target_4": 38, "target_5": 38, "target_akhir": 190}
    assert target_akhir_candidates(data, row) == {"akhir": 38.0, "kumulatif": 190.0}
    assert sifat_target_akhir(row, data) == "kumulatif"  # 190 = 5 × 38
    assert sifat_target_akhir({**row, "target_akhir": 38}, data) == "akhir"
    assert sifat_target_akhir({"satuan": "orang"}) == "kumulatif"
    assert sifat_target_akhir({"satuan": "%"}) == "akhir"
    assert sifat_target_akhir({"satuan": "Indeks", "sifat_target_akhir": "kumulatif"}) == \
        "kumulatif"


def test_six_year_renstra_uses_target_th_6(tmp_path):
    ident, rows = clean()
    ident["renstra_akhir"] = 2024  # 2019–2024: six yearly targets
    rows["renstra"][0].update(target_6=20, target_akhir=20)
    rows["renstra"][1].update(target_6=1, target_akhir=1)
    assert problems(check(tmp_path, ident, rows)) == []
    # Th-5 is no longer the last year: 18 is neither 20 nor 10+12+14+16+18+20 = 90; the satuan
    # "Kegiatan" makes the expected one the sum
    rows["renstra"][0]["target_akhir"] = 18
    found = check(tmp_path, ident, rows, name="b.xlsx")
    assert [(t.aturan, t.sel, t.diharapkan) for t in problems(found)] == [("K14", "P4", 90.0)]


# --- K15: a computed cell emptied -----------------------------------------------------------


def test_capaian_emptied_while_target_and_realisasi_filled(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["capaian"] = ""  # the formula deleted: 13 / 12 × 100 = 108,33
    data = build(tmp_path, ident, rows)
    real = data.tables["realisasi"]
    real.formulas[0].pop("capaian", None)  # as a sheet without the formula reads
    real.records[0]["capaian"] = None
    found = urutkan(periksa(data))
    assert [(t.aturan, t.tingkat, t.sel, round(t.diharapkan, 2)) for t in found] == [
        ("K15", P, "K4", 108.33)]
    assert "Ctrl+Enter" in found[0].pesan


# --- K03: sums over a malformed child ------------------------------------------------------


def test_sum_checked_with_the_interpreted_child(tmp_path):
    ident, rows = clean()
    # 1.01.01 pagu "100,000.000" (separators mixed): K07; read as 100.000.000 the kegiatan add
    # up to 300, while the program typed 310 is 10 juta off: the message names the guessed cell
    rows["anggaran"][1]["pagu_murni"] = "100,000.000"
    rows["anggaran"][0]["pagu_murni"] = 310 * JUTA
    rows["pk_program"][0]["anggaran"] = 310 * JUTA
    data = build(tmp_path, ident, rows)
    assert [(t.aturan, t.sel, t.diharapkan) for t in data.temuan] == [("K07", "E5", 100 * JUTA)]
    found = urutkan(periksa(data))
    assert ringkas(found) == [("K03c", G, "Anggaran", "E4", 300 * JUTA, 310 * JUTA)]
    assert "E5 ('100,000.000') dihitung sebagai Rp 100.000.000" in found[0].pesan
    # the reports use the same number: the program row is not blank
    roots, _ = budget_tree(data)
    assert rolled(roots[0])[0] == 300 * JUTA


@pytest.mark.parametrize("text, number", [
    ("1.234.56", 1234.56), ("12.50.000", 1_250_000.0), (".83.244.600", 83_244_600.0),
    ("16.997.000,", 16_997_000.0), ("1.491.546,452", 1_491_546_452.0), ("Rp 1,5 juta", 1.5e6),
    ("(2.000.000)", -2e6), ("tiga", None)])
def test_interpretation_of_malformed_amounts(text, number):
    assert interpret_number(text) == number


# --- precision as shown ---------------------------------------------------------------------


@pytest.mark.parametrize("found, computed, shown, ok", [
    (99.0, 99.18, 2, False),  # shown "99,00" while the data give 99,18
    (99.18, 99.18333, 2, True),
    (99.72, 99.7299, 2, True),  # cut, not rounded, at the last shown decimal
    (99.73, 99.7299, 2, True),
    (100.0, 99.6, 0, True),  # "100 %" keeps the 0,5 of a whole-number display
    (99.0, 99.6, 0, True),  # cut at the units
    (98.0, 99.6, 0, False),
    (108.0, 108.33, None, True),  # no format known: rounding to 0, 1 or 2 decimals
])
def test_agreement_at_the_shown_precision(found, computed, shown, ok):
    assert agrees_with_computed(found, computed, shown) is ok


def test_whole_number_display_accepts_the_rounded_capaian(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["capaian"] = 108.0  # 13 / 12 × 100 = 108,33
    data = build(tmp_path, ident, rows)
    assert [t.tingkat for t in periksa(data)] == [G]  # shown "108,00" by the template
    path = tmp_path / "lkjip.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Realisasi"]["K4"].number_format = "0"  # shown "108"
    wb.save(tmp_path / "bulat.xlsx")
    found = periksa(load(tmp_path / "bulat.xlsx"))
    assert [(t.aturan, t.tingkat) for t in found] == [("K01", C)]


# --- serapan on pagu 0, Target PK Perubahan only ---------------------------------------------


def test_serapan_zero_on_pagu_zero_says_nothing(tmp_path):
    ident, rows = clean()
    rows["anggaran"].insert(3, {"kode": "1.01.03", "level": "Kegiatan", "uraian": "Dibatalkan",
                                "pagu_murni": 0, "realisasi": 0, "serapan": 0})
    assert check(tmp_path, ident, rows) == []


def test_target_pk_perubahan_alone_is_enough(tmp_path):
    ident, rows = clean()
    rows["pk"][1]["target"] = None  # IK-02: Target PK Perubahan 3 is filled
    rows["pk"][1]["target_rkt"] = None
    data = build(tmp_path, ident, rows)
    assert [t for t in data.temuan if t.aturan == "K08"] == []
    rows["pk"][1]["target_perubahan"] = None
    data = build(tmp_path, ident, rows, name="b.xlsx")
    assert [(t.aturan, t.sel) for t in data.temuan if t.aturan == "K08"] == [("K08", "G5")]


# --- K04d: kegiatan tied to a program by Kode Program ------------------------------------------


def _kegiatan_only(rows):
    for r in rows["anggaran"]:
        if r.get("level") == "Kegiatan":
            r["kode_program"] = r["kode"].rsplit(".", 1)[0]
    rows["anggaran"] = [r for r in rows["anggaran"] if r.get("level") == "Kegiatan"] + \
        [rows["anggaran"][-1]]


def test_partial_kegiatan_total_below_the_pk_program_is_fine(tmp_path):
    ident, rows = clean()
    _kegiatan_only(rows)
    del rows["anggaran"][1]  # only 1.01.01 of program 1.01: 100 ≤ 300
    rows["anggaran"][-1].update(pagu_murni=600 * JUTA, pagu_perubahan=650 * JUTA,
                                realisasi=590 * JUTA)
    assert problems(check(tmp_path, ident, rows)) == []


def test_kegiatan_total_above_the_pk_program_is_galat(tmp_path):
    ident, rows = clean()
    _kegiatan_only(rows)
    rows["pk_program"][0]["anggaran"] = 250 * JUTA  # kegiatan 100 + 200 = 300 > 250
    found = problems(check(tmp_path, ident, rows))
    assert ringkas(found) == [("K04d", G, "PK Program", "D4", 250 * JUTA, 300 * JUTA)]


# --- K03d: a JUMLAH row typed into PK Program --------------------------------------------------


def test_pk_program_jumlah_row_is_checked_not_a_program(tmp_path):
    ident, rows = clean()
    # Anggaran 300 + 500 = 800; Anggaran Perubahan in force 300 (not revised) + 550 = 850
    rows["pk_program"].append({"program": "JUMLAH", "anggaran": 800 * JUTA,
                               "anggaran_perubahan": 850 * JUTA})
    data = build(tmp_path, ident, rows)
    assert data.temuan == [] and len(data.tables["pk_program"]) == 2
    assert problems(periksa(data)) == []
    rows["pk_program"][-1]["anggaran"] = 900 * JUTA
    found = check(tmp_path, ident, rows, name="b.xlsx")
    assert ringkas(found) == [("K03d", G, "PK Program", "D6", 800 * JUTA, 900 * JUTA)]


# --- K00: renamed and missing headers -------------------------------------------------------


def test_renamed_header_is_reported_with_the_closest_header(tmp_path):
    build(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "lkjip.xlsx")
    ws = wb["Anggaran"]
    col = next(c for c in ws[3] if c.value == "Pagu Perubahan")
    col.value = "Pagu Perubahann"
    wb.save(tmp_path / "ganti.xlsx")
    data = load(tmp_path / "ganti.xlsx")
    k00 = [t for t in data.temuan if t.aturan == "K00"]
    assert [(t.tingkat, t.sel) for t in k00] == [(P, col.coordinate)]
    assert "'Pagu Perubahann'" in k00[0].pesan


def test_header_with_a_unit_in_brackets_is_read_with_a_notice(tmp_path):
    """"Pagu Perubahan (Rp)" is the column Pagu Perubahan: its amounts are read (the report is
    not emptied) and one notice says so; "(ribu rupiah)" changes the amounts and is not read."""
    _ident, rows = clean()
    i = next(i for i, r in enumerate(rows["anggaran"]) if r.get("pagu_perubahan"))
    build(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "lkjip.xlsx")
    ws = wb["Anggaran"]
    col = next(c for c in ws[3] if c.value == "Pagu Perubahan")
    col.value = "Pagu Perubahan (Rp)"
    wb.save(tmp_path / "rp.xlsx")
    data = load(tmp_path / "rp.xlsx")
    assert [(t.aturan, t.tingkat, t.sel) for t in data.temuan] == [("K00", C, col.coordinate)]
    assert data.tables["anggaran"].number(i, "pagu_perubahan") == rows["anggaran"][i]["pagu_perubahan"]
    col.value = "Pagu Perubahan (ribu rupiah)"
    wb.save(tmp_path / "ribu.xlsx")
    data = load(tmp_path / "ribu.xlsx")
    assert [(t.aturan, t.tingkat) for t in data.temuan] == [("K00", P)]
    assert data.tables["anggaran"].number(i, "pagu_perubahan") is None


# --- type once ---------------------------------------------------------------------------------


def test_names_left_empty_are_taken_from_renstra_and_differences_said_once(tmp_path):
    ident, rows = clean()
    for key in ("pk", "realisasi", "rencana_aksi"):
        rows[key][0]["indikator"] = None
    rows["pk"][0]["satuan"] = None
    rows["realisasi"][2]["indikator"] = "Indeks Kepuasan  Masyarakat."  # spaces, dot: the same
    rows["pk"][1]["indikator"] = "Jumlah konflik"  # different from Renstra
    rows["realisasi"][1]["indikator"] = "Jumlah konflik"
    data = build(tmp_path, ident, rows)
    assert data.tables["pk"].records[0]["indikator"] == "Jumlah kegiatan pendidikan politik"
    assert data.tables["pk"].records[0]["satuan"] == "Kegiatan"
    found = periksa(data)
    assert [(t.aturan, t.tingkat, t.lembar, t.sel) for t in found] == [("K16", C, "PK", "D5")]
    assert "PK!D5, Realisasi!B5" in found[0].pesan


# --- Jenis Belanja, the engine ------------------------------------------------------------------


@pytest.mark.parametrize("typed, group", [
    ("Belanja Gaji", "Belanja Pegawai"), ("belanja kegiatan", "Belanja Langsung"),
    ("Belanja Barang & Jasa", "Belanja Barang dan Jasa"), ("Belanja Hibah", "Belanja Hibah")])
def test_jenis_belanja_as_written_is_accepted_and_grouped(tmp_path, typed, group):
    ident, rows = clean()
    rows["anggaran"][1]["jenis_belanja"] = typed
    data = build(tmp_path, ident, rows)
    assert data.temuan == []
    assert jenis_belanja_group(typed) == group
    assert budget_tree(data)[0][0].children[0].jenis == group


def test_engine_orders_and_counts(tmp_path):
    from xl_lkip.files.package import Package
    from xl_lkip.files.xlsx_read import read_grids

    ident, rows = clean()
    ident["renstra_akhir"] = 2025  # peringatan
    rows["realisasi"][0]["capaian"] = 117.8  # galat
    rows["realisasi"][1]["capaian"] = 100.0  # 2T-R: (2×3 − 3) / 3 × 100 = 100: a notice
    build(tmp_path, ident, rows)
    with Package(tmp_path / "lkjip.xlsx") as pkg:
        grids = read_grids(pkg)
    hasil = run(grids, "lkjip.xlsx", "berkas di luar folder ini tidak diikuti")
    assert [t.tingkat for t in hasil.temuan] == [G, P, P, C]
    assert (hasil.n_galat, hasil.n_peringatan, hasil.n_catatan) == (1, 2, 1)
    assert any(t.aturan == "K13" and "tidak dibuka" in t.pesan for t in hasil.temuan)
    assert hasil.n_tabel >= len(schema.REPORTS) - 1
