"""The styles part (styles.xml): report formats appended, existing indices never moved.

What each named style looks like (and every colour) comes from core/layout.py, shared with
the Excel button; this module only renders it as styles.xml entries.
"""

from __future__ import annotations

import re

from ...core.layout import BORDER_COLOUR, TOTAL_BORDER_COLOUR, CellStyle, cell_style
from .xmlpatch import XmlDoc, quoteattr


def _argb(rgb: str) -> str:
    rgb = rgb.lstrip("#").upper()
    return rgb if len(rgb) == 8 else "FF" + rgb


_TAG = re.compile(r"<(/?)([A-Za-z]\w*)")


def _font_xml(st: CellStyle) -> str | None:
    if not (st.bold or st.italic or st.colour or st.size != 11):
        return None  # the workbook's default font
    return ("<font>" + ("<b/>" if st.bold else "") + ("<i/>" if st.italic else "")
            + f'<sz val="{st.size:g}"/>'
            + (f'<color rgb="{_argb(st.colour)}"/>' if st.colour else "")
            + '<name val="Calibri"/></font>')


def _alignment_xml(st: CellStyle) -> str:
    attrs = (f' horizontal="{st.horizontal}"' if st.horizontal else "") + \
        f' vertical="{st.vertical}"' + (' wrapText="1"' if st.wrap else "")
    return f"<alignment{attrs}/>"


def _fill_xml(rgb: str) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="{_argb(rgb)}"/>'
            f'<bgColor indexed="64"/></patternFill></fill>')


def _border_xml(kind: str) -> str:
    c = f'<color rgb="{_argb(BORDER_COLOUR)}"/>'
    top = f'<top style="medium"><color rgb="{_argb(TOTAL_BORDER_COLOUR)}"/></top>' \
        if kind == "total" else f'<top style="thin">{c}</top>'
    return (f'<border><left style="thin">{c}</left><right style="thin">{c}</right>{top}'
            f'<bottom style="thin">{c}</bottom><diagonal/></border>')


class StyleBook:
    """Append-only edits of styles.xml: existing indices never move, equal entries are reused.

    The part is parsed (any namespace prefix the producer chose) and patched in place; the
    entries added are written with the part's own prefix.
    """

    _ITEM = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border",
             "cellXfs": "xf", "dxfs": "dxf"}
    _ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
              "dxfs", "tableStyles", "colors", "extLst"]

    def __init__(self, data: bytes, part: str = "xl/styles.xml", file: str = "") -> None:
        self.doc = XmlDoc(data, part, file)
        root = self.doc.root
        self.ns = root.ns
        p = self.doc.prefix(root, self.ns)
        self.prefix = f"{p}:" if p else ""
        self.items: dict[str, list[str]] = {}
        self.numfmt_codes: dict[str, int] = {}
        self.numfmt_ids: list[int] = []
        for tag, item in self._ITEM.items():
            section = self.doc.child(root, tag, self.ns)
            nodes = self.doc.children(section, item, self.ns) if section is not None else []
            self.items[tag] = [self.doc.data[n.start:n.close_end].decode("utf-8") for n in nodes]
            if tag == "numFmts":
                for n in nodes:
                    fid = self.doc.attr(n, "numFmtId") or ""
                    if fid.isdigit():
                        self.numfmt_ids.append(int(fid))
                        self.numfmt_codes.setdefault(self.doc.attr(n, "formatCode") or "", int(fid))
        self.added: dict[str, list[str]] = {tag: [] for tag in self._ITEM}
        self.cache: dict[str, int] = {}

    def _own(self, xml: str) -> str:
        """Our unprefixed snippet in the part's prefix."""
        return _TAG.sub(rf"<\1{self.prefix}\2", xml) if self.prefix else xml

    def _index(self, tag: str, item: str) -> int:
        item = self._own(item)
        items = self.items[tag]
        if item in items:
            return items.index(item)
        items.append(item)
        self.added[tag].append(item)
        return len(items) - 1

    def count(self, tag: str) -> int:
        return len(self.items[tag])

    def numfmt(self, code: str) -> int:
        builtin = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
        if code in builtin:
            return builtin[code]
        if code in self.numfmt_codes:
            return self.numfmt_codes[code]
        new_id = max([163, *self.numfmt_ids]) + 1
        self.numfmt_ids.append(new_id)
        self.numfmt_codes[code] = new_id
        self._index("numFmts", f"<numFmt numFmtId=\"{new_id}\" formatCode={quoteattr(code)}/>")
        return new_id

    def xf(self, name: str) -> int:
        if name in self.cache:
            return self.cache[name]
        st = cell_style(name)
        font = _font_xml(st)
        font_id = self._index("fonts", font) if font else 0
        fill_id = self._index("fills", _fill_xml(st.fill)) if st.fill else 0
        border_id = self._index("borders", _border_xml(st.border)) if st.border else 0
        fmt_id = self.numfmt(st.number_format) if st.number_format else 0
        align = _alignment_xml(st)
        attrs = (f'numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="{border_id}" '
                 f'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" '
                 f'applyAlignment="1"')
        idx = self._index("cellXfs", f"<xf {attrs}>{align}</xf>")
        self.cache[name] = idx
        return idx

    def dxf(self, fill: str, font: str) -> int:
        fill, font = fill.lstrip("#")[-6:], font.lstrip("#")[-6:]
        return self._index("dxfs", f'<dxf><font><color rgb="FF{font}"/></font><fill><patternFill>'
                                   f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>')

    def result(self) -> bytes:
        doc, root = self.doc, self.doc.root
        for tag in self._ITEM:
            if not self.added[tag]:
                continue
            count = str(len(self.items[tag]))
            new = "".join(self.added[tag])
            section = doc.child(root, tag, self.ns)
            if section is not None:
                doc.set_attr(section, "count", count)
                doc.append(section, new)
                continue
            block = f'<{self.prefix}{tag} count="{count}">{new}</{self.prefix}{tag}>'
            later = self._ORDER[self._ORDER.index(tag) + 1:]
            after = next((n for n in doc.children(root) if n.local in later and n.ns == self.ns
                          or n.local == "extLst"), None)
            if after is not None:
                doc.insert_before(after, block)
            else:
                doc.append(root, block)
        return doc.result()
