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


def _last_year(tmp_path: Path, name: str = "2019.xlsx") -> Path:
    from tests.factory import IDENTITAS, clean_rows
    from xl_lkip.files.template import build_workbook

    rows = clean_rows(2)
    for r in rows["realisasi"]:
        r["realisasi"] = r["target"] - 1.0  # this year's file says N-1 = target - 1
        r["realisasi_n1"] = r["target"] - 3.0  # = this year's N-2
        r["realisasi_n2"] = None  # this year's file has no N-3 to compare with
    for r in rows["realisasi"]:
        q = r["realisasi"] / 4
        r.update(tw1=q, tw2=q, tw3=q, tw4=q)
    return build_workbook(tmp_path / name, dict(IDENTITAS, tahun=2019), rows)


def test_tahun_lalu_matches(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    prev = _last_year(tmp_path)
    wb = clean_workbook(tmp_path / "2020.xlsx")
    assert main(["periksa", str(wb), "--tahun-lalu", str(prev), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["berkas"][0]["temuan"] == []


def test_tahun_lalu_differs_via_identitas_link(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from tests.factory import IDENTITAS, clean_rows
    from xl_lkip.files.template import build_workbook

    _last_year(tmp_path)
    rows = clean_rows(2)
    rows["realisasi"][0]["realisasi_n1"] = 50.0
    wb = build_workbook(tmp_path / "2020.xlsx", dict(IDENTITAS, berkas_tahun_lalu="2019.xlsx"), rows)
    assert main(["periksa", str(wb), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)["berkas"][0]["temuan"]
    k13 = [t for t in found if t["aturan"].startswith("K13")]
    assert k13 and k13[0]["lokasi"].startswith("Realisasi!") and k13[0]["ditemukan"] == 50.0


def test_tahun_lalu_missing_file(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path / "2020.xlsx")
    res = run_cli("periksa", str(wb), "--tahun-lalu", str(tmp_path / "tidak-ada.xlsx"))
    assert res.returncode == 2 and "tahun lalu" in res.stderr


def test_addin_status_on_linux_says_what_is_missing() -> None:
    res = run_cli("addin", "status")
    assert res.returncode != 0 or "[OK]" in res.stdout
    assert "Traceback" not in res.stdout + res.stderr
    assert (res.stdout + res.stderr).strip()
