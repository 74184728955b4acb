"""The one description of the LKjIP workbook template.

The template builder, the reader, the validator and the report writer all read this
module; no other place lists sheets or columns. Headers are what users see (Bahasa
Indonesia); `key` is the name the code uses. Formulas are written the way Excel shows
them in a Table (`[@Target]`, English function names, commas); the file writers turn
them into the long form Excel stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.PERCENT: "#,##0.00",
    Kind.NUMBER: "#,##0.##",
    Kind.TARGET: "General",
    Kind.YEAR: "0",
}


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    key: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    formula: str | None = None  # a computed column: the template holds this formula
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Field:
    """One labelled value of the Identitas sheet."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    note: str = ""


@dataclass(frozen=True)
class ReportSheet:
    """A sheet the regeneration owns and rewrites completely."""

    key: str
    sheet: str
    title: str
    headers: tuple[str, ...] = field(default_factory=tuple)


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
        Column("target_akhir", "Target Akhir", Kind.TARGET, width=11,
               aliases=("Kondisi Akhir",)),
    ),
    id_column="kode_indikator",
)

RENSTRA_YEAR_COLUMNS = ("target_1", "target_2", "target_3", "target_4", "target_5")

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
               formula="=CAPAIAN([@Target],[@Realisasi],[@Polaritas],RumusNegatif)"),
        Column("kategori", "Kategori", width=14,
               formula="=KATEGORI([@[Capaian (%)]],tblSkala[[Batas Bawah]:[Kode]])"),
        Column("realisasi_n1", "Realisasi N-1", Kind.NUMBER, width=11),
        Column("realisasi_n2", "Realisasi N-2", Kind.NUMBER, width=11),
        Column("realisasi_n3", "Realisasi N-3", Kind.NUMBER, width=11),
        Column("target_n1", "Rencana N+1", Kind.TARGET, width=11),
        Column("penanggung_jawab", "Penanggung Jawab", width=24),
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
        Column("jenis_belanja", "Jenis Belanja", Kind.CHOICE, choices=JENIS_BELANJA, width=18),
        Column("pagu_murni", "Pagu Murni", Kind.MONEY, width=18, aliases=("Pagu APBD Murni",)),
        Column("pagu_perubahan", "Pagu Perubahan", Kind.MONEY, width=18,
               aliases=("Pagu APBD Perubahan",)),
        Column("realisasi", "Realisasi", Kind.MONEY, width=18),
        Column("serapan", "Serapan (%)", Kind.PERCENT, width=10,
               formula="=SERAPAN(IF(ISBLANK([@[Pagu Perubahan]]),[@[Pagu Murni]],"
                       "[@[Pagu Perubahan]]),[@Realisasi])"),
        Column("kode_indikator", "Kode Indikator", Kind.CODE, width=12,
               note="Indikator/sasaran yang didukung baris ini"),
    ),
)

INPUT_TABLES = (SKALA, RENSTRA, PK, PK_PROGRAM, REALISASI, RENCANA_AKSI, ANGGARAN)
TABLES_BY_KEY = {t.key: t for t in INPUT_TABLES}

REPORTS = (
    ReportSheet("pengukuran", "Tabel Pengukuran", "Pengukuran Kinerja"),
    ReportSheet("sasaran", "Tabel Capaian Sasaran", "Capaian Kinerja per Sasaran"),
    ReportSheet("perbandingan", "Tabel Perbandingan", "Realisasi Tahun Ini dan Tahun Sebelumnya"),
    ReportSheet("renstra", "Tabel Renstra", "Realisasi terhadap Target Akhir Renstra"),
    ReportSheet("anggaran", "Tabel Anggaran", "Realisasi Anggaran per Program dan Kegiatan"),
    ReportSheet("efisiensi", "Tabel Efisiensi", "Efisiensi: Capaian Kinerja dan Serapan Anggaran"),
    ReportSheet("rencana_aksi", "Tabel Rencana Aksi", "Rencana Aksi dan Realisasi per Triwulan"),
    ReportSheet("pemeriksaan", "Pemeriksaan", "Hasil Pemeriksaan Konsistensi"),
)
REPORTS_BY_KEY = {r.key: r for r in REPORTS}
REPORT_SHEETS = tuple(r.sheet for r in REPORTS)

# Workbook-level defined names the formulas use.
DEFINED_NAMES = {"RumusNegatif": "Identitas!$B${row}"}


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
