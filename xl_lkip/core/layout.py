"""Where each report table goes on its sheet and how each cell looks, engine-independently.

The file writer turns a SheetLayout into worksheet XML, the Excel button into one range
write per block; both draw the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import GALAT, Temuan
from .grid import col_letter
from .reports import RCol, ReportSheetData, ReportTable

FIRST_TABLE_ROW = 4  # row 1 title, row 2 subtitle, row 3 blank

# Category colours, best level first (fill, font).
LEVEL_COLOURS = [
    ("C6EFCE", "006100"),
    ("DDEBF7", "1F4E79"),
    ("FFEB9C", "9C5700"),
    ("F8CBAD", "843C0C"),
    ("FFC7CE", "9C0006"),
]


@dataclass
class Block:
    """A rectangle written in one go: a table's title, header and rows."""

    top: int  # 1-based sheet row of the first row of `values`
    left: int
    values: list[list[Any]]
    styles: list[list[str]]  # style name per cell (see STYLE_NAMES)
    header_row: int  # sheet row of the column headers

    @property
    def bottom(self) -> int:
        return self.top + len(self.values) - 1

    @property
    def width(self) -> int:
        return max((len(r) for r in self.values), default=0)

    @property
    def address(self) -> str:
        return f"{col_letter(self.left)}{self.top}:{col_letter(self.left + self.width - 1)}{self.bottom}"


@dataclass
class SheetLayout:
    sheet: str
    blocks: list[Block]
    widths: list[float]
    merges: list[str] = field(default_factory=list)
    databars: list[str] = field(default_factory=list)  # ranges
    kategori_ranges: list[str] = field(default_factory=list)
    kategori_labels: list[str] = field(default_factory=list)  # best first
    freeze_row: int | None = None  # rows above this stay visible
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "Sheet!A1"
    heights: dict[int, float] = field(default_factory=dict)  # rows taller than one line (points)

    @property
    def n_cols(self) -> int:
        return len(self.widths)


def _cell_style(col: RCol, value: Any, row_style: str | None) -> str:
    kind = col.kind
    if kind == "text" and isinstance(value, float):
        kind = "money"  # a number in a mixed column (Pemeriksaan): two decimals, grouped
    if isinstance(value, str) and kind in ("money", "percent", "number", "int"):
        kind = "text_r"  # "-" in a number column, right aligned
    return kind + ("+" + row_style if row_style else "")


EXCEL_MAX_TEXT = 32_767


def _fit(value: Any) -> Any:
    """Text longer than an Excel cell holds is cut, visibly, rather than making the file invalid."""
    if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
        return value[:EXCEL_MAX_TEXT - 1] + "…"
    return value


def _table_block(table: ReportTable, top: int) -> Block:
    n = len(table.columns)
    values: list[list[Any]] = [[table.title] + [None] * (n - 1), [c.header for c in table.columns]]
    styles = [["table_title"] * n, ["header"] * n]
    # Rows alike in their row style and the types of their values are styled alike: the
    # styles (and which cells hold text) are worked out once per kind of row.
    plans: dict[tuple[Any, ...], tuple[list[str], list[int]]] = {}
    for row, st in zip(table.rows, table.styles, strict=True):
        key = (st, *map(type, row))
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = (
                [_cell_style(c, v, st) for c, v in zip(table.columns, row, strict=True)],
                [j for j, v in enumerate(row) if isinstance(v, str)])
        line = list(row)
        for j in plan[1]:
            if len(line[j]) > EXCEL_MAX_TEXT:
                line[j] = _fit(line[j])
        values.append(line)
        styles.append(list(plan[0]))
    return Block(top, 1, values, styles, top + 1)


def layout_sheet(data: ReportSheetData, kategori_labels: list[str] | None = None) -> SheetLayout:
    widths: list[float] = []
    for t in data.tables:
        for j, c in enumerate(t.columns):
            if j >= len(widths):
                widths.append(c.width)
            else:
                widths[j] = max(widths[j], c.width)
    n = max(len(widths), 1)
    head = Block(1, 1, [[data.title] + [None] * (n - 1), [data.subtitle] + [None] * (n - 1)],
                 [["title"] * n, ["subtitle"] * n], 0)
    out = SheetLayout(data.sheet, [head], widths, kategori_labels=list(kategori_labels or []))
    out.merges += [f"A1:{col_letter(n)}1", f"A2:{col_letter(n)}2"]
    top = FIRST_TABLE_ROW
    for t in data.tables:
        b = _table_block(t, top)
        out.blocks.append(b)
        if out.freeze_row is None:
            out.freeze_row = b.header_row + 1
        first, last = b.header_row + 1, b.bottom
        for j, c in enumerate(t.columns, start=1):
            if last < first:
                continue
            rng = f"{col_letter(j)}{first}:{col_letter(j)}{last}"
            if c.databar:
                out.databars.append(rng)
            if c.kind == "kategori":
                out.kategori_ranges.append(rng)
        if t.link_col is not None:
            for i, target in t.links.items():
                out.links[(first + i, t.link_col + 1)] = target
        top = b.bottom + 3
    out.heights = _row_heights(out)
    return out


LINE_HEIGHT = 15.0
_WRAPPED_KINDS = ("text", "header")


def _row_heights(layout: SheetLayout) -> dict[int, float]:
    """Heights for rows whose wrapped text needs more than one line.

    Neither Excel nor LibreOffice grows rows written without a height on open, so the
    height is estimated from the text length and the column width (about one character
    per width unit for Calibri 11).
    """
    out: dict[int, float] = {}
    widths = layout.widths
    # per kind of row (styles and value types): the wrapped text cells and their line length
    plans: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for b in layout.blocks:
        for i, (vals, sts) in enumerate(zip(b.values, b.styles, strict=True)):
            key = (b.left, *sts, None, *map(type, vals))
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = []
                for j, (v, st) in enumerate(zip(vals, sts, strict=True)):
                    if not isinstance(v, str) or st.partition("+")[0] not in _WRAPPED_KINDS:
                        continue
                    width = widths[b.left + j - 1] if b.left + j - 1 < len(widths) else 10
                    plan.append((j, max(int(width * 1.1) - 1, 1)))
            lines = 1
            for j, per_line in plan:
                v = vals[j]
                if len(v) <= per_line and "\n" not in v:
                    continue  # one line
                need = sum(max(1, -(-len(part) // per_line)) for part in v.split("\n"))
                lines = max(lines, need)
            if lines > 1:
                out[b.top + i] = min(lines, 15) * LINE_HEIGHT
    return out


PEMERIKSAAN_COLUMNS = [
    RCol("No", "int", 5), RCol("Aturan", "code", 8), RCol("Tingkat", "text", 11),
    RCol("Lokasi", "text", 22), RCol("Pesan", "text", 70), RCol("Diharapkan", "text", 18),
    RCol("Ditemukan", "text", 18),
]


def pemeriksaan_sheet(sheet: str, title: str, subtitle: str, temuan: list[Temuan]) -> ReportSheetData:
    n_galat = sum(1 for t in temuan if t.tingkat == GALAT)
    n_per = len(temuan) - n_galat
    summary = (f"{n_galat} galat, {n_per} peringatan" if temuan
               else "Tidak ada temuan: semua pemeriksaan lolos.")
    table = ReportTable(f"Temuan: {summary}", list(PEMERIKSAAN_COLUMNS), link_col=3)
    for i, t in enumerate(temuan, start=1):
        table.add([i, t.aturan, t.tingkat, t.lokasi, t.pesan, _show(t.diharapkan),
                   _show(t.ditemukan)], None, link=t.lokasi if t.sel else None)
    return ReportSheetData("pemeriksaan", sheet, title, subtitle, [table])


def _show(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float | int) and not isinstance(v, bool):
        return v
    return str(v)
