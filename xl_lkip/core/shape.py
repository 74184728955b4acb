"""What a report sheet looks like apart from its values, as a short key kept in the workbook.

Formatting a sheet costs the Excel button dozens of calls (each a COM round trip, or an
Office.js sync in xlwings Lite); writing its values costs one. Most clicks follow an edit of
a few numbers, after which every report sheet has the same shape as before: the same cells
filled, the same styles, merges, widths and charts, only other values. So every writer
records the shape it gave each report sheet in a hidden sheet of the workbook (SHAPE_SHEET),
and the button formats only the sheets whose shape changed; the others get their values.

The key covers everything a writer draws from a layout except the values themselves: cell
styles, which cells hold text, numbers or nothing (the button's formats depend on that),
merges, widths, row heights, conditional formats, links, frozen rows, charts and print
setup. It is a checksum, not a secret: two different shapes sharing a key would only leave
one sheet with the previous look. Deleting the hidden sheet makes the next click format
every report sheet again.

A key has three parts (KeyParts): the cells (styles, merges, row heights, conditional formats,
links, print setup), the frame (column widths, frozen rows) and the charts. Clearing a sheet
keeps its column widths, frozen panes and charts, so a sheet whose cells changed shape (rows
added) is formatted again without the parts that stayed the same.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

from .grid import rect_of
from .layout import Block, SheetLayout
from .schema import SHAPE_SHEET
from .sheets import sheet_key

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

KEY_PREFIX = "b2-"  # b(entuk), version 2 of what the key covers (three parts)
ROWS_PREFIX = "r1|"  # the rows of a sheet (RowProfile), version 1
STORE_HEADER = ("Lembar", "Bentuk")
STORE_ROWS_HEADER = "Baris"
STORE_TITLE = "xl-lkip: bentuk lembar laporan (jangan diubah)"
STORE_NOTE = ("Tombol Perbarui Laporan memakai lembar tersembunyi ini untuk mengenali lembar "
              "laporan yang bentuknya tidak berubah: lembar itu hanya ditulis nilainya, tanpa "
              "diformat ulang. Hapus lembar ini bila format lembar laporan rusak; klik "
              "berikutnya memformat ulang semua lembar laporan.")
_CHUNK = 512  # rows hashed together


# What the button's formats see of a value: nothing, text, a number or a truth value.
_KINDS: dict[type, str] = {type(None): "-", str: "s", int: "n", float: "n", bool: "b"}


def _kinds(values: Sequence[Any]) -> str:
    return "".join([k if (k := _KINDS.get(type(v), "o")) != "s" or v else "-" for v in values])


class _Checksum:
    """Two running checksums of everything fed, and its length: 72 bits, in one pass."""

    def __init__(self) -> None:
        self.crc, self.adler, self.size = 0, 1, 0

    def feed(self, obj: Any) -> None:
        data = repr(obj).encode("utf-8", "surrogatepass")
        self.crc = zlib.crc32(data, self.crc)
        self.adler = zlib.adler32(data, self.adler)
        self.size += len(data)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size & 0xFFFFFF:06x}"


def _chart_fields(chart: Any) -> tuple[Any, ...]:
    return (chart.kind, chart.title, chart.categories, [tuple(s) for s in chart.series],
            chart.anchor, chart.width_cols, chart.height_rows, chart.reference_line,
            chart.point_colours, chart.reference_range)


class KeyParts:
    """A shape key split into what a click may redo separately: `cells`, `frame`, `charts`."""

    __slots__ = ("cells", "charts", "frame")

    def __init__(self, key: str | None) -> None:
        parts = key[len(KEY_PREFIX):].split(".") if key and key.startswith(KEY_PREFIX) else []
        self.cells, self.frame, self.charts = parts if len(parts) == 3 else ("", "", "")

    def same(self, other: KeyParts, part: str) -> bool:
        """Whether both keys hold the same (known) checksum of `part`."""
        mine = getattr(self, part)
        return bool(mine) and mine == getattr(other, part)


def _kinds_of(values: Sequence[Any], seen: dict[int, str] | None) -> str:
    """_kinds of a row of values, worked out once per row for a key and a profile alike."""
    if seen is None:
        return _kinds(values)
    out = seen.get(id(values))
    if out is None:
        out = seen[id(values)] = _kinds(values)
    return out


def shape_key(layout: SheetLayout, seen: dict[int, str] | None = None) -> str:
    """The key of everything `layout` draws on its sheet except the values: the checksums of
    its cells, its frame and its charts (KeyParts). `seen` shares what rows hold with
    row_looks of the same layout."""
    frame = _Checksum()
    frame.feed((layout.widths, layout.freeze_row))
    charts = _Checksum()
    charts.feed([_chart_fields(c) for c in layout.charts])
    out = _Checksum()
    ps = layout.print_setup
    out.feed((sheet_key(layout.sheet), layout.merges, sorted(layout.heights.items()),
              layout.databars,
              layout.kategori_ranges, layout.kategori_labels, sorted(layout.links),
              (ps.landscape, ps.paper, ps.fit_width, ps.repeat_rows, ps.footer, ps.row_breaks),
              layout.hidden))
    for block in layout.blocks:
        out.feed((block.top, block.left, block.header_row, len(block.values), block.width))
        patterns: dict[tuple[str, ...], int] = {}  # rows of a table share a few style rows
        for start in range(0, len(block.values), _CHUNK):
            rows = []
            for styles in block.styles[start:start + _CHUNK]:
                key = tuple(styles)
                rows.append(patterns.setdefault(key, len(patterns)))
            out.feed((rows, [_kinds_of(v, seen) for v in block.values[start:start + _CHUNK]]))
        out.feed(list(patterns))
    return f"{KEY_PREFIX}{out.hexdigest()}.{frame.hexdigest()}.{charts.hexdigest()}"


# --- the rows of a sheet ---------------------------------------------------------------------
#
# When a sheet's cells changed shape because rows were added or removed (an indicator more or
# less), most of its rows still look as before, only at other places. Each row's look is a
# short checksum of its cell styles, which cells hold text, numbers or nothing, and the cells
# merged across it; the hidden sheet keeps a sheet's checksums, so the button can delete and
# insert rows and copy the look of a row that is already right (excel/reshape.py) instead of
# formatting the whole sheet again.

MAX_PROFILE = 30_000  # characters: a cell holds at most 32,767


Span = tuple[int, int]  # first and last column of a merge across one row
Detail = tuple[list[str], str, list[Span]]  # a look's style names, kinds and merges


def row_looks(layout: SheetLayout, seen: dict[int, str] | None = None) -> RowProfile | None:
    """The rows 1..bottom of `layout`: each row's look as an 8-digit checksum ("" for an empty
    row) of its cell styles, what each cell holds (_kinds) and its merges across; None where
    a merge spans rows (a row's look then depends on its neighbours)."""
    bottom = max((b.bottom for b in layout.blocks), default=0)
    width = max((b.left + b.width - 1 for b in layout.blocks), default=0)
    spans: dict[int, list[Span]] = {}
    for m in layout.merges:
        r1, c1, r2, c2 = rect_of(m)
        if r1 != r2:
            return None
        spans.setdefault(r1, []).append((c1, c2))
    parts: dict[int, list[tuple[int, Any, str]]] = {}  # row -> (column, styles, kinds)
    last = 0
    for block in layout.blocks:
        at = block.left - 1
        for i, (names, values) in enumerate(zip(block.styles, block.values, strict=False)):
            n = min(len(names), len(values), width - at)
            held = _kinds_of(values, seen)[:n]
            parts.setdefault(block.top + i, []).append((at, names, held))
            if held.count("-") != n:
                last = max(last, block.top + i)
    looks: list[str] = []
    details: dict[str, Detail] = {}
    seen: dict[tuple[Any, ...], str] = {}
    blank = [""] * width
    for r in range(1, bottom + 1):
        row = parts.get(r)
        if row is None and r not in spans:
            looks.append("")
            continue
        if row is not None and len(row) == 1 and row[0][0] == 0 and len(row[0][2]) == width:
            names, text = tuple(row[0][1][:width]), row[0][2]  # one block over every column
        else:
            line, held = list(blank), ["-"] * width
            for at, segment, kinds in row or ():
                line[at:at + len(kinds)] = segment[:len(kinds)]
                held[at:at + len(kinds)] = kinds
            names, text = tuple(line), "".join(held)
        merged = sorted(spans.get(r, ()))
        key = (names, text, tuple(merged))
        look = seen.get(key)
        if look is None:
            look = seen[key] = f"{zlib.crc32(repr(key).encode('utf-8', 'surrogatepass')):08x}"
            details.setdefault(look, (list(names), text, merged))
        looks.append(look)
    out = RowProfile(looks, last, width, list(layout.databars), list(layout.kategori_ranges),
                     labels_key(layout.kategori_labels))
    out.details = details
    out.charts = [chart_token(c) for c in layout.charts]
    return out


def chart_token(chart: Any) -> str:
    """What the button draws of a chart, with its ranges readable (the rest as a checksum):
    "kind~checksum~anchor~categories~width~height~range^range"."""
    crc = zlib.crc32(repr((chart.title, [name for name, _r in chart.series])).encode(
        "utf-8", "surrogatepass"))
    return "~".join((chart.kind, f"{crc:08x}", chart.anchor, chart.categories,
                     str(chart.width_cols), str(chart.height_rows),
                     "^".join(r for _name, r in chart.series)))


class RowProfile:
    """What the button needs of a sheet's previous rows: their looks and what each look is
    made of (Detail), the last row holding a value, the columns, and the conditional formats
    (data bars; kategori ranges and labels)."""

    __slots__ = ("charts", "databars", "details", "kategori", "labels", "last", "looks",
                 "width")

    def __init__(self, looks: list[str], last: int, width: int, databars: list[str],
                 kategori: list[str], labels: str) -> None:
        self.looks, self.last, self.width = looks, last, width
        self.databars, self.kategori, self.labels = databars, kategori, labels
        self.details: dict[str, Detail] = {}
        self.charts: list[str] = []  # chart_token of each chart

    @classmethod
    def of(cls, layout: SheetLayout, seen: dict[int, str] | None = None) -> RowProfile | None:
        return row_looks(layout, seen)

    def encode(self) -> str | None:
        runs: list[list[Any]] = []
        for look in self.looks:
            if runs and runs[-1][0] == look:
                runs[-1][1] += 1
            else:
                runs.append([look, 1])
        details = ";".join(
            f"{look}={','.join(names)}~{kinds}~{' '.join(f'{a}-{b}' for a, b in merged)}"
            for look, (names, kinds, merged) in self.details.items())
        text = "|".join((ROWS_PREFIX[:-1], str(self.last), str(self.width),
                         ",".join(f"{look}*{n}" for look, n in runs),
                         " ".join(self.databars), " ".join(self.kategori), self.labels,
                         details, "/".join(self.charts)))
        return text if len(text) <= MAX_PROFILE else None

    @classmethod
    def decode(cls, text: Any) -> RowProfile | None:
        """The profile in `text`; None for anything else (an earlier version, a damaged cell)."""
        if not isinstance(text, str) or not text.startswith(ROWS_PREFIX):
            return None
        parts = text.strip().split("|")
        if len(parts) not in (8, 9):
            return None
        try:
            looks: list[str] = []
            for run in filter(None, parts[3].split(",")):
                look, _, n = run.rpartition("*")
                count = int(n)
                if count < 1 or len(looks) + count > 1_100_000:
                    return None
                looks.extend([look] * count)
            out = cls(looks, int(parts[1]), int(parts[2]), parts[4].split(),
                      parts[5].split(), parts[6])
            for ref in (*out.databars, *out.kategori):
                rect_of(ref)  # a range that does not read: the record is damaged
            for item in filter(None, parts[7].split(";")):
                look, _, rest = item.partition("=")
                names, kinds, merged = rest.split("~")
                spans = [(int(a), int(b)) for a, _, b in
                         (x.partition("-") for x in merged.split())]
                out.details[look] = (names.split(","), kinds, spans)
            if len(parts) == 9:
                out.charts = [t for t in parts[8].split("/") if t]
            return out
        except ValueError:
            return None


def labels_key(labels: Sequence[str]) -> str:
    """The kategori labels of a sheet's colour rules, as a checksum."""
    return f"{zlib.crc32(repr(list(labels)).encode('utf-8', 'surrogatepass')):08x}"


def store_layout(keys: Mapping[str, str],
                 rows: Mapping[str, str | None] | None = None) -> SheetLayout:
    """The hidden sheet recording `keys` ({report sheet: shape key}) and `rows` ({report
    sheet: encoded RowProfile}), as a layout every writer writes like a report sheet."""
    rows = rows or {}
    values: list[list[Any]] = [[STORE_TITLE, None, None], [STORE_NOTE, None, None],
                               [None, None, None], [*STORE_HEADER, STORE_ROWS_HEADER]]
    styles = [["title"] * 3, ["subtitle"] * 3, ["note"] * 3, ["header"] * 3]
    for sheet, key in keys.items():
        values.append([sheet, key or None, (rows.get(sheet) or None) if key else None])
        styles.append(["text", "code", "code"])
    return SheetLayout(SHAPE_SHEET, [Block(1, 1, values, styles, header_row=4)],
                       widths=[30.0, 34.0, 40.0], hidden=True)


def shapes(layouts: Sequence[SheetLayout]
           ) -> tuple[dict[str, str], dict[str, RowProfile | None]]:
    """The shape key and row profile of each layout, by sheet (what its rows hold worked out
    once for both)."""
    keys: dict[str, str] = {}
    profiles: dict[str, RowProfile | None] = {}
    for lo in layouts:
        seen: dict[int, str] = {}
        keys[lo.sheet] = shape_key(lo, seen)
        profiles[lo.sheet] = RowProfile.of(lo, seen)
    return keys, profiles


def encoded(profiles: Mapping[str, RowProfile | None]) -> dict[str, str | None]:
    """The profiles as the hidden sheet records them (store_layout's `rows`)."""
    return {name: p.encode() if p else None for name, p in profiles.items()}


def store_entries(layouts: Sequence[SheetLayout]) -> tuple[dict[str, str], dict[str, str | None]]:
    """The keys and encoded row profiles of `layouts`, as store_layout takes them."""
    keys, profiles = shapes(layouts)
    return keys, encoded(profiles)


def is_store(values: Sequence[Sequence[Any]] | None) -> bool:
    """Whether a sheet named SHAPE_SHEET holding `values` is ours to rewrite: empty, or with
    the header row of the table of shapes. A sheet of the user's that happens to have the name
    is never overwritten."""
    rows = [list(r) for r in values or []]
    if all(v is None or v == "" for r in rows for v in r):
        return True
    return any(tuple(str(v).strip() for v in r[:2]) == STORE_HEADER for r in rows)


def read_store(values: Sequence[Sequence[Any]] | None) -> dict[str, str]:
    """{report sheet key (sheet_key): shape key} from the hidden sheet's values as read; rows
    that are not a sheet name beside a key of this version are ignored."""
    return {name: key for name, (key, _rows) in read_store_rows(values).items()}


def read_store_rows(values: Sequence[Sequence[Any]] | None
                    ) -> dict[str, tuple[str, RowProfile | None]]:
    """{report sheet key: (shape key, its row profile or None)} from the hidden sheet."""
    out: dict[str, tuple[str, RowProfile | None]] = {}
    header = False
    for row in values or []:
        cells = list(row)[:3] + [None, None, None]
        name, key = cells[0], cells[1]
        if not header:
            header = (isinstance(name, str) and isinstance(key, str)
                      and (name.strip(), key.strip()) == STORE_HEADER)
            continue
        if isinstance(name, str) and name.strip() and isinstance(key, str) \
                and key.startswith(KEY_PREFIX):
            out.setdefault(sheet_key(name), (key.strip(), RowProfile.decode(cells[2])))
    return out
