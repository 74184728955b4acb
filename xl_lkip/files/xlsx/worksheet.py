"""A report sheet's part (worksheet XML), written as a stream of chunks.

The rows go out block by block as they are formatted, so a 100,000-row Tabel Anggaran never
exists as one string. Text from input cells is always an inline string, never a formula.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from ...core.grid import cell_ref, col_letter, xml_text
from ...core.layout import (
    DATABAR_COLOUR,
    LEVEL_COLOURS,
    TITLE_COLOUR,
    PrintSetup,
    SheetLayout,
    kategori_colour,
)
from .styles import StyleBook
from .xmlpatch import escape, quoteattr

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

CHUNK_ROWS = 2000  # rows per chunk handed to the compressor
PAPER = {"A4": 9, "A3": 8, "LETTER": 1, "LEGAL": 5, "F4": 14, "FOLIO": 14}


def _text(value: str) -> str:
    value = xml_text(value)
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return f"<t{space}>{escape(value)}</t>"


def _cell(ref: str, value: Any, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        f = float(value)
        if f != f or f in (float("inf"), float("-inf")):
            return f'<c r="{ref}"{s} t="inlineStr"><is>{_text("-")}</is></c>'
        num = repr(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
        return f'<c r="{ref}"{s}><v>{num}</v></c>'
    # Always an inline string: text from input cells is never written as a formula.
    return f'<c r="{ref}"{s} t="inlineStr"><is>{_text(str(value))}</is></c>'


def _kategori_colours(labels: list[str]) -> list[tuple[str, str]]:
    """(fill, font) per label, best first, from the shared palette."""
    return [kategori_colour(label, labels) or LEVEL_COLOURS[-1] for label in labels]


def print_setup(layout: SheetLayout) -> PrintSetup:
    """The layout's print setup (a layout built without one prints as report sheets do)."""
    return getattr(layout, "print_setup", None) or PrintSetup()


class SheetWriter:
    """Formats one SheetLayout; styles are registered up front (styles.xml is written once,
    whatever order the parts have in the zip), then `chunks()` streams the XML."""

    def __init__(self, layout: SheetLayout, styles: StyleBook) -> None:
        self.layout = layout
        self.attr: dict[str, str] = {}  # style name -> ' s="7"'
        self.attrs_of: dict[tuple[str, ...], list[str]] = {}
        for b in layout.blocks:
            for sts in b.styles:
                key = tuple(sts)
                if key in self.attrs_of:
                    continue
                row_attrs = []
                for st in sts:
                    s = self.attr.get(st)
                    if s is None:
                        idx = styles.xf(st)
                        s = self.attr[st] = f' s="{idx}"' if idx else ""
                    row_attrs.append(s)
                self.attrs_of[key] = row_attrs
        self.dxfs = [styles.dxf(fill, font)
                     for fill, font in _kategori_colours(list(layout.kategori_labels))] \
            if layout.kategori_ranges and layout.kategori_labels else []

    def _rows(self) -> Iterator[tuple[int, list[tuple[Any, int]]]]:
        """(row number, [(block, index in block)] left to right) for every written row."""
        def per_block(k: int, b: Any) -> Iterator[tuple[int, int, int, int]]:
            for i in range(len(b.values)):
                yield (b.top + i, b.left, k, i)

        blocks = self.layout.blocks
        merged = heapq.merge(*(per_block(k, b) for k, b in enumerate(blocks)))
        row, cells = -1, []
        for r, _left, k, i in merged:
            if r != row:
                if cells:
                    yield row, cells
                row, cells = r, []
            cells.append((blocks[k], i))
        if cells:
            yield row, cells

    def _sheet_data(self) -> Iterator[str]:
        heights = self.layout.heights
        texts: dict[str, str] = {}
        attrs_of = self.attrs_of
        letters_of: dict[int, list[str]] = {}
        buf: list[str] = []
        add = buf.append
        for r, cells in self._rows():
            ht = heights.get(r)
            add(f'<row r="{r}" ht="{ht:g}" customHeight="1">' if ht else f'<row r="{r}">')
            row = str(r)
            for b, i in cells:
                letters = letters_of.get(id(b))
                if letters is None:
                    letters = letters_of[id(b)] = [col_letter(b.left + j) for j in range(b.width)]
                vals = b.values[i]
                row_attrs = attrs_of[tuple(b.styles[i])]
                for j, (v, s) in enumerate(zip(vals, row_attrs, strict=True)):
                    vt = type(v)
                    if vt is float or vt is int:
                        f = v if vt is float else float(v)
                        if f - f != 0.0:  # NaN or infinite
                            add(f'<c r="{letters[j]}{row}"{s} t="inlineStr"><is>{_text("-")}</is></c>')
                        elif f.is_integer() and -1e15 < f < 1e15:
                            add(f'<c r="{letters[j]}{row}"{s}><v>{int(f)}</v></c>')
                        else:
                            add(f'<c r="{letters[j]}{row}"{s}><v>{f!r}</v></c>')
                    elif vt is str and v:
                        body = texts.get(v)
                        if body is None:
                            body = f' t="inlineStr"><is>{_text(v)}</is></c>'
                            if len(texts) < 4096:
                                texts[v] = body
                        add(f'<c r="{letters[j]}{row}"{s}{body}')
                    elif v is None or v == "":
                        if s:
                            add(f'<c r="{letters[j]}{row}"{s}/>')
                    else:
                        xml = _cell(f"{letters[j]}{row}", v, int(s[4:-1]) if s else 0)
                        if xml:
                            add(xml)
            add("</row>")
            if len(buf) > CHUNK_ROWS * 8:
                yield "".join(buf)
                buf.clear()
        if buf:
            yield "".join(buf)

    def chunks(self, drawing_rid: str | None = None) -> Iterator[bytes]:
        """The worksheet XML in pieces; `drawing_rid` names the sheet's drawing relationship."""
        layout = self.layout
        setup = print_setup(layout)
        n_cols = max(layout.n_cols, 1)
        max_row = max([1, *(b.bottom for b in layout.blocks if b.values)])
        fit = ' fitToPage="1"' if setup.fit_width else ""
        head = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
            f'<sheetPr><tabColor rgb="FF{TITLE_COLOUR}"/>'
            f"<pageSetUpPr{fit}/></sheetPr>",
            f'<dimension ref="A1:{col_letter(n_cols)}{max_row}"/>',
        ]
        if layout.freeze_row and layout.freeze_row > 1:
            fr = layout.freeze_row
            head.append(
                '<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{fr - 1}" topLeftCell="A{fr}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="A{fr}" sqref="A{fr}"/>'
                '</sheetView></sheetViews>')
        else:
            head.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if layout.widths:
            head.append("<cols>" + "".join(
                f'<col min="{j}" max="{j}" width="{w:g}" customWidth="1"/>'
                for j, w in enumerate(layout.widths, start=1)) + "</cols>")
        head.append("<sheetData>")
        yield "".join(head).encode("utf-8")
        for piece in self._sheet_data():
            yield piece.encode("utf-8")
        yield self._tail(setup, drawing_rid).encode("utf-8")

    def _tail(self, setup: PrintSetup, drawing_rid: str | None) -> str:
        layout = self.layout
        parts = ["</sheetData>"]
        if layout.merges:
            parts.append(f'<mergeCells count="{len(layout.merges)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in layout.merges) + "</mergeCells>")
        prio = 1
        bar = DATABAR_COLOUR
        for rng in layout.databars:
            parts.append(f'<conditionalFormatting sqref="{rng}"><cfRule type="dataBar" '
                         f'priority="{prio}"><dataBar><cfvo type="num" val="0"/><cfvo type="max"/>'
                         f'<color rgb="FF{bar}"/></dataBar></cfRule></conditionalFormatting>')
            prio += 1
        if self.dxfs:
            rules = []
            for label, dxf in zip(layout.kategori_labels, self.dxfs, strict=True):
                lit = '"' + xml_text(label).replace('"', '""') + '"'
                rules.append(f'<cfRule type="cellIs" dxfId="{dxf}" priority="{prio}" '
                             f'operator="equal"><formula>{escape(lit)}</formula></cfRule>')
                prio += 1
            parts.append(f'<conditionalFormatting sqref="{" ".join(layout.kategori_ranges)}">'
                         + "".join(rules) + "</conditionalFormatting>")
        if layout.links:
            # internal locations only (no relationship, so never a URL or a file)
            parts.append("<hyperlinks>" + "".join(
                f'<hyperlink ref="{cell_ref(r, c)}" location={quoteattr(xml_text(t))} '
                f'display={quoteattr(xml_text(t))}/>'
                for (r, c), t in sorted(layout.links.items())) + "</hyperlinks>")
        paper = PAPER.get(str(setup.paper).upper(), 9)
        orientation = "landscape" if setup.landscape else "portrait"
        fit = ' fitToWidth="1" fitToHeight="0"' if setup.fit_width else ""
        parts.append('<printOptions horizontalCentered="1"/>')
        parts.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" '
                     'footer="0.3"/>')
        parts.append(f'<pageSetup paperSize="{paper}" orientation="{orientation}"{fit}/>')
        footer = xml_text(str(setup.footer or ""))
        parts.append(f"<headerFooter><oddFooter>{escape('&L&A&R' + footer)}</oddFooter>"
                     "</headerFooter>")
        breaks = sorted({r for r in setup.row_breaks if 1 < r <= 1_048_576})
        if breaks:
            # a page break before each chart's rows, so no chart prints split over two pages
            parts.append(f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">'
                         + "".join(f'<brk id="{r - 1}" max="16383" man="1"/>' for r in breaks)
                         + "</rowBreaks>")
        if drawing_rid:
            parts.append(f'<drawing r:id="{drawing_rid}"/>')
        parts.append("</worksheet>")
        return "".join(parts)


def sheet_xml(layout: SheetLayout, styles: StyleBook, drawing_rid: str | None = None) -> str:
    """The whole worksheet XML as one string (tests and small sheets)."""
    return b"".join(SheetWriter(layout, styles).chunks(drawing_rid)).decode("utf-8")
