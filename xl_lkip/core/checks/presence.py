"""What must be there once: duplicate codes (K11a), indicators across sheets (K08, K11b),
codes that point at nothing (K11d), and names typed differently from Renstra (K16)."""

from __future__ import annotations

from .. import schema
from ..model import norm_code
from .context import Context, norm_text


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
        for i, rec in enumerate(real.records):
            k = norm_code(rec.get("kode_indikator"))
            if k is None or k in ctx.pk_idx:
                continue
            also = "" if k in ren_codes or not (ren is not None and len(ren)) \
                else " dan tidak ada di Renstra"
            ctx.add("K11b", "realisasi_bukan_pk", real.sheet, real.cell(i, "kode_indikator"),
                    "baris PK", "tidak ada", kode=rec.get("kode_indikator"), juga=also)
    known = ren_codes | set(ctx.pk_idx) | set(ctx.real_idx)
    if plan is not None and known:
        for i, rec in enumerate(plan.records):
            k = norm_code(rec.get("kode_indikator"))
            if k is not None and k not in known:
                ctx.add("K11b", "rencana_aksi", plan.sheet, plan.cell(i, "kode_indikator"),
                        "indikator yang dikenal", "tidak ada", kode=rec.get("kode_indikator"))


def codes(ctx: Context) -> None:
    ren, pk = ctx.t.get("renstra"), ctx.t.get("pk")
    known = set(ctx.renstra_idx) | set(ctx.pk_idx) | set(ctx.real_idx)
    sasaran = {norm_code(r.get("kode_sasaran")) for t in (ren, pk) if t is not None
               for r in t.records} - {None}
    ang = ctx.t.get("anggaran")
    if ang is not None and known:
        for i, rec in enumerate(ang.records):
            k = norm_code(rec.get("kode_indikator"))
            if k is not None and k not in known and k not in sasaran:
                ctx.add("K11d", "indikator", ang.sheet, ang.cell(i, "kode_indikator"),
                        "indikator atau sasaran yang dikenal", "tidak ada",
                        kode=rec.get("kode_indikator"))
    prog = ctx.t.get("pk_program")
    if prog is not None and sasaran:
        for i, rec in enumerate(prog.records):
            k = norm_code(rec.get("kode_sasaran"))
            if k is not None and k not in sasaran:
                ctx.add("K11d", "sasaran", prog.sheet, prog.cell(i, "kode_sasaran"),
                        "sasaran yang dikenal", "tidak ada", kode=rec.get("kode_sasaran"))


_TYPED_ONCE = ("indikator", "satuan")


def typed_once(ctx: Context) -> None:
    """An indicator's name or satuan typed in PK, Realisasi or Rencana Aksi and different from
    Renstra: one finding per row, naming every difference."""
    ren = ctx.t.get("renstra")
    if ren is None:
        return
    for key in ("pk", "realisasi", "rencana_aksi"):
        table = ctx.t.get(key)
        if table is None:
            continue
        for i, rec in enumerate(table.records):
            r = ctx.rec("renstra", rec.get("kode_indikator"))
            if r is None:
                continue
            filled = table.filled_from_renstra.get(i, {})
            diffs = []
            first = ""
            for col in _TYPED_ONCE:
                if col not in table.columns or col in filled:
                    continue
                mine, theirs = rec.get(col), r.get(col)
                if mine is None or theirs is None or norm_text(mine) == norm_text(theirs):
                    continue
                name = table.spec.column(col).header
                diffs.append(f"{name} '{mine}', di Renstra '{theirs}'")
                first = first or table.cell(i, col)
            if diffs:
                ctx.add("K16", "berbeda", table.sheet, first, None, None,
                        kode=rec.get("kode_indikator"), lembar=table.sheet,
                        rincian="; ".join(diffs))
