"""The one description of the LKjIP workbook template.

The template builder, the reader, the validator and the report writer all read this
module; no other place lists sheets or columns. Headers are what users see (Bahasa
Indonesia); `key` is the name the code uses. Formulas are written the way Excel shows
them in a Table (`[@Target]`, English function names, commas); the file writers turn
them into the long form Excel stores.
"""

from __future__ import annotations

import re
from enum import Enum

from .record import record


class Kind(str, Enum):
    """How a column's cells are read and validated."""

    TEXT = "teks"
    CODE = "kode"  # identifiers such as IK-01 or 1.01.02.2.01.0001: always text
    NUMBER = "angka"
    MONEY = "rupiah"
    PERCENT = "persen"  # percent points: 97.15, not 0.9715
    TARGET = "target"  # a number or a range such as "80-90"
    YEAR = "tahun"
    CHOICE = "pilihan"  # one of `choices`
    BOUND = "batas"  # a scale bound such as ">100", ">=76" or a bare number


NUMERIC_KINDS = frozenset({Kind.NUMBER, Kind.MONEY, Kind.PERCENT, Kind.YEAR})

# Vocabularies: the first entry is the canonical spelling written into drop-downs.
POLARITAS = ("positif", "negatif")
GABUNG = ("jumlah", "terakhir", "rata-rata")  # how quarterly values make the year's value
LEVEL_ANGGARAN = ("Program", "Kegiatan", "Sub Kegiatan", "Subtotal", "Jumlah")
JENIS_BELANJA = (
    "Belanja Pegawai",
    "Belanja Barang dan Jasa",
    "Belanja Modal",
    "Belanja Tidak Langsung",
    "Belanja Langsung",
    "Lainnya",
)
RUMUS_NEGATIF = ("2T-R", "T/R")
SIFAT_TARGET_AKHIR = ("akhir", "kumulatif")  # Renstra target akhir: last year's, or the sum
MODE_RUMUS = ("python", "excel")  # computed columns: xl-lkip functions, or plain Excel functions

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.PERCENT: "#,##0.00",
    Kind.NUMBER: "#,##0.##",
    Kind.TARGET: "General",
    Kind.YEAR: "0",
}


@record(frozen=True)
class Column:
    """One column of an input table."""

    key: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    formula: str | None = None  # a computed column: the template holds this formula
    native_formula: str | None = None  # the same column in plain Excel functions (Mode Rumus excel)
    aliases: tuple[str, ...] = ()  # other headers the reader accepts for this column
    width: float = 14
    note: str = ""  # input message shown by data validation, Bahasa Indonesia

    @property
    def computed(self) -> bool:
        return self.formula is not None

    @property
    def number_format(self) -> str | None:
        return NUMBER_FORMATS.get(self.kind)

    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@record(frozen=True)
class Table:
    """An input table: an Excel Table (ListObject) on its own sheet."""

    key: str
    sheet: str
    name: str  # the ListObject name, used in structured references
    title: str
    columns: tuple[Column, ...]
    id_column: str | None = None  # the key column whose values must be unique
    note: str = ""

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key}: kolom {key!r} tidak ada di skema")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


@record(frozen=True)
class Field:
    """One labelled value of the Identitas sheet."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    note: str = ""


@record(frozen=True)
class ReportColumn:
    """A column of a report table. The header may name years: {N}, {N-1}, {N+1}, {akhir}
    (Renstra end year) and {th1}..{th6} (Renstra years), filled in per workbook."""

    header: str
    kind: str = "text"  # text, code, money, percent, number, int, kategori
    width: float = 14
    databar: bool = False


@record(frozen=True)
class ReportTableSpec:
    """A table of a report sheet: its title and columns, as the published reports print them."""

    key: str
    title: str
    columns: tuple[ReportColumn, ...]


@record(frozen=True)
class ReportSheet:
    """A sheet the regeneration owns and rewrites completely."""

    key: str
    sheet: str
    title: str
    tables: tuple[ReportTableSpec, ...] = ()

    def table(self, key: str) -> ReportTableSpec:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(f"{self.key}: tabel {key!r} tidak ada di skema")


IDENTITAS_SHEET = "Identitas"
IDENTITAS_TABLE = "tblIdentitas"

IDENTITAS = (
    Field("instansi", "Nama Instansi", required=True, note="Nama perangkat daerah"),
    Field("pemda", "Pemerintah Daerah", required=True, note="Misalnya Kota Pontianak"),
    Field("tahun", "Tahun Laporan", Kind.YEAR, required=True, note="Tahun N, misalnya 2020"),
    Field("renstra_awal", "Tahun Awal Renstra", Kind.YEAR, required=True,
          note="Tahun ke-1 dari target Renstra (kolom Target Th-1)"),
    Field("renstra_akhir", "Tahun Akhir Renstra", Kind.YEAR, required=True),
    Field("kepala", "Nama Kepala", required=True),
    Field("nip", "NIP Kepala", Kind.CODE, note="NIP ditulis sebagai teks"),
    Field("jabatan", "Pangkat/Golongan Kepala"),
    Field("kota", "Tempat Penandatanganan"),
    Field("skala", "Skala Kategori", choices=(), default="Kustom",
          note="Nama skala baku atau Kustom (memakai lembar Skala)"),
    Field("rumus_negatif", "Rumus Polaritas Negatif", Kind.CHOICE, choices=RUMUS_NEGATIF,
          default="2T-R", note="2T-R = (2×target − realisasi)/target×100; T/R = target/realisasi×100"),
    Field("efisiensi", "Aturan Efisiensi", default="100 - serapan",
          note="Aturan efisiensi yang dipakai di tabel Efisiensi"),
    Field("berkas_tahun_lalu", "Berkas Tahun Lalu",
          note="Jalur berkas LKjIP tahun N-1 untuk pemeriksaan realisasi N-1"),
    Field("mode_rumus", "Mode Rumus", Kind.CHOICE, choices=MODE_RUMUS, default="python",
          note="Rumus kolom terhitung, dipilih saat templat dibuat (xl-lkip templat --rumus): "
               "python = fungsi xl-lkip (perlu add-in); excel = fungsi bawaan Excel saja"),
    Field("templat_word", "Templat Word",
          note="Templat Word instansi (.docx/.dotx) untuk draf LKjIP, di folder buku kerja ini "
               "atau subfoldernya, misalnya templat-dinas.docx; kosong = templat bawaan"),
)

SKALA = Table(
    key="skala",
    sheet="Skala",
    name="tblSkala",
    title="Skala Kategori Capaian",
    columns=(
        Column("batas_bawah", "Batas Bawah", Kind.BOUND, width=14,
               note="Misalnya >100, >=76, 56 (angka saja = termasuk), kosong = tanpa batas"),
        Column("batas_atas", "Batas Atas", Kind.BOUND, width=14,
               note="Misalnya <=100, <55, 75 (angka saja = termasuk), kosong = tanpa batas"),
        Column("label", "Kategori", required=True, width=20),
        Column("kode", "Kode", width=8),
    ),
    id_column="label",
)

RENSTRA = Table(
    key="renstra",
    sheet="Renstra",
    name="tblRenstra",
    title="Rencana Strategis: Tujuan, Sasaran, Indikator dan Target",
    columns=(
        Column("tujuan", "Tujuan", width=30),
        Column("kode_sasaran", "Kode Sasaran", Kind.CODE, required=True, width=10),
        Column("sasaran", "Sasaran", required=True, width=34),
        Column("kode_indikator", "Kode Indikator", Kind.CODE, required=True, width=12,
               aliases=("Kode IK",)),
        Column("indikator", "Indikator", required=True, width=40,
               aliases=("Indikator Kinerja", "Indikator Sasaran")),
        Column("satuan", "Satuan", width=10),
        Column("polaritas", "Polaritas", Kind.CHOICE, choices=POLARITAS, width=10,
               note="positif: makin tinggi makin baik; negatif: makin rendah makin baik"),
        Column("gabung", "Cara Gabung Triwulan", Kind.CHOICE, choices=GABUNG, width=12,
               note="jumlah, terakhir, atau rata-rata: cara realisasi triwulan menjadi realisasi tahun"),
        Column("kondisi_awal", "Kondisi Awal", Kind.TARGET, width=11),
        Column("target_1", "Target Th-1", Kind.TARGET, width=10),
        Column("target_2", "Target Th-2", Kind.TARGET, width=10),
        Column("target_3", "Target Th-3", Kind.TARGET, width=10),
        Column("target_4", "Target Th-4", Kind.TARGET, width=10),
        Column("target_5", "Target Th-5", Kind.TARGET, width=10),
        Column("target_6", "Target Th-6", Kind.TARGET, width=10,
               note="Hanya untuk periode Renstra 6 tahun (mis. 2018-2023)"),
        Column("target_akhir", "Target Akhir", Kind.TARGET, width=11,
               aliases=("Kondisi Akhir",)),
        Column("sifat_target_akhir", "Sifat Target Akhir", Kind.CHOICE, choices=SIFAT_TARGET_AKHIR,
               width=12, note="akhir: target akhir = target tahun terakhir (%, indeks); "
                              "kumulatif: target akhir = jumlah target tahunan (kegiatan, orang); "
                              "kosong = menurut satuan"),
    ),
    id_column="kode_indikator",
)

RENSTRA_YEAR_COLUMNS = ("target_1", "target_2", "target_3", "target_4", "target_5", "target_6")

PK = Table(
    key="pk",
    sheet="PK",
    name="tblPK",
    title="Perjanjian Kinerja: Sasaran, Indikator dan Target Tahun Ini",
    columns=(
        Column("kode_sasaran", "Kode Sasaran", Kind.CODE, width=10),
        Column("sasaran", "Sasaran", width=34),
        Column("kode_indikator", "Kode Indikator", Kind.CODE, required=True, width=12),
        Column("indikator", "Indikator", width=40, aliases=("Indikator Kinerja",)),
        Column("satuan", "Satuan", width=10),
        Column("target_rkt", "Target RKT", Kind.TARGET, width=11),
        Column("target", "Target PK", Kind.TARGET, required=True, width=11),
        Column("target_perubahan", "Target PK Perubahan", Kind.TARGET, width=12,
               note="Isi hanya bila target direvisi pada PK Perubahan"),
    ),
    id_column="kode_indikator",
)

PK_PROGRAM = Table(
    key="pk_program",
    sheet="PK Program",
    name="tblPKProgram",
    title="Perjanjian Kinerja: Program dan Anggaran",
    columns=(
        Column("kode_program", "Kode Program", Kind.CODE, required=True, width=14),
        Column("program", "Program", required=True, width=44),
        Column("kode_sasaran", "Kode Sasaran", Kind.CODE, width=10),
        Column("anggaran", "Anggaran", Kind.MONEY, width=18,
               note="Anggaran program di PK awal; bila hanya ada PK Perubahan, isi kolom berikutnya"),
        Column("anggaran_perubahan", "Anggaran Perubahan", Kind.MONEY, width=18),
        Column("keterangan", "Keterangan", width=16),
    ),
    id_column="kode_program",
)

# --- the computed columns in plain Excel functions ("Mode Rumus" excel) ---------------------
# Functions of Excel 2010 and older only, so that LibreOffice and Excel on the web compute them
# too, with the same results as the xl-lkip functions for numbers. Text numbers ("97,15 %") and
# range targets ("80-90") give #VALUE!: only the xl-lkip functions read those. A capaian in a
# hole of the scale, or in two rows at once, shows one of these markers instead of a label.
KATEGORI_CELAH = "(di celah skala)"
KATEGORI_TUMPANG_TINDIH = "(skala tumpang tindih)"


def _kosong(x: str) -> str:
    return f'LEN(TRIM({x}&""))=0'


def _salah_satu(x: str, words: tuple[str, ...]) -> str:
    """`x` is blank or one of `words` (Excel compares text case-insensitively)."""
    daftar = ",".join(f'"{w}"' for w in words)
    return f'OR({_kosong(x)},ISNUMBER(MATCH(TRIM({x}&""),{{{daftar}}},0)))'


def polaritas_baris(pol: str, kode: str, renstra: str = "tblRenstra") -> str:
    """The row's polaritas, or Renstra's by Kode Indikator when the row leaves it blank ("type
    once"), as the model takes it; text ("" when neither says), so a blank is never 0."""
    dari_renstra = (f'IFERROR(INDEX({renstra}[Polaritas],MATCH({kode},{renstra}[Kode Indikator],'
                    f'0))&"","")')
    return f"IF({_kosong(pol)},{dari_renstra},{pol})"


def reads_renstra_polaritas(formula: str | None) -> bool:
    """Whether a Capaian formula found in a workbook takes Renstra's polaritas for a blank one
    (the template's formulas since "type once"); older template formulas compute it positif."""
    return bool(formula) and re.search(r"tblRenstra\[(?:\[#[^\]]*\],)?\[?Polaritas\]",
                                       str(formula), re.IGNORECASE) is not None


def _native_capaian(t: str, r: str, pol: str, rumus: str) -> str:
    return (
        f"=IF(AND({_kosong(t)},{_kosong(r)}),\"\","
        f"IF(NOT({_salah_satu(pol, POLARITAS)}),#VALUE!,"
        f"IF(NOT({_salah_satu(rumus, RUMUS_NEGATIF)}),#VALUE!,"
        f"IF({_kosong(t)},NA(),IF(NOT(ISNUMBER({t})),#VALUE!,"
        f"IF({_kosong(r)},NA(),IF(NOT(ISNUMBER({r})),#VALUE!,"
        f"IF({t}<0,#NUM!,IF({t}=0,#DIV/0!,"
        f"IF(TRIM({pol}&\"\")<>\"{POLARITAS[1]}\",{r}/{t}*100,"
        f"IF(TRIM({rumus}&\"\")=\"{RUMUS_NEGATIF[1]}\",IF({r}=0,#DIV/0!,{t}/{r}*100),"
        f"(2*{t}-{r})/{t}*100)))))))))))"
    )


def _native_serapan(pagu: str, r: str) -> str:
    return (
        f"=IF(AND({_kosong(pagu)},{_kosong(r)}),\"\","
        f"IF({_kosong(pagu)},NA(),IF(NOT(ISNUMBER({pagu})),#VALUE!,"
        f"IF({_kosong(r)},NA(),IF(NOT(ISNUMBER({r})),#VALUE!,"
        f"IF({pagu}<0,#NUM!,IF({r}<0,#NUM!,IF({pagu}=0,#DIV/0!,{r}/{pagu}*100))))))))"
    )


def _batas_ok(kolom: str, c: str, sisi: str) -> str:
    """Per scale row (inside SUMPRODUCT): capaian `c` is within the bound typed in `kolom`.

    A bound is blank (no bound), a number (inclusive) or text such as ">100", ">=76", "<55",
    "≤100", "76%" with a whole number; text with a decimal sign, or the wrong sign for its
    side, gives #VALUE! (never a guess that depends on the computer's number settings).
    """
    teks = f'TRIM({kolom}&"")'
    angka = teks
    for tanda in (">", "<", "=", "≥", "≤", "%"):
        angka = f'SUBSTITUTE({angka},"{tanda}","")'
    salah_tanda = "<≤" if sisi == "bawah" else ">≥"
    tolak = (f'ISTEXT({kolom})*(ISNUMBER(FIND(",",{teks}))+ISNUMBER(FIND(".",{teks})))'
             + "".join(f'+ISNUMBER(FIND("{t}",{teks}))' for t in salah_tanda))
    nilai = f'VALUE(MID("0"&{angka},1+(LEN({teks})>0),99)&REPT("x",{tolak}))'
    ketat = "<" if sisi == "atas" else ">"
    inklusif = f'(1-ISNUMBER(FIND("{ketat}",{teks}))*(1-ISNUMBER(FIND("=",{teks}))))'
    # beyond the bound: SIGN is 1; on it: 0, which passes only when the bound is inclusive
    arah = f"SIGN({c}-{nilai})" if sisi == "bawah" else f"SIGN({nilai}-{c})"
    return f"((LEN({teks})=0)+(LEN({teks})>0)*({arah}+{inklusif}>=1))"


def _native_kategori(c: str, skala: str) -> str:
    label, bawah, atas = (f"{skala}[{SKALA.column(k).header}]"
                          for k in ("label", "batas_bawah", "batas_atas"))
    masuk = (f'(LEN(TRIM({label}&""))>0)'
             f"*{_batas_ok(bawah, c, 'bawah')}*{_batas_ok(atas, c, 'atas')}")
    baris = f"(ROW({label})-MIN(ROW({label}))+1)"
    return (
        f"=IF({_kosong(c)},\"\",IF(NOT(ISNUMBER({c})),#VALUE!,"
        f"CHOOSE(MIN(SUMPRODUCT({masuk}),2)+1,\"{KATEGORI_CELAH}\","
        f"INDEX({label},SUMPRODUCT({masuk}*{baris})),\"{KATEGORI_TUMPANG_TINDIH}\")))"
    )


_POLARITAS = polaritas_baris("[@Polaritas]", "[@[Kode Indikator]]")
# The Capaian formulas of templates written before "type once" (blank polaritas = positif):
# still the template's own when found in a workbook.
CAPAIAN_LAMA = (
    "=CAPAIAN([@Target],[@Realisasi],[@Polaritas],RumusNegatif)",
    _native_capaian("[@Target]", "[@Realisasi]", "[@Polaritas]", "RumusNegatif"),
)

REALISASI = Table(
    key="realisasi",
    sheet="Realisasi",
    name="tblRealisasi",
    title="Realisasi Kinerja Tahun Ini dan Tahun-Tahun Sebelumnya",
    columns=(
        Column("kode_indikator", "Kode Indikator", Kind.CODE, required=True, width=12),
        Column("indikator", "Indikator", width=40),
        Column("satuan", "Satuan", width=10),
        Column("polaritas", "Polaritas", Kind.CHOICE, choices=POLARITAS, width=10),
        Column("target", "Target", Kind.TARGET, required=True, width=10,
               note="Target yang diukur: Target PK Perubahan bila ada, selain itu Target PK"),
        Column("tw1", "Realisasi TW I", Kind.NUMBER, width=10),
        Column("tw2", "Realisasi TW II", Kind.NUMBER, width=10),
        Column("tw3", "Realisasi TW III", Kind.NUMBER, width=10),
        Column("tw4", "Realisasi TW IV", Kind.NUMBER, width=10),
        Column("realisasi", "Realisasi", Kind.NUMBER, required=True, width=11),
        Column("capaian", "Capaian (%)", Kind.PERCENT, width=11,
               formula=f"=CAPAIAN([@Target],[@Realisasi],{_POLARITAS},RumusNegatif)",
               native_formula=_native_capaian("[@Target]", "[@Realisasi]", _POLARITAS,
                                              "RumusNegatif")),
        Column("kategori", "Kategori", width=14,
               formula="=KATEGORI([@[Capaian (%)]],tblSkala[[Batas Bawah]:[Kode]])",
               native_formula=_native_kategori("[@[Capaian (%)]]", SKALA.name)),
        Column("realisasi_n1", "Realisasi N-1", Kind.NUMBER, width=11),
        Column("realisasi_n2", "Realisasi N-2", Kind.NUMBER, width=11),
        Column("realisasi_n3", "Realisasi N-3", Kind.NUMBER, width=11),
        Column("target_n1", "Rencana N+1", Kind.TARGET, width=11),
        Column("penanggung_jawab", "Penanggung Jawab", width=24),
        Column("standar_nasional", "Standar Nasional", Kind.NUMBER, width=12,
               note="Standar nasional atau provinsi untuk indikator ini, bila ada"),
    ),
    id_column="kode_indikator",
)

QUARTERS = ("tw1", "tw2", "tw3", "tw4")
EARLIER_YEARS = ("realisasi_n1", "realisasi_n2", "realisasi_n3")

RENCANA_AKSI = Table(
    key="rencana_aksi",
    sheet="Rencana Aksi",
    name="tblRencanaAksi",
    title="Rencana Aksi: Target per Triwulan",
    columns=(
        Column("kode_indikator", "Kode Indikator", Kind.CODE, required=True, width=12),
        Column("indikator", "Indikator", width=40),
        Column("target_tahun", "Target Tahun", Kind.TARGET, width=11),
        Column("tw1", "Target TW I", Kind.NUMBER, width=10),
        Column("tw2", "Target TW II", Kind.NUMBER, width=10),
        Column("tw3", "Target TW III", Kind.NUMBER, width=10),
        Column("tw4", "Target TW IV", Kind.NUMBER, width=10),
        Column("kegiatan", "Kegiatan Pendukung", width=36),
        Column("penanggung_jawab", "Penanggung Jawab", width=24),
    ),
    id_column="kode_indikator",
)

ANGGARAN = Table(
    key="anggaran",
    sheet="Anggaran",
    name="tblAnggaran",
    title="Realisasi Anggaran: Program, Kegiatan, Sub Kegiatan",
    columns=(
        Column("kode", "Kode", Kind.CODE, width=18,
               note="Kode rekening, misalnya 1.01 atau 1.01.02.2.01.0001"),
        Column("level", "Level", Kind.CHOICE, choices=LEVEL_ANGGARAN, width=12,
               note="Program, Kegiatan, Sub Kegiatan, Subtotal atau Jumlah; kosong = dari kode"),
        Column("uraian", "Uraian", required=True, width=48),
        Column("jenis_belanja", "Jenis Belanja", Kind.TEXT, choices=JENIS_BELANJA, width=18,
               note="Pilih dari daftar, atau tulis seperti di DPA (Belanja Gaji, Belanja Kegiatan, "
                    "...); dikelompokkan menurut docs/PEMERIKSAAN.md"),
        Column("pagu_murni", "Pagu Murni", Kind.MONEY, width=18, aliases=("Pagu APBD Murni",)),
        Column("pagu_perubahan", "Pagu Perubahan", Kind.MONEY, width=18,
               aliases=("Pagu APBD Perubahan",)),
        Column("realisasi", "Realisasi", Kind.MONEY, width=18),
        Column("serapan", "Serapan (%)", Kind.PERCENT, width=10,
               formula="=SERAPAN(IF(ISBLANK([@[Pagu Perubahan]]),[@[Pagu Murni]],"
                       "[@[Pagu Perubahan]]),[@Realisasi])",
               native_formula=_native_serapan(
                   "IF(ISBLANK([@[Pagu Perubahan]]),[@[Pagu Murni]],[@[Pagu Perubahan]])",
                   "[@Realisasi]")),
        Column("kode_indikator", "Kode Indikator", Kind.CODE, width=12,
               note="Indikator/sasaran yang didukung baris ini"),
        Column("kode_program", "Kode Program", Kind.CODE, width=12,
               note="Kode program di PK Program tempat baris ini dijumlahkan (untuk kegiatan "
                    "tanpa baris Program)"),
        Column("pagu_n1", "Pagu Tahun Lalu", Kind.MONEY, width=18,
               note="Pagu baris ini pada tahun N-1 (bila tidak memakai Berkas Tahun Lalu)"),
        Column("realisasi_n1", "Realisasi Tahun Lalu", Kind.MONEY, width=18),
    ),
)

INPUT_TABLES = (SKALA, RENSTRA, PK, PK_PROGRAM, REALISASI, RENCANA_AKSI, ANGGARAN)
# A required column that another column may stand in for: (table, column) -> the other column
REQUIRED_EITHER = {("pk", "target"): "target_perubahan"}
# Columns left empty in these sheets are taken from Renstra by Kode Indikator ("type once")
FROM_RENSTRA = ("indikator", "satuan", "polaritas")
TABLES_BY_KEY = {t.key: t for t in INPUT_TABLES}

RC = ReportColumn
_NO = RC("No", "int", 5)
_INDIKATOR = RC("Indikator Kinerja", "text", 42)
_SATUAN = RC("Satuan", "text", 10)
_MONEY = {"pagu": RC("Pagu (Rp)", "money", 18), "realisasi": RC("Realisasi (Rp)", "money", 18),
          "serapan": RC("Serapan (%)", "percent", 11, True), "efisiensi": RC("Efisiensi (%)", "percent", 11),
          "sisa": RC("Sisa Anggaran (Rp)", "money", 18)}

REPORTS = (
    ReportSheet("pk", "Tabel PK", "Perjanjian Kinerja", (
        ReportTableSpec("pk_indikator", "Sasaran Strategis, Indikator Kinerja dan Target", (
            _NO, RC("Sasaran Strategis", "text", 34), _INDIKATOR, _SATUAN,
            RC("Target PK", "number", 11), RC("Target PK Perubahan", "number", 12))),
        ReportTableSpec("pk_program", "Program dan Anggaran", (
            _NO, RC("Kode", "code", 10), RC("Program", "text", 44), RC("Anggaran (Rp)", "money", 18),
            RC("Anggaran Perubahan (Rp)", "money", 18), RC("Keterangan", "text", 16))),
    )),
    ReportSheet("pengukuran", "Tabel Pengukuran", "Pengukuran Kinerja", (
        ReportTableSpec("pengukuran", "Pengukuran Kinerja", (
            _NO, RC("Sasaran Strategis", "text", 30), RC("Indikator Kinerja", "text", 40), _SATUAN,
            RC("Target", "number", 11), RC("Realisasi", "number", 11),
            RC("Capaian (%)", "percent", 12, True), RC("Kategori", "kategori", 14),
            RC("Penanggung Jawab", "text", 24))),
    )),
    ReportSheet("sasaran", "Tabel Capaian Sasaran", "Capaian Kinerja per Sasaran", (
        ReportTableSpec("sasaran", "Capaian Kinerja per Sasaran (rata-rata capaian indikator)", (
            _NO, RC("Sasaran Strategis", "text", 44), RC("Jumlah Indikator", "int", 12),
            RC("Rata-rata Capaian (%)", "percent", 14, True), RC("Kategori", "kategori", 16))),
        ReportTableSpec("kategori", "Jumlah Indikator per Kategori", (
            RC("Kategori", "kategori", 20), RC("Kode", "text", 8), RC("Jumlah Indikator", "int", 12),
            RC("Persentase (%)", "percent", 14))),
    )),
    ReportSheet("perbandingan", "Tabel Perbandingan", "Realisasi Tahun Ini dan Tahun Sebelumnya", (
        ReportTableSpec("perbandingan", "Realisasi Tahun Ini Dibandingkan Tahun-Tahun Sebelumnya", (
            _NO, _INDIKATOR, _SATUAN, RC("Realisasi {N-3}", "number", 11),
            RC("Realisasi {N-2}", "number", 11), RC("Realisasi {N-1}", "number", 11),
            RC("Realisasi {N}", "number", 11), RC("Selisih terhadap {N-1}", "number", 12),
            RC("Perubahan (%)", "percent", 12), RC("Rencana {N+1}", "number", 11))),
    )),
    ReportSheet("renstra", "Tabel Renstra", "Realisasi terhadap Target Renstra", (
        ReportTableSpec("renstra", "Realisasi terhadap Target Akhir Renstra", (
            _NO, _INDIKATOR, _SATUAN, RC("Sifat Target Akhir", "text", 11),
            RC("Target Renstra {N}", "number", 11), RC("Target Akhir Renstra {akhir}", "number", 12),
            RC("Realisasi {N}", "number", 11), RC("Realisasi s.d. {N}", "number", 12),
            RC("Capaian terhadap Target Akhir (%)", "percent", 15, True))),
        ReportTableSpec("renstra_tahunan", "Target Renstra per Tahun", (
            _NO, _INDIKATOR, _SATUAN, RC("Kondisi Awal", "number", 10),
            *(RC(f"Target {{th{k}}}", "number", 10) for k in range(1, 7)),
            RC("Target Akhir", "number", 11))),
    )),
    ReportSheet("program_kegiatan", "Tabel Program Kegiatan", "Program, Kegiatan dan Indikator Kinerja", (
        ReportTableSpec("program_kegiatan", "Program dan Kegiatan Pendukung Indikator Kinerja", (
            _NO, RC("Sasaran Strategis", "text", 24), RC("Indikator Kinerja", "text", 32),
            RC("Target", "number", 10), RC("Capaian (%)", "percent", 11),
            RC("Program / Kegiatan", "text", 44), _MONEY["pagu"], _MONEY["realisasi"],
            _MONEY["serapan"], RC("Penanggung Jawab", "text", 20))),
    )),
    ReportSheet("anggaran", "Tabel Anggaran", "Realisasi Anggaran per Program dan Kegiatan", (
        ReportTableSpec("anggaran", "Realisasi Anggaran per Program dan Kegiatan", (
            RC("Kode", "code", 16), RC("Program / Kegiatan / Sub Kegiatan", "text", 50),
            RC("Pagu Murni (Rp)", "money", 18), RC("Pagu Perubahan (Rp)", "money", 18),
            _MONEY["realisasi"], _MONEY["serapan"], _MONEY["sisa"])),
    )),
    ReportSheet("ringkasan_anggaran", "Tabel Ringkasan Anggaran", "Ringkasan Anggaran Seluruh Kantor", (
        ReportTableSpec("ringkasan", "Pagu dan Realisasi Seluruh Anggaran per Jenis Belanja", (
            RC("Jenis Belanja", "text", 40), _MONEY["pagu"], _MONEY["realisasi"], _MONEY["serapan"],
            _MONEY["efisiensi"], _MONEY["sisa"])),
        ReportTableSpec("serapan_program", "Serapan Anggaran per Program", (
            _NO, RC("Program", "text", 40), _MONEY["pagu"], _MONEY["realisasi"], _MONEY["serapan"],
            _MONEY["efisiensi"], _MONEY["sisa"])),
        ReportTableSpec("tahun_lalu", "Anggaran Tahun {N} Dibandingkan Tahun {N-1}", (
            RC("Uraian", "text", 40), RC("Pagu {N-1} (Rp)", "money", 18),
            RC("Realisasi {N-1} (Rp)", "money", 18), RC("Serapan {N-1} (%)", "percent", 11),
            RC("Pagu {N} (Rp)", "money", 18), RC("Realisasi {N} (Rp)", "money", 18),
            RC("Serapan {N} (%)", "percent", 11), RC("Perubahan Realisasi (%)", "percent", 12))),
    )),
    ReportSheet("efisiensi", "Tabel Efisiensi", "Efisiensi: Capaian Kinerja dan Serapan Anggaran", (
        ReportTableSpec("efisiensi", "Efisiensi: Capaian Kinerja dan Serapan Anggaran per Sasaran", (
            _NO, RC("Sasaran Strategis", "text", 40),
            RC("Rata-rata Capaian Kinerja (%)", "percent", 14, True), _MONEY["pagu"],
            _MONEY["realisasi"], _MONEY["serapan"], _MONEY["efisiensi"], RC("Keterangan", "text", 30))),
    )),
    ReportSheet("standar", "Tabel Standar Nasional", "Perbandingan dengan Standar Nasional", (
        ReportTableSpec("standar", "Realisasi Dibandingkan Standar Nasional/Provinsi", (
            _NO, _INDIKATOR, _SATUAN, RC("Standar Nasional", "number", 12),
            RC("Target {N}", "number", 11), RC("Realisasi {N}", "number", 11),
            RC("Capaian terhadap Standar (%)", "percent", 14, True), RC("Keterangan", "text", 30))),
    )),
    ReportSheet("rencana_aksi", "Tabel Rencana Aksi", "Rencana Aksi dan Realisasi per Triwulan", (
        ReportTableSpec("rencana_aksi", "Rencana Aksi: Target dan Realisasi per Triwulan", (
            RC("Kode", "code", 9), RC("Indikator Kinerja", "text", 34), RC("Target Tahun", "number", 10),
            *(RC(f"Target TW {q}", "number", 9) for q in ("I", "II", "III", "IV")),
            *(RC(f"Realisasi TW {q}", "number", 10) for q in ("I", "II", "III", "IV")),
            RC("Realisasi Tahun", "number", 10), RC("Capaian (%)", "percent", 11, True),
            RC("Kegiatan Pendukung", "text", 30), RC("Penanggung Jawab", "text", 20))),
    )),
    ReportSheet("pemeriksaan", "Pemeriksaan", "Hasil Pemeriksaan Konsistensi", (
        ReportTableSpec("pemeriksaan", "Temuan", (
            _NO, RC("Aturan", "code", 8), RC("Tingkat", "text", 11), RC("Lokasi", "text", 22),
            RC("Pesan", "text", 70), RC("Diharapkan", "text", 18), RC("Ditemukan", "text", 18))),
    )),
)
REPORTS_BY_KEY = {r.key: r for r in REPORTS}
REPORT_SHEETS = tuple(r.sheet for r in REPORTS)

# Workbook-level defined names the formulas and drop-downs use, as Excel formulas without "=";
# "{field}" stands for the Identitas row of that field (see identitas_row).
DEFINED_NAMES = {
    "RumusNegatif": "Identitas!$B${rumus_negatif}",
    "DaftarKodeSasaran": "tblRenstra[Kode Sasaran]",
    "DaftarKodeIndikator": "tblRenstra[Kode Indikator]",
    "DaftarKodeProgram": "tblPKProgram[Kode Program]",
}
# Code columns typed once and then chosen from a drop-down fed by the table that defines them.
CODE_LISTS = {
    "kode_sasaran": "DaftarKodeSasaran",
    "kode_indikator": "DaftarKodeIndikator",
    "kode_program": "DaftarKodeProgram",
}
# The template's first sheet: how to fill it in, with one worked example per input sheet. It is
# neither an input table nor a report sheet; nothing on it is ever read as data.
PETUNJUK_SHEET = "Petunjuk"
# A hidden sheet where every writer records the shape it gave each report sheet (core/shape.py),
# so the Excel button formats again only the sheets whose shape changed.
SHAPE_SHEET = "xl-lkip"


def defined_names() -> dict[str, str]:
    """DEFINED_NAMES with the Identitas rows filled in: name -> Excel formula (with "=")."""
    rows = {f.key: identitas_row(f.key) for f in IDENTITAS}
    return {name: "=" + ref.format(**rows) for name, ref in DEFINED_NAMES.items()}


def identitas_field(key: str) -> Field:
    for f in IDENTITAS:
        if f.key == key:
            return f
    raise KeyError(key)


def identitas_row(key: str) -> int:
    """1-based sheet row of a field on the Identitas sheet (row 1 title, row 3 header)."""
    for i, f in enumerate(IDENTITAS):
        if f.key == key:
            return IDENTITAS_FIRST_ROW + i
    raise KeyError(key)


TITLE_ROW = 1  # every input sheet: title in A1, table header in row 3
HEADER_ROW = 3
IDENTITAS_FIRST_ROW = HEADER_ROW + 1
