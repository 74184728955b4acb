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

from .layout import Block, SheetLayout
from .schema import SHAPE_SHEET
from .sheets import sheet_key

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

KEY_PREFIX = "b2-"  # b(entuk), version 2 of what the key covers (three parts)
STORE_HEADER = ("Lembar", "Bentuk")
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


def shape_key(layout: SheetLayout) -> str:
    """The key of everything `layout` draws on its sheet except the values: the checksums of
    its cells, its frame and its charts (KeyParts)."""
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
            out.feed((rows, [_kinds(v) for v in block.values[start:start + _CHUNK]]))
        out.feed(list(patterns))
    return f"{KEY_PREFIX}{out.hexdigest()}.{frame.hexdigest()}.{charts.hexdigest()}"


def store_layout(keys: Mapping[str, str]) -> SheetLayout:
    """The hidden sheet recording `keys` ({report sheet: shape key}), as a layout every
    writer writes like a report sheet."""
    values: list[list[Any]] = [[STORE_TITLE, None], [STORE_NOTE, None], [None, None],
                               list(STORE_HEADER)]
    styles = [["title", "title"], ["subtitle", "subtitle"], ["note", "note"],
              ["header", "header"]]
    for sheet, key in keys.items():
        values.append([sheet, key or None])
        styles.append(["text", "code"])
    return SheetLayout(SHAPE_SHEET, [Block(1, 1, values, styles, header_row=4)],
                       widths=[30.0, 34.0], hidden=True)


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
    out: dict[str, str] = {}
    header = False
    for row in values or []:
        cells = list(row)[:2] + [None, None]
        name, key = cells[0], cells[1]
        if not header:
            header = (isinstance(name, str) and isinstance(key, str)
                      and (name.strip(), key.strip()) == STORE_HEADER)
            continue
        if isinstance(name, str) and name.strip() and isinstance(key, str) \
                and key.startswith(KEY_PREFIX):
            out.setdefault(sheet_key(name), key.strip())
    return out
