"""The regeneration: grids in, report layouts and findings out. The CLI and the button call this."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from . import schema
from .findings import CATATAN, GALAT, PERINGATAN, Temuan, urutkan
from .grid import SheetGrid
from .layout import SheetLayout, layout_sheet, pemeriksaan_sheet
from .model import LkipData
from .reader import read_model
from .record import record
from .reports import build_reports
from .rules import message

# last year's model, or why the workbook's link to it was not followed (an Indonesian reason)
TahunLalu = LkipData | str | None


@record
class Hasil:
    """What one run of the pipeline gives: the data read, the findings, the report layouts."""

    data: LkipData
    temuan: list[Temuan]  # galat, then peringatan, then notices, each in template order
    layouts: list[SheetLayout]

    @property
    def n_galat(self) -> int:
        return sum(1 for t in self.temuan if t.tingkat == GALAT)

    @property
    def n_peringatan(self) -> int:
        return sum(1 for t in self.temuan if t.tingkat == PERINGATAN)

    @property
    def n_catatan(self) -> int:
        return sum(1 for t in self.temuan if t.tingkat == CATATAN)

    @property
    def n_tabel(self) -> int:
        """Report tables written (the Pemeriksaan sheet's list is not counted)."""
        return sum(layout.n_tables for layout in self.layouts[:-1])


def kategori_labels(data: LkipData) -> list[str]:
    """Scale labels best first, for the category colours."""
    if data.skala is None:
        return []
    levels = list(data.skala.tingkat)
    levels.sort(key=lambda t: -(t.bawah if t.bawah is not None else float("-inf")))
    return [t.label for t in levels]


def link_refused(data: LkipData, reason: str) -> Temuan:
    """The finding for a "Berkas Tahun Lalu" link that was not followed (core/links.py)."""
    tingkat, pesan = message("K13", "tautan_ditolak", alasan=reason.rstrip(". "))
    cell = data.identitas_cells.get("berkas_tahun_lalu", "")
    return Temuan("K13", tingkat, schema.IDENTITAS_SHEET, cell, pesan, None,
                  data.identitas.get("berkas_tahun_lalu"))


def run(grids: Mapping[str, SheetGrid], sumber: str = "",
        tahun_lalu: TahunLalu | Callable[[LkipData], TahunLalu] = None) -> Hasil:
    """Read, check and lay out every report sheet of one workbook.

    `tahun_lalu` is last year's model, or a function that finds it from this year's (the
    Identitas sheet may link to last year's file); a text instead of a model is the reason
    the link was not followed, reported as a finding.
    """
    from .checks import periksa

    data = read_model(grids, sumber)
    if callable(tahun_lalu):
        tahun_lalu = tahun_lalu(data)
    extra: list[Temuan] = []
    if isinstance(tahun_lalu, str):
        extra.append(link_refused(data, tahun_lalu))
        tahun_lalu = None
    temuan = urutkan([*data.temuan, *extra, *periksa(data, tahun_lalu)])
    labels = kategori_labels(data)
    layouts = [layout_sheet(r, labels) for r in build_reports(data, tahun_lalu)]
    rep = schema.REPORTS_BY_KEY["pemeriksaan"]
    sub = f"{data.identitas.get('instansi') or sumber} — Tahun {data.tahun or ''}".strip(" —")
    layouts.append(layout_sheet(pemeriksaan_sheet(rep.sheet, rep.title, sub, temuan)))
    return Hasil(data, temuan, layouts)
