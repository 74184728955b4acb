"""Regeneration writes only the report sheets, atomically, identically every time."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xlwings

from tests.factory import clean_workbook, tiny_png
from xl_lkip.core import schema
from xl_lkip.files.package import Package
from xl_lkip.files.service import perbarui_berkas
from xl_lkip.files.workbook import load_grids
from xl_lkip.files.xlsx import packager


def _vba_project() -> bytes:
    addin = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(addin) as z:
        return z.read("xl/vbaProject.bin")


def _extras(wb) -> None:
    ws = wb.get_worksheet_by_name("Realisasi")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Realisasi!$J$4:$J$5", "name": "Realisasi"})
    ws.insert_chart("T2", chart)
    ws.insert_image("T20", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    ws.write_comment("A4", "catatan pengguna")
    wb.add_vba_project(io.BytesIO(_vba_project()), is_stream=True)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _report_parts(path: Path) -> set[str]:
    """The report sheets and the hidden sheet of their shapes (core/shape.py): ours to write."""
    with Package(path) as pkg:
        return {s.part for s in pkg.sheets
                if s.name in (*schema.REPORT_SHEETS, schema.SHAPE_SHEET)}


@pytest.fixture
def xlsm(tmp_path: Path) -> Path:
    return clean_workbook(tmp_path / "dinas.xlsm", n=2, extra=_extras)


def test_only_report_sheets_change(xlsm: Path, tmp_path: Path) -> None:
    before = _parts(xlsm)
    assert any(n.startswith("xl/charts/") for n in before)
    assert any(n.startswith("xl/media/") for n in before)
    assert "xl/vbaProject.bin" in before
    res = perbarui_berkas(xlsm, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    out = Path(res.keluaran)
    after = _parts(out)
    # the workbook gains print titles and the hidden sheet of the report sheets' shapes (with
    # its relationship); report sheets may gain their charts (drawing parts)
    allowed = _report_parts(out) | {"xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml",
                                    "xl/_rels/workbook.xml.rels"}
    charts = {n for n in set(after) - set(before)
              if n.startswith(("xl/drawings/", "xl/charts/", "xl/worksheets/_rels/"))}
    assert set(before) <= set(after)
    assert set(after) - set(before) - charts <= _report_parts(out)
    changed = {n for n in before if before[n] != after[n]}
    assert changed - allowed == set()
    sheets = re.compile(rb"<sheets>.*</sheets>", re.S)
    shapes = re.compile(rb'<sheet name="xl-lkip" sheetId="\d+" state="hidden" r:id="rId\d+"/>')
    listed = sheets.search(after["xl/workbook.xml"])[0]
    assert len(shapes.findall(listed)) == 1
    assert shapes.sub(b"", listed) == sheets.search(before["xl/workbook.xml"])[0]
    # a second run finds every sheet in place: the list of sheets stays as it is
    again = perbarui_berkas(out, keluaran=tmp_path / "again")
    assert again.galat_berkas is None, again.galat_berkas
    twice = _parts(Path(again.keluaran))
    assert set(twice) == set(after)
    assert sheets.search(twice["xl/workbook.xml"])[0] == listed
    assert twice["xl/_rels/workbook.xml.rels"] == after["xl/_rels/workbook.xml.rels"]
    assert changed & _report_parts(out)  # the reports really were written
    assert _parts(xlsm) == before  # --keluaran leaves the original alone


def test_missing_report_sheet_is_added(tmp_path: Path) -> None:
    src = clean_workbook(tmp_path / "a.xlsx")
    # drop one report sheet from workbook.xml the way a user deleting it would
    parts = _parts(src)
    with Package(src) as pkg:
        victim = pkg.sheet("Tabel Efisiensi")
    wbxml = parts["xl/workbook.xml"].decode()
    wbxml = re.sub(r'<sheet name="Tabel Efisiensi"[^>]*/>', "", wbxml)
    parts["xl/workbook.xml"] = wbxml.encode()
    del parts[victim.part]
    with zipfile.ZipFile(src, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    grids = load_grids(Path(res.keluaran), report_sheets=True)
    assert grids["Tabel Efisiensi"].value(1, 1).startswith("Efisiensi")


def test_regenerating_twice_is_identical(xlsm: Path, tmp_path: Path) -> None:
    first = perbarui_berkas(xlsm, keluaran=tmp_path / "1")
    second = perbarui_berkas(first.keluaran, keluaran=tmp_path / "2")
    a, b = _parts(Path(first.keluaran)), _parts(Path(second.keluaran))
    assert a == b


def test_in_place_keeps_a_backup(xlsm: Path) -> None:
    original = xlsm.read_bytes()
    res = perbarui_berkas(xlsm)
    assert res.galat_berkas is None
    assert Path(res.cadangan).read_bytes() == original
    assert xlsm.read_bytes() != original


def test_crash_leaves_original_untouched(xlsm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = xlsm.read_bytes()

    def boom(*a, **k):
        raise OSError("disk penuh")

    monkeypatch.setattr(packager.os, "replace", boom)
    res = perbarui_berkas(xlsm, cadangan=False)
    assert res.galat_berkas and "disk penuh" in res.galat_berkas
    assert xlsm.read_bytes() == original
    assert [p.name for p in xlsm.parent.iterdir() if p.name.startswith(".xl-lkip-")] == []


def test_input_text_is_never_written_as_formula(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://contoh.invalid","klik")'

    def poison(rows: list[dict]) -> None:
        rows[1]["uraian"] = evil
        rows[2]["uraian"] = "=cmd|' /C calc'!A0"

    src = clean_workbook(tmp_path / "a.xlsx", anggaran=poison)
    res = perbarui_berkas(src, keluaran=tmp_path / "out")
    assert res.galat_berkas is None, res.galat_berkas
    out = Path(res.keluaran)
    with Package(out) as pkg:
        xml = pkg.read(pkg.sheet("Tabel Anggaran").part).decode()
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in xml  # kept, as text
    grids = load_grids(out, report_sheets=True)
    texts = [v for row in grids["Tabel Anggaran"].values for v in row if isinstance(v, str)]
    assert any(t.strip() == evil for t in texts)
    assert grids["Tabel Anggaran"].formulas == {}


def test_in_place_write_closes_the_source_before_replacing(xlsm: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows os.replace fails while the source is open; prove it is closed by then."""
    real_replace = packager.os.replace
    seen = []

    def replace(src, dst):
        seen.append(dst)
        with open(dst, "rb"):
            pass
        import gc
        open_zips = [o for o in gc.get_objects() if isinstance(o, zipfile.ZipFile)
                     and o.fp is not None and Path(o.filename or "") == Path(dst)]
        assert open_zips == [], "source zip still open during replace"
        return real_replace(src, dst)

    monkeypatch.setattr(packager.os, "replace", replace)
    res = perbarui_berkas(xlsm, cadangan=False)
    assert res.galat_berkas is None, res.galat_berkas
    assert seen


def test_zip64_fallback_writes_the_same_parts(xlsm: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Packages too large for plain zip records go through zipfile (ZIP64): same content."""
    plain = perbarui_berkas(xlsm, keluaran=tmp_path / "biasa")
    monkeypatch.setattr(packager, "_ZIP64_LIMIT", 1000)  # every package "needs" ZIP64 now
    big = perbarui_berkas(xlsm, keluaran=tmp_path / "zip64")
    assert plain.galat_berkas is None and big.galat_berkas is None, big.galat_berkas
    assert _parts(Path(big.keluaran)) == _parts(Path(plain.keluaran))
