"""Every workbook the project writes is valid against the ECMA-376 transitional schemas.

Excel's own strictness cannot be tried on Linux; the schemas (tests/schemas, see its README)
are the next best judge. Checked: the template, the example workbooks, `xl-lkip perbarui`
outputs (a clean workbook, an example, one with a missing report sheet added), and the
add-in's XML parts. Markup Compatibility is applied first (content in mc:Ignorable namespaces
is dropped), and the one known validator artefact (xml:space on <t>) is set aside.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import pytest

lxml_etree = pytest.importorskip("lxml.etree")

from tests.factory import clean_workbook  # noqa: E402
from xl_lkip.files.service import perbarui_berkas  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ENTRY = {  # namespace -> schema file declaring it
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":
        "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types":
        "opc-xsd/opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships":
        "opc-xsd/opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
}
RIBBON = {"http://schemas.microsoft.com/office/2006/01/customui": "customUI.xsd",
          "http://schemas.microsoft.com/office/2009/07/customui": "customui14.xsd"}
ARTEFACT = re.compile(r"\{http://www\.w3\.org/XML/1998/namespace\}space.*not allowed|"
                      r"attribute 'xml:space'|xml:space", re.I)


@functools.cache
def ooxml_schema() -> object:
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{(SCHEMAS / f).as_uri()}"/>'
                      for ns, f in ENTRY.items())
    wrapper = ('<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
               f'targetNamespace="urn:xl-lkip:semua">{imports}</xsd:schema>')
    return lxml_etree.XMLSchema(lxml_etree.fromstring(wrapper.encode(), base_url=SCHEMAS.as_uri() + "/"))


@functools.cache
def ribbon_schema(name: str) -> object:
    """The ribbon schemas as published use some attributes twice in one type (directly, by a
    base type and by attribute groups), which libxml2 rejects: each repeat it names is taken
    out of the type's attribute groups (a copy of the group without it) until it compiles."""
    import copy

    xs = "{http://www.w3.org/2001/XMLSchema}"
    doc = lxml_etree.parse(str(SCHEMAS / name))
    root = doc.getroot()
    groups = {g.get("name"): g for g in root.findall(f"{xs}attributeGroup")}

    def names(group: object) -> set[str]:
        out = {a.get("name") for a in group.findall(f"{xs}attribute")}
        for ref in group.findall(f"{xs}attributeGroup"):
            out |= names(groups[ref.get("ref")])
        return out

    for _ in range(200):
        try:
            return lxml_etree.XMLSchema(doc)
        except lxml_etree.XMLSchemaParseError as exc:
            m = re.search(r"complex type '(\w+)': Duplicate attribute use '(\w+)'", str(exc))
            if m is None:
                raise
            ctype, attr = m.groups()
        holder = next(t for t in root.iter(f"{xs}complexType") if t.get("name") == ctype)
        fixed = False
        for ref in holder.iter(f"{xs}attributeGroup"):
            group = groups.get(ref.get("ref"))
            if group is None or attr not in names(group):
                continue
            new_name = f"{ref.get('ref')}_sans_{attr}"
            if new_name not in groups:
                clone = copy.deepcopy(group)
                clone.set("name", new_name)
                stack = [clone]
                while stack:  # take the attribute out of the copy and its nested groups
                    g = stack.pop()
                    for a in g.findall(f"{xs}attribute"):
                        if a.get("name") == attr:
                            g.remove(a)
                    for inner in g.findall(f"{xs}attributeGroup"):
                        if attr in names(groups[inner.get("ref")]):
                            inner_clone = copy.deepcopy(groups[inner.get("ref")])
                            inner_name = f"{inner.get('ref')}_sans_{attr}"
                            inner_clone.set("name", inner_name)
                            if inner_name not in groups:
                                groups[inner_name] = inner_clone
                                root.append(inner_clone)
                                stack.append(inner_clone)
                            inner.set("ref", inner_name)
                groups[new_name] = clone
                root.append(clone)
            ref.set("ref", new_name)
            fixed = True
            break
        if not fixed:
            for a in holder.iter(f"{xs}attribute"):
                if a.get("name") == attr:
                    a.getparent().remove(a)
                    break
            else:
                raise AssertionError(f"cannot resolve {attr} in {ctype}")
    raise AssertionError("ribbon schema did not compile")


def markup_compatible(root: object) -> object:
    """Apply Markup Compatibility: drop elements and attributes of ignorable namespaces, and
    take the Fallback of AlternateContent."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        ignorable = el.get(f"{{{MC}}}Ignorable")
        if ignorable is None:
            continue
        uris = {el.nsmap.get(p) for p in ignorable.split()}
        for node in list(el.iter()):
            if not isinstance(node.tag, str):
                continue
            if lxml_etree.QName(node).namespace in uris and node.getparent() is not None:
                node.getparent().remove(node)
                continue
            for a in list(node.attrib):
                if a.startswith("{") and a[1:].split("}")[0] in uris | {MC}:
                    del node.attrib[a]
    for alt in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alt.find(f"{{{MC}}}Fallback")
        parent = alt.getparent()
        i = parent.index(alt)
        parent.remove(alt)
        for k, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(i + k, child)
    return root


def problems(path: Path) -> list[str]:
    """Schema errors of every XML part of `path` whose namespace the schemas cover."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = lxml_etree.fromstring(z.read(name))
            ns = lxml_etree.QName(root).namespace
            if ns in RIBBON:
                schema = ribbon_schema(RIBBON[ns])
            elif ns in ENTRY:
                schema = ooxml_schema()
            else:
                continue  # core properties (Dublin Core schemas not vendored), VML
            markup_compatible(root)
            if not schema.validate(root):
                out += [f"{name}:{e.line}: {e.message}" for e in schema.error_log
                        if not ARTEFACT.search(e.message)]
    return out


def written_by_us() -> list[Path]:
    return sorted((ROOT / "workbooks").glob("*.xlsx"))


@pytest.mark.parametrize("path", written_by_us(), ids=lambda p: p.name)
def test_committed_workbooks_are_valid(path: Path) -> None:
    assert problems(path) == []


def test_fresh_template_is_valid(tmp_path: Path) -> None:
    from xl_lkip.files.template import build_template

    assert problems(build_template(tmp_path / "templat.xlsx")) == []


@pytest.mark.parametrize("path", [p for p in written_by_us() if "templat" not in p.name],
                         ids=lambda p: p.name)
def test_perbarui_output_of_an_example_is_valid(path: Path, tmp_path: Path) -> None:
    res = perbarui_berkas(path, keluaran=tmp_path)
    assert res.galat_berkas is None, res.galat_berkas
    assert problems(Path(res.keluaran)) == []


def test_perbarui_output_with_added_sheet_is_valid(tmp_path: Path) -> None:
    src = clean_workbook(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as z:
        data = {n: z.read(n) for n in z.namelist()}
    wb = data["xl/workbook.xml"].decode()
    rid = re.search(r'<sheet name="Tabel Efisiensi"[^>]*r:id="(rId\d+)"', wb).group(1)
    data["xl/workbook.xml"] = re.sub(r'<sheet name="Tabel Efisiensi"[^>]*/>', "", wb).encode()
    rels = data["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
    data["xl/_rels/workbook.xml.rels"] = re.sub(rf'<Relationship Id="{rid}"[^>]*/>', "",
                                                rels).encode()
    del data["xl/" + target]
    data["[Content_Types].xml"] = data["[Content_Types].xml"].replace(
        f'<Override PartName="/xl/{target}" '.encode(), b'<Override PartName="/xl/dihapus.xml" ')
    with zipfile.ZipFile(src, "w") as z:
        for n, d in data.items():
            z.writestr(n, d)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    assert problems(Path(res.keluaran)) == []
    again = perbarui_berkas(res.keluaran, keluaran=tmp_path / "out2")  # and in a second round
    assert problems(Path(again.keluaran)) == []


def test_addin_parts_are_valid() -> None:
    assert problems(ROOT / "xl_lkip" / "data" / "xl_lkip.xlam") == []


def test_validator_catches_an_invalid_part(tmp_path: Path) -> None:
    """The check can fail: a worksheet with an element out of order is reported."""
    src = clean_workbook(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src) as z:
        data = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in data if n.startswith("xl/worksheets/sheet"))
    data[sheet] = data[sheet].replace(b"<sheetData", b"<pageMargins left=\"1\" right=\"1\" "
                                      b"top=\"1\" bottom=\"1\" header=\"1\" footer=\"1\"/><sheetData", 1)
    bad = tmp_path / "b.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        for n, d in data.items():
            z.writestr(n, d)
    assert any(sheet in p for p in problems(bad))
