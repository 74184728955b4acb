"""Where each report table goes on its sheet and how each cell looks, engine-independently.

The file writer turns a SheetLayout into worksheet XML (and chart parts), the Excel button
into one range write per block; both draw the same picture from the one palette and the
one table of cell styles below.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import schema
from .findings import GALAT, PERINGATAN, Temuan
from .grid import col_letter
from .record import field, record
from .reports import RCol, ReportSheetData, ReportTable

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

FIRST_TABLE_ROW = 4  # row 1 title, row 2 subtitle, row 3 blank

# --- the palette (hex RRGGBB, no "#"): the file writer and the button both use these ----------

HEADER_FILL = "D9E1F2"
TOTAL_FILL = "F2F2F2"
BORDER_COLOUR = "BFBFBF"
TOTAL_BORDER_COLOUR = "000000"
TITLE_COLOUR = "1F4E79"  # sheet titles and the report sheets' tab colour
SUBTITLE_COLOUR = "595959"
NOTE_COLOUR = "595959"
DATABAR_COLOUR = "5B9BD5"
REFERENCE_LINE_COLOUR = "C00000"
# Charts are named this plus their number on the sheet, by the file writer and the button alike,
# so the next run (either of them) knows which charts are its own to replace.
CHART_NAME_PREFIX = "LKjIP "

# Category colours, best level first: (fill, font) for cells, one solid colour for chart bars.
LEVEL_COLOURS = [
    ("C6EFCE", "006100"),
    ("DDEBF7", "1F4E79"),
    ("FFEB9C", "9C5700"),
    ("F8CBAD", "843C0C"),
    ("FFC7CE", "9C0006"),
]
LEVEL_CHART_COLOURS = ["70AD47", "5B9BD5", "FFC000", "ED7D31", "C00000"]
NEUTRAL_CHART_COLOUR = "A5A5A5"  # a bar whose kategori is unknown
SERIES_COLOURS = ["A5A5A5", "FFC000", "ED7D31", "5B9BD5", "70AD47", "4472C4"]  # oldest year first


def kategori_index(label: str | None, labels: Sequence[str]) -> int | None:
    """Which level colour a kategori label gets: its rank in `labels` (best first), the worst
    label always the last colour (red), whatever the number of levels."""
    if label is None or label not in labels:
        return None
    k = list(labels).index(label)
    if k == len(labels) - 1 and k > 0:
        return len(LEVEL_COLOURS) - 1
    return min(k, len(LEVEL_COLOURS) - 1)


def kategori_colour(label: str | None, labels: Sequence[str]) -> tuple[str, str] | None:
    """(fill, font) of a kategori cell; None for a label outside the scale."""
    k = kategori_index(label, labels)
    return None if k is None else LEVEL_COLOURS[k]


def kategori_chart_colour(label: str | None, labels: Sequence[str]) -> str:
    """The bar colour of an indicator with this kategori (grey when it has none)."""
    k = kategori_index(label, labels)
    return NEUTRAL_CHART_COLOUR if k is None else LEVEL_CHART_COLOURS[k]


# --- cell styles ------------------------------------------------------------------------------


@record(frozen=True)
class CellStyle:
    """How a named cell style looks; writers render this, they keep no style table of their own."""

    bold: bool = False
    italic: bool = False
    size: float = 11
    colour: str | None = None  # font colour
    fill: str | None = None
    border: str | None = "thin"  # None, "thin", or "total" (thin with a medium black top)
    number_format: str | None = None
    horizontal: str | None = None  # left, center, right; None = by value
    vertical: str = "top"
    wrap: bool = False


# Whole rupiah unless the amount has sen; percentages always two decimals.
NUMBER_FORMATS = {
    "money": "#,##0",
    "money_sen": "#,##0.00",
    "percent": "#,##0.00",
    "int": "0",
    "number": "#,##0",
    "decimal": "#,##0.00",
}

STYLES: dict[str, CellStyle] = {
    "title": CellStyle(bold=True, size=14, colour=TITLE_COLOUR, border=None, horizontal="left",
                       vertical="center"),
    "subtitle": CellStyle(italic=True, colour=SUBTITLE_COLOUR, border=None, horizontal="left",
                          vertical="center"),
    "table_title": CellStyle(bold=True, size=12, border=None, horizontal="left", vertical="center"),
    "header": CellStyle(bold=True, fill=HEADER_FILL, horizontal="center", vertical="center", wrap=True),
    "colnum": CellStyle(italic=True, size=9, fill=HEADER_FILL, horizontal="center", vertical="center"),
    "text": CellStyle(wrap=True),
    "text_r": CellStyle(horizontal="right"),
    "code": CellStyle(horizontal="left"),
    "money": CellStyle(number_format=NUMBER_FORMATS["money"]),
    "money_sen": CellStyle(number_format=NUMBER_FORMATS["money_sen"]),
    "percent": CellStyle(number_format=NUMBER_FORMATS["percent"]),
    "number": CellStyle(number_format=NUMBER_FORMATS["number"], horizontal="right"),
    "decimal": CellStyle(number_format=NUMBER_FORMATS["decimal"], horizontal="right"),
    "int": CellStyle(number_format=NUMBER_FORMATS["int"], horizontal="center"),
    "kategori": CellStyle(bold=True, horizontal="center"),
    "note": CellStyle(italic=True, size=10, colour=NOTE_COLOUR, border=None, horizontal="left",
                      wrap=True),
}


def cell_style(name: str) -> CellStyle:
    """The look of a style name as layouts write it: a base ("money") and an optional row
    variant ("money+total"); "sub" rows are bold, "total" rows bold on the total fill."""
    base, _, variant = name.partition("+")
    st = STYLES.get(base, STYLES["text"])
    if variant == "sub":
        return CellStyle(**{**st.__dict__, "bold": True})
    if variant == "total":
        return CellStyle(**{**st.__dict__, "bold": True, "fill": TOTAL_FILL, "border": "total"})
    return st


# --- charts and print -------------------------------------------------------------------------


@record
class ChartSpec:
    """A native chart over cells of the same sheet; the file writer and the button draw it."""

    kind: str  # "bar" (horizontal bars), "column" (vertical bars) or "line"
    title: str
    categories: str  # A1 range on the same sheet, e.g. "B5:B13"
    series: list[tuple[str, str]]  # (name, A1 range of values)
    anchor: str  # top-left cell, e.g. "A20"
    width_cols: int = 8
    height_rows: int = 16
    reference_line: float | None = None  # e.g. 100.0: a line across the chart at this value
    point_colours: list[str] | None = None  # hex RRGGBB per category (single-series charts)
    # cells holding reference_line once per category (under the chart, hidden by it): the line
    # is drawn from them, as LibreOffice draws no literal series
    reference_range: str | None = None


@record
class PrintSetup:
    """Page setup of a sheet: report sheets print on A4 landscape, fit to the page width."""

    landscape: bool = True
    paper: str = "A4"
    fit_width: bool = True
    repeat_rows: tuple[int, int] | None = None  # 1-based first and last header rows
    footer: str = "Halaman &P dari &N"
    row_breaks: list[int] = field(default_factory=list)  # 1-based rows that start a new page


# --- layouts ----------------------------------------------------------------------------------


@record
class Block:
    """A rectangle written in one go: a table's title, header and rows."""

    top: int  # 1-based sheet row of the first row of `values`
    left: int
    values: list[list[Any]]
    styles: list[list[str]]  # style name per cell (see STYLES and cell_style)
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


@record
class SheetLayout:
    """Where everything on one report sheet goes; every writer follows it cell for cell."""

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
    charts: list[ChartSpec] = field(default_factory=list)
    print_setup: PrintSetup = field(default_factory=PrintSetup)
    hidden: bool = False  # a sheet of ours the user does not need to see (core/shape.py)

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    @property
    def n_tables(self) -> int:
        """Report tables on the sheet (blocks with a header row; not the title, notes or the
        cells a chart's reference line is drawn from)."""
        return sum(1 for b in self.blocks if b.header_row > 0)


def _cell_style(col: RCol, value: Any, row_style: str | None) -> str:
    kind = col.kind
    if kind == "text" and isinstance(value, float):
        kind = "money"  # a number in a mixed column (Pemeriksaan): grouped
    if isinstance(value, str) and kind in ("money", "percent", "number", "int"):
        kind = "text_r"  # "-" in a number column, right aligned
    return kind + ("+" + row_style if row_style else "")


# Number kinds whose format depends on the value: whole numbers without decimals.
_FRACTION_KIND = {"money": "money_sen", "number": "decimal"}

EXCEL_MAX_TEXT = 32_767


def _fit(value: Any) -> Any:
    """Text longer than an Excel cell holds is cut, visibly, rather than making the file invalid."""
    if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
        return value[:EXCEL_MAX_TEXT - 1] + "…"
    return value


# --- the column grid: each table keeps its own widths -------------------------------------------


def _boundaries(widths: Sequence[float]) -> list[float]:
    out, x = [], 0.0
    for w in widths:
        x += w
        out.append(round(x, 1))
    return out


def _grid(tables: Sequence[ReportTable]) -> tuple[list[float], list[list[tuple[int, int]]]]:
    """Sheet column widths and, per table, each column's (first, last) sheet column (0-based).

    Tables stacked on one sheet share its columns; where their widths differ the sheet gets
    the union of their column edges and a table's column spans (is merged over) the sheet
    columns between its own edges, so no table inherits another's widths.
    """
    per_table = [_boundaries([c.width for c in t.columns]) for t in tables]
    edges: list[float] = []
    for b in per_table:
        for x in b:
            if all(abs(x - e) >= 1.5 for e in edges):  # no slivers narrower than 1.5
                edges.append(x)
    edges.sort()
    widths = [edges[0]] + [b - a for a, b in zip(edges, edges[1:], strict=False)] if edges else []

    def nearest(x: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - x))

    spans: list[list[tuple[int, int]]] = []
    for b in per_table:
        cols, start = [], 0
        for x in b:
            end = max(nearest(x), start)
            cols.append((start, end))
            start = end + 1
        spans.append(cols)
    return [round(w, 1) for w in widths], spans


# --- a table's block --------------------------------------------------------------------------


@record
class _Placed:
    """A table's block on the sheet with the rows and columns its data occupies."""

    block: Block
    first_data: int  # sheet row of the first data row
    spans: list[tuple[int, int]]  # per table column: (first, last) 1-based sheet columns


def _table_block(table: ReportTable, top: int, spans: list[tuple[int, int]],
                 merges: list[str]) -> _Placed:
    n = len(table.columns)
    width = spans[-1][1] + 1 if spans else n  # this table's own sheet columns
    wide = width != n
    at = [a for a, _b in spans]  # 0-based block column of each table column

    def spread(cells: list[Any], fill: Any) -> list[Any]:
        if not wide:
            return cells
        line = [fill] * width
        for j, v in enumerate(cells):
            line[at[j]] = v
        return line

    def spread_styles(sts: list[str]) -> list[str]:
        if not wide:
            return sts
        line = [""] * width
        for j, (a, b) in enumerate(spans):
            for k in range(a, b + 1):
                line[k] = sts[j]
        return line

    values: list[list[Any]] = [[table.title] + [None] * (width - 1)]
    styles: list[list[str]] = [["table_title"] * width]
    header = top + 1
    values.append(spread([c.header for c in table.columns], None))
    styles.append(spread_styles(["header"] * n))
    numbered = table.column_numbers
    if numbered:
        values.append(spread(list(range(1, n + 1)), None))
        styles.append(spread_styles(["colnum"] * n))
    first_data = top + len(values)
    # Rows alike in their row style and the types of their values are styled alike: the
    # styles (and which cells hold text or may hold a fraction) are worked out once per kind.
    plans: dict[tuple[Any, ...], tuple[list[str], list[int], list[tuple[int, str]]]] = {}
    for row, st in zip(table.rows, table.styles, strict=True):
        key = (st, *map(type, row))
        plan = plans.get(key)
        if plan is None:
            sts = [_cell_style(c, v, st) for c, v in zip(table.columns, row, strict=True)]
            fractions = []
            for j, (s, v) in enumerate(zip(sts, row, strict=True)):
                base, plus, variant = s.partition("+")
                if base in _FRACTION_KIND and type(v) is float:
                    fractions.append((j, _FRACTION_KIND[base] + plus + variant))
            plan = plans[key] = (sts, [j for j, v in enumerate(row) if isinstance(v, str)],
                                 fractions)
        line = list(row)
        for j in plan[1]:
            if len(line[j]) > EXCEL_MAX_TEXT:
                line[j] = _fit(line[j])
        sts = plan[0]
        if plan[2]:
            sts = list(sts)
            for j, frac in plan[2]:
                v = line[j]
                if v - v == 0.0 and not v.is_integer():  # finite with a fraction
                    sts[j] = frac
        values.append(spread(line, None))
        styles.append(spread_styles(list(sts)))
    if wide:
        for r in range(header, top + len(values)):
            for a, b in spans:
                if b > a:
                    merges.append(f"{col_letter(a + 1)}{r}:{col_letter(b + 1)}{r}")
    for note in table.notes:
        r = top + len(values)
        values.append([note] + [None] * (width - 1))
        styles.append(["note"] * width)
        if width > 1:
            merges.append(f"A{r}:{col_letter(width)}{r}")
    placed = [(a + 1, b + 1) for a, b in spans]
    return _Placed(Block(top, 1, values, styles, header), first_data, placed)


def _data_rows(table: ReportTable, first_data: int) -> tuple[int, int] | None:
    """Sheet rows of the leading run of ordinary rows (no sub-total or total rows)."""
    n = 0
    for st in table.styles:
        if st is not None:
            break
        n += 1
    return (first_data, first_data + n - 1) if n else None


def _charts(table: ReportTable, placed: _Placed, labels: list[str], anchor_row: int,
            widths: list[float], blocks: list[Block]) -> list[ChartSpec]:
    out = []
    rows = _data_rows(table, placed.first_data)
    if rows is None:
        return out
    first, last = rows

    def rng(j: int) -> str:
        c = col_letter(placed.spans[j][0])
        return f"{c}{first}:{c}{last}"

    width_cols, total = 0, 0.0
    for w in widths:  # about 100 width units: a readable chart on a landscape page
        width_cols += 1
        total += w
        if total >= 100:
            break
    for hint in table.charts:
        colours = None
        if hint.colour_by is not None:
            colours = [kategori_chart_colour(row[hint.colour_by] if isinstance(
                row[hint.colour_by], str) else None, labels) for row in table.rows[:last - first + 1]]
        n = last - first + 1
        height = max(14, min(30, 6 + n * (2 if hint.kind == "bar" else 0)))
        ref_range = None
        cols = max(width_cols, 4)
        if hint.reference_line is not None:
            height = max(height, n + 2)  # the reference cells stay under the chart's right edge
            c = col_letter(cols)
            ref_range = f"{c}{anchor_row + 1}:{c}{anchor_row + n}"
            blocks.append(Block(anchor_row + 1, cols, [[hint.reference_line]] * n,
                                [["note"]] * n, 0))
        out.append(ChartSpec(
            kind=hint.kind, title=hint.title, categories=rng(hint.category),
            series=[(table.columns[j].header, rng(j)) for j in hint.values],
            anchor=f"A{anchor_row}", width_cols=cols, height_rows=height,
            reference_line=hint.reference_line, point_colours=colours, reference_range=ref_range))
        anchor_row += height + 2
    return out


def layout_sheet(data: ReportSheetData, kategori_labels: list[str] | None = None) -> SheetLayout:
    """Tables one under another (title, header, column numbers, rows, notes), then charts."""
    labels = list(kategori_labels or [])
    widths, spans = _grid(data.tables)
    n = max(len(widths), 1)
    if not widths:
        widths = [14.0]
    head = Block(1, 1, [[data.title] + [None] * (n - 1), [data.subtitle] + [None] * (n - 1)],
                 [["title"] * n, ["subtitle"] * n], 0)
    out = SheetLayout(data.sheet, [head], widths, kategori_labels=labels)
    out.merges += [f"A1:{col_letter(n)}1", f"A2:{col_letter(n)}2"]
    top = FIRST_TABLE_ROW
    placed_all: list[tuple[ReportTable, _Placed]] = []
    for t, sp in zip(data.tables, spans, strict=True):
        p = _table_block(t, top, sp, out.merges)
        b = p.block
        out.blocks.append(b)
        placed_all.append((t, p))
        if out.freeze_row is None:
            out.freeze_row = p.first_data
        first, last = p.first_data, p.first_data + len(t.rows) - 1
        for j, c in enumerate(t.columns):
            if last < first:
                continue
            col = col_letter(p.spans[j][0])
            rng = f"{col}{first}:{col}{last}"
            if c.databar:
                out.databars.append(rng)
            if c.kind == "kategori":
                out.kategori_ranges.append(rng)
        if t.link_col is not None:
            for i, target in t.links.items():
                out.links[(first + i, p.spans[t.link_col][0])] = target
        top = b.bottom + 3
    if data.notes:
        rows = [[note] + [None] * (n - 1) for note in data.notes]
        out.blocks.append(Block(top, 1, rows, [["note"] * n for _ in rows], 0))
        out.merges += [f"A{top + i}:{col_letter(n)}{top + i}" for i in range(len(rows)) if n > 1]
        top += len(rows) + 2
    for t, p in placed_all:
        charts = _charts(t, p, labels, top, widths, out.blocks)
        out.charts += charts
        if charts:
            top = max(top, _last_row(charts[-1]) + 3)
    same_columns = len({tuple(c.header for c in t.columns) for t in data.tables}) <= 1
    if placed_all and same_columns:
        first_block = placed_all[0][1]
        out.print_setup = PrintSetup(repeat_rows=(first_block.block.header_row,
                                                  first_block.first_data - 1))
    out.heights = _row_heights(out)
    out.print_setup.row_breaks = _chart_breaks(out)
    return out


# Printable A4 landscape at the writers' margins (0.4" sides, 0.6" top and bottom), in points.
_PAGE_WIDTH_PT = (11.69 - 0.8) * 72
_PAGE_HEIGHT_PT = (8.27 - 1.2 - 0.3) * 72


def _chart_breaks(layout: SheetLayout) -> list[int]:
    """Page breaks that keep each chart whole: before a chart that would straddle a page.

    Estimated the way fit-to-width prints: the sheet is scaled to the page width (a width unit
    is about 7 pixels), so a page holds the rows of 1/scale page heights.
    """
    if not layout.charts:
        return []
    width_pt = sum((w * 7 + 5) * 0.75 for w in layout.widths)
    scale = min(1.0, _PAGE_WIDTH_PT / width_pt) if width_pt else 1.0
    page = _PAGE_HEIGHT_PT / scale

    def height(r: int) -> float:
        return layout.heights.get(r, LINE_HEIGHT)

    breaks: list[int] = []
    y, row, start = 0.0, 1, 1  # y: height used on the current page before `row`
    for chart in sorted(layout.charts, key=_anchor_row):
        top = _anchor_row(chart)
        while row < top:
            y += height(row)
            row += 1
            if y > page:  # the page ended somewhere before: carry the overflow
                y -= page
                start = row
        size = chart.height_rows * LINE_HEIGHT
        if y + size > page and size <= page and top > start:
            breaks.append(top)
            y, start = 0.0, top
        for _ in range(chart.height_rows):
            y += height(row)
            row += 1
    return breaks


def _anchor_row(chart: ChartSpec) -> int:
    return int("".join(ch for ch in chart.anchor if ch.isdigit()))


def _last_row(chart: ChartSpec) -> int:
    row = int("".join(ch for ch in chart.anchor if ch.isdigit()))
    return row + chart.height_rows


LINE_HEIGHT = 15.0
_WRAPPED_KINDS = ("text", "header", "note")


def _merged_widths(layout: SheetLayout) -> dict[tuple[int, int], float]:
    """(row, first col) -> width of a merged cell spanning several columns."""
    out: dict[tuple[int, int], float] = {}
    for m in layout.merges:
        a, _, b = m.partition(":")
        ca = "".join(ch for ch in a if ch.isalpha())
        cb = "".join(ch for ch in b if ch.isalpha())
        ra = int("".join(ch for ch in a if ch.isdigit()))
        ja, jb = _col_number(ca), _col_number(cb)
        out[(ra, ja)] = sum(layout.widths[ja - 1:jb])
    return out


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines a wrapped cell needs: words move whole to the next line, as Excel wraps them."""
    n = 0
    for part in text.split("\n"):
        used, lines = 0, 1
        for word in part.split():
            w = len(word)
            if used and used + 1 + w > per_line:
                lines += 1
                used = 0
            used = w if not used else used + 1 + w
            while used > per_line:  # a word longer than the line breaks inside
                lines += 1
                used -= per_line
        n += lines
    return n


def _row_heights(layout: SheetLayout) -> dict[int, float]:
    """Heights for rows whose wrapped text needs more than one line.

    Neither Excel nor LibreOffice grows rows written without a height on open, so the
    height is estimated from the text length and the column width (about one character
    per width unit for Calibri 11).
    """
    out: dict[int, float] = {}
    widths = layout.widths
    merged = _merged_widths(layout) if layout.merges else {}
    # per kind of row (styles and value types): the wrapped text cells and their line length
    plans: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for b in layout.blocks:
        for i, (vals, sts) in enumerate(zip(b.values, b.styles, strict=True)):
            r = b.top + i
            spans_here = merged and any((r, b.left + j) in merged for j in range(len(vals)))
            key = (b.left, *sts, None, *map(type, vals))
            plan = None if spans_here else plans.get(key)
            if plan is None:
                plan = []
                for j, (v, st) in enumerate(zip(vals, sts, strict=True)):
                    if not isinstance(v, str) or st.partition("+")[0] not in _WRAPPED_KINDS:
                        continue
                    col = b.left + j
                    width = merged.get((r, col)) if merged else None
                    if width is None:
                        width = widths[col - 1] if col - 1 < len(widths) else 10
                    per_line = width * (0.95 if st.startswith("header") else 1.1) - 1
                    plan.append((j, max(int(per_line), 1)))
                if not spans_here:
                    plans[key] = plan
            lines = 1
            for j, per_line in plan:
                v = vals[j]
                if len(v) <= per_line and "\n" not in v:
                    continue  # one line
                lines = max(lines, wrapped_lines(v, per_line))
            if lines > 1:
                out[r] = min(lines, 15) * LINE_HEIGHT
    return out


PEMERIKSAAN_COLUMNS = list(schema.REPORTS_BY_KEY["pemeriksaan"].table("pemeriksaan").columns)


def pemeriksaan_sheet(sheet: str, title: str, subtitle: str, temuan: list[Temuan]) -> ReportSheetData:
    n_galat = sum(1 for t in temuan if t.tingkat == GALAT)
    n_per = sum(1 for t in temuan if t.tingkat == PERINGATAN)
    n_cat = len(temuan) - n_galat - n_per
    summary = f"{n_galat} kesalahan, {n_per} peringatan" + (f", {n_cat} catatan" if n_cat else "")
    if not temuan:
        summary = "Tidak ada temuan: semua pemeriksaan lolos."
    table = ReportTable(f"Temuan: {summary}", list(PEMERIKSAAN_COLUMNS), link_col=3,
                        column_numbers=False)
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
