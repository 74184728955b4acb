"""Category scales (kategori/predikat) as data the workbook owns.

Agencies use different scales, each printed in its own regulation, often with holes
(Boyolali: "lebih dari 100", "76 sampai 100", "56 sampai 75", "kurang dari 55" leaves 55–56
and 75–76 uncovered). A user types the scale as rows ``[batas bawah, batas atas, label,
kode]`` exactly as printed; a capaian that falls into a hole or into two rows at once is an
explained error, never a guess, and the holes and overlaps themselves are reported by
`Skala.masalah` for the consistency checker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from xl_lkip.core.angka import AngkaError, format_angka, is_blank, is_excel_error, parse_angka
from xl_lkip.core.errors import NA, VALUE, NilaiError

from .record import record

__all__ = ["PRESETS", "Skala", "Tingkat", "daftar_preset", "skala_dari"]


@record(frozen=True)
class Tingkat:
    """One row of a scale: the values from `bawah` to `atas` get `label` (and `kode`).

    A bound of None is unbounded; the inclusive flags say whether the bound itself belongs
    to the row (">100" is exclusive, "76" and ">=76" inclusive).
    """

    bawah: float | None
    atas: float | None
    label: str
    kode: str | None = None
    bawah_inklusif: bool = True
    atas_inklusif: bool = True

    def memuat(self, nilai: float) -> bool:
        """True when `nilai` falls in this row."""
        if self.bawah is not None:
            if nilai < self.bawah or (nilai == self.bawah and not self.bawah_inklusif):
                return False
        if self.atas is not None:
            if nilai > self.atas or (nilai == self.atas and not self.atas_inklusif):
                return False
        return True

    def uraian(self) -> str:
        """The row's range as a user reads it: "76–100", "> 100", "< 55", "≥ 91"."""
        return _uraian_interval(self.bawah, self.bawah_inklusif, self.atas, self.atas_inklusif)

    def nama(self) -> str:
        """Label with its range, for messages: "'Baik' (76–100)"."""
        return f"'{self.label}' ({self.uraian()})"


def _uraian_interval(lo: float | None, lo_incl: bool, hi: float | None, hi_incl: bool) -> str:
    if lo is not None and hi is not None and lo == hi:
        return f"= {format_angka(lo)}"
    if lo is not None and hi is not None and lo_incl and hi_incl:
        return f"{format_angka(lo)}–{format_angka(hi)}"
    bagian = []
    if lo is not None:
        bagian.append(f"{'≥' if lo_incl else '>'} {format_angka(lo)}")
    if hi is not None:
        bagian.append(f"{'≤' if hi_incl else '<'} {format_angka(hi)}")
    return " dan ".join(bagian) if bagian else "semua nilai"


_OPERATOR = re.compile(
    r"^(?P<op>>=|=>|≥|⩾|<=|=<|≤|⩽|>|<|=|lebih\s+dari|kurang\s+dari|di\s+atas|di\s+bawah|"
    r"minimal|min\.?|maksimal|maks\.?|paling\s+sedikit|paling\s+banyak|sekurang-kurangnya)?"
    r"\s*(?P<angka>.*)$",
    re.IGNORECASE,
)
_OP_ARTI = {  # operator -> (direction, inclusive); direction ">" bounds from below
    ">": (">", False), "lebih dari": (">", False), "di atas": (">", False),
    ">=": (">", True), "=>": (">", True), "≥": (">", True), "⩾": (">", True),
    "minimal": (">", True), "min": (">", True), "min.": (">", True),
    "paling sedikit": (">", True), "sekurang-kurangnya": (">", True),
    "<": ("<", False), "kurang dari": ("<", False), "di bawah": ("<", False),
    "<=": ("<", True), "=<": ("<", True), "≤": ("<", True), "⩽": ("<", True),
    "maksimal": ("<", True), "maks": ("<", True), "maks.": ("<", True),
    "paling banyak": ("<", True),
    "=": ("=", True),
}


def _baca_batas(cell: object, sisi: str, baris: int) -> tuple[float | None, bool]:
    """Read one bound cell; `sisi` is "bawah" or "atas". Returns (value, inclusive)."""
    if is_blank(cell):
        return None, True
    if is_excel_error(cell):
        raise NilaiError(f"skala baris {baris}: batas {sisi} berisi galat {cell}", VALUE)
    if isinstance(cell, str):
        match = _OPERATOR.match(cell.strip())
        op = re.sub(r"\s+", " ", (match.group("op") or "").lower()) if match else ""
        teks = match.group("angka") if match else cell
    else:
        op, teks = "", cell
    try:
        nilai = parse_angka(teks, izinkan_satuan=False)
    except AngkaError as exc:
        raise NilaiError(f"skala baris {baris}: batas {sisi} {exc.pesan}", VALUE) from None
    arah, inklusif = _OP_ARTI.get(op, ("=", True))
    if sisi == "bawah" and arah == "<":
        raise NilaiError(f"skala baris {baris}: batas bawah '{cell}' memakai tanda '<'; "
                         "pindahkan ke kolom batas atas", VALUE)
    if sisi == "atas" and arah == ">":
        raise NilaiError(f"skala baris {baris}: batas atas '{cell}' memakai tanda '>'; "
                         "pindahkan ke kolom batas bawah", VALUE)
    return nilai, inklusif


def _teks_sel(cell: object) -> str | None:
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _sel_batas(nilai: float | None, inklusif: bool, tanda: str) -> object:
    if nilai is None:
        return None
    angka: object = int(nilai) if float(nilai).is_integer() else nilai
    if inklusif:
        return angka
    return f"{tanda}{format_angka(nilai, desimal=6)}"


@record(frozen=True)
class Skala:
    """An ordered list of `Tingkat` rows, as typed by the user or from a preset."""

    tingkat: tuple[Tingkat, ...]
    nama: str | None = None

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def dari_baris(cls, rows: Iterable[Sequence[object]], nama: str | None = None) -> Skala:
        """Parse rows ``[batas bawah, batas atas, label, kode (optional)]``.

        Blank rows are skipped; a first row whose two bound cells are both text that is not a
        bound (a header such as "Batas bawah") is skipped too. Anything else that is not a
        valid row raises `NilaiError` naming the row.
        """
        tingkat: list[Tingkat] = []
        for nomor, row in enumerate(rows, start=1):
            row = list(row)
            cells = row + [None] * (4 - len(row))
            if all(is_blank(c) for c in cells[:4]):
                continue
            if len(row) < 3:
                raise NilaiError("skala harus punya minimal 3 kolom: batas bawah, batas atas, "
                                 "label (dan kode bila ada)", VALUE)
            bawah_sel, atas_sel, label_sel, kode_sel = cells[:4]
            if not tingkat and _seperti_judul(bawah_sel, atas_sel):
                continue
            bawah, bawah_incl = _baca_batas(bawah_sel, "bawah", nomor)
            atas, atas_incl = _baca_batas(atas_sel, "atas", nomor)
            label = _teks_sel(label_sel)
            if label is None:
                raise NilaiError(f"skala baris {nomor}: label kosong", VALUE)
            if bawah is not None and atas is not None and (
                bawah > atas or (bawah == atas and not (bawah_incl and atas_incl))
            ):
                raise NilaiError(f"skala baris {nomor} ('{label}'): batas bawah "
                                 f"{format_angka(bawah)} tidak di bawah batas atas "
                                 f"{format_angka(atas)}", VALUE)
            tingkat.append(Tingkat(bawah, atas, label, _teks_sel(kode_sel), bawah_incl,
                                   atas_incl))
        if not tingkat:
            raise NilaiError("skala kosong: isi baris batas bawah, batas atas, label", VALUE)
        return cls(tuple(tingkat), nama)

    @classmethod
    def preset(cls, name: str) -> Skala:
        """A built-in scale by name (case, spaces and punctuation are ignored)."""
        kunci = _kunci_preset(name)
        for nama, skala in PRESETS.items():
            if kunci in _ALIAS[nama]:
                return skala
        raise NilaiError(f"skala '{str(name).strip()}' tidak dikenal; pilih "
                         f"{', '.join(PRESETS)} atau rujuk rentang skala di lembar kerja",
                         VALUE)

    # --- use ------------------------------------------------------------------------------

    def kategori(self, capaian: object) -> Tingkat:
        """The row `capaian` falls in; NilaiError #N/A in a hole, #VALUE! in an overlap."""
        if isinstance(capaian, NilaiError):
            raise capaian
        if is_blank(capaian):
            raise NilaiError("capaian kosong: kategori tidak dapat ditentukan", NA)
        try:
            nilai = parse_angka(capaian)
        except AngkaError as exc:
            raise NilaiError(f"capaian: {exc.pesan}", exc.kode) from None
        return self._cari(nilai)

    def _cari(self, nilai: float) -> Tingkat:
        cocok = [t for t in self.tingkat if t.memuat(nilai)]
        if len(cocok) == 1:
            return cocok[0]
        x = format_angka(nilai)
        if cocok:
            daftar = " dan ".join(t.nama() for t in cocok)
            raise NilaiError(f"capaian {x} masuk {len(cocok)} tingkat sekaligus: {daftar}; "
                             "skala tumpang tindih, perbaiki batasnya", VALUE)
        bawah = [t for t in self.tingkat if t.atas is not None and t.atas <= nilai]
        atas = [t for t in self.tingkat if t.bawah is not None and t.bawah >= nilai]
        dekat_bawah = max(bawah, key=lambda t: t.atas, default=None)
        dekat_atas = min(atas, key=lambda t: t.bawah, default=None)
        if dekat_bawah and dekat_atas:
            letak = f"berada di celah skala antara {dekat_bawah.nama()} dan {dekat_atas.nama()}"
        elif dekat_atas:
            letak = f"berada di bawah tingkat terendah {dekat_atas.nama()}"
        elif dekat_bawah:
            letak = f"berada di atas tingkat tertinggi {dekat_bawah.nama()}"
        else:
            letak = "tidak masuk tingkat mana pun"
        raise NilaiError(f"capaian {x} {letak}; lengkapi skala atau periksa capaiannya", NA)

    def kategori_kolom(self, values: Iterable[object]) -> list[Tingkat | NilaiError]:
        """`kategori` for a whole column: one row or one `NilaiError` per value."""
        daftar = values if isinstance(values, list) else list(values)
        cepat = self._kategori_cepat(daftar)
        if cepat is None:
            hasil: list[Tingkat | NilaiError | None] = [None] * len(daftar)
            lambat: Iterable[int] = range(len(daftar))
        else:
            hasil, lambat = cepat
        for i in lambat:
            value = daftar[i]
            try:
                if type(value) is float and math.isfinite(value):
                    hasil[i] = self._cari(value)
                else:
                    hasil[i] = self.kategori(value)
            except NilaiError as exc:
                hasil[i] = exc
        return hasil  # type: ignore[return-value]

    def _kategori_cepat(
        self, daftar: list[object]
    ) -> tuple[list[Tingkat | NilaiError | None], list[int]] | None:
        """The rows of the plain finite floats that fall in exactly one row of the scale,
        compared with numpy all at once, and the positions of every other value (a hole, an
        overlap, text, blanks), which `kategori_kolom` looks up one by one. None for the whole
        column when it is short, holds no float, or a bound is not a plain number that numpy
        compares exactly as Python does."""
        jenis = set(map(type, daftar))
        if len(daftar) < 16 or float not in jenis:
            return None
        for t in self.tingkat:
            for batas in (t.bawah, t.atas):
                if batas is not None and not (type(batas) in (float, int)
                                              and float(batas) == batas):
                    return None  # NaN, a huge int, an odd type: Python's comparison only
        try:
            import numpy as np
        except ImportError:  # pragma: no cover - numpy is a dependency
            return None
        if jenis == {float}:
            nilai = np.fromiter(daftar, float, len(daftar))
        else:
            nilai = np.array([v if type(v) is float else np.nan for v in daftar], dtype=float)
        terhingga = np.isfinite(nilai)
        cocok = np.zeros(len(daftar), dtype=np.int64)
        indeks = np.zeros(len(daftar), dtype=np.int64)
        with np.errstate(invalid="ignore"):
            for k, t in enumerate(self.tingkat):
                masuk = terhingga.copy()
                if t.bawah is not None:
                    masuk &= (nilai >= t.bawah) if t.bawah_inklusif else (nilai > t.bawah)
                if t.atas is not None:
                    masuk &= (nilai <= t.atas) if t.atas_inklusif else (nilai < t.atas)
                cocok += masuk
                indeks[masuk] = k
        lain = cocok != 1
        indeks[lain] = len(self.tingkat)
        pilihan: list[Tingkat | None] = [*self.tingkat, None]
        return (list(map(pilihan.__getitem__, indeks.tolist())),
                np.flatnonzero(lain).tolist())

    def baris(self) -> list[tuple[object, object, str, str | None]]:
        """The rows in the 4-column form `dari_baris` reads, for writing a Skala sheet."""
        return [(_sel_batas(t.bawah, t.bawah_inklusif, ">"),
                 _sel_batas(t.atas, t.atas_inklusif, "<"), t.label, t.kode)
                for t in self.tingkat]

    def masalah(self) -> list[str]:
        """Holes and overlaps of the scale in Bahasa Indonesia (empty when the scale is sound).

        Every real number should fall in exactly one row; a capaian can be negative (negatif
        indicators) or far above 100, so uncovered ends are reported as well.
        """
        titik = sorted({b for t in self.tingkat for b in (t.bawah, t.atas) if b is not None})
        potongan: list[tuple[float | None, bool, float | None, bool, float]] = []
        if not titik:
            potongan.append((None, False, None, False, 0.0))
        else:
            potongan.append((None, False, titik[0], False, titik[0] - 1))
            for i, v in enumerate(titik):
                potongan.append((v, True, v, True, v))
                nxt = titik[i + 1] if i + 1 < len(titik) else None
                uji = (v + nxt) / 2 if nxt is not None else v + 1
                potongan.append((v, False, nxt, False, uji))

        status = [tuple(t for t in self.tingkat if t.memuat(p[4])) for p in potongan]
        masalah: list[str] = []
        i = 0
        while i < len(potongan):
            j = i
            while j + 1 < len(potongan) and status[j + 1] == status[i]:
                j += 1
            cocok = status[i]
            if len(cocok) != 1:
                lo, lo_incl = potongan[i][0], potongan[i][1]
                hi, hi_incl = potongan[j][2], potongan[j][3]
                rentang = _uraian_interval(lo, lo_incl, hi, hi_incl)
                if not cocok:
                    masalah.append(f"celah: nilai {rentang} tidak masuk tingkat mana pun"
                                   f"{_contoh(lo, hi)}")
                else:
                    daftar = " dan ".join(t.nama() for t in cocok)
                    masalah.append(f"tumpang tindih: nilai {rentang} masuk {daftar}")
            i = j + 1
        return masalah

    def __str__(self) -> str:
        judul = f"Skala {self.nama}: " if self.nama else "Skala: "
        return judul + "; ".join(
            f"{t.uraian()} {t.label}" + (f" ({t.kode})" if t.kode else "") for t in self.tingkat
        )


def _contoh(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None and lo != hi:
        return f", mis. {format_angka((lo + hi) / 2)}"
    return ""


def _seperti_judul(bawah: object, atas: object) -> bool:
    """A header row: both bound cells are text that cannot be read as a bound."""
    if not (isinstance(bawah, str) and isinstance(atas, str)):
        return False
    if is_blank(bawah) or is_blank(atas):
        return False
    for cell, sisi in ((bawah, "bawah"), (atas, "atas")):
        try:
            _baca_batas(cell, sisi, 1)
            return False
        except NilaiError:
            pass
    return True


def _kunci_preset(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _buat(nama: str, rows: list[tuple[object, object, str, str]]) -> Skala:
    return Skala.dari_baris(rows, nama=nama)


PRESETS: dict[str, Skala] = {
    # Boyolali LKjIP 2020, BAB III: "Lebih dari 100 % = Sangat baik; 76 % sampai 100 % = Baik;
    # 56 % sampai 75 % = Cukup; Kurang dari 55 % = Kurang". Holes kept as printed.
    "BOYOLALI": _buat("BOYOLALI", [
        (">100", None, "Sangat Baik", "SB"),
        (76, 100, "Baik", "B"),
        (56, 75, "Cukup", "C"),
        (None, "<55", "Kurang", "K"),
    ]),
    # The common 4-level scale with bounds 110, 90 and 60, without holes.
    "110-90-60": _buat("110-90-60", [
        (">110", None, "Sangat Baik", "SB"),
        (90, 110, "Baik", "B"),
        (60, "<90", "Cukup", "C"),
        (None, "<60", "Kurang", "K"),
    ]),
    # Permendagri 86/2017 evaluation scale as printed (integer bounds: 90,5 is in a hole).
    "PERMENDAGRI86": _buat("PERMENDAGRI86", [
        (91, None, "Sangat Tinggi", "ST"),
        (76, 90, "Tinggi", "T"),
        (66, 75, "Sedang", "S"),
        (51, 65, "Rendah", "R"),
        (None, 50, "Sangat Rendah", "SR"),
    ]),
    # The same five levels with the gaps closed (each upper bound inclusive, lower exclusive).
    "PERMENDAGRI86-KONTINU": _buat("PERMENDAGRI86-KONTINU", [
        (">90", None, "Sangat Tinggi", "ST"),
        (">75", 90, "Tinggi", "T"),
        (">65", 75, "Sedang", "S"),
        (">50", 65, "Rendah", "R"),
        (None, 50, "Sangat Rendah", "SR"),
    ]),
}

_ALIAS: dict[str, frozenset[str]] = {
    "BOYOLALI": frozenset({"boyolali", "boyolali2020", "skalaboyolali"}),
    "110-90-60": frozenset({"1109060", "skala1109060", "empattingkat", "4tingkat"}),
    "PERMENDAGRI86": frozenset({"permendagri86", "permendagri862017", "permendagri86tahun2017",
                                "permendagrinomor86tahun2017", "permendagrino86tahun2017"}),
    "PERMENDAGRI86-KONTINU": frozenset({"permendagri86kontinu", "permendagri862017kontinu",
                                        "permendagri86tanpacelah"}),
}


def daftar_preset() -> list[str]:
    """Names of the built-in scales, as a user types them."""
    return list(PRESETS)


def skala_dari(value: object) -> Skala:
    """A `Skala` from what a worksheet function receives: a preset name or a range of rows."""
    if isinstance(value, Skala):
        return value
    if isinstance(value, str):
        if is_excel_error(value):
            raise NilaiError(f"skala berisi galat {value.strip().upper()}", VALUE)
        return Skala.preset(value)
    if value is None:
        raise NilaiError("skala belum diisi: rujuk rentang skala atau tulis nama skala "
                         f"({', '.join(PRESETS)})", VALUE)
    if isinstance(value, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
        if len(rows) == 1 and len(rows[0]) == 1:
            return skala_dari(rows[0][0])
        if rows and all(len(r) == 1 for r in rows):
            raise NilaiError("skala harus punya minimal 3 kolom: batas bawah, batas atas, "
                             "label (dan kode bila ada)", VALUE)
        return Skala.dari_baris(rows)
    raise NilaiError(f"skala '{value}' tidak dikenal; rujuk rentang skala atau tulis nama "
                     f"skala ({', '.join(PRESETS)})", VALUE)
