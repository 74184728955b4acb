"""PK Program against Anggaran (K04a, K04b, K04d, K08, K11c) and PK Program's own JUMLAH (K03d).

A PK program is found in Anggaran by its program row (code and name), else through the
kegiatan that name it in the Kode Program column. Kegiatan listed without their program row
often cover only part of it (the indicator-linked ones), so their total may be below the PK
figure but never above; equality is required only of a program row.
"""

from __future__ import annotations

import math

from ..grid import cell_ref
from ..model import BudgetRow, TableData, as_number, norm_code, pagu_efektif
from .context import Context, money_equal, name_likeness, program_name, rp

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any


def check(ctx: Context) -> None:
    prog = ctx.t.get("pk_program")
    if prog is not None:
        jumlah_rows(ctx, prog)
    ang = ctx.t.get("anggaran")
    if prog is None or ang is None:
        return
    programs = [r for r, _p in ctx.walk if r.level == "Program"]
    tied = tied_rows(ctx)
    if not programs and not tied:
        if len(prog) and len(ang):
            ctx.add("K11c", "tanpa_baris_program", ang.sheet, ang.column_cell("level"),
                    "baris Program", "tidak ada")
        return
    matched: set[int] = set()
    unlisted: list[int] = []  # PK programs with no line in a kegiatan-only Anggaran
    for i, rec in enumerate(prog.records):
        if rec.get("kode_program") is None and rec.get("program") is None:
            continue
        row = match_program(rec, programs) if programs else None
        name = rec.get("program") or rec.get("kode_program")
        if row is None:
            rows = tied.get(norm_code(rec.get("kode_program")) or "", [])
            if rows:
                partial(ctx, prog, i, rec, rows)
            elif not programs:
                unlisted.append(i)  # partial coverage: the sheet lists only some kegiatan
            elif len(ang):
                ctx.add("K11c", "tidak_di_anggaran", prog.sheet,
                        prog.cell(i, "kode_program") or prog.cell(i, "program"),
                        "baris program di Anggaran", "tidak ada", program=name)
            continue
        matched.add(row.i)
        murni = ctx.value(row, "pagu_murni")
        if murni is None and not ctx.has_perubahan(row):
            ctx.add("K08", "program_tanpa_pagu", ang.sheet, ang.cell(row.i, "pagu_murni"),
                    "nilai", "kosong", program=row.uraian)
            continue
        pk_anggaran(ctx, prog, i, rec, row, ang)
    if unlisted:
        names = ", ".join(str(prog.records[i].get("program") or prog.records[i].get("kode_program"))
                          for i in unlisted)
        ctx.add("K11c", "tanpa_kegiatan", prog.sheet,
                prog.cell(unlisted[0], "kode_program") or prog.cell(unlisted[0], "program"),
                jumlah=len(unlisted), daftar=names)
    support = [r for r in programs if r.i not in matched]
    if len(prog) and support:
        listing = ", ".join(f"{r.uraian} ({ang.cell(r.i, 'uraian')})" for r in support)
        ctx.add("K11c", "pendukung", ang.sheet, ang.cell(support[0].i, "uraian"),
                jumlah=len(support), daftar=listing)


def tied_rows(ctx: Context) -> dict[str, list[BudgetRow]]:
    """Program code -> the top-most Anggaran rows that name it in the Kode Program column."""
    out: dict[str, list[BudgetRow]] = {}
    for row, parent in ctx.walk:
        k = norm_code(row.kode_program)
        if k is None or row.level == "Program":
            continue
        if parent is not None and norm_code(parent.kode_program) == k:
            continue  # counted with its parent
        out.setdefault(k, []).append(row)
    return out


def match_program(rec: dict[str, Any], programs: list[BudgetRow]) -> BudgetRow | None:
    """The Anggaran program row of a PK program: same name (with the same code first);
    else the same code unless another program has a clearly closer name; else the one
    program whose name shares most words. Reports number their rows 1, 2 … in every
    table, so a code alone can point at the wrong block."""
    kode, nama = norm_code(rec.get("kode_program")), program_name(rec.get("program"))
    same_code = [r for r in programs if kode is not None and norm_code(r.kode) == kode]
    exact = [r for r in programs if nama is not None and program_name(r.uraian) == nama]
    if exact:
        return next((r for r in exact if r in same_code), exact[0])
    score = {r.i: name_likeness(nama, r.uraian) for r in programs}
    near_code = [r for r in same_code if score[r.i] >= 0.3]
    if near_code:
        return max(near_code, key=lambda r: score[r.i])
    best = max(score.values(), default=0.0)
    if len(same_code) == 1 and best < 0.5:
        return same_code[0]
    top = [r for r in programs if score[r.i] == best]
    return top[0] if best >= 0.5 and len(top) == 1 else None


def partial(ctx: Context, prog: TableData, i: int, rec: dict[str, Any],
            rows: list[BudgetRow]) -> None:
    """Kegiatan tied to a PK program without its program row: their total ≤ the PK figure."""
    for pk_col, col in (("anggaran", "pagu_murni"), ("anggaran_perubahan", "pagu_perubahan")):
        limit = as_number(rec.get(pk_col))
        if limit is None or not all(ctx.complete(r, col) for r in rows):
            continue
        values = [ctx.value(r, col) for r in rows]
        if any(v is None for v in values):
            continue
        total = math.fsum(v for v in values if v is not None)
        if total > limit + 0.01:
            ctx.add("K04d", "melebihi", prog.sheet, prog.cell(i, pk_col), limit, total,
                    kode=rec.get("kode_program"), nilai=rp(total), jumlah=len(rows),
                    program=rec.get("program") or rec.get("kode_program"), harapan=rp(limit))


def pk_anggaran(ctx: Context, prog: TableData, i: int, rec: dict[str, Any], row: BudgetRow,
                ang: TableData) -> None:
    """PK anggaran vs the program row (its own amount, else the sum of its kegiatan)."""
    for pk_col, col, rule in (("anggaran", "pagu_murni", "K04a"),
                              ("anggaran_perubahan", "pagu_perubahan", "K04b")):
        cell = prog.cell(i, pk_col)
        found = as_number(rec.get(pk_col))
        if not cell or not ctx.complete(row, col):
            continue
        expected = ctx.value(row, col)
        kids = ctx.child_sum(row, col) if row.children and ctx.kids_complete(row, col) else None
        where = f"{ang.sheet}!{ang.cell(row.i, col)}"
        label = "pagu murni" if col == "pagu_murni" else "pagu perubahan"
        if col == "pagu_perubahan":
            if found is None:
                murni = ctx.value(row, "pagu_murni")
                if ctx.has_perubahan(row) and expected is not None and murni is not None \
                        and not money_equal(expected, murni):
                    ctx.add(rule, "kosong", prog.sheet, cell, expected, None, program=row.uraian,
                            murni=rp(murni), harapan=rp(expected))
                continue
            if not ctx.has_perubahan(row):
                label = "pagu (tanpa pagu perubahan)"
        if found is None or expected is None or money_equal(found, expected):
            continue
        extra = ""
        if row.children and kids is not None and money_equal(found, kids) \
                and not money_equal(kids, expected):
            extra = (f"; angka PK sama dengan jumlah kegiatannya (Rp {_amount(kids)}), jadi "
                     "baris program di Anggaran yang perlu diperiksa")
        elif col == "pagu_murni":
            other = ctx.value(row, "pagu_perubahan")
            if ctx.has_perubahan(row) and other is not None and money_equal(found, other):
                extra = "; angka PK sama dengan pagu perubahan: isi di kolom Anggaran Perubahan"
        ctx.add(rule, "berbeda", prog.sheet, cell, expected, found, program=row.uraian,
                nilai=rp(found), apa=label, sel_anggaran=where, harapan=rp(expected),
                keterangan=extra)


def jumlah_rows(ctx: Context, prog: TableData) -> None:
    """A JUMLAH row typed into PK Program totals the program rows above it."""
    start = 0
    for row, rec in prog.totals:
        above = [j for j, r in enumerate(prog.rows) if r < row and j >= start]
        start = max(above, default=start - 1) + 1
        if not above:
            continue
        for col in ("anggaran", "anggaran_perubahan"):
            found = as_number(rec.get(col))
            if found is None:
                continue
            own = [as_number(prog.records[j].get(col)) for j in above]
            if col == "anggaran_perubahan":
                in_force = [pagu_efektif(as_number(prog.records[j].get("anggaran")), v)
                            for j, v in zip(above, own, strict=True)]
            else:
                in_force = own
            candidates = [math.fsum(v for v in vals if v is not None)
                          for vals in (in_force, own) if any(v is not None for v in vals)]
            if not candidates or any(money_equal(found, c) for c in candidates):
                continue
            c = prog.columns.get(col)
            ctx.add("K03d", "berbeda", prog.sheet, cell_ref(row, c) if c else "", candidates[0],
                    found, uraian=str(rec.get("program") or rec.get("kode_program") or "JUMLAH"),
                    kolom=prog.spec.column(col).header, nilai=rp(found), harapan=rp(candidates[0]))


def _amount(v: float) -> str:
    from ..angka import format_angka

    return format_angka(v)
