"""The "Perbarui Laporan" button, run on Linux through xlwings' remote engine.

Each test builds the JSON an Excel client would send from a real workbook file, runs
`xl_lkip.main()` exactly as the ribbon does (through `xw.Book.caller()`), replays the
recorded actions onto the payload and compares the result with what the CLI writes.
"""

from __future__ import annotations

import collections
import copy
import re
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from factory import clean_workbook
from remote_payload import (
    NEUTRAL,
    VALUE_WRITES,
    Formula,
    differences,
    formulas_like_windows,
    open_book,
    payload_from_grids,
    payload_from_xlsx,
    replay,
)

import xl_lkip
from xl_lkip.core.errors import LkipError
from xl_lkip.core.grid import SheetGrid
from xl_lkip.core.reader import sheets_to_read
from xl_lkip.core.schema import REPORT_SHEETS, SHAPE_SHEET
from xl_lkip.excel import button, grids
from xl_lkip.files.package import Package
from xl_lkip.files.service import perbarui_berkas
from xl_lkip.files.xlsx_read import read_grids

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "workbooks" / "data").glob("*")
                  if (p / "identitas.csv").exists())
INPUT = {n.casefold() for n in sheets_to_read()}
TABLE_SHEETS = [s for s in REPORT_SHEETS if s != "Pemeriksaan"]


@pytest.fixture(autouse=True)
def _remote(remote_books: list[Any]) -> list[Any]:
    """Every test here runs on the remote engine (conftest.remote_books)."""
    return remote_books


def run_button(payload: dict[str, Any], opened: list[Any], windows_formulas: bool = True
               ) -> tuple[Any, list[dict[str, Any]]]:
    """Open the payload as the caller, press the button, return the book and its actions."""
    book = open_book(payload)
    opened.append(book)
    if windows_formulas:
        with formulas_like_windows():
            xl_lkip.main()
    else:
        xl_lkip.main()
    return book, book.json()["actions"]


def alerts(actions: list[dict[str, Any]]) -> list[list[Any]]:
    return [a["args"] for a in actions if a["func"] == "alert"]


def cli_reports(path: Path, tmp: Path) -> dict[str, SheetGrid]:
    out = tmp / "cli"
    result = perbarui_berkas(path, keluaran=out)
    assert result.galat_berkas is None, result.galat_berkas
    with Package(out / path.name) as pkg:
        return read_grids(pkg, REPORT_SHEETS)


@pytest.fixture(scope="module")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from xl_lkip.files.examples import build_example

    folder = tmp_path_factory.mktemp("examples")
    files = [build_example(d, folder / f"{d.name}.xlsx") for d in EXAMPLES]
    if not files:  # no example data in this checkout: a workbook of our own
        files = [clean_workbook(folder / "contoh.xlsx", n=12)]
    return files


# --- (1) the same tables as the CLI ---------------------------------------------------------


@pytest.mark.parametrize("index", range(max(len(EXAMPLES), 1)))
def test_report_sheets_equal_cli(index: int, example_files: list[Path], tmp_path: Path,
                                 _remote: list[Any]) -> None:
    """With formulas readable (as on Windows), every report sheet equals the CLI's."""
    path = example_files[index]
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote)
    result = replay(payload, actions)
    for sheet in REPORT_SHEETS:
        diff = differences(expected[sheet].values, result.sheet_grid(sheet))
        assert not diff, f"{path.name} / {sheet}: {diff}"
    (prompt, title, _buttons, mode, _cb), = alerts(actions)
    assert mode == "info" and title == button.JUDUL
    assert prompt.startswith("Laporan diperbarui: ")
    assert "kesalahan" in prompt and "peringatan" in prompt


@pytest.mark.parametrize("index", range(max(len(EXAMPLES), 1)))
def test_report_tables_equal_cli_without_formulas(index: int, example_files: list[Path],
                                                  tmp_path: Path, _remote: list[Any]) -> None:
    """Office.js sends no formulas: the tables still equal the CLI's, and the message says so."""
    path = example_files[index]
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote, windows_formulas=False)
    result = replay(payload, actions)
    for sheet in TABLE_SHEETS:
        diff = differences(expected[sheet].values, result.sheet_grid(sheet))
        assert not diff, f"{path.name} / {sheet}: {diff}"
    pem = result.sheet_grid("Pemeriksaan")
    assert pem[0][0] == expected["Pemeriksaan"].values[0][0]
    assert pem[4] == expected["Pemeriksaan"].values[4][:len(pem[4])]  # column headers
    (prompt, *_rest), = alerts(actions)
    assert "tidak memberikan teks rumus" in prompt


def test_clean_workbook_equal_cli_and_no_findings(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "bersih.xlsx", n=6)
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote)
    result = replay(payload, actions)
    for sheet in REPORT_SHEETS:
        assert not differences(expected[sheet].values, result.sheet_grid(sheet)), sheet
    (prompt, *_rest), = alerts(actions)
    tables = perbarui_berkas(path, keluaran=tmp_path / "lagi").n_tabel
    assert f"Laporan diperbarui: {tables} tabel di {len(REPORT_SHEETS)} lembar." in prompt


def test_missing_report_sheets_are_added_at_the_end(tmp_path: Path, _remote: list[Any]) -> None:
    path = clean_workbook(tmp_path / "tanpa.xlsx", n=3)
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path)
    payload["sheets"] = [s for s in payload["sheets"]
                         if s["name"] not in ("Pemeriksaan", "Tabel Efisiensi")]
    n_before = len(payload["sheets"])
    _book, actions = run_button(payload, _remote)
    added = [a["args"] for a in actions if a["func"] == "addSheet"]
    # this workbook has no hidden sheet of shapes yet (a file of an earlier version): it is
    # added last and hidden
    assert [name for _ix, name in added] == ["Tabel Efisiensi", "Pemeriksaan", SHAPE_SHEET]
    assert [ix for ix, _name in added] == [n_before, n_before + 1, n_before + 2]
    assert [a["args"] for a in actions if a["func"] == "setSheetVisibility"] == [["Hidden"]]
    result = replay(payload, actions)
    for sheet in REPORT_SHEETS:
        assert not differences(expected[sheet].values, result.sheet_grid(sheet)), sheet


# --- (2) input sheets untouched -------------------------------------------------------------


def test_no_action_targets_an_input_sheet(example_files: list[Path], _remote: list[Any]) -> None:
    payload = payload_from_xlsx(example_files[0])
    before = copy.deepcopy(payload)
    _book, actions = run_button(payload, _remote)
    result = replay(payload, actions)
    hits = [(f, s) for f, s in result.touched
            if f not in NEUTRAL and s is not None and s.casefold() in INPUT]
    assert not hits
    for sheet in before["sheets"]:
        if sheet["name"].casefold() in INPUT:
            assert result.sheet_grid(sheet["name"]) == replay(before, []).sheet_grid(sheet["name"])
    # every sheet-level action went to a report sheet
    report = {s.casefold() for s in (*REPORT_SHEETS, SHAPE_SHEET)}
    assert {s.casefold() for f, s in result.touched if f not in NEUTRAL and s} <= report


# --- (3) calls independent of size ----------------------------------------------------------


def _counts(actions: list[dict[str, Any]]) -> collections.Counter[str]:
    return collections.Counter(a["func"] for a in actions)


def test_range_calls_do_not_grow_with_rows(tmp_path: Path, _remote: list[Any]) -> None:
    small = payload_from_xlsx(clean_workbook(tmp_path / "kecil.xlsx", n=10))
    big = payload_from_xlsx(clean_workbook(tmp_path / "besar.xlsx", n=1000))
    _b1, a_small = run_button(small, _remote)
    _b2, a_big = run_button(big, _remote)
    writes_small = sum(1 for a in a_small if a["func"] in VALUE_WRITES)
    writes_big = sum(1 for a in a_big if a["func"] in VALUE_WRITES)
    assert writes_small == writes_big
    # one write per sheet plus the Pemeriksaan links, the same formats; number formats may
    # only get fewer (columns alternating whole and fractional numbers fall back to two
    # decimals past excel/paint.MAX_FORMAT_RECTS instead of growing with the rows)
    small_counts, big_counts = _counts(a_small), _counts(a_big)
    assert big_counts.pop("setNumberFormat", 0) <= small_counts.pop("setNumberFormat", 0)
    assert small_counts == big_counts
    big_rows = max(a["row_count"] for a in a_big if a["func"] == "setValues")
    assert big_rows > 1000  # the 1,000 indicators went out in single writes


# --- (4) broken workbooks end in a message ----------------------------------------------------


def _only_alert(actions: list[dict[str, Any]]) -> str:
    (prompt, title, _b, mode, _cb), = alerts(actions)
    assert mode == "critical" and title == button.JUDUL
    return prompt


def test_workbook_without_template_sheets(_remote: list[Any]) -> None:
    payload = payload_from_grids("Buku1.xlsx", [SheetGrid("Sheet1", [["halo", 1]])])
    _book, actions = run_button(payload, _remote)
    prompt = _only_alert(actions)
    assert "bukan templat LKjIP" in prompt and "Identitas" in prompt
    assert [a["func"] for a in actions] == ["alert"]


def test_text_in_number_cells_and_missing_sheet(tmp_path: Path, _remote: list[Any]) -> None:
    def spoil(rows: list[dict[str, Any]]) -> None:
        rows[0]["realisasi"] = "delapan puluh"
        rows[1]["target"] = "#REF!"

    path = clean_workbook(tmp_path / "rusak.xlsx", n=4, realisasi=spoil)
    payload = payload_from_xlsx(path)
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != "Rencana Aksi"]
    _book, actions = run_button(payload, _remote)
    (prompt, _t, _b, mode, _cb), = alerts(actions)
    assert mode == "info"
    n_galat = int(re.search(r"(\d+) kesalahan", prompt).group(1))
    assert n_galat >= 2
    pem = replay(payload, actions).sheet_grid("Pemeriksaan")
    text = " ".join(str(v) for row in pem for v in row if v is not None)
    assert "delapan puluh" in text and "Rencana Aksi" in text


def test_engine_failure_becomes_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          _remote: list[Any]) -> None:
    import xl_lkip.core.engine as engine

    def boom(*_a: Any, **_k: Any) -> Any:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(engine, "run", boom)
    payload = payload_from_xlsx(clean_workbook(tmp_path / "a.xlsx", n=2))
    _book, actions = run_button(payload, _remote)
    prompt = _only_alert(actions)
    assert "Kesalahan tak terduga" in prompt and "ZeroDivisionError" in prompt
    assert "laporkan ke pengembang" in prompt


def test_lkip_error_message_is_shown_as_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           _remote: list[Any]) -> None:
    import xl_lkip.core.engine as engine

    def fail(*_a: Any, **_k: Any) -> Any:
        raise LkipError("berkas tahun lalu X.xlsx tidak ditemukan; periksa Identitas.")

    monkeypatch.setattr(engine, "run", fail)
    payload = payload_from_xlsx(clean_workbook(tmp_path / "a.xlsx", n=2))
    _book, actions = run_button(payload, _remote)
    assert _only_alert(actions) == "berkas tahun lalu X.xlsx tidak ditemukan; periksa Identitas."


def test_write_failure_names_the_sheet_and_restores_settings(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _remote: list[Any]) -> None:
    from xlwings.pro import _xlremote

    original = _xlremote.Sheet.clear

    def clear(self: Any) -> None:
        if self.name == "Tabel Anggaran":
            raise RuntimeError("The sheet is protected")
        original(self)

    monkeypatch.setattr(_xlremote.Sheet, "clear", clear)
    payload = payload_from_xlsx(clean_workbook(tmp_path / "a.xlsx", n=2))
    _book, actions = run_button(payload, _remote)
    prompt = _only_alert(actions)
    assert "'Tabel Anggaran'" in prompt and "Proteksi" in prompt
    settings = [(a["func"], a["args"]) for a in actions
                if a["func"] in ("setCalculation", "setScreenUpdating")]
    # calculation back to automatic although the click failed; screen updating untouched on
    # this engine (Office.js suspends it only until the next sync, after every action)
    assert settings == [("setCalculation", ["Manual"]), ("setCalculation", ["Automatic"])]
    assert actions[-1]["func"] == "alert"


def test_no_caller_does_not_raise(_remote: list[Any]) -> None:
    assert not hasattr(xw.Book, "_mock_caller")
    assert xl_lkip.main() is None


# --- (5) input text never becomes a formula ----------------------------------------------------


EVIL = '=HYPERLINK("http://contoh.invalid/x","klik di sini")'


def test_text_starting_with_equals_stays_text(tmp_path: Path, _remote: list[Any]) -> None:
    def poison(rows: list[dict[str, Any]]) -> None:
        rows[0]["indikator"] = EVIL
        rows[1]["satuan"] = "+1"

    path = clean_workbook(tmp_path / "racun.xlsx", n=3, pk=poison, realisasi=poison)
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote)
    for a in actions:
        if a["func"] == "setValues":
            for row in a["values"]:
                for v in row:
                    assert not isinstance(v, str) or v == "" or v.startswith("'"), v
        if a["func"] in VALUE_WRITES:
            flat = [v for row in a["values"] for v in row]
            assert EVIL not in flat
    result = replay(payload, actions)
    cells = [v for s in REPORT_SHEETS for row in result.sheet_grid(s) for v in row]
    assert not any(isinstance(v, Formula) for v in cells)
    assert EVIL in cells
    for sheet in REPORT_SHEETS:
        assert not differences(expected[sheet].values, result.sheet_grid(sheet)), sheet


# --- last year's workbook ------------------------------------------------------------------------


def test_last_year_file_is_read_like_the_cli(tmp_path: Path, _remote: list[Any]) -> None:
    from factory import IDENTITAS, clean_rows

    from xl_lkip.files.template import build_workbook

    build_workbook(tmp_path / "lalu.xlsx", {**IDENTITAS, "tahun": 2019}, clean_rows(3))
    path = build_workbook(tmp_path / "ini.xlsx", {**IDENTITAS, "berkas_tahun_lalu": "lalu.xlsx"},
                          clean_rows(3))
    expected = cli_reports(path, tmp_path)
    payload = payload_from_xlsx(path, name=str(path))  # a saved book: its full name, as on Windows
    _book, actions = run_button(payload, _remote)
    result = replay(payload, actions)
    for sheet in REPORT_SHEETS:
        assert not differences(expected[sheet].values, result.sheet_grid(sheet)), sheet
    (prompt, *_rest), = alerts(actions)
    assert prompt.startswith("Laporan diperbarui")


def test_a_link_the_cli_refuses_is_refused_alike(tmp_path: Path, _remote: list[Any]) -> None:
    """An absolute path typed in the workbook is never followed (core/links.py): a finding."""
    from factory import IDENTITAS, clean_rows

    from xl_lkip.files.template import build_workbook

    lalu = build_workbook(tmp_path / "lalu.xlsx", {**IDENTITAS, "tahun": 2019}, clean_rows(3))
    path = build_workbook(tmp_path / "ini.xlsx", {**IDENTITAS, "berkas_tahun_lalu": str(lalu)},
                          clean_rows(3))
    payload = payload_from_xlsx(path, name=str(path))
    _book, actions = run_button(payload, _remote)
    (prompt, _t, _b, mode, _cb), = alerts(actions)
    assert mode == "info"
    pem = replay(payload, actions).sheet_grid("Pemeriksaan")
    text = " ".join(str(v) for row in pem for v in row if v is not None)
    assert "K13" in text and "tidak diikuti" in text


def test_relative_last_year_link_in_an_unsaved_book(tmp_path: Path, _remote: list[Any]) -> None:
    from factory import IDENTITAS, clean_rows

    from xl_lkip.files.template import build_workbook

    path = build_workbook(tmp_path / "ini.xlsx", {**IDENTITAS, "berkas_tahun_lalu": "lalu.xlsx"},
                          clean_rows(2))
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote)
    (prompt, _t, _b, mode, _cb), = alerts(actions)
    assert mode == "info"  # the reports are written; the link is a finding
    pem = replay(payload, actions).sheet_grid("Pemeriksaan")
    text = " ".join(str(v) for row in pem for v in row if v is not None)
    assert "Berkas Tahun Lalu" in text and "belum disimpan" in text


@pytest.mark.parametrize("link", ["../lalu.xlsx", "rusak.xlsx"], ids=["naik", "rusak"])
def test_refused_or_damaged_last_year_is_a_finding_and_the_run_completes(
        tmp_path: Path, _remote: list[Any], link: str) -> None:
    """The button follows the link as the CLI does: an upward link is not followed, a damaged
    last-year file is not read; each is a K13 finding, and the reports are still written."""
    from factory import IDENTITAS, clean_rows

    from xl_lkip.files.template import build_workbook

    (tmp_path / "kerja").mkdir()
    build_workbook(tmp_path / "lalu.xlsx", {**IDENTITAS, "tahun": 2019}, clean_rows(2))
    (tmp_path / "kerja" / "rusak.xlsx").write_bytes(b"bukan buku kerja")
    path = build_workbook(tmp_path / "kerja" / "ini.xlsx",
                          {**IDENTITAS, "berkas_tahun_lalu": link}, clean_rows(2))
    expected = perbarui_berkas(path, keluaran=tmp_path / "cli")
    cli = [t.pesan for t in expected.temuan if t.aturan == "K13"]
    assert len(cli) == 1 and "tidak dibuka" in cli[0]
    payload = payload_from_xlsx(path, name=str(path))
    _book, actions = run_button(payload, _remote)
    (prompt, _t, _b, mode, _cb), = alerts(actions)
    assert mode == "info" and prompt.startswith("Laporan diperbarui"), prompt
    pem = replay(payload, actions).sheet_grid("Pemeriksaan")
    assert any(cli[0] in str(v) for row in pem for v in row if v is not None)


# --- the add-in as caller ----------------------------------------------------------------------


def test_addin_caller_updates_the_active_workbook(tmp_path: Path, _remote: list[Any]) -> None:
    addin = open_book(payload_from_grids(
        "xl_lkip.xlam", [SheetGrid("_myaddin.conf", [["UDF_MODULES", "xl_lkip.excel.udfs"]])]))
    _remote.append(addin)
    path = clean_workbook(tmp_path / "aktif.xlsx", n=3)
    payload = payload_from_xlsx(path)
    book = open_book(payload, caller=False)  # opened last: the active workbook
    _remote.append(book)
    with formulas_like_windows():
        xl_lkip.main()
    assert addin.json()["actions"] == []
    actions = book.json()["actions"]
    (prompt, *_r), = alerts(actions)
    assert prompt.startswith("Laporan diperbarui")
    result = replay(payload, actions)
    expected = cli_reports(path, tmp_path)
    for sheet in REPORT_SHEETS:
        assert not differences(expected[sheet].values, result.sheet_grid(sheet)), sheet


def test_addin_caller_without_workbook_says_what_to_open(_remote: list[Any]) -> None:
    addin = open_book(payload_from_grids("xl_lkip.xlam", [SheetGrid("_myaddin.conf", [["x"]])]))
    _remote.append(addin)
    xl_lkip.main()
    prompt = _only_alert(addin.json()["actions"])
    assert "Tidak ada buku kerja LKjIP yang aktif" in prompt


# --- pieces -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), [
    (None, None), ("", None), ("teks", "'teks"), ("=1+1", "'=1+1"), ("1.01", "'1.01"),
    ("'kutip", "''kutip"), (3, 3), (2.5, 2.5), (float("nan"), "'-"), (True, True),
    ("a\x01b", "'ab"),
])
def test_excel_value(value: Any, written: Any) -> None:
    assert button.excel_value(value) == written


def test_excel_value_numpy() -> None:
    np = pytest.importorskip("numpy")
    assert button.excel_value(np.int64(4)) == 4
    assert button.excel_value(np.float64("inf")) == "'-"


def test_clean_value_like_the_file_reader() -> None:
    assert grids.clean_value(5.0) == 5 and isinstance(grids.clean_value(5.0), int)
    assert grids.clean_value(2.5) == 2.5
    assert grids.clean_value("") is None
    err = grids.clean_value("#DIV/0!")
    assert isinstance(err, grids.ErrorValue) and err == "#DIV/0!"
    assert grids.clean_value(True) is True


def test_percent_rows_halves_mixed_stretches() -> None:
    formats = {r: "#,##0.00" for r in range(4, 1004)}
    formats[500] = "0%"
    formats[501] = "0.00%"
    calls = []

    def fmt(top: int, bottom: int) -> Any:
        calls.append((top, bottom))
        found = {formats[r] for r in range(top, bottom + 1)}
        return found.pop() if len(found) == 1 else None

    assert grids.percent_rows(fmt, 4, 1003, [200]) == [500, 501]
    assert len(calls) < 60
    calls.clear()
    uniform = {r: '0.0"%"' for r in range(4, 1004)}  # a quoted % is not a percent format
    assert grids.percent_rows(lambda t, b: uniform[t], 4, 1003, [200]) == []


def test_column_width_units() -> None:
    assert button.column_width("remote", 10) == pytest.approx(56.25)
    assert button.column_width("excel", 10) == 10


def test_main_is_the_package_entry_point() -> None:
    import xl_lkip.excel.button as mod

    assert callable(xl_lkip.main) and mod.main.__doc__


# --- charts ----------------------------------------------------------------------------------


def test_report_charts_are_drawn_on_their_sheets(example_files: list[Path],
                                                 _remote: list[Any]) -> None:
    """Each ChartSpec of the layouts becomes one chart on its sheet, over its own ranges."""
    from xl_lkip.core.engine import run
    from xl_lkip.files.workbook import load_grids

    path = example_files[0]
    layouts = run(load_grids(path), path.name).layouts
    specs = [(lay.sheet, spec) for lay in layouts for spec in lay.charts]
    assert specs, "the example has no charts to draw"
    payload = payload_from_xlsx(path)
    _book, actions = run_button(payload, _remote)
    added = [a for a in actions if a["func"] == "addChart"]
    assert len(added) == len(specs)
    order = replay(payload, actions).order
    for a, (sheet, spec) in zip(added, specs, strict=True):
        name, _type, source_sheet, address, *_rest = a["args"]
        assert order[a["sheet_position"]] == sheet == source_sheet
        assert name.startswith(button.CHART_PREFIX)
        first_series = spec.series[0][1].split(":")[0]
        assert address.replace("$", "").startswith(first_series)
    titles = [a["args"][1] for a in actions if a["func"] == "setChartTitle"]
    assert titles == [spec.title for _s, spec in specs]


def test_the_workbook_is_read_into_a_model_once(monkeypatch: pytest.MonkeyPatch,
                                                example_files: list[Path],
                                                _remote: list[Any]) -> None:
    """The grids are refined without building the model; the engine builds it once."""
    import xl_lkip.core.engine as engine
    import xl_lkip.core.reader as reader

    calls: list[str] = []
    original = reader.read_model

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("read_model")
        return original(*args, **kwargs)

    monkeypatch.setattr(reader, "read_model", counting)
    monkeypatch.setattr(engine, "read_model", counting)
    _book, actions = run_button(payload_from_xlsx(example_files[0]), _remote)
    (prompt, *_rest), = alerts(actions)
    assert prompt.startswith("Laporan diperbarui")
    assert calls == ["read_model"]


def test_paused_turns_screen_updating_off_on_the_desktop_engines_only() -> None:
    from types import SimpleNamespace

    from xl_lkip.excel.button import paused

    seen: list[tuple[str, Any]] = []

    class App:
        def __init__(self, engine: str) -> None:
            object.__setattr__(self, "engine", SimpleNamespace(name=engine))
            object.__setattr__(self, "screen_updating", True)
            object.__setattr__(self, "calculation", "automatic")
            object.__setattr__(self, "enable_events", True)

        def __setattr__(self, name: str, value: Any) -> None:
            seen.append((name, value))
            object.__setattr__(self, name, value)

    with paused(App("excel")):
        pass
    assert seen == [("screen_updating", False), ("calculation", "manual"),
                    ("enable_events", False), ("enable_events", True),
                    ("calculation", "automatic"), ("screen_updating", True)]
    seen.clear()
    with pytest.raises(RuntimeError), paused(App("remote")):
        raise RuntimeError("stopped half-way")
    assert seen == [("calculation", "manual"), ("enable_events", False),
                    ("enable_events", True), ("calculation", "automatic")]
