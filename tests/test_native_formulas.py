"""Mode Rumus excel: the computed columns in plain Excel functions give the core's results.

The same data (the Boyolali example and edge cases) goes into both formula families. The
native workbook is recalculated by LibreOffice headless; the xl-lkip one by the `formulas`
package with our worksheet functions registered (structured references are translated to A1
references first, since `formulas` does not read them). Every computed cell of both is
compared with the core arithmetic. Native formulas read numbers only: a text number or a range
target gives #VALUE!, and a capaian in a hole or overlap of the scale shows a marker.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from office import needs_office, recalculated_xlsx

from xl_lkip.core import schema
from xl_lkip.core.angka import is_blank
from xl_lkip.core.arithmetic import capaian, serapan
from xl_lkip.core.errors import NilaiError
from xl_lkip.core.skala import Skala
from xl_lkip.files.examples import load_folder
from xl_lkip.files.template import build_template, build_workbook, column_formula, long_form

ROOT = Path(__file__).resolve().parent.parent
BOYOLALI = ROOT / "workbooks" / "data" / "boyolali-2020"
REALISASI, ANGGARAN, SKALA = schema.REALISASI, schema.ANGGARAN, schema.SKALA

EDGE_REALISASI = [  # (target, realisasi, polaritas)
    (100, 55.5, "positif"),  # hole of the Boyolali scale
    (100, 75.5, None),  # hole, blank polaritas = positif
    (100, 55, "positif"),  # "<55" excludes 55: hole
    (100, 54.99, "positif"),
    (100, 76, "positif"),
    (100, 100, "Positif"),
    (100, 100.0001, "positif"),
    (100, 60, "positif"),  # the other scale: in two rows at once
    (100, 89.99, "positif"),  # on a decimal bound typed as a number
    (100, 89.995, "positif"),  # the other scale: a hole
    (100, 110, "positif"),
    (100, 110.5, "positif"),
    (0, 5, "positif"),  # target 0
    (80, None, "positif"),  # realisasi not filled in yet
    (None, None, "positif"),  # an empty row
    (None, 5, None),
    (-10, 5, None),  # negative target
    (10, 25, "negatif"),  # below 0 with 2T-R
    (10, 8, "NEGATIF"),
    (10, 0, "negatif"),  # T/R: division by zero
    (3, 7, "negatif"),
    ("97,15 %", 90, "positif"),  # text number: xl-lkip only
    ("80-90", 85, "positif"),  # range target: xl-lkip only
    (80, "85", "positif"),
    (80, 85, "turun"),  # a spelling only xl-lkip reads
    (1e-9, 3, "positif"),
    (7, 3, "positif"),
]
# "Type once": a blank Polaritas is Renstra's, found by Kode Indikator (any case)
EDGE_RENSTRA = {"NEG-1": "negatif", "NEG-2": "turun", "POS-1": None}  # kode -> polaritas
EDGE_TYPE_ONCE = [  # (kode indikator, target, realisasi, polaritas)
    ("NEG-1", 10, 8, None),  # negatif from Renstra: 120, not 80
    ("neg-1", 10, 12, None),
    ("NEG-1", 10, 8, "positif"),  # typed: the row's own polaritas
    ("NEG-1", 10, 8, "  "),  # spaces are blank
    ("NEG-2", 10, 8, None),  # a spelling only xl-lkip reads, in Renstra
    ("POS-1", 10, 8, None),  # Renstra blank too: positif
    ("TIDAK-ADA", 10, 8, None),  # not in Renstra: positif
]
EDGE_ANGGARAN = [  # (pagu murni, pagu perubahan, realisasi)
    (1_914_251_000, None, 1_806_518_343),
    (100, 2_804_150_926, 2_714_944_445),
    (0, None, 0),  # pagu 0
    (None, 0, 5),
    (100, None, None),
    (None, None, None),
    (None, None, 5),
    (-5, None, 1),
    (10, None, -1),
    (10, None, 12.5),
    ("Rp 1.914.251.000,00", None, 5),  # text number: xl-lkip only
    (10, "", 3),
]
OTHER_SKALA = [  # operators the native formula reads, and an overlap at exactly 60
    (">110", None, "Sangat Baik", "SB"),
    ("≥90", "110", "Baik", "B"),
    ("60%", 89.99, "Cukup", "C"),
    (None, "≤60", "Kurang", "K"),
]


def _workbook_rows(rumus_negatif: str, skala_rows: list[tuple] | None) -> tuple[dict, dict]:
    identitas, rows = load_folder(BOYOLALI)
    identitas["rumus_negatif"] = rumus_negatif
    computed = {c.key for t in schema.INPUT_TABLES for c in t.columns if c.computed}
    rows = {k: [{c: v for c, v in rec.items() if c not in computed} for rec in recs]
            for k, recs in rows.items()}
    rows["realisasi"] += [{"kode_indikator": f"X-{i}", "target": t, "realisasi": r,
                           "polaritas": p} for i, (t, r, p) in enumerate(EDGE_REALISASI)]
    rows["renstra"] += [{"kode_sasaran": "S-UJI", "sasaran": "uji", "kode_indikator": k,
                         "indikator": f"uji {k}", "polaritas": p} for k, p in EDGE_RENSTRA.items()]
    rows["realisasi"] += [{"kode_indikator": k, "target": t, "realisasi": r, "polaritas": p}
                          for k, t, r, p in EDGE_TYPE_ONCE]
    rows["anggaran"] += [{"uraian": f"uji {i}", "pagu_murni": m, "pagu_perubahan": p,
                          "realisasi": r} for i, (m, p, r) in enumerate(EDGE_ANGGARAN)]
    if skala_rows is not None:
        rows["skala"] = [dict(zip(SKALA.keys, r, strict=True)) for r in skala_rows]
    return identitas, rows


def _skala(rows: dict) -> Skala:
    return Skala.dari_baris([[rec.get(k) for k in SKALA.keys] for rec in rows["skala"]])


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _core(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except NilaiError as exc:
        return exc


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _computed_cells(path: Path, values: bool) -> dict[str, list[dict[str, Any]]]:
    """Per table key, per data row: computed column key -> cell value (or formula)."""
    wb = openpyxl.load_workbook(path, data_only=values)
    out: dict[str, list[dict[str, Any]]] = {}
    for spec in (REALISASI, ANGGARAN):
        ws = wb[spec.sheet]
        header = [c.value for c in ws[schema.HEADER_ROW]]
        cols = {col.key: header.index(col.header) + 1 for col in spec.columns}
        out[spec.key] = [
            {col.key: ws.cell(r, cols[col.key]).value for col in spec.columns}
            for r in range(schema.HEADER_ROW + 1, ws.max_row + 1)
        ]
    return out


def _polaritas(rec: dict[str, Any], renstra: list[dict[str, Any]]) -> Any:
    """The row's polaritas, else Renstra's by Kode Indikator, as the model takes it."""
    p = rec.get("polaritas")
    if not is_blank(p):
        return p
    kode = str(rec.get("kode_indikator")).casefold()
    return next((r.get("polaritas") for r in renstra
                 if str(r.get("kode_indikator")).casefold() == kode), None)


def _expected(spec_key: str, rec: dict[str, Any], rumus: str, skala: Skala,
              native: bool, renstra: list[dict[str, Any]]) -> dict[str, Any]:
    """What the core says, as a cell shows it: a number, an error code, a label or marker."""
    if spec_key == "realisasi":
        t, r, p = rec.get("target"), rec.get("realisasi"), _polaritas(rec, renstra)
        if is_blank(t) and is_blank(r):
            return {"capaian": "", "kategori": ""}
        cap = _core(capaian, t, r, p, rumus)
        plain = all(_number(v) or is_blank(v) for v in (t, r)) and (
            is_blank(p) or p.strip().lower() in schema.POLARITAS)
        if native and not plain:
            return {"capaian": "#VALUE!", "kategori": "#VALUE!"}
        if isinstance(cap, NilaiError):
            return {"capaian": cap.kode, "kategori": cap.kode}
        kat = _core(skala.kategori, cap)
        if isinstance(kat, NilaiError):
            marker = {"#N/A": schema.KATEGORI_CELAH, "#VALUE!": schema.KATEGORI_TUMPANG_TINDIH}
            return {"capaian": cap, "kategori": marker[kat.kode] if native else kat.kode}
        return {"capaian": cap, "kategori": kat.label}
    murni, perubahan, r = rec.get("pagu_murni"), rec.get("pagu_perubahan"), rec.get("realisasi")
    pagu = murni if perubahan in (None, "") else perubahan  # "" is written as an empty cell
    if pagu is None and not native:
        # `formulas` evaluates IF(ISBLANK(..),[@[Pagu Murni]],..) on an empty Pagu Murni to 0;
        # Excel hands the xl-lkip function the empty cell itself
        pagu = 0
    if is_blank(pagu) and is_blank(r):
        return {"serapan": ""}
    if native and not all(_number(v) or is_blank(v) for v in (pagu, r)):
        return {"serapan": "#VALUE!"}
    hasil = _core(serapan, pagu, r)
    return {"serapan": hasil.kode if isinstance(hasil, NilaiError) else hasil}


def _assert_same(found: Any, expected: Any, where: str) -> None:
    if _number(expected):
        assert _number(found) and math.isclose(found, expected, rel_tol=1e-12, abs_tol=1e-12), \
            f"{where}: {found!r} != {expected!r}"
    elif expected == "":
        assert _blank(found), f"{where}: {found!r} should be empty"
    else:
        assert found == expected, f"{where}: {found!r} != {expected!r}"


def _compare(found: dict, rows: dict, rumus: str, skala: Skala, native: bool) -> int:
    n = 0
    for spec in (REALISASI, ANGGARAN):
        assert len(found[spec.key]) >= len(rows[spec.key])
        for i, (cells, rec) in enumerate(zip(found[spec.key], rows[spec.key], strict=False)):
            for key, value in _expected(spec.key, rec, rumus, skala, native,
                                        rows["renstra"]).items():
                _assert_same(cells[key], value, f"{spec.sheet} baris {i + 1} {key} {rec}")
                n += 1
    return n


CASES = [("2T-R", None), ("T/R", OTHER_SKALA)]


@needs_office
@pytest.mark.parametrize(("rumus", "skala_rows"), CASES, ids=["2T-R-boyolali", "T-R-lain"])
def test_native_formulas_in_libreoffice_match_the_core(tmp_path: Path, rumus: str,
                                                       skala_rows: list | None) -> None:
    identitas, rows = _workbook_rows(rumus, skala_rows)
    path = build_workbook(tmp_path / "excel.xlsx", identitas, rows, rumus="excel")
    formulas = _computed_cells(path, values=False)
    for spec in (REALISASI, ANGGARAN):  # every computed cell holds the native formula
        for col in (c for c in spec.columns if c.computed):
            expected = long_form(col.native_formula or "", spec.name)
            assert {r[col.key] for r in formulas[spec.key]} == {expected}
            assert not re.search(r"CAPAIAN|KATEGORI|SERAPAN", expected)
    found = _computed_cells(recalculated_xlsx(path, tmp_path), values=True)
    assert _compare(found, rows, rumus, _skala(rows), native=True) > 60
    shown = {r["kategori"] for r in found["realisasi"]} | {r["capaian"] for r in found["realisasi"]}
    assert {schema.KATEGORI_CELAH, "#VALUE!", "#DIV/0!", "#N/A", "#NUM!"} <= shown
    if skala_rows is not None:
        assert schema.KATEGORI_TUMPANG_TINDIH in shown


def _a1_formulas(path: Path) -> None:
    """Rewrite structured references and names as A1 references (for `formulas`)."""
    wb = openpyxl.load_workbook(path)
    names = {n: d.attr_text for n, d in wb.defined_names.items()}
    ranges: dict[str, str] = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            first, last = table.ref.split(":")
            top = int(re.sub(r"\D", "", first))
            bottom = int(re.sub(r"\D", "", last))
            letters = [openpyxl.utils.get_column_letter(openpyxl.utils.column_index_from_string(
                re.sub(r"\d", "", first)) + i) for i in range(len(table.tableColumns))]
            headers = [c.name for c in table.tableColumns]
            ranges[table.name] = (ws.title, top, bottom, dict(zip(headers, letters, strict=True)))

    def translate(formula: str, row: int) -> str:
        def this_row(m: re.Match[str]) -> str:
            return f"{ranges[m.group(1)][3][m.group(2)]}{row}"

        def span(m: re.Match[str]) -> str:
            sheet, top, bottom, cols = ranges[m.group(1)]
            last = m.group(3) or m.group(2)
            return f"'{sheet}'!${cols[m.group(2)]}${top + 1}:${cols[last]}${bottom}"

        formula = re.sub(r"(\w+)\[\[#This Row\],\[([^\]]+)\]\]", this_row, formula)
        formula = re.sub(r"(\w+)\[\[([^\]]+)\]:\[([^\]]+)\]\]", span, formula)
        formula = re.sub(r"(tbl\w+)\[([^\[\]]+)\]()", span, formula)  # one whole column
        for name, ref in names.items():
            formula = re.sub(rf"\b{name}\b", ref, formula)
        return formula

    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = translate(cell.value, cell.row)
        for table in list(ws.tables):
            del ws.tables[table]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.save(path)


@pytest.mark.parametrize(("rumus", "skala_rows"), CASES, ids=["2T-R-boyolali", "T-R-lain"])
def test_udf_formulas_match_the_core(tmp_path: Path, rumus: str,
                                     skala_rows: list | None) -> None:
    pytest.importorskip("formulas")
    import formulas
    from test_udf_recalc import _adapter, _cell_to_python

    from xl_lkip.excel import udfs

    identitas, rows = _workbook_rows(rumus, skala_rows)
    path = build_workbook(tmp_path / "python.xlsx", identitas, rows, rumus="python")
    for spec in (REALISASI, ANGGARAN):
        for col in (c for c in spec.columns if c.computed):
            assert {r[col.key] for r in _computed_cells(path, values=False)[spec.key]} == \
                {long_form(col.formula or "", spec.name)}
    plain = tmp_path / "lkip.xlsx"
    shutil.copy(path, plain)
    _a1_formulas(plain)
    functions = formulas.get_functions()
    saved = {f.__name__: functions.get(f.__name__) for f in udfs.UDFS}
    try:
        for func in udfs.UDFS:
            functions[func.__name__] = _adapter(func)
        solution = formulas.ExcelModel().loads(str(plain)).finish().calculate()
    finally:
        for name, func in saved.items():
            if func is None:
                functions.pop(name, None)
            else:
                functions[name] = func
    found: dict[str, list[dict[str, Any]]] = {}
    for spec in (REALISASI, ANGGARAN):
        found[spec.key] = []
        for i in range(len(rows[spec.key])):
            cells = {}
            for c, col in enumerate(spec.columns, start=1):
                if col.computed:
                    ref = f"'[lkip.xlsx]{spec.sheet.upper()}'!" \
                          f"{openpyxl.utils.get_column_letter(c)}{schema.HEADER_ROW + 1 + i}"
                    value = _cell_to_python(solution[ref].value[0, 0])
                    cells[col.key] = str(value) if type(value).__name__ == "XlError" else value
            found[spec.key].append(cells)
    assert _compare(found, rows, rumus, _skala(rows), native=False) > 60


def test_native_formulas_use_only_excel_2010_functions() -> None:
    allowed = {"IF", "AND", "OR", "NOT", "LEN", "TRIM", "ISNUMBER", "ISTEXT", "ISBLANK", "MATCH",
               "NA", "SUMPRODUCT", "VALUE", "MID", "SUBSTITUTE", "REPT", "FIND", "SIGN", "ROW",
               "MIN", "CHOOSE", "INDEX", "IFERROR"}
    for spec in schema.INPUT_TABLES:
        for col in spec.columns:
            if col.computed:
                assert col.native_formula, f"{spec.sheet} {col.header}: tanpa rumus Excel"
                used = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", col.native_formula))
                assert used <= allowed, used - allowed
                assert len(long_form(col.native_formula, spec.name)) < 8192  # Excel's limit


def test_template_in_excel_mode_says_so(tmp_path: Path) -> None:
    path = build_template(tmp_path / "t.xlsx", rumus="excel")
    ws = openpyxl.load_workbook(path)[schema.IDENTITAS_SHEET]
    row = schema.identitas_row("mode_rumus")
    assert ws.cell(row, 1).value == "Mode Rumus" and ws.cell(row, 2).value == "excel"
    realisasi = openpyxl.load_workbook(path)[REALISASI.sheet]
    formula = realisasi.cell(schema.HEADER_ROW + 1, len(REALISASI.columns)).value
    assert formula is None or "CAPAIAN(" not in str(formula)
    col = REALISASI.column("capaian")
    c = REALISASI.keys.index("capaian") + 1
    assert realisasi.cell(schema.HEADER_ROW + 1, c).value == \
        long_form(column_formula(col, "excel") or "", REALISASI.name)


@needs_office
def test_regeneration_reads_native_formulas_as_the_templates_own(tmp_path: Path) -> None:
    """Before and after a recalculation, the native columns are no typed values (no K01)."""
    from xl_lkip.files.service import perbarui_berkas
    from xl_lkip.files.workbook import load_grids

    identitas, rows = _workbook_rows("2T-R", None)
    rows["realisasi"] = rows["realisasi"][:9]  # the Boyolali indicators only
    rows["anggaran"] = [r for r in rows["anggaran"] if not str(r["uraian"]).startswith("uji")]
    path = build_workbook(tmp_path / "excel.xlsx", identitas, rows, rumus="excel")
    for source in (path, recalculated_xlsx(path, tmp_path)):
        res = perbarui_berkas(source, keluaran=tmp_path / "hasil" / source.parent.name)
        assert res.galat_berkas is None, res.galat_berkas
        assert not [t for t in res.temuan if t.aturan.startswith("K01")], \
            [str(t) for t in res.temuan if t.aturan.startswith("K01")]
        pengukuran = load_grids(Path(res.keluaran), report_sheets=True)["Tabel Pengukuran"]
        first = next(r for r in pengukuran.values if r and r[0] == 1 and isinstance(r[2], str))
        assert first[6] == pytest.approx(100.0) and first[7] == "Baik", first


def test_cli_templat_rumus_excel(tmp_path: Path) -> None:
    from xl_lkip.cli import main

    target = tmp_path / "BUKU.xlsx"
    assert main(["templat", "--rumus", "excel", str(target)]) == 0
    ws = openpyxl.load_workbook(target)[REALISASI.sheet]
    c = REALISASI.keys.index("kategori") + 1
    assert ws.cell(schema.HEADER_ROW + 1, c).value == \
        long_form(REALISASI.column("kategori").native_formula or "", REALISASI.name)
    default = tmp_path / "BAWAAN.xlsx"
    assert main(["templat", str(default)]) == 0
    ws = openpyxl.load_workbook(default)[schema.IDENTITAS_SHEET]
    assert ws.cell(schema.identitas_row("mode_rumus"), 2).value == "python"


def _with_old_capaian(path: Path) -> int:
    """Put the Capaian formula of templates written before "type once" (blank polaritas =
    positif) back into a built workbook, as a workbook made then holds it; returns how many
    formulas were replaced."""
    import zipfile
    from xml.sax.saxutils import escape

    col = REALISASI.column("capaian")
    swaps = [(escape(long_form(new or "", REALISASI.name)[1:]),
              escape(long_form(old, REALISASI.name)[1:]))
             for new, old in zip((col.formula, col.native_formula), schema.CAPAIAN_LAMA,
                                 strict=True)]
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    n = 0
    for name, data in parts.items():
        if name.endswith(".xml") and (name.startswith(("xl/worksheets/", "xl/tables/"))):
            text = data.decode("utf-8")
            for new, old in swaps:
                n += text.count(new)
                text = text.replace(new, old)
            parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return n


@pytest.mark.parametrize("mode", ["python", "excel"])
@pytest.mark.parametrize("old", [False, True], ids=["rumus-baru", "rumus-lama"])
def test_blank_polaritas_in_the_checker_for_both_formula_generations(tmp_path: Path, mode: str,
                                                                     old: bool) -> None:
    """The template's formulas of both families take Renstra's polaritas for a blank one, so a
    negatif indicator is neither a K01 nor a K05e; workbooks holding the older formulas (blank =
    positif, their saved result computed so) are still the template's own (no K01), and K05e
    asks for the polaritas."""
    from helpers_checks import clean

    from xl_lkip.core.checks import periksa
    from xl_lkip.core.skala import Skala
    from xl_lkip.files.template import computed_cache
    from xl_lkip.files.workbook import load

    identitas, rows = clean()
    identitas["mode_rumus"] = mode
    rows["realisasi"][1]["polaritas"] = None  # IK-02: negatif in Renstra
    rows["realisasi"][1]["realisasi"] = rows["realisasi"][1]["tw4"] = 2
    skala = Skala.preset(identitas["skala"])
    renstra = () if old else rows["renstra"]  # the old formula computed blank as positif
    cached = {k: computed_cache(k, rows[k], skala, identitas["rumus_negatif"], renstra)
              for k in ("realisasi", "anggaran")}
    assert cached["realisasi"][1]["capaian"] == pytest.approx(66.67 if old else 133.33, 1e-3)
    path = build_workbook(tmp_path / "buku.xlsx", identitas, rows, cached)
    if old:
        assert _with_old_capaian(path) == len(rows["realisasi"]) + 1  # cells and the table
    found = [(t.aturan, t.sel) for t in periksa(load(path)) if t.tingkat != "catatan"]
    assert found == ([("K05e", "D5")] if old else []), found
