"""Report tables from a small workbook whose every number is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factory import IDENTITAS, clean_rows
from xl_lkip.core.reports import build_reports, infer_level
from xl_lkip.files.template import build_workbook
from xl_lkip.files.workbook import load


def _tables(tmp_path: Path, rows: dict) -> dict:
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    return {r.key: r.tables for r in build_reports(data)}


def test_numbers_of_a_clean_workbook(tmp_path: Path) -> None:
    t = _tables(tmp_path, clean_rows(2))
    peng = t["pengukuran"][0].rows
    # IK-01: target 81, realisasi 83; IK-02: target 82, realisasi 84
    assert peng[0][4:7] == [81.0, 83.0, pytest.approx(83 / 81 * 100)]
    assert peng[0][7] == "Baik"
    sas = t["sasaran"][0].rows
    assert sas[-1][3] == pytest.approx((83 / 81 + 84 / 82) * 50)
    ang = t["anggaran"][0].rows
    assert ang[0][:6] == ["1", "Program 1", 3_000_000, 3_000_000, 2_700_000, pytest.approx(90.0)]
    assert t["anggaran"][0].notes and not any("belum lengkap" in n for n in t["anggaran"][0].notes)
    assert ang[-1][2:5] == [9_000_000, 9_000_000, 8_100_000]
    eff = t["efisiensi"][0].rows
    assert eff[0][3:6] == [3_000_000, 2_700_000, pytest.approx(90.0)]
    assert eff[0][7].startswith("efisien")


def test_unreadable_amount_leaves_a_total_of_what_can_be_read(tmp_path: Path) -> None:
    rows = clean_rows(2)
    rows["anggaran"][1]["realisasi"] = "abc"  # unreadable, no number to interpret
    t = _tables(tmp_path, rows)["anggaran"][0]
    ang = t.rows
    assert ang[1][4] == "-"  # the cell itself stays unknown
    assert ang[0][4] == 1_800_000  # program 1 adds the kegiatan it can read
    assert ang[-1][4] == 1_800_000 + 5_400_000  # the JUMLAH is not blanked
    assert any("Jumlah belum lengkap" in n and "Anggaran!" in n for n in t.notes)


def test_budget_linked_to_a_sasaran_code(tmp_path: Path) -> None:
    rows = clean_rows(2)
    for r in rows["anggaran"]:
        if r.get("kode_indikator") == "IK-02":
            r["kode_indikator"] = "S2"
    eff = _tables(tmp_path, rows)["efisiensi"][0].rows
    assert eff[1][3:5] == [6_000_000, 5_400_000]


@pytest.mark.parametrize("kode,level,uraian,expected", [
    ("1", None, "Program X", "Program"),
    ("1.1", None, "Kegiatan", "Kegiatan"),
    ("1.01.02", None, "Program P90", "Program"),
    ("1.01.02.2.01", None, "Kegiatan P90", "Kegiatan"),
    ("1.01.02.2.01.0001", None, "Sub", "Sub Kegiatan"),
    (None, None, "JUMLAH", "Jumlah"),
    (None, None, "J U M L A H", "Jumlah"),
    (None, "Subtotal", "apa saja", "Subtotal"),
    (None, None, "Program Tanpa Kode", "Program"),
])
def test_infer_level(kode: str | None, level: str | None, uraian: str, expected: str) -> None:
    assert infer_level(kode, level, uraian) == expected
