"""What the command line prints: Indonesian everywhere (argparse included), a summary that never
cuts a path, findings by severity (at most 30 per file, coloured only in a terminal)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import clean_workbook
from xl_lkip import console
from xl_lkip.cli import _parser, main

# Words argparse prints in English; none may reach the user.
ENGLISH = re.compile(
    r"\b(usage|positional|optional|options|arguments?|show this|help message|exit|error|"
    r"invalid|choice|choose|required|unrecognized|expected|ambiguous|could match|not allowed|"
    r"ignored|explicit|version number|program's|conflicting|unknown)\b", re.IGNORECASE)

BAD_INVOCATIONS = [
    ["foo"],
    ["perbarui"],
    ["periksa"],
    ["dokumen"],
    ["templat"],
    ["addin"],
    ["addin", "hapus"],
    ["periksa", "a.xlsx", "--proses", "dua"],
    ["periksa", "a.xlsx", "--proses", "-1"],
    ["periksa", "a.xlsx", "--tidak-ada"],
    ["periksa", "a.xlsx", "--tahun-lalu"],
    ["periksa", "a.xlsx", "--json=ya"],
    ["perbarui", "a.xlsx", "--t", "x"],  # ambiguous: --tahun-lalu or --tanpa-cadangan
    ["--tidak-ada"],
]


def _run_main(args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    out = capsys.readouterr()
    return code, out.out + out.err


def _subcommands() -> list[str]:
    p = _parser()
    action = next(a for a in p._actions if a.dest == "perintah")
    return list(action.choices)


def test_help_of_every_command_is_indonesian(capsys: pytest.CaptureFixture) -> None:
    names = _subcommands()
    assert {"perbarui", "periksa", "templat", "addin", "dokumen"} <= set(names)
    for args in [["--help"], ["-h"]] + [[name, "--help"] for name in names]:
        code, text = _run_main(args, capsys)
        assert code == 0, args
        assert text.startswith("Penggunaan: xl-lkip"), (args, text[:80])
        assert "tampilkan bantuan ini lalu keluar" in text
        assert not ENGLISH.search(text), (args, ENGLISH.search(text), text)


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=" ".join)
def test_wrong_command_is_answered_in_indonesian(args: list[str],
                                                 capsys: pytest.CaptureFixture) -> None:
    code, text = _run_main(args, capsys)
    assert code == 2
    assert "Penggunaan: xl-lkip" in text and "--help" in text
    assert not ENGLISH.search(text), (ENGLISH.search(text), text)
    assert "Traceback" not in text


def test_wrong_command_in_a_real_process() -> None:
    res = subprocess.run([sys.executable, "-m", "xl_lkip.cli", "perbarui"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2
    assert "argumen berikut wajib diisi: BERKAS" in res.stderr
    assert not ENGLISH.search(res.stdout + res.stderr)


@pytest.mark.parametrize("name", ["laporan", "laporan.xls", "laporan.csv", "laporan.xlsm"])
def test_templat_refuses_a_name_that_is_not_xlsx(tmp_path: Path, name: str,
                                                 capsys: pytest.CaptureFixture) -> None:
    code, text = _run_main(["templat", str(tmp_path / name)], capsys)
    assert code == 2
    assert ".xlsx" in text and name in text
    assert not (tmp_path / name).exists()


def test_missing_tahun_lalu_is_about_that_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    wb = clean_workbook(tmp_path / "2020.xlsx")
    before = wb.read_bytes()
    missing = tmp_path / "2019-tidak-ada.xlsx"
    code, text = _run_main(["perbarui", str(wb), "--tahun-lalu", str(missing)], capsys)
    assert code == 2
    assert "tahun lalu" in text and str(missing) in text and "--tahun-lalu" in text
    assert "2020.xlsx" not in text  # the workbook itself is not blamed
    assert "tidak terbaca" not in text
    assert wb.read_bytes() == before


def _galat_workbook(path: Path, n: int = 2) -> Path:
    def typo(rows: list[dict]) -> None:
        for r in rows:
            r["capaian"] = 117.8  # typed in place of the formula, and wrong

    return clean_workbook(path, n, realisasi=typo)


def _summary(text: str) -> list[str]:
    return text[text.index("Ringkasan xl-lkip"):].splitlines()


def test_summary_never_cuts_the_output_path(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    deep = tmp_path / ("folder-hasil-dengan-nama-yang-sangat-panjang-" * 3) / "tahun 2020"
    res = subprocess.run([sys.executable, "-m", "xl_lkip.cli", "perbarui", str(wb), "--keluaran",
                          str(deep)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "40"})
    assert res.returncode == 0, res.stderr
    assert f"Hasil ditulis ke: {deep / 'dinas.xlsx'}\n" in res.stdout
    assert (deep / "dinas.xlsx").exists()


def test_batch_summary_total_row_and_dash_for_unreadable(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    clean_workbook(folder / "a-bersih.xlsx")
    _galat_workbook(folder / "b-salah.xlsx")
    (folder / "c-rusak.xlsx").write_bytes(b"bukan zip")
    code, text = _run_main(["periksa", str(folder), "--proses", "1"], capsys)
    assert code == 2
    rows = {line.split()[1]: line.split() for line in _summary(text) if re.match(r"\s*\d+ ", line)}
    assert rows["a-bersih.xlsx"][-2:] == ["0", "0"]
    n_galat = int(rows["b-salah.xlsx"][-2])
    assert n_galat >= 2
    assert rows["c-rusak.xlsx"][-2:] == ["-", "-"]  # not read: no counts, not zero
    total = next(line for line in _summary(text) if "Jumlah (3 berkas)" in line)
    assert total.split()[-2:] == [str(n_galat), rows["b-salah.xlsx"][-1]]
    assert "1 baik" in total and "1 tidak terbaca" in total


def test_batch_says_where_each_files_findings_are(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    for i in range(console.INLINE_FILES):
        clean_workbook(folder / f"bersih{i}.xlsx")
    _galat_workbook(folder / "salah.xlsx")
    out = tmp_path / "hasil"
    code, text = _run_main(["perbarui", str(folder), "--keluaran", str(out), "--proses", "1"],
                           capsys)
    assert code == 1
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if "lembar Pemeriksaan" in line)
    assert f"salah.xlsx: {out / 'salah.xlsx'}" in lines[i + 1]
    assert not any("bersih0.xlsx:" in line for line in lines[i:])  # only files with findings
    assert f"ditulis ke folder: {out}" in text


def test_at_most_30_findings_per_file_and_where_the_rest_is(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    wb = _galat_workbook(tmp_path / "banyak.xlsx", n=40)
    assert main(["periksa", str(wb), "--json"]) == 1
    n_all = len(json.loads(capsys.readouterr().out)["berkas"][0]["temuan"])
    assert n_all > console.BATAS_TEMUAN

    def finding_lines(text: str) -> list[str]:
        return [line for line in text.splitlines() if re.match(r"[A-Z]+ +K\d", line)]

    code, text = _run_main(["periksa", str(wb)], capsys)
    assert code == 1
    assert len(finding_lines(text)) == console.BATAS_TEMUAN
    assert f"{n_all - console.BATAS_TEMUAN} temuan lain tidak ditampilkan" in text
    assert "--semua" in text and "--json" in text and "lembar Pemeriksaan" in text
    code, text = _run_main(["periksa", str(wb), "--semua"], capsys)
    assert len(finding_lines(text)) == n_all and "tidak ditampilkan" not in text
    assert "Semua temuan sudah tampil" in text and "lembar Pemeriksaan" in text
    out = tmp_path / "hasil"
    code, text = _run_main(["perbarui", str(wb), "--keluaran", str(out)], capsys)
    assert len(finding_lines(text)) == console.BATAS_TEMUAN
    assert f"Daftar lengkap temuan: lembar Pemeriksaan di {out / 'banyak.xlsx'}" in text


def _finding(tingkat: str, i: int) -> dict:
    return {"aturan": "K01", "tingkat": tingkat, "teks": f"Realisasi!K{i}: pesan {i}"}


def test_findings_order_and_notices_kept_out_of_counts() -> None:
    mixed = [_finding("catatan", 1), _finding("peringatan", 2), _finding("galat", 3),
             _finding("peringatan", 4), _finding("galat", 5)]
    res = {"berkas": "x.xlsx", "galat_berkas": None, "galat": 2, "peringatan": 3,
           "keluaran": None, "temuan": mixed}
    out = io.StringIO()
    console.print_findings(res, "periksa", out, colour=False)
    order = [line.split()[0] for line in out.getvalue().splitlines() if " K01 " in line]
    assert order == [console.label(t).upper() for t in
                     ("galat", "galat", "peringatan", "peringatan", "catatan")]
    assert console.counts(res) == (2, 2, 1)
    out = io.StringIO()
    console.print_summary([res], "periksa", out, colour=False)
    row = next(line for line in out.getvalue().splitlines() if line.startswith("x.xlsx"))
    assert row.split()[-3:] == ["2", "2", "1"]  # galat, peringatan, then the notices apart


def _galat_run(tmp_path: Path, env: dict[str, str], tty: bool) -> str:
    wb = _galat_workbook(tmp_path / "salah.xlsx")
    cmd = [sys.executable, "-m", "xl_lkip.cli", "periksa", str(wb)]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | env
    if not tty:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env).stdout
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal test")
def test_findings_coloured_in_a_terminal_only(tmp_path: Path) -> None:
    in_terminal = _galat_run(tmp_path, {"TERM": "xterm"}, tty=True)
    word = console.label("galat").upper()
    assert f"\x1b[31m{word}" in in_terminal  # galat in red
    piped = _galat_run(tmp_path, {"TERM": "xterm"}, tty=False)
    assert word in piped and "\x1b[" not in piped
    no_color = _galat_run(tmp_path, {"TERM": "xterm", "NO_COLOR": "1"}, tty=True)
    assert word in no_color and "\x1b[" not in no_color


def test_cli_path_imports_nothing_heavy(tmp_path: Path) -> None:
    """The command a user waits for loads no library it does not use (start-up is most of a
    small workbook's time)."""
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    code = ("import sys; from xl_lkip.cli import main; rc = main(['perbarui', sys.argv[1], "
            "'--keluaran', sys.argv[2]]); print(sorted(sys.modules))")
    res = subprocess.run([sys.executable, "-c", code, str(wb), str(tmp_path / "hasil")],
                         capture_output=True, text=True, timeout=300)
    modules = set(eval(res.stdout.strip().splitlines()[-1]))  # noqa: S307 (our own output)
    loaded = {m.split(".")[0] for m in modules}
    heavy = {"rich", "numpy", "pandas", "openpyxl", "xlsxwriter", "xlwings", "lxml", "email",
             "http", "ssl", "concurrent", "multiprocessing", "asyncio"}
    assert not loaded & heavy, loaded & heavy
    assert "urllib.request" not in modules


def test_files_not_read_show_dashes_not_zeros() -> None:
    results = [
        {"berkas": "/a/bukan-lkjip.xlsx", "galat_berkas": None, "dilewati": "bukan LKjIP",
         "galat": 0, "peringatan": 0, "keluaran": None, "temuan": []},
        {"berkas": "/a/rusak.xlsx", "galat_berkas": "rusak.xlsx: bukan berkas Excel",
         "galat": 0, "peringatan": 0, "keluaran": None, "temuan": []},
        {"berkas": "/a/baik.xlsx", "galat_berkas": None, "galat": 0, "peringatan": 0,
         "keluaran": None, "temuan": []},
    ]
    out = io.StringIO()
    console.print_summary(results, "periksa", out, colour=False)
    rows = {line.split()[1]: line.split() for line in out.getvalue().splitlines()
            if re.match(r"\s*\d+ ", line)}
    assert rows["bukan-lkjip.xlsx"][2:] == ["dilewati", "-", "-"]
    assert rows["rusak.xlsx"][-2:] == ["-", "-"] and rows["baik.xlsx"][-2:] == ["0", "0"]
    assert "rusak.xlsx: bukan berkas Excel" in out.getvalue()


def test_dokumen_command_writes_a_word_draft(tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    wb = clean_workbook(tmp_path / "dinas.xlsx")
    code, text = _run_main(["dokumen", str(wb), "--keluaran", str(tmp_path / "draf")], capsys)
    assert code in (0, 1), text
    assert (tmp_path / "draf" / "dinas.docx").stat().st_size > 0
    code, text = _run_main(["dokumen", str(wb), "--tahun-lalu", str(tmp_path / "tidak.xlsx")],
                           capsys)
    assert code == 2 and "tahun lalu" in text and "dinas.xlsx" not in text
