"""A finding: one problem in a workbook, located by sheet and cell, explained in Indonesian."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .record import asdict, record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

GALAT = "galat"  # certainly wrong
PERINGATAN = "peringatan"  # suspicious
CATATAN = "catatan"  # worth knowing, not a problem: kept out of the galat/peringatan counts

# The words users read for each severity. "kesalahan" rather than "galat": finance staff read
# "galat" as jargon; the key above stays for the JSON output and scripts.
LABEL = {GALAT: "kesalahan", PERINGATAN: "peringatan", CATATAN: "catatan"}
_SEVERITY_ORDER = {GALAT: 0, PERINGATAN: 1, CATATAN: 2}


@record(frozen=True)
class Temuan:
    """One finding of the checks: which rule, how grave, where, and what the user reads."""

    aturan: str  # rule id, e.g. "K01" (family 1); the family is the number
    tingkat: str  # GALAT, PERINGATAN or CATATAN
    lembar: str
    sel: str  # "D7", a range "K4:K12" for a grouped notice, or "" for a whole sheet
    pesan: str
    diharapkan: Any = None
    ditemukan: Any = None

    @property
    def lokasi(self) -> str:
        from .grid import sheet_ref, split_ref

        if not self.sel:
            return self.lembar
        first, _, last = self.sel.partition(":")
        row, col = split_ref(first)
        ref = sheet_ref(self.lembar, row, col)
        return f"{ref}:{last}" if last else ref

    @property
    def label(self) -> str:
        """The severity as users read it (kesalahan, peringatan, catatan)."""
        return LABEL.get(self.tingkat, self.tingkat)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lokasi"] = self.lokasi
        d["teks"] = str(self)
        return d

    def __str__(self) -> str:
        parts = []
        if self.diharapkan is not None:
            parts.append(f"diharapkan: {format_value(self.diharapkan)}")
        if self.ditemukan is not None:
            parts.append(f"ditemukan: {format_value(self.ditemukan)}")
        extra = f" ({'; '.join(parts)})" if parts else ""
        return f"{self.lokasi}: {self.pesan}{extra}"


def format_value(v: Any, number: Callable[[float], str] | None = None) -> str:
    """A value as users read it: a float is an amount or a measured value, grouped the
    Indonesian way (`number`, default 1.234,50); an int is a year, a count or a row number and
    is never grouped (2019, not 2.019,00); None reads "kosong"."""
    if v is None:
        return "kosong"
    if isinstance(v, bool):
        return "benar" if v else "salah"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if number is None and v.is_integer() and abs(v) < 1e15:
            return format_id(v, 0)  # whole rupiah and whole counts: no ",00"
        return (number or format_id)(v)
    return str(v)


def format_id(x: float, decimals: int = 2) -> str:
    """1234567.5 → '1.234.567,50' (Indonesian grouping)."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sort_key(t: Temuan, sheet_order: dict[str, int] | None = None) -> tuple[int, int, int, str, int]:
    """Severity (galat, peringatan, catatan), then template sheet order, row, rule and column."""
    from .grid import split_ref
    from .sheets import sheet_key

    order = sheet_order if sheet_order is not None else _sheet_order()
    sheet = order.get(sheet_key(t.lembar), len(order))
    row = col = 0
    if t.sel:
        try:
            row, col = split_ref(t.sel.partition(":")[0])
        except ValueError:
            pass
    return _SEVERITY_ORDER.get(t.tingkat, 3), sheet, row, t.aturan, col


def _sheet_order() -> dict[str, int]:
    from . import schema
    from .sheets import sheet_key

    names = [schema.IDENTITAS_SHEET] + [t.sheet for t in schema.INPUT_TABLES]
    return {sheet_key(n): i for i, n in enumerate(names)}


def urutkan(temuan: Iterable[Temuan]) -> list[Temuan]:
    """Findings in the order users read them: galat, then peringatan, then notices, each in
    template order (sheet, row, rule, column); ties keep the order they were found in."""
    order = _sheet_order()
    return sorted(temuan, key=lambda t: sort_key(t, order))


def counts(temuan: Iterable[Temuan]) -> tuple[int, int, int]:
    """(galat, peringatan, catatan)."""
    n = {GALAT: 0, PERINGATAN: 0, CATATAN: 0}
    for t in temuan:
        n[t.tingkat] = n.get(t.tingkat, 0) + 1
    return n[GALAT], n[PERINGATAN], n[CATATAN]
