"""macros/lite/main.py under the machinery xlwings Lite runs (XLWINGS_ON_SERVER), on Linux."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ["CAPAIAN", "KATEGORI", "SERAPAN", "EFISIENSI", "ANGKA"]
REQUIRED += [f"{name}_ALASAN" for name in REQUIRED]


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from factory import clean_workbook

    from xl_lkip.files.examples import build_example

    folder = tmp_path_factory.mktemp("lite")
    data = sorted(p for p in (ROOT / "workbooks" / "data").glob("*")
                  if (p / "identitas.csv").exists())
    workbook = (build_example(data[0], folder / f"{data[0].name}.xlsx") if data
                else clean_workbook(folder / "contoh.xlsx", n=8))
    out = folder / "lite.json"
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    res = subprocess.run([sys.executable, str(ROOT / "tests" / "lite_run.py"), str(workbook),
                          str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_function_is_listed_with_indonesian_help(lite: dict) -> None:
    functions = {f["name"]: f for f in lite["meta"]["functions"]}
    assert set(REQUIRED) <= set(functions)
    for name in REQUIRED:
        f = functions[name]
        assert f["description"] and "Python function" not in f["description"], name
        assert len(f["description"]) <= 255, name
        for p in f["parameters"]:
            assert not p["description"].startswith("Positional argument"), (name, p["name"])
    assert "galat" in functions["CAPAIAN_ALASAN"]["description"]
    assert "Capaian kinerja dalam persen" in functions["CAPAIAN"]["description"]
    assert [p.get("optional", False) for p in functions["CAPAIAN"]["parameters"]] == \
        [False, False, True, True]


def test_a_column_is_computed_with_real_error_values(lite: dict) -> None:
    from xl_lkip.core.arithmetic import capaian

    (a,), (b,), (c,), (d,) = lite["capaian"]
    assert a == pytest.approx(capaian(80, 85)) and b == pytest.approx(capaian(90, "72,5", "negatif"))
    assert c == {"type": "Error", "errorType": "Div0"}  # target 0: Excel's #DIV/0!
    assert d == ""  # a row not filled in yet stays empty


def test_the_script_regenerates_like_the_cli(lite: dict) -> None:
    """Every report table equals the CLI's. Office.js sends no formulas, so the Pemeriksaan
    sheet may list fewer formula findings; the message says so (as for the button)."""
    assert sorted(s["function_name"] for s in lite["scripts"]) == ["buat_draf_word", "perbarui_laporan"]
    (prompt, _title, _buttons, mode), = lite["alerts"]
    assert mode == "info" and prompt.startswith("Laporan diperbarui: "), prompt
    assert "tidak memberikan teks rumus" in prompt
    tables = {s: d for s, d in lite["sheets"].items() if s != "Pemeriksaan"}
    assert len(tables) >= 5
    for sheet, diff in tables.items():
        assert not diff, (sheet, diff)


def test_the_second_script_writes_the_word_draft_for_download(lite: dict) -> None:
    """buat_draf_word writes NAMA.docx into Lite's Import/Export folder and touches no cell."""
    (prompt, title, _buttons, mode), = lite["draft_alerts"]
    assert mode == "info" and title == "xl-lkip: Draf Word", prompt
    (name,) = lite["draft_files"]
    assert name.endswith(".docx") and "draf ditulis ke" in prompt and name in prompt
    assert lite["draft_value_writes"] == 0
