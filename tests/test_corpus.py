"""The bad-input corpus (issue 6) through the CLI path and the Excel button.

Every case of tests/corpus/cases.py is built into a temporary folder, then:

* CLI path (`perbarui_berkas`, what `xl-lkip perbarui` runs per file): the expected outcome
  (a report with findings naming sheet and cell, or a refusal in Bahasa Indonesia naming
  the file), bounded memory for hostile files, never a traceback, the input's bytes
  unchanged, no formula written from input text, every part other than the report sheets
  (and the parts that list them) copied byte for byte;
* the command itself over the whole corpus in a subprocess with 2 processes;
* the button (`xl_lkip.main()` under xlwings' remote engine, the payload built from the
  file): one alert with an Indonesian message; for a file the reader refuses, the payload
  cannot be built and the reader's refusal is the same message the CLI gives.

Known product bugs are cases (or tests) marked xfail(strict=True) with the bug in `reason`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from tests.corpus import cases as C
from tests.corpus.cases import CASES, DILEWATI, TOLAK, Case
from tests.corpus.generate import build
from xl_lkip.core import schema
from xl_lkip.core.reader import sheets_to_read
from xl_lkip.files.package import BerkasError, Package
from xl_lkip.files.service import HasilBerkas, perbarui_berkas

TRACEBACK = re.compile(r"Traceback|File \"|most recent call last")
INDONESIA = re.compile(
    r"\b(berkas|lembar|tidak|bukan|galat|laporan|diperbarui|ditolak|rusak|simpan|kolom|wajib|"
    r"berbeda|melebihi|dipakai|angka|nilai|periksa|isi|tetapi|tambahkan|buka|perbaiki)\b", re.I)
EXCEL_MAX_CHARS = 32_767
ROOT = Path(__file__).resolve().parent.parent


def is_indonesian(text: str) -> bool:
    return bool(INDONESIA.search(text)) and not TRACEBACK.search(text)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- building the corpus and running the CLI once per case ----------------------------------


class Anggaran(BaseException):
    """The reader visited more cells than a case allows (BaseException: nothing swallows it)."""


@contextlib.contextmanager
def cell_budget(limit: int | None) -> Iterator[None]:
    """Count the reader's blank-cell tests; stop the run past `limit` (time bound without a clock)."""
    if limit is None:
        yield
        return
    from xl_lkip.core import reader

    original = reader._is_blank
    count = [0]

    def counted(v: Any) -> bool:
        count[0] += 1
        if count[0] > limit:
            raise Anggaran(f"pembaca memeriksa lebih dari {limit:,} sel")
        return original(v)

    reader._is_blank = counted
    try:
        yield
    finally:
        reader._is_blank = original


@dataclass
class Run:
    hasil: HasilBerkas | None  # None: stopped by the cell budget
    peak_mb: float | None
    out: Path  # the --keluaran folder
    before: str  # sha256 of the input before the run
    after: str
    stopped: str = ""


class Corpus:
    """The corpus files, built on first use, and the CLI's result on each (run once)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Path] = {}
        self.runs: dict[str, Run] = {}
        self.big: dict[str, Any] = {}

    def path(self, case: Case) -> Path:
        if case.name not in self.files:
            self.files.update(build(self.folder / "berkas", [case.name]))
        return self.files[case.name]

    def run(self, case: Case) -> Run:
        if case.name in self.runs:
            return self.runs[case.name]
        path = self.path(case)
        out = self.folder / "hasil" / case.name
        before = digest(path)
        bound = case.max_mb if case.max_mb is not None else (50.0 if case.outcome == TOLAK else None)
        peak = None
        stopped = ""
        hasil = None
        if bound is not None:
            tracemalloc.start()
        try:
            with cell_budget(case.max_sel):
                hasil = perbarui_berkas(path, keluaran=out)
        except Anggaran as exc:
            stopped = str(exc)
        finally:
            if bound is not None:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
        run = Run(hasil, peak, out, before, digest(path), stopped)
        self.runs[case.name] = run
        return run


def _drain(stream: Any) -> Any:
    """Read `stream` to its end in a thread; returns a function giving the text once done."""
    import threading

    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: stream.read(65536), b"")),
                              daemon=True)
    reader.start()

    def text() -> str:
        reader.join(timeout=600)
        return b"".join(chunks).decode()

    return text


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Corpus]:
    folder = tmp_path_factory.mktemp("korpus")
    selected = " ".join(item.nodeid for item in request.session.items)
    big = [c for c in CASES if c.besar and f"test_big_workbook_in_a_subprocess[{c.name}]" in selected]
    started = []
    for case in big:  # the big files run in a subprocess beside the other tests (2 cores)
        path = folder / "besar" / case.filename
        path.parent.mkdir(exist_ok=True)
        case.build(path)
        out = folder / "besar-hasil"
        proc = subprocess.Popen(
            [sys.executable, "-m", "xl_lkip.cli", "perbarui", str(path), "--keluaran", str(out),
             "--json", "--proses", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        drained = [_drain(proc.stdout), _drain(proc.stderr)]  # a full pipe must not block it
        started.append((case, path, out, (proc, drained), digest(path)))
    corpus = Corpus(folder)
    for case, path, out, proc, before in started:
        corpus.big[case.name] = (path, out, proc, before)
    yield corpus
    for _case, _path, _out, (proc, _drained), _before in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def with_bug(case: Case, reason: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


SMALL = [c for c in CASES if not c.besar]


# --- 1. the CLI: expected outcome -----------------------------------------------------------


@pytest.mark.parametrize("case", [with_bug(c, c.bug) for c in SMALL])
def test_cli_outcome(case: Case, corpus: Corpus) -> None:
    run = corpus.run(case)
    assert run.hasil is not None, f"{case.name}: {run.stopped}"
    res = run.hasil
    name = case.filename
    if run.peak_mb is not None:  # traced for refusals and the cases with a bound
        limit = case.max_mb if case.max_mb is not None else 50.0
        assert run.peak_mb < limit, f"{case.name}: puncak memori {run.peak_mb:.1f} MB (batas {limit} MB)"
    if case.outcome == TOLAK:
        msg = res.galat_berkas
        assert msg, f"{case.name} should be refused, got {res.n_galat} galat"
        assert msg.startswith(f"{name}: "), msg
        assert is_indonesian(msg), msg
        assert "kesalahan tak terduga" not in msg, msg
        for pattern in case.pesan:
            assert re.search(pattern, msg), (pattern, msg)
        assert res.keluaran is None and not (run.out / name).exists()
        return
    if case.outcome == DILEWATI:  # as the button: not an LKjIP workbook, so not touched
        assert res.galat_berkas is None and res.keluaran is None, res.galat_berkas
        assert res.dilewati and res.dilewati.startswith(f"{name}: "), res.dilewati
        assert "bukan buku kerja LKjIP" in res.dilewati and is_indonesian(res.dilewati)
        assert not (run.out / name).exists()
        return
    assert res.galat_berkas is None, res.galat_berkas
    assert res.keluaran and Path(res.keluaran).exists()
    with Package(Path(res.keluaran)) as pkg:
        missing = [s for s in schema.REPORT_SHEETS if pkg.sheet(s) is None]
    assert not missing, missing
    found = {(t.aturan, t.lokasi) for t in res.temuan}
    for rule, where in case.temuan:
        assert any(a.startswith(rule) and loc == where for a, loc in found), \
            f"{case.name}: no {rule} at {where}; found {sorted(found)}"
    if case.galat is not None:
        assert res.n_galat == case.galat, [str(t) for t in res.temuan]
    for t in res.temuan:
        assert t.lembar, t
        assert is_indonesian(t.pesan), t.pesan


# --- 2. the CLI: never harmful ----------------------------------------------------------------


REPORT_PARTS_EDITED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}


def report_parts(pkg: Package) -> dict[str, str]:
    return {s.name: s.part for s in pkg.sheets
            if s.name.strip().casefold() in {r.casefold() for r in schema.REPORT_SHEETS}}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in SMALL])
def test_cli_never_harmful(case: Case, corpus: Corpus, tmp_path: Path) -> None:
    run = corpus.run(case)
    path = corpus.path(case)
    assert run.before == run.after, "the input file changed"
    leftovers = [p.name for p in run.out.glob("*xl-lkip-*")] if run.out.exists() else []
    assert not leftovers, leftovers
    res = run.hasil
    if res is None:  # stopped by the cell budget: nothing may have been written
        assert not (run.out / case.filename).exists()
        return
    texts = [res.galat_berkas or ""] + [str(t) for t in res.temuan]
    assert not any(TRACEBACK.search(t) for t in texts), texts
    if res.galat_berkas:
        assert case.filename in res.galat_berkas
        assert not (run.out / case.filename).exists()
        # in place, with a backup: a refused file stays as it was and nothing is left beside it
        copy = tmp_path / case.filename
        shutil.copyfile(path, copy)
        again = perbarui_berkas(copy)
        assert again.galat_berkas == res.galat_berkas.replace(str(path), str(copy))
        assert digest(copy) == run.before
        others = [p for p in tmp_path.iterdir() if p != copy]
        # a backup made before a failed write may stay, identical to the original
        assert all(".cadangan." in p.name and digest(p) == run.before for p in others), others
        return
    if res.dilewati:
        assert not (run.out / case.filename).exists()
        return
    out = Path(res.keluaran)
    with Package(path) as src, Package(out) as dst:
        src_reports = set(report_parts(src).values())
        styles = {t for typ, t in src.rels(src.workbook_part).values() if typ.endswith("/styles")}
        for part in sorted(src.names - src_reports - REPORT_PARTS_EDITED - styles):
            assert dst.read(part) == src.read(part), f"{part} changed"
        for sheet, part in report_parts(dst).items():
            xml = dst.read(part)
            assert b"<f>" not in xml and b"<f " not in xml, f"{sheet}: a formula was written"
            SafeET.fromstring(xml)  # well-formed
        inputs = {n.casefold() for n in sheets_to_read()}
        assert all(s.part in src.names for s in src.sheets if s.name.strip().casefold() in inputs)


# --- 3. the command over the whole corpus -----------------------------------------------------


def test_command_over_the_corpus(corpus: Corpus, tmp_path: Path) -> None:
    """`xl-lkip periksa` on every file at once, 2 processes: one line per refused file, no
    traceback, exit code 2; a report for every file that must get one."""
    chosen = [c for c in SMALL if c.max_sel is None]
    files = [str(corpus.path(c)) for c in chosen]
    before = {f: digest(Path(f)) for f in files}
    res = subprocess.run([sys.executable, "-m", "xl_lkip.cli", "periksa", *files, "--json",
                          "--proses", "2"], capture_output=True, text=True, timeout=600, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 2, res.stderr[-2000:]
    assert not TRACEBACK.search(res.stdout + res.stderr), res.stderr[-2000:]
    by_name = {Path(b["berkas"]).name: b for b in json.loads(res.stdout)["berkas"]}
    for case in chosen:
        got = by_name[case.filename]
        if case.bug:
            continue
        if case.outcome == TOLAK:
            assert got["galat_berkas"] and got["galat_berkas"].startswith(case.filename), got
            assert f"GAGAL {got['galat_berkas'][:40]}" in " ".join(res.stderr.split())
        else:
            assert got["galat_berkas"] is None, got["galat_berkas"]
            if case.galat is not None:
                assert got["galat"] == case.galat, case.name
    assert before == {f: digest(Path(f)) for f in files}


# --- 4. the big workbook ----------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES if c.besar])
def test_big_workbook_in_a_subprocess(case: Case, corpus: Corpus) -> None:
    """100,000 Anggaran rows: regenerated, consistent, peak resident memory < 1 GiB."""
    path, out, (proc, drained), before = corpus.big[case.name]
    _pid, status, usage = os.wait4(proc.pid, 0)
    stdout, stderr = (d() for d in drained)
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss_mb = usage.ru_maxrss / 1024
    print(f"\n{case.name}: {usage.ru_utime + usage.ru_stime:.1f} s CPU, {maxrss_mb:.0f} MB maxrss")
    assert not TRACEBACK.search(stdout + stderr), stderr[-2000:]
    assert proc.returncode == 0, stderr[-2000:]
    got = json.loads(stdout)["berkas"][0]
    assert got["galat_berkas"] is None and got["galat"] == case.galat, got["temuan"][:5]
    assert maxrss_mb < 1024
    assert digest(path) == before
    with Package(out / path.name) as pkg:
        assert all(pkg.sheet(s) is not None for s in schema.REPORT_SHEETS)


# --- 5. specific hostile inputs ---------------------------------------------------------------


def output_strings(path: Path) -> list[str]:
    """Every inline string of the report sheets of a regenerated workbook."""
    out = []
    with Package(path) as pkg:
        for part in report_parts(pkg).values():
            root = SafeET.fromstring(pkg.read(part))
            out += ["".join(t.itertext()) for t in root.iter(
                "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}is")]
    return out


def test_injection_strings_are_written_as_text(corpus: Corpus) -> None:
    run = corpus.run(C.BY_NAME["injeksi_rumus"])
    strings = output_strings(Path(run.hasil.keluaran))
    joined = "\n".join(strings)
    for key in ("hyperlink", "dde", "at", "kutip", "minus"):
        assert C.INJEKSI[key] in joined, key
    assert any(C.INJEKSI["plus"] == s for s in strings)


def test_macros_are_kept_and_never_run(corpus: Corpus, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    """The VBA project and the Auto_Open macro sheet survive byte for byte; no process starts."""
    case = C.BY_NAME["xlsm_makro_otomatis"]
    path = corpus.path(case)

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("xl-lkip started a process while handling a macro workbook")

    for mod, attr in ((subprocess, "Popen"), (os, "system"), (os, "posix_spawn"), (os, "execv"),
                      (os, "execve"), (os, "popen")):
        if hasattr(mod, attr):
            monkeypatch.setattr(mod, attr, refuse)
    C.MACRO_MARKER.unlink(missing_ok=True)
    res = perbarui_berkas(path, keluaran=tmp_path)
    monkeypatch.undo()
    assert res.galat_berkas is None and res.n_galat == 0, res.galat_berkas
    out = Path(res.keluaran)
    assert out.suffix == ".xlsm"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out) as dst:
        assert dst.read("xl/vbaProject.bin") == src.read("xl/vbaProject.bin") == C.vba_project()
        assert dst.read("xl/macrosheets/sheet1.xml") == src.read("xl/macrosheets/sheet1.xml")
        wb = dst.read("xl/workbook.xml").decode()
        assert "_xlnm.Auto_Open" in wb and 'name="Makro1"' in wb
        ct = dst.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in ct
    assert not C.MACRO_MARKER.exists()


def test_long_text_fits_excel_cells_cli(corpus: Corpus) -> None:
    """A 100,000-character name reaches the reports cut to Excel's 32,767-character cell limit."""
    run = corpus.run(C.BY_NAME["teks_sangat_panjang"])
    strings = output_strings(Path(run.hasil.keluaran))
    assert any(len(s) > 1000 for s in strings)  # the long text did reach the reports
    assert max(len(s) for s in strings) <= EXCEL_MAX_CHARS


def test_formula_without_saved_result_is_explained(corpus: Corpus) -> None:
    res = corpus.run(C.BY_NAME["rumus_tanpa_nilai_tersimpan"]).hasil
    at_j4 = [t for t in res.temuan if t.lokasi == C.sel("realisasi", "realisasi")]
    assert at_j4 and all("rumus" in t.pesan.lower() for t in at_j4), [t.pesan for t in at_j4]


def test_no_secret_from_external_entity(corpus: Corpus) -> None:
    run = corpus.run(C.BY_NAME["xxe_berkas_lokal"])
    assert run.hasil.galat_berkas and "root:" not in run.hasil.galat_berkas
    assert not (run.out / "xxe_berkas_lokal.xlsx").exists()


# --- 6. the button ----------------------------------------------------------------------------

try:  # the button and its test helper (tests/remote_payload.py) may not exist in every checkout
    from tests.remote_payload import (
        VALUE_WRITES,
        Formula,
        formulas_like_windows,
        open_book,
        payload_from_xlsx,
        replay,
    )
    from xl_lkip.excel import button

    BUTTON = ""
except ImportError as exc:  # pragma: no cover - reported as a skip reason
    BUTTON = f"button path not available: {exc}"


@pytest.fixture
def remote(remote_books: list[Any]) -> list[Any]:
    return remote_books


def press(payload: dict[str, Any], opened: list[Any]) -> list[dict[str, Any]]:
    import xl_lkip

    book = open_book(payload)
    opened.append(book)
    with formulas_like_windows():
        assert xl_lkip.main() is None
    return book.json()["actions"]


def button_param(case: Case) -> Any:
    marks = []
    if case.tombol is None:
        marks.append(pytest.mark.skip(reason=case.tombol_alasan))
    elif case.bug_tombol:
        marks.append(pytest.mark.xfail(strict=True, reason=case.bug_tombol))
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.skipif(bool(BUTTON), reason=BUTTON or "-")
@pytest.mark.parametrize("case", [button_param(c) for c in CASES])
def test_button(case: Case, corpus: Corpus, remote: list[Any]) -> None:
    path = corpus.path(case)
    cli = corpus.run(case).hasil
    if case.outcome == TOLAK:
        # a file the reader refuses cannot become the payload Excel would send: the refusal
        # is the reader's own message, the same one the CLI prints
        with pytest.raises(BerkasError) as err:
            payload_from_xlsx(path)
        assert err.value.pesan == cli.galat_berkas
        return
    payload = payload_from_xlsx(path)
    actions = press(payload, remote)
    alerts = [a["args"] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1, [a["func"] for a in actions]
    prompt, title, _buttons, mode, _cb = alerts[0]
    assert title == button.JUDUL
    assert is_indonesian(prompt), prompt
    assert "Kesalahan tak terduga" not in prompt, prompt
    if case.tombol == "critical":
        assert mode == "critical", prompt
        for phrase in case.tombol_pesan:
            assert phrase in prompt, prompt
        return
    assert mode == "info", prompt
    assert prompt.startswith("Laporan diperbarui"), prompt
    for a in actions:  # input text goes out as text: every string value is apostrophe-quoted
        if a["func"] == "setValues":
            for row in a["values"]:
                for v in row:
                    assert not isinstance(v, str) or v == "" or v.startswith("'"), v
        elif a["func"] in VALUE_WRITES:
            for row in a["values"]:
                for v in row:
                    assert not isinstance(v, str) or v == "" or v.startswith(("'", '=HYPERLINK("#')), v
    result = replay(payload, actions)
    cells = [v for s in schema.REPORT_SHEETS for row in result.sheet_grid(s) for v in row]
    assert not any(isinstance(v, Formula) for v in cells)


@pytest.mark.skipif(bool(BUTTON), reason=BUTTON or "-")
def test_button_injection_strings_stay_text(corpus: Corpus, remote: list[Any]) -> None:
    payload = payload_from_xlsx(corpus.path(C.BY_NAME["injeksi_rumus"]))
    result = replay(payload, press(payload, remote))
    cells = [v for s in schema.REPORT_SHEETS for row in result.sheet_grid(s) for v in row]
    texts = [v for v in cells if isinstance(v, str)]
    for key in ("hyperlink", "dde", "at", "plus", "minus", "kutip"):
        assert any(C.INJEKSI[key] in v for v in texts), key


@pytest.mark.skipif(bool(BUTTON), reason=BUTTON or "-")
def test_long_text_fits_excel_cells_button(corpus: Corpus, remote: list[Any]) -> None:
    """Excel refuses a whole block write holding a cell over 32,767 characters."""
    payload = payload_from_xlsx(corpus.path(C.BY_NAME["teks_sangat_panjang"]))
    actions = press(payload, remote)
    lengths = [len(v) for a in actions if a["func"] in VALUE_WRITES and isinstance(a["values"], list)
               for row in a["values"] for v in row if isinstance(v, str)]
    assert max(lengths) > 1000
    assert max(lengths) <= EXCEL_MAX_CHARS + 1  # + the apostrophe that keeps it text
