"""The regeneration: grids in, report layouts and findings out. The CLI and the button call this."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import schema
from .findings import GALAT, Temuan
from .grid import SheetGrid
from .layout import SheetLayout, layout_sheet, pemeriksaan_sheet
from .reader import LkipData, read_model
from .reports import build_reports


@dataclass
class Hasil:
    data: LkipData
    temuan: list[Temuan]
    layouts: list[SheetLayout]

    @property
    def n_galat(self) -> int:
        return sum(1 for t in self.temuan if t.tingkat == GALAT)

    @property
    def n_peringatan(self) -> int:
        return len(self.temuan) - self.n_galat


def kategori_labels(data: LkipData) -> list[str]:
    """Scale labels best first, for the category colours."""
    if data.skala is None:
        return []
    levels = list(data.skala.tingkat)
    levels.sort(key=lambda t: -(t.bawah if t.bawah is not None else float("-inf")))
    return [t.label for t in levels]


def run(grids: Mapping[str, SheetGrid], sumber: str = "",
        tahun_lalu: LkipData | Callable[[LkipData], LkipData | None] | None = None) -> Hasil:
    """Read, check and lay out every report sheet of one workbook.

    `tahun_lalu` is last year's model, or a function that finds it from this year's
    (the Identitas sheet may link to last year's file).
    """
    from .checks import periksa, urutkan

    data = read_model(grids, sumber)
    if callable(tahun_lalu):
        tahun_lalu = tahun_lalu(data)
    temuan = urutkan(list(data.temuan) + periksa(data, tahun_lalu))
    labels = kategori_labels(data)
    layouts = [layout_sheet(r, labels) for r in build_reports(data)]
    rep = schema.REPORTS_BY_KEY["pemeriksaan"]
    sub = f"{data.identitas.get('instansi') or sumber} — Tahun {data.tahun or ''}".strip(" —")
    layouts.append(layout_sheet(pemeriksaan_sheet(rep.sheet, rep.title, sub, temuan)))
    return Hasil(data, temuan, layouts)
