"""Render the draft (core.document.Dokumen) into a Word document, keeping the user's own text.

Every generated block sits in a content control (w:sdt) tagged "xl-lkip:<kunci>": Word shows
it as a titled box, and a re-generation replaces exactly these boxes. Paragraphs the user
wrote outside them stay where they were, after the same generated block as before. The key is
also in the box's title (alias), which LibreOffice keeps when it saves a .docx and drops the tag.
LibreOffice also turns a box into a box inside its first paragraph and leaves the rest of the
block (the table, its source line) bare; in such a file those bare parts are recognised by the
draft's own table and source styles right after a box, and replaced with it.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from ...core.document import Dokumen, Paragraf, Tabel
from ...core.grid import xml_text
from ...core.layout import HEADER_FILL, TOTAL_FILL
from .templat import DEFAULT_TEMPLATE, STYLES, TABLE_STYLE

TAG_PREFIX = "xl-lkip:"
SECTION_KEY = "bagian.lanskap"  # the one section break the draft makes (core.document)
ALIAS = "xl-lkip: {kunci} (dibuat ulang otomatis)"  # the title Word shows on each box
_ALIAS = re.compile(r"^xl-lkip: (\S+) \(dibuat ulang otomatis\)$")
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}


def open_base(existing: Path | None, templat: Path | None) -> Any:
    """The document to fill: the previous draft (keeps the user's edits and styles), else
    the agency's template, else the default one; styles the draft needs are added if missing."""
    doc = _open(Path(existing or templat or DEFAULT_TEMPLATE))
    _ensure_styles(doc)
    return doc


_CT_TEMPLATE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_CT_DOCUMENT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _open(path: Path) -> Any:
    """A .docx, or a Word template (.dotx) opened as a document: python-docx reads only the
    former, and the two differ only in the main part's content type."""
    if path.suffix.lower() != ".dotx":
        return Document(str(path))
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_CT_TEMPLATE, _CT_DOCUMENT)
            dst.writestr(info, data)
    buf.seek(0)
    return Document(buf)


def _ensure_styles(doc: Any) -> None:
    default = None
    names = set(STYLES.values()) | {TABLE_STYLE}
    for name in sorted(names):
        try:
            doc.styles[name]
            continue
        except KeyError:
            pass
        if default is None:
            default = Document(str(DEFAULT_TEMPLATE))
        doc.styles.element.append(copy.deepcopy(default.styles[name].element))


def render(doc: Any, dok: Dokumen) -> None:
    """Replace the generated blocks of `doc` by those of `dok`, keeping everything else."""
    body = doc.element.body
    old = [el for el in body if el.tag != qn("w:sectPr")]
    for el in old:
        body.remove(el)
    portrait, landscape = _text_widths(body)
    width = portrait
    new: list[tuple[str, Any]] = []
    for block in dok.isi:
        start = len(body) - (1 if body.sectPr is not None else 0)
        if isinstance(block, Tabel):
            _table(doc, block, width)
        elif block.gaya == "lanskap":
            _section_break(doc)
            width = landscape
        else:
            _paragraph(doc, block)
        created = [el for el in list(body)[start:] if el.tag != qn("w:sectPr")]
        for el in created:
            body.remove(el)
        if isinstance(block, Paragraf) and block.gaya == "lanskap":
            new.extend((block.kunci, el) for el in created)  # a section break stays unwrapped
        else:
            new.append((block.kunci, _wrap(created, block.kunci)))
    _merge(body, old, new, _section_style_id(doc), _continuation(doc, old))
    if body.sectPr is not None:
        _orient(body.sectPr, landscape=width == landscape and portrait != landscape)


def _page(sect: Any) -> tuple[int, int, int]:
    """(short side, long side, left + right margins) of a section, in EMU."""
    size, margin = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    w = int(size.get(qn("w:w"), 11906)) if size is not None else 11906
    h = int(size.get(qn("w:h"), 16838)) if size is not None else 16838
    lr = sum(int(margin.get(qn(f"w:{k}"), 1418)) for k in ("left", "right")) if margin is not None \
        else 2836
    return min(w, h) * 635, max(w, h) * 635, lr * 635


def _text_widths(body: Any) -> tuple[int, int]:
    """Text width of a portrait and of a landscape page of the document's last section."""
    if body.sectPr is None:
        return 5_760_720, 9_000_000
    short, long, margins = _page(body.sectPr)
    return short - margins, long - margins


def _orient(sect: Any, landscape: bool) -> None:
    size = sect.find(qn("w:pgSz"))
    if size is None:
        return
    short, long, _ = (v // 635 for v in _page(sect))
    size.set(qn("w:w"), str(long if landscape else short))
    size.set(qn("w:h"), str(short if landscape else long))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    else:
        size.attrib.pop(qn("w:orient"), None)


def _section_break(doc: Any) -> None:
    """End the portrait part here: the wide Lampiran tables follow on landscape pages."""
    p = doc.add_paragraph(style=STYLES["lanskap"])
    body = doc.element.body
    if body.sectPr is None:
        return
    sect = copy.deepcopy(body.sectPr)
    _orient(sect, landscape=False)
    p._p.get_or_add_pPr().append(sect)


def _section_style_id(doc: Any) -> str:
    return doc.styles[STYLES["lanskap"]].style_id


def _paragraph(doc: Any, block: Paragraf) -> None:
    p = doc.add_paragraph(style=STYLES.get(block.gaya, "Normal"))
    if block.teks:
        run = p.add_run(xml_text(block.teks))
        run.bold = block.tebal or None
        if block.gaya == "ttd" and block.tebal:
            run.underline = True
    if block.gaya == "ttd_ruang":
        p.paragraph_format.space_before = Pt(48)
    if block.halaman_baru:
        p.paragraph_format.page_break_before = True


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _row_flags(row: Any, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def _fill(cell: Any, text: str, style: str, align: Any, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.style = style
    p.alignment = align
    if text:
        run = p.add_run(xml_text(text))
        if bold:
            run.bold = True


def _table(doc: Any, block: Tabel, width: int) -> None:
    doc.add_paragraph(xml_text(block.judul), style=STYLES["judul_tabel"])
    n = block.n_kolom
    n_head = len(block.kepala)
    table = doc.add_table(rows=n_head + 1 + len(block.baris), cols=n)
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(block, width)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(w // 635))  # EMU -> twentieths of a point
    for r, texts in enumerate(block.kepala):
        for c in range(n):
            cell = table.cell(r, c)
            _fill(cell, texts[c] or "", STYLES["kepala"], _ALIGN["center"])
            _shade(cell, HEADER_FILL)
        _row_flags(table.rows[r], True)
    numbers = table.rows[n_head]
    for c in range(n):
        _fill(numbers.cells[c], str(c + 1), STYLES["nomor_kolom"], _ALIGN["center"])
        _shade(numbers.cells[c], HEADER_FILL)
    _row_flags(numbers, True)
    for i, (cells, style) in enumerate(zip(block.baris, block.gaya_baris, strict=True)):
        row = table.rows[n_head + 1 + i]
        _row_flags(row, False)
        for c, text in enumerate(cells):
            _fill(row.cells[c], text, STYLES["sel"], _ALIGN[block.rata[c]], bold=style in ("sub", "total"))
            if style == "total":
                _shade(row.cells[c], TOTAL_FILL)
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Emu(widths[c])
    for r0, c0, r1, c1 in block.gabung:
        if (r0, c0) != (r1, c1):
            keep = table.cell(r0, c0).text
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            for p in merged.paragraphs[1:]:  # merging joins the cells' paragraphs
                p._p.getparent().remove(p._p)
            if merged.paragraphs and merged.paragraphs[0].text != keep:
                merged.paragraphs[0].runs[0].text = keep
    if block.sumber:
        doc.add_paragraph(block.sumber, style=STYLES["sumber"])


CHAR_EMU = 56_000  # one character of 9 pt table text (a little over half an em)
PAD_EMU = 150_000  # the cell's left and right margins, and a little air


def _widths(block: Tabel, width: int) -> list[int]:
    """Numbers and short text as wide as their longest value; long text shares what is left.
    On a narrow page long text gives way first (down to about ten characters), then the
    fixed columns shrink alike (their headers wrap)."""
    need = [int(w * CHAR_EMU) + PAD_EMU for w in block.lebar]
    flex = block.lentur or [r == "left" for r in block.rata]
    n_flex = sum(flex)
    fixed = sum(n for n, f in zip(need, flex, strict=True) if not f)
    if not n_flex:
        return [int(width * n / (fixed or 1)) for n in need]
    wanted = sum(n for n, f in zip(need, flex, strict=True) if f)
    rest = width - fixed
    if rest >= n_flex * (14 * CHAR_EMU + PAD_EMU):
        share = rest / wanted
        return [int(n * share) if f else n for n, f in zip(need, flex, strict=True)]
    least = 10 * CHAR_EMU + PAD_EMU
    if rest >= n_flex * least:
        return [rest // n_flex if f else n for n, f in zip(need, flex, strict=True)]
    shrink = (width - n_flex * least) / fixed
    return [least if f else int(n * shrink) for n, f in zip(need, flex, strict=True)]


def _wrap(elements: list[Any], kunci: str) -> Any:
    """A block-level content control holding `elements`, tagged with the block's key."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), ALIAS.format(kunci=kunci))
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), TAG_PREFIX + kunci)
    pr.append(alias)
    pr.append(tag)
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    for el in elements:
        content.append(el)
    sdt.append(content)
    return sdt


def kunci_of(el: Any, section_style: str | None = None) -> str | None:
    """The key of a generated block, None for anything the user wrote."""
    if el.tag == qn("w:p") and section_style is not None:
        style = el.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        if style is not None and style.get(qn("w:val")) == section_style:
            return SECTION_KEY
    if el.tag == qn("w:p"):  # LibreOffice: the box moved inside the block's first paragraph
        inner = el.find(qn("w:sdt"))
        return kunci_of(inner) if inner is not None else None
    if el.tag != qn("w:sdt"):
        return None
    tag = el.find(qn("w:sdtPr") + "/" + qn("w:tag"))
    val = tag.get(qn("w:val")) if tag is not None else None
    if val and val.startswith(TAG_PREFIX):
        return val[len(TAG_PREFIX):]
    alias = el.find(qn("w:sdtPr") + "/" + qn("w:alias"))  # a file LibreOffice saved: no tag
    m = _ALIAS.match(alias.get(qn("w:val")) or "") if alias is not None else None
    return m.group(1) if m else None


def _style_of(el: Any) -> str | None:
    style = el.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style.get(qn("w:val")) if style is not None else None


def _continuation(doc: Any, old: list[Any]) -> Callable[[Any], bool]:
    """Whether an element without a box is the rest of the generated block before it: only in
    a file LibreOffice saved (boxes without tags), a table in the draft's cell styles or a
    paragraph in its source/note styles."""
    tags = [t.get(qn("w:val")) or "" for el in old for t in el.iter(qn("w:tag"))]
    if any(t.startswith(TAG_PREFIX) for t in tags):
        return lambda el: False  # saved by Word: every generated element is inside its box

    def ids(*keys: str) -> set[str]:
        out = set()
        for key in keys:
            try:
                out.add(doc.styles[STYLES[key]].style_id)
            except KeyError:
                continue
        return out

    cells, lines = ids("sel", "kepala", "nomor_kolom"), ids("sumber", "keterangan")

    def continues(el: Any) -> bool:
        if el.tag == qn("w:tbl"):
            styles = {s.get(qn("w:val")) for s in el.iter(qn("w:pStyle"))}
            return bool(styles) and styles <= cells | lines
        return el.tag == qn("w:p") and el.find(qn("w:sdt")) is None and _style_of(el) in lines

    return continues


def _merge(body: Any, old: Iterable[Any], new: list[tuple[str, Any]], section_style: str,
           continues: Callable[[Any], bool] = lambda el: False) -> None:
    """Put the new blocks in order, each followed by the user's elements that followed the
    block of the same key before; text after a block that is gone moves up to the nearest
    earlier block that remains (nothing the user wrote is dropped). `continues` tells the
    bare rest of a generated block (a file LibreOffice saved), which goes with the block."""
    after: dict[str | None, list[Any]] = {None: []}
    order: list[str] = []
    current: str | None = None
    generated = False  # the element before was generated
    for el in old:
        k = kunci_of(el, section_style)
        if k is not None:
            current = k
            order.append(k)
            after.setdefault(k, [])
            generated = True
        elif generated and continues(el):
            continue
        else:
            after.setdefault(current, []).append(el)
            generated = False
    keys = {k for k, _ in new}
    keep: str | None = None
    for k in order:
        if k in keys:
            keep = k
        elif after.get(k):
            after.setdefault(keep, []).extend(after.pop(k))
    sect = body.sectPr

    def put(el: Any) -> None:
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)

    for el in after.get(None, []):
        put(el)
    for k, el in new:
        put(el)
        for user in after.pop(k, []):
            put(user)


def _boxes(doc: Any) -> Iterator[tuple[str, Any]]:
    """(key, content control) of every generated box, in document order."""
    for sdt in doc.element.body.iter(qn("w:sdt")):
        k = kunci_of(sdt)
        if k is not None:
            yield k, sdt


def generated_tables(doc: Any) -> list[tuple[str, Any]]:
    """(key, docx Table) of every generated table, in document order (tests, tools)."""
    from docx.table import Table

    return [(k, Table(tbl, doc)) for k, sdt in _boxes(doc) for tbl in sdt.iter(qn("w:tbl"))]


def generated_paragraphs(doc: Any) -> list[tuple[str, str]]:
    """(key, text) of every generated paragraph outside tables, in document order."""
    out = []
    for k, sdt in _boxes(doc):
        content = sdt.find(qn("w:sdtContent"))
        for p in content.findall(qn("w:p")) if content is not None else []:
            out.append((k, "".join(t.text or "" for t in p.iter(qn("w:t")))))
    return out
