"""Consistency checks of a filled LKjIP workbook (the "Pemeriksaan" sheet).

The reader already reports what it finds while reading (K00 structure, K07 malformed numbers,
K08 required blanks, K02 an unusable scale); the families here look across cells and sheets
for the contradictions real reports contain: a typed capaian that does not follow from target
and realisasi, a JUMLAH row that is not the sum of its rows, one budget line with two different
numbers in two tables, a PK target that differs from the RKT, and so on. Every finding names
the sheet and cell, says in Bahasa Indonesia what is wrong and what to do, and gives the value
expected and the value found. A workbook without mistakes gives no finding at all.

Every rule, its tolerance and an example are in the registry (core/rules.py) and in
docs/PEMERIKSAAN.md, generated from it. One module per family:

- computed: Capaian, Kategori, Serapan and the scale (K01, K02, K06, K15)
- budget: sums and totals in Anggaran, pagu murni/perubahan, amounts (K03a–c, K04c, K09)
- program: PK Program against Anggaran, PK Program's JUMLAH (K03d, K04a, K04b, K04d, K11c)
- targets: targets across sheets, quarters, Renstra target akhir (K05, K10, K14)
- presence: duplicates, indicators across sheets, unknown codes, names typed twice
  (K08, K11a, K11b, K11d, K16)
- years: report year and Renstra period, last year's workbook (K12, K13)
- formula_errors: computed cells showing an Excel error the data do not explain (K17)
"""

from __future__ import annotations

from ..findings import Temuan, sort_key, urutkan
from ..model import LkipData
from . import budget, computed, formula_errors, presence, program, targets, years
from .context import Context

__all__ = ["periksa", "urutkan", "kunci_urut", "FAMILIES"]

FAMILIES = (years, computed, formula_errors, presence, targets, budget, program)


def kunci_urut(t: Temuan) -> tuple[int, int, int, str, int]:
    """Sort key of a finding (severity, then template order): see findings.sort_key."""
    return sort_key(t)


def periksa(data: LkipData, tahun_lalu: LkipData | None = None) -> list[Temuan]:
    """Every cross-cell and cross-sheet contradiction of a workbook, in the order found.

    The reader's own findings (`data.temuan`) are not repeated; the engine merges both and
    sorts them once (`urutkan`). `tahun_lalu` is last year's workbook, for the Realisasi N-1
    check (K13).
    """
    ctx = Context(data, tahun_lalu)
    for family in FAMILIES:
        family.check(ctx)
    return ctx.out
