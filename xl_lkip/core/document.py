"""The LKjIP draft (BAB II, BAB III A/B, Lampiran) as engine-independent content.

The hand-written text around the tables is where published reports go wrong ("4 indikator"
over a table of 9 rows). Here every number or count in a sentence is read from a report
table as the engine laid it out (`Hasil.layouts`) and formatted by the one function that
also formats the table cells (`tampil`), so text and tables agree by construction. The
Word writer (xl_lkip.files.word) only renders this content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import schema
from .angka import format_angka
from .findings import GALAT, Temuan, format_id
from .grid import split_ref
from .layout import SheetLayout, cell_style
from .model import LkipData, as_number, indicators
from .record import field, record

if TYPE_CHECKING:
    from .engine import Hasil

BELUM = "(belum diisi)"
TIDAK_TERHITUNG = "-"  # what a report cell shows for a value that cannot be computed
_DATA_KINDS = {"text", "text_r", "code", "money", "money_sen", "percent", "number", "decimal",
               "int", "kategori"}


# --- the content ------------------------------------------------------------------------------


@record
class Paragraf:
    """One paragraph; `gaya` names its role (judul1-4, isi, butir, keterangan, sampul, ttd...)."""

    kunci: str  # stable id: a re-generation replaces the paragraph with the same kunci
    teks: str
    gaya: str = "isi"
    tebal: bool = False
    halaman_baru: bool = False  # starts a new page


@record
class Tabel:
    """A table as it is printed: header rows (with merges), a column-number row, body rows."""

    kunci: str
    judul: str  # caption above the table ("Tabel 3.1 Pengukuran Kinerja")
    kepala: list[list[str | None]]  # header rows; None = covered by a merge
    gabung: list[tuple[int, int, int, int]]  # header merges (row0, col0, row1, col1), inclusive
    baris: list[list[str]]  # body cells, formatted
    gaya_baris: list[str]  # per body row: "", "sub" or "total"
    rata: list[str]  # per column: "left", "center" or "right"
    lebar: list[float]  # column widths in characters; numbers get theirs, text shares the rest
    sumber: str = ""  # "Sumber: ..." line under the table
    lentur: list[bool] = field(default_factory=list)  # per column: long text, may take the room left

    @property
    def n_kolom(self) -> int:
        return len(self.rata)


@record
class Dokumen:
    judul: str
    isi: list[Paragraf | Tabel]
    kurang: list[str] = field(default_factory=list)  # what the draft shows as "(belum diisi)"
    n_galat: int = 0
    kosong: bool = False  # no indicator and no budget line: nothing to report on

    def tabel(self) -> list[Tabel]:
        return [b for b in self.isi if isinstance(b, Tabel)]

    def paragraf(self) -> list[Paragraf]:
        return [b for b in self.isi if isinstance(b, Paragraf)]


# --- numbers as the tables show them ----------------------------------------------------------


def tampil(value: Any, style: str = "text") -> str:
    """A cell value as its report sheet shows it, in Indonesian notation (1.914.251.000; 94,37).

    Tables and sentences both call this, so a number in the text is the table's number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int | float):
        fmt = cell_style(style).number_format
        number = float(value)
        if fmt is None:
            return format_angka(number, 2)
        whole, _, frac = fmt.partition(".")
        decimals = len(frac)
        text = format_id(number, decimals) if "," in whole else \
            f"{number:.{decimals}f}".replace(".", ",")
        return text.lstrip("-") if text.lstrip("-").strip("0.,") == "" else text
    return str(value).strip()


# --- the report tables as laid out -------------------------------------------------------------


@record
class Sel:
    nilai: Any
    teks: str


@record
class TabelLaporan:
    """One report table read back from its sheet layout, merged-away columns removed."""

    sheet: str
    judul: str
    kepala: list[list[str | None]]
    gabung: list[tuple[int, int, int, int]]
    nama: list[str]  # one name per column (header texts top to bottom)
    baris: list[list[Sel]]
    gaya_baris: list[str]
    gaya_sel: list[list[str]]

    def kolom(self, *kata: str, kecuali: tuple[str, ...] = ()) -> int | None:
        """The first column whose name holds every word and none of `kecuali` (any case)."""
        for j, name in enumerate(self.nama):
            low = name.casefold()
            if all(k.casefold() in low for k in kata) and not any(x.casefold() in low for x in kecuali):
                return j
        return None

    def data(self) -> list[int]:
        return [i for i, g in enumerate(self.gaya_baris) if g != "total"]

    def total(self) -> int | None:
        return next((i for i, g in enumerate(self.gaya_baris) if g == "total"), None)

    def sel(self, i: int | None, j: int | None) -> Sel:
        if i is None or j is None:
            return Sel(None, "")
        return self.baris[i][j]


def _cells(src: TabelLaporan, i: int, cols: list[int]) -> list[str]:
    """Row i's texts in the chosen columns; a total row whose label is in a column left out
    keeps its label ("JUMLAH") in the first text column shown."""
    out = [src.baris[i][c].teks for c in cols]
    if src.gaya_baris[i] == "total" and not any(t and not _is_number(t) for t in out):
        label = next((c.teks for c in src.baris[i] if c.teks and not _is_number(c.teks)), "")
        first = next((k for k, c in enumerate(cols) if src.gaya_sel[i][c] == "text"), None)
        if label and first is not None and not out[first]:
            out[first] = label
    return out


def _is_number(teks: str) -> bool:
    return bool(re.fullmatch(r"-?[\d.,]+", teks)) or teks == TIDAK_TERHITUNG


def _merge_map(merges: Iterable[str]) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(row, col) -> (top, left, bottom, right) of the merge covering it."""
    out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in merges:
        a, _, b = rng.partition(":")
        if not b:
            continue
        (r0, c0), (r1, c1) = split_ref(a), split_ref(b)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = (r0, c0, r1, c1)
    return out


def tabel_laporan(layout: SheetLayout) -> list[TabelLaporan]:
    """The tables of a report sheet layout, as a reader of the sheet sees them."""
    merges = _merge_map(layout.merges)
    out = []
    for b in layout.blocks:
        if not b.styles or b.styles[0][:1] != ["table_title"]:
            continue
        rows = range(1, len(b.values))
        width = b.width

        def covered(i: int, j: int, b: Any = b) -> tuple[int, int, int, int] | None:
            m = merges.get((b.top + i, b.left + j))
            return m if m and (m[0], m[1]) != (b.top + i, b.left + j) else None

        keep = [j for j in range(width)
                if not all((m := covered(i, j)) and m[1] < b.left + j for i in rows)]
        pos = {j: k for k, j in enumerate(keep)}
        kepala: list[list[str | None]] = []
        gabung: list[tuple[int, int, int, int]] = []
        baris: list[list[Sel]] = []
        gaya_baris: list[str] = []
        gaya_sel: list[list[str]] = []
        for i in rows:
            vals, sts = b.values[i], b.styles[i]
            base = sts[0].partition("+")[0] if sts else "text"
            if base == "header":
                r = len(kepala)
                kepala.append([None if covered(i, j) else _text(vals[j]) for j in keep])
                for j in keep:
                    m = merges.get((b.top + i, b.left + j))
                    if m and (m[0], m[1]) == (b.top + i, b.left + j) and (m[2] > m[0] or m[3] > m[1]):
                        right = max((pos[c - b.left] for c in range(m[1], m[3] + 1)
                                     if c - b.left in pos), default=pos[j])
                        gabung.append((r, pos[j], r + m[2] - m[0], right))
            elif base in ("colnum", "note", "title", "subtitle", "table_title"):
                continue  # the column numbers are redrawn; notes are not table rows
            else:
                cells = [vals[j] if j < len(vals) else None for j in keep]
                styles = [sts[j] if j < len(sts) else "text" for j in keep]
                baris.append([Sel(v, tampil(v, s)) for v, s in zip(cells, styles, strict=True)])
                gaya_sel.append([s.partition("+")[0] for s in styles])
                gaya_baris.append(next((s.partition("+")[2] for s in styles if "+" in s), ""))
        nama = [" ".join(t for t in (row[k] for row in kepala) if t) for k in range(len(keep))]
        out.append(TabelLaporan(layout.sheet, _text(b.values[0][0]), kepala, gabung, nama, baris,
                                gaya_baris, gaya_sel))
    return out


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def _lebar(header: str, texts: list[str], rata: str) -> float:
    """A column's width in characters: its header's longest word unbroken, numbers on one
    line, long text wrapped over a few lines (the writer turns it into page width)."""
    word = -(-max((len(w) for w in header.split()), default=2) * 11 // 10)  # bold: a tenth wider
    longest = max((len(t) for t in texts), default=0)
    if rata != "left" or longest <= 12:
        return float(max(3, word, longest + 1))  # + 1: totals are bold
    return float(max(3, word, min(longest, 60) * 0.5 + 4))


def _rata(kinds: list[str]) -> str:
    if kinds and all(k == "text_r" for k in kinds):
        return "right"
    base = next((k for k in kinds if k in _DATA_KINDS and k != "text_r"), "text")
    if base in ("int", "kategori"):
        return "center"
    if base in ("money", "money_sen", "percent", "number", "decimal"):
        return "right"
    return "left"


# --- building the draft -------------------------------------------------------------------------


class _Penyusun:
    """Collects the draft's blocks in order; numbers tables per chapter."""

    def __init__(self, hasil: Hasil) -> None:
        self.data: LkipData = hasil.data
        self.temuan: list[Temuan] = list(hasil.temuan)
        self.isi: list[Paragraf | Tabel] = []
        self.kurang: list[str] = []
        self.bab = ""
        self.nomor = 0
        by_sheet = {lay.sheet: tabel_laporan(lay) for lay in hasil.layouts}
        self.tables = {r.key: by_sheet.get(r.sheet, []) for r in schema.REPORTS}
        ident = self.data.identitas
        self.tahun = ident.get("tahun")
        self.instansi = self.ident("instansi")

    # identitas and missing values
    def ident(self, key: str) -> str:
        v = self.data.identitas.get(key)
        if v is None or str(v).strip() == "":
            self.catat(f"Identitas: {schema.identitas_field(key).label} {BELUM}")
            return BELUM
        return str(v).strip()

    def catat(self, pesan: str) -> None:
        if pesan not in self.kurang:
            self.kurang.append(pesan)

    def cari(self, key: str, *kata: str) -> TabelLaporan | None:
        """The first table of report `key` having columns with all these words."""
        for t in self.tables.get(key, []):
            if all(t.kolom(k) is not None for k in kata):
                return t
        return None

    # blocks
    def p(self, kunci: str, teks: str, gaya: str = "isi", tebal: bool = False,
          halaman_baru: bool = False) -> None:
        self.isi.append(Paragraf(kunci, teks, gaya, tebal, halaman_baru))

    def tabel(self, kunci: str, judul: str, src: TabelLaporan, kolom: list[int] | None = None,
              baris: list[int] | None = None) -> None:
        """A report table, all of it or some columns/rows, numbered in the current chapter."""
        cols = list(range(len(src.nama))) if kolom is None else kolom
        rows = list(range(len(src.baris))) if baris is None else baris
        self.nomor += 1
        pos = {c: k for k, c in enumerate(cols)}
        if kolom is None:
            kepala, gabung = [list(r) for r in src.kepala], list(src.gabung)
        else:  # a projection: one header row of the chosen columns' names
            kepala, gabung = [[src.nama[c] for c in cols]], []
        if not kepala:
            kepala = [[src.nama[c] for c in cols]]
        gabung = [(r0, pos[c0], r1, max(pos[c] for c in range(c0, c1 + 1) if c in pos))
                  for r0, c0, r1, c1 in gabung if c0 in pos]
        rata = [_rata([src.gaya_sel[i][c] for i in rows]) for c in cols]
        lebar = [_lebar(src.nama[c], [src.baris[i][c].teks for i in rows], r)
                 for c, r in zip(cols, rata, strict=True)]
        self.isi.append(Tabel(
            kunci, f"Tabel {self.bab}.{self.nomor} {judul or src.judul}",
            kepala, gabung, [_cells(src, i, cols) for i in rows],
            [src.gaya_baris[i] for i in rows], rata, lebar,
            f"Sumber: lembar {src.sheet}, {self.data.sumber}".rstrip(", "),
            [r == "left" and max((len(src.baris[i][c].teks) for i in rows), default=0) > 12
             for c, r in zip(cols, rata, strict=True)]))

    def bab_baru(self, nomor: str, kunci: str, judul: str) -> None:
        self.bab, self.nomor = nomor, 0
        self.p(kunci, judul, "judul1")


def susun_dokumen(hasil: Hasil) -> Dokumen:
    """The draft of one workbook from the engine's result (`engine.run`)."""
    s = _Penyusun(hasil)
    tahun = s.tahun if s.tahun else BELUM
    if s.tahun is None:
        s.ident("tahun")
    _galat(s)
    s.p("sampul.judul", f"LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN {tahun}", "sampul",
        halaman_baru=bool(s.isi))
    s.p("sampul.instansi", s.instansi.upper() if s.instansi != BELUM else BELUM, "sampul")
    pemda = s.ident("pemda")
    if pemda == BELUM or pemda.casefold() not in s.instansi.casefold():
        s.p("sampul.pemda", pemda.upper() if pemda != BELUM else BELUM, "sampul")
    s.p("sampul.catatan", "Draf ini disusun otomatis oleh xl-lkip dari buku kerja "
        f"{s.data.sumber or 'LKjIP'}. Teks di dalam kotak bertanda xl-lkip diperbarui setiap kali "
        "draf dibuat ulang; tulis analisis Anda di luar kotak tersebut.", "keterangan")
    ukur = s.cari("pengukuran", "indikator", "capaian")
    _bab2(s, ukur)
    _bab3a(s, ukur)
    _bab3b(s)
    _lampiran(s, ukur)
    n_ind = len(ukur.data()) if ukur else 0
    budget = s.cari("anggaran", "realisasi", "serapan")
    kosong = n_ind == 0 and not (budget and budget.data())
    if kosong:
        s.catat("Buku kerja tidak memuat indikator (PK/Realisasi) maupun baris Anggaran")
    judul = f"LKjIP {s.instansi} Tahun {tahun}"
    return Dokumen(judul, s.isi, s.kurang, sum(1 for t in s.temuan if t.tingkat == GALAT), kosong)


def _galat(s: _Penyusun) -> None:
    galat = [t for t in s.temuan if t.tingkat == GALAT]
    if not galat:
        return
    s.p("galat.judul", "PERHATIAN: DATA BELUM LOLOS PEMERIKSAAN", "peringatan")
    s.p("galat.teks", f"Buku kerja {s.data.sumber or ''} masih memuat {len(galat)} kesalahan. Angka "
        "yang berkaitan dengan lokasi di bawah ini dapat salah: perbaiki buku kerja, jalankan "
        "pemeriksaan lagi, lalu buat ulang draf ini sebelum menerbitkannya. Hapus halaman ini "
        "hanya bila semua kesalahan sudah diperbaiki.")
    rows = [[str(i), t.aturan, t.lokasi, t.pesan] for i, t in enumerate(galat, start=1)]
    s.isi.append(Tabel("galat.tabel", "Daftar kesalahan", [["No", "Aturan", "Lokasi", "Pesan"]], [],
                       rows, [""] * len(rows), ["center", "left", "left", "left"],
                       [3, 6, 14, 60], f"Sumber: lembar Pemeriksaan, {s.data.sumber}".rstrip(", "),
                       [False, False, False, True]))


def _sasaran_groups(ukur: TabelLaporan) -> list[tuple[str, list[int]]]:
    """(sasaran, body rows) in table order; a blank Sasaran cell continues the one above."""
    j = ukur.kolom("sasaran")
    groups: list[tuple[str, list[int]]] = []
    for i in ukur.data():
        name = ukur.baris[i][j].teks if j is not None else ""
        if name or not groups:
            groups.append((name or BELUM, []))
        groups[-1][1].append(i)
    return groups


def _pk_tables(s: _Penyusun, ukur: TabelLaporan | None) -> tuple[TabelLaporan | None, list[int] | None]:
    """The agreement's indicator table: the Tabel PK sheet, else the measured columns of
    Tabel Pengukuran (columns to show, or None for all)."""
    pk = s.cari("pk", "indikator", "target")
    if pk is not None:
        return pk, None
    if ukur is None:
        return None, None
    return ukur, [c for c in (ukur.kolom("no"), ukur.kolom("sasaran"), ukur.kolom("indikator"),
                              ukur.kolom("satuan"), ukur.kolom("target")) if c is not None]


def _bab2(s: _Penyusun, ukur: TabelLaporan | None) -> None:
    s.bab_baru("2", "bab2.judul", "BAB II PERENCANAAN KINERJA")
    s.p("bab2.pk.judul", f"2.1 Perjanjian Kinerja Tahun {s.tahun or BELUM}", "judul2")
    pk, cols = _pk_tables(s, ukur)
    if pk is None or not pk.data():
        s.catat("PK: sasaran dan indikator " + BELUM)
        s.p("bab2.pk.kosong", f"Sasaran, indikator dan target Perjanjian Kinerja {BELUM}.")
    else:
        groups = _sasaran_groups(pk)
        s.p("bab2.pk.teks", f"Perjanjian Kinerja Tahun {s.tahun or BELUM} {s.instansi} memuat "
            f"{len(groups)} sasaran strategis dengan {len(pk.data())} indikator kinerja. "
            "Sasaran strategisnya adalah:")
        for k, (name, _rows) in enumerate(groups, start=1):
            s.p(f"bab2.pk.sasaran{k}", f"{k}. {name}", "butir")
        s.tabel("bab2.pk.tabel", f"Perjanjian Kinerja Tahun {s.tahun or ''}".strip(), pk, cols,
                pk.data())
    s.p("bab2.program.judul", "2.2 Program dan Anggaran", "judul2")
    prog = s.cari("pk", "program", "anggaran")
    if prog is None or not prog.data():
        s.catat("PK Program: program dan anggaran " + BELUM)
        s.p("bab2.program.kosong", f"Program dan anggaran Perjanjian Kinerja {BELUM}.")
        return
    total = prog.sel(prog.total(), prog.kolom("anggaran perubahan"))
    which = "anggaran perubahan"
    if not _has(total.teks):
        total, which = prog.sel(prog.total(), prog.kolom("anggaran")), "anggaran"
    amount = f"Rp\u00a0{total.teks}" if _has(total.teks) else BELUM
    s.p("bab2.program.teks", f"Untuk mewujudkan target kinerja tersebut, {s.instansi} "
        f"melaksanakan {len(prog.data())} program dengan {which} sebesar {amount}, sebagai "
        "berikut:")
    s.tabel("bab2.program.tabel", "", prog)


def _has(teks: str) -> bool:
    """A cell that shows a value (not empty, not the report's "-")."""
    return teks not in ("", TIDAK_TERHITUNG)


def _pct(teks: str) -> str:
    return f"{teks}\u00a0%" if teks and teks != TIDAK_TERHITUNG else TIDAK_TERHITUNG


def _bab3a(s: _Penyusun, ukur: TabelLaporan | None) -> None:
    s.bab_baru("3", "bab3.judul", "BAB III AKUNTABILITAS KINERJA")
    s.p("bab3a.judul", "A. Capaian Kinerja Organisasi", "judul2")
    if ukur is None or not ukur.data():
        s.catat("Realisasi: indikator kinerja " + BELUM)
        s.p("bab3a.kosong", f"Pengukuran kinerja {BELUM}: lembar PK dan Realisasi belum berisi "
            "indikator.")
        return
    jr = ukur.kolom("realisasi")
    if jr is not None and all(ukur.baris[i][jr].nilai in (None, TIDAK_TERHITUNG, "") for i in ukur.data()):
        s.catat("Realisasi: lembar kosong (realisasi " + BELUM + ")")
    per = s.cari("sasaran", "sasaran", "rata-rata")
    jumlah = s.cari("sasaran", "kategori", "jumlah", "persentase")
    n = len(ukur.data())
    parts = []
    if jumlah is not None:
        jk, jn, jp = jumlah.kolom("kategori"), jumlah.kolom("jumlah"), jumlah.kolom("persentase")
        for i in jumlah.data():
            cnt = jumlah.baris[i][jn]
            if not isinstance(cnt.nilai, int | float) or cnt.nilai == 0:
                continue
            label = jumlah.baris[i][jk].teks
            what = "capaiannya belum dapat dihitung" if label.casefold().startswith("tidak dapat") \
                else f"berkategori {label}"
            parts.append(f"{cnt.teks} ({_pct(jumlah.baris[i][jp].teks)}) {what}")
    summary = f"Dari {n} indikator kinerja, " + _join(parts) + "." if parts else \
        f"Terdapat {n} indikator kinerja; kategori capaiannya {BELUM}."
    if per is not None and per.total() is not None:
        t = per.baris[per.total()]
        jm, jkat = per.kolom("rata-rata"), per.kolom("kategori")
        summary += (f" Rata-rata capaian seluruh indikator {_pct(t[jm].teks)}"
                    + (f" (kategori {t[jkat].teks})." if jkat is not None and t[jkat].teks
                       not in ("", TIDAK_TERHITUNG) else "."))
    s.p("bab3a.ringkasan", summary)
    s.tabel("bab3a.tabel.ukur", "", ukur)
    if jumlah is not None:
        s.tabel("bab3a.tabel.kategori", "", jumlah)
    if per is not None:
        s.tabel("bab3a.tabel.sasaran", "", per)
    banding = s.cari("perbandingan", "selisih")
    renstra = s.cari("renstra", "target akhir")
    if banding is not None:
        s.tabel("bab3a.tabel.banding", "", banding)
    if renstra is not None:
        s.tabel("bab3a.tabel.renstra", "", renstra)
    standar = s.cari("standar", "standar")
    if standar is not None and any(_has(standar.sel(i, standar.kolom("standar")).teks)
                                   for i in standar.data()):
        s.tabel("bab3a.tabel.standar", "", standar)
    kegiatan = s.cari("program_kegiatan", "program", "serapan")
    if kegiatan is not None and kegiatan.data():  # the columns the sentences cite
        cols = [kegiatan.kolom(*k) for k in (("no",), ("indikator",), ("program",), ("pagu",),
                                               ("realisasi",), ("serapan",))]
        s.tabel("bab3a.tabel.kegiatan", kegiatan.judul, kegiatan,
                [c for c in cols if c is not None], list(range(len(kegiatan.baris))))
    inds = indicators(s.data)
    groups = _sasaran_groups(ukur)
    eff = s.cari("efisiensi", "serapan", "efisiensi")
    for k, (name, rows) in enumerate(groups, start=1):
        key = f"bab3a.s{k}"
        s.p(f"{key}.judul", f"Sasaran {k}: {name}", "judul3")
        mean = _row_by_name(per, "sasaran", name)
        sentence = f"Sasaran ini diukur dengan {len(rows)} indikator kinerja"
        if mean is not None:
            jm, jkat = per.kolom("rata-rata"), per.kolom("kategori")
            avg = per.baris[mean][jm].teks
            sentence += (f"; capaian rata-ratanya {avg}\u00a0%" if _has(avg)
                         else "; capaian rata-ratanya belum dapat dihitung")
            if jkat is not None and per.baris[mean][jkat].teks not in ("", TIDAK_TERHITUNG):
                sentence += f" (kategori {per.baris[mean][jkat].teks})"
        cats = _count_kategori(ukur, rows)
        if cats:
            sentence += ", terdiri dari " + _join(f"{c} indikator {lab}" for lab, c in cats)
        s.p(f"{key}.teks", sentence + ".")
        s.tabel(f"{key}.tabel", f"Pengukuran Kinerja Sasaran {k}", ukur,
                [c for c in range(len(ukur.nama)) if c != ukur.kolom("sasaran")], rows)
        for i in rows:
            _indikator(s, f"{key}.i{i + 1}", ukur, i, inds, banding, renstra)
        if eff is not None:
            _efisiensi_sasaran(s, key, eff, name)
    for k, (kode, name) in enumerate(_sasaran_tanpa_indikator(s.data, inds), start=len(groups) + 1):
        s.p(f"bab3a.s{k}.judul", f"Sasaran {k}: {name}", "judul3")
        s.p(f"bab3a.s{k}.teks", f"Indikator kinerja sasaran ini {BELUM}.")
        s.catat(f"Renstra: sasaran {kode} tanpa indikator kinerja")


def _join(parts: Iterable[str]) -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def _row_by_name(t: TabelLaporan | None, col: str, name: str) -> int | None:
    if t is None:
        return None
    j = t.kolom(col)
    if j is None:
        return None
    return next((i for i in t.data() if t.baris[i][j].teks == name), None)


def _row_for(t: TabelLaporan, no: str, name: str) -> int | None:
    """The row of an indicator in another per-indicator table: same name, and same No when
    two indicators share a name."""
    j, jn = t.kolom("indikator"), t.kolom("no")
    if j is None:
        return None
    hits = [i for i in t.data() if t.baris[i][j].teks == name]
    if len(hits) > 1 and jn is not None:
        hits = [i for i in hits if t.baris[i][jn].teks == no] or hits
    return hits[0] if hits else None


def _count_kategori(ukur: TabelLaporan, rows: list[int]) -> list[tuple[str, int]]:
    j = ukur.kolom("kategori")
    if j is None:
        return []
    counts: dict[str, int] = {}
    for i in rows:
        label = ukur.baris[i][j].teks
        label = "yang capaiannya belum dapat dihitung" if label in ("", TIDAK_TERHITUNG) \
            else f"berkategori {label}"
        counts[label] = counts.get(label, 0) + 1
    return list(counts.items())


def _sasaran_tanpa_indikator(data: LkipData, inds: list[Any]) -> list[tuple[str, str]]:
    """Sasaran named in Renstra or PK Program that no indicator measures."""
    measured = {x.kode_sasaran for x in inds} | {x.sasaran for x in inds}
    out: dict[str, str] = {}
    for key in ("renstra", "pk_program"):
        table = data.tables.get(key)
        for rec in table.records if table is not None else []:
            kode = rec.get("kode_sasaran")
            if kode and kode not in measured and kode not in out:
                out[kode] = rec.get("sasaran") or kode
    return list(out.items())


def _indikator(s: _Penyusun, key: str, ukur: TabelLaporan, i: int, inds: list[Any],
               banding: TabelLaporan | None, renstra: TabelLaporan | None) -> None:
    row = ukur.baris[i]
    get = lambda *k: row[ukur.kolom(*k)].teks if ukur.kolom(*k) is not None else ""  # noqa: E731
    no, name, satuan = get("no"), get("indikator") or BELUM, get("satuan")
    unit = f"\u00a0{satuan}" if satuan else ""  # a number and its unit stay on one line
    s.p(f"{key}.judul", f"{no}) {name}", "judul4")
    target, real, cap, kat = get("target"), get("realisasi"), get("capaian"), get("kategori")
    has = lambda v: v not in ("", TIDAK_TERHITUNG)  # noqa: E731
    text = f"Target {target}{unit}" if has(target) else f"Target {BELUM}"
    if has(real):
        text += f", realisasi {real}{unit}"
        if has(cap):
            text += f", sehingga capaian {cap}\u00a0%" + (f" (kategori {kat})." if has(kat) else ".")
        else:
            text += "; capaian belum dapat dihitung (lihat lembar Pemeriksaan)."
    else:
        text += f", realisasi {BELUM}, sehingga capaian belum dapat dihitung."
        s.catat(f"Realisasi: indikator '{name}' {BELUM}")
    s.p(f"{key}.capaian", text)
    ind = inds[i] if i < len(inds) and (inds[i].indikator or BELUM) == name else None
    if ind is None:  # the table's row order is the model's: find by name when it is not
        ind = next((x for x in inds if x.indikator == name), None)
    if banding is not None:
        _perbandingan(s, key, banding, no, name, unit, ind)
    if renstra is not None:
        _renstra(s, key, renstra, no, name, unit)
    _standar(s, key, no, name, unit)
    _kegiatan(s, key, no, name)


def _perbandingan(s: _Penyusun, key: str, t: TabelLaporan, no: str, name: str, unit: str,
                  ind: Any) -> None:
    i = _row_for(t, no, name)
    if i is None:
        return
    years = [(nm, t.baris[i][j].teks) for j, nm in enumerate(t.nama)
             if nm.casefold().startswith("realisasi")]
    now = years[-1] if years else None
    before = [(nm, v) for nm, v in years[:-1] if v not in ("", TIDAK_TERHITUNG)]
    diff = t.sel(i, t.kolom("selisih"))
    pct = t.sel(i, t.kolom("perubahan"))
    if now is None or not before or diff.teks in ("", TIDAK_TERHITUNG):
        s.p(f"{key}.banding", f"Realisasi tahun-tahun sebelumnya {BELUM}, sehingga perbandingan "
            "belum dapat dibuat.")
        return
    last_name, last = before[-1]
    value = as_number(diff.nilai) or 0.0
    arah = "tetap" if diff.teks.lstrip("-") in ("0", "0,00") else ("naik" if value > 0 else "turun")
    text = (f"Dibandingkan {last_name.casefold()} sebesar {last}{unit}, {now[0].casefold()} "
            f"({now[1]}{unit}) {arah}")
    if arah != "tetap":
        text += f" {diff.teks.lstrip('-')}" + ("\u00a0poin" if unit == "\u00a0%" else unit)
        if pct.teks not in ("", TIDAK_TERHITUNG):
            text += f" ({pct.teks.lstrip('-')}\u00a0%)"
    if ind is not None and ind.polaritas == "negatif" and arah != "tetap":
        text += "; indikator ini berpolaritas negatif (makin rendah makin baik)"
    text += "."
    if len(before) > 1:
        text += " Realisasi sebelumnya: " + "; ".join(f"{nm.casefold()} {v}{unit}" for nm, v in before) + "."
    plan = next((j for j, nm in enumerate(t.nama) if nm.casefold().startswith("rencana")), None)
    if plan is not None and t.baris[i][plan].teks not in ("", TIDAK_TERHITUNG):
        text += f" {t.nama[plan]}: {t.baris[i][plan].teks}{unit}."
    s.p(f"{key}.banding", text)


def _renstra(s: _Penyusun, key: str, t: TabelLaporan, no: str, name: str, unit: str) -> None:
    i = _row_for(t, no, name)
    if i is None:
        return
    j_akhir = t.kolom("target akhir", kecuali=("capaian", "sifat"))
    akhir, cap = t.sel(i, j_akhir), t.sel(i, t.kolom("capaian"))
    if not _has(akhir.teks):
        s.p(f"{key}.renstra", f"Target akhir Renstra {BELUM}.")
        return
    text = f"{t.nama[j_akhir]} sebesar {akhir.teks}{unit}"
    j_sd = t.kolom("s.d.")
    sifat = t.sel(i, t.kolom("sifat")).teks
    if j_sd is not None and _has(t.baris[i][j_sd].teks) and sifat.casefold() == "kumulatif":
        text += f" (kumulatif; {t.nama[j_sd].casefold()} {t.baris[i][j_sd].teks}{unit})"
    if _has(cap.teks):
        text += f"; capaian terhadap target akhir tersebut {cap.teks}\u00a0%"
    s.p(f"{key}.renstra", text + ".")


def _standar(s: _Penyusun, key: str, no: str, name: str, unit: str) -> None:
    """The national (or provincial) standard, where the Standar Nasional table gives one."""
    t = s.cari("standar", "standar")
    i = _row_for(t, no, name) if t is not None else None
    if i is None:
        return
    std = t.sel(i, t.kolom("standar", kecuali=("capaian",)))
    if not _has(std.teks):
        return
    text = f"{t.nama[t.kolom('standar', kecuali=('capaian',))]} untuk indikator ini {std.teks}{unit}"
    cap, ket = t.sel(i, t.kolom("capaian")), t.sel(i, t.kolom("keterangan"))
    if _has(cap.teks):
        text += f"; realisasi tahun ini {cap.teks}\u00a0% dari standar tersebut"
    if ket.teks:
        text += f" ({ket.teks})"
    s.p(f"{key}.standar", text + ".")


def _kegiatan(s: _Penyusun, key: str, no: str, name: str) -> None:
    """The programs and kegiatan the Program Kegiatan table links to the indicator, with their
    amounts as that table shows them."""
    t = s.cari("program_kegiatan", "program", "serapan")
    if t is None:
        return
    jn, ji, jp = t.kolom("no"), t.kolom("indikator"), t.kolom("program")
    start = next((i for i in t.data() if t.baris[i][jn].teks == no
                  and t.baris[i][ji].teks == name), None)
    if start is None:
        return
    rows = [start]
    for i in range(start + 1, len(t.baris)):
        if t.gaya_baris[i] == "total" or _has(t.baris[i][jn].teks):
            break
        rows.append(i)
    jpagu, jr, js = _pagu_col(t), t.kolom("realisasi"), t.kolom("serapan")
    rows = [i for i in rows if not t.baris[i][jp].teks.startswith("(")]  # "(tidak ada baris ...)"
    if not rows:
        s.p(f"{key}.kegiatan", f"Program/kegiatan pendukung indikator ini {BELUM} (Kode "
            "Indikator di lembar Anggaran).")
        return
    s.p(f"{key}.kegiatan", f"Indikator ini didukung oleh {len(rows)} program/kegiatan:")
    for k, i in enumerate(rows, start=1):
        r = t.baris[i]
        line = f"{k}. {r[jp].teks}: pagu Rp\u00a0{r[jpagu].teks}, realisasi Rp\u00a0{r[jr].teks}"
        if _has(r[js].teks):
            line += f", serapan {r[js].teks}\u00a0%"
        s.p(f"{key}.kegiatan{k}", line, "butir")
    programs = [i for i in rows if t.gaya_baris[i] == "sub"]
    top = programs[0] if len(programs) == 1 else rows[0] if len(rows) == 1 else None
    cap = t.sel(start, t.kolom("capaian"))
    if top is not None and _has(cap.teks) and _has(t.baris[top][js].teks):
        ser = t.baris[top][js]
        verdict = "efisien" if as_number(cap.nilai) >= as_number(ser.nilai) else "kurang efisien"
        s.p(f"{key}.efisiensi", f"Capaian kinerja {cap.teks}\u00a0% dengan serapan anggaran "
            f"{ser.teks}\u00a0%: penggunaan anggaran {verdict}.")


def _pagu_col(t: TabelLaporan) -> int | None:
    """The pagu in force: the last Pagu column that is not the original (murni) one."""
    cols = [j for j, nm in enumerate(t.nama) if "pagu" in nm.casefold()]
    good = [j for j in cols if "murni" not in t.nama[j].casefold()]
    return (good or cols or [None])[-1]


def _efisiensi_sasaran(s: _Penyusun, key: str, t: TabelLaporan, name: str) -> None:
    i = _row_by_name(t, "sasaran", name)
    if i is None:
        return
    cap, pagu = t.sel(i, t.kolom("capaian")), t.sel(i, t.kolom("pagu"))
    real, ser = t.sel(i, t.kolom("realisasi")), t.sel(i, t.kolom("serapan"))
    eff, ket = t.sel(i, t.kolom("efisiensi", kecuali=("capaian",))), t.sel(i, t.kolom("keterangan"))
    if pagu.teks in ("", TIDAK_TERHITUNG):
        s.p(f"{key}.efisiensi", f"Anggaran yang mendukung sasaran ini {BELUM} (Kode Indikator di "
            "lembar Anggaran belum menghubungkan baris anggaran ke indikator sasaran ini).")
        return
    text = f"Anggaran yang mendukung sasaran ini Rp\u00a0{pagu.teks}, terealisasi Rp\u00a0{real.teks}"
    if _has(ser.teks):
        text += f" (serapan {ser.teks}\u00a0%"
        text += f", efisiensi {eff.teks}\u00a0%)" if _has(eff.teks) else ")"
    if cap.teks not in ("", TIDAK_TERHITUNG):
        text += f", dengan capaian kinerja rata-rata {_pct(cap.teks)}"
    text += "."
    if ket.teks:
        text += f" Keterangan: {ket.teks}."
    s.p(f"{key}.efisiensi", text)


def _bab3b(s: _Penyusun) -> None:
    s.p("bab3b.judul", "B. Realisasi Anggaran", "judul2")
    ringkas = s.cari("ringkasan_anggaran", "jenis", "efisiensi")
    t = s.cari("anggaran", "realisasi", "serapan")
    if (t is None or not t.data()) and (ringkas is None or not ringkas.data()):
        s.catat("Anggaran: baris program/kegiatan " + BELUM)
        s.p("bab3b.kosong", f"Realisasi anggaran {BELUM}: lembar Anggaran belum berisi baris "
            "program atau kegiatan.")
        return
    src = ringkas if ringkas is not None and ringkas.total() is not None else t
    tot = src.total()
    pagu, real = src.sel(tot, _pagu_col(src)), src.sel(tot, src.kolom("realisasi"))
    ser, sisa = src.sel(tot, src.kolom("serapan")), src.sel(tot, src.kolom("sisa"))
    eff = src.sel(tot, src.kolom("efisiensi"))
    tahun = s.tahun or BELUM
    if not _has(pagu.teks):
        text = (f"Pagu anggaran Tahun {tahun} belum dapat dijumlahkan karena ada baris yang kosong "
                "atau tidak terbaca (lihat lembar Pemeriksaan).")
    else:
        text = f"Pagu anggaran Tahun {tahun} sebesar Rp\u00a0{pagu.teks}"
        if _has(real.teks):
            text += f" terealisasi Rp\u00a0{real.teks}"
            if _has(ser.teks):
                if not _has(eff.teks) and isinstance(ser.nilai, int | float):
                    # efisiensi = 100 - serapan as shown, so the two add up to 100 on the page
                    eff = Sel(None, tampil(100.0 - (_parse(ser.teks) or 0.0), "percent"))
                text += f" ({ser.teks}\u00a0%)" + (f", efisiensi {eff.teks}\u00a0%" if _has(eff.teks) else "")
        else:
            text += f"; realisasinya {BELUM}"
        if _has(sisa.teks):
            text += f", sisa anggaran Rp\u00a0{sisa.teks}"
        text += "."
    s.p("bab3b.ringkasan", text)
    if ringkas is not None and ringkas.data():
        jj, jp, jr, js = (ringkas.kolom("jenis"), _pagu_col(ringkas), ringkas.kolom("realisasi"),
                          ringkas.kolom("serapan"))
        parts = []
        for i in ringkas.data():
            r = ringkas.baris[i]
            part = f"{r[jj].teks} Rp\u00a0{r[jp].teks}"
            if _has(r[jr].teks):
                part += f" terealisasi Rp\u00a0{r[jr].teks}"
            if js is not None and _has(r[js].teks):
                part += f" ({r[js].teks}\u00a0%)"
            parts.append(part)
        s.p("bab3b.jenis", "Menurut jenis belanja: " + "; ".join(parts) + ".")
        s.tabel("bab3b.tabel.jenis", "", ringkas)
    per_program = s.cari("ringkasan_anggaran", "program", "efisiensi")
    if per_program is not None and per_program.data():
        s.p("bab3b.program", f"Serapan anggaran {len(per_program.data())} program disajikan pada "
            "tabel berikut.")
        s.tabel("bab3b.tabel.program", "", per_program)
    if t is not None and t.data():
        s.p("bab3b.rincian", f"Rincian per program dan kegiatan ({len(t.data())} baris) disajikan "
            "pada tabel berikut.")
        s.tabel("bab3b.tabel.anggaran", "", t)
    eff_t = s.cari("efisiensi", "serapan", "efisiensi")
    if eff_t is not None and eff_t.data():
        s.p("bab3b.efisiensi", "Perbandingan capaian kinerja dengan serapan anggaran per sasaran "
            "disajikan pada tabel berikut.")
        s.tabel("bab3b.tabel.efisiensi", "", eff_t)


def _parse(teks: str) -> float | None:
    try:
        return float(teks.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _lampiran(s: _Penyusun, ukur: TabelLaporan | None) -> None:
    s.p("bagian.lanskap", "", "lanskap")  # the Lampiran's wide tables on landscape pages
    s.bab_baru("L", "lampiran.judul", "LAMPIRAN")
    s.p("lampiran.pk.judul", f"Lampiran 1. Perjanjian Kinerja Tahun {s.tahun or BELUM}", "judul2")
    pk, cols = _pk_tables(s, ukur)
    if pk is not None and pk.data():
        s.tabel("lampiran.pk.tabel", "Sasaran, Indikator dan Target Perjanjian Kinerja", pk, cols,
                pk.data())
    else:
        s.p("lampiran.pk.kosong", f"Sasaran, indikator dan target {BELUM}.")
    prog = s.cari("pk", "program", "anggaran")
    if prog is not None and prog.data():
        s.tabel("lampiran.pk.program", "", prog)
    _tanda_tangan(s, "lampiran.pk.ttd")
    s.p("lampiran.ukur.judul", f"Lampiran 2. Pengukuran Kinerja Tahun {s.tahun or BELUM}", "judul2")
    if ukur is not None and ukur.data():
        s.tabel("lampiran.ukur.tabel", "", ukur)
    else:
        s.p("lampiran.ukur.kosong", f"Pengukuran kinerja {BELUM}.")
    _tanda_tangan(s, "lampiran.ukur.ttd")


def _tanda_tangan(s: _Penyusun, key: str) -> None:
    """The signature block: place and year, office, name, rank and NIP from Identitas."""
    tahun = s.tahun + 1 if isinstance(s.tahun, int) else BELUM
    kota = s.ident("kota")
    s.p(f"{key}.tempat", f"{kota}, ............................ {tahun}", "ttd")
    jab = f"KEPALA {s.instansi.upper()}" if s.instansi != BELUM else f"Kepala {BELUM}"
    s.p(f"{key}.jabatan", jab, "ttd")
    s.p(f"{key}.ruang", "", "ttd_ruang")
    s.p(f"{key}.nama", s.ident("kepala"), "ttd", tebal=True)
    s.p(f"{key}.pangkat", s.ident("jabatan"), "ttd")
    s.p(f"{key}.nip", f"NIP {s.ident('nip')}", "ttd")
