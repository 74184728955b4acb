"""Years: the report year against the Renstra period (K12) and last year's workbook (K13)."""

from __future__ import annotations

from .. import schema
from ..model import as_number, index_records, norm_code, renstra_year_column
from .context import Context, values_equal


def check(ctx: Context) -> None:
    identitas_years(ctx)
    last_year(ctx)


def identitas_years(ctx: Context) -> None:
    ident, cells = ctx.data.identitas, ctx.data.identitas_cells
    sheet = schema.IDENTITAS_SHEET
    tahun, awal = ident.get("tahun"), ident.get("renstra_awal")
    akhir = ident.get("renstra_akhir")
    if not isinstance(awal, int) or not isinstance(akhir, int):
        return
    n_cols = len(schema.RENSTRA_YEAR_COLUMNS)
    if akhir < awal:
        ctx.add("K12", "akhir_sebelum_awal", sheet, cells.get("renstra_akhir", ""),
                f"≥ {awal}", akhir, akhir=akhir, awal=awal)
        return
    if akhir - awal + 1 > n_cols:
        ctx.add("K12", "periode_panjang", sheet, cells.get("renstra_akhir", ""),
                awal + n_cols - 1, akhir, awal=awal, akhir=akhir, n=n_cols)
    if not isinstance(tahun, int):
        return
    if not awal <= tahun <= akhir:
        ctx.add("K12", "di_luar_periode", sheet, cells.get("tahun", ""), f"{awal}–{akhir}",
                tahun, tahun=tahun, awal=awal, akhir=akhir)
        return
    col_n = renstra_year_column(ctx.data)
    if col_n is None:
        ctx.add("K12", "tanpa_kolom", sheet, cells.get("tahun", ""),
                f"{awal}–{awal + n_cols - 1}", tahun, tahun=tahun, ke=tahun - awal + 1, n=n_cols)
        return
    ren = ctx.t.get("renstra")
    if ren is None or not len(ren):
        return
    filled = [c for c in schema.RENSTRA_YEAR_COLUMNS
              if any(r.get(c) is not None for r in ren.records)]
    if filled and col_n not in filled:
        header = ren.spec.column(col_n).header
        ctx.add("K12", "kolom_kosong", sheet, cells.get("renstra_awal", ""), header, None,
                awal=awal, tahun=tahun, kolom=header)


def last_year(ctx: Context) -> None:
    lalu = ctx.lalu
    if lalu is None:
        return
    ident_cells = ctx.data.identitas_cells
    cell = ident_cells.get("berkas_tahun_lalu") or ident_cells.get("tahun", "")
    tahun, tahun_lalu = ctx.data.tahun, lalu.tahun
    if isinstance(tahun, int) and isinstance(tahun_lalu, int) and tahun_lalu != tahun - 1:
        ctx.add("K13", "tahun_salah", schema.IDENTITAS_SHEET, cell, tahun - 1, tahun_lalu,
                berkas=lalu.sumber or "tanpa nama", lalu=tahun_lalu, harapan=tahun - 1)
        return
    real, old = ctx.t.get("realisasi"), lalu.tables.get("realisasi")
    if real is None or old is None:
        return
    old_idx = index_records(old)
    pairs = (("realisasi_n1", "realisasi"), ("realisasi_n2", "realisasi_n1"),
             ("realisasi_n3", "realisasi_n2"))
    for i, rec in enumerate(real.records):
        j = old_idx.get(norm_code(rec.get("kode_indikator")) or "")
        if j is None:
            continue
        for back, (mine, theirs) in enumerate(pairs, start=1):
            if mine not in real.columns:
                continue
            now, then = as_number(rec.get(mine)), as_number(old.records[j].get(theirs))
            if then is None:
                continue
            header = real.spec.column(mine).header
            where = f"{lalu.sumber} {old.sheet}!{old.cell(j, theirs)}".strip()
            year = tahun - back if isinstance(tahun, int) else None
            if now is None:
                if rec.get(mine) is None and real.raw[i].get(mine) in (None, ""):
                    ctx.add("K13", "kosong" if year else "kosong_tanpa_tahun", real.sheet,
                            real.cell(i, mine), then, None, kolom=header, tahun=year,
                            harapan=then, sumber=where)
            elif not values_equal(now, then):
                ctx.add("K13", "berbeda" if year else "berbeda_tanpa_tahun", real.sheet,
                        real.cell(i, mine), then, now, kolom=header, tahun=year, nilai=now,
                        harapan=then, sumber=where)
