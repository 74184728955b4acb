"""The two real reports, regenerated: numbers computed by hand from the seeds, real contradictions found."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_lkip.core.grid import SheetGrid
from xl_lkip.files.examples import build_example
from xl_lkip.files.service import perbarui_berkas
from xl_lkip.files.workbook import load_grids

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "workbooks" / "data"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    out = {}
    base = tmp_path_factory.mktemp("contoh")
    for name in ("pontianak-2020", "boyolali-2020"):
        src = build_example(DATA / name, base / f"{name}.xlsx")
        res = perbarui_berkas(src, keluaran=base / "hasil")
        assert res.galat_berkas is None, res.galat_berkas
        out[name] = (res, load_grids(Path(res.keluaran), report_sheets=True))
    return out


def data_rows(grid: SheetGrid, header: list) -> list[list]:
    """The rows under a table header, without the column-number row (1, 2, 3, …) if any."""
    rows = grid.values[grid.values.index(header) + 1:]
    numbers = [v for v in (rows[0] if rows else []) if v not in (None, "")]
    if numbers and numbers == list(range(1, len(numbers) + 1)):
        rows = rows[1:]
    return rows


def row_where(grid: SheetGrid, col: int, text: str) -> list:
    for row in grid.values:
        if len(row) >= col and isinstance(row[col - 1], str) and row[col - 1].strip() == text:
            return row
    raise AssertionError(f"{grid.name}: tidak ada baris {text!r} di kolom {col}")


def test_pontianak_pengukuran(regenerated: dict) -> None:
    _res, g = regenerated["pontianak-2020"]
    t = g["Tabel Pengukuran"]
    header = row_where(t, 1, "No")
    assert header[:8] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target",
                          "Realisasi", "Capaian (%)", "Kategori"]
    first, second = data_rows(t, header)[:2]
    assert first[4:6] == [75, 80.09]
    assert first[6] == pytest.approx(80.09 / 75 * 100)  # 106,79 — the report printed 117,8
    assert first[7] == "Sangat Tinggi"
    assert second[4:8] == [100, 100, 100, "Sangat Tinggi"]


def test_pontianak_anggaran_recomputed_from_kegiatan(regenerated: dict) -> None:
    _res, g = regenerated["pontianak-2020"]
    t = g["Tabel Anggaran"]
    wasbang = row_where(t, 1, "KB.1")  # Program Pengembangan Wawasan Kebangsaan
    assert wasbang[3] == 130_875_000 + 165_325_000
    assert wasbang[4] == 130_700_000 + 163_074_600
    assert wasbang[5] == pytest.approx(293_774_600 / 296_200_000 * 100)
    politik = row_where(t, 1, "KB.2")  # printed 412.540.000: its kegiatan add up to 478.650.000
    assert politik[3] == 14_850_000 + 463_800_000
    assert politik[4] == 14_850_000 + 463_079_100
    # the administration program has unreadable cells: its sums are shown as unknown, not short
    admin = row_where(t, 1, "1")
    assert admin[3] == "-" and admin[4] == "-"
    total = row_where(t, 2, "JUMLAH")
    assert total[3] == "-"


def test_pontianak_perbandingan(regenerated: dict) -> None:
    _res, g = regenerated["pontianak-2020"]
    t = g["Tabel Perbandingan"]
    header = row_where(t, 1, "No")
    assert header[5:7] == ["Realisasi 2019", "Realisasi 2020"]
    first = data_rows(t, header)[0]
    assert first[5:7] == [78.69, 80.09]
    assert first[7] == pytest.approx(1.40)
    assert first[8] == pytest.approx(1.40 / 78.69 * 100)  # the report printed 11,02 %


def test_boyolali_all_nine_indicators(regenerated: dict) -> None:
    _res, g = regenerated["boyolali-2020"]
    t = g["Tabel Pengukuran"]
    header = row_where(t, 1, "No")
    rows = [r for r in data_rows(t, header) if r and isinstance(r[0], int | float)]
    assert len(rows) == 9
    assert [r[6] for r in rows] == [100] * 9
    assert {r[7] for r in rows} == {"Baik"}
    counts = g["Tabel Capaian Sasaran"]
    assert row_where(counts, 1, "Baik")[2:4] == [9, 100]
    anggaran = g["Tabel Anggaran"]
    total = row_where(anggaran, 2, "JUMLAH")
    assert total[3:5] == [40_485_000, 36_605_000]
    assert total[5] == pytest.approx(36_605_000 / 40_485_000 * 100)


def test_real_contradictions_are_found(regenerated: dict) -> None:
    pon, _ = regenerated["pontianak-2020"]
    by_cell = {(t.aturan[:3], t.lokasi): t for t in pon.temuan}
    typed = by_cell[("K01", "Realisasi!K4")]
    assert typed.ditemukan == 117.8 and typed.diharapkan == pytest.approx(106.7867, abs=1e-3)
    pk_vs_anggaran = [t for t in pon.temuan if t.aturan.startswith("K04")
                      and {t.diharapkan, t.ditemukan} == {412_540_000.0, 478_650_000.0}]
    assert pk_vs_anggaran
    malformed = {t.lokasi for t in pon.temuan if t.aturan == "K07"}
    assert {"Anggaran!G5", "Anggaran!G7", "Anggaran!F14"} <= malformed
    boy, _ = regenerated["boyolali-2020"]
    rkt = [t for t in boy.temuan if t.aturan.startswith("K05") and t.lembar == "PK"
           and {t.diharapkan, t.ditemukan} == {57.14, 85.71}]
    assert rkt, [str(t) for t in boy.temuan if t.aturan.startswith("K05")]


def test_pemeriksaan_sheet_lists_findings_with_links(regenerated: dict) -> None:
    res, g = regenerated["pontianak-2020"]
    p = g["Pemeriksaan"]
    header = row_where(p, 1, "No")
    assert header[:7] == ["No", "Aturan", "Tingkat", "Lokasi", "Pesan", "Diharapkan", "Ditemukan"]
    rows = p.values[p.values.index(header) + 1:]
    assert len([r for r in rows if r]) == len(res.temuan)
    with __import__("zipfile").ZipFile(res.keluaran) as z:
        from xl_lkip.files.package import Package
        with Package(Path(res.keluaran)) as pkg:
            xml = z.read(pkg.sheet("Pemeriksaan").part).decode()
    assert '<hyperlink ref="D' in xml and "location=\"Realisasi!K4\"" in xml


def test_committed_examples_match_their_data(tmp_path: Path) -> None:
    for name in ("pontianak-2020", "boyolali-2020"):
        fresh = load_grids(build_example(DATA / name, tmp_path / f"{name}.xlsx"))
        committed = load_grids(ROOT / "workbooks" / f"{name}.xlsx")
        for sheet, grid in fresh.items():
            assert committed[sheet].values == grid.values, (name, sheet)
            assert committed[sheet].formulas == grid.formulas, (name, sheet)


@pytest.mark.parametrize("name", ["pontianak-2020", "boyolali-2020"])
def test_read_back_equals_the_data_files(tmp_path: Path, name: str) -> None:
    """Build → read → compare with the CSV files, value by value."""
    from xl_lkip.core import schema
    from xl_lkip.files.examples import load_folder
    from xl_lkip.files.workbook import load

    identitas, rows = load_folder(DATA / name)
    data = load(build_example(DATA / name, tmp_path / f"{name}.xlsx"))
    for key, value in identitas.items():
        assert data.identitas[key] == value, key
    unreadable = {(t.lembar, t.sel) for t in data.temuan if t.aturan == "K07"}
    for spec in schema.INPUT_TABLES:
        typed = rows.get(spec.key)
        if typed is None:
            continue
        table = data.tables[spec.key]
        assert len(table.records) == len(typed), spec.key
        for i, rec in enumerate(typed):
            for col in spec.columns:
                want = rec.get(col.key)
                got = table.records[i][col.key]
                if (table.sheet, table.cell(i, col.key)) in unreadable:
                    assert got is None and isinstance(want, str)
                    continue
                if col.computed and want is None:
                    assert table.formulas[i][col.key].startswith("="), (spec.key, i, col.key)
                    continue
                numeric = col.kind in schema.NUMERIC_KINDS or col.kind is schema.Kind.TARGET
                if want is None or (numeric and isinstance(want, str) and want.strip() in ("-", "%")):
                    assert got is None, (spec.key, i, col.key, got)
                elif col.kind is schema.Kind.CHOICE:
                    assert got is not None and got.casefold() in (
                        str(want).casefold(), "positif", "negatif"), (spec.key, col.key, got, want)
                else:
                    assert got == want, (spec.key, i, col.key, got, want)
