"""Capaian, serapan, efisiensi and rata-rata: the seeds' numbers and every edge case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xl_lkip.core.arithmetic import (
    NEGATIF,
    POSITIF,
    RUMUS_RASIO,
    RUMUS_SELISIH,
    Rentang,
    baca_target,
    capaian,
    capaian_kolom,
    efisiensi,
    efisiensi_kolom,
    normalisasi_polaritas,
    normalisasi_rumus,
    rata_rata,
    serapan,
    serapan_kolom,
)
from xl_lkip.core.errors import DIV0, NA, NUM, VALUE, NilaiError

# --- seeds --------------------------------------------------------------------------------


def test_pontianak_partisipasi_pemilih_is_106_79_not_the_printed_117_8():
    # 000_*: Tabel 3, target 75 %, realisasi 80.09% -> the report printed "117.8%".
    assert round(capaian(75, 80.09), 2) == 106.79
    assert round(capaian("75 %", "80.09%"), 2) == 106.79
    assert round(capaian(75, "80,09"), 2) == 106.79
    assert round(capaian(75, 80.09), 1) != 117.8


def test_pontianak_potensi_konflik_is_100():
    assert capaian("100%", "100 %") == 100.0


# 004_*: Tabel 3.1, the nine indicators of sasaran 1 (target = realisasi, all printed 100, "B").
BOYOLALI_TARGET = ["98,78", "82,00", "88,37", "38", "19", "85,71", "20", "100", "1,89"]
BOYOLALI_REALISASI = ["98,78", "82,00", "88,37", "38", "19", "85,71", "20", "100", "1,89"]


def test_boyolali_nine_indicators_are_100():
    hasil = [capaian(t, r) for t, r in zip(BOYOLALI_TARGET, BOYOLALI_REALISASI, strict=True)]
    assert hasil == [pytest.approx(100.0)] * 9
    assert capaian_kolom(BOYOLALI_TARGET, BOYOLALI_REALISASI) == [pytest.approx(100.0)] * 9
    assert rata_rata(hasil) == pytest.approx(100.0)


def test_boyolali_pk_form_with_units():
    # The PK page writes target and realisasi as "38 Kegiatan".
    assert capaian("38 Kegiatan", "38 Kegiatan") == 100.0
    assert capaian("98,78%", "98,78%") == pytest.approx(100.0)


def test_boyolali_budget_absorption_94_37_and_efficiency_5_63():
    # 004_* 3.2: "berjumlah Rp. 1.914.251.000,00 terealisasi Rp. 1.806.518.343,00 dengan
    # penyerapan sebesar 94,37% atau efisiensi sebesar 5,63%".
    assert round(serapan("Rp. 1.914.251.000,00", "Rp. 1.806.518.343,00"), 2) == 94.37
    assert round(serapan(1914251000, 1806518343), 2) == 94.37
    assert round(efisiensi("Rp 1.914.251.000,-", "Rp. 1.806.518.343,-"), 2) == 5.63


def test_boyolali_belanja_langsung_80_44():
    # "Jumlah Anggaran Kegiatan Tahun 2020 : Rp 437.569.000,- / Realisasi : Rp 351.989.306,-
    # / Prosentase : 80,44%"
    assert round(serapan("Rp 437.569.000,-", "Rp 351.989.306,-"), 2) == 80.44


def test_boyolali_stated_efficiency_5_20_does_not_follow():
    # "efisiensi sebesar 5,20% dari anggaran sebesar Rp. 28.485.000,00 digunakan sebesar
    # Rp. 24.200.000,00": 100 - serapan is 15,04; Tabel 3.2 even prints 24.605.000 (13,62).
    assert round(efisiensi("Rp. 28.485.000,00", "Rp. 24.200.000,00"), 2) == 15.04
    assert round(efisiensi("28.485.000", "24.605.000"), 2) == 13.62


def test_pontianak_serapan_96_82():
    # 000_*: "dana sebesar Rp. 2.714.944.445,00 atau 96,82 % dari pagu anggaran sebesar
    # Rp. 2.804.150.926,00"
    assert round(serapan("Rp. 2.804.150.926,00", "Rp. 2.714.944.445,00"), 2) == 96.82
    assert round(serapan("2,804,150,926", "2,714,944,445"), 2) == 96.82


def test_pontianak_gaji_and_kegiatan():
    assert round(serapan("1,563,075,526", "1,491,546,452"), 2) == 95.42
    # belanja kegiatan: 98,5756...; the report prints 98,57 (cut off, not rounded)
    assert round(serapan("1,241,075,400", "1,223,397,993"), 2) == 98.58


def test_pontianak_row_typo_changes_the_percentage():
    # The same line is 18.833.207 in one table (57,59 %) and 18,883,207 in Tabel 8, which still
    # prints 57,59: the checker flags the second.
    assert round(serapan(32700000, "18.833.207"), 2) == 57.59
    assert round(serapan("32,700,000", "18,883,207"), 2) == 57.75


def test_pontianak_malformed_realisasi_is_refused_not_guessed():
    with pytest.raises(NilaiError) as info:
        serapan("1.563.075.526,00", "1.491.546,452")
    assert info.value.kode == VALUE
    assert "realisasi anggaran" in info.value.pesan and "452" in info.value.pesan


# --- polaritas and rumus ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["positif", "Positif", "POSITIF", "+", "naik", " Naik ",
                                   None, "", "positive", "(+)", "Meningkat",
                                   "Positif (+)"])
def test_polaritas_positif(value):
    assert normalisasi_polaritas(value) == POSITIF


@pytest.mark.parametrize("value", ["negatif", "Negatif", "NEGATIF", "-", "\u2212", "turun",
                                   "Turun", "negative", "(-)", "menurun", "Negatif (-)"])
def test_polaritas_negatif(value):
    assert normalisasi_polaritas(value) == NEGATIF


@pytest.mark.parametrize("value", ["naik?", "netral", 1, 0, True, "x"])
def test_polaritas_refused(value):
    with pytest.raises(NilaiError) as info:
        normalisasi_polaritas(value)
    assert info.value.kode == VALUE and "positif" in info.value.pesan


def test_polaritas_error_value_propagates():
    with pytest.raises(NilaiError) as info:
        normalisasi_polaritas("#N/A")
    assert info.value.kode == NA


@pytest.mark.parametrize("value", [None, "", "2T-R", "2t-r", "2T - R", "(2T-R)/T", "2*T-R",
                                   "2xT-R", "2×T−R", "(2T-R)/T x 100%", "T-(R-T)",
                                   "(T-(R-T))/T", "(Target-(Realisasi-Target))/Target",
                                   "2 × target − realisasi", "standar", "selisih"])
def test_rumus_selisih(value):
    assert normalisasi_rumus(value) == RUMUS_SELISIH


@pytest.mark.parametrize("value", ["T/R", "t/r", "T / R", "T:R", "target/realisasi",
                                   "Target / Realisasi x 100%", "(T/R)*100", "kebalikan"])
def test_rumus_rasio(value):
    assert normalisasi_rumus(value) == RUMUS_RASIO


@pytest.mark.parametrize("value", ["R/T", "T-R", "x", 2])
def test_rumus_refused(value):
    with pytest.raises(NilaiError) as info:
        normalisasi_rumus(value)
    assert "2T-R" in info.value.pesan and "T/R" in info.value.pesan


# --- capaian edge cases -------------------------------------------------------------------


@pytest.mark.parametrize(("target", "realisasi", "polaritas", "rumus", "hasil"), [
    (10, 8, "negatif", None, 120.0),
    (10, 12, "negatif", None, 80.0),
    (10, 10, "negatif", None, 100.0),
    (10, 0, "negatif", None, 200.0),
    (10, 8, "negatif", "T/R", 125.0),
    (10, 12, "negatif", "T/R", pytest.approx(83.3333333)),
    (10, 8, "positif", "T/R", 80.0),  # rumus only matters for negatif
    (80, 0, "positif", None, 0.0),  # a real 0: nothing achieved
    (75, -5, "positif", None, pytest.approx(-6.6666667)),
])
def test_capaian_formulas(target, realisasi, polaritas, rumus, hasil):
    assert capaian(target, realisasi, polaritas, rumus) == hasil


def test_negative_result_is_returned_not_clamped():
    # negatif, realisasi above twice the target: (2*10 - 25)/10*100 = -50
    assert capaian(10, 25, "negatif") == -50.0


def test_target_zero_is_div0_with_reason():
    for pol in ("positif", "negatif"):
        with pytest.raises(NilaiError) as info:
            capaian(0, 0, pol)
        assert info.value.kode == DIV0 and "target 0" in info.value.pesan
    with pytest.raises(NilaiError) as info:
        capaian("0,00", 3, "negatif", "T/R")
    assert info.value.kode == DIV0


def test_ratio_formula_with_zero_realisasi_is_div0():
    with pytest.raises(NilaiError) as info:
        capaian(5, 0, "negatif", "T/R")
    assert info.value.kode == DIV0 and "T/R" in info.value.pesan


@pytest.mark.parametrize(("target", "realisasi", "nama"), [
    (75, None, "realisasi belum diisi"), (75, "", "realisasi belum diisi"),
    (75, "  ", "realisasi belum diisi"), (None, 80, "target belum diisi"),
    (75, float("nan"), "realisasi belum diisi"),
])
def test_blank_is_na(target, realisasi, nama):
    with pytest.raises(NilaiError) as info:
        capaian(target, realisasi)
    assert info.value.kode == NA and info.value.pesan == nama


@pytest.mark.parametrize(("target", "realisasi", "kode", "potongan"), [
    (75, "%", VALUE, "realisasi: '%'"),
    (75, "delapan puluh", VALUE, "realisasi"),
    ("2.67.338.000", 5, VALUE, "target: '2.67.338.000'"),
    (75, "#DIV/0!", DIV0, "galat #DIV/0!"),
    ("#N/A", 75, NA, "target"),
    (-5, 3, NUM, "negatif"),
    (75, True, VALUE, "nilai logika"),
    (1e-320, 1e300, NUM, "terlalu besar"),
    (75, "-", VALUE, "tidak ada nilai"),
])
def test_bad_input_gives_defined_errors(target, realisasi, kode, potongan):
    with pytest.raises(NilaiError) as info:
        capaian(target, realisasi)
    assert info.value.kode == kode
    assert potongan in info.value.pesan


def test_huge_numbers_are_fine_when_finite():
    assert capaian(1e200, 2e200) == pytest.approx(200.0)


# --- range targets -------------------------------------------------------------------------


@pytest.mark.parametrize(("teks", "rentang"), [
    ("80-90", Rentang(80, 90)), ("80 - 90", Rentang(80, 90)), ("80 – 90 %", Rentang(80, 90)),
    ("80% - 90%", Rentang(80, 90)), ("80 s.d. 90", Rentang(80, 90)),
    ("80 s/d 90", Rentang(80, 90)), ("80 sampai 90", Rentang(80, 90)),
    ("80 sampai dengan 90", Rentang(80, 90)), ("72,5-75", Rentang(72.5, 75)),
])
def test_baca_target_range(teks, rentang):
    assert baca_target(teks) == rentang


def test_baca_target_plain_and_money_with_dash_are_not_ranges():
    assert baca_target("75 %") == 75.0
    assert baca_target("Rp 478.650.000,-") == 478650000.0
    assert baca_target(-5) == -5.0


def test_range_reversed_is_refused():
    with pytest.raises(NilaiError, match="batas bawah lebih besar"):
        baca_target("90-80")


@pytest.mark.parametrize(("realisasi", "polaritas", "rumus", "hasil"), [
    (85, "positif", None, 100.0),
    (80, "positif", None, 100.0),
    (90, "positif", None, 100.0),
    (72, "positif", None, 90.0),  # below: compared with the lower bound, 72/80
    (99, "positif", None, 110.0),  # above: compared with the upper bound, 99/90
    (85, "negatif", None, 100.0),
    (99, "negatif", None, 90.0),  # (2*90 - 99)/90
    (72, "negatif", None, 110.0),  # (2*80 - 72)/80
    (100, "negatif", "T/R", 90.0),  # 90/100
])
def test_capaian_range_target(realisasi, polaritas, rumus, hasil):
    assert capaian("80-90", realisasi, polaritas, rumus) == pytest.approx(hasil)


def test_realisasi_range_is_refused():
    with pytest.raises(NilaiError, match="berupa rentang"):
        capaian(80, "80-90")


def test_range_with_zero_lower_bound():
    assert capaian("0-10", 5) == 100.0
    assert capaian("0-10", 20) == 200.0
    with pytest.raises(NilaiError) as info:
        capaian("0-10", -1)
    assert info.value.kode == DIV0


# --- serapan / efisiensi --------------------------------------------------------------------


@pytest.mark.parametrize(("pagu", "realisasi", "kode", "potongan"), [
    (0, 0, DIV0, "pagu 0"), ("0,00", "0,00", DIV0, "pagu 0"),
    (None, 5, NA, "pagu belum diisi"), (5, None, NA, "realisasi anggaran belum diisi"),
    (-5, 1, NUM, "pagu"), (5, -1, NUM, "realisasi anggaran"),
    ("Rp.", 1, VALUE, "pagu"),
])
def test_serapan_errors(pagu, realisasi, kode, potongan):
    with pytest.raises(NilaiError) as info:
        serapan(pagu, realisasi)
    assert info.value.kode == kode and potongan in info.value.pesan
    with pytest.raises(NilaiError):
        efisiensi(pagu, realisasi)


def test_serapan_above_100_is_reported_not_capped():
    assert serapan(100, 120) == 120.0
    assert efisiensi(100, 120) == -20.0


# --- rata-rata -------------------------------------------------------------------------------


def test_rata_rata_skips_blanks_and_reads_text():
    assert rata_rata([100, None, "", "80,5", 90.5]) == pytest.approx(90.333333333)
    assert rata_rata([[100], [None], [80]]) == 90.0
    assert rata_rata(np.array([[1.0], [3.0]])) == 2.0
    assert rata_rata(75) == 75.0


def test_rata_rata_nothing_to_average_is_na():
    with pytest.raises(NilaiError) as info:
        rata_rata([None, "", float("nan")])
    assert info.value.kode == NA
    with pytest.raises(NilaiError):
        rata_rata([])


def test_rata_rata_error_propagates_with_position():
    with pytest.raises(NilaiError) as info:
        rata_rata([100, "#DIV/0!", 80])
    assert info.value.kode == DIV0 and "nilai ke-2" in info.value.pesan
    err = NilaiError("target 0", DIV0)
    with pytest.raises(NilaiError) as info:
        rata_rata([100, err])
    assert info.value.kode == DIV0 and "target 0" in info.value.pesan
    with pytest.raises(NilaiError) as info:
        rata_rata([100, "2.67.338.000"])
    assert info.value.kode == VALUE


# --- whole columns ---------------------------------------------------------------------------


MIXED_TARGET = [75, "75 %", 0, None, "80-90", 10, 10, 10, "#N/A", 5, "x", -5, 1e-320]
MIXED_REALISASI = [80.09, "80.09%", 5, 3, 85, 25, 8, 8, 3, 0, 3, 3, 1e300]
MIXED_POL = ["positif", "+", "positif", None, "naik", "negatif", "turun", "-", "+", "-",
             "+", "+", "+"]
MIXED_RUMUS = [None, None, None, None, None, None, None, "T/R", None, "T/R", None, None, None]


def _sama(a, b):
    if isinstance(a, NilaiError) or isinstance(b, NilaiError):
        return (isinstance(a, NilaiError) and isinstance(b, NilaiError)
                and a.kode == b.kode and a.pesan == b.pesan)
    return a == pytest.approx(b)


def test_capaian_kolom_equals_capaian_row_by_row():
    kolom = capaian_kolom(MIXED_TARGET, MIXED_REALISASI, MIXED_POL, MIXED_RUMUS)
    for i, hasil in enumerate(kolom):
        try:
            satu = capaian(MIXED_TARGET[i], MIXED_REALISASI[i], MIXED_POL[i], MIXED_RUMUS[i])
        except NilaiError as exc:
            satu = exc
        assert _sama(hasil, satu), i


def test_capaian_kolom_accepts_numpy_and_pandas():
    t = np.array([75.0, 0.0, np.nan])
    r = pd.Series([80.09, 1.0, 2.0])
    hasil = capaian_kolom(t, r, "positif")
    assert round(hasil[0], 2) == 106.79
    assert hasil[1].kode == DIV0 and hasil[2].kode == NA
    df = pd.DataFrame({"t": [10, 10], "r": [8, 12], "p": ["negatif", "positif"]})
    assert capaian_kolom(df["t"], df["r"], df["p"]) == [120.0, 120.0]


def test_capaian_kolom_bad_choice_only_spoils_its_row():
    hasil = capaian_kolom([10, 10], [8, 8], ["negatif", "??"], "2T-R")
    assert hasil[0] == 120.0 and hasil[1].kode == VALUE


def test_column_length_mismatch():
    with pytest.raises(NilaiError, match="seharusnya 2"):
        capaian_kolom([1, 2], [1, 2, 3])
    with pytest.raises(NilaiError, match="polaritas"):
        capaian_kolom([1, 2], [1, 2], ["positif"])
    with pytest.raises(NilaiError):
        serapan_kolom([1, 2], [1])


def test_serapan_and_efisiensi_kolom():
    pagu = [2804150926, "Rp. 1.914.251.000,00", 0, None, 100, "32,700,000"]
    real = [2714944445, "Rp. 1.806.518.343,00", 0, 5, -1, "18,883,207"]
    hasil = serapan_kolom(pagu, real)
    assert [round(x, 2) for x in (hasil[0], hasil[1], hasil[5])] == [96.82, 94.37, 57.75]
    assert [x.kode for x in hasil[2:5]] == [DIV0, NA, NUM]
    eff = efisiensi_kolom(pagu, real)
    assert round(eff[1], 2) == 5.63 and eff[2].kode == DIV0


def test_ten_thousand_rows_in_one_call():
    """Whole columns in one call (speed is measured in benchmarks/, not asserted here)."""
    rng = np.random.default_rng(7)
    targets = rng.uniform(1, 100, 10_000).tolist()
    realisasi = rng.uniform(0, 120, 10_000).tolist()
    polaritas = ["positif", "negatif"] * 5_000
    hasil = capaian_kolom(targets, realisasi, polaritas)
    assert len(hasil) == 10_000
    assert hasil[0] == pytest.approx(realisasi[0] / targets[0] * 100)
    assert hasil[1] == pytest.approx((2 * targets[1] - realisasi[1]) / targets[1] * 100)
    assert len(serapan_kolom(targets, realisasi)) == 10_000


def test_int_beyond_float_range_is_num_not_a_crash():
    hasil = capaian_kolom([75, 10**400], [80.09, 5])
    assert round(hasil[0], 2) == 106.79 and hasil[1].kode == NUM
    with pytest.raises(NilaiError) as info:
        serapan(10**400, 1)
    assert info.value.kode == NUM


# Text numbers in the canonical shapes are read in bulk (no parse_angka per cell); everything
# else takes the row-by-row path. Both must give the same answer, message for message.
TEKS_TARGET = ["85,50", "1.914.251.000,00", "2,804,150,926.50", "0,5", "1.500", "1,500",
               "2.67.338.000", "1" * 400, "80-90", "Rp 1.000", None, "", "#N/A", float("nan"),
               True, 10**400, np.float64(4.5), "75 %", "0", "12.345.678", 50.0, "00,50"]
TEKS_REALISASI = ["90", 80.0, "1.806.518.343,00", "0,25", "1.600", 1600, "1.2", "5", 85,
                  "Rp 900", None, 3, 5, "7,5", 8, 9, "4,5", "80.09%", "0,00", "12.000.000",
                  "1.491.546,452", "0,6"]
TEKS_POL = ["positif", "negatif", "turun", "+", "-", None, "negatif", "positif", "positif",
            "??", "positif", "-", "+", "+", "+", "+", "negatif", "positif", "negatif", "+",
            "-", "naik"]


def test_kolom_with_text_numbers_equals_row_by_row():
    for rumus in (None, "T/R", ["T/R", None] * 11):
        kolom = capaian_kolom(TEKS_TARGET, TEKS_REALISASI, TEKS_POL, rumus)
        for i, hasil in enumerate(kolom):
            try:
                satu = capaian(TEKS_TARGET[i], TEKS_REALISASI[i], TEKS_POL[i],
                               rumus[i] if isinstance(rumus, list) else rumus)
            except NilaiError as exc:
                satu = exc
            assert _sama(hasil, satu) and type(hasil) is type(satu), (i, hasil, satu)
    for kolom_fn, satu_fn in ((serapan_kolom, serapan), (efisiensi_kolom, efisiensi)):
        for i, hasil in enumerate(kolom_fn(TEKS_TARGET, TEKS_REALISASI)):
            try:
                satu = satu_fn(TEKS_TARGET[i], TEKS_REALISASI[i])
            except NilaiError as exc:
                satu = exc
            assert _sama(hasil, satu), (kolom_fn.__name__, i, hasil, satu)
            if not isinstance(satu, NilaiError):
                assert hasil == satu  # exactly, not just approximately


def test_kolom_choices_with_equal_keys_of_other_types():
    # 1, 1.0 and True are one dict key; each row still gets its own reason.
    hasil = capaian_kolom([10] * 4, [8] * 4, [1, 1.0, True, "negatif"])
    assert [x.pesan.split(" tidak")[0] for x in hasil[:3]] == [
        "polaritas '1'", "polaritas '1.0'", "polaritas 'True'"]
    assert hasil[3] == 120.0
    assert capaian_kolom([10, 10], [8, 8], ["negatif"] * 2, ["T/R"] * 2) == [125.0, 125.0]
