"""The committed template is what the schema builds, and it holds what the schema says."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xl_lkip.core import schema
from xl_lkip.files.template import build_template, long_form

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbooks" / "templat-lkjip.xlsx"


def describe(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out: dict = {"sheets": wb.sheetnames, "names": sorted(wb.defined_names)}
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
        }
    return out


def test_committed_template_matches_a_fresh_build(tmp_path: Path) -> None:
    fresh = build_template(tmp_path / "templat.xlsx")
    assert describe(COMMITTED) == describe(fresh)


def test_template_follows_the_schema(tmp_path: Path) -> None:
    d = describe(build_template(tmp_path / "t.xlsx"))
    expected_sheets = [schema.IDENTITAS_SHEET, *(t.sheet for t in schema.INPUT_TABLES),
                       *schema.REPORT_SHEETS]
    assert d["sheets"] == expected_sheets
    assert "RumusNegatif" in d["names"]
    for spec in schema.INPUT_TABLES:
        tables = d[spec.sheet]["tables"]
        assert list(tables) == [spec.name]
        _ref, headers, formulas = tables[spec.name]
        assert headers == [c.header for c in spec.columns]
        for col, f in zip(spec.columns, formulas, strict=True):
            assert (f is not None) == col.computed
            if col.computed:
                assert f == long_form(col.formula, spec.name)[1:]
        lists = {v[0].split(":")[0][0] for v in d[spec.sheet]["validations"] if v[1] == "list"}
        assert len(lists) == sum(1 for c in spec.columns if c.choices and not c.computed)
    # report sheets carry their headings
    assert d["Tabel Pengukuran"]["values"][4][:3] == ["No", "Sasaran Strategis", "Indikator Kinerja"]


def test_long_form() -> None:
    assert long_form("=CAPAIAN([@Target],[@[Capaian (%)]])", "tbl") == \
        "=CAPAIAN(tbl[[#This Row],[Target]],tbl[[#This Row],[Capaian (%)]])"
