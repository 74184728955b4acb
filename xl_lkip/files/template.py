"""Build the template workbook (and workbooks filled with data) from the schema.

XlsxWriter, not openpyxl: it writes Tables with calculated columns in the long form
Excel stores (`tbl[[#This Row],[Target]]`), data validation, and cached formula values,
and it is fast. Every sheet, table, column, drop-down and formula comes from
core.schema; nothing here lists columns.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from ..core import schema
from ..core.errors import NilaiError
from ..core.grid import cell_ref, col_letter
from ..core.schema import Kind

DEFAULT_SKALA = "110-90-60"
TEMPLATE_ROWS = 1  # an Excel Table needs one data row; users add rows with Tab
VALIDATION_EXTRA_ROWS = 1000

_THIS_ROW = re.compile(r"\[@(\[[^\]]+\]|[^\[\]]+)\]|\[@\[")


def long_form(formula: str, table: str) -> str:
    """`[@Target]` → `tbl[[#This Row],[Target]]`, the only form Excel accepts in the file."""

    def repl(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner.startswith("["):
            inner = inner[1:-1]
        return f"{table}[[#This Row],[{inner}]]"

    return re.sub(r"\[@(\[[^\]]+\]|[^\[\]]+)\]", repl, formula)


def _skala_choices() -> list[str]:
    from ..core.skala import daftar_preset

    return [*daftar_preset(), "Kustom"]


def _default_skala_rows(name: str) -> list[tuple[Any, ...]]:
    from ..core.skala import Skala

    return [tuple(r) for r in Skala.preset(name).baris()]


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.code = wb.add_format({"num_format": "@", "valign": "top"})
        self.by_kind = {
            kind: wb.add_format({"num_format": fmt, "valign": "top"})
            for kind, fmt in schema.NUMBER_FORMATS.items()
        }
        self.computed = wb.add_format({"bg_color": "#EEF3FA", "num_format": "#,##0.00",
                                       "valign": "top"})
        self.computed_text = wb.add_format({"bg_color": "#EEF3FA", "valign": "top"})
        self.label = wb.add_format({"bold": True, "valign": "top"})

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


def build_workbook(
    path: str | Path,
    identitas: Mapping[str, Any] | None = None,
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    cached: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    extra: Any = None,
) -> Path:
    """Write the template, optionally filled.

    `rows[table_key]` is a list of records keyed by column key. A computed column whose
    record holds a value gets that value typed in place of the formula (as staff do);
    otherwise it gets the schema formula, with `cached[table_key][i][key]` as its
    cached result when given. `extra(workbook)` may add more (tests add charts, images
    and a VBA project) before the file is closed.
    """
    path = Path(path)
    identitas = dict(identitas or {})
    identitas.setdefault("skala", DEFAULT_SKALA)
    rows = dict(rows or {})
    cached = dict(cached or {})
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "Templat LKjIP xl-lkip", "company": "xl-lkip",
                       "created": datetime.datetime(2026, 1, 1)})
    fm = _Formats(wb)
    _write_identitas(wb, fm, identitas)
    skala_name = identitas.get("skala") or DEFAULT_SKALA
    for spec in schema.INPUT_TABLES:
        records = list(rows.get(spec.key) or [])
        if spec is schema.SKALA and not records:
            preset = skala_name if skala_name in _skala_choices()[:-1] else DEFAULT_SKALA
            records = [dict(zip(spec.keys, r, strict=False)) for r in _default_skala_rows(preset)]
        _write_table(wb, fm, spec, records, list(cached.get(spec.key) or []))
    for report in schema.REPORTS:
        ws = wb.add_worksheet(report.sheet)
        ws.write(0, 0, report.title, fm.title)
        ws.write(1, 0, "Lembar laporan: diisi ulang oleh tombol Perbarui Laporan atau perintah "
                       "xl-lkip perbarui. Jangan mengetik di lembar ini.", fm.note)
        ws.set_tab_color("#1F4E79")
        ws.set_column(0, 0, 6)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
    if extra is not None:
        extra(wb)
    wb.close()
    return path


def build_template(path: str | Path) -> Path:
    """The empty template, with every report sheet already showing its headings and formats."""
    from ..core.engine import kategori_labels
    from ..core.layout import layout_sheet, pemeriksaan_sheet
    from ..core.reader import read_model
    from ..core.reports import build_reports
    from .package import Package
    from .xlsx_read import read_grids
    from .xlsx_write import write_reports

    path = Path(path)
    build_workbook(path)
    with Package(path) as pkg:
        data = read_model(read_grids(pkg), path.name)
    layouts = [layout_sheet(r, kategori_labels(data)) for r in build_reports(data)]
    rep = schema.REPORTS_BY_KEY["pemeriksaan"]
    layouts.append(layout_sheet(pemeriksaan_sheet(rep.sheet, rep.title, "", [])))
    return write_reports(path, path, layouts)


def _write_identitas(wb: xlsxwriter.Workbook, fm: _Formats, identitas: Mapping[str, Any]) -> None:
    ws = wb.add_worksheet(schema.IDENTITAS_SHEET)
    ws.write(0, 0, "Identitas Laporan Kinerja", fm.title)
    ws.write(1, 0, "Isi kolom Nilai. Baris lain di buku kerja ini memakai isian ini.", fm.note)
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
    row = schema.identitas_row("rumus_negatif")
    wb.define_name("RumusNegatif", f"={schema.IDENTITAS_SHEET}!$B${row}")


def _write_table(wb: xlsxwriter.Workbook, fm: _Formats, spec: schema.Table,
                 records: list[Mapping[str, Any]], cached: list[Mapping[str, Any]]) -> None:
    ws = wb.add_worksheet(spec.sheet)
    ws.write(0, 0, spec.title, fm.title)
    ws.write(1, 0, "Tambah baris dengan Tab di sel terakhir tabel. Kolom berlatar biru dihitung "
                   "otomatis.", fm.note)
    n = max(len(records), TEMPLATE_ROWS)
    top = schema.HEADER_ROW - 1
    columns = []
    for col in spec.columns:
        entry: dict[str, Any] = {"header": col.header, "format": fm.for_column(col)}
        if col.formula:
            entry["formula"] = long_form(col.formula, spec.name)
        columns.append(entry)
    ws.add_table(top, 0, top + n, len(spec.columns) - 1, {
        "name": spec.name, "style": "Table Style Medium 2", "columns": columns,
    })
    for c, col in enumerate(spec.columns):
        ws.set_column(c, c, col.width, fm.for_column(col))
    for i, rec in enumerate(records):
        r = top + 1 + i
        for c, col in enumerate(spec.columns):
            value = _cell_value(col, rec.get(col.key))
            fmt = fm.for_column(col)
            if col.computed:
                if value is None:
                    result = (cached[i].get(col.key) if i < len(cached) else None)
                    ws.write_formula(r, c, long_form(col.formula, spec.name), fmt,
                                     "" if result is None else result)
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
                ws.write_formula(top + 1, c, long_form(col.formula, spec.name),
                                 fm.for_column(col), "")
    _validations(ws, spec, top + 1, top + n + VALIDATION_EXTRA_ROWS)
    ws.freeze_panes(schema.HEADER_ROW, 0)


def _validations(ws: Any, spec: schema.Table, first: int, last: int) -> None:
    for c, col in enumerate(spec.columns):
        if col.computed:
            continue
        options: dict[str, Any] = {}
        if col.note:
            options.update({"input_title": col.header[:32], "input_message": col.note[:255]})
        if col.choices:
            options.update({"validate": "list", "source": list(col.choices),
                            "error_type": "warning", "error_title": "Pilihan tidak dikenal",
                            "error_message": f"{col.header}: pilih salah satu dari daftar."})
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


def column_range(spec: schema.Table, key: str, first_row: int, last_row: int) -> str:
    c = spec.keys.index(key) + 1
    return f"{cell_ref(first_row, c)}:{col_letter(c)}{last_row}"


def computed_cache(spec_key: str, records: Sequence[Mapping[str, Any]], skala: Any,
                   rumus: str | None) -> list[dict[str, Any]]:
    """Cached results for computed cells, so a file opened anywhere shows real numbers."""
    from ..core.arithmetic import capaian, serapan

    out: list[dict[str, Any]] = []
    for rec in records:
        row: dict[str, Any] = {}
        try:
            if spec_key == "realisasi":
                cap = capaian(rec.get("target"), rec.get("realisasi"), rec.get("polaritas"), rumus)
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
