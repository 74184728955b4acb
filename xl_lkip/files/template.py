"""Build the template workbook (and workbooks filled with data) from the schema.

XlsxWriter, not openpyxl: it writes Tables with calculated columns in the long form
Excel stores (`tbl[[#This Row],[Target]]`), data validation, comments and cached formula
values, and it is fast. Every sheet, table, column, drop-down, name and formula comes from
core.schema; nothing here lists columns. The report sheets of the empty template are laid out
by the same pipeline as a regeneration (core.engine.run).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from ..core import schema
from ..core.errors import NilaiError
from ..core.grid import cell_ref, col_letter
from ..core.layout import NOTE_COLOUR, TITLE_COLOUR, PrintSetup
from ..core.schema import Kind

DEFAULT_SKALA = "110-90-60"
TEMPLATE_ROWS = 1  # an Excel Table needs one data row; users add rows with Tab
VALIDATION_EXTRA_ROWS = 1000
PAPER_A4 = 9

INPUT_FILL = "#FFFFFF"
COMPUTED_FILL = "#EEF3FA"  # computed cells: light blue, never typed
COMPUTED_HEADER_FILL = "#BDD7EE"
PETUNJUK_TAB = "#C9A227"

_MODE_NOTE = {
    "python": "Kolom berlatar biru dihitung oleh fungsi xl-lkip (CAPAIAN, KATEGORI, SERAPAN); "
              "perlu add-in xl-lkip.",
    "excel": "Kolom berlatar biru dihitung dengan fungsi bawaan Excel (tanpa add-in); angka "
             "harus diketik sebagai angka, target rentang seperti 80-90 tidak dihitung.",
}

# One worked example row per input sheet, shown on the Petunjuk sheet only (never read as
# data). Real values from the Boyolali 2020 LKjIP; computed columns are filled in by the core.
EXAMPLES: dict[str, dict[str, Any]] = {
    "skala": {"batas_bawah": 90, "batas_atas": 110, "label": "Baik", "kode": "B"},
    "renstra": {
        "tujuan": "Meningkatkan kemitraan pemerintah dan masyarakat", "kode_sasaran": "S1",
        "sasaran": "Masyarakat yang tertib dan aman", "kode_indikator": "IK-01",
        "indikator": "Persentase LSM yang mempunyai SKT", "satuan": "%",
        "polaritas": "positif", "gabung": "terakhir", "kondisi_awal": 92.68,
        "target_1": 93.90, "target_2": 96.34, "target_3": 97.56, "target_4": 98.78,
        "target_5": 100, "target_akhir": 100, "sifat_target_akhir": "akhir",
    },
    "pk": {
        "kode_sasaran": "S1", "sasaran": "Masyarakat yang tertib dan aman",
        "kode_indikator": "IK-01", "indikator": "Persentase LSM yang mempunyai SKT",
        "satuan": "%", "target_rkt": 98.78, "target": 98.78,
    },
    "pk_program": {
        "kode_program": "2.08", "program": "Program Kemitraan Pengembangan Wawasan Kebangsaan",
        "kode_sasaran": "S1", "anggaran": 185_000_000, "anggaran_perubahan": 160_400_000,
        "keterangan": "APBD",
    },
    "realisasi": {
        "kode_indikator": "IK-01", "indikator": "Persentase LSM yang mempunyai SKT",
        "satuan": "%", "polaritas": "positif", "target": 98.78, "tw1": 95.12, "tw2": 96.34,
        "tw3": 97.56, "tw4": 98.78, "realisasi": 98.78, "realisasi_n1": 97.56,
        "realisasi_n2": 96.34, "realisasi_n3": 93.90, "target_n1": 100,
        "penanggung_jawab": "Kasi Ketahanan Seni, Budaya dan Ekonomi",
    },
    "rencana_aksi": {
        "kode_indikator": "IK-01", "indikator": "Persentase LSM yang mempunyai SKT",
        "target_tahun": 98.78, "tw1": 95, "tw2": 96.5, "tw3": 97.5, "tw4": 98.78,
        "kegiatan": "Pendataan dan fasilitasi pendaftaran ormas",
        "penanggung_jawab": "Kasi Ketahanan Seni, Budaya dan Ekonomi",
    },
    "anggaran": {
        "kode": "2.08.01", "level": "Kegiatan", "uraian": "Fasilitasi pendaftaran ormas/LSM",
        "jenis_belanja": "Belanja Barang dan Jasa", "pagu_murni": 25_000_000,
        "pagu_perubahan": 22_500_000, "realisasi": 21_870_000, "kode_indikator": "IK-01",
        "kode_program": "2.08",
    },
}

_FILL_ORDER = (  # what each input sheet is for, in the order it is filled in
    (schema.IDENTITAS_SHEET, "nama instansi, tahun laporan, periode Renstra, penandatangan, "
                             "skala kategori dan rumus polaritas negatif"),
    ("skala", "batas tiap kategori capaian seperti tercetak di peraturan (boleh ada celah)"),
    ("renstra", "tujuan, sasaran, indikator dan target tiap tahun Renstra; kode indikator "
                "ditulis di sini sekali, lembar lain memilihnya dari daftar"),
    ("pk", "target tahun ini menurut Perjanjian Kinerja (dan PK Perubahan bila ada)"),
    ("pk_program", "program dan anggarannya menurut Perjanjian Kinerja"),
    ("realisasi", "realisasi tahun ini (dan triwulan), realisasi tahun-tahun sebelumnya"),
    ("rencana_aksi", "target per triwulan dan kegiatan pendukung"),
    ("anggaran", "pagu dan realisasi anggaran per program, kegiatan dan sub kegiatan"),
)


def long_form(formula: str, table: str) -> str:
    """`[@Target]` → `tbl[[#This Row],[Target]]`, the only form Excel accepts in the file."""

    def repl(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner.startswith("["):
            inner = inner[1:-1]
        return f"{table}[[#This Row],[{inner}]]"

    return re.sub(r"\[@(\[[^\]]+\]|[^\[\]]+)\]", repl, formula)


def column_formula(col: schema.Column, rumus: str) -> str | None:
    """The formula a computed column holds in the given Mode Rumus ("python" or "excel")."""
    if rumus == "excel" and col.native_formula:
        return col.native_formula
    return col.formula


def _skala_choices() -> list[str]:
    from ..core.skala import daftar_preset

    return [*daftar_preset(), "Kustom"]


def _default_skala_rows(name: str) -> list[tuple[Any, ...]]:
    from ..core.skala import Skala

    return [tuple(r) for r in Skala.preset(name).baris()]


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": f"#{TITLE_COLOUR}"})
        self.heading = wb.add_format({"bold": True, "font_size": 12,
                                      "font_color": f"#{TITLE_COLOUR}"})
        self.note = wb.add_format({"italic": True, "font_color": f"#{NOTE_COLOUR}"})
        self.link = wb.add_format({"italic": True, "font_color": "#0563C1", "underline": 1})
        self.plain = wb.add_format({"valign": "top"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.code = wb.add_format({"num_format": "@", "valign": "top"})
        self.by_kind = {
            kind: wb.add_format({"num_format": fmt, "valign": "top"})
            for kind, fmt in schema.NUMBER_FORMATS.items()
        }
        self.computed = wb.add_format({"bg_color": COMPUTED_FILL, "num_format": "#,##0.00",
                                       "valign": "top"})
        self.computed_text = wb.add_format({"bg_color": COMPUTED_FILL, "valign": "top"})
        self.computed_header = wb.add_format({"bold": True, "italic": True, "text_wrap": True,
                                              "bg_color": COMPUTED_HEADER_FILL, "border": 1,
                                              "valign": "top"})
        self.header = wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                     "bg_color": "#4472C4", "font_color": "#FFFFFF",
                                     "border": 1})
        self.label = wb.add_format({"bold": True, "valign": "top"})
        self.swatch_input = wb.add_format({"bg_color": INPUT_FILL, "border": 1})
        self.swatch_computed = wb.add_format({"bg_color": COMPUTED_FILL, "border": 1})
        self.swatch_report = wb.add_format({"bg_color": f"#{TITLE_COLOUR}", "border": 1})
        self.example = wb.add_format({"text_wrap": True, "valign": "top", "border": 1,
                                      "num_format": "#,##0.##"})
        self.example_computed = wb.add_format({"text_wrap": True, "valign": "top", "border": 1,
                                               "bg_color": COMPUTED_FILL, "num_format": "#,##0.00"})

    def for_column(self, col: schema.Column) -> Any:
        if col.computed:
            return self.computed if col.kind in schema.NUMERIC_KINDS else self.computed_text
        if col.kind is Kind.CODE:
            return self.code
        if col.kind in self.by_kind:
            return self.by_kind[col.kind]
        return self.text


def _cell_value(col: schema.Column, value: Any) -> Any:
    """What to put in a cell: numbers stay numbers, anything else is text (never a formula)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    return str(value)


def _height(texts: Sequence[tuple[str, float]]) -> float:
    """Row height that shows every (text, column width) wrapped in full (15 points a line)."""
    lines = max((math.ceil(len(t) * 1.15 / max(w - 1, 1)) for t, w in texts), default=1)
    return 15.0 * max(1, lines)


def _print_setup(ws: Any, header_row: int | None) -> None:
    """A4 landscape, fit to the page width, the table header repeated on every page."""
    setup = PrintSetup(repeat_rows=(header_row, header_row) if header_row else None)
    if setup.landscape:
        ws.set_landscape()
    ws.set_paper(PAPER_A4)
    if setup.fit_width:
        ws.fit_to_pages(1, 0)
    if setup.repeat_rows:
        ws.repeat_rows(setup.repeat_rows[0] - 1, setup.repeat_rows[1] - 1)
    ws.set_footer(f"&C{setup.footer}")


def build_workbook(
    path: str | Path,
    identitas: Mapping[str, Any] | None = None,
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    cached: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    extra: Any = None,
    rumus: str | None = None,
) -> Path:
    """Write the template, optionally filled.

    `rows[table_key]` is a list of records keyed by column key. A computed column whose
    record holds a value gets that value typed in place of the formula (as staff do);
    otherwise it gets the schema formula of the Mode Rumus `rumus` ("python": the xl-lkip
    functions, the default; "excel": plain Excel functions), with `cached[table_key][i][key]`
    as its cached result when given (without one, Excel and LibreOffice compute it on
    opening). `extra(workbook)` may add more (tests add charts, images and a VBA project)
    before the file is closed.
    """
    path = Path(path)
    identitas = dict(identitas or {})
    identitas.setdefault("skala", DEFAULT_SKALA)
    rumus = rumus or identitas.get("mode_rumus") or schema.MODE_RUMUS[0]
    if rumus not in schema.MODE_RUMUS:
        raise ValueError(f"mode rumus {rumus!r} tidak dikenal; pilih {', '.join(schema.MODE_RUMUS)}")
    identitas["mode_rumus"] = rumus
    rows = dict(rows or {})
    cached = dict(cached or {})
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "Templat LKjIP xl-lkip", "company": "xl-lkip",
                       "created": datetime.datetime(2026, 1, 1)})
    fm = _Formats(wb)
    skala_name = identitas.get("skala") or DEFAULT_SKALA
    example_rows = _write_petunjuk(wb, fm, rumus, skala_name, identitas.get("rumus_negatif"))
    _write_identitas(wb, fm, identitas)
    for spec in schema.INPUT_TABLES:
        records = list(rows.get(spec.key) or [])
        if spec is schema.SKALA and not records:
            preset = skala_name if skala_name in _skala_choices()[:-1] else DEFAULT_SKALA
            records = [dict(zip(spec.keys, r, strict=False)) for r in _default_skala_rows(preset)]
        _write_table(wb, fm, spec, records, list(cached.get(spec.key) or []), rumus,
                     example_rows.get(spec.key))
    for report in schema.REPORTS:
        ws = wb.add_worksheet(report.sheet)
        ws.write(0, 0, report.title, fm.title)
        ws.write(1, 0, "Lembar laporan: diisi ulang oleh tombol Perbarui Laporan atau perintah "
                       "xl-lkip perbarui. Jangan mengetik di lembar ini.", fm.note)
        ws.set_tab_color(f"#{TITLE_COLOUR}")
        ws.set_column(0, 0, 6)
        _print_setup(ws, None)
    for name, ref in schema.defined_names().items():
        wb.define_name(name, ref)
    if extra is not None:
        extra(wb)
    wb.close()
    return path


def build_template(path: str | Path, rumus: str = "python") -> Path:
    """The empty template, its report sheets laid out by the regeneration pipeline itself.

    `rumus` is the Mode Rumus of the computed columns: "python" (xl-lkip functions) or
    "excel" (plain Excel functions, for computers without the add-in).
    """
    from ..core.engine import run
    from .package import Package
    from .xlsx import write_reports
    from .xlsx_read import read_grids

    path = Path(path)
    build_workbook(path, rumus=rumus)
    with Package(path) as pkg:
        hasil = run(read_grids(pkg), path.name)
    return write_reports(path, path, hasil.layouts)


def _write_identitas(wb: xlsxwriter.Workbook, fm: _Formats, identitas: Mapping[str, Any]) -> None:
    ws = wb.add_worksheet(schema.IDENTITAS_SHEET)
    ws.write(0, 0, "Identitas Laporan Kinerja", fm.title)
    ws.write_url(1, 0, f"internal:'{schema.PETUNJUK_SHEET}'!A1", fm.link,
                 "Isi kolom Nilai; lembar lain memakai isian ini. Petunjuk: lembar Petunjuk.")
    first = schema.HEADER_ROW  # 0-based index of the first data row
    n = len(schema.IDENTITAS)
    ws.add_table(schema.HEADER_ROW - 1, 0, schema.HEADER_ROW - 1 + n, 1, {
        "name": schema.IDENTITAS_TABLE,
        "style": "Table Style Light 9",
        "columns": [{"header": "Keterangan"}, {"header": "Nilai"}],
    })
    for i, f in enumerate(schema.IDENTITAS):
        r = first + i
        ws.write_string(r, 0, f.label, fm.label)
        value = identitas.get(f.key, f.default)
        fmt = fm.code if f.kind in (Kind.CODE, Kind.TEXT) else fm.by_kind.get(f.kind, fm.text)
        if value is None:
            ws.write_blank(r, 1, None, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(r, 1, value, fmt)
        else:
            ws.write_string(r, 1, str(value), fmt)
        choices = _skala_choices() if f.key == "skala" else list(f.choices)
        options: dict[str, Any] = {"input_title": f.label[:32], "input_message": f.note[:255]} \
            if f.note else {}
        if choices:
            options.update({"validate": "list", "source": choices, "error_type": "warning",
                            "error_title": "Pilihan tidak dikenal",
                            "error_message": "Pilih salah satu: " + ", ".join(choices)})
            ws.data_validation(r, 1, r, 1, options)
        elif f.kind is Kind.YEAR:
            options.update({"validate": "integer", "criteria": "between", "minimum": 1900,
                            "maximum": 2200, "error_type": "stop",
                            "error_title": "Tahun tidak sah",
                            "error_message": "Isi tahun empat angka, misalnya 2020."})
            ws.data_validation(r, 1, r, 1, options)
        elif options:
            ws.data_validation(r, 1, r, 1, {"validate": "any", **options})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 60)
    _print_setup(ws, schema.HEADER_ROW)
    ws.set_portrait()


def _write_table(wb: xlsxwriter.Workbook, fm: _Formats, spec: schema.Table,
                 records: list[Mapping[str, Any]], cached: list[Mapping[str, Any]], rumus: str,
                 example_row: int | None) -> None:
    ws = wb.add_worksheet(spec.sheet)
    ws.write(0, 0, spec.title, fm.title)
    note = "Tambah baris dengan Tab di sel terakhir tabel."
    if any(col.computed for col in spec.columns):
        note += " " + _MODE_NOTE[rumus]
    if example_row is not None:
        ws.write_url(1, 0, f"internal:'{schema.PETUNJUK_SHEET}'!A{example_row}", fm.link,
                     note + " Contoh pengisian: lembar Petunjuk.",
                     "Buka contoh pengisian lembar ini")
    else:
        ws.write(1, 0, note, fm.note)
    n = max(len(records), TEMPLATE_ROWS)
    top = schema.HEADER_ROW - 1
    columns = []
    for col in spec.columns:
        entry: dict[str, Any] = {"header": col.header, "format": fm.for_column(col),
                                 "header_format": fm.computed_header if col.computed
                                 else fm.header}
        formula = column_formula(col, rumus)
        if formula:
            entry["formula"] = long_form(formula, spec.name)
        columns.append(entry)
    ws.add_table(top, 0, top + n, len(spec.columns) - 1, {
        "name": spec.name, "style": "Table Style Medium 2", "columns": columns,
    })
    ws.set_row(top, _height([(col.header, col.width) for col in spec.columns]))
    for c, col in enumerate(spec.columns):
        ws.set_column(c, c, col.width, fm.for_column(col))
        if col.computed:
            for r in range(top):  # the computed colour starts at the table, not above it
                ws.write_blank(r, c, None, fm.plain)
            ws.write_comment(top, c, _computed_note(col, rumus),
                             {"x_scale": 2.2, "y_scale": 1.6, "author": "xl-lkip"})
    for i, rec in enumerate(records):
        r = top + 1 + i
        texts = [(v, col.width) for col in spec.columns
                 if isinstance(v := rec.get(col.key), str) and len(v) > col.width - 2]
        if texts:  # wrapped text: LibreOffice keeps the stored height, so store a fitting one
            ws.set_row(r, _height(texts))
        for c, col in enumerate(spec.columns):
            value = _cell_value(col, rec.get(col.key))
            fmt = fm.for_column(col)
            if col.computed and value is None:
                result = (cached[i].get(col.key) if i < len(cached) else None)
                ws.write_formula(r, c, long_form(column_formula(col, rumus) or "", spec.name),
                                 fmt, "" if result is None else result)
                continue
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, fmt)
            else:
                ws.write_number(r, c, value, fmt)
    if not records:
        # the one empty row: formulas without a cached result, no silent 0
        for c, col in enumerate(spec.columns):
            if col.computed:
                ws.write_formula(top + 1, c, long_form(column_formula(col, rumus) or "",
                                                       spec.name), fm.for_column(col), "")
    _validations(ws, spec, top + 1, top + n + VALIDATION_EXTRA_ROWS)
    ws.freeze_panes(schema.HEADER_ROW, 0)
    _print_setup(ws, schema.HEADER_ROW)


def _computed_note(col: schema.Column, rumus: str) -> str:
    """The header note of a computed column: what computes it, how to put the formula back."""
    formula = column_formula(col, rumus) or ""
    how = "fungsi bawaan Excel" if formula == col.native_formula else "fungsi xl-lkip (add-in)"
    typed = f" (atau ketik {formula})" if len(formula) <= 120 else ""
    return (f"{col.header}: DIHITUNG OTOMATIS dengan {how}; jangan diketik.\n"
            "Memulihkan rumus yang terhapus: klik satu sel kolom ini yang masih berumus, tekan "
            f"Ctrl+Spasi (memilih seluruh kolom tabel), lalu F2{typed}, lalu Ctrl+Enter.")


def _code_list(spec: schema.Table, col: schema.Column) -> str | None:
    """The defined name feeding this code column's drop-down (not in the table defining it)."""
    name = schema.CODE_LISTS.get(col.key)
    if name is None or schema.DEFINED_NAMES[name].startswith(f"{spec.name}["):
        return None
    return name


def _validations(ws: Any, spec: schema.Table, first: int, last: int) -> None:
    for c, col in enumerate(spec.columns):
        if col.computed:
            continue
        options: dict[str, Any] = {}
        if col.note:
            options.update({"input_title": col.header[:32], "input_message": col.note[:255]})
        code_list = _code_list(spec, col)
        if col.choices:
            options.update({"validate": "list", "source": list(col.choices),
                            "error_type": "warning", "error_title": "Pilihan tidak dikenal",
                            "error_message": f"{col.header}: pilih salah satu dari daftar."})
        elif code_list:
            source = schema.DEFINED_NAMES[code_list].split("[")[0]
            sheet = next((t.sheet for t in schema.INPUT_TABLES if t.name == source), source)
            options.setdefault("input_title", col.header[:32])
            options.setdefault("input_message", f"Pilih dari daftar; kode ditulis sekali di "
                                                f"lembar {sheet}.")
            options.update({"validate": "list", "source": f"={code_list}",
                            "error_type": "warning", "error_title": "Kode tidak dikenal",
                            "error_message": f"{col.header} ini belum ada di lembar {sheet}. "
                                             "Tambahkan dulu di sana, atau pilih dari daftar."})
        elif col.kind in (Kind.MONEY, Kind.NUMBER, Kind.PERCENT):
            options.update({"validate": "decimal", "criteria": "between",
                            "minimum": -1e15, "maximum": 1e15, "error_type": "warning",
                            "error_title": "Bukan angka",
                            "error_message": f"{col.header} harus berisi angka, misalnya "
                                             "1.234.567,89. Teks tidak ikut dihitung."})
        elif col.kind is Kind.TARGET:
            options.setdefault("input_title", col.header[:32])
            options.setdefault("input_message", "Angka, atau rentang seperti 80-90")
            options["validate"] = "any"
        elif options:
            options["validate"] = "any"
        if options:
            ws.data_validation(first, c, last, c, options)


# --- the Petunjuk sheet ----------------------------------------------------------------------


def _sheet_of(key: str) -> str:
    return schema.TABLES_BY_KEY[key].sheet if key in schema.TABLES_BY_KEY else key


def example_records(skala_name: str = DEFAULT_SKALA,
                    rumus_negatif: object = None) -> dict[str, dict[str, Any]]:
    """EXAMPLES with their computed columns filled in by the core, keyed like the schema."""
    from ..core.skala import Skala

    try:
        skala = Skala.preset(skala_name)
    except NilaiError:
        skala = Skala.preset(DEFAULT_SKALA)
    out: dict[str, dict[str, Any]] = {}
    for spec in schema.INPUT_TABLES:
        rec = {k: v for k, v in EXAMPLES.get(spec.key, {}).items() if k in spec.keys}
        for key, value in computed_cache(spec.key, [rec], skala, rumus_negatif)[0].items():
            rec[key] = value
        out[spec.key] = rec
    return out


EXAMPLE_COLUMNS_PER_LINE = 7  # a wide table's example wraps, so Petunjuk prints on A4
EXAMPLE_WIDTH = 18


def _write_petunjuk(wb: xlsxwriter.Workbook, fm: _Formats, rumus: str, skala_name: str,
                    rumus_negatif: object) -> dict[str, int]:
    """Write the Petunjuk sheet; return the 1-based row of each input sheet's example."""
    ws = wb.add_worksheet(schema.PETUNJUK_SHEET)
    ws.set_tab_color(PETUNJUK_TAB)
    ws.set_column(0, 0, 4)
    ws.set_column(1, EXAMPLE_COLUMNS_PER_LINE, EXAMPLE_WIDTH)
    ws.write(0, 0, "Petunjuk Pengisian Templat LKjIP", fm.title)
    ws.write(1, 0, "Lembar ini hanya petunjuk: isinya tidak pernah dibaca sebagai data.", fm.note)
    r = 3

    def lines(*texts: str, heading: str | None = None) -> None:
        nonlocal r
        if heading:
            ws.write(r, 0, heading, fm.heading)
            r += 1
        for text in texts:
            ws.write(r, 1, text, fm.plain)
            r += 1
        r += 1

    ws.write(r, 0, "1. Urutan pengisian", fm.heading)
    r += 1
    for no, (key, what) in enumerate(_FILL_ORDER, start=1):
        sheet = _sheet_of(key)
        ws.write(r, 0, f"{no}.", fm.plain)
        ws.write_url(r, 1, f"internal:'{sheet}'!A1", fm.link, sheet)
        ws.write(r, 2, what, fm.plain)
        r += 1
    lines("Tambah baris tabel dengan Tab di sel terakhir tabel.",
          "Kode sasaran, indikator dan program ditulis sekali (Renstra, PK Program); lembar lain "
          "memilihnya dari daftar.",
          "Di PK, Realisasi dan Rencana Aksi, Indikator dan Satuan boleh dikosongkan: diambil "
          "dari Renstra menurut kodenya.",
          "Polaritas di Realisasi juga boleh dikosongkan: rumus Capaian dan laporan memakai "
          "polaritas indikator itu di Renstra.")
    ws.write(r, 0, "2. Arti warna", fm.heading)
    r += 1
    for fmt, text in (
        (fm.swatch_input, "Sel putih di tabel: diisi oleh Anda."),
        (fm.swatch_computed, "Sel biru muda, judul kolom biru muda bercatatan: dihitung "
                             "otomatis, jangan diketik."),
        (fm.swatch_report, "Tab biru tua (Tabel …, Pemeriksaan): lembar laporan, ditulis ulang "
                           "setiap kali laporan diperbarui."),
    ):
        ws.write_blank(r, 1, None, fmt)
        ws.write(r, 2, text, fm.plain)
        r += 1
    lines("Catatan pada judul kolom biru muda menjelaskan cara memulihkan rumus yang terhapus.")
    other = "python" if rumus == "excel" else "excel"
    lines("Dengan add-in xl-lkip di Excel: tekan tombol Perbarui Laporan.",
          "Di baris perintah: xl-lkip perbarui BUKU.xlsx  (hanya memeriksa: xl-lkip periksa "
          "BUKU.xlsx).",
          "Mode Rumus (lembar Identitas): python = fungsi xl-lkip, perlu add-in;",
          "    excel = fungsi bawaan Excel, dihitung di Excel mana pun dan LibreOffice.",
          f"Templat ini memakai Mode Rumus {rumus}; templat mode {other}: "
          f"xl-lkip templat --rumus {other} BUKU.xlsx",
          heading="3. Memperbarui laporan")
    lines("Setelah laporan diperbarui, lembar Pemeriksaan mendaftar setiap kesalahan, peringatan dan catatan "
          "beserta selnya;",
          "klik lokasinya untuk menuju sel itu. Baris perintah mencetak ringkasan yang sama.",
          "Di templat yang belum diisi, Pemeriksaan mendaftar isian wajib yang masih kosong.",
          heading="4. Temuan pemeriksaan")
    ws.write(r, 0, "5. Contoh pengisian: satu baris per lembar, hanya contoh (tidak dihitung)",
             fm.heading)
    r += 1
    rows: dict[str, int] = {}
    examples = example_records(skala_name, rumus_negatif)
    for key, _what in _FILL_ORDER:
        if key not in schema.TABLES_BY_KEY:
            continue
        spec = schema.TABLES_BY_KEY[key]
        rows[key] = r + 1
        ws.write_url(r, 1, f"internal:'{spec.sheet}'!A1", fm.link, f"Lembar {spec.sheet}")
        r += 1
        rec = examples[key]
        for start in range(0, len(spec.columns), EXAMPLE_COLUMNS_PER_LINE):
            chunk = spec.columns[start:start + EXAMPLE_COLUMNS_PER_LINE]
            ws.set_row(r, _height([(col.header, EXAMPLE_WIDTH) for col in chunk]))
            ws.set_row(r + 1, _height([(str(rec.get(col.key) or ""), EXAMPLE_WIDTH)
                                       for col in chunk]))
            for c, col in enumerate(chunk):
                ws.write(r, 1 + c, col.header, fm.computed_header if col.computed else fm.header)
                value = _cell_value(col, rec.get(col.key))
                fmt = fm.example_computed if col.computed else fm.example
                if value is None:
                    ws.write_blank(r + 1, 1 + c, None, fmt)
                else:
                    ws.write(r + 1, 1 + c, value, fmt)
            r += 2
        r += 1
    _print_setup(ws, None)
    ws.set_portrait()
    return rows


def column_range(spec: schema.Table, key: str, first_row: int, last_row: int) -> str:
    c = spec.keys.index(key) + 1
    return f"{cell_ref(first_row, c)}:{col_letter(c)}{last_row}"


def computed_cache(spec_key: str, records: Sequence[Mapping[str, Any]], skala: Any,
                   rumus: str | None, renstra: Sequence[Mapping[str, Any]] = ()
                   ) -> list[dict[str, Any]]:
    """Cached results for computed cells, so a file opened anywhere shows real numbers.

    A blank polaritas is Renstra's by Kode Indikator (`renstra`: its records), as the
    template's Capaian formula takes it.
    """
    from ..core.angka import is_blank
    from ..core.arithmetic import capaian, serapan

    dari_renstra = {str(r.get("kode_indikator")).strip().casefold(): r.get("polaritas")
                    for r in renstra if not is_blank(r.get("kode_indikator"))}
    out: list[dict[str, Any]] = []
    for rec in records:
        row: dict[str, Any] = {}
        try:
            if spec_key == "realisasi":
                pol = rec.get("polaritas")
                if is_blank(pol):
                    pol = dari_renstra.get(str(rec.get("kode_indikator")).strip().casefold())
                cap = capaian(rec.get("target"), rec.get("realisasi"), pol, rumus)
                row["capaian"] = cap
                if skala is not None:
                    row["kategori"] = skala.kategori(cap).label
            elif spec_key == "anggaran":
                pagu = rec.get("pagu_perubahan")
                pagu = rec.get("pagu_murni") if pagu is None else pagu
                row["serapan"] = serapan(pagu, rec.get("realisasi"))
        except NilaiError as exc:
            for col in schema.TABLES_BY_KEY[spec_key].columns:
                if col.computed and col.key not in row:
                    row[col.key] = exc.kode
        out.append(row)
    return out
