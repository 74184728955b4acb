"""The formats of a report sheet as few range calls as possible, worked out without Excel.

Each call into Excel (a COM round trip on Windows, an action of the remote engine) costs more
than the cells it formats, so the button never formats cell by cell. For each attribute of
the layout's cell styles (core.layout.cell_style: bold, fill, number format, ...) the cells
sharing one value are covered with few rectangles: runs along each row, stacked over the rows
where the runs are the same. Attributes that do not show on an empty cell (bold, a number
format, an alignment) may also cover the empty cells between tables, and the most common
value is painted once over the whole sheet area and the others on top of it, so a column of
10,000 rows costs what a column of ten does.

Engine-independent: the button hands each `Paint` to xlwings, as one union of ranges where
the engine takes unions (Excel on Windows) and one call per rectangle elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.grid import col_letter, rect_of
from ..core.layout import NUMBER_FORMATS, SheetLayout, cell_style

Rect = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)

# Attributes a cleared sheet has, as core.layout.CellStyle names them: painting the
# default value is never needed.
DEFAULTS: dict[str, Any] = {
    "bold": False, "italic": False, "size": 11, "colour": None, "fill": None,
    "border": None, "number_format": None, "horizontal": None, "vertical": "bottom",
    "wrap": False,
}
# Attributes that do not show on an empty cell: their rectangles may cover empty cells.
INVISIBLE_WHEN_EMPTY = frozenset({"bold", "italic", "colour", "number_format", "horizontal",
                                  "vertical", "wrap"})
ATTRIBUTES = tuple(DEFAULTS)
_OFF = object()  # a cell outside every block


@dataclass
class Paint:
    """One attribute value for some rectangles of a sheet."""

    attribute: str
    value: Any
    rects: list[Rect] = field(default_factory=list)


def address(rect: Rect) -> str:
    """'B5:D9' (or 'B5' for one cell)."""
    r1, c1, r2, c2 = rect
    first = f"{col_letter(c1)}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{col_letter(c2)}{r2}"


def unions(rects: Sequence[Rect], limit: int = 255) -> list[str]:
    """Comma-separated addresses of the rectangles, each string at most `limit` characters
    (Excel's limit for a range address)."""
    return join(map(address, rects), limit)


def join(addresses: Iterable[str], limit: int = 255) -> list[str]:
    """Addresses joined with commas into strings of at most `limit` characters."""
    out: list[str] = []
    current = ""
    for a in addresses:
        if current and len(current) + 1 + len(a) > limit:
            out.append(current)
            current = a
        else:
            current = f"{current},{a}" if current else a
    if current:
        out.append(current)
    return out


def rectangles(rows: dict[int, list[Any]], want: Any, wildcard: Any = _OFF) -> list[Rect]:
    """Rectangles covering every cell equal to `want` in `rows` ({sheet row: cells from
    column 1}) and no cell holding another value; cells equal to `wildcard` may be covered.

    Runs along each row, stacked while consecutive rows have the same runs; a row holding
    only wildcards under a stack (the gaps between tables, the empty cells beside a sub-row)
    does not interrupt it.
    """
    done: list[Rect] = []
    open_: dict[tuple[int, int], list[int]] = {}  # (c1, c2) -> [first row, last row]
    for r in sorted(rows):
        line = rows[r]
        if all(v is wildcard for v in line):
            continue
        spans: list[tuple[int, int]] = []
        c, n = 0, len(line)
        while c < n:
            if line[c] is wildcard or line[c] != want:
                c += 1
                continue
            start = c
            while start > 0 and line[start - 1] is wildcard:
                start -= 1
            end = real_end = c
            while end + 1 < n and (line[end + 1] is wildcard or line[end + 1] == want):
                end += 1
                if line[end] is not wildcard:
                    real_end = end
            # wildcards at the edges may go either way: continue the rectangle above if one fits
            fits = [k for k in open_ if start + 1 <= k[0] <= c + 1 and real_end + 1 <= k[1] <= end + 1]
            spans.append(fits[0] if fits else (start + 1, end + 1))
            c = end + 1
        spans_set = set(spans)
        for key in list(open_):
            if key not in spans_set and all(
                    v is wildcard or v == want for v in line[key[0] - 1:key[1]]):
                spans_set.add(key)  # only wildcards (or the value) under it: it goes on
                if any(v is not wildcard for v in line[key[0] - 1:key[1]]):
                    open_[key][1] = r
            if key not in spans_set:
                first, last = open_.pop(key)
                done.append((first, key[0], last, key[1]))
        for key in spans:
            if key in open_:
                open_[key][1] = r
            else:
                open_[key] = [r, r]
    for key, (first, last) in open_.items():
        done.append((first, key[0], last, key[1]))
    done.sort()
    return done


# Where numbers in a column alternate between whole amounts and amounts with sen, every
# switch costs a rectangle; past this many number-format rectangles on one sheet, such
# columns show all their amounts with two decimals (the values stay exact), so a click
# keeps a bounded number of calls.
MAX_FORMAT_RECTS = 50
_PRECISE = {NUMBER_FORMATS["money"]: NUMBER_FORMATS["money_sen"],
            NUMBER_FORMATS["number"]: NUMBER_FORMATS["decimal"]}


def _attribute_rows(layout: SheetLayout, width: int) -> dict[str, dict[int, list[Any]]]:
    """{attribute: {sheet row: value per column, _OFF outside the blocks}}.

    Values are unified where that changes nothing visible: General alignment puts a number
    on the right and text on the left anyway, a number format does not touch text, and an
    empty cell shows no font, alignment or format (it may take any). A
    number keeps the format of its own cell style: a whole amount and an amount in sen in
    one column show "1.500" and "1.500,50", as the file writer shows them.
    """
    styles: dict[str, Any] = {}
    out: dict[str, dict[int, list[Any]]] = {a: {} for a in ATTRIBUTES}
    for block in layout.blocks:
        for i, names in enumerate(block.styles):
            r = block.top + i
            values = block.values[i]
            lines = {a: out[a].setdefault(r, [_OFF] * width) for a in ATTRIBUTES}
            for j, name in enumerate(names):
                c = block.left + j - 1
                if c >= width:
                    continue
                st = styles.get(name)
                if st is None:
                    st = styles[name] = cell_style(name)
                for a in ATTRIBUTES:
                    lines[a][c] = getattr(st, a)
                value = values[j] if j < len(values) else None
                kind = type(value)
                if value is None or value == "":  # nothing to show: any look will do
                    for a in INVISIBLE_WHEN_EMPTY:
                        lines[a][c] = _OFF
                elif kind is str:
                    lines["number_format"][c] = _OFF  # a number format does not touch text
                    if st.horizontal is None:
                        lines["horizontal"][c] = "left"  # where General puts text
                elif kind in (int, float):
                    # a number never wraps, yet its wrap is set as its style says: a text
                    # later typed in its place needs no call (excel/reshape.py)
                    if st.horizontal is None:
                        lines["horizontal"][c] = "right"  # where General puts a number
    return out


def precise_columns(layout: SheetLayout, rows: dict[int, list[Any]]) -> dict[int, list[Any]]:
    """Number formats with each block column that mixes whole amounts and amounts with sen
    shown with two decimals throughout (the fallback past MAX_FORMAT_RECTS)."""
    out = {r: list(line) for r, line in rows.items()}
    for block in layout.blocks:
        for c in range(block.left - 1, block.left - 1 + block.width):
            found = {out[r][c] for r in range(block.top, block.bottom + 1)
                     if r in out and c < len(out[r])}
            swap = {w: p for w, p in _PRECISE.items() if w in found and p in found}
            if swap:
                for r in range(block.top, block.bottom + 1):
                    line = out.get(r)
                    if line is not None and c < len(line) and line[c] in swap:
                        line[c] = swap[line[c]]
    return out


class _Rectangles:
    """rectangles() of one attribute's rows, each value worked out once."""

    def __init__(self, rows: dict[int, list[Any]], wildcard: Any) -> None:
        self.rows, self.wildcard = rows, wildcard
        self.found: dict[Any, list[Rect]] = {}

    def __call__(self, value: Any) -> list[Rect]:
        if value not in self.found:
            self.found[value] = rectangles(self.rows, value, self.wildcard)
        return self.found[value]


def plan(layout: SheetLayout) -> list[Paint]:
    """The paints that give every block cell its style, attribute by attribute."""
    width = max((b.left + b.width - 1 for b in layout.blocks), default=0)
    bottom = max((b.bottom for b in layout.blocks), default=0)
    if not width or not bottom:
        return []
    top = min(b.top for b in layout.blocks)  # a layout of some rows only (excel/reshape.py)
    paints: list[Paint] = []
    for attribute, rows in _attribute_rows(layout, width).items():
        default = DEFAULTS[attribute]
        invisible = attribute in INVISIBLE_WHEN_EMPTY
        wildcard = _OFF if invisible else object()  # a fresh object matches nothing
        if not invisible:  # empty cells keep the default: they count as holding it
            rows = {r: [default if v is _OFF else v for v in line] for r, line in rows.items()}
        if attribute == "border":  # a total row is a thin grid with a heavy top edge on it
            totals = rectangles(rows, "total")
            rows = {r: ["thin" if v == "total" else v for v in line] for r, line in rows.items()}
            counts = Counter(v for line in rows.values() for v in line)
            paints += [Paint("border", v, rectangles(rows, v)) for v in counts if v != default]
            if totals:  # the heavy line goes over each total row, also one under another
                paints.append(Paint("border_total", "total", [
                    (r, c1, r, c2) for r1, c1, r2, c2 in totals for r in range(r1, r2 + 1)]))
            continue
        rects = _Rectangles(rows, wildcard)
        counts = Counter(v for line in rows.values() for v in line if v is not _OFF)
        if attribute == "number_format" and sum(
                len(rects(v)) for v in counts if v is not None) > MAX_FORMAT_RECTS:
            rows = precise_columns(layout, rows)
            rects = _Rectangles(rows, wildcard)
            counts = Counter(v for line in rows.values() for v in line if v is not _OFF)
        others = [v for v in counts if v != default]
        if invisible and counts:
            common = counts.most_common(1)[0][0]
            if common != default:
                layered = 1 + sum(len(rects(v)) for v in counts if v != common)
                if layered < sum(len(rects(v)) for v in others):
                    paints.append(Paint(attribute, common, [(top, 1, bottom, width)]))
                    others = [v for v in counts if v != common]
        for value in sorted(others, key=lambda v: (-counts[v], repr(v))):
            if rects(value):
                paints.append(Paint(attribute, value, rects(value)))
    return paints


def merge_rects(merges: Iterable[str]) -> tuple[list[Rect], list[Rect]]:
    """The layout's merged ranges as (rectangles merged row by row, other rectangles):
    single-row merges over the same columns on consecutive rows become one rectangle that
    is merged "across" in one call."""
    multi: list[Rect] = []
    singles: dict[tuple[int, int], list[int]] = {}
    for m in merges:
        rect = rect_of(m)
        r1, c1, r2, c2 = rect
        if r1 == r2:
            singles.setdefault((c1, c2), []).append(r1)
        else:
            multi.append(rect)
    across: list[Rect] = []
    for (c1, c2), rs in singles.items():
        rs.sort()
        start = prev = rs[0]
        for r in rs[1:]:
            if r != prev + 1:
                across.append((start, c1, prev, c2))
                start = r
            prev = r
        across.append((start, c1, prev, c2))
    across.sort()
    return across, multi


def width_runs(widths: Sequence[float]) -> list[tuple[float, list[tuple[int, int]]]]:
    """[(width, [(first column, last column), ...])], fewest calls: one per distinct width
    where columns can be united, runs of equal adjacent widths otherwise."""
    by_width: dict[float, list[tuple[int, int]]] = {}
    j = 0
    while j < len(widths):
        k = j
        while k + 1 < len(widths) and widths[k + 1] == widths[j]:
            k += 1
        by_width.setdefault(widths[j], []).append((j + 1, k + 1))
        j = k + 1
    return sorted(by_width.items(), key=lambda item: -len(item[1]))
