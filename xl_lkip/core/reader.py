"""Turn the template's sheets (as SheetGrids) into a typed model, reporting every problem.

Columns are found by their header, not by position, so users may reorder columns, add
their own, leave blank rows or put a merged title above the table. Every cell that
cannot be used becomes a Temuan naming its sheet and cell; reading never stops at the
first problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import schema
from .errors import NilaiError
from .findings import Temuan
from .grid import ErrorValue, SheetGrid, cell_ref, normalize_formula
from .lazyre import LazyPattern
from .model import (
    LkipData,
    TableData,
    index_records,
    infer_level,
    interpret_number,
    is_empty_cell,
    is_predikat,
    is_total_label,
    is_total_level,
    renstra_years,
)
from .rules import Rp, message
from .schema import Kind
from .sheets import by_sheet_key, sheet_key

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

HEADER_SCAN_ROWS = 40
_BLANK_MARKS = {"-", "–", "—", "_"}
_RANGE = LazyPattern(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:-|–|—|s\.?d\.?|sampai)\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*$",
                    re.IGNORECASE)

MAX_ABS = 1e15  # a thousand trillion rupiah: anything larger is a typing accident
_TEXTUAL = frozenset({Kind.TEXT, Kind.CODE})
_PLAIN_NUMERIC = frozenset({Kind.NUMBER, Kind.MONEY, Kind.PERCENT})
_GRADED = frozenset({Kind.TARGET, Kind.NUMBER})  # where a grade ("BB", "WTP") may stand
_INDICATOR_SHEETS = frozenset(sheet_key(t.sheet) for t in schema.INPUT_TABLES
                              if t.key in ("renstra", "pk", "realisasi", "rencana_aksi"))
_FAST_NUMERIC = _PLAIN_NUMERIC | {Kind.TARGET}  # an in-range number outside a percent cell: float

# rule ids (the number is the family of the consistency checks)
R_STRUKTUR = "K00"
R_ANGKA = "K07"
R_WAJIB = "K08"
# tables whose typed total rows (JUMLAH) are recognised by these text columns
_TOTAL_ROWS = {"pk_program": ("program", "kode_program"),
               "realisasi": ("kode_indikator", "indikator"), "pk": ("kode_indikator", "indikator"),
               "rencana_aksi": ("kode_indikator", "indikator")}
# the label of a summary row printed under an indicator table ("Jumlah", "Rata-rata capaian")
_SUMMARY_TEXT = re.compile(r"^\s*(j\s*u\s*m\s*l\s*a\s*h|total|rata[\s-]*rata|rerata)\b",
                           re.IGNORECASE)
_BARE_SUMMARY = LazyPattern(r"^\s*(jumlah|total|rata[\s-]*rata|rerata)(\s+(capaian|kinerja|"
                           r"sasaran|indikator|keseluruhan|seluruhnya))*\s*:?\s*$", re.IGNORECASE)




def norm_header(text: Any) -> str:
    s = str(text).replace("\n", " ").replace("\xa0", " ").casefold()
    return " ".join(s.split()).rstrip(":*").strip()


_is_blank = is_empty_cell


def _as_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_UNIT = re.compile(r"\s*\((rp\.?|rupiah|%|persen)\)\s*$")


def _without_unit(header: str) -> str:
    """A normalized header without a trailing unit in brackets that does not change the
    number ("(rp)", "(%)"; not "(ribu rupiah)", which does)."""
    return _UNIT.sub("", header).strip() if ")" in header else header.strip()


# a target written with its bound, as SPM and Renstra documents print them: "≥ 95%", "min. 80",
# "maks 5", "< 2"; the number is the target, the bound says what the polaritas says
_BOUND = LazyPattern(r"^\s*(?:≥|≤|>=|<=|=>|=<|>|<|(?:min|maks|max)(?:imal|imum)?\.?|paling (?:sedikit|"
                    r"banyak|rendah|tinggi)|sekurang-kurangnya|setinggi-tingginya|"
                    r"sebanyak-banyaknya)\s*(?P<num>-?\d[\d.,]*\s*%?)\s*$", re.IGNORECASE)
_NUMBER_START = frozenset("(0123456789 ")
_COLUMN_NUMBER = re.compile(r"^\s*\(?\s*(\d{1,3})\s*\)?\s*$")
_HEADING = LazyPattern(r"^\s*(sasaran|tujuan|misi|urusan|bidang)\b", re.IGNORECASE)
_HEADING_TABLES = frozenset({"renstra", "pk", "realisasi", "rencana_aksi"})


def _column_number(v: Any) -> int | None:
    if type(v) is int:
        return v
    if isinstance(v, str):
        m = _COLUMN_NUMBER.match(v)
        return int(m.group(1)) if m else None
    return None


def _layout_row(line: list[Any], first: Any, header_line: list[Any], lead: int) -> bool:
    """A row of the printed table's layout pasted with the data: the column numbers under
    the header ("1 2 3 …" or "(1) (2) …"), or the header repeated after a page break."""
    if isinstance(first, str) and lead <= len(header_line) and isinstance(
            header_line[lead - 1], str) and norm_header(first) == norm_header(header_line[lead - 1]):
        same = sum(1 for c, v in enumerate(line) if isinstance(v, str) and c < len(header_line)
                   and isinstance(header_line[c], str) and norm_header(v) == norm_header(
                       header_line[c]))
        return same >= 2
    if _column_number(first) is None:
        return False
    numbers = [_column_number(v) for v in line if not _is_blank(v)]
    return len(numbers) >= 3 and None not in numbers and all(
        b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _heading_row(line: list[Any], plan: list[tuple[Any, ...]]) -> bool:
    """A group heading typed inside an indicator table ("Sasaran 1: Meningkatnya …") alone
    on its row, as printed tables group indicators under their sasaran."""
    filled = [line[c - 1] for _k, c, *_rest in plan if c <= len(line) and not _is_blank(line[c - 1])]
    return len(filled) == 1 and isinstance(filled[0], str) and bool(_HEADING.match(filled[0]))


# groups printed as merged cells over their rows (a sasaran over its indicators): typed or
# pasted, only the group's first row holds them
_FILL_DOWN = {"renstra": (("tujuan",), ("kode_sasaran", "sasaran")),
              "pk": (("kode_sasaran", "sasaran"),), "pk_program": (("kode_sasaran",),)}


def _fill_down(data: TableData) -> None:
    """A group left empty under its first row belongs to the row above, as a merged cell
    does; a group only partly empty (a code without its name) is left for K08. A group
    heading row between the two starts a new group: nothing is carried over it."""
    levels = [[k for k in level if k in data.columns] for level in _FILL_DOWN.get(data.spec.key, ())]
    levels = [lv for lv in levels if lv]
    for i in range(1, len(data.records)):
        if data.new_group(i):
            continue
        rec, above = data.records[i], data.records[i - 1]
        for level in levels:
            if all(rec[k] is None and _is_blank(data.raw[i].get(k)) for k in level) and \
                    any(above[k] is not None for k in level):
                for k in level:
                    rec[k] = above[k]


# the revision columns, where staff write 0 on every row for "no revision"
_ZERO_MEANS_NONE = {"anggaran": ("pagu_perubahan",), "pk_program": ("anggaran_perubahan",),
                    "pk": ("target_perubahan",)}


def _zeros_for_none(data: TableData) -> list[str]:
    """Revision columns whose every filled cell is 0, read as empty: a pagu perubahan of 0 on
    every row is a budget not revised, not a budget cut to nothing (one row of 0 among revised
    amounts is left as typed). Returns the columns so read."""
    out = []
    for key in _ZERO_MEANS_NONE.get(data.spec.key, ()):
        if key not in data.columns:
            continue
        filled = [rec[key] for rec in data.records if rec[key] is not None]
        if filled and all(type(v) is float and v == 0 for v in filled):
            for rec, raw in zip(data.records, data.raw, strict=True):
                rec[key] = raw[key] = None  # as if left empty, for every check
            out.append(key)
    return out


def _total_row(table: str, record: dict[str, Any], line: list[Any], cols: list[int]) -> bool:
    """A total or summary row staff type under a table (JUMLAH under PK Program, "Rata-rata
    capaian" under Realisasi): kept out of the records, so it is not an indicator or program.

    Under an indicator table it is a row whose code is empty or the label itself, that has
    no satuan, and whose label is a bare summary word or which has no target: an indicator
    named "Jumlah kunjungan wisatawan" with its target stays an indicator.
    """
    texts = [line[c - 1] for c in cols if c <= len(line) and isinstance(line[c - 1], str)]
    if table == "pk_program":
        return any(is_total_label(t) for t in texts)
    if not any(_SUMMARY_TEXT.match(t) for t in texts):
        return False
    kode = record.get("kode_indikator")
    if kode is not None and not _SUMMARY_TEXT.match(str(kode)):
        return False
    if record.get("satuan") is not None:
        return False
    bare = any(_BARE_SUMMARY.match(t) for t in texts)
    return bare or all(record.get(k) is None for k in ("target", "target_tahun", "target_rkt"))


class _Reader:
    def __init__(self, grids: Mapping[str, SheetGrid], sumber: str) -> None:
        self.grids = by_sheet_key(grids)
        self.sumber = sumber
        self.temuan: list[Temuan] = []
        self.renstra_years = 5  # from Identitas, once read
        self._guess: float | None = None  # the interpretation of the last malformed amount
        self._choices: dict[tuple[tuple[str, ...], str], str] = {}
        self._normed: dict[str, str] = {}  # norm_header of cell texts, for find_header
        self.unit_headers: dict[str, dict[str, int]] = {}  # table -> columns read by a unit variant
        self.predikat: dict[str, list[str]] = {}  # sheet -> cells holding a grade ("BB", "WTP")
        self.renstra_awal: int | None = None  # first Renstra year, from Identitas
        self.bounded: dict[str, list[str]] = {}  # sheet -> targets written "≥ 80", "maks 5"

    def add(self, aturan: str, variant: str, lembar: str, sel: str | tuple[int, int],
            diharapkan: Any = None, ditemukan: Any = None, /, **fields: Any) -> None:
        if isinstance(sel, tuple):
            sel = cell_ref(*sel)  # (row, col) of a cell: named only when there is a finding
        tingkat, pesan = message(aturan, variant, **fields)
        if isinstance(diharapkan, Rp):
            diharapkan = float(diharapkan)
        self.temuan.append(Temuan(aturan, tingkat, lembar, sel, pesan, diharapkan, ditemukan))

    def grid(self, sheet: str) -> SheetGrid | None:
        return self.grids.get(sheet_key(sheet))

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
            self.add(R_ANGKA, "nilai_excel", sheet, ref, None, str(value), kolom=header,
                     nilai=str(value))
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
            self.add(R_ANGKA, "logika", sheet, ref, None, str(value).upper(), kolom=header)
            return None
        if kind in _GRADED and isinstance(value, str) and is_predikat(value) \
                and sheet_key(sheet) in _INDICATOR_SHEETS:
            self.predikat.setdefault(sheet, []).append(
                cell_ref(*ref) if isinstance(ref, tuple) else ref)
            return " ".join(value.split())
        if kind is Kind.TARGET and isinstance(value, str):
            bound = _BOUND.match(value)
            if bound is not None:
                from .angka import parse_angka

                try:
                    number = parse_angka(bound.group("num"))
                except NilaiError:
                    number = None
                if number is not None:
                    self.bounded.setdefault(sheet, []).append(
                        cell_ref(*ref) if isinstance(ref, tuple) else ref)
                    return number
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
                self.not_a_number(kind, value, sheet, ref, header, exc.pesan)
                return None
        if not -MAX_ABS <= number <= MAX_ABS:
            self.add(R_ANGKA, "terlalu_besar", sheet, ref, None, str(value)[:60],
                     kolom=header, nilai=str(value)[:30])
            return None
        if kind is Kind.YEAR:
            if not number.is_integer() or not 1900 <= number <= 2200:
                self.add(R_ANGKA, "bukan_tahun", sheet, ref, None, str(value), kolom=header,
                         nilai=str(value))
                return None
            return int(number)
        return number

    def not_a_number(self, kind: Kind, value: Any, sheet: str, ref: str | tuple[int, int],
                     header: str, reason: str) -> None:
        """K07 for text that is not a clear number; a rupiah amount also gets the number it most
        probably means, which the sums and the reports then use."""
        text = str(value).strip()
        clear = f"'{text}' bukan angka yang jelas: "
        shown = text[:60]
        guess = interpret_number(value) if kind is Kind.MONEY else None
        if guess is not None and -MAX_ABS <= guess <= MAX_ABS:
            self._guess = guess
            alasan = reason[len(clear):] if reason.startswith(clear) else reason
            self.add(R_ANGKA, "tafsir", sheet, ref, Rp(guess), shown, kolom=header, nilai=shown,
                     alasan=alasan, tafsir=Rp(guess))
        elif reason.startswith(clear):
            self.add(R_ANGKA, "bukan_angka", sheet, ref, None, shown, kolom=header, nilai=shown,
                     alasan=reason[len(clear):])
        else:
            self.add(R_ANGKA, "lain", sheet, ref, None, shown, kolom=header, alasan=reason)

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
                self.add(R_ANGKA, "polaritas", sheet, ref, None, text, kolom=header,
                         alasan=exc.pesan)
                return None
        key = re.sub(r"[\s_-]+", "", text.casefold())
        for c in choices:
            if re.sub(r"[\s_-]+", "", c.casefold()) == key:
                return c
        self.add(R_ANGKA, "pilihan", sheet, ref, " / ".join(choices), text, kolom=header,
                 nilai=text, pilihan=", ".join(choices))
        return None

    # --- tables ---------------------------------------------------------------------

    def find_header(self, grid: SheetGrid, spec: schema.Table) -> tuple[int, dict[str, int]]:
        """The header row and the column of each schema column found there. A header that
        differs only by a unit in brackets ("Pagu Murni (Rp)", "Capaian" for "Capaian (%)")
        is that column; `self.unit_headers[spec.key]` lists those, for a notice."""
        lookup: dict[str, str] = {}
        loose: dict[str, str] = {}
        for col in spec.columns:
            for h in col.headers():
                lookup.setdefault(norm_header(h), col.key)
                loose.setdefault(_without_unit(norm_header(h)), col.key)
        if spec.key == "renstra" and self.renstra_awal is not None:
            # the yearly targets headed by their years, as the Renstra document prints them
            for n, key in enumerate(schema.RENSTRA_YEAR_COLUMNS[:self.renstra_years]):
                year = self.renstra_awal + n
                for head in ("{}", "target {}", "tahun {}", "target tahun {}", "th {}",
                             "th. {}", "target th. {}", "target th {}"):
                    lookup.setdefault(head.format(year), key)
        best_row, best, best_loose = 0, {}, {}
        normed = self._normed
        for r in range(1, min(grid.n_rows, HEADER_SCAN_ROWS) + 1):
            found: dict[str, int] = {}
            near: dict[str, int] = {}
            for c, v in enumerate(grid.values[r - 1], start=1):
                if type(v) is int and 1900 <= v <= 2200:
                    v = str(v)  # a year typed as the header of a Renstra target column
                if isinstance(v, str):
                    n = normed.get(v)
                    if n is None:
                        n = normed[v] = norm_header(v)
                    key = lookup.get(n)
                    if key and key not in found:
                        found[key] = c
                    elif key is None:
                        key = loose.get(_without_unit(n))
                        if key and key not in near:
                            near[key] = c
            taken = set(found.values())
            near = {k: c for k, c in near.items() if k not in found and c not in taken}
            if len(found) + len(near) > len(best) + len(best_loose):
                best_row, best, best_loose = r, found, near
        self.unit_headers[spec.key] = best_loose
        return best_row, {**best, **best_loose}

    def table(self, spec: schema.Table) -> TableData | None:
        grid = self.grid(spec.sheet)
        if grid is None:
            self.add(R_STRUKTUR, "lembar_tidak_ada", spec.sheet, "", lembar=spec.sheet)
            return None
        header_row, columns = self.find_header(grid, spec)
        required = [c for c in spec.columns if c.required]
        if len(columns) < max(2, min(len(spec.columns), 3)) and not all(
                c.key in columns for c in required):
            self.add(R_STRUKTUR, "judul_tidak_ditemukan", spec.sheet, "", tabel=spec.title,
                     lembar=spec.sheet, kolom=", ".join(c.header for c in spec.columns))
            return None
        self.missing_columns(grid, spec, header_row, columns)
        for key, c in self.unit_headers.get(spec.key, {}).items():
            self.add(R_STRUKTUR, "judul_satuan", spec.sheet, cell_ref(header_row, c),
                     kolom=spec.column(key).header, mirip=str(grid.values[header_row - 1][c - 1]),
                     sel_mirip=cell_ref(header_row, c))
        data = TableData(spec, grid.name, header_row, columns)
        inputs = [c for k, c in columns.items() if not spec.column(k).computed]
        # per present column, in schema order: what parsing it needs
        plan = [(col.key, columns[col.key], col.kind, col.header, col.choices, col.computed)
                for col in spec.columns if col.key in columns]
        blank_record = {col.key: None for col in spec.columns}
        formulas, percent_cells, values = grid.formulas, grid.percent_cells, grid.values
        shown = grid.decimals
        shown_cols = [(k, columns[k]) for k in columns if spec.column(k).computed] if shown else []
        total_cols = [columns[k] for k in _TOTAL_ROWS.get(spec.key, ()) if k in columns]
        parse, name, chosen = self.parse, grid.name, self._choices
        rows, records, raws, forms_out = data.rows, data.records, data.raw, data.formulas
        header_line = values[header_row - 1] if 0 < header_row <= grid.n_rows else []
        lead = min(columns.values())  # the leftmost template column
        lead_text = str(header_line[lead - 1]).strip().casefold() if lead <= len(header_line) else ""
        headings = spec.key in _HEADING_TABLES
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
            first = line[lead - 1] if lead <= width else None
            if (first is not None and (type(first) is int or (type(first) is str and (
                    first[:1] in _NUMBER_START or first.strip().casefold() == lead_text)))
                    and _layout_row(line, first, header_line, lead)):
                continue  # column numbers, a repeated header: not data
            if headings and _heading_row(line, plan):
                data.headings.append(r)
                continue  # a "Sasaran 1" heading: not data, it starts a group
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
                    if self._guess is not None:
                        data.interpreted.setdefault(len(records), {})[key] = (self._guess,
                                                                              str(value))
                        self._guess = None
            if total_cols and _total_row(spec.key, record, line, total_cols):
                data.totals.append((r, record))
                data.interpreted.pop(len(records), None)
                continue
            if shown_cols:
                d = {k: shown[(r, c)] for k, c in shown_cols if (r, c) in shown}
                if d:
                    data.decimals[len(records)] = d
            rows.append(r)
            records.append(record)
            raws.append(raw)
            forms_out.append(forms)
        _fill_down(data)
        for key in _zeros_for_none(data):
            self.add(R_ANGKA, "nol_semua", spec.sheet, data.column_cell(key), None, 0.0,
                     kolom=spec.column(key).header)
        self.check_required(data)
        for variant, found in (("predikat", self.predikat), ("batas", self.bounded)):
            cells = found.pop(grid.name, None)
            if cells:
                self.add(R_ANGKA, variant, spec.sheet, cells[0], None, None, jumlah=len(cells),
                         daftar=", ".join(cells[:8]) + (", …" if len(cells) > 8 else ""))
        return data

    def missing_columns(self, grid: SheetGrid, spec: schema.Table, header_row: int,
                        columns: dict[str, int]) -> None:
        """Every schema column missing from the header row: a renamed one with the header it
        was probably renamed to, a required or computed one by itself, the optional rest in one
        notice."""
        line = grid.values[header_row - 1] if 0 < header_row <= grid.n_rows else []
        used = set(columns.values())
        others = {c: v for c, v in enumerate(line, start=1)
                  if c not in used and isinstance(v, str) and v.strip()}
        optional: list[str] = []
        for col in spec.columns:
            if col.key in columns:
                continue
            if col.key in schema.RENSTRA_YEAR_COLUMNS \
                    and schema.RENSTRA_YEAR_COLUMNS.index(col.key) >= self.renstra_years:
                continue  # Target Th-6 of a five-year Renstra
            near = _closest(col, others)
            if near is not None:
                self.add(R_STRUKTUR, "judul_mirip_wajib" if col.required else "judul_mirip",
                         spec.sheet, cell_ref(header_row, near), kolom=col.header,
                         mirip=str(others[near]).strip(), sel_mirip=cell_ref(header_row, near))
                others.pop(near)
            elif col.required or col.computed or col.key in schema.RENSTRA_YEAR_COLUMNS:
                self.add(R_STRUKTUR, "kolom_tidak_ada" if col.required
                         else "kolom_hitung_tidak_ada", spec.sheet, cell_ref(header_row, 1),
                         kolom=col.header, baris=header_row)
            else:
                optional.append(col.header)
        if optional:
            self.add(R_STRUKTUR, "kolom_opsional", spec.sheet, cell_ref(header_row, 1),
                     daftar=", ".join(optional))

    def check_required(self, data: TableData) -> None:
        required = [col for col in data.spec.columns if col.required and col.key in data.columns]
        budget = data.spec.key == "anggaran"
        # group columns filled down from the row above: an empty run is named at its first row
        grouped = {k for level in _FILL_DOWN.get(data.spec.key, ()) for k in level}
        for i, rec in enumerate(data.records):
            if budget and is_total_level(infer_level(rec.get("kode"), rec.get("level"),
                                                     rec.get("uraian"))):
                continue  # a Subtotal/JUMLAH row typed under the budget: no uraian needed
            for col in required:
                if col.key in grouped and i and data.records[i - 1][col.key] is None \
                        and not data.new_group(i):
                    continue  # filled down from the first row of the run once that is typed
                if rec[col.key] is None and _is_blank(data.raw[i].get(col.key)):
                    formula = data.formulas[i].get(col.key)
                    if formula:
                        self.add(R_WAJIB, "rumus_belum_dihitung", data.sheet,
                                 data.cell(i, col.key), "nilai", formula[:80], kolom=col.header,
                                 rumus=formula[:80])
                        continue
                    other = schema.REQUIRED_EITHER.get((data.spec.key, col.key))
                    if other is not None:
                        if rec.get(other) is not None or not _is_blank(data.raw[i].get(other)):
                            continue
                        self.add(R_WAJIB, "salah_satu", data.sheet, data.cell(i, col.key),
                                 "nilai", "kosong", kolom=col.header,
                                 lain=data.spec.column(other).header)
                        continue
                    self.add(R_WAJIB, "kosong", data.sheet, data.cell(i, col.key), "nilai",
                             "kosong", kolom=col.header)

    # --- identitas and skala ----------------------------------------------------------

    def identitas(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {f.key: f.default for f in schema.IDENTITAS}
        cells: dict[str, str] = {}
        grid = self.grid(schema.IDENTITAS_SHEET)
        if grid is None:
            self.add(R_STRUKTUR, "lembar_tidak_ada", schema.IDENTITAS_SHEET, "",
                     lembar=schema.IDENTITAS_SHEET)
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
                if f.kind is Kind.CODE and type(raw) in (int, float) and abs(raw) >= 1e15:
                    # Excel keeps 15 digits of a number: an 18-digit NIP typed as a number
                    # has already lost its last digits
                    self.add(R_ANGKA, "kode_angka", grid.name, cells[f.key], None,
                             _as_text(raw), kolom=f.label, nilai=_as_text(raw))
        for f in schema.IDENTITAS:
            if f.required and values.get(f.key) is None:
                self.add(R_WAJIB, "identitas", grid.name, cells.get(f.key, ""), "nilai",
                         "kosong", kolom=f.label)
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
            self.add("K02", "tidak_terpakai", schema.SKALA.sheet,
                     table.column_cell("label") if table else "", alasan=exc.pesan)
            return None
        self.add("K02", "kosong", schema.SKALA.sheet, "")
        return None


def _closest(col: schema.Column, others: dict[int, Any]) -> int | None:
    """The header cell that is most probably `col` renamed ("Pagu Perubahan (Rp)"), or None."""
    import difflib

    best, best_score = None, 0.0
    names = [norm_header(h) for h in col.headers()]
    for c, text in others.items():
        n = norm_header(text)
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", n).strip()  # a unit in brackets
        score = max(1.0 if bare == name else difflib.SequenceMatcher(None, n, name).ratio()
                    for name in names)
        if score > best_score:
            best, best_score = c, score
    return best if best_score >= 0.85 else None


def fill_from_renstra(tables: dict[str, TableData]) -> None:
    """Indikator, satuan and polaritas left empty in PK, Realisasi and Rencana Aksi are taken
    from Renstra by Kode Indikator; which cells were filled is kept (typed-and-different is
    a finding, filled is not)."""
    ren = tables.get("renstra")
    if ren is None or not len(ren):
        return
    from .model import norm_code

    idx = index_records(ren)
    for key in ("pk", "realisasi", "rencana_aksi"):
        table = tables.get(key)
        if table is None:
            continue
        cols = [c for c in schema.FROM_RENSTRA if c in table.spec.keys]
        for i, rec in enumerate(table.records):
            j = idx.get(norm_code(rec.get("kode_indikator")) or "")
            if j is None:
                continue
            source = ren.records[j]
            for c in cols:
                if rec.get(c) is None and source.get(c) is not None \
                        and _is_blank(table.raw[i].get(c)):
                    rec[c] = source[c]
                    table.filled_from_renstra.setdefault(i, {})[c] = source[c]


def read_model(grids: Mapping[str, SheetGrid], sumber: str = "") -> LkipData:
    """The typed model of a filled workbook plus every reading problem found."""
    reader = _Reader(grids, sumber)
    identitas, identitas_cells = reader.identitas()
    reader.renstra_years = renstra_years(LkipData(sumber, identitas, {}, {}, None, []))
    awal = identitas.get("renstra_awal")
    reader.renstra_awal = awal if isinstance(awal, int) else None
    tables: dict[str, TableData] = {}
    for spec in schema.INPUT_TABLES:
        data = reader.table(spec)
        if data is not None:
            tables[spec.key] = data
    fill_from_renstra(tables)
    skala = reader.skala(tables.get("skala"), identitas)
    aplikasi = next((g.aplikasi for g in grids.values() if g.aplikasi), None)
    return LkipData(sumber, identitas, identitas_cells, tables, skala, reader.temuan,
                    aplikasi=aplikasi)


def sheets_to_read() -> tuple[str, ...]:
    """Names of the sheets the reader needs, for adapters that read selectively."""
    return (schema.IDENTITAS_SHEET, *(t.sheet for t in schema.INPUT_TABLES))
