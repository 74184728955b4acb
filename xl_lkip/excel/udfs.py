"""Worksheet functions (xlwings UDFs) for finance staff: CAPAIAN, KATEGORI, SERAPAN, ….

A thin layer over `xl_lkip.core`: it only reshapes Excel ranges into columns, calls the core,
and turns each `NilaiError` into a real Excel error value (#DIV/0!, #N/A, #VALUE!, #NUM!).
Every function accepts a single cell or whole columns (a column in, a column out, in one
call) and never lets a Python exception reach Excel: a traceback in a cell helps nobody.
The reason behind an error value is given by the twin function with the suffix _ALASAN
(CAPAIAN_ALASAN, …), which takes the same arguments.

The UDFs deliberately carry no type annotations: xlwings reads annotations as converters.
No argument is named like a function (KATEGORI takes `capaian_persen`, not `capaian`): the
VBA editor re-cases identifiers project-wide and would turn CAPAIAN into "capaian".
Help text is Bahasa Indonesia and at most 255 characters (Excel's limit for the function
wizard); user documentation is docs/FUNGSI.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter

import xlwings as xw

from xl_lkip.core.angka import is_blank, normalisasi_gaya, parse_angka_kolom
from xl_lkip.core.arithmetic import (
    capaian,
    capaian_kolom,
    efisiensi,
    efisiensi_kolom,
    rata_rata,
    serapan,
    serapan_kolom,
)
from xl_lkip.core.errors import DIV0, NA, NAME, NULL, NUM, REF, VALUE, NilaiError
from xl_lkip.core.skala import Skala, Tingkat, daftar_preset, skala_dari

KATEGORI_FUNGSI = "xl-lkip"

# Excel cell errors as COM SCODEs (what VBA's CVErr produces; xlwings._xlwindows uses the same).
_SCODE = {
    DIV0: -2146826281,
    NA: -2146826246,
    NAME: -2146826259,
    NULL: -2146826288,
    NUM: -2146826252,
    REF: -2146826265,
    VALUE: -2146826273,
}


def _pabrik_galat() -> Callable[[str], object]:
    """On Windows, a VT_ERROR VARIANT that pywin32 hands to Excel as a real error value.

    Elsewhere (tests, formula engines) the error is its text, e.g. "#N/A", which is also how
    xlwings reads error cells with err_to_str=True.
    """
    try:
        import pythoncom
        from win32com.client import VARIANT

        vt_error = pythoncom.VT_ERROR
    except (ImportError, AttributeError):
        return lambda kode: kode

    def galat(kode: str) -> object:
        return VARIANT(vt_error, _SCODE.get(kode, _SCODE[VALUE]))

    return galat


galat_excel = _pabrik_galat()


# --- shapes ---------------------------------------------------------------------------------


def _grid(value: object) -> list[list[object]]:
    """Any argument as a list of rows (xlwings gives rows with ndim=2; literals may differ)."""
    if isinstance(value, (list, tuple)):
        if not value:
            return [[None]]
        if all(isinstance(row, (list, tuple)) for row in value):
            return [list(row) if row else [None] for row in value]
        return [list(value)]
    return [[value]]


def _bentuk(grids: list[list[list[object]]]) -> tuple[int, int]:
    """The common shape of the arguments: each side equal, or 1 (a single cell for all)."""
    rows = max(len(g) for g in grids)
    cols = max(len(g[0]) for g in grids)
    for g in grids:
        if len(g) not in (1, rows) or any(len(r) not in (1, cols) for r in g):
            raise NilaiError(f"ukuran rentang tidak sama: hasil {rows}×{cols}, tetapi ada "
                             f"rentang {len(g)}×{len(g[0])}; pakai rentang yang sama panjang "
                             "atau satu sel", VALUE)
    return rows, cols


def _sebar(grid: list[list[object]], rows: int, cols: int) -> list[object]:
    """Flatten row by row, repeating a single row/column/cell to the common shape."""
    flat: list[object] = []
    for i in range(rows):
        row = grid[i if len(grid) > 1 else 0]
        if len(row) == cols:
            flat.extend(row)
        else:
            flat.extend(row * cols)
    return flat


_BARIS = frozenset({list, tuple})


def _kolom(value: object) -> list[object] | None:
    """The cells of an n×1 range, or of a single cell, as one flat list (the usual argument:
    xlwings passes a column as n rows of one cell). None for any other shape: rows, 2-D
    ranges and odd literals take the general path (`_grid`, `_bentuk`, `_sebar`)."""
    if not isinstance(value, (list, tuple)):
        return [value]
    if type(value) not in _BARIS or not value or not set(map(type, value)) <= _BARIS:
        return None
    try:
        return [cell for (cell,) in value]
    except ValueError:  # a row that is not exactly one cell wide
        return None


def _siapkan(*args: object) -> tuple[int, int, list[list[object]], list[bool]]:
    """The common shape, each argument flattened row by row to that shape, and which
    arguments were a single cell (repeated on every row)."""
    kolom = [k for k in map(_kolom, args) if k is not None]
    if len(kolom) == len(args):
        rows = max(map(len, kolom))
        if all(len(k) in (1, rows) for k in kolom):
            return (rows, 1, [k if len(k) == rows else k * rows for k in kolom],
                    [len(k) == 1 for k in kolom])
    grids = [_grid(a) for a in args]
    rows, cols = _bentuk(grids)
    return rows, cols, [_sebar(g, rows, cols) for g in grids], [False] * len(args)


_Hasil = tuple[int, int, list[object], tuple[list[object], ...]]


def _sel_kolom(hasil: list[object], kosong: tuple[list[object], ...],
               alasan: bool) -> list[object]:
    """The cell values for the results: an error becomes Excel's error value (its reason with
    `alasan`), a value stays (becomes "" with `alasan`), and a row whose value inputs in
    `kosong` are all blank stays empty (template rows not yet filled in).

    A blank input never yields a number (the core answers "belum diisi"/"kosong", #N/A or
    #VALUE!), so only the error rows need to be looked at for blanks.
    """
    if not any(issubclass(jenis, NilaiError) for jenis in set(map(type, hasil))):
        return [""] * len(hasil) if alasan else hasil
    sel = [""] * len(hasil) if alasan else list(hasil)
    for i, x in enumerate(hasil):
        if isinstance(x, NilaiError):
            if kosong and all(is_blank(k[i]) for k in kosong):
                sel[i] = ""
            else:
                sel[i] = x.pesan if alasan else galat_excel(x.kode)
    return sel


def _jalankan(hitung: Callable[[], _Hasil], alasan: bool) -> object:
    """Run a computation, shape its flat results, and never let an exception escape."""
    kosong: tuple[list[object], ...]
    try:
        rows, cols, hasil, kosong = hitung()
    except NilaiError as exc:
        rows, cols, hasil, kosong = 1, 1, [exc], ()
    except Exception as exc:  # noqa: BLE001 - a UDF must answer with a value, not a traceback
        rows, cols, hasil, kosong = 1, 1, [NilaiError(f"kesalahan tak terduga di xl-lkip: {exc}",
                                                      VALUE)], ()
    try:
        sel = _sel_kolom(hasil, kosong, alasan)
    except Exception as exc:  # noqa: BLE001 - an odd cell whose blankness cannot be told
        rows, cols = 1, 1
        sel = _sel_kolom([NilaiError(f"kesalahan tak terduga di xl-lkip: {exc}", VALUE)], (),
                         alasan)
    if rows == 1 and cols == 1:
        return sel[0]
    if cols == 1 and len(sel) == rows:
        return [[x] for x in sel]
    return [sel[i * cols:(i + 1) * cols] for i in range(rows)]


def _satu_nilai(kolom: list[object], tunggal: bool) -> object:
    """A single-cell choice (polaritas, rumus) as the value itself, which the core reads
    once; a column, or a single cell the core would iterate, as the per-row list."""
    if tunggal:
        nilai = kolom[0]
        if isinstance(nilai, (str, bytes)) or nilai is None or not isinstance(nilai, Iterable):
            return nilai
    return kolom


# --- one cell -----------------------------------------------------------------------------
# A formula filled down a column calls its function once per row with single cells: that
# path computes directly with the scalar core functions and never sets up a column.

_RANGE = object()
"""What `_one` returns for an argument that is a range rather than one cell."""


def _one(value: object) -> object:
    """The value of a single-cell argument (xlwings passes it as [[x]] with ndim=2)."""
    kind = type(value)
    if kind is not list and kind is not tuple:
        return value
    if len(value) != 1:  # type: ignore[arg-type]
        return _RANGE
    inner = value[0]  # type: ignore[index]
    kind = type(inner)
    if kind is not list and kind is not tuple:
        return inner
    if len(inner) != 1:
        return _RANGE
    cell = inner[0]
    return _RANGE if type(cell) is list or type(cell) is tuple else cell


def _one_cell(compute: Callable[[], object], inputs: tuple[object, ...],
              alasan: bool) -> object:
    """The cell value of a one-cell computation, exactly as the column path gives it."""
    try:
        hasil = compute()
    except NilaiError as exc:
        hasil = exc
    except Exception as exc:  # noqa: BLE001 - a UDF must answer with a value, not a traceback
        hasil = NilaiError(f"kesalahan tak terduga di xl-lkip: {exc}", VALUE)
        inputs = ()
    if not isinstance(hasil, NilaiError):
        return "" if alasan else hasil
    try:
        blank = bool(inputs) and all(is_blank(x) for x in inputs)
    except Exception:  # noqa: BLE001 - an odd cell whose blankness cannot be told
        blank = False
    if blank:
        return ""
    return hasil.pesan if alasan else galat_excel(hasil.kode)


# --- CAPAIAN ------------------------------------------------------------------------------

_DOC_TARGET = ("Target indikator: angka, teks angka ('75 %', '98,78') atau rentang ('80-90', "
               "capaian 100 di dalam rentang). Satu sel atau satu kolom.")
_DOC_REALISASI = ("Realisasi indikator: angka atau teks angka. Satu sel atau kolom yang sama "
                  "panjang dengan target. Kosong menghasilkan #N/A.")
_DOC_POLARITAS = ("Opsional. 'positif' (makin tinggi makin baik, bawaan) atau 'negatif' (makin "
                  "rendah makin baik); juga +, naik, -, turun. Satu sel atau satu per baris.")
_DOC_RUMUS = ("Opsional, hanya untuk polaritas negatif: '2T-R' (bawaan, (2×target−realisasi)/"
              "target×100) atau 'T/R' (target/realisasi×100).")


def _capaian(target: object, realisasi: object, polaritas: object, rumus: object,
             alasan: bool) -> object:
    t1, r1, p1, m1 = _one(target), _one(realisasi), _one(polaritas), _one(rumus)
    if t1 is not _RANGE and r1 is not _RANGE and p1 is not _RANGE and m1 is not _RANGE:
        return _one_cell(lambda: capaian(t1, r1, p1, m1), (t1, r1), alasan)

    def hitung() -> _Hasil:
        rows, cols, (t, r, p, m), tunggal = _siapkan(target, realisasi, polaritas, rumus)
        hasil: list[object] = capaian_kolom(t, r, _satu_nilai(p, tunggal[2]),  # type: ignore
                                            _satu_nilai(m, tunggal[3]))
        return rows, cols, hasil, (t, r)

    return _jalankan(hitung, alasan)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("target", ndim=2, err_to_str=True, doc=_DOC_TARGET)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI)
@xw.arg("polaritas", ndim=2, err_to_str=True, doc=_DOC_POLARITAS)
@xw.arg("rumus", ndim=2, err_to_str=True, doc=_DOC_RUMUS)
def CAPAIAN(target, realisasi, polaritas=None, rumus=None):
    """Capaian kinerja dalam persen: realisasi/target×100 (positif) atau (2×target−realisasi)/target×100 (negatif). Target 0 = #DIV/0!, realisasi kosong = #N/A. Alasan galat: CAPAIAN_ALASAN."""  # noqa: E501
    return _capaian(target, realisasi, polaritas, rumus, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("target", ndim=2, err_to_str=True, doc=_DOC_TARGET)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI)
@xw.arg("polaritas", ndim=2, err_to_str=True, doc=_DOC_POLARITAS)
@xw.arg("rumus", ndim=2, err_to_str=True, doc=_DOC_RUMUS)
def CAPAIAN_ALASAN(target, realisasi, polaritas=None, rumus=None):
    """Alasan bila CAPAIAN dengan argumen yang sama menghasilkan galat (#DIV/0!, #N/A, #VALUE!, #NUM!); teks kosong bila capaian dapat dihitung."""  # noqa: E501
    return _capaian(target, realisasi, polaritas, rumus, alasan=True)


# --- KATEGORI -----------------------------------------------------------------------------

_DOC_CAPAIAN = "Capaian dalam persen (mis. hasil CAPAIAN). Satu sel atau satu kolom."
_DOC_SKALA = ("Rentang skala di lembar kerja: baris [batas bawah, batas atas, label, kode] "
              "seperti '>100', '>=76', '<=100', '<55', angka (termasuk) atau kosong; atau nama "
              "skala: " + ", ".join(daftar_preset()) + ".")
_DOC_KODE = "Opsional. TRUE untuk kode tingkat (mis. 'B') alih-alih labelnya ('Baik')."


def _pakai_kode(value: object) -> bool:
    if is_blank(value) or value is False or value == 0:
        return False
    if value is True or value == 1:
        return True
    if isinstance(value, str) and value.strip().lower() in {"ya", "kode", "true", "benar"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"tidak", "label", "false", "salah"}:
        return False
    raise NilaiError(f"argumen kode '{value}' tidak dikenal; isi TRUE untuk kode atau "
                     "kosongkan untuk label", VALUE)


_LABEL = attrgetter("label")
_KODE = attrgetter("kode")


def _label(tingkat: Tingkat, kode: bool) -> object:
    if not kode:
        return tingkat.label
    if tingkat.kode is None:
        return NilaiError(f"tingkat {tingkat.nama()} tidak punya kode di skala", NA)
    return tingkat.kode


def _kategori(capaian_persen: object, skala: object, kode: object, alasan: bool) -> object:
    nilai1 = _one(capaian_persen)
    if nilai1 is not _RANGE:
        try:
            pakai_kode = _pakai_kode(_grid(kode)[0][0])
            sk = _skala_cache(skala)
        except NilaiError as exc:  # a bad scale or choice: the cell shows it even when blank
            return _one_cell(lambda e=exc: e, (), alasan)
        except Exception:  # noqa: BLE001 - left to the general path, which explains it
            pass
        else:
            return _one_cell(lambda: _label(sk.kategori(nilai1), pakai_kode), (nilai1,), alasan)

    def hitung() -> _Hasil:
        rows, cols, (nilai,), _ = _siapkan(capaian_persen)
        try:
            pakai_kode = _pakai_kode(_grid(kode)[0][0])
            sk = _skala_cache(skala)
        except NilaiError as exc:
            return rows, cols, [exc] * (rows * cols), ()
        kategori = sk.kategori_kolom(nilai)
        if set(map(type, kategori)) == {Tingkat} and (
            not pakai_kode or all(t.kode is not None for t in sk.tingkat)
        ):
            hasil: list[object] = list(map(_KODE if pakai_kode else _LABEL, kategori))
        else:
            hasil = [x if isinstance(x, NilaiError) else _label(x, pakai_kode)
                     for x in kategori]
        return rows, cols, hasil, (nilai,)

    return _jalankan(hitung, alasan)


def _beku(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(_beku(v) for v in value)
    return value


_CACHE: dict[object, Skala | NilaiError] = {}


def _skala_cache(value: object) -> Skala:
    """Parse a scale once per distinct content: a column call parses it only once anyway,
    but a sheet with one KATEGORI per row asks for the same scale thousands of times."""
    try:
        key = _beku(value)
        hash(key)
    except TypeError:
        return skala_dari(value)
    hasil = _CACHE.get(key)
    if hasil is None:
        try:
            hasil = skala_dari(value)
        except NilaiError as exc:
            hasil = exc
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = hasil
    if isinstance(hasil, NilaiError):
        raise hasil
    return hasil


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("capaian_persen", ndim=2, err_to_str=True, doc=_DOC_CAPAIAN)
@xw.arg("skala", ndim=2, err_to_str=True, doc=_DOC_SKALA)
@xw.arg("kode", doc=_DOC_KODE)
def KATEGORI(capaian_persen, skala, kode=None):
    """Kategori (predikat) capaian menurut skala: rentang skala di lembar kerja atau nama skala bawaan. Nilai di celah skala = #N/A, di dua tingkat sekaligus = #VALUE!. Alasan: KATEGORI_ALASAN."""  # noqa: E501
    return _kategori(capaian_persen, skala, kode, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("capaian_persen", ndim=2, err_to_str=True, doc=_DOC_CAPAIAN)
@xw.arg("skala", ndim=2, err_to_str=True, doc=_DOC_SKALA)
@xw.arg("kode", doc=_DOC_KODE)
def KATEGORI_ALASAN(capaian_persen, skala, kode=None):
    """Alasan bila KATEGORI dengan argumen yang sama menghasilkan galat, mis. capaian di celah skala; teks kosong bila kategori dapat ditentukan."""  # noqa: E501
    return _kategori(capaian_persen, skala, kode, alasan=True)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("skala", ndim=2, err_to_str=True, doc=_DOC_SKALA)
def MASALAH_SKALA(skala):
    """Daftar celah dan tumpang tindih pada skala kategori, satu per baris; 'Skala utuh' bila setiap nilai masuk tepat satu tingkat."""  # noqa: E501
    try:
        masalah = _skala_cache(skala).masalah()
    except NilaiError as exc:
        return exc.pesan
    except Exception as exc:  # noqa: BLE001
        return f"kesalahan tak terduga di xl-lkip: {exc}"
    if not masalah:
        return "Skala utuh: setiap nilai masuk tepat satu tingkat."
    if len(masalah) == 1:
        return masalah[0]
    return [[m] for m in masalah]


# --- SERAPAN / EFISIENSI ------------------------------------------------------------------

_DOC_PAGU = "Pagu anggaran (Rp): angka atau teks seperti 'Rp. 1.914.251.000,00'. Satu sel atau satu kolom."  # noqa: E501
_DOC_REALISASI_ANGGARAN = ("Realisasi anggaran (Rp): angka atau teks angka. Satu sel atau "
                           "kolom yang sama panjang dengan pagu.")


def _anggaran(pagu: object, realisasi: object, hitung_kolom: Callable[..., list],
              alasan: bool) -> object:
    p1, r1 = _one(pagu), _one(realisasi)
    if p1 is not _RANGE and r1 is not _RANGE:
        satu = efisiensi if hitung_kolom is efisiensi_kolom else serapan
        return _one_cell(lambda: satu(p1, r1), (p1, r1), alasan)

    def hitung() -> _Hasil:
        rows, cols, (p, r), _ = _siapkan(pagu, realisasi)
        return rows, cols, hitung_kolom(p, r), (p, r)

    return _jalankan(hitung, alasan)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("pagu", ndim=2, err_to_str=True, doc=_DOC_PAGU)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI_ANGGARAN)
def SERAPAN(pagu, realisasi):
    """Serapan (penyerapan) anggaran dalam persen: realisasi/pagu×100. Pagu 0 = #DIV/0!, sel kosong = #N/A. Alasan galat: SERAPAN_ALASAN."""  # noqa: E501
    return _anggaran(pagu, realisasi, serapan_kolom, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("pagu", ndim=2, err_to_str=True, doc=_DOC_PAGU)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI_ANGGARAN)
def SERAPAN_ALASAN(pagu, realisasi):
    """Alasan bila SERAPAN dengan argumen yang sama menghasilkan galat; teks kosong bila serapan dapat dihitung."""  # noqa: E501
    return _anggaran(pagu, realisasi, serapan_kolom, alasan=True)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("pagu", ndim=2, err_to_str=True, doc=_DOC_PAGU)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI_ANGGARAN)
def EFISIENSI(pagu, realisasi):
    """Efisiensi anggaran dalam persen: 100 − serapan = (pagu − realisasi)/pagu×100, seperti 'efisiensi sebesar 5,63%' di LKjIP. Alasan galat: EFISIENSI_ALASAN."""  # noqa: E501
    return _anggaran(pagu, realisasi, efisiensi_kolom, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("pagu", ndim=2, err_to_str=True, doc=_DOC_PAGU)
@xw.arg("realisasi", ndim=2, err_to_str=True, doc=_DOC_REALISASI_ANGGARAN)
def EFISIENSI_ALASAN(pagu, realisasi):
    """Alasan bila EFISIENSI dengan argumen yang sama menghasilkan galat; teks kosong bila efisiensi dapat dihitung."""  # noqa: E501
    return _anggaran(pagu, realisasi, efisiensi_kolom, alasan=True)


# --- ANGKA --------------------------------------------------------------------------------

_DOC_TEKS = ("Teks angka seperti ditempel dari PDF: '6.406.712.635,13', '97,15 %', "
             "'Rp 478.650.000,-', '3,629,993,707.50'. Satu sel atau satu kolom.")


_DOC_GAYA = ("Opsional. 'id' (1.234,56) atau 'en' (1,234.56) untuk bentuk yang meragukan "
             "seperti '300,000'. Kosong: ditebak dari sel lain yang jelas di kolom yang sama.")


def _angka(teks: object, gaya: object, alasan: bool) -> object:
    def hitung() -> _Hasil:
        rows, cols, (nilai,), _ = _siapkan(teks)
        pilihan = normalisasi_gaya(_grid(gaya)[0][0])
        hasil: list[object] = parse_angka_kolom(nilai, pilihan or "auto")  # type: ignore
        return rows, cols, hasil, (nilai,)

    return _jalankan(hitung, alasan)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("teks", ndim=2, err_to_str=True, doc=_DOC_TEKS)
@xw.arg("gaya", doc=_DOC_GAYA)
def ANGKA(teks, gaya=None):
    """Angka dari teks gaya Indonesia atau Inggris ('1.914.251.000,00', '94,37 %', 'Rp 2,804,150,926'). Teks yang meragukan atau salah ketik = #VALUE!, bukan tebakan. Alasan: ANGKA_ALASAN."""  # noqa: E501
    return _angka(teks, gaya, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("teks", ndim=2, err_to_str=True, doc=_DOC_TEKS)
@xw.arg("gaya", doc=_DOC_GAYA)
def ANGKA_ALASAN(teks, gaya=None):
    """Alasan mengapa ANGKA menolak teks itu (mis. kelompok ribuan 2 angka pada '2.67.338.000'); teks kosong bila angkanya jelas."""  # noqa: E501
    return _angka(teks, gaya, alasan=True)


# --- RATA_CAPAIAN -------------------------------------------------------------------------

_DOC_NILAI = ("Rentang capaian indikator satu sasaran (mis. kolom hasil CAPAIAN). Sel kosong "
              "dilewati; sel bergalat membuat hasilnya galat juga.")


def _rata(nilai: object, alasan: bool) -> object:
    def hitung() -> _Hasil:
        return 1, 1, [rata_rata(_grid(nilai))], ()

    return _jalankan(hitung, alasan)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("nilai", ndim=2, err_to_str=True, doc=_DOC_NILAI)
def RATA_CAPAIAN(nilai):
    """Rata-rata capaian sasaran: rata-rata capaian indikatornya, sel kosong dilewati. Ada galat di rentang = galat yang sama; semua kosong = #N/A. Alasan: RATA_CAPAIAN_ALASAN."""  # noqa: E501
    return _rata(nilai, alasan=False)


@xw.func(category=KATEGORI_FUNGSI)
@xw.arg("nilai", ndim=2, err_to_str=True, doc=_DOC_NILAI)
def RATA_CAPAIAN_ALASAN(nilai):
    """Alasan bila RATA_CAPAIAN dengan rentang yang sama menghasilkan galat (nilai ke berapa dan mengapa); teks kosong bila rata-rata dapat dihitung."""  # noqa: E501
    return _rata(nilai, alasan=True)


UDFS = (CAPAIAN, CAPAIAN_ALASAN, KATEGORI, KATEGORI_ALASAN, MASALAH_SKALA, SERAPAN,
        SERAPAN_ALASAN, EFISIENSI, EFISIENSI_ALASAN, ANGKA, ANGKA_ALASAN, RATA_CAPAIAN,
        RATA_CAPAIAN_ALASAN)
"""Every worksheet function of this module, in the order the documentation lists them."""
