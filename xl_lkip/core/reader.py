"""Turn the template's sheets (as SheetGrids) into a typed model, reporting every problem.

Columns are found by their header, not by position, so users may reorder columns, add
their own, leave blank rows or put a merged title above the table. Every cell that
cannot be used becomes a Temuan naming its sheet and cell; reading never stops at the
first problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import schema
from .errors import NilaiError
from .findings import GALAT, PERINGATAN, Temuan
from .grid import ErrorValue, SheetGrid, cell_ref, normalize_formula
from .schema import Kind

HEADER_SCAN_ROWS = 40
_BLANK_MARKS = {"-", "–", "—", "_"}
_RANGE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:-|–|—|s\.?d\.?|sampai)\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*$",
                    re.IGNORECASE)

MAX_ABS = 1e15  # a thousand trillion rupiah: anything larger is a typing accident
_TEXTUAL = frozenset({Kind.TEXT, Kind.CODE})
_PLAIN_NUMERIC = frozenset({Kind.NUMBER, Kind.MONEY, Kind.PERCENT})
_FAST_NUMERIC = _PLAIN_NUMERIC | {Kind.TARGET}  # an in-range number outside a percent cell: float

# rule ids (the number is the family of the consistency checks)
R_STRUKTUR = "K00"
R_ANGKA = "K07"
R_WAJIB = "K08"


_SPACES = re.compile(r"\s+")


def norm_header(text: Any) -> str:
    s = str(text).replace("\n", " ").replace("\xa0", " ").strip().casefold()
    return _SPACES.sub(" ", s).rstrip(":*").strip()


@dataclass
class TableData:
    """The rows of one input table with where each value came from."""

    spec: schema.Table
    sheet: str
    header_row: int
    columns: dict[str, int]  # key -> 1-based sheet column
    rows: list[int] = field(default_factory=list)  # sheet row of each record
    records: list[dict[str, Any]] = field(default_factory=list)  # parsed values
    raw: list[dict[str, Any]] = field(default_factory=list)  # values as found in the cells
    formulas: list[dict[str, str]] = field(default_factory=list)  # key -> formula, per record

    def cell(self, i: int, key: str) -> str:
        """Cell address of record i's value for column key ('' when the column is missing)."""
        col = self.columns.get(key)
        return cell_ref(self.rows[i], col) if col else ""

    def column_cell(self, key: str) -> str:
        col = self.columns.get(key)
        return cell_ref(self.header_row, col) if col else ""

    @cached_property
    def frame(self) -> Any:
        """The records as a pandas DataFrame (imported here: most runs never need it)."""
        import pandas as pd

        df = pd.DataFrame.from_records(self.records, columns=list(self.spec.keys))
        df.insert(0, "_row", self.rows)
        return df

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class LkipData:
    """Everything the report engine and the checker need from one workbook."""

    sumber: str
    identitas: dict[str, Any]
    identitas_cells: dict[str, str]
    tables: dict[str, TableData]
    skala: Any  # core.skala.Skala or None when the scale cannot be used
    temuan: list[Temuan]
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def table(self, key: str) -> TableData:
        return self.tables[key]

    @property
    def tahun(self) -> int | None:
        return self.identitas.get("tahun")


def _is_blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


def _as_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


class _Reader:
    def __init__(self, grids: Mapping[str, SheetGrid], sumber: str) -> None:
        self.grids = {name.strip().casefold(): g for name, g in grids.items()}
        self.sumber = sumber
        self.temuan: list[Temuan] = []
        self._choices: dict[tuple[tuple[str, ...], str], str] = {}
        self._normed: dict[str, str] = {}  # norm_header of cell texts, for find_header

    def add(self, aturan: str, tingkat: str, lembar: str, sel: str | tuple[int, int], pesan: str,
            diharapkan: Any = None, ditemukan: Any = None) -> None:
        if isinstance(sel, tuple):
            sel = cell_ref(*sel)  # (row, col) of a cell: named only when there is a finding
        self.temuan.append(Temuan(aturan, tingkat, lembar, sel, pesan, diharapkan, ditemukan))

    def grid(self, sheet: str) -> SheetGrid | None:
        return self.grids.get(sheet.strip().casefold())

    # --- values ---------------------------------------------------------------------

    def parse(self, kind: Kind, value: Any, sheet: str, ref: str | tuple[int, int], header: str,
              percent_cell: bool = False, choices: tuple[str, ...] = ()) -> Any:
        """The typed value of one cell; `ref` may be (row, col), turned into "C7" only for a finding."""
        if value is None:
            return None
        vt = type(value)
        if vt is str and kind in _TEXTUAL:
            text = value.strip()
            return None if not text or text in _BLANK_MARKS else text
        if (vt is float or vt is int) and kind in _PLAIN_NUMERIC and not percent_cell \
                and -MAX_ABS <= value <= MAX_ABS:
            return float(value)  # the common case, kept short: most cells of a big sheet
        if isinstance(value, ErrorValue):
            self.add(R_ANGKA, GALAT, sheet, ref,
                     f"kolom {header} berisi nilai galat {value}; perbaiki rumus atau isian sel ini",
                     ditemukan=str(value))
            return None
        if _is_blank(value) or (kind is not Kind.CHOICE and isinstance(value, str)
                                and value.strip() in _BLANK_MARKS):
            return None
        if kind in (Kind.TEXT, Kind.BOUND) and not isinstance(value, bool):
            return value if kind is Kind.BOUND and not isinstance(value, str) else _as_text(value)
        if kind is Kind.CODE:
            return _as_text(value)
        if kind is Kind.CHOICE:
            return self.choice(value, choices, sheet, ref, header)
        if isinstance(value, bool):
            self.add(R_ANGKA, GALAT, sheet, ref, f"kolom {header} berisi nilai benar/salah, bukan angka",
                     ditemukan=str(value))
            return None
        if kind is Kind.TARGET and isinstance(value, str):
            m = _RANGE.match(value)
            if m and not re.match(r"^\s*-?\d+(?:[.,]\d+)?\s*%?\s*$", value):
                return f"{m.group(1)}-{m.group(2)}"
        if isinstance(value, int | float):
            number = float(value)
            if percent_cell and kind in (Kind.NUMBER, Kind.PERCENT, Kind.TARGET):
                number *= 100.0  # Excel stores 80,09% as 0.8009
        else:
            from .angka import parse_angka

            try:
                number = parse_angka(value)
            except NilaiError as exc:
                self.add(R_ANGKA, GALAT, sheet, ref,
                         f'"{str(value)[:60]}" bukan angka: {exc.pesan}', ditemukan=str(value))
                return None
        if not -MAX_ABS <= number <= MAX_ABS:
            self.add(R_ANGKA, GALAT, sheet, ref,
                     f"kolom {header}: angka {value} terlalu besar untuk laporan kinerja atau "
                     "anggaran; periksa isian sel ini", ditemukan=str(value))
            return None
        if kind is Kind.YEAR:
            if not number.is_integer() or not 1900 <= number <= 2200:
                self.add(R_ANGKA, GALAT, sheet, ref, f"kolom {header}: {value} bukan tahun",
                         ditemukan=str(value))
                return None
            return int(number)
        return number

    def choice(self, value: Any, choices: tuple[str, ...], sheet: str, ref: str | tuple[int, int],
               header: str) -> str | None:
        text = _as_text(value)
        hit = self._choices.get((choices, text))
        if hit is not None:
            return hit
        out = self._choice(text, choices, sheet, ref, header)
        if out is not None:
            self._choices[(choices, text)] = out
        return out

    def _choice(self, text: str, choices: tuple[str, ...], sheet: str, ref: str | tuple[int, int],
                header: str) -> str | None:
        if choices == schema.POLARITAS:
            from .arithmetic import normalisasi_polaritas

            try:
                return normalisasi_polaritas(text)
            except NilaiError as exc:
                self.add(R_ANGKA, GALAT, sheet, ref, exc.pesan, ditemukan=text)
                return None
        key = re.sub(r"[\s_-]+", "", text.casefold())
        for c in choices:
            if re.sub(r"[\s_-]+", "", c.casefold()) == key:
                return c
        self.add(R_ANGKA, GALAT, sheet, ref,
                 f"kolom {header}: {text!r} tidak dikenal; pilih salah satu: {', '.join(choices)}",
                 diharapkan=" / ".join(choices), ditemukan=text)
        return None

    # --- tables ---------------------------------------------------------------------

    def find_header(self, grid: SheetGrid, spec: schema.Table) -> tuple[int, dict[str, int]]:
        lookup = {}
        for col in spec.columns:
            for h in col.headers():
                lookup.setdefault(norm_header(h), col.key)
        best_row, best = 0, {}
        normed = self._normed
        for r in range(1, min(grid.n_rows, HEADER_SCAN_ROWS) + 1):
            found: dict[str, int] = {}
            for c, v in enumerate(grid.values[r - 1], start=1):
                if isinstance(v, str):
                    n = normed.get(v)
                    if n is None:
                        n = normed[v] = norm_header(v)
                    key = lookup.get(n)
                    if key and key not in found:
                        found[key] = c
            if len(found) > len(best):
                best_row, best = r, found
        return best_row, best

    def table(self, spec: schema.Table) -> TableData | None:
        grid = self.grid(spec.sheet)
        if grid is None:
            self.add(R_STRUKTUR, GALAT, spec.sheet, "",
                     f"lembar {spec.sheet!r} tidak ada; salin lembar ini dari templat xl-lkip "
                     "(xl-lkip templat) lalu isi datanya")
            return None
        header_row, columns = self.find_header(grid, spec)
        required = [c for c in spec.columns if c.required]
        if len(columns) < max(2, min(len(spec.columns), 3)) and not all(
                c.key in columns for c in required):
            self.add(R_STRUKTUR, GALAT, spec.sheet, "",
                     f"judul kolom tabel {spec.title} tidak ditemukan di lembar {spec.sheet!r}; "
                     f"baris judul harus memuat: {', '.join(c.header for c in spec.columns)}")
            return None
        for col in spec.columns:
            if col.key not in columns and (col.required or col.computed):
                self.add(R_STRUKTUR, GALAT if col.required else PERINGATAN, spec.sheet,
                         cell_ref(header_row, 1),
                         f"kolom {col.header!r} tidak ditemukan pada baris judul {header_row}; "
                         "tambahkan kolom itu (nama judul harus sama dengan templat)")
        data = TableData(spec, grid.name, header_row, columns)
        inputs = [c for k, c in columns.items() if not spec.column(k).computed]
        # per present column, in schema order: what parsing it needs
        plan = [(col.key, columns[col.key], col.kind, col.header, col.choices, col.computed)
                for col in spec.columns if col.key in columns]
        blank_record = {col.key: None for col in spec.columns}
        formulas, percent_cells, values = grid.formulas, grid.percent_cells, grid.values
        parse, name, chosen = self.parse, grid.name, self._choices
        rows, records, raws, forms_out = data.rows, data.records, data.raw, data.formulas
        for r in range(header_row + 1, grid.n_rows + 1):
            line = values[r - 1]
            if not line:
                continue
            width = len(line)
            for c in inputs:
                if c <= width and not _is_blank(line[c - 1]):
                    break
            else:
                continue  # blank rows, and rows holding only the template's formulas
            record = dict(blank_record)
            raw: dict[str, Any] = {}
            forms: dict[str, str] = {}
            for key, c, kind, header, choices, computed in plan:
                value = line[c - 1] if c <= width else None
                raw[key] = value
                if formulas:
                    f = formulas.get((r, c))
                    if f is not None:
                        forms[key] = normalize_formula(f)
                        if computed and isinstance(value, ErrorValue):
                            continue  # a formula's own error result: its cause is reported
                if value is None:
                    continue
                pct = (r, c) in percent_cells if percent_cells else False
                vt = type(value)
                if vt is str and kind in _TEXTUAL:
                    text = value.strip()
                    record[key] = None if not text or text in _BLANK_MARKS else text
                elif (vt is float or vt is int) and kind in _FAST_NUMERIC and not pct \
                        and -MAX_ABS <= value <= MAX_ABS:
                    record[key] = float(value)
                else:
                    # a choice seen before in this file, else the general case
                    hit = chosen.get((choices, value.strip())) \
                        if vt is str and kind is Kind.CHOICE else None
                    record[key] = hit if hit is not None else \
                        parse(kind, value, name, (r, c), header, pct, choices)
            rows.append(r)
            records.append(record)
            raws.append(raw)
            forms_out.append(forms)
        self.check_required(data)
        return data

    def check_required(self, data: TableData) -> None:
        required = [col for col in data.spec.columns if col.required and col.key in data.columns]
        for i, rec in enumerate(data.records):
            for col in required:
                if rec[col.key] is None and _is_blank(data.raw[i].get(col.key)):
                    formula = data.formulas[i].get(col.key)
                    if formula:
                        self.add(R_WAJIB, GALAT, data.sheet, data.cell(i, col.key),
                                 f"kolom {col.header} berisi rumus {formula[:80]} yang hasilnya "
                                 "belum tersimpan di berkas; buka berkas di Excel lalu simpan, "
                                 "atau ketik nilainya", diharapkan="nilai", ditemukan=formula[:80])
                        continue
                    self.add(R_WAJIB, GALAT, data.sheet, data.cell(i, col.key),
                             f"kolom {col.header} wajib diisi", diharapkan="nilai",
                             ditemukan="kosong")

    # --- identitas and skala ----------------------------------------------------------

    def identitas(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {f.key: f.default for f in schema.IDENTITAS}
        cells: dict[str, str] = {}
        grid = self.grid(schema.IDENTITAS_SHEET)
        if grid is None:
            self.add(R_STRUKTUR, GALAT, schema.IDENTITAS_SHEET, "",
                     "lembar 'Identitas' tidak ada; salin dari templat xl-lkip lalu isi")
            return values, cells
        labels = {norm_header(f.label): f for f in schema.IDENTITAS}
        for r, line in enumerate(grid.values, start=1):
            for c, v in enumerate(line, start=1):
                f = labels.get(norm_header(v)) if isinstance(v, str) else None
                if f is None or f.key in cells:
                    continue
                raw = grid.value(r, c + 1)
                cells[f.key] = cell_ref(r, c + 1)
                parsed = self.parse(f.kind, raw, grid.name, cells[f.key], f.label,
                                    choices=f.choices)
                values[f.key] = parsed if parsed is not None else f.default
        for f in schema.IDENTITAS:
            if f.required and values.get(f.key) is None:
                self.add(R_WAJIB, GALAT, grid.name, cells.get(f.key, ""),
                         f"{f.label} wajib diisi", diharapkan="nilai", ditemukan="kosong")
        return values, cells

    def skala(self, table: TableData | None, identitas: dict[str, Any]) -> Any:
        from .skala import Skala

        name = identitas.get("skala")
        rows = [] if table is None else [
            (rec["batas_bawah"], rec["batas_atas"], rec["label"], rec["kode"]) for rec in table.records
        ]
        try:
            if rows:
                return Skala.dari_baris(rows)
            if name and str(name).strip().casefold() != "kustom":
                return Skala.preset(str(name))
        except NilaiError as exc:
            self.add("K02", GALAT, schema.SKALA.sheet, table.column_cell("label") if table else "",
                     f"skala kategori tidak dapat dipakai: {exc.pesan}")
            return None
        self.add("K02", GALAT, schema.SKALA.sheet, "",
                 "skala kategori kosong; isi lembar Skala atau pilih skala baku di Identitas")
        return None


def read_model(grids: Mapping[str, SheetGrid], sumber: str = "") -> LkipData:
    """The typed model of a filled workbook plus every reading problem found."""
    reader = _Reader(grids, sumber)
    identitas, identitas_cells = reader.identitas()
    tables: dict[str, TableData] = {}
    for spec in schema.INPUT_TABLES:
        data = reader.table(spec)
        if data is not None:
            tables[spec.key] = data
    skala = reader.skala(tables.get("skala"), identitas)
    return LkipData(sumber, identitas, identitas_cells, tables, skala, reader.temuan)


def sheets_to_read() -> tuple[str, ...]:
    """Names of the sheets the reader needs, for adapters that read selectively."""
    return (schema.IDENTITAS_SHEET, *(t.sheet for t in schema.INPUT_TABLES))
