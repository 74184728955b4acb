"""The typed model of one workbook and the joins the checks and the reports share.

The reader fills `LkipData`; the checks and the report builder both read it through the
functions here, so "the pagu in force", "the year's value from the quarters", the indicator
join and the budget tree are each written once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from . import schema
from .errors import NilaiError
from .findings import Temuan
from .grid import cell_ref
from .lazyre import LazyPattern
from .record import field, record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any


@record
class TableData:
    """The rows of one input table with where each value came from."""

    spec: schema.Table
    sheet: str
    header_row: int
    columns: dict[str, int]  # key -> 1-based sheet column
    rows: list[int] = field(default_factory=list)  # sheet row of each record
    records: list[dict[str, Any]] = field(default_factory=list)  # parsed values
    raw: list[dict[str, Any]] = field(default_factory=list)  # values as found in the cells
    formulas: list[dict[str, str]] = field(default_factory=list)  # key -> formula, per record
    # record index -> {key: decimals the cell shows} for computed cells with a fixed-decimal format
    decimals: dict[int, dict[str, int]] = field(default_factory=dict)
    # key -> (interpreted number, text) for a malformed number, per record with any
    interpreted: dict[int, dict[str, tuple[float, str]]] = field(default_factory=dict)
    # key -> value taken from Renstra because the cell was left empty (name, satuan, polaritas)
    filled_from_renstra: dict[int, dict[str, Any]] = field(default_factory=dict)
    # typed total rows (JUMLAH in PK Program): (sheet row, parsed values), kept out of records
    totals: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # sheet rows of group headings ("Sasaran 2: ..." alone on a row), kept out of records
    headings: list[int] = field(default_factory=list)

    def new_group(self, i: int) -> bool:
        """Whether a group heading row lies between record i and the record above it."""
        return bool(self.headings) and i > 0 and any(
            self.rows[i - 1] < h < self.rows[i] for h in self.headings)

    def cell(self, i: int, key: str) -> str:
        """Cell address of record i's value for column key ('' when the column is missing)."""
        col = self.columns.get(key)
        return cell_ref(self.rows[i], col) if col else ""

    def column_cell(self, key: str) -> str:
        col = self.columns.get(key)
        return cell_ref(self.header_row, col) if col else ""

    def number(self, i: int, key: str) -> float | None:
        """The number of a cell: as read, else the interpretation of its malformed text."""
        v = as_number(self.records[i].get(key))
        if v is None and self.interpreted:
            hit = self.interpreted.get(i, {}).get(key)
            if hit is not None:
                return hit[0]
        return v

    def __len__(self) -> int:
        return len(self.records)


@record
class LkipData:
    """Everything the report engine and the checker need from one workbook."""

    sumber: str
    identitas: dict[str, Any]
    identitas_cells: dict[str, str]
    tables: dict[str, TableData]
    skala: Any  # core.skala.Skala or None when the scale cannot be used
    temuan: list[Temuan]
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # the application that last saved the file (docProps/app.xml), when the file says
    aplikasi: str | None = None

    def table(self, key: str) -> TableData:
        return self.tables[key]

    @property
    def tahun(self) -> int | None:
        return self.identitas.get("tahun")


# --- numbers ------------------------------------------------------------------------------


def arithmetic() -> Any:
    """The module xl_lkip.core.arithmetic, imported on first use (it brings numpy along)."""
    global _ARITHMETIC
    if _ARITHMETIC is None:
        from . import arithmetic as module

        _ARITHMETIC = module
    return _ARITHMETIC


_ARITHMETIC: Any = None


def as_number(v: Any) -> float | None:
    """A parsed cell value as a float, None for text, ranges and blanks."""
    t = type(v)
    if t is float:
        return v
    if t is int:
        return float(v)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


_MULTIPLIER = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
               "m": 1e9, "triliun": 1e12, "t": 1e12}
_INTERPRET = LazyPattern(r"^(?P<num>[\d.,\s]*\d[\d.,]*)\s*(?P<word>[a-z]+)?\.?$")


def interpret_number(text: Any) -> float | None:
    """The number a malformed text most probably means, or None when it says no number.

    The last separator followed by one or two digits is the decimal comma; every other
    separator groups thousands ("1.234.56" → 1234,56; "12.50.000" → 1250000). "Rp", a
    trailing ",-", a percent sign and parentheses or a minus for negatives are read as
    the reader reads them; "1,5 juta" is 1500000.
    """
    if not isinstance(text, str):
        return None
    s = text.strip().casefold().replace("\xa0", " ")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith(("-", "−", "–")):
        negative, s = True, s[1:].strip()
    s = re.sub(r"^rp\.?\s*", "", s)
    s = re.sub(r",-$|\.-$|%$", "", s).strip()
    m = _INTERPRET.match(s)
    if not m:
        return None
    num, word = m.group("num").replace(" ", ""), m.group("word")
    factor = 1.0
    if word:
        factor = _MULTIPLIER.get(word, 0.0) or 1.0  # a unit word ("38 kegiatan") counts nothing
    seps = [k for k, ch in enumerate(num) if ch in ".,"]
    if not seps:
        value = float(num)
    else:
        last = seps[-1]
        tail = num[last + 1:]
        head = re.sub(r"[.,]", "", num[:last])
        if 1 <= len(tail) <= 2 or (factor > 1 and len(seps) == 1):
            value = float((head or "0") + "." + tail)
        else:
            value = float(head + tail)
    value *= factor
    return -value if negative else value


def pagu_efektif(murni: float | None, perubahan: float | None) -> float | None:
    """The pagu in force: pagu perubahan when the budget was revised, else pagu murni."""
    return perubahan if perubahan is not None else murni


def combine_quarters(values: list[float], rule: str) -> float:
    """The year's value from quarterly values by the Renstra's Cara Gabung Triwulan."""
    if rule == "jumlah":
        return math.fsum(values)
    if rule == "terakhir":
        return values[-1]
    return math.fsum(values) / len(values)


def effective_target(pk_row: dict[str, Any] | None, real_row: dict[str, Any] | None) -> Any:
    """PK Perubahan when revised, else PK, else what the Realisasi sheet holds."""
    if pk_row is not None:
        if pk_row.get("target_perubahan") is not None:
            return pk_row["target_perubahan"]
        if pk_row.get("target") is not None:
            return pk_row["target"]
    return None if real_row is None else real_row.get("target")


def capaian_of(data: LkipData, target: Any, realisasi: Any, polaritas: Any, rumus: Any) -> float:
    """arithmetic.capaian(...), remembered per model for non-zero numbers and text targets: the
    checks and several report tables ask for the same indicators' capaian."""
    if type(realisasi) is float and type(target) in (float, str) and target != 0 \
            and realisasi != 0 and type(polaritas) is str and (rumus is None or type(rumus) is str):
        memo = data.cache.get("capaian")
        if memo is None:
            memo = data.cache["capaian"] = {}
        key = (type(target), target, realisasi, polaritas, rumus)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = arithmetic().capaian(target, realisasi, polaritas, rumus)
        return hit
    return arithmetic().capaian(target, realisasi, polaritas, rumus)


def serapan_of(data: LkipData, pagu: Any, real: Any) -> float:
    """arithmetic.serapan(pagu, real), remembered per model for positive amounts: the checks
    and the Anggaran report ask for the same rows' serapan."""
    if type(pagu) is float and type(real) is float and pagu > 0 and real > 0:
        memo = data.cache.get("serapan")
        if memo is None:
            memo = data.cache["serapan"] = {}
        hit = memo.get((pagu, real))
        if hit is None:
            hit = memo[(pagu, real)] = arithmetic().serapan(pagu, real)  # errors are not kept
        return hit
    return arithmetic().serapan(pagu, real)


# --- codes --------------------------------------------------------------------------------



def norm_code(v: Any) -> str | None:
    """A code for matching: spaces, surrounding dots and case ignored ("IK-01 " = "ik-01")."""
    if v is None:
        return None
    s = "".join((v if type(v) is str else str(v)).split()).strip(".").casefold()
    return s or None


def index_records(table: TableData | None, key: str = "kode_indikator") -> dict[str, int]:
    """Normalized code -> index of the first record holding it."""
    out: dict[str, int] = {}
    if table is None:
        return out
    for i, rec in enumerate(table.records):
        k = norm_code(rec.get(key))
        if k is not None and k not in out:
            out[k] = i
    return out


# --- Renstra ------------------------------------------------------------------------------


def renstra_years(data: LkipData) -> int:
    """How many yearly target columns the Renstra period uses (5 or 6, from Identitas)."""
    awal, akhir = data.identitas.get("renstra_awal"), data.identitas.get("renstra_akhir")
    n = len(schema.RENSTRA_YEAR_COLUMNS)
    if isinstance(awal, int) and isinstance(akhir, int) and akhir >= awal:
        return max(1, min(n, akhir - awal + 1))
    return min(5, n)


def renstra_year_column(data: LkipData) -> str | None:
    """The Renstra target column of the report year ('target_3' when N is Th-3)."""
    awal, tahun = data.identitas.get("renstra_awal"), data.tahun
    if not isinstance(awal, int) or not isinstance(tahun, int):
        return None
    k = tahun - awal + 1
    return f"target_{k}" if 1 <= k <= len(schema.RENSTRA_YEAR_COLUMNS) else None


# satuan of levels (the last year's target is the target akhir) and of counts (summed)
_LEVEL_UNITS = LazyPattern(r"%|persen|prosen|indeks|index|peringkat|rangking|ranking|nilai|skor|"
                          r"predikat|opini|rasio|level|tingkat|kategori|status")
_COUNT_UNITS = LazyPattern(r"kegiatan|orang|dokumen|laporan|kali|paket|unit|buah|lokasi|"
                          r"kelompok|desa|kelurahan|sekolah|peserta|jiwa|ormas|produk|event")


def yearly_targets(data: LkipData, row: dict[str, Any]) -> list[float] | None:
    """The numeric yearly targets of a Renstra row over the period, or None when one is
    missing or not a single number (a range has no sum)."""
    values = []
    for col in schema.RENSTRA_YEAR_COLUMNS[:renstra_years(data)]:
        v = as_number(row.get(col))
        if v is None:
            return None
        values.append(v)
    return values or None


def target_akhir_candidates(data: LkipData, row: dict[str, Any]) -> dict[str, float] | None:
    """{"akhir": last year's target, "kumulatif": sum of the yearly targets}, or None when the
    yearly targets are not all numbers."""
    values = yearly_targets(data, row)
    if values is None:
        return None
    return {"akhir": values[-1], "kumulatif": math.fsum(values)}


def sifat_target_akhir(row: dict[str, Any], data: LkipData | None = None) -> str:
    """"akhir" or "kumulatif": the Renstra row's Sifat Target Akhir, else what its numbers show
    (given `data`), else a default from the satuan (counts of events add up, levels do not)."""
    explicit = row.get("sifat_target_akhir")
    if explicit in ("akhir", "kumulatif"):
        return explicit
    if data is not None:
        cand = target_akhir_candidates(data, row)
        akhir = as_number(row.get("target_akhir"))
        if cand is not None and akhir is not None:
            if abs(akhir - cand["akhir"]) <= 0.005:
                return "akhir"
            if abs(akhir - cand["kumulatif"]) <= 0.005:
                return "kumulatif"
    satuan = str(row.get("satuan") or "").casefold()
    if _LEVEL_UNITS.search(satuan):
        return "akhir"
    return "kumulatif" if _COUNT_UNITS.search(satuan) else "akhir"


# --- indicators ---------------------------------------------------------------------------


@record
class Indicator:
    """One indicator joined across Renstra, PK and Realisasi, with its capaian."""

    kode: str
    kode_sasaran: str | None
    sasaran: str | None
    indikator: str | None
    satuan: str | None
    polaritas: str
    target: Any
    realisasi: Any
    capaian: float | None
    alasan: str | None  # why capaian is None
    kategori: str | None
    kode_kategori: str | None
    renstra: dict[str, Any] | None
    real: dict[str, Any] | None


def records_by_code(table: TableData | None, key: str = "kode_indikator") -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if table is None:
        return out
    for rec in table.records:
        k = rec.get(key)
        if k is not None and k not in out:
            out[k] = rec
    return out


def indicators(data: LkipData) -> list[Indicator]:
    """Indicators in PK order, then any found only in Realisasi; built once per model."""
    if "indicators" not in data.cache:
        data.cache["indicators"] = _indicators(data)
    return data.cache["indicators"]


def _indicators(data: LkipData) -> list[Indicator]:
    pk = records_by_code(data.tables.get("pk"))
    ren = records_by_code(data.tables.get("renstra"))
    real = records_by_code(data.tables.get("realisasi"))
    rumus = data.identitas.get("rumus_negatif")
    order = list(pk) + [k for k in real if k not in pk]
    out = []
    for kode in order:
        p, r, rs = pk.get(kode), real.get(kode), ren.get(kode)
        pol = (rs or {}).get("polaritas") or (r or {}).get("polaritas") or "positif"
        target = effective_target(p, r)
        realisasi = None if r is None else r.get("realisasi")
        cap, alasan, kat, kkat = None, None, None, None
        try:
            cap = capaian_of(data, target, realisasi, pol, rumus)
        except NilaiError as exc:
            alasan = exc.pesan
        if cap is not None and data.skala is not None:
            try:
                t = data.skala.kategori(cap)
                kat, kkat = t.label, t.kode
            except NilaiError as exc:
                alasan = exc.pesan
        first = p or rs or r or {}
        out.append(Indicator(
            kode=kode,
            kode_sasaran=(p or {}).get("kode_sasaran") or (rs or {}).get("kode_sasaran"),
            sasaran=(p or {}).get("sasaran") or (rs or {}).get("sasaran"),
            indikator=first.get("indikator") or (r or {}).get("indikator"),
            satuan=first.get("satuan") or (r or {}).get("satuan"),
            polaritas=pol, target=target, realisasi=realisasi, capaian=cap, alasan=alasan,
            kategori=kat, kode_kategori=kkat, renstra=rs, real=r,
        ))
    return out


# --- budget -------------------------------------------------------------------------------


# Jenis Belanja as reports write it -> the group it is reported under (docs/PEMERIKSAAN.md)
JENIS_BELANJA_GROUPS: dict[str, str] = {
    "belanja pegawai": "Belanja Pegawai",
    "pegawai": "Belanja Pegawai",
    "belanja gaji": "Belanja Pegawai",
    "gaji": "Belanja Pegawai",
    "gaji dan tunjangan": "Belanja Pegawai",
    "belanja barang dan jasa": "Belanja Barang dan Jasa",
    "belanja barang & jasa": "Belanja Barang dan Jasa",
    "barang dan jasa": "Belanja Barang dan Jasa",
    "belanja barang": "Belanja Barang dan Jasa",
    "belanja modal": "Belanja Modal",
    "modal": "Belanja Modal",
    "belanja tidak langsung": "Belanja Tidak Langsung",
    "btl": "Belanja Tidak Langsung",
    "belanja langsung": "Belanja Langsung",
    "bl": "Belanja Langsung",
    "belanja kegiatan": "Belanja Langsung",
    "belanja operasi": "Belanja Barang dan Jasa",
    "lainnya": "Lainnya",
}


def jenis_belanja_group(text: Any) -> str | None:
    """The reporting group of a Jenis Belanja as typed; an unknown wording is kept as typed."""
    if text is None:
        return None
    s = " ".join(str(text).split())
    if not s:
        return None
    return JENIS_BELANJA_GROUPS.get(s.casefold(), s)


@record(slots=True)  # one per budget line: slots keep 100,000 of them small
class BudgetRow:
    """One line of the Anggaran table as the budget tree and the reports use it."""

    i: int  # record index in the Anggaran table
    kode: str | None
    level: str
    uraian: str
    jenis: str | None
    murni: float | None
    perubahan: float | None
    realisasi: float | None
    kode_indikator: str | None
    children: list[BudgetRow] = field(default_factory=list)
    kode_program: str | None = None
    # column key -> the malformed text whose interpretation the amount above holds
    interpreted: dict[str, str] | None = None
    # computed once, when first asked: whether this row or a row under it has a pagu perubahan,
    # and rolled(row)
    revised: bool | None = field(default=None, init=False, repr=False, compare=False)
    sums: tuple[float | None, float | None, float | None] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def pagu(self) -> float | None:
        return pagu_efektif(self.murni, self.perubahan)


_CODE_SPLIT = LazyPattern(r"[.\s]+")
_TOTAL_LABEL = re.compile(r"^(j\s*u\s*m\s*l\s*a\s*h|total|grand\s*total)\b")
_SUBTOTAL_LABEL = LazyPattern(r"^(sub\s*-?\s*total|sub\s*jumlah)\b")


_PREDIKAT = LazyPattern(
    r"^(aa|a|bb|b|cc|c|d|wtp|wdp|tmp|tw|paripurna|utama|madya|nindya|pratama|"
    r"wajar tanpa pengecualian|wajar dengan pengecualian|tidak wajar|"
    r"tidak memberikan pendapat)$")


def is_predikat(v: Any) -> bool:
    """A grade typed where the template expects a number: a SAKIP predicate ("BB"), a BPK
    opinion ("WTP"), an accreditation level ("Madya"). Real reports print such targets; they
    are not typing mistakes, but no capaian can be computed from them."""
    return isinstance(v, str) and bool(_PREDIKAT.match(" ".join(v.split()).casefold()))


def is_empty_cell(v: Any) -> bool:
    """Nothing in the cell: no value, NaN, or only white space."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def is_total_label(text: str) -> bool:
    """Whether a label starts like a typed total row: "JUMLAH", "Total", "J U M L A H"."""
    return bool(_TOTAL_LABEL.match(text.strip().casefold()))


# a heading over a group of programs that holds the group's total (Belanja Langsung / Tidak
# Langsung in budgets before 2021)
_GROUP_HEADING = LazyPattern(r"^belanja\s+(tidak\s+)?langsung\s*:?$")
TOTAL_LEVELS = ("Subtotal", "Jumlah", "Kelompok")


def is_total_level(level: str) -> bool:
    """Whether a budget row (by its `infer_level`) is a typed total, not a program or kegiatan:
    a Subtotal or JUMLAH under its rows, or a group heading (Kelompok) above them."""
    return level in TOTAL_LEVELS


def infer_level(kode: str | None, level: str | None, uraian: str | None) -> str:
    """Program / Kegiatan / Sub Kegiatan / Subtotal / Jumlah from the Level cell, else the kode."""
    if level:
        return level
    for label in (uraian, None if kode is None or any(ch.isdigit() for ch in kode) else kode):
        label = (label or "").strip().casefold()
        if _SUBTOTAL_LABEL.match(label):
            return "Subtotal"
        if _TOTAL_LABEL.match(label):
            return "Jumlah"
    text = (uraian or "").strip().casefold()
    if not kode and _GROUP_HEADING.match(text):
        return "Kelompok"
    if kode:
        parts = [p for p in _CODE_SPLIT.split(kode.strip().strip(".")) if p]
        n = len(parts)
        if n >= 6:
            return "Sub Kegiatan"
        if n in (4, 5):
            return "Kegiatan"
        if n == 3 and len(parts[-1]) >= 2:  # 1.01.02 is a program in Permendagri 90/2019
            return "Program"
        return {1: "Program", 2: "Kegiatan", 3: "Sub Kegiatan"}.get(n, "Kegiatan")
    if text.startswith("program"):
        return "Program"
    return "Kegiatan"


_RANK = {"Program": 0, "Kegiatan": 1, "Sub Kegiatan": 2}
MONEY_COLUMNS = ("pagu_murni", "pagu_perubahan", "realisasi")


def budget_tree(data: LkipData) -> tuple[list[BudgetRow], list[BudgetRow]]:
    """(top-level program rows with their children, typed Subtotal/Jumlah rows); built once per model."""
    if "budget_tree" not in data.cache:
        data.cache["budget_tree"] = _budget_tree(data)
    return data.cache["budget_tree"]


def _budget_tree(data: LkipData) -> tuple[list[BudgetRow], list[BudgetRow]]:
    table = data.tables.get("anggaran")
    if table is None:
        return [], []
    roots: list[BudgetRow] = []
    totals: list[BudgetRow] = []
    stack: list[BudgetRow] = []
    interpreted = table.interpreted
    for i, rec in enumerate(table.records):
        amounts = [as_number(rec.get(c)) for c in MONEY_COLUMNS]
        notes: dict[str, str] | None = None
        if interpreted and i in interpreted:
            notes = {}
            for j, c in enumerate(MONEY_COLUMNS):
                hit = interpreted[i].get(c)
                if amounts[j] is None and hit is not None:
                    amounts[j] = hit[0]
                    notes[c] = hit[1]
        row = BudgetRow(i, rec.get("kode"), infer_level(rec.get("kode"), rec.get("level"),
                                                     rec.get("uraian")),
                        rec.get("uraian") or "", jenis_belanja_group(rec.get("jenis_belanja")),
                        *amounts,
                        rec.get("kode_indikator"), kode_program=rec.get("kode_program"),
                        interpreted=notes or None)
        if row.level in TOTAL_LEVELS:
            totals.append(row)
            continue
        rank = _RANK[row.level]
        while stack and (_RANK[stack[-1].level] >= rank or not _is_parent(stack[-1], row)):
            stack.pop()
        if stack:
            stack[-1].children.append(row)
        else:
            roots.append(row)
        stack.append(row)
    return roots, totals


def _is_parent(parent: BudgetRow, child: BudgetRow) -> bool:
    if parent.kode and child.kode:
        return child.kode.strip().startswith(parent.kode.strip().rstrip(".") + ".")
    return _RANK[parent.level] < _RANK[child.level]


def sum_known(values: Iterable[float | None]) -> float | None:
    """Sum that stays unknown when any part is unknown: never a silently short total."""
    total = 0.0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def rolled(row: BudgetRow) -> tuple[float | None, float | None, float | None]:
    """(murni, perubahan-or-murni pagu, realisasi) of a row: the sum of its children when it has any.

    A column some child leaves blank or unreadable is unknown ("-" in the report); the
    reason is in Pemeriksaan. A malformed amount counts with its interpretation.
    """
    if row.sums is None:  # the tree never changes once built: summed once per row
        if not row.children:
            row.sums = (row.murni, row.pagu, row.realisasi)
        else:
            parts = [rolled(ch) for ch in row.children]
            row.sums = tuple(sum_known(p[j] for p in parts) for j in range(3))  # type: ignore[assignment]
    return row.sums


def leaves(rows: Iterable[BudgetRow]) -> Iterable[BudgetRow]:
    """The rows without children under `rows`, in sheet order."""
    for r in rows:
        if r.children:
            yield from leaves(r.children)
        else:
            yield r


def walk(rows: Iterable[BudgetRow], parent: BudgetRow | None = None
         ) -> list[tuple[BudgetRow, BudgetRow | None]]:
    """Every row under `rows` with its parent, depth first (a row before its children)."""
    out: list[tuple[BudgetRow, BudgetRow | None]] = []

    def visit(level: Iterable[BudgetRow], p: BudgetRow | None) -> None:
        for r in level:
            out.append((r, p))
            if r.children:
                visit(r.children, r)

    visit(rows, parent)
    return out


def interpreted_cells(data: LkipData, rows: Iterable[BudgetRow]) -> list[tuple[str, str]]:
    """(cell, text) of every malformed amount under `rows` counted with its interpretation,
    so a report can say its total rests on a guessed number."""
    table = data.tables.get("anggaran")
    if table is None:
        return []
    out = []
    for r, _p in walk(rows):
        for col, text in (r.interpreted or {}).items():
            out.append((table.cell(r.i, col), text))
    return out
