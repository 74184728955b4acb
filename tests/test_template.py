"""The committed template is what the schema builds, and it holds what the schema says."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xl_lkip.core import schema
from xl_lkip.files.template import (
    EXAMPLES,
    build_template,
    column_formula,
    example_records,
    long_form,
)
from xl_lkip.files.workbook import load

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbooks" / "templat-lkjip.xlsx"


def describe(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out: dict = {"sheets": wb.sheetnames,
                 "names": {n: d.attr_text for n, d in wb.defined_names.items()}}
    for ws in wb.worksheets:
        out[ws.title] = {
            "tables": {n: (t.ref, [c.name for c in t.tableColumns],
                           [getattr(c.calculatedColumnFormula, "attr_text", None)
                            for c in t.tableColumns]) for n, t in ((t.name, t) for t in ws.tables.values())},
            "validations": sorted((str(dv.sqref), dv.type, dv.formula1)
                                  for dv in ws.data_validations.dataValidation),
            "formulas": {c.coordinate: c.value for row in ws.iter_rows() for c in row
                         if isinstance(c.value, str) and c.value.startswith("=")},
            "values": [[c.value for c in row] for row in ws.iter_rows(max_row=6)],
            "comments": {c.coordinate: c.comment.text for row in ws.iter_rows(max_row=6)
                         for c in row if c.comment},
            "print": (ws.page_setup.orientation, ws.page_setup.paperSize,
                      # fit to one page wide (1 is the file format's default width)
                      bool(ws.sheet_properties.pageSetUpPr
                           and ws.sheet_properties.pageSetUpPr.fitToPage)
                      and int(ws.page_setup.fitToWidth or 1) == 1
                      and int(ws.page_setup.fitToHeight or 0) == 0,
                      ws.print_title_rows),
        }
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("templat")
    built = {}
    for mode in schema.MODE_RUMUS:  # the same file name: the Pemeriksaan sheet names it
        (base / mode).mkdir()
        built[mode] = build_template(base / mode / COMMITTED.name, rumus=mode)
    return built


def test_committed_template_matches_a_fresh_build(built: dict[str, Path]) -> None:
    assert describe(COMMITTED) == describe(built["python"])


@pytest.mark.parametrize("mode", schema.MODE_RUMUS)
def test_template_follows_the_schema(built: dict[str, Path], mode: str) -> None:
    d = describe(built[mode])
    expected_sheets = [schema.PETUNJUK_SHEET, schema.IDENTITAS_SHEET,
                       *(t.sheet for t in schema.INPUT_TABLES), *schema.REPORT_SHEETS,
                       schema.SHAPE_SHEET]  # hidden: the shapes the report sheets were given
    assert d["sheets"] == expected_sheets
    assert d["names"] == {n: ref[1:] for n, ref in schema.defined_names().items()}
    assert d[schema.IDENTITAS_SHEET]["print"][3] is not None
    for spec in schema.INPUT_TABLES:
        sheet = d[spec.sheet]
        tables = sheet["tables"]
        assert list(tables) == [spec.name]
        _ref, headers, formulas = tables[spec.name]
        assert headers == [c.header for c in spec.columns]
        for c, (col, f) in enumerate(zip(spec.columns, formulas, strict=True)):
            assert (f is not None) == col.computed
            if col.computed:
                assert f == long_form(column_formula(col, mode) or "", spec.name)[1:]
                header_cell = f"{openpyxl.utils.get_column_letter(c + 1)}{schema.HEADER_ROW}"
                assert "DIHITUNG OTOMATIS" in sheet["comments"][header_cell]
        # drop-downs: the schema's choices, and code columns fed by the table defining them
        lists = {v[0].split(":")[0].rstrip("0123456789"): v[2] for v in sheet["validations"]
                 if v[1] == "list"}
        for c, col in enumerate(spec.columns):
            letter = openpyxl.utils.get_column_letter(c + 1)
            code_list = schema.CODE_LISTS.get(col.key)
            if col.choices and not col.computed:
                assert letter in lists, (spec.sheet, col.header)
            elif code_list and not schema.DEFINED_NAMES[code_list].startswith(spec.name + "["):
                assert lists.get(letter) == code_list, (spec.sheet, col.header)
            else:
                assert letter not in lists, (spec.sheet, col.header)
        # A4 landscape, fit to width, header row repeated
        orientation, paper, fit_width, titles = sheet["print"]
        assert (orientation, paper, fit_width) == ("landscape", 9, True)
        assert titles == f"${schema.HEADER_ROW}:${schema.HEADER_ROW}"
    ws = openpyxl.load_workbook(built[mode])[schema.IDENTITAS_SHEET]
    row = schema.identitas_row("mode_rumus")
    assert [ws.cell(row, 1).value, ws.cell(row, 2).value] == ["Mode Rumus", mode]
    # report sheets carry their headings
    assert d["Tabel Pengukuran"]["values"][4][:3] == ["No", "Sasaran Strategis", "Indikator Kinerja"]


def test_petunjuk_is_neither_input_nor_report(built: dict[str, Path]) -> None:
    """The worked examples live on Petunjuk only: the template reads as holding no data."""
    data = load(built["python"])
    for spec in schema.INPUT_TABLES:
        table = data.tables.get(spec.key)
        if spec is not schema.SKALA:
            assert table is not None and table.records == [], spec.sheet
    assert schema.PETUNJUK_SHEET not in schema.REPORT_SHEETS
    assert all(spec.sheet != schema.PETUNJUK_SHEET for spec in schema.INPUT_TABLES)
    assert not any(schema.PETUNJUK_SHEET in t.lokasi for t in data.temuan)
    ws = openpyxl.load_workbook(built["python"])[schema.PETUNJUK_SHEET]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for spec in schema.INPUT_TABLES:  # each sheet's example: its headers and its values
        assert f"Lembar {spec.sheet}" in text
        for key, value in EXAMPLES[spec.key].items():
            if isinstance(value, str) and key in spec.keys:
                assert value in text
    for phrase in ("Urutan pengisian", "Arti warna", "Perbarui Laporan", "xl-lkip perbarui",
                   "Pemeriksaan"):
        assert phrase in text


def test_examples_follow_the_schema_and_compute() -> None:
    records = example_records()
    for spec in schema.INPUT_TABLES:
        assert set(EXAMPLES[spec.key]) <= set(spec.keys), spec.key
        for col in spec.columns:
            if col.required:
                assert records[spec.key].get(col.key) is not None, (spec.key, col.key)
    assert records["realisasi"]["capaian"] == pytest.approx(100.0)
    assert records["realisasi"]["kategori"] == "Baik"
    assert records["anggaran"]["serapan"] == pytest.approx(21_870_000 / 22_500_000 * 100)


def test_long_form() -> None:
    assert long_form("=CAPAIAN([@Target],[@[Capaian (%)]])", "tbl") == \
        "=CAPAIAN(tbl[[#This Row],[Target]],tbl[[#This Row],[Capaian (%)]])"
