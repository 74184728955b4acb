"""Number parsing: every number the two seed reports print, and every malformed one they contain."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from pathlib import Path

import numpy as np
import pytest

from xl_lkip.core.angka import (
    EN,
    ID,
    AngkaError,
    format_angka,
    is_blank,
    is_excel_error,
    normalisasi_gaya,
    parse_angka,
    parse_angka_kolom,
    tebak_gaya,
)
from xl_lkip.core.errors import DIV0, NA, NUM, VALUE, NilaiError

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize("value", [None, "", "   ", "\u00a0\t", float("nan"), np.float64("nan")])
def test_is_blank_true(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "-", "%", False, "x"])
def test_is_blank_false(value):
    assert not is_blank(value)


def test_is_excel_error():
    assert is_excel_error("#N/A") and is_excel_error(" #div/0! ")
    assert not is_excel_error("N/A") and not is_excel_error(5)


@pytest.mark.parametrize(
    ("teks", "nilai"),
    [
        # Indonesian, as in both seeds
        ("6.406.712.635,13", 6406712635.13),
        ("97,15 %", 97.15),
        ("Rp. 2.804.150.926,00", 2804150926.0),  # Pontianak pagu
        ("Rp. 2.714.944.445,00", 2714944445.0),  # Pontianak realisasi
        ("Rp.1.444.634.000,00", 1444634000.0),  # Boyolali PK total
        ("Rp. 1.914.251.000,00", 1914251000.0),  # Boyolali APBD
        ("1.914.251.000,00-", 1914251000.0),
        ("Rp. 478.650.000,-", 478650000.0),  # Pontianak PK program
        ("Rp 437.569.000,-", 437569000.0),  # Boyolali belanja langsung
        ("Rp. 2.804.150.926 .-", 2804150926.0),
        ("Rp. 3.078.891.417.-", 3078891417.0),
        ("Rp. 2.804.150.926,00.-", 2804150926.0),
        ("1.149.223.000", 1149223000.0),
        ("600.000", 600000.0),  # Boyolali Tabel 3.2: one dot group of 3 digits = thousands
        ("Rp. 00", 0.0),
        ("Rp. 0,00", 0.0),
        ("0,00", 0.0),
        ("98,78", 98.78),
        ("98,78 %", 98.78),
        ("82,00%", 82.0),
        ("1,89", 1.89),
        ("0,95", 0.95),
        ("72,5", 72.5),
        ("100,00", 100.0),
        ("20,0%", 20.0),
        ("0,19%", 0.19),
        # English, as in Pontianak Tabel 8
        ("3,629,993,707.50", 3629993707.5),
        ("2,804,150,926", 2804150926.0),
        ("130,875,000", 130875000.0),
        ("2,804,150,926.5", 2804150926.5),
        ("1,234.56", 1234.56),
        # plain, with a dot decimal (Pontianak Tabel 3, 6, 11)
        ("80.09%", 80.09),
        ("117.8%", 117.8),
        ("78.69%", 78.69),
        ("75 %", 75.0),
        ("75%", 75.0),
        ("100", 100.0),
        ("0.500", 0.5),
        ("3.1416", 3.1416),
        ("1.234,5678", 1234.5678),
        # negatives
        ("-5", -5.0),
        ("(5)", -5.0),
        ("\u22125", -5.0),
        ("- 5", -5.0),
        ("-Rp 5.000", -5000.0),
        ("Rp -5.000", -5000.0),
        ("(Rp 1.500,50)", -1500.5),
        ("+7", 7.0),
        # a unit after the number (Boyolali PK: "38 Kegiatan")
        ("38 Kegiatan", 38.0),
        ("19 Kegiatan", 19.0),
        ("12 kali", 12.0),
        ("300 org", 300.0),
        ("2 Keg", 2.0),
    ],
)
def test_parse_angka_reads(teks, nilai):
    assert parse_angka(teks) == pytest.approx(nilai, rel=1e-15)


@pytest.mark.parametrize(
    ("teks", "potongan_alasan"),
    [
        ("2.67.338.000", "'67' berisi 2 angka"),
        (".83.244.600", "diawali tanda pemisah"),
        ("16.997.000,", "diakhiri tanda pemisah"),
        ("1.491.546,452", "tiga angka '452'"),
        ("841.551351", "kehilangan pemisah"),  # Pontianak Tabel 10
        ("delapan puluh", "bukan kata"),
        ("%", "hanya tanda %"),
        ("-", "tidak ada nilai"),
        ("1,500", "bisa berarti ribuan"),
        ("300,000", "bisa berarti ribuan"),
        ("Rp. 2.714.944.445, 00", "spasi"),  # Pontianak BAB III E
        ("1.500.000.00", "'00' berisi 2 angka"),
        ("1..5", "berurutan"),
        ("1.234,567.89", "bercampur"),
        ("0.500.000", "diawali angka 0"),
        ("1500.000", "1 sampai 3 angka"),
        ("1,5 juta", "pengali"),
        ("2 M", "pengali"),
        ("100 %  12 bulan", "%"),
        ("1e5", "huruf"),
        ("inf", "bukan kata"),
        ("nan", "bukan kata"),
        ("Rp 5 %", "bersamaan"),
        ("80-90", "huruf atau tanda lain"),
        ("12/3", "huruf atau tanda lain"),
    ],
)
def test_parse_angka_refuses_with_reason(teks, potongan_alasan):
    with pytest.raises(AngkaError) as info:
        parse_angka(teks)
    assert info.value.kode == VALUE
    assert potongan_alasan in info.value.pesan
    assert isinstance(info.value, NilaiError)
    assert info.value.teks == teks


@pytest.mark.parametrize("value", ["", "   ", None, float("nan")])
def test_blank_is_refused_as_kosong(value):
    with pytest.raises(AngkaError) as info:
        parse_angka(value)
    assert info.value.kode == VALUE and "kosong" in info.value.pesan


@pytest.mark.parametrize(("value", "kode"), [
    (True, VALUE), (False, VALUE), (float("inf"), NUM), (-math.inf, NUM),
    (dt.date(2020, 1, 1), VALUE), (dt.datetime(2020, 1, 1), VALUE), ([1], VALUE),
    (decimal.Decimal("Infinity"), NUM),
])
def test_non_numbers_are_refused(value, kode):
    with pytest.raises(AngkaError) as info:
        parse_angka(value)
    assert info.value.kode == kode


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#VALUE!", "#NUM!", "#REF!"])
def test_excel_error_text_keeps_its_code(error):
    with pytest.raises(AngkaError) as info:
        parse_angka(error)
    assert info.value.kode == error
    assert error in info.value.pesan


@pytest.mark.parametrize(("value", "nilai"), [
    (5, 5.0), (5.5, 5.5), (np.int64(7), 7.0), (np.float32(2.5), 2.5),
    (decimal.Decimal("1.25"), 1.25), (10**20, 1e20), (-0.0, 0.0),
])
def test_numbers_pass_through(value, nilai):
    assert parse_angka(value) == nilai


def test_huge_text_number_is_num_error():
    with pytest.raises(AngkaError) as info:
        parse_angka("9" * 400)
    assert info.value.kode == NUM


def test_units_can_be_forbidden():
    with pytest.raises(AngkaError, match="Kegiatan"):
        parse_angka("38 Kegiatan", izinkan_satuan=False)


@pytest.mark.parametrize(("teks", "gaya", "nilai"), [
    ("300,000", EN, 300000.0), ("300,000", ID, 300.0), ("1.500", EN, 1.5), ("1.500", ID, 1500.0),
    ("1.500", None, 1500.0), ("0,500", EN, 0.5),
    # unambiguous shapes are read by their own form whatever the style
    ("1.234,56", EN, 1234.56), ("2,804,150,926", ID, 2804150926.0), ("80.09", ID, 80.09),
])
def test_style_settles_the_single_three_digit_group(teks, gaya, nilai):
    assert parse_angka(teks, gaya=gaya) == nilai


def test_style_still_checks_grouping():
    with pytest.raises(AngkaError):
        parse_angka("1500,000", gaya=EN)


@pytest.mark.parametrize(("value", "gaya"), [
    ("id", ID), ("Indonesia", ID), ("EN", EN), ("inggris", EN), (None, None), ("auto", None),
])
def test_normalisasi_gaya(value, gaya):
    assert normalisasi_gaya(value) == gaya


def test_normalisasi_gaya_refuses():
    with pytest.raises(NilaiError):
        normalisasi_gaya("prancis")


# Pontianak Tabel 8 (PAGU column), as printed: English grouping with "0,00" filler rows.
PONTIANAK_TABEL8_PAGU = [
    "32,700,000", "17,000,000", "17,000,000", "2,500,000", "3,500,000", "14,000,000",
    "101,344,800", "128,336,000", "83,224,600", "25,000,000", "0,00", "300,000", "24,000,000",
    "4,600,000", "0,00", "0,00", "0,00", "12,700,000", "0,00", "0,00", "0,00", "0,00",
    "130,875,000", "0,00", "165,325,000", "0,00", "14,850,000", "0,00", "463,800,000", "0,00",
    "0,00", "0,00", "2,804,150,926",
]


def test_column_style_reads_pontianak_tabel8():
    assert tebak_gaya(PONTIANAK_TABEL8_PAGU) == EN
    hasil = parse_angka_kolom(PONTIANAK_TABEL8_PAGU)
    assert hasil[11] == 300000.0
    assert hasil[10] == 0.0
    assert not any(isinstance(x, NilaiError) for x in hasil)
    # The rows add up to 1.241.055.400, not to the JUMLAH printed under them (2.804.150.926,
    # the total including salaries), nor to the 1.241.075.400 "belanja kegiatan" of the text:
    # the 20.000 gap is row 9, printed 83,224,600 here and .83.244.600 in another table.
    assert math.fsum(hasil[:-1]) == 1_241_055_400


def test_column_style_ties_fall_back_to_per_cell_rules():
    assert tebak_gaya(["1.500.000", "2,500,000"]) is None
    assert tebak_gaya([]) is None
    assert tebak_gaya(["0,00", "0.5", 5, None]) is None
    assert tebak_gaya("98,78") == ID
    hasil = parse_angka_kolom(["300,000", "1.000.000", "2,000,000"])
    assert isinstance(hasil[0], NilaiError)


def test_column_with_explicit_style_and_errors_per_row():
    hasil = parse_angka_kolom(["300,000", "2.67.338.000", None, "#N/A"], gaya="en")
    assert hasil[0] == 300000.0
    assert [x.kode for x in hasil[1:]] == [VALUE, VALUE, NA]


# Pontianak "Rincian realisasi anggaran", realisasi column: three typos among good numbers.
PONTIANAK_REALISASI = [
    "1.901.765.745", "1.491.546,452", "18.833.207", "16.997.000,", "16.953.800", "2.289.000",
    "3.480.000", "13.982.500", "101.244.850", "128.336.000", "83.179.200", "28.775.000",
    "24.000.000", "4.435.000", "0", "12.700.000", "451.694.294",
]


def test_column_with_typos_refuses_exactly_the_typos():
    hasil = parse_angka_kolom(PONTIANAK_REALISASI)
    salah = [teks for teks, x in zip(PONTIANAK_REALISASI, hasil, strict=True)
             if isinstance(x, NilaiError)]
    assert salah == ["1.491.546,452", "16.997.000,"]
    assert hasil[0] == 1901765745.0


def test_div0_is_not_an_angka_code():
    # sanity: the parser never invents a division error of its own
    assert DIV0 not in {AngkaError("x").kode}


@pytest.mark.parametrize(("nilai", "teks"), [
    (106.78666, "106,79"), (1914251000, "1.914.251.000"), (-0.5, "-0,5"), (0.001, "0"),
    (100.0, "100"), (94.372, "94,37"), (float("nan"), "NaN"), (float("inf"), "tak hingga"),
])
def test_format_angka(nilai, teks):
    assert format_angka(nilai) == teks


_NUMERIC_CELL = re.compile(r"^(?:Rp\.?\s*)?[-(]?[\d.,]*\d[\d.,]*\s*%?\)?(?:\s*[.,]?-)?$")
_SEED_TYPOS = {".83.244.600", "1.491.546,452", "16.997.000,", "841.551351"}


def _seed_tables(path: Path):
    current: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            current.append([re.sub(r"</?b>", "", c).strip() for c in line.split("\t")])
        elif line.strip() and current:
            yield current
            current = []
    if current:
        yield current


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not next to the repository")
def test_every_number_in_both_seed_tables_reads_or_is_a_known_typo():
    """Every numeric-looking table cell of both seeds (column by column, as a reader sees it)
    is read, except the four typos the reports really contain; row numbers like "1." in the
    first column are labels, not numbers, and are left out."""
    dibaca, ditolak = 0, set()
    for seed in sorted(SEEDS.glob("*.txt")):
        for table in _seed_tables(seed):
            width = max(len(row) for row in table)
            for j in range(1, width):
                column = [row[j] for row in table if j < len(row) and _NUMERIC_CELL.match(row[j])]
                for teks, hasil in zip(column, parse_angka_kolom(column), strict=True):
                    if isinstance(hasil, NilaiError):
                        ditolak.add(teks)
                    else:
                        dibaca += 1
    assert ditolak == _SEED_TYPOS
    assert dibaca > 250


def test_random_text_never_crashes():
    """Whatever a user pastes, the answer is a number or an AngkaError, never another exception."""
    import random

    rng = random.Random(2020)
    alphabet = "0123456789.,-+()% Rp\u00a0\u2212\u2013kKjutaM#N/A=e\t"
    for _ in range(20_000):
        teks = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        try:
            hasil = parse_angka(teks)
        except AngkaError:
            continue
        assert math.isfinite(hasil), teks


# --- the column fast path agrees with the cell-by-cell path ----------------------------------

# Numbers, canonical text (read in bulk), blanks, error values and every kind of refusal.
CAMPURAN = [
    "1.914.251.000,00", "2,804,150,926.50", "98,78", "80.09", "38", "0,5", "007", "1.234,5678",
    "12.345.678", "3,629,993,707", 1914251000.0, 75, 0.0, -3.5, None, "", "   ", "\u00a0",
    float("nan"), float("inf"), True, "#N/A", "#DIV/0!", "1,500", "1.500", "300,000",
    "2.67.338.000", ".83.244.600", "1.491.546,452", "16.997.000,", "0.123.456", "1,234.567",
    "1.234,567", "1" * 400, "9" * 320 + ",5", "Rp. 1.914.251.000,00", "Rp 478.650.000,-",
    "97,15 %", "(5)", "-5", "38 Kegiatan", "1,5 juta", "1\n2", "1\x002", "\u0661\u0662", "12a",
    "80-90", "-", "%", "0,00", "00,50", "1.2.3", np.float64(2.5), decimal.Decimal("1.5"),
]


def _sama(a, b):
    if isinstance(a, NilaiError) or isinstance(b, NilaiError):
        return (type(a) is type(b) and a.kode == b.kode and a.pesan == b.pesan
                and getattr(a, "teks", None) == getattr(b, "teks", None))
    return type(a) is type(b) and (a == b or (math.isnan(a) and math.isnan(b)))


def _per_sel(values, gaya):
    pilihan = tebak_gaya(values) if gaya == "auto" else normalisasi_gaya(gaya)
    hasil = []
    for value in values:
        try:
            hasil.append(parse_angka(value, gaya=pilihan))
        except NilaiError as exc:
            hasil.append(exc)
    return hasil


def _lambat(values, gaya):
    """The column read without the bulk path: a cell with a line break turns it off."""
    return parse_angka_kolom([*values, "\n"], gaya)[:-1]


@pytest.mark.parametrize("gaya", ["auto", None, "id", "en"])
def test_column_fast_path_agrees_with_the_slow_path_on_a_mixed_column(gaya):
    import random

    rng = random.Random(6)
    for kolom in (CAMPURAN, [v for v in CAMPURAN if isinstance(v, str)],
                  rng.sample(CAMPURAN, len(CAMPURAN)) * 3):
        cepat = parse_angka_kolom(kolom, gaya)
        assert len(cepat) == len(kolom)
        for i, (a, b, c) in enumerate(zip(cepat, _lambat(kolom, gaya), _per_sel(kolom, gaya),
                                          strict=True)):
            assert _sama(a, b) and _sama(a, c), (i, kolom[i], a, b, c)


def test_column_fast_path_keeps_the_refusals():
    kolom = ["1.914.251.000,00", "1,500", "2.67.338.000", "1.234,567", "12,5"]
    assert parse_angka_kolom(kolom)[1] == 1.5  # the column is Indonesian: "1,500" is 1,5
    hasil = parse_angka_kolom(kolom, gaya=None)  # each cell on its own: ambiguous
    assert hasil[0] == 1914251000.0 and hasil[4] == 12.5
    assert [x.kode for x in hasil[1:4]] == [VALUE, VALUE, VALUE]
    assert "bisa berarti ribuan" in hasil[1].pesan
    assert "'67' berisi 2 angka" in hasil[2].pesan
    assert "tiga angka '567'" in hasil[3].pesan
    assert parse_angka_kolom(["1" * 400])[0].kode == NUM


def _acak_angka(rng):
    def angka(k, nol=True):
        teks = "".join(rng.choice("0123456789") for _ in range(k))
        return teks if nol or teks[0] != "0" else "1" + teks[1:]

    r = rng.random()
    if r < 0.3:
        sep, dec = rng.choice([(".", ","), (",", ".")])
        teks = angka(rng.randint(1, 3), nol=rng.random() < 0.2)
        teks += "".join(sep + angka(3) for _ in range(rng.randint(0, 4)))
        return teks + (dec + angka(rng.choice([1, 2, 3, 4])) if rng.random() < 0.6 else "")
    if r < 0.5:
        return angka(rng.randint(1, 4)) + rng.choice(".,") + angka(rng.randint(1, 5))
    if r < 0.6:
        return angka(rng.randint(1, 12))
    if r < 0.8:
        return "".join(rng.choice("0123456789.,") for _ in range(rng.randint(0, 10)))
    return rng.choice([None, "", " ", 12.5, 7, "#N/A", "Rp 1.500", "80 %", "1\n5", "x"])


def test_random_columns_fast_and_slow_paths_agree():
    import random

    rng = random.Random(90)
    for _ in range(300):
        kolom = [_acak_angka(rng) for _ in range(rng.choice([1, 3, 20, 60]))]
        teks = [v for v in kolom if isinstance(v, str)]
        assert tebak_gaya(kolom) == tebak_gaya([*teks, "\n"])
        for gaya in ("auto", "id", "en"):
            for a, b in zip(parse_angka_kolom(kolom, gaya), _lambat(kolom, gaya), strict=True):
                assert _sama(a, b), (kolom, gaya, a, b)
