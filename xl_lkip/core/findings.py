"""A finding: one problem in a workbook, located by sheet and cell, explained in Indonesian."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

GALAT = "galat"  # certainly wrong
PERINGATAN = "peringatan"  # suspicious


@dataclass(frozen=True)
class Temuan:
    aturan: str  # rule id, e.g. "K01" (family 1); the family is the number
    tingkat: str  # GALAT or PERINGATAN
    lembar: str
    sel: str  # "D7" or "" when it concerns a whole sheet
    pesan: str
    diharapkan: Any = None
    ditemukan: Any = None

    @property
    def lokasi(self) -> str:
        from .grid import sheet_ref, split_ref

        if not self.sel:
            return self.lembar
        row, col = split_ref(self.sel)
        return sheet_ref(self.lembar, row, col)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lokasi"] = self.lokasi
        d["teks"] = str(self)
        return d

    def __str__(self) -> str:
        extra = ""
        if self.diharapkan is not None or self.ditemukan is not None:
            extra = f" (diharapkan: {_fmt(self.diharapkan)}; ditemukan: {_fmt(self.ditemukan)})"
        return f"{self.lokasi}: {self.pesan}{extra}"


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return format_id(v)
    return str(v)


def format_id(x: float, decimals: int = 2) -> str:
    """1234567.5 → '1.234.567,50' (Indonesian grouping)."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
