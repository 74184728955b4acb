"""Consistency checks of a filled LKjIP workbook (the "Pemeriksaan" sheet).

The reader already reports what it finds while reading (K00 structure, K07 malformed numbers,
K08 required blanks, K02 an unusable scale); this module looks across cells and sheets for
the contradictions real reports contain: a typed capaian that does not follow from target and
realisasi, a JUMLAH row that is not the sum of its rows, one budget line with two different
numbers in two tables, a PK target that differs from the RKT, and so on. Every finding names
the sheet and cell, says in Bahasa Indonesia what is wrong and what to do, and gives the value
expected and the value found. A workbook without mistakes gives no finding at all.

Rule ids (family number from issue 4, letter = sub-rule):

- K01  a computed column (Capaian, Kategori, Serapan) holding a typed constant: peringatan when
       it equals the computed value, galat when a capaian differs (typed, or a stale cached
       formula result)
- K02  a kategori (typed or cached) that does not follow from the scale; holes (peringatan)
       and overlaps (galat) of the scale itself
- K03a Subtotal/JUMLAH row ≠ sum of the rows it totals; K03b a total that counts a program
       and its kegiatan twice; K03c a program/kegiatan ≠ the sum of its rows
- K04a PK Program anggaran ≠ the Anggaran program row; K04b PK Anggaran Perubahan ≠ its pagu
       perubahan (or blank while Anggaran was revised); K04c pagu perubahan filled in the
       rows but not in their program, or in the program but not in its rows
- K05a PK target ≠ Renstra target of the year; K05b RKT ≠ PK; K05c Realisasi target ≠ the
       PK target in force; K05d Rencana Aksi yearly target ≠ PK; K05e polaritas ≠ Renstra
- K06  a serapan (typed, or a stale cached result) that does not follow from pagu and realisasi
- K08  a PK indicator without a Realisasi row; a PK program without pagu in Anggaran
- K09a realisasi anggaran above pagu; K09b negative amounts; K09c pagu 0 but realisasi > 0
- K10a quarterly realisations ≠ the yearly realisasi; K10b quarterly targets ≠ yearly target
- K11a duplicate codes; K11b indicators in one sheet and not in the other; K11c programs in
       one sheet and not in the other; K11d a code that refers to nothing
- K12  Identitas tahun vs the Renstra period and its year columns
- K13  Realisasi N-1 (N-2, N-3) vs last year's workbook; last year's file has the wrong year
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from . import schema
from .angka import format_angka
from .errors import NilaiError
from .findings import GALAT, PERINGATAN, Temuan
from .grid import split_ref
from .reader import LkipData, TableData
from .reports import (
    BudgetRow,
    arithmetic,
    as_number,
    budget_tree,
    capaian_of,
    effective_target,
    renstra_year_column,
    rolled,
    serapan_of,
)

__all__ = ["periksa", "urutkan", "kunci_urut"]

MONEY_TOL = 0.01  # rupiah: amounts are compared to the cent
VALUE_TOL = 0.005  # two typed numbers (targets, realisasi) are equal when printed alike

_SHEET_ORDER = [schema.IDENTITAS_SHEET.casefold()] + [t.sheet.casefold()
                                                        for t in schema.INPUT_TABLES]


# --- ordering -----------------------------------------------------------------------------


def kunci_urut(t: Temuan) -> tuple[int, int, str, int]:
    """Sort key: template sheet order, then row, then rule, then column (ties keep the
    order in which they were found)."""
    try:
        sheet = _SHEET_ORDER.index(t.lembar.strip().casefold())
    except ValueError:
        sheet = len(_SHEET_ORDER)
    row = col = 0
    if t.sel:
        try:
            row, col = split_ref(t.sel)
        except ValueError:
            pass
    return sheet, row, t.aturan, col


def urutkan(temuan: Iterable[Temuan]) -> list[Temuan]:
    """Findings in a stable order, so that the Pemeriksaan sheet is the same on every run
    (the reader's findings and the checker's can be merged with this)."""
    return sorted(temuan, key=kunci_urut)


# --- small helpers ------------------------------------------------------------------------


def _fmt(v: Any) -> str:
    if isinstance(v, float | int) and not isinstance(v, bool):
        return format_angka(float(v))
    return "kosong" if v is None else str(v)


def _rp(v: float | None) -> str:
    return "kosong" if v is None else "Rp " + format_angka(v)


def _setara(a: float, b: float, tol: float = VALUE_TOL) -> bool:
    """Two typed numbers are the same value (as they would be printed)."""
    return abs(a - b) <= tol + 1e-9 * max(abs(a), abs(b), 1.0)


def _uang_sama(a: float, b: float) -> bool:
    return _setara(a, b, MONEY_TOL)


def _sesuai_hitung(found: float, computed: float) -> bool:
    """A typed number agrees with a computed one: within 0,005, or the computed value
    rounded to 0, 1 or 2 decimals (117,8 does not follow from 106,79; 107 does)."""
    if _setara(found, computed):
        return True
    for d in (0, 1, 2):
        scaled = found * 10**d
        if abs(scaled - round(scaled)) < 1e-6 and abs(found - computed) <= 0.5 * 10**-d + 1e-9:
            return True
    return False


_SPACES = re.compile(r"\s+")


def _kode(v: Any) -> str | None:
    if v is None:
        return None
    return _kode_text(v if type(v) is str else str(v))


@functools.lru_cache(maxsize=4096)
def _kode_text(text: str) -> str | None:
    s = _SPACES.sub("", text).strip(".").casefold()
    return s or None


def _nama(v: Any) -> str | None:
    """A program name for matching: case, punctuation and a leading 'Program' ignored."""
    if v is None:
        return None
    s = re.sub(r"[^0-9a-z]+", " ", str(v).casefold()).strip()
    s = re.sub(r"^program\s+", "", s)
    return s or None


_STOPWORDS = frozenset({"program", "kegiatan", "dan", "yang", "di", "ke", "dari", "untuk",
                        "serta", "pada", "dalam", "atau"})


def _mirip(a: Any, b: Any) -> float:
    """Likeness of two program names (shared words / all words), for names printed two ways
    ('Program Pembinaan Sosial Politik' / 'Program Pembinaan dan Pendidikan Politik')."""
    wa = set((_nama(a) or "").split()) - _STOPWORDS
    wb = set((_nama(b) or "").split()) - _STOPWORDS
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


_BLANK_MARKS = {"", "-", "–", "—", "_"}


def _kosong(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() in _BLANK_MARKS


def _teks(v: Any) -> str:
    return _SPACES.sub(" ", str(v)).strip().casefold()


def _target(v: Any) -> Any:
    """A target as a float, a Rentang, or normalized text when it is neither."""
    if v is None:
        return None
    try:
        return arithmetic().baca_target(v)
    except NilaiError:
        return _teks(v)


def _target_sama(a: Any, b: Any) -> bool:
    return _targets_equal(_target(a), _target(b))


def _targets_equal(ta: Any, tb: Any) -> bool:
    """Two targets as `_target` reads them are the same."""
    Rentang = arithmetic().Rentang  # noqa: N806

    if isinstance(ta, float) and isinstance(tb, float):
        return _setara(ta, tb)
    if isinstance(ta, Rentang) and isinstance(tb, Rentang):
        return _setara(ta.bawah, tb.bawah) and _setara(ta.atas, tb.atas)
    return ta == tb


def _nilai_target(v: Any) -> Any:
    """A target for the expected/found columns: numbers as floats, ranges as text."""
    n = as_number(v)
    return n if n is not None else (None if v is None else str(v))


def _index(table: TableData | None, key: str) -> dict[str, int]:
    """Normalized code -> first record index."""
    out: dict[str, int] = {}
    if table is None:
        return out
    for i, rec in enumerate(table.records):
        k = _kode(rec.get(key))
        if k is not None and k not in out:
            out[k] = i
    return out


def _combine(values: list[float], rule: str) -> float:
    if rule == "jumlah":
        return math.fsum(values)
    if rule == "terakhir":
        return values[-1]
    return math.fsum(values) / len(values)


def _walk(rows: Iterable[BudgetRow], parent: BudgetRow | None = None
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


# --- budget values ------------------------------------------------------------------------
# A row's value in a column is what it holds, else the sum of its rows. For the pagu
# perubahan, a row that was not revised keeps its pagu murni.

_MONEY_COLUMNS = ("pagu_murni", "pagu_perubahan", "realisasi")
_ATTR = {"pagu_murni": "murni", "pagu_perubahan": "perubahan", "realisasi": "realisasi"}


def _own(row: BudgetRow, col: str) -> float | None:
    return getattr(row, _ATTR[col])


def _has_perubahan(row: BudgetRow) -> bool:
    if row.revised is None:  # the tree never changes once built: found once per row
        row.revised = row.perubahan is not None or any(_has_perubahan(c) for c in row.children)
    return row.revised


def _value(row: BudgetRow, col: str) -> float | None:
    own = _own(row, col)
    if own is not None:
        return own
    if col == "pagu_perubahan":
        if any(_has_perubahan(c) for c in row.children):
            return _child_sum(row, col)
        return _value(row, "pagu_murni")
    return _child_sum(row, col)


def _child_sum(row: BudgetRow, col: str) -> float | None:
    vals = [v for v in (_value(c, col) for c in row.children) if v is not None]
    return math.fsum(vals) if vals else None


# --- the checker ----------------------------------------------------------------------------


class _Checker:
    def __init__(self, data: LkipData, tahun_lalu: LkipData | None) -> None:
        self.data = data
        self.lalu = tahun_lalu
        self.out: list[Temuan] = []
        self.t = data.tables
        self.rumus = data.identitas.get("rumus_negatif")
        self.renstra_idx = _index(self.t.get("renstra"), "kode_indikator")
        self.pk_idx = _index(self.t.get("pk"), "kode_indikator")
        self.real_idx = _index(self.t.get("realisasi"), "kode_indikator")
        self.roots, self.totals = budget_tree(data)
        self.walk = _walk(self.roots)  # every budget row with its parent, in sheet order
        self.nodes = {r.i: (r, p) for r, p in self.walk}
        self._complete: dict[tuple[int, str], bool] = {}
        self._targets: dict[tuple[type, Any], Any] = {}  # _target of a value, read once
        self._by_index: list[int] | None = None

    def add(self, aturan: str, tingkat: str, lembar: str, sel: str, pesan: str,
            diharapkan: Any = None, ditemukan: Any = None) -> None:
        if isinstance(diharapkan, int) and not isinstance(diharapkan, bool):
            diharapkan = float(diharapkan)
        if isinstance(ditemukan, int) and not isinstance(ditemukan, bool):
            ditemukan = float(ditemukan)
        self.out.append(Temuan(aturan, tingkat, lembar, sel, pesan, diharapkan, ditemukan))

    def bad(self, table_key: str, i: int, *cols: str) -> bool:
        """A cell the reader could not use (reported as K07): checks built on it are skipped."""
        table = self.t.get(table_key)
        if table is None:
            return False
        rec, raw = table.records[i], table.raw[i]
        for c in cols:
            if rec.get(c) is None and not _kosong(raw.get(c)):
                return True
        return False

    def complete(self, row: BudgetRow, col: str) -> bool:
        """True when `_value(row, col)` was built from readable cells only."""
        key = (row.i, col)
        known = self._complete.get(key)
        if known is None:
            known = self._complete[key] = self._is_complete(row, col)
        return known

    def _is_complete(self, row: BudgetRow, col: str) -> bool:
        if _own(row, col) is not None:
            return True
        if self.bad("anggaran", row.i, col):
            return False
        if col == "pagu_perubahan" and not any(_has_perubahan(c) for c in row.children):
            return self.complete(row, "pagu_murni")
        return all(self.complete(c, col) for c in row.children)

    def kids_complete(self, row: BudgetRow, col: str) -> bool:
        return all(self.complete(c, col) for c in row.children)

    def target_sama(self, a: Any, b: Any) -> bool:
        """`_target_sama`, each target read once per run (the same targets are compared often)."""
        return _targets_equal(self.target(a), self.target(b))

    def target(self, v: Any) -> Any:
        if type(v) not in (str, float, int) or v == 0:  # (0.0 and -0.0 are one key)
            return _target(v)
        key = (type(v), v)
        if key not in self._targets:
            self._targets[key] = _target(v)
        return self._targets[key]

    def rec(self, table_key: str, kode: str | None) -> dict[str, Any] | None:
        idx = {"renstra": self.renstra_idx, "pk": self.pk_idx,
               "realisasi": self.real_idx}[table_key]
        i = idx.get(_kode(kode) or "")
        return None if i is None else self.t[table_key].records[i]

    def run(self) -> list[Temuan]:
        self.identitas_years()
        self.scale()
        self.duplicates()
        self.realisasi_computed()
        self.targets()
        self.presence()
        self.quarters()
        self.budget_computed()
        self.budget_sums()
        self.budget_totals()
        self.budget_amounts()
        self.pk_program()
        self.last_year()
        return urutkan(self.out)

    # --- families 1, 2, 6: computed columns --------------------------------------------------

    def computed_cell(self, table: TableData, i: int, key: str, expected: Any, why: str | None,
                      rule: str, same: Callable[[Any, Any], bool], what: str,
                      check_cached: bool = True, inputs: tuple[str, ...] = ()) -> None:
        """One finding at most per computed cell: typed (K01 / `rule`) or stale (`rule`)."""
        value = table.records[i].get(key)
        if value is None:
            return
        rec, raw = table.records[i], table.raw[i]  # self.bad(table.spec.key, i, c) for each input:
        unreadable = [c for c in inputs if rec.get(c) is None and not _kosong(raw.get(c))]
        if not unreadable and key in table.formulas[i] and (
                not check_cached or expected is None or same(value, expected)):
            return  # the usual cell: the template's formula, its saved result as computed
        col = table.spec.column(key)
        cell = table.cell(i, key)
        if unreadable:
            expected, check_cached = None, False
            why = "sel " + ", ".join(table.cell(i, c) for c in unreadable) + \
                " tidak terbaca sebagai angka (lihat temuan K07)"
        if key not in table.formulas[i]:
            if expected is None:
                self.add("K01", PERINGATAN, table.sheet, cell,
                         f"{col.header} diketik sebagai nilai tetap ({_fmt(value)}), bukan rumus; "
                         f"nilainya tidak dapat diperiksa karena {why}. Lengkapi datanya lalu "
                         "kembalikan rumus templat di kolom ini.", None, value)
            elif same(value, expected):
                self.add("K01", PERINGATAN, table.sheet, cell,
                         f"{col.header} diketik, bukan rumus: nilainya ({_fmt(value)}) sesuai "
                         f"{what}, tetapi tidak akan ikut berubah bila datanya diubah. Kembalikan "
                         "rumus templat di kolom ini.", expected, value)
            else:
                self.add(rule, GALAT, table.sheet, cell,
                         f"{col.header} diketik {_fmt(value)}, padahal {what} adalah "
                         f"{_fmt(expected)}. Ganti isian ini dengan rumus templat.",
                         expected, value)
        elif check_cached and expected is not None and not same(value, expected):
            self.add(rule, GALAT, table.sheet, cell,
                     f"nilai rumus {col.header} yang tersimpan ({_fmt(value)}) berbeda dari "
                     f"{what} ({_fmt(expected)}): rumusnya diganti atau belum dihitung ulang. "
                     "Pakai rumus templat dan hitung ulang (F9).", expected, value)

    def realisasi_computed(self) -> None:
        table = self.t.get("realisasi")
        if table is None:
            return
        skala = self.data.skala
        for i, rec in enumerate(table.records):
            ren = self.rec("renstra", rec.get("kode_indikator")) or {}
            pol_ren = ren.get("polaritas")
            pol = rec.get("polaritas") or pol_ren or "positif"
            cap: float | None = None
            why: str | None = None
            try:
                cap = capaian_of(self.data, rec.get("target"), rec.get("realisasi"), pol, self.rumus)
            except NilaiError as exc:
                why = exc.pesan
                if rec.get("target") is not None and rec.get("realisasi") is not None:
                    # both given and still no capaian (target 0 or below, T/R with realisasi 0):
                    # the measurement itself is impossible, say why at the target
                    self.add("K07", GALAT, table.sheet, table.cell(i, "target"),
                             f"capaian tidak dapat dihitung: {exc.pesan}. Periksa target dan "
                             "realisasi indikator ini.", None, rec.get("target"))
            # a blank polaritas makes the template formula compute "positif": K05e says so
            formula_blind = rec.get("polaritas") is None and pol_ren == "negatif"
            self.computed_cell(
                table, i, "capaian", cap, why, "K01",
                lambda found, exp: as_number(found) is not None and _sesuai_hitung(as_number(found), exp),
                "capaian yang dihitung dari target dan realisasi", not formula_blind,
                ("target", "realisasi"))
            if skala is None:
                continue  # the reader reported the unusable scale (K02)
            label: str | None = None
            names: set[str] = set()
            kwhy = why
            if cap is not None:
                try:
                    tingkat = skala.kategori(cap)
                    label = tingkat.label
                    names = {_teks(tingkat.label)}
                    if tingkat.kode:
                        names.add(_teks(tingkat.kode))
                except NilaiError as exc:
                    kwhy = exc.pesan
            self.computed_cell(
                table, i, "kategori", label, kwhy, "K02",
                lambda found, _exp, names=names: _teks(found) in names,
                f"kategori menurut skala untuk capaian {_fmt(cap)}", not formula_blind,
                ("target", "realisasi", "capaian"))

    def budget_computed(self) -> None:
        table = self.t.get("anggaran")
        if table is None:
            return
        for i, rec in enumerate(table.records):
            pagu = as_number(rec.get("pagu_perubahan"))
            if pagu is None:
                pagu = as_number(rec.get("pagu_murni"))
            real = as_number(rec.get("realisasi"))
            node = self.nodes.get(i)
            if node is not None and node[0].children and (pagu is None or real is None) \
                    and self.complete(node[0], "pagu_perubahan") \
                    and self.complete(node[0], "realisasi"):
                _m, r_pagu, r_real = rolled(node[0])
                pagu = r_pagu if pagu is None else pagu
                real = r_real if real is None else real
            ser: float | None = None
            why: str | None = None
            try:
                ser = serapan_of(self.data, pagu, real)
            except NilaiError as exc:
                why = exc.pesan
            self.computed_cell(
                table, i, "serapan", ser, why, "K06",
                lambda found, exp: as_number(found) is not None and _sesuai_hitung(as_number(found), exp),
                "serapan dari pagu dan realisasi anggaran (realisasi/pagu×100)",
                inputs=("pagu_murni", "pagu_perubahan", "realisasi"))

    def scale(self) -> None:
        skala = self.data.skala
        if skala is None:
            return
        table = self.t.get("skala")
        if table is not None and len(table):
            sheet, cell = table.sheet, table.column_cell("batas_bawah")
        else:
            sheet, cell = schema.IDENTITAS_SHEET, self.data.identitas_cells.get("skala", "")
        for msg in skala.masalah():
            overlap = msg.startswith("tumpang")
            self.add("K02", GALAT if overlap else PERINGATAN, sheet, cell,
                     f"skala kategori: {msg}. Perbaiki batas bawah/atas di lembar Skala agar "
                     "setiap capaian masuk tepat satu kategori.")

    # --- family 3: sums in Anggaran ----------------------------------------------------------

    def budget_sums(self) -> None:
        """A program or kegiatan that holds its own amount must equal the sum of its rows."""
        table = self.t.get("anggaran")
        if table is None:
            return
        for row, _parent in self.walk:
            if not row.children:
                continue
            for col in _MONEY_COLUMNS:
                own = _own(row, col)
                if col == "pagu_perubahan":
                    self.perubahan_parent(table, row, table.cell(row.i, col))
                    if own is None or not any(_has_perubahan(c) for c in row.children):
                        continue
                if own is None:
                    continue
                total = _child_sum(row, col)
                if total is None or _uang_sama(own, total) or not self.kids_complete(row, col):
                    continue
                header = table.spec.column(col).header
                cell = table.cell(row.i, col)
                self.add("K03c", GALAT, table.sheet, cell,
                         f"{header} {row.level.lower()} '{row.uraian}' ({_rp(own)}) berbeda dari "
                         f"jumlah {header.lower()} baris-baris di bawahnya ({_rp(total)}). "
                         "Perbaiki angka baris ini atau baris rinciannya.", total, own)

    def perubahan_parent(self, table: TableData, row: BudgetRow, cell: str) -> None:
        """Pagu murni vs perubahan: a revision must show on the parent and on its rows."""
        kids_revised = any(_has_perubahan(c) for c in row.children)
        murni = _value(row, "pagu_murni")
        if self.bad("anggaran", row.i, "pagu_perubahan"):
            return
        if row.perubahan is None and kids_revised:
            total = _child_sum(row, "pagu_perubahan")
            if total is None or not self.kids_complete(row, "pagu_perubahan"):
                return
            changed = murni is None or not _uang_sama(total, murni)
            self.add("K04c", GALAT if changed else PERINGATAN, table.sheet, cell,
                     f"pagu perubahan diisi pada rincian {row.level.lower()} '{row.uraian}' "
                     f"(jumlahnya {_rp(total)}) tetapi kosong pada baris ini, sehingga serapannya "
                     f"dihitung dengan pagu murni {_rp(murni)}. Isi Pagu Perubahan baris ini.",
                     total, None)
        elif row.perubahan is not None and not kids_revised:
            total = _child_sum(row, "pagu_murni")
            if total is None or _uang_sama(total, row.perubahan) \
                    or not self.kids_complete(row, "pagu_murni"):
                return
            self.add("K04c", GALAT, table.sheet, cell,
                     f"pagu perubahan {row.level.lower()} '{row.uraian}' ({_rp(row.perubahan)}) "
                     f"diisi, tetapi rinciannya tidak punya pagu perubahan (pagu murninya "
                     f"berjumlah {_rp(total)}). Isi Pagu Perubahan pada baris-baris rinciannya.",
                     total, row.perubahan)

    def budget_totals(self) -> None:
        """A typed Subtotal/JUMLAH row totals the rows since the previous total of its kind."""
        table = self.t.get("anggaran")
        if table is None:
            return
        start_sub = start_jml = 0
        for tot in self.totals:
            start = start_sub if tot.level == "Subtotal" else start_jml
            self.check_total(table, tot, start)
            start_sub = tot.i + 1
            if tot.level == "Jumlah":
                start_jml = tot.i + 1

    def check_total(self, table: TableData, tot: BudgetRow, start: int) -> None:
        if self._by_index is None:  # the budget rows in sheet order, sorted once for all totals
            self._by_index = sorted(self.nodes)
        lo = bisect.bisect_left(self._by_index, start)
        hi = bisect.bisect_left(self._by_index, tot.i)
        span = [self.nodes[i] for i in self._by_index[lo:hi]]
        if not span:
            return
        tops = [r for r, p in span if p is None or p.i < start]
        first = table.rows[span[0][0].i]
        last = table.rows[span[-1][0].i]
        for col in _MONEY_COLUMNS:
            found = _own(tot, col)
            if found is None:
                continue
            header = table.spec.column(col).header
            values = [_value(r, col) for r in tops]
            alt = []
            for r in tops:
                kids = _child_sum(r, col) if r.children else None
                alt.append(_value(r, col) if kids is None else kids)
            if all(v is None for v in values) or not all(self.complete(r, col) for r in tops):
                continue
            expected = math.fsum(v for v in values if v is not None)
            other = math.fsum(v for v in alt if v is not None)
            if _uang_sama(found, expected) or _uang_sama(found, other):
                continue
            cell = table.cell(tot.i, col)
            twice = math.fsum(v for v in (_own(r, col) for r, _p in span) if v is not None)
            nested = any(r.children for r in tops)
            if nested and _uang_sama(found, twice):
                self.add("K03b", GALAT, table.sheet, cell,
                         f"{tot.uraian or tot.level} {header.lower()} ({_rp(found)}) menjumlahkan "
                         f"program dan kegiatannya dua kali (baris {first}–{last}); jumlah yang "
                         f"benar adalah jumlah baris program saja ({_rp(expected)}).",
                         expected, found)
            else:
                self.add("K03a", GALAT, table.sheet, cell,
                         f"{tot.uraian or tot.level} {header.lower()} ({_rp(found)}) berbeda dari "
                         f"jumlah baris program di atasnya, baris {first}–{last} "
                         f"({_rp(expected)}). Perbaiki angka jumlah ini atau baris-barisnya.",
                         expected, found)

    # --- families 8, 9: amounts ----------------------------------------------------------------

    def budget_amounts(self) -> None:
        table = self.t.get("anggaran")
        if table is not None:
            for i, rec in enumerate(table.records):
                negative = False
                for col in _MONEY_COLUMNS:
                    v = as_number(rec.get(col))
                    if v is not None and v < 0:
                        negative = True
                        self.add("K09b", GALAT, table.sheet, table.cell(i, col),
                                 f"{table.spec.column(col).header} bernilai negatif ({_rp(v)}); "
                                 "anggaran dan realisasi tidak boleh negatif. Periksa tanda "
                                 "minus atau tanda kurung pada angka ini.", None, v)
                if negative or i not in self.nodes:
                    continue  # a Subtotal/JUMLAH over pagu repeats its rows' findings
                pagu = as_number(rec.get("pagu_perubahan"))
                pagu = as_number(rec.get("pagu_murni")) if pagu is None else pagu
                real = as_number(rec.get("realisasi"))
                if pagu is None or real is None or real <= pagu + MONEY_TOL:
                    continue
                cell = table.cell(i, "realisasi")
                if pagu == 0:
                    self.add("K09c", GALAT, table.sheet, cell,
                             f"pagu baris ini 0 tetapi realisasinya {_rp(real)}: belanja tanpa "
                             "anggaran. Isi pagunya atau periksa realisasinya.", 0.0, real)
                else:
                    self.add("K09a", GALAT, table.sheet, cell,
                             f"realisasi anggaran ({_rp(real)}) melebihi pagu ({_rp(pagu)}). "
                             "Periksa realisasi atau pagu (murni/perubahan) baris ini.",
                             pagu, real)
        prog = self.t.get("pk_program")
        if prog is not None:
            for i, rec in enumerate(prog.records):
                for col in ("anggaran", "anggaran_perubahan"):
                    v = as_number(rec.get(col))
                    if v is not None and v < 0:
                        self.add("K09b", GALAT, prog.sheet, prog.cell(i, col),
                                 f"{prog.spec.column(col).header} bernilai negatif ({_rp(v)}); "
                                 "anggaran tidak boleh negatif.", None, v)

    # --- family 4: PK Program vs Anggaran --------------------------------------------------

    def program_rows(self) -> list[BudgetRow]:
        return [r for r, _p in self.walk if r.level == "Program"]

    @staticmethod
    def match_program(rec: dict[str, Any], programs: list[BudgetRow]) -> BudgetRow | None:
        """The Anggaran program row of a PK program: same name (with the same code first);
        else the same code unless another program has a clearly closer name; else the one
        program whose name shares most words. Reports number their rows 1, 2 … in every
        table, so a code alone can point at the wrong block."""
        kode, nama = _kode(rec.get("kode_program")), _nama(rec.get("program"))
        same_code = [r for r in programs if kode is not None and _kode(r.kode) == kode]
        exact = [r for r in programs if nama is not None and _nama(r.uraian) == nama]
        if exact:
            return next((r for r in exact if r in same_code), exact[0])
        score = {r.i: _mirip(nama, r.uraian) for r in programs}
        near_code = [r for r in same_code if score[r.i] >= 0.3]
        if near_code:
            return max(near_code, key=lambda r: score[r.i])
        best = max(score.values(), default=0.0)
        if len(same_code) == 1 and best < 0.5:
            return same_code[0]
        top = [r for r in programs if score[r.i] == best]
        return top[0] if best >= 0.5 and len(top) == 1 else None

    def pk_program(self) -> None:
        prog = self.t.get("pk_program")
        ang = self.t.get("anggaran")
        if prog is None or ang is None:
            return
        programs = self.program_rows()
        if not programs:
            if len(prog) and len(ang):
                self.add("K11c", PERINGATAN, ang.sheet, ang.column_cell("level"),
                         "lembar Anggaran tidak memuat baris Program, sehingga anggaran di PK "
                         "Program tidak dapat dicocokkan. Tambahkan baris Program (Level = "
                         "Program) di atas kegiatannya.", "baris Program", "tidak ada")
            return
        matched: set[int] = set()
        for i, rec in enumerate(prog.records):
            if rec.get("kode_program") is None and rec.get("program") is None:
                continue
            row = self.match_program(rec, programs)
            name = rec.get("program") or rec.get("kode_program")
            if row is None:
                if len(ang):
                    self.add("K11c", PERINGATAN, prog.sheet,
                             prog.cell(i, "kode_program") or prog.cell(i, "program"),
                             f"program '{name}' di PK Program tidak ditemukan di lembar Anggaran "
                             "(dicari menurut kode, lalu menurut nama). Samakan kode atau nama "
                             "programnya, atau tambahkan baris program di Anggaran.",
                             "baris program di Anggaran", "tidak ada")
                continue
            matched.add(row.i)
            where = ang.cell(row.i, "pagu_murni")
            murni = _value(row, "pagu_murni")
            if murni is None and not _has_perubahan(row):
                self.add("K08", GALAT, ang.sheet, where,
                         f"program '{row.uraian}' ada di PK Program tetapi pagunya kosong di "
                         "Anggaran (juga pada rinciannya). Isi pagu program atau kegiatannya.",
                         "nilai", "kosong")
                continue
            self.pk_anggaran(prog, i, rec, row, ang)
        if len(prog):
            for row in programs:
                if row.i not in matched:
                    self.add("K11c", PERINGATAN, ang.sheet, ang.cell(row.i, "uraian"),
                             f"program '{row.uraian}' di Anggaran tidak tercantum di PK Program. "
                             "Tambahkan ke PK Program bila program ini bagian Perjanjian Kinerja.",
                             "baris di PK Program", "tidak ada")

    def pk_anggaran(self, prog: TableData, i: int, rec: dict[str, Any], row: BudgetRow,
                    ang: TableData) -> None:
        """PK anggaran vs the program row (its own amount, else the sum of its kegiatan)."""
        for pk_col, col, rule in (("anggaran", "pagu_murni", "K04a"),
                                  ("anggaran_perubahan", "pagu_perubahan", "K04b")):
            cell = prog.cell(i, pk_col)
            found = as_number(rec.get(pk_col))
            if not cell or not self.complete(row, col):
                continue
            expected = _value(row, col)
            kids = _child_sum(row, col) if row.children and self.kids_complete(row, col) else None
            where = f"{ang.sheet}!{ang.cell(row.i, col)}"
            label = "pagu murni" if col == "pagu_murni" else "pagu perubahan"
            if col == "pagu_perubahan":
                if found is None:
                    murni = _value(row, "pagu_murni")
                    if _has_perubahan(row) and expected is not None and murni is not None \
                            and not _uang_sama(expected, murni):
                        self.add(rule, PERINGATAN, prog.sheet, cell,
                                 f"pagu program '{row.uraian}' diubah di Anggaran ({_rp(murni)} "
                                 f"menjadi {_rp(expected)}) tetapi Anggaran Perubahan di PK "
                                 "kosong. Isi dari PK Perubahan.", expected, None)
                    continue
                if not _has_perubahan(row):
                    label = "pagu (tanpa pagu perubahan)"
            if found is None or expected is None or _uang_sama(found, expected):
                continue
            extra = ""
            if row.children and kids is not None and _uang_sama(found, kids) \
                    and not _uang_sama(kids, expected):
                extra = (f"; angka PK sama dengan jumlah kegiatannya ({_rp(kids)}), jadi baris "
                         "program di Anggaran yang perlu diperiksa")
            elif col == "pagu_murni":
                other = _value(row, "pagu_perubahan")
                if _has_perubahan(row) and other is not None and _uang_sama(found, other):
                    extra = "; angka PK sama dengan pagu perubahan: isi di kolom Anggaran Perubahan"
            self.add(rule, GALAT, prog.sheet, cell,
                     f"anggaran program '{row.uraian}' di PK ({_rp(found)}) berbeda dari {label} "
                     f"di {where} ({_rp(expected)}){extra}. Samakan kedua tabel.",
                     expected, found)

    # --- family 5: targets -----------------------------------------------------------------

    def targets(self) -> None:
        pk = self.t.get("pk")
        col_n = renstra_year_column(self.data)
        tahun = self.data.tahun
        if pk is not None:
            for i, rec in enumerate(pk.records):
                target = rec.get("target")
                ren = self.rec("renstra", rec.get("kode_indikator"))
                if ren is not None and col_n and ren.get(col_n) is not None and target is not None \
                        and not self.target_sama(target, ren[col_n]):
                    self.add("K05a", PERINGATAN, pk.sheet, pk.cell(i, "target"),
                             f"target PK ({_fmt(target)}) berbeda dari target Renstra tahun "
                             f"{tahun} ({_fmt(ren[col_n])}) untuk indikator "
                             f"{rec.get('kode_indikator')}. Samakan, atau jelaskan perubahan "
                             "targetnya.", _nilai_target(ren[col_n]), _nilai_target(target))
                rkt = rec.get("target_rkt")
                if rkt is not None and target is not None and not self.target_sama(rkt, target):
                    self.add("K05b", GALAT, pk.sheet, pk.cell(i, "target_rkt"),
                             f"target RKT ({_fmt(rkt)}) berbeda dari target PK ({_fmt(target)}) "
                             f"untuk indikator {rec.get('kode_indikator')}; RKT dan PK tahun yang "
                             "sama harus bertarget sama. Samakan keduanya.",
                             _nilai_target(target), _nilai_target(rkt))
        real = self.t.get("realisasi")
        if real is not None:
            for i, rec in enumerate(real.records):
                p = self.rec("pk", rec.get("kode_indikator"))
                eff = effective_target(p, None) if p is not None else None
                if eff is not None and rec.get("target") is not None \
                        and not self.target_sama(rec["target"], eff):
                    which = "Target PK Perubahan" if p.get("target_perubahan") is not None \
                        else "Target PK"
                    self.add("K05c", GALAT, real.sheet, real.cell(i, "target"),
                             f"target di Realisasi ({_fmt(rec['target'])}) berbeda dari {which} "
                             f"yang berlaku ({_fmt(eff)}); capaian harus diukur terhadap target "
                             "PK. Samakan targetnya.", _nilai_target(eff),
                             _nilai_target(rec["target"]))
                ren = self.rec("renstra", rec.get("kode_indikator"))
                pol_ren = (ren or {}).get("polaritas")
                pol = rec.get("polaritas")
                if pol_ren is None:
                    continue
                if pol is not None and pol != pol_ren:
                    self.add("K05e", GALAT, real.sheet, real.cell(i, "polaritas"),
                             f"polaritas di Realisasi ({pol}) berbeda dari Renstra ({pol_ren}); "
                             "capaian dihitung dengan rumus yang salah. Samakan polaritasnya.",
                             pol_ren, pol)
                elif pol is None and pol_ren == "negatif":
                    formula = "capaian" in real.formulas[i]
                    self.add("K05e", GALAT if formula else PERINGATAN, real.sheet,
                             real.cell(i, "polaritas"),
                             "polaritas kosong di Realisasi padahal Renstra menyebut indikator ini "
                             "negatif; rumus Capaian menganggap kosong = positif. Isi 'negatif'.",
                             pol_ren, None)
        plan = self.t.get("rencana_aksi")
        if plan is not None:
            for i, rec in enumerate(plan.records):
                p = self.rec("pk", rec.get("kode_indikator"))
                yearly = rec.get("target_tahun")
                if p is None or yearly is None:
                    continue
                choices = [t for t in (p.get("target"), p.get("target_perubahan")) if t is not None]
                if choices and not any(self.target_sama(yearly, t) for t in choices):
                    eff = effective_target(p, None)
                    self.add("K05d", GALAT, plan.sheet, plan.cell(i, "target_tahun"),
                             f"target tahun di Rencana Aksi ({_fmt(yearly)}) berbeda dari target "
                             f"PK ({_fmt(eff)}) untuk indikator {rec.get('kode_indikator')}. "
                             "Samakan targetnya.", _nilai_target(eff), _nilai_target(yearly))

    # --- family 10: quarters ---------------------------------------------------------------

    def quarters(self) -> None:
        for key, yearly_key, rule, what in (
                ("realisasi", "realisasi", "K10a", "realisasi"),
                ("rencana_aksi", "target_tahun", "K10b", "target")):
            table = self.t.get(key)
            if table is None:
                continue
            for i, rec in enumerate(table.records):
                yearly = as_number(rec.get(yearly_key))
                vals = [as_number(rec.get(q)) for q in schema.QUARTERS]
                given = [v for v in vals if v is not None]
                if yearly is None or not given or self.bad(key, i, *schema.QUARTERS):
                    continue
                ren = self.rec("renstra", rec.get("kode_indikator")) or {}
                gabung = ren.get("gabung")
                cell = table.cell(i, yearly_key)
                if gabung:
                    combined = _combine(given, gabung)
                    if not _sesuai_hitung(yearly, combined):
                        self.add(rule, GALAT, table.sheet, cell,
                                 f"{what} triwulan digabung menurut cara '{gabung}' (Renstra) "
                                 f"menghasilkan {_fmt(combined)}, bukan {what} tahun "
                                 f"{_fmt(yearly)}. Periksa angka triwulan atau angka tahunannya.",
                                 combined, yearly)
                    continue
                results = {g: _combine(given, g) for g in schema.GABUNG}
                if not any(_sesuai_hitung(yearly, v) for v in results.values()):
                    listing = "; ".join(f"{g} {_fmt(v)}" for g, v in results.items())
                    self.add(rule, PERINGATAN, table.sheet, cell,
                             f"{what} tahun ({_fmt(yearly)}) tidak sesuai dengan {what} triwulan "
                             f"menurut cara gabung mana pun ({listing}). Isi Cara Gabung "
                             "Triwulan di Renstra dan periksa angkanya.", listing, yearly)

    # --- families 8, 11: presence and duplicates ---------------------------------------------

    def duplicates(self) -> None:
        for spec in schema.INPUT_TABLES:
            table = self.t.get(spec.key)
            if table is None or spec.id_column is None:
                continue
            seen: dict[str, int] = {}
            for i, rec in enumerate(table.records):
                k = _kode(rec.get(spec.id_column))
                if k is None:
                    continue
                if k in seen:
                    header = spec.column(spec.id_column).header
                    self.add("K11a", GALAT, table.sheet, table.cell(i, spec.id_column),
                             f"{header} '{rec.get(spec.id_column)}' dipakai dua kali (juga di "
                             f"baris {table.rows[seen[k]]}); setiap baris harus punya {header} "
                             "sendiri. Hapus baris ganda atau perbaiki kodenya.",
                             "kode unik", str(rec.get(spec.id_column)))
                else:
                    seen[k] = i

    def presence(self) -> None:
        pk, real = self.t.get("pk"), self.t.get("realisasi")
        ren, plan = self.t.get("renstra"), self.t.get("rencana_aksi")
        ren_codes = set(self.renstra_idx)
        if pk is not None and len(pk):
            if ren is not None and not len(ren):
                self.add("K11b", PERINGATAN, ren.sheet, "",
                         "lembar Renstra kosong, sehingga target PK tidak dapat dibandingkan "
                         "dengan target Renstra. Isi indikator dan target Renstra.")
            for i, rec in enumerate(pk.records):
                k = _kode(rec.get("kode_indikator"))
                if k is None:
                    continue
                if real is not None and k not in self.real_idx:
                    self.add("K08", GALAT, pk.sheet, pk.cell(i, "kode_indikator"),
                             f"indikator PK {rec.get('kode_indikator')} tidak punya baris di "
                             "lembar Realisasi; realisasinya wajib dilaporkan. Tambahkan barisnya.",
                             "baris Realisasi", "tidak ada")
                if ren is not None and len(ren) and k not in ren_codes:
                    self.add("K11b", PERINGATAN, pk.sheet, pk.cell(i, "kode_indikator"),
                             f"indikator PK {rec.get('kode_indikator')} tidak ada di Renstra. "
                             "Periksa kode indikatornya atau tambahkan ke Renstra.",
                             "baris Renstra", "tidak ada")
        if real is not None and pk is not None:
            for i, rec in enumerate(real.records):
                k = _kode(rec.get("kode_indikator"))
                if k is None or k in self.pk_idx:
                    continue
                also = "" if k in ren_codes or not (ren is not None and len(ren)) \
                    else " dan tidak ada di Renstra"
                self.add("K11b", PERINGATAN, real.sheet, real.cell(i, "kode_indikator"),
                         f"indikator {rec.get('kode_indikator')} di Realisasi tidak ada di "
                         f"PK{also}. Periksa kode indikatornya atau tambahkan ke PK.",
                         "baris PK", "tidak ada")
        known = ren_codes | set(self.pk_idx) | set(self.real_idx)
        if plan is not None and known:
            for i, rec in enumerate(plan.records):
                k = _kode(rec.get("kode_indikator"))
                if k is not None and k not in known:
                    self.add("K11b", PERINGATAN, plan.sheet, plan.cell(i, "kode_indikator"),
                             f"indikator {rec.get('kode_indikator')} di Rencana Aksi tidak ada di "
                             "PK, Realisasi maupun Renstra. Periksa kode indikatornya.",
                             "indikator yang dikenal", "tidak ada")
        ang = self.t.get("anggaran")
        sasaran_codes = {_kode(r.get("kode_sasaran")) for t in (ren, pk) if t is not None
                         for r in t.records} - {None}
        if ang is not None and known:
            for i, rec in enumerate(ang.records):
                k = _kode(rec.get("kode_indikator"))
                if k is not None and k not in known and k not in sasaran_codes:
                    self.add("K11d", PERINGATAN, ang.sheet, ang.cell(i, "kode_indikator"),
                             f"kode indikator {rec.get('kode_indikator')} di Anggaran bukan kode "
                             "indikator atau sasaran di PK, Realisasi maupun Renstra; baris ini "
                             "tidak ikut tabel efisiensi. Perbaiki kodenya.",
                             "indikator atau sasaran yang dikenal", "tidak ada")
        prog = self.t.get("pk_program")
        sasaran = sasaran_codes
        if prog is not None and sasaran:
            for i, rec in enumerate(prog.records):
                k = _kode(rec.get("kode_sasaran"))
                if k is not None and k not in sasaran:
                    self.add("K11d", PERINGATAN, prog.sheet, prog.cell(i, "kode_sasaran"),
                             f"kode sasaran {rec.get('kode_sasaran')} di PK Program tidak ada di "
                             "Renstra maupun PK. Perbaiki kodenya.", "sasaran yang dikenal",
                             "tidak ada")

    # --- family 12: years -----------------------------------------------------------------

    def identitas_years(self) -> None:
        ident, cells = self.data.identitas, self.data.identitas_cells
        sheet = schema.IDENTITAS_SHEET
        tahun, awal = ident.get("tahun"), ident.get("renstra_awal")
        akhir = ident.get("renstra_akhir")
        if not isinstance(awal, int) or not isinstance(akhir, int):
            return
        n_cols = len(schema.RENSTRA_YEAR_COLUMNS)
        if akhir < awal:
            self.add("K12", GALAT, sheet, cells.get("renstra_akhir", ""),
                     f"Tahun Akhir Renstra ({akhir}) sebelum Tahun Awal Renstra ({awal}). "
                     "Perbaiki periode Renstra.", f"≥ {awal}", float(akhir))
            return
        if akhir - awal + 1 > n_cols:
            self.add("K12", PERINGATAN, sheet, cells.get("renstra_akhir", ""),
                     f"periode Renstra {awal}–{akhir} lebih dari {n_cols} tahun, padahal lembar "
                     f"Renstra hanya punya {n_cols} kolom target (Th-1 = {awal}). Periksa tahun "
                     "awal dan akhir Renstra.", float(awal + n_cols - 1), float(akhir))
        if not isinstance(tahun, int):
            return
        if not awal <= tahun <= akhir:
            self.add("K12", GALAT, sheet, cells.get("tahun", ""),
                     f"Tahun Laporan {tahun} di luar periode Renstra {awal}–{akhir}. Perbaiki "
                     "tahun laporan atau periode Renstra.", f"{awal}–{akhir}", float(tahun))
            return
        col_n = renstra_year_column(self.data)
        if col_n is None:
            self.add("K12", PERINGATAN, sheet, cells.get("tahun", ""),
                     f"Tahun Laporan {tahun} adalah tahun ke-{tahun - awal + 1} Renstra, tetapi "
                     f"lembar Renstra hanya punya {n_cols} kolom target; target Renstra tahun ini "
                     "tidak dapat dibandingkan. Periksa Tahun Awal Renstra.",
                     f"{awal}–{awal + n_cols - 1}", float(tahun))
            return
        ren = self.t.get("renstra")
        if ren is None or not len(ren):
            return
        filled = [c for c in schema.RENSTRA_YEAR_COLUMNS
                  if any(r.get(c) is not None for r in ren.records)]
        if filled and col_n not in filled:
            header = ren.spec.column(col_n).header
            self.add("K12", PERINGATAN, sheet, cells.get("renstra_awal", ""),
                     f"menurut Tahun Awal Renstra {awal}, tahun {tahun} adalah kolom {header}, "
                     "tetapi kolom itu kosong di semua baris Renstra. Periksa Tahun Awal Renstra "
                     "atau isi target tahun ini.", header, None)

    # --- family 13: last year's workbook ---------------------------------------------------

    def last_year(self) -> None:
        lalu = self.lalu
        if lalu is None:
            return
        ident_cells = self.data.identitas_cells
        cell = ident_cells.get("berkas_tahun_lalu") or ident_cells.get("tahun", "")
        tahun, tahun_lalu = self.data.tahun, lalu.tahun
        if isinstance(tahun, int) and isinstance(tahun_lalu, int) and tahun_lalu != tahun - 1:
            self.add("K13", GALAT, schema.IDENTITAS_SHEET, cell,
                     f"berkas tahun lalu ({lalu.sumber or 'tanpa nama'}) adalah laporan tahun "
                     f"{tahun_lalu}, bukan {tahun - 1}. Pilih berkas LKjIP tahun {tahun - 1}.",
                     float(tahun - 1), float(tahun_lalu))
            return
        real, old = self.t.get("realisasi"), lalu.tables.get("realisasi")
        if real is None or old is None:
            return
        old_idx = _index(old, "kode_indikator")
        pairs = (("realisasi_n1", "realisasi"), ("realisasi_n2", "realisasi_n1"),
                 ("realisasi_n3", "realisasi_n2"))
        for i, rec in enumerate(real.records):
            j = old_idx.get(_kode(rec.get("kode_indikator")) or "")
            if j is None:
                continue
            for mine, theirs in pairs:
                if mine not in real.columns:
                    continue
                now, then = as_number(rec.get(mine)), as_number(old.records[j].get(theirs))
                if then is None:
                    continue
                header = real.spec.column(mine).header
                where = f"{lalu.sumber} {old.sheet}!{old.cell(j, theirs)}".strip()
                year = f" ({tahun - (pairs.index((mine, theirs)) + 1)})" if tahun else ""
                if now is None:
                    if rec.get(mine) is None and real.raw[i].get(mine) in (None, ""):
                        self.add("K13", PERINGATAN, real.sheet, real.cell(i, mine),
                                 f"{header}{year} kosong, padahal laporan tahun lalu mencatat "
                                 f"{_fmt(then)} ({where}). Isi dari laporan tahun lalu.",
                                 then, None)
                elif not _setara(now, then):
                    self.add("K13", GALAT, real.sheet, real.cell(i, mine),
                             f"{header}{year} ({_fmt(now)}) berbeda dari yang dilaporkan pada "
                             f"laporan tahun lalu ({_fmt(then)}, {where}). Samakan, atau "
                             "jelaskan koreksinya.", then, now)


def periksa(data: LkipData, tahun_lalu: LkipData | None = None) -> list[Temuan]:
    """Every cross-cell and cross-sheet contradiction of a workbook (families 1–6, 8–13).

    The reader's own findings (`data.temuan`) are not repeated; merge them with `urutkan`.
    `tahun_lalu` is last year's workbook, for the Realisasi N-1 check (family 13).
    """
    return _Checker(data, tahun_lalu).run()
