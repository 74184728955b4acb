"""What must be there once: duplicate codes (K11a), indicators across sheets (K08, K11b),
codes that point at nothing (K11d), and names typed differently from Renstra (K16)."""

from __future__ import annotations

import re

from .. import schema
from ..model import TableData, norm_code
from .context import Context


def check(ctx: Context) -> None:
    duplicates(ctx)
    indicators(ctx)
    codes(ctx)
    typed_once(ctx)


def duplicates(ctx: Context) -> None:
    for spec in schema.INPUT_TABLES:
        table = ctx.t.get(spec.key)
        if table is None or spec.id_column is None:
            continue
        seen: dict[str, int] = {}
        for i, rec in enumerate(table.records):
            k = norm_code(rec.get(spec.id_column))
            if k is None:
                continue
            if k in seen:
                ctx.add("K11a", "ganda", table.sheet, table.cell(i, spec.id_column), "kode unik",
                        str(rec.get(spec.id_column)), kolom=spec.column(spec.id_column).header,
                        kode=rec.get(spec.id_column), baris=table.rows[seen[k]])
            else:
                seen[k] = i


def indicators(ctx: Context) -> None:
    pk, real = ctx.t.get("pk"), ctx.t.get("realisasi")
    ren, plan = ctx.t.get("renstra"), ctx.t.get("rencana_aksi")
    ren_codes = set(ctx.renstra_idx)
    if pk is not None and len(pk):
        if ren is not None and not len(ren):
            ctx.add("K11b", "renstra_kosong", ren.sheet, "")
        for i, rec in enumerate(pk.records):
            k = norm_code(rec.get("kode_indikator"))
            if k is None:
                continue
            if real is not None and k not in ctx.real_idx:
                ctx.add("K08", "tanpa_realisasi", pk.sheet, pk.cell(i, "kode_indikator"),
                        "baris Realisasi", "tidak ada", kode=rec.get("kode_indikator"))
            if ren is not None and len(ren) and k not in ren_codes:
                ctx.add("K11b", "pk_bukan_renstra", pk.sheet, pk.cell(i, "kode_indikator"),
                        "baris Renstra", "tidak ada", kode=rec.get("kode_indikator"))
    if real is not None and pk is not None:
        renstra_only: list[int] = []
        for i, rec in enumerate(real.records):
            k = norm_code(rec.get("kode_indikator"))
            if k is None or k in ctx.pk_idx:
                continue
            if k in ren_codes:
                renstra_only.append(i)  # a Renstra/IKU indicator measured beyond the PK
                continue
            also = "" if not (ren is not None and len(ren)) else " maupun di Renstra"
            ctx.add("K11b", "realisasi_bukan_pk", real.sheet, real.cell(i, "kode_indikator"),
                    "baris PK", "tidak ada", kode=rec.get("kode_indikator"), juga=also)
        if renstra_only and len(pk):
            codes = ", ".join(str(real.records[i].get("kode_indikator")) for i in renstra_only)
            cells = [real.cell(i, "kode_indikator") for i in renstra_only]
            span = cells[0] if len(cells) == 1 else f"{cells[0]}:{cells[-1]}"
            ctx.add("K11b", "renstra_bukan_pk", real.sheet, span, jumlah=len(renstra_only),
                    daftar=codes)
    known = ren_codes | set(ctx.pk_idx) | set(ctx.real_idx)
    if known:
        unknown(ctx, plan, "kode_indikator", known, "K11b", "rencana_aksi",
                "indikator yang dikenal")


def codes(ctx: Context) -> None:
    ren, pk = ctx.t.get("renstra"), ctx.t.get("pk")
    known = set(ctx.renstra_idx) | set(ctx.pk_idx) | set(ctx.real_idx)
    sasaran = {norm_code(r.get("kode_sasaran")) for t in (ren, pk) if t is not None
               for r in t.records} - {None}
    if known:
        unknown(ctx, ctx.t.get("anggaran"), "kode_indikator", known | sasaran, "K11d",
                "indikator", "indikator atau sasaran yang dikenal")
    if sasaran:
        unknown(ctx, ctx.t.get("pk_program"), "kode_sasaran", sasaran, "K11d", "sasaran",
                "sasaran yang dikenal")


def unknown(ctx: Context, table: TableData | None, key: str, known: set[str | None], rule: str,
            variant: str, expected: str) -> None:
    """A code in `table`'s column `key` that is none of `known`."""
    if table is None:
        return
    for i, rec in enumerate(table.records):
        k = norm_code(rec.get(key))
        if k is not None and k not in known:
            ctx.add(rule, variant, table.sheet, table.cell(i, key), expected, "tidak ada",
                    kode=rec.get(key))


_TYPED_ONCE = ("indikator", "satuan")


def _letters(v: object) -> str:
    """Text compared for "typed differently": letters and digits only, case ignored, so spaces
    and punctuation ("Nilai - Nilai" / "Nilai-Nilai", "( P4GN )") do not count."""
    return re.sub(r"[^0-9a-z]+", "", str(v).casefold())


def typed_once(ctx: Context) -> None:
    """An indicator's name or satuan typed in PK, Realisasi or Rencana Aksi differently from
    Renstra: said once per indicator, naming every cell."""
    ren = ctx.t.get("renstra")
    if ren is None:
        return
    by_code: dict[str, list[tuple[str, str, str]]] = {}  # kode -> (sheet, cell, difference)
    for key in ("pk", "realisasi", "rencana_aksi"):
        table = ctx.t.get(key)
        if table is None:
            continue
        for i, rec in enumerate(table.records):
            r = ctx.rec("renstra", rec.get("kode_indikator"))
            if r is None:
                continue
            filled = table.filled_from_renstra.get(i, {})
            for col in _TYPED_ONCE:
                if col not in table.columns or col in filled:
                    continue
                mine, theirs = rec.get(col), r.get(col)
                if mine is None or theirs is None or _letters(mine) == _letters(theirs):
                    continue
                name = table.spec.column(col).header
                by_code.setdefault(str(rec.get("kode_indikator")), []).append(
                    (table.sheet, table.cell(i, col), f"{name} '{mine}' di {table.sheet}"))
    for kode, diffs in by_code.items():
        r = ctx.rec("renstra", kode) or {}
        cols = sorted({d[2].split(" '")[0] for d in diffs})
        renstra_text = "; ".join(f"{c} '{r.get(_column_key(c))}'" for c in cols)
        where = ", ".join(f"{sheet}!{cell}" for sheet, cell, _d in diffs)
        ctx.add("K16", "berbeda", diffs[0][0], diffs[0][1], None, None, kode=kode,
                rincian="; ".join(d[2] for d in diffs), renstra=renstra_text, sel=where)


def _column_key(header: str) -> str:
    return {"Indikator": "indikator", "Satuan": "satuan"}.get(header, header.casefold())
