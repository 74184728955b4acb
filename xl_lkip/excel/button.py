"""The "Perbarui Laporan" ribbon button: regenerate the report sheets of the active workbook.

It runs the engine the CLI runs (core.engine.run) on grids read in bulk from the open
workbook, then writes each report table with one range write and formats every sheet
with a number of calls that does not depend on the number of rows, because each call
through COM (or each action of the remote engine) costs more than the data it carries.
Every outcome, good or bad, ends in a message box in Bahasa Indonesia; nothing escapes
as a traceback.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.errors import LkipError
from ..core.grid import col_letter
from ..core.layout import LEVEL_COLOURS, Block, SheetLayout
from ..core.reader import sheets_to_read
from .grids import find_sheet, read_grids

JUDUL = "xl-lkip: Perbarui Laporan"

# Number formats per report column kind (as files/xlsx_write.py writes them).
NUMBER_FORMATS = {"money": "#,##0.00", "percent": "#,##0.00", "int": "0", "number": "General"}
HEADER_FILL = "#D9E1F2"
TOTAL_FILL = "#F2F2F2"
BORDER_COLOUR = "#BFBFBF"
TITLE_COLOUR = "#1F4E79"
DATABAR_COLOUR = "#5B9BD5"
_WRAPPED = {"text"}
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TombolError(LkipError):
    """A failure the user can fix; `pesan` says what and where."""


# --- entry point ------------------------------------------------------------------------


def main(book: Any = None) -> None:
    """What the ribbon button runs; never raises, always ends in a message box.

    `book` is for callers that already hold the workbook (tests, scripts); the ribbon
    passes nothing and the workbook is found from xlwings' caller.
    """
    target: Any = book
    try:
        caller = book if book is not None else _caller()
        target = caller
        target = target_book(caller)
        pesan = perbarui(target)
    except LkipError as exc:
        _alert(target, exc.pesan, "critical")
    except MemoryError:
        _alert(target, "Buku kerja terlalu besar untuk diproses di komputer ini. Tutup program "
                       "lain lalu tekan Perbarui Laporan lagi.", "critical")
    except Exception as exc:
        _alert(target, _tak_terduga(exc), "critical")
    else:
        _alert(target, pesan, "info")


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


def _alert(book: Any, pesan: str, mode: str) -> None:
    """Show the message box; if even that fails, there is nothing left to tell the user with."""
    if book is None:
        return
    with contextlib.suppress(Exception):
        book.app.alert(pesan, title=JUDUL, buttons="ok", mode=mode)


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
    hasil = run(grids, str(book.name), lambda data: _tahun_lalu(book, data))
    skipped = tulis_laporan(book, hasil.layouts)
    n_tabel = sum(len(layout.blocks) - 1 for layout in hasil.layouts[:-1])
    pesan = ringkasan(n_tabel, len(hasil.layouts), hasil.n_galat, hasil.n_peringatan)
    if not formulas_known:
        pesan += ("\nExcel ini tidak memberikan teks rumus, jadi kolom hitungan dianggap masih "
                  "berisi rumus templat; nilainya tetap diperiksa.")
    if skipped:
        pesan += ("\nNilai tabel lengkap, tetapi sebagian format tidak dapat diterapkan di "
                  "Excel ini: " + ", ".join(dict.fromkeys(skipped)) + ".")
    return pesan


def ringkasan(n_tabel: int, n_lembar: int, n_galat: int, n_peringatan: int) -> str:
    """The closing message: what was regenerated and what the checks found."""
    head = f"Laporan diperbarui: {n_tabel} tabel di {n_lembar} lembar."
    if n_galat or n_peringatan:
        return (f"{head}\nPemeriksaan menemukan {n_galat} galat dan {n_peringatan} peringatan. "
                "Buka lembar Pemeriksaan: kolom Lokasi menunjukkan sel yang harus diperbaiki.")
    return f"{head}\nPemeriksaan: 0 galat, 0 peringatan. Semua pemeriksaan lolos."


def _tahun_lalu(book: Any, data: Any) -> Any:
    """Last year's model, found as the CLI finds it (Identitas 'Berkas Tahun Lalu')."""
    link = data.identitas.get("berkas_tahun_lalu")
    if not link:
        return None
    from ..files.service import _tahun_lalu as cari

    try:
        here = Path(str(book.fullname))
    except Exception:
        here = Path(str(book.name))
    if not Path(str(link)).is_absolute() and not here.is_absolute():
        raise TombolError("Identitas 'Berkas Tahun Lalu' menunjuk berkas relatif, tetapi buku "
                          "kerja ini belum disimpan. Simpan berkas di folder yang sama dengan "
                          "berkas tahun lalu, atau tulis lokasi lengkapnya, lalu tekan Perbarui "
                          "Laporan lagi.")
    return cari(here, None, link)


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
    text = _BAD_TEXT.sub("", str(value))
    return "'" + text if text else None


def block_values(block: Block) -> list[list[Any]]:
    width = block.width
    return [[excel_value(v) for v in row] + [None] * (width - len(row)) for row in block.values]


@contextlib.contextmanager
def paused(app: Any) -> Iterator[None]:
    """Screen updating, automatic calculation and events off; restored even on failure.

    Each setting is guarded: the remote engine cannot read screen updating (it only
    suspends it until its next sync) and may not know the calculation mode.
    """
    restore: list[tuple[str, Any]] = []
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


def tulis_laporan(book: Any, layouts: list[SheetLayout]) -> list[str]:
    """Write every layout into its sheet; returns the format steps this engine could not do."""
    skipped: list[str] = []
    app = book.app
    try:
        was_active = book.sheets.active
    except Exception:
        was_active = None
    with paused(app):
        for layout in layouts:
            try:
                sheet = find_sheet(book, layout.sheet)
                if sheet is None:
                    sheet = book.sheets.add(layout.sheet, after=book.sheets[-1])
                sheet.clear()
                for block in layout.blocks:
                    sheet.range(block.address).value = block_values(block)
            except Exception as exc:
                raise TombolError(
                    f"Lembar {layout.sheet!r} tidak dapat ditulis ({type(exc).__name__}: "
                    f"{str(exc)[:200]}). Pastikan lembar itu tidak diproteksi (Tinjau > Buka "
                    "Proteksi Lembar / Review > Unprotect Sheet) dan buku kerja tidak dibuka "
                    "baca-saja, lalu tekan Perbarui Laporan lagi. Lembar laporan lain mungkin "
                    "baru sebagian diperbarui; lembar masukan tidak diubah.") from None
            skipped += format_sheet(sheet, layout)
        if was_active is not None:
            with contextlib.suppress(Exception):
                was_active.activate()
    return skipped


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


def _base(style: str) -> str:
    return style.partition("+")[0]


def _rows_with(block: Block, base: str) -> list[int]:
    return [block.top + i for i, row in enumerate(block.styles)
            if row and all(_base(s) == base for s in row)]


def column_kinds(block: Block) -> list[str]:
    """Each data column's kind: its first numeric-looking style, else its first style."""
    first = block.header_row - block.top + 1
    kinds: list[str] = []
    for j in range(block.width):
        styles = [_base(row[j]) for row in block.styles[first:] if j < len(row)]
        kind = next((s for s in styles if s in NUMBER_FORMATS or s == "kategori"), None)
        kinds.append(kind or (styles[0] if styles else "text"))
    return kinds


def format_sheet(sheet: Any, layout: SheetLayout) -> list[str]:
    """Formats of one report sheet in a fixed number of calls per table."""
    skipped: list[str] = []
    engine = _engine(sheet)

    def widths() -> None:
        j = 0
        while j < len(layout.widths):
            k = j
            while k + 1 < len(layout.widths) and layout.widths[k + 1] == layout.widths[j]:
                k += 1
            sheet.range(f"{col_letter(j + 1)}:{col_letter(k + 1)}").column_width = \
                column_width(engine, layout.widths[j])
            j = k + 1

    _step(skipped, "lebar kolom", widths)
    for merge in layout.merges:
        _step(skipped, "gabung sel judul", lambda m=merge: sheet.range(m).merge())
    for block in layout.blocks:
        _format_block(sheet, block, skipped)
    for rng in layout.databars:
        _step(skipped, "batang data", lambda r=rng: sheet.range(r).conditional_formats
              .add_data_bar(DATABAR_COLOUR, minimum=0))
    labels = layout.kategori_labels
    for rng in layout.kategori_ranges:
        for k, label in enumerate(labels):
            fill, font = LEVEL_COLOURS[min(k, len(LEVEL_COLOURS) - 1)]
            if k == len(labels) - 1 and k > 0:
                fill, font = LEVEL_COLOURS[-1]
            literal = '="' + label.replace('"', '""') + '"'
            _step(skipped, "warna kategori",
                  lambda r=rng, f=literal, fi=fill, fo=font: sheet.range(r).conditional_formats
                  .add_cell_value("equal_to", f, fill_color="#" + fi, font_color="#" + fo))
    if layout.links:
        _step(skipped, "tautan lokasi", _write_links, sheet, layout)
    if layout.freeze_row and layout.freeze_row > 1:
        _step(skipped, "bekukan baris judul", freeze, sheet, layout.freeze_row)
    return skipped


def _format_block(sheet: Any, block: Block, skipped: list[str]) -> None:
    right = col_letter(block.left + block.width - 1)
    left = col_letter(block.left)

    def row_range(r: int) -> Any:
        return sheet.range(f"{left}{r}:{right}{r}")

    for r in _rows_with(block, "title"):
        _step(skipped, "judul", _font, row_range(r), True, False, 14, TITLE_COLOUR)
    for r in _rows_with(block, "subtitle"):
        _step(skipped, "subjudul", _font, row_range(r), False, True, None, "#595959")
    for r in _rows_with(block, "table_title"):
        _step(skipped, "judul tabel", _font, row_range(r), True, False, 12, None)
    if block.header_row < block.top:
        return
    header = row_range(block.header_row)
    _step(skipped, "baris judul kolom", _header, header)
    _step(skipped, "rata tengah judul kolom", setattr, header, "horizontal_alignment", "center")
    first, last = block.header_row + 1, block.bottom
    body = sheet.range(f"{left}{block.header_row}:{right}{last}")
    _step(skipped, "garis tabel", lambda: body.borders.set(
        "all", line_style="continuous", weight="thin", color=BORDER_COLOUR))
    if last < first:
        return
    for j, kind in enumerate(column_kinds(block)):
        col = col_letter(block.left + j)
        rng = sheet.range(f"{col}{first}:{col}{last}")
        if kind in NUMBER_FORMATS:
            _step(skipped, "format angka", setattr, rng, "number_format", NUMBER_FORMATS[kind])
        elif kind == "kategori":
            _step(skipped, "kolom kategori", _font, rng, True, False, None, None)
        if kind in _WRAPPED:
            _step(skipped, "lipat teks", setattr, rng, "wrap_text", True)
    if _engine(sheet) != "remote":  # Office.js sizes rows itself; COM needs one AutoFit per table
        _step(skipped, "tinggi baris", lambda: body.rows.autofit())
    # Total rows: one or two per table, so their count does not grow with the data.
    for i, styles in enumerate(block.styles):
        if styles and all(s.endswith("+total") for s in styles):
            r = block.top + i
            _step(skipped, "baris jumlah", _font, row_range(r), True, False, None, None)
            _step(skipped, "baris jumlah", setattr, row_range(r), "color", TOTAL_FILL)


def _font(rng: Any, bold: bool, italic: bool, size: float | None, colour: str | None) -> None:
    font = rng.font
    if bold:
        font.bold = True
    if italic:
        font.italic = True
    if size:
        font.size = size
    if colour:
        font.color = colour


def _header(rng: Any) -> None:
    rng.font.bold = True
    rng.color = HEADER_FILL
    rng.wrap_text = True


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
