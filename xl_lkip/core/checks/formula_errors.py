"""Computed cells that show an Excel error value though the data can be computed (K17).

The reader leaves a formula's own error result out of the model, and the other checks explain
the errors whose cause is in the data (target 0, an unreadable number: K07, K08). What remains
is an error only the sheet has:

- Mode Rumus excel: the plain Excel formulas read plain numbers only, so a text number
  ("97,15 %"), a range target ("80-90"), an odd polaritas spelling ("turun") or a scale bound
  written as text with decimals gives #VALUE! where xl-lkip computes a value. The finding
  names the input cell and says what to type, or to use Mode Rumus python.
- Mode Rumus python: #NAME? means Excel does not know the xl-lkip functions (the add-in is not
  installed or not loaded), or the file was last saved by LibreOffice, which never knows them
  (the advice differs), said once per workbook; another error where the data compute means
  the function did not run (once per column).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import schema
from ..errors import NilaiError
from ..grid import ErrorValue
from ..lazyre import LazyPattern
from ..model import TableData, as_number, capaian_of, norm_code, pagu_efektif, serapan_of
from ..record import record
from .context import Context, is_blank

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

# a call of an xl-lkip function (LibreOffice saves an unknown one in lower case); a column
# name such as "[@[Capaian (%)]]" is not one
_UDF = LazyPattern(r"(?<![\w\[@.])(?:CAPAIAN|KATEGORI|SERAPAN)(?:_ALASAN)?\(", re.IGNORECASE)
_COLUMNS = {"realisasi": ("capaian", "kategori"), "anggaran": ("serapan",)}
_INPUTS = {"capaian": ("target", "realisasi", "polaritas"),
           "kategori": ("target", "realisasi", "polaritas"),
           "serapan": ("pagu_murni", "pagu_perubahan", "realisasi")}
_NAME = "#NAME?"
_SIGNS = (">", "<", "=", "≥", "≤", "%")
_WRONG_SIGN = {"batas_bawah": ("<", "≤"), "batas_atas": (">", "≥")}


@record(eq=False)
class _Error:
    """A computed cell holding a formula whose result is an Excel error value."""

    table: TableData
    i: int
    key: str
    error: str
    formula: str

    @property
    def cell(self) -> str:
        return self.table.cell(self.i, self.key)

    @property
    def udf(self) -> bool:
        """The xl-lkip functions' formula (Mode Rumus python), not the plain Excel one."""
        return _UDF.search(self.formula) is not None


@record
class _Cause:
    """An input cell the plain Excel formula cannot read, and the message variant saying so."""

    variant: str
    cell: str  # "E5" on the same sheet, "Renstra!G5" on another
    fields: dict[str, Any]


def check(ctx: Context) -> None:
    errors = _errors(ctx)
    if not errors:
        return
    unknown = [e for e in errors if e.error == _NAME and e.udf]
    if unknown:
        first = unknown[0]
        variant = "libreoffice" if saved_by_libreoffice(ctx.data.aplikasi) else "addin"
        ctx.add("K17", variant, first.table.sheet, first.cell, None, _NAME, jumlah=len(unknown),
                sel_pertama=first.cell)
    skip = {id(e) for e in unknown}
    failed = {(e.table.spec.key, e.i) for e in errors if e.key == "capaian"}
    grouped: dict[tuple[str, str, str], list[tuple[_Error, Any, _Cause | None]]] = {}
    for e in errors:
        if id(e) in skip or (e.key == "kategori" and (e.table.spec.key, e.i) in failed):
            continue  # a Kategori of a failed Capaian: the Capaian's finding says why
        if ctx.bad(e.table.spec.key, e.i, *_INPUTS[e.key]):
            continue  # an input nobody can read: K07 names it
        expected = _expected(ctx, e)
        if expected is None:
            continue  # the data cannot be computed either: K07/K08 name the input
        if e.udf:
            grouped.setdefault((e.table.sheet, e.key, "fungsi_gagal"), []).append(
                (e, expected, None))
            continue
        cause = _CAUSES[e.key](ctx, e)
        if cause is None:
            grouped.setdefault((e.table.sheet, e.key, "tidak_jelas"), []).append(
                (e, expected, None))
        elif cause.variant == "batas_skala":  # one bound breaks the whole column
            grouped.setdefault((e.table.sheet, e.key, "batas_skala"), []).append(
                (e, expected, cause))
        else:
            ctx.add("K17", cause.variant, e.table.sheet, e.cell, _shown(expected), e.error,
                    kolom=_header(e), sel_masukan=cause.cell,
                    harapan=_shown(expected), **cause.fields)
    for (sheet, key, variant), items in grouped.items():
        e, expected, cause = items[0]
        span = _span([x.cell for x, _v, _c in items])
        fields: dict[str, Any] = {"kolom": _header(e), "jumlah": len(items),
                                  "harapan": _shown(expected)}
        if cause is not None:
            fields.update(sel_masukan=cause.cell, **cause.fields)
        if variant == "tidak_jelas":
            fields["periksa"] = _rumus_hint(ctx) if key == "capaian" else ""
            fields["cara"] = ctx.restore(e.table, key)
        ctx.add("K17", variant, sheet, span, _shown(expected), e.error, **fields)


def saved_by_libreoffice(aplikasi: str | None) -> bool:
    """Whether the file was last saved by LibreOffice (or OpenOffice), which recalculates on
    saving and stores #NAME? for the xl-lkip functions: installing the Excel add-in does not
    help there."""
    name = (aplikasi or "").casefold()
    return "libreoffice" in name or "openoffice" in name


def _errors(ctx: Context) -> list[_Error]:
    out: list[_Error] = []
    for table_key, keys in _COLUMNS.items():
        table = ctx.t.get(table_key)
        if table is None:
            continue
        present = [k for k in keys if k in table.columns]
        for i, raw in enumerate(table.raw):
            for key in present:
                value = raw.get(key)
                formula = table.formulas[i].get(key)
                if isinstance(value, ErrorValue) and formula:
                    out.append(_Error(table, i, key, str(value).strip().upper(), formula))
    return out


# --- what the data give --------------------------------------------------------------------


def _polaritas(ctx: Context, table: TableData, i: int) -> Any:
    rec = table.records[i]
    ren = ctx.rec("renstra", rec.get("kode_indikator")) or {}
    return rec.get("polaritas") or ren.get("polaritas") or "positif"


def _capaian(ctx: Context, table: TableData, i: int) -> float | None:
    rec = table.records[i]
    try:
        return capaian_of(ctx.data, rec.get("target"), rec.get("realisasi"),
                          _polaritas(ctx, table, i), ctx.rumus)
    except NilaiError:
        return None


def _expected(ctx: Context, e: _Error) -> Any:
    """The value the data give for the cell (what the report uses), None when they give none."""
    if e.key == "capaian":
        return _capaian(ctx, e.table, e.i)
    if e.key == "kategori":
        cap = _capaian(ctx, e.table, e.i)
        if cap is None or ctx.data.skala is None:
            return None
        try:
            return ctx.data.skala.kategori(cap).label
        except NilaiError:
            return None
    # amounts as typed: a malformed one the reports read by interpretation makes the formula
    # fail as well, and K07 asks to retype it
    rec = e.table.records[e.i]
    pagu = pagu_efektif(as_number(rec.get("pagu_murni")), as_number(rec.get("pagu_perubahan")))
    try:
        return serapan_of(ctx.data, pagu, as_number(rec.get("realisasi")))
    except NilaiError:
        return None


def _shown(v: Any) -> Any:
    return round(v, 2) if isinstance(v, float) else v


# --- why a plain Excel formula fails where xl-lkip computes --------------------------------


def _text(v: Any) -> str | None:
    """The text of a cell holding text (not an error value, not blank), else None."""
    if isinstance(v, str) and not isinstance(v, ErrorValue) and not is_blank(v):
        return v.strip()
    return None


def _number_cause(table: TableData, i: int, key: str, ref: str | None = None) -> _Cause | None:
    """A number the reader read from text ("97,15 %"), or a range target ("80-90")."""
    text = _text(table.raw[i].get(key))
    if text is None:
        return None
    cell = ref or table.cell(i, key)
    value = as_number(table.records[i].get(key))
    header = table.spec.column(key).header
    if value is not None:
        return _Cause("teks_angka", cell, {"masukan": header, "teks": text, "angka": value})
    if key == "target" and isinstance(table.records[i].get(key), str):
        return _Cause("rentang", cell, {"masukan": header, "teks": text})
    return None  # not readable at all: K07 says so


def _spelling_cause(table: TableData, i: int, key: str, words: tuple[str, ...],
                    prefix: str = "") -> _Cause | None:
    text = _text(table.raw[i].get(key))
    if text is None or " ".join(text.split()).casefold() in words:
        return None
    header = table.spec.column(key).header
    return _Cause("ejaan", prefix + table.cell(i, key),
                  {"masukan": header, "teks": text, "pilihan": " dan ".join(words)})


def _capaian_cause(ctx: Context, e: _Error) -> _Cause | None:
    table, i = e.table, e.i
    rec = table.records[i]
    filled = "polaritas" in table.filled_from_renstra.get(i, {})
    if rec.get("polaritas") is not None and not filled:
        cause = _spelling_cause(table, i, "polaritas", schema.POLARITAS)
        if cause is not None:
            return cause
    elif schema.reads_renstra_polaritas(e.formula) and is_blank(table.raw[i].get("polaritas")):
        ren = ctx.t.get("renstra")
        j = ctx.renstra_idx.get(norm_code(rec.get("kode_indikator")) or "")
        if ren is not None and j is not None and ren.records[j].get("polaritas") is not None:
            cause = _spelling_cause(ren, j, "polaritas", schema.POLARITAS, f"{ren.sheet}!")
            if cause is not None:
                cause.fields["masukan"] = "polaritas Renstra"
                return cause
    for key in ("target", "realisasi"):
        cause = _number_cause(table, i, key)
        if cause is not None:
            return cause
    return None


def _serapan_cause(ctx: Context, e: _Error) -> _Cause | None:
    table, i = e.table, e.i
    pagu = "pagu_murni" if table.raw[i].get("pagu_perubahan") is None else "pagu_perubahan"
    for key in (pagu, "realisasi"):
        cause = _number_cause(table, i, key)
        if cause is not None:
            return cause
    return None


def _bound_readable(text: str, key: str) -> bool:
    """Whether the plain Excel Kategori formula reads a bound typed as text (schema._batas_ok):
    a whole number with signs fitting its side, no decimal sign."""
    if "," in text or "." in text or any(s in text for s in _WRONG_SIGN[key]):
        return False
    rest = text
    for s in _SIGNS:
        rest = rest.replace(s, "")
    return re.fullmatch(r"\s*-?\d*\s*", rest) is not None


def _kategori_cause(ctx: Context, e: _Error) -> _Cause | None:
    skala = ctx.t.get("skala")
    if skala is None:
        return None
    for j, raw in enumerate(skala.raw):
        for key in ("batas_bawah", "batas_atas"):
            text = _text(raw.get(key))
            if text is not None and not _bound_readable(text, key):
                return _Cause("batas_skala", f"{skala.sheet}!{skala.cell(j, key)}",
                              {"teks": text})
    return None


_CAUSES: dict[str, Callable[[Context, _Error], _Cause | None]] = {
    "capaian": _capaian_cause, "kategori": _kategori_cause, "serapan": _serapan_cause}


def _rumus_hint(ctx: Context) -> str:
    """For Capaian: the one input the sheet's plain formula reads that this model cannot show
    as typed, Identitas' Rumus Polaritas Negatif (read leniently here, exactly by the formula)."""
    cell = ctx.data.identitas_cells.get("rumus_negatif")
    where = f"{schema.IDENTITAS_SHEET}!{cell}" if cell else f"lembar {schema.IDENTITAS_SHEET}"
    return (f" Periksa Rumus Polaritas Negatif di {where}; rumus bawaan Excel hanya mengenal "
            f"tulisan {' dan '.join(schema.RUMUS_NEGATIF)} persis.")


def _header(e: _Error) -> str:
    return e.table.spec.column(e.key).header


def _span(cells: list[str]) -> str:
    """"K4" for one cell, "K4:K12" for the first to the last of several in one column."""
    rows = sorted(cells, key=lambda c: int("".join(ch for ch in c if ch.isdigit())))
    return rows[0] if len(rows) == 1 else f"{rows[0]}:{rows[-1]}"
