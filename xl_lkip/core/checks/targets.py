"""Targets across sheets (K05a–e), quarters against the year (K10a–b) and the Renstra target
akhir against the yearly targets (K14)."""

from __future__ import annotations

from .. import schema
from ..model import (
    as_number,
    combine_quarters,
    effective_target,
    renstra_year_column,
    target_akhir_candidates,
)
from .context import Context, agrees_with_computed, target_value, values_equal


def check(ctx: Context) -> None:
    pk_targets(ctx)
    realisasi_targets(ctx)
    rencana_aksi_targets(ctx)
    quarters(ctx)
    target_akhir(ctx)


def pk_targets(ctx: Context) -> None:
    pk = ctx.t.get("pk")
    if pk is None:
        return
    col_n = renstra_year_column(ctx.data)
    tahun = ctx.data.tahun
    for i, rec in enumerate(pk.records):
        target = rec.get("target")
        kode = rec.get("kode_indikator")
        ren = ctx.rec("renstra", kode)
        if ren is not None and col_n and ren.get(col_n) is not None and target is not None \
                and not ctx.target_same(target, ren[col_n]):
            ctx.add("K05a", "berbeda", pk.sheet, pk.cell(i, "target"), target_value(ren[col_n]),
                    target_value(target), nilai=target, tahun=tahun, harapan=ren[col_n],
                    kode=kode)
        rkt = rec.get("target_rkt")
        if rkt is not None and target is not None and not ctx.target_same(rkt, target):
            ctx.add("K05b", "berbeda", pk.sheet, pk.cell(i, "target_rkt"), target_value(target),
                    target_value(rkt), nilai=rkt, harapan=target, kode=kode)


def realisasi_targets(ctx: Context) -> None:
    real = ctx.t.get("realisasi")
    if real is None:
        return
    filled = real.filled_from_renstra
    col_n = renstra_year_column(ctx.data)
    tahun = ctx.data.tahun
    col_next = _year_column(ctx, 1)
    for i, rec in enumerate(real.records):
        p = ctx.rec("pk", rec.get("kode_indikator"))
        ren = ctx.rec("renstra", rec.get("kode_indikator"))
        eff = effective_target(p, None) if p is not None else None
        if p is not None and eff is not None and rec.get("target") is not None \
                and not ctx.target_same(rec["target"], eff):
            which = "Target PK Perubahan" if p.get("target_perubahan") is not None \
                else "Target PK"
            ctx.add("K05c", "berbeda", real.sheet, real.cell(i, "target"), target_value(eff),
                    target_value(rec["target"]), nilai=rec["target"], apa=which, harapan=eff)
        elif p is None and ren is not None and col_n and ren.get(col_n) is not None \
                and rec.get("target") is not None \
                and not ctx.target_same(rec["target"], ren[col_n]):
            ctx.add("K05c", "berbeda_renstra", real.sheet, real.cell(i, "target"),
                    target_value(ren[col_n]), target_value(rec["target"]), nilai=rec["target"],
                    tahun=tahun, harapan=ren[col_n], kode=rec.get("kode_indikator"))
        nxt = rec.get("target_n1")
        if ren is not None and col_next and ren.get(col_next) is not None and nxt is not None \
                and not ctx.target_same(nxt, ren[col_next]):
            ctx.add("K05f", "berbeda", real.sheet, real.cell(i, "target_n1"),
                    target_value(ren[col_next]), target_value(nxt), nilai=nxt,
                    tahun=tahun + 1 if isinstance(tahun, int) else None, harapan=ren[col_next],
                    kode=rec.get("kode_indikator"))
        pol_ren = (ren or {}).get("polaritas")
        pol = None if "polaritas" in filled.get(i, {}) else rec.get("polaritas")
        if pol_ren is None:
            if rec.get("polaritas") is None and as_number(rec.get("capaian")) is not None \
                    and "capaian" not in real.formulas[i]:
                # nothing to take from Renstra: a typed capaian is checked as positif
                ctx.add("K05e", "kosong_tanpa_rumus", real.sheet, real.cell(i, "polaritas"),
                        None, None)
            continue
        if pol is not None and pol != pol_ren:
            ctx.add("K05e", "berbeda", real.sheet, real.cell(i, "polaritas"), pol_ren, pol,
                    nilai=pol, harapan=pol_ren)
        elif pol is None and pol_ren == "negatif":
            formula = real.formulas[i].get("capaian")
            if not formula or schema.reads_renstra_polaritas(formula):
                # blank means Renstra's (type once): the template's formula takes it, and a
                # typed capaian is checked against it (K01), so the blank itself is fine
                continue
            ctx.add("K05e", "kosong", real.sheet, real.cell(i, "polaritas"), pol_ren, None)


def _year_column(ctx: Context, ahead: int) -> str | None:
    """The Renstra target column of the report year + `ahead`, within the period."""
    from ..model import renstra_years

    col_n = renstra_year_column(ctx.data)
    if col_n is None:
        return None
    k = int(col_n.rsplit("_", 1)[1]) + ahead
    return f"target_{k}" if 1 <= k <= renstra_years(ctx.data) else None


def rencana_aksi_targets(ctx: Context) -> None:
    plan = ctx.t.get("rencana_aksi")
    if plan is None:
        return
    for i, rec in enumerate(plan.records):
        p = ctx.rec("pk", rec.get("kode_indikator"))
        yearly = rec.get("target_tahun")
        if p is None or yearly is None:
            continue
        choices = [t for t in (p.get("target"), p.get("target_perubahan")) if t is not None]
        if choices and not any(ctx.target_same(yearly, t) for t in choices):
            eff = effective_target(p, None)
            ctx.add("K05d", "berbeda", plan.sheet, plan.cell(i, "target_tahun"),
                    target_value(eff), target_value(yearly), nilai=yearly, harapan=eff,
                    kode=rec.get("kode_indikator"))


def quarters(ctx: Context) -> None:
    for key, yearly_key, rule, what in (
            ("realisasi", "realisasi", "K10a", "realisasi"),
            ("rencana_aksi", "target_tahun", "K10b", "target")):
        table = ctx.t.get(key)
        if table is None:
            continue
        for i, rec in enumerate(table.records):
            yearly = as_number(rec.get(yearly_key))
            vals = [as_number(rec.get(q)) for q in schema.QUARTERS]
            given = [v for v in vals if v is not None]
            if yearly is None or not given or ctx.bad(key, i, *schema.QUARTERS):
                continue
            ren = ctx.rec("renstra", rec.get("kode_indikator")) or {}
            gabung = ren.get("gabung")
            cell = table.cell(i, yearly_key)
            if gabung:
                combined = combine_quarters(given, gabung)
                if not agrees_with_computed(yearly, combined):
                    ctx.add(rule, "berbeda", table.sheet, cell, combined, yearly, apa=what,
                            gabung=gabung, harapan=combined, nilai=yearly)
                continue
            results = {g: combine_quarters(given, g) for g in schema.GABUNG}
            if not any(agrees_with_computed(yearly, v) for v in results.values()):
                from ..rules import show

                listing = "; ".join(f"{g} {show(v)}" for g, v in results.items())
                ctx.add(rule, "tanpa_cara", table.sheet, cell, listing, yearly, apa=what,
                        nilai=yearly, daftar=listing)


def target_akhir(ctx: Context) -> None:
    """The target akhir is the last year's target (levels) or the sum of the years (counts)."""
    from ..model import sifat_target_akhir

    ren = ctx.t.get("renstra")
    if ren is None or "target_akhir" not in ren.columns:
        return
    for i, rec in enumerate(ren.records):
        akhir = as_number(rec.get("target_akhir"))
        cand = target_akhir_candidates(ctx.data, rec)
        if akhir is None or cand is None:
            continue
        explicit = rec.get("sifat_target_akhir")
        cell = ren.cell(i, "target_akhir")
        kode = rec.get("kode_indikator")
        if explicit in ("akhir", "kumulatif"):
            want = cand[explicit]
            if not values_equal(akhir, want):
                uraian = "target tahun terakhir" if explicit == "akhir" \
                    else "jumlah target tahunan"
                ctx.add("K14", "bukan_sifatnya", ren.sheet, cell, want, akhir, nilai=akhir,
                        kode=kode, sifat=explicit, harapan=want, uraian=uraian,
                        akhir=cand["akhir"], kumulatif=cand["kumulatif"])
            continue
        if any(values_equal(akhir, v) for v in cand.values()):
            continue
        want = cand[sifat_target_akhir(rec, ctx.data)]
        ctx.add("K14", "berbeda", ren.sheet, cell, want, akhir, nilai=akhir,
                akhir=cand["akhir"], kumulatif=cand["kumulatif"], kode=kode)
