"""Write report sheets into a workbook by patching only their parts inside the zip.

Why not openpyxl: its load-and-save drops shapes, images, form controls, x14 extensions
and cached values, and rewrites every part. Here every part other than the report
sheets and the parts that must list them (workbook.xml, its rels, [Content_Types].xml
when a sheet is added, styles.xml for the report formats) is copied byte-for-byte.
The new file is written next to the target and moved over it in one step, so a crash
leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import struct
import sys
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import LkipError
from ..core.grid import cell_ref, col_letter
from ..core.layout import LEVEL_COLOURS, SheetLayout
from .package import BerkasError, Package

WS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


class TulisError(LkipError):
    """The workbook could not be written; the original is untouched."""


# --- styles -------------------------------------------------------------------------------

_NUMFMTS = {"money": "#,##0.00", "percent": "#,##0.00", "int": "0", "number": "General"}

_BASE = {
    # name: (font, fill, border, numfmt key, alignment)
    "title": ('<font><b/><sz val="14"/><color rgb="FF1F4E79"/><name val="Calibri"/></font>', None,
              None, None, '<alignment horizontal="left" vertical="center"/>'),
    "subtitle": ('<font><i/><sz val="11"/><color rgb="FF595959"/><name val="Calibri"/></font>', None,
                 None, None, '<alignment horizontal="left" vertical="center"/>'),
    "table_title": ('<font><b/><sz val="12"/><name val="Calibri"/></font>', None, None, None,
                    '<alignment horizontal="left" vertical="center"/>'),
    "header": ('<font><b/><sz val="11"/><name val="Calibri"/></font>', "FFD9E1F2", "thin", None,
               '<alignment horizontal="center" vertical="center" wrapText="1"/>'),
    "text": (None, None, "thin", None, '<alignment vertical="top" wrapText="1"/>'),
    "text_r": (None, None, "thin", None, '<alignment horizontal="right" vertical="top"/>'),
    "code": (None, None, "thin", None, '<alignment horizontal="left" vertical="top"/>'),
    "money": (None, None, "thin", "money", '<alignment vertical="top"/>'),
    "percent": (None, None, "thin", "percent", '<alignment vertical="top"/>'),
    "number": (None, None, "thin", "number", '<alignment horizontal="right" vertical="top"/>'),
    "int": (None, None, "thin", "int", '<alignment horizontal="center" vertical="top"/>'),
    "kategori": ('<font><b/><sz val="11"/><name val="Calibri"/></font>', None, "thin", None,
                 '<alignment horizontal="center" vertical="top"/>'),
}
_BOLD = '<font><b/><sz val="11"/><name val="Calibri"/></font>'


def _style_parts(name: str) -> tuple[str | None, str | None, str | None, str | None, str]:
    base, _, variant = name.partition("+")
    font, fill, border, numfmt, align = _BASE.get(base, _BASE["text"])
    if variant in ("sub", "total"):
        font = _BOLD
    if variant == "total":
        fill = "FFF2F2F2"
        border = "total"
    return font, fill, border, numfmt, align


def _fill_xml(rgb: str) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/>'
            f'<bgColor indexed="64"/></patternFill></fill>')


def _border_xml(kind: str) -> str:
    c = '<color rgb="FFBFBFBF"/>'
    top = '<top style="medium"><color rgb="FF000000"/></top>' if kind == "total" else \
        f'<top style="thin">{c}</top>'
    return (f'<border><left style="thin">{c}</left><right style="thin">{c}</right>{top}'
            f'<bottom style="thin">{c}</bottom><diagonal/></border>')


class StyleBook:
    """Append-only edits of styles.xml: existing indices never move, equal entries are reused."""

    _ITEM = {
        "numFmts": r"<numFmt\b[^>]*/>",
        "fonts": r"<font\b[^>]*/>|<font\b[^>]*>.*?</font>",
        "fills": r"<fill\b[^>]*/>|<fill\b[^>]*>.*?</fill>",
        "borders": r"<border\b[^>]*/>|<border\b[^>]*>.*?</border>",
        "cellXfs": r"<xf\b[^>]*/>|<xf\b[^>]*>.*?</xf>",
        "dxfs": r"<dxf\b[^>]*/>|<dxf\b[^>]*>.*?</dxf>",
    }
    _ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
              "dxfs", "tableStyles", "colors", "extLst"]

    def __init__(self, xml: str) -> None:
        self.xml = xml
        self.items = {tag: self._items(tag) for tag in self._ITEM}
        self.added = {tag: [] for tag in self._ITEM}
        self.cache: dict[str, int] = {}

    def _section(self, tag: str) -> re.Match[str] | None:
        return re.search(rf"<{tag}\b[^>]*?(?:/>|>(.*?)</{tag}>)", self.xml, re.S)

    def _items(self, tag: str) -> list[str]:
        m = self._section(tag)
        if m is None or m.group(1) is None:
            return []
        return re.findall(self._ITEM[tag], m.group(1), re.S)

    def _index(self, tag: str, item: str) -> int:
        items = self.items[tag]
        if item in items:
            return items.index(item)
        items.append(item)
        self.added[tag].append(item)
        return len(items) - 1

    def numfmt(self, code: str) -> int:
        builtin = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
        if code in builtin:
            return builtin[code]
        for it in self.items["numFmts"]:
            m = re.search(r'numFmtId="(\d+)"', it)
            if m and f"formatCode={quoteattr(code)}" in it:
                return int(m.group(1))
        used = [int(x) for it in self.items["numFmts"] for x in re.findall(r'numFmtId="(\d+)"', it)]
        new_id = max([163, *used]) + 1
        self._index("numFmts", f"<numFmt numFmtId=\"{new_id}\" formatCode={quoteattr(code)}/>")
        return new_id

    def xf(self, name: str) -> int:
        if name in self.cache:
            return self.cache[name]
        font, fill, border, numfmt, align = _style_parts(name)
        font_id = self._index("fonts", font) if font else 0
        fill_id = self._index("fills", _fill_xml(fill)) if fill else 0
        border_id = self._index("borders", _border_xml(border)) if border else 0
        fmt_id = self.numfmt(_NUMFMTS[numfmt]) if numfmt else 0
        attrs = (f'numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="{border_id}" '
                 f'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" '
                 f'applyAlignment="1"')
        idx = self._index("cellXfs", f"<xf {attrs}>{align}</xf>")
        self.cache[name] = idx
        return idx

    def dxf(self, fill: str, font: str) -> int:
        return self._index("dxfs", f'<dxf><font><color rgb="FF{font}"/></font><fill><patternFill>'
                                   f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>')

    def result(self) -> str:
        xml = self.xml
        for tag in self._ITEM:
            if not self.added[tag]:
                continue
            count = len(self.items[tag])
            new = "".join(self.added[tag])
            m = re.search(rf"<{tag}\b([^>]*?)(/>|>(.*?)</{tag}>)", xml, re.S)
            if m is None:
                block = f'<{tag} count="{count}">{new}</{tag}>'
                xml = self._insert_section(xml, tag, block)
                continue
            attrs = re.sub(r'\s*count="\d+"', "", m.group(1))
            inner = (m.group(3) or "") + new
            block = f'<{tag} count="{count}"{attrs}>{inner}</{tag}>'
            xml = xml[:m.start()] + block + xml[m.end():]
        return xml

    def _insert_section(self, xml: str, tag: str, block: str) -> str:
        later = self._ORDER[self._ORDER.index(tag) + 1:]
        for nxt in later:
            m = re.search(rf"<{nxt}\b", xml)
            if m:
                return xml[:m.start()] + block + xml[m.start():]
        i = xml.rfind("</styleSheet>")
        return xml[:i] + block + xml[i:]


# --- sheet XML ------------------------------------------------------------------------------


def _text(value: str) -> str:
    value = _BAD_XML.sub("", value)
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


def sheet_xml(layout: SheetLayout, styles: StyleBook) -> str:
    rows: dict[int, list[str]] = {}
    max_row = 1
    attr: dict[str, str] = {}  # style name -> ' s="7"' ('' for the default style)
    texts: dict[str, str] = {}  # text -> the rest of its cell after the style, as _cell writes it
    attrs_of: dict[tuple[str, ...], list[str]] = {}  # a row's style names -> their attributes
    for b in layout.blocks:
        letters = [col_letter(b.left + j) for j in range(b.width)]
        for i, (vals, sts) in enumerate(zip(b.values, b.styles, strict=True)):
            r = b.top + i
            if r > max_row:
                max_row = r
            cells = rows.setdefault(r, [])
            add = cells.append
            row = str(r)
            key = tuple(sts)
            row_attrs = attrs_of.get(key)
            if row_attrs is None:
                row_attrs = []
                for st in sts:
                    s = attr.get(st)
                    if s is None:
                        idx = styles.xf(st)
                        s = attr[st] = f' s="{idx}"' if idx else ""
                    row_attrs.append(s)
                attrs_of[key] = row_attrs
            # the same bytes as _cell(ref, v, styles.xf(st)), without a call per cell
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
                        if len(texts) < 4096:  # the repeated texts come early; memory stays small
                            texts[v] = body
                    add(f'<c r="{letters[j]}{row}"{s}{body}')
                elif v is None or v == "":
                    if s:
                        add(f'<c r="{letters[j]}{row}"{s}/>')
                else:
                    xml = _cell(f"{letters[j]}{row}", v, styles.xf(sts[j]))
                    if xml:
                        add(xml)
    n_cols = max(layout.n_cols, 1)
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
        '<sheetPr><tabColor rgb="FF1F4E79"/><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="A1:{col_letter(n_cols)}{max_row}"/>',
    ]
    if layout.freeze_row and layout.freeze_row > 1:
        fr = layout.freeze_row
        parts.append(
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{fr - 1}" topLeftCell="A{fr}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{fr}" sqref="A{fr}"/>'
            '</sheetView></sheetViews>')
    else:
        parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    parts.append('<sheetFormatPr defaultRowHeight="15"/>')
    parts.append("<cols>" + "".join(
        f'<col min="{j}" max="{j}" width="{w:g}" customWidth="1"/>'
        for j, w in enumerate(layout.widths, start=1)) + "</cols>")
    parts.append("<sheetData>")
    for r in sorted(rows):
        ht = layout.heights.get(r)
        attrs = f' ht="{ht:g}" customHeight="1"' if ht else ""
        parts.append(f'<row r="{r}"{attrs}>' + "".join(rows[r]) + "</row>")
    parts.append("</sheetData>")
    if layout.merges:
        parts.append(f'<mergeCells count="{len(layout.merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in layout.merges) + "</mergeCells>")
    prio = 1
    for rng in layout.databars:
        parts.append(f'<conditionalFormatting sqref="{rng}"><cfRule type="dataBar" priority="{prio}">'
                     '<dataBar><cfvo type="num" val="0"/><cfvo type="max"/>'
                     '<color rgb="FF5B9BD5"/></dataBar></cfRule></conditionalFormatting>')
        prio += 1
    if layout.kategori_ranges and layout.kategori_labels:
        sq = " ".join(layout.kategori_ranges)
        rules = []
        for k, label in enumerate(layout.kategori_labels):
            fill, font = LEVEL_COLOURS[min(k, len(LEVEL_COLOURS) - 1)]
            if k == len(layout.kategori_labels) - 1 and k > 0:
                fill, font = LEVEL_COLOURS[-1]
            dxf = styles.dxf(fill, font)
            lit = '"' + _BAD_XML.sub("", label).replace('"', '""') + '"'
            rules.append(f'<cfRule type="cellIs" dxfId="{dxf}" priority="{prio}" operator="equal">'
                         f"<formula>{escape(lit)}</formula></cfRule>")
            prio += 1
        parts.append(f'<conditionalFormatting sqref="{sq}">' + "".join(rules) +
                     "</conditionalFormatting>")
    if layout.links:
        parts.append("<hyperlinks>" + "".join(
            f'<hyperlink ref="{cell_ref(r, c)}" location={quoteattr(_BAD_XML.sub("", target))} '
            f'display={quoteattr(_BAD_XML.sub("", target))}/>'
            for (r, c), target in sorted(layout.links.items())) + "</hyperlinks>")
    parts.append('<printOptions horizontalCentered="1"/>')
    parts.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" '
                 'footer="0.3"/>')
    parts.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
    parts.append("<headerFooter><oddFooter>&amp;L&amp;A&amp;RHalaman &amp;P dari &amp;N"
                 "</oddFooter></headerFooter>")
    parts.append("</worksheet>")
    return "".join(parts)


# --- the package ----------------------------------------------------------------------------


def _add_sheet(pkg: Package, parts: dict[str, bytes], name: str, text: dict[str, str]) -> str:
    """Register a new worksheet part; returns its zip name. `text` holds edited XML parts."""
    n = 1
    existing = pkg.names | set(parts)
    while f"xl/worksheets/sheet{n}.xml" in existing:
        n += 1
    part = f"xl/worksheets/sheet{n}.xml"
    wb_name = pkg.workbook_part
    rels_name = posixpath_rels(wb_name)
    rels = text.setdefault(rels_name, pkg.read(rels_name).decode("utf-8"))
    ids = {int(x) for x in re.findall(r'Id="rId(\d+)"', rels)}
    rid = f"rId{max(ids, default=0) + 1}"
    target = os.path.relpath(part, os.path.dirname(wb_name)).replace(os.sep, "/")
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="{rid}" Type="{WS_REL}" Target="{target}"/></Relationships>')
    text[rels_name] = rels
    wb = text.setdefault(wb_name, pkg.read(wb_name).decode("utf-8"))
    sheet_ids = [int(x) for x in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', wb)]
    prefix = _rel_prefix(wb)
    entry = (f'<sheet name={quoteattr(name)} sheetId="{max(sheet_ids, default=0) + 1}" '
             f'{prefix}:id="{rid}"/>')
    if "</sheets>" not in wb:
        raise TulisError(f"{pkg.path.name}: workbook.xml tanpa daftar lembar; berkas tidak dapat diubah.")
    wb = wb.replace("</sheets>", entry + "</sheets>", 1)
    text[wb_name] = wb
    ct = text.setdefault("[Content_Types].xml", pkg.read("[Content_Types].xml").decode("utf-8"))
    ct = ct.replace("</Types>", f'<Override PartName="/{part}" ContentType="{WS_CT}"/></Types>')
    text["[Content_Types].xml"] = ct
    return part


def _rel_prefix(workbook_xml: str) -> str:
    m = re.search(r'xmlns:(\w+)="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
                  workbook_xml)
    return m.group(1) if m else "r"


def posixpath_rels(part: str) -> str:
    folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def write_reports(source: str | Path, target: str | Path, layouts: Sequence[SheetLayout],
                  pkg: Package | None = None) -> Path:
    """Write `layouts` into a copy of `source` at `target` (may be the same path), atomically.

    `pkg` is `source` already open (the caller read it and closes it), else it is opened here.
    """
    source, target = Path(source), Path(target)
    with contextlib.nullcontext(pkg) if pkg is not None else Package(source) as pkg:
        styles_part = next((t for typ, t in pkg.rels(pkg.workbook_part).values()
                            if typ.endswith("/styles")), None)
        if styles_part is None or styles_part not in pkg.names:
            raise TulisError(f"{source.name}: berkas tidak memiliki styles.xml; simpan ulang dari Excel.")
        book = StyleBook(pkg.read(styles_part).decode("utf-8"))
        new_parts: dict[str, bytes] = {}
        text: dict[str, str] = {}
        for layout in layouts:
            existing = pkg.sheet(layout.sheet)
            part = existing.part if existing else _add_sheet(pkg, new_parts, layout.sheet, text)
            new_parts[part] = sheet_xml(layout, book).encode("utf-8")
        text[styles_part] = book.result()
        for name, xml in text.items():
            new_parts[name] = xml.encode("utf-8")
        _atomic_zip(pkg, target, new_parts)
    return target


# Parts written here are compressed fast (level 1: a few percent larger, several times faster);
# parts copied unchanged keep the compressed bytes the file already had (checked by inflating
# them, as before, but never compressed again).
NEW_PART_LEVEL = 1
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's: beyond it, it writes ZIP64 records
_ZIP_COUNT_LIMIT = (1 << 16) - 1


def _stored_deflate(fh: Any, info: zipfile.ZipInfo) -> bytes | None:
    """The deflated bytes of a part as the source file stores them, or None to compress anew."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or info.is_dir():
        return None
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    raw = fh.read(info.compress_size)
    return raw if len(raw) == info.compress_size else None


class _NeedsZip64(Exception):
    """The package is too large for plain zip records: zipfile writes it (with ZIP64)."""


class _ZipOut:
    """Writes the bytes zipfile.ZipFile(fh, "w").writestr(ZipInfo(name, date_time), data) writes
    for deflated parts (same headers, same deflate streams), without zipfile's cost per part,
    and takes parts already deflated as they are. Packages needing ZIP64 raise _NeedsZip64."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.pos = 0
        self.central: list[bytes] = []
        self.names: set[str] = set()

    def add(self, name: str, date_time: tuple[int, ...], external_attr: int, data: bytes,
            raw: bytes | None = None, level: int | None = None) -> None:
        if raw is None:
            deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION if level is None else level,
                                       zlib.DEFLATED, -15)
            raw = deflate.compress(data) + deflate.flush()
        crc = zlib.crc32(data)
        offset = self.pos
        if len(data) * 1.05 > _ZIP64_LIMIT or len(raw) > _ZIP64_LIMIT or offset > _ZIP64_LIMIT \
                or len(self.central) >= _ZIP_COUNT_LIMIT:
            raise _NeedsZip64
        name = name.split("\0", 1)[0]  # as zipfile.ZipInfo cuts a name
        if os.sep != "/":
            name = name.replace(os.sep, "/")
        if name in self.names:
            warnings.warn(f"Duplicate name: {name!r}", stacklevel=2)  # as zipfile warns
        self.names.add(name)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        y, mo, d, h, mi, sec = date_time[:6]
        dosdate = (y - 1980) << 9 | mo << 5 | d
        dostime = h << 11 | mi << 5 | (sec // 2)
        header = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED,
                             dostime, dosdate, crc, len(raw), len(data), len(encoded), 0)
        self.fh.write(header + encoded)
        self.fh.write(raw)
        self.pos += len(header) + len(encoded) + len(raw)
        attr = external_attr or 0o600 << 16  # what zipfile gives a part without attributes
        self.central.append(struct.pack(
            "<4s4B4HL2L5H2L", b"PK\001\002", 20, 0 if sys.platform == "win32" else 3, 20, 0, flags,
            zipfile.ZIP_DEFLATED, dostime, dosdate, crc, len(raw), len(data), len(encoded), 0, 0,
            0, 0, attr, offset) + encoded)

    def close(self) -> None:
        directory = b"".join(self.central)
        if self.pos > _ZIP64_LIMIT or len(directory) > _ZIP64_LIMIT:
            raise _NeedsZip64
        self.fh.write(directory)
        self.fh.write(struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(self.central),
                                  len(self.central), len(directory), self.pos, 0))


class _ZipfileOut:
    """The same parts through zipfile (for packages that need ZIP64): compressed anew."""

    def __init__(self, out: zipfile.ZipFile) -> None:
        self.out = out

    def add(self, name: str, date_time: tuple[int, ...], external_attr: int, data: bytes,
            raw: bytes | None = None, level: int | None = None) -> None:
        zi = zipfile.ZipInfo(name, date_time=date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = external_attr
        self.out.writestr(zi, data, compresslevel=level)


def _write_parts(out: _ZipOut | _ZipfileOut, pkg: Package, source: Any,
                 new_parts: dict[str, bytes]) -> None:
    written = set()
    for info in pkg.zip.infolist():
        data = new_parts.get(info.filename)
        if data is not None:
            out.add(info.filename, info.date_time, info.external_attr, data, level=NEW_PART_LEVEL)
        else:
            data = pkg.read(info.filename)  # inflated and checked (CRC, size) as before
            out.add(info.filename, info.date_time, info.external_attr, data,
                    raw=_stored_deflate(source, pkg.zip.getinfo(info.filename)))
        written.add(info.filename)
    for name in sorted(set(new_parts) - written):
        out.add(name, (1980, 1, 1, 0, 0, 0), 0, new_parts[name], level=NEW_PART_LEVEL)


def _atomic_zip(pkg: Package, target: Path, new_parts: dict[str, bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".xl-lkip-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh, open(pkg.path, "rb") as source:
            try:
                out = _ZipOut(fh)
                _write_parts(out, pkg, source, new_parts)
                out.close()
            except _NeedsZip64:
                fh.seek(0)
                fh.truncate()
                with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as big:
                    _write_parts(_ZipfileOut(big), pkg, source, new_parts)
            fh.flush()
            os.fsync(fh.fileno())
        if target.resolve() == pkg.path.resolve():
            pkg.close()  # Windows cannot replace a file this process still holds open
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise TulisError(
                f"{target.name}: berkas sedang dibuka program lain (Excel?). Tutup berkasnya lalu "
                "ulangi; berkas asli tidak berubah.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.cadangan{path.suffix}")


def make_backup(path: Path) -> Path:
    dest = backup_path(path)
    try:
        shutil.copy2(path, dest)
    except OSError as exc:
        raise BerkasError(f"{path.name}: cadangan tidak dapat dibuat ({exc}); berkas tidak diubah.") \
            from None
    return dest
