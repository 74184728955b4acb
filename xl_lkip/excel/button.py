"""The "Perbarui Laporan" ribbon button: regenerate the report sheets of the active workbook.

It runs the engine the CLI runs (core.engine.run) on grids read in bulk from the open
workbook, then writes each report sheet with one range write. Each call through COM (or
each action of the remote engine) costs more than the data it carries, so formats are
written only where a sheet's shape changed since the last writer formatted it (the keys of
core/shape.py, kept in a hidden sheet): a click after an edit of some numbers writes values
only. A sheet that needs formats gets the layout's cell styles grouped by value over
rectangles (excel/paint.py), united into one call per value where the engine takes unions:
a number of calls that does not depend on the number of rows. The report charts are drawn
where the engine can. Every outcome, good or bad, ends in a message box in Bahasa
Indonesia; nothing escapes as a traceback.
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core import layout as palette
from ..core.errors import LkipError
from ..core.grid import col_letter, rect_of, xml_text
from ..core.layout import CHART_NAME_PREFIX as CHART_PREFIX
from ..core.layout import Block, ChartSpec, SheetLayout
from ..core.reader import sheets_to_read
from ..core.schema import SHAPE_SHEET
from ..core.shape import (
    KeyParts,
    RowProfile,
    encoded,
    is_store,
    read_store_rows,
    shapes,
    store_layout,
)
from ..core.sheets import sheet_key
from . import paint, reshape
from .grids import read_grids

JUDUL = "xl-lkip: Perbarui Laporan"
JUDUL_DOKUMEN = "xl-lkip: Draf Word"


class TombolError(LkipError):
    """A failure the user can fix; `pesan` says what and where."""


# --- entry point ------------------------------------------------------------------------


def main(book: Any = None) -> None:
    """What the ribbon button runs; never raises, always ends in a message box.

    `book` is for callers that already hold the workbook (tests, scripts); the ribbon
    passes nothing and the workbook is found from xlwings' caller. Where Excel returns the
    answer of a message box (the desktop engines) and the workbook is saved, the closing
    box also offers the second step: the Word draft beside the workbook (Ya/Tidak).
    """
    state: dict[str, Any] = {}

    def step(target: Any) -> str:
        pesan, state["hasil"] = _perbarui(target)
        return pesan

    target, pesan = _guarded(book, step, JUDUL)
    if pesan is None:
        return
    hasil = state.get("hasil")
    tujuan = draft_path(target) if hasil is not None and asks_questions(target) else None
    if tujuan is None:
        _alert(target, pesan, "info")
        return
    jawab = _alert(target, f"{pesan}\n\nBuat juga draf Word {tujuan.name} di folder buku kerja "
                           "ini? (Ya/Yes: buat draf; Tidak/No: selesai)", "info", buttons="yes_no")
    if jawab == "yes":
        _target, pesan = _guarded(target, lambda t: buat_draf(t, hasil), JUDUL_DOKUMEN)
        if pesan is not None:
            _alert(target, pesan, "info", JUDUL_DOKUMEN)


def main_dokumen(book: Any = None, folder: str | Path | None = None) -> None:
    """The "Buat Draf Word" action: the Word draft of the open workbook (as it is on screen)
    written as NAMA.docx beside the saved workbook, or in `folder` (xlwings Lite: /data);
    never raises, always ends in a message box."""
    _target, pesan = _guarded(book, lambda t: buat_draf(t, folder=folder), JUDUL_DOKUMEN)
    if pesan is not None:
        _alert(_target, pesan, "info", JUDUL_DOKUMEN)


def _guarded(book: Any, action: Callable[[Any], str], judul: str) -> tuple[Any, str | None]:
    """Run `action` on the workbook to update; a failure becomes a critical message box
    (and None), success returns the closing message for the caller to show."""
    target: Any = book
    try:
        caller = book if book is not None else _caller()
        target = caller
        target = target_book(caller)
        return target, action(target)
    except LkipError as exc:
        _alert(target, exc.pesan, "critical", judul)
    except MemoryError:
        _alert(target, "Buku kerja terlalu besar untuk diproses di komputer ini. Tutup program "
                       "lain lalu tekan tombolnya lagi.", "critical", judul)
    except Exception as exc:
        _alert(target, _tak_terduga(exc), "critical", judul)
    return target, None


def _caller() -> Any:
    import xlwings as xw

    try:
        return xw.Book.caller()
    except Exception:
        raise TombolError("Tombol ini harus dijalankan dari Excel (pita LKjIP > Perbarui "
                          "Laporan) dengan add-in xlwings terpasang.") from None


def _tak_terduga(exc: BaseException) -> str:
    return (f"Kesalahan tak terduga ({type(exc).__name__}: {str(exc)[:300]}). Lembar masukan "
            "tidak diubah. Simpan berkas, tutup lalu buka lagi, dan tekan Perbarui Laporan sekali "
            "lagi; bila masih gagal, laporkan ke pengembang xl-lkip bersama berkasnya.")


def _alert(book: Any, pesan: str, mode: str, judul: str = JUDUL, buttons: str = "ok") -> Any:
    """Show the message box and return the answer where the engine gives one ("yes", "no");
    if even that fails, there is nothing left to tell the user with."""
    if book is None:
        return None
    with contextlib.suppress(Exception):
        return book.app.alert(pesan, title=judul, buttons=buttons, mode=mode)
    return None


def asks_questions(book: Any) -> bool:
    """Whether a Ya/Tidak box returns the user's answer here: Excel on Windows and macOS do;
    the remote engine (xlwings Lite, Office.js) only records the box."""
    try:
        return str(book.app.engine.name) == "excel"
    except Exception:
        return False


# --- which workbook ---------------------------------------------------------------------


def has_input_sheets(book: Any) -> bool:
    """True when the workbook holds at least one sheet the template's reader needs."""
    names = {s.name.strip().casefold() for s in book.sheets}
    return any(n.strip().casefold() in names for n in sheets_to_read())


def is_addin(book: Any) -> bool:
    """An add-in (or any book without the template's sheets) is never the one to update."""
    name = str(book.name).casefold()
    return name.endswith((".xlam", ".xla")) or not has_input_sheets(book)


def target_book(caller: Any) -> Any:
    """The workbook to update: the caller, unless it is the add-in (xlwings issue #1746)."""
    if not is_addin(caller):
        return caller
    try:
        active = caller.app.books.active
    except Exception:
        active = None
    if active is None or str(active.name).casefold().endswith((".xlam", ".xla")):
        raise TombolError("Tidak ada buku kerja LKjIP yang aktif. Buka berkas LKjIP (templat "
                          "xl-lkip yang sudah diisi), klik salah satu lembarnya, lalu tekan "
                          "Perbarui Laporan lagi.")
    if not has_input_sheets(active):
        raise TombolError(f"Buku kerja {active.name!r} bukan templat LKjIP: tidak ada lembar "
                          f"{', '.join(sheets_to_read())}. Buat berkas dari templat (perintah "
                          "xl-lkip templat), salin data ke sana, lalu tekan Perbarui Laporan lagi.")
    return active


# --- the run ----------------------------------------------------------------------------


def perbarui(book: Any) -> str:
    """Read, check and rewrite the report sheets of `book`; returns the closing message."""
    return _perbarui(book)[0]


def hitung(book: Any) -> tuple[Any, bool]:
    """The engine's result for the open workbook (read once, in bulk), and whether the
    engine gave the formula texts."""
    from ..core.engine import run

    if not has_input_sheets(book):
        raise TombolError(f"Buku kerja {book.name!r} bukan templat LKjIP: tidak ada lembar "
                          f"{', '.join(sheets_to_read())}. Buat berkas dari templat (perintah "
                          "xl-lkip templat), salin data ke sana, lalu tekan Perbarui Laporan lagi.")
    try:
        grids, formulas_known = read_grids(book, sheets_to_read())
    except LkipError:
        raise
    except Exception as exc:
        raise TombolError(f"Lembar masukan buku kerja {book.name!r} tidak dapat dibaca "
                          f"({type(exc).__name__}: {str(exc)[:200]}). Pastikan tidak ada sel "
                          "yang sedang disunting (tekan Esc), lalu tekan Perbarui Laporan lagi."
                          ) from None
    name = Path(str(book.name)).name  # a file name, as the CLI names its source
    return run(grids, name, lambda data: _tahun_lalu(book, data)), formulas_known


def _perbarui(book: Any) -> tuple[str, Any]:
    hasil, formulas_known = hitung(book)
    skipped = tulis_laporan(book, hasil.layouts)
    pesan = ringkasan(hasil.n_tabel, len(hasil.layouts), hasil.n_galat, hasil.n_peringatan)
    if not formulas_known:
        pesan += ("\nExcel ini tidak memberikan teks rumus, jadi kolom hitungan dianggap masih "
                  "berisi rumus templat; nilainya tetap diperiksa.")
    if skipped:
        pesan += ("\nNilai tabel lengkap, tetapi sebagian format tidak dapat diterapkan di "
                  "Excel ini: " + ", ".join(dict.fromkeys(skipped)) + ".")
    return pesan, hasil


def ringkasan(n_tabel: int, n_lembar: int, n_galat: int, n_peringatan: int) -> str:
    """The closing message: what was regenerated and what the checks found."""
    head = f"Laporan diperbarui: {n_tabel} tabel di {n_lembar} lembar."
    if n_galat or n_peringatan:
        return (f"{head}\nPemeriksaan menemukan {n_galat} kesalahan dan {n_peringatan} peringatan. "
                "Buka lembar Pemeriksaan: kolom Lokasi menunjukkan sel yang harus diperbaiki.")
    return f"{head}\nPemeriksaan: 0 kesalahan, 0 peringatan. Semua pemeriksaan lolos."


def _tahun_lalu(book: Any, data: Any) -> Any:
    """Last year's model, followed the one way the CLI follows it (core.links.follow_tahun_lalu)
    and read by the file reader; the reason (text) when the link may not be followed or its
    file cannot be read, which the engine reports as a finding."""
    from ..core.links import follow_tahun_lalu
    from ..files.workbook import load

    try:
        here: Path | None = Path(str(book.fullname))
    except Exception:
        here = None
    if here is not None and not here.is_absolute():
        here = None  # not saved yet (or a web address): there is no folder to look in
    return follow_tahun_lalu(here, data.identitas.get("berkas_tahun_lalu"), load)


# --- the Word draft ---------------------------------------------------------------------


def saved_path(book: Any) -> Path | None:
    """The workbook's file on this computer; None for a book never saved (or opened from
    the web, whose full name is an address): there is no folder to put a draft in."""
    try:
        here = Path(str(book.fullname))
    except Exception:
        return None
    if not here.is_absolute() or not here.suffix or not here.parent.is_dir():
        return None
    return here


def draft_path(book: Any, folder: str | Path | None = None) -> Path | None:
    """Where the draft of `book` goes: NAMA.docx beside the saved workbook, or in `folder`."""
    if folder is not None:
        return Path(folder) / (Path(str(book.name)).stem + ".docx")
    here = saved_path(book)
    return None if here is None else here.with_suffix(".docx")


def buat_draf(book: Any, hasil: Any = None, folder: str | Path | None = None) -> str:
    """Write the Word draft of `book` (the engine's result `hasil`, or a fresh run on the open
    workbook); returns the lines the CLI prints for it. An existing draft is kept as a
    numbered backup (files.dokumen.tulis_dokumen)."""
    from ..files.dokumen import ringkasan as ringkasan_dokumen
    from ..files.dokumen import tulis_dokumen

    tujuan = draft_path(book, folder)
    if tujuan is None:
        raise TombolError(f"Buku kerja {book.name!r} belum pernah disimpan di komputer ini, jadi "
                          "belum ada folder untuk draf Word. Simpan buku kerja (File > Simpan "
                          "Sebagai, ke folder di komputer ini), lalu buat draf lagi.")
    if hasil is None:
        hasil = hitung(book)[0]
    try:
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        res = tulis_dokumen(hasil, tujuan, buku=saved_path(book))
    except OSError as exc:
        raise TombolError(f"Draf {tujuan.name} tidak dapat ditulis ({exc.strerror or exc}). Tutup "
                          "dokumen itu di Word bila sedang terbuka, periksa izin folder "
                          f"{tujuan.parent}, lalu buat draf lagi.") from None
    res.berkas = Path(str(book.name)).name
    return "\n".join(ringkasan_dokumen(res))


# --- writing ----------------------------------------------------------------------------


def excel_value(value: Any) -> Any:
    """A report value as it may be handed to Excel: never a formula, never a coerced string.

    Excel parses a written string as if typed: '=...' becomes a formula, '1.01' a number,
    '1-2' a date. A leading apostrophe makes any string stay text, shown without it.
    """
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        f = float(value)
        if not math.isfinite(f):
            return "'-"
        return value
    text = xml_text(str(value))
    return "'" + text if text else None


def block_values(block: Block) -> list[list[Any]]:
    width = block.width
    return [[excel_value(v) for v in row] + [None] * (width - len(row)) for row in block.values]


@contextlib.contextmanager
def paused(app: Any) -> Iterator[None]:
    """Screen updating, automatic calculation and events off; restored even on failure.

    Each setting is guarded: the remote engine cannot read screen updating (it only
    suspends it until its next sync, so it is left alone there) and may not know the
    calculation mode.
    """
    restore: list[tuple[str, Any]] = []
    remote = False
    with contextlib.suppress(Exception):
        remote = str(app.engine.name) == "remote"
    if not remote:  # Office.js suspends screen updating only until its next sync, and xlwings
        # syncs after each action: there the two calls would change nothing
        try:
            old = app.screen_updating
        except Exception:
            old = True
        with contextlib.suppress(Exception):
            app.screen_updating = False
            restore.append(("screen_updating", old))
    with contextlib.suppress(Exception):
        calc = app.calculation
        if calc != "manual":
            app.calculation = "manual"
            restore.append(("calculation", calc))
    with contextlib.suppress(Exception):
        events = app.enable_events
        if events:
            app.enable_events = False
            restore.append(("enable_events", events))
    try:
        yield
    finally:
        for attr, value in reversed(restore):
            with contextlib.suppress(Exception):
                setattr(app, attr, value)


def sheets_by_key(book: Any) -> dict[str, Any]:
    """The workbook's sheets by sheet_key of their names, listed once (each name read is a
    call into Excel); the first of two equal names wins, as Excel allows no second."""
    out: dict[str, Any] = {}
    for sheet in book.sheets:
        out.setdefault(sheet_key(sheet.name), sheet)
    return out


def stored_shapes(sheet: Any) -> dict[str, tuple[str, RowProfile | None]] | None:
    """The shape keys and row profiles a writer recorded in the hidden sheet (one read); none
    if unreadable, None when a sheet of the user's has that name (it is never written)."""
    if sheet is None:
        return {}
    try:
        values = sheet.used_range.options(ndim=2).value
    except Exception:
        return {}
    return read_store_rows(values) if is_store(values) else None


def _write_shapes(book: Any, sheet: Any, keys: dict[str, str],
                  rows: dict[str, str | None] | None = None,
                  written: tuple[int, int] = (0, 0)) -> tuple[Any, tuple[int, int]]:
    """Record `keys` (and row profiles) in the hidden sheet, creating it hidden at the end;
    returns the sheet and the extent written, which a later write this click covers (the
    engine may not show it in the used range yet)."""
    extent = None
    created = sheet is None
    if created:
        sheet = book.sheets.add(SHAPE_SHEET, after=book.sheets[-1])
        with contextlib.suppress(Exception):
            sheet.visible = False
    values = sheet_values(store_layout(keys, rows))
    if not created:
        used = _used_range(sheet)
        extent = used_extent(used, values) if used is not None else None
        if extent is None:
            sheet.clear_contents()
        else:
            extent = (max(extent[0], written[0]), max(extent[1], written[1]))
    area = padded(values, extent)
    sheet.range((1, 1)).value = area
    return sheet, (len(area), max((len(r) for r in area), default=0))


def _add_sheet(book: Any, name: str, store: Any) -> Any:
    """A new report sheet at the end of the workbook, before the hidden sheet of shapes. (Put
    after the sheet before it: the remote engine places `before=` one sheet too early.)"""
    if store is None:
        return book.sheets.add(name, after=book.sheets[-1])
    index = store.index  # 1-based
    if index == 1:
        return book.sheets.add(name, before=store)
    return book.sheets.add(name, after=book.sheets[index - 2])


def _cannot_write(name: str, exc: BaseException) -> TombolError:
    return TombolError(
        f"Lembar {name!r} tidak dapat ditulis ({type(exc).__name__}: "
        f"{str(exc)[:200]}). Pastikan lembar itu tidak diproteksi (Tinjau > Buka "
        "Proteksi Lembar / Review > Unprotect Sheet) dan buku kerja tidak dibuka "
        "baca-saja, lalu tekan Perbarui Laporan lagi. Lembar laporan lain mungkin "
        "baru sebagian diperbarui; lembar masukan tidak diubah.")


def tulis_laporan(book: Any, layouts: list[SheetLayout]) -> list[str]:
    """Write every layout into its sheet; returns the format steps this engine could not do.

    A sheet whose shape key matches the one recorded in the hidden sheet keeps its formats
    and charts and gets its values (and links) only. A sheet whose rows were added or removed
    has its rows deleted and inserted and the looks of the new rows copied (excel/reshape.py).
    The others are cleared and formatted, except for the parts of the key that did not change
    (column widths and frozen rows; charts), which clearing a sheet leaves as they were. Keys
    of sheets about to be formatted are forgotten first, so a click that stops half-way
    leaves them to be formatted again by the next one.
    """
    skipped: list[str] = []
    app = book.app
    try:
        was_active = book.sheets.active
    except Exception:
        was_active = None
    sheets = sheets_by_key(book)
    store = sheets.get(sheet_key(SHAPE_SHEET))
    stored = stored_shapes(store)
    ours = stored is not None
    if stored is None:  # not ours: no keys are read from it, none written to it
        store, stored = None, {}
    keys, profiles = shapes(layouts)
    rows = encoded(profiles)

    def old(name: str) -> tuple[str | None, RowProfile | None]:
        return stored.get(sheet_key(name), (None, None))

    same = {layout.sheet for layout in layouts
            if sheet_key(layout.sheet) in sheets and old(layout.sheet)[0] == keys[layout.sheet]}
    for name in same:  # formats of an earlier version: their rows are not known, only
        if old(name)[1] is None:  # their shape; the next change of rows formats them all
            rows[name] = None
    done = {name: key for name, key in keys.items() if name in same}
    written = (0, 0)
    added = False
    with paused(app):
        if store is not None and any(sheet_key(n) in stored for n in keys if n not in same):
            try:
                store, written = _write_shapes(book, store, done, rows)
            except Exception as exc:
                raise _cannot_write(SHAPE_SHEET, exc) from None
        for layout in layouts:
            fresh = layout.sheet in same
            plan = None
            try:
                sheet = sheets.get(sheet_key(layout.sheet))
                before_key, before_rows = old(layout.sheet) if sheet else (None, None)
                before, now = KeyParts(before_key), KeyParts(keys[layout.sheet])
                if sheet is None:
                    sheet = sheets[sheet_key(layout.sheet)] = _add_sheet(book, layout.sheet, store)
                    added = True
                used = _used_range(sheet) if before_rows is not None else None
                if not fresh and before_rows and profiles[layout.sheet] \
                        and before.same(now, "frame"):
                    plan = _plan(before_rows, profiles[layout.sheet], layout)
                    if plan is not None and last_filled_row(used) != before_rows.last:
                        plan = None  # the sheet is not as the last writer left it
                values = sheet_values(layout)
                extent = None
                if (fresh or plan is not None) and used is not None:
                    extent = used_extent(used, values)
                    if extent is not None and extent[0] < before_rows.last:
                        extent = None  # the engine shows less than was written: clear it
                if extent is None:
                    if fresh or plan is not None:
                        sheet.clear_contents()
                    else:
                        sheet.clear()
                missed = []
                if plan is not None:
                    move_rows(sheet, plan)
                    if extent is not None:  # what was there moved down with inserted rows
                        extent = (extent[0] + plan.inserted(), extent[1])
                    # formats first: a copy on Windows copies the values too, which the
                    # write below then replaces
                    missed = restyle_rows(sheet, layout, plan)
                area = padded(values, extent)
                if area:
                    sheet.range((1, 1)).value = area
            except Exception as exc:
                raise _cannot_write(layout.sheet, exc) from None
            if fresh or plan is not None:
                if layout.links:
                    _step(missed, "tautan lokasi", _write_links, sheet, layout)
                if fresh:
                    skipped += missed
                    continue
            else:
                missed = format_sheet(sheet, layout, frame=not before.same(now, "frame"))
            if not before.same(now, "charts") and not (
                    plan is not None and before_rows is not None
                    and _charts_follow(before_rows, profiles[layout.sheet], plan)):
                missed += draw_charts(sheet, layout)
            skipped += missed
            if not missed:  # a sheet this engine could not fully format is tried again
                done[layout.sheet] = keys[layout.sheet]
        final = {name: done.get(name, "") for name in keys}
        if ours and (store is None or {n: k for n, (k, _r) in stored.items()}
                     != {sheet_key(n): k for n, k in final.items() if k}):
            added = added or store is None
            with contextlib.suppress(Exception):  # without it, the next click formats again
                _write_shapes(book, store, final, rows, written)
        if was_active is not None and added:  # a sheet added may have become the active one
            with contextlib.suppress(Exception):
                was_active.activate()
    return skipped


MAX_PADDING = 20_000  # empty cells written over old contents instead of clearing the sheet


def _used_range(sheet: Any) -> Any:
    """The sheet's used range, looked up once for the reads below; None if unreadable."""
    try:
        return sheet.used_range
    except Exception:
        return None


def used_extent(used: Any, area: Sequence[Sequence[Any]] | None = None
                ) -> tuple[int, int] | None:
    """(last row, last column) of a sheet's used range `used` when writing empty cells over
    what of it lies outside `area` (the values about to be written from A1) is cheap: it
    replaces a call that clears the sheet's contents. None otherwise."""
    try:
        last = used.last_cell
        rows, cols = int(last.row), int(last.column)
    except Exception:
        return None
    height = len(area or ())
    width = max((len(r) for r in area or ()), default=0)
    extra = max(rows, height) * max(cols, width) - height * width
    return (rows, cols) if extra <= MAX_PADDING else None


def padded(area: list[list[Any]], extent: tuple[int, int] | None) -> list[list[Any]]:
    """`area` widened with empty cells to cover `extent` (rows, columns), so one write also
    empties what an earlier write left there."""
    if extent is None:
        return area
    width = max(extent[1], max((len(r) for r in area), default=0))
    rows = [list(r) + [None] * (width - len(r)) for r in area]
    rows += [[None] * width for _ in range(extent[0] - len(rows))]
    return rows


def _plan(before: RowProfile, now: RowProfile, layout: SheetLayout) -> reshape.Reshape | None:
    """reshape.plan, or None (format the sheet whole) for a record it cannot use: the hidden
    sheet is part of a file anyone may have edited, and no record of it may stop a click."""
    try:
        return reshape.plan(before, now, layout)
    except (ValueError, IndexError, KeyError, TypeError):
        return None


def _charts_follow(before: RowProfile, now: Any, plan: reshape.Reshape) -> bool:
    try:
        return reshape.charts_follow(before, now, plan.ops)
    except (ValueError, IndexError, KeyError, TypeError):
        return False  # draw them again


def last_filled_row(used: Any) -> int:
    """The last row holding a value in a sheet's used range `used` (one read); 0 if none or
    unreadable."""
    if used is None:
        return 0
    values = used.options(ndim=2).value or []
    top = used.row
    for i in range(len(values) - 1, -1, -1):
        if any(v is not None and v != "" for v in values[i]):
            return top + i
    return 0


def move_rows(sheet: Any, plan: reshape.Reshape) -> None:
    """Delete and insert the plan's whole rows, bottom-up (their formats move with them)."""
    for kind, a, b in plan.ops:
        if kind == "delete":
            sheet.range(f"{a}:{b}").delete(shift="up")
        else:
            sheet.range(f"{a}:{a + b - 1}").insert(shift="down")


def restyle_rows(sheet: Any, layout: SheetLayout, plan: reshape.Reshape) -> list[str]:
    """Give the rows the plan names their looks: cleared, formatted from the layout, or
    copied from rows that are already right; then the conditional formats and, where Excel
    needs them, row heights (before the values are written: see copy_formats). Returns the
    steps this engine could not do."""
    skipped: list[str] = []
    engine = _engine(sheet)
    unions = takes_unions(engine)
    width = max((b.left + b.width - 1 for b in layout.blocks), default=1)
    for a, b in plan.unmerges:
        _step(skipped, "gabung sel", lambda r=(a, 1, b, width): sheet.range(
            paint.address(r)).unmerge())
    for a, b in plan.clears:
        _step(skipped, "format baris", lambda r=(a, 1, b, width): sheet.range(
            paint.address(r)).clear_formats())
    for a, b in plan.paints:
        _paint_cells(sheet, reshape.crop(layout, a, b), unions, skipped)

    def copy(copies: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
        for (s1, s2), (d1, d2) in copies:
            _step(skipped, "format baris", copy_formats, sheet, engine,
                  (s1, 1, s2, width), (d1, 1, d2, width))

    _apply(sheet, plan.fixes, unions, skipped)
    copy(plan.copies)
    if plan.merges:
        _step(skipped, "gabung sel", _on_each, sheet, plan.merges, unions,
              lambda rng: rng.merge(across=True))
    _apply(sheet, plan.patches, unions, skipped)
    copy(plan.late)
    for rect in plan.cf_clear:
        _step(skipped, "format bersyarat", lambda r=rect: sheet.range(
            paint.address(r)).conditional_formats.clear())
    _conditional_formats(sheet, layout, unions, skipped, plan.cf_bars, plan.cf_kategori)
    if unions:
        _step(skipped, "tinggi baris", _row_heights, sheet, layout)
    return skipped


def copy_formats(sheet: Any, engine: str, source: paint.Rect, target: paint.Rect) -> None:
    """The formats of `source` onto `target` (repeated where `target` is taller): Office.js'
    copyFrom on the remote engine, Range.Copy(Destination) elsewhere, which copies the
    values too (the button writes the sheet's values after its formats)."""
    src, dest = sheet.range(paint.address(source)), sheet.range(paint.address(target))
    if engine == "remote":
        dest.copy_from(src, copy_type="formats")
    else:
        src.copy(dest)


def sheet_values(layout: SheetLayout) -> list[list[Any]]:
    """Every block of the sheet in one rectangle from A1 (empty rows between tables)."""
    width = max((b.left + b.width - 1 for b in layout.blocks), default=0)
    bottom = max((b.bottom for b in layout.blocks), default=0)
    if not width or not bottom:
        return []
    rows: list[list[Any]] = [[None] * width for _ in range(bottom)]
    for block in layout.blocks:
        for i, line in enumerate(block_values(block)):
            rows[block.top - 1 + i][block.left - 1:block.left - 1 + len(line)] = line
    return rows


# --- formats ----------------------------------------------------------------------------


def _step(skipped: list[str], name: str, fn: Any, *args: Any) -> None:
    """Run one format step; an engine that cannot do it leaves the values intact."""
    try:
        fn(*args)
    except Exception:
        skipped.append(name)


def column_width(engine: str, chars: float) -> float:
    """Excel widths are in characters on the desktop engines and in points on the remote one."""
    if engine == "remote":
        return round((int(chars * 7 + 5)) * 0.75, 2)  # Calibri 11: 7 px per char + 5 px padding
    return chars


def _engine(sheet: Any) -> str:
    try:
        return str(sheet.book.app.engine.name)
    except Exception:
        return ""


def takes_unions(engine: str) -> bool:
    """Excel on Windows takes 'A1:B2,D4:E5' as one range: one call formats all areas."""
    return engine == "excel" and sys.platform == "win32"


def _colour(hex_rgb: str) -> str:
    return "#" + hex_rgb


def _set_font(attribute: str) -> Callable[[Any, Any], None]:
    def apply(rng: Any, value: Any) -> None:
        if attribute == "color":
            value = _colour(value or "000000")  # None: automatic, which is black
        setattr(rng.font, attribute, value)

    return apply


def _set(attribute: str, convert: Callable[[Any], Any] = lambda v: v,
         reset: Any = None) -> Callable[[Any, Any], None]:
    """Set a range attribute; `reset` stands for the cleared sheet's value (None)."""
    def apply(rng: Any, value: Any) -> None:
        setattr(rng, attribute, reset if value is None else convert(value))

    return apply


def _border(rng: Any, _value: Any) -> None:
    rng.borders.set("all", line_style="continuous", color=_colour(palette.BORDER_COLOUR))


def _border_total(rng: Any, _value: Any) -> None:
    """The heavy line over a total row, in its own colour: the grid drawn before it gave that
    side the grid's colour, which a new weight alone would keep."""
    rng.borders.set("edge_top", line_style="continuous", weight="medium",
                    color=_colour(palette.TOTAL_BORDER_COLOUR))


# How each CellStyle attribute reaches xlwings, and its name in the "skipped" message.
APPLY: dict[str, tuple[str, Callable[[Any, Any], None]]] = {
    "bold": ("huruf tebal", _set_font("bold")),
    "italic": ("huruf miring", _set_font("italic")),
    "size": ("ukuran huruf", _set_font("size")),
    "colour": ("warna huruf", _set_font("color")),
    "fill": ("warna sel", _set("color", _colour)),
    "number_format": ("format angka", _set("number_format", reset="General")),
    "horizontal": ("perataan", _set("horizontal_alignment", reset="general")),
    "vertical": ("perataan", _set("vertical_alignment")),
    "wrap": ("lipat teks", _set("wrap_text")),
    "border": ("garis tabel", _border),
    "border_total": ("garis baris jumlah", _border_total),
}


def ranges(sheet: Any, rects: Sequence[paint.Rect], unions: bool) -> list[Any]:
    """xlwings ranges covering `rects`: unions of up to 255 characters, or one per rectangle."""
    if unions:
        return [sheet.range(a) for a in paint.unions(rects)]
    return [sheet.range(paint.address(r)) for r in rects]


def _on_each(sheet: Any, rects: Sequence[paint.Rect], unions: bool,
             fn: Callable[[Any], None]) -> None:
    """`fn` on the rectangles: on their unions, or one by one where a union is refused."""
    try:
        for rng in ranges(sheet, rects, unions):
            fn(rng)
    except Exception:
        if not unions:
            raise
        for rng in ranges(sheet, rects, False):
            fn(rng)


def format_sheet(sheet: Any, layout: SheetLayout, frame: bool = True) -> list[str]:
    """The formats of one report sheet, in a number of calls that does not grow with rows;
    without `frame`, the column widths and frozen rows are left as they are."""
    skipped: list[str] = []
    engine = _engine(sheet)
    unions = takes_unions(engine)

    def widths() -> None:
        for width, runs in paint.width_runs(layout.widths):
            cols = [f"{col_letter(a)}:{col_letter(b)}" for a, b in runs]
            for address in paint.join(cols) if unions else cols:
                sheet.range(address).column_width = column_width(engine, width)

    if frame:
        _step(skipped, "lebar kolom", widths)
    _paint_cells(sheet, layout, unions, skipped)
    if unions:  # Office.js sizes rows itself; Excel on Windows needs the estimated heights
        _step(skipped, "tinggi baris", _row_heights, sheet, layout)
    _conditional_formats(sheet, layout, unions, skipped)
    if layout.links:
        _step(skipped, "tautan lokasi", _write_links, sheet, layout)
    if frame and layout.freeze_row and layout.freeze_row > 1:
        _step(skipped, "bekukan baris judul", freeze, sheet, layout.freeze_row)
    return skipped


def _paint_cells(sheet: Any, layout: SheetLayout, unions: bool, skipped: list[str]) -> None:
    """Merges and cell styles of `layout` (excel/paint.py) on a sheet without formats there."""
    across, whole = paint.merge_rects(layout.merges)
    if across:
        _step(skipped, "gabung sel", _on_each, sheet, across, unions,
              lambda rng: rng.merge(across=True))
    if whole:
        _step(skipped, "gabung sel", _on_each, sheet, whole, unions, lambda rng: rng.merge())
    _apply(sheet, paint.plan(layout), unions, skipped)


def _apply(sheet: Any, paints: Sequence[paint.Paint], unions: bool, skipped: list[str]) -> None:
    """Each attribute value over its rectangles (APPLY says how)."""
    for p in paints:
        name, apply = APPLY[p.attribute]
        _step(skipped, name, _on_each, sheet, p.rects, unions,
              lambda rng, fn=apply, v=p.value: fn(rng, v))


def _conditional_formats(sheet: Any, layout: SheetLayout, unions: bool, skipped: list[str],
                         databars: Sequence[str] | None = None,
                         kategori: Sequence[str] | None = None) -> None:
    """Data bars and the kategori colours (over the layout's ranges, or the ones given)."""
    for rng in layout.databars if databars is None else databars:
        _step(skipped, "batang data", lambda r=rng: sheet.range(r).conditional_formats
              .add_data_bar(_colour(palette.DATABAR_COLOUR), minimum=0))
    kategori = layout.kategori_ranges if kategori is None else kategori
    if kategori:
        rects = [rect_of(r) for r in kategori]
        for label in layout.kategori_labels:
            colours = palette.kategori_colour(label, layout.kategori_labels)
            if colours is None:
                continue
            fill, font = colours
            literal = '="' + label.replace('"', '""') + '"'
            _step(skipped, "warna kategori", _on_each, sheet, rects, unions,
                  lambda rng, f=literal, fi=fill, fo=font: rng.conditional_formats
                  .add_cell_value("equal_to", f, fill_color=_colour(fi), font_color=_colour(fo)))


def _row_heights(sheet: Any, layout: SheetLayout) -> None:
    """Fit the rows, then give rows with wrapped text in merged cells their estimated height
    (Excel does not fit merged cells), one union of rows per height."""
    bottom = max((b.bottom for b in layout.blocks), default=0)
    if bottom:
        sheet.range(f"1:{bottom}").rows.autofit()
    merged_rows = {r for r1, _c1, r2, _c2 in map(rect_of, layout.merges)
                   for r in range(r1, r2 + 1)}
    by_height: dict[float, list[paint.Rect]] = {}
    for r, height in sorted(layout.heights.items()):
        if r not in merged_rows:
            continue  # AutoFit above sized it
        rects = by_height.setdefault(height, [])
        if rects and rects[-1][2] == r - 1:
            rects[-1] = (rects[-1][0], 1, r, 1)
        else:
            rects.append((r, 1, r, 1))
    for height, rects in by_height.items():
        for rows in paint.join(f"{a}:{b}" for a, _c, b, _d in rects):
            sheet.range(rows).row_height = height


# --- charts -----------------------------------------------------------------------------

_CHART_TYPES = {"bar": "bar_clustered", "column": "column_clustered", "line": "line_markers"}
POINTS_PER_ROW = 15.0
POINTS_PER_COLUMN = 48.0


def draw_charts(sheet: Any, layout: SheetLayout) -> list[str]:
    """The layout's charts (replacing the ones a previous click drew); where the engine
    has no charts nothing is drawn and the message says so."""
    specs = getattr(layout, "charts", None) or []
    with contextlib.suppress(Exception):  # an engine that cannot list charts has drawn none
        for chart in list(sheet.charts):
            if str(chart.name).startswith(CHART_PREFIX):
                chart.delete()
    skipped: list[str] = []
    for number, spec in enumerate(specs, start=1):
        _step(skipped, "grafik", _chart, sheet, spec, f"{CHART_PREFIX}{number}")
    return skipped


def _chart(sheet: Any, spec: ChartSpec, name: str) -> None:
    """One chart through xlwings: type, data, categories, title, series names and colours.
    Per-bar colours and the reference line are left to the file writer (xlwings has no
    API for them)."""
    series = [rect_of(rng) for _name, rng in spec.series]
    r1, c1, r2, c2 = series[0]
    last = max(c for _r1, _c1, _r2, c in series)
    if [s[1] for s in series] != list(range(c1, c1 + len(series))):
        series = series[:1]  # values not side by side: the first series only
        last = c1
    chart = sheet.charts.add(
        width=spec.width_cols * POINTS_PER_COLUMN, height=spec.height_rows * POINTS_PER_ROW,
        chart_type=_CHART_TYPES.get(spec.kind, "column_clustered"),
        source=sheet.range((r1, c1), (r2, last)), plot_by="columns", name=name,
        anchor=sheet.range(spec.anchor),
    )
    chart.set_x_axis_values(sheet.range(spec.categories))
    chart.title = spec.title
    with contextlib.suppress(Exception):  # series names and colours: where the engine can
        for (label, _rng), item in zip(spec.series, chart.series, strict=False):
            item.name = label
        if spec.point_colours is None:
            for item, colour in zip(chart.series, palette.SERIES_COLOURS, strict=False):
                item.fill_color = _colour(colour)


# --- links and panes --------------------------------------------------------------------


def _write_links(sheet: Any, layout: SheetLayout) -> None:
    """Clickable locations: each linked column of a block in one formula write.

    The cell shows the same text the CLI writes; the link is a HYPERLINK formula built
    from a sheet reference, with its quotes doubled, never from a raw input string.
    """
    for block in layout.blocks:
        first, last = block.header_row + 1, block.bottom
        cols = sorted({c for (r, c) in layout.links if first <= r <= last})
        for c in cols:
            j = c - block.left
            column = []
            for r in range(first, last + 1):
                row = block.values[r - block.top]
                value = row[j] if j < len(row) else None
                target = layout.links.get((r, c))
                if target:
                    shown = str(value if value not in (None, "") else target)
                    column.append(['=HYPERLINK("#' + target.replace('"', '""') + '","'
                                   + shown.replace('"', '""') + '")'])
                else:
                    out = excel_value(value)
                    column.append(["" if out is None else out])
            sheet.range(f"{col_letter(c)}{first}:{col_letter(c)}{last}").formula = column


def freeze(sheet: Any, row: int) -> None:
    """Keep rows above `row` in view: xlwings' freeze panes, else Excel's window (COM)."""
    try:
        sheet.freeze_panes.freeze_at(f"1:{row - 1}")
        return
    except (AttributeError, NotImplementedError):
        pass
    sheet.activate()  # Windows: panes belong to the window showing the active sheet
    window = sheet.book.app.api.ActiveWindow
    window.FreezePanes = False
    window.ScrollRow = 1
    window.SplitColumn = 0
    window.SplitRow = row - 1
    window.FreezePanes = True
