"""Every validated column: a bad value gives its message at the right cell, and reading goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factory import IDENTITAS, clean_rows
from xl_lkip.core import schema
from xl_lkip.core.grid import cell_ref
from xl_lkip.core.schema import Kind
from xl_lkip.files.template import build_workbook
from xl_lkip.files.workbook import load

BAD = {Kind.NUMBER: "delapan puluh", Kind.MONEY: "2.67.338.000", Kind.PERCENT: "97,15,3",
       Kind.YEAR: "dua ribu", Kind.TARGET: "sekitar delapan", Kind.CHOICE: "entahlah"}
CASES = [(spec, col) for spec in schema.INPUT_TABLES if spec.key in clean_rows(1)
         for col in spec.columns if not col.computed and col.kind in BAD]


@pytest.mark.parametrize("spec,col", CASES, ids=[f"{s.key}.{c.key}" for s, c in CASES])
def test_bad_value_is_reported_at_its_cell(tmp_path: Path, spec: schema.Table,
                                            col: schema.Column) -> None:
    rows = clean_rows(2)
    rows[spec.key][1][col.key] = BAD[col.kind]
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    where = cell_ref(schema.HEADER_ROW + 2, spec.keys.index(col.key) + 1)
    hits = [t for t in data.temuan if t.lembar == spec.sheet and t.sel == where]
    assert hits, [str(t) for t in data.temuan]
    assert hits[0].aturan == "K07" and hits[0].tingkat == "galat"
    assert BAD[col.kind] in hits[0].pesan or BAD[col.kind] == hits[0].ditemukan
    # the rest of the table is still read
    assert len(data.tables[spec.key].records) == len(rows[spec.key])


def test_bad_identitas_year(tmp_path: Path) -> None:
    ident = dict(IDENTITAS, tahun="dua ribu dua puluh")
    data = load(build_workbook(tmp_path / "a.xlsx", ident, clean_rows(1)))
    where = cell_ref(schema.identitas_row("tahun"), 2)
    assert any(t.lembar == "Identitas" and t.sel == where and t.aturan == "K07" for t in data.temuan)


def test_required_blank_is_reported(tmp_path: Path) -> None:
    rows = clean_rows(2)
    rows["pk"][0]["target"] = None
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    where = cell_ref(schema.HEADER_ROW + 1, schema.PK.keys.index("target") + 1)
    assert any(t.lembar == "PK" and t.sel == where and t.aturan == "K08" for t in data.temuan)
