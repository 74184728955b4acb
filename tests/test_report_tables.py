"""Each report table on the example workbooks' content: rows, totals, formats, print, charts.

The expected figures come from the inputs (the CSV files the examples are built from, or
the report pages in ../shared/seeds they transcribe), never from the report code itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.factory import IDENTITAS, clean_rows
from xl_lkip.core import schema
from xl_lkip.core.engine import kategori_labels
from xl_lkip.core.layout import (
    LEVEL_CHART_COLOURS,
    NUMBER_FORMATS,
    cell_style,
    kategori_chart_colour,
    layout_sheet,
)
from xl_lkip.core.model import LkipData
from xl_lkip.core.reports import ReportSheetData, build_reports
from xl_lkip.files.template import build_workbook
from xl_lkip.files.workbook import load

ROOT = Path(__file__).resolve().parent.parent
BOYOLALI = ROOT / "workbooks" / "boyolali-2020.xlsx"
PONTIANAK = ROOT / "workbooks" / "pontianak-2020.xlsx"


@pytest.fixture(scope="module")
def boyolali() -> tuple[LkipData, dict[str, ReportSheetData]]:
    data = load(BOYOLALI)
    return data, {r.key: r for r in build_reports(data)}


@pytest.fixture(scope="module")
def pontianak() -> tuple[LkipData, dict[str, ReportSheetData]]:
    data = load(PONTIANAK)
    return data, {r.key: r for r in build_reports(data)}


def _records(data: LkipData, key: str) -> list[dict]:
    return data.tables[key].records


def test_every_report_sheet_of_the_schema_is_built_with_its_titles(boyolali) -> None:
    _data, sheets = boyolali
    assert [r.key for r in schema.REPORTS if r.key != "pemeriksaan"] == list(sheets)
    for key, sheet in sheets.items():
        spec = schema.REPORTS_BY_KEY[key]
        assert sheet.title == spec.title and sheet.sheet == spec.sheet
        assert len(sheet.tables) >= 1
        for t in sheet.tables:
            assert "{" not in t.title and all("{" not in c.header for c in t.columns)


def test_perjanjian_kinerja(boyolali) -> None:
    data, sheets = boyolali
    ind, prog = sheets["pk"].tables
    pk = _records(data, "pk")
    assert len(ind.rows) == len(pk) == 9
    assert [r[4] for r in ind.rows] == [p["target"] for p in pk]
    programs = _records(data, "pk_program")
    assert len(prog.rows) == len(programs) + 1 and prog.styles[-1] == "total"
    # the PK's own "Total Anggaran Rp.1.444.634.000,00" and the PK Perubahan's rows (437.569.000)
    assert prog.rows[-1][3] == 1_444_634_000
    assert prog.rows[-1][4] == math.fsum(p["anggaran_perubahan"] for p in programs) == 437_569_000


def test_pengukuran_has_penanggung_jawab_and_the_mean(boyolali, pontianak) -> None:
    data, sheets = boyolali
    t = sheets["pengukuran"].tables[0]
    assert t.columns[-1].header == "Penanggung Jawab"
    real = {r["kode_indikator"]: r for r in _records(data, "realisasi")}
    assert t.rows[0][-1] == real["IK-01"]["penanggung_jawab"]
    assert t.rows[-1][1] == "Rata-rata capaian" and t.styles[-1] == "total"
    assert t.rows[-1][6] == pytest.approx(100.0) and t.rows[-1][7] == "Baik"  # Tabel 3.1: 100, B
    _d, sheets = pontianak
    t = sheets["pengukuran"].tables[0]
    assert t.rows[-1][1] == "Rata-rata capaian (2 dari 5 indikator)"
    assert t.rows[-1][6] == pytest.approx((80.09 / 75 * 100 + 100) / 2)
    assert any("IK-03" in n for n in t.notes)


def test_indicator_count_is_the_number_averaged(pontianak) -> None:
    _data, sheets = pontianak
    per = sheets["sasaran"].tables[0]
    total = per.rows[-1]
    assert total[1] == "Rata-rata seluruh indikator: 2 indikator" and total[2] == 2
    assert sum(r[2] for r in per.rows[:-1]) == 2  # per sasaran: indicators with a capaian


def test_renstra_cumulative_ratio(boyolali) -> None:
    data, sheets = boyolali
    t, yearly = sheets["renstra"].tables
    ren = {r["kode_indikator"]: r for r in _records(data, "renstra")}
    real = {r["kode_indikator"]: r for r in _records(data, "realisasi")}
    row = next(r for r in t.rows if r[1].startswith("Fasilitasi Pengembangan"))  # IK-04, Kegiatan
    assert row[3] == "kumulatif"
    r = real["IK-04"]
    so_far = r["realisasi"] + r["realisasi_n1"] + r["realisasi_n2"] + r["realisasi_n3"]  # 2017..2020
    assert row[7] == so_far
    assert row[8] == pytest.approx(so_far / ren["IK-04"]["target_akhir"] * 100)
    level = next(r for r in t.rows if r[1].startswith("Prosentase LSM"))  # %, target akhir 100
    assert level[3] == "akhir" and level[8] == pytest.approx(98.78)
    assert [c.header for c in yearly.columns[4:9]] == [f"Target {y}" for y in range(2017, 2022)]
    assert len(yearly.rows) == len(ren)


def test_program_kegiatan_indikator(boyolali) -> None:
    data, sheets = boyolali
    t = sheets["program_kegiatan"].tables[0]
    rows = _records(data, "anggaran")
    typed_total = next(r for r in rows if r.get("level") == "Jumlah")  # Tabel 3.2 "Jumlah Anggaran"
    assert t.rows[-1][6:8] == [typed_total["pagu_perubahan"], typed_total["realisasi"]]
    assert t.rows[-1][8] == pytest.approx(typed_total["realisasi"] / typed_total["pagu_perubahan"] * 100)
    assert len(t.rows) == 10  # one line per indicator (each has one kegiatan) + JUMLAH


def test_budget_blocks_keep_their_own_jumlah_and_a_grand_total(pontianak) -> None:
    data, sheets = pontianak
    blocks = sheets["anggaran"].tables
    assert len(blocks) == 2  # Realisasi Anggaran Kesekretariatan / Urusan Kesatuan Bangsa
    first = blocks[0]
    jumlah = [r for r, s in zip(first.rows, first.styles, strict=True) if s == "total"]
    assert len(jumlah) == 1
    pagu = [c.header for c in first.columns].index("Pagu Perubahan (Rp)")
    programs = [r for r, s in zip(first.rows, first.styles, strict=True) if s == "sub"]
    assert jumlah[0][pagu] == pytest.approx(math.fsum(r[pagu] for r in programs))
    last = blocks[1]
    grand = last.rows[-1]
    assert grand[1] == "JUMLAH SELURUH BAGIAN"
    assert grand[pagu] == pytest.approx(jumlah[0][pagu] + last.rows[-2][pagu])


def test_an_unreadable_amount_does_not_blank_the_totals(pontianak) -> None:
    data, sheets = pontianak
    block = sheets["anggaran"].tables[0]
    notes = " ".join(sheets["anggaran"].tables[-1].notes)
    table = data.tables["anggaran"]
    i = next(k for k, r in enumerate(table.raw) if r.get("realisasi") == "16.997.000,")
    cell = table.cell(i, "realisasi")
    real = [c.header for c in block.columns].index("Realisasi (Rp)")
    leaf = next(r for r in block.rows if r[0] == "1.2")
    if leaf[real] == "-":  # not read: left out of the totals and named under the table
        assert f"Anggaran!{cell}" in notes
    else:  # read through the checker's interpretation: counted and named as interpreted
        assert leaf[real] == 16_997_000 and f"Anggaran!{cell}" in notes
    assert all(isinstance(r[real], float) for r, s in zip(block.rows, block.styles, strict=True)
               if s in ("sub", "total") and r[0] in ("1", ""))
    head = sheets["ringkasan_anggaran"].tables[0]
    assert isinstance(head.rows[-1][1], float) and isinstance(head.rows[-1][2], float)


def test_whole_office_headline_per_jenis_belanja(pontianak) -> None:
    data, sheets = pontianak
    head = sheets["ringkasan_anggaran"].tables[0]
    assert [r[0] for r in head.rows] == ["Belanja Pegawai", "Belanja Langsung", "SELURUH ANGGARAN"]
    assert head.rows[-1][1] == pytest.approx(head.rows[0][1] + head.rows[1][1])
    ser = head.rows[-1][3]
    assert head.rows[-1][4] == pytest.approx(100 - ser)  # Aturan Efisiensi "100 - serapan"
    assert any(n.startswith("Seluruh anggaran tahun 2020: pagu Rp ") for n in head.notes)


def test_budget_against_last_year(tmp_path: Path) -> None:
    rows = clean_rows(2)
    for r in rows["anggaran"]:
        if r["level"] == "Kegiatan":
            r["pagu_n1"], r["realisasi_n1"] = r["pagu_murni"] / 2, r["realisasi"] / 4
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    t = {r.key: r for r in build_reports(data)}["ringkasan_anggaran"].tables[2]
    assert t.columns[1].header == "Pagu 2019 (Rp)" and t.columns[4].header == "Pagu 2020 (Rp)"
    kegiatan = [r for r in rows["anggaran"] if r["level"] == "Kegiatan"]
    assert t.rows[-1][1] == math.fsum(r["pagu_n1"] for r in kegiatan)
    assert t.rows[-1][5] == math.fsum(r["realisasi"] for r in kegiatan)
    assert t.rows[-1][7] == pytest.approx(300.0)  # realisasi grew fourfold
    # the same comparison from last year's workbook (--tahun-lalu) instead of typed columns
    last = load(build_workbook(tmp_path / "lalu.xlsx", {**IDENTITAS, "tahun": 2019}, clean_rows(2)))
    t = {r.key: r for r in build_reports(load(build_workbook(tmp_path / "b.xlsx", IDENTITAS,
                                                               clean_rows(2))), last)}
    t = t["ringkasan_anggaran"].tables[2]
    assert t.rows[-1][2] == t.rows[-1][5] and "lalu.xlsx" in t.notes[-1]


def test_standar_nasional(tmp_path: Path) -> None:
    rows = clean_rows(2)
    rows["realisasi"][0]["standar_nasional"] = 90.0
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    t = {r.key: r for r in build_reports(data)}["standar"].tables[0]
    assert len(t.rows) == 1
    real = rows["realisasi"][0]["realisasi"]
    assert t.rows[0][3] == 90.0 and t.rows[0][6] == pytest.approx(real / 90 * 100)
    assert t.rows[0][7] == "di bawah standar"


def test_rencana_aksi_keeps_kegiatan_pendukung_and_penanggung_jawab(pontianak) -> None:
    data, sheets = pontianak
    t = sheets["rencana_aksi"].tables[0]
    plan = {r["kode_indikator"]: r for r in _records(data, "rencana_aksi")}
    assert [c.header for c in t.columns[-2:]] == ["Kegiatan Pendukung", "Penanggung Jawab"]
    row = next(r for r in t.rows if r[0] == "IK-02")
    assert row[-2] == plan["IK-02"]["kegiatan"] and row[-1] == plan["IK-02"]["penanggung_jawab"]


# --- the layouts: formats, column numbers, notes, print, widths, charts ---------------------------


def _layouts(data: LkipData) -> dict[str, object]:
    return {r.key: layout_sheet(r, kategori_labels(data)) for r in build_reports(data)}


def _cell_styles(layout, header_text: str) -> list[tuple[object, str]]:
    """(value, style) of the cells under the header `header_text` in the first block holding it."""
    for b in layout.blocks[1:]:
        head = b.values[1]
        if header_text in head:
            j = head.index(header_text)
            return [(row[j], st[j]) for row, st in zip(b.values[3:], b.styles[3:], strict=True)
                    if j < len(row)]
    raise AssertionError(header_text)


def test_number_formats(pontianak) -> None:
    data, _ = pontianak
    lay = _layouts(data)
    for value, style in _cell_styles(lay["anggaran"], "Pagu Perubahan (Rp)"):
        if isinstance(value, float):
            base = style.partition("+")[0]
            assert base == ("money" if value.is_integer() else "money_sen")
    assert NUMBER_FORMATS["money"] == "#,##0" and NUMBER_FORMATS["percent"] == "#,##0.00"
    for value, style in _cell_styles(lay["perbandingan"], "Selisih terhadap 2019"):
        if isinstance(value, float):  # every numeric column formatted
            assert cell_style(style).number_format in ("#,##0", "#,##0.00")
    for value, style in _cell_styles(lay["pengukuran"], "Capaian (%)"):
        if isinstance(value, float):
            assert cell_style(style).number_format == "#,##0.00"


def test_column_numbers_notes_and_print_setup(boyolali) -> None:
    data, _ = boyolali
    lay = _layouts(data)["pengukuran"]
    block = lay.blocks[1]
    assert block.values[2][:9] == list(range(1, 10)) and set(block.styles[2]) == {"colnum"}
    assert lay.print_setup.landscape and lay.print_setup.paper == "A4" and lay.print_setup.fit_width
    assert lay.print_setup.repeat_rows == (block.header_row, block.header_row + 1)
    assert "&P" in lay.print_setup.footer
    ang = _layouts(data)["anggaran"]
    notes = [row[0] for b in ang.blocks for row, st in zip(b.values, b.styles, strict=True)
             if st and st[0] == "note"]
    assert any(n.startswith("Serapan = realisasi / pagu") for n in notes)


def test_each_table_keeps_its_own_column_widths(boyolali) -> None:
    data, sheets = boyolali
    lay = _layouts(data)["sasaran"]
    for table, block in zip(sheets["sasaran"].tables, lay.blocks[1:], strict=False):
        head = block.values[1]
        starts = [j for j, v in enumerate(head) if v is not None]
        for k, col in enumerate(table.columns):
            a = starts[k]
            b = starts[k + 1] if k + 1 < len(starts) else block.width
            assert sum(lay.widths[a:b]) == pytest.approx(col.width, abs=1.6)


def test_charts_in_the_layouts(boyolali) -> None:
    data, _ = boyolali
    lay = _layouts(data)
    capaian = lay["pengukuran"].charts[0]
    labels = kategori_labels(data)
    assert capaian.reference_line == 100.0 and capaian.kind == "column"
    assert capaian.point_colours == [kategori_chart_colour("Baik", labels)] * 9
    assert kategori_chart_colour("Baik", labels) == LEVEL_CHART_COLOURS[1]
    block = lay["pengukuran"].blocks[1]
    first = block.header_row + 2
    assert capaian.categories == f"A{first}:A{first + 8}"
    assert capaian.series[0][1] == f"G{first}:G{first + 8}"
    years = lay["perbandingan"].charts[0]
    assert [name for name, _ in years.series] == [f"Realisasi {y}" for y in range(2017, 2021)]
    assert lay["ringkasan_anggaran"].charts[0].kind == "bar"
    assert int(capaian.anchor[1:]) > block.bottom  # under the table, not over it
    ref = capaian.reference_range  # the 100s the line is drawn from, hidden under the chart
    top = int(ref.split(":")[0][1:])
    assert top > int(capaian.anchor[1:]) and int(ref.split(":")[1][1:]) - top + 1 == 9
    assert int(ref.split(":")[1][1:]) < int(capaian.anchor[1:]) + capaian.height_rows


def test_amounts_with_sen_keep_two_decimals(tmp_path: Path) -> None:
    rows = clean_rows(2)
    rows["anggaran"][1]["realisasi"] = 900_000.5
    data = load(build_workbook(tmp_path / "a.xlsx", IDENTITAS, rows))
    lay = _layouts(data)["anggaran"]
    cells = dict(_cell_styles(lay, "Realisasi (Rp)"))
    assert cells[900_000.5].partition("+")[0] == "money_sen"
    assert cell_style(cells[900_000.5]).number_format == "#,##0.00"
    assert cells[5_400_000.0].partition("+")[0] == "money"


def test_table_count_counts_tables_only(pontianak) -> None:
    data, sheets = pontianak
    lay = _layouts(data)
    for key, sheet in sheets.items():
        assert lay[key].n_tables == len(sheet.tables)
    assert lay["pengukuran"].charts and len(lay["pengukuran"].blocks) > 1 + lay["pengukuran"].n_tables


def test_a_chart_that_would_straddle_a_page_starts_a_new_one(boyolali) -> None:
    data, _ = boyolali
    lay = _layouts(data)["perbandingan"]  # nine wrapped rows and a chart: more than a page
    chart = lay.charts[0]
    assert lay.print_setup.row_breaks == [int(chart.anchor[1:])]
    assert _layouts(data)["sasaran"].print_setup.row_breaks == []  # no chart, no break
