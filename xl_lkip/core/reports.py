"""Build every report table of the LKjIP from the typed model.

The CLI and the Excel button both call `build_reports`; they differ only in how the
tables reach the sheets. Numbers are recomputed from the inputs (never copied from a
typed capaian or JUMLAH cell); what cannot be computed shows "-" and is explained in
the Pemeriksaan sheet. Titles and column headers come from `schema.REPORTS`.

A total adds what can be read: a blank or unreadable amount is left out and named in a
note under the table, a malformed amount counts with the checker's interpretation (also
named), so one bad cell never blanks a JUMLAH.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from . import schema
from .errors import NilaiError
from .model import (  # noqa: F401  (re-exported: reports' callers import them from here)
    BudgetRow,
    Indicator,
    LkipData,
    TableData,
    as_number,
    budget_tree,
    capaian_of,
    effective_target,
    indicators,
    infer_level,
    jenis_belanja_group,
    leaves,
    norm_code,
    records_by_code,
    renstra_year_column,
    renstra_years,
    rolled,
    serapan_of,
    sifat_target_akhir,
    sum_known,
    target_akhir_candidates,
    walk,
)
from .record import field, record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

DASH = "-"
RCol = schema.ReportColumn  # a report column: header, kind, width, data bar


@record(frozen=True)
class TableChart:
    """A chart over a table's leading ordinary rows, by column index; the layout places it."""

    kind: str  # "bar", "column" or "line"
    title: str
    category: int  # column of the category labels
    values: tuple[int, ...]  # one series per column
    reference_line: float | None = None
    colour_by: int | None = None  # a kategori column: one bar colour per row


@record
class ReportTable:
    """One table of a report sheet, its columns and rows, before it is laid out."""

    title: str
    columns: list[RCol]
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[str | None] = field(default_factory=list)  # per row: None, "sub", "total"
    links: dict[int, str] = field(default_factory=dict)  # row index -> internal link target
    link_col: int | None = None
    notes: list[str] = field(default_factory=list)  # printed under the table
    charts: list[TableChart] = field(default_factory=list)
    column_numbers: bool = True  # the (1), (2), ... row under the header, as reports print it

    def add(self, row: list[Any], style: str | None = None, link: str | None = None) -> None:
        if len(row) != len(self.columns):
            raise ValueError(f"{self.title}: baris {len(row)} kolom, judul {len(self.columns)}")
        if link:
            self.links[len(self.rows)] = link
        self.rows.append(row)
        self.styles.append(style)


@record
class ReportSheetData:
    """What one report sheet shows (its tables and charts), before it is laid out."""

    key: str
    sheet: str
    title: str
    subtitle: str
    tables: list[ReportTable]
    notes: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------


def _or_dash(v: Any) -> Any:
    return DASH if v is None else v


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _words(data: LkipData) -> dict[str, str]:
    """What the headers' {N}, {N-1}, {akhir}, {th1} ... stand for in this workbook."""
    t = data.tahun if isinstance(data.tahun, int) else None
    out = {"N": str(t) if t else "N", "akhir": str(data.identitas.get("renstra_akhir") or "")}
    for k in (1, 2, 3):
        out[f"N-{k}"] = str(t - k) if t else f"N-{k}"
    out["N+1"] = str(t + 1) if t else "N+1"
    awal = data.identitas.get("renstra_awal")
    for k in range(1, 7):
        out[f"th{k}"] = str(awal + k - 1) if isinstance(awal, int) else f"Th-{k}"
    return out


def _fill(text: str, words: dict[str, str]) -> str:
    return " ".join(_PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), text).split())


def new_table(data: LkipData | None, sheet_key: str, table_key: str) -> ReportTable:
    """An empty report table with the title and columns the schema gives it."""
    spec = schema.REPORTS_BY_KEY[sheet_key].table(table_key)
    words = _words(data) if data is not None else {}
    cols = [RCol(_fill(c.header, words), c.kind, c.width, c.databar) for c in spec.columns]
    return ReportTable(_fill(spec.title, words), cols)


def _rp(v: float) -> str:
    """An amount the way the reports write it: 1.914.251.000 (sen only when there are any)."""
    if abs(v - round(v)) < 0.005:
        return f"{round(v):,}".replace(",", ".")
    whole, _, sen = f"{v:,.2f}".partition(".")
    return whole.replace(",", ".") + "," + sen


def _pct(v: float) -> str:
    return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _cells_text(cells: list[str], limit: int = 6) -> str:
    shown = ", ".join(cells[:limit])
    return shown + (f" dan {len(cells) - limit} sel lain" if len(cells) > limit else "")


def _kategori_label(data: LkipData, value: float) -> str | None:
    if data.skala is None:
        return None
    try:
        return data.skala.kategori(value).label
    except NilaiError:
        return None


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _sasaran_groups(inds: list[Indicator]) -> list[tuple[str, str, list[Indicator]]]:
    groups: dict[str, tuple[str, list[Indicator]]] = {}
    for ind in inds:
        key = ind.kode_sasaran or ind.sasaran or "-"
        groups.setdefault(key, (ind.sasaran or key, []))[1].append(ind)
    return [(k, name, items) for k, (name, items) in groups.items()]


def _penanggung_jawab(data: LkipData, ind: Indicator) -> str:
    plan = records_by_code(data.tables.get("rencana_aksi")).get(ind.kode) or {}
    return (ind.real or {}).get("penanggung_jawab") or plan.get("penanggung_jawab") or ""


# --- totals over what can be read ---------------------------------------------------------------


class Gaps:
    """The cells a set of totals left out (blank or unreadable) or took as interpreted."""

    def __init__(self, data: LkipData) -> None:
        self.table = data.tables.get("anggaran")
        self.missing: list[str] = []
        self.guessed: list[str] = []
        self._seen: set[tuple[int, str]] = set()

    def leave_out(self, row: BudgetRow, key: str) -> None:
        if self.table is None or (row.i, key) in self._seen:
            return
        self._seen.add((row.i, key))
        raw = self.table.raw[row.i].get(key) if row.i < len(self.table.raw) else None
        how = "kosong" if raw is None or str(raw).strip() == "" else f"tidak terbaca ({str(raw)!r})"
        self.missing.append(f"Anggaran!{self.table.cell(row.i, key)} {how}")

    def interpreted(self, rows: Iterable[BudgetRow]) -> None:
        if self.table is None:
            return
        for r, _p in walk(rows):
            for key, text in (r.interpreted or {}).items():
                if (r.i, "~" + key) in self._seen:
                    continue
                self._seen.add((r.i, "~" + key))
                value = {"pagu_murni": r.murni, "pagu_perubahan": r.perubahan,
                         "realisasi": r.realisasi}.get(key)
                shown = f" dihitung sebagai {_rp(value)}" if value is not None else ""
                self.guessed.append(f"Anggaran!{self.table.cell(r.i, key)} {text!r}{shown}")

    def notes(self) -> list[str]:
        out = []
        if self.missing:
            out.append("Jumlah belum lengkap: jumlah memuat nilai yang dapat dibaca saja; tidak "
                       f"dihitung: {_cells_text(self.missing)}. Rinciannya di lembar Pemeriksaan.")
        if self.guessed:
            out.append(f"Angka yang salah tulis dihitung menurut tafsirannya: {_cells_text(self.guessed)}.")
        return out


def _columns_present(rows: list[BudgetRow]) -> tuple[bool, bool, bool]:
    """Whether any leaf has a pagu murni, a pagu, a realisasi: an unused column is not a gap."""
    m = p = r = False
    for leaf in leaves(rows):
        m = m or leaf.murni is not None
        p = p or leaf.pagu is not None
        r = r or leaf.realisasi is not None
        if m and p and r:
            break
    return m, p, r


class Totals:
    """(murni, pagu, realisasi) of budget rows, summing what can be read."""

    def __init__(self, data: LkipData, roots: list[BudgetRow]) -> None:
        self.gaps = Gaps(data)
        self.used = _columns_present(roots)
        self._memo: dict[int, tuple[float | None, float | None, float | None]] = {}
        self._pagu_key = "pagu_perubahan"
        anggaran = data.tables.get("anggaran")
        if anggaran is not None and "pagu_perubahan" not in anggaran.columns:
            self._pagu_key = "pagu_murni"

    def of(self, row: BudgetRow) -> tuple[float | None, float | None, float | None]:
        hit = self._memo.get(id(row))
        if hit is not None:
            return hit
        if not row.children:
            vals = (row.murni, row.pagu, row.realisasi)
            keys = ("pagu_murni", self._pagu_key, "realisasi")
            for v, key, used in zip(vals, keys, self.used, strict=True):
                if v is None and used:
                    self.gaps.leave_out(row, key)
            out = tuple(v if used else None for v, used in zip(vals, self.used, strict=True))
        else:
            parts = [self.of(ch) for ch in row.children]
            out = tuple(self._add(p[j] for p in parts) if self.used[j] else None for j in range(3))
        self._memo[id(row)] = out  # type: ignore[assignment]
        return out  # type: ignore[return-value]

    @staticmethod
    def _add(values: Iterable[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return math.fsum(known) if known else None  # nothing readable: unknown, not zero

    def over(self, rows: Iterable[BudgetRow]) -> tuple[float | None, float | None, float | None]:
        parts = [self.of(r) for r in rows]
        return tuple(self._add(p[j] for p in parts) if self.used[j] else None  # type: ignore[return-value]
                     for j in range(3))


def _serapan(data: LkipData, pagu: float | None, real: float | None) -> Any:
    try:
        return serapan_of(data, pagu, real)
    except NilaiError:
        return DASH


def _efisiensi(ser: Any) -> Any:
    return 100.0 - ser if isinstance(ser, float) else DASH


def _sisa(pagu: float | None, real: float | None) -> Any:
    return DASH if pagu is None or real is None else pagu - real


# --- Perjanjian Kinerja -------------------------------------------------------------------------


def perjanjian_kinerja(data: LkipData) -> list[ReportTable]:
    ind = new_table(data, "pk", "pk_indikator")
    pk = data.tables.get("pk")
    last = None
    for i, rec in enumerate(pk.records if pk else [], start=1):
        sas = rec.get("sasaran") or rec.get("kode_sasaran") or ""
        ind.add([i, sas if sas != last else "", rec.get("indikator") or "", rec.get("satuan") or "",
                 _or_dash(rec.get("target")), _or_dash(rec.get("target_perubahan"))])
        last = sas
    if not ind.rows:
        ind.notes.append("Lembar PK belum diisi.")
    table = data.tables.get("pk_program")
    prog = new_table(data, "pk", "pk_program")
    if table is None or not len(table):
        prog.notes.append("Lembar PK Program belum diisi.")
    else:
        _pk_programs(table, prog)
    return [ind, prog]


def _pk_programs(table: TableData, prog: ReportTable) -> None:
    """The PK's programs with a total of what can be read (interpreted amounts named)."""
    keys = ("anggaran", "anggaran_perubahan")
    n = len(table)
    used = [key in table.columns and any(table.number(i, key) is not None for i in range(n))
            for key in keys]
    sums = [0.0, 0.0]
    missing: list[str] = []
    guessed: list[str] = []

    def where(i: int, key: str) -> str:
        return f"'{table.sheet}'!{table.cell(i, key)}"

    for i, rec in enumerate(table.records):
        amounts: list[float | None] = []
        for j, key in enumerate(keys):
            v = table.number(i, key)
            raw = table.raw[i].get(key) if i < len(table.raw) else None
            if v is not None:
                sums[j] += v
                if as_number(rec.get(key)) is None:
                    guessed.append(f"{where(i, key)} {raw!r} dihitung sebagai {_rp(v)}")
            elif used[j] and raw is not None and str(raw).strip():
                missing.append(f"{where(i, key)} tidak terbaca")
            amounts.append(v)
        if used[0] and amounts == [None, None]:
            missing.append(f"{where(i, keys[0])} kosong")
        prog.add([i + 1, rec.get("kode_program") or "", rec.get("program") or "",
                  _or_dash(amounts[0]), _or_dash(amounts[1]), rec.get("keterangan") or ""])
    prog.add(["", "", "Total Anggaran", sums[0] if used[0] else DASH,
              sums[1] if used[1] else DASH, ""], "total")
    if missing:
        prog.notes.append(f"Total belum lengkap; tidak dihitung: {_cells_text(missing)}.")
    if guessed:
        prog.notes.append(f"Angka yang salah tulis dihitung menurut tafsirannya: {_cells_text(guessed)}.")


# --- performance --------------------------------------------------------------------------------


def pengukuran(data: LkipData, inds: list[Indicator]) -> ReportTable:
    t = new_table(data, "pengukuran", "pengukuran")
    last_sasaran = None
    for i, ind in enumerate(inds, start=1):
        sas = ind.sasaran if ind.sasaran != last_sasaran else ""
        last_sasaran = ind.sasaran
        t.add([i, sas or "", ind.indikator or "", ind.satuan or "", _or_dash(ind.target),
               _or_dash(ind.realisasi), _or_dash(ind.capaian), _or_dash(ind.kategori),
               _penanggung_jawab(data, ind)])
    caps = [x.capaian for x in inds if x.capaian is not None]
    mean = _mean(caps)
    if inds:
        label = "Rata-rata capaian" if len(caps) == len(inds) else \
            f"Rata-rata capaian ({len(caps)} dari {len(inds)} indikator)"
        t.add(["", label, "", "", "", "", _or_dash(mean),
               _or_dash(_kategori_label(data, mean) if mean is not None else None), ""], "total")
    if len(caps) < len(inds):
        left = [x.kode for x in inds if x.capaian is None]
        t.notes.append(f"Capaian {', '.join(left)} tidak dapat dihitung (lihat Pemeriksaan); "
                       "rata-rata memakai indikator yang dapat dihitung saja.")
    if caps:
        t.charts.append(TableChart("column", "Capaian per Indikator (%), nomor indikator sesuai tabel", 0,
                                   (6,), 100.0, 7))
    return t


def capaian_sasaran(data: LkipData, inds: list[Indicator]) -> list[ReportTable]:
    per = new_table(data, "sasaran", "sasaran")
    all_caps: list[float] = []
    for i, (_k, name, items) in enumerate(_sasaran_groups(inds), start=1):
        caps = [x.capaian for x in items if x.capaian is not None]
        all_caps.extend(caps)
        mean = _mean(caps)
        kat = _kategori_label(data, mean) if mean is not None else None
        per.add([i, name, len(caps), _or_dash(mean), _or_dash(kat)])
        if len(caps) < len(items):
            per.notes.append(f"Sasaran {i}: {len(items) - len(caps)} dari {len(items)} indikator "
                             "tidak dapat dihitung capaiannya dan tidak ikut dirata-rata.")
    if all_caps:
        mean = _mean(all_caps)
        per.add(["", f"Rata-rata seluruh indikator: {len(all_caps)} indikator", len(all_caps), mean,
                 _or_dash(_kategori_label(data, mean))], "total")  # type: ignore[arg-type]
    counts = new_table(data, "sasaran", "kategori")
    n = len(inds)
    levels = [] if data.skala is None else [(b[2], b[3]) for b in data.skala.baris()]
    for label, kode in levels:
        k = sum(1 for x in inds if x.kategori == label)
        counts.add([label, kode or "", k, (k / n * 100) if n else 0.0])
    missing = sum(1 for x in inds if x.kategori is None)
    if missing:
        counts.add(["Tidak dapat dihitung", "", missing, missing / n * 100])
    counts.add(["Jumlah", "", n, 100.0 if n else 0.0], "total")
    return [per, counts]


def perbandingan(data: LkipData, inds: list[Indicator]) -> ReportTable:
    t = new_table(data, "perbandingan", "perbandingan")
    for i, ind in enumerate(inds, start=1):
        r = ind.real or {}
        n0, n1 = as_number(r.get("realisasi")), as_number(r.get("realisasi_n1"))
        diff = None if n0 is None or n1 is None else n0 - n1
        pct = None if diff is None or not n1 else diff / abs(n1) * 100
        t.add([i, ind.indikator or "", ind.satuan or "", _or_dash(r.get("realisasi_n3")),
               _or_dash(r.get("realisasi_n2")), _or_dash(r.get("realisasi_n1")),
               _or_dash(r.get("realisasi")), _or_dash(diff), _or_dash(pct),
               _or_dash(r.get("target_n1"))])
    t.notes.append("Perubahan (%) = (realisasi tahun ini − realisasi tahun lalu) / realisasi tahun "
                   "lalu × 100.")
    if inds:
        t.charts.append(TableChart("column", "Realisasi per Tahun, nomor indikator sesuai tabel", 0,
                                   (3, 4, 5, 6)))
    return t


def renstra(data: LkipData, inds: list[Indicator]) -> list[ReportTable]:
    col_n = renstra_year_column(data)
    rumus = data.identitas.get("rumus_negatif")
    awal, tahun = data.identitas.get("renstra_awal"), data.tahun
    t = new_table(data, "renstra", "renstra")
    gaps = []
    for i, ind in enumerate(inds, start=1):
        rs = ind.renstra or {}
        akhir_t = rs.get("target_akhir")
        sifat = sifat_target_akhir(rs, data) if rs else "akhir"
        real = as_number(ind.realisasi)
        sampai = real
        if sifat == "kumulatif":
            sampai = None
            if isinstance(awal, int) and isinstance(tahun, int) and real is not None:
                values = [real]
                r = ind.real or {}
                for k in range(1, tahun - awal + 1):
                    v = as_number(r.get(f"realisasi_n{k}")) if k <= 3 else None
                    values.append(v)  # type: ignore[arg-type]
                if all(v is not None for v in values):
                    sampai = math.fsum(values)  # type: ignore[arg-type]
                else:
                    gaps.append(ind.kode)
        try:
            cap = capaian_of(data, akhir_t, sampai, ind.polaritas, rumus) if sampai is not None else None
        except NilaiError:
            cap = None
        t.add([i, ind.indikator or "", ind.satuan or "", sifat if rs else DASH,
               _or_dash(rs.get(col_n) if col_n else None), _or_dash(akhir_t), _or_dash(ind.realisasi),
               _or_dash(sampai), _or_dash(cap)])
    t.notes.append("Target akhir bersifat akhir: capaian = realisasi tahun ini terhadap target akhir; "
                   "bersifat kumulatif (target akhir = jumlah target tahunan): capaian = jumlah "
                   "realisasi sejak tahun pertama Renstra terhadap target akhir.")
    if gaps:
        t.notes.append(f"Realisasi kumulatif {', '.join(gaps)} tidak dapat dijumlah: realisasi tahun "
                       "sebelumnya dalam periode Renstra belum lengkap di lembar Realisasi.")
    yearly = new_table(data, "renstra", "renstra_tahunan")
    n_years = renstra_years(data)
    keep = [j for j in range(len(yearly.columns)) if not (4 + n_years <= j < 10)]
    yearly.columns = [yearly.columns[j] for j in keep]
    ren = data.tables.get("renstra")
    for i, rec in enumerate(ren.records if ren else [], start=1):
        row = [i, rec.get("indikator") or "", rec.get("satuan") or "", _or_dash(rec.get("kondisi_awal")),
               *(_or_dash(rec.get(c)) for c in schema.RENSTRA_YEAR_COLUMNS),
               _or_dash(rec.get("target_akhir"))]
        yearly.add([row[j] for j in keep])
    if not yearly.rows:
        yearly.notes.append("Lembar Renstra belum diisi.")
    return [t, yearly]


def standar_nasional(data: LkipData, inds: list[Indicator]) -> ReportTable:
    t = new_table(data, "standar", "standar")
    rumus = data.identitas.get("rumus_negatif")
    k = 0
    for ind in inds:
        std = (ind.real or {}).get("standar_nasional")
        if std is None:
            continue
        k += 1
        try:
            cap = capaian_of(data, std, ind.realisasi, ind.polaritas, rumus)
        except NilaiError:
            cap = None
        ket = ("capaian tidak dapat dihitung" if cap is None else
               "memenuhi atau melampaui standar" if cap >= 100 else "di bawah standar")
        t.add([k, ind.indikator or "", ind.satuan or "", std, _or_dash(ind.target),
               _or_dash(ind.realisasi), _or_dash(cap), ket])
    if not t.rows:
        t.notes.append("Belum ada indikator dengan Standar Nasional: isi kolom Standar Nasional di "
                       "lembar Realisasi untuk indikator yang memiliki standar nasional atau provinsi.")
    else:
        t.notes.append("Capaian terhadap standar dihitung seperti capaian terhadap target "
                       "(polaritas dan rumus negatif yang sama).")
    return t


# --- budget -------------------------------------------------------------------------------------


def _blocks(roots: list[BudgetRow], typed: list[BudgetRow]) -> list[tuple[str, list[BudgetRow]]]:
    """The budget as the agency printed it: one block per typed JUMLAH row (belanja tidak
    langsung / langsung, kesekretariatan / urusan), the rows after the last one a block too."""
    ends = sorted(r.i for r in typed if r.level == "Jumlah")
    names = {r.i: r.uraian for r in typed if r.level == "Jumlah"}
    blocks: list[tuple[str, list[BudgetRow]]] = []
    current: list[BudgetRow] = []
    k = 0
    for root in roots:
        while k < len(ends) and ends[k] < root.i:
            if current:
                blocks.append((names[ends[k]], current))
                current = []
            k += 1
        current.append(root)
    if current:
        blocks.append((names[ends[k]] if k < len(ends) else "", current))
    return blocks


def _block_title(k: int, name: str, rows: list[BudgetRow]) -> str:
    words = re.sub(r"[^a-z ]", "", name.casefold()).split()
    if words and words[0] in ("jumlah", "total") and len(words) > 1 and words[1:] != ["anggaran"]:
        return f"Bagian {k}: {name.strip()}"
    jenis = {jenis_belanja_group(x.jenis) for x in leaves(rows)} - {None}
    if len(jenis) == 1:
        return f"Bagian {k}: {jenis.pop()}"
    first, last = rows[0].uraian, rows[-1].uraian
    return f"Bagian {k}: {first}" + (f" s.d. {last}" if len(rows) > 1 else "")


def anggaran(data: LkipData) -> list[ReportTable]:
    roots, typed = budget_tree(data)
    tot = Totals(data, roots)
    blocks = _blocks(roots, typed)
    tables = []
    for k, (name, rows) in enumerate(blocks, start=1):
        t = new_table(data, "anggaran", "anggaran")
        if len(blocks) > 1:
            t.title = _block_title(k, name, rows)

        def emit(row: BudgetRow, depth: int, t: ReportTable = t) -> None:
            murni, pagu, real = tot.of(row)
            t.add([row.kode or "", "    " * depth + row.uraian, _or_dash(murni), _or_dash(pagu),
                   _or_dash(real), _serapan(data, pagu, real), _sisa(pagu, real)],
                  "sub" if row.children else None)
            for ch in row.children:
                emit(ch, depth + 1)

        for root in rows:
            emit(root, 0)
        m, p, r = tot.over(rows)
        t.add(["", "JUMLAH", _or_dash(m), _or_dash(p), _or_dash(r), _serapan(data, p, r),
               _sisa(p, r)], "total")
        tables.append(t)
    if not tables:
        t = new_table(data, "anggaran", "anggaran")
        t.notes.append("Lembar Anggaran belum diisi.")
        return [t]
    if len(tables) > 1:
        m, p, r = tot.over(roots)
        tables[-1].add(["", "JUMLAH SELURUH BAGIAN", _or_dash(m), _or_dash(p), _or_dash(r),
                        _serapan(data, p, r), _sisa(p, r)], "total")
    tot.gaps.interpreted(roots)
    tables[-1].notes += tot.gaps.notes()
    tables[-1].notes.append("Serapan = realisasi / pagu × 100; pagu = pagu perubahan, atau pagu murni "
                            "bila tidak ada perubahan. Jumlah dihitung ulang dari baris program dan "
                            "kegiatan, bukan disalin dari baris JUMLAH yang diketik.")
    return tables


def _efisiensi_rule(data: LkipData) -> str:
    return str(data.identitas.get("efisiensi") or "100 - serapan")


def ringkasan_anggaran(data: LkipData, tahun_lalu: LkipData | None = None) -> list[ReportTable]:
    roots, _typed = budget_tree(data)
    tot = Totals(data, roots)
    head = new_table(data, "ringkasan_anggaran", "ringkasan")
    groups: dict[str, list[BudgetRow]] = {}
    for leaf in leaves(roots):
        key = jenis_belanja_group(leaf.jenis) or "Jenis belanja tidak disebutkan"
        groups.setdefault(key, []).append(leaf)
    for key, rows in groups.items():
        _m, p, r = tot.over(rows)
        ser = _serapan(data, p, r)
        head.add([key, _or_dash(p), _or_dash(r), ser, _efisiensi(ser), _sisa(p, r)])
    _m, p, r = tot.over(roots)
    ser = _serapan(data, p, r)
    head.add(["SELURUH ANGGARAN", _or_dash(p), _or_dash(r), ser, _efisiensi(ser), _sisa(p, r)], "total")
    if roots and p is not None and r is not None and isinstance(ser, float):
        head.notes.append(f"Seluruh anggaran tahun {data.tahun or 'ini'}: pagu Rp {_rp(p)}, realisasi "
                          f"Rp {_rp(r)}, serapan {_pct(ser)} %, efisiensi {_pct(100 - ser)} %.")
    head.notes.append(f"Efisiensi = {_efisiensi_rule(data)} (Aturan Efisiensi di lembar Identitas).")
    tot.gaps.interpreted(roots)
    head.notes += tot.gaps.notes()
    prog = new_table(data, "ringkasan_anggaran", "serapan_program")
    for no, root in enumerate(roots, start=1):
        _m, p, r = tot.of(root)
        ser = _serapan(data, p, r)
        prog.add([no, root.uraian, _or_dash(p), _or_dash(r), ser, _efisiensi(ser), _sisa(p, r)])
    _m, p, r = tot.over(roots)
    ser = _serapan(data, p, r)
    if roots:
        prog.add(["", "JUMLAH", _or_dash(p), _or_dash(r), ser, _efisiensi(ser), _sisa(p, r)], "total")
        prog.charts.append(TableChart("bar", "Serapan Anggaran per Program (%), nomor program "
                                      "sesuai tabel", 0, (4,)))
    return [head, prog, anggaran_tahun_lalu(data, tahun_lalu)]


def anggaran_tahun_lalu(data: LkipData, tahun_lalu: LkipData | None) -> ReportTable:
    """This year's budget per jenis belanja next to last year's: from last year's workbook,
    else from the Anggaran sheet's Pagu/Realisasi Tahun Lalu columns."""
    t = new_table(data, "ringkasan_anggaran", "tahun_lalu")
    roots, _ = budget_tree(data)
    now = _per_jenis(data, roots, "pagu", "realisasi")
    before: dict[str, list[float | None]] = {}
    source = ""
    if tahun_lalu is not None:
        before = _per_jenis(tahun_lalu, budget_tree(tahun_lalu)[0], "pagu", "realisasi")
        source = f"Tahun lalu dari buku kerja {tahun_lalu.sumber or 'tahun lalu'}."
    if not any(v[0] is not None or v[1] is not None for v in before.values()):
        before = _per_jenis(data, roots, "pagu_n1", "realisasi_n1")
        source = "Tahun lalu dari kolom Pagu Tahun Lalu dan Realisasi Tahun Lalu di lembar Anggaran."
    if not any(v[0] is not None or v[1] is not None for v in before.values()):
        t.notes.append("Belum ada data anggaran tahun lalu: isi kolom Pagu Tahun Lalu dan Realisasi "
                       "Tahun Lalu di lembar Anggaran, atau berikan buku kerja tahun lalu (--tahun-lalu "
                       "atau Berkas Tahun Lalu di lembar Identitas).")
        return t
    keys = list(now) + [k for k in before if k not in now]
    totals = [0.0, 0.0, 0.0, 0.0]
    seen = [False] * 4
    for key in keys:
        p1, r1 = before.get(key, [None, None])
        p0, r0 = now.get(key, [None, None])
        for j, v in enumerate((p1, r1, p0, r0)):
            if v is not None:
                totals[j] += v
                seen[j] = True
        t.add([key, *_year_pair(data, p1, r1), *_year_pair(data, p0, r0), _change(r1, r0)])
    p1, r1, p0, r0 = (v if s else None for v, s in zip(totals, seen, strict=True))
    t.add(["JUMLAH", *_year_pair(data, p1, r1), *_year_pair(data, p0, r0), _change(r1, r0)], "total")
    t.notes.append(source)
    return t


def _year_pair(data: LkipData, pagu: float | None, real: float | None) -> list[Any]:
    return [_or_dash(pagu), _or_dash(real), _serapan(data, pagu, real)]


def _change(before: float | None, now: float | None) -> Any:
    if before is None or now is None or not before:
        return DASH
    return (now - before) / abs(before) * 100


def _per_jenis(data: LkipData, roots: list[BudgetRow], pagu_key: str,
               real_key: str) -> dict[str, list[float | None]]:
    """Sum per jenis belanja group of the leaves' pagu and realisasi (or the typed N-1 columns)."""
    table = data.tables.get("anggaran")
    out: dict[str, list[float | None]] = {}
    for leaf in leaves(roots):
        key = jenis_belanja_group(leaf.jenis) or "Jenis belanja tidak disebutkan"
        if pagu_key == "pagu":
            p, r = leaf.pagu, leaf.realisasi
        elif table is not None:
            p, r = table.number(leaf.i, pagu_key), table.number(leaf.i, real_key)
        else:
            p = r = None
        acc = out.setdefault(key, [None, None])
        for j, v in enumerate((p, r)):
            if v is not None:
                acc[j] = (acc[j] or 0.0) + v
    return out


def program_kegiatan(data: LkipData, inds: list[Indicator]) -> ReportTable:
    """Each indicator with the programs and kegiatan that support it (Anggaran's Kode Indikator)."""
    t = new_table(data, "program_kegiatan", "program_kegiatan")
    roots, _ = budget_tree(data)
    tot = Totals(data, roots)
    linked: dict[str, list[BudgetRow]] = {}
    counted: list[BudgetRow] = []
    for row, parent in _walk_with_linked_parent(roots):
        key = norm_code(row.kode_indikator)
        if key is None:
            continue
        if parent is None:
            counted.append(row)  # no linked row above it: counts once in the total
        if parent is None or norm_code(parent.kode_indikator) != key:
            linked.setdefault(key, []).append(row)
    groups: list[tuple[Indicator | None, str, list[BudgetRow]]] = []
    done_sasaran: set[str] = set()
    for ind in inds:
        groups.append((ind, ind.sasaran or "", linked.get(norm_code(ind.kode) or "", [])))
        s = norm_code(ind.kode_sasaran)
        if s and s not in done_sasaran and s in linked and s != norm_code(ind.kode):
            last_of_sasaran = [x for x in inds if norm_code(x.kode_sasaran) == s][-1]
            if last_of_sasaran is ind:
                done_sasaran.add(s)
                groups.append((None, ind.sasaran or "", linked[s]))
    last_sasaran = None
    for no, (ind, sasaran, rows) in enumerate(groups, start=1):
        shown, last_sasaran = (sasaran if sasaran != last_sasaran else ""), sasaran
        first = [no, shown, ind.indikator or "" if ind else "Seluruh indikator sasaran ini",
                 _or_dash(ind.target) if ind else "", _or_dash(ind.capaian) if ind else "",
                 ]
        pj = _penanggung_jawab(data, ind) if ind else ""
        lines = _budget_lines(rows)
        if not lines:
            t.add([*first, "(tidak ada baris anggaran dengan Kode Indikator ini)", DASH, DASH, DASH, pj])
            continue
        for k, (row, depth) in enumerate(lines):
            _m, p, r = tot.of(row)
            head = first if k == 0 else ["", "", "", "", ""]
            t.add([*head, "    " * depth + row.uraian, _or_dash(p), _or_dash(r), _serapan(data, p, r),
                   pj if k == 0 else ""], "sub" if row.children and depth == 0 and len(lines) > 1 else None)
    _m, p, r = tot.over(counted)
    t.add(["", "JUMLAH", "", "", "", "", _or_dash(p), _or_dash(r), _serapan(data, p, r), ""], "total")
    tot.gaps.interpreted(counted)
    t.notes += tot.gaps.notes()
    t.notes.append("Baris anggaran terhubung ke indikator (atau sasaran) lewat kolom Kode Indikator di "
                   "lembar Anggaran; JUMLAH menghitung tiap baris sekali.")
    return t


def _walk_with_linked_parent(roots: list[BudgetRow]) -> list[tuple[BudgetRow, BudgetRow | None]]:
    """Every budget row with its nearest ancestor that names a Kode Indikator (or None)."""
    out: list[tuple[BudgetRow, BudgetRow | None]] = []
    stack: list[tuple[BudgetRow, BudgetRow | None]] = [(r, None) for r in reversed(roots)]
    while stack:
        row, linked_parent = stack.pop()
        out.append((row, linked_parent))
        nxt = row if norm_code(row.kode_indikator) else linked_parent
        stack.extend((ch, nxt) for ch in reversed(row.children))
    return out


def _budget_lines(rows: list[BudgetRow]) -> list[tuple[BudgetRow, int]]:
    """The rows with the kegiatan under a program, as the reports print them: sub kegiatan are
    summed into their kegiatan (the Anggaran table lists them one by one)."""
    out: list[tuple[BudgetRow, int]] = []

    def visit(row: BudgetRow, depth: int) -> None:
        out.append((row, depth))
        if row.level == "Program":
            for ch in row.children:
                visit(ch, depth + 1)

    for r in rows:
        visit(r, 0)
    return out


def efisiensi(data: LkipData, inds: list[Indicator]) -> ReportTable:
    roots, _ = budget_tree(data)
    tot = Totals(data, roots)
    sasaran_of = {norm_code(ind.kode): ind.kode_sasaran or ind.sasaran or "-" for ind in inds}
    for ind in inds:  # a budget row may name the sasaran itself (Kode Indikator = S1)
        if ind.kode_sasaran:
            sasaran_of.setdefault(norm_code(ind.kode_sasaran), ind.kode_sasaran)
    linked: dict[str, list[BudgetRow]] = {}
    for leaf in leaves(roots):
        key = sasaran_of.get(norm_code(leaf.kode_indikator))
        if key is not None:
            linked.setdefault(key, []).append(leaf)
    t = new_table(data, "efisiensi", "efisiensi")
    for i, (key, name, items) in enumerate(_sasaran_groups(inds), start=1):
        cap = _mean([x.capaian for x in items if x.capaian is not None])
        rows = linked.get(key)
        pagu = real = None
        if rows:
            _m, pagu, real = tot.over(rows)
        ser = _serapan(data, pagu, real) if pagu else DASH
        eff = _efisiensi(ser)
        if cap is None or not isinstance(ser, float):
            ket = "anggaran tidak terhubung ke indikator sasaran ini" if not isinstance(ser, float) \
                else "capaian kinerja tidak dapat dihitung"
        elif cap >= ser:
            ket = "efisien: capaian kinerja ≥ serapan anggaran"
        else:
            ket = "kurang efisien: capaian kinerja < serapan anggaran"
        t.add([i, name, _or_dash(cap), _or_dash(pagu), _or_dash(real), ser, eff, ket])
    t.notes.append(f"Efisiensi = {_efisiensi_rule(data)} (Aturan Efisiensi di lembar Identitas); "
                   "efisien bila rata-rata capaian kinerja tidak lebih kecil dari serapan anggaran.")
    t.notes += tot.gaps.notes()
    return t


def rencana_aksi(data: LkipData, inds: list[Indicator]) -> ReportTable:
    plan = records_by_code(data.tables.get("rencana_aksi"))
    t = new_table(data, "rencana_aksi", "rencana_aksi")
    codes = list(plan) + [ind.kode for ind in inds if ind.kode not in plan and ind.real and any(
        ind.real.get(q) is not None for q in schema.QUARTERS)]
    by_code = {ind.kode: ind for ind in inds}
    for kode in codes:
        p = plan.get(kode, {})
        ind = by_code.get(kode)
        r = (ind.real if ind else None) or {}
        target = p.get("target_tahun") if p.get("target_tahun") is not None else (
            ind.target if ind else None)
        cap = None
        if ind is not None:
            try:
                cap = capaian_of(data, target, r.get("realisasi"), ind.polaritas,
                                 data.identitas.get("rumus_negatif"))
            except NilaiError:
                cap = None
        t.add([kode, p.get("indikator") or (ind.indikator if ind else "") or "", _or_dash(target),
               *(_or_dash(p.get(q)) for q in schema.QUARTERS),
               *(_or_dash(r.get(q)) for q in schema.QUARTERS),
               _or_dash(r.get("realisasi")), _or_dash(cap), p.get("kegiatan") or "",
               p.get("penanggung_jawab") or r.get("penanggung_jawab") or ""])
    return t


def build_reports(data: LkipData, tahun_lalu: LkipData | None = None) -> list[ReportSheetData]:
    """Every report sheet except Pemeriksaan (which the checker fills), in schema order.

    `tahun_lalu` is last year's model, when known: the budget is compared with it.
    """
    inds = indicators(data)
    instansi = data.identitas.get("instansi") or ""
    sub = " — ".join(x for x in (instansi, f"Tahun {data.tahun}" if data.tahun else "") if x)
    tables = {
        "pk": lambda: perjanjian_kinerja(data),
        "pengukuran": lambda: [pengukuran(data, inds)],
        "sasaran": lambda: capaian_sasaran(data, inds),
        "perbandingan": lambda: [perbandingan(data, inds)],
        "renstra": lambda: renstra(data, inds),
        "program_kegiatan": lambda: [program_kegiatan(data, inds)],
        "anggaran": lambda: anggaran(data),
        "ringkasan_anggaran": lambda: ringkasan_anggaran(data, tahun_lalu),
        "efisiensi": lambda: [efisiensi(data, inds)],
        "standar": lambda: [standar_nasional(data, inds)],
        "rencana_aksi": lambda: [rencana_aksi(data, inds)],
    }
    return [ReportSheetData(r.key, r.sheet, r.title, sub, tables[r.key]())
            for r in schema.REPORTS if r.key in tables]
