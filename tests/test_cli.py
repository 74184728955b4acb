"""The command line: exit codes, JSON, batches with broken files, Indonesian help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import clean_workbook
from xl_lkip.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_lkip.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_version_and_help() -> None:
    res = run_cli("--version")
    assert res.returncode == 0 and res.stdout.startswith("xl-lkip ")
    res = run_cli("--help")
    assert res.returncode == 0
    assert "perbarui" in res.stdout and "periksa" in res.stdout and "Kode keluar" in res.stdout
    res = run_cli("perbarui", "--help")
    assert "--keluaran" in res.stdout and "cadangan" in res.stdout


def test_clean_workbook_exit_0_and_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    wb = clean_workbook(tmp_path / "bersih.xlsx")
    assert main(["periksa", str(wb), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["berkas"][0]["galat"] == 0 and out["berkas"][0]["temuan"] == []


def test_galat_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    def typo(rows: list[dict]) -> None:
        rows[0]["capaian"] = 117.8  # typed in place of the formula, and wrong

    wb = clean_workbook(tmp_path / "salah.xlsx", realisasi=typo)
    assert main(["periksa", str(wb), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    kinds = {(t["aturan"][:3], t["lokasi"]) for t in out["berkas"][0]["temuan"]}
    assert ("K01", "Realisasi!K4") in kinds


def test_batch_with_broken_file_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    for i in range(3):
        clean_workbook(folder / f"dinas{i}.xlsx")
    (folder / "rusak.xlsx").write_bytes(b"bukan zip")
    before = (folder / "rusak.xlsx").read_bytes()
    res = run_cli("perbarui", str(folder), "--keluaran", str(tmp_path / "hasil"), "--proses", "2")
    assert res.returncode == 2, res.stderr
    assert "rusak.xlsx" in res.stderr and "bukan berkas Excel" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert sorted(p.name for p in (tmp_path / "hasil").iterdir()) == [
        "dinas0.xlsx", "dinas1.xlsx", "dinas2.xlsx"]
    assert "Ringkasan" in res.stdout
    assert (folder / "rusak.xlsx").read_bytes() == before


def test_templat_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert main(["templat", str(target)]) == 0
    first = target.read_bytes()
    assert main(["templat", str(target)]) == 2
    assert target.read_bytes() == first


def test_missing_file(tmp_path: Path) -> None:
    res = run_cli("periksa", str(tmp_path / "tidak-ada.xlsx"))
    assert res.returncode == 2 and "tidak ditemukan" in res.stderr
