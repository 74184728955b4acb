"""The package as xlwings Lite installs it: a pure-Python wheel whose core needs nothing.

Builds the wheel from a copy of the sources (`python -m build`), installs it with --no-deps
into a clean virtual environment, imports every core module there, and checks that every
dependency is a pure-Python wheel or one Pyodide ships itself.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Built for WebAssembly by Pyodide (or shipped with xlwings Lite itself): need not be pure.
PYODIDE_SHIPS = {"numpy", "pandas", "lxml", "xlwings"}

CORE_CHECK = """
import importlib, pkgutil, sys
import xl_lkip.core as core
before = set(sys.modules)
for info in pkgutil.walk_packages(core.__path__, "xl_lkip.core."):
    importlib.import_module(info.name)
from xl_lkip.core.arithmetic import capaian
assert round(capaian(80, "85"), 4) == 106.25
assert "numpy" not in sys.modules, "core imports numpy eagerly"
third = sorted({m.split(".")[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names)
               - {"xl_lkip"})
print("OK", third)
"""


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "xl_lkip", src / "xl_lkip",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    res = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp / "dist"),
                          str(src)], capture_output=True, text=True, timeout=240)
    output = res.stdout[-2000:] + res.stderr[-2000:]
    if res.returncode and "Could not find a version that satisfies" in output:
        pytest.skip("the build backend (setuptools) cannot be downloaded here")
    assert res.returncode == 0, output
    (found,) = (tmp / "dist").glob("*.whl")
    return found


def test_the_wheel_is_pure_python_and_carries_the_addin(wheel: Path) -> None:
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        wheel_info = next(n for n in names if n.endswith(".dist-info/WHEEL"))
        assert "Root-Is-Purelib: true" in z.read(wheel_info).decode()
    assert "xl_lkip/data/xl_lkip.xlam" in names
    assert "xl_lkip/excel/udfs.py" in names and "xl_lkip/addin/install.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dll"))]


def test_core_imports_need_nothing_in_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    res = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                          "--no-deps", "--no-index", "--quiet", str(wheel)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    res = subprocess.run([str(python), "-c", CORE_CHECK], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.strip() == "OK []"


def test_every_dependency_is_pure_python_or_shipped_by_pyodide(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")))
    todo = [line.split(":", 1)[1].strip() for line in meta.decode().splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line]
    seen: set[str] = set()
    impure: list[str] = []
    while todo:
        name = _norm(re.split(r"[\s;<>=!~\[(]", todo.pop(), maxsplit=1)[0])
        if name in seen or name in PYODIDE_SHIPS:
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        info = dist.read_text("WHEEL") or ""
        if "Root-Is-Purelib: true" not in info:
            impure.append(name)
        todo += [r for r in dist.requires or () if "extra ==" not in r]
    assert not impure, f"not pure Python and not shipped by Pyodide: {impure}"
    assert {"openpyxl", "xlsxwriter", "defusedxml"} <= seen
