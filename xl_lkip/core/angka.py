"""Reading numbers the way Indonesian reports write them.

Reports mix Indonesian (``1.914.251.000,00``, ``94,37 %``) and English (``2,804,150,926``)
notation and are full of typos (``2.67.338.000``, ``.83.244.600``, ``1.491.546,452``).
A wrong guess silently corrupts every total built on it, so anything ambiguous is refused
with a reason in Bahasa Indonesia instead of guessed. The rules are written down for users
in ``docs/FUNGSI.md`` (section ANGKA); keep the two in step.
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections import Counter

from xl_lkip.core.errors import EXCEL_ERRORS, NUM, VALUE, NilaiError
from xl_lkip.core.lazyre import LazyPattern
from xl_lkip.core.record import record

__all__ = [
    "EN",
    "ID",
    "AngkaError",
    "format_angka",
    "is_blank",
    "is_excel_error",
    "normalisasi_gaya",
    "parse_angka",
    "parse_angka_kolom",
    "tebak_gaya",
]

ID = "id"
"""Indonesian style: '.' groups thousands, ',' is the decimal sign (1.914.251.000,00)."""
EN = "en"
"""English style: ',' groups thousands, '.' is the decimal sign (2,804,150,926.00)."""


class AngkaError(NilaiError):
    """A value that is not a clear number; `teks` is the offending input as text."""

    def __init__(self, pesan: str, kode: str = VALUE, teks: str = "") -> None:
        super().__init__(pesan, kode)
        self.teks = teks


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ",
                         "\t": " "})
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
# "Rp 478.650.000,-", "Rp 2.804.150.926,00.-", "3.078.891.417.-": the rupiah "no cents" mark.
_TRAILING_DASH = re.compile(r"(?<=\d)\s*[.,]?\s*-$")
_UNIT = re.compile(r"^(?P<angka>.*\d)\s*(?P<satuan>[^\W\d_][^\W\d_ ./]*(?:[ ./]+[^\W\d_]+)*\.?)$")
_MULTIPLIERS = frozenset({"rb", "ribu", "jt", "juta", "m", "miliar", "milyar", "t", "triliun",
                          "k", "thousand", "million", "billion", "mio", "mn", "bn"})
_CORE = re.compile(r"^[0-9.,]+$")


def is_blank(value: object) -> bool:
    """True for what a user would call an empty cell: None, "", spaces only, NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.translate(_SPACES).strip() == ""
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            return math.isnan(float(value))
        except (TypeError, ValueError, OverflowError):
            return False
    return False


def is_excel_error(value: object) -> bool:
    """True for an Excel error value as xlwings/openpyxl hand it over ("#N/A", "#DIV/0!" …)."""
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def _refuse(teks: str, alasan: str, kode: str = VALUE) -> AngkaError:
    return AngkaError(f"'{teks}' bukan angka yang jelas: {alasan}", kode, teks)


def normalisasi_gaya(value: object) -> str | None:
    """Return ID, EN or None (decide per cell) for what a user types as the number style."""
    if is_blank(value):
        return None
    key = re.sub(r"[^a-z]", "", str(value).lower())
    if key in {"id", "ind", "indonesia", "indonesian"}:
        return ID
    if key in {"en", "eng", "inggris", "english", "us", "uk"}:
        return EN
    if key in {"auto", "otomatis", "tebak"}:
        return None
    raise NilaiError(f"gaya angka '{value}' tidak dikenal; tulis 'id' (1.234,56) atau "
                     "'en' (1,234.56)", VALUE)


def parse_angka(value: object, *, gaya: str | None = None, izinkan_satuan: bool = True) -> float:
    """Return `value` as a float, or raise `AngkaError` saying why it is not a clear number.

    Numbers pass through (bool, NaN and infinity are refused). Text is read by the rules in
    docs/FUNGSI.md: Indonesian or English grouping, "Rp", a trailing ",-", a percent sign
    (the result is the percent points: "97,15 %" -> 97.15), negatives written "-5" or "(5)",
    and, when `izinkan_satuan`, a unit word after the number ("38 Kegiatan" -> 38).
    `gaya` (ID or EN, e.g. from `tebak_gaya` on the rest of the column) settles the one
    ambiguous shape, a single separator followed by exactly three digits ("1.500", "300,000").
    """
    if value is None:
        raise AngkaError("kosong (sel tidak berisi angka)", VALUE, "")
    if isinstance(value, bool):
        raise AngkaError(f"nilai logika {str(value).upper()} bukan angka", VALUE, str(value))
    if isinstance(value, (int, float)) or (
        isinstance(value, numbers.Real) and not isinstance(value, bool)
    ):
        try:
            number = float(value)
        except OverflowError:
            raise AngkaError("angka terlalu besar untuk dihitung", NUM, str(value)[:20]) from None
        if math.isnan(number):
            raise AngkaError("kosong (sel tidak berisi angka)", VALUE, "")
        if math.isinf(number):
            raise AngkaError("angka tak hingga tidak dapat dihitung", NUM, str(value))
        return number
    # Decimal and datetime values exist only when their modules are loaded; looked up so,
    # reading a workbook does not import them.
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise AngkaError(f"'{value}' bukan angka terhingga", NUM, str(value))
        return float(value)
    _dt = sys.modules.get("datetime")
    if _dt is not None and isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        raise AngkaError(f"'{value}' adalah tanggal/waktu, bukan angka", VALUE, str(value))
    if not isinstance(value, str):
        raise AngkaError(f"nilai bertipe {type(value).__name__} bukan angka", VALUE, repr(value))
    return _parse_teks(value, izinkan_satuan, gaya)


def _parse_teks(original: str, izinkan_satuan: bool, gaya: str | None) -> float:
    teks = original.translate(_SPACES).translate(_DASHES).strip()
    shown = original.strip()
    if teks == "":
        raise AngkaError("kosong (sel tidak berisi angka)", VALUE, original)
    if teks.upper() in EXCEL_ERRORS:
        raise AngkaError(f"sel berisi galat {teks.upper()}", teks.upper(), original)
    if teks in {"-", "--"}:
        raise _refuse(shown, "tanda '-' berarti tidak ada nilai; isi angkanya atau kosongkan")

    negatif = False
    if teks.startswith("(") and teks.endswith(")"):
        negatif = True
        teks = teks[1:-1].strip()
    if teks[:1] in ("+", "-"):
        negatif = negatif != (teks[0] == "-")
        teks = teks[1:].strip()
    rp = _CURRENCY.match(teks)
    if rp:
        teks = teks[rp.end():]
        if teks[:1] in ("+", "-") and not negatif:
            negatif = teks[0] == "-"
            teks = teks[1:].strip()
    teks = _TRAILING_DASH.sub("", teks).strip()

    unit = _UNIT.match(teks)
    if unit:
        satuan = unit.group("satuan").strip()
        if satuan.lower().rstrip(".") in _MULTIPLIERS:
            raise _refuse(shown, f"'{satuan}' adalah pengali; tulis angka lengkapnya "
                                 "(mis. 1.500.000 bukan 1,5 juta)")
        if not izinkan_satuan:
            raise _refuse(shown, f"ada teks '{satuan}' di belakang angka")
        teks = unit.group("angka").strip()

    persen = False
    if teks.endswith("%"):
        persen = True
        teks = teks[:-1].strip()
    if "%" in teks:
        raise _refuse(shown, "tanda % harus tepat di belakang angka")
    if teks == "":
        if persen:
            raise _refuse(shown, "hanya tanda %, angkanya tidak ada")
        raise _refuse(shown, "tidak berisi angka")
    if rp and persen:
        raise _refuse(shown, "'Rp' dan '%' bersamaan")

    if not any(ch.isdigit() for ch in teks):
        raise _refuse(shown, "tidak berisi angka (tulis dengan angka, bukan kata)")
    if " " in teks:
        raise _refuse(shown, "ada spasi di tengah angka")
    if not _CORE.match(teks):
        raise _refuse(shown, "ada huruf atau tanda lain di tengah angka")

    hasil = _baca_inti(teks, shown, gaya)
    hasil = -hasil if negatif else hasil
    if math.isinf(hasil):
        raise _refuse(shown, "angka terlalu besar", NUM)
    return hasil


def _cek_kelompok(kelompok: list[str], shown: str) -> None:
    """Validate thousands groups: first 1-3 digits without a leading zero, the rest exactly 3."""
    pertama = kelompok[0]
    if not 1 <= len(pertama) <= 3:
        raise _refuse(shown, f"kelompok pertama '{pertama}' harus 1 sampai 3 angka")
    if pertama.startswith("0"):
        raise _refuse(shown, f"kelompok ribuan diawali angka 0 ('{pertama}')")
    for grup in kelompok[1:]:
        if len(grup) != 3:
            raise _refuse(shown, f"kelompok ribuan '{grup}' berisi {len(grup)} angka "
                                 "(seharusnya 3); periksa pemisah ribuan")


def _baca_inti(teks: str, shown: str, gaya: str | None = None) -> float:
    """Read digits with '.' and ',' separators by the documented rules."""
    if teks[0] in ".,":
        raise _refuse(shown, "diawali tanda pemisah (titik/koma)")
    if teks[-1] in ".,":
        raise _refuse(shown, "diakhiri tanda pemisah (titik/koma)")
    if re.search(r"[.,]{2}", teks):
        raise _refuse(shown, "dua tanda pemisah berurutan")
    titik, koma = teks.count("."), teks.count(",")
    if titik == 0 and koma == 0:
        return float(teks)

    if titik and koma:
        desimal_sep = "." if teks.rfind(".") > teks.rfind(",") else ","
        ribuan_sep = "," if desimal_sep == "." else "."
        utuh, desimal = teks.rsplit(desimal_sep, 1)
        if desimal_sep in utuh:
            raise _refuse(shown, "titik dan koma bercampur tidak beraturan")
        _cek_kelompok(utuh.split(ribuan_sep), shown)
        if len(desimal) == 3:
            raise _refuse(shown, f"tiga angka '{desimal}' setelah pemisah desimal pada angka "
                                 "berpemisah ribuan; mungkin salah ketik pemisah ribuan")
        return float(utuh.replace(ribuan_sep, "") + "." + desimal)

    sep = "." if titik else ","
    bagian = teks.split(sep)
    if len(bagian) > 2:
        _cek_kelompok(bagian, shown)
        return float("".join(bagian))

    utuh, pecahan = bagian
    if utuh.strip("0") == "":
        return float((utuh or "0") + "." + pecahan)
    if len(pecahan) <= 2:
        return float(utuh + "." + pecahan)
    if len(pecahan) == 3:
        ribuan = {ID: sep == ".", EN: sep == ","}.get(gaya or "", None if sep == "," else True)
        if ribuan is None:
            saran = (f"{utuh},{pecahan.rstrip('0')}" if pecahan.endswith("0")
                     else "ketik sebagai angka, bukan teks,")
            raise _refuse(shown, f"bisa berarti ribuan ({utuh}.{pecahan}) atau desimal "
                                 f"({utuh},{pecahan}); tulis {utuh}.{pecahan} bila ribuan, "
                                 f"atau {saran} bila desimal")
        if ribuan:
            _cek_kelompok(bagian, shown)
            return float(utuh + pecahan)
        return float(utuh + "." + pecahan)
    if len(pecahan) % 3 == 0:
        raise _refuse(shown, f"{len(pecahan)} angka setelah pemisah; tampak seperti kelompok "
                             "ribuan yang kehilangan pemisah")
    return float(utuh + "." + pecahan)


_BUKTI_ID = LazyPattern(r"^(?:[1-9]\d{0,2}(?:\.\d{3}){2,}(?:,\d+)?|[1-9]\d{0,2}(?:\.\d{3})+,\d+|"
                       r"[1-9]\d*,\d{1,2})$")
_BUKTI_EN = LazyPattern(r"^(?:[1-9]\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?|[1-9]\d{0,2}(?:,\d{3})+\.\d+|"
                       r"[1-9]\d*\.\d{1,2})$")


def _inti_untuk_gaya(value: str) -> str:
    teks = value.translate(_SPACES).translate(_DASHES).strip().strip("()").lstrip("+-")
    teks = _CURRENCY.sub("", teks)
    teks = _TRAILING_DASH.sub("", teks).strip().rstrip("%").strip()
    unit = _UNIT.match(teks)
    return unit.group("angka").strip().rstrip("%").strip() if unit else teks


def _bukti(value: str) -> int:
    """Evidence of one text cell for `tebak_gaya`: 1 Indonesian, -1 English, 0 none."""
    inti = _inti_untuk_gaya(value)
    if _BUKTI_ID.match(inti):
        return 1
    if _BUKTI_EN.match(inti):
        return -1
    return 0


def tebak_gaya(values: object) -> str | None:
    """Guess the number style of a column from its unambiguous text cells.

    A cell like "32,700,000" or "80.09" is evidence for English style, "1.149.223.000" or
    "98,78" for Indonesian. The style with strictly more evidence wins; a tie or no evidence
    gives None (each cell is then read on its own). Cells whose whole part is 0 ("0,00") are
    ignored: they are filler and pasted tables mix them into either style.
    """
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        values = [values]
    teks = [value for value in values if isinstance(value, str)]  # type: ignore[union-attr]
    return _tebak_gaya_teks(teks, _analisis(teks))


def _tebak_gaya_teks(teks: list[str], analisis: _Analisis | None) -> str | None:
    if analisis is None:
        bukti = Counter(map(_bukti, teks))
    else:
        # Plain cells (digits, '.' and ',') are judged once per shape; the rest one by one.
        lain = {b for b, (murni, _, _) in analisis.info.items() if not murni}
        bukti = Counter(map(_bukti, [v for v, b in zip(teks, analisis.bentuk, strict=True)
                                     if b in lain])) if lain else Counter()
        jelas = {b: arah for b, (murni, arah, _) in analisis.info.items() if murni and arah}
        if len({*jelas.values(), *(k for k, v in bukti.items() if v and k)}) > 1:
            # evidence both ways: count the cells of each shape
            jumlah = Counter(analisis.bentuk)
            for b, arah in jelas.items():
                bukti[arah] += jumlah[b]
        else:  # one way or none: any one cell decides
            for arah in jelas.values():
                bukti[arah] = 1
    id_, en = bukti[1], bukti[-1]
    if id_ > en:
        return ID
    if en > id_:
        return EN
    return None


# --- the fast path for whole columns ---------------------------------------------------------
#
# A column of pasted amounts is mostly in a handful of canonical shapes ("1.914.251.000,00",
# "2,804,150,926.50", "98,78", "38"). Those are recognised by their shape (digits replaced by
# 'd', a leading '0' by 'z'), judged once per distinct shape, and converted in bulk; every
# other cell goes through `parse_angka` as before. The canonical shapes are exactly those that
# `parse_angka` reads the same way whatever the style (gaya) and whatever follows, so the bulk
# result is the value `parse_angka` would give: the same digits reach `float` in both paths.

_DESIMAL = r"(?:[0-9]{1,2}|[0-9]{4,})"  # not 3 digits: "1.234,567" is refused
_KANON = LazyPattern(
    r"(?:[0-9]+(?:[.,][0-9]{1,2})?"  # 38, 98,78, 80.09, 0,5
    rf"|[1-9][0-9]{{0,2}}(?:(?:\.[0-9]{{3}}){{2,}}(?:,{_DESIMAL})?|\.[0-9]{{3}},{_DESIMAL})"
    rf"|[1-9][0-9]{{0,2}}(?:(?:,[0-9]{{3}}){{2,}}(?:\.{_DESIMAL})?|,[0-9]{{3}}\.{_DESIMAL}))"
)
_BENTUK = str.maketrans({**dict.fromkeys("0123456789", "d"), "\x00": "z", "d": "#", "z": "#"})
_MURNI = frozenset("dz.,")
_KE_ID = str.maketrans({".": None, ",": "."})  # "1.234,5" -> "1234.5"
_KE_EN = str.maketrans({",": None})  # "1,234.5" -> "1234.5"


@record(frozen=True)
class _Analisis:
    """What one look at a column's text cells found."""

    gabung: str  # the text cells joined by line breaks
    bentuk: list[str]  # the shape of each cell
    info: dict[str, tuple[bool, int, str | None]]  # shape -> plain, evidence, conversion


def _analisis(teks: list[str]) -> _Analisis | None:
    """The shape of every text cell and, per distinct shape, (plain, evidence, conversion).

    Plain shapes hold only digits, '.' and ','; their evidence for `tebak_gaya` is 1, -1 or 0
    and their conversion ID or EN when the shape is canonical ("" for digits only, None for
    the rest). None when a cell holds a line break or a NUL (the cells cannot be told apart
    in bulk then).
    """
    gabung = "\n".join(teks)
    if gabung.count("\n") != len(teks) - 1 or "\x00" in gabung:
        return None
    if gabung.startswith("0") or "\n0" in gabung:  # mark a leading 0 (not a valid group)
        gabung_0 = ("\n" + gabung).replace("\n0", "\n\x00")[1:]
    else:
        gabung_0 = gabung
    bentuk = gabung_0.translate(_BENTUK).split("\n")
    info: dict[str, tuple[bool, int, str | None]] = {}
    for b in set(bentuk):
        if not set(b) <= _MURNI:
            info[b] = (False, 0, None)
            continue
        wakil = b.replace("z", "0").replace("d", "1")  # same verdicts as every cell of shape b
        jenis = None
        if _KANON.fullmatch(wakil):
            titik, koma = wakil.rfind("."), wakil.rfind(",")
            if titik >= 0 and koma >= 0:
                jenis = ID if koma > titik else EN
            elif koma >= 0:
                jenis = EN if wakil.count(",") > 1 else ID
            elif titik >= 0:
                jenis = ID if wakil.count(".") > 1 else EN
            else:
                jenis = ""  # digits only: either conversion
        info[b] = (True, _bukti(wakil), jenis)
    return _Analisis(gabung, bentuk, info)


def _angka_teks_cepat(teks: list[str],
                      analisis: _Analisis | None = None) -> tuple[list[float], list[int]]:
    """The text cells in canonical shapes as floats, and the positions of the other cells
    (NaN in the list), which only `parse_angka` can read or refuse."""
    if analisis is None:
        analisis = _analisis(teks)
    if analisis is None:
        return [math.nan] * len(teks), list(range(len(teks)))
    jenis_bentuk = {b: j for b, (_, _, j) in analisis.info.items()}
    jenis = set(jenis_bentuk.values()) - {""}
    if None not in jenis and len(jenis) <= 1:  # one conversion for the whole column
        tabel = _KE_EN if EN in jenis else _KE_ID
        hasil = list(map(float, analisis.gabung.translate(tabel).split("\n")))
        lambat: list[int] = []
    else:
        hasil = [math.nan] * len(teks)
        per_sel = list(map(jenis_bentuk.__getitem__, analisis.bentuk))
        lambat = [i for i, j in enumerate(per_sel) if j is None]
        for gaya, tabel in ((ID, _KE_ID), (EN, _KE_EN)):
            indeks = [i for i, j in enumerate(per_sel) if j == gaya or (j == "" and gaya == ID)]
            if not indeks:
                continue
            nilai = "\n".join([teks[i] for i in indeks]).translate(tabel).split("\n")
            for i, x in zip(indeks, map(float, nilai), strict=True):
                hasil[i] = x
    if math.inf in hasil:  # more than 308 digits: parse_angka says "terlalu besar"
        lambat = sorted({*lambat, *(i for i, x in enumerate(hasil) if x == math.inf)})
    return hasil, lambat


def parse_angka_kolom(values: object, gaya: str | None = "auto",
                      izinkan_satuan: bool = True) -> list[float | NilaiError]:
    """`parse_angka` for a column: one float or one `NilaiError` per cell.

    With gaya "auto" the style is guessed from the column itself (`tebak_gaya`), so "300,000"
    among "32,700,000" and "2,804,150,926" reads as 300000, as a reader of the table would.
    """
    daftar = list(values) if not isinstance(values, str) else [values]  # type: ignore[call-overload]
    posisi: list[int] | None = None
    try:  # a column of text only, as pasted amounts usually are
        teks: list[str] = daftar  # type: ignore[assignment]
        analisis = _analisis(teks)
    except TypeError:  # numbers and blanks among the text: "\n".join refused them
        posisi = [i for i, v in enumerate(daftar) if isinstance(v, str)]
        teks = [daftar[i] for i in posisi]  # type: ignore[misc]
        analisis = _analisis(teks)
    pilihan = _tebak_gaya_teks(teks, analisis) if gaya == "auto" else normalisasi_gaya(gaya)

    cepat, lambat = _angka_teks_cepat(teks, analisis)
    if posisi is None:
        hasil: list[object] = cepat  # type: ignore[assignment]
    else:
        isfinite = math.isfinite
        hasil = [math.nan] * len(daftar)
        lambat = [posisi[i] for i in lambat]
        for i, v in enumerate(daftar):
            if type(v) is float and isfinite(v):
                hasil[i] = v
            elif not isinstance(v, str):
                lambat.append(i)
        for i, x in zip(posisi, cepat, strict=True):
            hasil[i] = x
        lambat.sort()
    for i in lambat:
        try:
            hasil[i] = parse_angka(daftar[i], gaya=pilihan, izinkan_satuan=izinkan_satuan)
        except NilaiError as exc:
            hasil[i] = exc
    return hasil  # type: ignore[return-value]


def format_angka(nilai: float, desimal: int = 2) -> str:
    """Format a number the Indonesian way for messages: 1.914.251.000 or 106,79."""
    if math.isnan(nilai):
        return "NaN"
    if math.isinf(nilai):
        return "tak hingga" if nilai > 0 else "minus tak hingga"
    teks = f"{abs(nilai):,.{desimal}f}"
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    teks = teks.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if teks in {"0", ""}:
        return "0"
    return ("-" if nilai < 0 else "") + teks
