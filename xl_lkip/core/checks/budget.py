"""Budget sums and totals in Anggaran (K03a–c, K04c) and the amounts themselves (K09a–c).

A malformed amount (K07) counts with the number it most probably means, and the message says
so; only a cell with no readable number at all stops the check of the sums over it.
"""

from __future__ import annotations

import bisect
import math

from ..model import MONEY_COLUMNS, BudgetRow, TableData, as_number, pagu_efektif
from .context import Context, header, money_equal, rp


def check(ctx: Context) -> None:
    table = ctx.t.get("anggaran")
    if table is not None:
        sums(ctx, table)
        totals(ctx, table)
    amounts(ctx)


def sums(ctx: Context, table: TableData) -> None:
    """A program or kegiatan that holds its own amount must equal the sum of its rows."""
    for row, _parent in ctx.walk:
        if not row.children:
            continue
        for col in MONEY_COLUMNS:
            own = ctx.own(row, col)
            if col == "pagu_perubahan":
                perubahan_parent(ctx, table, row, table.cell(row.i, col))
                if own is None or not any(ctx.has_perubahan(c) for c in row.children):
                    continue
            if own is None:
                continue
            total = ctx.child_sum(row, col)
            if total is None or money_equal(own, total) or not ctx.kids_complete(row, col):
                continue
            name = header(table, col)
            ctx.add("K03c", "berbeda", table.sheet, table.cell(row.i, col), total, own,
                    kolom=name, level=row.level.lower(), uraian=row.uraian, nilai=rp(own),
                    harapan=rp(total), tafsir=ctx.interpreted_note([row], col))


def perubahan_parent(ctx: Context, table: TableData, row: BudgetRow, cell: str) -> None:
    """Pagu murni vs perubahan: a revision must show on the parent and on its rows."""
    kids_revised = any(ctx.has_perubahan(c) for c in row.children)
    murni = ctx.value(row, "pagu_murni")
    if ctx.bad("anggaran", row.i, "pagu_perubahan"):
        return
    level = row.level.lower()
    if row.perubahan is None and kids_revised:
        total = ctx.child_sum(row, "pagu_perubahan")
        if total is None or not ctx.kids_complete(row, "pagu_perubahan"):
            return
        changed = murni is None or not money_equal(total, murni)
        ctx.add("K04c", "kosong_di_induk" if changed else "kosong_di_induk_sama", table.sheet,
                cell, total, None, level=level, uraian=row.uraian, total=rp(total),
                murni=rp(murni))
    elif row.perubahan is not None and not kids_revised:
        total = ctx.child_sum(row, "pagu_murni")
        if total is None or money_equal(total, row.perubahan) \
                or not ctx.kids_complete(row, "pagu_murni"):
            return
        ctx.add("K04c", "kosong_di_rincian", table.sheet, cell, total, row.perubahan,
                level=level, uraian=row.uraian, nilai=rp(row.perubahan), total=rp(total))


def totals(ctx: Context, table: TableData) -> None:
    """A typed Subtotal/JUMLAH row totals the rows since the previous total of its kind; a
    JUMLAH right under another total (TOTAL after JUMLAH, or after each block's JUMLAH) totals
    every row above it."""
    by_index = sorted(ctx.nodes)  # the budget rows in sheet order
    start_sub = start_jml = 0
    for tot in ctx.totals:
        if tot.level == "Kelompok":  # a heading: its rows are those under it, to the next one
            end = next((t.i for t in ctx.totals if t.i > tot.i and t.level != "Subtotal"),
                       len(table.records))
            check_total(ctx, table, tot, tot.i + 1, by_index, end)
            continue
        start = start_sub if tot.level == "Subtotal" else start_jml
        if tot.level == "Jumlah" and bisect.bisect_left(by_index, start) == \
                bisect.bisect_left(by_index, tot.i):
            start = 0  # right under another total: a grand total of every row above it
        check_total(ctx, table, tot, start, by_index)
        start_sub = tot.i + 1
        if tot.level == "Jumlah":
            start_jml = tot.i + 1


def check_total(ctx: Context, table: TableData, tot: BudgetRow, start: int,
                by_index: list[int], end: int | None = None) -> None:
    """`tot` against the top rows from record `start` up to `end` (default: `tot` itself)."""
    lo = bisect.bisect_left(by_index, start)
    hi = bisect.bisect_left(by_index, tot.i if end is None else end)
    span = [ctx.nodes[i] for i in by_index[lo:hi]]
    if not span:
        return
    tops = [r for r, p in span if p is None or p.i < start]
    first = table.rows[span[0][0].i]
    last = table.rows[span[-1][0].i]
    for col in MONEY_COLUMNS:
        found = ctx.own(tot, col)
        if found is None:
            continue
        values = [ctx.value(r, col) for r in tops]
        alt = []
        for r in tops:
            kids = ctx.child_sum(r, col) if r.children else None
            alt.append(ctx.value(r, col) if kids is None else kids)
        if all(v is None for v in values) or not all(ctx.complete(r, col) for r in tops):
            continue
        expected = math.fsum(v for v in values if v is not None)
        other = math.fsum(v for v in alt if v is not None)
        if money_equal(found, expected) or money_equal(found, other):
            continue
        cell = table.cell(tot.i, col)
        twice = math.fsum(v for v in (ctx.own(r, col) for r, _p in span) if v is not None)
        nested = any(r.children for r in tops)
        name = header(table, col).lower()
        uraian = tot.uraian or tot.level
        if nested and money_equal(found, twice):
            ctx.add("K03b", "dua_kali", table.sheet, cell, expected, found, uraian=uraian,
                    kolom=name, nilai=rp(found), awal=first, akhir=last, harapan=rp(expected))
        else:
            ctx.add("K03a", "berbeda" if end is None else "berbeda_bawah", table.sheet, cell,
                    expected, found, uraian=uraian,
                    kolom=name, nilai=rp(found), awal=first, akhir=last, harapan=rp(expected),
                    tafsir=ctx.interpreted_note(tops, col))


def amounts(ctx: Context) -> None:
    table = ctx.t.get("anggaran")
    if table is not None:
        for i in range(len(table.records)):
            negative = False
            for col in MONEY_COLUMNS:
                v = table.number(i, col)
                if v is not None and v < 0:
                    negative = True
                    ctx.add("K09b", "negatif", table.sheet, table.cell(i, col), None, v,
                            kolom=header(table, col), nilai=rp(v))
            if negative or i not in ctx.nodes:
                continue  # a Subtotal/JUMLAH over pagu repeats its rows' findings
            pagu = pagu_efektif(table.number(i, "pagu_murni"), table.number(i, "pagu_perubahan"))
            real = table.number(i, "realisasi")
            if pagu is None or real is None or real <= pagu + 0.01:
                continue
            cell = table.cell(i, "realisasi")
            if pagu == 0:
                ctx.add("K09c", "tanpa_pagu", table.sheet, cell, 0.0, real, nilai=rp(real))
            else:
                ctx.add("K09a", "melebihi", table.sheet, cell, pagu, real, nilai=rp(real),
                        harapan=rp(pagu))
    prog = ctx.t.get("pk_program")
    if prog is not None:
        for i, rec in enumerate(prog.records):
            for col in ("anggaran", "anggaran_perubahan"):
                v = as_number(rec.get(col))
                if v is not None and v < 0:
                    ctx.add("K09b", "negatif", prog.sheet, prog.cell(i, col), None, v,
                            kolom=header(prog, col), nilai=rp(v))
