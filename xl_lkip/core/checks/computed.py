"""Computed columns: Capaian, Kategori (K01, K02, K15) and Serapan (K06), and the scale (K02).

A computed cell is fine when it holds the template's formula and its saved result is what the
data give. Typed over, it is a notice when it agrees (grouped per column and sheet), a finding
when it does not; emptied while its inputs are filled, it is a finding (K15).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import schema
from ..errors import NA, NilaiError
from ..model import (
    TableData,
    as_number,
    capaian_of,
    is_predikat,
    pagu_efektif,
    rolled,
    serapan_of,
)
from .context import Context, agrees_with_computed, is_blank, norm_text

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any


def check(ctx: Context) -> None:
    scale(ctx)
    realisasi(ctx)
    anggaran(ctx)
    grouped_notices(ctx)


def computed_cell(ctx: Context, table: TableData, i: int, key: str, expected: Any,
                  why: str | None, rule: str, same: Callable[[Any, Any], bool], what: str,
                  check_cached: bool = True, inputs: tuple[str, ...] = (),
                  shown_expected: Any = None, total_row: bool = False, **fields: Any) -> None:
    """One finding at most per computed cell: typed (K01 / `rule`), stale (`rule`) or emptied
    (K15). On a total row staff typed under the table (`total_row`) there never was a
    formula: only a wrong value is a finding."""
    rec, raw = table.records[i], table.raw[i]
    value = rec.get(key)
    has_formula = key in table.formulas[i]
    col = table.spec.column(key)
    cell = table.cell(i, key)
    if value is None:
        if not has_formula and not total_row and is_blank(raw.get(key)) and expected is not None \
                and cell \
                and all(rec.get(c) is not None for c in inputs[:2]):
            ctx.emptied.setdefault((table.sheet, key), []).append((cell, expected, inputs[:2]))
        return
    unreadable = [c for c in inputs if ctx.bad(table.spec.key, i, c)]
    if not unreadable and has_formula and (
            not check_cached or expected is None or same(value, expected)):
        return  # the usual cell: the template's formula, its saved result as computed
    if unreadable:
        expected, check_cached = None, False
        why = "sel " + ", ".join(table.cell(i, c) for c in unreadable) + \
            " tidak terbaca sebagai angka (lihat K07)"
    shown = shown_expected if shown_expected is not None else expected  # in the message
    cara = ctx.restore(table, key)
    if not has_formula:
        if expected is None:
            if why is None or total_row:
                return
            ctx.add("K01", "tidak_dapat_diperiksa", table.sheet, cell, None, value,
                    kolom=col.header, nilai=value, alasan=why, cara=cara)
        elif same(value, expected):
            if not total_row:
                ctx.typed_ok.setdefault((table.sheet, key), []).append(cell)
        else:
            ctx.add(rule, "berbeda", table.sheet, cell, expected, value, kolom=col.header,
                    nilai=value, apa=what, harapan=shown, cara=cara, **fields)
    elif check_cached and expected is not None and not same(value, expected):
        ctx.add(rule, "basi", table.sheet, cell, expected, value, kolom=col.header, nilai=value,
                apa=what, harapan=shown, cara=cara, **fields)


def _agrees(table: TableData, i: int, key: str) -> Callable[[Any, Any], bool]:
    """Whether a typed number agrees with the computed one at the precision its cell shows."""
    shown = table.decimals.get(i, {}).get(key)

    def same(found: Any, expected: Any) -> bool:
        n = as_number(found)
        return n is not None and agrees_with_computed(n, expected, shown)

    return same


def _polaritas(ctx: Context, table: TableData, i: int) -> str:
    rec = table.records[i]
    ren = ctx.rec("renstra", rec.get("kode_indikator")) or {}
    return rec.get("polaritas") or ren.get("polaritas") or "positif"


def other_negative_formula(ctx: Context, table: TableData) -> tuple[str, list[int]] | None:
    """(the other Rumus Negatif, the rows) when every negative indicator whose capaian was typed
    and differs from the one Identitas chooses agrees with the other formula: the agency uses
    that formula and Identitas says otherwise. One finding then, not one per indicator."""
    current = ctx.rumus if ctx.rumus in schema.RUMUS_NEGATIF else schema.RUMUS_NEGATIF[0]
    others = [r for r in schema.RUMUS_NEGATIF if r != current]
    rows: dict[str, list[int]] = {r: [] for r in others}
    for i, rec in enumerate(table.records):
        value = rec.get("capaian")
        if value is None or "capaian" in table.formulas[i] or _polaritas(ctx, table, i) != "negatif":
            continue
        same = _agrees(table, i, "capaian")
        try:
            if same(value, capaian_of(ctx.data, rec.get("target"), rec.get("realisasi"),
                                      "negatif", current)):
                continue
            hits = [r for r in others if same(value, capaian_of(
                ctx.data, rec.get("target"), rec.get("realisasi"), "negatif", r))]
        except NilaiError:
            continue
        if not hits:
            return None  # a typed capaian no formula gives: the cells speak for themselves
        rows[hits[0]].append(i)
    found = [(r, ix) for r, ix in rows.items() if ix]
    return found[0] if len(found) == 1 else None


def realisasi(ctx: Context) -> None:
    table = ctx.t.get("realisasi")
    if table is None:
        return
    skala = ctx.data.skala
    filled = table.filled_from_renstra
    other = other_negative_formula(ctx, table)
    if other is not None:
        cells = [table.cell(i, "capaian") for i in other[1]]
        ctx.add("K01", "rumus_negatif", schema.IDENTITAS_SHEET,
                ctx.data.identitas_cells.get("rumus_negatif", ""), other[0], ctx.rumus,
                rumus=other[0], sel=", ".join(cells), pilihan=ctx.rumus or schema.RUMUS_NEGATIF[0])
    for i, rec in enumerate(table.records):
        if is_predikat(rec.get("target")) or is_predikat(rec.get("realisasi")):
            continue  # graded ("BB", "WTP"): no capaian to compute, the reader said so once
        ren = ctx.rec("renstra", rec.get("kode_indikator")) or {}
        pol_ren = ren.get("polaritas")
        typed_pol = rec.get("polaritas") if "polaritas" not in filled.get(i, {}) else None
        pol = rec.get("polaritas") or pol_ren or "positif"
        rumus = other[0] if other is not None and i in other[1] else ctx.rumus
        cap: float | None = None
        why: str | None = None
        try:
            cap = capaian_of(ctx.data, rec.get("target"), rec.get("realisasi"), pol, rumus)
        except NilaiError as exc:
            why = exc.pesan
            if rec.get("target") is not None and rec.get("realisasi") is not None:
                # both given and still no capaian (target 0 or below, T/R with realisasi 0):
                # the measurement itself is impossible, say why at the target
                ctx.add("K07", "capaian_mustahil", table.sheet, table.cell(i, "target"), None,
                        rec.get("target"), alasan=exc.pesan)
        # a blank polaritas makes an older template formula compute "positif": K05e says so
        formula_blind = typed_pol is None and pol_ren == "negatif" \
            and not schema.reads_renstra_polaritas(table.formulas[i].get("capaian"))
        computed_cell(
            ctx, table, i, "capaian", cap, why, "K01", _agrees(table, i, "capaian"),
            "capaian yang dihitung dari target dan realisasi", not formula_blind,
            ("target", "realisasi"), None if cap is None else round(cap, 2))
        if skala is None:
            continue  # the reader reported the unusable scale (K02)
        label: str | None = None
        names: set[str] = set()
        if cap is not None:
            try:
                tingkat = skala.kategori(cap)
                label = tingkat.label
                names = {norm_text(tingkat.label)}
                if tingkat.kode:
                    names.add(norm_text(tingkat.kode))
            except NilaiError:
                label = None
        computed_cell(
            ctx, table, i, "kategori", label, why, "K02",
            lambda found, _exp, names=names: norm_text(found) in names,
            "kategori menurut skala", not formula_blind, ("target", "realisasi", "capaian"),
            capaian=None if cap is None else round(cap, 2))


def anggaran(ctx: Context) -> None:
    table = ctx.t.get("anggaran")
    if table is None:
        return
    for i, rec in enumerate(table.records):
        node = ctx.nodes.get(i)
        row = node[0] if node is not None else None
        if row is not None:
            pagu, real = row.pagu, row.realisasi
        else:  # a Subtotal/JUMLAH row: the amounts it holds
            pagu = pagu_efektif(table.number(i, "pagu_murni"), table.number(i, "pagu_perubahan"))
            real = table.number(i, "realisasi")
        if row is not None and row.children and (pagu is None or real is None) \
                and ctx.complete(row, "pagu_perubahan") and ctx.complete(row, "realisasi"):
            _m, r_pagu, r_real = rolled(row)
            pagu = r_pagu if pagu is None else pagu
            real = r_real if real is None else real
        if pagu == 0 and (as_number(rec.get("serapan")) in (None, 0.0)) and not real:
            continue  # no budget, no spending: no serapan to speak of
        ser: float | None = None
        why: str | None = None
        try:
            ser = serapan_of(ctx.data, pagu, real)
        except NilaiError as exc:
            why = exc.pesan
        computed_cell(
            ctx, table, i, "serapan", ser, why, "K06", _agrees(table, i, "serapan"),
            "serapan dari pagu dan realisasi anggaran (realisasi/pagu×100)",
            inputs=("pagu_perubahan" if rec.get("pagu_perubahan") is not None else "pagu_murni",
                    "realisasi", "pagu_murni", "pagu_perubahan"),
            shown_expected=None if ser is None else round(ser, 2), total_row=row is None)


def _span(cells: list[str]) -> str:
    """"K4" for one cell, "K4:K12" for the first to the last of several in one column."""
    rows = sorted(cells, key=lambda c: int("".join(ch for ch in c if ch.isdigit())))
    return rows[0] if len(rows) == 1 else f"{rows[0]}:{rows[-1]}"


def grouped_notices(ctx: Context) -> None:
    """One finding per column and sheet: typed cells that hold the computed value (a notice),
    and computed cells left empty (K15)."""
    for (sheet, key), cells in ctx.typed_ok.items():
        table = next(t for t in ctx.t.values() if t.sheet == sheet)
        ctx.add("K01", "sesuai", sheet, _span(cells), None, None, jumlah=len(cells),
                kolom=table.spec.column(key).header, cara=ctx.restore(table, key))
    for (sheet, key), empty in ctx.emptied.items():
        table = next(t for t in ctx.t.values() if t.sheet == sheet)
        cells = [c for c, _e, _i in empty]
        names = " dan ".join(table.spec.column(c).header for c in empty[0][2])
        one = len(cells) == 1
        ctx.add("K15", "kosong" if one else "kosong_banyak", sheet, _span(cells),
                empty[0][1] if one else None, None, kolom=table.spec.column(key).header,
                masukan=names, jumlah=len(cells), cara=ctx.restore(table, key))
    ctx.typed_ok.clear()
    ctx.emptied.clear()


def scale(ctx: Context) -> None:
    skala = ctx.data.skala
    if skala is None:
        return
    table = ctx.t.get("skala")
    if table is not None and len(table):
        sheet, cell = table.sheet, table.column_cell("batas_bawah")
    else:
        sheet, cell = schema.IDENTITAS_SHEET, ctx.data.identitas_cells.get("skala", "")
    gaps: list[str] = []
    for msg in skala.masalah():
        kind, _, rest = msg.partition(": ")
        rest = rest.replace("tingkat mana pun", "kategori mana pun")
        if kind.startswith("tumpang"):
            rentang, _, daftar = rest.removeprefix("nilai ").partition(" masuk ")
            ctx.add("K02", "tumpang_tindih", sheet, cell, rentang=rentang, daftar=daftar)
        else:
            body = rest.removeprefix("nilai ")
            gaps.append(body.partition(" tidak masuk kategori mana pun")[0])
    if not gaps:
        return
    # Many published scales have integer bounds (56–75, 76–90): the holes between them only
    # matter when a capaian of this workbook falls in one, and then it is said at that cell.
    hit = _capaian_in_gaps(ctx)
    for table, i, cap, why in hit:
        ctx.add("K02", "celah_terpakai", table.sheet, table.cell(i, "capaian"), None,
                round(cap, 2), capaian=round(cap, 2), alasan=why)
    if not hit:
        ctx.add("K02", "celah", sheet, cell, rentang="; ".join(gaps), jumlah=len(gaps))


def _capaian_in_gaps(ctx: Context) -> list[tuple[TableData, int, float, str]]:
    """Realisasi rows whose capaian no category of the scale holds."""
    table, skala = ctx.t.get("realisasi"), ctx.data.skala
    if table is None or skala is None:
        return []
    out = []
    for i, rec in enumerate(table.records):
        if is_predikat(rec.get("target")) or is_predikat(rec.get("realisasi")):
            continue
        ren = ctx.rec("renstra", rec.get("kode_indikator")) or {}
        pol = rec.get("polaritas") or ren.get("polaritas") or "positif"
        cap: float | None = None
        try:
            cap = capaian_of(ctx.data, rec.get("target"), rec.get("realisasi"), pol, ctx.rumus)
            skala.kategori(round(cap, 2))
        except NilaiError as exc:
            if exc.kode == NA and "celah" in exc.pesan and cap is not None:
                out.append((table, i, cap, exc.pesan))
            continue
    return out
