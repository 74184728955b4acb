"""The LKjIP arithmetic: capaian, serapan, efisiensi and the mean capaian of a sasaran.

Engine-independent (no xlwings, no openpyxl) so that the worksheet functions, the report
engine and the checker all compute the same numbers. Every result is in percent points
(106.79, not 1.0679) because the regulations write their bounds that way. Anything that
cannot be computed raises `NilaiError` with the Excel error value that fits and a reason in
Bahasa Indonesia; nothing silently becomes 0. The decisions are documented for users in
docs/FUNGSI.md.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable

from xl_lkip.core.angka import (
    AngkaError,
    _angka_teks_cepat,
    format_angka,
    is_blank,
    is_excel_error,
    parse_angka,
)
from xl_lkip.core.errors import DIV0, NA, NUM, VALUE, NilaiError
from xl_lkip.core.lazyre import LazyPattern

from .record import record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start

if TYPE_CHECKING:
    from typing import Any

    import numpy as np

# numpy is imported by the column functions only: the one-cell functions (a worksheet formula
# filled down calls them once per row) and the command line never pay for loading it.

__all__ = [
    "NEGATIF",
    "POSITIF",
    "RUMUS_RASIO",
    "RUMUS_SELISIH",
    "Rentang",
    "baca_target",
    "capaian",
    "capaian_kolom",
    "efisiensi",
    "efisiensi_kolom",
    "normalisasi_polaritas",
    "normalisasi_rumus",
    "rata_rata",
    "serapan",
    "serapan_kolom",
]

POSITIF = "positif"
NEGATIF = "negatif"
RUMUS_SELISIH = "2T-R"
"""Negative indicator, default: (2·target − realisasi) / target × 100 (Boyolali's formula)."""
RUMUS_RASIO = "T/R"
"""Negative indicator, alternative: target / realisasi × 100."""

_POLARITAS = {
    "positif": POSITIF, "positive": POSITIF, "pos": POSITIF, "+": POSITIF, "naik": POSITIF,
    "meningkat": POSITIF, "semakintinggisemakinbaik": POSITIF,
    "negatif": NEGATIF, "negative": NEGATIF, "neg": NEGATIF, "-": NEGATIF, "turun": NEGATIF,
    "menurun": NEGATIF, "semakinrendahsemakinbaik": NEGATIF,
}
_RUMUS = {
    "2t-r": RUMUS_SELISIH, "2t-r/t": RUMUS_SELISIH, "t-r-t": RUMUS_SELISIH,
    "t-r-t/t": RUMUS_SELISIH, "t+t-r/t": RUMUS_SELISIH, "selisih": RUMUS_SELISIH,
    "standar": RUMUS_SELISIH, "baku": RUMUS_SELISIH,
    "t/r": RUMUS_RASIO, "rasio": RUMUS_RASIO, "kebalikan": RUMUS_RASIO,
    "terbalik": RUMUS_RASIO,
}
_RANGE = LazyPattern(
    r"^\s*(?P<a>[^-\u2013\u2014]*\d[^-\u2013\u2014]*?)\s*"
    r"(?:-|\u2013|\u2014|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*"
    r"(?P<b>\d[^-\u2013\u2014]*?)\s*$",
    re.IGNORECASE,
)


def _kunci(value: str) -> str:
    return re.sub(r"\s+", "", value.strip().lower())


def normalisasi_polaritas(value: object) -> str:
    """Return "positif" or "negatif" for the spellings users write; blank means positif."""
    if is_blank(value):
        return POSITIF
    if is_excel_error(value):
        raise NilaiError(f"polaritas berisi galat {str(value).strip().upper()}",
                         str(value).strip().upper())
    if isinstance(value, str):
        key = _kunci(value).translate(str.maketrans({"\u2212": "-", "\u2013": "-"}))
        for kandidat in (key, key.strip("()"), re.sub(r"\([^)]*\)", "", key)):
            if kandidat in _POLARITAS:  # "(+)", "Negatif (-)" as template lists write them
                return _POLARITAS[kandidat]
    raise NilaiError(f"polaritas '{value}' tidak dikenal; tulis 'positif' (makin tinggi makin "
                     "baik) atau 'negatif' (makin rendah makin baik)", VALUE)


def normalisasi_rumus(value: object) -> str:
    """Return "2T-R" (default for blank) or "T/R", the two formulas for negative indicators."""
    if is_blank(value):
        return RUMUS_SELISIH
    if is_excel_error(value):
        raise NilaiError(f"rumus berisi galat {str(value).strip().upper()}",
                         str(value).strip().upper())
    if isinstance(value, str):
        key = _kunci(value).replace("target", "t").replace("rencana", "t")
        key = key.replace("realisasi", "r")
        for noise in ("×100%", "x100%", "*100%", "×100", "x100", "*100", "%"):
            key = key.replace(noise, "")
        key = re.sub(r"(?<=2)[x*×·]", "", key).replace("(", "").replace(")", "")
        key = key.replace("\u2212", "-").replace("\u2013", "-").replace(":", "/")
        if key in _RUMUS:
            return _RUMUS[key]
    raise NilaiError(f"rumus '{value}' tidak dikenal; tulis '2T-R' untuk "
                     "(2×target − realisasi)/target×100 atau 'T/R' untuk "
                     "target/realisasi×100", VALUE)


@record(frozen=True)
class Rentang:
    """A target written as a range ("80-90"): met anywhere inside, inclusive."""

    bawah: float
    atas: float

    def __str__(self) -> str:
        return f"{format_angka(self.bawah)}–{format_angka(self.atas)}"


def _angka(value: object, nama: str) -> float:
    """Parse one argument, naming it in the message; blank means "not filled in yet" (#N/A)."""
    if isinstance(value, NilaiError):
        raise value
    if is_blank(value):
        raise NilaiError(f"{nama} belum diisi", NA)
    try:
        return parse_angka(value)
    except AngkaError as exc:
        raise NilaiError(f"{nama}: {exc.pesan}", exc.kode) from None


def baca_target(value: object) -> float | Rentang:
    """Read a target: a number, or a range such as "80-90", "80 – 90 %", "80 s.d. 90"."""
    if isinstance(value, Rentang):
        return value
    if isinstance(value, str) and not is_excel_error(value):
        match = _RANGE.match(value)
        if match:
            bawah = _angka(match.group("a"), "batas bawah target")
            atas = _angka(match.group("b"), "batas atas target")
            if bawah > atas:
                raise NilaiError(f"target rentang '{value.strip()}': batas bawah lebih besar "
                                 "dari batas atas", VALUE)
            return Rentang(bawah, atas)
    return _angka(value, "target")


def _rumus_capaian(t: float, r: float, polaritas: str, rumus: str) -> float:
    if t == 0:
        raise NilaiError("target 0: capaian tidak dapat dihitung karena target menjadi pembagi; "
                         "isi target yang bukan 0 atau jelaskan capaiannya secara manual", DIV0)
    if polaritas == POSITIF:
        hasil = r / t * 100
    elif rumus == RUMUS_SELISIH:
        hasil = (2 * t - r) / t * 100
    else:
        if r == 0:
            raise NilaiError("realisasi 0 pada rumus T/R (target/realisasi): pembagian dengan "
                             "nol; gunakan rumus 2T-R atau jelaskan capaiannya secara manual",
                             DIV0)
        hasil = t / r * 100
    if not math.isfinite(hasil):
        raise NilaiError("hasil capaian terlalu besar untuk dihitung", NUM)
    return hasil


def capaian(target: object, realisasi: object, polaritas: object = POSITIF,
            rumus: object = None) -> float:
    """Achievement in percent points from target and realisasi.

    positif: realisasi/target×100. negatif: (2·target − realisasi)/target×100 by default,
    target/realisasi×100 with rumus "T/R". A range target counts as 100 inside the range and
    is compared with the nearer bound outside it. Target 0 → #DIV/0!, blank → #N/A, a negative
    target → #NUM!; a negative result (negatif, realisasi above twice the target) is returned
    as is, never clamped.
    """
    pol = normalisasi_polaritas(polaritas)
    rum = normalisasi_rumus(rumus)
    t = baca_target(target)
    if isinstance(realisasi, str) and not is_excel_error(realisasi) and _RANGE.match(realisasi):
        raise NilaiError(f"realisasi '{realisasi.strip()}' berupa rentang; realisasi harus "
                         "satu angka", VALUE)
    r = _angka(realisasi, "realisasi")
    if isinstance(t, Rentang):
        if t.bawah < 0:
            raise NilaiError(f"target {t} negatif: rumus capaian hanya berlaku untuk target "
                             "positif", NUM)
        if t.bawah <= r <= t.atas:
            return 100.0
        t = t.bawah if r < t.bawah else t.atas
    elif t < 0:
        raise NilaiError(f"target {format_angka(t)} negatif: rumus capaian hanya berlaku untuk "
                         "target positif", NUM)
    return _rumus_capaian(t, r, pol, rum)


def serapan(pagu: object, realisasi: object) -> float:
    """Budget absorption: realisasi anggaran / pagu × 100 (above 100 is returned, not capped)."""
    p = _angka(pagu, "pagu")
    r = _angka(realisasi, "realisasi anggaran")
    if p < 0:
        raise NilaiError(f"pagu {format_angka(p)} negatif", NUM)
    if r < 0:
        raise NilaiError(f"realisasi anggaran {format_angka(r)} negatif", NUM)
    if p == 0:
        raise NilaiError("pagu 0: serapan tidak dapat dihitung (pembagian dengan nol); "
                         "kegiatan tanpa anggaran tidak punya serapan", DIV0)
    hasil = r / p * 100
    if not math.isfinite(hasil):
        raise NilaiError("hasil serapan terlalu besar untuk dihitung", NUM)
    return hasil


def efisiensi(pagu: object, realisasi: object) -> float:
    """Budget efficiency as the reports use it: 100 − serapan = (pagu − realisasi)/pagu × 100."""
    return 100.0 - serapan(pagu, realisasi)


def _is_ndarray(value: object) -> bool:
    """numpy arrays are recognised without importing numpy: a caller who has one loaded it."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


def _ratakan(values: object) -> Iterable[object]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        yield values
        return
    if _is_ndarray(values):
        yield from values.ravel().tolist()  # type: ignore[attr-defined]
        return
    for item in values:
        if isinstance(item, (list, tuple)) or _is_ndarray(item):
            yield from _ratakan(item)
        else:
            yield item


def rata_rata(values: object) -> float:
    """Mean of the filled-in values (the sasaran's "rata-rata capaian"); blanks are skipped.

    An error value among them makes the mean an error too (with the same Excel code), because
    a mean that quietly leaves out an indicator is a wrong report.
    """
    angka: list[float] = []
    for nomor, value in enumerate(_ratakan(values), start=1):
        if isinstance(value, NilaiError):
            raise NilaiError(f"nilai ke-{nomor}: {value.pesan}", value.kode)
        if is_blank(value):
            continue
        try:
            angka.append(parse_angka(value))
        except AngkaError as exc:
            raise NilaiError(f"nilai ke-{nomor}: {exc.pesan}", exc.kode) from None
    if not angka:
        raise NilaiError("tidak ada nilai untuk dirata-rata (semua kosong)", NA)
    return math.fsum(angka) / len(angka)


# --- whole columns -------------------------------------------------------------------------


def _sebagai_daftar(values: object) -> Any:
    """A column as a list, or as a flat numpy array when it came as one (or as a Series)."""
    if _is_ndarray(values):
        return values.ravel()  # type: ignore[attr-defined]
    to_numpy = getattr(values, "to_numpy", None)
    if callable(to_numpy):
        import numpy as np

        return np.asarray(to_numpy()).ravel()
    if isinstance(values, (list, tuple)):
        return list(values)
    return list(values)  # type: ignore[call-overload]


def _numerik(values: list[object] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (floats, mask of cells computable without `parse_angka`).

    Plain finite numbers, and text in the canonical shapes that `parse_angka` reads the same
    way whatever the style ("85,50", "1.914.251.000,00"; see `angka._angka_teks_cepat`).
    """
    import numpy as np

    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        arr = values.astype(float)
        return arr, np.isfinite(arr)
    n = len(values)
    jenis = set(map(type, values))
    if jenis <= {float, int}:
        try:
            arr = np.fromiter(values, float, n)
            return arr, np.isfinite(arr)
        except OverflowError:  # an int beyond float range: let the slow path explain it
            pass
    elif isinstance(values, list) and jenis <= {float, int, str, bool, type(None)}:
        # numbers among text and blanks: NaN for every cell that is not a number, then the
        # canonical text numbers on top
        lain = [i for i, v in enumerate(values) if type(v) is not float and type(v) is not int]
        salinan = list(values)
        for i in lain:
            salinan[i] = math.nan
        try:
            arr = np.fromiter(salinan, float, n)
        except OverflowError:
            pass
        else:
            teks = [i for i in lain if type(values[i]) is str]
            if teks:
                cepat, _ = _angka_teks_cepat([values[i] for i in teks])  # type: ignore[misc]
                arr[teks] = cepat  # NaN where the text is not a canonical number
            return arr, np.isfinite(arr)
    angka = [0.0] * n
    ok = [False] * n
    teks: list[int] = []
    for i, v in enumerate(values):
        if type(v) is float:
            angka[i] = v
            ok[i] = True
        elif type(v) is int or isinstance(v, (np.floating, np.integer)):
            try:
                angka[i] = float(v)
                ok[i] = True
            except OverflowError:
                pass
        elif type(v) is str:
            teks.append(i)
    if teks:
        cepat, _ = _angka_teks_cepat([values[i] for i in teks])  # type: ignore[misc]
        for i, x in zip(teks, cepat, strict=True):
            angka[i] = x
            ok[i] = True  # NaN (not a canonical shape) and inf are dropped below
    arr = np.array(angka, dtype=float)
    return arr, np.array(ok, dtype=bool) & np.isfinite(arr)


def _per_baris(value: object, n: int, nama: str) -> list[object]:
    if isinstance(value, (str, bytes)) or value is None or not isinstance(value, Iterable):
        return [value] * n
    daftar = list(_sebagai_daftar(value))
    if len(daftar) != n:
        raise NilaiError(f"kolom {nama} berisi {len(daftar)} baris, seharusnya {n}", VALUE)
    return daftar


def _pilihan(value: object, n: int, nama: str, normal: Callable[[object], str],
             nilai_satu: str) -> tuple[np.ndarray, list[object], dict[int, NilaiError]]:
    """A per-row choice (polaritas, rumus) as a bool mask (True = `nilai_satu`), the per-row
    values for the slow path, and the rows whose choice is not understood."""
    import numpy as np

    if isinstance(value, (str, bytes)) or value is None or not isinstance(value, Iterable):
        try:
            return np.full(n, normal(value) == nilai_satu), [value] * n, {}
        except NilaiError as exc:
            return np.zeros(n, dtype=bool), [value] * n, dict.fromkeys(range(n), exc)
    daftar = _per_baris(value, n, nama)
    try:
        kunci: list[object] = daftar
        unik = set(kunci)
    except TypeError:  # unhashable cells: key them by repr
        kunci = [repr(v) for v in daftar]
        unik = set(kunci)
    if len(unik) <= 8:  # a real column holds a few distinct choices: find each one's last row
        mundur = kunci[::-1]
        contoh = {k: daftar[n - 1 - mundur.index(k)] for k in unik}
    else:
        contoh = dict(zip(kunci, daftar, strict=True))
    cache: dict[object, str | NilaiError] = {}
    for k in unik:
        try:
            cache[k] = normal(contoh[k])
        except NilaiError as exc:
            cache[k] = exc
    satu = {k: v == nilai_satu for k, v in cache.items()}
    if len(satu) == 1:
        mask = np.full(n, next(iter(satu.values())))
    else:
        mask = np.fromiter(map(satu.__getitem__, kunci), bool, n)
    errors: dict[int, NilaiError] = {}
    if any(isinstance(v, NilaiError) for v in cache.values()):
        for i, k in enumerate(kunci):
            hasil = cache[k]
            if isinstance(hasil, NilaiError):
                errors[i] = hasil
    return mask, daftar, errors


def capaian_kolom(targets: object, realisasis: object, polaritas: object = POSITIF,
                  rumus: object = None) -> list[float | NilaiError]:
    """`capaian` for whole columns: one result or one `NilaiError` per row.

    `polaritas` and `rumus` may be one value for all rows or one per row. Plain numeric rows
    are computed with numpy in one pass; text, blanks and odd rows go through `capaian`.
    """
    import numpy as np

    t_list = _sebagai_daftar(targets)
    n = len(t_list)
    r_list = _sebagai_daftar(realisasis)
    if len(r_list) != n:
        raise NilaiError(f"kolom realisasi berisi {len(r_list)} baris, seharusnya {n}", VALUE)
    negatif, pol_list, pol_err = _pilihan(polaritas, n, "polaritas", normalisasi_polaritas,
                                          NEGATIF)
    rasio, rum_list, rum_err = _pilihan(rumus, n, "rumus", normalisasi_rumus, RUMUS_RASIO)

    t, t_ok = _numerik(t_list)
    r, r_ok = _numerik(r_list)
    cepat = t_ok & r_ok & (t > 0)
    cepat &= ~(negatif & rasio & (r == 0))
    if pol_err or rum_err:
        cepat[list({*pol_err, *rum_err})] = False
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        hasil = np.where(~negatif, r / t * 100,
                         np.where(rasio, t / r * 100, (2 * t - r) / t * 100))
    cepat &= np.isfinite(hasil)

    keluaran: list[float | NilaiError] = hasil.tolist()
    for i in np.flatnonzero(~cepat).tolist():
        try:
            keluaran[i] = capaian(t_list[i], r_list[i], pol_list[i], rum_list[i])
        except NilaiError as exc:
            keluaran[i] = exc
    return keluaran


def _anggaran_kolom(pagus: object, realisasis: object,
                    efisiensi_: bool) -> list[float | NilaiError]:
    import numpy as np

    p_list = _sebagai_daftar(pagus)
    r_list = _sebagai_daftar(realisasis)
    if len(r_list) != len(p_list):
        raise NilaiError(f"kolom realisasi berisi {len(r_list)} baris, seharusnya "
                         f"{len(p_list)}", VALUE)
    p, p_ok = _numerik(p_list)
    r, r_ok = _numerik(r_list)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        hasil = r / p * 100
    cepat = p_ok & r_ok & (p > 0) & (r >= 0) & np.isfinite(hasil)
    keluaran: list[float | NilaiError] = (100.0 - hasil if efisiensi_ else hasil).tolist()
    for i in np.flatnonzero(~cepat).tolist():
        try:
            nilai = serapan(p_list[i], r_list[i])
            keluaran[i] = 100.0 - nilai if efisiensi_ else nilai
        except NilaiError as exc:
            keluaran[i] = exc
    return keluaran


def serapan_kolom(pagus: object, realisasis: object) -> list[float | NilaiError]:
    """`serapan` for whole columns: one result or one `NilaiError` per row."""
    return _anggaran_kolom(pagus, realisasis, efisiensi_=False)


def efisiensi_kolom(pagus: object, realisasis: object) -> list[float | NilaiError]:
    """`efisiensi` (100 − serapan) for whole columns."""
    return _anggaran_kolom(pagus, realisasis, efisiensi_=True)
