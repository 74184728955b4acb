"""Workbooks as other programs save them and as staff type them.

A workbook re-saved by LibreOffice or openpyxl (or Excel: shared strings, cached results, a
calculation chain) gives the same findings as the original, and `perbarui` writes a file that
opens, is valid against the ECMA-376 schemas and leaves every input sheet as it was. Staff
type numbers as Indonesian text, leave blank rows, merge header cells, move the header, add
columns and total rows: a correct workbook in such a shape has no kesalahan or peringatan,
and a wrong total in it is still found.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from tests.factory import clean_workbook
from tests.office import convert, needs_office
from xl_lkip.core import schema
from xl_lkip.core.findings import CATATAN, GALAT
from xl_lkip.core.sheets import sheet_key
from xl_lkip.files.package import Package
from xl_lkip.files.service import HasilBerkas, perbarui_berkas, periksa_berkas
from xl_lkip.files.xlsx_read import read_grids

lxml = pytest.importorskip("lxml")
from tests.test_ooxml_schemas import problems  # noqa: E402

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
EXAMPLES = ["templat-lkjip.xlsx", "boyolali-2020.xlsx", "pontianak-2020.xlsx"]
REPORTS = {sheet_key(r.sheet) for r in schema.REPORTS}
# ours to rewrite besides the report sheets: the hidden record of their shapes (core/shape.py)
OURS = REPORTS | {sheet_key(schema.SHAPE_SHEET)}


def keys(res: HasilBerkas) -> list[tuple[str, str, str, str]]:
    assert res.galat_berkas is None, res.galat_berkas
    return sorted((t.aturan, t.tingkat, t.lembar, t.sel) for t in res.temuan)


def sheets(path: Path) -> dict[str, tuple[bytes, str]]:
    """Each worksheet's XML and visibility, by name."""
    with Package(path) as pkg:
        return {s.name: (pkg.read(s.part), s.state) for s in pkg.sheets}


def written_well(source: Path, tmp_path: Path) -> Path:
    """`perbarui` into a folder: the output is schema-valid, its sheet names are unique and
    every sheet that is not a report sheet is byte for byte the source's."""
    res = perbarui_berkas(source, tmp_path / "keluaran")
    assert res.galat_berkas is None and res.keluaran, res.galat_berkas
    out = Path(res.keluaran)
    assert problems(out) == []
    before, after = sheets(source), sheets(out)
    assert len({sheet_key(n) for n in after}) == len(after)
    for name, (xml, state) in before.items():
        if sheet_key(name) not in OURS:
            assert after[name] == (xml, state), name
        else:
            assert after[name][1] == state, name  # a hidden report sheet stays hidden
    assert REPORTS <= {sheet_key(n) for n in after}
    return out


# --- re-saved by other producers ---------------------------------------------------------------


@needs_office
@pytest.mark.parametrize("name", EXAMPLES)
def test_resaved_by_libreoffice_same_findings_and_valid_output(name: str, tmp_path: Path) -> None:
    source = WORKBOOKS / name
    resaved = convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    # LibreOffice recalculates on opening and, without the add-in's functions, saves #NAME?
    # in the computed columns: that one notice (K17) is about the file as saved, not the data
    found = periksa_berkas(resaved)
    named = [t for t in found.temuan if t.aturan == "K17" and t.ditemukan == "#NAME?"]
    assert len(named) <= 1
    found.temuan = [t for t in found.temuan if t not in named]
    assert keys(found) == keys(periksa_berkas(source))
    out = written_well(resaved, tmp_path)
    convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "buka")  # LibreOffice opens it


@pytest.mark.parametrize("name", EXAMPLES)
def test_resaved_by_openpyxl_same_findings_and_valid_output(name: str, tmp_path: Path) -> None:
    source = WORKBOOKS / name
    resaved = tmp_path / name
    openpyxl.load_workbook(source).save(resaved)  # every formula loses its cached result
    assert keys(periksa_berkas(resaved)) == keys(periksa_berkas(source))
    written_well(resaved, tmp_path)


def _patch(path: Path, out: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    edit(parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return out


def _inline_strings(parts: dict[str, bytes]) -> None:
    """Every shared string written inline in its cell (t="inlineStr"), as some tools write."""
    from xml.sax.saxutils import escape

    sst = parts["xl/sharedStrings.xml"].decode()
    texts = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    texts = [t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for t in texts]

    def inline(m: re.Match[str]) -> str:
        text = escape(texts[int(m.group(2))])
        return f'<c {m.group(1)}t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = parts[name].decode()
        parts[name] = re.sub(r'<c ([^>]*?)t="s"><v>(\d+)</v></c>', inline, xml).encode()


@pytest.mark.parametrize("name", EXAMPLES)
def test_inline_strings_give_the_same_findings(name: str, tmp_path: Path) -> None:
    source = WORKBOOKS / name
    inline = _patch(source, tmp_path / name, _inline_strings)
    assert keys(periksa_berkas(inline)) == keys(periksa_berkas(source))
    written_well(inline, tmp_path)


def _part_of(path: Path, sheet: str) -> str:
    with Package(path) as pkg:
        found = pkg.sheet(sheet)
        assert found is not None
        return found.part


def test_excel_calculation_chain_is_dropped_not_left_stale(tmp_path: Path) -> None:
    """Excel lists every formula cell in xl/calcChain.xml; after the report sheets are
    rewritten the list would name cells without formulas, which Excel "repairs" with a
    warning. The list goes (Excel rebuilds it silently); nothing else is touched."""
    source = clean_workbook(tmp_path / "excel.xlsx")

    def add_chain(parts: dict[str, bytes]) -> None:
        parts["xl/calcChain.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<c r="K4" i="7"/><c r="K5"/><c r="B6" i="12"/></calcChain>')
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
            "</Relationships>").encode()
        ct = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = ct.replace(
            "</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>').encode()

    excel = _patch(source, tmp_path / "dengan-rantai.xlsx", add_chain)
    out = written_well(excel, tmp_path)
    with zipfile.ZipFile(out) as z:
        assert "xl/calcChain.xml" not in z.namelist()
        assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in z.read("[Content_Types].xml")


def _empty_cached_capaian(parts: dict[str, bytes], part: str) -> None:
    """Capaian K4 as Excel writes a formula whose result is empty text: <v></v>."""
    xml = parts[part].decode()
    xml, n = re.subn(r'<c r="K4"([^>]*?)(?:/>|>.*?</c>)',
                     r'<c r="K4"\1 t="str"><f>IF(E4="","",J4/E4*100)</f><v></v></c>', xml,
                     count=1, flags=re.S)
    assert n == 1
    parts[part] = xml.encode()


def _prefixed(parts: dict[str, bytes], part: str) -> None:
    """The same sheet with the main namespace under a prefix (.NET tools): the tree reader."""
    xml = parts[part].decode()
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert main in xml
    xml = xml.replace(main, main.replace("xmlns=", "xmlns:x="))
    xml = re.sub(r"<(/?)(?!\?)([a-zA-Z]+)([\s>/])", r"<\1x:\2\3", xml)
    parts[part] = xml.encode()


def test_formula_with_an_empty_cached_result_reads_alike_on_both_paths(tmp_path: Path) -> None:
    """An empty cached result is no value on the fast reader and on the tree reader alike, the
    formula is kept, and the checks say the same on both."""
    source = clean_workbook(tmp_path / "dasar.xlsx")
    part = _part_of(source, "Realisasi")
    fast = _patch(source, tmp_path / "cepat.xlsx", lambda p: _empty_cached_capaian(p, part))

    def both(p: dict[str, bytes]) -> None:
        _empty_cached_capaian(p, part)
        _prefixed(p, part)

    tree = _patch(source, tmp_path / "pohon.xlsx", both)
    grids = []
    for path in (fast, tree):
        with Package(path) as pkg:
            grid = read_grids(pkg, ["Realisasi"])["Realisasi"]
        grids.append(grid)
        assert grid.values[3][10] is None
        assert grid.formulas[(4, 11)] == '=IF(E4="","",J4/E4*100)'
    assert grids[0].values == grids[1].values and grids[0].formulas == grids[1].formulas
    assert keys(periksa_berkas(fast)) == keys(periksa_berkas(tree))


def test_malformed_shared_string_index_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    source = clean_workbook(tmp_path / "dasar.xlsx")
    part = _part_of(source, "Realisasi")

    def spoil(parts: dict[str, bytes]) -> None:
        xml = parts[part].decode()
        xml, n = re.subn(r'<c r="B4"([^>]*?) t="s"><v>\d+</v></c>', r'<c r="B4"\1 t="s"><v>x</v></c>',
                         xml, count=1)
        assert n == 1
        parts[part] = xml.encode()

    res = periksa_berkas(_patch(source, tmp_path / "rusak.xlsx", spoil))
    assert res.galat_berkas and "Realisasi" in res.galat_berkas
    assert "tak terduga" not in res.galat_berkas


# --- what users do to an example ---------------------------------------------------------------


def _delete_report(wb: Any) -> None:
    del wb["Tabel Pengukuran"]


def _hide(wb: Any) -> None:
    wb["Tabel Pengukuran"].sheet_state = "hidden"
    wb["Renstra"].sheet_state = "hidden"


def _own_sheets(wb: Any) -> None:
    ws = wb.create_sheet("Catatan Saya", 3)
    ws["A1"], ws["B2"] = "catatan", "=Renstra!A1"
    wb.create_sheet("Akhir")["A1"] = 1


def _freeze(wb: Any) -> None:
    wb["Tabel Pengukuran"].freeze_panes = "C5"
    wb["Realisasi"].freeze_panes = "B4"


def _names(wb: Any) -> None:
    wb.defined_names["Total"] = DefinedName("Total", attr_text="'Tabel Pengukuran'!$A$1:$D$10")
    wb.defined_names["Masukan"] = DefinedName("Masukan", attr_text="Realisasi!$A$1:$D$10")
    wb["Tabel Pengukuran"].print_area = "A1:H40"
    wb["Realisasi"].print_area = "A1:H40"
    wb["Realisasi"].print_title_rows = "1:3"


def _table_on_report(wb: Any) -> None:
    ws = wb["Tabel Pengukuran"]
    ws["R1"], ws["S1"], ws["R2"], ws["S2"] = "Kolom1", "Kolom2", 1, 2
    ws.add_table(Table(displayName="TabelSaya", ref="R1:S2"))


def _deleted_with_print_area_after(wb: Any) -> None:
    del wb["Tabel Pengukuran"]
    ws = wb.create_sheet("Z Akhir")
    ws["A1"] = 1
    ws.print_area = "A1:B2"


@pytest.mark.parametrize("change", [_delete_report, _hide, _own_sheets, _freeze, _names,
                                    _table_on_report, _deleted_with_print_area_after])
def test_user_changes_to_an_example_keep_findings_and_a_valid_output(
        change: Callable[[Any], None], tmp_path: Path) -> None:
    source = WORKBOOKS / "boyolali-2020.xlsx"
    wb = openpyxl.load_workbook(source)
    change(wb)
    path = tmp_path / "diubah.xlsx"
    wb.save(path)
    assert keys(periksa_berkas(path)) == keys(periksa_berkas(source))
    out = written_well(path, tmp_path)
    again = written_well(out, tmp_path / "lagi")  # a second run over our own output
    with zipfile.ZipFile(again) as z:
        book = z.read("xl/workbook.xml").decode()
    names = [n for n, _s in sheets(again).items()]
    # every sheet-local defined name still points at its own sheet
    for local, text in re.findall(r'<definedName [^>]*localSheetId="(\d+)"[^>]*>([^<]*)<', book):
        shown = text.split("!")[0].strip("'").replace("''", "'")
        assert sheet_key(names[int(local)]) == sheet_key(shown), (local, text)
    if change is _names:
        assert "Realisasi!$A$1:$D$10" in book and "'Realisasi'!$1:$3" in book


# --- staff typing ------------------------------------------------------------------------------


def _col(ws: Any, header: str, row: int = 3) -> int:
    return next(c.column for c in ws[row] if c.value == header)


def _text_numbers(wb: Any) -> None:
    a = wb["Anggaran"]
    pm, real = _col(a, "Pagu Murni"), _col(a, "Realisasi")
    for r in range(4, a.max_row + 1):
        v = int(a.cell(r, pm).value)
        a.cell(r, pm).value = f"{v:,}".replace(",", ".")  # 3.000.000
        v = int(a.cell(r, real).value)
        a.cell(r, real).value = "Rp " + f"{v:,}".replace(",", ".") + ",00"  # Rp 2.700.000,00
    p = wb["PK Program"]
    p.cell(4, _col(p, "Anggaran")).value = "Rp 3.000.000"
    p.cell(5, _col(p, "Anggaran")).value = "6.000.000,00"
    r = wb["Realisasi"]
    r.cell(4, _col(r, "Realisasi")).value = "83,00 %"
    r.cell(4, _col(r, "Target")).value = "81 %"
    r.cell(5, _col(r, "Realisasi TW I")).value = "21,00"
    r.cell(4, _col(r, "Capaian (%)")).value = "102,47 %"  # 83 / 81 × 100 = 102,469…
    wb["Renstra"].cell(4, _col(wb["Renstra"], "Kondisi Awal")).value = "70,0"
    wb["Identitas"]["B6"] = "2020"


def _blank_rows(wb: Any) -> None:
    for name in ("Skala", "Renstra", "PK", "PK Program", "Realisasi", "Rencana Aksi"):
        wb[name].insert_rows(5)
    wb["Anggaran"].insert_rows(8, 2)


def _merged_headers(wb: Any) -> None:
    for name in ("Skala", "Renstra", "PK", "PK Program", "Realisasi", "Rencana Aksi", "Anggaran"):
        ws = wb[name]
        n = ws.max_column
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
        ws.insert_rows(4)  # a two-row header: every header cell merged down over row 4
        for c in range(1, n + 1):
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)


def _header_on_row_2(wb: Any) -> None:
    for name in ("Identitas", "Skala", "Renstra", "PK", "PK Program", "Realisasi",
                 "Rencana Aksi", "Anggaran"):
        wb[name].delete_rows(2)


def _header_on_row_5(wb: Any) -> None:
    for name in ("Identitas", "Skala", "Renstra", "PK", "PK Program", "Realisasi",
                 "Rencana Aksi", "Anggaran"):
        wb[name].insert_rows(1, 2)


def _extra_columns(wb: Any) -> None:
    for name in ("Skala", "Renstra", "PK", "PK Program", "Realisasi", "Rencana Aksi", "Anggaran"):
        ws = wb[name]
        n = ws.max_column
        ws.insert_cols(1)
        ws.cell(3, 1).value = "No"
        for r in range(4, ws.max_row + 1):
            ws.cell(r, 1).value = r - 3
        ws.cell(3, n + 2).value, ws.cell(4, n + 2).value = "Catatan Bidang", "cek lagi"


def _total_rows(wb: Any) -> None:
    a = wb["Anggaran"]
    a.insert_rows(7)  # under program 1 and its kegiatan
    a.cell(7, _col(a, "Uraian")).value = "Sub Total Program 1"
    a.cell(7, _col(a, "Pagu Murni")).value, a.cell(7, _col(a, "Realisasi")).value = \
        3_000_000, 2_700_000
    r = a.max_row + 1
    a.cell(r, _col(a, "Kode")).value = "TOTAL"
    a.cell(r, _col(a, "Pagu Murni")).value, a.cell(r, _col(a, "Realisasi")).value = \
        9_000_000, 8_100_000
    a.cell(r, _col(a, "Serapan (%)")).value = 90
    a.cell(r + 1, _col(a, "Uraian")).value = "JUMLAH"
    a.cell(r + 1, _col(a, "Pagu Murni")).value = 9_000_000
    p = wb["PK Program"]
    p.cell(6, _col(p, "Program")).value, p.cell(6, _col(p, "Anggaran")).value = \
        "JUMLAH", 9_000_000
    real = wb["Realisasi"]
    real.cell(6, _col(real, "Indikator")).value = "Rata-rata capaian"
    real.cell(6, _col(real, "Capaian (%)")).value = 102.46
    real.cell(7, _col(real, "Kode Indikator")).value = "Jumlah"


def _percent_cells(wb: Any) -> None:
    r = wb["Realisasi"]
    for row in (4, 5):
        for header, fmt in (("Target", "0.00%"), ("Realisasi", "0%")):
            cell = r.cell(row, _col(r, header))
            cell.value, cell.number_format = cell.value / 100, fmt
    p = wb["PK"]
    cell = p.cell(4, _col(p, "Target PK"))
    cell.value, cell.number_format = cell.value / 100, "0%"


def _units_and_codes(wb: Any) -> None:
    a = wb["Anggaran"]
    for header in ("Pagu Murni", "Realisasi"):
        a.cell(3, _col(a, header)).value = f"{header} (Rp)"
    k = _col(a, "Kode")
    for r, kode in zip(range(4, 10), (1, 1.1, 1.2, 2, "2.1 ", " 2.2."), strict=True):
        a.cell(r, k).value = kode
    p = wb["PK Program"]
    p.cell(4, _col(p, "Kode Program")).value, p.cell(5, _col(p, "Kode Program")).value = 1, 2
    real = wb["Realisasi"]
    real.cell(4, _col(real, "Kode Indikator")).value = " ik-01 "
    real.cell(4, _col(real, "Polaritas")).value = "Positif"


def _optional_columns_removed(wb: Any) -> None:
    a = wb["Anggaran"]
    for h in ("Pagu Tahun Lalu", "Realisasi Tahun Lalu", "Kode Program", "Kode Indikator",
              "Jenis Belanja", "Level"):
        a.delete_cols(_col(a, h))
    r = wb["Realisasi"]
    for h in ("Standar Nasional", "Realisasi N-3", "Realisasi TW I", "Realisasi TW II",
              "Realisasi TW III", "Realisasi TW IV"):
        r.delete_cols(_col(r, h))


def _renstra_years_as_headers(wb: Any) -> None:
    """The yearly targets headed by their years, as the Renstra document prints them."""
    ren = wb["Renstra"]
    for n in range(1, 6):
        ren.cell(3, _col(ren, f"Target Th-{n}")).value = 2016 + n if n % 2 else f"Target {2016 + n}"


def _column_numbers(wb: Any) -> None:
    """The printed tables' column-number row under the header: 1 2 3 … or (1) (2) (3) …"""
    for name in ("Renstra", "PK", "PK Program", "Realisasi", "Rencana Aksi", "Anggaran"):
        ws = wb[name]
        n = ws.max_column
        ws.insert_rows(4)
        for c in range(1, n + 1):
            ws.cell(4, c).value = c if name != "PK" else f"({c})"


def _repeated_header(wb: Any) -> None:
    """The header pasted again mid-table (a page break of the printed report)."""
    for name in ("Renstra", "Realisasi", "Anggaran"):
        ws = wb[name]
        ws.insert_rows(5)
        for c in range(1, ws.max_column + 1):
            ws.cell(5, c).value = ws.cell(3, c).value


def _sasaran_headings(wb: Any) -> None:
    """Indicators grouped under a heading row naming their sasaran, as printed."""
    real = wb["Realisasi"]
    real.insert_rows(4)
    real.cell(4, 1).value = "Sasaran 1: Meningkatnya kinerja pelayanan"
    pk = wb["PK"]
    pk.insert_rows(4)
    pk.cell(4, _col(pk, "Sasaran")).value = "Sasaran S1"


def _sasaran_merged_down(wb: Any) -> None:
    """Renstra and PK sorted by sasaran, the sasaran (and tujuan) only on each group's first
    row: what merged cells leave in the file."""
    for name, group in (("Renstra", ("Tujuan", "Kode Sasaran", "Sasaran")),
                        ("PK", ("Kode Sasaran", "Sasaran"))):
        ws = wb[name]
        ks = _col(ws, "Kode Sasaran") - 1
        rows = sorted(([c.value for c in ws[r]] for r in range(4, ws.max_row + 1)),
                      key=lambda v: v[ks])
        for i, values in enumerate(rows):
            for j, v in enumerate(values):
                ws.cell(4 + i, j + 1).value = v
            if i and values[ks] == rows[i - 1][ks]:
                for h in group:
                    ws.cell(4 + i, _col(ws, h)).value = None


def _bounded_targets(wb: Any) -> None:
    """Targets written with their bound, as SPM and Renstra documents print them."""
    for name, header, text in (("Realisasi", "Target", "≥ 81"), ("PK", "Target PK", "min. 81"),
                               ("Renstra", "Target Th-4", ">= 81%"),
                               ("Rencana Aksi", "Target Tahun", "paling sedikit 81")):
        wb[name].cell(4, _col(wb[name], header)).value = text


def _zero_revisions(wb: Any) -> None:
    """0 typed on every row of the revision columns for "no revision", the serapan typed."""
    for name, header in (("Anggaran", "Pagu Perubahan"), ("PK Program", "Anggaran Perubahan"),
                         ("PK", "Target PK Perubahan")):
        ws = wb[name]
        for r in range(4, ws.max_row + 1):
            ws.cell(r, _col(ws, header)).value = 0
    a = wb["Anggaran"]
    for r in range(4, a.max_row + 1):
        a.cell(r, _col(a, "Serapan (%)")).value = 90  # 90 % of every pagu murni was spent


def _staff(tmp_path: Path, change: Callable[[Any], None], n: int = 2) -> Path:
    clean = clean_workbook(tmp_path / "bersih.xlsx", n=n)
    assert keys(periksa_berkas(clean)) == []
    wb = openpyxl.load_workbook(clean)
    change(wb)
    path = tmp_path / "diketik.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("change", [_text_numbers, _blank_rows, _merged_headers,
                                    _header_on_row_2, _header_on_row_5, _extra_columns,
                                    _total_rows, _percent_cells, _units_and_codes,
                                    _optional_columns_removed, _renstra_years_as_headers,
                                    _column_numbers, _repeated_header, _sasaran_headings,
                                    _sasaran_merged_down, _bounded_targets, _zero_revisions])
def test_correct_workbook_in_an_unusual_shape_has_no_problem(
        change: Callable[[Any], None], tmp_path: Path) -> None:
    path = _staff(tmp_path, change, n=4 if change is _sasaran_merged_down else 2)
    res = periksa_berkas(path)
    assert res.galat_berkas is None
    assert [str(t) for t in res.temuan if t.tingkat != CATATAN] == []
    assert res.n_galat == res.n_peringatan == 0
    written_well(path, tmp_path)


def test_total_rows_are_still_checked(tmp_path: Path) -> None:
    """Recognised as totals, not as programs or indicators, and still added up: a JUMLAH of
    9.100.000 over programs of 3.000.000 and 6.000.000 is wrong by 100.000."""
    def wrong(wb: Any) -> None:
        _total_rows(wb)
        a = wb["Anggaran"]
        a.cell(a.max_row - 1, _col(a, "Pagu Murni")).value = 9_100_000  # the TOTAL row
        p = wb["PK Program"]
        p.cell(6, _col(p, "Anggaran")).value = 8_000_000

    res = periksa_berkas(_staff(tmp_path, wrong))
    found = {(t.aturan, t.lembar, t.sel, t.diharapkan, t.ditemukan) for t in res.temuan
             if t.tingkat != CATATAN}
    assert found == {("K03a", "Anggaran", "E11", 9_000_000.0, 9_100_000.0),
                     ("K06", "Anggaran", "H11", 8_100_000 / 9_100_000 * 100, 90.0),
                     ("K03d", "PK Program", "D6", 9_000_000.0, 8_000_000.0)}


def test_a_grand_total_under_a_total_is_checked(tmp_path: Path) -> None:
    """TOTAL and then JUMLAH under it, as budgets print a total and its restatement: the
    second is added up over every row above it too (9.500.000 for rows of 9.000.000)."""
    def wrong(wb: Any) -> None:
        _total_rows(wb)
        a = wb["Anggaran"]
        a.cell(a.max_row, _col(a, "Pagu Murni")).value = 9_500_000  # the JUMLAH under TOTAL

    res = periksa_berkas(_staff(tmp_path, wrong))
    found = {(t.aturan, t.lembar, t.sel, t.diharapkan, t.ditemukan) for t in res.temuan
             if t.tingkat != CATATAN}
    assert found == {("K03a", "Anggaran", "E12", 9_000_000.0, 9_500_000.0)}


def test_an_indicator_named_jumlah_is_not_a_total_row(tmp_path: Path) -> None:
    """"Jumlah kunjungan wisatawan" with a target but no code is an indicator missing its code,
    not a summary row to pass over."""
    def named(wb: Any) -> None:
        r = wb["Realisasi"]
        r.cell(6, _col(r, "Indikator")).value = "Jumlah kunjungan wisatawan"
        r.cell(6, _col(r, "Target")).value = 1200
        r.cell(6, _col(r, "Realisasi")).value = 1300

    res = periksa_berkas(_staff(tmp_path, named))
    assert ("K08", GALAT, "Realisasi", "A6") in {(t.aturan, t.tingkat, t.lembar, t.sel)
                                                 for t in res.temuan}


def _graded_indicator(wb: Any) -> None:
    """Indicator 2 as reports print a SAKIP predicate: target BB, realisasi B."""
    real = wb["Realisasi"]
    real.cell(5, _col(real, "Target")).value, real.cell(5, _col(real, "Realisasi")).value = \
        "BB", "B"
    for q in ("I", "II", "III", "IV"):
        real.cell(5, _col(real, f"Realisasi TW {q}")).value = None
    real.cell(5, _col(real, "Realisasi N-1")).value = "CC"
    pk = wb["PK"]
    pk.cell(5, _col(pk, "Target PK")).value = pk.cell(5, _col(pk, "Target RKT")).value = "BB"
    ren = wb["Renstra"]
    for year, grade in enumerate(("C", "CC", "B", "BB", "A"), start=1):
        ren.cell(5, _col(ren, f"Target Th-{year}")).value = grade
    ren.cell(5, _col(ren, "Target Akhir")).value, ren.cell(5, _col(ren, "Kondisi Awal")).value = \
        "A", "C"
    plan = wb["Rencana Aksi"]
    plan.cell(5, _col(plan, "Target Tahun")).value = "BB"
    for q in ("I", "II", "III", "IV"):
        plan.cell(5, _col(plan, f"Target TW {q}")).value = None
    for name in ("Realisasi", "PK", "Renstra"):
        wb[name].cell(5, _col(wb[name], "Satuan")).value = "predikat"


def test_a_graded_indicator_is_reported_as_printed_with_one_notice_per_sheet(
        tmp_path: Path) -> None:
    """"BB" and "WTP" are what the reports print, not typing mistakes: no kesalahan, one
    notice per sheet naming the cells, the grades shown in the report tables."""
    path = _staff(tmp_path, _graded_indicator)
    res = periksa_berkas(path)
    assert [str(t) for t in res.temuan if t.tingkat != CATATAN] == []
    notes = {(t.lembar, t.sel) for t in res.temuan if t.aturan == "K07"}
    assert notes == {("Renstra", "I5"), ("PK", "F5"), ("Realisasi", "E5"), ("Rencana Aksi", "C5")}
    out = written_well(path, tmp_path)
    wb = openpyxl.load_workbook(out)
    shown = [list(r) for r in wb["Tabel Pengukuran"].iter_rows(values_only=True)]
    assert any("BB" in r and "B" in r for r in shown)


def test_renstra_year_headers_are_read_as_the_yearly_targets(tmp_path: Path) -> None:
    from xl_lkip.files.workbook import load

    data = load(_staff(tmp_path, _renstra_years_as_headers))
    first = data.tables["renstra"].records[0]
    assert [first[f"target_{n}"] for n in range(1, 6)] == [72.0, 74.0, 76.0, 81.0, 95.0]


def test_a_sasaran_only_partly_left_empty_is_still_a_finding(tmp_path: Path) -> None:
    """Under a merged group both code and name are empty; a name without its code is a
    row the user did not finish."""
    def partly(wb: Any) -> None:
        ren = wb["Renstra"]
        ren.cell(5, _col(ren, "Kode Sasaran")).value = None  # its Sasaran stays filled

    res = periksa_berkas(_staff(tmp_path, partly))
    assert ("K08", GALAT, "Renstra", "B5") in {(t.aturan, t.tingkat, t.lembar, t.sel)
                                               for t in res.temuan}


@pytest.mark.parametrize("kode, uraian, level", [
    ("TOTAL", None, "Jumlah"), ("Jumlah", "", "Jumlah"), (None, "Sub Total Program 1", "Subtotal"),
    (None, "Total Belanja Langsung", "Jumlah"), ("1.01", "Jumlah Kegiatan Lain", "Jumlah"),
    ("1.01", "Program Pelayanan", "Kegiatan"), (None, "Program Tanpa Kode", "Program"),
])
def test_budget_total_rows_are_known_by_their_label_in_kode_or_uraian(
        kode: str | None, uraian: str | None, level: str) -> None:
    from xl_lkip.core.model import infer_level

    assert infer_level(kode, None, uraian) == level


def test_one_zero_among_revised_amounts_is_taken_as_typed(tmp_path: Path) -> None:
    """Kegiatan 1.1 revised to 0 while it spent Rp 900.000, its siblings revised to real
    amounts: spending without a budget (K09c), not "no revision"."""
    def one_zero(wb: Any) -> None:
        a = wb["Anggaran"]
        pm, pp = _col(a, "Pagu Murni"), _col(a, "Pagu Perubahan")
        for r in range(4, a.max_row + 1):
            a.cell(r, pp).value = a.cell(r, pm).value
        a.cell(5, pp).value = 0

    res = periksa_berkas(_staff(tmp_path, one_zero))
    assert ("K09c", "Anggaran", "G5") in {(t.aturan, t.lembar, t.sel) for t in res.temuan}


def test_capaian_typed_with_the_other_negative_formula_is_one_finding(tmp_path: Path) -> None:
    """Target 10, realisasi 8, polaritas negatif: 2T-R gives (2×10−8)/10×100 = 120, T/R gives
    10/8×100 = 125. Capaian typed 125 on both negative indicators while Identitas says 2T-R:
    the agency uses T/R. One finding at Identitas, not one per indicator."""
    def negative(rows: list[dict[str, Any]]) -> None:
        for r in rows[1:3]:
            r["polaritas"] = "negatif"
            if "target" in r:
                r["target"] = 10.0
            if "realisasi" in r:
                r.update(realisasi=8.0, tw1=2.0, tw2=2.0, tw3=2.0, tw4=2.0, capaian=125.0)
            if "target_4" in r:
                r["target_4"] = 10.0
            if "target_rkt" in r:
                r["target_rkt"] = 10.0
            if "target_tahun" in r:
                r.update(target_tahun=10.0, tw1=2.5, tw2=2.5, tw3=2.5, tw4=2.5)

    path = clean_workbook(tmp_path / "negatif.xlsx", n=3, renstra=negative, pk=negative,
                          realisasi=negative, rencana_aksi=negative)
    found = [t for t in periksa_berkas(path).temuan if t.tingkat != CATATAN]
    assert [(t.aturan, t.lembar, t.diharapkan) for t in found] == [("K01", "Identitas", "T/R")]
    assert "K5, K6" in found[0].pesan


def test_nip_typed_as_a_number_has_lost_digits(tmp_path: Path) -> None:
    """197001012000031001 typed as a number is stored as 1.97001012000031E+17: its last
    digits are gone, and the signature would print a wrong NIP."""
    def as_number(wb: Any) -> None:
        wb["Identitas"]["B10"] = 197001012000031001

    path = _staff(tmp_path, as_number)
    assert openpyxl.load_workbook(path)["Identitas"]["A10"].value == "NIP Kepala"
    found = [(t.aturan, t.tingkat, t.lembar, t.sel) for t in periksa_berkas(path).temuan]
    assert found == [("K07", GALAT, "Identitas", "B10")]


def _belanja_langsung(wb: Any, pagu: int = 9_000_000) -> None:
    """The budget under a "BELANJA LANGSUNG" heading that holds the group's total, as budgets
    before 2021 print it."""
    a = wb["Anggaran"]
    a.insert_rows(4)
    a.cell(4, _col(a, "Uraian")).value = "BELANJA LANGSUNG"
    a.cell(4, _col(a, "Pagu Murni")).value, a.cell(4, _col(a, "Realisasi")).value = \
        pagu, 8_100_000


def test_a_group_heading_with_its_total_is_checked_not_counted_twice(tmp_path: Path) -> None:
    path = _staff(tmp_path, _belanja_langsung)
    res = periksa_berkas(path)
    assert [str(t) for t in res.temuan if t.tingkat != CATATAN] == []
    out = written_well(path, tmp_path)
    rows = list(openpyxl.load_workbook(out)["Tabel Ringkasan Anggaran"].iter_rows(values_only=True))
    total = next(r for r in rows if "SELURUH ANGGARAN" in r)
    assert 9_000_000 in total and 18_000_000 not in total  # programs 3.000.000 + 6.000.000

    (tmp_path / "salah").mkdir()
    wrong = _staff(tmp_path / "salah", lambda wb: _belanja_langsung(wb, 9_500_000))
    found = [(t.aturan, t.sel, t.diharapkan, t.ditemukan) for t in periksa_berkas(wrong).temuan
             if t.tingkat != CATATAN]
    assert found == [("K03a", "E4", 9_000_000.0, 9_500_000.0)]


def test_a_group_heading_row_starts_a_new_sasaran(tmp_path: Path) -> None:
    """Renstra grouped under heading rows ("Sasaran S2: ..."), the sasaran typed only on each
    group's first row; a group whose first row was left to its heading must not take the
    sasaran of the group above it: its empty cells are named instead."""
    where: list[str] = []

    def change(wb: Any) -> None:
        _sasaran_merged_down(wb)
        ws = wb["Renstra"]
        ks, sn = _col(ws, "Kode Sasaran"), _col(ws, "Sasaran")
        starts = [r for r in range(4, ws.max_row + 1) if ws.cell(r, ks).value is not None]
        assert len(starts) >= 2
        for r in reversed(starts):
            name, kode = ws.cell(r, sn).value, ws.cell(r, ks).value
            ws.insert_rows(r)
            ws.cell(r, 1).value = f"Sasaran {kode}: {name}"
        second = [r for r in range(4, ws.max_row + 1) if ws.cell(r, ks).value is not None][1]
        for h in ("Tujuan", "Kode Sasaran", "Sasaran"):
            ws.cell(second, _col(ws, h)).value = None
        where.append(f"B{second}")

    path = _staff(tmp_path, change, n=4)
    res = periksa_berkas(path)
    found = [(t.aturan, t.tingkat, t.lembar, t.sel) for t in res.temuan]
    assert ("K08", "galat", "Renstra", where[0]) in found
    # the rows under it take the group from it once it is typed: named once, at its first row
    below = "B" + str(int(where[0][1:]) + 1)
    assert ("K08", "galat", "Renstra", below) not in found
