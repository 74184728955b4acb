"""Chart parts: valid against the ECMA-376 schemas, and drawn by a real spreadsheet application."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.office import convert, needs_office
from xl_lkip.core import schema
from xl_lkip.core.engine import kategori_labels
from xl_lkip.core.layout import ChartSpec, layout_sheet
from xl_lkip.core.reports import build_reports
from xl_lkip.files.workbook import load
from xl_lkip.files.xlsx.chart import CHART_TYPE, DRAWING_TYPE, drawing_parts

etree = pytest.importorskip("lxml.etree")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
EXAMPLES = [ROOT / "workbooks" / "boyolali-2020.xlsx", ROOT / "workbooks" / "pontianak-2020.xlsx"]


@pytest.fixture(scope="module")
def validators() -> dict[str, object]:
    if not (SCHEMAS / "dml-chart.xsd").exists():
        pytest.skip("skema OOXML tidak ada di tests/schemas")
    return {"chart": etree.XMLSchema(etree.parse(str(SCHEMAS / "dml-chart.xsd"))),
            "drawing": etree.XMLSchema(etree.parse(str(SCHEMAS / "dml-spreadsheetDrawing.xsd")))}


def _validate(validators: dict, name: str, xml: bytes) -> None:
    doc = etree.fromstring(xml)
    check = validators["chart" if "/charts/" in name else "drawing"]
    assert check.validate(doc), f"{name}: " + "; ".join(str(e) for e in check.error_log)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_chart_parts_of_the_examples_are_schema_valid(validators, path: Path) -> None:
    data = load(path)
    n = 0
    for report in build_reports(data):
        layout = layout_sheet(report, kategori_labels(data))
        dp = drawing_parts(layout.charts, layout.sheet, set())
        if dp is None:
            continue
        for name, xml in dp.parts.items():
            if not name.endswith(".rels"):
                _validate(validators, name, xml)
                n += 1
        assert dp.content_types[dp.drawing_part] == DRAWING_TYPE
        assert sum(t == CHART_TYPE for t in dp.content_types.values()) == len(layout.charts)
    assert n >= 4  # pengukuran, perbandingan, ringkasan anggaran charts and their drawings


def test_every_chart_kind_is_schema_valid_and_names_avoid_taken_parts(validators) -> None:
    specs = [
        ChartSpec("column", "Capaian", "A7:A15", [("Capaian (%)", "G7:G15")], "A20",
                  reference_line=100.0, point_colours=["70AD47"] * 9),
        ChartSpec("bar", "Serapan <&>", "A7:A12", [("Serapan", "D7:D12")], "A40"),
        ChartSpec("column", "Realisasi", "B7:B15", [("2017", "D7:D15"), ("2018", "E7:E15")], "A60"),
        ChartSpec("line", "Tren", "B7:B15", [("2017", "D7:D15")], "A80", reference_line=50),
    ]
    taken = {"xl/drawings/drawing1.xml", "xl/charts/chart1.xml", "xl/charts/chart3.xml"}
    dp = drawing_parts(specs, "Tabel O'Brien", taken)
    assert dp is not None and dp.drawing_part == "xl/drawings/drawing2.xml"
    charts = sorted(n for n in dp.parts if n.startswith("xl/charts/"))
    assert charts == ["xl/charts/chart2.xml", "xl/charts/chart4.xml", "xl/charts/chart5.xml",
                      "xl/charts/chart6.xml"]
    for name, xml in dp.parts.items():
        if not name.endswith(".rels"):
            _validate(validators, name, xml)
    first = dp.parts["xl/charts/chart2.xml"].decode()
    assert "'Tabel O''Brien'!$G$7:$G$15" in first  # quoted sheet name, absolute range
    assert first.count("<c:dPt>") == 9 and "<c:lineChart>" in first  # kategori colours, 100 % line
    rels = dp.parts["xl/drawings/_rels/drawing2.xml.rels"].decode()
    assert all(f"../charts/{c.rsplit('/', 1)[1]}" in rels for c in charts)
    assert drawing_parts([], "X", set()) is None


@needs_office
def test_regenerated_examples_open_in_libreoffice(tmp_path: Path) -> None:
    from xl_lkip.files.service import perbarui_berkas

    for path in EXAMPLES:
        hasil = perbarui_berkas(path, keluaran=tmp_path / "hasil")
        assert not hasil.galat_berkas, hasil.galat_berkas
        out = Path(hasil.keluaran)
        with zipfile.ZipFile(out) as z:
            assert any(n.startswith("xl/charts/chart") for n in z.namelist())
        pdf = convert(out, "pdf", tmp_path / "pdf")
        assert pdf.stat().st_size > 10_000
        text = _pdf_text(pdf)
        for report in schema.REPORTS:
            assert report.title in text, f"{path.name}: {report.sheet} tidak tercetak"
        assert "Halaman 1 dari" in text


def _pdf_text(pdf: Path) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
