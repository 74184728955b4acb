"""Category scales: typed rows, presets, holes, overlaps and the Boyolali seed."""

from __future__ import annotations

import pytest

from xl_lkip.core.arithmetic import capaian, rata_rata
from xl_lkip.core.errors import DIV0, NA, VALUE, NilaiError
from xl_lkip.core.skala import PRESETS, Skala, Tingkat, daftar_preset, skala_dari

BOYOLALI = PRESETS["BOYOLALI"]


def test_boyolali_preset_is_the_printed_scale():
    # 004_* BAB III: "a. Lebih dari 100 % = Sangat baik  b. 76 % sampai 100 % = Baik
    # c. 56 % sampai 75 % = Cukup  d. Kurang dari 55 % = Kurang"; Tabel 3.1 codes Baik as "B".
    assert [t.label for t in BOYOLALI.tingkat] == ["Sangat Baik", "Baik", "Cukup", "Kurang"]
    assert BOYOLALI.baris() == [
        (">100", None, "Sangat Baik", "SB"),
        (76, 100, "Baik", "B"),
        (56, 75, "Cukup", "C"),
        (None, "<55", "Kurang", "K"),
    ]


def test_boyolali_nine_indicators_and_their_mean_are_baik_b():
    targets = ["98,78", "82,00", "88,37", "38", "19", "85,71", "20", "100", "1,89"]
    hasil = [capaian(t, t) for t in targets]
    assert [BOYOLALI.kategori(x).kode for x in hasil] == ["B"] * 9
    assert BOYOLALI.kategori(rata_rata(hasil)).label == "Baik"


def test_pontianak_capaian_in_boyolali_scale():
    assert BOYOLALI.kategori(capaian(75, "80.09%")).label == "Sangat Baik"


@pytest.mark.parametrize(("nilai", "label"), [
    (100.01, "Sangat Baik"), (1000, "Sangat Baik"), (100, "Baik"), (76, "Baik"), (75, "Cukup"),
    (56, "Cukup"), (54.99, "Kurang"), (0, "Kurang"), (-50, "Kurang"), ("106,79", "Sangat Baik"),
    ("80 %", "Baik"),
])
def test_boyolali_levels(nilai, label):
    assert BOYOLALI.kategori(nilai).label == label


@pytest.mark.parametrize(("nilai", "bawah", "atas"), [
    (55, "'Kurang' (< 55)", "'Cukup' (56–75)"),
    (55.5, "'Kurang' (< 55)", "'Cukup' (56–75)"),
    (75.5, "'Cukup' (56–75)", "'Baik' (76–100)"),
])
def test_boyolali_holes_are_na_naming_the_hole(nilai, bawah, atas):
    with pytest.raises(NilaiError) as info:
        BOYOLALI.kategori(nilai)
    assert info.value.kode == NA
    assert "celah" in info.value.pesan and bawah in info.value.pesan and atas in info.value.pesan


def test_boyolali_masalah_lists_both_holes():
    assert BOYOLALI.masalah() == [
        "celah: nilai ≥ 55 dan < 56 tidak masuk tingkat mana pun, mis. 55,5",
        "celah: nilai > 75 dan < 76 tidak masuk tingkat mana pun, mis. 75,5",
    ]


def test_permendagri86_as_printed_and_closed():
    p = Skala.preset("Permendagri 86/2017")
    assert [t.label for t in p.tingkat] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah",
                                            "Sangat Rendah"]
    assert p.kategori(91).label == "Sangat Tinggi"
    assert p.kategori(90).label == "Tinggi"
    assert p.kategori(66).kode == "S"
    assert p.kategori(50).label == "Sangat Rendah"
    with pytest.raises(NilaiError) as info:
        p.kategori(90.5)
    assert info.value.kode == NA
    assert len(p.masalah()) == 4
    k = Skala.preset("permendagri86-kontinu")
    assert k.masalah() == []
    assert k.kategori(90.5).label == "Sangat Tinggi"
    assert k.kategori(90).label == "Tinggi"
    assert k.kategori(50.01).label == "Rendah"


def test_110_90_60_scale():
    s = Skala.preset("110-90-60")
    assert s.masalah() == []
    assert [s.kategori(x).label for x in (110.5, 110, 90, 89.9, 60, 59.9)] == [
        "Sangat Baik", "Baik", "Baik", "Cukup", "Cukup", "Kurang"]


@pytest.mark.parametrize("name", ["boyolali", "BOYOLALI", " Boyolali ", "boyolali-2020",
                                  "Skala Boyolali"])
def test_preset_names_are_case_insensitive(name):
    assert Skala.preset(name) is BOYOLALI


def test_unknown_preset_lists_the_choices():
    with pytest.raises(NilaiError) as info:
        Skala.preset("jateng")
    assert info.value.kode == VALUE
    for name in daftar_preset():
        assert name in info.value.pesan


def test_daftar_preset():
    assert daftar_preset() == ["BOYOLALI", "110-90-60", "PERMENDAGRI86", "PERMENDAGRI86-KONTINU"]


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_round_trip_through_rows(name):
    skala = PRESETS[name]
    assert Skala.dari_baris(skala.baris(), nama=name) == skala


@pytest.mark.parametrize(("sel", "bawah", "inklusif"), [
    (">100", 100, False), ("> 100", 100, False), (">=76", 76, True), ("≥76", 76, True),
    ("=>76", 76, True), ("76", 76, True), (76, 76, True), (76.5, 76.5, True), ("75,5", 75.5, True),
    ("> 100 %", 100, False), ("lebih dari 100", 100, False), ("minimal 60", 60, True),
    (None, None, True), ("", None, True),
])
def test_lower_bound_cells(sel, bawah, inklusif):
    t = Skala.dari_baris([[sel, None, "X"]]).tingkat[0]
    assert (t.bawah, t.bawah_inklusif) == (bawah, inklusif)


@pytest.mark.parametrize(("sel", "atas", "inklusif"), [
    ("<=100", 100, True), ("≤100", 100, True), ("=<100", 100, True), ("<60", 60, False),
    ("< 60", 60, False), ("100", 100, True), ("kurang dari 55", 55, False),
    ("maksimal 50", 50, True), (None, None, True),
])
def test_upper_bound_cells(sel, atas, inklusif):
    t = Skala.dari_baris([[None, sel, "X"]]).tingkat[0]
    assert (t.atas, t.atas_inklusif) == (atas, inklusif)


def test_user_scale_typed_as_printed_with_header_and_blank_rows():
    rows = [
        ["Batas Bawah", "Batas Atas", "Kategori", "Kode"],
        [">100", None, "Sangat Baik", "SB"],
        [None, None, None, None],
        [">=76", "<=100", "Baik", "B"],
        ["56", "75", "Cukup", None],
        [None, "<55", "Kurang", "K"],
    ]
    s = Skala.dari_baris(rows)
    assert len(s.tingkat) == 4
    def batas(skala):
        return [(t.bawah, t.bawah_inklusif, t.atas, t.atas_inklusif) for t in skala.tingkat]

    assert batas(s) == batas(BOYOLALI)
    assert s.kategori(100).label == "Baik"
    assert s.kategori(60).kode is None


@pytest.mark.parametrize(("rows", "potongan"), [
    ([["<100", None, "X"]], "pindahkan ke kolom batas atas"),
    ([[None, ">5", "X"]], "pindahkan ke kolom batas bawah"),
    ([[90, 80, "X"]], "tidak di bawah batas atas"),
    ([[">80", 80, "X"]], "tidak di bawah batas atas"),
    ([[1, 2, None]], "label kosong"),
    ([[1, 2]], "minimal 3 kolom"),
    ([["abc", 5, "X"]], "batas bawah"),
    ([[1, "2.67.338", "X"]], "batas atas"),
    ([["#N/A", 5, "X"]], "galat"),
    ([], "skala kosong"),
    ([[None, None, None, None]], "skala kosong"),
])
def test_bad_scale_rows_are_explained(rows, potongan):
    with pytest.raises(NilaiError) as info:
        Skala.dari_baris(rows)
    assert info.value.kode == VALUE
    assert potongan in info.value.pesan


def test_overlap_is_an_error_only_where_rows_overlap():
    s = Skala.dari_baris([[">=100", None, "Sangat Baik"], [76, 100, "Baik"],
                          [None, "<76", "Kurang"]])
    assert s.kategori(101).label == "Sangat Baik"
    assert s.kategori(99).label == "Baik"
    with pytest.raises(NilaiError) as info:
        s.kategori(100)
    assert info.value.kode == VALUE
    assert "'Sangat Baik' (≥ 100) dan 'Baik' (76–100)" in info.value.pesan
    assert s.masalah() == ["tumpang tindih: nilai = 100 masuk 'Sangat Baik' (≥ 100) dan "
                           "'Baik' (76–100)"]


def test_wide_overlap_and_uncovered_ends():
    s = Skala.dari_baris([[0, 80, "A"], [60, 100, "B"]])
    assert s.masalah() == [
        "celah: nilai < 0 tidak masuk tingkat mana pun",
        "tumpang tindih: nilai 60–80 masuk 'A' (0–80) dan 'B' (60–100)",
        "celah: nilai > 100 tidak masuk tingkat mana pun",
    ]
    with pytest.raises(NilaiError, match="di atas tingkat tertinggi 'B'"):
        s.kategori(120)
    with pytest.raises(NilaiError, match="di bawah tingkat terendah 'A'"):
        s.kategori(-1)


def test_single_catch_all_row_has_no_problems():
    s = Skala.dari_baris([[None, None, "Semua"]])
    assert s.masalah() == []
    assert s.kategori(-1e9).label == "Semua"
    assert s.tingkat[0].uraian() == "semua nilai"


@pytest.mark.parametrize(("value", "kode", "potongan"), [
    (None, NA, "capaian kosong"), ("", NA, "capaian kosong"), ("#DIV/0!", DIV0, "galat"),
    ("delapan", VALUE, "capaian"), (NilaiError("target 0", DIV0), DIV0, "target 0"),
])
def test_kategori_of_bad_values(value, kode, potongan):
    with pytest.raises(NilaiError) as info:
        BOYOLALI.kategori(value)
    assert info.value.kode == kode and potongan in info.value.pesan


def test_kategori_kolom():
    hasil = BOYOLALI.kategori_kolom([106.79, 55.5, None, "80", 100.0, float("nan")])
    assert hasil[0].label == "Sangat Baik"
    assert hasil[1].kode == NA and hasil[2].kode == NA
    assert hasil[3].label == "Baik" and hasil[4].label == "Baik" and hasil[5].kode == NA


def test_tingkat_uraian_and_memuat():
    t = Tingkat(75, 90, "Tinggi", "T", bawah_inklusif=False)
    assert t.uraian() == "> 75 dan ≤ 90"
    assert t.memuat(90) and not t.memuat(75) and t.memuat(75.0001)
    assert Tingkat(5, 5, "Lima").uraian() == "= 5"
    assert str(BOYOLALI) == ("Skala BOYOLALI: > 100 Sangat Baik (SB); 76–100 Baik (B); "
                             "56–75 Cukup (C); < 55 Kurang (K)")


def test_decimal_exclusive_bound_round_trips():
    s = Skala.dari_baris([[">75,5", None, "A"], [None, 75.5, "B"]])
    assert s.baris() == [(">75,5", None, "A", None), (None, 75.5, "B", None)]
    assert Skala.dari_baris(s.baris()) == s


@pytest.mark.parametrize(("value", "nama"), [
    ("boyolali", "BOYOLALI"), ([["PERMENDAGRI86"]], "PERMENDAGRI86"), (BOYOLALI, "BOYOLALI"),
])
def test_skala_dari_names(value, nama):
    assert skala_dari(value).nama == nama


def test_skala_dari_rows_and_errors():
    assert skala_dari([[">100", None, "SB"], [None, 100, "B"]]).kategori(100).label == "B"
    for bad, potongan in ((None, "belum diisi"), ([[1], [2]], "3 kolom"), ("#REF!", "galat"),
                          (5, "tidak dikenal"), ([[5]], "tidak dikenal")):
        with pytest.raises(NilaiError, match=potongan):
            skala_dari(bad)


def _sama(a, b):
    if isinstance(a, NilaiError) or isinstance(b, NilaiError):
        return (type(a) is type(b) and a.kode == b.kode and a.pesan == b.pesan)
    return a is b


NILAI_CAMPURAN = [106.79, 100.0, 100.0000001, 76.0, 75.5, 75.0, 56.0, 55.0, 54.99, 55.5, -3.0,
                  0.0, 1e308, float("inf"), float("-inf"), float("nan"), None, "", "80", "80,5",
                  "#N/A", "delapan", 90, 110, 60, True, NilaiError("target 0", DIV0),
                  90.0, 90.5, 110.0, 110.5, 60.0, 59.999, 50.0, 50.5, 65.0, 65.5, 75.0, 91.0]


@pytest.mark.parametrize("skala", [
    *PRESETS.values(),
    Skala.dari_baris([[">=70", None, "A", "A"], [50, 80, "B", None], [None, "<50", "C", "C"]]),
    Skala.dari_baris([[">50", None, "A"], [None, "<50", "B"]]),  # 50 itself in a hole
    Skala((Tingkat(2**53 + 1, None, "besar"), Tingkat(None, 2**53 + 1, "kecil", None, True,
                                                       False))),
    Skala((Tingkat(float("nan"), 100, "aneh"), Tingkat(None, 0, "nol"))),
    Skala((Tingkat(0, 100, "int", "I"), Tingkat(True, None, "bool"))),
], ids=lambda s: s.nama or str(s)[:30])
def test_kategori_kolom_fast_path_agrees_with_kategori(skala):
    for kolom in (NILAI_CAMPURAN, [x for x in NILAI_CAMPURAN if type(x) is float],
                  NILAI_CAMPURAN[:10]):
        hasil = skala.kategori_kolom(kolom)
        for value, x in zip(kolom, hasil, strict=True):
            try:
                satu = skala.kategori(value)
            except NilaiError as exc:
                satu = exc
            assert _sama(x, satu), (value, x, satu)
