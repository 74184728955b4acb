"""What every rule family shares: the model, its indexes and budget tree, and how to say a finding.

A family module is a function `check(ctx)`; it reads the model through the context and adds
findings with `ctx.add(rule, variant, sheet, cell, expected, found, **fields)`, the text coming
from the rule registry (core/rules.py).
"""

from __future__ import annotations

import functools
import math
import re

from .. import schema
from ..errors import NilaiError
from ..findings import Temuan
from ..model import (
    MONEY_COLUMNS,
    BudgetRow,
    LkipData,
    TableData,
    arithmetic,
    as_number,
    budget_tree,
    index_records,
    is_empty_cell,
    norm_code,
    walk,
)
from ..rules import MONEY_TOL, VALUE_TOL, Rp, cara_pulihkan, message

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

_BLANK_MARKS = {"", "-", "–", "—", "_"}
_ATTR = {"pagu_murni": "murni", "pagu_perubahan": "perubahan", "realisasi": "realisasi"}


# --- comparing numbers and texts ------------------------------------------------------------


def values_equal(a: float, b: float, tol: float = VALUE_TOL) -> bool:
    """Two typed numbers are the same value (as they would be printed)."""
    return abs(a - b) <= tol + 1e-9 * max(abs(a), abs(b), 1.0)


def money_equal(a: float, b: float) -> bool:
    """Two rupiah amounts are the same to the cent."""
    return values_equal(a, b, MONEY_TOL)


def agrees_with_computed(found: float, computed: float, shown: int | None = None) -> bool:
    """A typed number agrees with a computed one.

    When the cell's number format shows `shown` decimals, the typed value must be the computed
    one rounded, or cut, at that decimal (99 shown "99,00" is not 99,18; 99,72 is 99,7299; "100"
    shown without decimals is 99,6). Without a format: within 0,005, or the computed value
    rounded to 0, 1 or 2 decimals (117,8 does not follow from 106,79; 107 does).
    """
    if values_equal(found, computed):
        return True
    if shown is not None:
        scale = 10.0 ** shown
        at = round(found * scale)
        eps = 1e-6 * max(1.0, abs(found * scale))
        return abs(at - found * scale) < eps and (
            abs(at - round(computed * scale)) < 0.5 or abs(at - math.trunc(computed * scale)) < eps)
    for d in (0, 1, 2):
        scaled = found * 10**d
        if abs(scaled - round(scaled)) < 1e-6 and abs(found - computed) <= 0.5 * 10**-d + 1e-9:
            return True
    return False


def is_blank(v: Any) -> bool:
    """An empty cell, or one holding only a dash (how staff mark "nothing here")."""
    return is_empty_cell(v) or (isinstance(v, str) and v.strip() in _BLANK_MARKS)


def norm_text(v: Any) -> str:
    """Text for comparing what two sheets say: case and runs of spaces ignored."""
    return " ".join(str(v).split()).casefold()


def rp(v: float | None) -> Rp | None:
    return None if v is None else Rp(v)


def read_target(v: Any) -> Any:
    """A target as a float, a Rentang, or normalized text when it is neither."""
    if v is None:
        return None
    try:
        return arithmetic().baca_target(v)
    except NilaiError:
        return norm_text(v)


def targets_equal(ta: Any, tb: Any) -> bool:
    """Two targets as `read_target` reads them are the same."""
    Rentang = arithmetic().Rentang  # noqa: N806

    if isinstance(ta, float) and isinstance(tb, float):
        return values_equal(ta, tb)
    if isinstance(ta, Rentang) and isinstance(tb, Rentang):
        return values_equal(ta.bawah, tb.bawah) and values_equal(ta.atas, tb.atas)
    return ta == tb


def target_value(v: Any) -> Any:
    """A target for the expected/found columns: numbers as floats, ranges as text."""
    n = as_number(v)
    return n if n is not None else (None if v is None else str(v))


_STOPWORDS = frozenset({"program", "kegiatan", "dan", "yang", "di", "ke", "dari", "untuk",
                        "serta", "pada", "dalam", "atau"})


@functools.lru_cache(maxsize=4096)
def program_name(v: Any) -> str | None:
    """A program name for matching: case, punctuation and a leading 'Program' ignored."""
    if v is None:
        return None
    s = re.sub(r"[^0-9a-z]+", " ", str(v).casefold()).strip()
    s = re.sub(r"^program\s+", "", s)
    return s or None


def name_likeness(a: Any, b: Any) -> float:
    """Likeness of two program names (shared words / all words), for names printed two ways
    ('Program Pembinaan Sosial Politik' / 'Program Pembinaan dan Pendidikan Politik')."""
    wa = set((program_name(a) or "").split()) - _STOPWORDS
    wb = set((program_name(b) or "").split()) - _STOPWORDS
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


# --- the context ---------------------------------------------------------------------------


class Context:
    """The model of one workbook as the checks read it, and the findings they add."""

    def __init__(self, data: LkipData, tahun_lalu: LkipData | None) -> None:
        self.data = data
        self.lalu = tahun_lalu
        self.out: list[Temuan] = []
        self.t = data.tables
        self.rumus = data.identitas.get("rumus_negatif")
        self.renstra_idx = index_records(self.t.get("renstra"))
        self.pk_idx = index_records(self.t.get("pk"))
        self.real_idx = index_records(self.t.get("realisasi"))
        self.roots, self.totals = budget_tree(data)
        self.walk = walk(self.roots)  # every budget row with its parent, in sheet order
        self.nodes = {r.i: (r, p) for r, p in self.walk}
        self._complete: dict[tuple[int, str], bool] = {}
        self._targets: dict[tuple[type, Any], Any] = {}
        # (sheet, column key) -> cells typed where a formula belongs, holding the computed value
        self.typed_ok: dict[tuple[str, str], list[str]] = {}
        # (sheet, column key) -> (cell, computed value, inputs) of computed cells left empty
        self.emptied: dict[tuple[str, str], list[tuple[str, Any, tuple[str, ...]]]] = {}

    def add(self, rule: str, variant: str, sheet: str, cell: str, expected: Any = None,
            found: Any = None, /, **fields: Any) -> None:
        tingkat, pesan = message(rule, variant, **fields)
        self.out.append(Temuan(rule, tingkat, sheet, cell, pesan, _plain(expected),
                               _plain(found)))

    def restore(self, table: TableData, key: str) -> str:
        """How to put the template's formula of a column back (for the messages)."""
        col = table.spec.column(key)
        mode = self.data.identitas.get("mode_rumus")
        if mode == "excel" and col.native_formula:
            return cara_pulihkan(col.header, col.native_formula.strip(), mode)
        return cara_pulihkan(col.header, (col.formula or "").strip())

    # --- cells the reader could not use ---------------------------------------------------

    def bad(self, table_key: str, i: int, *cols: str) -> bool:
        """A cell the reader could not use (reported as K07) and could not interpret either:
        checks built on it are skipped."""
        table = self.t.get(table_key)
        if table is None:
            return False
        rec, raw = table.records[i], table.raw[i]
        guessed = table.interpreted.get(i, {}) if table.interpreted else {}
        for c in cols:
            if rec.get(c) is None and not is_blank(raw.get(c)) and c not in guessed:
                return True
        return False

    def rec(self, table_key: str, kode: Any) -> dict[str, Any] | None:
        idx = {"renstra": self.renstra_idx, "pk": self.pk_idx,
               "realisasi": self.real_idx}[table_key]
        i = idx.get(norm_code(kode) or "")
        return None if i is None else self.t[table_key].records[i]

    def target_same(self, a: Any, b: Any) -> bool:
        """Two targets are the same, each read once per run (the same targets recur)."""
        return targets_equal(self.target(a), self.target(b))

    def target(self, v: Any) -> Any:
        if type(v) not in (str, float, int) or v == 0:  # (0.0 and -0.0 are one key)
            return read_target(v)
        key = (type(v), v)
        if key not in self._targets:
            self._targets[key] = read_target(v)
        return self._targets[key]

    # --- budget values ------------------------------------------------------------------------
    # A row's value in a column is what it holds, else the sum of its rows. For the pagu
    # perubahan, a row that was not revised keeps its pagu murni.

    @staticmethod
    def own(row: BudgetRow, col: str) -> float | None:
        return getattr(row, _ATTR[col])

    def has_perubahan(self, row: BudgetRow) -> bool:
        if row.revised is None:  # the tree never changes once built: found once per row
            row.revised = row.perubahan is not None or any(
                self.has_perubahan(c) for c in row.children)
        return row.revised

    def value(self, row: BudgetRow, col: str) -> float | None:
        own = self.own(row, col)
        if own is not None:
            return own
        if col == "pagu_perubahan":
            if any(self.has_perubahan(c) for c in row.children):
                return self.child_sum(row, col)
            return self.value(row, "pagu_murni")
        return self.child_sum(row, col)

    def child_sum(self, row: BudgetRow, col: str) -> float | None:
        vals = [v for v in (self.value(c, col) for c in row.children) if v is not None]
        return math.fsum(vals) if vals else None

    def complete(self, row: BudgetRow, col: str) -> bool:
        """True when `value(row, col)` was built from readable (or interpreted) cells only."""
        key = (row.i, col)
        known = self._complete.get(key)
        if known is None:
            known = self._complete[key] = self._is_complete(row, col)
        return known

    def _is_complete(self, row: BudgetRow, col: str) -> bool:
        if self.own(row, col) is not None:
            return True
        if self.bad("anggaran", row.i, col):
            return False
        if col == "pagu_perubahan" and not any(self.has_perubahan(c) for c in row.children):
            return self.complete(row, "pagu_murni")
        return all(self.complete(c, col) for c in row.children)

    def kids_complete(self, row: BudgetRow, col: str) -> bool:
        return all(self.complete(c, col) for c in row.children)

    def interpreted_note(self, rows: list[BudgetRow], col: str) -> str:
        """"; sel E5 ('100.000.00') dihitung sebagai Rp 100.000.000" for the malformed amounts
        under `rows` that a sum counted with their interpretation, else ""."""
        table = self.t.get("anggaran")
        if table is None:
            return ""
        notes = []
        for top in rows:
            for r, _p in walk([top]):
                text = (r.interpreted or {}).get(col)
                if text is not None:
                    amount = self.own(r, col)
                    notes.append(f"sel {table.cell(r.i, col)} ('{text}') dihitung sebagai "
                                 f"Rp {_amount(amount)}")
        return ("; " + ", ".join(notes) + " (lihat K07)") if notes else ""


def _amount(v: float | None) -> str:
    from ..angka import format_angka

    return "kosong" if v is None else format_angka(v)


def _plain(v: Any) -> Any:
    """Expected/found values: Rp amounts as plain floats, everything else as given."""
    return float(v) if isinstance(v, Rp) else v


def budget_columns() -> tuple[str, ...]:
    return MONEY_COLUMNS


def header(table: TableData, key: str) -> str:
    return table.spec.column(key).header


__all__ = ["Context", "schema"]
