"""The consistency checker: one spoiled value per test, the exact finding it must give.

Each test starts from the clean workbook of helpers_checks (which gives no finding at all),
changes what staff get wrong in real reports, and asserts rule, severity, sheet, cell,
expected and found of every finding, so that a mistake is reported once and nothing else is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers_checks import JUTA, build, build_lalu, clean, ringkas  # noqa: E402

from xl_lkip.core.checks import periksa, urutkan  # noqa: E402
from xl_lkip.core.findings import CATATAN, GALAT, PERINGATAN  # noqa: E402

G, P, C = GALAT, PERINGATAN, CATATAN
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "workbooks" / "data"


def check(tmp_path: Path, identitas=None, rows=None, **kw):
    """The checker's findings in the order the engine shows them (galat first)."""
    data = build(tmp_path, identitas, rows, **kw)
    return urutkan(periksa(data))


# --- a correct workbook ---------------------------------------------------------------------


def test_clean_workbook_gives_no_findings(tmp_path):
    data = build(tmp_path)
    assert data.temuan == []
    assert periksa(data) == []


def test_clean_workbook_with_last_year_gives_no_findings(tmp_path):
    assert periksa(build(tmp_path), build_lalu(tmp_path)) == []


def test_formulas_without_cached_values_are_fine(tmp_path):
    assert check(tmp_path, cache=False) == []


# --- family 1: computed columns holding constants -----------------------------------------


def test_capaian_typed_and_different_is_galat(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["capaian"] = 117.8  # as Pontianak typed it
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K01", G, "Realisasi", "K4", 108.33, 117.8)]
    assert "diketik 117,8" in found[0].pesan and "rumus" in found[0].pesan


@pytest.mark.parametrize("typed", [108.33, 108.333333])
def test_capaian_typed_but_right_is_a_notice(tmp_path, typed):
    ident, rows = clean()
    rows["realisasi"][0]["capaian"] = typed
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K01", C, "Realisasi", "K4", None, None)]
    assert "diketik, bukan rumus" in found[0].pesan


@pytest.mark.parametrize("typed", [108.3, 108.0])
def test_capaian_typed_rounded_below_the_shown_decimals_is_galat(tmp_path, typed):
    # the template shows capaian with two decimals: 108,30 and 108,00 are not 108,33
    ident, rows = clean()
    rows["realisasi"][0]["capaian"] = typed
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K01", G, "Realisasi", "K4", 108.33, typed)]


def test_capaian_typed_that_cannot_be_computed_is_peringatan(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0].update(target=0, capaian=100)
    rows["pk"][0].update(target=0, target_rkt=0)
    rows["renstra"][0]["target_2"] = 0
    rows["rencana_aksi"][0].update(target_tahun=0, tw1=0, tw2=0, tw3=0, tw4=0)
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K07", G, "Realisasi", "E4", None, 0.0),
                              ("K01", P, "Realisasi", "K4", None, 100.0)]
    assert "target 0" in found[1].pesan
    assert "capaian tidak dapat dihitung" in found[0].pesan


def test_stale_cached_capaian_is_galat(tmp_path):
    found = check(tmp_path, cached={"realisasi": {0: {"capaian": 95.0}}})
    assert ringkas(found) == [("K01", G, "Realisasi", "K4", 108.33, 95.0)]
    assert "hitung ulang" in found[0].pesan


# --- family 2: kategori and scale ---------------------------------------------------------


def test_kategori_typed_wrong_is_galat(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["kategori"] = "Sangat Baik"  # 108,33 is Baik (90-110)
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K02", G, "Realisasi", "L4", "Baik", "Sangat Baik")]


@pytest.mark.parametrize("typed", ["Baik", "baik ", "B"])
def test_kategori_typed_right_label_or_code_is_a_notice(tmp_path, typed):
    ident, rows = clean()
    rows["realisasi"][0]["kategori"] = typed
    assert ringkas(check(tmp_path, ident, rows)) == [("K01", C, "Realisasi", "L4", None, None)]


def test_stale_cached_kategori_is_galat(tmp_path):
    found = check(tmp_path, cached={"realisasi": {1: {"kategori": "Cukup"}}})
    assert ringkas(found) == [("K02", G, "Realisasi", "L5", "Baik", "Cukup")]


def test_scale_with_holes_is_reported_on_skala_sheet(tmp_path):
    ident, rows = clean()
    rows["skala"] = [  # Boyolali's scale as printed: holes 55-56 and 75-76
        {"batas_bawah": ">100", "label": "Sangat Baik", "kode": "SB"},
        {"batas_bawah": 76, "batas_atas": 100, "label": "Baik", "kode": "B"},
        {"batas_bawah": 56, "batas_atas": 75, "label": "Cukup", "kode": "C"},
        {"batas_atas": "<55", "label": "Kurang", "kode": "K"},
    ]
    found = check(tmp_path, ident, rows)
    # no capaian falls in a hole: one notice naming both holes, in the scale's order
    assert [(t.aturan, t.tingkat, t.lembar, t.sel) for t in found] == [("K02", C, "Skala", "A3")]
    assert "2 celah" in found[0].pesan
    assert found[0].pesan.index("55") < found[0].pesan.index("75")


def test_capaian_in_a_scale_hole_is_a_warning_at_its_cell(tmp_path):
    ident, rows = clean()
    rows["skala"] = [
        {"batas_bawah": ">100", "label": "Sangat Baik", "kode": "SB"},
        {"batas_bawah": 76, "batas_atas": 100, "label": "Baik", "kode": "B"},
        {"batas_bawah": 56, "batas_atas": 75, "label": "Cukup", "kode": "C"},
        {"batas_atas": "<55", "label": "Kurang", "kode": "K"},
    ]
    row = rows["realisasi"][0]
    row["target"], row["realisasi"] = 100, 75.5  # 75,5 / 100 = 75,5 %: between Cukup and Baik
    row.pop("capaian", None)
    row.pop("kategori", None)
    found = [t for t in check(tmp_path, ident, rows) if t.aturan == "K02"]
    assert [(t.tingkat, t.lembar, t.ditemukan) for t in found] == [(P, "Realisasi", 75.5)]
    assert found[0].sel.startswith("K") and "celah" in found[0].pesan


def test_scale_with_overlap_is_galat(tmp_path):
    ident, rows = clean()
    rows["skala"] = [
        {"batas_bawah": 90, "label": "Baik"},
        {"batas_atas": 95, "label": "Kurang"},
    ]
    rows["realisasi"][2]["polaritas"] = "positif"
    found = check(tmp_path, ident, rows)
    assert [(t.aturan, t.tingkat, t.lembar, t.sel) for t in found] == [("K02", G, "Skala", "A3")]
    assert "tumpang tindih" in found[0].pesan


# --- family 3: sums in Anggaran -----------------------------------------------------------


def test_jumlah_row_that_is_not_the_sum_is_galat(tmp_path):
    ident, rows = clean()
    rows["anggaran"][6]["realisasi"] = 760 * JUTA
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K03a", G, "Anggaran", "G10", 770 * JUTA, 760 * JUTA)]
    assert "baris 4–9" in found[0].pesan


def test_jumlah_row_adding_programs_and_kegiatan_is_reported_as_double(tmp_path):
    ident, rows = clean()
    rows["anggaran"][6]["pagu_murni"] = 1600 * JUTA  # 300+100+200 + 500+200+300
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K03b", G, "Anggaran", "E10", 800 * JUTA, 1600 * JUTA)]
    assert "dua kali" in found[0].pesan


def test_subtotal_rows_and_jumlah_of_the_whole(tmp_path):
    ident, rows = clean()
    a = rows["anggaran"]
    sub1 = {"level": "Subtotal", "uraian": "Subtotal Program 1.01", "pagu_murni": 300 * JUTA,
            "realisasi": 275 * JUTA}  # wrong: 270
    sub2 = {"level": "Subtotal", "uraian": "Subtotal Program 1.02", "pagu_murni": 500 * JUTA,
            "pagu_perubahan": 550 * JUTA, "realisasi": 500 * JUTA}
    rows["anggaran"] = a[:3] + [sub1] + a[3:6] + [sub2] + a[6:]
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K03a", G, "Anggaran", "G7", 270 * JUTA, 275 * JUTA)]


def test_program_that_is_not_the_sum_of_its_kegiatan_is_galat(tmp_path):
    ident, rows = clean()
    rows["anggaran"][0]["pagu_murni"] = 310 * JUTA
    found = check(tmp_path, ident, rows)
    # the Anggaran program row contradicts its kegiatan, and the PK figure (= the kegiatan)
    assert ringkas(found) == [
        ("K04a", G, "PK Program", "D4", 310 * JUTA, 300 * JUTA),
        ("K03c", G, "Anggaran", "E4", 300 * JUTA, 310 * JUTA),
    ]
    assert "sama dengan jumlah kegiatannya" in found[0].pesan


# --- family 4: PK Program vs Anggaran, murni vs perubahan ---------------------------------


def test_pk_program_anggaran_differs_from_anggaran_sheet(tmp_path):
    ident, rows = clean()
    rows["pk_program"][0]["anggaran"] = 350 * JUTA
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K04a", G, "PK Program", "D4", 300 * JUTA, 350 * JUTA)]
    assert "Anggaran!E4" in found[0].pesan


def test_pk_program_matched_by_name_when_codes_differ(tmp_path):
    ident, rows = clean()
    rows["pk_program"][0].update(kode_program="1", anggaran=350 * JUTA)
    rows["pk_program"][1]["kode_program"] = "2"
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K04a", G, "PK Program", "D4", 300 * JUTA, 350 * JUTA)]


def test_pk_program_matched_by_similar_name(tmp_path):
    ident, rows = clean()
    rows["pk_program"][1].update(kode_program="7", program="Program Kewaspadaan Nasional Daerah",
                                 anggaran_perubahan=600 * JUTA)
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K04b", G, "PK Program", "E5", 550 * JUTA, 600 * JUTA)]


def test_pk_anggaran_perubahan_blank_while_anggaran_revised(tmp_path):
    ident, rows = clean()
    rows["pk_program"][1]["anggaran_perubahan"] = None
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K04b", P, "PK Program", "E5", 550 * JUTA, None)]


def test_perubahan_in_kegiatan_but_not_in_program(tmp_path):
    ident, rows = clean()
    rows["anggaran"][3]["pagu_perubahan"] = None
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K04c", G, "Anggaran", "F7", 550 * JUTA, None)]


def test_perubahan_in_program_but_not_in_kegiatan(tmp_path):
    ident, rows = clean()
    rows["anggaran"][4]["pagu_perubahan"] = None  # 1.02.01 keeps 200 murni, spends 240
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K04c", G, "Anggaran", "F7", 500 * JUTA, 550 * JUTA),
        ("K09a", G, "Anggaran", "G8", 200 * JUTA, 240 * JUTA),
    ]


# --- family 5: targets across sheets -------------------------------------------------------


def test_pk_target_differs_from_renstra_year(tmp_path):
    ident, rows = clean()
    rows["renstra"][0]["target_2"] = 13
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K05a", P, "PK", "G4", 13.0, 12.0)]


def test_rkt_target_differs_from_pk(tmp_path):
    ident, rows = clean()
    rows["pk"][0]["target_rkt"] = 10
    rows["pk"][2]["target_rkt"] = "80-95"
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K05b", G, "PK", "F4", 12.0, 10.0),
        ("K05b", G, "PK", "F6", "80-90", "80-95"),
    ]


def test_realisasi_target_is_not_the_pk_target_in_force(tmp_path):
    ident, rows = clean()
    rows["realisasi"][1]["target"] = 4  # PK 4, PK Perubahan 3
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K05c", G, "Realisasi", "E5", 3.0, 4.0)]
    assert "PK Perubahan" in found[0].pesan


def test_rencana_aksi_target_differs_from_pk(tmp_path):
    ident, rows = clean()
    rows["rencana_aksi"][0].update(target_tahun=10, tw1=2, tw2=3, tw3=2, tw4=3)
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K05d", G, "Rencana Aksi", "C4", 12.0, 10.0)]


def test_polaritas_differs_from_renstra(tmp_path):
    ident, rows = clean()
    rows["realisasi"][1]["polaritas"] = "positif"
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K05e", G, "Realisasi", "D5", "negatif", "positif")]


def test_polaritas_blank_for_a_negative_indicator(tmp_path):
    ident, rows = clean()
    rows["realisasi"][1]["polaritas"] = None
    rows["realisasi"][1]["realisasi"] = rows["realisasi"][1]["tw4"] = 2
    # the template's formula takes Renstra's negatif for a blank polaritas, as the report does:
    # the sheet and the report agree, so there is nothing to report
    assert ringkas(check(tmp_path, ident, rows)) == []


def _capaian_negatif(ident, rec) -> float:
    from xl_lkip.core.arithmetic import capaian

    return round(capaian(rec["target"], rec["realisasi"], "negatif", ident["rumus_negatif"]), 2)


def test_polaritas_blank_with_typed_capaian_takes_renstra(tmp_path):
    """Type once: a blank polaritas is Renstra's. A typed capaian that agrees with Renstra's
    negatif is only the typed-value notice; one computed as positif is a galat at the capaian
    cell; neither says anything about the blank polaritas."""
    ident, rows = clean()
    rec = rows["realisasi"][1]
    rec.update(polaritas=None, realisasi=2, tw4=2)
    rec["capaian"] = _capaian_negatif(ident, rec)
    assert ringkas(check(tmp_path, ident, rows)) == [("K01", C, "Realisasi", "K5", None, None)]
    rec["capaian"] = round(2 / 3 * 100, 2)  # as if positif
    found = ringkas(check(tmp_path, ident, rows))
    assert [(f[0], f[1], f[3]) for f in found] == [("K01", G, "K5")], found
    assert found[0][4] == _capaian_negatif(ident, rec)


def test_polaritas_blank_in_realisasi_and_renstra_with_typed_capaian_is_peringatan(tmp_path):
    """Nothing to take from Renstra: the typed capaian can only be checked as positif, so the
    blank polaritas is still worth a warning."""
    ident, rows = clean()
    rows["renstra"][1]["polaritas"] = None
    rec = rows["realisasi"][1]
    rec.update(polaritas=None, realisasi=2, tw4=2, capaian=round(2 / 3 * 100, 2))
    assert ringkas(check(tmp_path, ident, rows)) == [("K05e", P, "Realisasi", "D5", None, None),
                                                     ("K01", C, "Realisasi", "K5", None, None)]


# --- family 6: typed percentages in Anggaran ---------------------------------------------


def test_serapan_typed_and_wrong_gives_one_galat(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["serapan"] = 80.0  # 90/100 = 90
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K06", G, "Anggaran", "H5", 90.0, 80.0)]


def test_serapan_typed_and_right_is_a_notice(tmp_path):
    ident, rows = clean()
    rows["anggaran"][3]["serapan"] = 90.91  # 500/550
    assert ringkas(check(tmp_path, ident, rows)) == [("K01", C, "Anggaran", "H7", None, None)]


def test_serapan_stale_cached_is_galat(tmp_path):
    found = check(tmp_path, cached={"anggaran": {6: {"serapan": 96.25}}})  # murni: 770/800
    assert ringkas(found) == [("K06", G, "Anggaran", "H10", 90.59, 96.25)]


# --- family 8: what the reader cannot know is missing -------------------------------------


def test_pk_indicator_without_realisasi_row(tmp_path):
    ident, rows = clean()
    del rows["realisasi"][2]
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K08", G, "PK", "C6", "baris Realisasi", "tidak ada")]


def test_pk_program_without_pagu_in_anggaran(tmp_path):
    ident, rows = clean()
    rows["anggaran"].insert(6, {"kode": "1.03", "level": "Program",
                                "uraian": "Program Pelayanan Prima"})
    rows["pk_program"].append({"kode_program": "1.03", "program": "Program Pelayanan Prima",
                               "kode_sasaran": "S2", "anggaran": 10 * JUTA})
    data = build(tmp_path, ident, rows)
    assert ringkas(periksa(data)) == [("K08", G, "Anggaran", "E10", "nilai", "kosong")]


# --- family 9: amounts ---------------------------------------------------------------------


def test_realisasi_above_pagu(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["realisasi"] = 110 * JUTA
    rows["anggaran"][0]["realisasi"] = 290 * JUTA
    rows["anggaran"][6]["realisasi"] = 790 * JUTA
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K09a", G, "Anggaran", "G5", 100 * JUTA, 110 * JUTA)]


def test_negative_amount(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["realisasi"] = -5 * JUTA
    rows["anggaran"][0]["realisasi"] = 175 * JUTA
    rows["anggaran"][6]["realisasi"] = 675 * JUTA
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K09b", G, "Anggaran", "G5", None, -5 * JUTA)]


def test_negative_pk_anggaran(tmp_path):
    ident, rows = clean()
    rows["pk_program"][0]["anggaran"] = -300 * JUTA
    found = ringkas(check(tmp_path, ident, rows))
    assert ("K09b", G, "PK Program", "D4", None, -300 * JUTA) in found


def test_pagu_zero_with_realisasi(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["pagu_murni"] = 0
    rows["anggaran"][2]["pagu_murni"] = 300 * JUTA
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K09c", G, "Anggaran", "G5", 0.0, 90 * JUTA)]


# --- family 10: quarters -------------------------------------------------------------------


def test_quarterly_realisasi_not_adding_up(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["tw4"] = 5  # jumlah: 3+3+3+5 = 14
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K10a", G, "Realisasi", "J4", 14.0, 13.0)]
    assert "'jumlah'" in found[0].pesan


@pytest.mark.parametrize("i, tw4, expected", [(1, 4, 4.0), (2, 94, 86.0)])
def test_quarterly_terakhir_and_rata_rata(tmp_path, i, tw4, expected):
    ident, rows = clean()
    rows["realisasi"][i]["tw4"] = tw4
    rows["rencana_aksi"][i]["tw4"] = tw4 if i == 1 else rows["rencana_aksi"][i]["tw4"]
    found = [t for t in check(tmp_path, ident, rows) if t.lembar == "Realisasi"]
    cell = f"J{4 + i}"
    assert ringkas(found) == [("K10a", G, "Realisasi", cell, expected,
                               float(rows["realisasi"][i]["realisasi"]))]


def test_quarters_without_combine_rule_warn_only_when_no_rule_fits(tmp_path):
    ident, rows = clean()
    rows["renstra"][0]["gabung"] = None
    assert check(tmp_path, ident, rows) == []  # 3+3+3+4 = 13: "jumlah" fits
    rows["realisasi"][0]["tw4"] = 5
    found = check(tmp_path, ident, rows, name="b.xlsx")
    assert ringkas(found) == [
        ("K10a", P, "Realisasi", "J4", "jumlah 14; terakhir 5; rata-rata 3,5", 13.0)]


def test_rencana_aksi_quarters_not_adding_up(tmp_path):
    ident, rows = clean()
    rows["rencana_aksi"][0]["tw4"] = 4
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K10b", G, "Rencana Aksi", "C4", 13.0, 12.0)]


# --- family 11: presence and duplicates -----------------------------------------------------


def test_duplicate_code(tmp_path):
    ident, rows = clean()
    rows["pk"].append(dict(rows["pk"][0]))
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K11a", G, "PK", "C7", "kode unik", "IK-01")]
    assert "baris 4" in found[0].pesan


def test_realisasi_indicator_not_in_pk(tmp_path):
    ident, rows = clean()
    rows["realisasi"].append({"kode_indikator": "IK-09", "polaritas": "positif", "target": 5,
                              "realisasi": 5})
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K11b", P, "Realisasi", "A7", "baris PK", "tidak ada")]
    assert "Renstra" in found[0].pesan


def test_pk_indicator_not_in_renstra(tmp_path):
    ident, rows = clean()
    del rows["renstra"][2]
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K11b", P, "PK", "C6", "baris Renstra", "tidak ada")]


def test_pk_program_not_in_anggaran(tmp_path):
    ident, rows = clean()
    rows["pk_program"].append({"kode_program": "9.99", "program": "Program Lain-lain",
                               "kode_sasaran": "S2", "anggaran": 5 * JUTA})
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K11c", P, "PK Program", "A6", "baris program di Anggaran", "tidak ada")]


def test_anggaran_program_not_in_pk_program(tmp_path):
    ident, rows = clean()
    del rows["pk_program"][1]  # a support program: one notice, outside the counts
    assert ringkas(check(tmp_path, ident, rows)) == [("K11c", C, "Anggaran", "C7", None, None)]


def test_unknown_codes_in_anggaran_and_pk_program(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["kode_indikator"] = "IK-99"
    rows["anggaran"][2]["kode_indikator"] = "S1"  # a sasaran code is fine
    rows["pk_program"][0]["kode_sasaran"] = "S9"
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K11d", P, "PK Program", "C4", "sasaran yang dikenal", "tidak ada"),
        ("K11d", P, "Anggaran", "I5", "indikator atau sasaran yang dikenal", "tidak ada"),
    ]


# --- family 12: years -----------------------------------------------------------------------


def test_tahun_outside_renstra_period(tmp_path):
    ident, rows = clean()
    ident["tahun"] = 2024
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K12", G, "Identitas", "B6", "2019–2023", 2024.0)]


def test_renstra_period_longer_than_the_year_columns(tmp_path):
    ident, rows = clean()
    ident["renstra_akhir"] = 2025  # seven years: the template has six target columns
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K12", P, "Identitas", "B8", 2024, 2025)]


def test_renstra_end_before_start(tmp_path):
    ident, rows = clean()
    ident["renstra_akhir"] = 2018
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K12", G, "Identitas", "B8", "≥ 2019", 2018.0)]


def test_renstra_year_column_empty(tmp_path):
    ident, rows = clean()
    ident.update(renstra_awal=2016, renstra_akhir=2020)  # 2020 = Th-5, left empty
    for r in rows["renstra"]:
        r["target_5"] = None
    assert ringkas(check(tmp_path, ident, rows)) == [
        ("K12", P, "Identitas", "B7", "Target Th-5", None)]


# --- family 13: last year's workbook ---------------------------------------------------------


def test_realisasi_n1_differs_from_last_year(tmp_path):
    ident, rows = clean()
    rows["realisasi"][0]["realisasi_n1"] = 10  # last year reported 11
    rows["realisasi"][0]["realisasi_n2"] = 8  # last year's N-1: 9
    rows["realisasi"][1]["realisasi_n1"] = None  # last year reported 4
    found = periksa(build(tmp_path, ident, rows), build_lalu(tmp_path))
    assert ringkas(found) == [
        ("K13", G, "Realisasi", "M4", 11.0, 10.0),
        ("K13", G, "Realisasi", "N4", 9.0, 8.0),
        ("K13", P, "Realisasi", "M5", 4.0, None),
    ]
    assert "lkjip-lalu.xlsx" in found[0].pesan


def test_last_year_file_of_the_wrong_year(tmp_path):
    lalu = build_lalu(tmp_path, {**clean()[0], "tahun": 2018})
    found = periksa(build(tmp_path), lalu)
    assert ringkas(found) == [("K13", G, "Identitas", "B16", 2019.0, 2018.0)]


# --- order ------------------------------------------------------------------------------------


def test_findings_are_in_template_order(tmp_path):
    ident, rows = clean()
    ident["renstra_akhir"] = 2025  # Identitas (a peringatan)
    rows["anggaran"][1]["serapan"] = 80.0  # Anggaran row 5
    rows["realisasi"][0]["capaian"] = 117.8  # Realisasi K4
    rows["realisasi"][0]["kategori"] = "Sangat Baik"  # Realisasi L4
    rows["pk"][0]["target_rkt"] = 10  # PK F4
    data = build(tmp_path, ident, rows)
    found = urutkan(periksa(data))
    # galat first, then peringatan, each in template order
    assert [(t.lembar, t.sel, t.aturan) for t in found] == [
        ("PK", "F4", "K05b"), ("Realisasi", "K4", "K01"),
        ("Realisasi", "L4", "K02"), ("Anggaran", "H5", "K06"), ("Identitas", "B8", "K12")]
    assert urutkan(reversed(found)) == found
    assert urutkan(periksa(data)) == found  # stable


def test_numbers_are_floats_and_years_whole(tmp_path):
    ident, rows = clean()
    ident["tahun"] = 2024
    rows["anggaran"][1]["serapan"] = 80
    found = check(tmp_path, ident, rows)
    for t in found:
        for v in (t.diharapkan, t.ditemukan):
            assert v is None or isinstance(v, float | str) or (t.aturan == "K12" and v == 2024)
    assert "2.024" not in " ".join(str(t) for t in found)


# --- the two real reports -------------------------------------------------------------------


def _example(name: str) -> Path:
    return DATA / name


def _ready(name: str) -> bool:
    folder = _example(name)
    return all((folder / f"{k}.csv").exists() for k in ("identitas", "pk", "realisasi"))


@pytest.mark.skipif(not _ready("pontianak-2020"), reason="workbooks/data/pontianak-2020 belum ada")
def test_pontianak_contradictions(tmp_path):
    from xl_lkip.files.examples import build_example
    from xl_lkip.files.workbook import load

    data = load(build_example(_example("pontianak-2020"), tmp_path / "pontianak.xlsx"))
    found = ringkas(periksa(data))
    # Tabel 3: capaian typed 117,8 where 80,09 / 75 × 100 = 106,79
    assert ("K01", G, "Realisasi", "K4", 106.79, 117.8) in found
    # Program Pembinaan dan Pendidikan Politik: PK Perubahan 478.650.000, Anggaran 412.540.000
    pk_vs_anggaran = [t for t in found if t[0] in ("K04a", "K04b") and t[2] == "PK Program"]
    assert any(t[4:] == (412_540_000.0, 478_650_000.0) for t in pk_vs_anggaran), found
    # ... and within Anggaran the program row is not the sum of its kegiatan
    assert any(t[0] == "K03c" and t[4:] == (478_650_000.0, 412_540_000.0) for t in found)


@pytest.mark.skipif(not _ready("boyolali-2020"), reason="workbooks/data/boyolali-2020 belum ada")
def test_boyolali_contradictions(tmp_path):
    from xl_lkip.files.examples import build_example
    from xl_lkip.files.workbook import load

    data = load(build_example(_example("boyolali-2020"), tmp_path / "boyolali.xlsx"))
    found = periksa(data)
    # Cakupan Konflik antar Kelompok Masyarakat: RKT 57,14 vs PK 85,71
    konflik = [t for t in found if t.aturan == "K05b"
               and {t.diharapkan, t.ditemukan} == {57.14, 85.71}]
    assert konflik, ringkas(found)
    assert konflik[0].lembar == "PK"


def test_anggaran_without_program_rows_gives_one_finding(tmp_path):
    ident, rows = clean()
    rows["anggaran"] = [r for r in rows["anggaran"] if r.get("level") != "Program"]
    for r in rows["anggaran"]:
        r.pop("kode", None)
    found = check(tmp_path, ident, rows)
    assert ringkas(found) == [("K11c", P, "Anggaran", "B3", "baris Program", "tidak ada")]


def test_unreadable_cells_are_left_to_the_reader(tmp_path):
    ident, rows = clean()
    rows["anggaran"][1]["pagu_murni"] = ".100.000.000"  # K07 from the reader, nothing more
    rows["realisasi"][0]["tw2"] = "tiga"
    data = build(tmp_path, ident, rows)
    assert [(t.aturan, t.sel) for t in data.temuan] == [("K07", "G4"), ("K07", "E5")]
    assert periksa(data) == []


def test_odd_workbooks_do_not_break_the_checker(tmp_path):
    ident, rows = clean()
    ident["renstra_awal"] = None
    rows["anggaran"] = [
        {"level": "Jumlah", "uraian": "JUMLAH", "pagu_murni": 5},
        {"level": "Sub Kegiatan", "uraian": "Sub tanpa induk", "pagu_murni": "abc",
         "realisasi": 3, "serapan": "60%"},
        {"level": "Subtotal", "uraian": "Subtotal", "realisasi": 3},
        {"kode": "2", "uraian": "Program Kedua", "pagu_perubahan": 10, "realisasi": 12},
        {"kode": "2.1", "uraian": "Kegiatan", "pagu_murni": 8, "pagu_perubahan": 9},
        {"kode": "2.1.1", "uraian": "Sub", "pagu_murni": 0, "realisasi": 4},
        {"level": "Jumlah", "uraian": "TOTAL", "pagu_murni": 8, "pagu_perubahan": 10,
         "realisasi": 99},
    ]
    rows["realisasi"][0].update(target="banyak", realisasi="-", capaian="117,8 %")
    rows["pk"][1]["target"] = "10-5"
    rows["skala"] = [{"batas_bawah": 0, "label": "Semua"}]
    data = build(tmp_path, ident, rows)
    found = periksa(data)
    for t in found:
        assert t.lembar and t.pesan and t.tingkat in (G, P, C) and t.aturan.startswith("K")
    assert periksa(data, data) is not None
