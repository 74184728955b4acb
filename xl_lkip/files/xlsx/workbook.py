"""The parts that list the sheets: workbook.xml, its relationships, [Content_Types].xml.

Each is parsed (whatever namespace prefixes the producer used) and patched in place; a new
report sheet is registered in all three, a report sheet's old relationships (a picture, chart
or comment a user put there) are dropped with the parts nothing else uses, and print titles
are kept as `_xlnm.Print_Titles` defined names.
"""

from __future__ import annotations

import posixpath

from ...core.record import field, record
from ...core.sheets import same_sheet, sheet_key
from ..package import NS_CT, NS_MAIN, NS_PKG_REL, NS_REL, Package
from .errors import TulisError
from .xmlpatch import XmlDoc, quoteattr

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

WS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WS_REL = f"{NS_REL}/worksheet"
DRAWING_REL = f"{NS_REL}/drawing"
CT_PART = "[Content_Types].xml"
OWN_DRAWING_ID = "xlLkipDrawing1"  # the relationship id of the drawing the writer adds

_USER_CONTENT = {"drawing": "gambar/grafik", "vmlDrawing": "komentar/kontrol",
                 "comments": "komentar", "threadedComment": "komentar berutas",
                 "table": "tabel Excel", "pivotTable": "PivotTable", "image": "gambar latar",
                 "hyperlink": "tautan"}
_SILENT = {"printerSettings"}  # Excel adds these when a sheet is printed: nothing to tell


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relative(part: str, source_part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


@record
class WorkbookEdit:
    """Pending edits of the workbook-level parts of one package."""

    pkg: Package
    docs: dict[str, XmlDoc] = field(default_factory=dict)
    new_parts: dict[str, bytes] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    overrides: dict[str, str] = field(default_factory=dict)  # part -> content type to add
    notes: list[str] = field(default_factory=list)
    _sheet_entries: list[tuple[str, str, str]] = field(default_factory=list)  # name, id, rid
    _rels_added: list[tuple[str, str, str]] = field(default_factory=list)  # rid, type, target
    _titles: dict[str, str] = field(default_factory=dict)  # sheet name -> print titles ref
    _hidden: set[str] = field(default_factory=set)  # sheet_key of sheets to hide

    def doc(self, part: str) -> XmlDoc:
        d = self.docs.get(part)
        if d is None:
            d = self.docs[part] = XmlDoc(self.pkg.read(part), part, self.pkg.path.name)
        return d

    @property
    def workbook(self) -> XmlDoc:
        return self.doc(self.pkg.workbook_part)

    def sheet_entries(self) -> list[tuple[str, str, str]]:
        """(name, sheetId, r:id) of every sheet in workbook.xml, chartsheets included."""
        doc = self.workbook
        sheets = doc.child(doc.root, "sheets", NS_MAIN)
        if sheets is None:
            raise TulisError(f"{self.pkg.path.name}: workbook.xml tanpa daftar lembar; berkas "
                             "tidak dapat diubah. Simpan ulang dari Excel.")
        out = [(doc.attr(s, "name") or "", doc.attr(s, "sheetId") or "",
                doc.attr(s, "id", NS_REL) or "") for s in doc.children(sheets, "sheet", NS_MAIN)]
        return out + self._sheet_entries

    def taken(self) -> set[str]:
        return (self.pkg.names - self.removed) | set(self.new_parts) | set(self.overrides)

    def add_sheet(self, name: str) -> str:
        """Register a new worksheet; returns its part name."""
        pkg, nama = self.pkg, self.pkg.path.name
        entries = self.sheet_entries()
        if any(same_sheet(n, name) for n, _i, _r in entries):
            raise TulisError(f"{nama}: sudah ada lembar bernama '{name}' yang bukan lembar kerja "
                             "biasa (mungkin lembar grafik); ganti namanya lalu ulangi. Berkas "
                             "asli tidak diubah.")
        n = 1
        taken = self.taken()
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        rid = self._new_rel(WS_REL, relative(part, pkg.workbook_part))
        ids = [int(i) for _n, i, _r in entries if i.isdigit()]
        sheet_id = str(max(ids, default=0) + 1)
        self._sheet_entries.append((name, sheet_id, rid))
        self.overrides[part] = WS_CT
        return part

    def hide(self, name: str) -> None:
        """Hide the sheet `name` (new or existing); the workbook then opens on another one."""
        self._hidden.add(sheet_key(name))

    def _new_rel(self, typ: str, target: str) -> str:
        rels_part = rels_name(self.pkg.workbook_part)
        used = set(self.pkg.rels(self.pkg.workbook_part)) | {r for r, _t, _g in self._rels_added}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rid = f"rId{n}"
        if rels_part not in self.pkg.names:
            raise TulisError(f"{self.pkg.path.name}: bagian {rels_part} tidak ada; simpan ulang "
                             "berkas dari Excel. Berkas asli tidak diubah.")
        self._rels_added.append((rid, typ, target))
        return rid

    def print_titles(self, sheet: str, rows: tuple[int, int] | None) -> None:
        if rows:
            first, last = rows
            quoted = "'" + sheet.replace("'", "''") + "'"
            self._titles[sheet] = f"{quoted}!${first}:${last}"
        else:
            self._titles[sheet] = ""

    def drop_sheet_extras(self, part: str, sheet: str, ours_if: int = 0) -> None:
        """Forget the relationships of a report sheet about to be rewritten, and the parts only
        they reach. `ours_if`: charts the writer itself put there last time (not reported)."""
        pkg = self.pkg
        own_rels = rels_name(part)
        if own_rels not in pkg.names:
            return
        self.removed.add(own_rels)
        reached: set[str] = set()
        kinds: list[str] = []
        ours = True
        todo = []
        for rid, (typ, target) in pkg.rels(part).items():
            kind = typ.rsplit("/", 1)[-1]
            if kind not in _SILENT and (kind != "drawing" or rid != OWN_DRAWING_ID):
                ours = ours and kind == "drawing"
            if kind not in _SILENT:
                kinds.append(kind)
            if not target.startswith(("http:", "https:", "file:", "mailto:", "\\\\")):
                todo.append(target)
        while todo:
            p = todo.pop()
            if p in reached or p not in pkg.names:
                continue
            reached.add(p)
            for _rid, (_typ, target) in pkg.rels(p).items():
                todo.append(target)
            if rels_name(p) in pkg.names:
                reached.add(rels_name(p))
        charts = [p for p in reached if p.startswith("xl/charts/chart")]
        if ours and charts and len(charts) == ours_if and all(
                not p.startswith("xl/media/") for p in reached):
            kinds = []  # the charts written last time
        elif ours and "drawing" in kinds and not charts and not reached - {own_rels}:
            kinds = []
        still_used = self._targets_outside(reached | {own_rels})
        gone = {p for p in reached if p not in still_used}
        self.removed |= gone
        if kinds:
            if "comments" in kinds:  # the comments' boxes: one thing to the user
                kinds = [k for k in kinds if k != "vmlDrawing"]
            what = sorted({_USER_CONTENT.get(k, k) for k in kinds})
            self.notes.append(
                f"lembar '{sheet}': {', '.join(what)} yang ada di lembar laporan ini dilepas karena "
                "lembar laporan ditulis ulang setiap kali (salinan ada di berkas cadangan). "
                "Taruh gambar, grafik dan komentar sendiri di lembar lain.")

    def _targets_outside(self, skip: set[str]) -> set[str]:
        out: set[str] = set()
        for name in self.pkg.names:
            if not name.endswith(".rels") or name in skip or name in self.removed:
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            source = posixpath.join(folder, posixpath.basename(name)[:-5])
            if source in skip or (source and source not in self.pkg.names and name != "_rels/.rels"):
                continue
            for _rid, (_typ, target) in self.pkg.rels(source if name != "_rels/.rels" else "").items():
                out.add(target)
        return out

    def result(self) -> dict[str, bytes]:
        """Every workbook-level part changed, as bytes."""
        pkg = self.pkg
        out: dict[str, bytes] = {}
        if self._sheet_entries or self._titles or self._hidden:
            doc = self.workbook
            sheets = doc.child(doc.root, "sheets", NS_MAIN)
            assert sheets is not None  # sheet_entries() refused a workbook without one
            for name, sheet_id, rid in self._sheet_entries:
                tag, decl = doc.qname(sheets, "sheet", NS_MAIN)
                attr, rdecl = doc.attr_qname(sheets, "id", NS_REL)
                state = ' state="hidden"' if sheet_key(name) in self._hidden else ""
                doc.append(sheets, f"<{tag}{decl}{rdecl} name={quoteattr(name)} "
                                   f'sheetId="{sheet_id}"{state} {attr}="{rid}"/>')
            if self._hidden:
                self._hide_existing(doc, sheets)
            if self._titles:
                self._defined_names(doc)
            if doc.changed:
                out[pkg.workbook_part] = doc.result()
        chain = {rid: target for rid, (typ, target) in pkg.rels(pkg.workbook_part).items()
                 if typ.endswith("/calcChain")}
        if self._rels_added or chain:
            part = rels_name(pkg.workbook_part)
            doc = self.doc(part)
            # Excel's list of formula cells names cells of the sheets rewritten here, which no
            # longer hold those formulas; Excel repairs such a file with a warning, and rebuilds
            # a missing list silently
            for node in list(doc.iter("Relationship", NS_PKG_REL)):
                if doc.attr(node, "Id") in chain:
                    doc.remove(node)
            self.removed |= set(chain.values())
            for rid, typ, target in self._rels_added:
                tag, decl = doc.qname(doc.root, "Relationship", NS_PKG_REL)
                doc.append(doc.root, f'<{tag}{decl} Id="{rid}" Type="{typ}" '
                                     f"Target={quoteattr(target)}/>")
            out[part] = doc.result()
        drop = {p for p in self.removed if not p.endswith(".rels")}
        if self.overrides or drop:
            doc = self.doc(CT_PART)
            for node in list(doc.iter("Override", NS_CT)):
                name = (doc.attr(node, "PartName") or "").lstrip("/")
                if name in drop or name in self.overrides:
                    doc.remove(node)
            for part, typ in sorted(self.overrides.items()):
                tag, decl = doc.qname(doc.root, "Override", NS_CT)
                doc.append(doc.root, f'<{tag}{decl} PartName={quoteattr("/" + part)} '
                                     f"ContentType={quoteattr(typ)}/>")
            out[CT_PART] = doc.result()
        return out

    def _hide_existing(self, doc: XmlDoc, sheets: Any) -> None:
        """Mark the existing sheets to hide; a window showing one of them (its active or
        first tab) shows the first visible sheet instead, as Excel does when a sheet is hidden."""
        nodes = doc.children(sheets, "sheet", NS_MAIN)
        visible = []
        for i, node in enumerate(nodes):
            if sheet_key(doc.attr(node, "name") or "") in self._hidden:
                if (doc.attr(node, "state") or "visible") == "visible":
                    doc.set_attr(node, "state", "hidden")
            elif (doc.attr(node, "state") or "visible") == "visible":
                visible.append(i)
        hidden = {i for i, node in enumerate(nodes)
                  if sheet_key(doc.attr(node, "name") or "") in self._hidden}
        views = doc.child(doc.root, "bookViews", NS_MAIN)
        if not visible or views is None:
            return
        for view in doc.children(views, "workbookView", NS_MAIN):
            for attr in ("activeTab", "firstSheet"):
                value = doc.attr(view, attr)
                if value is not None and value.isdigit() and int(value) in hidden:
                    doc.set_attr(view, attr, str(visible[0]))

    def _defined_names(self, doc: XmlDoc) -> None:
        order = [sheet_key(n) for n, _i, _r in self.sheet_entries()]
        dn = doc.child(doc.root, "definedNames", NS_MAIN)
        wanted: dict[str, str] = {}
        for sheet, ref in self._titles.items():
            idx = str(order.index(sheet_key(sheet)))
            wanted[idx] = ref
        if dn is not None:
            for node in doc.children(dn, "definedName", NS_MAIN):
                if doc.attr(node, "name") == "_xlnm.Print_Titles" and \
                        doc.attr(node, "localSheetId") in wanted:
                    doc.remove(node)
        items = "".join(
            f'<{doc.qname(doc.root, "definedName", NS_MAIN)[0]} name="_xlnm.Print_Titles" '
            f'localSheetId="{idx}">{ref.replace("&", "&amp;").replace("<", "&lt;")}'
            f'</{doc.qname(doc.root, "definedName", NS_MAIN)[0]}>'
            for idx, ref in sorted(wanted.items(), key=lambda kv: int(kv[0])) if ref)
        if not items:
            return
        if dn is not None:
            doc.append(dn, items)
            return
        tag = doc.qname(doc.root, "definedNames", NS_MAIN)[0]
        block = f"<{tag}>{items}</{tag}>"
        later = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                 "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
        after = next((n for n in doc.children(doc.root) if n.local in later), None)
        if after is not None:
            doc.insert_before(after, block)
        else:
            doc.append(doc.root, block)
